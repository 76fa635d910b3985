// Service requests, their departments, catalogue, routing rules and holidays: the SQL.
#include "store/requests.hpp"

#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kDepartmentCols = "id, uuid, created_at, updated_at, office_id, code, name, email, active";

Department department_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Department d;
    d.meta = r.meta();
    d.office_id = r.get<Id>();
    d.code = r.get<std::string>();
    d.name = r.get<std::string>();
    d.email = r.get<std::string>();
    d.active = r.get<bool>();
    return d;
}

constexpr const char* kCategoryCols =
    "id, uuid, created_at, updated_at, office_id, code, name, description, department_id, deadline_days, "
    "keywords, attributes, active";

ServiceCategory category_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    ServiceCategory c;
    c.meta = r.meta();
    c.office_id = r.get<Id>();
    c.code = r.get<std::string>();
    c.name = r.get<std::string>();
    c.description = r.get<std::string>();
    c.department_id = r.get<std::optional<Id>>();
    c.deadline_days = r.get<int>();
    c.keywords = detail::split_list(r.get<std::string>());
    c.attributes = detail::split_list(r.get<std::string>());
    c.active = r.get<bool>();
    return c;
}

constexpr const char* kRequestCols =
    "id, uuid, created_at, updated_at, office_id, employer_id, interaction_id, category, description, address, "
    "latitude, longitude, area, attributes, requester_name, requester_email, requester_phone, status, "
    "department_id, routing_rule_id, received_on, due_on, resolved_on, duplicate_of, deadline_days, address_id, "
    "zipcode, media_url";

ServiceRequest request_of(SQLite::Statement& s) {
    detail::RowReader x(s);
    ServiceRequest r;
    r.meta = x.meta();
    r.office_id = x.get<Id>();
    r.employer_id = x.get<std::optional<Id>>();
    r.interaction_id = x.get<std::optional<Id>>();
    r.category = x.get<std::string>();
    r.description = x.get<std::string>();
    r.address = x.get<std::string>();
    r.latitude = x.get<std::optional<double>>();
    r.longitude = x.get<std::optional<double>>();
    r.area = x.get<std::string>();
    r.attributes = x.get<std::string>();
    r.requester_name = x.get<std::string>();
    r.requester_email = x.get<std::string>();
    r.requester_phone = x.get<std::string>();
    r.status = parse_enum<RequestStatus>(x.get<std::string>());
    r.department_id = x.get<std::optional<Id>>();
    r.routing_rule_id = x.get<std::optional<Id>>();
    r.received_on = x.get<Date>();
    r.due_on = x.get<std::optional<Date>>();
    r.resolved_on = x.get<std::optional<Date>>();
    r.duplicate_of = x.get<std::optional<Id>>();
    r.deadline_days = x.get<int>();
    r.address_id = x.get<std::string>();
    r.zipcode = x.get<std::string>();
    r.media_url = x.get<std::string>();
    return r;
}

// The status text of a history entry, or none.
std::optional<RequestStatus> opt_status(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    return parse_enum<RequestStatus>(*text);
}

}  // namespace

// ---- Departments -------------------------------------------------------------------------

void insert_department(DbImpl& db, Department& d) {
    static const std::string sql = detail::insert_sql("department", {"office_id", "code", "name", "email"});
    detail::insert_record(db, sql, d.meta, d.office_id, d.code, d.name, d.email);
}

std::optional<Department> find_department(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kDepartmentCols + " FROM department WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return department_of(s);
}

std::optional<Department> find_department_by_code(DbImpl& db, Id office_id, const std::string& code) {
    auto s = db.stmt(std::string("SELECT ") + kDepartmentCols + " FROM department WHERE office_id = ? AND code = ?");
    s.bind_all(office_id, code);
    if (!s.executeStep()) return std::nullopt;
    return department_of(s);
}

std::vector<Department> list_departments(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kDepartmentCols + " FROM department WHERE office_id = ? ORDER BY id");
    s.bind_all(office_id);
    std::vector<Department> out;
    while (s.executeStep()) out.push_back(department_of(s));
    return out;
}

void update_department(DbImpl& db, const Department& d) {
    db.stmt("UPDATE department SET name = ?, email = ?, active = ?, updated_at = ? WHERE id = ?")
        .bind_all(d.name, d.email, d.active, db.now_us(), d.meta.id)
        .exec();
}

