#pragma once
// The rules of vacancies, without a database: a vacancy's status as it stood on a given day.
// The public vacancy_status() is in vacancies.hpp. Defined in vacancies_rules.cpp. Not public.
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/vacancies.hpp"

namespace omilcrm::detail {

/// The vacancy's status on `day` as it stood then: counting only the placements (by their start
/// dates) that had started by that day.
VacancyStatus vacancy_status_on(const Vacancy& v, const std::vector<Date>& placement_starts, Date day) noexcept;

}  // namespace omilcrm::detail
