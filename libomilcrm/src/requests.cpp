// Departments, the service catalogue, routing rules and service requests: the checks and the
// decisions; the SQL is in store/requests.cpp, the rules in requests_rules.cpp.
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/offices.hpp"
#include "bulk.hpp"
#include "checkins_schedule.hpp"
#include "checks.hpp"
#include "outbox_queue.hpp"
#include "outbox_rules.hpp"
#include "references.hpp"
#include "reports_rules.hpp"
#include "requests_rules.hpp"
#include "store/clusters.hpp"
#include "store/requests.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

using detail::split_list;

std::string required(std::string_view v, const char* field) {
    std::string t(detail::trim(v));
    if (t.empty()) throw ValidationError(field, std::string(v), "is required");
    return t;
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

// Open311's limit, kept for every request: a description is a few lines, not a document.
constexpr std::size_t kMaxDescription = 4000;

// A photo's address: an absolute http or https URL, or nothing.
std::string checked_media_url(std::string_view given) {
    const std::string_view t = detail::trim(given);
    if (t.empty()) return {};
    const auto url = boost::urls::parse_absolute_uri(t);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty())
        throw ValidationError("media_url", std::string(t), "is not an http or https URL");
    return std::string(t);
}

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
    {"speed_bump", "Lomo de toro", "Instalación de reductores de velocidad (requiere estudio de Tránsito).", "transito",
     30, "lomo de toro,reductor,velocidad", "location"},
    {"security_patrol", "Rondas de seguridad", "Rondas programadas de radiopatrullas o móviles municipales.",
     "seguridad", 3, "ronda,patrulla,seguridad,robo", ""},
    {"garbage_removal", "Retiro de basura", "Retiro de basura, escombros y microbasurales.", "aseo", 5,
     "basura,escombros,microbasural,residuos", "location,waste_kind?"},
    {"public_works", "Solicitud a Obras Municipales", "Veredas, calzadas, permisos y otras obras.", "obras", 20,
     "vereda,calzada,bache,obra", "location"},
    {"other", "Otra solicitud", "Cualquier otra solicitud; la OMIL la deriva a mano.", "", 10, "", ""},
};

// A change to request `r` on `on`, checked against the latest entry of its history (its receipt
// at least) and today: check_change_day.
void check_change(detail::DbImpl& db, const ServiceRequest& r, const char* field, Date on) {
    const Date last = std::max(r.received_on, store::last_event_day(db, r.meta.id).value_or(r.received_on));
    check_change_day(field, on, last, detail::today(db));
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
    if (by_code(office_id, d.code))
        throw Conflict("office " + std::to_string(office_id) + " already has a department " + d.code);
    d.meta = detail::new_meta(*db_);
    store::insert_department(*db_, d);
    return d;
}

Department Departments::get(Id id) const {
    auto d = store::find_department(*db_, id);
    if (!d) throw NotFound("department", std::to_string(id));
    return std::move(*d);
}

std::optional<Department> Departments::by_code(Id office_id, std::string_view code) const {
    detail::check_office(*db_, office_id);
    return store::find_department_by_code(*db_, office_id, std::string(detail::trim(code)));
}

std::vector<Department> Departments::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_departments(*db_, office_id);
}

Department Departments::update(Id id, std::optional<std::string> name, std::optional<std::string> email,
                               std::optional<bool> active) {
    detail::WriteScope write(*db_);
    Department d = get(id);
    if (name) d.name = required(*name, "name");
    if (email) d.email = normalize_email(*email);
    if (active) d.active = *active;
    store::update_department(*db_, d);
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
        const bool have =
            std::any_of(existing.begin(), existing.end(), [&](const auto& x) { return x.code == c.code; });
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
        throw ValidationError("deadline_days", std::to_string(c.deadline_days),
                              "must be between 1 and 365 business days");
    if (c.department_id && Departments(*db_).get(*c.department_id).office_id != c.office_id)
        throw ValidationError("department", std::to_string(*c.department_id), "belongs to another office");
    c.meta = detail::new_meta(*db_);
    store::insert_category(*db_, c);  // Conflict when the office has the code already
    return c;
}

ServiceCategory ServiceCatalogue::get(Id office_id, std::string_view code) const {
    auto c = store::find_category(*db_, office_id, std::string(detail::trim(code)));
    if (!c) throw NotFound("service category", std::string(code));
    return std::move(*c);
}

std::vector<ServiceCategory> ServiceCatalogue::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_categories(*db_, office_id);
}

