// The closed list of purposes for reading personal data (purposes.hpp), without a database:
// parse_purpose() ("code" or "code: detail"), what each purpose needs of the consent
// (consent_scope_needed(), refusal()) and its description for documents.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;
using Scopes = std::vector<std::string>;

TEST_CASE("a purpose is a code from the list, with a detail after a colon", "[purposes]") {
    const StatedPurpose p = parse_purpose("intermediation: derivación a la vacante 12");
    CHECK(p.purpose == Purpose::Intermediation);
    CHECK(p.detail == "derivación a la vacante 12");
    CHECK(p.text() == "intermediation: derivación a la vacante 12");
    // The code alone; surrounding spaces and case do not matter, the text is written canonically.
    CHECK(parse_purpose("contact").purpose == Purpose::Contact);
    CHECK(parse_purpose("contact").detail.empty());
    CHECK(parse_purpose("contact").text() == "contact");
    CHECK(parse_purpose("  Programmes :  taller de apresto ").text() == "programmes: taller de apresto");
    CHECK(parse_purpose("data_subject_request: acceso, folio 3").purpose == Purpose::DataSubjectRequest);
    CHECK(parse_purpose("register_transfer").purpose == Purpose::RegisterTransfer);
    // The detail is free text: a colon in it is kept.
    CHECK(parse_purpose("legal_obligation: Ley 21.719, art. 14: fiscalización").detail ==
          "Ley 21.719, art. 14: fiscalización");
    // Every code of the list parses to its own value.
    for (std::size_t i = 0; i < enum_names<Purpose>().size(); ++i) {
        const std::string code(enum_names<Purpose>()[i]);
        const std::string text = code + (code == "legal_obligation" ? ": informe a la Agencia" : "");
        CHECK(static_cast<std::size_t>(parse_purpose(text).purpose) == i);
    }
}

TEST_CASE("free text, an unknown code or no purpose at all is refused, naming purpose and the list", "[purposes]") {
    for (const std::string text : {"", "   ", "Citar a entrevista", "marketing: boletín", ": sin código",
                                   "intermediation derivación sin dos puntos"}) {
        INFO(text);
        const auto e = capture<ValidationError>([&] { parse_purpose(text); });
        CHECK(e.field() == "purpose");
        CHECK(e.value() == text);
        CHECK(contains(e.what(),
                       "must begin with one of: intermediation, programmes, contact, "
                       "data_subject_request, legal_obligation, register_transfer"));
    }
}

TEST_CASE("legal_obligation must say which obligation", "[purposes]") {
    for (const char* text : {"legal_obligation", "legal_obligation:", "legal_obligation:   "}) {
        const auto e = capture<ValidationError>([&] { parse_purpose(text); });
        CHECK(e.field() == "purpose");
        CHECK(contains(e.reason(), "naming the obligation"));
    }
    CHECK(parse_purpose("legal_obligation: oficio del juzgado").detail == "oficio del juzgado");
}

TEST_CASE("each purpose needs its consent scope, or none for the legal bases", "[purposes]") {
    CHECK(consent_scope_needed(Purpose::Intermediation) == "intermediation");
    CHECK(consent_scope_needed(Purpose::Programmes) == "programmes");
    CHECK(consent_scope_needed(Purpose::Contact) == "contact");
    CHECK_FALSE(consent_scope_needed(Purpose::DataSubjectRequest).has_value());
    CHECK_FALSE(consent_scope_needed(Purpose::LegalObligation).has_value());
    CHECK_FALSE(consent_scope_needed(Purpose::RegisterTransfer).has_value());
}

TEST_CASE("a reading is refused when the consent does not cover its purpose, saying what it covers", "[purposes]") {
    const Scopes stats{"statistics"};
    const Scopes both{"intermediation", "programmes"};
    CHECK_FALSE(refusal(Purpose::Intermediation, both).has_value());
    CHECK_FALSE(refusal(Purpose::Programmes, both).has_value());
    CHECK(refusal(Purpose::Contact, both) == "the consent covers intermediation, programmes, not contact");
    CHECK(refusal(Purpose::Intermediation, stats) == "the consent covers statistics, not intermediation");
    // The legal bases do not depend on consent.
    CHECK_FALSE(refusal(Purpose::DataSubjectRequest, stats).has_value());
    CHECK_FALSE(refusal(Purpose::LegalObligation, stats).has_value());
    CHECK_FALSE(refusal(Purpose::DataSubjectRequest, {}).has_value());
    // A register transfer carries the seekers whose consent goes beyond statistics.
    CHECK_FALSE(refusal(Purpose::RegisterTransfer, Scopes{"contact"}).has_value());
    CHECK_FALSE(refusal(Purpose::RegisterTransfer, Scopes{"contact", "statistics"}).has_value());
    CHECK(refusal(Purpose::RegisterTransfer, stats) ==
          "the consent covers statistics, which a register transfer does not serve");
}

TEST_CASE("under a blocking or opposition only the person's request and the law reach the data", "[purposes]") {
    CHECK(allowed_while_restricted(Purpose::DataSubjectRequest));
    CHECK(allowed_while_restricted(Purpose::LegalObligation));
    for (const auto p : {Purpose::Intermediation, Purpose::Programmes, Purpose::Contact, Purpose::RegisterTransfer})
        CHECK_FALSE(allowed_while_restricted(p));
}

TEST_CASE("every purpose has a description in Spanish for documents", "[purposes]") {
    CHECK(describe(Purpose::Intermediation).starts_with("Intermediación laboral"));
    CHECK(describe(Purpose::DataSubjectRequest).starts_with("Solicitud del titular"));
    for (std::size_t i = 0; i < enum_names<Purpose>().size(); ++i) CHECK_FALSE(describe(Purpose(i)).empty());
    CHECK(describe(Purpose(99)).empty());
}
