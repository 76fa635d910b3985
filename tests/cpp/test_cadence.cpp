// The Cadence repository over the stored data: compliance by office, staff and cluster over a
// period, judged up to today while the period is not over. The engine's rules are
// test_cadence_rules.cpp and test_cadence_compliance.cpp; the due list as interactions feed it is
// in test_interactions.cpp.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;

TEST_CASE("Cadence: compliance by office, staff and cluster over a period", "[commitments][cadence]") {
    // The employers are added on 2026-01-10 (the clock is moved), so the whole of September
    // 2026 is judged.
    auto clock = std::make_shared<FixedClock>(Date(2026, 1, 10));
    auto db = Database::open(":memory:", {.clock = clock});
    omt::Concon c(db);
    const Id o = c.office.meta.id, ana = c.head.meta.id, bruno = c.manager.meta.id;
    auto add = [&](std::uint32_t body, const char* name, Id owner) {
        auto e = c.employer(Rut::from_body(body).str(), name);
        e.owner_id = owner;
        return db.employers().add(e).meta.id;
    };
    const Id e1 = add(76000001, "E1", bruno);
    const Id e2 = add(76000002, "E2", bruno);
    const Id e3 = add(76000003, "E3", ana);
    const Id e4 = add(76000004, "E4", ana);
    const Id e5 = add(76000005, "E5", bruno);
    const Id e8 = add(76000008, "E8", ana);
    clock->set(FixedClock(Date(2026, 10, 5)).now());
    const Id e7 = add(76000007, "E7 (added after the period)", bruno);
    clock->set(FixedClock(omt::test_day()).now());

    const auto park = db.clusters().add({.office_id = o, .name = "Parque Industrial"});
    const Id p = park.meta.id;
    db.clusters().add_member(p, e1, Date(2026, 1, 10));
    db.clusters().add_member(p, e2, Date(2026, 1, 10));
    db.clusters().add_member(p, e5, Date(2026, 1, 10));
    db.clusters().remove_member(p, e5, Date(2026, 9, 10));
    db.cadence().add_policy({.office_id = o, .interval_days = 30});
    db.cadence().add_policy({.office_id = o, .scope = PolicyScope::Cluster, .scope_id = p, .interval_days = 14});

    auto visit = [&](Id e, Date on) {
        NewInteraction v;
        v.kind = InteractionKind::PhoneCall;
        v.on = on;
        v.staff_id = bruno;
        v.employer_id = e;
        db.interactions().log(v);
    };
    // Period 2026-09-01..09-30. Cluster members get 14 days, everyone else 30.
    // e1 (Bruno, member): 08-25, 09-05, the 09-18 meeting, 09-30. Due 09-08, 09-19, 10-02: ok.
    visit(e1, Date(2026, 8, 25));
    visit(e1, Date(2026, 9, 5));
    visit(e1, Date(2026, 9, 30));
    // e2 (Bruno, member): 08-25, 09-08, 09-30. Due 09-08 (met that day), then 09-22: overdue
    // 09-23..09-29, fails. It missed the 09-18 meeting; had the meeting counted for it, the due
    // day would be 10-02 and it would pass; under the office's 30 days it would pass too.
    visit(e2, Date(2026, 8, 25));
    visit(e2, Date(2026, 9, 8));
    visit(e2, Date(2026, 9, 30));
    db.interactions().log_cluster_meeting(
        {.cluster_id = p, .on = Date(2026, 9, 18), .staff_id = bruno, .attended = {e1}});
    // e3 (Ana): 08-10, 09-05: due 09-09, then 10-05: ok.
    visit(e3, Date(2026, 8, 10));
    visit(e3, Date(2026, 9, 5));
    // e4 (Ana): 07-15 only: due 08-14, overdue all month: fails.
    visit(e4, Date(2026, 7, 15));
    // e5 (Bruno, member until it left on 09-10): 08-28, 09-25. 09-01..09-09 at 14 days: due 09-11,
    // ok; from 09-10 at 30 days: due 09-27, contacted 09-25: ok. (Had it stayed, 09-12 fails.)
    visit(e5, Date(2026, 8, 28));
    visit(e5, Date(2026, 9, 25));
    // e8 (Ana): 08-20 then 09-20, 31 days: due 09-19, the 09-20 contact is a day late: fails.
    visit(e8, Date(2026, 8, 20));
    visit(e8, Date(2026, 9, 20));
    // e7 was added on 10-05, after the period: not judged anywhere.
    visit(e7, Date(2026, 10, 6));

    const auto rows = db.cadence().compliance(o, Date(2026, 9, 1), Date(2026, 9, 30));
    // office: e1 e2 e3 e4 e5 e8 -> complied e1 e3 e5 = 3 of 6
    // staff by id: Ana (e3 e4 e8) 1 of 3; Bruno (e1 e2 e5) 2 of 3
    // cluster: members on 09-30 are e1 e2 (e5 left) -> 1 of 2
    REQUIRE(rows.size() == 4u);
    CHECK(rows[0].group == "office");
    CHECK(rows[0].group_id == o);
    CHECK(rows[0].name == "OMIL Concón");
    CHECK(rows[0].employers == 6u);
    CHECK(rows[0].complied == 3u);
    CHECK(rows[0].share() == Approx(0.5));
    CHECK(rows[1].group == "staff");
    CHECK(rows[1].group_id == ana);
    CHECK(rows[1].name == "Ana Rojas");
    CHECK(rows[1].employers == 3u);
    CHECK(rows[1].complied == 1u);
    CHECK(rows[2].group == "staff");
    CHECK(rows[2].group_id == bruno);
    CHECK(rows[2].employers == 3u);
    CHECK(rows[2].complied == 2u);
    CHECK(rows[2].share() == Approx(2.0 / 3.0));
    CHECK(rows[3].group == "cluster");
    CHECK(rows[3].group_id == p);
    CHECK(rows[3].name == "Parque Industrial");
    CHECK(rows[3].employers == 2u);
    CHECK(rows[3].complied == 1u);

    const auto t = db.cadence().compliance_table(o, Date(2026, 9, 1), Date(2026, 9, 30));
    REQUIRE(t.rows() == 4u);
    CHECK(t.column("group").texts == std::vector<std::string>{"office", "staff", "staff", "cluster"});
    CHECK(t.column("complied").ints == std::vector<std::int64_t>{3, 1, 2, 1});
    CHECK(t.column("employers").ints == std::vector<std::int64_t>{6, 3, 3, 2});

    // Only 09-01..09-08: e2 is still in time (contacted on its due day 09-08) and e8 too (due
    // 09-19); only e4 fails.
    const auto early = db.cadence().compliance(o, Date(2026, 9, 1), Date(2026, 9, 8));
    REQUIRE(early.size() >= 1u);
    CHECK(early[0].employers == 6u);
    CHECK(early[0].complied == 5u);
    capture<ValidationError>([&] { db.cadence().compliance(o, Date(2026, 9, 30), Date(2026, 9, 1)); });
}

