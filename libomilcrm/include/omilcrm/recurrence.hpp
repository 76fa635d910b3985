#pragma once
// A meeting rhythm: "monthly on the first Thursday", "weekly on Tuesday", "every 2 weeks".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"

namespace omilcrm {

class Recurrence {
public:
    enum class Kind { Weekly, Monthly };

    /// Monthly on the n-th weekday (week 1..4, or -1 for the last one in the month).
    static Recurrence monthly(int week, Weekday weekday);
    /// Every `interval` weeks on `weekday`, counting from `anchor` (a date in the week of the
    /// first meeting). The anchor is required when interval > 1: it says which weeks.
    static Recurrence weekly(Weekday weekday, int interval = 1, std::optional<Date> anchor = {});
    /// Parses the text form written by str(): "monthly week=1 weekday=thu",
    /// "weekly weekday=tue interval=2 anchor=2026-01-05". Throws ValidationError.
    static Recurrence parse(std::string_view text, std::string_view field = "meets");

    Kind kind() const noexcept { return kind_; }
    int week() const noexcept { return week_; }
    Weekday weekday() const noexcept { return weekday_; }
    int interval() const noexcept { return interval_; }
    Date anchor() const noexcept { return anchor_; }

    /// Every occurrence d with from <= d <= to, in order.
    std::vector<Date> occurrences(Date from, Date to) const;
    /// The first occurrence on or after `from`.
    Date next(Date from) const;
    std::string str() const;
    /// "first Thursday of each month"
    std::string describe() const;
    friend bool operator==(const Recurrence&, const Recurrence&) = default;

private:
    Kind kind_ = Kind::Monthly;
    int week_ = 1;
    Weekday weekday_ = Weekday::Mon;
    int interval_ = 1;
    Date anchor_{};
};

}  // namespace omilcrm
