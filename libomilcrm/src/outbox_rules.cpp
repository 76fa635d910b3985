// The outbox's rules: recipients and values of each trigger, the templates, rendering, the
// backoff and the e-mail's MIME text. Pure: no database, no clock.
#include "outbox_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <ctime>

#include "html.hpp"
#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

using detail::TemplateValues;

struct DefaultTemplate {
    Notification trigger;
    std::vector<std::string> fields;
    const char* subject;
    const char* text;
    const char* html;
};

const std::vector<DefaultTemplate>& defaults() {
    static const std::vector<DefaultTemplate> all = {
        {Notification::RequestRouted,
         {"office", "department", "request", "action", "category", "description", "address", "area", "employer",
          "received_on", "due_on"},
         "Solicitud N° {{request}} {{action}}: {{category}}",
         "Estimados {{department}}:\n\n"
         "La {{office}} les {{action}} la solicitud N° {{request}}.\n\n"
         "Qué se pide: {{category}}\n"
         "Detalle: {{description}}\n"
         "Dónde: {{address}} {{area}}\n"
         "Para: {{employer}}\n"
         "Recibida el {{received_on}}; plazo: {{due_on}}.\n\n"
         "Les agradecemos informar a la OMIL cuando esté resuelta.\n\n"
         "{{office}}\n",
         "<p>Estimados {{department}}:</p>\n"
         "<p>La {{office}} les {{action}} la solicitud N° {{request}}.</p>\n"
         "<ul><li><b>Qué se pide:</b> {{category}}</li><li><b>Detalle:</b> {{description}}</li>"
         "<li><b>Dónde:</b> {{address}} {{area}}</li><li><b>Para:</b> {{employer}}</li>"
         "<li>Recibida el {{received_on}}; <b>plazo:</b> {{due_on}}.</li></ul>\n"
         "<p>Les agradecemos informar a la OMIL cuando esté resuelta.</p>\n<p>{{office}}</p>\n"},
        {Notification::RequestStatus,
         {"office", "name", "request", "category", "address", "status", "note", "received_on", "due_on", "employer"},
         "Su solicitud N° {{request}} está {{status}}",
         "Estimado/a {{name}}:\n\n"
         "Le informamos que su solicitud N° {{request}} ({{category}}, {{address}}) está {{status}}.\n"
         "{{note}}\n\n"
         "Ante cualquier duda, responda este correo.\n\n"
         "Saludos cordiales,\n{{office}}\n",
         "<p>Estimado/a {{name}}:</p>\n"
         "<p>Le informamos que su solicitud N° {{request}} ({{category}}, {{address}}) está <b>{{status}}</b>.</p>\n"
         "<p>{{note}}</p>\n"
         "<p>Ante cualquier duda, responda este correo.</p>\n<p>Saludos cordiales,<br>{{office}}</p>\n"},
        {Notification::HandOver,
         {"office", "name", "from", "on", "count", "employers", "tasks", "reason"},
         "Recibe la cartera de {{from}}: {{count}} empresas",
         "Hola {{name}}:\n\n"
         "Desde el {{on}} tienes a tu cargo las {{count}} empresas de {{from}} ({{reason}}):\n\n"
         "{{employers}}\n\n"
         "Con ellas recibes {{tasks}} compromisos y tareas abiertos.\n\n{{office}}\n",
         "<p>Hola {{name}}:</p>\n"
         "<p>Desde el {{on}} tienes a tu cargo las {{count}} empresas de {{from}} ({{reason}}):</p>\n"
         "<p>{{employers}}</p>\n"
         "<p>Con ellas recibes {{tasks}} compromisos y tareas abiertos.</p>\n<p>{{office}}</p>\n"},
        {Notification::CommitmentDue,
         {"office", "name", "employer", "description", "due_on"},
         "Compromiso con {{employer}}: vence el {{due_on}}",
         "Hola {{name}}:\n\n"
         "El compromiso con {{employer}} vence el {{due_on}}:\n\n{{description}}\n\n{{office}}\n",
         "<p>Hola {{name}}:</p>\n<p>El compromiso con {{employer}} vence el {{due_on}}:</p>\n"
         "<blockquote>{{description}}</blockquote>\n<p>{{office}}</p>\n"},
        {Notification::FollowUpDue,
         {"office", "name", "employer", "description", "due_on"},
         "Tarea pendiente: {{description}}",
         "Hola {{name}}:\n\n"
         "Tienes una tarea para el {{due_on}} ({{employer}}):\n\n{{description}}\n\n{{office}}\n",
         "<p>Hola {{name}}:</p>\n<p>Tienes una tarea para el {{due_on}} ({{employer}}):</p>\n"
         "<blockquote>{{description}}</blockquote>\n<p>{{office}}</p>\n"},
        {Notification::Digest,
         {"office", "name", "day", "visits", "contacts", "commitments", "follow_ups", "checkins", "requests"},
         "Tu resumen del {{day}}",
         "Hola {{name}}, esto es lo de hoy, {{day}}:\n\n"
         "Visitas planificadas:\n{{visits}}\n\n"
         "Empresas por contactar:\n{{contacts}}\n\n"
         "Compromisos que vencen:\n{{commitments}}\n\n"
         "Tareas:\n{{follow_ups}}\n\n"
         "Consultas a departamentos:\n{{checkins}}\n\n"
         "Solicitudes cerca del plazo o vencidas:\n{{requests}}\n\n{{office}}\n",
         "<p>Hola {{name}}, esto es lo de hoy, {{day}}:</p>\n"
         "<h3>Visitas planificadas</h3>\n<p>{{visits}}</p>\n"
         "<h3>Empresas por contactar</h3>\n<p>{{contacts}}</p>\n"
         "<h3>Compromisos que vencen</h3>\n<p>{{commitments}}</p>\n"
         "<h3>Tareas</h3>\n<p>{{follow_ups}}</p>\n"
         "<h3>Consultas a departamentos</h3>\n<p>{{checkins}}</p>\n"
         "<h3>Solicitudes cerca del plazo o vencidas</h3>\n<p>{{requests}}</p>\n<p>{{office}}</p>\n"},
        {Notification::CheckinDue,
         {"office", "name", "request", "department", "category", "description", "address", "employer", "checkin_on",
          "due_on", "note"},
         "Consultar a {{department}} por la solicitud N° {{request}}",
         "Hola {{name}}:\n\n"
         "El {{checkin_on}} toca consultar a {{department}} cómo va la solicitud N° {{request}}, "
         "que vence el {{due_on}}.\n\n"
         "Qué se pidió: {{category}}\n"
         "Detalle: {{description}}\n"
         "Dónde: {{address}}\n"
         "Para: {{employer}}\n"
         "{{note}}\n\n"
         "Cuando lo hagas, regístralo como recordatorio de la solicitud.\n\n{{office}}\n",
         "<p>Hola {{name}}:</p>\n"
         "<p>El {{checkin_on}} toca consultar a <b>{{department}}</b> cómo va la solicitud N° {{request}}, "
         "que vence el <b>{{due_on}}</b>.</p>\n"
         "<ul><li><b>Qué se pidió:</b> {{category}}</li><li><b>Detalle:</b> {{description}}</li>"
         "<li><b>Dónde:</b> {{address}}</li><li><b>Para:</b> {{employer}}</li></ul>\n<p>{{note}}</p>\n"
         "<p>Cuando lo hagas, regístralo como recordatorio de la solicitud.</p>\n<p>{{office}}</p>\n"},
        {Notification::PlacementCheckDue,
         {"office", "name", "placement", "employer", "vacancy", "start_on", "day", "due_on"},
         "Seguimiento de {{day}} días: colocación N° {{placement}} en {{employer}}",
         "Hola {{name}}:\n\n"
         "El {{due_on}} se cumplen {{day}} días de la colocación N° {{placement}} en {{employer}} "
         "({{vacancy}}, desde el {{start_on}}).\n\n"
         "Confirma si la persona sigue trabajando y regístralo en el seguimiento de la colocación.\n\n"
         "{{office}}\n",
         "<p>Hola {{name}}:</p>\n"
         "<p>El <b>{{due_on}}</b> se cumplen {{day}} días de la colocación N° {{placement}} en {{employer}} "
         "({{vacancy}}, desde el {{start_on}}).</p>\n"
         "<p>Confirma si la persona sigue trabajando y regístralo en el seguimiento de la colocación.</p>\n"
         "<p>{{office}}</p>\n"},
    };
    return all;
}