ServiceCategory ServiceCatalogue::set_deadline(Id office_id, std::string_view code, int business_days) {
    detail::WriteScope write(*db_);
    const ServiceCategory c = get(office_id, code);
    if (business_days < 1 || business_days > 365)
        throw ValidationError("deadline_days", std::to_string(business_days),
                              "must be between 1 and 365 business days");
    store::set_category_deadline(*db_, c.meta.id, business_days);
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
    store::insert_routing_rule(*db_, office_id, r, detail::new_meta(*db_));
    return r;
}

std::vector<RoutingRule> RoutingRules::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_routing_rules(*db_, office_id);
}

void RoutingRules::set_active(Id rule_id, bool active) {
    detail::WriteScope write(*db_);
    if (!store::set_routing_rule_active(*db_, rule_id, active)) throw NotFound("routing rule", std::to_string(rule_id));
}

// ---- Requests ----------------------------------------------------------------------------

HolidayCalendar Requests::holidays(Id office_id) const {
    detail::check_office(*db_, office_id);
    // Chile's holidays, the regional ones of the office's commune, and the office's own.
    HolidayCalendar cal = HolidayCalendar::chile(Offices(*db_).get(office_id).commune_code);
    for (auto& h : store::list_office_holidays(*db_, office_id)) cal.add(h.date, std::move(h.name), true);
    return cal;
}

void Requests::add_holiday(Id office_id, Date on, const std::string& name) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    const RecordMeta meta = detail::new_meta(*db_);
    // Conflict when the office has a local holiday that day already.
    store::insert_office_holiday(*db_, office_id, on, required(name, "name"), meta);
    // A meeting that day is called off: the clusters' calendar events change.
    store::bump_cluster_revisions(*db_, office_id);
}

namespace {

// What receiving a request of an office needs from the office: its catalogue, its routing rules
// (those pointing at a department that no longer works switched off) and its holidays.
struct Desk {
    std::vector<ServiceCategory> categories;
    std::vector<RoutingRule> rules;
    HolidayCalendar holidays;
    int checkin_days_before = kDefaultCheckInDaysBefore;
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
        d.checkin_days_before = detail::checkin_days_before(db, office_id);
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
    std::string explanation;           ///< the routing decision, for the history
    std::optional<Date> checkin_on;    ///< the department check-in's day, when routed
    std::optional<Id> employer_owner;  ///< who follows it (checkin_follower)
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
        if (e.owner_id) p.employer_owner = e.owner_id;
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
    r.address_id = std::string(detail::trim(in.address_id));
    r.zipcode = std::string(detail::trim(in.zipcode));
    r.media_url = checked_media_url(in.media_url);
    if (detail::code_points(r.description) > kMaxDescription)
        throw ValidationError("description", r.description.substr(0, 40) + "...",
                              "is longer than " + std::to_string(kMaxDescription) + " characters");
    if (in.latitude.has_value() != in.longitude.has_value())
        throw ValidationError("latitude", "", "latitude and longitude go together");
    if (in.latitude && !(*in.latitude >= -90 && *in.latitude <= 90))
        throw ValidationError("latitude", std::to_string(*in.latitude), "must be between -90 and 90");
    if (in.longitude && !(*in.longitude >= -180 && *in.longitude <= 180))
        throw ValidationError("longitude", std::to_string(*in.longitude), "must be between -180 and 180");
    r.latitude = in.latitude;
    r.longitude = in.longitude;
    r.area = std::string(detail::trim(in.area));
    // The attributes, checked against the category's definitions and stored canonical.
    std::map<std::string, std::string, std::less<>> given;
    for (auto part : detail::split(in.attributes, ';')) {
        if (detail::trim(part).empty()) continue;
        const auto eq = part.find('=');
        const std::string name(detail::trim(part.substr(0, eq)));
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
            }))
            throw ValidationError("attributes", std::string(part), "is not code=value");
        given[name] = std::string(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    }
    std::string stored;
    for (const auto& listed : category.attributes) {
        if (listed == "location") {
            if (r.address.empty() && !r.latitude && r.address_id.empty()) {
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
            continue;
        }
        const AttributeDefinition d = attribute_definition(listed);
        const auto it = given.find(d.code);
        const bool blank = it == given.end() || detail::trim(it->second).empty();
        if (blank) {
            if (d.required)
                throw ValidationError(d.code, std::string(detail::trim(in.attributes)),
                                      category.name + " needs the attribute " + d.code + " (as " + d.code + "=...)");
            if (it != given.end()) given.erase(it);
            continue;
        }
        std::vector<std::string> values;
        if (d.datatype == AttributeType::MultiValueList)
            for (auto v : detail::split(it->second, ',')) values.emplace_back(v);
        else values.push_back(it->second);
        stored += (stored.empty() ? "" : ";") + d.code + "=" + check_attribute(d, values);
        given.erase(it);
    }
    if (!given.empty())
        throw ValidationError("attribute[" + given.begin()->first + "]", given.begin()->second,
                              "is not an attribute of " + category.name);
    r.attributes = stored;
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
    if (r.department_id) p.checkin_on = checkin_day(desk.holidays, r.received_on, r.due_on, desk.checkin_days_before);
    return p;
}

