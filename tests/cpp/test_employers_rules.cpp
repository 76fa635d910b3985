// The employers' rules that need no database: change logs, the default owner and what a
// memberships import does with a row.
#include "employers_rules.hpp"

#include "helpers.hpp"

using namespace omilcrm;
using detail::FieldChange;
using detail::MembershipRowAction;
using detail::MembershipRowPlan;

namespace {

Employer acme() {
    Employer e;
    e.meta.id = 7;
    e.legal_name = "Logística Gulmué SpA";
    e.trade_name = "Gulmué";
    e.size = SizeBand::Small;
    e.commune_code = "05103";
    e.status = EmployerStatus::Active;
    return e;
}

StaffMember staff(Id id, StaffRole role, Date started, std::optional<Date> left = {}) {
    StaffMember m;
    m.meta.id = id;
    m.role = role;
    m.started = started;
    m.left = left;
    return m;
}

Membership period(Id employer, Date joined, std::optional<Date> left = {}) {
    return {.cluster_id = 1, .employer_id = employer, .joined = joined, .left = left};
}

}  // namespace

TEST_CASE("employer_changes lists each changed field in order, as text", "[employers_rules]") {
    const Employer before = acme();
    CHECK(detail::employer_changes(before, before).empty());

    Employer after = before;
    after.segment = "key_account";
    after.legal_name = "Gulmué Logística SpA";
    after.size = SizeBand::Medium;
    after.latitude = -32.9;
    after.longitude = -71.5;
    after.visiting_hours = parse_visiting_hours("mon-fri 09:00-12:00");
    const auto changes = detail::employer_changes(before, after);
    REQUIRE(changes.size() == 6);
    CHECK(changes[0] == FieldChange{"legal_name", "Logística Gulmué SpA", "Gulmué Logística SpA"});
    CHECK(changes[1] == FieldChange{"size", "small", "medium"});
    CHECK(changes[2] == FieldChange{"latitude", "", std::to_string(-32.9)});
    CHECK(changes[3] == FieldChange{"longitude", "", std::to_string(-71.5)});
    CHECK(changes[4] == FieldChange{"visiting_hours", "", "mon-fri 09:00-12:00"});
    CHECK(changes[5] == FieldChange{"segment", "", "key_account"});

    SECTION("a value that cannot be stored is refused, naming its field") {
        Employer bad = before;
        bad.notes = std::string("a\0b", 3);
        CHECK_THROWS_AS(detail::employer_changes(before, bad), ValidationError);
        try {
            detail::employer_changes(before, bad);
        } catch (const ValidationError& e) {
            CHECK(e.field() == "notes");
        }
    }
}

TEST_CASE("contact_changes names each field after the contact", "[employers_rules]") {
    Contact before;
    before.meta.id = 12;
    before.name = "Carla Muñoz";
    before.email = "carla@gulmue.cl";
    Contact after = before;
    CHECK(detail::contact_changes(before, after).empty());
    after.role = "Jefa de RR.HH.";
    after.phone = "+56987654321";
    const auto changes = detail::contact_changes(before, after);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0] == FieldChange{"contact 12 role", "", "Jefa de RR.HH."});
    CHECK(changes[1] == FieldChange{"contact 12 phone", "", "+56987654321"});
}

TEST_CASE("default_owner: the active territorial manager, else the head", "[employers_rules]") {
    const Date today(2026, 11, 23);
    const Date since(2026, 1, 5);
    const auto head = staff(1, StaffRole::Head, since);
    const auto manager = staff(2, StaffRole::TerritorialManager, since);
    const auto second_manager = staff(3, StaffRole::TerritorialManager, since);
    const auto gone = staff(4, StaffRole::TerritorialManager, since, Date(2026, 6, 1));
    const auto newcomer = staff(5, StaffRole::TerritorialManager, Date(2026, 12, 1));
    const auto other = staff(6, StaffRole::Other, since);

    CHECK(detail::default_owner({head, manager, second_manager}, today) == Id{2});
    CHECK(detail::default_owner({gone, head, other}, today) == Id{1});
    CHECK(detail::default_owner({newcomer, head}, today) == Id{1});
    CHECK_FALSE(detail::default_owner({gone, newcomer, other}, today));
    CHECK_FALSE(detail::default_owner({}, today));
}

TEST_CASE("plan_membership_row: known, new, closing and earlier-dated periods", "[employers_rules]") {
    const Id acme = 7, other = 8;
    const Date jan(2026, 1, 10), mar(2026, 3, 1), nov(2026, 11, 23), dec(2026, 12, 1);

    SECTION("no period: a new one") {
        CHECK(detail::plan_membership_row({}, acme, mar, {}).action == MembershipRowAction::Add);
        CHECK(detail::plan_membership_row({period(other, mar)}, acme, mar, nov).action == MembershipRowAction::Add);
    }
    SECTION("the period that began that day is the row's") {
        CHECK(detail::plan_membership_row({period(acme, mar)}, acme, mar, {}).action == MembershipRowAction::Unchanged);
        CHECK(detail::plan_membership_row({period(acme, mar)}, acme, mar, nov).action == MembershipRowAction::Close);
        CHECK(detail::plan_membership_row({period(acme, mar, nov)}, acme, mar, dec).action ==
              MembershipRowAction::Unchanged);
    }
    SECTION("an open period that began later (joined from today) takes the file's earlier date") {
        CHECK(detail::plan_membership_row({period(acme, nov)}, acme, mar, {}) ==
              MembershipRowPlan{MembershipRowAction::MoveJoined, nov});
        CHECK(detail::plan_membership_row({period(acme, nov)}, acme, mar, dec) ==
              MembershipRowPlan{MembershipRowAction::MoveJoined, nov});
    }
    SECTION("unless the row ends before it began, or another period covers the row's date") {
        CHECK(detail::plan_membership_row({period(acme, nov)}, acme, jan, mar).action == MembershipRowAction::Add);
        CHECK(detail::plan_membership_row({period(acme, jan, dec), period(acme, dec)}, acme, mar, {}).action ==
              MembershipRowAction::Add);
        // A closed later period is history, not a joining "from today".
        CHECK(detail::plan_membership_row({period(acme, nov, dec)}, acme, mar, {}).action == MembershipRowAction::Add);
    }
}
