// The outbox through the public API: the messages each trigger writes in the same transaction as
// its change, the offices' switches and templates, the day's due work, and delivery's states
// (against a port where no mail server listens; the real server is tests/python/test_outbox.py).
#include "helpers.hpp"

#include <SQLiteCpp/Database.h>

#include <chrono>

using namespace omt;

namespace {

/// The Concón office with Aseo's e-mail, an employer with a primary contact, staff with e-mails
/// and a job seeker whose data must never reach a department or an employer.
struct Mail {
    Database db = fresh_db();
    Concon c{db};
    Employer acme;
    Contact marta;
    StaffMember carla;
    JobSeeker seeker;

    Mail() { setup(); }
    explicit Mail(Database opened) : db(std::move(opened)), c(db) { setup(); }

    void setup() {
        db.departments().update(dept("aseo"), std::nullopt, std::string("aseo@concon.cl"), std::nullopt);
        NewEmployer e = c.employer("76.086.428-5", "Acme SpA");
        e.address = "Camino Concón-Quintero km 3";
        e.owner_id = c.manager.meta.id;
        acme = db.employers().add(e);
        marta = db.contacts().add(
            {.employer_id = acme.meta.id, .name = "Marta Pérez", .email = "marta@acme.cl", .primary = true});
        carla = db.staff().add({.office_id = office(),
                                .name = "Carla Díaz",
                                .role = StaffRole::TerritorialManager,
                                .email = "carla@concon.cl",
                                .started = Date(2026, 1, 5)});
        NewJobSeeker s;
        s.office_id = office();
        s.rut = "11.111.111-1";
        s.name = "Yolanda Quispe Mamani";
        s.commune = "05103";
        s.registered_on = Date(2026, 1, 10);
        s.consent_on = Date(2026, 1, 10);
        s.consent_scope = {"intermediation"};
        seeker = db.seekers().add(s);
    }

    Id office() const { return c.office.meta.id; }
    Id dept(const char* code) { return db.departments().by_code(office(), code).value().meta.id; }

    ServiceRequest pruning(std::string email = "marta@acme.cl") {
        NewServiceRequest n;
        n.employer_id = acme.meta.id;
        n.category = "tree_pruning";
        n.description = "Ramas sobre el cableado";
        n.attributes = "trees=2";
        n.requester_name = "Marta Pérez";
        n.requester_email = std::move(email);
        n.staff_id = c.manager.meta.id;
        return db.requests().open(n);
    }

    std::vector<Message> messages(std::optional<Notification> t = {}) {
        return db.outbox().list(office(), {.trigger = t});
    }
};

SmtpSettings nowhere() {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    return {.url = "smtp://127.0.0.1:1", .from = "OMIL Concón <omil@concon.cl>", .timeout = std::chrono::seconds(5)};
}

}  // namespace

TEST_CASE("Outbox: a routed request writes one message to the department, pending", "[outbox]") {
    Mail m;
    const ServiceRequest r = m.pruning();
    const auto all = m.messages();
    REQUIRE(all.size() == 1);
    const Message& msg = all[0];
    CHECK(msg.trigger == Notification::RequestRouted);
    CHECK(msg.recipient_kind == RecipientKind::Department);
    CHECK(msg.recipient_id == m.dept("aseo"));
    CHECK(msg.address == "aseo@concon.cl");
    CHECK(msg.trigger_table == "service_request");
    CHECK(msg.trigger_id == r.meta.id);
    CHECK(msg.state == MessageState::Pending);
    CHECK(msg.attempts == 0);
    CHECK(msg.subject == "Solicitud N° " + std::to_string(r.meta.id) + " deriva: Poda de árboles");
    CHECK(contains(msg.text, "Ramas sobre el cableado"));
    CHECK(contains(msg.text, "Para: Acme SpA"));
    CHECK(contains(msg.text, "plazo: "));
    CHECK(msg.message_id == "<" + msg.meta.uuid + "@omilcrm>");
    CHECK(msg.next_attempt_at == msg.meta.created_at);
    CHECK(m.db.outbox().get(msg.meta.id).message_id == msg.message_id);
}

TEST_CASE("Outbox: a change rolled back writes no message, a committed one keeps it", "[outbox]") {
    Mail m;
    {
        auto tx = m.db.transaction();
        m.pruning();
        CHECK(m.messages().size() == 1);
        tx.rollback();
    }
    CHECK(m.messages().empty());
    {
        auto tx = m.db.transaction();
        m.pruning();
        tx.commit();
    }
    CHECK(m.messages().size() == 1);
}

