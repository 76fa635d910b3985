#pragma once
// The store's functions for placements, with their 30- and 90-day follow-ups.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/placements.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared placement (no follow-ups); sets p.meta.id. A second placement of the
/// seeker in the vacancy raises Conflict.
void insert_placement(DbImpl& db, Placement& p);
std::optional<Placement> find_placement(DbImpl& db, Id id);
/// Placements of an office, into a vacancy: by start date and id, with their follow-ups.
std::vector<Placement> placements_of_office(DbImpl& db, Id office_id);
std::vector<Placement> placements_of_vacancy(DbImpl& db, Id vacancy_id);
/// The vacancies a seeker has been placed in.
std::vector<Id> placed_vacancies_of_seeker(DbImpl& db, Id seeker_id);
/// Records the follow-up at `day` (30 or 90) of a placement. One per day: a second raises Conflict.
void insert_placement_check(DbImpl& db, Id placement_id, int day, bool employed, Date checked_on,
                            std::optional<Id> staff_id, const std::string& note);

}  // namespace omilcrm::store
