// Offices and their staff.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "store/impl.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

constexpr const char* kOfficeCols =
    "id, uuid, created_at, updated_at, name, commune_code, address, email, phone, latitude, longitude";

Office office_of(SQLite::Statement& s) {
    Office o;
    o.meta = detail::meta_of(s);
    o.name = s.getColumn(4).getString();
    o.commune_code = s.getColumn(5).getString();
    o.address = s.getColumn(6).getString();
    o.email = s.getColumn(7).getString();
    o.phone = s.getColumn(8).getString();
    o.latitude = detail::opt_real(s.getColumn(9));
    o.longitude = detail::opt_real(s.getColumn(10));
    return o;
}

constexpr const char* kStaffCols =
    "id, uuid, created_at, updated_at, office_id, name, role, email, phone, started, left_on";

StaffMember staff_of(SQLite::Statement& s) {
    StaffMember m;
    m.meta = detail::meta_of(s);
    m.office_id = s.getColumn(4).getInt64();
    m.name = s.getColumn(5).getString();
    m.role = parse_staff_role(s.getColumn(6).getString());
    m.email = s.getColumn(7).getString();
    m.phone = s.getColumn(8).getString();
    m.started = detail::date_of(s.getColumn(9));
    m.left = detail::opt_date(s.getColumn(10));
    return m;
}

std::string required(std::string_view value, const char* field) {
    std::string v(detail::trim(value));
    if (v.empty()) throw ValidationError(field, std::string(value), "is required");
    return v;
}

}  // namespace

Office Offices::add(const NewOffice& in) {
    detail::WriteScope write(*db_);
    Office o;
    o.name = required(in.name, "name");
    o.commune_code = territory::commune(in.commune).code;
    o.address = std::string(detail::trim(in.address));
    o.email = normalize_email(in.email);
    o.phone = normalize_phone(in.phone);
    if (in.latitude.has_value() != in.longitude.has_value())
        throw ValidationError(in.latitude ? "longitude" : "latitude", "", "latitude and longitude go together");
    if (in.latitude && !(*in.latitude >= -90 && *in.latitude <= 90))
        throw ValidationError("latitude", std::to_string(*in.latitude), "must be between -90 and 90");
    if (in.longitude && !(*in.longitude >= -180 && *in.longitude <= 180))
        throw ValidationError("longitude", std::to_string(*in.longitude), "must be between -180 and 180");
    o.latitude = in.latitude;
    o.longitude = in.longitude;
    o.meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO office (uuid, created_at, updated_at, name, commune_code, address, email, phone, "
        "latitude, longitude) VALUES (?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, o.meta.uuid);
    s.bind(2, o.meta.created_at.time_since_epoch().count());
    s.bind(3, o.meta.updated_at.time_since_epoch().count());
    s.bind(4, o.name);
    s.bind(5, o.commune_code);
    s.bind(6, o.address);
    s.bind(7, o.email);
    s.bind(8, o.phone);
    detail::bind_opt(s, 9, o.latitude);
    detail::bind_opt(s, 10, o.longitude);
    s.exec();
    o.meta.id = db_->db->getLastInsertRowid();
    // Every office starts with a municipality's usual departments, catalogue and routing.
    Departments(*db_).seed_defaults(o.meta.id);
    Programmes(*db_).seed_defaults(o.meta.id);
    return o;
}

void detail::check_office(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT 1 FROM office WHERE id = ?");
    s.bind(1, static_cast<std::int64_t>(office_id));
    if (!s.executeStep()) throw NotFound("office", std::to_string(office_id));
}

Office Offices::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kOfficeCols + " FROM office WHERE id = ?");
    s.bind(1, static_cast<std::int64_t>(id));
    if (!s.executeStep()) throw NotFound("office", std::to_string(id));
    return office_of(s);
}

std::vector<Office> Offices::list() const {
    auto s = db_->stmt(std::string("SELECT ") + kOfficeCols + " FROM office ORDER BY id");
    std::vector<Office> out;
    while (s.executeStep()) out.push_back(office_of(s));
    return out;
}