TEST_CASE("Cadence: a period that is not over is judged up to today, and says so", "[commitments][cadence]") {
    // Five employers taken on 2027-12-01 under a 30-day policy; asked on 2028-03-01 about
    // 2028-02-01..2028-12-31.
    auto clock = std::make_shared<FixedClock>(Date(2027, 12, 1));
    auto db = Database::open(":memory:", {.clock = clock});
    omt::Concon c(db);
    const Id o = c.office.meta.id;
    std::vector<Id> e;
    for (std::uint32_t i = 1; i <= 5; ++i)
        e.push_back(
            db.employers().add(c.employer(Rut::from_body(76000000 + i).str(), "E" + std::to_string(i))).meta.id);
    db.cadence().add_policy({.office_id = o, .interval_days = 30});
    clock->set(FixedClock(Date(2028, 3, 1)).now());
    auto call = [&](Id employer, Date on) {
        db.interactions().log(
            {.kind = InteractionKind::PhoneCall, .on = on, .staff_id = c.manager.meta.id, .employer_id = employer});
    };
    // e1: 01-20, 02-15 (next due 03-16) and e2: 01-05, 02-03 (next due 03-04) are in time up to
    // today; e3 (01-01, due 01-31), e4 (never, due 12-31) and e5 (01-15, due 02-14) are late
    // within February already.
    call(e[0], Date(2028, 1, 20));
    call(e[0], Date(2028, 2, 15));
    call(e[1], Date(2028, 1, 5));
    call(e[1], Date(2028, 2, 3));
    call(e[2], Date(2028, 1, 1));
    call(e[4], Date(2028, 1, 15));

    // Judged to the end of the year, every employer would miss the months not yet come: (5, 0).
    const auto rows = db.cadence().compliance(o, Date(2028, 2, 1), Date(2028, 12, 31));
    CHECK(rows[0].employers == 5u);
    CHECK(rows[0].complied == 2u);
    CHECK(rows[0].judged_to == Date(2028, 3, 1));
    for (const auto& r : rows) CHECK(r.judged_to == Date(2028, 3, 1));
    const Table t = db.cadence().compliance_table(o, Date(2028, 2, 1), Date(2028, 12, 31));
    CHECK(t.column("complied").ints.front() == 2);
    CHECK(t.metadata().at("judged_to") == "2028-03-01");
    // A period that is over is judged to its end, as before.
    const auto jan = db.cadence().compliance(o, Date(2028, 1, 1), Date(2028, 1, 31));
    CHECK(jan[0].judged_to == Date(2028, 1, 31));
    CHECK(jan[0].employers == 5u);
    CHECK(jan[0].complied == 0u);  // every first interval ended on 12-31, before any contact
    // A period that has not begun judges nobody.
    const auto april = db.cadence().compliance(o, Date(2028, 4, 1), Date(2028, 4, 30));
    REQUIRE(april.size() == 1u);
    CHECK(april[0].employers == 0u);
    CHECK_FALSE(april[0].judged_to.has_value());
    CHECK(db.cadence().compliance_table(o, Date(2028, 4, 1), Date(2028, 4, 30)).metadata().at("judged_to").empty());
}

