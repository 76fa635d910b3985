// Departments, the service catalogue, routing rules and service requests over the stored data.
#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "bulk.hpp"
#include "checks.hpp"
#include "references.hpp"
#include "report_rules.hpp"
#include "request_reports.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {


using detail::split_list;
std::string join(const std::vector<std::string>& v) { return detail::join_list(v); }

std::string required(std::string_view v, const char* field) {
    std::string t(detail::trim(v));
    if (t.empty()) throw ValidationError(field, std::string(v), "is required");
    return t;
}

constexpr const char* kDepartmentCols = "id, uuid, created_at, updated_at, office_id, code, name, email, active";

Department department_of(SQLite::Statement& s) {
    Department d;
    d.meta = detail::meta_of(s);
    d.office_id = s.getColumn(4).getInt64();
    d.code = s.getColumn(5).getString();
    d.name = s.getColumn(6).getString();
    d.email = s.getColumn(7).getString();
    d.active = s.getColumn(8).getInt() != 0;
    return d;
}

constexpr const char* kCategoryCols =
    "id, uuid, created_at, updated_at, office_id, code, name, description, department_id, deadline_days, "
    "keywords, attributes, active";

ServiceCategory category_of(SQLite::Statement& s) {
    ServiceCategory c;
    c.meta = detail::meta_of(s);
    c.office_id = s.getColumn(4).getInt64();
    c.code = s.getColumn(5).getString();
    c.name = s.getColumn(6).getString();
    c.description = s.getColumn(7).getString();
    c.department_id = detail::opt_id(s.getColumn(8));
    c.deadline_days = s.getColumn(9).getInt();
    c.keywords = split_list(s.getColumn(10).getString());
    c.attributes = split_list(s.getColumn(11).getString());
    c.active = s.getColumn(12).getInt() != 0;
    return c;
}

constexpr const char* kRequestCols =
    "id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, category, description, address, "
    "latitude, longitude, area, attributes, requester_name, requester_email, requester_phone, status, "
    "department_id, routing_rule_id, received_on, due_on, resolved_on, duplicate_of, deadline_days";

ServiceRequest request_of(SQLite::Statement& s) {
    ServiceRequest r;
    r.meta = detail::meta_of(s);
    r.office_id = s.getColumn(4).getInt64();
    r.employer_id = detail::opt_id(s.getColumn(5));
    r.interaction_id = detail::opt_id(s.getColumn(6));
    r.category = s.getColumn(7).getString();
    r.description = s.getColumn(8).getString();
    r.address = s.getColumn(9).getString();
    r.latitude = detail::opt_real(s.getColumn(10));
    r.longitude = detail::opt_real(s.getColumn(11));
    r.area = s.getColumn(12).getString();
    r.attributes = s.getColumn(13).getString();
    r.requester_name = s.getColumn(14).getString();
    r.requester_email = s.getColumn(15).getString();
    r.requester_phone = s.getColumn(16).getString();
    r.status = parse_request_status(s.getColumn(17).getString());
    r.department_id = detail::opt_id(s.getColumn(18));
    r.routing_rule_id = detail::opt_id(s.getColumn(19));
    r.received_on = detail::date_of(s.getColumn(20));
    r.due_on = detail::opt_date(s.getColumn(21));
    r.resolved_on = detail::opt_date(s.getColumn(22));
    r.duplicate_of = detail::opt_id(s.getColumn(23));
    r.deadline_days = s.getColumn(24).getInt();
    return r;
}

struct DefaultDepartment {
    const char* code;
    const char* name;
};
constexpr DefaultDepartment kDepartments[] = {
    {"aseo", "Dirección de Aseo y Ornato"},
    {"seguridad", "Dirección de Seguridad Pública"},
    {"obras", "Dirección de Obras Municipales"},
    {"transito", "Dirección de Tránsito"},
    {"medio_ambiente", "Dirección de Medio Ambiente"},
    {"operaciones", "Dirección de Operaciones (Alumbrado Público)"},
    {"dideco", "Dirección de Desarrollo Comunitario (DIDECO)"},
};

struct DefaultCategory {
    const char* code;
    const char* name;
    const char* description;
    const char* department;  // "" = triage
    int deadline_days;
    const char* keywords;
    const char* attributes;
};
constexpr DefaultCategory kCategories[] = {
    {"tree_pruning", "Poda de árboles", "Poda o despeje de árboles en la vía pública o colindantes.", "aseo", 15,
     "poda,arbol,arboles,ramas", "location,trees"},
    {"green_areas", "Mantención de áreas verdes", "Riego, corte de pasto y limpieza de plazas y terrenos colindantes.",
     "aseo", 10, "pasto,plaza,areas verdes,maleza", "location"},
    {"street_lights", "Reparación de luminarias", "Luminarias apagadas o dañadas en calles y pasajes.", "operaciones",
     5, "luminaria,luz,alumbrado,poste", "location"},
    {"crosswalk", "Pintura de paso de cebra", "Demarcación de pasos peatonales.", "transito", 20,
     "paso de cebra,demarcacion,pintura", "location"},
    {"speed_bump", "Lomo de toro", "Instalación de reductores de velocidad (requiere estudio de Tránsito).",
     "transito", 30, "lomo de toro,reductor,velocidad", "location"},
    {"security_patrol", "Rondas de seguridad", "Rondas programadas de radiopatrullas o móviles municipales.",
     "seguridad", 3, "ronda,patrulla,seguridad,robo", ""},
    {"garbage_removal", "Retiro de basura", "Retiro de basura, escombros y microbasurales.", "aseo", 5,
     "basura,escombros,microbasural,residuos", "location"},
    {"public_works", "Solicitud a Obras Municipales", "Veredas, calzadas, permisos y otras obras.", "obras", 20,
     "vereda,calzada,bache,obra", "location"},
    {"other", "Otra solicitud", "Cualquier otra solicitud; la OMIL la deriva a mano.", "", 10, "", ""},
};

