// Offices and their staff.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "omilcrm/time_zone.hpp"
#include "store/offices.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

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
    o.meta = detail::new_meta(*db_);
    store::insert_office(*db_, o);
    // Every office starts with a municipality's usual departments, catalogue and routing.
    Departments(*db_).seed_defaults(o.meta.id);
    Programmes(*db_).seed_defaults(o.meta.id);
    return o;
}

std::string_view Office::time_zone() const {
    const Commune* c = territory::find_commune(commune_code);
    return c ? territory::time_zone(*c) : zones::mainland;
}

Date Database::today(Id office_id) const { return clock().today_in(Offices(*impl_).get(office_id).time_zone()); }

Office Offices::get(Id id) const {
    auto o = store::find_office(*db_, id);
    if (!o) throw NotFound("office", std::to_string(id));
    return std::move(*o);
}

std::vector<Office> Offices::list() const { return store::list_offices(*db_); }

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
    m.started = in.started.value_or(today());
    m.meta = detail::new_meta(*db_);
    store::insert_staff(*db_, m);
    return m;
}

StaffMember Staff::get(Id id) const {
    auto m = store::find_staff(*db_, id);
    if (!m) throw NotFound("staff member", std::to_string(id));
    return std::move(*m);
}

std::vector<StaffMember> Staff::list(Id office_id, std::optional<Date> active_on) const {
    detail::check_office(*db_, office_id);
    auto all = store::list_staff(*db_, office_id);
    if (!active_on) return all;
    std::vector<StaffMember> out;
    for (auto& m : all)
        if (m.active_on(*active_on)) out.push_back(std::move(m));
    return out;
}

StaffMember Staff::leave(Id staff_id, Date on) {
    detail::WriteScope write(*db_);
    auto m = get(staff_id);
    if (on <= m.started) throw ValidationError("left", on.iso(), "must be after the start date " + m.started.iso());
    store::set_staff_left(*db_, staff_id, on);
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
