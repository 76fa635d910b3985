// The rules of programme offers (programmes_rules.cpp), without a database: records built by hand.
// check_offer_target() (exactly one employer or one seeker, within the programme's audience),
// check_offered_employer() and check_offered_seeker() (the office, and the seeker's consent to be
// offered programmes), check_outcome() (what may be recorded after an offer, and from when), each
// refusal with its field, value or message and in the order the rule raises them.
#include "helpers.hpp"

#include "programmes_rules.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

Programme programme(std::string code, ProgrammeAudience audience) {
    Programme p;
    p.meta.id = 2;
    p.office_id = 1;
    p.code = std::move(code);
    p.audience = audience;
    return p;
}

const Programme kBoth = programme("capacitacion", ProgrammeAudience::Both);
const Programme kForSeekers = programme("experiencia_laboral", ProgrammeAudience::Seekers);
const Programme kForEmployers = programme("impulsa_personas", ProgrammeAudience::Employers);

JobSeeker seeker(Id office = 1, std::vector<std::string> scopes = {"intermediation", "programmes"}) {
    JobSeeker s;
    s.meta.id = 7;
    s.office_id = office;
    s.consent_scope = std::move(scopes);
    return s;
}

// Offer 9, made on 2026-11-10.
ProgrammeOffer offer(OfferOutcome outcome = OfferOutcome::Offered) {
    ProgrammeOffer o;
    o.meta.id = 9;
    o.office_id = 1;
    o.programme_id = 2;
    o.seeker_id = 7;
    o.offered_on = Date(2026, 11, 10);
    o.outcome = outcome;
    return o;
}

}  // namespace

TEST_CASE("check_offer_target: a programme for both goes to one employer or one seeker", "[programmes_rules]") {
    CHECK_NOTHROW(detail::check_offer_target(kBoth, Id{3}, std::nullopt));
    CHECK_NOTHROW(detail::check_offer_target(kBoth, std::nullopt, Id{7}));
    CHECK_NOTHROW(detail::check_offer_target(kForEmployers, Id{3}, std::nullopt));
    CHECK_NOTHROW(detail::check_offer_target(kForSeekers, std::nullopt, Id{7}));
}

TEST_CASE("check_offer_target refuses both targets or none", "[programmes_rules]") {
    // Both given: the seeker is the one too many.
    auto e = capture<ValidationError>([] { detail::check_offer_target(kBoth, Id{3}, Id{7}); });
    CHECK(e.field() == "seeker");
    CHECK(e.value().empty());
    CHECK(e.reason() == "a programme is offered to exactly one employer or one seeker");
    // Neither given: the employer (or seeker) is missing.
    e = capture<ValidationError>([] { detail::check_offer_target(kBoth, std::nullopt, std::nullopt); });
    CHECK(e.field() == "employer");
    CHECK(e.value().empty());
    CHECK(e.reason() == "a programme is offered to exactly one employer or one seeker");
    // Checked before the audience, whatever it is.
    CHECK(capture<ValidationError>([] { detail::check_offer_target(kForSeekers, Id{3}, Id{7}); }).field() == "seeker");
    CHECK(capture<ValidationError>([] {
              detail::check_offer_target(kForEmployers, std::nullopt, std::nullopt);
          }).field() == "employer");
}

TEST_CASE("check_offer_target refuses a target outside the programme's audience", "[programmes_rules]") {
    auto e = capture<ValidationError>([] { detail::check_offer_target(kForSeekers, Id{3}, std::nullopt); });
    CHECK(e.field() == "employer");
    CHECK(e.value() == "3");
    CHECK(e.reason() == "programme experiencia_laboral is for seekers");
    e = capture<ValidationError>([] { detail::check_offer_target(kForEmployers, std::nullopt, Id{7}); });
    CHECK(e.field() == "seeker");
    CHECK(e.value() == "7");
    CHECK(e.reason() == "programme impulsa_personas is for employers");
}