bool has_attribute(const std::string& attributes, std::string_view name) {
    for (auto part : detail::split(attributes, ';')) {
        const auto eq = part.find('=');
        if (detail::trim(part.substr(0, eq)) == name && eq != std::string_view::npos &&
            !detail::trim(part.substr(eq + 1)).empty())
            return true;
    }
    return false;
}

void insert_event(detail::DbImpl& db, const RequestEvent& e) {
    auto s = db.stmt(
        "INSERT INTO request_event (uuid, created_at, updated_at, request_id, kind, on_date, staff_id, from_status, "
        "to_status, department_id, routing_rule_id, note, visible_to_employer) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto now = db.now_us();
    s.bind(1, new_uuid());
    s.bind(2, now);
    s.bind(3, now);
    s.bind(4, e.request_id);
    s.bind(5, e.kind);
    s.bind(6, e.on.iso());
    detail::bind_opt(s, 7, e.staff_id);
    if (e.from_status) s.bind(8, std::string(to_string(*e.from_status)));
    else s.bind(8);
    if (e.to_status) s.bind(9, std::string(to_string(*e.to_status)));
    else s.bind(9);
    detail::bind_opt(s, 10, e.department_id);
    detail::bind_opt(s, 11, e.routing_rule_id);
    s.bind(12, e.note);
    s.bind(13, e.visible_to_employer ? 1 : 0);
    s.exec();
}

// A change to request `r` on `on`, checked against the latest entry of its history (its receipt
// at least) and today: check_change_day.
void check_change(detail::DbImpl& db, const ServiceRequest& r, const char* field, Date on) {
    auto s = db.stmt("SELECT max(on_date) FROM request_event WHERE request_id = ?");
    s.bind(1, r.meta.id);
    s.executeStep();
    const Date last = std::max(r.received_on, detail::opt_date(s.getColumn(0)).value_or(r.received_on));
    check_change_day(field, on, last, db.today());
}

// Who acts on a request must work at its office.
void check_staff(const StaffMember& m, Id office_id) {
    if (m.office_id != office_id)
        throw ValidationError("staff", std::to_string(m.meta.id), m.name + " works at another office");
}

std::optional<Id> staff_or_none(detail::DbImpl& db, Id staff_id, Id office_id) {
    if (!staff_id) return std::nullopt;
    check_staff(Staff(db).get(staff_id), office_id);
    return staff_id;
}

std::vector<Pause> pauses_of(detail::DbImpl& db, Id request_id) {
    auto s = db.stmt("SELECT from_date, to_date FROM request_pause WHERE request_id = ? ORDER BY from_date");
    s.bind(1, request_id);
    std::vector<Pause> out;
    while (s.executeStep()) out.push_back({detail::date_of(s.getColumn(0)), detail::opt_date(s.getColumn(1))});
    return out;
}

}  // namespace

// ---- Departments -------------------------------------------------------------------------

Department Departments::add(Id office_id, const std::string& code, const std::string& name, const std::string& email) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    Department d;
    d.office_id = office_id;
    d.code = required(code, "code");
    d.name = required(name, "name");
    d.email = normalize_email(email);
    if (by_code(office_id, d.code)) throw Conflict("office " + std::to_string(office_id) + " already has a department " + d.code);
    d.meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO department (uuid, created_at, updated_at, office_id, code, name, email) VALUES (?,?,?,?,?,?,?)");
    s.bind(1, d.meta.uuid);
    s.bind(2, d.meta.created_at.time_since_epoch().count());
    s.bind(3, d.meta.updated_at.time_since_epoch().count());
    s.bind(4, office_id);
    s.bind(5, d.code);
    s.bind(6, d.name);
    s.bind(7, d.email);
    s.exec();
    d.meta.id = db_->db->getLastInsertRowid();
    return d;
}

Department Departments::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kDepartmentCols + " FROM department WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("department", std::to_string(id));
    return department_of(s);
}

std::optional<Department> Departments::by_code(Id office_id, std::string_view code) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kDepartmentCols + " FROM department WHERE office_id = ? AND code = ?");
    s.bind(1, office_id);
    s.bind(2, std::string(detail::trim(code)));
    if (!s.executeStep()) return std::nullopt;
    return department_of(s);
}

std::vector<Department> Departments::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kDepartmentCols + " FROM department WHERE office_id = ? ORDER BY id");
    s.bind(1, office_id);
    std::vector<Department> out;
    while (s.executeStep()) out.push_back(department_of(s));
    return out;
}

Department Departments::update(Id id, std::optional<std::string> name, std::optional<std::string> email,
                               std::optional<bool> active) {
    detail::WriteScope write(*db_);
    Department d = get(id);
    if (name) d.name = required(*name, "name");
    if (email) d.email = normalize_email(*email);
    if (active) d.active = *active;
    auto s = db_->stmt("UPDATE department SET name = ?, email = ?, active = ?, updated_at = ? WHERE id = ?");
    s.bind(1, d.name);
    s.bind(2, d.email);
    s.bind(3, d.active ? 1 : 0);
    s.bind(4, db_->now_us());
    s.bind(5, id);
    s.exec();
    return get(id);
}

