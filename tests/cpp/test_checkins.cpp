// Department check-ins through the public API: scheduled when a request is routed, moved to the
// new department when it is re-routed, done by a reminder or by hand, closed with the request;
// the lists by day, department and staff member; and the checkin_due reminder of the outbox.
// Today is Monday 2026-11-23; a tree pruning request received today is due Tuesday 15
// December (15 business days, Tuesday 8 December a holiday).
#include "helpers.hpp"

using namespace omt;

namespace {

struct Desk {
    Database db = fresh_db();
    Concon c{db};
    Employer acme;
    StaffMember carla;

    Desk() {
        db.departments().update(dept("aseo"), std::nullopt, std::string("aseo@concon.cl"), std::nullopt);
        carla = db.staff().add({.office_id = office(),
                                .name = "Carla Díaz",
                                .role = StaffRole::TerritorialManager,
                                .email = "carla@concon.cl",
                                .started = Date(2026, 1, 5)});
        NewEmployer e = c.employer("76.086.428-5", "Acme SpA");
        e.address = "Camino Concón-Quintero km 3";
        e.owner_id = carla.meta.id;
        acme = db.employers().add(e);
    }

    Id office() const { return c.office.meta.id; }
    Id dept(const char* code) { return db.departments().by_code(office(), code).value().meta.id; }

    ServiceRequest pruning(std::optional<Id> employer = {}) {
        NewServiceRequest n;
        n.office_id = office();
        n.employer_id = employer;
        n.category = "tree_pruning";
        n.description = "Ramas sobre el cableado";
        n.address = "Av. Borgoño 22100";
        n.attributes = "trees=2";
        n.staff_id = c.manager.meta.id;
        return db.requests().open(n);
    }
};

}  // namespace

TEST_CASE("Check-ins: routing a request schedules one with its department before the deadline", "[checkins]") {
    Desk d;
    const ServiceRequest r = d.pruning(d.acme.meta.id);
    REQUIRE(r.due_on == Date(2026, 12, 15));
    const auto all = d.db.checkins().of_request(r.meta.id);
    REQUIRE(all.size() == 1);
    const CheckIn& c = all[0];
    CHECK(c.department_id == d.dept("aseo"));
    CHECK(c.due_on == Date(2026, 12, 11));  // two business days before: Monday 14, Friday 11
    CHECK(c.origin == CheckInOrigin::Scheduled);
    CHECK(c.state == CheckInState::Open);
    CHECK(c.staff_id == d.carla.meta.id);  // the employer's owner follows it
    CHECK(d.db.checkins().get(c.meta.id).due_on == c.due_on);
    // Without an employer, who received it follows it.
    const ServiceRequest lone = d.pruning();
    CHECK(d.db.checkins().of_request(lone.meta.id).at(0).staff_id == d.c.manager.meta.id);
}

TEST_CASE("Check-ins: the office sets how many business days before the deadline", "[checkins]") {
    Desk d;
    CHECK(d.db.checkins().days_before(d.office()) == kDefaultCheckInDaysBefore);
    d.db.checkins().set_days_before(d.office(), 5);
    CHECK(d.db.checkins().days_before(d.office()) == 5);
    const ServiceRequest r = d.pruning();
    // Five business days before Tuesday 15 December: 14, 11, 10, 9 and (8 is a holiday) 7.
    CHECK(d.db.checkins().of_request(r.meta.id).at(0).due_on == Date(2026, 12, 7));
    const auto e = capture<ValidationError>([&] { d.db.checkins().set_days_before(d.office(), 61); });
    CHECK(e.field() == "days_before");
    CHECK(e.value() == "61");
    CHECK(d.db.checkins().days_before(d.office()) == 5);
}

TEST_CASE("Check-ins: a re-routed request closes the old department's and schedules the new one's", "[checkins]") {
    Desk d;
    const ServiceRequest r = d.pruning(d.acme.meta.id);
    d.db.requests().reroute(r.meta.id, d.dept("medio_ambiente"), d.c.manager.meta.id, "árbol nativo");
    const auto all = d.db.checkins().of_request(r.meta.id);
    REQUIRE(all.size() == 2);
    const auto old =
        std::find_if(all.begin(), all.end(), [&](const CheckIn& c) { return c.department_id == d.dept("aseo"); });
    const auto now = std::find_if(all.begin(), all.end(),
                                  [&](const CheckIn& c) { return c.department_id == d.dept("medio_ambiente"); });
    REQUIRE(old != all.end());
    REQUIRE(now != all.end());
    CHECK(old->state == CheckInState::Closed);
    CHECK(contains(old->outcome, "Medio Ambiente"));
    CHECK(now->state == CheckInState::Open);
    CHECK(now->due_on == Date(2026, 12, 11));
}

