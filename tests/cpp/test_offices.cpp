// Offices and their staff through the public Database API.
#include <functional>

#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("Offices: add stores the CUT code and normalised contact details", "[offices]") {
    auto db = omt::fresh_db();
    const auto o = db.offices().add({.name = "  OMIL Concón ",
                                     .commune = "CONCÓN",
                                     .address = " Santa Laura 567 ",
                                     .email = "OMIL@Concon.CL",
                                     .phone = "(32) 212 3456"});
    CHECK(o.meta.id > 0);
    CHECK(o.meta.uuid.size() == 36u);
    CHECK(o.meta.created_at == FixedClock(omt::test_day()).now());
    CHECK(o.name == "OMIL Concón");
    CHECK(o.commune_code == "05103");
    CHECK(o.address == "Santa Laura 567");
    CHECK(o.email == "omil@concon.cl");
    CHECK(o.phone == "+56322123456");

    const auto back = db.offices().get(o.meta.id);
    CHECK(back.name == o.name);
    CHECK(back.commune_code == "05103");
    CHECK(back.meta.uuid == o.meta.uuid);
    CHECK(back.meta.created_at == o.meta.created_at);
    CHECK(back.phone == "+56322123456");
    CHECK(db.offices().list().size() == 1u);
    CHECK_THROWS_AS(db.offices().get(o.meta.id + 100), NotFound);
}

TEST_CASE("Offices: bad input names the field and adds nothing", "[offices]") {
    auto db = omt::fresh_db();
    SECTION("missing name") {
        const auto e = capture<ValidationError>([&] { db.offices().add({.name = "  ", .commune = "05103"}); });
        CHECK(e.field() == "name");
    }
    SECTION("unknown commune") {
        const auto e = capture<ValidationError>([&] { db.offices().add({.name = "OMIL", .commune = "Narnia"}); });
        CHECK(e.field() == "commune");
        CHECK(contains(e.what(), "Narnia"));
    }
    SECTION("bad e-mail") {
        const auto e = capture<ValidationError>(
            [&] { db.offices().add({.name = "OMIL", .commune = "05103", .email = "omil-at-concon"}); });
        CHECK(e.field() == "email");
    }
    SECTION("bad phone") {
        const auto e =
            capture<ValidationError>([&] { db.offices().add({.name = "OMIL", .commune = "05103", .phone = "12"}); });
        CHECK(e.field() == "phone");
    }
    CHECK(db.offices().list().empty());
}

TEST_CASE("Offices: table has one row per office with the commune's name", "[offices][table]") {
    auto db = omt::fresh_db();
    db.offices().add({.name = "OMIL Concón", .commune = "05103"});
    db.offices().add({.name = "OMIL Los Ángeles", .commune = "los angeles"});
    const Table t = db.offices().table();
    CHECK(t.rows() == 2u);
    CHECK(t.column("commune_code").texts == std::vector<std::string>{"05103", "08301"});
    CHECK(t.column("commune").texts == std::vector<std::string>{"Concón", "Los Ángeles"});
    CHECK(t.column("name").texts[1] == "OMIL Los Ángeles");
}

TEST_CASE("Staff: add, defaults, roles and who is active on a day", "[staff]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    CHECK(c.head.office_id == c.office.meta.id);
    CHECK(c.head.started == Date(2026, 1, 5));
    CHECK_FALSE(c.head.left.has_value());

    // started defaults to today (2026-11-23).
    const auto ps = db.staff().add({.office_id = c.office.meta.id,
                                    .name = "Carla Díaz",
                                    .role = StaffRole::LaborPsychologist,
                                    .email = "Carla@Concon.cl",
                                    .phone = "9 8765 4321"});
    CHECK(ps.started == Date(2026, 11, 23));
    CHECK(ps.email == "carla@concon.cl");
    CHECK(ps.phone == "+56987654321");
    const auto got = db.staff().get(ps.meta.id);
    CHECK(got.role == StaffRole::LaborPsychologist);
    CHECK(got.name == "Carla Díaz");

    CHECK(db.staff().list(c.office.meta.id).size() == 3u);
    // Before Carla started only Ana and Bruno worked there.
    const auto june = db.staff().list(c.office.meta.id, Date(2026, 6, 1));
    REQUIRE(june.size() == 2u);
    CHECK(june[0].meta.id == c.head.meta.id);
    CHECK(june[1].meta.id == c.manager.meta.id);
    CHECK(db.staff().list(c.office.meta.id, Date(2026, 1, 4)).empty());

    CHECK(to_string(StaffRole::TerritorialManager) == "territorial_manager");
    CHECK(parse_enum<StaffRole>("Territorial Manager") == StaffRole::TerritorialManager);
    CHECK(parse_enum<StaffRole>("labor-psychologist") == StaffRole::LaborPsychologist);
    CHECK(capture<ValidationError>([] { parse_enum<StaffRole>("janitor"); }).field() == "role");
}

