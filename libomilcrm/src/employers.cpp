// Employers and their contacts.
#include <algorithm>
#include <iterator>
#include <map>
#include <unordered_set>

#include "omilcrm/database.hpp"
#include "omilcrm/ciiu.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "bulk.hpp"
#include "checks.hpp"
#include "employers_rules.hpp"
#include "store/check_cache.hpp"
#include "store/employers.hpp"
#include "store/imports.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

void check_coordinates(const std::optional<double>& lat, const std::optional<double>& lon) {
    if (lat && !(*lat >= -90 && *lat <= 90))
        throw ValidationError("latitude", std::to_string(*lat), "must be between -90 and 90");
    if (lon && !(*lon >= -180 && *lon <= 180))
        throw ValidationError("longitude", std::to_string(*lon), "must be between -180 and 180");
    if (lat.has_value() != lon.has_value())
        throw ValidationError(lat ? "longitude" : "latitude", "", "latitude and longitude go together");
}

// Looks up offices, staff and clusters once per call, so bulk validation does no query per row.
class Lookup {
public:
    explicit Lookup(detail::DbImpl& db) : db_(db) {}

    const Office& office(Id id) {
        auto it = offices_.find(id);
        if (it == offices_.end()) it = offices_.emplace(id, Offices_get(id)).first;
        return it->second;
    }
    const std::vector<StaffMember>& staff(Id office_id) {
        auto it = staff_.find(office_id);
        if (it == staff_.end()) it = staff_.emplace(office_id, staff_list(office_id)).first;
        return it->second;
    }
    const Cluster& cluster(Id id) {
        auto it = clusters_.find(id);
        if (it == clusters_.end()) it = clusters_.emplace(id, cluster_get(id)).first;
        return it->second;
    }

private:
    Office Offices_get(Id id);
    std::vector<StaffMember> staff_list(Id office_id);
    Cluster cluster_get(Id id);
    detail::DbImpl& db_;
    std::map<Id, Office> offices_;
    std::map<Id, std::vector<StaffMember>> staff_;
    std::map<Id, Cluster> clusters_;
};

}  // namespace

namespace {
// Inside the caller's transaction, what an earlier call read while nothing was written since
// (check_cache.hpp).
Office Lookup::Offices_get(Id id) {
    detail::CheckCache* cache = detail::check_cache(db_);
    if (!cache) return Offices(db_).get(id);
    if (auto it = cache->offices.find(id); it != cache->offices.end()) return it->second;
    return cache->keep(cache->offices, id, Offices(db_).get(id));
}
std::vector<StaffMember> Lookup::staff_list(Id office_id) {
    detail::CheckCache* cache = detail::check_cache(db_);
    if (!cache) return Staff(db_).list(office_id);
    if (auto it = cache->office_staff.find(office_id); it != cache->office_staff.end()) return it->second;
    return cache->keep(cache->office_staff, office_id, Staff(db_).list(office_id));
}
Cluster Lookup::cluster_get(Id id) { return Clusters(db_).get(id); }

struct Prepared {
    Employer e;
    std::optional<Id> cluster_id;
    Date joined;
    Date since;
};

Prepared prepare(const NewEmployer& in, Lookup& lookup, Date today) {
    Prepared p;
    Employer& e = p.e;
    if (in.cluster_id) {
        const Cluster& c = lookup.cluster(*in.cluster_id);
        if (in.office_id != 0 && in.office_id != c.office_id)
            throw ValidationError(
                "cluster", std::to_string(*in.cluster_id),
                "belongs to office " + std::to_string(c.office_id) + ", not to office " + std::to_string(in.office_id));
        e.office_id = c.office_id;
        p.cluster_id = in.cluster_id;
        p.joined = in.joined.value_or(today);
    } else {
        if (in.office_id == 0) throw ValidationError("office", "", "is required");
        e.office_id = in.office_id;
    }
    const Office& office = lookup.office(e.office_id);
    p.since = in.since.value_or(today);
    detail::check_not_future("since", p.since, today);
    e.rut = Rut(in.rut);
    e.legal_name = std::string(detail::trim(in.legal_name));
    if (e.legal_name.empty()) throw ValidationError("legal_name", in.legal_name, "is required");
    e.trade_name = std::string(detail::trim(in.trade_name));
    e.sector = std::string(detail::trim(in.sector));
    e.activity = detail::activity_code(in.activity);
    e.size = in.size;
    e.address = std::string(detail::trim(in.address));
    e.commune_code = detail::trim(in.commune).empty() ? office.commune_code : territory::commune(in.commune).code;
    check_coordinates(in.latitude, in.longitude);
    e.latitude = in.latitude;
    e.longitude = in.longitude;
    e.visiting_hours = in.visiting_hours;
    e.status = in.status;
    e.notes = in.notes;
    e.segment = std::string(detail::trim(in.segment));
    e.lead_source = in.lead_source;
    e.lead_detail = std::string(detail::trim(in.lead_detail));
    const auto& staff = lookup.staff(e.office_id);
    if (in.owner_id != 0) {
        const StaffMember* owner = nullptr;
        for (const auto& m : staff)
            if (m.meta.id == in.owner_id) owner = &m;
        if (!owner)
            throw ValidationError("owner", std::to_string(in.owner_id),
                                  "is not a staff member of office " + std::to_string(e.office_id));
        if (!owner->active_on(today))
            throw ValidationError("owner", std::to_string(in.owner_id), owner->name + " no longer works at the office");
        e.owner_id = in.owner_id;
    } else {
        // The office's territorial manager owns new employers by default, else its head.
        const auto owner = detail::default_owner(staff, today);
        if (!owner)
            throw ValidationError("owner", "",
                                  "is required: office " + std::to_string(e.office_id) +
                                      " has no active territorial manager or head to default to");
        e.owner_id = *owner;
    }
    return p;
}

}  // namespace

