// Imports of what hangs off employers (cluster membership, interactions, service requests,
// vacancies) and of the seekers' register, and every export in an import's own columns. Each
// import reads the office's existing rows once, keyed as the rows of a file are matched, so a
// row costs a map look-up and the library call that writes it.
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "employers_rules.hpp"
#include "import_rows.hpp"
#include "sheet_fields.hpp"

namespace omilcrm {

// ---- Spanish words of the interactions and requests imports (sheet_value reads them) -------

namespace {

using namespace detail;

const FieldList& membership_fields() {
    static const FieldList f = {
        {"rut", {"rut", "rutempresa", "rutdelaempresa"}},
        {"cluster", {"cluster", "parque", "parqueindustrial", "agrupacion", "asociacion", "gremio"}},
        {"joined", {"joined", "desde", "ingreso", "fechaingreso", "fechadeingreso"}},
        {"left", {"left", "hasta", "salida", "fechasalida", "fechadesalida", "fechaderetiro"}},
    };
    return f;
}

const FieldList& interaction_fields() {
    static const FieldList f = {
        {"rut", {"rut", "rutempresa", "rutdelaempresa"}},
        {"date", {"date", "fecha", "fechacontacto", "fechadecontacto"}},
        {"time", {"time", "hora"}},
        {"kind", {"kind", "tipo", "tipodecontacto", "medio", "tipocontacto"}},
        {"staff", {"staff", "funcionario", "funcionaria", "ejecutivo", "gestor", "gestora", "responsable"}},
        {"contacts", {"contacts", "contacto", "contactos", "atendidopor"}},
        {"direction", {"direction", "sentido"}},
        {"summary", {"summary", "resumen", "detalle", "asunto", "tema"}},
        {"outcome", {"outcome", "resultado"}},
        {"next_step", {"nextstep", "proximopaso", "siguientepaso"}},
    };
    return f;
}

const FieldList& request_fields() {
    static const FieldList f = {
        {"rut", {"rut", "rutempresa", "rutdelaempresa"}},
        {"category", {"category", "categoria", "servicio", "tipodesolicitud", "tiposolicitud"}},
        {"description", {"description", "descripcion", "detalle", "solicitud"}},
        {"address", {"address", "direccion", "ubicacion"}},
        {"latitude", {"latitude", "latitud", "lat"}},
        {"longitude", {"longitude", "longitud", "long", "lng"}},
        {"attributes", {"attributes", "atributos"}},
        {"received", {"received", "fecha", "fecharecepcion", "fechaderecepcion", "fechasolicitud", "recibida"}},
        {"status", {"status", "estado"}},
        {"status_on", {"statuson", "fechaestado", "fechadeestado", "fechacierre", "fecharesolucion"}},
    };
    return f;
}

// The headers offices write for each column of the vacancies' and seekers' spreadsheets, keyed
// by the field's declared name (RecordFields<Vacancy>, RecordFields<JobSeeker>); the columns
// themselves come from the declarations.
const std::map<std::string, std::vector<std::string>>& vacancy_headers() {
    static const std::map<std::string, std::vector<std::string>> h = {
        {"title", {"title", "cargo", "puesto", "titulo", "nombredelcargo"}},
        {"occupation", {"occupation", "ocupacion", "isco", "codigoisco", "ciuo", "codigociuo"}},
        {"positions", {"positions", "vacantes", "cupos", "numerodevacantes", "cantidad"}},
        {"description", {"description", "descripcion", "funciones"}},
        {"employment_type", {"employmenttype", "jornada", "tipodejornada", "tipodecontrato", "contrato"}},
        {"shift", {"shift", "turno"}},
        {"schedule", {"schedule", "horario"}},
        {"wage_min", {"wagemin", "rentaminima", "sueldominimo", "renta", "sueldo", "remuneracion"}},
        {"wage_max", {"wagemax", "rentamaxima", "sueldomaximo"}},
        {"commune", {"commune", "comuna"}},
        {"address", {"address", "direccion", "lugardetrabajo"}},
        {"education", {"education", "escolaridad", "niveleducacional", "educacion"}},
        {"experience_months", {"experiencemonths", "experiencia", "mesesdeexperiencia", "experienciameses"}},
        {"licences", {"licences", "licencias", "licencia", "licenciadeconducir"}},
        {"skills", {"skills", "competencias", "habilidades"}},
        {"channel", {"channel", "canal", "canaldecaptacion"}},
        {"captured_on", {"capturedon", "fechacaptacion", "fechadecaptacion", "fecha", "fechapublicacion"}},
        {"valid_through", {"validthrough", "vigencia", "vigentehasta", "validahasta", "fechadecierre"}},
        {"cancel_reason", {"cancelreason", "motivocancelacion", "motivodecancelacion"}},
        {"cancelled_on", {"cancelledon", "fechacancelacion", "fechadecancelacion"}},
    };
    return h;
}

const std::map<std::string, std::vector<std::string>>& seeker_headers() {
    static const std::map<std::string, std::vector<std::string>> h = {
        {"rut", {"rut", "run", "rutpostulante"}},
        {"name", {"name", "nombre", "nombrecompleto", "postulante"}},
        {"commune", {"commune", "comuna"}},
        {"phone", {"phone", "telefono", "fono", "celular"}},
        {"email", {"email", "correo", "correoelectronico", "mail"}},
        {"address", {"address", "direccion", "domicilio"}},
        {"birth_date", {"birthdate", "fechadenacimiento", "fechanacimiento", "nacimiento"}},
        {"education", {"education", "escolaridad", "niveleducacional", "educacion"}},
        {"experience", {"experience", "experiencia", "experiencialaboral"}},
        {"skills", {"skills", "competencias", "habilidades"}},
        {"licences", {"licences", "licencias", "licencia", "licenciadeconducir"}},
        {"shifts", {"shifts", "turnos", "disponibilidadhoraria"}},
        {"available_from", {"availablefrom", "disponibledesde", "disponibilidad"}},
        {"registered_on", {"registeredon", "fechainscripcion", "fechadeinscripcion", "inscripcion"}},
        {"consent_on", {"consenton", "fechaconsentimiento", "fechadeconsentimiento", "consentimiento"}},
        {"consent_scope", {"consentscope", "alcanceconsentimiento", "ambitosconsentimiento", "autoriza"}},
        {"active", {"active", "activo", "vigente"}},
    };
    return h;
}

}  // namespace

// The vacancies' columns: the employer's RUT, then the vacancy's own (RecordFields<Vacancy>).
const FieldList& detail::vacancy_import_fields() {
    static const FieldList f = [] {
        FieldList out = {{"rut", {"rut", "rutempresa", "rutdelaempresa"}}};
        for (auto& c : sheet_columns<Vacancy>(vacancy_headers())) out.push_back(std::move(c));
        return out;
    }();
    return f;
}

const FieldList& detail::seeker_import_fields() {
    static const FieldList f = sheet_columns<JobSeeker>(seeker_headers());
    return f;
}

namespace {

// Runs `f`; a problem with one of the experience entries ("experience[1].occupation") is the
// experience column's, with the cell as the file has it.
template <class F>
auto experience_checked(const Row& row, F&& f) {
    try {
        return f();
    } catch (const ValidationError& e) {
        if (e.field().rfind("experience", 0) == 0) throw FieldError("experience", row.get("experience"), e.reason());
        throw;
    }
}

// The ISO date, or "" for none (as spreadsheets write a missing date).
std::string date_or_empty(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

// The employers of the office by RUT (compact) and their names, read once.
struct EmployerIndex {
    std::map<std::string, Id> by_rut;
    std::map<Id, std::string> rut_of, name_of;

    EmployerIndex(DbImpl& db, Id office_id) {
        for (auto& k : store::employer_keys(db, office_id)) {
            const Rut rut(k.rut);
            by_rut[rut.compact()] = k.id;
            rut_of[k.id] = rut.str();
            name_of[k.id] = std::move(k.legal_name);
        }
    }
    // The employer a row names; FieldError on the rut column otherwise.
    Id find(const Row& row, const std::string& office_name) const {
        const Rut rut = reading("rut", row.get("rut"), [&] { return Rut(row.get("rut")); });
        auto it = by_rut.find(rut.compact());
        if (it == by_rut.end())
            throw FieldError("rut", row.get("rut"), "is not an employer of " + office_name + " (import it first)");
        return it->second;
    }
};

Table text_table(std::initializer_list<const char*> names, std::vector<Column*>& cols) {
    Table t;
    for (const char* n : names) cols.push_back(&t.add_column(n, ColumnType::Text));
    return t;
}

void push_row(const std::vector<Column*>& cols, const std::vector<std::string>& values) {
    for (std::size_t k = 0; k < cols.size(); ++k) cols[k]->push_text(values[k]);
}

// The shortest way from one status to another through the allowed transitions, without routing
// by hand (a request the rules did not route stays in triage) and without duplicates.
std::vector<RequestStatus> status_path(RequestStatus from, RequestStatus to) {
    std::map<RequestStatus, RequestStatus> came_from;
    std::vector<RequestStatus> frontier{from};
    std::set<RequestStatus> seen{from};
    while (!frontier.empty() && !seen.count(to)) {
        std::vector<RequestStatus> next;
        for (auto s : frontier)
            for (auto n : next_states(s)) {
                if (n == RequestStatus::Routed || n == RequestStatus::Duplicate || seen.count(n)) continue;
                seen.insert(n);
                came_from[n] = s;
                next.push_back(n);
            }
        frontier = std::move(next);
    }
    std::vector<RequestStatus> path;
    if (!seen.count(to)) return path;
    for (auto s = to; s != from; s = came_from[s]) path.insert(path.begin(), s);
    return path;
}

}  // namespace

// ---- cluster membership -------------------------------------------------------------------

ImportReport Imports::memberships(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, membership_fields(), o);
    require_columns(doc, cols, {"rut", "cluster"});
    const EmployerIndex employers(*db_, office.meta.id);
    std::map<std::string, Id> clusters;
    for (const auto& c : Clusters(*db_).list(office.meta.id)) clusters[fold_text(c.name)] = c.meta.id;
    const Date today = this->today();
    return run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
        const Id employer = employers.find(row, office.name);
        auto c = clusters.find(fold_text(row.get("cluster")));
        if (c == clusters.end()) throw FieldError("cluster", row.get("cluster"), "is not a cluster of " + office.name);
        const Date joined = row.has("joined") ? sheet_date(row.get("joined"), "joined") : today;
        const std::optional<Date> left =
            row.has("left") ? std::optional<Date>(sheet_date(row.get("left"), "left")) : std::nullopt;
        const auto plan = plan_membership_row(Clusters(*db_).memberships(c->second), employer, joined, left);
        switch (plan.action) {
            case MembershipRowAction::MoveJoined:
                // The employer joined "from today" through an employers import (its Parque column)
                // before this file said since when: the file's earlier date stands, and the employer's
                // change log keeps the one it replaces.
                store::set_cluster_member_joined_from_import(*db_, c->second, employer, plan.moved_from, joined);
                detail::log_employer_change(*db_, employer, "cluster " + row.get("cluster") + " joined",
                                            plan.moved_from.iso(), joined.iso());
                if (left) Clusters(*db_).remove_member(c->second, employer, *left);
                ++report.updated;
                break;
            case MembershipRowAction::Add:
                Clusters(*db_).add_member(c->second, employer, joined);
                if (left) Clusters(*db_).remove_member(c->second, employer, *left);
                ++report.created;
                break;
            case MembershipRowAction::Close:
                Clusters(*db_).remove_member(c->second, employer, *left);
                ++report.updated;
                break;
            case MembershipRowAction::Unchanged:
                ++report.unchanged;
                break;
        }
    });
}