TEST_CASE("Check-ins: a reminder to the department does the check-in", "[checkins]") {
    Desk d;
    const ServiceRequest r = d.pruning();
    d.db.requests().reminded(r.meta.id, d.c.manager.meta.id, "Aseo dice que va el jueves");
    const CheckIn c = d.db.checkins().of_request(r.meta.id).at(0);
    CHECK(c.state == CheckInState::Done);
    CHECK(c.done_on == test_day());
    CHECK(c.done_by == d.c.manager.meta.id);
    CHECK(c.outcome == "Aseo dice que va el jueves");
}

TEST_CASE("Check-ins: closing the request closes its open check-ins", "[checkins]") {
    Desk d;
    const ServiceRequest r = d.pruning();
    d.db.requests().transition(r.meta.id, RequestStatus::Resolved, d.c.manager.meta.id, "podado");
    const CheckIn c = d.db.checkins().of_request(r.meta.id).at(0);
    CHECK(c.state == CheckInState::Closed);
    CHECK(c.outcome == "la solicitud está resuelta");
    // Reopened and routed again: a new one.
    d.db.requests().transition(r.meta.id, RequestStatus::Reopened, d.c.manager.meta.id, "quedaron ramas");
    d.db.requests().transition(r.meta.id, RequestStatus::Routed, d.c.manager.meta.id, "");
    const auto all = d.db.checkins().of_request(r.meta.id);
    REQUIRE(all.size() == 2);
    CHECK(std::count_if(all.begin(), all.end(), [](const CheckIn& x) { return x.state == CheckInState::Open; }) == 1);
}

TEST_CASE("Check-ins: scheduled by hand and done by hand", "[checkins]") {
    Desk d;
    const ServiceRequest r = d.pruning();
    const CheckIn c = d.db.checkins().schedule(r.meta.id, Date(2026, 11, 26), d.carla.meta.id, "preguntar por camión");
    CHECK(c.origin == CheckInOrigin::ByHand);
    CHECK(c.department_id == d.dept("aseo"));
    CHECK(c.note == "preguntar por camión");
    CHECK(d.db.checkins().of_request(r.meta.id).size() == 2);
    const CheckIn done = d.db.checkins().done(c.meta.id, d.carla.meta.id, "va el viernes");
    CHECK(done.state == CheckInState::Done);
    CHECK(done.outcome == "va el viernes");
    CHECK(capture<Conflict>([&] { d.db.checkins().done(c.meta.id, d.carla.meta.id); }).what() != std::string());
}

TEST_CASE("Check-ins: bad input is refused and changes nothing", "[checkins]") {
    Desk d;
    const ServiceRequest r = d.pruning();
    auto& checkins = d.db.checkins();
    auto past = capture<ValidationError>([&] { checkins.schedule(r.meta.id, Date(2026, 11, 20), 0); });
    CHECK(past.field() == "on");
    CHECK(past.value() == "2026-11-20");
    // A request in triage has no department to ask.
    NewServiceRequest other;
    other.office_id = d.office();
    other.category = "other";
    other.description = "Consulta";
    const ServiceRequest triage = d.db.requests().open(other);
    CHECK(checkins.of_request(triage.meta.id).empty());
    CHECK(capture<ValidationError>([&] { checkins.schedule(triage.meta.id, test_day(), 0); }).field() == "request");
    // Another office's staff member.
    const Office vina = d.db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
    const StaffMember x = d.db.staff().add(
        {.office_id = vina.meta.id, .name = "Xavier", .role = StaffRole::Head, .started = Date(2026, 1, 5)});
    CHECK(capture<ValidationError>([&] { checkins.schedule(r.meta.id, test_day(), x.meta.id); }).field() == "staff");
    const CheckIn c = checkins.of_request(r.meta.id).at(0);
    auto future = capture<ValidationError>([&] { checkins.done(c.meta.id, 0, "", Date(2026, 11, 30)); });
    CHECK(future.field() == "on");
    CHECK(capture<ValidationError>([&] { checkins.due(d.office(), test_day(), {.staff_id = x.meta.id}); }).field() ==
          "staff");
    CHECK(checkins.of_request(r.meta.id).size() == 1);
    CHECK(checkins.get(c.meta.id).state == CheckInState::Open);
    CHECK_THROWS_AS(checkins.get(999), NotFound);
}

TEST_CASE("Check-ins: due on a day and overdue, by department and staff member", "[checkins]") {
    Desk d;
    const ServiceRequest a = d.pruning(d.acme.meta.id);  // Carla's, Aseo, 11 December
    const ServiceRequest b = d.pruning();                // Bruno's, Aseo, 11 December
    d.db.checkins().schedule(b.meta.id, Date(2026, 11, 25), d.c.manager.meta.id);
    auto& checkins = d.db.checkins();
    CHECK(checkins.due(d.office(), Date(2026, 12, 11)).size() == 2);
    CHECK(checkins.due(d.office(), Date(2026, 12, 11), {.staff_id = d.carla.meta.id}).at(0).request_id == a.meta.id);
    CHECK(checkins.due(d.office(), Date(2026, 12, 11), {.department_id = d.dept("transito")}).empty());
    CHECK(checkins.overdue(d.office(), Date(2026, 11, 25)).empty());
    const auto late = checkins.overdue(d.office(), Date(2026, 11, 26));
    REQUIRE(late.size() == 1);
    CHECK(late[0].request_id == b.meta.id);
    const Table t = checkins.table(d.office(), Date(2026, 12, 11));
    CHECK(t.rows() == 3);
    CHECK(t.column("days_overdue").ints.front() == 16);
}

