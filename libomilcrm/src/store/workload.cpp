#include "store/workload.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::map<Id, StaffLoad> staff_load(DbImpl& db, Id office_id, Date day) {
    std::map<Id, StaffLoad> out;
    // One grouped query per kind of work; each fills its columns of the staff member's row.
    const auto count = [&](const char* sql, std::int64_t StaffLoad::*all, std::int64_t StaffLoad::*overdue) {
        auto q = db.stmt(sql);
        q.bind_all(office_id, day);
        while (q.executeStep()) {
            detail::RowReader r(q);
            StaffLoad& row = out[r.get<Id>()];
            row.*all = r.get<std::int64_t>();
            const std::int64_t late = r.get<std::int64_t>();
            if (overdue) row.*overdue = late;
        }
    };
    count(
        "SELECT owner_id, count(*), 0 FROM employer WHERE office_id = ?1 AND merged_into IS NULL "
        "AND ?2 IS NOT NULL GROUP BY owner_id",
        &StaffLoad::employers, nullptr);
    count(
        "SELECT owner_id, count(*), total(due < ?2) FROM commitment WHERE office_id = ?1 AND status = 'open' "
        "GROUP BY owner_id",
        &StaffLoad::open_commitments, &StaffLoad::overdue_commitments);
    count(
        "SELECT owner_id, count(*), total(due < ?2) FROM follow_up WHERE office_id = ?1 AND done_on IS NULL "
        "GROUP BY owner_id",
        &StaffLoad::open_follow_ups, &StaffLoad::overdue_follow_ups);
    count(
        "SELECT e.owner_id, count(*), total(r.due_on < ?2) FROM service_request r "
        "JOIN employer e ON e.id = r.employer_id WHERE r.office_id = ?1 "
        "AND r.status IN ('received', 'routed', 'in_progress', 'reopened') GROUP BY e.owner_id",
        &StaffLoad::open_requests, &StaffLoad::overdue_requests);
    count(
        "SELECT referred_by, count(*), 0 FROM referral WHERE office_id = ?1 AND closed_on IS NULL "
        "AND referred_by IS NOT NULL AND ?2 IS NOT NULL GROUP BY referred_by",
        &StaffLoad::referrals_in_progress, nullptr);
    return out;
}

std::vector<detail::PromiseFacts> promise_facts(DbImpl& db, Id office_id, Date from, Date to) {
    std::vector<detail::PromiseFacts> out;
    auto q =
        db.stmt("SELECT owner_id, due, status, closed_on FROM commitment WHERE office_id = ? AND due BETWEEN ? AND ?");
    q.bind_all(office_id, from, to);
    while (q.executeStep()) {
        detail::RowReader r(q);
        detail::PromiseFacts f;
        f.owner_id = r.get<Id>();
        f.due = r.get<Date>();
        f.status = r.get([](const std::string& s) { return parse_enum<CommitmentStatus>(s, "status"); });
        f.closed_on = r.get<std::optional<Date>>();
        out.push_back(f);
    }
    return out;
}

}  // namespace omilcrm::store
