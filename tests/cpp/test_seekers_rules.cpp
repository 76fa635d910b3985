// The rules of job seekers' consent (seekers_rules.cpp), without a database:
// normalize_consent_scopes() (the public spelling of the six scopes, sorted, each once, or
// ValidationError naming consent_scope and the first value it does not know) and
// detail::has_scope() (whether normalised scopes cover one scope) and detail::appearance_lapse()
// (why an appearance in outreach material is no longer covered).
#include "helpers.hpp"

#include "seekers_rules.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;
using Scopes = std::vector<std::string>;

TEST_CASE("consent scopes are normalised: case, spaces, order and repeats", "[seekers_rules]") {
    CHECK(normalize_consent_scopes({"intermediation"}) == Scopes{"intermediation"});
    // Sorted by name whatever the order given.
    CHECK(normalize_consent_scopes({"statistics", "programmes", "intermediation", "contact"}) ==
          Scopes{"contact", "intermediation", "programmes", "statistics"});
    // Case ignored, surrounding blanks trimmed.
    CHECK(normalize_consent_scopes({" Programmes ", "CONTACT"}) == Scopes{"contact", "programmes"});
    // A scope given twice (even spelled differently) is kept once.
    CHECK(normalize_consent_scopes({"contact", "Contact", " contact"}) == Scopes{"contact"});
    CHECK(normalize_consent_scopes({"statistics", "intermediation", "statistics"}) ==
          Scopes{"intermediation", "statistics"});
    // Nothing in, nothing out: the repository refuses an empty consent, not this rule.
    CHECK(normalize_consent_scopes({}).empty());
}

TEST_CASE("an unknown consent scope is refused, naming it and listing the four", "[seekers_rules]") {
    auto e = capture<ValidationError>([] { normalize_consent_scopes({"contact", "marketing"}); });
    CHECK(e.field() == "consent_scope");
    CHECK(e.value() == "marketing");
    CHECK(e.reason() == "expected one of intermediation, programmes, contact, statistics, image, testimonial");
    CHECK(contains(e.what(), "invalid consent_scope \"marketing\""));
    // The first unknown one is named, as it was given (untrimmed).
    e = capture<ValidationError>([] { normalize_consent_scopes({" Spam ", "marketing"}); });
    CHECK(e.value() == " Spam ");
    // An empty scope and a near miss are refused too ('-' reads as '_', which no scope has).
    CHECK(capture<ValidationError>([] { normalize_consent_scopes({""}); }).value().empty());
    CHECK(capture<ValidationError>([] { normalize_consent_scopes({"inter-mediation"}); }).value() == "inter-mediation");
    CHECK(capture<ValidationError>([] { normalize_consent_scopes({"programme"}); }).field() == "consent_scope");
}

TEST_CASE("has_scope: whether the normalised consent covers a scope", "[seekers_rules]") {
    const Scopes given = normalize_consent_scopes({"Intermediation", "statistics"});
    CHECK(detail::has_scope(given, "intermediation"));
    CHECK(detail::has_scope(given, "statistics"));
    CHECK_FALSE(detail::has_scope(given, "programmes"));
    CHECK_FALSE(detail::has_scope(given, "contact"));
    CHECK_FALSE(detail::has_scope({}, "intermediation"));
    // It compares as given: scopes are normalised before they are stored, not here.
    CHECK_FALSE(detail::has_scope({"Programmes"}, "programmes"));
    CHECK_FALSE(detail::has_scope({"programmes"}, "programme"));
}

TEST_CASE("an appearance in outreach material lapses with the consent that covered it", "[seekers_rules]") {
    CHECK(normalize_consent_scopes({"testimonial", "image", "contact"}) ==
          std::vector<std::string>{"contact", "image", "testimonial"});
    CHECK_FALSE(detail::appearance_lapse("image", Scopes{"contact", "image"}, false).has_value());
    const auto narrower = detail::appearance_lapse("image", Scopes{"contact", "intermediation"}, false);
    REQUIRE(narrower.has_value());
    CHECK(contains(*narrower, "does not cover image"));
    CHECK(contains(*narrower, "contact, intermediation"));
    CHECK(contains(*detail::appearance_lapse("testimonial", Scopes{"image"}, false), "does not cover testimonial"));
    CHECK(contains(*detail::appearance_lapse("image", Scopes{"image"}, true), "was erased"));
}
