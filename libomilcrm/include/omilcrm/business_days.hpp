#pragma once
// A pure business-day clock for service-request deadlines. Municipal departments work Monday to
// Friday, except on Chile's public holidays and the office's own local holidays.
//
// Coverage: HolidayCalendar::chile() knows the national holidays of the shipped years only
// (first_year() .. last_year_end(), 2024-2027; libomilcrm/data/holidays/SOURCE.md). Dates outside
// that range are allowed everywhere, but there is_holiday() only knows the holidays added with
// add(), so every weekday out there counts as a business day unless an office adds its holidays.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/date.hpp"

namespace omilcrm {

struct Holiday {
    Date date{};
    std::string name{};
    /// True for an office's local holiday (added with add()), false for a national one.
    bool local = false;
    /// "civil", "religious" or "election" for the shipped national holidays; for added ones "local"
    /// (or "national" when added with local = false).
    std::string kind = "local";
};

/// The holidays an office observes: one entry per date.
class HolidayCalendar {
public:
    /// An empty calendar: only weekends are non-business days. Covers no years.
    HolidayCalendar() = default;

    /// The shipped national holidays of Chile (first_year() .. last_year_end()).
    static HolidayCalendar chile();

    /// Adds an office's local holiday (commune anniversary, patron saint, a regional holiday).
    /// Throws ValidationError (field "name") for an empty name. When the date already holds a
    /// holiday the existing entry stays (a national holiday is not relabelled) and nothing changes.
    void add(Date d, std::string name, bool local = true);

    bool is_holiday(Date d) const;
    /// Monday to Friday and not a holiday.
    bool is_business_day(Date d) const;
    /// The holiday on `d`, or nullptr if none. Valid until the calendar is destroyed.
    const Holiday* holiday(Date d) const;
    /// Holidays from `from` to `to`, both inclusive, in date order (empty when to < from).
    std::vector<Holiday> between(Date from, Date to) const;

    /// 1 January of the first year of the shipped data (Date() for a calendar built empty).
    Date first_year() const { return first_; }
    /// 31 December of the last year of the shipped data (Date() for a calendar built empty).
    Date last_year_end() const { return last_; }

private:
    std::map<std::int64_t, Holiday> by_day_;
    Date first_;
    Date last_;
};

/// The clock stopped from `from` (inclusive) until `to` (exclusive); no `to` means still paused.
/// A pause with to == from covers no day. Pauses may overlap.
struct Pause {
    Date from{};
    std::optional<Date> to{};
};

/// Due date: the n-th business day after `received`.
///
/// - Received on a business day: Friday + 1 = the next Monday (if it is a business day).
/// - Received on a weekend or holiday: the request counts as received on the next business day,
///   and the n business days follow that one (Saturday + 1 = Tuesday, when Monday and Tuesday are
///   business days), as Chilean offices treat requests entered on a non-business day.
/// - n == 0 gives that effective receipt day (`received` itself when it is a business day).
/// - A business day inside a pause is not counted, so a closed pause extends the deadline by the
///   business days it covered.
/// - An open pause (no `to`): only business days before it starts count. If the deadline is
///   reached before the open pause starts, that date is returned; otherwise no due date exists
///   and ValidationError (field "pause") is thrown.
///
/// Throws ValidationError: n < 0 or n > 100000 (field "business_days"); a pause whose `to` is
/// before its `from` (field "pause").
Date add_business_days(const HolidayCalendar& cal, Date received, int n, const std::vector<Pause>& pauses = {});

/// Business days elapsed after `from` up to and including `to` (0 when to <= from), not counting
/// paused days. `from` on a weekend or holiday counts from the next business day, as in
/// add_business_days, so business_days_between(cal, r, add_business_days(cal, r, n, p), p) == n.
/// Throws ValidationError (field "pause") for a pause ending before it starts.
int business_days_between(const HolidayCalendar& cal, Date from, Date to, const std::vector<Pause>& pauses = {});

/// business_days_between for many requests of one period (a deadline report): one pass over the
/// days of [first, last] when built, then O(1) per call for dates inside that range. Calls with
/// pauses, or with dates outside the range, give the same answer through business_days_between.
/// The calendar must outlive the counter.
class BusinessDayCounter {
public:
    /// An empty range (last < first) is allowed: every call then takes the day-by-day path.
    BusinessDayCounter(const HolidayCalendar& cal, Date first, Date last);
    /// Equal to business_days_between(cal, from, to, pauses), with the same errors.
    int between(Date from, Date to, const std::vector<Pause>& pauses = {}) const;

private:
    const HolidayCalendar* cal_;
    Date first_;
    /// business_[i]: business days in [first_, first_ + i); one entry more than days in range.
    std::vector<int> business_;
};

}  // namespace omilcrm
