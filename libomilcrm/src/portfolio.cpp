// The portfolio: who owns the relationship with each employer, with history.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "outbox_queue.hpp"
#include "store/portfolio.hpp"

namespace omilcrm {

namespace {

StaffMember active_staff(detail::DbImpl& db, Id staff_id, Date on, const char* field) {
    StaffMember m = Staff(db).get(staff_id);
    if (!m.active_on(on))
        throw ValidationError(field, std::to_string(staff_id), m.name + " does not work at the office on " + on.iso());
    return m;
}

// Closes the current ownership period and opens a new one, within the caller's transaction.
void transfer(detail::DbImpl& db, Id employer_id, Id to_staff, Date on, const std::string& reason) {
    if (const auto from = store::current_owner_since(db, employer_id); from && on < *from)
        throw ValidationError("on", on.iso(),
                              "is before the current owner's period of employer " + std::to_string(employer_id) +
                                  " began (" + from->iso() + ")");
    store::transfer_ownership(db, employer_id, to_staff, on, reason);
}

}  // namespace

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
    if (from_staff == to_staff) throw ValidationError("to", std::to_string(to_staff), "is the same person as from");
    if (reason.empty()) reason = "handed over from " + from.name;
    const auto ids = employers_of(from_staff);
    for (Id e : ids) transfer(*db_, e, to_staff, on, reason);
    // Open promises, tasks and check-ins with departments go with the portfolio, so nothing falls
    // through the cracks.
    const std::size_t tasks = store::move_open_tasks(*db_, from_staff, to_staff);
    // The new owner hears of it in the same transaction (docs/notifications.md).
    if (!ids.empty() || tasks) detail::queue_hand_over(*db_, from, to, ids, tasks, on, reason);
    return ids.size();
}

std::vector<Id> Portfolio::employers_of(Id staff_id) const { return store::employers_owned_by(*db_, staff_id); }

std::vector<Ownership> Portfolio::history(Id employer_id) const { return store::ownership_history(*db_, employer_id); }

}  // namespace omilcrm