// ---- interactions -------------------------------------------------------------------------

ImportReport Imports::interactions(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, interaction_fields(), o);
    require_columns(doc, cols, {"rut", "date", "kind"});
    const EmployerIndex employers(*db_, office.meta.id);
    std::map<std::string, Id> staff;
    const auto members = Staff(*db_).list(office.meta.id);
    for (const auto& s : members) staff[fold_text(s.name)] = s.meta.id;
    // Contacts of the office's employers by (employer, folded name) and (employer, e-mail).
    std::map<std::pair<Id, std::string>, Id> contacts;
    for (const auto& c : store::office_contacts(*db_, office.meta.id, store::ContactOrder::None)) {
        contacts[{c.employer_id, fold_text(c.name)}] = c.id;
        if (!c.email.empty()) contacts[{c.employer_id, c.email}] = c.id;
    }
    // What the log already holds: (employer, day, kind, folded summary) -> (id, outcome, next step).
    using Key = std::tuple<Id, std::int64_t, std::string, std::string>;
    std::map<Key, std::tuple<Id, std::string, std::string>> logged;
    for (auto& i : store::logged_interactions(*db_, office.meta.id))
        logged[{i.employer_id, i.on.days(), std::move(i.kind), fold_text(i.summary)}] = {i.id, std::move(i.outcome),
                                                                                         std::move(i.next_step)};
    return run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
        const Id employer = employers.find(row, office.name);
        const Date on = sheet_date(row.get("date"), "date");
        const InteractionKind kind =
            reading("kind", row.get("kind"), [&] { return sheet_value<InteractionKind>(row.get("kind"), "kind"); });
        if (kind == InteractionKind::ClusterMeeting)
            throw FieldError("kind", row.get("kind"), "cluster meetings are recorded once, with attendance per member");
        const Key key{employer, on.days(), std::string(to_string(kind)), fold_text(row.get("summary"))};
        if (auto it = logged.find(key); it != logged.end()) {
            auto& [id, outcome, next_step] = it->second;
            InteractionCorrection fix;
            if (row.has("outcome") && row.get("outcome") != outcome) fix.outcome = row.get("outcome");
            if (row.has("next_step") && row.get("next_step") != next_step) fix.next_step = row.get("next_step");
            if (!fix.outcome && !fix.next_step) {
                ++report.unchanged;
                return;
            }
            fix.reason = "imported from a spreadsheet";
            const Interaction i = Interactions(*db_).correct(id, fix);
            outcome = i.outcome;
            next_step = i.next_step;
            ++report.updated;
            return;
        }
        NewInteraction in;
        in.kind = kind;
        in.on = on;
        in.employer_id = employer;
        if (row.has("time"))
            in.at_minute = reading("time", row.get("time"), [&] { return sheet_time(row.get("time"), "time"); });
        if (row.has("staff")) {
            auto s = staff.find(fold_text(row.get("staff")));
            if (s == staff.end()) throw FieldError("staff", row.get("staff"), "is not on the staff of " + office.name);
            in.staff_id = s->second;
        } else if (members.size() == 1) {
            in.staff_id = members.front().meta.id;
        } else {
            throw FieldError(
                "staff", "",
                "is required: " + office.name + " has " + std::to_string(members.size()) + " staff members");
        }
        for (const auto& who : sheet_list(row.get("contacts"))) {
            std::string key = who;
            if (who.find('@') != std::string::npos)  // e-mails are stored in lower case
                std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
            else key = fold_text(who);
            auto c = contacts.find({employer, key});
            if (c == contacts.end())
                throw FieldError("contacts", who, "is not a contact of " + employers.name_of.at(employer));
            in.contacts.push_back(c->second);
        }
        if (row.has("direction"))
            in.direction = reading("direction", row.get("direction"),
                                   [&] { return sheet_value<Direction>(row.get("direction"), "direction"); });
        in.summary = row.get("summary");
        in.outcome = row.get("outcome");
        in.next_step = row.get("next_step");
        const Interaction i = Interactions(*db_).log(in);
        logged[key] = {i.meta.id, i.outcome, i.next_step};
        ++report.created;
    });
}

