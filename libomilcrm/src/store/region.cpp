// The regional database: the SQL, the consolidation of office files included.
#include "store/region.hpp"

#include <SQLiteCpp/VariadicBind.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "store/sqlite.hpp"

namespace omilcrm::store {

void insert_directorate(DbImpl& db, const RecordMeta& meta, const std::string& region_code, const std::string& name) {
    db.stmt(
          "INSERT INTO regional_directorate (id, uuid, created_at, updated_at, region_code, name) VALUES (1, ?, ?, ?, "
          "?, ?)")
        .bind_all(meta.uuid, meta.created_at, meta.updated_at, region_code, name)
        .exec();
}

std::optional<RegionalDirectorate> find_directorate(DbImpl& db) {
    auto s = db.stmt("SELECT region_code, name FROM regional_directorate WHERE id = 1");
    if (!s.executeStep()) return std::nullopt;
    detail::RowReader r(s);
    RegionalDirectorate d;
    d.region_code = r.get<std::string>();
    d.name = r.get<std::string>();
    return d;
}

void insert_representative(DbImpl& db, Representative& r) {
    static const std::string sql =
        detail::insert_sql("province_representative", {"province_code", "name", "role", "office_id", "email", "phone"});
    detail::insert_record(db, sql, r.meta, r.province_code, r.name, r.role, r.office_id, r.email, r.phone);
}

std::vector<Representative> list_representatives(DbImpl& db) {
    auto s = db.stmt(
        "SELECT id, uuid, created_at, updated_at, province_code, name, role, office_id, email, phone "
        "FROM province_representative ORDER BY province_code, id");
    std::vector<Representative> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        Representative x;
        x.meta = r.meta();
        x.province_code = r.get<std::string>();
        x.name = r.get<std::string>();
        x.role = r.get<std::string>();
        x.office_id = r.get<std::optional<Id>>();
        x.email = r.get<std::string>();
        x.phone = r.get<std::string>();
        out.push_back(std::move(x));
    }
    return out;
}

// ---- Consolidation of an office file -----------------------------------------------------

