#include "omilcrm/date.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include "omilcrm/error.hpp"
#include "omilcrm/time_zone.hpp"
#include "text.hpp"

namespace omilcrm {

namespace chr = std::chrono;

namespace {
constexpr std::array<std::string_view, 7> kWeekdaysLong = {"monday", "tuesday",  "wednesday", "thursday",
                                                           "friday", "saturday", "sunday"};
constexpr std::array<std::string_view, 7> kWeekdaysEs = {"lun", "mar", "mie", "jue", "vie", "sab", "dom"};
constexpr std::array<std::string_view, 7> kWeekdaysEsLong = {"lunes",   "martes", "miercoles", "jueves",
                                                             "viernes", "sabado", "domingo"};
}  // namespace

Weekday parse_weekday(std::string_view text, std::string_view field) {
    const std::string f = detail::fold_text(text);
    for (std::size_t i = 0; i < 7; ++i) {
        if (f == EnumNames<Weekday>::names[i] || f == kWeekdaysLong[i] || f == kWeekdaysEs[i] ||
            f == kWeekdaysEsLong[i])
            return static_cast<Weekday>(i);
    }
    throw ValidationError(std::string(field), std::string(text), "expected a weekday such as mon, tue, ..., sun");
}

unsigned days_in_month(int year, unsigned month) {
    return static_cast<unsigned>((chr::year{year} / chr::month{month} / chr::last).day());
}

Date::Date(int year, unsigned month, unsigned day) {
    const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
    if (!ymd.ok() || year < 1 || year > 9999) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
        throw ValidationError("date", buf, "no such day");
    }
    days_ = chr::sys_days{ymd}.time_since_epoch().count();
}

Date Date::from_days(std::int64_t d) noexcept {
    Date out;
    out.days_ = d;
    return out;
}

Date Date::parse(std::string_view iso, std::string_view field) {
    auto fail = [&](const char* why) -> Date { throw ValidationError(std::string(field), std::string(iso), why); };
    const std::string_view s = detail::trim(iso);
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return fail("expected YYYY-MM-DD");
    int y = 0;
    unsigned m = 0, d = 0;
    auto num = [&](std::string_view part, auto& out) {
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc{} && p == part.data() + part.size();
    };
    if (!num(s.substr(0, 4), y) || !num(s.substr(5, 2), m) || !num(s.substr(8, 2), d))
        return fail("expected YYYY-MM-DD");
    const chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
    if (!ymd.ok() || y < 1) return fail("no such day");
    return Date(y, m, d);
}

int Date::year() const noexcept {
    return static_cast<int>(chr::year_month_day{chr::sys_days{chr::days{days_}}}.year());
}
unsigned Date::month() const noexcept {
    return static_cast<unsigned>(chr::year_month_day{chr::sys_days{chr::days{days_}}}.month());
}
unsigned Date::day() const noexcept {
    return static_cast<unsigned>(chr::year_month_day{chr::sys_days{chr::days{days_}}}.day());
}
Weekday Date::weekday() const noexcept {
    // 1970-01-01 was a Thursday.
    const std::int64_t w = ((days_ % 7) + 7 + 3) % 7;
    return static_cast<Weekday>(w);
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
    return buf;
}

Date Date::add_months(int n) const {
    int y = year();
    int m = static_cast<int>(month()) - 1 + n;
    y += m >= 0 ? m / 12 : -((11 - m) / 12);
    m = ((m % 12) + 12) % 12 + 1;
    const unsigned last = days_in_month(y, static_cast<unsigned>(m));
    return Date(y, static_cast<unsigned>(m), std::min(day(), last));
}

std::string to_iso(Timestamp t) {
    const auto days = chr::floor<chr::days>(t);
    const chr::year_month_day ymd{days};
    const chr::hh_mm_ss hms{t - days};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
    return buf;
}

Date Clock::today() const { return zones::local_day(zones::mainland, now()); }

Date Clock::today_in(std::string_view zone) const { return zones::local_day(zone, now()); }

Timestamp SystemClock::now() const { return chr::time_point_cast<chr::microseconds>(chr::system_clock::now()); }

FixedClock::FixedClock(Date d)
    // Noon in Santiago, so today() is `d` whatever the season.
    : t_(Timestamp{chr::days{d.days()}} + chr::hours{16}) {}

}  // namespace omilcrm