const DefaultTemplate& default_of(Notification t) {
    for (const auto& d : defaults())
        if (d.trigger == t) return d;
    throw ValidationError("trigger", std::string(to_string(t)), "has no template");
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Calls `on_text(text)` and `on_field(name)` for the pieces of a template, in order.
template <class Text, class Field>
void scan(std::string_view t, Text&& on_text, Field&& on_field) {
    std::size_t i = 0;
    while (i < t.size()) {
        const std::size_t open = t.find("{{", i);
        if (open == std::string_view::npos) break;
        std::size_t b = open + 2;
        while (b < t.size() && t[b] == ' ') ++b;
        std::size_t e = b;
        while (e < t.size() && is_name_char(t[e])) ++e;
        std::size_t close = e;
        while (close < t.size() && t[close] == ' ') ++close;
        if (e == b || t.substr(close, 2) != "}}") {  // not a field: text
            on_text(t.substr(i, open + 2 - i));
            i = open + 2;
            continue;
        }
        on_text(t.substr(i, open - i));
        on_field(t.substr(b, e - b));
        i = close + 2;
    }
    on_text(t.substr(i));
}

std::string lines(const std::vector<std::string>& items) {
    if (items.empty()) return "(nada)";
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "- " : "\n- ") + s;
    return out;
}

