// The pure parts of vacancies: the status that follows from the facts (vacancies.hpp), also as it
// stood on a past day (vacancies_rules.hpp).
#include "vacancies_rules.hpp"

namespace omilcrm {

VacancyStatus vacancy_status(int positions, int placed, Date valid_through, std::optional<Date> cancelled_on,
                             Date day) noexcept {
    if (cancelled_on && *cancelled_on <= day) return VacancyStatus::Cancelled;
    if (placed >= positions) return VacancyStatus::Filled;
    if (valid_through < day) return VacancyStatus::Expired;
    if (placed > 0) return VacancyStatus::PartiallyFilled;
    return VacancyStatus::Open;
}

}  // namespace omilcrm

namespace omilcrm::detail {

VacancyStatus vacancy_status_on(const Vacancy& v, const std::vector<Date>& placement_starts, Date day) noexcept {
    int placed = 0;
    for (const Date start : placement_starts) placed += start <= day ? 1 : 0;
    return vacancy_status(v.positions, placed, v.valid_through, v.cancelled_on, day);
}

}  // namespace omilcrm::detail