TEST_CASE("Check-ins: queue_due reminds who follows the request, once", "[checkins][outbox]") {
    Desk d;
    const ServiceRequest r = d.pruning(d.acme.meta.id);
    CHECK(d.db.outbox().list(d.office(), {.trigger = Notification::CheckinDue}).empty());
    d.db.outbox().queue_due(d.office(), Date(2026, 12, 10));
    CHECK(d.db.outbox().list(d.office(), {.trigger = Notification::CheckinDue}).empty());
    d.db.outbox().queue_due(d.office(), Date(2026, 12, 11));
    const auto sent = d.db.outbox().list(d.office(), {.trigger = Notification::CheckinDue});
    REQUIRE(sent.size() == 1);
    const Message& m = sent[0];
    CHECK(m.address == "carla@concon.cl");
    CHECK(m.trigger_table == "request_checkin");
    CHECK(m.subject == "Consultar a Dirección de Aseo y Ornato por la solicitud N° " + std::to_string(r.meta.id));
    CHECK(contains(m.text, "El viernes 11 de diciembre de 2026 toca consultar"));
    CHECK(contains(m.text, "que vence el martes 15 de diciembre de 2026"));
    CHECK(contains(m.text, "Dónde: Av. Borgoño 22100"));
    CHECK(contains(m.text, "Para: Acme SpA"));
    // And in Carla's digest; the next day no second reminder.
    const auto digests = d.db.outbox().list(d.office(), {.trigger = Notification::Digest});
    CHECK(std::any_of(digests.begin(), digests.end(), [&](const Message& x) {
        return x.address == "carla@concon.cl" && contains(x.subject, "viernes 11 de diciembre") &&
               contains(x.text, "Consultas a departamentos:\n- Dirección de Aseo y Ornato, solicitud N° " +
                                    std::to_string(r.meta.id) + " (Poda de árboles, Acme SpA), vence el martes 15");
    }));
    d.db.outbox().queue_due(d.office(), Date(2026, 12, 14));
    CHECK(d.db.outbox().list(d.office(), {.trigger = Notification::CheckinDue}).size() == 1);
    // Switched off: none.
    d.db.outbox().set_enabled(d.office(), Notification::CheckinDue, false);
    d.pruning(d.acme.meta.id);
    d.db.outbox().queue_due(d.office(), Date(2026, 12, 15));
    CHECK(d.db.outbox().list(d.office(), {.trigger = Notification::CheckinDue}).size() == 1);
}

TEST_CASE("Check-ins: a refused write leaves no check-in", "[checkins]") {
    Desk d;
    {
        Transaction tx = d.db.transaction();
        d.pruning();
        tx.rollback();
    }
    CHECK(d.db.checkins().due(d.office(), Date(2026, 12, 11)).empty());
}

TEST_CASE("Check-ins: a hand-over gives the open ones to the new owner, and the reminder follows", "[checkins]") {
    Desk d;
    const ServiceRequest r = d.pruning(d.acme.meta.id);
    const ServiceRequest other = d.pruning(d.acme.meta.id);
    const CheckIn done = d.db.checkins().of_request(other.meta.id).at(0);
    d.db.checkins().done(done.meta.id, d.carla.meta.id, "Confirmada para el lunes", Date(2026, 11, 23));
    const StaffMember nuevo = d.db.staff().add({.office_id = d.office(),
                                                .name = "Diego Rivas",
                                                .role = StaffRole::TerritorialManager,
                                                .email = "diego@concon.cl",
                                                .started = Date(2026, 1, 5)});
    CHECK(d.db.portfolio().hand_over(d.carla.meta.id, nuevo.meta.id, Date(2026, 11, 23), "licencia") == 1);
    CHECK(d.db.checkins().of_request(r.meta.id).at(0).staff_id == nuevo.meta.id);
    CHECK(d.db.checkins().get(done.meta.id).staff_id == d.carla.meta.id);  // a done one keeps who followed it
    const auto told = d.db.outbox().list(d.office(), {.trigger = Notification::HandOver});
    REQUIRE(told.size() == 1);
    CHECK(contains(told[0].text, "Con ellas recibes 1 compromisos y tareas abiertos"));
    d.db.outbox().queue_due(d.office(), Date(2026, 12, 11));
    const auto reminders = d.db.outbox().list(d.office(), {.trigger = Notification::CheckinDue});
    REQUIRE(reminders.size() == 1);
    CHECK(reminders[0].address == "diego@concon.cl");
}