// ---- service requests ---------------------------------------------------------------------

ImportReport Imports::requests(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, request_fields(), o);
    require_columns(doc, cols, {"category", "received"});
    const EmployerIndex employers(*db_, office.meta.id);
    std::map<std::string, std::string> categories;  // folded code or name -> code
    for (const auto& c : ServiceCatalogue(*db_).list(office.meta.id)) {
        categories[fold_text(c.code)] = c.code;
        categories[fold_text(c.name)] = c.code;
    }
    // (employer or 0, category, received day, folded description) -> request id
    using Key = std::tuple<Id, std::string, std::int64_t, std::string>;
    std::map<Key, Id> known;
    for (auto& r : store::known_requests(*db_, office.meta.id))
        known[{r.employer_id, std::move(r.category), r.received.days(), fold_text(r.description)}] = r.id;
    return run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
        const std::optional<Id> employer =
            row.has("rut") ? std::optional<Id>(employers.find(row, office.name)) : std::nullopt;
        auto c = categories.find(fold_text(row.get("category")));
        if (c == categories.end())
            throw FieldError("category", row.get("category"), "is not a service category of " + office.name);
        const Date received = sheet_date(row.get("received"), "received");
        const bool has_status = row.has("status");
        const RequestStatus status =
            has_status ? reading("status", row.get("status"),
                                 [&] { return sheet_value<RequestStatus>(row.get("status"), "status"); })
                       : RequestStatus::Received;
        const Date status_on = row.has("status_on") ? sheet_date(row.get("status_on"), "status_on") : received;
        const Key key{employer.value_or(0), c->second, received.days(), fold_text(row.get("description"))};
        Id id = 0;
        bool created = false;
        if (auto it = known.find(key); it != known.end()) {
            id = it->second;
        } else {
            NewServiceRequest in;
            in.office_id = office.meta.id;
            in.employer_id = employer;
            in.category = c->second;
            in.description = row.get("description");
            in.address = row.get("address");
            if (row.has("latitude")) in.latitude = sheet_value<double>(row.get("latitude"), "latitude");
            if (row.has("longitude")) in.longitude = sheet_value<double>(row.get("longitude"), "longitude");
            in.attributes = row.get("attributes");
            in.received_on = received;
            id = Requests(*db_).open(in).meta.id;
            known[key] = id;
            created = true;
        }
        bool moved = false;
        if (has_status) {
            const RequestStatus now = Requests(*db_).get(id).status;
            // Received or routed: the routing rules decide which of the two a new request is.
            const auto waiting = [](RequestStatus x) {
                return x == RequestStatus::Received || x == RequestStatus::Routed;
            };
            if (status != now && !(waiting(status) && waiting(now))) {
                const auto path = status_path(now, status);
                if (path.empty())
                    throw FieldError(
                        "status", row.get("status"),
                        "cannot be reached from " + std::string(to_string(now)) +
                            (now == RequestStatus::Received ? " (no routing rule sends it to a department)" : ""));
                for (auto s : path)
                    Requests(*db_).transition(id, s, 0, "imported from a spreadsheet", false, status_on);
                moved = true;
            }
        }
        ++(created ? report.created : moved ? report.updated : report.unchanged);
    });
}