TEST_CASE("Outbox: a refused change writes no message", "[outbox]") {
    Mail m;
    const ServiceRequest r = m.pruning();
    const auto before = m.messages().size();
    CHECK_THROWS_AS(m.db.requests().transition(r.meta.id, RequestStatus::Closed, m.c.manager.meta.id, "x"),
                    ValidationError);
    CHECK(m.messages().size() == before);
}

TEST_CASE("Outbox: re-routing tells the new department, and a department without e-mail shows as failed", "[outbox]") {
    Mail m;
    const ServiceRequest r = m.pruning();
    m.db.requests().reroute(r.meta.id, m.dept("obras"), m.c.manager.meta.id, "es de Obras");
    const auto routed = m.messages(Notification::RequestRouted);
    REQUIRE(routed.size() == 2);
    const Message& latest = routed[0];  // newest first
    CHECK(latest.recipient_id == m.dept("obras"));
    CHECK(latest.state == MessageState::Failed);
    CHECK(latest.address.empty());
    CHECK(contains(latest.last_error, "has no e-mail address"));
    CHECK(contains(latest.subject, "reasigna"));
    // Re-routing a routed request is no change of state: the employer is not written to.
    CHECK(m.messages(Notification::RequestStatus).empty());
}

TEST_CASE("Outbox: a change of state tells the requester in plain Spanish, never an internal note", "[outbox]") {
    Mail m;
    const ServiceRequest r = m.pruning();
    m.db.requests().transition(r.meta.id, RequestStatus::InProgress, m.c.manager.meta.id, "cuadrilla sin camión");
    m.db.requests().transition(r.meta.id, RequestStatus::Resolved, m.c.manager.meta.id, "Se podaron los dos árboles",
                               true);
    const auto told = m.messages(Notification::RequestStatus);
    REQUIRE(told.size() == 2);
    CHECK(told[1].address == "marta@acme.cl");
    CHECK(told[1].recipient_kind == RecipientKind::EmployerContact);
    CHECK(told[1].recipient_id == m.marta.meta.id);
    CHECK(contains(told[1].subject, "está en curso"));
    CHECK_FALSE(contains(told[1].text, "camión"));
    CHECK_FALSE(contains(told[1].html, "camión"));
    CHECK(contains(told[0].subject, "está resuelta"));
    CHECK(contains(told[0].text, "Se podaron los dos árboles"));
}

TEST_CASE("Outbox: a duplicate is told to the requester too", "[outbox]") {
    Mail m;
    const ServiceRequest a = m.pruning();
    const ServiceRequest b = m.pruning("otra@acme.cl");
    m.db.requests().mark_duplicate(b.meta.id, a.meta.id, m.c.manager.meta.id);
    const auto told = m.messages(Notification::RequestStatus);
    REQUIRE(told.size() == 1);
    CHECK(told[0].address == "otra@acme.cl");
    CHECK(contains(told[0].text, "unida a otra solicitud"));
}

TEST_CASE("Outbox: a switched-off trigger writes nothing, and can be switched on again", "[outbox]") {
    Mail m;
    CHECK(m.db.outbox().enabled(m.office(), Notification::RequestRouted));
    m.db.outbox().set_enabled(m.office(), Notification::RequestRouted, false);
    CHECK_FALSE(m.db.outbox().enabled(m.office(), Notification::RequestRouted));
    m.pruning();
    CHECK(m.messages().empty());
    m.db.outbox().set_enabled(m.office(), Notification::RequestRouted, true);
    m.pruning();
    CHECK(m.messages().size() == 1);
    CHECK_THROWS_AS(m.db.outbox().set_enabled(999, Notification::Digest, false), NotFound);
}

TEST_CASE("Outbox: a hand-over tells the new owner what they received", "[outbox]") {
    Mail m;
    m.db.commitments().add(m.acme.meta.id, {.description = "Enviar 3 CV", .due = Date(2026, 11, 30)});
    const auto n = m.db.portfolio().hand_over(m.c.manager.meta.id, m.carla.meta.id, Date(2026, 11, 23), "traslado");
    CHECK(n == 1);
    const auto msgs = m.messages(Notification::HandOver);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0].address == "carla@concon.cl");
    CHECK(msgs[0].recipient_id == m.carla.meta.id);
    CHECK(msgs[0].subject == "Recibe la cartera de Bruno Soto: 1 empresas");
    CHECK(contains(msgs[0].text, "- Acme SpA"));
    CHECK(contains(msgs[0].text, "recibes 1 compromisos"));
    CHECK(contains(msgs[0].text, "traslado"));
}

