// The outbox's pure rules: recipients and values of each trigger, templates, rendering, backoff
// and the MIME text. No database.
#include <catch2/catch.hpp>

#include <chrono>

#include "helpers.hpp"
#include "outbox_rules.hpp"

using namespace omilcrm;
using omt::contains;

namespace {

ServiceRequest pruning() {
    ServiceRequest r;
    r.meta.id = 7;
    r.office_id = 1;
    r.employer_id = 3;
    r.category = "tree_pruning";
    r.description = "Ramas sobre el cableado";
    r.address = "Camino Concón-Quintero km 3";
    r.area = "Parque Gulmué";
    r.requester_name = "Marta Pérez";
    r.requester_email = "marta@acme.cl";
    r.requester_phone = "+56911112222";
    r.status = RequestStatus::Routed;
    r.department_id = 4;
    r.received_on = Date(2026, 11, 23);
    r.due_on = Date(2026, 12, 14);
    return r;
}

Department aseo() {
    Department d;
    d.meta.id = 4;
    d.office_id = 1;
    d.code = "aseo";
    d.name = "Dirección de Aseo y Ornato";
    d.email = "aseo@concon.cl";
    return d;
}

detail::RequestContext context() {
    return {.office = "OMIL Concón", .category = "Poda de árboles", .employer = "Acme SpA", .department = ""};
}

}  // namespace

TEST_CASE("Outbox rules: a routed request goes to its department with what, where, for whom, by when",
          "[outbox_rules]") {
    const auto d = detail::request_routed_message(pruning(), aseo(), context(), false);
    CHECK(d.kind == RecipientKind::Department);
    CHECK(d.recipient_id == 4);
    CHECK(d.address == "aseo@concon.cl");
    CHECK(d.trigger == Notification::RequestRouted);
    CHECK(d.trigger_table == "service_request");
    CHECK(d.trigger_id == 7);
    const auto r = detail::render(default_template(Notification::RequestRouted), d.values);
    CHECK(r.subject == "Solicitud N° 7 deriva: Poda de árboles");
    CHECK(contains(r.text, "Ramas sobre el cableado"));
    CHECK(contains(r.text, "Camino Concón-Quintero km 3 (Parque Gulmué)"));
    CHECK(contains(r.text, "Para: Acme SpA"));
    CHECK(contains(r.text, "plazo: lunes 14 de diciembre de 2026"));
    // The requester's own details stay in the office.
    CHECK_FALSE(contains(r.text, "Marta"));
    CHECK_FALSE(contains(r.text, "marta@acme.cl"));
    CHECK_FALSE(contains(r.text, "+56911112222"));
    CHECK_FALSE(contains(r.html, "Marta"));
    const auto again = detail::request_routed_message(pruning(), aseo(), context(), true);
    CHECK(detail::render(default_template(Notification::RequestRouted), again.values).subject ==
          "Solicitud N° 7 reasigna: Poda de árboles");
}

TEST_CASE("Outbox rules: a department without an e-mail gets a message with no address", "[outbox_rules]") {
    Department d = aseo();
    d.email.clear();
    CHECK(detail::request_routed_message(pruning(), d, context(), false).address.empty());
}

TEST_CASE("Outbox rules: a status change goes to the requester, with only a note meant for them", "[outbox_rules]") {
    ServiceRequest r = pruning();
    r.status = RequestStatus::Resolved;
    const auto hidden =
        detail::request_status_message(r, RequestStatus::InProgress, "cuadrilla llegó tarde", false, {}, context());
    REQUIRE(hidden);
    CHECK(hidden->address == "marta@acme.cl");
    CHECK(hidden->name == "Marta Pérez");
    CHECK(hidden->kind == RecipientKind::EmployerContact);
    const auto text = detail::render(default_template(Notification::RequestStatus), hidden->values);
    CHECK(text.subject == "Su solicitud N° 7 está resuelta");
    CHECK_FALSE(contains(text.text, "cuadrilla"));
    const auto shown =
        detail::request_status_message(r, RequestStatus::InProgress, "Poda realizada", true, {}, context());
    CHECK(contains(detail::render(default_template(Notification::RequestStatus), shown->values).text,
                   "Comentario de la oficina: Poda realizada"));
}