namespace {
// Inserts one prepared employer (with its ownership period and optional membership); a RUT
// already there is a Conflict that says so, prefixed with the batch row ("rows[3]: ") when there is one.
// `undo`: the caller's scope has no savepoint, so a failure after the employer's insert deletes
// it again (detail::undo_insert).
Id insert_employer(detail::DbImpl& db, Prepared& p, std::optional<std::size_t> row = {}, bool undo = false) {
    Employer& e = p.e;
    e.meta = detail::new_meta(db);
    try {
        store::insert_employer(db, e);
    } catch (const Conflict&) {
        std::string msg = (row ? "rows[" + std::to_string(*row) + "]: " : std::string()) + "an employer with RUT " +
                          e.rut.str() + " already exists";
        if (const auto there = store::find_employer_by_rut(db, e.rut.compact()))
            msg += " (id " + std::to_string(there->meta.id) + ", " + there->legal_name + ")";
        throw Conflict(msg + (row ? "; nothing was added" : ""));
    }

    try {
        detail::open_ownership(db, e.meta.id, e.owner_id, p.since, "first owner");
        if (p.cluster_id) store::add_cluster_member_from_import(db, *p.cluster_id, e.meta.id, p.joined);
    } catch (...) {
        if (undo) detail::undo_insert(db, "employer", e.meta.id);
        throw;
    }
    return e.meta.id;
}
}  // namespace

Employer Employers::add(const NewEmployer& in) {
    if (in.cluster_id) {
        detail::WriteScope write(*db_);  // three rows: a savepoint undoes them together
        Lookup lookup(*db_);
        Prepared p = prepare(in, lookup, today());
        insert_employer(*db_, p);
        return p.e;
    }
    // Two rows, the employer and its first ownership period. Inside the caller's transaction no
    // savepoint (WriteScope::OneStatement): each insert is undone by SQLite when it fails, and
    // the employer by hand when the period's insert fails after it. Neither changes a record the
    // checks read (a new employer is in no cache).
    detail::WriteScope write(*db_, detail::WriteScope::OneStatement{});
    Lookup lookup(*db_);
    Prepared p = prepare(in, lookup, today());
    const std::int64_t before = detail::total_changes(*db_);
    insert_employer(*db_, p, {}, !write.has_savepoint());
    detail::keep_check_cache(*db_, before);
    return p.e;
}

