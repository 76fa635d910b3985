// The pure rules of partners and participants: who a participant is, name matching and the
// figures per kind, without a database.
#include "helpers.hpp"
#include "partners_rules.hpp"

using namespace omt;
using namespace omilcrm::detail;

TEST_CASE("a participant comes from exactly one place", "[partners_rules]") {
    const Participant p = participant_of({.name = "  Marcela  ", .role = " Encargada ", .partner_id = 3}, "p");
    CHECK(p.name == "Marcela");
    CHECK(p.role == "Encargada");
    CHECK(p.partner_id == Id(3));
    CHECK(participant_of({.name = "Jorge", .organisation = " Carabineros "}, "p").organisation == "Carabineros");
    auto e = capture<ValidationError>([] { participant_of({.name = " "}, "participants[2]"); });
    CHECK(e.field() == "participants[2].name");
    e = capture<ValidationError>([] { participant_of({.name = "Jorge"}, "participants[0]"); });
    CHECK(e.field() == "participants[0]");
    CHECK(e.value() == "Jorge");
    e = capture<ValidationError>([] { participant_of({.name = "Jorge", .partner_id = 1, .department_id = 2}, "x"); });
    CHECK(contains(e.reason(), "more than one"));
    e = capture<ValidationError>(
        [] { participant_of({.name = "Jorge", .department_id = 2, .organisation = "Y"}, "x"); });
    CHECK(e.field() == "x");
}

TEST_CASE("names match without case or accents", "[partners_rules]") {
    CHECK(name_matches("Marcela Fuentes Núñez", "nunez"));
    CHECK(name_matches("Marcela Fuentes", "MARCELA"));
    CHECK(name_matches("Marcela Fuentes", ""));
    CHECK_FALSE(name_matches("Marcela Fuentes", "Rodrigo"));
}

TEST_CASE("activity adds up per kind, every kind listed", "[partners_rules]") {
    const auto rows = activity_by_kind({{PartnerKind::PublicService, 0, 2, 1, 3, 4},
                                        {PartnerKind::PublicService, 1, 0, 0, 0, 1},
                                        {PartnerKind::University, 1, 0, 0, 0, 0}});
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == KindActivity{PartnerKind::University, 1, 1, 0, 0, 0, 0});
    CHECK(rows[2] == KindActivity{PartnerKind::PublicService, 2, 1, 2, 1, 3, 5});
    CHECK(rows[4].partners == 0);
    const auto total = activity_total(rows);
    CHECK(total.partners == 3);
    CHECK(total.interactions == 5);
    CHECK(activity_by_kind({}).size() == 5);
}
