#pragma once
// Local time in Chile's time zones, from the tz database (IANA): America/Santiago (the mainland),
// America/Punta_Arenas (Magallanes), America/Coyhaique (Aysén) and Pacific/Easter (Isla de
// Pascua). territory::time_zone() gives a commune's zone; an office's zone is its commune's.
//
// The zones are read from the operating system's tz database (/usr/share/zoneinfo, Debian's
// `tzdata` package) through Howard Hinnant's date/tz library: Chile's changes of rule reach the
// library with the system's tzdata updates, never hard-coded here. Without a tz database every
// call below throws Error naming the directory it looked for (see docs/time-zones.md).
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"

namespace omilcrm::zones {

/// Chile's mainland zone, the one Database::today() and omilcrm.today() count in.
inline constexpr std::string_view mainland = "America/Santiago";

/// True when the tz database knows `zone` ("America/Santiago"); false for any other text.
bool known(std::string_view zone);

/// The UTC offset of `zone` at the instant `t`, in minutes (-180 for UTC-3).
/// Throws ValidationError (field "time_zone") for a zone the tz database does not know.
int utc_offset_minutes(std::string_view zone, Timestamp t);

/// The date on a wall clock in `zone` at the instant `t`.
Date local_day(std::string_view zone, Timestamp t);

/// The instant when a wall clock in `zone` shows `minute` minutes after midnight of `day`
/// (0..1440; 1440 is midnight at the end of the day). A wall time skipped by a change to summer
/// time is read with the offset before the change (RFC 5545 3.3.5), so 00:30 on a day Chile
/// skips from 00:00 to 01:00 is 01:30; a wall time that happens twice is its first occurrence.
Timestamp instant_of(std::string_view zone, Date day, int minute = 0);

/// The last second of `day` in `zone` (23:59:59 local): when a deadline of that day runs out.
Timestamp end_of_day(std::string_view zone, Date day);

/// "2026-07-07T10:00:00-03:00": the instant `t` on a wall clock in `zone`, with its offset
/// (RFC 3339, whole seconds).
std::string local_datetime(std::string_view zone, Timestamp t);

/// A change of a zone's UTC offset, or of its abbreviation or summer-time flag.
struct Transition {
    Timestamp at{};            ///< the instant of the change
    int offset_before = 0;     ///< minutes east of UTC before `at`
    int offset_after = 0;      ///< minutes east of UTC from `at` on
    std::string name{};        ///< the abbreviation from `at` on ("-03", "-04")
    bool summer_time = false;  ///< true when the offset from `at` on is a daylight-saving one
};

/// The changes of `zone` with from < at <= to, in order.
std::vector<Transition> transitions(std::string_view zone, Timestamp from, Timestamp to);

/// The last change at or before `t` (what is in force at `t`); a Transition with at = t and equal
/// offsets when the database records none before it.
Transition in_force(std::string_view zone, Timestamp t);

/// The version of the tz database read ("2025b").
std::string database_version();

}  // namespace omilcrm::zones
