// Department check-ins: the SQL.
#include "store/checkins.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kCols =
    "id, uuid, created_at, updated_at, office_id, request_id, department_id, staff_id, due_on, origin, note, state, "
    "done_on, done_by, outcome";

CheckIn checkin_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    CheckIn c;
    c.meta = r.meta();
    c.office_id = r.get<Id>();
    c.request_id = r.get<Id>();
    c.department_id = r.get<Id>();
    c.staff_id = r.get<std::optional<Id>>();
    c.due_on = r.get<Date>();
    c.origin = parse_enum<CheckInOrigin>(r.get<std::string>());
    c.note = r.get<std::string>();
    c.state = parse_enum<CheckInState>(r.get<std::string>());
    c.done_on = r.get<std::optional<Date>>();
    c.done_by = r.get<std::optional<Id>>();
    c.outcome = r.get<std::string>();
    return c;
}

}  // namespace

void insert_checkin(DbImpl& db, CheckIn& c) {
    static const std::string sql = detail::insert_sql(
        "request_checkin",
        {"office_id", "request_id", "department_id", "staff_id", "due_on", "origin", "note", "state", "actor"});
    detail::insert_record(db, sql, c.meta, c.office_id, c.request_id, c.department_id, c.staff_id, c.due_on, c.origin,
                          c.note, c.state, detail::actor_column(db));
}

std::optional<CheckIn> find_checkin(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kCols + " FROM request_checkin WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return checkin_of(s);
}

std::vector<CheckIn> list_request_checkins(DbImpl& db, Id request_id) {
    auto s = db.stmt(std::string("SELECT ") + kCols + " FROM request_checkin WHERE request_id = ? ORDER BY due_on, id");
    s.bind_all(request_id);
    std::vector<CheckIn> out;
    while (s.executeStep()) out.push_back(checkin_of(s));
    return out;
}

std::vector<CheckIn> list_open_checkins(DbImpl& db, Id office_id, std::optional<Date> from, Date to,
                                        const CheckInFilter& f) {
    auto s = db.stmt(std::string("SELECT ") + kCols +
                     " FROM request_checkin WHERE office_id = ?1 AND state = 'open' AND due_on <= ?2 "
                     "AND (?3 IS NULL OR due_on >= ?3) AND (?4 IS NULL OR department_id = ?4) "
                     "AND (?5 IS NULL OR staff_id = ?5) ORDER BY due_on, id");
    s.bind_all(office_id, to, from, f.department_id, f.staff_id);
    std::vector<CheckIn> out;
    while (s.executeStep()) out.push_back(checkin_of(s));
    return out;
}

void set_checkin_state(DbImpl& db, Id id, CheckInState state, std::optional<Date> on, std::optional<Id> by,
                       const std::string& outcome) {
    db.stmt("UPDATE request_checkin SET state = ?, done_on = ?, done_by = ?, outcome = ?, updated_at = ? WHERE id = ?")
        .bind_all(state, on, by, outcome, db.now_us(), id)
        .exec();
}

std::size_t close_request_checkins(DbImpl& db, Id request_id, std::optional<Id> keep_department,
                                   const std::string& why) {
    db.stmt(
          "UPDATE request_checkin SET state = 'closed', outcome = ?1, updated_at = ?2 WHERE request_id = ?3 "
          "AND state = 'open' AND (?4 IS NULL OR department_id <> ?4)")
        .bind_all(why, db.now_us(), request_id, keep_department)
        .exec();
    return static_cast<std::size_t>(db.conn().getChanges());
}

void move_scheduled_checkins(DbImpl& db, Id request_id, Date on) {
    db.stmt(
          "UPDATE request_checkin SET due_on = ?, updated_at = ? WHERE request_id = ? AND state = 'open' "
          "AND origin = 'scheduled'")
        .bind_all(on, db.now_us(), request_id)
        .exec();
}

std::optional<int> find_checkin_days_before(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT days_before FROM checkin_setting WHERE office_id = ?");
    s.bind_all(office_id);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<int>();
}

void upsert_checkin_days_before(DbImpl& db, Id office_id, int days) {
    db.stmt(
          "INSERT INTO checkin_setting (office_id, days_before, updated_at) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (office_id) DO UPDATE SET days_before = ?2, updated_at = ?3")
        .bind_all(office_id, days, db.now_us())
        .exec();
}

}  // namespace omilcrm::store
