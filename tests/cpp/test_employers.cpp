// Employers through the public Database API: CRUD, constraints, defaults, the bulk path.
#include <algorithm>

#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("Employers: add stores every field and get reads it back", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    NewEmployer in = c.employer("76.086.428-5", "  Logística Gulmué SpA ");
    in.trade_name = "Gulmué Log";
    in.sector = "Logística";
    in.size = SizeBand::Medium;
    in.address = "Camino Internacional 4500";
    in.latitude = -32.93;
    in.longitude = -71.47;
    in.visiting_hours = parse_visiting_hours("mon-fri 09:00-12:00; sat 10:00-12:00");
    in.status = EmployerStatus::Active;
    in.notes = "Contactar vía RR.HH.";
    const Employer e = db.employers().add(in);

    CHECK(e.meta.id > 0);
    CHECK(e.office_id == c.office.meta.id);
    CHECK(e.rut.str() == "76.086.428-5");
    CHECK(e.legal_name == "Logística Gulmué SpA");
    CHECK(e.display_name() == "Gulmué Log");
    CHECK(e.commune_code == "05103");  // defaults to the office's commune

    const Employer back = db.employers().get(e.meta.id);
    CHECK(back.meta.uuid == e.meta.uuid);
    CHECK(back.rut == Rut("760864285"));
    CHECK(back.legal_name == "Logística Gulmué SpA");
    CHECK(back.trade_name == "Gulmué Log");
    CHECK(back.sector == "Logística");
    CHECK(back.size == SizeBand::Medium);
    CHECK(back.address == "Camino Internacional 4500");
    CHECK(back.commune_code == "05103");
    REQUIRE(back.latitude.has_value());
    CHECK(*back.latitude == Approx(-32.93));
    CHECK(*back.longitude == Approx(-71.47));
    CHECK(to_string(back.visiting_hours) == "mon-fri 09:00-12:00; sat 10:00-12:00");
    CHECK(back.status == EmployerStatus::Active);
    CHECK(back.notes == "Contactar vía RR.HH.");
    CHECK(back.owner_id == c.manager.meta.id);
    CHECK(db.employers().count(c.office.meta.id) == 1u);
    CHECK_THROWS_AS(db.employers().get(e.meta.id + 1), NotFound);
}

TEST_CASE("Employers: a commune other than the office's is stored by code", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    auto in = c.employer("12.345.678-5", "Forestal Biobío");
    in.commune = "Los Angeles";
    CHECK(db.employers().add(in).commune_code == "08301");
}

TEST_CASE("Employers: a duplicate RUT in any format is a Conflict and changes nothing", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto first = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    for (const char* rut : {"76.086.428-5", "76086428-5", "760864285", " 76 086 428 - 5"}) {
        INFO(rut);
        const auto e = capture<Conflict>([&] { db.employers().add(c.employer(rut, "Otra Empresa")); });
        CHECK(contains(e.what(), "76.086.428-5"));
        CHECK(db.employers().count(c.office.meta.id) == 1u);
    }
    // The first one is untouched and nothing half-written remains (no extra ownership rows).
    CHECK(db.employers().get(first.meta.id).legal_name == "Logística Gulmué SpA");
    CHECK(db.portfolio().history(first.meta.id).size() == 1u);
    CHECK(db.portfolio().employers_of(c.manager.meta.id) == std::vector<Id>{first.meta.id});
    // A Conflict is not a validation error.
    CHECK_THROWS_AS(db.employers().add(c.employer("760864285", "Otra")), Conflict);
    // Another RUT still goes in, and the ids keep working.
    CHECK_NOTHROW(db.employers().add(c.employer("11.111.112-K", "Otra Empresa")));
    CHECK(db.employers().count(c.office.meta.id) == 2u);
}

