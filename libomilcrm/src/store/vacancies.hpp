#pragma once
// The store's functions for vacancies.
#include <optional>
#include <vector>

#include "omilcrm/vacancies.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// A stored vacancy with what its placements say: `vacancy.placed` is how many it has, and
/// `last_start` the latest start among them. Its status and filled_on are left for the caller,
/// who knows the day they are judged on.
struct VacancyRow {
    Vacancy vacancy;
    std::optional<Date> last_start;
};

/// Inserts a prepared vacancy (validated, metadata filled); sets v.meta.id and returns it.
/// Vacancies feed no cached matching pool (those hold seekers), so nothing is invalidated.
Id insert_vacancy(DbImpl& db, Vacancy& v);
std::optional<VacancyRow> find_vacancy(DbImpl& db, Id id);
/// The vacancies of an office (of one employer when given), by capture date and id.
std::vector<VacancyRow> list_vacancies(DbImpl& db, Id office_id, std::optional<Id> employer_id);
void set_vacancy_cancelled(DbImpl& db, Id id, Date on, const std::string& reason);
void set_vacancy_valid_through(DbImpl& db, Id id, Date valid_through);

}  // namespace omilcrm::store