std::vector<Id> Employers::add_many(const std::vector<NewEmployer>& rows, const Progress& progress) {
    detail::WriteScope write(*db_);
    // Each row checked and written in turn inside one scope, so a batch is never held twice in
    // memory; a bad row rolls back the rows before it: all or nothing.
    Lookup lookup(*db_);
    const Date today = this->today();
    std::unordered_set<std::uint32_t> seen;
    std::vector<Id> ids;
    ids.reserve(rows.size());
    if (!rows.empty()) detail::report(progress, 0, rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Prepared p = [&] {
            try {
                return detail::for_row(i, [&] { return prepare(rows[i], lookup, today); });
            } catch (const NotFound& e) {
                throw NotFound("rows[" + std::to_string(i) + "]:", e.what());
            }
        }();
        if (!seen.insert(p.e.rut.body()).second)
            throw Conflict("rows[" + std::to_string(i) + "]: RUT " + p.e.rut.str() + " appears twice in the batch");
        ids.push_back(insert_employer(*db_, p, i));
        detail::report(progress, i + 1, rows.size());
    }
    return ids;
}

Employer Employers::get(Id id) const {
    auto e = store::find_employer(*db_, id);
    if (!e) throw NotFound("employer", std::to_string(id));
    return std::move(*e);
}

std::optional<Employer> Employers::find_by_rut(std::string_view rut) const {
    if (!Rut::is_valid(rut)) return std::nullopt;
    return store::find_employer_by_rut(*db_, Rut(rut).compact());
}

std::vector<Employer> Employers::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_employers(*db_, office_id);
}

std::vector<Employer> Employers::search(Id office_id, std::string_view text) const {
    detail::check_office(*db_, office_id);
    // Matched on folded text (letters and digits only), so nothing in `text` is a wildcard: "%",
    // "_" or "*" is a character like any other, and folds away. Blank text asks for no filter;
    // text with no letter or digit cannot match a name or a RUT, so it finds nothing.
    if (detail::trim(text).empty()) return list(office_id);
    const std::string needle = detail::fold_text(text);
    if (needle.empty()) return {};
    std::vector<Employer> out;
    for (auto& e : list(office_id)) {
        if (detail::fold_text(e.legal_name).find(needle) != std::string::npos ||
            detail::fold_text(e.trade_name).find(needle) != std::string::npos ||
            detail::fold_text(e.rut.compact()).find(needle) != std::string::npos)
            out.push_back(std::move(e));
    }
    return out;
}

Employer Employers::update(Id id, const EmployerUpdate& c) {
    detail::WriteScope write(*db_);
    const Employer before = get(id);
    Employer e = before;
    if (c.legal_name) {
        e.legal_name = std::string(detail::trim(*c.legal_name));
        if (e.legal_name.empty()) throw ValidationError("legal_name", *c.legal_name, "is required");
    }
    if (c.trade_name) e.trade_name = std::string(detail::trim(*c.trade_name));
    if (c.sector) e.sector = std::string(detail::trim(*c.sector));
    if (c.activity) e.activity = detail::activity_code(*c.activity);
    if (c.size) e.size = *c.size;
    if (c.address) e.address = std::string(detail::trim(*c.address));
    if (c.commune) e.commune_code = territory::commune(*c.commune).code;
    if (c.latitude) e.latitude = *c.latitude;
    if (c.longitude) e.longitude = *c.longitude;
    check_coordinates(e.latitude, e.longitude);
    if (c.visiting_hours) e.visiting_hours = *c.visiting_hours;
    if (c.status) e.status = *c.status;
    if (c.notes) e.notes = *c.notes;
    if (c.segment) e.segment = std::string(detail::trim(*c.segment));
    if (c.lead_source) e.lead_source = *c.lead_source;
    if (c.lead_detail) e.lead_detail = std::string(detail::trim(*c.lead_detail));
    // What changes, field by field, for the employer's change log.
    const auto changes = detail::employer_changes(before, e);
    if (changes.empty()) return before;  // nothing to write
    for (const auto& [field, old_value, new_value] : changes)
        detail::log_employer_change(*db_, id, field, old_value, new_value);
    store::update_employer(*db_, e);
    return get(id);
}

Table Employers::changes(Id id) const {
    get(id);
    Table t;
    auto& at = t.add_column("at", ColumnType::Timestamp);
    auto& field = t.add_column("field", ColumnType::Text);
    auto& old_value = t.add_column("old_value", ColumnType::Text);
    auto& new_value = t.add_column("new_value", ColumnType::Text);
    auto& actor = t.add_column("actor", ColumnType::Text);
    for (const auto& c : store::employer_changes(*db_, id)) {
        at.push_int(c.at.time_since_epoch().count());
        field.push_text(c.field);
        old_value.push_text(c.old_value);
        new_value.push_text(c.new_value);
        push_value(actor, c.actor);
    }
    return t;
}