TEST_CASE("Employers: bad input is a ValidationError naming the field, nothing is written", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));

    omt::Concon other_office(db);  // a second office, in the same commune
    const auto other = db.staff().add(
        {.office_id = other_office.office.meta.id, .name = "Diego", .role = StaffRole::TerritorialManager});

    std::string field;
    SECTION("invalid RUT") {
        const auto e = capture<ValidationError>([&] { db.employers().add(c.employer("76.086.428-4", "X")); });
        field = e.field();
        CHECK(contains(e.what(), "check digit should be 5"));
        CHECK(field == "rut");
    }
    SECTION("garbage RUT") {
        field = capture<ValidationError>([&] { db.employers().add(c.employer("n/a", "X")); }).field();
        CHECK(field == "rut");
    }
    SECTION("unknown commune") {
        auto in = c.employer("12.345.678-5", "X");
        in.commune = "Narnia";
        const auto e = capture<ValidationError>([&] { db.employers().add(in); });
        field = e.field();
        CHECK(field == "commune");
        CHECK(contains(e.what(), "Narnia"));
    }
    SECTION("missing legal_name") {
        field = capture<ValidationError>([&] { db.employers().add(c.employer("12.345.678-5", "   ")); }).field();
        CHECK(field == "legal_name");
    }
    SECTION("owner of another office") {
        auto in = c.employer("12.345.678-5", "X");
        in.owner_id = other.meta.id;
        const auto e = capture<ValidationError>([&] { db.employers().add(in); });
        field = e.field();
        CHECK(field == "owner");
        CHECK(contains(e.what(), std::to_string(other.meta.id)));
    }
    SECTION("owner who no longer works at the office") {
        db.staff().leave(c.head.meta.id, Date(2026, 6, 1));
        auto in = c.employer("12.345.678-5", "X");
        in.owner_id = c.head.meta.id;
        field = capture<ValidationError>([&] { db.employers().add(in); }).field();
        CHECK(field == "owner");
    }
    SECTION("half a coordinate") {
        auto in = c.employer("12.345.678-5", "X");
        in.latitude = -32.9;
        field = capture<ValidationError>([&] { db.employers().add(in); }).field();
        CHECK(field == "longitude");
    }
    SECTION("latitude out of range") {
        auto in = c.employer("12.345.678-5", "X");
        in.latitude = -132.9;
        in.longitude = -71.0;
        field = capture<ValidationError>([&] { db.employers().add(in); }).field();
        CHECK(field == "latitude");
    }
    SECTION("no office") {
        auto in = c.employer("12.345.678-5", "X");
        in.office_id = 0;
        field = capture<ValidationError>([&] { db.employers().add(in); }).field();
        CHECK(field == "office");
    }
    // Whatever went wrong, the database is as it was.
    CHECK_FALSE(field.empty());
    CHECK(db.employers().count(c.office.meta.id) == 1u);
    CHECK(db.employers().count(other_office.office.meta.id) == 0u);
    CHECK_FALSE(db.employers().find_by_rut("12.345.678-5").has_value());
}

TEST_CASE("Employers: an unknown office is NotFound", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    auto in = c.employer("12.345.678-5", "X");
    in.office_id = 4242;
    CHECK_THROWS_AS(db.employers().add(in), NotFound);
}

TEST_CASE("Employers: the default owner is the active territorial manager", "[employers][portfolio]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    SECTION("the territorial manager, even though the head was added first") {
        CHECK(db.employers().add(c.employer("76.086.428-5", "A")).owner_id == c.manager.meta.id);
    }
    SECTION("the head when the territorial manager has left") {
        db.staff().leave(c.manager.meta.id, Date(2026, 11, 1));
        CHECK(db.employers().add(c.employer("76.086.428-5", "A")).owner_id == c.head.meta.id);
    }
    SECTION("a newly hired territorial manager after the previous one left") {
        db.staff().leave(c.manager.meta.id, Date(2026, 11, 1));
        const auto tm = db.staff().add({.office_id = c.office.meta.id,
                                        .name = "Elena",
                                        .role = StaffRole::TerritorialManager,
                                        .started = Date(2026, 11, 2)});
        CHECK(db.employers().add(c.employer("76.086.428-5", "A")).owner_id == tm.meta.id);
    }
    SECTION("an explicit owner") {
        auto in = c.employer("76.086.428-5", "A");
        in.owner_id = c.head.meta.id;
        CHECK(db.employers().add(in).owner_id == c.head.meta.id);
    }
    SECTION("nobody to default to") {
        const auto empty = db.offices().add({.name = "OMIL Quintero", .commune = "Quintero"});
        NewEmployer in;
        in.office_id = empty.meta.id;
        in.rut = "76.086.428-5";
        in.legal_name = "A";
        CHECK(capture<ValidationError>([&] { db.employers().add(in); }).field() == "owner");
        CHECK(db.employers().count(empty.meta.id) == 0u);
    }
}

TEST_CASE("Employers: find_by_rut accepts any format", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("11.111.112-K", "Kappa Ltda"));
    for (const char* rut : {"11.111.112-K", "11111112-k", "11111112K", " 11 111 112 k"}) {
        INFO(rut);
        const auto found = db.employers().find_by_rut(rut);
        REQUIRE(found.has_value());
        CHECK(found->meta.id == e.meta.id);
    }
    CHECK_FALSE(db.employers().find_by_rut("76.086.428-5").has_value());
    CHECK_FALSE(db.employers().find_by_rut("11.111.112-0").has_value());  // wrong check digit
    CHECK_FALSE(db.employers().find_by_rut("garbage").has_value());
}

