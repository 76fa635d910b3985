#pragma once
// When a company receives visits: weekdays and a time range, e.g. "mon-fri 09:00-12:00".
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"

namespace omilcrm {

struct VisitingWindow {
    std::uint8_t weekdays = 0;  ///< bit i set = Weekday(i) (bit 0 Monday .. bit 6 Sunday)
    int start_minute = 0;       ///< minutes after midnight, inclusive
    int end_minute = 0;         ///< minutes after midnight, exclusive; > start_minute

    bool open_on(Weekday d) const noexcept { return (weekdays >> static_cast<int>(d)) & 1U; }
    /// "mon-fri 09:00-12:00"
    std::string str() const;
    /// Parses "mon-fri 09:00-12:00", "mon,wed,fri 14:00-17:30", "sat 9:00-13:00", "lun-vie 9-12".
    /// Throws ValidationError naming `field` and the text.
    static VisitingWindow parse(std::string_view text, std::string_view field = "visiting_hours");
    friend bool operator==(const VisitingWindow&, const VisitingWindow&) = default;
};

/// The windows open on a given weekday, in start order.
std::vector<VisitingWindow> windows_on(const std::vector<VisitingWindow>& all, Weekday d);
/// "mon-fri 09:00-12:00; sat 10:00-12:00"
std::string to_string(const std::vector<VisitingWindow>& windows);
/// Parses a list separated by ';' (or a single window). Empty text gives no windows.
std::vector<VisitingWindow> parse_visiting_hours(std::string_view text, std::string_view field = "visiting_hours");

}  // namespace omilcrm