std::size_t Employers::count(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::count_employers(*db_, office_id);
}

EmployerPage Employers::page(Id office_id, const EmployerListing& listing) const {
    detail::check_office(*db_, office_id);
    std::string_view key = listing.sort;
    const bool descending = !key.empty() && key.front() == '-';
    if (descending) key.remove_prefix(1);
    static constexpr std::string_view kKeys[] = {"id", "legal_name", "created_at", "updated_at"};
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
        throw ValidationError("sort", listing.sort, "must be id, legal_name, created_at or updated_at (- reverses)");
    return store::employers_page(*db_, office_id, listing, key, descending);
}

Table Employers::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& rut = t.add_column("rut", ColumnType::Text);
    auto& legal = t.add_column("legal_name", ColumnType::Text);
    auto& trade = t.add_column("trade_name", ColumnType::Text);
    auto& sector = t.add_column("sector", ColumnType::Text);
    auto& activity = t.add_column("activity", ColumnType::Text);
    auto& activity_section = t.add_column("activity_section", ColumnType::Text);
    auto& size = t.add_column("size", ColumnType::Text);
    auto& address = t.add_column("address", ColumnType::Text);
    auto& commune_code = t.add_column("commune_code", ColumnType::Text);
    auto& commune = t.add_column("commune", ColumnType::Text);
    auto& lat = t.add_column("latitude", ColumnType::Real);
    auto& lon = t.add_column("longitude", ColumnType::Real);
    auto& hours = t.add_column("visiting_hours", ColumnType::Text);
    auto& status = t.add_column("status", ColumnType::Text);
    auto& owner_id = t.add_column("owner_id", ColumnType::Int);
    auto& owner = t.add_column("owner", ColumnType::Text);
    auto& segment = t.add_column("segment", ColumnType::Text);
    auto& lead_source = t.add_column("lead_source", ColumnType::Text);
    auto& lead_detail = t.add_column("lead_detail", ColumnType::Text);
    auto& clusters = t.add_column("clusters", ColumnType::Text);
    auto& created = t.add_column("created_at", ColumnType::Timestamp);
    auto& updated = t.add_column("updated_at", ColumnType::Timestamp);
    for (const auto& e : store::employer_rows(*db_, office_id)) {
        id.push_int(e.id);
        uuid.push_text(e.uuid);
        rut.push_text(Rut(e.rut).str());
        legal.push_text(e.legal_name);
        trade.push_text(e.trade_name);
        sector.push_text(e.sector);
        activity.push_text(e.activity);
        const Activity* a = e.activity.empty() ? nullptr : ciiu::find(e.activity);
        activity_section.push_text(a ? a->section : std::string());
        size.push_text(e.size);
        address.push_text(e.address);
        const auto* c = territory::find_commune(e.commune_code);
        commune_code.push_text(e.commune_code);
        commune.push_text(c ? c->name : std::string());
        if (e.latitude) lat.push_real(*e.latitude);
        else lat.push_null();
        if (e.longitude) lon.push_real(*e.longitude);
        else lon.push_null();
        hours.push_text(e.visiting_hours);
        status.push_text(e.status);
        owner_id.push_int(e.owner_id);
        owner.push_text(e.owner);
        created.push_int(e.created_at.time_since_epoch().count());
        updated.push_int(e.updated_at.time_since_epoch().count());
        segment.push_text(e.segment);
        lead_source.push_text(e.lead_source);
        lead_detail.push_text(e.lead_detail);
        clusters.push_text(e.clusters);
    }
    return t;
}

// ---- Contacts ----------------------------------------------------------------------------

Contact Contacts::update(Id contact_id, const ContactUpdate& u) {
    detail::WriteScope write(*db_);
    const Contact before = get(contact_id);
    Contact c = before;
    if (u.name) {
        c.name = std::string(detail::trim(*u.name));
        if (c.name.empty()) throw ValidationError("name", *u.name, "is required");
    }
    if (u.role) c.role = std::string(detail::trim(*u.role));
    if (u.email) c.email = normalize_email(*u.email);
    if (u.phone) c.phone = normalize_phone(*u.phone);
    const auto changes = detail::contact_changes(before, c);
    if (changes.empty()) return before;
    for (const auto& [field, old_value, new_value] : changes)
        detail::log_employer_change(*db_, c.employer_id, field, old_value, new_value);
    store::update_contact(*db_, c);
    return get(contact_id);
}

