#pragma once
// iCalendar (RFC 5545) export of the office calendar: planned visits, cluster meetings and
// commitment due dates, so staff can subscribe from any calendar application.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/recurrence.hpp"

namespace omilcrm::ical {

/// One calendar entry. Times are local times in the calendar's zone (America/Santiago unless
/// calendar() is given another).
struct Event {
    /// Stable: the same record gives the same UID on every export, e.g. "<record uuid>@omilcrm".
    /// Required, and unique within one calendar.
    std::string uid{};
    std::string summary{};
    std::string description{};  // omitted when empty
    std::string location{};     // omitted when empty
    Date date{};
    /// Local time in the calendar's zone, minutes after midnight (0..1439); none = all-day event.
    std::optional<int> start_minute{};
    /// With start_minute; must be after it (at most 1440 = midnight at the end of `date`).
    /// None on a timed event = no DTEND (an instant, as RFC 5545 allows).
    std::optional<int> end_minute{};
    std::vector<std::string> categories{};  // empty entries are skipped
    int sequence = 0;                       // bump when an event changes; never negative
    /// A recurring event: `date` is its first occurrence (it must be one: repeats->next(date) ==
    /// date), written as RRULE (FREQ=MONTHLY;BYDAY=1TH, FREQ=WEEKLY;INTERVAL=2;BYDAY=TU).
    std::optional<Recurrence> repeats{};
    /// Occurrences left out (EXDATE), e.g. public holidays; only with `repeats`, each an occurrence.
    std::vector<Date> except{};
};

/// The RRULE value of a recurrence: "FREQ=MONTHLY;BYDAY=1TH", "FREQ=MONTHLY;BYDAY=-1FR",
/// "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU".
std::string rrule(const Recurrence& r);

/// A whole VCALENDAR with PRODID "-//libomilcrm//omilcrm//ES", VERSION 2.0, CALSCALE GREGORIAN,
/// X-WR-CALNAME = name, X-WR-TIMEZONE America/Santiago, one VTIMEZONE for America/Santiago
/// written from the tz database (see the overload with a zone) and a VEVENT per event: timed
/// events use DTSTART;TZID=America/Santiago:YYYYMMDDTHHMMSS and DTEND likewise; all-day events
/// use DTSTART;VALUE=DATE and DTEND;VALUE=DATE (next day); a recurring event adds its RRULE and
/// EXDATE (VALUE=DATE for an all-day one). DTSTAMP is `stamp` in UTC (...Z).
///
/// RFC 5545 throughout: CRLF line endings, lines folded at 75 octets without splitting a UTF-8
/// character, TEXT values escaped, events ordered by date, start time (all-day first), uid —
/// the same events in any order give the same text.
///
/// Throws ValidationError naming the field ("uid", "start_minute", "end_minute", "sequence",
/// "repeats", "except", or the text field with invalid UTF-8) when an event is not valid;
/// nothing is written.
std::string calendar(const std::vector<Event>& events, std::string_view name, Timestamp stamp);

/// The same calendar in `zone`, a zone of the tz database ("America/Punta_Arenas"): X-WR-TIMEZONE
/// and TZID name it, and its VTIMEZONE is written from the tz database, one STANDARD or DAYLIGHT
/// per change of offset over the span of the events (from the change in force on the day before
/// the first to the day after the last), each with its DTSTART, TZOFFSETFROM, TZOFFSETTO and
/// TZNAME. ValidationError (field "time_zone") for a zone the tz database does not know.
std::string calendar(const std::vector<Event>& events, std::string_view name, Timestamp stamp, std::string_view zone);

}  // namespace omilcrm::ical
