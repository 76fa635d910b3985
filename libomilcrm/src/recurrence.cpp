#include "omilcrm/recurrence.hpp"

#include <charconv>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

// The n-th `wd` of a month (n = 1..4), or the last one (n = -1).
Date nth_weekday(int year, unsigned month, int n, Weekday wd) {
    if (n > 0) {
        const Date first(year, month, 1);
        const int shift = (static_cast<int>(wd) - static_cast<int>(first.weekday()) + 7) % 7;
        return first.add_days(shift + 7 * (n - 1));
    }
    const Date last(year, month, days_in_month(year, month));
    const int back = (static_cast<int>(last.weekday()) - static_cast<int>(wd) + 7) % 7;
    return last.add_days(-back);
}

const char* ordinal(int n) {
    switch (n) {
        case 1:
            return "first";
        case 2:
            return "second";
        case 3:
            return "third";
        case 4:
            return "fourth";
        default:
            return "last";
    }
}

const char* day_name(Weekday d) {
    static const char* names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    return names[static_cast<int>(d)];
}

}  // namespace

Recurrence Recurrence::monthly(int week, Weekday weekday) {
    if (!(week == -1 || (week >= 1 && week <= 4)))
        throw ValidationError("week", std::to_string(week), "must be 1, 2, 3, 4 or -1 (last)");
    Recurrence r;
    r.kind_ = Kind::Monthly;
    r.week_ = week;
    r.weekday_ = weekday;
    return r;
}

Recurrence Recurrence::weekly(Weekday weekday, int interval, std::optional<Date> anchor_date) {
    if (interval < 1 || interval > 52)
        throw ValidationError("interval", std::to_string(interval), "must be between 1 and 52 weeks");
    if (interval > 1 && !anchor_date)
        throw ValidationError("anchor", "",
                              "is required when meetings are every " + std::to_string(interval) +
                                  " weeks: it says which weeks they fall in");
    const Date anchor = anchor_date.value_or(Date{});
    Recurrence r;
    r.kind_ = Kind::Weekly;
    r.weekday_ = weekday;
    r.interval_ = interval;
    // Anchor on the first meeting day on or after the given date.
    const int shift = (static_cast<int>(weekday) - static_cast<int>(anchor.weekday()) + 7) % 7;
    r.anchor_ = anchor.add_days(shift);
    r.week_ = 0;
    return r;
}

std::vector<Date> Recurrence::occurrences(Date from, Date to) const {
    std::vector<Date> out;
    if (to < from) return out;
    if (kind_ == Kind::Monthly) {
        int y = from.year();
        unsigned m = from.month();
        while (true) {
            const Date d = nth_weekday(y, m, week_, weekday_);
            if (d > to) break;
            if (d >= from) out.push_back(d);
            if (++m == 13) {
                m = 1;
                ++y;
            }
        }
        return out;
    }
    const std::int64_t step = 7LL * interval_;
    const std::int64_t diff = from - anchor_;
    std::int64_t k = diff / step;
    if (diff % step != 0 && diff < 0) --k;  // floor division
    Date d = anchor_.add_days(k * step);
    if (d < from) d = d.add_days(step);
    for (; d <= to; d = d.add_days(step)) out.push_back(d);
    return out;
}

Date Recurrence::next(Date from) const {
    const auto v = occurrences(from, from.add_days(kind_ == Kind::Monthly ? 62 : 7LL * interval_ + 7));
    return v.front();
}

std::string Recurrence::str() const {
    if (kind_ == Kind::Monthly)
        return "monthly week=" + std::to_string(week_) + " weekday=" + std::string(to_string(weekday_));
    return "weekly weekday=" + std::string(to_string(weekday_)) + " interval=" + std::to_string(interval_) +
           " anchor=" + anchor_.iso();
}

std::string Recurrence::describe() const {
    if (kind_ == Kind::Monthly) return std::string(ordinal(week_)) + " " + day_name(weekday_) + " of each month";
    if (interval_ == 1) return std::string("every ") + day_name(weekday_);
    return "every " + std::to_string(interval_) + " weeks on " + day_name(weekday_);
}

Recurrence Recurrence::parse(std::string_view text, std::string_view field) {
    auto fail = [&](const char* why) -> Recurrence {
        throw ValidationError(std::string(field), std::string(text), why);
    };
    std::string kind;
    int week = 1, interval = 1;
    std::optional<Weekday> wd;
    std::optional<Date> anchor;
    bool first = true;
    for (auto tok : detail::split(detail::trim(text), ' ')) {
        if (tok.empty()) continue;
        if (first) {
            kind = std::string(tok);
            first = false;
            continue;
        }
        const auto eq = tok.find('=');
        if (eq == std::string_view::npos) return fail("expected key=value after the kind");
        const auto key = tok.substr(0, eq);
        const auto val = tok.substr(eq + 1);
        auto to_int = [&](std::string_view v) {
            int n = 0;
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc{} || p != v.data() + v.size()) fail("expected a number");
            return n;
        };
        if (key == "week") week = to_int(val);
        else if (key == "weekday") wd = parse_weekday(val, field);
        else if (key == "interval") interval = to_int(val);
        else if (key == "anchor") anchor = Date::parse(val, field);
        else return fail("unknown key (use week, weekday, interval, anchor)");
    }
    if (!wd) return fail("needs weekday=...");
    if (kind == "monthly") return monthly(week, *wd);
    if (kind == "weekly") return weekly(*wd, interval, anchor);
    return fail("kind must be monthly or weekly");
}

}  // namespace omilcrm