TEST_CASE("Employers: list and search", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    auto a = c.employer("76.086.428-5", "Logística Gulmué SpA");
    a.trade_name = "Gulmué";
    db.employers().add(a);
    db.employers().add(c.employer("12.345.678-5", "Astilleros del Pacífico"));
    db.employers().add(c.employer("11.111.112-K", "Ñandú Alimentos"));

    const auto all = db.employers().list(c.office.meta.id);
    REQUIRE(all.size() == 3u);
    CHECK(all[0].legal_name == "Astilleros del Pacífico");  // by legal name
    CHECK(all[1].legal_name == "Logística Gulmué SpA");

    auto names = [](const std::vector<Employer>& v) {
        std::vector<std::string> out;
        for (const auto& e : v) out.push_back(e.legal_name);
        return out;
    };
    CHECK(names(db.employers().search(c.office.meta.id, "gulmue")) == std::vector<std::string>{"Logística Gulmué SpA"});
    CHECK(names(db.employers().search(c.office.meta.id, "PACIFICO")) ==
          std::vector<std::string>{"Astilleros del Pacífico"});
    CHECK(names(db.employers().search(c.office.meta.id, "nandu")) == std::vector<std::string>{"Ñandú Alimentos"});
    CHECK(names(db.employers().search(c.office.meta.id, "08642")) ==
          std::vector<std::string>{"Logística Gulmué SpA"});  // part of the RUT
    CHECK(db.employers().search(c.office.meta.id, "").size() == 3u);
    CHECK(db.employers().search(c.office.meta.id, "zzz").empty());
    CHECK_THROWS_AS(db.employers().list(c.office.meta.id + 99), NotFound);  // no such office
}

TEST_CASE("Employers: a search of punctuation finds nothing and nothing is a wildcard", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    db.employers().add(c.employer("11.111.112-K", "Ñandú Alimentos"));
    const Id office = c.office.meta.id;
    for (const char* text : {"%", "_", "*", "%%", "-", ".", " % ", "¿?", "…"}) {
        INFO(text);
        CHECK(db.employers().search(office, text).empty());
    }
    // Blank text is no filter at all.
    CHECK(db.employers().search(office, "").size() == 2u);
    CHECK(db.employers().search(office, "   ").size() == 2u);
    // A wildcard between letters is punctuation: "gul%mue" reads "gulmue", not "gul...mue".
    CHECK(db.employers().search(office, "gul%mue").size() == 1u);
    CHECK(db.employers().search(office, "l_g").empty());
    // A RUT as written, check digit K included, in any case.
    CHECK(db.employers().search(office, "11.111.112-k").size() == 1u);
    CHECK(db.employers().search(office, "76.086.428").size() == 1u);
}

TEST_CASE("Employers: update changes only the given fields", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    auto in = c.employer("76.086.428-5", "Logística Gulmué SpA");
    in.sector = "Logística";
    in.latitude = -32.93;
    in.longitude = -71.47;
    const auto e = db.employers().add(in);

    EmployerUpdate u;
    u.trade_name = "Gulmué";
    u.status = EmployerStatus::Active;
    u.visiting_hours = parse_visiting_hours("tue,thu 10:00-12:00");
    u.commune = "Quintero";
    const auto after = db.employers().update(e.meta.id, u);
    CHECK(after.trade_name == "Gulmué");
    CHECK(after.status == EmployerStatus::Active);
    CHECK(to_string(after.visiting_hours) == "tue,thu 10:00-12:00");
    CHECK(after.commune_code == "05107");
    CHECK(after.legal_name == "Logística Gulmué SpA");
    CHECK(after.sector == "Logística");
    CHECK(after.latitude.has_value());
    CHECK(db.employers().get(e.meta.id).trade_name == "Gulmué");

    // Clearing the coordinates takes both.
    EmployerUpdate clear;
    clear.latitude = std::optional<double>{};
    clear.longitude = std::optional<double>{};
    CHECK_FALSE(db.employers().update(e.meta.id, clear).latitude.has_value());

    SECTION("an empty legal name is refused and nothing changes") {
        EmployerUpdate bad;
        bad.legal_name = " ";
        bad.notes = "should not be saved";
        CHECK(capture<ValidationError>([&] { db.employers().update(e.meta.id, bad); }).field() == "legal_name");
        CHECK(db.employers().get(e.meta.id).notes.empty());
    }
    SECTION("an unknown commune is refused and nothing changes") {
        EmployerUpdate bad;
        bad.commune = "Narnia";
        CHECK(capture<ValidationError>([&] { db.employers().update(e.meta.id, bad); }).field() == "commune");
        CHECK(db.employers().get(e.meta.id).commune_code == "05107");
    }
    SECTION("an unknown employer") { CHECK_THROWS_AS(db.employers().update(e.meta.id + 50, u), NotFound); }
}