TEST_CASE("Cadence: a due list asked for again is current after any change, here or elsewhere", "[cadence]") {
    // The repository keeps the lists it computed; each of these changes must show at once.
    omt::TempFile file;
    auto db = Database::open(file.str(), omt::creating_options());
    omt::Concon c(db);
    const Id o = c.office.meta.id;
    db.cadence().add_policy({.office_id = o, .interval_days = 30});
    auto e1 = c.employer(Rut::from_body(76000001).str(), "E1");
    e1.owner_id = c.manager.meta.id;
    const Id id1 = db.employers().add(e1).meta.id;
    const Date day = omt::test_day();
    auto due_ids = [&](Database& d) {
        std::vector<Id> ids;
        for (const auto& item : d.cadence().due(o, day)) ids.push_back(item.employer_id);
        return ids;
    };
    auto call = [&](Database& d, Id employer) {
        NewInteraction v;
        v.kind = InteractionKind::PhoneCall;
        v.on = day;
        v.staff_id = c.manager.meta.id;
        v.employer_id = employer;
        return d.interactions().log(v);
    };
    REQUIRE(due_ids(db) == std::vector<Id>{id1});  // never contacted: due since it was added
    REQUIRE(due_ids(db) == std::vector<Id>{id1});  // the kept list

    // A change through this connection.
    call(db, id1);
    CHECK(due_ids(db).empty());

    // A change committed by another connection to the file.
    auto other = Database::open(file.str(), omt::fixed_options());
    auto e2 = c.employer(Rut::from_body(76000002).str(), "E2");
    e2.owner_id = c.manager.meta.id;
    const Id id2 = other.employers().add(e2).meta.id;
    CHECK(due_ids(db) == std::vector<Id>{id2});

    // A list computed inside a transaction that is rolled back is not kept past it.
    {
        auto tx = db.transaction();
        call(db, id2);
        CHECK(due_ids(db).empty());
        tx.rollback();
    }
    CHECK(due_ids(db) == std::vector<Id>{id2});

    // Another day or another staff member's portfolio is its own answer.
    CHECK(db.cadence().due(o, day, {.staff_id = c.head.meta.id}).empty());
    CHECK(db.cadence().due(o, Date(2026, 1, 1)).empty());  // before either was added
}
