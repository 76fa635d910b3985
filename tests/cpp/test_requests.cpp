// Service requests over the stored data: the seeded departments, catalogue and routing rules,
// opening (routing, triage, validation), business-day deadlines with holidays and pauses, the
// life cycle with its history, and the request listings and table.
//
// Every database is ":memory:" with the FixedClock of helpers.hpp (today = Mon 2026-11-23), so
// every date below is computed by hand against Chile's 2026 holidays
// (libomilcrm/data/holidays/holidays_cl.csv): 2026-09-18 Fri and 2026-09-19 Sat (Fiestas Patrias),
// 2026-10-12 Mon, 2026-10-31 Sat, 2026-11-01 Sun, 2026-12-08 Tue, 2026-12-25 Fri.
#include "helpers.hpp"

#include <algorithm>
#include <set>

using namespace omt;

namespace {

/// The Concón office (seeded on add) plus one employer of the Parque Industrial Gulmué with an
/// address, and shortcuts to the seeded departments.
struct Desk {
    Database db = fresh_db();
    Concon c{db};
    Employer gulmue;

    Desk() {
        NewEmployer e = c.employer("76.086.428-5", "Logística Gulmué SpA");
        e.address = "Camino Concón-Quintero km 2, Parque Industrial Gulmué";
        gulmue = db.employers().add(e);
    }

    Id office() const { return c.office.meta.id; }
    Id staff() const { return c.manager.meta.id; }
    Id dept(const char* code) { return db.departments().by_code(office(), code).value().meta.id; }

    /// A request of the employer in `category`, received on `day`.
    NewServiceRequest of_employer(std::string category, Date day, std::string description = {}) const {
        NewServiceRequest n;
        n.employer_id = gulmue.meta.id;
        n.category = std::move(category);
        n.description = std::move(description);
        n.received_on = day;
        n.staff_id = staff();
        return n;
    }

    std::size_t stored_requests() { return db.requests().list(office(), {.open_only = false}).size(); }
};

std::vector<std::string> kinds(const std::vector<RequestEvent>& h) {
    std::vector<std::string> out;
    for (const auto& e : h) out.push_back(e.kind);
    return out;
}

}  // namespace

// ---- Seeding ----------------------------------------------------------------------------------

TEST_CASE("adding an office seeds the default departments, catalogue and routing rules", "[requests]") {
    Desk d;
    const Id office = d.office();

    // The seven departments of kDepartments, in insertion (id) order.
    const auto departments = d.db.departments().list(office);
    std::vector<std::string> codes;
    for (const auto& x : departments) {
        codes.push_back(x.code);
        CHECK(x.office_id == office);
        CHECK(x.active);
        CHECK_FALSE(x.name.empty());
    }
    CHECK(codes == std::vector<std::string>{"aseo", "seguridad", "obras", "transito", "medio_ambiente", "operaciones",
                                            "dideco"});
    CHECK(d.db.departments().by_code(office, "aseo")->name == "Dirección de Aseo y Ornato");
    CHECK_FALSE(d.db.departments().by_code(office, "bomberos").has_value());

    // Nine categories with their deadlines (business days) and default departments.
    const auto cats = d.db.catalogue().list(office);
    REQUIRE(cats.size() == 9);
    struct Expect {
        const char* code;
        int days;
        const char* dept;  // "" = none (triage)
    };
    const Expect expected[] = {
        {"tree_pruning", 15, "aseo"},   {"green_areas", 10, "aseo"},    {"street_lights", 5, "operaciones"},
        {"crosswalk", 20, "transito"},  {"speed_bump", 30, "transito"}, {"security_patrol", 3, "seguridad"},
        {"garbage_removal", 5, "aseo"}, {"public_works", 20, "obras"},  {"other", 10, ""},
    };
    for (std::size_t i = 0; i < 9; ++i) {
        INFO(expected[i].code);
        CHECK(cats[i].code == expected[i].code);
        CHECK(cats[i].deadline_days == expected[i].days);
        if (*expected[i].dept) CHECK(cats[i].department_id == d.dept(expected[i].dept));
        else CHECK_FALSE(cats[i].department_id.has_value());
    }
    const auto pruning = d.db.catalogue().get(office, "tree_pruning");
    CHECK(pruning.name == "Poda de árboles");
    CHECK(pruning.attributes == std::vector<std::string>{"location", "trees"});
    CHECK(d.db.catalogue().get(office, "security_patrol").attributes.empty());
    CHECK_THROWS_AS(d.db.catalogue().get(office, "fireworks"), NotFound);

    // One rule per category with a department: 9 - 1 ("other") = 8, no area, no keywords,
    // positions 10, 20, ... 80 in catalogue order.
    const auto rules = d.db.routing().list(office);
    REQUIRE(rules.size() == 8);
    for (std::size_t i = 0; i < rules.size(); ++i) {
        INFO(rules[i].category);
        CHECK(rules[i].category == expected[i].code);
        CHECK(rules[i].position == static_cast<int>(10 * (i + 1)));
        CHECK(rules[i].area.empty());
        CHECK(rules[i].keywords.empty());
        CHECK(rules[i].active);
        CHECK(rules[i].department_id == d.dept(expected[i].dept));
    }
    CHECK(std::none_of(rules.begin(), rules.end(), [](const RoutingRule& r) { return r.category == "other"; }));
}

TEST_CASE("seed_defaults is idempotent and fills only what is missing", "[requests]") {
    Desk d;
    const Id office = d.office();
    // A changed deadline must survive a second seeding (the category is not re-added).
    d.db.catalogue().set_deadline(office, "crosswalk", 12);

    d.db.departments().seed_defaults(office);
    d.db.departments().seed_defaults(office);

    CHECK(d.db.departments().list(office).size() == 7);
    CHECK(d.db.catalogue().list(office).size() == 9);
    CHECK(d.db.routing().list(office).size() == 8);
    CHECK(d.db.catalogue().get(office, "crosswalk").deadline_days == 12);

    // A second office gets its own copies, not shared with the first.
    const Office other = d.db.offices().add({.name = "OMIL Quintero", .commune = "Quintero"});
    CHECK(d.db.departments().list(other.meta.id).size() == 7);
    CHECK(d.db.departments().by_code(other.meta.id, "aseo")->meta.id != d.dept("aseo"));
    CHECK(d.db.routing().list(office).size() == 8);
}

// ---- Opening and routing ----------------------------------------------------------------------

