#pragma once
// The store's functions for saved visit plans (the planner's and the calendar's inputs).
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "omilcrm/database.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// What the planner needs of an employer to visit it.
struct PlanEmployer {
    Id office_id = 0;
    std::string legal_name;
    std::string display_name;  ///< Employer::display_name()
    std::optional<double> latitude, longitude;
    std::vector<VisitingWindow> visiting_hours;
};
/// Those of the employers `ids` that exist, by id: one statement for them all (a day's
/// candidates are a few hundred).
std::unordered_map<Id, PlanEmployer> plan_employers(DbImpl& db, const std::vector<Id>& ids);

/// Marks the staff member's current planned visits of the day superseded.
void supersede_planned_visits(DbImpl& db, Id staff_id, Date day);
/// Inserts a prepared planned visit (metadata filled); sets v.meta.id.
void insert_planned_visit(DbImpl& db, PlannedVisit& v);
/// Current planned visits of the office between two dates inclusive (optionally one staff
/// member's), by day, staff member and start.
std::vector<PlannedVisit> list_planned_visits(DbImpl& db, Id office_id, Date from, Date to, std::optional<Id> staff_id);

}  // namespace omilcrm::store
