// Duplicate employers: what the rules compare, the merges, and the records a merge moves: the SQL.
#include "store/duplicates.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// A table with a reference to employer, the referring column, the table's columns and its
// primary key's columns other than the referring one.
struct EmployerReference {
    std::string table, column;
    std::vector<std::string> columns, key;
    bool column_in_key = false;
};

// Every table that refers to employer, from the schema itself, so a table added by a later
// version is merged without anyone remembering to list it here. The employer table (merged_into)
// and the merges' own tables are left out.
std::vector<EmployerReference> employer_references(DbImpl& db) {
    std::vector<EmployerReference> out;
    {
        auto s = db.stmt(
            "SELECT m.name, f.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
            "WHERE m.type = 'table' AND f.\"table\" = 'employer' "
            "AND m.name NOT IN ('employer', 'employer_merge', 'employer_merge_row') ORDER BY m.name, f.\"from\"");
        while (s.executeStep()) {
            detail::RowReader r(s);
            EmployerReference ref;
            ref.table = r.get<std::string>();
            ref.column = r.get<std::string>();
            out.push_back(std::move(ref));
        }
    }
    for (auto& ref : out) {
        auto s = db.stmt("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
        s.bind_all(ref.table);
        std::vector<std::pair<int, std::string>> key;
        while (s.executeStep()) {
            detail::RowReader r(s);
            auto name = r.get<std::string>();
            const int pk = r.get<int>();
            if (pk > 0) key.emplace_back(pk, name);
            ref.columns.push_back(std::move(name));
        }
        std::sort(key.begin(), key.end());
        for (auto& [pk, name] : key) {
            if (name == ref.column) ref.column_in_key = true;
            else ref.key.push_back(std::move(name));
        }
        if (key.empty()) ref.key.push_back("rowid");
    }
    return out;
}

// json_object('a', a, 'b', b) over `columns`, each prefixed with `alias` when given.
std::string json_of(const std::vector<std::string>& columns, const std::string& alias = "") {
    std::string out = "json_object(";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) out += ", ";
        out += "'" + columns[i] + "', " + alias + quoted(columns[i]);
    }
    return out + ")";
}

// "(a, b)" or "a": the key columns, for IN.
std::string key_tuple(const std::vector<std::string>& key) {
    std::string out;
    for (std::size_t i = 0; i < key.size(); ++i) out += (i ? ", " : "") + quoted(key[i]);
    return key.size() == 1 ? out : "(" + out + ")";
}

// What undo must set back on a moved record besides its employer, per table: the column and the
// condition under which the merge changes it. The merge's other changes are only the employer.
struct Adjustment {
    const char* table;
    const char* column;
    const char* when;   // SQL over the absorbed record; ?2 is the kept employer, ?3 the absorbed one
    const char* value;  // the new value; ?4 is the merge's day
};
constexpr Adjustment kAdjustments[] = {
    // One primary contact per employer: the kept employer's stays primary.
    {"contact", "is_primary",
     "is_primary = 1 AND EXISTS (SELECT 1 FROM contact k WHERE k.employer_id = ?2 AND k.is_primary = 1)", "0"},
    // One current owner: the kept employer's. The absorbed employer's period ends on the merge.
    {"employer_owner", "to_date", "to_date IS NULL", "max(from_date, ?4)"},
};

}  // namespace

std::vector<EmployerIdentity> employer_identities(DbImpl& db, Id office_id) {
    std::vector<EmployerIdentity> out;
    {
        auto s = db.stmt(
            "SELECT id, rut, legal_name, trade_name, address FROM employer WHERE office_id = ? AND merged_into IS NULL "
            "ORDER BY id");
        s.bind_all(office_id);
        while (s.executeStep()) {
            detail::RowReader r(s);
            EmployerIdentity e;
            e.id = r.get<Id>();
            e.rut = r.get<std::string>();
            e.legal_name = r.get<std::string>();
            e.trade_name = r.get<std::string>();
            e.address = r.get<std::string>();
            out.push_back(std::move(e));
        }
    }
    auto s = db.stmt(
        "SELECT c.employer_id, c.phone, c.email FROM contact c JOIN employer e ON e.id = c.employer_id "
        "WHERE e.office_id = ? AND e.merged_into IS NULL");
    s.bind_all(office_id);
    while (s.executeStep()) {
        detail::RowReader r(s);
        const Id id = r.get<Id>();
        auto phone = r.get<std::string>();
        auto email = r.get<std::string>();
        const auto it = std::lower_bound(out.begin(), out.end(), id, [](const auto& e, Id v) { return e.id < v; });
        if (it == out.end() || it->id != id) continue;
        if (!phone.empty()) it->phones.push_back(std::move(phone));
        if (!email.empty()) it->emails.push_back(std::move(email));
    }
    return out;
}