TEST_CASE("Outbox: no message to an employer or a department carries a job seeker's data", "[outbox]") {
    Mail m;
    const ServiceRequest r = m.pruning();
    m.db.requests().transition(r.meta.id, RequestStatus::InProgress, m.c.manager.meta.id,
                               "Yolanda Quispe Mamani, 11.111.111-1, espera la poda", false);
    m.db.requests().add_note(r.meta.id, m.c.manager.meta.id, "ver a Yolanda Quispe", false);
    m.db.requests().transition(r.meta.id, RequestStatus::Resolved, m.c.manager.meta.id, "Listo", true);
    m.db.requests().reroute(m.pruning().meta.id, m.dept("obras"), m.c.manager.meta.id,
                            "Yolanda Quispe Mamani lo pidió");
    const auto all = m.messages();
    REQUIRE(all.size() >= 5);
    for (const auto& msg : all) {
        if (msg.recipient_kind == RecipientKind::Staff) continue;
        INFO(msg.subject);
        for (const std::string& part : {msg.subject, msg.text, msg.html}) {
            CHECK_FALSE(contains(part, "Yolanda"));
            CHECK_FALSE(contains(part, "Quispe"));
            CHECK_FALSE(contains(part, "11.111.111"));
            CHECK_FALSE(contains(part, "11111111"));
        }
    }
}

TEST_CASE("Outbox: an office's template is used, checked when saved, and can be reset", "[outbox]") {
    Mail m;
    auto& outbox = m.db.outbox();
    const auto e = capture<ValidationError>([&] {
        outbox.set_template(m.office(), Notification::RequestRouted, "N° {{request}}", "Hola {{rut_buscador}}", "");
    });
    CHECK(e.field() == "text");
    CHECK(e.value() == "{{rut_buscador}}");
    CHECK(contains(e.what(), "request_routed"));
    CHECK_FALSE(outbox.template_of(m.office(), Notification::RequestRouted).custom);
    const MessageTemplate t = outbox.set_template(m.office(), Notification::RequestRouted, "Derivación {{request}}",
                                                  "Para {{department}}: {{category}}", "");
    CHECK(t.custom);
    CHECK(outbox.template_of(m.office(), Notification::RequestRouted).subject == "Derivación {{request}}");
    const ServiceRequest r = m.pruning();
    const Message msg = m.messages().at(0);
    CHECK(msg.subject == "Derivación " + std::to_string(r.meta.id));
    CHECK(msg.text == "Para Dirección de Aseo y Ornato: Poda de árboles");
    CHECK(msg.html == "<pre>Para Dirección de Aseo y Ornato: Poda de árboles</pre>\n");
    outbox.reset_template(m.office(), Notification::RequestRouted);
    CHECK_FALSE(outbox.template_of(m.office(), Notification::RequestRouted).custom);
}

TEST_CASE("Outbox: queue_due writes reminders and digests once per day", "[outbox]") {
    Mail m;
    m.db.commitments().add(m.acme.meta.id,
                           {.description = "Enviar 3 CV", .due = Date(2026, 11, 23), .owner_id = m.carla.meta.id});
    m.db.commitments().add(m.acme.meta.id,
                           {.description = "Más adelante", .due = Date(2026, 12, 23), .owner_id = m.carla.meta.id});
    m.db.follow_ups().add(m.office(),
                          {.description = "Llamar a Marta", .due = Date(2026, 11, 20), .owner_id = m.carla.meta.id});
    const std::size_t first = m.db.outbox().queue_due(m.office(), Date(2026, 11, 23));
    CHECK(m.messages(Notification::CommitmentDue).size() == 1);
    CHECK(m.messages(Notification::FollowUpDue).size() == 1);
    const auto digests = m.messages(Notification::Digest);
    REQUIRE(!digests.empty());
    CHECK(first == 2 + digests.size());
    const auto carla = std::find_if(digests.begin(), digests.end(),
                                    [&](const Message& x) { return x.recipient_id == m.carla.meta.id; });
    REQUIRE(carla != digests.end());
    CHECK(contains(carla->text, "Enviar 3 CV"));
    CHECK(contains(carla->text, "Llamar a Marta"));
    CHECK_FALSE(contains(carla->text, "Más adelante"));
    CHECK(m.db.outbox().queue_due(m.office(), Date(2026, 11, 23)) == 0);
    // The next day: a new digest, no second reminder of the same commitment.
    m.db.outbox().queue_due(m.office(), Date(2026, 11, 24));
    CHECK(m.messages(Notification::CommitmentDue).size() == 1);
    CHECK(m.messages(Notification::Digest).size() > digests.size());
}