// ---- Service catalogue -------------------------------------------------------------------

void insert_category(DbImpl& db, ServiceCategory& c) {
    static const std::string sql =
        detail::insert_sql("service_category", {"office_id", "code", "name", "description", "department_id",
                                                "deadline_days", "keywords", "attributes", "active"});
    auto s = db.stmt(sql);
    s.bind_all(c.meta.uuid, c.meta.created_at, c.meta.updated_at, c.office_id, c.code, c.name, c.description,
               c.department_id, c.deadline_days, detail::join_list(c.keywords), detail::join_list(c.attributes),
               c.active);
    detail::exec_unique(
        s, [&] { return "office " + std::to_string(c.office_id) + " already has a service category " + c.code; });
    c.meta.id = db.conn().getLastInsertRowid();
}

std::optional<ServiceCategory> find_category(DbImpl& db, Id office_id, const std::string& code) {
    auto s =
        db.stmt(std::string("SELECT ") + kCategoryCols + " FROM service_category WHERE office_id = ? AND code = ?");
    s.bind_all(office_id, code);
    if (!s.executeStep()) return std::nullopt;
    return category_of(s);
}

std::vector<ServiceCategory> list_categories(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kCategoryCols + " FROM service_category WHERE office_id = ? ORDER BY id");
    s.bind_all(office_id);
    std::vector<ServiceCategory> out;
    while (s.executeStep()) out.push_back(category_of(s));
    return out;
}

void set_category_deadline(DbImpl& db, Id category_id, int business_days) {
    db.stmt("UPDATE service_category SET deadline_days = ?, updated_at = ? WHERE id = ?")
        .bind_all(business_days, db.now_us(), category_id)
        .exec();
}

// ---- Routing rules -----------------------------------------------------------------------

void insert_routing_rule(DbImpl& db, Id office_id, RoutingRule& r, const RecordMeta& meta) {
    static const std::string sql = detail::insert_sql(
        "routing_rule", {"office_id", "position", "category", "area", "keywords", "department_id", "active"});
    RecordMeta m = meta;
    r.id = detail::insert_record(db, sql, m, office_id, r.position, r.category, r.area, detail::join_list(r.keywords),
                                 r.department_id, r.active);
}

std::vector<RoutingRule> list_routing_rules(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT id, position, category, area, keywords, department_id, active FROM routing_rule WHERE office_id = ? "
        "ORDER BY position, id");
    s.bind_all(office_id);
    std::vector<RoutingRule> out;
    while (s.executeStep()) {
        detail::RowReader x(s);
        RoutingRule r;
        r.id = x.get<Id>();
        r.position = x.get<int>();
        r.category = x.get<std::string>();
        r.area = x.get<std::string>();
        r.keywords = detail::split_list(x.get<std::string>());
        r.department_id = x.get<Id>();
        r.active = x.get<bool>();
        out.push_back(std::move(r));
    }
    return out;
}

bool set_routing_rule_active(DbImpl& db, Id rule_id, bool active) {
    db.stmt("UPDATE routing_rule SET active = ?, updated_at = ? WHERE id = ?")
        .bind_all(active, db.now_us(), rule_id)
        .exec();
    return db.conn().getChanges() != 0;
}

// ---- Local holidays ----------------------------------------------------------------------

std::vector<Holiday> list_office_holidays(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT on_date, name FROM office_holiday WHERE office_id = ?");
    s.bind_all(office_id);
    std::vector<Holiday> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        Holiday h;
        h.date = r.get<Date>();
        h.name = r.get<std::string>();
        h.local = true;
        out.push_back(std::move(h));
    }
    return out;
}

void insert_office_holiday(DbImpl& db, Id office_id, Date on, const std::string& name, const RecordMeta& meta) {
    static const std::string sql = detail::insert_sql("office_holiday", {"office_id", "on_date", "name"});
    auto s = db.stmt(sql);
    s.bind_all(meta.uuid, meta.created_at, meta.updated_at, office_id, on, name);
    detail::exec_unique(
        s, [&] { return "office " + std::to_string(office_id) + " already has a local holiday on " + on.iso(); });
}

// ---- Requests ----------------------------------------------------------------------------

