#pragma once
// Calendar dates and UTC instants. Dates are dates (no time zone); instants are UTC.
#include <chrono>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include "omilcrm/enums.hpp"

namespace omilcrm {

enum class Weekday : std::uint8_t { Mon = 0, Tue, Wed, Thu, Fri, Sat, Sun };

/// Parses "mon", "monday", "lun", "lunes" (any case) to a weekday; throws ValidationError.
Weekday parse_weekday(std::string_view text, std::string_view field = "weekday");
/// "mon" .. "sun"
template <>
struct EnumNames<Weekday> {
    static constexpr std::string_view field = "weekday";
    static constexpr auto names = std::to_array<std::string_view>({"mon", "tue", "wed", "thu", "fri", "sat", "sun"});
};

class Date {
public:
    constexpr Date() = default;
    /// Throws ValidationError (field "date") for an impossible date such as 2026-02-30.
    Date(int year, unsigned month, unsigned day);
    /// Parses ISO 8601 "2026-11-23"; throws ValidationError naming `field`.
    static Date parse(std::string_view iso, std::string_view field = "date");
    static Date from_days(std::int64_t days_since_epoch) noexcept;

    int year() const noexcept;
    unsigned month() const noexcept;
    unsigned day() const noexcept;
    Weekday weekday() const noexcept;
    /// Days since 1970-01-01.
    std::int64_t days() const noexcept { return days_; }
    std::string iso() const;

    Date add_days(std::int64_t n) const noexcept { return from_days(days_ + n); }
    /// Same day n months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
    Date add_months(int n) const;
    friend std::int64_t operator-(Date a, Date b) noexcept { return a.days_ - b.days_; }
    friend bool operator==(Date, Date) = default;
    friend auto operator<=>(Date, Date) = default;

private:
    std::int64_t days_ = 0;
};

/// Days in a month (handles leap years).
unsigned days_in_month(int year, unsigned month);

/// A UTC instant with microsecond precision.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
/// "2026-11-23T14:12:22.123456Z"
std::string to_iso(Timestamp t);

/// Where "now" and "today" come from. The default reads the system clock; tests inject their own.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
    /// Today's date in Chile's mainland time zone (America/Santiago, from the tz database).
    virtual Date today() const;
    /// Today's date in a zone of the tz database ("America/Punta_Arenas"): an office's today is
    /// today_in its commune's zone (territory::time_zone). ValidationError for an unknown zone.
    Date today_in(std::string_view zone) const;
};

class SystemClock final : public Clock {
public:
    Timestamp now() const override;
};

/// A clock that stands still at a given instant; for tests and reproducible runs.
class FixedClock final : public Clock {
public:
    explicit FixedClock(Timestamp t) : t_(t) {}
    /// Noon of `d` in Santiago (16:00 UTC): today() is `d` in every zone of Chile.
    explicit FixedClock(Date d);
    Timestamp now() const override { return t_; }
    void set(Timestamp t) { t_ = t; }

private:
    Timestamp t_;
};

}  // namespace omilcrm