TEST_CASE("Outbox rules: without a requester e-mail the employer's primary contact is told, else nobody",
          "[outbox_rules]") {
    ServiceRequest r = pruning();
    r.requester_email.clear();
    r.requester_name.clear();
    Contact c;
    c.meta.id = 9;
    c.name = "Luis Vera";
    c.email = "luis@acme.cl";
    const auto m = detail::request_status_message(r, RequestStatus::Routed, "", false, c, context());
    REQUIRE(m);
    CHECK(m->address == "luis@acme.cl");
    CHECK(m->recipient_id == 9);
    CHECK_FALSE(detail::request_status_message(r, RequestStatus::Routed, "", false, std::nullopt, context()));
}

TEST_CASE("Outbox rules: every state reads in plain Spanish", "[outbox_rules]") {
    for (auto s : {RequestStatus::Received, RequestStatus::Routed, RequestStatus::InProgress, RequestStatus::Resolved,
                   RequestStatus::Closed, RequestStatus::Rejected, RequestStatus::Duplicate, RequestStatus::Reopened}) {
        const std::string text = detail::spanish_status(s);
        CHECK_FALSE(text.empty());
        CHECK(text.find('_') == std::string::npos);
    }
    CHECK(detail::spanish_date(Date(2026, 11, 23)) == "lunes 23 de noviembre de 2026");
    CHECK(detail::spanish_date(Date(2026, 3, 1)) == "domingo 1 de marzo de 2026");
}

TEST_CASE("Outbox rules: a hand-over lists the employers and the tasks", "[outbox_rules]") {
    StaffMember from, to;
    from.meta.id = 2;
    from.name = "Bruno Soto";
    to.meta.id = 3;
    to.name = "Carla Díaz";
    to.email = "carla@concon.cl";
    const auto d = detail::hand_over_message(from, to, {"Acme SpA", "Beta Ltda"}, 3, Date(2026, 11, 23),
                                             "Bruno deja la oficina", "OMIL Concón");
    CHECK(d.address == "carla@concon.cl");
    CHECK(d.kind == RecipientKind::Staff);
    const auto r = detail::render(default_template(Notification::HandOver), d.values);
    CHECK(r.subject == "Recibe la cartera de Bruno Soto: 2 empresas");
    CHECK(contains(r.text, "- Acme SpA\n- Beta Ltda"));
    CHECK(contains(r.text, "recibes 3 compromisos"));
    CHECK(contains(r.html, "- Acme SpA<br>\n- Beta Ltda"));
}

TEST_CASE("Outbox rules: due reminders and digests carry a key that makes them once only", "[outbox_rules]") {
    StaffMember s;
    s.meta.id = 3;
    s.name = "Carla";
    s.email = "carla@concon.cl";
    Commitment c;
    c.meta.id = 11;
    c.description = "Enviar CV";
    c.due = Date(2026, 11, 20);
    CHECK(detail::commitment_due_message(c, s, "Acme", Date(2026, 11, 23), "OMIL").once_key ==
          "commitment_due:commitment=11:2026-11-20");
    detail::DigestLists l;
    CHECK(l.empty());
    l.contacts.push_back("Acme (vence hoy)");
    const auto d = detail::digest_message(s, Date(2026, 11, 23), l, "OMIL");
    CHECK(d.once_key == "digest:staff=3:2026-11-23");
    const auto r = detail::render(default_template(Notification::Digest), d.values);
    CHECK(contains(r.text, "- Acme (vence hoy)"));
    CHECK(contains(r.text, "Compromisos que vencen:\n(nada)"));
}

TEST_CASE("Outbox rules: templates substitute fields and escape them in HTML only", "[outbox_rules]") {
    const detail::TemplateValues v = {{"name", "<Ana & \"Bea\">"}, {"x", "1\n2"}};
    CHECK(render_template("Hola {{name}}!", v, false) == "Hola <Ana & \"Bea\">!");
    CHECK(render_template("Hola {{ name }}!", v, true) == "Hola &lt;Ana &amp; &quot;Bea&quot;&gt;!");
    CHECK(render_template("{{x}}", v, true) == "1<br>\n2");
    // What is not {{field}} is text.
    CHECK(render_template("{{ }} {{a-b}} {{name", v, false) == "{{ }} {{a-b}} {{name");
    const auto e = omt::capture<ValidationError>([&] { render_template("{{missing}}", v, false); });
    CHECK(contains(e.what(), "missing"));
    CHECK(detail::fields_in("{{a}} y {{ b }} {{a}}") == std::vector<std::string>{"a", "b", "a"});
}