void Departments::seed_defaults(Id office_id) {
    detail::WriteScope write(*db_);
    for (const auto& d : kDepartments)
        if (!by_code(office_id, d.code)) add(office_id, d.code, d.name);
    ServiceCatalogue catalogue(*db_);
    RoutingRules rules(*db_);
    const auto existing = catalogue.list(office_id);
    int position = 10;
    for (const auto& c : kCategories) {
        const bool have = std::any_of(existing.begin(), existing.end(), [&](const auto& x) { return x.code == c.code; });
        if (have) continue;
        ServiceCategory sc;
        sc.office_id = office_id;
        sc.code = c.code;
        sc.name = c.name;
        sc.description = c.description;
        if (*c.department) sc.department_id = by_code(office_id, c.department)->meta.id;
        sc.deadline_days = c.deadline_days;
        sc.keywords = split_list(c.keywords);
        sc.attributes = split_list(c.attributes);
        catalogue.add(sc);
        if (sc.department_id) {
            RoutingRule r;
            r.position = position;
            r.category = c.code;
            r.department_id = *sc.department_id;
            rules.add(office_id, r);
        }
        position += 10;
    }
}

// ---- Catalogue and routing rules ---------------------------------------------------------

ServiceCategory ServiceCatalogue::add(const ServiceCategory& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, in.office_id);
    ServiceCategory c = in;
    c.code = required(in.code, "code");
    c.name = required(in.name, "name");
    if (c.deadline_days < 1 || c.deadline_days > 365)
        throw ValidationError("deadline_days", std::to_string(c.deadline_days), "must be between 1 and 365 business days");
    if (c.department_id && Departments(*db_).get(*c.department_id).office_id != c.office_id)
        throw ValidationError("department", std::to_string(*c.department_id), "belongs to another office");
    c.meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO service_category (uuid, created_at, updated_at, office_id, code, name, description, department_id, "
        "deadline_days, keywords, attributes, active) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, c.meta.uuid);
    s.bind(2, c.meta.created_at.time_since_epoch().count());
    s.bind(3, c.meta.updated_at.time_since_epoch().count());
    s.bind(4, c.office_id);
    s.bind(5, c.code);
    s.bind(6, c.name);
    s.bind(7, c.description);
    detail::bind_opt(s, 8, c.department_id);
    s.bind(9, c.deadline_days);
    s.bind(10, join(c.keywords));
    s.bind(11, join(c.attributes));
    s.bind(12, c.active ? 1 : 0);
    detail::exec_unique(s, [&] {
        return "office " + std::to_string(c.office_id) + " already has a service category " + c.code;
    });
    c.meta.id = db_->db->getLastInsertRowid();
    return c;
}

ServiceCategory ServiceCatalogue::get(Id office_id, std::string_view code) const {
    auto s = db_->stmt(std::string("SELECT ") + kCategoryCols + " FROM service_category WHERE office_id = ? AND code = ?");
    s.bind(1, office_id);
    s.bind(2, std::string(detail::trim(code)));
    if (!s.executeStep()) throw NotFound("service category", std::string(code));
    return category_of(s);
}

std::vector<ServiceCategory> ServiceCatalogue::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kCategoryCols + " FROM service_category WHERE office_id = ? ORDER BY id");
    s.bind(1, office_id);
    std::vector<ServiceCategory> out;
    while (s.executeStep()) out.push_back(category_of(s));
    return out;
}

ServiceCategory ServiceCatalogue::set_deadline(Id office_id, std::string_view code, int business_days) {
    detail::WriteScope write(*db_);
    const ServiceCategory c = get(office_id, code);
    if (business_days < 1 || business_days > 365)
        throw ValidationError("deadline_days", std::to_string(business_days), "must be between 1 and 365 business days");
    auto s = db_->stmt("UPDATE service_category SET deadline_days = ?, updated_at = ? WHERE id = ?");
    s.bind(1, business_days);
    s.bind(2, db_->now_us());
    s.bind(3, c.meta.id);
    s.exec();
    return get(office_id, code);
}

RoutingRule RoutingRules::add(Id office_id, const RoutingRule& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    RoutingRule r = in;
    r.category = required(in.category, "category");
    ServiceCatalogue(*db_).get(office_id, r.category);
    if (Departments(*db_).get(in.department_id).office_id != office_id)
        throw ValidationError("department", std::to_string(in.department_id), "belongs to another office");
    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO routing_rule (uuid, created_at, updated_at, office_id, position, category, area, keywords, "
        "department_id, active) VALUES (?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, office_id);
    s.bind(5, r.position);
    s.bind(6, r.category);
    s.bind(7, r.area);
    s.bind(8, join(r.keywords));
    s.bind(9, r.department_id);
    s.bind(10, r.active ? 1 : 0);
    s.exec();
    r.id = db_->db->getLastInsertRowid();
    return r;
}

std::vector<RoutingRule> RoutingRules::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(
        "SELECT id, position, category, area, keywords, department_id, active FROM routing_rule WHERE office_id = ? "
        "ORDER BY position, id");
    s.bind(1, office_id);
    std::vector<RoutingRule> out;
    while (s.executeStep()) {
        RoutingRule r;
        r.id = s.getColumn(0).getInt64();
        r.position = s.getColumn(1).getInt();
        r.category = s.getColumn(2).getString();
        r.area = s.getColumn(3).getString();
        r.keywords = split_list(s.getColumn(4).getString());
        r.department_id = s.getColumn(5).getInt64();
        r.active = s.getColumn(6).getInt() != 0;
        out.push_back(std::move(r));
    }
    return out;
}