TEST_CASE("Employers: add_many adds 2,000 rows in one call", "[employers][bulk]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    std::vector<NewEmployer> rows;
    for (std::uint32_t i = 0; i < 2000; ++i)
        rows.push_back(c.employer(Rut::from_body(70000000 + i).str(), "Empresa " + std::to_string(i)));
    const auto ids = db.employers().add_many(rows);
    REQUIRE(ids.size() == 2000u);
    CHECK(db.employers().count(c.office.meta.id) == 2000u);
    const auto e1500 = db.employers().get(ids[1500]);
    CHECK(e1500.legal_name == "Empresa 1500");
    CHECK(e1500.rut == Rut::from_body(70001500));
    CHECK(e1500.owner_id == c.manager.meta.id);
    CHECK(db.portfolio().employers_of(c.manager.meta.id).size() == 2000u);
    CHECK(db.portfolio().history(ids[1999]).size() == 1u);
    CHECK(db.employers().add_many({}).empty());
}

TEST_CASE("Employers: add_many with one bad row adds nothing and names the row", "[employers][bulk]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    db.employers().add(c.employer("76.086.428-5", "Ya Existe SpA"));
    std::vector<NewEmployer> rows;
    for (std::uint32_t i = 0; i < 2000; ++i)
        rows.push_back(c.employer(Rut::from_body(70000000 + i).str(), "Empresa " + std::to_string(i)));

    SECTION("a wrong check digit") {
        const Rut good = Rut::from_body(70001500);
        rows[1500].rut = std::to_string(good.body()) + "-" + (good.check_digit() == '1' ? "2" : "1");
        const auto e = capture<ValidationError>([&] { db.employers().add_many(rows); });
        CHECK(e.field() == "rows[1500].rut");
        CHECK(contains(e.what(), "rows[1500]."));
    }
    SECTION("a missing legal name") {
        rows[1500].legal_name = "";
        const auto e = capture<ValidationError>([&] { db.employers().add_many(rows); });
        CHECK(e.field() == "rows[1500].legal_name");
    }
    SECTION("an unknown commune") {
        rows[1500].commune = "Narnia";
        const auto e = capture<ValidationError>([&] { db.employers().add_many(rows); });
        CHECK(e.field() == "rows[1500].commune");
        CHECK(contains(e.what(), "Narnia"));
    }
    SECTION("a RUT already in the database") {
        rows[1500].rut = "760864285";
        const auto e = capture<Conflict>([&] { db.employers().add_many(rows); });
        CHECK(contains(e.what(), "rows[1500]"));
    }
    SECTION("a RUT twice in the batch") {
        rows[1500].rut = rows[3].rut;
        const auto e = capture<Conflict>([&] { db.employers().add_many(rows); });
        CHECK(contains(e.what(), "rows[1500]"));
    }
    CHECK(db.employers().count(c.office.meta.id) == 1u);
    CHECK_FALSE(db.employers().find_by_rut(rows[0].rut).has_value());
    CHECK(db.portfolio().employers_of(c.manager.meta.id).size() == 1u);
}

TEST_CASE("Employers: enumerations as text", "[employers]") {
    CHECK(to_string(EmployerStatus::Prospect) == "prospect");
    CHECK(parse_enum<EmployerStatus>("Active") == EmployerStatus::Active);
    CHECK(to_string(SizeBand::Large) == "large");
    CHECK(parse_size_band("") == SizeBand::Unknown);
    CHECK(parse_size_band("MICRO") == SizeBand::Micro);
    CHECK(capture<ValidationError>([] { parse_size_band("huge"); }).field() == "size");
    CHECK(capture<ValidationError>([] { parse_enum<EmployerStatus>("gone"); }).field() == "status");
}

