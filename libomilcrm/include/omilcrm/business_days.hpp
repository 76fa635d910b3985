#pragma once
// A pure business-day clock for service-request deadlines. Municipal departments work Monday to
// Friday, except on Chile's public holidays and the office's own local holidays.
//
// Coverage: HolidayCalendar::chile() computes the national holidays from the laws that set them for
// every year from 2000 to 2199 (the fixed dates, Easter, the days moved to Mondays and Fridays, the
// winter solstice, the Fiestas Patrias and New Year bridges). One-off holidays (elections, days a
// law declares once) come from a dated table known for first_year() .. last_year_end() (2024-2027;
// libomilcrm/data/holidays/SOURCE.md): a day outside that range may still become a holiday, and
// confirmed() / deadline() say which days could not be confirmed.
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

    /// Chile's national holidays: by the laws' rules for 2000-2199, and the one-off holidays of the
    /// shipped table (first_year() .. last_year_end()).
    static HolidayCalendar chile();
    /// chile() and the regional holidays of a commune (a CUT code such as "15101", or a name):
    /// Arica y Parinacota's 7 June, Chillán's and Chillán Viejo's 20 August. Throws
    /// ValidationError (field "commune") for an unknown commune.
    static HolidayCalendar chile(std::string_view commune);

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

    /// The first day of the range the one-off holidays are known for (1 January 2024; Date() for a
    /// calendar built empty).
    Date first_year() const { return first_; }
    /// The last day of that range (31 December 2027; Date() for a calendar built empty).
    Date last_year_end() const { return last_; }
    /// True when whether `d` is a business day is certain: always for a calendar without Chile's
    /// holidays, and for chile() inside first_year() .. last_year_end() (outside it, an election or
    /// a holiday declared once may yet fall on `d`).
    bool confirmed(Date d) const;

private:
    /// One-off, regional and local holidays; the national ones by rule are looked up apart.
    std::map<std::int64_t, Holiday> by_day_;
    bool national_ = false;
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

/// A due date and the business days counted to reach it that the calendar could not confirm
/// (HolidayCalendar::confirmed: past the range one-off holidays are known for). When
/// `unconfirmed` is not empty, a holiday declared later among those days moves the due date.
struct Deadline {
    Date due{};
    std::vector<Date> unconfirmed{};
    bool confirmed() const { return unconfirmed.empty(); }
};

/// add_business_days, and the days counted that could not be confirmed. Same errors.
Deadline deadline(const HolidayCalendar& cal, Date received, int n, const std::vector<Pause>& pauses = {});

/// Business days elapsed after `from` up to and including `to`, not counting paused days, as
/// deadlines count them: `from` on a weekend or holiday counts from the next business day, as in
/// add_business_days, so business_days_between(cal, r, add_business_days(cal, r, n, p), p) == n.
/// With `to` before `from` the count is negative: -business_days_between(cal, to, from, pauses).
/// It is numpy.busday_count(e + 1, to + 1) with the same holidays, where e is `from` rolled
/// forward to a business day (numpy counts [begin, end): begin's day counted, end's not).
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