// ---- vacancies ----------------------------------------------------------------------------

ImportReport Imports::vacancies(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, vacancy_import_fields(), o);
    require_columns(doc, cols, {"rut", "title", "occupation"});
    const EmployerIndex employers(*db_, office.meta.id);
    // (employer, folded title, capture day) -> the vacancy
    using Key = std::tuple<Id, std::string, std::int64_t>;
    std::map<Key, Vacancy> known;
    for (const auto& v : Vacancies(*db_).list(office.meta.id))
        known[{v.employer_id, fold_text(v.title), v.captured_on.days()}] = v;
    const Date today = this->today();
    return run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
        const Id employer = employers.find(row, office.name);
        const Date captured = row.has("captured_on") ? sheet_date(row.get("captured_on"), "captured_on") : today;
        const std::optional<Date> valid =
            row.has("valid_through") ? std::optional<Date>(sheet_date(row.get("valid_through"), "valid_through"))
                                     : std::nullopt;
        const std::optional<Date> cancelled_on =
            row.has("cancelled_on") ? std::optional<Date>(sheet_date(row.get("cancelled_on"), "cancelled_on"))
                                    : std::nullopt;
        const Key key{employer, fold_text(row.get("title")), captured.days()};
        Vacancy v;
        bool created = false, changed = false;
        if (auto it = known.find(key); it != known.end()) {
            v = it->second;
            if (valid && *valid != v.valid_through) {
                v = Vacancies(*db_).extend(v.meta.id, *valid);
                changed = true;
            }
        } else {
            NewVacancy in;
            in.employer_id = employer;
            read_sheet_row(row, in, {{"on", "captured_on"}});  // capture()'s `on` is the column captured_on
            in.captured_on = captured;
            in.valid_through = valid;
            v = Vacancies(*db_).capture(in);
            created = true;
        }
        if (row.has("cancel_reason") && !v.cancelled_on) {
            v = Vacancies(*db_).cancel(v.meta.id, row.get("cancel_reason"), cancelled_on);
            changed = true;
        }
        known[key] = v;
        ++(created ? report.created : changed ? report.updated : report.unchanged);
    });
}