TEST_CASE("Employers: page() gives list()'s rows filtered, sorted and cut, and the total", "[employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const char* names[] = {"Delta", "alfa", "Bravo", "Delta", "Charlie", "Eco", "Bravo", "Foxtrot"};
    for (int i = 0; i < 8; ++i) {
        NewEmployer e = c.employer(Rut::from_body(static_cast<std::uint32_t>(20'000'000 + i)).str(), names[i]);
        e.status = i % 3 ? EmployerStatus::Active : EmployerStatus::Prospect;
        e.segment = i % 2 ? "key_account" : "";
        if (i == 5) e.owner_id = c.manager.meta.id;
        db.employers().add(e);
    }
    db.employers().update(3, {.notes = "touched"});  // a later updated_at than the others
    const std::vector<Employer> all = db.employers().list(c.office.meta.id);
    using Key = std::function<bool(const Employer&, const Employer&)>;
    const std::vector<std::pair<std::string, Key>> keys{
        {"id", [](const Employer& a, const Employer& b) { return a.meta.id < b.meta.id; }},
        {"legal_name", [](const Employer& a, const Employer& b) { return a.legal_name < b.legal_name; }},
        {"created_at", [](const Employer& a, const Employer& b) { return a.meta.created_at < b.meta.created_at; }},
        {"updated_at", [](const Employer& a, const Employer& b) { return a.meta.updated_at < b.meta.updated_at; }}};
    for (const auto& [key, less] : keys) {
        for (const bool reverse : {false, true}) {
            for (const int filter : {0, 1, 2, 3}) {
                for (const std::size_t offset : {0u, 2u, 7u, 9u}) {
                    EmployerListing l{.sort = (reverse ? "-" : "") + key, .limit = 3, .offset = offset};
                    if (filter == 1) l.status = EmployerStatus::Active;
                    if (filter == 2) l.segment = "key_account";
                    if (filter == 3) l.owner_id = c.manager.meta.id;
                    std::vector<Employer> want;
                    for (const auto& e : all)
                        if ((!l.status || e.status == *l.status) && (!l.segment || e.segment == *l.segment) &&
                            (!l.owner_id || e.owner_id == *l.owner_id))
                            want.push_back(e);
                    std::stable_sort(want.begin(), want.end(), [&](const Employer& a, const Employer& b) {
                        return reverse ? less(b, a) : less(a, b);
                    });
                    INFO(l.sort << " filter " << filter << " offset " << offset);
                    const EmployerPage page = db.employers().page(c.office.meta.id, l);
                    CHECK(page.total == want.size());
                    std::vector<Id> got_ids, want_ids;
                    for (const auto& e : page.items) got_ids.push_back(e.meta.id);
                    for (std::size_t i = offset; i < want.size() && i < offset + 3; ++i)
                        want_ids.push_back(want[i].meta.id);
                    CHECK(got_ids == want_ids);
                }
            }
        }
    }
    CHECK_THROWS_AS(db.employers().page(c.office.meta.id, {.sort = "name"}), ValidationError);
    CHECK_THROWS_AS(db.employers().page(c.office.meta.id, {.sort = "id; DROP TABLE employer"}), ValidationError);
    CHECK_THROWS_AS(db.employers().page(999, {}), NotFound);
}

TEST_CASE("Employers: add_many tells its progress and a throwing progress writes nothing", "[employers][bulk]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    std::vector<NewEmployer> rows;
    for (std::uint32_t i = 0; i < 500; ++i)
        rows.push_back(c.employer(Rut::from_body(70000000 + i).str(), "Empresa " + std::to_string(i)));

    SECTION("from 0 to the total, one row at a time") {
        std::vector<std::size_t> seen;
        db.employers().add_many(rows, [&](std::size_t done, std::size_t total) {
            CHECK(total == 500u);
            seen.push_back(done);
        });
        REQUIRE(seen.size() == 501u);
        CHECK(seen.front() == 0u);
        CHECK(seen.back() == 500u);
        CHECK(std::is_sorted(seen.begin(), seen.end()));
    }
    SECTION("stopped after 300 rows: the whole call rolls back") {
        struct Stop {};
        CHECK_THROWS_AS(db.employers().add_many(rows,
                                                [](std::size_t done, std::size_t) {
                                                    if (done == 300) throw Stop{};
                                                }),
                        Stop);
        CHECK(db.employers().count(c.office.meta.id) == 0u);
        // and the database goes on working
        CHECK(db.employers().add_many(rows).size() == 500u);
    }
}

TEST_CASE("Bulk calls of every repository tell their progress", "[bulk]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    std::size_t calls = 0, last = 0;
    const Progress count = [&](std::size_t done, std::size_t) {
        ++calls;
        last = done;
    };
    std::vector<NewInteraction> contacts(3, NewInteraction{.kind = InteractionKind::PhoneCall,
                                                           .on = Date(2026, 11, 20),
                                                           .staff_id = c.manager.meta.id,
                                                           .employer_id = e.meta.id});
    db.interactions().log_many(contacts, count);
    CHECK(calls == 4u);
    CHECK(last == 3u);
}