void insert_request(DbImpl& db, ServiceRequest& r) {
    static const std::string sql = detail::insert_sql(
        "service_request",
        {"office_id",       "employer_id", "interaction_id", "category",        "description",    "address",
         "latitude",        "longitude",   "area",           "attributes",      "requester_name", "requester_email",
         "requester_phone", "status",      "department_id",  "routing_rule_id", "received_on",    "due_on",
         "deadline_days",   "address_id",  "zipcode",        "media_url"});
    detail::insert_record(db, sql, r.meta, r.office_id, r.employer_id, r.interaction_id, r.category, r.description,
                          r.address, r.latitude, r.longitude, r.area, r.attributes, r.requester_name, r.requester_email,
                          r.requester_phone, r.status, r.department_id, r.routing_rule_id, r.received_on, r.due_on,
                          r.deadline_days, r.address_id, r.zipcode, r.media_url);
}

std::optional<ServiceRequest> find_request(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kRequestCols + " FROM service_request WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return request_of(s);
}

std::vector<ServiceRequest> list_requests(DbImpl& db, Id office_id, std::optional<Id> department_id,
                                          std::optional<Id> employer_id) {
    auto s = db.stmt(std::string("SELECT ") + kRequestCols +
                     " FROM service_request WHERE office_id = ?1 AND (?2 IS NULL OR department_id = ?2) "
                     "AND (?3 IS NULL OR employer_id = ?3) ORDER BY received_on, id");
    s.bind_all(office_id, department_id, employer_id);
    std::vector<ServiceRequest> out;
    while (s.executeStep()) out.push_back(request_of(s));
    return out;
}

void set_request_status(DbImpl& db, Id id, RequestStatus status, std::optional<Date> resolved_on) {
    db.stmt("UPDATE service_request SET status = ?, resolved_on = ?, updated_at = ? WHERE id = ?")
        .bind_all(status, resolved_on, db.now_us(), id)
        .exec();
}

void set_request_routed(DbImpl& db, Id id, Id department_id) {
    db.stmt(
          "UPDATE service_request SET status = 'routed', department_id = ?, routing_rule_id = NULL, updated_at = ? "
          "WHERE id = ?")
        .bind_all(department_id, db.now_us(), id)
        .exec();
}

void set_request_duplicate(DbImpl& db, Id id, Id original_id) {
    db.stmt("UPDATE service_request SET status = 'duplicate', duplicate_of = ?, updated_at = ? WHERE id = ?")
        .bind_all(original_id, db.now_us(), id)
        .exec();
}

void set_request_due(DbImpl& db, Id id, std::optional<Date> due_on) {
    db.stmt("UPDATE service_request SET due_on = ?, updated_at = ? WHERE id = ?")
        .bind_all(due_on, db.now_us(), id)
        .exec();
}

std::vector<Id> duplicate_chain(DbImpl& db, Id original_id, Id stop_at) {
    // UNION stops on a cycle an older file may hold.
    auto q = db.stmt(
        "WITH RECURSIVE chain(id, n) AS (SELECT ?, 0 UNION SELECT r.duplicate_of, c.n + 1 FROM chain c "
        "JOIN service_request r ON r.id = c.id WHERE r.duplicate_of IS NOT NULL AND c.n < 10000) "
        "SELECT id FROM chain ORDER BY n");
    q.bind_all(original_id);
    std::vector<Id> chain;
    while (q.executeStep()) {
        chain.push_back(detail::RowReader(q).get<Id>());
        if (chain.back() == stop_at) break;
    }
    return chain;
}

// ---- History and pauses ------------------------------------------------------------------

void insert_request_event(DbImpl& db, const RequestEvent& e) {
    static const std::string sql = detail::insert_sql(
        "request_event", {"request_id", "kind", "on_date", "staff_id", "from_status", "to_status", "department_id",
                          "routing_rule_id", "note", "visible_to_employer", "actor"});
    RecordMeta meta = db.new_meta();
    detail::insert_record(db, sql, meta, e.request_id, e.kind, e.on, e.staff_id, e.from_status, e.to_status,
                          e.department_id, e.routing_rule_id, e.note, e.visible_to_employer, detail::actor_column(db));
}