// ---- job seekers --------------------------------------------------------------------------

ImportReport Imports::seekers(const csv::Document& doc, const ImportOptions& o) {
    const Office office = Offices(*db_).get(o.office_id);
    const Columns cols = map_columns(doc, seeker_import_fields(), o);
    require_columns(doc, cols, {"rut"});
    return run_import(*db_, doc, cols, o, [&](const Row& row, ImportReport& report) {
        const Rut rut = reading("rut", row.get("rut"), [&] { return Rut(row.get("rut")); });
        auto opt_date = [&](const char* field) {
            return row.has(field) ? std::optional<Date>(sheet_date(row.get(field), field)) : std::nullopt;
        };
        const bool active = !row.has("active") || yes(row.get("active"), "active");
        const std::optional<Date> consent_on = opt_date("consent_on");
        const auto found = seeker_by_rut(*db_, office.meta.id, rut);
        const auto existing = found ? std::optional<JobSeeker>(Seekers(*db_).get(*found)) : std::nullopt;
        if (!existing) {
            if (!consent_on) throw FieldError("consent_on", "", "is required: the day the seeker consented");
            if (!row.has("consent_scope"))
                throw FieldError("consent_scope", "",
                                 "is required (intermediation, programmes, contact, statistics, image, testimonial)");
            NewJobSeeker s;
            s.office_id = office.meta.id;
            read_sheet_row(row, s);
            s.rut = rut.str();
            const JobSeeker added = experience_checked(row, [&] { return Seekers(*db_).add(s); });
            if (!active) Seekers(*db_).withdraw(added.meta.id);
            ++report.created;
            return;
        }
        const Id id = existing->meta.id;
        const auto logged = Seekers(*db_).changes(id).rows();
        SeekerUpdate u;
        read_sheet_row(row, u);
        experience_checked(row, [&] { return Seekers(*db_).update(id, u); });
        if (consent_on && *consent_on > existing->consent_on) {
            if (!row.has("consent_scope")) throw FieldError("consent_scope", "", "is required with a new consent date");
            try {
                Seekers(*db_).renew_consent(id, *consent_on, sheet_list(row.get("consent_scope")));
            } catch (const ValidationError& e) {  // renew_consent's `on` is the file's consent_on
                if (e.field() != "on") throw;
                throw FieldError("consent_on", row.get("consent_on"), e.reason());
            }
        }
        if (!active && existing->active) Seekers(*db_).withdraw(id);
        ++(Seekers(*db_).changes(id).rows() != logged ? report.updated : report.unchanged);
    });
}