void RoutingRules::set_active(Id rule_id, bool active) {
    detail::WriteScope write(*db_);
    auto s = db_->stmt("UPDATE routing_rule SET active = ?, updated_at = ? WHERE id = ?");
    s.bind(1, active ? 1 : 0);
    s.bind(2, db_->now_us());
    s.bind(3, rule_id);
    s.exec();
    if (db_->db->getChanges() == 0) throw NotFound("routing rule", std::to_string(rule_id));
}

// ---- Requests ----------------------------------------------------------------------------

HolidayCalendar Requests::holidays(Id office_id) const {
    detail::check_office(*db_, office_id);
    HolidayCalendar cal = HolidayCalendar::chile();
    auto s = db_->stmt("SELECT on_date, name FROM office_holiday WHERE office_id = ?");
    s.bind(1, office_id);
    while (s.executeStep()) cal.add(detail::date_of(s.getColumn(0)), s.getColumn(1).getString(), true);
    return cal;
}

void Requests::add_holiday(Id office_id, Date on, const std::string& name) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO office_holiday (uuid, created_at, updated_at, office_id, on_date, name) VALUES (?,?,?,?,?,?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, office_id);
    s.bind(5, on.iso());
    s.bind(6, required(name, "name"));
    detail::exec_unique(s, [&] {
        return "office " + std::to_string(office_id) + " already has a local holiday on " + on.iso();
    });
}

namespace {

// What receiving a request of an office needs from the office: its catalogue, its routing rules
// (those pointing at a department that no longer works switched off) and its holidays.
struct Desk {
    std::vector<ServiceCategory> categories;
    std::vector<RoutingRule> rules;
    HolidayCalendar holidays;
};

// The records open() and open_many() check requests against; each office's desk is loaded once.
struct Intake {
    Intake(detail::DbImpl& db, bool bulk) : db(db), refs(db, bulk) {}

    const Desk& desk(Id office_id) {
        auto it = desks.find(office_id);
        if (it != desks.end()) return it->second;
        Desk d;
        d.categories = ServiceCatalogue(db).list(office_id);
        // Rules pointing at a department that no longer works are skipped.
        d.rules = RoutingRules(db).list(office_id);
        std::unordered_map<Id, bool> active;
        for (const auto& x : Departments(db).list(office_id)) active[x.meta.id] = x.active;
        for (auto& rule : d.rules)
            if (!active[rule.department_id]) rule.active = false;
        d.holidays = Requests(db).holidays(office_id);
        return desks.emplace(office_id, std::move(d)).first->second;
    }