Table Offices::table() const {
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& commune = t.add_column("commune_code", ColumnType::Text);
    auto& commune_name = t.add_column("commune", ColumnType::Text);
    auto& address = t.add_column("address", ColumnType::Text);
    auto& email = t.add_column("email", ColumnType::Text);
    auto& phone = t.add_column("phone", ColumnType::Text);
    for (const auto& o : list()) {
        id.push_int(o.meta.id);
        uuid.push_text(o.meta.uuid);
        name.push_text(o.name);
        commune.push_text(o.commune_code);
        const auto* c = territory::find_commune(o.commune_code);
        commune_name.push_text(c ? c->name : std::string());
        address.push_text(o.address);
        email.push_text(o.email);
        phone.push_text(o.phone);
    }
    return t;
}

// ---- Staff -------------------------------------------------------------------------------

StaffMember Staff::add(const NewStaffMember& in) {
    detail::WriteScope write(*db_);
    StaffMember m;
    detail::check_office(*db_, in.office_id);  // NotFound when the office does not exist
    m.office_id = in.office_id;
    m.name = required(in.name, "name");
    m.role = in.role;
    m.email = normalize_email(in.email);
    m.phone = normalize_phone(in.phone);
    m.started = in.started.value_or(db_->today());
    m.meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO staff (uuid, created_at, updated_at, office_id, name, role, email, phone, "
        "started) VALUES (?,?,?,?,?,?,?,?,?)");
    s.bind(1, m.meta.uuid);
    s.bind(2, m.meta.created_at.time_since_epoch().count());
    s.bind(3, m.meta.updated_at.time_since_epoch().count());
    s.bind(4, static_cast<std::int64_t>(m.office_id));
    s.bind(5, m.name);
    s.bind(6, std::string(to_string(m.role)));
    s.bind(7, m.email);
    s.bind(8, m.phone);
    s.bind(9, m.started.iso());
    s.exec();
    m.meta.id = db_->db->getLastInsertRowid();
    return m;
}

StaffMember Staff::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kStaffCols + " FROM staff WHERE id = ?");
    s.bind(1, static_cast<std::int64_t>(id));
    if (!s.executeStep()) throw NotFound("staff member", std::to_string(id));
    return staff_of(s);
}

std::vector<StaffMember> Staff::list(Id office_id, std::optional<Date> active_on) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kStaffCols +
                        " FROM staff WHERE office_id = ? ORDER BY id");
    s.bind(1, static_cast<std::int64_t>(office_id));
    std::vector<StaffMember> out;
    while (s.executeStep()) {
        auto m = staff_of(s);
        if (!active_on || m.active_on(*active_on)) out.push_back(std::move(m));
    }
    return out;
}

StaffMember Staff::leave(Id staff_id, Date on) {
    detail::WriteScope write(*db_);
    auto m = get(staff_id);
    if (on <= m.started)
        throw ValidationError("left", on.iso(), "must be after the start date " + m.started.iso());
    auto s = db_->stmt("UPDATE staff SET left_on = ?, updated_at = ? WHERE id = ?");
    s.bind(1, on.iso());
    s.bind(2, db_->now_us());
    s.bind(3, static_cast<std::int64_t>(staff_id));
    s.exec();
    return get(staff_id);
}

Table Staff::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& role = t.add_column("role", ColumnType::Text);
    auto& email = t.add_column("email", ColumnType::Text);
    auto& phone = t.add_column("phone", ColumnType::Text);
    auto& started = t.add_column("started", ColumnType::Date);
    auto& left = t.add_column("left", ColumnType::Date);
    for (const auto& m : list(office_id)) {
        id.push_int(m.meta.id);
        uuid.push_text(m.meta.uuid);
        name.push_text(m.name);
        role.push_text(std::string(to_string(m.role)));
        email.push_text(m.email);
        phone.push_text(m.phone);
        started.push_int(m.started.days());
        if (m.left) left.push_int(m.left->days());
        else left.push_null();
    }
    return t;
}

}  // namespace omilcrm
