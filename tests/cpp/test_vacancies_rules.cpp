// The rules of vacancies (vacancies_rules.cpp), without a database: vacancy_status() from the
// facts given (positions, placements, last valid day, cancellation, the day asked about) and
// detail::vacancy_status_on(), the status as it stood on a past day counting only the placements
// started by then. Every branch in the order the rule takes them: cancelled, filled, expired,
// partially filled, open; and each boundary day.
// The vacancy below is captured on Monday 2026-11-02 and valid through Wednesday 2026-12-02.
#include "helpers.hpp"

#include "vacancies_rules.hpp"

using namespace omilcrm;

namespace {

const Date kValid(2026, 12, 2);

Vacancy vacancy(int positions, std::optional<Date> cancelled_on = {}, int placed = 0) {
    Vacancy v;
    v.meta.id = 40;
    v.office_id = 1;
    v.employer_id = 3;
    v.positions = positions;
    v.placed = placed;
    v.captured_on = Date(2026, 11, 2);
    v.valid_through = kValid;
    v.cancelled_on = cancelled_on;
    return v;
}

}  // namespace

TEST_CASE("vacancy_status: open, partially filled and filled by the placements", "[vacancies_rules]") {
    const Date day(2026, 11, 23);
    CHECK(vacancy_status(3, 0, kValid, {}, day) == VacancyStatus::Open);
    CHECK(vacancy_status(3, 1, kValid, {}, day) == VacancyStatus::PartiallyFilled);
    CHECK(vacancy_status(3, 2, kValid, {}, day) == VacancyStatus::PartiallyFilled);  // one short
    CHECK(vacancy_status(3, 3, kValid, {}, day) == VacancyStatus::Filled);           // placed == positions
    CHECK(vacancy_status(3, 4, kValid, {}, day) == VacancyStatus::Filled);           // more than asked
    CHECK(vacancy_status(1, 0, kValid, {}, day) == VacancyStatus::Open);
    CHECK(vacancy_status(1, 1, kValid, {}, day) == VacancyStatus::Filled);  // one position: never partial
}

TEST_CASE("vacancy_status: the last valid day is still open, the day after it has expired", "[vacancies_rules]") {
    // Valid through 2026-12-02: open on the 2nd, expired from the 3rd.
    CHECK(vacancy_status(3, 0, kValid, {}, Date(2026, 12, 1)) == VacancyStatus::Open);
    CHECK(vacancy_status(3, 0, kValid, {}, kValid) == VacancyStatus::Open);
    CHECK(vacancy_status(3, 1, kValid, {}, kValid) == VacancyStatus::PartiallyFilled);
    CHECK(vacancy_status(3, 0, kValid, {}, Date(2026, 12, 3)) == VacancyStatus::Expired);
    // Expired wins over partially filled: the posting is closed with positions left.
    CHECK(vacancy_status(3, 2, kValid, {}, Date(2026, 12, 3)) == VacancyStatus::Expired);
    CHECK(vacancy_status(3, 0, kValid, {}, Date(2027, 6, 1)) == VacancyStatus::Expired);
    // Filled wins over expired: every position was filled, before or after the date.
    CHECK(vacancy_status(3, 3, kValid, {}, Date(2026, 12, 3)) == VacancyStatus::Filled);
}