TEST_CASE("open routes a tree_pruning request of an employer to Aseo y Ornato by its rule", "[requests]") {
    Desk d;
    const Id aseo = d.dept("aseo");
    // The seeded rule for tree_pruning is the first rule (position 10).
    const auto rules = d.db.routing().list(d.office());
    REQUIRE(rules.front().category == "tree_pruning");
    const Id rule = rules.front().id;

    auto n = d.of_employer("tree_pruning", test_day(), "Poda de tres árboles en el acceso");
    n.attributes = "trees=3";
    const ServiceRequest r = d.db.requests().open(n);

    CHECK(r.meta.id > 0);
    CHECK(r.office_id == d.office());  // taken from the employer (office_id was 0)
    CHECK(r.employer_id == d.gulmue.meta.id);
    CHECK(r.status == RequestStatus::Routed);
    CHECK(r.department_id == aseo);
    CHECK(r.routing_rule_id == rule);
    CHECK_FALSE(r.in_triage());
    CHECK(r.received_on == Date(2026, 11, 23));
    // 15 business days from Mon 2026-11-23: Nov 24 (1), 25 (2), 26 (3), 27 (4), 30 (5),
    // Dec 1 (6), 2 (7), 3 (8), 4 (9), 7 (10), [Tue 8 Inmaculada Concepción], 9 (11), 10 (12),
    // 11 (13), 14 (14), 15 (15) -> 2026-12-15.
    CHECK(r.due_on == Date(2026, 12, 15));
    CHECK_FALSE(r.resolved_on.has_value());

    // What open() returned is what was stored.
    const ServiceRequest g = d.db.requests().get(r.meta.id);
    CHECK(g.status == RequestStatus::Routed);
    CHECK(g.department_id == aseo);
    CHECK(g.routing_rule_id == rule);
    CHECK(g.due_on == Date(2026, 12, 15));
    CHECK(g.attributes == "trees=3");

    // History: received, then routed with the rule's explanation.
    const auto h = d.db.requests().history(r.meta.id);
    REQUIRE(h.size() == 2);
    CHECK(h[0].kind == "transition");
    CHECK_FALSE(h[0].from_status.has_value());
    CHECK(h[0].to_status == RequestStatus::Received);
    CHECK(h[0].staff_id == d.staff());
    CHECK(h[0].on == Date(2026, 11, 23));
    CHECK(h[1].kind == "transition");
    CHECK(h[1].from_status == RequestStatus::Received);
    CHECK(h[1].to_status == RequestStatus::Routed);
    CHECK(h[1].department_id == aseo);
    CHECK(h[1].routing_rule_id == rule);
    CHECK(h[1].note == "rule " + std::to_string(rule) + " (category tree_pruning)");
    CHECK_FALSE(h[1].visible_to_employer);
}

TEST_CASE("a category without a rule waits in triage: nothing is dropped", "[requests]") {
    Desk d;
    NewServiceRequest n;
    n.office_id = d.office();
    n.category = "other";
    n.description = "Consulta por permiso de evento en la plaza";
    n.requester_name = "María Pérez";
    n.received_on = Date(2026, 11, 20);
    const ServiceRequest r = d.db.requests().open(n);

    CHECK(r.status == RequestStatus::Received);
    CHECK_FALSE(r.department_id.has_value());
    CHECK_FALSE(r.routing_rule_id.has_value());
    CHECK(r.in_triage());
    // "other" has 10 business days; from Fri 2026-11-20: Nov 23 (1) .. 27 (5), Nov 30 (6),
    // Dec 1 (7), 2 (8), 3 (9), 4 (10) -> 2026-12-04 (no holiday in between).
    CHECK(r.due_on == Date(2026, 12, 4));

    const auto h = d.db.requests().history(r.meta.id);
    REQUIRE(h.size() == 2);
    CHECK(h[0].to_status == RequestStatus::Received);
    CHECK_FALSE(h[0].staff_id.has_value());  // staff_id 0 = nobody
    CHECK(h[1].kind == "note");
    CHECK(h[1].note == "no rule matched category other: triage");

    // A routed one next to it, to see the triage filter work.
    auto routed = d.of_employer("security_patrol", Date(2026, 11, 20));
    const ServiceRequest p = d.db.requests().open(routed);
    REQUIRE(p.status == RequestStatus::Routed);

    const auto triage = d.db.requests().list(d.office(), {.triage_only = true});
    REQUIRE(triage.size() == 1);
    CHECK(triage[0].meta.id == r.meta.id);
    CHECK(d.db.requests().list(d.office()).size() == 2);
    CHECK(d.db.requests().list(d.office(), {.department_id = d.dept("seguridad")}).size() == 1);
    CHECK(d.db.requests().list(d.office(), {.employer_id = d.gulmue.meta.id}).size() == 1);

    // It cannot be "routed" by a plain transition: a department has to be chosen.
    const auto e = capture<ValidationError>(
        [&] { d.db.requests().transition(r.meta.id, RequestStatus::Routed, d.staff(), "a ver"); });
    CHECK(e.field() == "status");
    CHECK(d.db.requests().get(r.meta.id).status == RequestStatus::Received);

    // Routing it by hand takes it out of triage.
    const ServiceRequest by_hand =
        d.db.requests().reroute(r.meta.id, d.dept("dideco"), d.staff(), "", Date(2026, 11, 23));
    CHECK(by_hand.status == RequestStatus::Routed);
    CHECK(by_hand.department_id == d.dept("dideco"));
    CHECK_FALSE(by_hand.in_triage());
    CHECK(d.db.requests().list(d.office(), {.triage_only = true}).empty());
    const auto h2 = d.db.requests().history(r.meta.id);
    REQUIRE(h2.size() == 3);
    CHECK(h2[2].kind == "reroute");
    CHECK(h2[2].from_status == RequestStatus::Received);
    CHECK(h2[2].to_status == RequestStatus::Routed);
    CHECK(h2[2].note == "routed by hand to Dirección de Desarrollo Comunitario (DIDECO)");
}

TEST_CASE("an area-specific rule with a lower position wins over the default", "[requests]") {
    Desk d;
    const Id office = d.office();
    const Department park = d.db.departments().add(office, "seguridad_gulmue", "Seguridad Parque Industrial Gulmué");
    // Default security_patrol rule is at position 60; this one at 5 is tried first.
    RoutingRule rule;
    rule.position = 5;
    rule.category = "security_patrol";
    rule.area = "Parque Industrial Gulmué";
    rule.department_id = park.meta.id;
    const RoutingRule added = d.db.routing().add(office, rule);
    CHECK(added.id > 0);
    CHECK(d.db.routing().list(office).front().id == added.id);  // ordered by position

    // Same area written differently (case, accents): the area rule fires.
    auto in_park = d.of_employer("security_patrol", test_day(), "Rondas nocturnas");
    in_park.area = "parque industrial gulmue";
    const ServiceRequest a = d.db.requests().open(in_park);
    CHECK(a.department_id == park.meta.id);
    CHECK(a.routing_rule_id == added.id);
    CHECK(a.area == "parque industrial gulmue");
    CHECK(d.db.requests().history(a.meta.id)[1].note ==
          "rule " + std::to_string(added.id) + " (category security_patrol, area 'Parque Industrial Gulmué')");

    // Another area: falls through to the default rule (Seguridad Pública).
    auto elsewhere = d.of_employer("security_patrol", test_day(), "Rondas nocturnas");
    elsewhere.area = "Centro";
    const ServiceRequest b = d.db.requests().open(elsewhere);
    CHECK(b.department_id == d.dept("seguridad"));
    CHECK(b.routing_rule_id != added.id);

    // Deactivating the area rule sends park requests to the default again.
    d.db.routing().set_active(added.id, false);
    const ServiceRequest c = d.db.requests().open(in_park);
    CHECK(c.department_id == d.dept("seguridad"));
    CHECK_THROWS_AS(d.db.routing().set_active(999999, true), NotFound);
}

TEST_CASE("keyword rules route by whole words of the description", "[requests]") {
    Desk d;
    const Id office = d.office();
    // Fallen poles go to Obras before the default Operaciones rule (position 30).
    RoutingRule rule;
    rule.position = 1;
    rule.category = "street_lights";
    rule.keywords = {"poste caido"};
    rule.department_id = d.dept("obras");
    const RoutingRule added = d.db.routing().add(office, rule);

    const ServiceRequest a =
        d.db.requests().open(d.of_employer("street_lights", test_day(), "Poste caído frente a la bodega 3"));
    CHECK(a.department_id == d.dept("obras"));
    CHECK(a.routing_rule_id == added.id);
    CHECK(contains(d.db.requests().history(a.meta.id)[1].note, "keyword 'poste caido'"));

    const ServiceRequest b =
        d.db.requests().open(d.of_employer("street_lights", test_day(), "Luminaria apagada en el pasaje"));
    CHECK(b.department_id == d.dept("operaciones"));

    // "postes caidos" is not the words "poste caido".
    const ServiceRequest c =
        d.db.requests().open(d.of_employer("street_lights", test_day(), "Postes caidos en la calle"));
    CHECK(c.department_id == d.dept("operaciones"));

    // A rule for a category the catalogue does not have is refused.
    RoutingRule bad = rule;
    bad.category = "fireworks";
    CHECK_THROWS_AS(d.db.routing().add(office, bad), NotFound);
    CHECK(d.db.routing().list(office).size() == 9);
}

