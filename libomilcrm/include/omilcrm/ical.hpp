#pragma once
// iCalendar (RFC 5545) export of the office calendar: planned visits, cluster meetings and
// commitment due dates, so staff can subscribe from any calendar application.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"

namespace omilcrm::ical {

/// One calendar entry. Times are local times in America/Santiago.
struct Event {
    /// Stable: the same record gives the same UID on every export, e.g. "<record uuid>@omilcrm".
    /// Required, and unique within one calendar.
    std::string uid{};
    std::string summary{};
    std::string description{};  // omitted when empty
    std::string location{};     // omitted when empty
    Date date{};
    /// Local time in America/Santiago, minutes after midnight (0..1439); none = all-day event.
    std::optional<int> start_minute{};
    /// With start_minute; must be after it (at most 1440 = midnight at the end of `date`).
    /// None on a timed event = no DTEND (an instant, as RFC 5545 allows).
    std::optional<int> end_minute{};
    std::vector<std::string> categories{};  // empty entries are skipped
    int sequence = 0;                       // bump when an event changes; never negative
};

/// A whole VCALENDAR with PRODID "-//libomilcrm//omilcrm//ES", VERSION 2.0, CALSCALE GREGORIAN,
/// X-WR-CALNAME = name, X-WR-TIMEZONE America/Santiago, one VTIMEZONE for America/Santiago
/// (STANDARD -0400 from the first Sunday on or after 2 April, DAYLIGHT -0300 from the first
/// Sunday on or after 2 September, both at local midnight) and a VEVENT per event: timed events
/// use DTSTART;TZID=America/Santiago:YYYYMMDDTHHMMSS and DTEND likewise; all-day events use
/// DTSTART;VALUE=DATE and DTEND;VALUE=DATE (next day). DTSTAMP is `stamp` in UTC (...Z).
///
/// RFC 5545 throughout: CRLF line endings, lines folded at 75 octets without splitting a UTF-8
/// character, TEXT values escaped, events ordered by date, start time (all-day first), uid —
/// the same events in any order give the same text.
///
/// Throws ValidationError naming the field ("uid", "start_minute", "end_minute", "sequence",
/// or the text field with invalid UTF-8) when an event is not valid; nothing is written.
std::string calendar(const std::vector<Event>& events, std::string_view name, Timestamp stamp);

}  // namespace omilcrm::ical