    detail::DbImpl& db;
    detail::References refs;
    std::unordered_map<Id, Desk> desks;
};

// A request checked, routed and with its deadline, ready to insert.
struct PreparedRequest {
    ServiceRequest r;
    std::optional<Id> staff;
    std::string explanation;  ///< the routing decision, for the history
};

// Every check and decision of open(); writes nothing.
PreparedRequest prepare_request(const NewServiceRequest& in, Intake& intake, Date today) {
    detail::References& refs = intake.refs;
    PreparedRequest p;
    ServiceRequest& r = p.r;
    if (in.employer_id) {
        const Employer& e = refs.employer(*in.employer_id);
        if (in.office_id && in.office_id != e.office_id)
            throw ValidationError("employer", std::to_string(e.meta.id), "belongs to another office");
        r.office_id = e.office_id;
        r.employer_id = e.meta.id;
    } else {
        if (!in.office_id) throw ValidationError("office", "", "is required when there is no employer");
        refs.office(in.office_id);
        r.office_id = in.office_id;
    }
    if (in.interaction_id) {
        const Interaction& i = refs.interaction(*in.interaction_id);
        if (i.office_id != r.office_id)
            throw ValidationError("interaction", std::to_string(*in.interaction_id), "belongs to another office");
        r.interaction_id = i.meta.id;
    }
    const Desk& desk = intake.desk(r.office_id);
    const std::string code(detail::trim(in.category));
    const auto category_it = std::find_if(desk.categories.begin(), desk.categories.end(),
                                          [&](const ServiceCategory& c) { return c.code == code; });
    if (category_it == desk.categories.end())
        throw ValidationError("category", in.category, "is not in the office's service catalogue");
    const ServiceCategory& category = *category_it;
    if (!category.active) throw ValidationError("category", in.category, "is no longer offered");
    r.category = category.code;
    r.description = std::string(detail::trim(in.description));
    r.address = std::string(detail::trim(in.address));
    if (in.latitude.has_value() != in.longitude.has_value())
        throw ValidationError("latitude", "", "latitude and longitude go together");
    if (in.latitude && !(*in.latitude >= -90 && *in.latitude <= 90))
        throw ValidationError("latitude", std::to_string(*in.latitude), "must be between -90 and 90");
    if (in.longitude && !(*in.longitude >= -180 && *in.longitude <= 180))
        throw ValidationError("longitude", std::to_string(*in.longitude), "must be between -180 and 180");
    r.latitude = in.latitude;
    r.longitude = in.longitude;
    r.area = std::string(detail::trim(in.area));
    r.attributes = std::string(detail::trim(in.attributes));
    for (const auto& a : category.attributes) {
        if (a == "location") {
            if (r.address.empty() && !r.latitude) {
                // An employer's request is about its own premises unless it says otherwise.
                if (r.employer_id) {
                    const Employer& e = refs.employer(*r.employer_id);
                    r.address = e.address;
                    r.latitude = e.latitude;
                    r.longitude = e.longitude;
                }
                if (r.address.empty() && !r.latitude)
                    throw ValidationError("address", "", category.name + " needs an address or coordinates");
            }
        } else if (!has_attribute(r.attributes, a)) {
            throw ValidationError(a, r.attributes, category.name + " needs the attribute " + a + " (as " + a + "=...)");
        }
    }
    r.requester_name = std::string(detail::trim(in.requester_name));
    r.requester_email = normalize_email(in.requester_email, "email");
    r.requester_phone = normalize_phone(in.requester_phone, "phone");
    r.received_on = in.received_on.value_or(today);
    detail::check_not_future("received_on", r.received_on, today);
    if (in.staff_id) {
        check_staff(refs.staff(in.staff_id), r.office_id);
        p.staff = in.staff_id;
    }

    // Routing: the first matching rule; none = triage, where nothing is lost.
    const RoutingDecision decision = route({r.category, r.area, r.description}, desk.rules);
    r.department_id = decision.department_id;
    r.routing_rule_id = decision.rule_id;
    p.explanation = decision.explanation;
    r.status = r.department_id ? RequestStatus::Routed : RequestStatus::Received;
    r.deadline_days = category.deadline_days;  // kept: later catalogue changes do not move it
    r.due_on = add_business_days(desk.holidays, r.received_on, r.deadline_days);
    return p;
}

// Writes a prepared request and its first history entries (inside the caller's scope); fills in
// its id and metadata.
Id insert_request(detail::DbImpl& db, PreparedRequest& p) {
    ServiceRequest& r = p.r;
    r.meta = db.new_meta();
    auto s = db.stmt(
        "INSERT INTO service_request (uuid, created_at, updated_at, office_id, employer_id, interaction_id, category, "
        "description, address, latitude, longitude, area, attributes, requester_name, requester_email, requester_phone, "
        "status, department_id, routing_rule_id, received_on, due_on, deadline_days) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, r.meta.uuid);
    s.bind(2, r.meta.created_at.time_since_epoch().count());
    s.bind(3, r.meta.updated_at.time_since_epoch().count());
    s.bind(4, r.office_id);
    detail::bind_opt(s, 5, r.employer_id);
    detail::bind_opt(s, 6, r.interaction_id);
    s.bind(7, r.category);
    s.bind(8, r.description);
    s.bind(9, r.address);
    detail::bind_opt(s, 10, r.latitude);
    detail::bind_opt(s, 11, r.longitude);
    s.bind(12, r.area);
    s.bind(13, r.attributes);
    s.bind(14, r.requester_name);
    s.bind(15, r.requester_email);
    s.bind(16, r.requester_phone);
    s.bind(17, std::string(to_string(r.status)));
    detail::bind_opt(s, 18, r.department_id);
    detail::bind_opt(s, 19, r.routing_rule_id);
    s.bind(20, r.received_on.iso());
    detail::bind_opt(s, 21, r.due_on);
    s.bind(22, r.deadline_days);
    s.exec();
    r.meta.id = db.db->getLastInsertRowid();
    insert_event(db, {.request_id = r.meta.id, .kind = "transition", .on = r.received_on, .staff_id = p.staff,
                      .to_status = RequestStatus::Received, .note = "received"});
    if (r.department_id)
        insert_event(db, {.request_id = r.meta.id, .kind = "transition", .on = r.received_on, .staff_id = p.staff,
                          .from_status = RequestStatus::Received, .to_status = RequestStatus::Routed,
                          .department_id = r.department_id, .routing_rule_id = r.routing_rule_id,
                          .note = p.explanation});
    else
        insert_event(db, {.request_id = r.meta.id, .kind = "note", .on = r.received_on, .staff_id = p.staff,
                          .note = p.explanation});
    return r.meta.id;
}

}  // namespace

ServiceRequest Requests::open(const NewServiceRequest& in) {
    detail::WriteScope write(*db_);
    Intake intake(*db_, false);
    PreparedRequest p = prepare_request(in, intake, db_->today());
    insert_request(*db_, p);
    return p.r;
}

std::vector<Id> Requests::open_many(const std::vector<NewServiceRequest>& rows) {
    detail::WriteScope write(*db_);
    Intake intake(*db_, true);
    std::vector<Id> interactions;
    for (const auto& row : rows)
        if (row.interaction_id) interactions.push_back(*row.interaction_id);
    intake.refs.prefetch_interactions(interactions);
    const Date today = db_->today();
    return detail::insert_rows(
        *db_, rows, [&](const NewServiceRequest& in) { return prepare_request(in, intake, today); },
        [&](PreparedRequest& p) { return insert_request(*db_, p); });
}

ServiceRequest Requests::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kRequestCols + " FROM service_request WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("service request", std::to_string(id));
    return request_of(s);
}

ServiceRequest Requests::transition(Id id, RequestStatus to, Id staff_id, const std::string& note,
                                    bool visible_to_employer, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    if (to == RequestStatus::Duplicate)
        throw ValidationError("status", "duplicate", "use mark_duplicate, which links the original request");
    check_transition(r.status, to);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    const Date day = on.value_or(db_->today());
    check_change(*db_, r, "on", day);
    if (to == RequestStatus::Routed && !r.department_id)
        throw ValidationError("status", "routed", "the request is in triage: use reroute() to choose a department");
    auto s = db_->stmt("UPDATE service_request SET status = ?, resolved_on = ?, updated_at = ? WHERE id = ?");
    s.bind(1, std::string(to_string(to)));
    if (to == RequestStatus::Resolved) s.bind(2, day.iso());
    else if (to == RequestStatus::Reopened) s.bind(2);
    else detail::bind_opt(s, 2, r.resolved_on);
    s.bind(3, db_->now_us());
    s.bind(4, id);
    s.exec();
    insert_event(*db_, {.request_id = id, .kind = "transition", .on = day, .staff_id = staff, .from_status = r.status,
                        .to_status = to, .department_id = r.department_id, .note = note,
                        .visible_to_employer = visible_to_employer});
    return get(id);
}