namespace {

// Seekers' personal data stays in the office's file.
const std::set<std::string> kPersonal = {"seeker_personal", "seeker_change", "personal_data_export"};
// The regional directorate's own tables, and each file's own tokens and audit (an office's tokens
// open that office's file only).
const std::set<std::string> kRegional = {"regional_directorate", "province_representative", "office_import",
                                         "access_token", "audit"};
// What undoing a merge of employers puts back names the office file's own row ids: it stays there
// (the merge itself, employer_merge, is consolidated).
const std::set<std::string> kFileOnly = {"employer_merge_row"};
// The outbox is the office's own delivery work (its e-mails, with its contacts' addresses, its
// switches, templates and opt-outs): the region sends nothing on an office's behalf.
const std::set<std::string> kOutbox = {"outbox_message", "outbox_setting", "outbox_template", "outbox_opt_out"};
// An office's own setting of its follow-up work (how many business days before a deadline its
// check-ins with departments fall): the check-ins themselves are consolidated.
const std::set<std::string> kSettings = {"checkin_setting"};
// Shared by every office under one UUID (the region's material): the regional copy is kept.
const std::set<std::string> kShared = {"outreach_asset"};
// Tables without a UUID belong to one parent row: they are replaced with the file's rows of the
// parents it brings.
const std::map<std::string, std::string> kOwnedBy = {
    {"interaction_contact", "interaction_id"},
    {"interaction_attendance", "interaction_id"},
    {"request_pause", "request_id"},
    {"seeker_experience", "seeker_id"},
    {"referral_event", "referral_id"},
    {"placement_check", "placement_id"},
    {"programme_offer_event", "offer_id"},
    {"event_office", "event_id"},
    {"event_employer", "event_id"},
    {"showing_employer", "showing_id"},
    {"showing_partner", "showing_id"},
    {"event_partner", "event_id"},
    {"interaction_participant", "interaction_id"},
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
        SQLite::Statement q(db,
                            "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                            "ORDER BY name");
        while (q.executeStep()) names.push_back(detail::RowReader(q).get<std::string>());
    }
    std::map<std::string, TableInfo> infos;
    for (const auto& n : names) {
        if (kPersonal.count(n) || kRegional.count(n) || kFileOnly.count(n) || kOutbox.count(n) || kSettings.count(n))
            continue;
        TableInfo t;
        t.name = n;
        SQLite::Statement cols(db, "SELECT name, pk, type FROM pragma_table_info(?)");
        SQLite::bind(cols, n);
        while (cols.executeStep()) {
            detail::RowReader r(cols);
            const auto c = r.get<std::string>();
            if (c == "id" && r.get<int>() == 1) continue;  // rowid: regional ids are new
            if (c == "uuid") t.has_uuid = true;
            t.columns.push_back(c);
        }
        SQLite::Statement fks(db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)");
        SQLite::bind(fks, n);
        while (fks.executeStep()) {
            detail::RowReader r(fks);
            const auto column = r.get<std::string>();
            t.references[column] = r.get<std::string>();
        }
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
    return detail::RowReader(q).get<std::int64_t>();
}

// How a column's value is read from the file: ids of other records are translated to regional ids.
std::string source_value(const TableInfo& t, const std::string& c, bool self_to_null) {
    auto it = t.references.find(c);
    if (it == t.references.end()) return "s." + quoted(c);
    if (it->second == t.name && self_to_null) return "NULL";
    return "(SELECT dst FROM temp.omil_map WHERE tbl = '" + it->second + "' AND src = s." + quoted(c) + ")";
}

OfficeFileFacts read_file_facts(const std::string& path, const std::vector<TableInfo>& plan) {
    if (!std::filesystem::is_regular_file(path)) throw StorageError("office file \"" + path + "\" does not exist");
    OfficeFileFacts f;
    try {
        SQLite::Database src(path, SQLite::OPEN_READONLY);
        const int app = static_cast<int>(count_of(src, "PRAGMA application_id"));
        const int version = static_cast<int>(count_of(src, "PRAGMA user_version"));
        if (app != 0x4F4D494C) throw StorageError("\"" + path + "\" is not an omilcrm database");
        if (version != detail::latest_schema_version())
            throw SchemaVersionError(path, version, detail::latest_schema_version(),
                                     "upgrade it first (Database::upgrade, or `omilcrm migrate " + path +
                                         "`, which writes a backup), then consolidate it");
        const auto offices = count_of(src, "SELECT count(*) FROM office");
        if (offices != 1)
            throw StorageError("\"" + path + "\" holds " + std::to_string(offices) +
                               " offices; an office file holds exactly one");
        SQLite::Statement o(src, "SELECT uuid, name, commune_code FROM office");
        o.executeStep();
        detail::RowReader r(o);
        f.office_uuid = r.get<std::string>();
        f.office_name = r.get<std::string>();
        f.commune = r.get<std::string>();
        for (const auto& t : plan)
            if (t.has_uuid)
                f.latest_change = std::max(f.latest_change,
                                           count_of(src, "SELECT coalesce(max(updated_at), 0) FROM " + quoted(t.name)));
    } catch (const SQLite::Exception& e) {
        detail::raise_sqlite(path, e.getExtendedErrorCode(), e.what());
    }
    return f;
}

// Detaches the office file however the import ends.
struct Attached {
    DbImpl& impl;
    Attached(DbImpl& d, const std::string& path) : impl(d) {
        SQLite::Statement a(*impl.db, "ATTACH DATABASE ? AS src");
        SQLite::bind(a, path);
        a.exec();
    }
    Attached(const Attached&) = delete;
    Attached& operator=(const Attached&) = delete;
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

// Copies the attached file's rows into the main database (the plan's tables, parents first) and
// counts them: rows new to the regional database, and rows already there that were refreshed.
void copy_rows(SQLite::Database& db, const std::vector<TableInfo>& plan, ImportResult& result) {
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
            const auto known =
                count_of(db, "SELECT count(*) FROM src." + name + " s JOIN main." + name + " m ON m.uuid = s.uuid");
            db.exec("INSERT INTO main." + name + " (" + cols + ") SELECT " + values + " FROM src." + name +
                    " s WHERE true ON CONFLICT (uuid) DO " +
                    (kShared.count(t.name) ? std::string("NOTHING") : "UPDATE SET " + updates));
            db.exec("INSERT INTO temp.omil_map (tbl, src, dst) SELECT '" + t.name + "', s.id, m.id FROM src." + name +
                    " s JOIN main." + name + " m ON m.uuid = s.uuid");
            for (const auto& [c, parent] : t.references)
                if (parent == t.name)  // references within the table, now that every row has its id
                    db.exec("UPDATE main." + name + " SET " + quoted(c) +
                            " = (SELECT mp.dst FROM temp.omil_map mp WHERE mp.tbl = '" + t.name +
                            "' AND mp.src = (SELECT s." + quoted(c) + " FROM src." + name + " s WHERE s.uuid = main." +
                            name + ".uuid)) WHERE uuid IN (SELECT uuid FROM src." + name + ")");
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
}

ImportResult import_attached(DbImpl& impl, SQLite::Database& db, const std::string& path, const ImportTarget& target) {
    const auto plan = import_plan(db);
    const OfficeFileFacts file = read_file_facts(path, plan);
    db.exec(
        "CREATE TEMP TABLE IF NOT EXISTS omil_map (tbl TEXT NOT NULL, src INTEGER NOT NULL, dst INTEGER NOT NULL, "
        "PRIMARY KEY (tbl, src)) WITHOUT ROWID");
    db.exec("DELETE FROM temp.omil_map");
    // The file attached, then the write lock taken before anything is checked, so two imports
    // at once cannot both decide the same office is new.
    Attached attached(impl, path);
    detail::Scope scope(impl);
    const std::optional<Id> adopt = target(file);

    ImportResult result;
    result.office_uuid = file.office_uuid;
    result.office_name = file.office_name;
    try {
        // A registered office that never sent a file takes the file's identity.
        if (adopt) {
            SQLite::Statement s(db, "UPDATE office SET uuid = ? WHERE id = ?");
            SQLite::bind(s, file.office_uuid, *adopt);
            s.exec();
        }
        copy_rows(db, plan, result);
        {
            SQLite::Statement q(db, "SELECT id FROM main.office WHERE uuid = ?");
            SQLite::bind(q, file.office_uuid);
            q.executeStep();
            result.office_id = detail::RowReader(q).get<Id>();
        }
        SQLite::Statement log(
            db,
            "INSERT INTO office_import (office_id, office_uuid, source, at, latest_change, inserted, updated, actor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::bind(log, result.office_id, file.office_uuid, std::filesystem::absolute(path).string(), impl.now_us(),
                     file.latest_change, static_cast<std::int64_t>(result.inserted),
                     static_cast<std::int64_t>(result.updated));
        if (const auto actor = detail::actor_column(impl)) log.bind(8, *actor);
        log.exec();
    } catch (const SQLite::Exception& e) {
        // A rule of the schema broken by the file's rows: the office file is inconsistent.
        if ((e.getErrorCode() & 0xFF) == SQLITE_CONSTRAINT)
            throw StorageCorrupt("importing \"" + path +
                                 "\" failed, nothing was imported: the file breaks a rule of the schema (" + e.what() +
                                 ")");
        detail::raise_sqlite(impl, e.getExtendedErrorCode(),
                             "importing \"" + path + "\" failed, nothing was imported: " + e.what());
    }
    scope.commit();
    return result;
}

}  // namespace

ImportResult import_office_file(DbImpl& db, const std::string& path, const ImportTarget& target) {
    SQLite::Database& conn = db.conn();
    try {
        return import_attached(db, conn, path, target);
    } catch (const SQLite::Exception& e) {
        detail::raise_sqlite(db, e);
    }
}

std::optional<std::int64_t> last_import_change(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT latest_change FROM office_import WHERE office_id = ? ORDER BY id DESC LIMIT 1");
    s.bind_all(office_id);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<std::int64_t>();
}

std::vector<ImportLogEntry> list_imports(DbImpl& db) {
    auto s = db.stmt(
        "SELECT i.office_id, o.name, i.source, i.at, i.inserted, i.updated FROM office_import i JOIN office o "
        "ON o.id = i.office_id ORDER BY i.id");
    std::vector<ImportLogEntry> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        ImportLogEntry e;
        e.office_id = r.get<Id>();
        e.office = r.get<std::string>();
        e.source = r.get<std::string>();
        e.at = r.get<std::int64_t>();
        e.inserted = r.get<std::int64_t>();
        e.updated = r.get<std::int64_t>();
        out.push_back(std::move(e));
    }
    return out;
}

// ---- The regional reports' counts --------------------------------------------------------

regional::Figures office_counts(DbImpl& db, Id office_id, Date from, Date to) {
    auto count = [&](const std::string& sql) {
        auto q = db.stmt(sql);
        q.bind_all(office_id, from, to);
        q.executeStep();
        return detail::RowReader(q).get<std::int64_t>();
    };
    regional::Figures f;
    f.employers = count("SELECT count(*) FROM employer WHERE office_id = ?1 AND merged_into IS NULL AND ?2 <= ?3");
    static const std::string contacted =
        std::string(
            "SELECT count(*) FROM (SELECT employer_id FROM interaction WHERE office_id = ?1 "
            "AND employer_id IS NOT NULL AND on_date BETWEEN ?2 AND ?3 UNION SELECT a.employer_id FROM ") +
        detail::kMeetingAttendance +
        " WHERE c.office_id = ?1 AND i.office_id = ?1 AND a.attended = 1 AND i.on_date BETWEEN ?2 AND ?3)";
    f.contacted = count(contacted);
    f.vacancies = count("SELECT count(*) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN ?2 AND ?3");
    f.positions =
        count("SELECT coalesce(sum(positions), 0) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN ?2 AND ?3");
    f.placements = count("SELECT count(*) FROM placement WHERE office_id = ?1 AND start_on BETWEEN ?2 AND ?3");
    f.showings = count("SELECT count(*) FROM showing WHERE office_id = ?1 AND on_date BETWEEN ?2 AND ?3");
    return f;
}

}  // namespace omilcrm::store
