// The portfolio: who owns the relationship with each employer, with history.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/sqlite.hpp"

namespace omilcrm {

namespace {

StaffMember active_staff(detail::DbImpl& db, Id staff_id, Date on, const char* field) {
    StaffMember m = Staff(db).get(staff_id);
    if (!m.active_on(on))
        throw ValidationError(field, std::to_string(staff_id),
                              m.name + " does not work at the office on " + on.iso());
    return m;
}

// Closes the current ownership period and opens a new one, within the caller's transaction.
void transfer(detail::DbImpl& db, Id employer_id, Id to_staff, Date on, const std::string& reason) {
    auto cur = db.stmt(
        "SELECT from_date FROM employer_owner WHERE employer_id = ? AND to_date IS NULL");
    cur.bind(1, static_cast<std::int64_t>(employer_id));
    if (cur.executeStep()) {
        const Date from = detail::date_of(cur.getColumn(0));
        if (on < from)
            throw ValidationError("on", on.iso(),
                                  "is before the current owner's period of employer " +
                                      std::to_string(employer_id) + " began (" + from.iso() + ")");
    }
    const auto now = db.now_us();
    auto close = db.stmt(
        "UPDATE employer_owner SET to_date = ?, updated_at = ? WHERE employer_id = ? AND to_date IS NULL");
    close.bind(1, on.iso());
    close.bind(2, now);
    close.bind(3, static_cast<std::int64_t>(employer_id));
    close.exec();
    detail::open_ownership(db, employer_id, to_staff, on, reason);
    auto set = db.stmt("UPDATE employer SET owner_id = ?, updated_at = ? WHERE id = ?");
    set.bind(1, static_cast<std::int64_t>(to_staff));
    set.bind(2, now);
    set.bind(3, static_cast<std::int64_t>(employer_id));
    set.exec();
}

}  // namespace

namespace detail {
void open_ownership(DbImpl& db, Id employer_id, Id staff_id, Date from, const std::string& reason) {
    const auto now = db.now_us();
    auto s = db.stmt(
        "INSERT INTO employer_owner (uuid, created_at, updated_at, employer_id, staff_id, from_date, "
        "reason) VALUES (?,?,?,?,?,?,?)");
    s.bind(1, new_uuid());
    s.bind(2, now);
    s.bind(3, now);
    s.bind(4, static_cast<std::int64_t>(employer_id));
    s.bind(5, static_cast<std::int64_t>(staff_id));
    s.bind(6, from.iso());
    s.bind(7, reason);
    s.exec();
}
}  // namespace detail

Ownership Portfolio::assign(Id employer_id, Id staff_id, Date on, std::string reason) {
    detail::WriteScope write(*db_);
    const Employer e = Employers(*db_).get(employer_id);
    const StaffMember m = active_staff(*db_, staff_id, on, "staff");
    if (m.office_id != e.office_id)
        throw ValidationError("staff", std::to_string(staff_id),
                              m.name + " works at another office than " + e.legal_name);
    if (e.owner_id == staff_id) return history(employer_id).back();
    transfer(*db_, employer_id, staff_id, on, reason);
    return history(employer_id).back();
}

std::size_t Portfolio::hand_over(Id from_staff, Id to_staff, Date on, std::string reason) {
    detail::WriteScope write(*db_);
    const StaffMember from = Staff(*db_).get(from_staff);
    const StaffMember to = active_staff(*db_, to_staff, on, "to");
    if (from.office_id != to.office_id)
        throw ValidationError("to", std::to_string(to_staff), to.name + " works at another office");
    if (from_staff == to_staff)
        throw ValidationError("to", std::to_string(to_staff), "is the same person as from");
    if (reason.empty()) reason = "handed over from " + from.name;
    const auto ids = employers_of(from_staff);
    for (Id e : ids) transfer(*db_, e, to_staff, on, reason);
    // Open promises and tasks go with the portfolio, so nothing falls through the cracks.
    for (const char* sql : {"UPDATE commitment SET owner_id = ?, updated_at = ? WHERE owner_id = ? AND status = 'open'",
                            "UPDATE follow_up SET owner_id = ?, updated_at = ? WHERE owner_id = ? AND done_on IS NULL"}) {
        auto s = db_->stmt(sql);
        s.bind(1, static_cast<std::int64_t>(to_staff));
        s.bind(2, db_->now_us());
        s.bind(3, static_cast<std::int64_t>(from_staff));
        s.exec();
    }
    return ids.size();
}

std::vector<Id> Portfolio::employers_of(Id staff_id) const {
    auto s = db_->stmt("SELECT id FROM employer WHERE owner_id = ? ORDER BY id");
    s.bind(1, static_cast<std::int64_t>(staff_id));
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
    return out;
}

std::vector<Ownership> Portfolio::history(Id employer_id) const {
    auto s = db_->stmt(
        "SELECT employer_id, staff_id, from_date, to_date, reason FROM employer_owner "
        "WHERE employer_id = ? ORDER BY from_date, id");
    s.bind(1, static_cast<std::int64_t>(employer_id));
    std::vector<Ownership> out;
    while (s.executeStep()) {
        Ownership o;
        o.employer_id = s.getColumn(0).getInt64();
        o.staff_id = s.getColumn(1).getInt64();
        o.from = detail::date_of(s.getColumn(2));
        o.to = detail::opt_date(s.getColumn(3));
        o.reason = s.getColumn(4).getString();
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace omilcrm