constexpr std::array<const char*, 7> kWeekdays = {"lunes",   "martes", "miércoles", "jueves",
                                                  "viernes", "sábado", "domingo"};
constexpr std::array<const char*, 12> kMonths = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                                 "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

}  // namespace

std::vector<std::string> template_fields(Notification trigger) { return default_of(trigger).fields; }

MessageTemplate default_template(Notification trigger) {
    const auto& d = default_of(trigger);
    return {.trigger = trigger, .subject = d.subject, .text = d.text, .html = d.html, .custom = false};
}

std::string render_template(std::string_view text, const TemplateValues& values, bool html) {
    std::string out;
    scan(
        text, [&](std::string_view s) { out += s; },
        [&](std::string_view name) {
            const auto it = values.find(name);
            if (it == values.end()) throw ValidationError("template", std::string(name), "is not a field it offers");
            if (!html) {
                out += it->second;
                return;
            }
            const std::string escaped = detail::html_escape(it->second);
            for (char c : escaped) {
                if (c == '\n') out += "<br>\n";
                else out += c;
            }
        });
    return out;
}

Timestamp next_attempt_after(Timestamp now, int attempts, std::chrono::milliseconds base) {
    using namespace std::chrono;
    const milliseconds cap = hours(6);
    milliseconds wait = base;
    for (int i = 1; i < attempts && wait < cap; ++i) wait *= 2;
    return now + duration_cast<microseconds>(std::min(wait, cap));
}