TEST_CASE("Outbox: a refused delivery goes back to pending with the error and a later attempt", "[outbox]") {
    Mail m;
    m.pruning();
    const Message before = m.messages().at(0);
    SmtpSettings s = nowhere();
    s.backoff = std::chrono::minutes(1);
    const SendReport r = m.db.outbox().send(s);
    CHECK(r.sent == 0);
    CHECK(r.retried == 1);
    const Message after = m.db.outbox().get(before.meta.id);
    CHECK(after.state == MessageState::Pending);
    CHECK(after.attempts == 1);
    CHECK_FALSE(after.last_error.empty());
    CHECK(after.next_attempt_at == m.db.outbox().now() + std::chrono::minutes(1));
    CHECK(after.message_id == before.message_id);
    // Not due yet: nothing is attempted.
    CHECK(m.db.outbox().send(s).retried == 0);
    CHECK(m.db.outbox().get(before.meta.id).attempts == 1);
}

TEST_CASE("Outbox: after the last allowed attempt a message is failed, and retry queues it again", "[outbox]") {
    Mail m;
    m.pruning();
    const Id id = m.messages().at(0).meta.id;
    SmtpSettings s = nowhere();
    s.max_attempts = 2;
    s.backoff = std::chrono::milliseconds(0);
    const SendReport r = m.db.outbox().send(s);
    CHECK(r.retried == 1);
    CHECK(r.failed == 1);
    CHECK(m.db.outbox().get(id).state == MessageState::Failed);
    CHECK(m.db.outbox().get(id).attempts == 2);
    CHECK(m.db.outbox().list(m.office(), {.state = MessageState::Failed}).size() == 1);
    const Message again = m.db.outbox().retry(id);
    CHECK(again.state == MessageState::Pending);
    CHECK(again.attempts == 0);
    CHECK(m.db.outbox().cancel(id).state == MessageState::Cancelled);
    CHECK_THROWS_AS(m.db.outbox().cancel(id), Conflict);
    CHECK(m.db.outbox().send(s).sent == 0);
}

TEST_CASE("Outbox: bad delivery settings are refused before anything is touched", "[outbox]") {
    Mail m;
    m.pruning();
    SmtpSettings s = nowhere();
    s.url = "http://mail.concon.cl";
    CHECK(capture<ValidationError>([&] { m.db.outbox().send(s); }).field() == "url");
    s = nowhere();
    s.from = "OMIL";
    CHECK(capture<ValidationError>([&] { m.db.outbox().send(s); }).field() == "from");
    s = nowhere();
    s.max_attempts = 0;
    CHECK(capture<ValidationError>([&] { m.db.outbox().send(s); }).field() == "max_attempts");
    CHECK(m.messages().at(0).attempts == 0);
    auto tx = m.db.transaction();
    CHECK_THROWS_AS(m.db.outbox().send(nowhere()), Error);
}

TEST_CASE("Outbox: a message left in sending is attempted first", "[outbox]") {
    TempFile file;
    Id id = 0;
    {
        Mail m(Database::open(file.str(), creating_options()));
        m.pruning();
        m.pruning();
        id = m.messages().back().meta.id;  // the oldest
    }
    {
        SQLite::Database raw(file.str(), SQLite::OPEN_READWRITE);
        raw.exec("UPDATE outbox_message SET state = 'sending', attempts = 1, next_attempt_at = 9e18 WHERE id = " +
                 std::to_string(id + 1));
    }
    auto db = Database::open(file.str(), fixed_options());
    SmtpSettings s = nowhere();
    const SendReport r = db.outbox().send(s, 1);
    CHECK(r.retried == 1);
    const Message m = db.outbox().get(id + 1);
    CHECK(m.state == MessageState::Pending);
    CHECK(m.attempts == 2);
    CHECK(db.outbox().get(id).attempts == 0);
}

