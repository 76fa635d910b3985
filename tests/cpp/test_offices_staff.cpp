// Offices and their staff through the public Database API.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("Offices: add stores the CUT code and normalised contact details", "[offices]") {
    auto db = omt::fresh_db();
    const auto o = db.offices().add({.name = "  OMIL Concón ", .commune = "CONCÓN",
                                     .address = " Santa Laura 567 ", .email = "OMIL@Concon.CL",
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
        const auto e = capture<ValidationError>(
            [&] { db.offices().add({.name = "OMIL", .commune = "05103", .phone = "12"}); });
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
    const auto ps = db.staff().add({.office_id = c.office.meta.id, .name = "Carla Díaz",
                                    .role = StaffRole::LaborPsychologist,
                                    .email = "Carla@Concon.cl", .phone = "9 8765 4321"});
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
    CHECK(parse_staff_role("Territorial Manager") == StaffRole::TerritorialManager);
    CHECK(parse_staff_role("labor-psychologist") == StaffRole::LaborPsychologist);
    CHECK(capture<ValidationError>([] { parse_staff_role("janitor"); }).field() == "role");
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
    CHECK(capture<ValidationError>([&] { db.staff().add({.office_id = c.office.meta.id, .name = ""}); })
              .field() == "name");
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