TEST_CASE("vacancy_status: cancellation wins from its own day on", "[vacancies_rules]") {
    const Date cancelled(2026, 11, 20);
    // The day before the cancellation the facts decide; from that day (inclusive) it is cancelled.
    CHECK(vacancy_status(3, 0, kValid, cancelled, Date(2026, 11, 19)) == VacancyStatus::Open);
    CHECK(vacancy_status(3, 1, kValid, cancelled, Date(2026, 11, 19)) == VacancyStatus::PartiallyFilled);
    CHECK(vacancy_status(3, 0, kValid, cancelled, cancelled) == VacancyStatus::Cancelled);
    CHECK(vacancy_status(3, 0, kValid, cancelled, Date(2026, 11, 23)) == VacancyStatus::Cancelled);
    // Over filled and over expired.
    CHECK(vacancy_status(3, 3, kValid, cancelled, cancelled) == VacancyStatus::Cancelled);
    CHECK(vacancy_status(3, 1, kValid, cancelled, Date(2027, 1, 1)) == VacancyStatus::Cancelled);
    // Cancelled after it expired (on 2026-12-10): expired until then, cancelled from then.
    CHECK(vacancy_status(3, 0, kValid, Date(2026, 12, 10), Date(2026, 12, 9)) == VacancyStatus::Expired);
    CHECK(vacancy_status(3, 0, kValid, Date(2026, 12, 10), Date(2026, 12, 10)) == VacancyStatus::Cancelled);
}

TEST_CASE("vacancy_status_on counts only the placements started by that day", "[vacancies_rules]") {
    // Two positions; placements start on 2026-11-15 and 2026-11-20 (given out of order).
    const Vacancy v = vacancy(2);
    const std::vector<Date> starts = {Date(2026, 11, 20), Date(2026, 11, 15)};
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 2)) == VacancyStatus::Open);   // the capture day
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 14)) == VacancyStatus::Open);  // none started
    // A placement counts from its start day (inclusive).
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 15)) == VacancyStatus::PartiallyFilled);
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 19)) == VacancyStatus::PartiallyFilled);
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 11, 20)) == VacancyStatus::Filled);
    // Filled stays filled after the last valid day (2026-12-02).
    CHECK(detail::vacancy_status_on(v, starts, Date(2026, 12, 3)) == VacancyStatus::Filled);
    // One placement started by 12-03: expired with a position left; none at all: expired too.
    CHECK(detail::vacancy_status_on(v, {Date(2026, 11, 15)}, Date(2026, 12, 3)) == VacancyStatus::Expired);
    CHECK(detail::vacancy_status_on(v, {}, kValid) == VacancyStatus::Open);
    CHECK(detail::vacancy_status_on(v, {}, Date(2026, 12, 3)) == VacancyStatus::Expired);
    // A start after the day asked about does not count even when it precedes the expiry.
    CHECK(detail::vacancy_status_on(v, {Date(2026, 12, 1), Date(2026, 12, 1)}, Date(2026, 11, 30)) ==
          VacancyStatus::Open);
}

TEST_CASE("vacancy_status_on ignores the vacancy's current count and applies its cancellation by day",
          "[vacancies_rules]") {
    // Today the vacancy has both positions filled (placed = 2), by placements starting 11-15 and
    // 11-20: on 11-10 it was still open, whatever `placed` says now.
    const Vacancy full_now = vacancy(2, std::nullopt, 2);
    const std::vector<Date> starts = {Date(2026, 11, 15), Date(2026, 11, 20)};
    CHECK(detail::vacancy_status_on(full_now, starts, Date(2026, 11, 10)) == VacancyStatus::Open);
    // With no start given, `placed` still does not count.
    CHECK(detail::vacancy_status_on(full_now, {}, Date(2026, 11, 23)) == VacancyStatus::Open);

    // Cancelled on 2026-11-18 after one placement (11-15): partially filled on the 17th, cancelled
    // on the 18th (the same day) and after.
    const Vacancy cancelled = vacancy(2, Date(2026, 11, 18));
    CHECK(detail::vacancy_status_on(cancelled, {Date(2026, 11, 15)}, Date(2026, 11, 17)) ==
          VacancyStatus::PartiallyFilled);
    CHECK(detail::vacancy_status_on(cancelled, {Date(2026, 11, 15)}, Date(2026, 11, 18)) == VacancyStatus::Cancelled);
    CHECK(detail::vacancy_status_on(cancelled, {Date(2026, 11, 15)}, Date(2026, 12, 31)) == VacancyStatus::Cancelled);
    CHECK(detail::vacancy_status_on(cancelled, {}, Date(2026, 11, 10)) == VacancyStatus::Open);
}
