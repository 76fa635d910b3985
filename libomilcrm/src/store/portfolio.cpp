// The portfolio: the SQL.
#include "store/portfolio.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::optional<Date> current_owner_since(DbImpl& db, Id employer_id) {
    auto s = db.stmt("SELECT from_date FROM employer_owner WHERE employer_id = ? AND to_date IS NULL");
    s.bind_all(employer_id);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<Date>();
}

void transfer_ownership(DbImpl& db, Id employer_id, Id to_staff, Date on, const std::string& reason) {
    const auto now = db.now_us();
    db.stmt("UPDATE employer_owner SET to_date = ?, updated_at = ? WHERE employer_id = ? AND to_date IS NULL")
        .bind_all(on, now, employer_id)
        .exec();
    detail::open_ownership(db, employer_id, to_staff, on, reason);
    db.stmt("UPDATE employer SET owner_id = ?, updated_at = ? WHERE id = ?")
        .bind_all(to_staff, now, employer_id)
        .exec();
}

std::size_t move_open_tasks(DbImpl& db, Id from_staff, Id to_staff) {
    std::size_t moved = 0;
    for (const char* sql :
         {"UPDATE commitment SET owner_id = ?, updated_at = ? WHERE owner_id = ? AND status = 'open'",
          "UPDATE follow_up SET owner_id = ?, updated_at = ? WHERE owner_id = ? AND done_on IS NULL",
          "UPDATE request_checkin SET staff_id = ?, updated_at = ? WHERE staff_id = ? AND state = 'open'"})
        moved += static_cast<std::size_t>(db.stmt(sql).bind_all(to_staff, db.now_us(), from_staff).exec());
    return moved;
}

std::vector<Id> employers_owned_by(DbImpl& db, Id staff_id) {
    auto s = db.stmt("SELECT id FROM employer WHERE owner_id = ? AND merged_into IS NULL ORDER BY id");
    s.bind_all(staff_id);
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(detail::RowReader(s).get<Id>());
    return out;
}

std::vector<Ownership> ownership_history(DbImpl& db, Id employer_id) {
    auto s = db.stmt(
        "SELECT employer_id, staff_id, from_date, to_date, reason FROM employer_owner "
        "WHERE employer_id = ? ORDER BY from_date, id");
    s.bind_all(employer_id);
    std::vector<Ownership> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        Ownership o;
        o.employer_id = r.get<Id>();
        o.staff_id = r.get<Id>();
        o.from = r.get<Date>();
        o.to = r.get<std::optional<Date>>();
        o.reason = r.get<std::string>();
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace omilcrm::store

namespace omilcrm::detail {

void open_ownership(DbImpl& db, Id employer_id, Id staff_id, Date from, const std::string& reason) {
    static const std::string sql =
        "INSERT INTO employer_owner (uuid, created_at, updated_at, employer_id, staff_id, from_date, "
        "reason, actor) VALUES (?,?,?,?,?,?,?,?)";
    const auto now = db.now_us();
    db.stmt(sql, false)  // all eight parameters bound, the text in place: it outlives the insert
        .bind_all_in_place(new_uuid(), now, now, employer_id, staff_id, from, reason, actor_column(db))
        .exec();
}

}  // namespace omilcrm::detail