Contact Contacts::add(const NewContact& in) {
    detail::WriteScope write(*db_);
    Contact c;
    if (!store::employer_exists(*db_, in.employer_id)) throw NotFound("employer", std::to_string(in.employer_id));
    c.employer_id = in.employer_id;
    c.name = std::string(detail::trim(in.name));
    if (c.name.empty()) throw ValidationError("name", in.name, "is required");
    c.role = std::string(detail::trim(in.role));
    c.email = normalize_email(in.email);
    c.phone = normalize_phone(in.phone);
    c.primary = in.primary;
    c.meta = detail::new_meta(*db_);
    if (c.primary) store::clear_primary_contact(*db_, c.employer_id);
    store::insert_contact(*db_, c);
    return c;
}

Contact Contacts::get(Id id) const {
    auto c = store::find_contact(*db_, id);
    if (!c) throw NotFound("contact", std::to_string(id));
    return std::move(*c);
}

std::vector<Contact> Contacts::list(Id employer_id) const { return store::list_contacts(*db_, employer_id); }

std::optional<Contact> Contacts::primary(Id employer_id) const {
    for (auto& c : list(employer_id))
        if (c.primary) return c;
    return std::nullopt;
}

Contact Contacts::make_primary(Id contact_id) {
    detail::WriteScope write(*db_);
    const Contact c = get(contact_id);
    store::set_primary_contact(*db_, c.employer_id, contact_id);
    return get(contact_id);
}

namespace {

/// The contacts' table (Contacts::table's columns) of the rows `keep` accepts.
template <class Keep>
Table contacts_table(const std::vector<store::OfficeContact>& rows, Keep keep) {
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& rut = t.add_column("employer_rut", ColumnType::Text);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& role = t.add_column("role", ColumnType::Text);
    auto& email = t.add_column("email", ColumnType::Text);
    auto& phone = t.add_column("phone", ColumnType::Text);
    auto& primary = t.add_column("primary", ColumnType::Bool);
    for (const auto& c : rows) {
        if (!keep(c)) continue;
        id.push_int(c.id);
        uuid.push_text(c.uuid);
        employer_id.push_int(c.employer_id);
        rut.push_text(Rut(c.rut).str());
        employer.push_text(c.employer);
        name.push_text(c.name);
        role.push_text(c.role);
        email.push_text(c.email);
        phone.push_text(c.phone);
        primary.push_int(c.primary ? 1 : 0);
    }
    return t;
}

}  // namespace

Table Contacts::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    return contacts_table(store::office_contacts(*db_, office_id, store::ContactOrder::Employer),
                          [](const store::OfficeContact&) { return true; });
}

Table Contacts::search(Id office_id, std::string_view text) const {
    detail::check_office(*db_, office_id);
    const auto rows = store::office_contacts(*db_, office_id, store::ContactOrder::Employer);
    const auto all = [](const store::OfficeContact&) { return true; };
    if (detail::trim(text).empty()) return contacts_table(rows, all);
    // Each word folded as Employers::search folds the whole text, so nothing is a wildcard; a
    // word with no letter or digit ("-", "%") asks for nothing, and text of only such words
    // finds nobody.
    std::vector<std::string> words;
    for (const auto word : detail::split(text, ' '))
        if (auto folded = detail::fold_text(word); !folded.empty()) words.push_back(std::move(folded));
    if (words.empty()) return contacts_table(rows, [](const store::OfficeContact&) { return false; });
    return contacts_table(rows, [&](const store::OfficeContact& c) {
        const std::string fields[] = {detail::fold_text(c.name),     detail::fold_text(c.role),
                                      detail::fold_text(c.email),    detail::fold_text(c.phone),
                                      detail::fold_text(c.employer), detail::fold_text(c.trade_name),
                                      detail::fold_text(c.rut)};
        return std::ranges::all_of(words, [&](const std::string& w) {
            return std::ranges::any_of(fields, [&](const std::string& f) { return f.find(w) != std::string::npos; });
        });
    });
}

}  // namespace omilcrm