TEST_CASE("check_offered_employer: the employer must belong to the office", "[programmes_rules]") {
    Employer acme;
    acme.meta.id = 3;
    acme.office_id = 1;
    CHECK_NOTHROW(detail::check_offered_employer(acme, 1));
    const auto e = capture<ValidationError>([&] { detail::check_offered_employer(acme, 2); });
    CHECK(e.field() == "employer");
    CHECK(e.value() == "3");
    CHECK(e.reason() == "belongs to another office");
}

TEST_CASE("check_offered_seeker: the office's seeker, with consent to be offered programmes", "[programmes_rules]") {
    CHECK_NOTHROW(detail::check_offered_seeker(seeker(), 1));
    CHECK_NOTHROW(detail::check_offered_seeker(seeker(1, {"programmes"}), 1));

    auto e = capture<ValidationError>([] { detail::check_offered_seeker(seeker(2), 1); });
    CHECK(e.field() == "seeker");
    CHECK(e.value() == "7");
    CHECK(e.reason() == "is registered at another office");

    for (const auto& scopes :
         std::vector<std::vector<std::string>>{{"intermediation"}, {"contact", "intermediation", "statistics"}, {}}) {
        INFO(scopes.size() << " scopes");
        CHECK(capture<Conflict>([&] { detail::check_offered_seeker(seeker(1, scopes), 1); }).what() ==
              std::string("job seeker 7 has not consented to be offered programmes"));
    }
    // The office is checked before the consent.
    CHECK(capture<ValidationError>([] { detail::check_offered_seeker(seeker(2, {"contact"}), 1); }).field() ==
          "seeker");
}

TEST_CASE("check_outcome: declined, accepted or enrolled, from the offer's day", "[programmes_rules]") {
    // Offered on 2026-11-10: any outcome but offered from that day on.
    for (auto outcome : {OfferOutcome::Declined, OfferOutcome::Accepted, OfferOutcome::Enrolled}) {
        INFO(to_string(outcome));
        CHECK_NOTHROW(detail::check_outcome(offer(), outcome, Date(2026, 11, 20)));
        CHECK_NOTHROW(detail::check_outcome(offer(), outcome, Date(2026, 11, 10)));  // the same day
    }
    // Accepted is not final: it may then be enrolled in or declined.
    for (auto outcome : {OfferOutcome::Enrolled, OfferOutcome::Declined}) {
        INFO(to_string(outcome));
        CHECK_NOTHROW(detail::check_outcome(offer(OfferOutcome::Accepted), outcome, Date(2026, 11, 20)));
    }
}

TEST_CASE("check_outcome refuses offered, a final offer, and a day before the offer", "[programmes_rules]") {
    // Offered is set when the offer is made, never recorded as an outcome.
    auto e =
        capture<ValidationError>([] { detail::check_outcome(offer(), OfferOutcome::Offered, Date(2026, 11, 20)); });
    CHECK(e.field() == "outcome");
    CHECK(e.value() == "offered");
    CHECK(e.reason() == "record declined, accepted or enrolled");

    // Declined and enrolled are final.
    for (auto final : {OfferOutcome::Declined, OfferOutcome::Enrolled})
        for (auto outcome : {OfferOutcome::Declined, OfferOutcome::Accepted, OfferOutcome::Enrolled}) {
            INFO(to_string(final) << " then " << to_string(outcome));
            CHECK(capture<Conflict>([&] { detail::check_outcome(offer(final), outcome, Date(2026, 11, 20)); }).what() ==
                  "offer 9 is already " + std::string(to_string(final)));
        }

    // The day before the offer (2026-11-10).
    e = capture<ValidationError>([] { detail::check_outcome(offer(), OfferOutcome::Accepted, Date(2026, 11, 9)); });
    CHECK(e.field() == "on");
    CHECK(e.value() == "2026-11-09");
    CHECK(e.reason() == "is before the offer (2026-11-10)");

    // The order: offered first, then a final offer, then the day.
    CHECK(capture<ValidationError>([] {
              detail::check_outcome(offer(OfferOutcome::Enrolled), OfferOutcome::Offered, Date(2026, 11, 9));
          }).field() == "outcome");
    CHECK(contains(capture<Conflict>([] {
                       detail::check_outcome(offer(OfferOutcome::Declined), OfferOutcome::Accepted, Date(2026, 11, 9));
                   }).what(),
                   "already declined"));
}