// Writes a prepared request and its first history entries (inside the caller's scope); fills in
// its id and metadata.
Id insert_request(detail::DbImpl& db, PreparedRequest& p) {
    ServiceRequest& r = p.r;
    r.meta = detail::new_meta(db);
    store::insert_request(db, r);
    store::insert_request_event(db, {.request_id = r.meta.id,
                                     .kind = "transition",
                                     .on = r.received_on,
                                     .staff_id = p.staff,
                                     .to_status = RequestStatus::Received,
                                     .note = "received"});
    if (r.department_id)
        store::insert_request_event(db, {.request_id = r.meta.id,
                                         .kind = "transition",
                                         .on = r.received_on,
                                         .staff_id = p.staff,
                                         .from_status = RequestStatus::Received,
                                         .to_status = RequestStatus::Routed,
                                         .department_id = r.department_id,
                                         .routing_rule_id = r.routing_rule_id,
                                         .note = p.explanation});
    else
        store::insert_request_event(
            db,
            {.request_id = r.meta.id, .kind = "note", .on = r.received_on, .staff_id = p.staff, .note = p.explanation});
    // The department hears of it in the same transaction (docs/notifications.md).
    if (r.department_id) detail::queue_request_routed(db, r, false);
    // And a check-in with the department is scheduled before the deadline.
    if (p.checkin_on)
        detail::insert_scheduled_checkin(db, r, *p.checkin_on, detail::checkin_follower(p.employer_owner, p.staff));
    return r.meta.id;
}

}  // namespace

ServiceRequest Requests::open(const NewServiceRequest& in) {
    detail::WriteScope write(*db_);
    Intake intake(*db_, false);
    PreparedRequest p = prepare_request(in, intake, today());
    insert_request(*db_, p);
    return p.r;
}

std::vector<Id> Requests::open_many(const std::vector<NewServiceRequest>& rows, const Progress& progress) {
    detail::WriteScope write(*db_);
    Intake intake(*db_, true);
    std::vector<Id> interactions;
    for (const auto& row : rows)
        if (row.interaction_id) interactions.push_back(*row.interaction_id);
    intake.refs.prefetch_interactions(interactions);
    const Date day = today();
    return detail::insert_rows(
        *db_, rows, progress, [&](const NewServiceRequest& in) { return prepare_request(in, intake, day); },
        [&](PreparedRequest& p) { return insert_request(*db_, p); });
}

ServiceRequest Requests::get(Id id) const {
    auto r = store::find_request(*db_, id);
    if (!r) throw NotFound("service request", std::to_string(id));
    return std::move(*r);
}

ServiceRequest Requests::transition(Id id, RequestStatus to, Id staff_id, const std::string& note,
                                    bool visible_to_employer, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    if (to == RequestStatus::Duplicate)
        throw ValidationError("status", "duplicate", "use mark_duplicate, which links the original request");
    check_transition(r.status, to);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    const Date day = on.value_or(today());
    check_change(*db_, r, "on", day);
    if (to == RequestStatus::Routed && !r.department_id)
        throw ValidationError("status", "routed", "the request is in triage: use reroute() to choose a department");
    std::optional<Date> resolved_on = r.resolved_on;
    if (to == RequestStatus::Resolved) resolved_on = day;
    else if (to == RequestStatus::Reopened) resolved_on.reset();
    store::set_request_status(*db_, id, to, resolved_on);
    store::insert_request_event(*db_, {.request_id = id,
                                       .kind = "transition",
                                       .on = day,
                                       .staff_id = staff,
                                       .from_status = r.status,
                                       .to_status = to,
                                       .department_id = r.department_id,
                                       .note = note,
                                       .visible_to_employer = visible_to_employer});
    const ServiceRequest now = get(id);
    if (to == RequestStatus::Routed) {
        detail::queue_request_routed(*db_, now, false);
        detail::checkin_routed(*db_, now, day, staff);
    }
    if (!is_open(to)) detail::close_checkins(*db_, id, "la solicitud está " + detail::spanish_status(to));
    detail::queue_request_status(*db_, now, r.status, note, visible_to_employer);
    return now;
}