std::optional<Id> employer_merged_into(DbImpl& db, Id employer_id) {
    auto s = db.stmt("SELECT merged_into FROM employer WHERE id = ?");
    s.bind_all(employer_id);
    if (!s.executeStep()) return std::nullopt;
    detail::RowReader r(s);
    return r.get<std::optional<Id>>();
}

void set_employer_merged_into(DbImpl& db, Id employer_id, std::optional<Id> into) {
    auto s = db.stmt("UPDATE employer SET merged_into = ? WHERE id = ?");
    s.bind_all(into, employer_id);
    s.exec();
}

namespace {

constexpr const char* kMergeCols =
    "id, uuid, created_at, updated_at, office_id, kept_id, absorbed_id, merged_by, merged_at, rows_moved, "
    "undone_at, undone_by";

EmployerMerge merge_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    EmployerMerge m;
    m.meta = r.meta();
    m.office_id = r.get<Id>();
    m.kept_id = r.get<Id>();
    m.absorbed_id = r.get<Id>();
    m.merged_by = r.get<Id>();
    m.merged_at = r.get<Timestamp>();
    m.rows_moved = r.get<std::size_t>();
    m.undone_at = r.get<std::optional<Timestamp>>();
    m.undone_by = r.get<std::optional<Id>>();
    return m;
}

}  // namespace

void insert_merge(DbImpl& db, EmployerMerge& m) {
    static const std::string sql =
        detail::insert_sql("employer_merge", {"office_id", "kept_id", "absorbed_id", "merged_by", "merged_at",
                                              "rows_moved", "undone_at", "undone_by", "actor"});
    detail::insert_record(db, sql, m.meta, m.office_id, m.kept_id, m.absorbed_id, m.merged_by, m.merged_at,
                          static_cast<std::int64_t>(m.rows_moved), m.undone_at, m.undone_by, detail::actor_column(db));
}

std::optional<EmployerMerge> find_merge(DbImpl& db, Id merge_id) {
    auto s = db.stmt(std::string("SELECT ") + kMergeCols + " FROM employer_merge WHERE id = ?");
    s.bind_all(merge_id);
    if (!s.executeStep()) return std::nullopt;
    return merge_of(s);
}

std::vector<EmployerMerge> list_merges(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kMergeCols + " FROM employer_merge WHERE office_id = ? ORDER BY id DESC");
    s.bind_all(office_id);
    std::vector<EmployerMerge> out;
    while (s.executeStep()) out.push_back(merge_of(s));
    return out;
}

void set_merge_rows_moved(DbImpl& db, Id merge_id, std::size_t rows) {
    auto s = db.stmt("UPDATE employer_merge SET rows_moved = ? WHERE id = ?");
    s.bind_all(static_cast<std::int64_t>(rows), merge_id);
    s.exec();
}

void set_merge_undone(DbImpl& db, Id merge_id, Timestamp at, Id staff_id) {
    auto s = db.stmt("UPDATE employer_merge SET undone_at = ?1, undone_by = ?2, updated_at = ?1 WHERE id = ?3");
    s.bind_all(at, staff_id, merge_id);
    s.exec();
}

