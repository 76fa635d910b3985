#include "omilcrm/business_days.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "holidays_rules.hpp"
#include "text.hpp"

namespace omilcrm::data {
// Generated from libomilcrm/data/holidays/holidays_cl.csv by cmake/EmbedData.cmake.
std::string_view holidays_csv(std::size_t i);
}  // namespace omilcrm::data

namespace omilcrm {

namespace {

constexpr int kMaxBusinessDays = 100000;

void check_pauses(const std::vector<Pause>& pauses) {
    for (const auto& p : pauses)
        if (p.to && *p.to < p.from)
            throw ValidationError("pause", p.from.iso() + ".." + p.to->iso(), "the pause ends before it starts");
}

bool paused(const std::vector<Pause>& pauses, Date d) {
    for (const auto& p : pauses)
        if (p.from <= d && (!p.to || d < *p.to)) return true;
    return false;
}

// The earliest start of an open pause, if any.
std::optional<Date> open_pause_start(const std::vector<Pause>& pauses) {
    std::optional<Date> start;
    for (const auto& p : pauses)
        if (!p.to && (!start || p.from < *start)) start = p.from;
    return start;
}

// A request received on a non-business day counts as received on the next business day.
Date effective_receipt(const HolidayCalendar& cal, Date received) {
    Date d = received;
    while (!cal.is_business_day(d)) d = d.add_days(1);
    return d;
}

}  // namespace

namespace {

// Chile's national holidays by rule, 2000-2199, computed once: sorted by date, with their days.
struct National {
    static constexpr int kLastYear = 2199;
    std::vector<Holiday> holidays;
    std::vector<std::int64_t> days;

