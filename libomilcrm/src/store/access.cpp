// Access tokens and the audit: the SQL.
#include "store/access.hpp"

#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kTokenCols =
    "t.id, t.uuid, t.created_at, t.updated_at, t.name, t.office_id, t.staff_id, t.role, t.resources, t.can_write, "
    "t.expires_at, t.revoked_at, t.last_used_at";

Token token_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Token t;
    t.meta = r.meta();
    t.name = r.get<std::string>();
    t.office_id = r.get<std::optional<Id>>();
    t.staff_id = r.get<std::optional<Id>>();
    t.role = parse_enum<Role>(r.get<std::string>());
    t.resources = detail::split_list(r.get<std::string>());
    t.can_write = r.get<bool>();
    t.expires_at = r.get<std::optional<Timestamp>>();
    t.revoked_at = r.get<std::optional<Timestamp>>();
    t.last_used_at = r.get<std::optional<Timestamp>>();
    return t;
}

AuditEntry audit_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    AuditEntry e;
    e.at = r.get<Timestamp>();
    e.actor = r.get<std::string>();
    e.action = r.get<std::string>();
    e.resource = r.get<std::string>();
    e.record_id = r.get<std::optional<Id>>();
    e.office_id = r.get<std::optional<Id>>();
    e.detail = r.get<std::string>();
    e.token_id = r.get<std::optional<Id>>();
    return e;
}

constexpr const char* kAuditCols = "at, actor, action, resource, record_id, office_id, detail, token_id";

}  // namespace

void insert_token(DbImpl& db, Token& t, const std::string& secret_hash) {
    static const std::string sql =
        detail::insert_sql("access_token", {"name", "office_id", "staff_id", "role", "resources", "can_write",
                                            "secret_hash", "expires_at", "revoked_at", "last_used_at"});
    detail::insert_record(db, sql, t.meta, t.name, t.office_id, t.staff_id, t.role, detail::join_list(t.resources),
                          t.can_write, secret_hash, t.expires_at, t.revoked_at, t.last_used_at);
}

std::optional<Token> find_token(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kTokenCols + " FROM access_token t WHERE t.id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return token_of(s);
}

std::vector<Token> list_tokens(DbImpl& db, std::optional<Id> office_id) {
    auto s =
        office_id
            ? db.stmt(std::string("SELECT ") + kTokenCols + " FROM access_token t WHERE t.office_id = ? ORDER BY t.id")
            : db.stmt(std::string("SELECT ") + kTokenCols + " FROM access_token t ORDER BY t.id");
    if (office_id) s.bind_all(*office_id);
    std::vector<Token> out;
    while (s.executeStep()) out.push_back(token_of(s));
    return out;
}

std::optional<TokenByHash> find_token_by_hash(DbImpl& db, const std::string& secret_hash) {
    auto s = db.stmt(std::string("SELECT ") + kTokenCols +
                     ", s.left_on FROM access_token t LEFT JOIN staff s ON s.id = t.staff_id WHERE t.secret_hash = ?");
    s.bind_all(secret_hash);
    if (!s.executeStep()) return std::nullopt;
    TokenByHash found{token_of(s), std::nullopt};
    detail::RowReader r(s, 13);
    found.staff_left = r.get<std::optional<Date>>();
    return found;
}

void set_token_revoked(DbImpl& db, Id id, Timestamp at) {
    db.stmt("UPDATE access_token SET revoked_at = ?, updated_at = ? WHERE id = ?").bind_all(at, at, id).exec();
}

void touch_token(DbImpl& db, Id id, Timestamp at) {
    if (db.read_only) return;
    // No wait for the write lock: a request is not held up to record that it was made.
    struct NoWait {
        DbImpl& db;
        std::chrono::milliseconds saved;
        explicit NoWait(DbImpl& d) : db(d), saved(d.busy_timeout) { d.busy_timeout = std::chrono::milliseconds{0}; }
        NoWait(const NoWait&) = delete;
        NoWait& operator=(const NoWait&) = delete;
        ~NoWait() { db.busy_timeout = saved; }
    } no_wait(db);
    try {
        detail::WriteScope write(db);
        db.stmt("UPDATE access_token SET last_used_at = ? WHERE id = ?").bind_all(at, id).exec();
    } catch (const StorageBusy&) {
    } catch (const StorageReadOnly&) {
    }
}

void insert_audit(DbImpl& db, const AuditEntry& e, Date on) {
    db.stmt(
          "INSERT INTO audit (at, on_date, actor, token_id, action, resource, record_id, office_id, detail) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(e.at, on, e.actor, e.token_id, e.action, e.resource, e.record_id, e.office_id, e.detail)
        .exec();
}

std::vector<AuditEntry> list_audit(DbImpl& db, std::optional<Id> office_id, std::optional<Date> from,
                                   std::optional<Date> to) {
    const std::string first = from ? from->iso() : std::string("0000-01-01");
    const std::string last = to ? to->iso() : std::string("9999-12-31");
    auto s =
        office_id
            ? db.stmt(std::string("SELECT ") + kAuditCols +
                      " FROM audit WHERE office_id = ? AND on_date BETWEEN ? AND ? ORDER BY id")
            : db.stmt(std::string("SELECT ") + kAuditCols + " FROM audit WHERE on_date BETWEEN ? AND ? ORDER BY id");
    if (office_id) s.bind_all(*office_id, first, last);
    else s.bind_all(first, last);
    std::vector<AuditEntry> out;
    while (s.executeStep()) out.push_back(audit_of(s));
    return out;
}

}  // namespace omilcrm::store