ServiceRequest Requests::reroute(Id id, Id department_id, Id staff_id, const std::string& note,
                                 std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    const Department d = Departments(*db_).get(department_id);
    if (d.office_id != r.office_id)
        throw ValidationError("department", std::to_string(department_id), "belongs to another office");
    if (!d.active) throw ValidationError("department", d.code, "is not active");
    const RequestStatus to = RequestStatus::Routed;
    if (r.status != RequestStatus::Received) check_transition(r.status, to);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    const Date day = on.value_or(today());
    check_change(*db_, r, "on", day);
    store::set_request_routed(*db_, id, department_id);
    store::insert_request_event(*db_, {.request_id = id,
                                       .kind = "reroute",
                                       .on = day,
                                       .staff_id = staff,
                                       .from_status = r.status,
                                       .to_status = to,
                                       .department_id = department_id,
                                       .note = note.empty() ? "routed by hand to " + d.name : note});
    const ServiceRequest now = get(id);
    detail::queue_request_routed(*db_, now, r.department_id.has_value());
    detail::checkin_routed(*db_, now, day, staff);
    // The employer hears of a change of state only (a request in triage now routed), never of
    // the internal note.
    if (r.status != to) detail::queue_request_status(*db_, now, r.status, {}, false);
    return now;
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
    const std::vector<Id> chain = store::duplicate_chain(*db_, original_id, id);
    if (chain.back() == id) {
        std::string path = std::to_string(id);
        for (Id c : chain) path += " -> " + std::to_string(c);
        throw Conflict("request " + std::to_string(id) + " cannot be a duplicate of request " +
                       std::to_string(original_id) + ", which is already a duplicate of it (" + path + ")");
    }
    const Date day = on.value_or(today());
    check_change(*db_, r, "on", day);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    store::set_request_duplicate(*db_, id, original_id);
    store::insert_request_event(*db_, {.request_id = id,
                                       .kind = "transition",
                                       .on = day,
                                       .staff_id = staff,
                                       .from_status = r.status,
                                       .to_status = RequestStatus::Duplicate,
                                       .note = "duplicate of request " + std::to_string(original_id),
                                       .visible_to_employer = true});
    const ServiceRequest now = get(id);
    detail::close_checkins(*db_, id, "duplicada de la solicitud N° " + std::to_string(original_id));
    detail::queue_request_status(*db_, now, r.status, {}, false);
    return now;
}

namespace {
// Recomputes the deadline from the category's business days and the request's pauses.
void refresh_due(detail::DbImpl& db, Requests& repo, const ServiceRequest& r) {
    const auto pauses = store::list_pauses(db, r.meta.id);
    std::optional<Date> due;
    try {
        due = add_business_days(repo.holidays(r.office_id), r.received_on, r.deadline_days, pauses);
    } catch (const ValidationError&) {
        due.reset();  // an open pause reached before the deadline: no due date until it ends
    }
    store::set_request_due(db, r.meta.id, due);
    if (due) {
        ServiceRequest moved = r;
        moved.due_on = due;
        detail::checkins_deadline_moved(db, moved, repo.holidays(r.office_id));
    }
}
}  // namespace

ServiceRequest Requests::pause(Id id, Date from, Id staff_id, const std::string& note) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    if (!is_open(r.status))
        throw ValidationError("status", std::string(to_string(r.status)), "only an open request can wait");
    for (const auto& p : store::list_pauses(*db_, id))
        if (!p.to) throw Conflict("request " + std::to_string(id) + " is already waiting since " + p.from.iso());
    check_change(*db_, r, "from", from);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    store::insert_pause(*db_, id, from);
    store::insert_request_event(*db_, {.request_id = id,
                                       .kind = "pause",
                                       .on = from,
                                       .staff_id = staff,
                                       .note = note.empty() ? "waiting on the employer" : note});
    refresh_due(*db_, *this, r);
    return get(id);
}

ServiceRequest Requests::resume(Id id, Date to, Id staff_id) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(id);
    const auto waiting = store::find_open_pause(*db_, id);
    if (!waiting) throw Conflict("request " + std::to_string(id) + " is not waiting");
    const Id pause_id = waiting->id;
    const Date from = waiting->from;
    if (to < from) throw ValidationError("to", to.iso(), "is before the wait began (" + from.iso() + ")");
    check_change(*db_, r, "to", to);
    const auto staff = staff_or_none(*db_, staff_id, r.office_id);
    store::close_pause(*db_, pause_id, to);
    store::insert_request_event(
        *db_, {.request_id = id, .kind = "resume", .on = to, .staff_id = staff, .note = "the clock runs again"});
    refresh_due(*db_, *this, r);
    return get(id);
}