    National() {
        for (int y = holidays::kFirstYear; y <= kLastYear; ++y)
            for (auto& h : holidays::national(y)) {
                days.push_back(h.date.days());
                holidays.push_back(std::move(h));
            }
    }
    const Holiday* find(Date d) const {
        const auto it = std::lower_bound(days.begin(), days.end(), d.days());
        return it != days.end() && *it == d.days() ? &holidays[static_cast<std::size_t>(it - days.begin())] : nullptr;
    }
};

const National& national() {
    static const National n;
    return n;
}

}  // namespace

HolidayCalendar HolidayCalendar::chile() {
    static const HolidayCalendar shipped = [] {
        // The one-off holidays: plain CSV without quoted fields, date,name,kind; two rows of kind
        // known_from and known_through give the range the table is complete for.
        HolidayCalendar cal;
        cal.national_ = true;
        bool header = true;
        for (auto line : detail::split(data::holidays_csv(0), '\n')) {
            line = detail::trim(line);
            if (line.empty()) continue;
            if (header) {
                header = false;
                continue;
            }
            const auto f = detail::split(line, ',');
            if (f.size() != 3) throw Error("holidays_cl.csv: bad row '" + std::string(line) + "'");
            const Date d = Date::parse(detail::trim(f[0]), "holidays_cl.csv date");
            const auto kind = detail::trim(f[2]);
            if (kind == "known_from") {
                cal.first_ = d;
                continue;
            }
            if (kind == "known_through") {
                cal.last_ = d;
                continue;
            }
            if (national().find(d)) continue;  // an election on a holiday (2025-06-29): listed once
            Holiday h{d, std::string(detail::trim(f[1])), false, std::string(kind)};
            if (!cal.by_day_.try_emplace(d.days(), std::move(h)).second)
                throw Error("holidays_cl.csv: date listed twice: " + d.iso());
        }
        return cal;
    }();
    return shipped;
}

HolidayCalendar HolidayCalendar::chile(std::string_view commune) {
    HolidayCalendar cal = chile();
    const std::string& code = territory::commune(commune).code;
    for (int y = holidays::kFirstYear; y <= National::kLastYear; ++y)
        for (auto& h : holidays::regional(y, code)) cal.by_day_.try_emplace(h.date.days(), std::move(h));
    return cal;
}

void HolidayCalendar::add(Date d, std::string name, bool local) {
    if (detail::trim(name).empty()) throw ValidationError("name", name, "a holiday needs a name");
    if (national_ && national().find(d)) return;
    Holiday h{d, std::move(name), local, local ? "local" : "national"};
    by_day_.try_emplace(d.days(), std::move(h));
}

bool HolidayCalendar::is_holiday(Date d) const {
    return by_day_.count(d.days()) != 0 || (national_ && national().find(d));
}

bool HolidayCalendar::is_business_day(Date d) const {
    const auto w = d.weekday();
    return w != Weekday::Sat && w != Weekday::Sun && !is_holiday(d);
}

const Holiday* HolidayCalendar::holiday(Date d) const {
    if (national_)
        if (const Holiday* h = national().find(d)) return h;
    const auto it = by_day_.find(d.days());
    return it == by_day_.end() ? nullptr : &it->second;
}

std::vector<Holiday> HolidayCalendar::between(Date from, Date to) const {
    std::vector<Holiday> out;
    if (to < from) return out;
    if (national_) {
        const auto& n = national();
        for (auto it = std::lower_bound(n.days.begin(), n.days.end(), from.days());
             it != n.days.end() && *it <= to.days(); ++it)
            out.push_back(n.holidays[static_cast<std::size_t>(it - n.days.begin())]);
    }
    for (auto it = by_day_.lower_bound(from.days()); it != by_day_.end() && it->first <= to.days(); ++it)
        if (!national_ || !national().find(it->second.date)) out.push_back(it->second);
    std::stable_sort(out.begin(), out.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    return out;
}

bool HolidayCalendar::confirmed(Date d) const { return !national_ || (first_ <= d && d <= last_); }

Deadline deadline(const HolidayCalendar& cal, Date received, int n, const std::vector<Pause>& pauses) {
    Deadline out{add_business_days(cal, received, n, pauses), {}};
    // Every day from the receipt to the due date decides the count: a day not confirmed among them
    // (a holiday declared later) would move the due date.
    for (Date d = received; d <= out.due; d = d.add_days(1))
        if (!cal.confirmed(d) && d.weekday() != Weekday::Sat && d.weekday() != Weekday::Sun && !cal.is_holiday(d))
            out.unconfirmed.push_back(d);
    return out;
}

Date add_business_days(const HolidayCalendar& cal, Date received, int n, const std::vector<Pause>& pauses) {
    if (n < 0) throw ValidationError("business_days", std::to_string(n), "must not be negative");
    if (n > kMaxBusinessDays)
        throw ValidationError("business_days", std::to_string(n),
                              "must be at most " + std::to_string(kMaxBusinessDays));
    check_pauses(pauses);
    const auto open = open_pause_start(pauses);
    Date d = effective_receipt(cal, received);
    for (int counted = 0; counted < n;) {
        d = d.add_days(1);
        if (open && d >= *open)
            throw ValidationError(
                "pause", open->iso(),
                "the clock is stopped with no end since " + open->iso() + ", so the deadline cannot be reached");
        if (cal.is_business_day(d) && !paused(pauses, d)) ++counted;
    }
    return d;
}

int business_days_between(const HolidayCalendar& cal, Date from, Date to, const std::vector<Pause>& pauses) {
    check_pauses(pauses);
    if (to < from) return -business_days_between(cal, to, from, pauses);
    int count = 0;
    for (Date d = effective_receipt(cal, from).add_days(1); d <= to; d = d.add_days(1))
        if (cal.is_business_day(d) && !paused(pauses, d)) ++count;
    return count;
}

BusinessDayCounter::BusinessDayCounter(const HolidayCalendar& cal, Date first, Date last) : cal_(&cal), first_(first) {
    if (last < first) return;
    business_.reserve(static_cast<std::size_t>(last - first) + 2);
    business_.push_back(0);
    for (Date d = first; d <= last; d = d.add_days(1))
        business_.push_back(business_.back() + (cal.is_business_day(d) ? 1 : 0));
}

int BusinessDayCounter::between(Date from, Date to, const std::vector<Pause>& pauses) const {
    const auto days = static_cast<std::int64_t>(business_.size()) - 1;
    if (to < from) return -between(to, from, pauses);
    if (!pauses.empty() || from < first_ || to - first_ >= days) return business_days_between(*cal_, from, to, pauses);
    if (to == from) return 0;
    // The business days of [from, to] are the effective receipt day (the first of them) and the
    // ones counted after it; with none, the receipt falls after `to` and nothing is counted.
    const int in_range =
        business_[static_cast<std::size_t>(to - first_ + 1)] - business_[static_cast<std::size_t>(from - first_)];
    return in_range > 0 ? in_range - 1 : 0;
}

}  // namespace omilcrm