ServiceRequest Requests::reroute(Id id, Id department_id, Id staff_id, const std::string& note, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    const Department d = Departments(*db_).get(department_id);
    if (d.office_id != r.office_id) throw ValidationError("department", std::to_string(department_id), "belongs to another office");
    if (!d.active) throw ValidationError("department", d.code, "is not active");
    const RequestStatus to = RequestStatus::Routed;
    if (r.status != RequestStatus::Received) check_transition(r.status, to);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    const Date day = on.value_or(db_->today());
    check_change(*db_, r, "on", day);
    auto s = db_->stmt(
        "UPDATE service_request SET status = 'routed', department_id = ?, routing_rule_id = NULL, updated_at = ? "
        "WHERE id = ?");
    s.bind(1, department_id);
    s.bind(2, db_->now_us());
    s.bind(3, id);
    s.exec();
    insert_event(*db_, {.request_id = id, .kind = "reroute", .on = day, .staff_id = staff, .from_status = r.status,
                        .to_status = to, .department_id = department_id,
                        .note = note.empty() ? "routed by hand to " + d.name : note});
    return get(id);
}

ServiceRequest Requests::mark_duplicate(Id id, Id original_id, Id staff_id, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    const ServiceRequest original = get(original_id);
    if (original_id == id) throw ValidationError("original", std::to_string(original_id), "is the request itself");
    if (original.office_id != r.office_id)
        throw ValidationError("original", std::to_string(original_id), "belongs to another office");
    check_transition(r.status, RequestStatus::Duplicate);
    // The original's own chain of originals must not lead back here: duplicates of duplicates end
    // at a request that is nobody's duplicate. (UNION stops on a cycle an older file may hold.)
    std::vector<Id> chain;
    {
        auto q = db_->stmt(
            "WITH RECURSIVE chain(id, n) AS (SELECT ?, 0 UNION SELECT r.duplicate_of, c.n + 1 FROM chain c "
            "JOIN service_request r ON r.id = c.id WHERE r.duplicate_of IS NOT NULL AND c.n < 10000) "
            "SELECT id FROM chain ORDER BY n");
        q.bind(1, original_id);
        while (q.executeStep()) {
            chain.push_back(q.getColumn(0).getInt64());
            if (chain.back() == id) break;
        }
    }
    if (chain.back() == id) {
        std::string path = std::to_string(id);
        for (Id c : chain) path += " -> " + std::to_string(c);
        throw Conflict("request " + std::to_string(id) + " cannot be a duplicate of request " +
                       std::to_string(original_id) + ", which is already a duplicate of it (" + path + ")");
    }
    const Date day = on.value_or(db_->today());
    check_change(*db_, r, "on", day);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    auto s = db_->stmt("UPDATE service_request SET status = 'duplicate', duplicate_of = ?, updated_at = ? WHERE id = ?");
    s.bind(1, original_id);
    s.bind(2, db_->now_us());
    s.bind(3, id);
    s.exec();
    insert_event(*db_, {.request_id = id, .kind = "transition", .on = day, .staff_id = staff,
                        .from_status = r.status, .to_status = RequestStatus::Duplicate,
                        .note = "duplicate of request " + std::to_string(original_id), .visible_to_employer = true});
    return get(id);
}

namespace {
// Recomputes the deadline from the category's business days and the request's pauses.
void refresh_due(detail::DbImpl& db, Requests& repo, const ServiceRequest& r) {
    const auto pauses = pauses_of(db, r.meta.id);
    std::optional<Date> due;
    try {
        due = add_business_days(repo.holidays(r.office_id), r.received_on, r.deadline_days, pauses);
    } catch (const ValidationError&) {
        due.reset();  // an open pause reached before the deadline: no due date until it ends
    }
    auto s = db.stmt("UPDATE service_request SET due_on = ?, updated_at = ? WHERE id = ?");
    detail::bind_opt(s, 1, due);
    s.bind(2, db.now_us());
    s.bind(3, r.meta.id);
    s.exec();
}
}  // namespace

ServiceRequest Requests::pause(Id id, Date from, Id staff_id, const std::string& note) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    if (!is_open(r.status)) throw ValidationError("status", std::string(to_string(r.status)), "only an open request can wait");
    for (const auto& p : pauses_of(*db_, id))
        if (!p.to) throw Conflict("request " + std::to_string(id) + " is already waiting since " + p.from.iso());
    check_change(*db_, r, "from", from);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    auto s = db_->stmt("INSERT INTO request_pause (request_id, from_date) VALUES (?, ?)");
    s.bind(1, id);
    s.bind(2, from.iso());
    s.exec();
    insert_event(*db_, {.request_id = id, .kind = "pause", .on = from, .staff_id = staff,
                        .note = note.empty() ? "waiting on the employer" : note});
    refresh_due(*db_, *this, r);
    return get(id);
}

ServiceRequest Requests::resume(Id id, Date to, Id staff_id) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    auto q = db_->stmt("SELECT id, from_date FROM request_pause WHERE request_id = ? AND to_date IS NULL");
    q.bind(1, id);
    if (!q.executeStep()) throw Conflict("request " + std::to_string(id) + " is not waiting");
    const Id pause_id = q.getColumn(0).getInt64();
    const Date from = detail::date_of(q.getColumn(1));
    if (to < from) throw ValidationError("to", to.iso(), "is before the wait began (" + from.iso() + ")");
    check_change(*db_, r, "to", to);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    auto s = db_->stmt("UPDATE request_pause SET to_date = ? WHERE id = ?");
    s.bind(1, to.iso());
    s.bind(2, pause_id);
    s.exec();
    insert_event(*db_, {.request_id = id, .kind = "resume", .on = to, .staff_id = staff, .note = "the clock runs again"});
    refresh_due(*db_, *this, r);
    return get(id);
}

