// Employers, their contacts and the change log: the SQL.
#include "store/employers.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kEmployerCols =
    "id, uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector, size, "
    "address, commune_code, latitude, longitude, visiting_hours, status, notes, owner_id, segment, activity, "
    "lead_source, lead_detail";

Rut rut_of(const std::string& compact) { return Rut(compact); }
std::vector<VisitingWindow> hours_of(const std::string& text) { return parse_visiting_hours(text); }

Employer employer_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Employer e;
    e.meta = r.meta();
    e.office_id = r.get<Id>();
    e.rut = r.get(rut_of);
    e.legal_name = r.get<std::string>();
    e.trade_name = r.get<std::string>();
    e.sector = r.get<std::string>();
    e.size = parse_enum<SizeBand>(r.get<std::string>());
    e.address = r.get<std::string>();
    e.commune_code = r.get<std::string>();
    e.latitude = r.get<std::optional<double>>();
    e.longitude = r.get<std::optional<double>>();
    e.visiting_hours = r.get(hours_of);
    e.status = parse_enum<EmployerStatus>(r.get<std::string>());
    e.notes = r.get<std::string>();
    e.owner_id = r.get<Id>();
    e.segment = r.get<std::string>();
    e.activity = r.get<std::string>();
    e.lead_source = r.get([](const std::string& t) { return parse_enum<LeadSource>(t); });
    e.lead_detail = r.get<std::string>();
    return e;
}

constexpr const char* kContactCols =
    "id, uuid, created_at, updated_at, employer_id, name, role, email, phone, is_primary";

Contact contact_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Contact c;
    c.meta = r.meta();
    c.employer_id = r.get<Id>();
    c.name = r.get<std::string>();
    c.role = r.get<std::string>();
    c.email = r.get<std::string>();
    c.phone = r.get<std::string>();
    c.primary = r.get<bool>();
    return c;
}

std::optional<Employer> one_employer(detail::Stmt& s) {
    if (!s.executeStep()) return std::nullopt;
    return employer_of(s);
}

}  // namespace

// ---- employers ----------------------------------------------------------------------------

void insert_employer(DbImpl& db, Employer& e) {
    static const std::string sql =
        detail::insert_sql("employer", {"office_id", "rut", "legal_name", "trade_name", "sector", "size", "address",
                                        "commune_code", "latitude", "longitude", "visiting_hours", "status", "notes",
                                        "owner_id", "segment", "activity", "lead_source", "lead_detail"});
    detail::insert_record(db, sql, e.meta, e.office_id, e.rut.compact(), e.legal_name, e.trade_name, e.sector, e.size,
                          e.address, e.commune_code, e.latitude, e.longitude, to_string(e.visiting_hours), e.status,
                          e.notes, e.owner_id, e.segment, e.activity, e.lead_source, e.lead_detail);
}

std::optional<Employer> find_employer(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kEmployerCols + " FROM employer WHERE id = ?");
    s.bind_all(id);
    return one_employer(s);
}

std::optional<Employer> find_employer_by_rut(DbImpl& db, const std::string& rut_compact) {
    auto s = db.stmt(std::string("SELECT ") + kEmployerCols + " FROM employer WHERE rut = ?");
    s.bind_all(rut_compact);
    return one_employer(s);
}

std::optional<Id> employer_id_by_rut(DbImpl& db, Id office_id, const std::string& rut_compact) {
    auto s = db.stmt("SELECT id FROM employer WHERE office_id = ? AND rut = ?");
    s.bind_all(office_id, rut_compact);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<Id>();
}

bool employer_exists(DbImpl& db, Id id) {
    auto s = db.stmt("SELECT 1 FROM employer WHERE id = ?");
    s.bind_all(id);
    return s.executeStep();
}

std::vector<Employer> list_employers(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kEmployerCols +
                     " FROM employer WHERE office_id = ? AND merged_into IS NULL ORDER BY legal_name, id");
    s.bind_all(office_id);
    std::vector<Employer> out;
    while (s.executeStep()) out.push_back(employer_of(s));
    return out;
}

std::size_t count_employers(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT count(*) FROM employer WHERE office_id = ? AND merged_into IS NULL");
    s.bind_all(office_id);
    s.executeStep();
    return detail::RowReader(s).get<std::size_t>();
}