std::vector<RequestEvent> list_request_events(DbImpl& db, Id request_id) {
    auto s = db.stmt(
        "SELECT request_id, kind, on_date, staff_id, from_status, to_status, department_id, routing_rule_id, note, "
        "visible_to_employer, created_at, actor FROM request_event WHERE request_id = ? ORDER BY id");
    s.bind_all(request_id);
    std::vector<RequestEvent> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        RequestEvent e;
        e.request_id = r.get<Id>();
        e.kind = r.get<std::string>();
        e.on = r.get<Date>();
        e.staff_id = r.get<std::optional<Id>>();
        e.from_status = opt_status(r.get<std::optional<std::string>>());
        e.to_status = opt_status(r.get<std::optional<std::string>>());
        e.department_id = r.get<std::optional<Id>>();
        e.routing_rule_id = r.get<std::optional<Id>>();
        e.note = r.get<std::string>();
        e.visible_to_employer = r.get<bool>();
        e.at = r.get<Timestamp>();
        e.actor = r.get<std::optional<std::string>>();
        out.push_back(std::move(e));
    }
    return out;
}

std::optional<Date> last_event_day(DbImpl& db, Id request_id) {
    auto s = db.stmt("SELECT max(on_date) FROM request_event WHERE request_id = ?");
    s.bind_all(request_id);
    s.executeStep();
    return detail::RowReader(s).get<std::optional<Date>>();
}

std::vector<Pause> list_pauses(DbImpl& db, Id request_id) {
    auto s = db.stmt("SELECT from_date, to_date FROM request_pause WHERE request_id = ? ORDER BY from_date");
    s.bind_all(request_id);
    std::vector<Pause> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        Pause p;
        p.from = r.get<Date>();
        p.to = r.get<std::optional<Date>>();
        out.push_back(p);
    }
    return out;
}

void insert_pause(DbImpl& db, Id request_id, Date from) {
    db.stmt("INSERT INTO request_pause (request_id, from_date) VALUES (?, ?)").bind_all(request_id, from).exec();
}

std::optional<OpenPause> find_open_pause(DbImpl& db, Id request_id) {
    auto q = db.stmt("SELECT id, from_date FROM request_pause WHERE request_id = ? AND to_date IS NULL");
    q.bind_all(request_id);
    if (!q.executeStep()) return std::nullopt;
    detail::RowReader r(q);
    OpenPause p;
    p.id = r.get<Id>();
    p.from = r.get<Date>();
    return p;
}

void close_pause(DbImpl& db, Id pause_id, Date to) {
    db.stmt("UPDATE request_pause SET to_date = ? WHERE id = ?").bind_all(to, pause_id).exec();
}

// ---- Photos ------------------------------------------------------------------------------

void insert_request_photo(DbImpl& db, RequestPhoto& p, std::string_view bytes) {
    static const std::string sql =
        detail::insert_sql("request_photo", {"request_id", "content_type", "bytes", "size", "actor"});
    detail::insert_record(db, sql, p.meta, p.request_id, p.content_type, detail::Blob{bytes}, p.size,
                          detail::actor_column(db));
}

std::vector<RequestPhoto> list_request_photos(DbImpl& db, Id request_id) {
    auto s = db.stmt(
        "SELECT id, uuid, created_at, updated_at, request_id, content_type, size FROM request_photo "
        "WHERE request_id = ? ORDER BY id");
    s.bind_all(request_id);
    std::vector<RequestPhoto> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        RequestPhoto p;
        p.meta = r.meta();
        p.request_id = r.get<Id>();
        p.content_type = r.get<std::string>();
        p.size = r.get<std::int64_t>();
        out.push_back(std::move(p));
    }
    return out;
}

std::optional<PhotoContent> find_request_photo(DbImpl& db, Id office_id, std::string_view uuid) {
    auto s = db.stmt(
        "SELECT p.id, p.uuid, p.created_at, p.updated_at, p.request_id, p.content_type, p.size, p.bytes "
        "FROM request_photo p JOIN service_request r ON r.id = p.request_id WHERE p.uuid = ? AND r.office_id = ?");
    s.bind_all(uuid, office_id);
    if (!s.executeStep()) return std::nullopt;
    detail::RowReader r(s);
    PhotoContent out;
    out.photo.meta = r.meta();
    out.photo.request_id = r.get<Id>();
    out.photo.content_type = r.get<std::string>();
    out.photo.size = r.get<std::int64_t>();
    out.bytes = r.blob();
    return out;
}