TEST_CASE("open refuses bad input and writes nothing", "[requests]") {
    Desk d;

    SECTION("unknown category") {
        const auto e = capture<ValidationError>(
            [&] { d.db.requests().open(d.of_employer("fireworks", test_day(), "Show de fuegos")); });
        CHECK(e.field() == "category");
        CHECK(e.value() == "fireworks");
    }
    SECTION("tree_pruning without the number of trees") {
        const auto e =
            capture<ValidationError>([&] { d.db.requests().open(d.of_employer("tree_pruning", test_day(), "Poda")); });
        CHECK(e.field() == "trees");
        CHECK(contains(e.what(), "trees"));
    }
    SECTION("tree_pruning with an empty trees attribute") {
        auto n = d.of_employer("tree_pruning", test_day(), "Poda");
        n.attributes = "trees=";
        const auto e = capture<ValidationError>([&] { d.db.requests().open(n); });
        CHECK(e.field() == "trees");
    }
    SECTION("no employer and no office") {
        NewServiceRequest n;
        n.category = "other";
        n.description = "Consulta";
        const auto e = capture<ValidationError>([&] { d.db.requests().open(n); });
        CHECK(e.field() == "office");
    }
    SECTION("a location category without address, coordinates or an employer address") {
        NewServiceRequest n;
        n.office_id = d.office();
        n.category = "garbage_removal";
        n.description = "Microbasural";
        const auto e = capture<ValidationError>([&] { d.db.requests().open(n); });
        CHECK(e.field() == "address");
    }
    SECTION("received in the future") {
        const auto e = capture<ValidationError>(
            [&] { d.db.requests().open(d.of_employer("security_patrol", Date(2026, 11, 24))); });
        CHECK(e.field() == "received_on");
    }
    SECTION("latitude without longitude") {
        auto n = d.of_employer("garbage_removal", test_day(), "Escombros");
        n.latitude = -32.93;
        const auto e = capture<ValidationError>([&] { d.db.requests().open(n); });
        CHECK(e.field() == "latitude");
    }
    CHECK(d.stored_requests() == 0);
}

TEST_CASE("the location comes from the employer when the request gives none", "[requests]") {
    Desk d;
    auto n = d.of_employer("tree_pruning", test_day(), "Poda");
    n.attributes = "trees=2";
    const ServiceRequest a = d.db.requests().open(n);
    CHECK(a.address == "Camino Concón-Quintero km 2, Parque Industrial Gulmué");

    // An address given explicitly is kept.
    n.address = "Av. Borgoño 21000";
    const ServiceRequest b = d.db.requests().open(n);
    CHECK(b.address == "Av. Borgoño 21000");

    // A category without "location" does not copy the employer's address.
    const ServiceRequest c = d.db.requests().open(d.of_employer("security_patrol", test_day()));
    CHECK(c.address.empty());

    // A request without employer but with an office is fine when it has a location.
    NewServiceRequest m;
    m.office_id = d.office();
    m.category = "street_lights";
    m.latitude = -32.93;
    m.longitude = -71.52;
    const ServiceRequest e = d.db.requests().open(m);
    CHECK_FALSE(e.employer_id.has_value());
    CHECK(e.office_id == d.office());
    CHECK(e.latitude == -32.93);
    CHECK(e.received_on == test_day());  // default today
}

// ---- Deadlines --------------------------------------------------------------------------------

TEST_CASE("deadlines count the category's business days over Chile's holidays", "[requests]") {
    Desk d;
    // security_patrol: 3 business days. Received Thu 2026-09-17; Fri 18 and Sat 19 are Fiestas
    // Patrias, Sun 20 a weekend: Mon 21 (1), Tue 22 (2), Wed 23 (3) -> 2026-09-23.
    const ServiceRequest r = d.db.requests().open(d.of_employer("security_patrol", Date(2026, 9, 17)));
    CHECK(r.due_on == Date(2026, 9, 23));

    // Received on the holiday itself (Fri 18): counts as received Mon 21; 3 days: Tue 22 (1),
    // Wed 23 (2), Thu 24 (3) -> 2026-09-24.
    const ServiceRequest h = d.db.requests().open(d.of_employer("security_patrol", Date(2026, 9, 18)));
    CHECK(h.due_on == Date(2026, 9, 24));

    // The category's deadline can change; new requests use it. 5 days from Thu 2026-09-17:
    // Mon 21 (1), 22 (2), 23 (3), 24 (4), Fri 25 (5) -> 2026-09-25.
    d.db.catalogue().set_deadline(d.office(), "security_patrol", 5);
    const ServiceRequest f = d.db.requests().open(d.of_employer("security_patrol", Date(2026, 9, 17)));
    CHECK(f.due_on == Date(2026, 9, 25));
    CHECK(d.db.requests().get(r.meta.id).due_on == Date(2026, 9, 23));  // the earlier one keeps its own
    CHECK_THROWS_AS(d.db.catalogue().set_deadline(d.office(), "security_patrol", 0), ValidationError);
}

TEST_CASE("an office's local holiday moves the deadline", "[requests]") {
    Desk d;
    d.db.requests().add_holiday(d.office(), Date(2026, 9, 22), "Feriado comunal");
    const HolidayCalendar cal = d.db.requests().holidays(d.office());
    CHECK(cal.is_holiday(Date(2026, 9, 22)));
    CHECK(cal.holiday(Date(2026, 9, 22))->local);
    CHECK(cal.is_holiday(Date(2026, 9, 18)));  // the national ones are still there

    // Received Thu 2026-09-17, 3 days: Mon 21 (1), [Tue 22 local holiday], Wed 23 (2),
    // Thu 24 (3) -> 2026-09-24 instead of 2026-09-23.
    const ServiceRequest r = d.db.requests().open(d.of_employer("security_patrol", Date(2026, 9, 17)));
    CHECK(r.due_on == Date(2026, 9, 24));

    // Only this office observes it.
    const Office other = d.db.offices().add({.name = "OMIL Quintero", .commune = "Quintero"});
    CHECK_FALSE(d.db.requests().holidays(other.meta.id).is_holiday(Date(2026, 9, 22)));

    CHECK_THROWS_AS(d.db.requests().add_holiday(d.office(), Date(2026, 9, 22), "Otra vez"), Conflict);
    CHECK_THROWS_AS(d.db.requests().add_holiday(d.office(), Date(2026, 9, 23), " "), ValidationError);
}