TEST_CASE("Outbox rules: a template with an unknown field is refused naming the template and the field",
          "[outbox_rules]") {
    MessageTemplate t = default_template(Notification::RequestStatus);
    CHECK_NOTHROW(detail::check_template(t));
    t.text += "{{seeker_rut}}";
    const auto e = omt::capture<ValidationError>([&] { detail::check_template(t); });
    CHECK(e.field() == "text");
    CHECK(e.value() == "{{seeker_rut}}");
    CHECK(contains(e.what(), "request_status"));
    CHECK(contains(e.what(), "seeker_rut"));
    t = default_template(Notification::RequestStatus);
    t.subject = "  ";
    CHECK(omt::capture<ValidationError>([&] { detail::check_template(t); }).field() == "subject");
    for (auto n :
         {Notification::RequestRouted, Notification::RequestStatus, Notification::HandOver, Notification::CommitmentDue,
          Notification::FollowUpDue, Notification::Digest, Notification::CheckinDue, Notification::PlacementCheckDue})
        CHECK_NOTHROW(detail::check_template(default_template(n)));
}

TEST_CASE("Outbox rules: the backoff doubles from the base and stops at six hours", "[outbox_rules]") {
    using namespace std::chrono;
    const Timestamp now = omt::utc(2026, 11, 23, 12);
    CHECK(next_attempt_after(now, 1, minutes(1)) == now + minutes(1));
    CHECK(next_attempt_after(now, 2, minutes(1)) == now + minutes(2));
    CHECK(next_attempt_after(now, 4, minutes(1)) == now + minutes(8));
    CHECK(next_attempt_after(now, 30, minutes(1)) == now + hours(6));
    CHECK(next_attempt_after(now, 3, milliseconds(0)) == now);
}

TEST_CASE("Outbox rules: the e-mail has its headers, both parts and the same Message-ID", "[outbox_rules]") {
    Message m;
    m.meta.uuid = "0b6f2c1e-0000-4000-8000-000000000001";
    m.address = "aseo@concon.cl";
    m.name = "Dirección de Aseo y Ornato";
    m.subject = "Solicitud N° 7 deriva: Poda de árboles";
    m.text = "Hola";
    m.html = "<p>Hola</p>";
    m.message_id = "<0b6f2c1e-0000-4000-8000-000000000001@omilcrm>";
    const std::string mime = detail::compose_mime(m, "OMIL Concón <omil@concon.cl>", omt::utc(2026, 11, 23, 12));
    CHECK(contains(mime, "Date: Mon, 23 Nov 2026 12:00:00 +0000\r\n"));
    CHECK(contains(mime, "Message-ID: <0b6f2c1e-0000-4000-8000-000000000001@omilcrm>\r\n"));
    CHECK(contains(mime, "Subject: =?UTF-8?B?"));
    CHECK(contains(mime, " <aseo@concon.cl>\r\n"));
    CHECK(contains(mime, " <omil@concon.cl>\r\n"));
    CHECK(contains(mime, "multipart/alternative"));
    CHECK(contains(mime, "SG9sYQ==\r\n"));  // "Hola"
    CHECK_FALSE(contains(mime, "text/calendar"));
    m.ical = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    CHECK(contains(detail::compose_mime(m, "omil@concon.cl", omt::utc(2026, 11, 23)), "text/calendar"));
    CHECK(detail::address_of("OMIL <omil@concon.cl>") == "omil@concon.cl");
    CHECK(detail::address_of(" omil@concon.cl ") == "omil@concon.cl");
}