namespace {
void log_event(detail::DbImpl& db, Requests& repo, Id id, const char* kind, Id staff_id, const std::string& note,
               bool visible, std::optional<Date> on) {
    const ServiceRequest r = repo.get(id);
    const auto staff = staff_or_none(db, staff_id, r.office_id);
    // A note may be written down after later changes, but not before the request existed.
    const Date day = on.value_or(db.today());
    if (day < r.received_on)
        throw ValidationError("on", day.iso(), "is before the request was received (" + r.received_on.iso() + ")");
    detail::check_not_future("on", day, db.today());
    insert_event(db, {.request_id = id, .kind = kind, .on = day, .staff_id = staff,
                      .department_id = r.department_id, .note = required(note, "note"), .visible_to_employer = visible});
}
}  // namespace

void Requests::add_note(Id id, Id staff_id, const std::string& note, bool visible, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    log_event(*db_, *this, id, "note", staff_id, note, visible, on);
}
void Requests::told_employer(Id id, Id staff_id, const std::string& note, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    log_event(*db_, *this, id, "notified", staff_id, note, true, on);
}
void Requests::reminded(Id id, Id staff_id, const std::string& note, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    log_event(*db_, *this, id, "reminder", staff_id, note, false, on);
}

std::vector<RequestEvent> Requests::history(Id id) const {
    get(id);
    auto s = db_->stmt(
        "SELECT request_id, kind, on_date, staff_id, from_status, to_status, department_id, routing_rule_id, note, "
        "visible_to_employer, created_at FROM request_event WHERE request_id = ? ORDER BY id");
    s.bind(1, id);
    std::vector<RequestEvent> out;
    while (s.executeStep()) {
        RequestEvent e;
        e.request_id = s.getColumn(0).getInt64();
        e.kind = s.getColumn(1).getString();
        e.on = detail::date_of(s.getColumn(2));
        e.staff_id = detail::opt_id(s.getColumn(3));
        if (!s.getColumn(4).isNull()) e.from_status = parse_request_status(s.getColumn(4).getString());
        if (!s.getColumn(5).isNull()) e.to_status = parse_request_status(s.getColumn(5).getString());
        e.department_id = detail::opt_id(s.getColumn(6));
        e.routing_rule_id = detail::opt_id(s.getColumn(7));
        e.note = s.getColumn(8).getString();
        e.visible_to_employer = s.getColumn(9).getInt() != 0;
        e.at = detail::ts_of(s.getColumn(10).getInt64());
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<ServiceRequest> Requests::list(Id office_id, const RequestFilter& f) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kRequestCols +
                        " FROM service_request WHERE office_id = ?1 AND (?2 IS NULL OR department_id = ?2) "
                        "AND (?3 IS NULL OR employer_id = ?3) ORDER BY received_on, id");
    s.bind(1, office_id);
    detail::bind_opt(s, 2, f.department_id);
    detail::bind_opt(s, 3, f.employer_id);
    std::vector<ServiceRequest> out;
    while (s.executeStep()) {
        ServiceRequest r = request_of(s);
        if ((f.open_only || f.triage_only) && !is_open(r.status)) continue;
        if (f.triage_only && r.department_id) continue;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<ServiceRequest> Requests::overdue(Id office_id, Date day) const {
    detail::check_office(*db_, office_id);
    std::vector<ServiceRequest> out;
    for (auto& r : list(office_id))
        if (r.due_on && *r.due_on < day) out.push_back(std::move(r));
    return out;
}

std::vector<ServiceRequest> Requests::near_deadline(Id office_id, Date day, int business_days) const {
    detail::check_office(*db_, office_id);
    const HolidayCalendar cal = holidays(office_id);
    const Date limit = add_business_days(cal, day, business_days);
    std::vector<ServiceRequest> out;
    for (auto& r : list(office_id))
        if (r.due_on && *r.due_on >= day && *r.due_on <= limit) out.push_back(std::move(r));
    return out;
}

Table Requests::table(Id office_id, const RequestFilter& f) const {
    detail::check_office(*db_, office_id);
    const auto requests = list(office_id, f);
    std::unordered_map<Id, std::string> departments;
    for (const auto& d : Departments(*db_).list(office_id)) departments[d.meta.id] = d.name;
    std::unordered_map<Id, std::string> employers;
    for (const auto& e : Employers(*db_).list(office_id)) employers[e.meta.id] = e.display_name();
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& received = t.add_column("received_on", ColumnType::Date);
    auto& category = t.add_column("category", ColumnType::Text);
    auto& status = t.add_column("status", ColumnType::Text);
    auto& department_id = t.add_column("department_id", ColumnType::Int);
    auto& department = t.add_column("department", ColumnType::Text);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& due = t.add_column("due_on", ColumnType::Date);
    auto& resolved = t.add_column("resolved_on", ColumnType::Date);
    auto& description = t.add_column("description", ColumnType::Text);
    auto& address = t.add_column("address", ColumnType::Text);
    for (const auto& r : requests) {
        id.push_int(r.meta.id);
        uuid.push_text(r.meta.uuid);
        received.push_int(r.received_on.days());
        category.push_text(r.category);
        status.push_text(std::string(to_string(r.status)));
        if (r.department_id) {
            department_id.push_int(*r.department_id);
            department.push_text(departments[*r.department_id]);
        } else {
            department_id.push_null();
            department.push_text("(triage)");
        }
        if (r.employer_id) {
            employer_id.push_int(*r.employer_id);
            employer.push_text(employers[*r.employer_id]);
        } else {
            employer_id.push_null();
            employer.push_null();
        }
        if (r.due_on) due.push_int(r.due_on->days());
        else due.push_null();
        if (r.resolved_on) resolved.push_int(r.resolved_on->days());
        else resolved.push_null();
        description.push_text(r.description);
        address.push_text(r.address);
    }
    return t;
}

Table Requests::open_by_department(Id office_id, Date day) const {
    detail::check_office(*db_, office_id);
    std::unordered_map<Id, std::string> names;
    std::vector<Id> department_ids;
    for (const auto& d : Departments(*db_).list(office_id)) {
        names[d.meta.id] = d.name;
        department_ids.push_back(d.meta.id);
    }
    const auto rows = detail::open_by_department(list(office_id), department_ids, day);
    Table t;
    auto& id = t.add_column("department_id", ColumnType::Int);
    auto& name = t.add_column("department", ColumnType::Text);
    auto& open = t.add_column("open", ColumnType::Int);
    auto& overdue = t.add_column("overdue", ColumnType::Int);
    auto& oldest = t.add_column("oldest_age_days", ColumnType::Int);
    auto& mean = t.add_column("mean_age_days", ColumnType::Real);
    for (const auto& row : rows) {
        if (row.department_id) {
            id.push_int(row.department_id);
            name.push_text(names[row.department_id]);
        } else {
            id.push_null();
            name.push_text("(triage)");
        }
        open.push_int(row.open);
        overdue.push_int(row.overdue);
        oldest.push_int(row.oldest_age_days);
        if (row.mean_age_days) mean.push_real(*row.mean_age_days);
        else mean.push_null();
    }
    return t;
}

Table Requests::deadline_compliance(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const HolidayCalendar cal = holidays(office_id);
    std::unordered_map<Id, std::string> names;
    for (const auto& d : Departments(*db_).list(office_id)) names[d.meta.id] = d.name;
    // The period's requests only, and only the columns counted (service_request_received).
    std::vector<detail::RequestOutcome> period;
    std::unordered_map<Id, std::size_t> index;
    // Both statements take the office and the period.
    const auto in_period = [&](const char* sql) {
        auto q = db_->stmt(sql);
        q.bind(1, office_id);
        q.bind(2, from.iso());
        q.bind(3, to.iso());
        return q;
    };
    {
        auto q = in_period(
            "SELECT id, coalesce(department_id, 0), category, status, received_on, due_on, resolved_on "
            "FROM service_request WHERE office_id = ? AND received_on BETWEEN ? AND ? "
            "AND status NOT IN ('duplicate', 'rejected')");
        while (q.executeStep()) {
            detail::RequestOutcome r;
            r.id = q.getColumn(0).getInt64();
            r.department_id = q.getColumn(1).getInt64();
            r.category = q.getColumn(2).getString();
            r.status = parse_request_status(q.getColumn(3).getText());
            r.received_on = detail::date_of(q.getColumn(4));
            r.due_on = detail::opt_date(q.getColumn(5));
            r.resolved_on = detail::opt_date(q.getColumn(6));
            index.emplace(r.id, period.size());
            period.push_back(std::move(r));
        }
    }
    // The pauses of those requests in one query.
    {
        auto q = in_period(
            "SELECT p.request_id, p.from_date, p.to_date FROM request_pause p JOIN service_request r "
            "ON r.id = p.request_id WHERE r.office_id = ? AND r.received_on BETWEEN ? AND ? "
            "ORDER BY p.from_date");
        while (q.executeStep()) {
            const auto it = index.find(q.getColumn(0).getInt64());
            if (it != index.end())
                period[it->second].pauses.push_back({detail::date_of(q.getColumn(1)), detail::opt_date(q.getColumn(2))});
        }
    }
    const detail::DeadlineCompliance report = detail::deadline_compliance(period, cal, from, to, db_->today());
    Table t;
    auto& dep_id = t.add_column("department_id", ColumnType::Int);
    auto& dep = t.add_column("department", ColumnType::Text);
    auto& category = t.add_column("category", ColumnType::Text);
    auto& received = t.add_column("received", ColumnType::Int);
    auto& resolved = t.add_column("resolved", ColumnType::Int);
    auto& on_time = t.add_column("resolved_on_time", ColumnType::Int);
    auto& open = t.add_column("open", ColumnType::Int);
    auto& overdue = t.add_column("open_overdue", ColumnType::Int);
    auto& share = t.add_column("on_time_share", ColumnType::Real);
    auto& median = t.add_column("median_business_days_to_resolve", ColumnType::Real);
    t.set_metadata("judged_to", judged_to_text(report.judged_to));
    for (const auto& row : report.rows) {
        if (row.department_id) {
            dep_id.push_int(row.department_id);
            dep.push_text(names[row.department_id]);
        } else {
            dep_id.push_null();
            dep.push_text("(triage)");
        }
        category.push_text(row.category);
        received.push_int(row.received);
        resolved.push_int(row.resolved);
        on_time.push_int(row.resolved_on_time);
        open.push_int(row.open);
        overdue.push_int(row.open_overdue);
        if (row.on_time_share) share.push_real(*row.on_time_share);
        else share.push_null();
        if (row.median_business_days_to_resolve) median.push_real(*row.median_business_days_to_resolve);
        else median.push_null();
    }
    return t;
}

}  // namespace omilcrm