TEST_CASE("pause and resume move the deadline by the paused business days", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    // street_lights: 5 business days. Received Mon 2026-11-02 (Sun 1 was Todos los Santos):
    // Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5) -> 2026-11-09.
    const ServiceRequest r = req.open(d.of_employer("street_lights", Date(2026, 11, 2), "Luminaria apagada"));
    REQUIRE(r.due_on == Date(2026, 11, 9));
    const Id id = r.meta.id;

    // Waiting on the employer from Wed 4: only Tue 3 (1) counts before it; the deadline is not
    // reached, so there is no due date while it waits.
    const ServiceRequest p = req.pause(id, Date(2026, 11, 4), d.staff(), "");
    CHECK_FALSE(p.due_on.has_value());
    CHECK(p.status == RequestStatus::Routed);

    // A second pause while one is open is a conflict and changes nothing.
    CHECK_THROWS_AS(req.pause(id, Date(2026, 11, 5), d.staff(), "otra"), Conflict);
    CHECK_FALSE(req.get(id).due_on.has_value());

    // Resume on Mon 9 (exclusive end): Wed 4, Thu 5, Fri 6 were paused (3 business days), so
    // Tue 3 (1), Mon 9 (2), Tue 10 (3), Wed 11 (4), Thu 12 (5) -> 2026-11-12 = 11-09 + 3.
    const ServiceRequest q = req.resume(id, Date(2026, 11, 9), d.staff());
    CHECK(q.due_on == Date(2026, 11, 12));
    CHECK_THROWS_AS(req.resume(id, Date(2026, 11, 10), d.staff()), Conflict);  // not waiting any more

    // A second wait, Tue 10 to Wed 11: Tue 3 (1), Mon 9 (2), [Tue 10 paused], Wed 11 (3),
    // Thu 12 (4), Fri 13 (5) -> 2026-11-13.
    req.pause(id, Date(2026, 11, 10), d.staff(), "falta plano del poste");
    CHECK_FALSE(req.get(id).due_on.has_value());                                     // Tue 3 and Mon 9 only: 2 < 5
    CHECK_THROWS_AS(req.resume(id, Date(2026, 11, 9), d.staff()), ValidationError);  // before it began
    CHECK(req.resume(id, Date(2026, 11, 11), d.staff()).due_on == Date(2026, 11, 13));

    const auto h = req.history(id);
    CHECK(kinds(h) == std::vector<std::string>{"transition", "transition", "pause", "resume", "pause", "resume"});
    CHECK(h[2].note == "waiting on the employer");
    CHECK(h[2].on == Date(2026, 11, 4));
    CHECK(h[4].note == "falta plano del poste");
    CHECK(h[5].on == Date(2026, 11, 11));
}

TEST_CASE("a pause after the deadline was reached keeps the due date", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    const Id id = req.open(d.of_employer("street_lights", Date(2026, 11, 2), "Luminaria")).meta.id;
    // Due Mon 2026-11-09 (see above); a wait from Tue 10 starts after it: the date stands.
    CHECK(req.pause(id, Date(2026, 11, 10), d.staff(), "").due_on == Date(2026, 11, 9));
    // A wait starting before receipt is refused.
    const Id other = req.open(d.of_employer("street_lights", Date(2026, 11, 2), "Luminaria")).meta.id;
    CHECK(capture<ValidationError>([&] { req.pause(other, Date(2026, 11, 1), d.staff(), ""); }).field() == "from");
}

// ---- Life cycle -------------------------------------------------------------------------------

TEST_CASE("life cycle: routed, in progress, resolved, closed, reopened, resolved", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    const Id staff = d.staff();
    const Id id = req.open(d.of_employer("security_patrol", Date(2026, 9, 17), "Rondas")).meta.id;

    CHECK(req.transition(id, RequestStatus::InProgress, staff, "patrulla asignada", false, Date(2026, 9, 18)).status ==
          RequestStatus::InProgress);
    const ServiceRequest resolved =
        req.transition(id, RequestStatus::Resolved, staff, "rondas hechas", true, Date(2026, 9, 22));
    CHECK(resolved.status == RequestStatus::Resolved);
    CHECK(resolved.resolved_on == Date(2026, 9, 22));
    const ServiceRequest closed = req.transition(id, RequestStatus::Closed, staff, "", false, Date(2026, 9, 25));
    CHECK(closed.status == RequestStatus::Closed);
    CHECK(closed.resolved_on == Date(2026, 9, 22));  // closing keeps when it was resolved

    // closed -> in_progress is not allowed: refused, nothing changes.
    const auto before = req.history(id);
    const auto e = capture<ValidationError>(
        [&] { req.transition(id, RequestStatus::InProgress, staff, "", false, Date(2026, 9, 28)); });
    CHECK(e.field() == "status");
    CHECK(e.value() == "in_progress");
    CHECK(req.get(id).status == RequestStatus::Closed);
    CHECK(req.history(id).size() == before.size());

    // Reopening clears resolved_on; resolving again sets the new day.
    const ServiceRequest reopened =
        req.transition(id, RequestStatus::Reopened, staff, "volvieron los robos", true, Date(2026, 10, 1));
    CHECK(reopened.status == RequestStatus::Reopened);
    CHECK_FALSE(reopened.resolved_on.has_value());
    CHECK(reopened.department_id == d.dept("seguridad"));
    const ServiceRequest again = req.transition(id, RequestStatus::Resolved, staff, "", false, Date(2026, 10, 5));
    CHECK(again.resolved_on == Date(2026, 10, 5));

    const auto h = req.history(id);
    REQUIRE(h.size() == 7);
    const std::vector<std::pair<RequestStatus, RequestStatus>> steps = {
        {RequestStatus::Received, RequestStatus::Routed},     {RequestStatus::Routed, RequestStatus::InProgress},
        {RequestStatus::InProgress, RequestStatus::Resolved}, {RequestStatus::Resolved, RequestStatus::Closed},
        {RequestStatus::Closed, RequestStatus::Reopened},     {RequestStatus::Reopened, RequestStatus::Resolved},
    };
    for (std::size_t i = 0; i < steps.size(); ++i) {
        INFO(i);
        CHECK(h[i + 1].kind == "transition");
        CHECK(h[i + 1].from_status == steps[i].first);
        CHECK(h[i + 1].to_status == steps[i].second);
    }
    CHECK(h[2].note == "patrulla asignada");
    CHECK(h[3].visible_to_employer);
    CHECK(h[3].on == Date(2026, 9, 22));
    CHECK(h[5].note == "volvieron los robos");

    // A transition dated before receipt is refused.
    CHECK(capture<ValidationError>([&] {
              req.transition(id, RequestStatus::Closed, staff, "", false, Date(2026, 9, 16));
          }).field() == "on");
    CHECK(req.get(id).status == RequestStatus::Resolved);
}

TEST_CASE("reroute by hand keeps the previous department in the history", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    auto n = d.of_employer("tree_pruning", test_day(), "Ramas sobre el cerco");
    n.attributes = "trees=1";
    const ServiceRequest r = req.open(n);
    REQUIRE(r.department_id == d.dept("aseo"));

    const ServiceRequest moved =
        req.reroute(r.meta.id, d.dept("medio_ambiente"), d.staff(), "árbol nativo protegido", test_day());
    CHECK(moved.status == RequestStatus::Routed);
    CHECK(moved.department_id == d.dept("medio_ambiente"));
    CHECK_FALSE(moved.routing_rule_id.has_value());  // no rule decided it any more
    CHECK(moved.due_on == r.due_on);

    const auto h = req.history(r.meta.id);
    REQUIRE(h.size() == 3);
    CHECK(h[1].department_id == d.dept("aseo"));  // the previous department stays on record
    CHECK(h[2].kind == "reroute");
    CHECK(h[2].from_status == RequestStatus::Routed);
    CHECK(h[2].to_status == RequestStatus::Routed);
    CHECK(h[2].department_id == d.dept("medio_ambiente"));
    CHECK(h[2].note == "árbol nativo protegido");

    // In progress can also be rerouted; an inactive department cannot receive it.
    req.transition(r.meta.id, RequestStatus::InProgress, d.staff(), "", false, test_day());
    d.db.departments().update(d.dept("dideco"), std::nullopt, std::nullopt, false);
    CHECK(capture<ValidationError>([&] {
              req.reroute(r.meta.id, d.dept("dideco"), d.staff(), "", test_day());
          }).field() == "department");
    CHECK(req.reroute(r.meta.id, d.dept("obras"), d.staff(), "", test_day()).department_id == d.dept("obras"));

    // A resolved request cannot be rerouted; nothing changes.
    req.transition(r.meta.id, RequestStatus::Resolved, d.staff(), "", false, test_day());
    CHECK_THROWS_AS(req.reroute(r.meta.id, d.dept("aseo"), d.staff(), "", test_day()), ValidationError);
    CHECK(req.get(r.meta.id).department_id == d.dept("obras"));
    CHECK(req.get(r.meta.id).status == RequestStatus::Resolved);
}