EmployerPage employers_page(DbImpl& db, Id office_id, const EmployerListing& listing, std::string_view order_column,
                            bool descending) {
    // ?2..?4 NULL when not filtered: the office's index serves every combination.
    const std::string where =
        " FROM employer WHERE office_id = ?1 AND merged_into IS NULL AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL "
        "OR segment = ?3) "
        "AND (?4 IS NULL OR owner_id = ?4)";
    const auto status = listing.status ? std::optional<std::string>(to_string(*listing.status)) : std::nullopt;
    EmployerPage out;
    auto n = db.stmt("SELECT count(*)" + where);
    n.bind_all(office_id, status, listing.segment, listing.owner_id);
    n.executeStep();
    out.total = detail::RowReader(n).get<std::size_t>();
    if (listing.offset >= out.total || listing.limit == 0) return out;
    auto s = db.stmt(std::string("SELECT ") + kEmployerCols + where + " ORDER BY " + std::string(order_column) +
                     (descending ? " DESC" : "") + ", legal_name, id LIMIT ?5 OFFSET ?6");
    s.bind_all(office_id, status, listing.segment, listing.owner_id, static_cast<std::int64_t>(listing.limit),
               static_cast<std::int64_t>(listing.offset));
    while (s.executeStep()) out.items.push_back(employer_of(s));
    return out;
}

void update_employer(DbImpl& db, const Employer& e) {
    db.stmt(
          "UPDATE employer SET updated_at = ?, legal_name = ?, trade_name = ?, sector = ?, size = ?, "
          "address = ?, commune_code = ?, latitude = ?, longitude = ?, visiting_hours = ?, "
          "status = ?, notes = ?, segment = ?, activity = ?, lead_source = ?, lead_detail = ? WHERE id = ?")
        .bind_all(db.now_us(), e.legal_name, e.trade_name, e.sector, e.size, e.address, e.commune_code, e.latitude,
                  e.longitude, to_string(e.visiting_hours), e.status, e.notes, e.segment, e.activity, e.lead_source,
                  e.lead_detail, e.meta.id)
        .exec();
}

std::vector<EmployerChange> employer_changes(DbImpl& db, Id employer_id) {
    auto s =
        db.stmt("SELECT at, field, old_value, new_value, actor FROM employer_change WHERE employer_id = ? ORDER BY id");
    s.bind_all(employer_id);
    std::vector<EmployerChange> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        EmployerChange c;
        c.at = r.get<Timestamp>();
        c.field = r.get<std::string>();
        c.old_value = r.get<std::string>();
        c.new_value = r.get<std::string>();
        c.actor = r.get<std::optional<std::string>>();
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<EmployerRow> employer_rows(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT e.id, e.uuid, e.rut, e.legal_name, e.trade_name, e.sector, e.size, e.address, "
        "e.commune_code, e.latitude, e.longitude, e.visiting_hours, e.status, e.owner_id, "
        "st.name, e.created_at, e.updated_at, e.segment, e.activity, e.lead_source, e.lead_detail, "
        "(SELECT group_concat(c.name, '; ') FROM cluster_member m JOIN cluster c ON c.id = m.cluster_id "
        " WHERE m.employer_id = e.id AND m.left_on IS NULL) "
        "FROM employer e JOIN staff st ON st.id = e.owner_id WHERE e.office_id = ? AND e.merged_into IS NULL "
        "ORDER BY e.legal_name, e.id");
    s.bind_all(office_id);
    std::vector<EmployerRow> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        EmployerRow e;
        e.id = r.get<Id>();
        e.uuid = r.get<std::string>();
        e.rut = r.get<std::string>();
        e.legal_name = r.get<std::string>();
        e.trade_name = r.get<std::string>();
        e.sector = r.get<std::string>();
        e.size = r.get<std::string>();
        e.address = r.get<std::string>();
        e.commune_code = r.get<std::string>();
        e.latitude = r.get<std::optional<double>>();
        e.longitude = r.get<std::optional<double>>();
        e.visiting_hours = r.get<std::string>();
        e.status = r.get<std::string>();
        e.owner_id = r.get<Id>();
        e.owner = r.get<std::string>();
        e.created_at = r.get<Timestamp>();
        e.updated_at = r.get<Timestamp>();
        e.segment = r.get<std::string>();
        e.activity = r.get<std::string>();
        e.lead_source = r.get<std::string>();
        e.lead_detail = r.get<std::string>();
        e.clusters = r.get<std::optional<std::string>>().value_or(std::string());
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<EmployerKey> employer_keys(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT id, rut, legal_name FROM employer WHERE office_id = ?");
    s.bind_all(office_id);
    std::vector<EmployerKey> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        EmployerKey k;
        k.id = r.get<Id>();
        k.rut = r.get<std::string>();
        k.legal_name = r.get<std::string>();
        out.push_back(std::move(k));
    }
    return out;
}