TEST_CASE("Outbox: an opted-out contact gets nothing more", "[outbox]") {
    Mail m;
    const ServiceRequest r = m.pruning();
    m.db.requests().transition(r.meta.id, RequestStatus::InProgress, m.c.manager.meta.id, "");
    const std::string token = m.db.outbox().unsubscribe_token(m.office(), "Marta@Acme.cl");
    CHECK(token == m.db.outbox().unsubscribe_token(m.office(), "marta@acme.cl"));
    CHECK_FALSE(m.db.outbox().opted_out(m.office(), "marta@acme.cl"));
    CHECK(m.db.outbox().unsubscribe(token) == "marta@acme.cl");
    CHECK(m.db.outbox().unsubscribe(token) == "marta@acme.cl");
    CHECK(m.db.outbox().opted_out(m.office(), "marta@acme.cl"));
    const auto told = m.messages(Notification::RequestStatus);
    REQUIRE(told.size() == 1);
    CHECK(told[0].state == MessageState::Cancelled);
    m.db.requests().transition(r.meta.id, RequestStatus::Resolved, m.c.manager.meta.id, "");
    CHECK(m.messages(Notification::RequestStatus).size() == 1);
    CHECK_THROWS_AS(m.db.outbox().retry(told[0].meta.id), Conflict);
    CHECK_THROWS_AS(m.db.outbox().unsubscribe("nope"), NotFound);
    // The department is still written to.
    CHECK(m.messages(Notification::RequestRouted).size() == 1);
}

TEST_CASE("Outbox: the table lists the office's messages", "[outbox]") {
    Mail m;
    m.pruning();
    const Table t = m.db.outbox().table(m.office());
    CHECK(t.rows() == 1);
    CHECK(t.column("state").text_at(0) == "pending");
    CHECK(t.column("address").text_at(0) == "aseo@concon.cl");
    CHECK(m.db.outbox().table(m.office(), {.state = MessageState::Sent}).rows() == 0);
}

TEST_CASE("Outbox: queue_due reminds of a placement's 30-day check, once, without the person's data", "[outbox]") {
    Mail m;
    NewVacancy v;
    v.employer_id = m.acme.meta.id;
    v.title = "Operario de bodega";
    v.occupation = "9333";
    v.channel = CaptureChannel::Visit;
    v.captured_on = Date(2026, 10, 1);
    v.captured_by = m.carla.meta.id;
    const Vacancy vacancy = m.db.vacancies().capture(v);
    const Placement p = m.db.placements().record({.seeker_id = m.seeker.meta.id,
                                                  .vacancy_id = vacancy.meta.id,
                                                  .start_on = Date(2026, 10, 24),
                                                  .recorded_by = m.carla.meta.id});
    m.db.outbox().queue_due(m.office(), Date(2026, 11, 22));
    CHECK(m.messages(Notification::PlacementCheckDue).empty());
    m.db.outbox().queue_due(m.office(), Date(2026, 11, 23));
    const auto sent = m.messages(Notification::PlacementCheckDue);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].address == "carla@concon.cl");
    CHECK(sent[0].trigger_id == p.meta.id);
    CHECK(sent[0].subject == "Seguimiento de 30 días: colocación N° " + std::to_string(p.meta.id) + " en Acme SpA");
    CHECK(contains(sent[0].text, "(Operario de bodega, desde el sábado 24 de octubre de 2026)"));
    CHECK_FALSE(contains(sent[0].text, "Yolanda"));
    CHECK_FALSE(contains(sent[0].text, "11.111.111"));
    m.db.outbox().queue_due(m.office(), Date(2026, 11, 24));
    CHECK(m.messages(Notification::PlacementCheckDue).size() == 1);
    // Recorded: no reminder of the 90-day check before its day.
    m.db.placements().follow_up(p.meta.id, 30, true, Date(2026, 11, 23), m.carla.meta.id);
    m.db.outbox().queue_due(m.office(), Date(2026, 11, 25));
    CHECK(m.messages(Notification::PlacementCheckDue).size() == 1);
}

TEST_CASE("Outbox: the digest lists the day's planned visits with the day's calendar attached", "[outbox]") {
    Mail m;
    planner::Plan plan;
    plan.stops.push_back(
        {.employer_id = m.acme.meta.id, .arrive_minute = 570, .start_minute = 570, .depart_minute = 615});
    m.db.planner().save(m.carla.meta.id, Date(2026, 11, 23), plan);
    m.db.outbox().queue_due(m.office(), Date(2026, 11, 23));
    const auto digests = m.messages(Notification::Digest);
    const auto carla = std::find_if(digests.begin(), digests.end(),
                                    [&](const Message& x) { return x.recipient_id == m.carla.meta.id; });
    REQUIRE(carla != digests.end());
    CHECK(contains(carla->text, "Visitas planificadas:\n- 09:30-10:15 Acme SpA, Camino Concón-Quintero km 3\n"));
    CHECK(contains(carla->ical, "BEGIN:VCALENDAR"));
    CHECK(contains(carla->ical, "DTSTART;TZID=America/Santiago:20261123T093000"));
    // Someone with nothing planned gets no calendar.
    for (const auto& d : digests)
        if (d.recipient_id != m.carla.meta.id) CHECK(d.ical.empty());
}