TEST_CASE("mark_duplicate links the original and is final", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    const Id original = req.open(d.of_employer("garbage_removal", Date(2026, 11, 20), "Escombros")).meta.id;
    const Id copy = req.open(d.of_employer("garbage_removal", Date(2026, 11, 23), "Escombros otra vez")).meta.id;

    const ServiceRequest dup = req.mark_duplicate(copy, original, d.staff(), test_day());
    CHECK(dup.status == RequestStatus::Duplicate);
    CHECK(dup.duplicate_of == original);
    const auto h = req.history(copy);
    CHECK(h.back().to_status == RequestStatus::Duplicate);
    CHECK(h.back().note == "duplicate of request " + std::to_string(original));
    CHECK(h.back().visible_to_employer);

    // Final: no state follows duplicate.
    CHECK_THROWS_AS(req.transition(copy, RequestStatus::Reopened, d.staff(), ""), ValidationError);
    CHECK_THROWS_AS(req.reroute(copy, d.dept("aseo"), d.staff(), ""), ValidationError);
    CHECK_THROWS_AS(req.mark_duplicate(copy, original, d.staff()), ValidationError);
    CHECK(req.get(copy).status == RequestStatus::Duplicate);
    CHECK(req.history(copy).size() == h.size());
    // It is no longer open; the original still is.
    const auto open = req.list(d.office());
    REQUIRE(open.size() == 1);
    CHECK(open[0].meta.id == original);

    // A request is not a duplicate of itself.
    CHECK(capture<ValidationError>([&] { req.mark_duplicate(original, original, d.staff()); }).field() == "original");
    CHECK_THROWS_AS(req.mark_duplicate(original, 999999, d.staff()), NotFound);
}

TEST_CASE("duplicates do not go round in a circle", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    auto open = [&](const char* text) {
        return req.open(d.of_employer("garbage_removal", Date(2026, 11, 20), text)).meta.id;
    };
    const Id a = open("Escombros"), b = open("Escombros otra vez"), c = open("Escombros, tercer aviso");
    req.mark_duplicate(a, b, d.staff());
    // b cannot become a duplicate of a, which is already a duplicate of b.
    auto e = capture<Conflict>([&] { req.mark_duplicate(b, a, d.staff()); });
    CHECK(contains(e.what(), std::to_string(b) + " -> " + std::to_string(a) + " -> " + std::to_string(b)));
    CHECK(req.get(b).status == RequestStatus::Routed);
    CHECK_FALSE(req.get(b).duplicate_of.has_value());
    // Nor round a longer circle: b -> c, then c -> a (a -> b -> c).
    req.mark_duplicate(b, c, d.staff());
    CHECK_THROWS_AS(req.mark_duplicate(c, a, d.staff()), Conflict);
    CHECK(req.get(c).status == RequestStatus::Routed);
    // A chain that ends at an open request is fine: a second copy of a points into it.
    const Id e2 = open("Escombros, cuarto aviso");
    CHECK(req.mark_duplicate(e2, a, d.staff()).duplicate_of == a);
}

TEST_CASE("changes to a request are dated in order and not after today", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    // Received and routed on 2026-11-02; in progress on 2026-11-05.
    const Id id = req.open(d.of_employer("street_lights", Date(2026, 11, 2), "Luminaria")).meta.id;
    req.transition(id, RequestStatus::InProgress, d.staff(), "", false, Date(2026, 11, 5));
    const auto before = req.history(id).size();
    auto field_of = [](auto f) {
        const auto e = capture<ValidationError>(f);
        return e.field() + "=" + e.value();
    };
    // Resolved before it was in progress, or tomorrow.
    CHECK(field_of([&] { req.transition(id, RequestStatus::Resolved, d.staff(), "", false, Date(2026, 11, 4)); }) ==
          "on=2026-11-04");
    CHECK(field_of([&] { req.transition(id, RequestStatus::Resolved, d.staff(), "", false, Date(2026, 11, 24)); }) ==
          "on=2026-11-24");
    CHECK(field_of([&] { req.reroute(id, d.dept("obras"), d.staff(), "", Date(2026, 11, 3)); }) == "on=2026-11-03");
    CHECK(field_of([&] { req.reroute(id, d.dept("obras"), d.staff(), "", Date(2027, 1, 4)); }) == "on=2027-01-04");
    CHECK(field_of([&] { req.pause(id, Date(2026, 11, 4), d.staff(), ""); }) == "from=2026-11-04");
    CHECK(field_of([&] { req.pause(id, Date(2026, 12, 1), d.staff(), ""); }) == "from=2026-12-01");
    const Id other = req.open(d.of_employer("street_lights", Date(2026, 11, 2), "Otra luminaria")).meta.id;
    CHECK(field_of([&] { req.mark_duplicate(other, id, d.staff(), Date(2026, 11, 1)); }) == "on=2026-11-01");
    CHECK(field_of([&] { req.mark_duplicate(other, id, d.staff(), Date(2026, 11, 24)); }) == "on=2026-11-24");
    CHECK(req.get(other).status == RequestStatus::Routed);
    CHECK(field_of([&] { req.add_note(id, d.staff(), "nota", false, Date(2026, 11, 1)); }) == "on=2026-11-01");
    CHECK(field_of([&] { req.reminded(id, d.staff(), "correo", Date(2026, 11, 30)); }) == "on=2026-11-30");
    // Nothing of the refused calls is kept.
    CHECK(req.history(id).size() == before);
    CHECK(req.get(id).status == RequestStatus::InProgress);
    // A wait resumed before its latest entry, or in the future.
    req.pause(id, Date(2026, 11, 10), d.staff(), "");
    req.add_note(id, d.staff(), "Se pidió el plano", false, Date(2026, 11, 12));
    CHECK(field_of([&] { req.resume(id, Date(2026, 11, 25), d.staff()); }) == "to=2026-11-25");
    // A note may be written down after the fact, between earlier entries.
    CHECK_NOTHROW(req.add_note(id, d.staff(), "Llamó la empresa", false, Date(2026, 11, 6)));
    CHECK(req.resume(id, Date(2026, 11, 12), d.staff()).status == RequestStatus::InProgress);
    CHECK(req.transition(id, RequestStatus::Resolved, d.staff(), "", false, test_day()).resolved_on == test_day());
}

TEST_CASE("notes, notices to the employer and reminders are kept in the history", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    const Id id = req.open(d.of_employer("garbage_removal", test_day(), "Microbasural")).meta.id;

    req.add_note(id, d.staff(), "Aseo pide fotos", false, test_day());
    req.add_note(id, d.staff(), "Retiro programado para el jueves", true, test_day());
    req.told_employer(id, d.staff(), "Se informó por teléfono", test_day());
    req.reminded(id, d.staff(), "Correo a Aseo", test_day());
    CHECK(capture<ValidationError>([&] { req.add_note(id, d.staff(), "  ", false); }).field() == "note");

    const auto h = req.history(id);
    REQUIRE(h.size() == 6);
    CHECK(kinds(h) == std::vector<std::string>{"transition", "transition", "note", "note", "notified", "reminder"});
    CHECK_FALSE(h[2].visible_to_employer);
    CHECK(h[3].visible_to_employer);
    CHECK(h[4].visible_to_employer);
    CHECK(h[4].note == "Se informó por teléfono");
    CHECK_FALSE(h[5].visible_to_employer);
    for (std::size_t i = 2; i < 6; ++i) {
        CHECK(h[i].department_id == d.dept("aseo"));
        CHECK(h[i].staff_id == d.staff());
        CHECK(h[i].on == test_day());
    }
    // Notes do not change the request.
    CHECK(req.get(id).status == RequestStatus::Routed);
}