namespace {
void log_event(detail::DbImpl& db, Requests& repo, Id id, const char* kind, Id staff_id, const std::string& note,
               bool visible, std::optional<Date> on) {
    const ServiceRequest r = repo.get(id);
    const auto staff = staff_or_none(db, staff_id, r.office_id);
    // A note may be written down after later changes, but not before the request existed.
    const Date today = detail::today(db);
    const Date day = on.value_or(today);
    if (day < r.received_on)
        throw ValidationError("on", day.iso(), "is before the request was received (" + r.received_on.iso() + ")");
    detail::check_not_future("on", day, today);
    store::insert_request_event(db, {.request_id = id,
                                     .kind = kind,
                                     .on = day,
                                     .staff_id = staff,
                                     .department_id = r.department_id,
                                     .note = required(note, "note"),
                                     .visible_to_employer = visible});
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
    // A reminder to the department is the check-in done.
    const ServiceRequest r = get(id);
    detail::checkin_reminded(*db_, r, on.value_or(today()), staff_id ? std::optional<Id>(staff_id) : std::nullopt,
                             note);
}

RequestPhoto Requests::attach_photo(Id request_id, std::string_view content_type, std::string_view bytes) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = get(request_id);
    RequestPhoto p;
    p.request_id = r.meta.id;
    p.content_type = check_photo(content_type, bytes);
    p.size = static_cast<std::int64_t>(bytes.size());
    p.meta = detail::new_meta(*db_);
    store::insert_request_photo(*db_, p, bytes);
    // The history says when a photo came (a note the employer is not shown: Open311 shows the
    // photo itself as the request's media_url).
    store::insert_request_event(
        *db_, {.request_id = r.meta.id,
               .kind = "note",
               .on = today(),
               .department_id = r.department_id,
               .note = "photo added (" + p.content_type + ", " + std::to_string(p.size) + " bytes): " + p.meta.uuid});
    return p;
}

std::vector<RequestPhoto> Requests::photos(Id request_id) const {
    get(request_id);
    return store::list_request_photos(*db_, request_id);
}

std::optional<PhotoContent> Requests::photo(Id office_id, std::string_view uuid) const {
    detail::check_office(*db_, office_id);
    // What cannot be a UUID names no photo (a URL may carry anything).
    if (uuid.empty() || uuid.size() > 64 || !detail::is_utf8(uuid)) return std::nullopt;
    return store::find_request_photo(*db_, office_id, uuid);
}

std::vector<RequestEvent> Requests::history(Id id) const {
    get(id);
    return store::list_request_events(*db_, id);
}

std::vector<ServiceRequest> Requests::list(Id office_id, const RequestFilter& f) const {
    detail::check_office(*db_, office_id);
    std::vector<ServiceRequest> out;
    for (auto& r : store::list_requests(*db_, office_id, f.department_id, f.employer_id)) {
        if ((f.open_only || f.triage_only) && !is_open(r.status)) continue;
        if (f.triage_only && r.department_id) continue;
        out.push_back(std::move(r));
    }
    return out;
}

namespace {

/// The open requests of an office, or of one of its departments (checked to be the office's).
RequestFilter open_of_department(const Departments& departments, Id office_id, std::optional<Id> department_id) {
    if (department_id && departments.get(*department_id).office_id != office_id)
        throw ValidationError("department", std::to_string(*department_id), "is a department of another office");
    return {.department_id = department_id};
}

}  // namespace

std::vector<ServiceRequest> Requests::overdue(Id office_id, Date day, std::optional<Id> department_id) const {
    detail::check_office(*db_, office_id);
    std::vector<ServiceRequest> out;
    for (auto& r : list(office_id, open_of_department(Departments(*db_), office_id, department_id)))
        if (r.due_on && *r.due_on < day) out.push_back(std::move(r));
    return out;
}

std::vector<ServiceRequest> Requests::near_deadline(Id office_id, Date day, int business_days,
                                                    std::optional<Id> department_id) const {
    detail::check_office(*db_, office_id);
    const HolidayCalendar cal = holidays(office_id);
    const Date limit = add_business_days(cal, day, business_days);
    std::vector<ServiceRequest> out;
    for (auto& r : list(office_id, open_of_department(Departments(*db_), office_id, department_id)))
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
    const detail::DeadlineCompliance report =
        detail::deadline_compliance(store::compliance_requests(*db_, office_id, from, to), cal, from, to, today());
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