// ---- every kind ---------------------------------------------------------------------------

std::vector<std::string> Imports::kinds() {
    return {"employers", "contacts", "memberships", "interactions", "requests", "vacancies", "seekers"};
}

std::vector<std::pair<std::string, std::vector<std::string>>> Imports::fields(std::string_view kind) {
    if (kind == "employers") return employer_import_fields();
    if (kind == "contacts") return contact_import_fields();
    if (kind == "memberships") return membership_fields();
    if (kind == "interactions") return interaction_fields();
    if (kind == "requests") return request_fields();
    if (kind == "vacancies") return vacancy_import_fields();
    if (kind == "seekers") return seeker_import_fields();
    throw ValidationError("kind", std::string(kind), "expected one of " + join_list(kinds(), ','));
}

ImportReport Imports::run(std::string_view kind, const csv::Document& doc, const ImportOptions& o) {
    if (kind == "employers") return employers(doc, o);
    if (kind == "contacts") return contacts(doc, o);
    if (kind == "memberships") return memberships(doc, o);
    if (kind == "interactions") return interactions(doc, o);
    if (kind == "requests") return requests(doc, o);
    if (kind == "vacancies") return vacancies(doc, o);
    if (kind == "seekers") return seekers(doc, o);
    throw ValidationError("kind", std::string(kind), "expected one of " + join_list(kinds(), ','));
}