TEST_CASE("overdue and near_deadline", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    // A: security_patrol received Thu 2026-09-17, due Wed 2026-09-23 (see above).
    const Id a = req.open(d.of_employer("security_patrol", Date(2026, 9, 17))).meta.id;
    // B: street_lights received Mon 2026-11-02, due Mon 2026-11-09.
    const Id b = req.open(d.of_employer("street_lights", Date(2026, 11, 2), "Luminaria")).meta.id;

    // Overdue means due strictly before the day.
    CHECK(req.overdue(d.office(), Date(2026, 9, 23)).empty());
    auto late = req.overdue(d.office(), Date(2026, 9, 24));
    REQUIRE(late.size() == 1);
    CHECK(late[0].meta.id == a);
    CHECK(req.overdue(d.office(), Date(2026, 11, 10)).size() == 2);

    // Near: due between the day and 2 business days after it. From Thu 2026-11-05: Fri 6 (1),
    // Mon 9 (2) -> limit 11-09, B is near; with 1 day the limit is Fri 6, B is not.
    auto near = req.near_deadline(d.office(), Date(2026, 11, 5), 2);
    REQUIRE(near.size() == 1);
    CHECK(near[0].meta.id == b);
    CHECK(req.near_deadline(d.office(), Date(2026, 11, 5), 1).empty());
    // Due on the day itself is near, not overdue; once past it is overdue, not near.
    CHECK(req.near_deadline(d.office(), Date(2026, 11, 9), 0).size() == 1);
    CHECK(req.near_deadline(d.office(), Date(2026, 11, 10), 5).empty());

    // Resolved requests are neither.
    req.transition(a, RequestStatus::Resolved, d.staff(), "", false, Date(2026, 9, 30));
    late = req.overdue(d.office(), Date(2026, 11, 10));
    REQUIRE(late.size() == 1);
    CHECK(late[0].meta.id == b);

    // A request waiting without a due date is not overdue.
    req.pause(b, Date(2026, 11, 4), d.staff(), "");
    CHECK(req.overdue(d.office(), Date(2026, 11, 20)).empty());
}

// ---- Table ------------------------------------------------------------------------------------

TEST_CASE("Requests::table has one row per request, triage rows as (triage)", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    const ServiceRequest routed = req.open(d.of_employer("security_patrol", Date(2026, 9, 17), "Rondas"));
    NewServiceRequest n;
    n.office_id = d.office();
    n.category = "other";
    n.description = "Consulta";
    n.address = "Av. Concón Reñaca 100";
    n.received_on = Date(2026, 11, 20);
    const ServiceRequest triage = req.open(n);

    const Table t = req.table(d.office());
    std::vector<std::string> names;
    for (const auto& c : t.columns()) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"id", "uuid", "received_on", "category", "status", "department_id",
                                            "department", "employer_id", "employer", "due_on", "resolved_on",
                                            "description", "address"});
    CHECK(t.column("received_on").type == ColumnType::Date);
    CHECK(t.column("department_id").type == ColumnType::Int);
    REQUIRE(t.rows() == 2);

    // Rows in order of receipt: the September one first.
    CHECK(t.column("id").ints[0] == static_cast<std::int64_t>(routed.meta.id));
    CHECK(t.column("uuid").text_at(0) == routed.meta.uuid);
    CHECK(t.column("received_on").text_at(0) == "2026-09-17");
    CHECK(t.column("category").text_at(0) == "security_patrol");
    CHECK(t.column("status").text_at(0) == "routed");
    CHECK(t.column("department_id").ints[0] == static_cast<std::int64_t>(d.dept("seguridad")));
    CHECK(t.column("department").text_at(0) == "Dirección de Seguridad Pública");
    CHECK(t.column("employer_id").ints[0] == static_cast<std::int64_t>(d.gulmue.meta.id));
    CHECK(t.column("employer").text_at(0) == "Logística Gulmué SpA");
    CHECK(t.column("due_on").text_at(0) == "2026-09-23");
    CHECK(t.column("resolved_on").valid[0] == 0);
    CHECK(t.column("description").text_at(0) == "Rondas");

    CHECK(t.column("id").ints[1] == static_cast<std::int64_t>(triage.meta.id));
    CHECK(t.column("status").text_at(1) == "received");
    CHECK(t.column("department_id").valid[1] == 0);
    CHECK(t.column("department").text_at(1) == "(triage)");
    CHECK(t.column("employer_id").valid[1] == 0);
    CHECK(t.column("employer").valid[1] == 0);
    CHECK(t.column("due_on").text_at(1) == "2026-12-04");
    CHECK(t.column("address").text_at(1) == "Av. Concón Reñaca 100");

    // The filter applies: only triage, and closed ones only with open_only = false.
    CHECK(req.table(d.office(), {.triage_only = true}).rows() == 1);
    req.transition(routed.meta.id, RequestStatus::Resolved, d.staff(), "", false, Date(2026, 9, 22));
    CHECK(req.table(d.office()).rows() == 1);
    const Table all = req.table(d.office(), {.open_only = false});
    REQUIRE(all.rows() == 2);
    CHECK(all.column("resolved_on").text_at(0) == "2026-09-22");
}

// ---- open_many: the bulk path ------------------------------------------------------------------

namespace {

/// A local holiday and an area rule, then a visit to Gulmué that raised a request: the same in
/// every database it is done to.
Id dress(Desk& d) {
    d.db.requests().add_holiday(d.office(), Date(2026, 9, 22), "Feriado comunal");
    d.db.routing().add(d.office(), {.position = 1,
                                    .category = "garbage_removal",
                                    .area = "Parque Industrial",
                                    .department_id = d.dept("medio_ambiente")});
    return d.db.interactions()
        .log({.kind = InteractionKind::Visit,
              .on = Date(2026, 11, 2),
              .staff_id = d.staff(),
              .employer_id = d.gulmue.meta.id})
        .meta.id;
}

/// Requests routed by rule, by area rule and to triage, around Fiestas Patrias and a local
/// holiday, with and without an employer, one raised at a visit.
std::vector<NewServiceRequest> batch(const Desk& d, Id visit) {
    auto pruning = d.of_employer("tree_pruning", test_day(), "Poda de tres árboles");
    pruning.attributes = " trees=3 ";
    NewServiceRequest triage;
    triage.office_id = d.office();
    triage.category = " other ";
    triage.description = "Consulta por patentes";
    triage.address = "Av. Concón Reñaca 100";
    triage.requester_name = " Vecino ";
    triage.requester_email = " Vecino@Example.CL ";
    triage.requester_phone = "9 8765 4321";
    triage.received_on = Date(2026, 11, 20);
    auto patrol = d.of_employer("security_patrol", Date(2026, 9, 17), "Rondas nocturnas");
    auto garbage = d.of_employer("garbage_removal", Date(2026, 11, 2), "Microbasural en el acceso");
    garbage.area = "Parque Industrial";
    garbage.interaction_id = visit;
    auto lights = d.of_employer("street_lights", test_day(), "Poste apagado");
    lights.latitude = -32.93;
    lights.longitude = -71.51;
    lights.staff_id = 0;
    return {pruning, triage, patrol, garbage, lights};
}

std::string describe(const ServiceRequest& r) {
    std::ostringstream out;
    auto opt = [&](const auto& v) {
        if (v) out << *v;
        out << '|';
    };
    out << r.meta.id << '|' << r.office_id << '|';
    opt(r.employer_id);
    opt(r.interaction_id);
    out << r.category << '|' << r.description << '|' << r.address << '|';
    opt(r.latitude);
    opt(r.longitude);
    out << r.area << '|' << r.attributes << '|' << r.requester_name << '|' << r.requester_email << '|'
        << r.requester_phone << '|' << to_string(r.status) << '|';
    opt(r.department_id);
    opt(r.routing_rule_id);
    out << r.received_on.iso() << '|' << r.deadline_days << '|' << (r.due_on ? r.due_on->iso() : "") << '|';
    return out.str();
}

std::string describe(const std::vector<RequestEvent>& history) {
    std::ostringstream out;
    for (const auto& e : history) {
        out << e.request_id << ' ' << e.kind << ' ' << e.on.iso() << ' ' << e.staff_id.value_or(0) << ' '
            << (e.from_status ? to_string(*e.from_status) : "-") << ' ' << (e.to_status ? to_string(*e.to_status) : "-")
            << ' ' << e.department_id.value_or(0) << ' ' << e.routing_rule_id.value_or(0) << ' ' << e.note << ' '
            << e.visible_to_employer << '\n';
    }
    return out.str();
}

}  // namespace