TEST_CASE("Staff: leaving the office", "[staff]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto left = db.staff().leave(c.manager.meta.id, Date(2026, 12, 1));
    REQUIRE(left.left.has_value());
    CHECK(*left.left == Date(2026, 12, 1));
    // The last working day is the day before.
    CHECK(left.active_on(Date(2026, 11, 30)));
    CHECK_FALSE(left.active_on(Date(2026, 12, 1)));
    CHECK(db.staff().list(c.office.meta.id, Date(2026, 11, 30)).size() == 2u);
    CHECK(db.staff().list(c.office.meta.id, Date(2026, 12, 1)).size() == 1u);

    const auto e = capture<ValidationError>([&] { db.staff().leave(c.head.meta.id, Date(2026, 1, 5)); });
    CHECK(e.field() == "left");
    CHECK_FALSE(db.staff().get(c.head.meta.id).left.has_value());
    CHECK_THROWS_AS(db.staff().leave(9999, Date(2026, 12, 1)), NotFound);
}

TEST_CASE("Staff: bad input names the field and adds nothing", "[staff]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    CHECK_THROWS_AS(db.staff().add({.office_id = 9999, .name = "Nadie"}), NotFound);
    CHECK(capture<ValidationError>([&] { db.staff().add({.office_id = c.office.meta.id, .name = ""}); }).field() ==
          "name");
    CHECK(capture<ValidationError>([&] {
              db.staff().add({.office_id = c.office.meta.id, .name = "X", .email = "x@"});
          }).field() == "email");
    CHECK(db.staff().list(c.office.meta.id).size() == 2u);
}

TEST_CASE("Staff: table with dates and a null for those still working", "[staff][table]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    db.staff().leave(c.manager.meta.id, Date(2026, 12, 1));
    const Table t = db.staff().table(c.office.meta.id);
    REQUIRE(t.rows() == 2u);
    const auto& started = t.column("started");
    CHECK(started.type == ColumnType::Date);
    CHECK(started.ints[0] == Date(2026, 1, 5).days());
    CHECK(started.text_at(0) == "2026-01-05");
    const auto& left = t.column("left");
    CHECK(left.valid == std::vector<std::uint8_t>{0, 1});
    CHECK(left.text_at(0) == "");
    CHECK(left.text_at(1) == "2026-12-01");
    CHECK(t.column("role").texts == std::vector<std::string>{"head", "territorial_manager"});
}