std::size_t move_employer_records(DbImpl& db, Id merge_id, Id keep_id, Id absorb_id, Date on) {
    std::size_t moved = 0;
    for (const auto& ref : employer_references(db)) {
        const std::string t = quoted(ref.table), c = quoted(ref.column);
        // The same event, meeting or showing for both: the kept employer's record stays, the
        // absorbed one's is removed and noted whole.
        if (ref.column_in_key) {
            const auto same = [&](const std::string& outer) {
                std::string sql = "EXISTS (SELECT 1 FROM " + t + " b WHERE b." + c + " = ?2";
                for (const auto& k : ref.key) sql += " AND b." + quoted(k) + " = " + outer + quoted(k);
                return sql + ")";
            };
            auto note = db.stmt(
                "INSERT INTO employer_merge_row (merge_id, table_name, row_key, action, row_data) "
                "SELECT ?1, '" +
                ref.table + "', " + json_of(ref.key, "a.") + ", 'removed', " + json_of(ref.columns, "a.") + " FROM " +
                t + " a WHERE a." + c + " = ?3 AND " + same("a."));
            note.bind_all(merge_id, keep_id, absorb_id);
            note.exec();
            auto remove = db.stmt("DELETE FROM " + t + " WHERE " + c + " = ?3 AND " + same(t + "."));
            remove.bind_all(merge_id, keep_id, absorb_id);
            remove.exec();
        }
        // Each moved record noted by its key, with what else the merge changes on it.
        std::string data = "'{}'";
        const Adjustment* adjust = nullptr;
        for (const auto& a : kAdjustments)
            if (ref.table == a.table && ref.column == "employer_id") adjust = &a;
        if (adjust)
            data = std::string("CASE WHEN ") + adjust->when + " THEN json_object('" + adjust->column + "', " +
                   adjust->column + ") ELSE '{}' END";
        auto note = db.stmt(
            "INSERT INTO employer_merge_row (merge_id, table_name, row_key, action, row_data) SELECT ?1, '" +
            ref.table + "', " + json_of(ref.key) + ", 'moved', " + data + " FROM " + t + " WHERE " + c + " = ?3");
        note.bind_all(merge_id, keep_id, absorb_id);
        note.exec();
        if (adjust) {
            auto change = db.stmt("UPDATE " + t + " SET " + adjust->column + " = " + adjust->value + " WHERE " + c +
                                  " = ?3 AND " + adjust->when);
            // ?4 (the day) only where the new value uses it: SQLite refuses a parameter it lacks.
            if (std::string_view(adjust->value).find("?4") != std::string_view::npos)
                change.bind_all(merge_id, keep_id, absorb_id, on);
            else change.bind_all(merge_id, keep_id, absorb_id);
            change.exec();
        }
        auto move = db.stmt("UPDATE " + t + " SET " + c + " = ?1 WHERE " + c + " = ?2");
        move.bind_all(keep_id, absorb_id);
        moved += static_cast<std::size_t>(move.exec());
    }
    return moved;
}

void restore_merged_records(DbImpl& db, Id merge_id, Id keep_id, Id absorb_id) {
    for (const auto& ref : employer_references(db)) {
        const std::string t = quoted(ref.table), c = quoted(ref.column);
        std::string key_of_note;
        for (std::size_t i = 0; i < ref.key.size(); ++i)
            key_of_note += std::string(i ? ", " : "") + "json_extract(n.row_key, '$." + ref.key[i] + "')";
        const std::string notes =
            " FROM employer_merge_row n WHERE n.merge_id = ?1 AND n.table_name = '" + ref.table + "' AND n.action = ";
        // The other columns the merge changed, as they were.
        auto changed = db.stmt(
            "SELECT n.row_key, n.row_data, j.key FROM employer_merge_row n, json_each(n.row_data) j "
            "WHERE n.merge_id = ?1 AND n.table_name = ?2 AND n.action = 'moved' ORDER BY n.id");
        changed.bind_all(merge_id, ref.table);
        std::vector<std::tuple<std::string, std::string, std::string>> sets;
        while (changed.executeStep()) {
            detail::RowReader r(changed);
            auto k = r.get<std::string>();
            auto d = r.get<std::string>();
            sets.emplace_back(std::move(k), std::move(d), r.get<std::string>());
        }
        for (const auto& [key, data, column] : sets) {
            if (std::find(ref.columns.begin(), ref.columns.end(), column) == ref.columns.end()) continue;
            std::string where;
            for (const auto& k : ref.key)
                where += (where.empty() ? "" : " AND ") + quoted(k) + " = json_extract(?2, '$." + k + "')";
            auto set = db.stmt("UPDATE " + t + " SET " + quoted(column) + " = json_extract(?1, '$." + column +
                               "') WHERE " + where);
            set.bind_all(data, key);
            set.exec();
        }
        // The moved records back to the absorbed employer.
        auto back = db.stmt("UPDATE " + t + " SET " + c + " = ?3 WHERE " + c + " = ?2 AND " + key_tuple(ref.key) +
                            " IN (SELECT " + key_of_note + notes + "'moved')");
        back.bind_all(merge_id, keep_id, absorb_id);
        back.exec();
        // The removed ones, whole.
        std::string columns, values;
        for (std::size_t i = 0; i < ref.columns.size(); ++i) {
            columns += std::string(i ? ", " : "") + quoted(ref.columns[i]);
            values += std::string(i ? ", " : "") + "json_extract(n.row_data, '$." + ref.columns[i] + "')";
        }
        auto reinsert = db.stmt("INSERT INTO " + t + " (" + columns + ") SELECT " + values + notes + "'removed'");
        reinsert.bind_all(merge_id);
        reinsert.exec();
    }
}

}  // namespace omilcrm::store
