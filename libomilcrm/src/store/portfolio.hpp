#pragma once
// The store's functions for the portfolio: who owns each employer, with history. The opening of
// an ownership period is detail::open_ownership (store.hpp), shared with Employers::add.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/portfolio.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// The day the employer's current ownership period began, if it has one.
std::optional<Date> current_owner_since(DbImpl& db, Id employer_id);
/// Closes the employer's current ownership period on `on`, opens one for `to_staff` from `on`
/// and makes them the employer's owner.
void transfer_ownership(DbImpl& db, Id employer_id, Id to_staff, Date on, const std::string& reason);
/// Gives `from_staff`'s open commitments, pending follow-ups and open check-ins with departments
/// to `to_staff`; returns how many moved.
std::size_t move_open_tasks(DbImpl& db, Id from_staff, Id to_staff);
/// Employers a staff member owns now, by id.
std::vector<Id> employers_owned_by(DbImpl& db, Id staff_id);
/// Ownership periods of an employer, oldest first.
std::vector<Ownership> ownership_history(DbImpl& db, Id employer_id);

}  // namespace omilcrm::store