namespace detail {

std::string spanish_date(Date d) {
    return std::string(kWeekdays[static_cast<int>(d.weekday())]) + " " + std::to_string(d.day()) + " de " +
           kMonths[d.month() - 1] + " de " + std::to_string(d.year());
}

std::string spanish_status(RequestStatus s) {
    switch (s) {
        case RequestStatus::Received:
            return "recibida";
        case RequestStatus::Routed:
            return "derivada al departamento municipal que corresponde";
        case RequestStatus::InProgress:
            return "en curso";
        case RequestStatus::Resolved:
            return "resuelta";
        case RequestStatus::Closed:
            return "cerrada";
        case RequestStatus::Rejected:
            return "rechazada";
        case RequestStatus::Duplicate:
            return "unida a otra solicitud igual, que seguimos en su lugar";
        case RequestStatus::Reopened:
            return "reabierta";
    }
    return "actualizada";
}

namespace {
/// A draft to a staff member, for a trigger caused by the record `table` `id`.
Draft to_staff(const StaffMember& s, Notification trigger, std::string table, Id id) {
    Draft m;
    m.kind = RecipientKind::Staff;
    m.recipient_id = s.meta.id;
    m.address = s.email;
    m.name = s.name;
    m.trigger = trigger;
    m.trigger_table = std::move(table);
    m.trigger_id = id;
    return m;
}
}  // namespace

Draft request_routed_message(const ServiceRequest& r, const Department& d, const RequestContext& c, bool rerouted) {
    Draft m;
    m.kind = RecipientKind::Department;
    m.recipient_id = d.meta.id;
    m.address = d.email;
    m.name = d.name;
    m.trigger = Notification::RequestRouted;
    m.trigger_table = "service_request";
    m.trigger_id = r.meta.id;
    m.values = {{"office", c.office},
                {"department", d.name},
                {"request", std::to_string(r.meta.id)},
                {"action", rerouted ? "reasigna" : "deriva"},
                {"category", c.category},
                {"description", r.description.empty() ? "(sin detalle)" : r.description},
                {"address", r.address.empty() ? "(sin dirección)" : r.address},
                {"area", r.area.empty() ? "" : "(" + r.area + ")"},
                {"employer", c.employer.empty() ? "vecino/a de la comuna" : c.employer},
                {"received_on", spanish_date(r.received_on)},
                {"due_on", r.due_on ? spanish_date(*r.due_on) : "sin plazo mientras espera"}};
    return m;
}

std::optional<Draft> request_status_message(const ServiceRequest& r, RequestStatus /*from*/, const std::string& note,
                                            bool visible, const std::optional<Contact>& primary,
                                            const RequestContext& c) {
    Draft m;
    m.kind = RecipientKind::EmployerContact;
    if (!r.requester_email.empty()) {
        m.address = r.requester_email;
        m.name = r.requester_name;
        if (primary && primary->email == r.requester_email) m.recipient_id = primary->meta.id;
    } else if (primary && !primary->email.empty()) {
        m.address = primary->email;
        m.name = primary->name;
        m.recipient_id = primary->meta.id;
    } else {
        return std::nullopt;
    }
    m.trigger = Notification::RequestStatus;
    m.trigger_table = "service_request";
    m.trigger_id = r.meta.id;
    const std::string shown = visible ? std::string(trim(note)) : std::string();
    m.values = {{"office", c.office},
                {"name", m.name.empty() ? "vecino/a" : m.name},
                {"request", std::to_string(r.meta.id)},
                {"category", c.category},
                {"address", r.address.empty() ? "sin dirección" : r.address},
                {"status", spanish_status(r.status)},
                {"note", shown.empty() ? "" : "Comentario de la oficina: " + shown},
                {"received_on", spanish_date(r.received_on)},
                {"due_on", r.due_on ? spanish_date(*r.due_on) : "sin plazo mientras espera"},
                {"employer", c.employer}};
    return m;
}

Draft hand_over_message(const StaffMember& from, const StaffMember& to, const std::vector<std::string>& employers,
                        std::size_t tasks, Date on, const std::string& reason, const std::string& office) {
    Draft m = to_staff(to, Notification::HandOver, "staff", from.meta.id);
    m.values = {{"office", office},
                {"name", to.name},
                {"from", from.name},
                {"on", spanish_date(on)},
                {"count", std::to_string(employers.size())},
                {"employers", lines(employers)},
                {"tasks", std::to_string(tasks)},
                {"reason", reason}};
    return m;
}

namespace {
Draft task_message(Notification trigger, const char* table, Id id, const StaffMember& owner,
                   const std::string& employer, const std::string& description, Date due, const std::string& office) {
    Draft m = to_staff(owner, trigger, table, id);
    m.values = {{"office", office},
                {"name", owner.name},
                {"employer", employer.empty() ? "sin empresa" : employer},
                {"description", description},
                {"due_on", spanish_date(due)}};
    m.once_key = std::string(to_string(trigger)) + ":" + table + "=" + std::to_string(id) + ":" + due.iso();
    return m;
}
}  // namespace

Draft commitment_due_message(const Commitment& c, const StaffMember& owner, const std::string& employer, Date,
                             const std::string& office) {
    return task_message(Notification::CommitmentDue, "commitment", c.meta.id, owner, employer, c.description, c.due,
                        office);
}

Draft follow_up_due_message(const FollowUp& f, const StaffMember& owner, const std::string& employer, Date,
                            const std::string& office) {
    return task_message(Notification::FollowUpDue, "follow_up", f.meta.id, owner, employer, f.description, f.due,
                        office);
}

Draft digest_message(const StaffMember& s, Date day, const DigestLists& l, const std::string& office) {
    Draft m = to_staff(s, Notification::Digest, "staff", s.meta.id);
    m.values = {{"office", office},
                {"name", s.name},
                {"day", spanish_date(day)},
                {"visits", lines(l.visits)},
                {"contacts", lines(l.contacts)},
                {"commitments", lines(l.commitments)},
                {"follow_ups", lines(l.follow_ups)},
                {"checkins", lines(l.checkins)},
                {"requests", lines(l.requests)}};
    m.once_key = "digest:staff=" + std::to_string(s.meta.id) + ":" + day.iso();
    m.ical = l.ical;
    return m;
}

Draft checkin_due_message(const CheckIn& c, const ServiceRequest& r, const StaffMember& to, const RequestContext& ctx,
                          const std::string& note) {
    Draft m = to_staff(to, Notification::CheckinDue, "request_checkin", c.meta.id);
    m.values = {{"office", ctx.office},
                {"name", to.name},
                {"request", std::to_string(r.meta.id)},
                {"department", ctx.department},
                {"category", ctx.category},
                {"description", r.description.empty() ? "(sin detalle)" : r.description},
                {"address", r.address.empty() ? "(sin dirección)" : r.address},
                {"employer", ctx.employer.empty() ? "sin empresa" : ctx.employer},
                {"checkin_on", spanish_date(c.due_on)},
                {"due_on", r.due_on ? spanish_date(*r.due_on) : "(sin plazo)"},
                {"note", note}};
    m.once_key = "checkin_due:request_checkin=" + std::to_string(c.meta.id);
    return m;
}

Draft placement_check_due_message(const PlacementCheck& pc, Date start_on, const StaffMember& to,
                                  const std::string& employer, const std::string& vacancy, const std::string& office) {
    Draft m = to_staff(to, Notification::PlacementCheckDue, "placement", pc.placement_id);
    m.values = {{"office", office},
                {"name", to.name},
                {"placement", std::to_string(pc.placement_id)},
                {"employer", employer},
                {"vacancy", vacancy},
                {"start_on", spanish_date(start_on)},
                {"day", std::to_string(pc.day)},
                {"due_on", spanish_date(pc.due_on)}};
    m.once_key = "placement_check_due:placement=" + std::to_string(pc.placement_id) + ":" + std::to_string(pc.day);
    return m;
}

std::vector<std::string> fields_in(std::string_view text) {
    std::vector<std::string> out;
    scan(
        text, [](std::string_view) {}, [&](std::string_view f) { out.emplace_back(f); });
    return out;
}

void check_template(const MessageTemplate& t) {
    const auto allowed = template_fields(t.trigger);
    const std::string name(to_string(t.trigger));
    for (const auto& [part, text] :
         {std::pair<const char*, const std::string*>{"subject", &t.subject}, {"text", &t.text}, {"html", &t.html}}) {
        for (const auto& f : fields_in(*text))
            if (std::find(allowed.begin(), allowed.end(), f) == allowed.end()) {
                std::string list;
                for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
                throw ValidationError(part, "{{" + f + "}}",
                                      "the template " + name + " has no field " + f + " (its fields: " + list + ")");
            }
    }
    if (trim(t.subject).empty()) throw ValidationError("subject", t.subject, "is required");
    if (t.subject.find('\n') != std::string::npos || t.subject.find('\r') != std::string::npos)
        throw ValidationError("subject", t.subject, "must be one line");
    if (trim(t.text).empty()) throw ValidationError("text", t.text, "is required");
}

Rendered render(const MessageTemplate& t, const TemplateValues& values) {
    Rendered r;
    r.subject = render_template(t.subject, values, false);
    // A value never breaks the subject into a second header line.
    for (char& c : r.subject)
        if (c == '\n' || c == '\r') c = ' ';
    r.text = render_template(t.text, values, false);
    r.html = t.html.empty() ? "<pre>" + html_escape(r.text) + "</pre>\n" : render_template(t.html, values, true);
    return r;
}

std::string address_of(std::string_view from) {
    const auto open = from.rfind('<');
    const auto close = from.rfind('>');
    if (open != std::string_view::npos && close != std::string_view::npos && open < close)
        return std::string(trim(from.substr(open + 1, close - open - 1)));
    return std::string(trim(from));
}

namespace {

std::string base64(std::string_view in) {
    static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        out += k[(v >> 18) & 63];
        out += k[(v >> 12) & 63];
        out += k[(v >> 6) & 63];
        out += k[v & 63];
    }
    if (i < in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
        out += k[(v >> 18) & 63];
        out += k[(v >> 12) & 63];
        out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

// Base64 in lines of 76 characters, each ended by CRLF.
std::string base64_lines(std::string_view in) {
    const std::string b = base64(in);
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 76) out += b.substr(i, 76) + "\r\n";
    return out;
}

bool is_ascii_printable(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x7f;
    });
}