TEST_CASE("open_many stores, routes and dates exactly as open does row by row", "[requests][bulk]") {
    Desk one, bulk;
    const Id visit = dress(one);
    REQUIRE(dress(bulk) == visit);
    std::vector<Id> ids;
    for (const auto& row : batch(one, visit)) ids.push_back(one.db.requests().open(row).meta.id);
    CHECK(bulk.db.requests().open_many(batch(bulk, visit)) == ids);

    const RequestFilter all{.open_only = false};
    CHECK(omt::csv_without_uuid(bulk.db.requests().table(bulk.office(), all)) ==
          omt::csv_without_uuid(one.db.requests().table(one.office(), all)));
    for (Id id : ids) {
        CHECK(describe(bulk.db.requests().get(id)) == describe(one.db.requests().get(id)));
        CHECK(describe(bulk.db.requests().history(id)) == describe(one.db.requests().history(id)));
    }
    // The derived fields, by hand: 15 business days over Dec 8 for the pruning; triage; 3 business
    // days from Thu 09-17 over Fiestas Patrias and the local holiday (Tue 22) -> Thu 09-24; the
    // area rule beats the seeded garbage rule.
    const auto r = [&](std::size_t i) { return bulk.db.requests().get(ids[i]); };
    CHECK(r(0).due_on == Date(2026, 12, 15));
    CHECK(r(0).department_id == bulk.dept("aseo"));
    CHECK(r(0).address == bulk.gulmue.address);  // the employer's premises
    CHECK(r(1).in_triage());
    CHECK(r(1).category == "other");
    CHECK(r(2).due_on == Date(2026, 9, 24));
    CHECK(r(3).department_id == bulk.dept("medio_ambiente"));
    CHECK(r(3).interaction_id == visit);
    CHECK(r(4).latitude == -32.93);
    CHECK(bulk.db.requests().history(ids[4]).front().staff_id == std::nullopt);
    CHECK(bulk.db.requests().history(ids[1]).back().kind == "note");  // why it waits in triage
}

TEST_CASE("open_many with a bad row opens nothing and names the row and field", "[requests][bulk]") {
    Desk d;
    const Id visit = dress(d);
    auto rows = batch(d, visit);
    SECTION("a category the office does not offer") {
        rows[1].category = "flying_cars";
        const auto e = capture<ValidationError>([&] { d.db.requests().open_many(rows); });
        CHECK(e.field() == "rows[1].category");
        CHECK(e.value() == "flying_cars");
    }
    SECTION("an attribute the category needs") {
        rows[0].attributes.clear();
        CHECK(capture<ValidationError>([&] { d.db.requests().open_many(rows); }).field() == "rows[0].trees");
    }
    SECTION("received in the future") {
        rows[2].received_on = Date(2026, 11, 24);
        CHECK(capture<ValidationError>([&] { d.db.requests().open_many(rows); }).field() == "rows[2].received_on");
    }
    SECTION("an employer and an interaction that do not exist") {
        rows[4].employer_id = 999;
        auto e = capture<ValidationError>([&] { d.db.requests().open_many(rows); });
        CHECK(e.field() == "rows[4].employer");
        CHECK(e.value() == "999");
        rows[4].employer_id = d.gulmue.meta.id;
        rows[3].interaction_id = 999;
        e = capture<ValidationError>([&] { d.db.requests().open_many(rows); });
        CHECK(e.field() == "rows[3].interaction");
        CHECK(e.value() == "999");
    }
    SECTION("staff of another office") {
        const auto other = d.db.offices().add({.name = "OMIL Quintero", .commune = "Quintero"});
        rows[3].staff_id = d.db.staff().add({.office_id = other.meta.id, .name = "Xavier"}).meta.id;
        CHECK(capture<ValidationError>([&] { d.db.requests().open_many(rows); }).field() == "rows[3].staff");
    }
    CHECK(d.stored_requests() == 0);
    CHECK(d.db.requests().open_many({}).empty());
    CHECK(d.stored_requests() == 0);
}

TEST_CASE("deadline_compliance judges open requests overdue up to today, as open_by_department does", "[requests]") {
    // Asked on 2027-06-30 about the second half of the year: a request due 2027-07-02 is not late
    // yet, whatever day the period ends.
    auto clock = std::make_shared<FixedClock>(Date(2027, 6, 30));
    auto db = Database::open(":memory:", {.clock = clock});
    omt::Concon c(db);
    NewEmployer ne = c.employer("76.086.428-5", "Logística Gulmué SpA");
    ne.since = Date(2027, 1, 4);
    const Employer e = db.employers().add(ne);
    // security_patrol: 3 business days. Received Tue 06-29: 06-30, 07-01, 07-02.
    const ServiceRequest open =
        db.requests().open({.employer_id = e.meta.id, .category = "security_patrol", .received_on = Date(2027, 6, 29)});
    REQUIRE(open.due_on == Date(2027, 7, 2));
    // Received Tue 06-01, due Fri 06-04, still open: overdue by today.
    const ServiceRequest late =
        db.requests().open({.employer_id = e.meta.id, .category = "security_patrol", .received_on = Date(2027, 6, 1)});
    REQUIRE(late.due_on == Date(2027, 6, 4));

    const Table by_dept = db.requests().open_by_department(c.office.meta.id, Date(2027, 6, 30));
    std::int64_t overdue_now = 0;
    for (auto n : by_dept.column("overdue").ints) overdue_now += n;
    CHECK(overdue_now == 1);

    const Table t = db.requests().deadline_compliance(c.office.meta.id, Date(2027, 6, 1), Date(2027, 12, 31));
    REQUIRE(t.rows() == 1u);
    CHECK(t.column("open").ints[0] == 2);
    CHECK(t.column("open_overdue").ints[0] == 1);  // the June one; the one due 07-02 is not yet
    CHECK(t.metadata().at("judged_to") == "2027-06-30");
    // Over once the year is: judged to its end, when both are late.
    clock->set(FixedClock(Date(2028, 1, 10)).now());
    const Table after = db.requests().deadline_compliance(c.office.meta.id, Date(2027, 6, 1), Date(2027, 12, 31));
    CHECK(after.column("open_overdue").ints[0] == 2);
    CHECK(after.metadata().at("judged_to") == "2027-12-31");
}

// ---- Photos -----------------------------------------------------------------------------------

namespace {

// The first bytes of each kind of image, then bytes of no meaning: what the checks look at.
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + std::string(300, '\x7F');
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16) + std::string(40, '\x01');
const std::string kWebp = std::string("RIFF\x24\x00\x00\x00WEBPVP8 ", 16) + std::string(36, '\x02');

std::string field_refused(std::string_view type, std::string_view bytes) {
    return capture<ValidationError>([&] { check_photo(type, bytes); }).field();
}

}  // namespace