Table Imports::export_rows(std::string_view kind, Id office_id, const ExportOptions& options) {
    detail::check_office(*db_, office_id);
    std::vector<Column*> cols;
    if (kind == "employers") return export_employers(office_id);
    if (kind == "contacts") return export_contacts(office_id);
    if (kind == "seekers") {
        if (!options.personal)
            throw ValidationError("personal", "false",
                                  "the seekers' register holds personal data: export it only with personal set "
                                  "and a purpose");
        return Seekers(*db_).export_register(office_id, options.purpose, options.staff_id);
    }
    const EmployerIndex employers(*db_, office_id);
    if (kind == "memberships") {
        Table t = text_table({"rut", "cluster", "joined", "left"}, cols);
        auto clusters = Clusters(*db_).list(office_id);
        std::sort(clusters.begin(), clusters.end(), [](const Cluster& a, const Cluster& b) { return a.name < b.name; });
        for (const auto& c : clusters) {
            auto periods = Clusters(*db_).memberships(c.meta.id);
            std::sort(periods.begin(), periods.end(), [&](const Membership& a, const Membership& b) {
                return std::pair(Rut(employers.rut_of.at(a.employer_id)).compact(), a.joined.days()) <
                       std::pair(Rut(employers.rut_of.at(b.employer_id)).compact(), b.joined.days());
            });
            for (const auto& m : periods)
                push_row(cols, {employers.rut_of.at(m.employer_id), c.name, m.joined.iso(), date_or_empty(m.left)});
        }
        return t;
    }
    if (kind == "interactions") {
        Table t = text_table(
            {"rut", "date", "time", "kind", "staff", "contacts", "direction", "summary", "outcome", "next_step"}, cols);
        for (const auto& i : store::interaction_export_rows(*db_, office_id))
            push_row(cols, {Rut(i.rut).str(), i.on_date, i.at_minute ? hhmm(*i.at_minute) : std::string(), i.kind,
                            i.staff, i.contacts, i.direction, i.summary, i.outcome, i.next_step});
        return t;
    }
    if (kind == "requests") {
        Table t = text_table({"rut", "category", "description", "address", "latitude", "longitude", "attributes",
                              "received", "status", "status_on"},
                             cols);
        auto real = [](const std::optional<double>& v) { return v ? number_text(*v) : std::string(); };
        for (const auto& r : store::request_export_rows(*db_, office_id))
            push_row(cols,
                     {r.rut.empty() ? r.rut : Rut(r.rut).str(), r.category, r.description, r.address, real(r.latitude),
                      real(r.longitude), r.attributes, r.received_on, r.status, r.status_on.value_or(r.received_on)});
        return t;
    }
    if (kind == "vacancies") {
        Table t = sheet_table(vacancy_import_fields(), cols);
        auto list = Vacancies(*db_).list(office_id);
        std::sort(list.begin(), list.end(), [&](const Vacancy& a, const Vacancy& b) {
            return std::tuple(a.captured_on.days(), Rut(employers.rut_of.at(a.employer_id)).compact(), a.title,
                              a.meta.id) < std::tuple(b.captured_on.days(),
                                                      Rut(employers.rut_of.at(b.employer_id)).compact(), b.title,
                                                      b.meta.id);
        });
        for (const auto& v : list) {
            cols[0]->push_text(employers.rut_of.at(v.employer_id));
            push_sheet_row(cols, 1, v);
        }
        return t;
    }
    throw ValidationError("kind", std::string(kind), "expected one of " + join_list(kinds(), ','));
}

}  // namespace omilcrm