TEST_CASE("Outbox rules: a check-in due tells what, where, for whom and by when, once", "[outbox_rules]") {
    StaffMember s;
    s.meta.id = 3;
    s.name = "Carla";
    s.email = "carla@concon.cl";
    ServiceRequest r;
    r.meta.id = 7;
    r.description = "Ramas sobre el cableado";
    r.address = "Av. Borgoño 22100";
    r.due_on = Date(2026, 12, 15);
    CheckIn c;
    c.meta.id = 5;
    c.request_id = 7;
    c.due_on = Date(2026, 12, 11);
    const detail::RequestContext ctx{.office = "OMIL Concón",
                                     .category = "Poda de árboles",
                                     .employer = "Acme SpA",
                                     .department = "Dirección de Aseo y Ornato"};
    const auto d = detail::checkin_due_message(c, r, s, ctx, "preguntar por el camión");
    CHECK(d.trigger == Notification::CheckinDue);
    CHECK(d.kind == RecipientKind::Staff);
    CHECK(d.address == "carla@concon.cl");
    CHECK(d.trigger_table == "request_checkin");
    CHECK(d.trigger_id == 5);
    CHECK(d.once_key == "checkin_due:request_checkin=5");
    const auto m = detail::render(default_template(Notification::CheckinDue), d.values);
    CHECK(m.subject == "Consultar a Dirección de Aseo y Ornato por la solicitud N° 7");
    CHECK(contains(m.text, "El viernes 11 de diciembre de 2026 toca consultar a Dirección de Aseo y Ornato"));
    CHECK(contains(m.text, "que vence el martes 15 de diciembre de 2026"));
    CHECK(contains(m.text,
                   "Qué se pidió: Poda de árboles\nDetalle: Ramas sobre el cableado\nDónde: Av. Borgoño "
                   "22100\nPara: Acme SpA\npreguntar por el camión"));
}

TEST_CASE("Outbox rules: a placement's check names the placement, never the person", "[outbox_rules]") {
    StaffMember s;
    s.meta.id = 3;
    s.name = "Carla";
    s.email = "carla@concon.cl";
    const PlacementCheck pc{.placement_id = 9, .employer_id = 4, .day = 30, .due_on = Date(2026, 11, 23)};
    const auto d = detail::placement_check_due_message(pc, Date(2026, 10, 24), s, "Acme SpA", "Operario", "OMIL");
    CHECK(d.once_key == "placement_check_due:placement=9:30");
    CHECK(d.trigger_table == "placement");
    const auto m = detail::render(default_template(Notification::PlacementCheckDue), d.values);
    CHECK(m.subject == "Seguimiento de 30 días: colocación N° 9 en Acme SpA");
    CHECK(contains(m.text,
                   "El lunes 23 de noviembre de 2026 se cumplen 30 días de la colocación N° 9 en Acme SpA "
                   "(Operario, desde el sábado 24 de octubre de 2026)."));
}

TEST_CASE("Outbox rules: the digest lists the day's visits and check-ins and carries the calendar", "[outbox_rules]") {
    StaffMember s;
    s.meta.id = 3;
    s.name = "Carla";
    detail::DigestLists l;
    l.visits.push_back("09:30-10:15 Acme SpA, Camino Concón-Quintero km 3");
    CHECK_FALSE(l.empty());
    l.checkins.push_back("Dirección de Aseo y Ornato, solicitud N° 7");
    l.ical = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    const auto d = detail::digest_message(s, Date(2026, 11, 23), l, "OMIL");
    CHECK(d.ical == l.ical);
    const auto r = detail::render(default_template(Notification::Digest), d.values);
    CHECK(contains(r.text, "Visitas planificadas:\n- 09:30-10:15 Acme SpA, Camino Concón-Quintero km 3\n"));
    CHECK(contains(r.text, "Consultas a departamentos:\n- Dirección de Aseo y Ornato, solicitud N° 7\n"));
}

TEST_CASE("Outbox rules: an unsubscribe link adds the RFC 8058 headers and a footer", "[outbox_rules]") {
    CHECK(detail::unsubscribe_url("https://omil.concon.cl/", "abc") == "https://omil.concon.cl/unsubscribe/abc");
    CHECK(detail::unsubscribe_url("", "abc").empty());
    Message m;
    m.meta.uuid = "0b6f2c1e-0000-4000-8000-000000000002";
    m.address = "marta@acme.cl";
    m.subject = "Su solicitud";
    m.text = "Hola";
    m.html = "<p>Hola</p>";
    m.message_id = "<x@omilcrm>";
    const std::string plain = detail::compose_mime(m, "omil@concon.cl", omt::utc(2026, 11, 23));
    CHECK_FALSE(contains(plain, "List-Unsubscribe"));
    const std::string mime =
        detail::compose_mime(m, "omil@concon.cl", omt::utc(2026, 11, 23), "https://omil.concon.cl/unsubscribe/abc");
    CHECK(contains(mime, "List-Unsubscribe: <https://omil.concon.cl/unsubscribe/abc>\r\n"));
    CHECK(contains(mime, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    CHECK_FALSE(contains(mime, "SG9sYQ==\r\n"));  // the text part is no longer "Hola" alone
}