TEST_CASE("check_photo takes JPEG, PNG and WebP by their signatures and refuses the rest", "[requests][photos]") {
    CHECK(check_photo("image/jpeg", kJpeg) == "image/jpeg");
    CHECK(check_photo("image/png", kPng) == "image/png");
    CHECK(check_photo("image/webp", kWebp) == "image/webp");
    // The media type's case and parameters do not matter; what is stored is its plain name.
    CHECK(check_photo(" Image/JPEG; q=0.9", kJpeg) == "image/jpeg");

    // Another type, however good the bytes.
    for (const std::string_view type : {"", "image/gif", "application/octet-stream", "image/svg+xml", "text/html"}) {
        INFO(type);
        CHECK(field_refused(type, kJpeg) == "content_type");
    }
    // Bytes that are not an image of the type they are sent as.
    CHECK(field_refused("image/jpeg", "") == "photo");
    CHECK(field_refused("image/jpeg", kPng) == "photo");
    CHECK(field_refused("image/png", kJpeg) == "photo");
    CHECK(field_refused("image/png", kPng.substr(0, 7)) == "photo");
    CHECK(field_refused("image/jpeg", "<html><body>hola</body></html>") == "photo");
    CHECK(field_refused("image/jpeg", "%PDF-1.4\n") == "photo");
    // A sound is a RIFF file too, not a picture.
    CHECK(field_refused("image/webp", std::string("RIFF\x24\x00\x00\x00WAVEfmt ", 16)) == "photo");
    CHECK(field_refused("image/webp", "RIFF") == "photo");
    const auto e = capture<ValidationError>([] { check_photo("image/jpeg", "<html>"); });
    CHECK(e.value() == "3c 68 74 6d 6c 3e");
    CHECK(contains(e.what(), "not a JPEG image"));

    // 5 MiB is the most; one byte more is refused.
    std::string big = kJpeg + std::string(kMaxPhotoBytes - kJpeg.size(), '\x11');
    CHECK(check_photo("image/jpeg", big) == "image/jpeg");
    big += '\x11';
    const auto large = capture<ValidationError>([&] { check_photo("image/jpeg", big); });
    CHECK(large.field() == "photo");
    CHECK(contains(large.what(), "larger than 5 MiB"));
}

TEST_CASE("attach_photo keeps the bytes with the request and notes it in its history", "[requests][photos]") {
    Desk d;
    const ServiceRequest r = d.db.requests().open(d.of_employer("green_areas", test_day(), "Pasto muy alto"));
    const std::size_t before = d.db.requests().history(r.meta.id).size();

    const RequestPhoto first = d.db.requests().attach_photo(r.meta.id, "image/jpeg", kJpeg);
    CHECK(first.meta.id > 0);
    CHECK(first.meta.uuid.size() == 36);
    CHECK(first.request_id == r.meta.id);
    CHECK(first.content_type == "image/jpeg");
    CHECK(first.size == static_cast<std::int64_t>(kJpeg.size()));
    const RequestPhoto second = d.db.requests().attach_photo(r.meta.id, "image/png", kPng);

    const auto photos = d.db.requests().photos(r.meta.id);
    REQUIRE(photos.size() == 2);
    CHECK(photos[0].meta.uuid == first.meta.uuid);
    CHECK(photos[1].meta.uuid == second.meta.uuid);
    CHECK(photos[1].content_type == "image/png");

    // The bytes come back as they went in, by the photo's UUID within the office.
    const auto jpeg = d.db.requests().photo(d.office(), first.meta.uuid);
    REQUIRE(jpeg);
    CHECK(jpeg->bytes == kJpeg);
    CHECK(jpeg->photo.content_type == "image/jpeg");
    CHECK(jpeg->photo.request_id == r.meta.id);
    CHECK(d.db.requests().photo(d.office(), second.meta.uuid)->bytes == kPng);

    // The history says a photo came, one note each, not shown to the employer.
    const auto history = d.db.requests().history(r.meta.id);
    REQUIRE(history.size() == before + 2);
    CHECK(history.back().kind == "note");
    CHECK(history.back().on == test_day());
    CHECK_FALSE(history.back().visible_to_employer);
    CHECK(contains(history.back().note, "photo added"));
    CHECK(contains(history.back().note, second.meta.uuid));
    // The request itself is unchanged: its own media_url stays empty.
    CHECK(d.db.requests().get(r.meta.id).media_url.empty());
}

TEST_CASE("a refused photo writes nothing, and a photo is only its office's", "[requests][photos]") {
    Desk d;
    const ServiceRequest r = d.db.requests().open(d.of_employer("green_areas", test_day(), "Pasto"));
    const std::size_t events = d.db.requests().history(r.meta.id).size();
    CHECK(capture<ValidationError>([&] { d.db.requests().attach_photo(r.meta.id, "text/plain", kJpeg); }).field() ==
          "content_type");
    CHECK(capture<ValidationError>([&] { d.db.requests().attach_photo(r.meta.id, "image/jpeg", ""); }).field() ==
          "photo");
    CHECK(capture<ValidationError>([&] { d.db.requests().attach_photo(r.meta.id, "image/webp", kPng); }).field() ==
          "photo");
    CHECK_THROWS_AS(d.db.requests().attach_photo(999999, "image/jpeg", kJpeg), NotFound);
    CHECK(d.db.requests().photos(r.meta.id).empty());
    CHECK(d.db.requests().history(r.meta.id).size() == events);
    CHECK_THROWS_AS(d.db.requests().photos(999999), NotFound);

    const RequestPhoto p = d.db.requests().attach_photo(r.meta.id, "image/webp", kWebp);
    const Office vina = d.db.offices().add({.name = "OMIL Viña del Mar", .commune = "vina del mar"});
    CHECK_FALSE(d.db.requests().photo(vina.meta.id, p.meta.uuid));
    CHECK_FALSE(d.db.requests().photo(d.office(), "no-such-photo"));
    CHECK_FALSE(d.db.requests().photo(d.office(), "\xFF\xFE"));
    CHECK_FALSE(d.db.requests().photo(d.office(), r.meta.uuid));  // the request's UUID names no photo
    CHECK(d.db.requests().photo(d.office(), p.meta.uuid)->bytes == kWebp);
}

TEST_CASE("overdue and near_deadline lists narrow to one department", "[requests]") {
    Desk d;
    auto& req = d.db.requests();
    const ServiceRequest a = req.open(d.of_employer("security_patrol", Date(2026, 9, 17)));
    const ServiceRequest b = req.open(d.of_employer("street_lights", Date(2026, 11, 2), "Luminaria"));
    REQUIRE(a.department_id);
    REQUIRE(b.department_id);
    REQUIRE(*a.department_id != *b.department_id);
    const auto late = req.overdue(d.office(), Date(2026, 11, 10), *b.department_id);
    REQUIRE(late.size() == 1);
    CHECK(late[0].meta.id == b.meta.id);
    CHECK(req.overdue(d.office(), Date(2026, 11, 10), *a.department_id).at(0).meta.id == a.meta.id);
    CHECK(req.near_deadline(d.office(), Date(2026, 11, 5), 2, *b.department_id).size() == 1);
    CHECK(req.near_deadline(d.office(), Date(2026, 11, 5), 2, *a.department_id).empty());
    // Another office's department is refused, naming the field.
    const Office other = d.db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
    const Id theirs = d.db.departments().list(other.meta.id).at(0).meta.id;
    CHECK(capture<ValidationError>([&] { req.overdue(d.office(), Date(2026, 11, 10), theirs); }).field() ==
          "department");
    CHECK_THROWS_AS(req.near_deadline(d.office(), Date(2026, 11, 5), 2, Id(99999)), NotFound);
}
