// The portfolio: who owns which employer, with history, and hand-overs when staff leave.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("Portfolio: a new employer's history starts with its first owner", "[portfolio]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    const auto h = db.portfolio().history(e.meta.id);
    REQUIRE(h.size() == 1u);
    CHECK(h[0].employer_id == e.meta.id);
    CHECK(h[0].staff_id == c.manager.meta.id);
    CHECK(h[0].from == Date(2026, 11, 23));
    CHECK_FALSE(h[0].to.has_value());
    CHECK(db.portfolio().employers_of(c.manager.meta.id) == std::vector<Id>{e.meta.id});
    CHECK(db.portfolio().employers_of(c.head.meta.id).empty());
}

TEST_CASE("Portfolio: hand_over moves every employer of a departing staff member at once", "[portfolio]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const Id bruno = c.manager.meta.id;
    std::vector<Id> his;
    for (std::uint32_t i = 1; i <= 5; ++i)
        his.push_back(
            db.employers().add(c.employer(Rut::from_body(76000000 + i).str(), "Empresa " + std::to_string(i))).meta.id);
    auto hers = c.employer("12.345.678-5", "De Ana");
    hers.owner_id = c.head.meta.id;
    const Id ana_employer = db.employers().add(hers).meta.id;

    const auto elena = db.staff().add({.office_id = c.office.meta.id,
                                       .name = "Elena Muñoz",
                                       .role = StaffRole::TerritorialManager,
                                       .started = Date(2026, 11, 23)});
    db.staff().leave(bruno, Date(2026, 12, 1));
    const auto moved = db.portfolio().hand_over(bruno, elena.meta.id, Date(2026, 12, 1), "renuncia");
    CHECK(moved == 5u);
    CHECK(db.portfolio().employers_of(bruno).empty());
    CHECK(db.portfolio().employers_of(elena.meta.id) == his);
    CHECK(db.portfolio().employers_of(c.head.meta.id) == std::vector<Id>{ana_employer});
    for (Id id : his) {
        INFO("employer " << id);
        CHECK(db.employers().get(id).owner_id == elena.meta.id);
        const auto h = db.portfolio().history(id);
        REQUIRE(h.size() == 2u);
        CHECK(h[0].staff_id == bruno);
        CHECK(h[0].from == Date(2026, 11, 23));
        REQUIRE(h[0].to.has_value());
        CHECK(*h[0].to == Date(2026, 12, 1));
        CHECK(h[1].staff_id == elena.meta.id);
        CHECK(h[1].from == Date(2026, 12, 1));
        CHECK_FALSE(h[1].to.has_value());
        CHECK(h[1].reason == "renuncia");
    }
    CHECK(db.portfolio().history(ana_employer).size() == 1u);
    // Nothing left to hand over.
    CHECK(db.portfolio().hand_over(bruno, elena.meta.id, Date(2026, 12, 2)) == 0u);
}

TEST_CASE("Portfolio: hand_over gives a default reason naming the previous owner", "[portfolio]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("76.086.428-5", "A"));
    db.portfolio().hand_over(c.manager.meta.id, c.head.meta.id, Date(2026, 12, 1));
    CHECK(contains(db.portfolio().history(e.meta.id).back().reason, "Bruno Soto"));
}

TEST_CASE("Portfolio: hand_over refuses and changes nothing on bad input", "[portfolio]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("76.086.428-5", "A"));
    omt::Concon other(db);

    SECTION("to someone of another office") {
        CHECK(capture<ValidationError>([&] {
                  db.portfolio().hand_over(c.manager.meta.id, other.manager.meta.id, Date(2026, 12, 1));
              }).field() == "to");
    }
    SECTION("to someone who has left by then") {
        db.staff().leave(c.head.meta.id, Date(2026, 11, 30));
        CHECK(capture<ValidationError>([&] {
                  db.portfolio().hand_over(c.manager.meta.id, c.head.meta.id, Date(2026, 12, 1));
              }).field() == "to");
    }
    SECTION("to the same person") {
        CHECK(capture<ValidationError>([&] {
                  db.portfolio().hand_over(c.manager.meta.id, c.manager.meta.id, Date(2026, 12, 1));
              }).field() == "to");
    }
    SECTION("dated before an employer's current period began") {
        // Bruno has owned the employer since 2026-11-23; a hand-over dated 2026-11-01 would
        // leave a period that ends before it starts.
        const auto e2 = capture<ValidationError>(
            [&] { db.portfolio().hand_over(c.manager.meta.id, c.head.meta.id, Date(2026, 11, 1)); });
        CHECK(e2.field() == "on");
        CHECK(contains(e2.what(), "2026-11-01"));
    }
    SECTION("from someone unknown") {
        CHECK_THROWS_AS(db.portfolio().hand_over(9999, c.head.meta.id, Date(2026, 12, 1)), NotFound);
    }
    CHECK(db.portfolio().employers_of(c.manager.meta.id) == std::vector<Id>{e.meta.id});
    CHECK(db.portfolio().history(e.meta.id).size() == 1u);
}

TEST_CASE("Portfolio: assign one employer", "[portfolio]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("76.086.428-5", "A"));
    const auto o = db.portfolio().assign(e.meta.id, c.head.meta.id, Date(2026, 12, 15), "cartera de la encargada");
    CHECK(o.staff_id == c.head.meta.id);
    CHECK(o.from == Date(2026, 12, 15));
    CHECK(o.reason == "cartera de la encargada");
    CHECK(db.employers().get(e.meta.id).owner_id == c.head.meta.id);
    const auto h = db.portfolio().history(e.meta.id);
    REQUIRE(h.size() == 2u);
    CHECK(*h[0].to == Date(2026, 12, 15));

    // Assigning to the current owner changes nothing.
    db.portfolio().assign(e.meta.id, c.head.meta.id, Date(2026, 12, 20));
    CHECK(db.portfolio().history(e.meta.id).size() == 2u);

    SECTION("before the current owner's start") {
        CHECK(capture<ValidationError>([&] {
                  db.portfolio().assign(e.meta.id, c.manager.meta.id, Date(2026, 12, 14));
              }).field() == "on");
    }
    SECTION("to staff of another office") {
        omt::Concon other(db);
        CHECK(capture<ValidationError>([&] {
                  db.portfolio().assign(e.meta.id, other.manager.meta.id, Date(2026, 12, 20));
              }).field() == "staff");
    }
    SECTION("to someone not working there that day") {
        db.staff().leave(c.manager.meta.id, Date(2026, 12, 1));
        CHECK(capture<ValidationError>([&] {
                  db.portfolio().assign(e.meta.id, c.manager.meta.id, Date(2026, 12, 20));
              }).field() == "staff");
    }
    CHECK(db.portfolio().history(e.meta.id).size() == 2u);
    CHECK(db.employers().get(e.meta.id).owner_id == c.head.meta.id);
}
