#pragma once
// The store's functions for saved visit plans (the planner's and the calendar's inputs).
#include <optional>
#include <vector>

#include "omilcrm/database.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Marks the staff member's current planned visits of the day superseded.
void supersede_planned_visits(DbImpl& db, Id staff_id, Date day);
/// Inserts a prepared planned visit (metadata filled); sets v.meta.id.
void insert_planned_visit(DbImpl& db, PlannedVisit& v);
/// Current planned visits of the office between two dates inclusive (optionally one staff
/// member's), by day, staff member and start.
std::vector<PlannedVisit> list_planned_visits(DbImpl& db, Id office_id, Date from, Date to, std::optional<Id> staff_id);

}  // namespace omilcrm::store