// A header value: as it is when printable ASCII, else RFC 2047 encoded words of at most 45 bytes
// of UTF-8 each (never splitting a character), folded onto continuation lines.
std::string header_text(std::string_view s) {
    if (is_ascii_printable(s)) return std::string(s);
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t n = std::min<std::size_t>(45, s.size() - i);
        while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) --n;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64(s.substr(i, n)) + "?=";
        i += n;
    }
    return out;
}

std::string mailbox(std::string_view name, std::string_view address) {
    if (name.empty()) return "<" + std::string(address) + ">";
    std::string display(name);
    if (is_ascii_printable(display)) {
        std::string quoted = "\"";
        for (char c : display) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        display = quoted + "\"";
    } else {
        display = header_text(display);
    }
    return display + " <" + std::string(address) + ">";
}

std::string rfc5322_date(Timestamp t) {
    const std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    std::tm tm{};
    gmtime_r(&secs, &tm);
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

}  // namespace

std::string unsubscribe_url(std::string_view public_url, std::string_view token) {
    std::string base(trim(public_url));
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.empty() || token.empty()) return {};
    return base + "/unsubscribe/" + std::string(token);
}

std::string compose_mime(const Message& original, std::string_view from, Timestamp date, std::string_view unsubscribe) {
    Message m = original;
    if (!unsubscribe.empty()) {
        const std::string link(unsubscribe);
        m.text += "\n--\nSi no desea recibir más correos de la oficina: " + link + "\n";
        m.html += "<hr>\n<p style=\"font-size:small\">Si no desea recibir más correos de la oficina, <a href=\"" +
                  html_escape(link) + "\">anule su suscripción</a>.</p>\n";
    }
    const std::string boundary = "=_omilcrm_" + m.meta.uuid;
    std::string out;
    out += "Date: " + rfc5322_date(date) + "\r\n";
    const std::string from_address = address_of(from);
    const auto lt = from.rfind('<');
    const std::string from_name = lt == std::string_view::npos ? "" : std::string(trim(from.substr(0, lt)));
    std::string unquoted = from_name;
    if (unquoted.size() >= 2 && unquoted.front() == '"' && unquoted.back() == '"')
        unquoted = unquoted.substr(1, unquoted.size() - 2);
    out += "From: " + mailbox(unquoted, from_address) + "\r\n";
    out += "To: " + mailbox(m.name, m.address) + "\r\n";
    out += "Subject: " + header_text(m.subject) + "\r\n";
    out += "Message-ID: " + m.message_id + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    if (!unsubscribe.empty()) {
        // RFC 2369 and RFC 8058: a mail program offers "unsubscribe", and may do it with one POST.
        out += "List-Unsubscribe: <" + std::string(unsubscribe) + ">\r\n";
        out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    }
    std::string body;
    body += "--" + boundary +
            "-alt\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" +
            base64_lines(m.text);
    body += "--" + boundary +
            "-alt\r\nContent-Type: text/html; charset=utf-8\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" +
            base64_lines(m.html);
    body += "--" + boundary + "-alt--\r\n";
    if (m.ical.empty()) {
        out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "-alt\"\r\n\r\n" + body;
        return out;
    }
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    out +=
        "--" + boundary + "\r\nContent-Type: multipart/alternative; boundary=\"" + boundary + "-alt\"\r\n\r\n" + body;
    out += "--" + boundary +
           "\r\nContent-Type: text/calendar; charset=utf-8\r\n"
           "Content-Disposition: attachment; filename=\"agenda.ics\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" +
           base64_lines(m.ical);
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace detail
}  // namespace omilcrm