namespace {

// The text of the last row `sql` gives for each request (rows in id order), by request id. `sql`
// takes the office as ?1 and a request (or NULL for every request of the office) as ?2.
std::unordered_map<Id, std::string> last_text_by_request(DbImpl& db, const char* sql, Id office_id,
                                                         std::optional<Id> only) {
    std::unordered_map<Id, std::string> out;
    auto s = db.stmt(sql);
    s.bind_all(office_id, only);
    while (s.executeStep()) {
        detail::RowReader r(s);
        const Id id = r.get<Id>();
        out[id] = r.get<std::string>();
    }
    return out;
}

}  // namespace

std::unordered_map<Id, std::string> latest_photos(DbImpl& db, Id office_id, std::optional<Id> only) {
    return last_text_by_request(db,
                                "SELECT p.request_id, p.uuid FROM request_photo p JOIN service_request r ON r.id = "
                                "p.request_id WHERE r.office_id = ?1 AND (?2 IS NULL OR r.id = ?2) ORDER BY p.id",
                                office_id, only);
}

// ---- Reports -----------------------------------------------------------------------------

std::vector<detail::RequestOutcome> compliance_requests(DbImpl& db, Id office_id, Date from, Date to) {
    std::vector<detail::RequestOutcome> out;
    std::unordered_map<Id, std::size_t> index;
    // The period's requests only, and only the columns counted (service_request_received).
    {
        auto q = db.stmt(
            "SELECT id, coalesce(department_id, 0), category, status, received_on, due_on, resolved_on "
            "FROM service_request WHERE office_id = ? AND received_on BETWEEN ? AND ? "
            "AND status NOT IN ('duplicate', 'rejected')");
        q.bind_all(office_id, from, to);
        while (q.executeStep()) {
            detail::RowReader r(q);
            detail::RequestOutcome o;
            o.id = r.get<Id>();
            o.department_id = r.get<Id>();
            o.category = r.get<std::string>();
            o.status = parse_enum<RequestStatus>(r.get<std::string>());
            o.received_on = r.get<Date>();
            o.due_on = r.get<std::optional<Date>>();
            o.resolved_on = r.get<std::optional<Date>>();
            index.emplace(o.id, out.size());
            out.push_back(std::move(o));
        }
    }
    // The pauses of those requests in one query.
    {
        auto q = db.stmt(
            "SELECT p.request_id, p.from_date, p.to_date FROM request_pause p JOIN service_request r "
            "ON r.id = p.request_id WHERE r.office_id = ? AND r.received_on BETWEEN ? AND ? "
            "ORDER BY p.from_date");
        q.bind_all(office_id, from, to);
        while (q.executeStep()) {
            detail::RowReader r(q);
            const auto it = index.find(r.get<Id>());
            if (it == index.end()) continue;  // a duplicate's or a rejected request's
            Pause p;
            p.from = r.get<Date>();
            p.to = r.get<std::optional<Date>>();
            out[it->second].pauses.push_back(p);
        }
    }
    return out;
}

// ---- Open311 -----------------------------------------------------------------------------

std::unordered_map<Id, std::string> latest_visible_notes(DbImpl& db, Id office_id, std::optional<Id> only) {
    return last_text_by_request(db,
                                "SELECT e.request_id, e.note FROM request_event e JOIN service_request r ON r.id = "
                                "e.request_id WHERE r.office_id = ?1 AND (?2 IS NULL OR r.id = ?2) AND "
                                "e.visible_to_employer = 1 AND e.note <> '' ORDER BY e.id",
                                office_id, only);
}

std::unordered_map<Id, LastChange> last_changes(DbImpl& db, Id office_id, std::optional<Id> only) {
    std::unordered_map<Id, LastChange> out;
    auto s = db.stmt(
        "SELECT e.request_id, e.on_date, e.created_at FROM request_event e JOIN service_request r ON r.id = "
        "e.request_id WHERE r.office_id = ?1 AND (?2 IS NULL OR r.id = ?2) AND e.kind NOT IN ('reminder', "
        "'notified') ORDER BY e.id");
    s.bind_all(office_id, only);
    while (s.executeStep()) {
        detail::RowReader r(s);
        const Id id = r.get<Id>();
        LastChange c;
        c.on = r.get<Date>();
        c.recorded = r.get<Timestamp>();
        out[id] = c;
    }
    return out;
}

std::optional<Id> find_request_id_by_uuid(DbImpl& db, Id office_id, std::string_view uuid) {
    auto s = db.stmt("SELECT id FROM service_request WHERE office_id = ? AND uuid = ?");
    s.bind_all(office_id, uuid);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<Id>();
}

}  // namespace omilcrm::store
