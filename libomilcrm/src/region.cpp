// The regional view: the directorate, its representatives, consolidation of office files by UUID,
// and reports per office and per province.
#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {


// Seekers' personal data stays in the office's file.
const std::set<std::string> kPersonal = {"seeker_personal", "seeker_change", "personal_data_export"};
// The regional directorate's own tables.
const std::set<std::string> kRegional = {"regional_directorate", "province_representative", "office_import"};
// Shared by every office under one UUID (the region's material): the regional copy is kept.
const std::set<std::string> kShared = {"outreach_asset"};
// Tables without a UUID belong to one parent row: they are replaced with the file's rows of the
// parents it brings.
const std::map<std::string, std::string> kOwnedBy = {
    {"interaction_contact", "interaction_id"}, {"interaction_attendance", "interaction_id"},
    {"request_pause", "request_id"},           {"seeker_experience", "seeker_id"},
    {"referral_event", "referral_id"},         {"placement_check", "placement_id"},
    {"programme_offer_event", "offer_id"},     {"event_office", "event_id"},
    {"event_employer", "event_id"},            {"showing_employer", "showing_id"},
    {"employer_change", "employer_id"},
};

struct TableInfo {
    std::string name;
    std::vector<std::string> columns;               // in order, without an INTEGER PRIMARY KEY id
    std::map<std::string, std::string> references;  // column -> parent table
    bool has_uuid = false;
};

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// The tables of the main database to import, parents before children.
std::vector<TableInfo> import_plan(SQLite::Database& db) {
    std::vector<std::string> names;
    {
        SQLite::Statement q(db, "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                "ORDER BY name");
        while (q.executeStep()) names.push_back(q.getColumn(0).getString());
    }
    std::map<std::string, TableInfo> infos;
    for (const auto& n : names) {
        if (kPersonal.count(n) || kRegional.count(n)) continue;
        TableInfo t;
        t.name = n;
        SQLite::Statement cols(db, "SELECT name, pk, type FROM pragma_table_info(?)");
        cols.bind(1, n);
        while (cols.executeStep()) {
            const std::string c = cols.getColumn(0).getString();
            if (c == "id" && cols.getColumn(1).getInt() == 1) continue;  // rowid: regional ids are new
            if (c == "uuid") t.has_uuid = true;
            t.columns.push_back(c);
        }
        SQLite::Statement fks(db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)");
        fks.bind(1, n);
        while (fks.executeStep()) t.references[fks.getColumn(0).getString()] = fks.getColumn(1).getString();
        if (!t.has_uuid && !kOwnedBy.count(n))
            throw StorageError("table " + n + " has neither a UUID nor an owner to import it by");
        infos[n] = std::move(t);
    }
    std::vector<TableInfo> order;
    std::set<std::string> done, visiting;
    std::function<void(const std::string&)> visit = [&](const std::string& n) {
        if (done.count(n) || !infos.count(n)) return;
        if (visiting.count(n)) throw StorageError("tables refer to each other in a cycle through " + n);
        visiting.insert(n);
        for (const auto& [col, parent] : infos[n].references)
            if (parent != n) visit(parent);
        visiting.erase(n);
        done.insert(n);
        order.push_back(infos[n]);
    };
    for (const auto& n : names) visit(n);
    return order;
}

std::int64_t count_of(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement q(db, sql);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

// How a column's value is read from the file: ids of other records are translated to regional ids.
std::string source_value(const TableInfo& t, const std::string& c, bool self_to_null) {
    auto it = t.references.find(c);
    if (it == t.references.end()) return "s." + quoted(c);
    if (it->second == t.name && self_to_null) return "NULL";
    return "(SELECT dst FROM temp.omil_map WHERE tbl = '" + it->second + "' AND src = s." + quoted(c) + ")";
}

struct FileFacts {
    std::string office_uuid, office_name, commune;
    std::int64_t latest_change = 0;
};

FileFacts read_file_facts(const std::string& path, const std::vector<TableInfo>& plan) {
    if (!std::filesystem::is_regular_file(path)) throw StorageError("office file \"" + path + "\" does not exist");
    FileFacts f;
    try {
        SQLite::Database src(path, SQLite::OPEN_READONLY);
        const int app = static_cast<int>(count_of(src, "PRAGMA application_id"));
        const int version = static_cast<int>(count_of(src, "PRAGMA user_version"));
        if (app != 0x4F4D494C) throw StorageError("\"" + path + "\" is not an omilcrm database");
        if (version != detail::latest_schema_version())
            throw StorageError("\"" + path + "\" has schema version " + std::to_string(version) + ", this library " +
                               std::to_string(detail::latest_schema_version()) +
                               (version < detail::latest_schema_version()
                                    ? "; open it once with this version to upgrade it, then import it"
                                    : "; import it with a newer libomilcrm"));
        const auto offices = count_of(src, "SELECT count(*) FROM office");
        if (offices != 1)
            throw StorageError("\"" + path + "\" holds " + std::to_string(offices) +
                               " offices; an office file holds exactly one");
        SQLite::Statement o(src, "SELECT uuid, name, commune_code FROM office");
        o.executeStep();
        f.office_uuid = o.getColumn(0).getString();
        f.office_name = o.getColumn(1).getString();
        f.commune = o.getColumn(2).getString();
        for (const auto& t : plan)
            if (t.has_uuid)
                f.latest_change = std::max(f.latest_change, count_of(src, "SELECT coalesce(max(updated_at), 0) FROM " +
                                                                              quoted(t.name)));
    } catch (const SQLite::Exception& e) {
        detail::raise_sqlite(path, e.getExtendedErrorCode(), e.what());
    }
    return f;
}

// Detaches the office file however the import ends.
struct Attached {
    detail::DbImpl& impl;
    Attached(detail::DbImpl& d, const std::string& path) : impl(d) {
        SQLite::Statement a(*impl.db, "ATTACH DATABASE ? AS src");
        a.bind(1, path);
        a.exec();
    }
    ~Attached() {
        // A cached statement left on a row keeps the connection's read transaction open, and
        // SQLite refuses to detach a database while it is.
        for (auto& [sql, statement] : impl.cache) statement->tryReset();
        try {
            impl.db->exec("DETACH DATABASE src");
        } catch (...) {
            // Only possible if SQLite still holds it; the next import would report it.
        }
    }
};

}  // namespace

RegionalDirectorate Regional::setup(std::string_view region_in, const std::string& name_in) {
    detail::WriteScope write(*db_);
    const omilcrm::Region& r = territory::region(region_in);
    const std::string name(detail::trim(name_in));
    if (name.empty()) throw ValidationError("name", name_in, "is required");
    if (auto existing = directorate()) {
        if (existing->region_code != r.code)
            throw Conflict("this database is already the regional database of region " + existing->region_code);
        return *existing;
    }
    for (const auto& o : Offices(*db_).list())
        if (territory::commune(o.commune_code).region_code != r.code)
            throw Conflict("office " + o.name + " is outside region " + r.code);
    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO regional_directorate (id, uuid, created_at, updated_at, region_code, name) VALUES (1, ?, ?, ?, ?, ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, r.code);
    s.bind(5, name);
    s.exec();
    return {r.code, name};
}

std::optional<RegionalDirectorate> Regional::directorate() const {
    auto s = db_->stmt("SELECT region_code, name FROM regional_directorate WHERE id = 1");
    if (!s.executeStep()) return std::nullopt;
    RegionalDirectorate d{s.getColumn(0).getString(), s.getColumn(1).getString()};
    return d;
}

namespace {
RegionalDirectorate require_region(const Regional& r) {
    auto d = r.directorate();
    if (!d) throw Conflict("this database is not a regional one yet: set it up with the region's code first (setup)");
    return *d;
}
}  // namespace

Office Regional::register_office(std::string_view commune_in, const std::string& name_in) {
    detail::WriteScope write(*db_);
    const auto d = require_region(*this);
    const Commune& c = territory::commune(commune_in);
    if (c.region_code != d.region_code)
        throw ValidationError("commune", std::string(commune_in), "is outside region " + d.region_code);
    for (const auto& o : Offices(*db_).list())
        if (o.commune_code == c.code) throw Conflict("the region already has " + o.name + " for " + c.name);
    const std::string name = detail::trim(name_in).empty() ? "OMIL " + c.name : std::string(detail::trim(name_in));
    const RecordMeta meta = db_->new_meta();
    // A bare office row: its departments, catalogue and programmes come with its file.
    auto s = db_->stmt(
        "INSERT INTO office (uuid, created_at, updated_at, name, commune_code) VALUES (?, ?, ?, ?, ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, name);
    s.bind(5, c.code);
    s.exec();
    return Offices(*db_).get(static_cast<Id>(db_->db->getLastInsertRowid()));
}

Representative Regional::add_representative(std::string_view province_in, const std::string& name_in,
                                          const std::string& role, std::optional<Id> office_id,
                                          const std::string& email, const std::string& phone) {
    detail::WriteScope write(*db_);
    const auto d = require_region(*this);
    const Province& p = territory::province(province_in);
    if (p.region_code != d.region_code)
        throw ValidationError("province", std::string(province_in), "is outside region " + d.region_code);
    const std::string name(detail::trim(name_in));
    if (name.empty()) throw ValidationError("name", name_in, "is required");
    if (office_id) detail::check_office(*db_, *office_id);
    std::size_t already = 0;
    for (const auto& r : representatives()) already += r.province_code == p.code;
    if (already >= 2) throw Conflict("province " + p.name + " already has its two representatives");
    Representative r;
    r.meta = db_->new_meta();
    r.province_code = p.code;
    r.name = name;
    r.role = std::string(detail::trim(role));
    r.office_id = office_id;
    r.email = detail::trim(email).empty() ? std::string() : normalize_email(email);
    r.phone = detail::trim(phone).empty() ? std::string() : normalize_phone(phone);
    auto s = db_->stmt(
        "INSERT INTO province_representative (uuid, created_at, updated_at, province_code, name, role, office_id, email, "
        "phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, r.meta.uuid);
    s.bind(2, r.meta.created_at.time_since_epoch().count());
    s.bind(3, r.meta.updated_at.time_since_epoch().count());
    s.bind(4, r.province_code);
    s.bind(5, r.name);
    s.bind(6, r.role);
    detail::bind_opt(s, 7, r.office_id);
    s.bind(8, r.email);
    s.bind(9, r.phone);
    s.exec();
    r.meta.id = static_cast<Id>(db_->db->getLastInsertRowid());
    return r;
}

std::vector<Representative> Regional::representatives() const {
    auto s = db_->stmt(
        "SELECT id, uuid, created_at, updated_at, province_code, name, role, office_id, email, phone "
        "FROM province_representative ORDER BY province_code, id");
    std::vector<Representative> out;
    while (s.executeStep()) {
        Representative r;
        r.meta = detail::meta_of(s);
        r.province_code = s.getColumn(4).getString();
        r.name = s.getColumn(5).getString();
        r.role = s.getColumn(6).getString();
        r.office_id = detail::opt_id(s.getColumn(7));
        r.email = s.getColumn(8).getString();
        r.phone = s.getColumn(9).getString();
        out.push_back(std::move(r));
    }
    return out;
}

namespace {
ImportResult import_office_file(Regional& regional, detail::DbImpl* db_, SQLite::Database& db, const std::string& path) {
    const auto region = require_region(regional);
    const auto plan = import_plan(db);
    const FileFacts file = read_file_facts(path, plan);
    db.exec("CREATE TEMP TABLE IF NOT EXISTS omil_map (tbl TEXT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL, "
            "PRIMARY KEY (tbl, src)) WITHOUT ROWID");
    db.exec("DELETE FROM temp.omil_map");
    // The file attached, then the write lock taken before anything is checked, so two imports
    // at once cannot both decide the same office is new.
    Attached attached(*db_, path);
    detail::Scope scope(*db_);

    // Which regional office the file is.
    const Commune* commune = territory::find_commune(file.commune);
    if (!commune || commune->region_code != region.region_code)
        throw Conflict("\"" + path + "\" is " + file.office_name + " of commune " + file.commune +
                       ", outside region " + region.region_code + "; nothing was imported");
    std::optional<Office> same_uuid, same_commune;
    for (const auto& o : Offices(*db_).list()) {
        if (o.meta.uuid == file.office_uuid) same_uuid = o;
        else if (o.commune_code == commune->code) same_commune = o;
    }
    auto last_import = [&](Id office_id) -> std::optional<std::int64_t> {
        auto q = db_->stmt("SELECT latest_change FROM office_import WHERE office_id = ? ORDER BY id DESC LIMIT 1");
        q.bind(1, office_id);
        if (!q.executeStep()) return std::nullopt;
        return q.getColumn(0).getInt64();
    };
    if (!same_uuid && !same_commune)
        throw Conflict("\"" + path + "\" is " + file.office_name + " of " + commune->name +
                       ", an office the region has not registered (register_office); nothing was imported");
    if (same_commune && !same_uuid && last_import(same_commune->meta.id))
        throw Conflict("\"" + path + "\" is " + file.office_name + " (" + file.office_uuid + "), but the region holds " +
                       same_commune->name + " for " + commune->name + " under another UUID (" +
                       same_commune->meta.uuid + "); nothing was imported");
    if (same_uuid && same_uuid->commune_code != commune->code)
        throw Conflict("\"" + path + "\" says office " + file.office_uuid + " is in " + commune->name +
                       ", the region has it in commune " + same_uuid->commune_code + "; nothing was imported");
    if (same_uuid)
        if (auto last = last_import(same_uuid->meta.id); last && *last > file.latest_change)
            throw Conflict("\"" + path + "\" is older than the file of " + file.office_name +
                           " imported before; nothing was imported");

    ImportResult result;
    result.office_uuid = file.office_uuid;
    result.office_name = file.office_name;
    try {
        // A registered office that never sent a file takes the file's identity.
        if (same_commune && !same_uuid) {
            SQLite::Statement adopt(db, "UPDATE office SET uuid = ? WHERE id = ?");
            adopt.bind(1, file.office_uuid);
            adopt.bind(2, same_commune->meta.id);
            adopt.exec();
        }
        for (const auto& t : plan) {
            const std::string name = quoted(t.name);
            std::string cols, values, updates;
            for (const auto& c : t.columns) {
                if (!cols.empty()) {
                    cols += ", ";
                    values += ", ";
                }
                cols += quoted(c);
                values += source_value(t, c, true);
                if (c != "uuid") updates += (updates.empty() ? "" : ", ") + quoted(c) + " = excluded." + quoted(c);
            }
            if (t.has_uuid) {
                const auto total = count_of(db, "SELECT count(*) FROM src." + name);
                const auto known = count_of(db, "SELECT count(*) FROM src." + name + " s JOIN main." + name +
                                                    " m ON m.uuid = s.uuid");
                db.exec("INSERT INTO main." + name + " (" + cols + ") SELECT " + values + " FROM src." + name +
                        " s WHERE true ON CONFLICT (uuid) DO " +
                        (kShared.count(t.name) ? std::string("NOTHING") : "UPDATE SET " + updates));
                db.exec("INSERT INTO temp.omil_map (tbl, src, dst) SELECT '" + t.name + "', s.id, m.id FROM src." +
                        name + " s JOIN main." + name + " m ON m.uuid = s.uuid");
                for (const auto& [c, parent] : t.references)
                    if (parent == t.name)  // references within the table, now that every row has its id
                        db.exec("UPDATE main." + name + " SET " + quoted(c) +
                                " = (SELECT mp.dst FROM temp.omil_map mp WHERE mp.tbl = '" + t.name +
                                "' AND mp.src = (SELECT s." + quoted(c) + " FROM src." + name +
                                " s WHERE s.uuid = main." + name + ".uuid)) WHERE uuid IN (SELECT uuid FROM src." +
                                name + ")");
                result.updated += static_cast<std::size_t>(known);
                result.inserted += static_cast<std::size_t>(total - known);
            } else {
                const std::string& owner = kOwnedBy.at(t.name);
                const std::string& parent = t.references.at(owner);
                const auto before = count_of(db, "SELECT count(*) FROM main." + name + " WHERE " + quoted(owner) +
                                                     " IN (SELECT dst FROM temp.omil_map WHERE tbl = '" + parent + "')");
                db.exec("DELETE FROM main." + name + " WHERE " + quoted(owner) +
                        " IN (SELECT dst FROM temp.omil_map WHERE tbl = '" + parent + "')");
                db.exec("INSERT INTO main." + name + " (" + cols + ") SELECT " + values + " FROM src." + name + " s");
                const auto after = count_of(db, "SELECT count(*) FROM src." + name);
                result.updated += static_cast<std::size_t>(std::min(before, after));
                result.inserted += static_cast<std::size_t>(after > before ? after - before : 0);
            }
        }
        {
            SQLite::Statement q(db, "SELECT id FROM main.office WHERE uuid = ?");
            q.bind(1, file.office_uuid);
            q.executeStep();
            result.office_id = static_cast<Id>(q.getColumn(0).getInt64());
        }
        SQLite::Statement log(db,
            "INSERT INTO office_import (office_id, office_uuid, source, at, latest_change, inserted, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)");
        log.bind(1, result.office_id);
        log.bind(2, file.office_uuid);
        log.bind(3, std::filesystem::absolute(path).string());
        log.bind(4, db_->now_us());
        log.bind(5, file.latest_change);
        log.bind(6, static_cast<std::int64_t>(result.inserted));
        log.bind(7, static_cast<std::int64_t>(result.updated));
        log.exec();
    } catch (const SQLite::Exception& e) {
        // A rule of the schema broken by the file's rows: the office file is inconsistent.
        if ((e.getErrorCode() & 0xFF) == SQLITE_CONSTRAINT)
            throw StorageCorrupt("importing \"" + path + "\" failed, nothing was imported: the file breaks a rule of the schema (" +
                                 e.what() + ")");
        detail::raise_sqlite(*db_, e.getExtendedErrorCode(),
                             "importing \"" + path + "\" failed, nothing was imported: " + e.what());
    }
    scope.commit();
    detail::seekers_changed(*db_);
    return result;
}

}  // namespace

ImportResult Regional::import_office(const std::string& path) {
    require_region(*this);
    if (db_->tx_depth > 0) throw Conflict("an office file is imported outside any transaction (it is one itself)");
    SQLite::Database& db = db_->conn();
    try {
        return import_office_file(*this, db_, db, path);
    } catch (const SQLite::Exception& e) {
        detail::raise_sqlite(*db_, e);
    }
}

Table Regional::imports() const {
    Table t;
    auto& office_id = t.add_column("office_id", ColumnType::Int);
    auto& office = t.add_column("office", ColumnType::Text);
    auto& source = t.add_column("source", ColumnType::Text);
    auto& at = t.add_column("at", ColumnType::Timestamp);
    auto& inserted = t.add_column("inserted", ColumnType::Int);
    auto& updated = t.add_column("updated", ColumnType::Int);
    auto s = db_->stmt(
        "SELECT i.office_id, o.name, i.source, i.at, i.inserted, i.updated FROM office_import i JOIN office o "
        "ON o.id = i.office_id ORDER BY i.id");
    while (s.executeStep()) {
        office_id.push_int(s.getColumn(0).getInt64());
        office.push_text(s.getColumn(1).getString());
        source.push_text(s.getColumn(2).getString());
        at.push_int(s.getColumn(3).getInt64());
        inserted.push_int(s.getColumn(4).getInt64());
        updated.push_int(s.getColumn(5).getInt64());
    }
    return t;
}

namespace {

struct OfficeFigures {
    Office office;
    std::string province_code, province;
    std::int64_t employers = 0, contacted = 0, cadence_employers = 0, cadence_complied = 0, requests = 0,
                 resolved = 0, on_time = 0, vacancies = 0, positions = 0, placements = 0, showings = 0;
    bool has_cadence = false;
};

std::vector<OfficeFigures> figures(detail::DbImpl& db, Date from, Date to) {
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
    std::vector<OfficeFigures> out;
    for (const auto& o : Offices(db).list()) {
        OfficeFigures f;
        f.office = o;
        if (const Commune* c = territory::find_commune(o.commune_code)) {
            f.province_code = c->province_code;
            f.province = territory::province(c->province_code).name;
        }
        auto count = [&](const std::string& sql) {
            auto q = db.stmt(sql);
            q.bind(1, o.meta.id);
            q.bind(2, from.iso());
            q.bind(3, to.iso());
            q.executeStep();
            return q.getColumn(0).getInt64();
        };
        f.employers = count("SELECT count(*) FROM employer WHERE office_id = ?1 AND ?2 <= ?3");
        static const std::string contacted =
            std::string("SELECT count(*) FROM (SELECT employer_id FROM interaction WHERE office_id = ?1 "
                        "AND employer_id IS NOT NULL AND on_date BETWEEN ?2 AND ?3 UNION SELECT a.employer_id FROM ") +
            detail::kMeetingAttendance +
            " WHERE c.office_id = ?1 AND i.office_id = ?1 AND a.attended = 1 AND i.on_date BETWEEN ?2 AND ?3)";
        f.contacted = count(contacted);
        f.vacancies = count("SELECT count(*) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN ?2 AND ?3");
        f.positions = count(
            "SELECT coalesce(sum(positions), 0) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN ?2 AND ?3");
        f.placements = count("SELECT count(*) FROM placement WHERE office_id = ?1 AND start_on BETWEEN ?2 AND ?3");
        f.showings = count("SELECT count(*) FROM showing WHERE office_id = ?1 AND on_date BETWEEN ?2 AND ?3");
        for (const auto& r : Cadence(db).compliance(o.meta.id, from, to))
            if (r.group == "office") {
                f.has_cadence = true;
                f.cadence_employers += static_cast<std::int64_t>(r.employers);
                f.cadence_complied += static_cast<std::int64_t>(r.complied);
            }
        const Table dc = Requests(db).deadline_compliance(o.meta.id, from, to);
        for (std::size_t i = 0; i < dc.rows(); ++i) {
            f.requests += dc.column("received").ints[i];
            f.resolved += dc.column("resolved").ints[i];
            f.on_time += dc.column("resolved_on_time").ints[i];
        }
        out.push_back(std::move(f));
    }
    return out;
}

void push_ratio(Column& c, std::int64_t num, std::int64_t den) {
    if (den == 0) c.push_null();
    else c.push_real(double(num) / double(den));
}

// The figures' columns, filled row by row.
struct FigureColumns {
    Column *employers, *contacted, *cadence, *requests, *on_time, *vacancies, *positions, *placements, *showings;
    explicit FigureColumns(Table& t)
        : employers(&t.add_column("employers", ColumnType::Int)),
          contacted(&t.add_column("employers_contacted", ColumnType::Int)),
          cadence(&t.add_column("cadence_compliance", ColumnType::Real)),
          requests(&t.add_column("requests", ColumnType::Int)),
          on_time(&t.add_column("requests_on_time", ColumnType::Real)),
          vacancies(&t.add_column("vacancies", ColumnType::Int)),
          positions(&t.add_column("positions", ColumnType::Int)),
          placements(&t.add_column("placements", ColumnType::Int)),
          showings(&t.add_column("showings", ColumnType::Int)) {}
    void add(const OfficeFigures& f) {
        employers->push_int(f.employers);
        contacted->push_int(f.contacted);
        push_ratio(*cadence, f.cadence_complied, f.cadence_employers);
        requests->push_int(f.requests);
        push_ratio(*on_time, f.on_time, f.resolved);
        vacancies->push_int(f.vacancies);
        positions->push_int(f.positions);
        placements->push_int(f.placements);
        showings->push_int(f.showings);
    }
};

}  // namespace

Table Regional::offices_report(Date from, Date to) const {
    Table t;
    auto& office_id = t.add_column("office_id", ColumnType::Int);
    auto& office = t.add_column("office", ColumnType::Text);
    auto& province = t.add_column("province", ColumnType::Text);
    FigureColumns cols(t);
    for (const auto& f : figures(*db_, from, to)) {
        office_id.push_int(f.office.meta.id);
        office.push_text(f.office.name);
        province.push_text(f.province);
        cols.add(f);
    }
    // Cadence compliance is judged up to today at the latest (see judged_to).
    t.set_metadata("judged_to", judged_to_text(judged_to(from, to, db_->today())));
    return t;
}

Table Regional::provinces_report(Date from, Date to) const {
    std::map<std::string, std::pair<std::int64_t, OfficeFigures>> by_province;  // code -> (offices, sums)
    const auto d = directorate();
    if (d)  // every province of the region, even one without offices yet
        for (const auto& p : territory::provinces())
            if (p.region_code == d->region_code) by_province[p.code].second.province = p.name;
    for (const auto& f : figures(*db_, from, to)) {
        auto& [n, s] = by_province[f.province_code];
        ++n;
        s.province = f.province;
        s.employers += f.employers;
        s.contacted += f.contacted;
        s.cadence_employers += f.cadence_employers;
        s.cadence_complied += f.cadence_complied;
        s.requests += f.requests;
        s.resolved += f.resolved;
        s.on_time += f.on_time;
        s.vacancies += f.vacancies;
        s.positions += f.positions;
        s.placements += f.placements;
        s.showings += f.showings;
    }
    std::int64_t offices_total = 0, placements_total = 0, showings_total = 0;
    for (const auto& [code, entry] : by_province) {
        offices_total += entry.first;
        placements_total += entry.second.placements;
        showings_total += entry.second.showings;
    }
    Table t;
    auto& province = t.add_column("province", ColumnType::Text);
    auto& offices = t.add_column("offices", ColumnType::Int);
    FigureColumns cols(t);
    auto& share_offices = t.add_column("share_of_offices", ColumnType::Real);
    auto& share_placements = t.add_column("share_of_placements", ColumnType::Real);
    auto& share_showings = t.add_column("share_of_showings", ColumnType::Real);
    std::vector<double> w, placements, showings;
    for (const auto& [code, entry] : by_province) {
        province.push_text(entry.second.province);
        offices.push_int(entry.first);
        cols.add(entry.second);
        push_ratio(share_offices, entry.first, offices_total);
        push_ratio(share_placements, entry.second.placements, placements_total);
        push_ratio(share_showings, entry.second.showings, showings_total);
        w.push_back(double(entry.first));
        placements.push_back(double(entry.second.placements));
        showings.push_back(double(entry.second.showings));
    }
    const auto pb = territorial_balance(placements, w);
    const auto sb = territorial_balance(showings, w);
    t.set_metadata("placements_balance", pb ? std::to_string(*pb) : std::string());
    t.set_metadata("showings_balance", sb ? std::to_string(*sb) : std::string());
    t.set_metadata("judged_to", judged_to_text(judged_to(from, to, db_->today())));
    return t;
}

}  // namespace omilcrm