// ---- contacts -----------------------------------------------------------------------------

void insert_contact(DbImpl& db, Contact& c) {
    static const std::string sql =
        detail::insert_sql("contact", {"employer_id", "name", "role", "email", "phone", "is_primary"});
    detail::insert_record(db, sql, c.meta, c.employer_id, c.name, c.role, c.email, c.phone, c.primary);
}

std::optional<Contact> find_contact(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kContactCols + " FROM contact WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return contact_of(s);
}

std::vector<Contact> list_contacts(DbImpl& db, Id employer_id) {
    auto s = db.stmt(std::string("SELECT ") + kContactCols +
                     " FROM contact WHERE employer_id = ? ORDER BY is_primary DESC, id");
    s.bind_all(employer_id);
    std::vector<Contact> out;
    while (s.executeStep()) out.push_back(contact_of(s));
    return out;
}

void update_contact(DbImpl& db, const Contact& c) {
    db.stmt("UPDATE contact SET name = ?, role = ?, email = ?, phone = ?, updated_at = ? WHERE id = ?")
        .bind_all(c.name, c.role, c.email, c.phone, db.now_us(), c.meta.id)
        .exec();
}

void clear_primary_contact(DbImpl& db, Id employer_id) {
    db.stmt("UPDATE contact SET is_primary = 0, updated_at = ? WHERE employer_id = ? AND is_primary = 1")
        .bind_all(db.now_us(), employer_id)
        .exec();
}

void set_primary_contact(DbImpl& db, Id employer_id, Id contact_id) {
    db.stmt(
          "UPDATE contact SET is_primary = (id = ?), updated_at = ? WHERE employer_id = ? AND (is_primary = 1 OR id = "
          "?)")
        .bind_all(contact_id, db.now_us(), employer_id, contact_id)
        .exec();
}

std::vector<OfficeContact> office_contacts(DbImpl& db, Id office_id, ContactOrder order) {
    static const std::string select =
        "SELECT c.id, c.uuid, c.employer_id, e.rut, e.legal_name, e.trade_name, c.name, c.role, c.email, c.phone, "
        "c.is_primary FROM contact c JOIN employer e ON e.id = c.employer_id WHERE e.office_id = ?";
    const char* order_by = order == ContactOrder::Employer ? " ORDER BY e.legal_name, c.is_primary DESC, c.id"
                           : order == ContactOrder::Rut    ? " ORDER BY e.rut, c.name, c.id"
                                                           : "";
    auto s = db.stmt(select + order_by);
    s.bind_all(office_id);
    std::vector<OfficeContact> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        OfficeContact c;
        c.id = r.get<Id>();
        c.uuid = r.get<std::string>();
        c.employer_id = r.get<Id>();
        c.rut = r.get<std::string>();
        c.employer = r.get<std::string>();
        c.trade_name = r.get<std::string>();
        c.name = r.get<std::string>();
        c.role = r.get<std::string>();
        c.email = r.get<std::string>();
        c.phone = r.get<std::string>();
        c.primary = r.get<bool>();
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace omilcrm::store

namespace omilcrm::detail {

void log_employer_change(DbImpl& db, Id employer_id, const std::string& field, const std::string& old_value,
                         const std::string& new_value) {
    db.stmt(
          "INSERT INTO employer_change (employer_id, at, field, old_value, new_value, actor) VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(employer_id, db.now_us(), field, old_value, new_value, actor_column(db))
        .exec();
}

}  // namespace omilcrm::detail
