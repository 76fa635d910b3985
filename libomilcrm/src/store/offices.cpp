// Offices and their staff: the SQL.
#include "store/offices.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kOfficeCols =
    "id, uuid, created_at, updated_at, name, commune_code, address, email, phone, latitude, longitude";

Office office_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Office o;
    o.meta = r.meta();
    o.name = r.get<std::string>();
    o.commune_code = r.get<std::string>();
    o.address = r.get<std::string>();
    o.email = r.get<std::string>();
    o.phone = r.get<std::string>();
    o.latitude = r.get<std::optional<double>>();
    o.longitude = r.get<std::optional<double>>();
    return o;
}

constexpr const char* kStaffCols =
    "id, uuid, created_at, updated_at, office_id, name, role, email, phone, started, left_on";

StaffMember staff_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    StaffMember m;
    m.meta = r.meta();
    m.office_id = r.get<Id>();
    m.name = r.get<std::string>();
    m.role = parse_enum<StaffRole>(r.get<std::string>());
    m.email = r.get<std::string>();
    m.phone = r.get<std::string>();
    m.started = r.get<Date>();
    m.left = r.get<std::optional<Date>>();
    return m;
}

}  // namespace

void insert_office(DbImpl& db, Office& o) {
    static const std::string sql =
        detail::insert_sql("office", {"name", "commune_code", "address", "email", "phone", "latitude", "longitude"});
    detail::insert_record(db, sql, o.meta, o.name, o.commune_code, o.address, o.email, o.phone, o.latitude,
                          o.longitude);
}

std::optional<Office> find_office(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kOfficeCols + " FROM office WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return office_of(s);
}

std::vector<Office> list_offices(DbImpl& db) {
    auto s = db.stmt(std::string("SELECT ") + kOfficeCols + " FROM office ORDER BY id");
    std::vector<Office> out;
    while (s.executeStep()) out.push_back(office_of(s));
    return out;
}

bool office_exists(DbImpl& db, Id id) {
    auto s = db.stmt("SELECT 1 FROM office WHERE id = ?");
    s.bind_all(id);
    return s.executeStep();
}

void insert_staff(DbImpl& db, StaffMember& m) {
    static const std::string sql =
        detail::insert_sql("staff", {"office_id", "name", "role", "email", "phone", "started"});
    detail::insert_record(db, sql, m.meta, m.office_id, m.name, m.role, m.email, m.phone, m.started);
}

std::optional<StaffMember> find_staff(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kStaffCols + " FROM staff WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return staff_of(s);
}

std::vector<StaffMember> list_staff(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kStaffCols + " FROM staff WHERE office_id = ? ORDER BY id");
    s.bind_all(office_id);
    std::vector<StaffMember> out;
    while (s.executeStep()) out.push_back(staff_of(s));
    return out;
}

void set_staff_left(DbImpl& db, Id staff_id, Date left_on) {
    db.stmt("UPDATE staff SET left_on = ?, updated_at = ? WHERE id = ?")
        .bind_all(left_on, db.now_us(), staff_id)
        .exec();
}

}  // namespace omilcrm::store

namespace omilcrm::detail {

void check_office(DbImpl& db, Id office_id) {
    if (!store::office_exists(db, office_id)) throw NotFound("office", std::to_string(office_id));
}

}  // namespace omilcrm::detail
