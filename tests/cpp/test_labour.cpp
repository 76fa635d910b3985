// Labour values: education levels, employment types, shifts, driving licences and skills.
#include "helpers.hpp"

#include "omilcrm/labour.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("Education levels round-trip through their names, in increasing order", "[labour]") {
    const EducationLevel all[] = {EducationLevel::None,        EducationLevel::Primary,
                                  EducationLevel::Secondary,   EducationLevel::TechnicalSecondary,
                                  EducationLevel::Technical,   EducationLevel::University,
                                  EducationLevel::Postgraduate};
    for (auto e : all) CHECK(parse_enum<EducationLevel>(to_string(e)) == e);
    CHECK(to_string(EducationLevel::TechnicalSecondary) == "technical_secondary");
    CHECK(EducationLevel::Secondary < EducationLevel::Technical);
    CHECK(EducationLevel::University < EducationLevel::Postgraduate);
}

TEST_CASE("Enum names are read ignoring case, with '-' and ' ' as '_'", "[labour]") {
    CHECK(parse_enum<EducationLevel>("Technical Secondary") == EducationLevel::TechnicalSecondary);
    CHECK(parse_enum<EducationLevel>(" technical-secondary ") == EducationLevel::TechnicalSecondary);
    CHECK(parse_enum<EmploymentType>("FULL-TIME") == EmploymentType::FullTime);
    CHECK(parse_enum<EmploymentType>("part time") == EmploymentType::PartTime);
    CHECK(parse_enum<Shift>("Night") == Shift::Night);
    CHECK(parse_enum<Shift>("ROTATING") == Shift::Rotating);
}

TEST_CASE("Employment types and shifts round-trip, schema.org names are upper case", "[labour]") {
    const EmploymentType types[] = {EmploymentType::FullTime,   EmploymentType::PartTime, EmploymentType::Temporary,
                                    EmploymentType::Contractor, EmploymentType::Intern,   EmploymentType::Other};
    for (auto t : types) CHECK(parse_enum<EmploymentType>(to_string(t)) == t);
    CHECK(to_string(EmploymentType::FullTime) == "full_time");
    CHECK(schema_org_name(EmploymentType::FullTime) == "FULL_TIME");
    CHECK(schema_org_name(EmploymentType::PartTime) == "PART_TIME");
    CHECK(schema_org_name(EmploymentType::Intern) == "INTERN");
    const Shift shifts[] = {Shift::Day,      Shift::Afternoon, Shift::Night,
                            Shift::Rotating, Shift::Weekend,   Shift::Flexible};
    for (auto s : shifts) CHECK(parse_enum<Shift>(to_string(s)) == s);
    CHECK(to_string(Shift::Afternoon) == "afternoon");
}

TEST_CASE("Unknown enum names are refused naming the field, the value and the accepted names", "[labour]") {
    auto e = capture<ValidationError>([] { parse_enum<EducationLevel>("doctorate"); });
    CHECK(e.field() == "education");
    CHECK(e.value() == "doctorate");
    CHECK(contains(e.what(), "technical_secondary"));
    CHECK(contains(e.what(), "postgraduate"));

    e = capture<ValidationError>([] { parse_enum<EmploymentType>("freelance", "vacancies[3].employment_type"); });
    CHECK(e.field() == "vacancies[3].employment_type");
    CHECK(contains(e.what(), "full_time, part_time, temporary, contractor, intern, other"));

    e = capture<ValidationError>([] { parse_enum<Shift>("morning"); });
    CHECK(e.field() == "shift");
    CHECK(e.value() == "morning");
    CHECK(contains(e.what(), "day, afternoon, night, rotating, weekend, flexible"));
}

TEST_CASE("Licence classes are normalised whatever the case, spaces or dashes", "[labour]") {
    for (const char* text : {"A2", "a2", "A-2", " A 2 ", "a-2", "clase A2", "Clase a-2", "A.2"}) {
        INFO(text);
        CHECK(normalize_licence(text) == "A2");
    }
    CHECK(normalize_licence("b") == "B");
    CHECK(normalize_licence("clase B") == "B");
    CHECK(normalize_licence(" d ") == "D");
    for (const char* c : {"A1", "A2", "A3", "A4", "A5", "B", "C", "D", "E", "F"}) CHECK(normalize_licence(c) == c);
}

TEST_CASE("Unknown licence classes are refused naming the field and listing the classes", "[labour]") {
    for (const char* text : {"A", "A6", "G", "", "BB", "clase"}) {
        INFO(text);
        auto e = capture<ValidationError>([&] { normalize_licence(text); });
        CHECK(e.field() == "licences");
        CHECK(e.value() == text);
        CHECK(contains(e.what(), "A1, A2, A3, A4, A5, B, C, D, E, F"));
    }
    auto e = capture<ValidationError>([] { normalize_licence("Z", "vacancy.licences"); });
    CHECK(e.field() == "vacancy.licences");
}

TEST_CASE("A list of licences is normalised, without repeats, sorted", "[labour]") {
    CHECK(normalize_licences({"b", "A-2", "a2", "B", "A1"}) == std::vector<std::string>{"A1", "A2", "B"});
    CHECK(normalize_licences({}).empty());
    auto e = capture<ValidationError>([] { normalize_licences({"B", "X"}, "seeker.licences"); });
    CHECK(e.field() == "seeker.licences");
    CHECK(e.value() == "X");
}

TEST_CASE("Skills are lower case, without accents, with single spaces between words", "[labour]") {
    CHECK(normalize_skill("Grúa Horquilla") == "grua horquilla");
    CHECK(normalize_skill("  Primeros   Auxilios \t") == "primeros auxilios");
    CHECK(normalize_skill("ATENCIÓN AL CLIENTE") == "atencion al cliente");
    CHECK(normalize_skill("Diseño\u00a0gráfico") == "diseno grafico");  // no-break space
    CHECK(normalize_skill("Soldadura\nMIG") == "soldadura mig");
    CHECK(normalize_skill("Pingüino ÑANDÚ") == "pinguino nandu");
    CHECK(normalize_skill("Excel (avanzado)") == "excel (avanzado)");  // punctuation is kept
    CHECK(normalize_skill("C++") == "c++");
}

TEST_CASE("An empty skill is refused naming the field", "[labour]") {
    for (const char* text : {"", "   ", "\t\n"}) {
        auto e = capture<ValidationError>([&] { normalize_skill(text); });
        CHECK(e.field() == "skills");
        CHECK(e.value() == text);
    }
    auto e = capture<ValidationError>([] { normalize_skills({"ok", " "}, "vacancy.skills"); });
    CHECK(e.field() == "vacancy.skills");
}

TEST_CASE("A skill with a comma is refused: a list is given as separate items", "[labour]") {
    auto e = capture<ValidationError>([] { normalize_skill("excel, word"); });
    CHECK(e.field() == "skills");
    CHECK(e.value() == "excel, word");
    CHECK(contains(e.what(), "','"));
}

TEST_CASE("A list of skills is normalised, without repeats, sorted", "[labour]") {
    CHECK(normalize_skills({"Soldadura", "grúa horquilla", "GRUA  HORQUILLA", "soldadura "}) ==
          std::vector<std::string>{"grua horquilla", "soldadura"});
    CHECK(normalize_skills({}).empty());
}