TEST_CASE("Offices: every listing, table and report of an office that does not exist is NotFound", "[offices]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);  // an office that exists, so an unknown one is not simply "no office at all"
    const Date day = omt::test_day(), from(2026, 1, 1);
    const std::vector<std::pair<const char*, std::function<void(Id)>>> calls = {
        {"staff.list", [&](Id o) { db.staff().list(o); }},
        {"staff.table", [&](Id o) { db.staff().table(o); }},
        {"employers.list", [&](Id o) { db.employers().list(o); }},
        {"employers.search", [&](Id o) { db.employers().search(o, "gulmue"); }},
        {"employers.count", [&](Id o) { db.employers().count(o); }},
        {"employers.table", [&](Id o) { db.employers().table(o); }},
        {"contacts.table", [&](Id o) { db.contacts().table(o); }},
        {"clusters.list", [&](Id o) { db.clusters().list(o); }},
        {"clusters.upcoming", [&](Id o) { db.clusters().upcoming(o, day, 31); }},
        {"interactions.table", [&](Id o) { db.interactions().table(o); }},
        {"interactions.contact_events", [&](Id o) { db.interactions().contact_events(o); }},
        {"commitments.open", [&](Id o) { db.commitments().open({.office_id = o}); }},
        {"commitments.overdue", [&](Id o) { db.commitments().overdue({.office_id = o}, day); }},
        {"commitments.table", [&](Id o) { db.commitments().table({.office_id = o}); }},
        {"follow_ups.open", [&](Id o) { db.follow_ups().open({.office_id = o}); }},
        {"follow_ups.overdue", [&](Id o) { db.follow_ups().overdue({.office_id = o}, day); }},
        {"cadence.policies", [&](Id o) { db.cadence().policies(o); }},
        {"cadence.due", [&](Id o) { db.cadence().due(o, day); }},
        {"cadence.due_table", [&](Id o) { db.cadence().due_table(o, day); }},
        {"cadence.compliance_table", [&](Id o) { db.cadence().compliance_table(o, from, day); }},
        {"planner.planned", [&](Id o) { db.planner().planned(o, from, day); }},
        {"calendar.events", [&](Id o) { db.calendar().events({.office_id = o, .from = from, .to = day}); }},
        {"calendar.ics", [&](Id o) { db.calendar().ics({.office_id = o, .from = from, .to = day}); }},
        {"departments.list", [&](Id o) { db.departments().list(o); }},
        {"departments.by_code", [&](Id o) { db.departments().by_code(o, "aseo"); }},
        {"catalogue.list", [&](Id o) { db.catalogue().list(o); }},
        {"routing.list", [&](Id o) { db.routing().list(o); }},
        {"requests.list", [&](Id o) { db.requests().list(o); }},
        {"requests.overdue", [&](Id o) { db.requests().overdue(o, day); }},
        {"requests.near_deadline", [&](Id o) { db.requests().near_deadline(o, day, 2); }},
        {"requests.holidays", [&](Id o) { db.requests().holidays(o); }},
        {"requests.table", [&](Id o) { db.requests().table(o); }},
        {"requests.open_by_department", [&](Id o) { db.requests().open_by_department(o, day); }},
        {"requests.deadline_compliance", [&](Id o) { db.requests().deadline_compliance(o, from, day); }},
        {"open311.services", [&](Id o) { db.open311().services(o); }},
        {"open311.requests", [&](Id o) { db.open311().requests(o); }},
        {"vacancies.list", [&](Id o) { db.vacancies().list(o); }},
        {"vacancies.table", [&](Id o) { db.vacancies().table(o); }},
        {"seekers.find_by_rut",
         [&](Id o) { db.seekers().find_by_rut(o, "12.345.678-5", "intermediation: front desk", 1); }},
        {"seekers.count", [&](Id o) { db.seekers().count(o); }},
        {"seekers.table", [&](Id o) { db.seekers().table(o); }},
        {"seekers.export_register",
         [&](Id o) { db.seekers().export_register(o, "register_transfer: traspaso", c.head.meta.id); }},
        {"seekers.export_personal",
         [&](Id o) { db.seekers().export_personal(o, {"name"}, "intermediation: feria", c.head.meta.id); }},
        {"seekers.exports", [&](Id o) { db.seekers().exports(o); }},
        {"referrals.table", [&](Id o) { db.referrals().table(o); }},
        {"placements.checks_due", [&](Id o) { db.placements().checks_due(o, day); }},
        {"placements.list", [&](Id o) { db.placements().list(o); }},
        {"placements.table", [&](Id o) { db.placements().table(o); }},
        {"programmes.list", [&](Id o) { db.programmes().list(o); }},
        {"programmes.offers", [&](Id o) { db.programmes().offers(o); }},
        {"programmes.table", [&](Id o) { db.programmes().table(o); }},
        {"reports.funnel", [&](Id o) { db.reports().funnel(o, from, day); }},
        {"reports.time_to_fill", [&](Id o) { db.reports().time_to_fill(o, from, day); }},
        {"reports.placements_by_channel", [&](Id o) { db.reports().placements_by_channel(o, from, day); }},
        {"reports.cluster_share", [&](Id o) { db.reports().cluster_share(o, from, day); }},
        {"reports.retention", [&](Id o) { db.reports().retention(o, from, day, day); }},
        {"events.list", [&](Id o) { db.events().list(o); }},
        {"events.table", [&](Id o) { db.events().table(o); }},
        {"outreach.showings", [&](Id o) { db.outreach().showings(from, day, o); }},
        {"imports.export_rows", [&](Id o) { db.imports().export_rows("employers", o); }},
        {"imports.export_employers", [&](Id o) { db.imports().export_employers(o); }},
        {"imports.export_contacts", [&](Id o) { db.imports().export_contacts(o); }},
    };
    for (const auto& [name, call] : calls) {
        INFO(name);
        CHECK_NOTHROW(call(c.office.meta.id));
        for (const Id unknown : {Id{999}, Id{-1}}) {
            std::string what = "(nothing thrown)";
            try {
                call(unknown);
            } catch (const NotFound& e) {
                what = e.what();
            } catch (const std::exception& e) {
                what = std::string("(another error) ") + e.what();
            }
            CHECK(what == "office " + std::to_string(unknown) + " not found");
        }
    }
}
