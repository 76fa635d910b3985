#include "omilcrm/ical.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <tuple>

#include "omilcrm/error.hpp"

namespace omilcrm::ical {

namespace chr = std::chrono;

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxLineOctets = 75;
constexpr std::string_view kTzid = "America/Santiago";

// The VTIMEZONE for America/Santiago as libomilcrm models it (see detail::santiago_utc_offset_minutes):
// UTC-4 from the first Sunday on or after 2 April, UTC-3 from the first Sunday on or after
// 2 September, both changing at local midnight. "Sunday on or after the 2nd" is BYDAY=SU with
// BYMONTHDAY=2..8. DTSTART is the first occurrence (1970-04-05 and 1970-09-06 were Sundays),
// given in the local time in force before the change (TZOFFSETFROM), as RFC 5545 requires.
constexpr std::string_view kVtimezone =
    "BEGIN:VTIMEZONE\r\n"
    "TZID:America/Santiago\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:-0300\r\n"
    "TZOFFSETTO:-0400\r\n"
    "TZNAME:-04\r\n"
    "DTSTART:19700405T000000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU\r\n"
    "END:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:-0400\r\n"
    "TZOFFSETTO:-0300\r\n"
    "TZNAME:-03\r\n"
    "DTSTART:19700906T000000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=2,3,4,5,6,7,8;BYDAY=SU\r\n"
    "END:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n";

/// Length of the well-formed UTF-8 sequence starting at s[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) {
        n = 3;
        lo = 0xA0;
    } else if (c >= 0xE1 && c <= 0xEC) n = 3;
    else if (c == 0xED) {
        n = 3;
        hi = 0x9F;
    }  // no surrogates
    else if (c >= 0xEE && c <= 0xEF)
        n = 3;
    else if (c == 0xF0) {
        n = 4;
        lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else if (c == 0xF4) {
        n = 4;
        hi = 0x8F;
    } else return 0;
    if (i + n > s.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
    return n;
}

void check_utf8(std::string_view s, std::string_view field) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_length(s, i);
        if (n == 0) throw ValidationError(std::string(field), std::string(s), "is not valid UTF-8");
        i += n;
    }
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, any line break (CRLF,
/// CR or LF) written as \n, other control characters (not allowed in TEXT) dropped; TAB kept.
std::string escape_text(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case ';':
                out += "\\;";
                break;
            case ',':
                out += "\\,";
                break;
            case '\r':
                if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
                out += "\\n";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += c;
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) break;
                out += c;
        }
    }
    return out;
}

/// Appends one content line, folded at 75 octets (continuation lines start with a space, which
/// counts), never inside a UTF-8 character, each physical line ended by CRLF.
void put_line(std::string& out, std::string_view line) {
    std::size_t limit = kMaxLineOctets;
    bool first = true;
    while (true) {
        if (!first) out += ' ';
        if (line.size() <= limit) {
            out += line;
            out += kCrlf;
            return;
        }
        std::size_t cut = limit;
        // Back up to the start of a UTF-8 character (continuation bytes are 10xxxxxx).
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        out += line.substr(0, cut);
        out += kCrlf;
        line.remove_prefix(cut);
        first = false;
        limit = kMaxLineOctets - 1;
    }
}

void put(std::string& out, std::string_view name, std::string_view value) {
    std::string line;
    line.reserve(name.size() + 1 + value.size());
    line += name;
    line += ':';
    line += value;
    put_line(out, line);
}

std::string date_value(Date d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", d.year(), d.month(), d.day());
    return buf;
}

/// Local date-time "YYYYMMDDTHHMMSS" for `minute` minutes after midnight of `d` (1440 = next day).
std::string local_value(Date d, int minute) {
    const Date day = d.add_days(minute / 1440);
    minute %= 1440;
    char buf[32];
    std::snprintf(buf, sizeof buf, "T%02d%02d00", minute / 60, minute % 60);
    return date_value(day) + buf;
}

std::string utc_value(Timestamp t) {
    const auto secs = chr::floor<chr::seconds>(t);
    const auto days = chr::floor<chr::days>(secs);
    const chr::year_month_day ymd{days};
    const chr::hh_mm_ss hms{secs - days};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

void validate(const Event& e) {
    if (e.uid.empty()) throw ValidationError("uid", "", "is required");
    check_utf8(e.uid, "uid");
    check_utf8(e.summary, "summary");
    check_utf8(e.description, "description");
    check_utf8(e.location, "location");
    for (const auto& c : e.categories) check_utf8(c, "categories");
    if (e.sequence < 0) throw ValidationError("sequence", std::to_string(e.sequence), "must not be negative");
    if (e.start_minute) {
        const int s = *e.start_minute;
        if (s < 0 || s > 1440)
            throw ValidationError("start_minute", std::to_string(s), "must be minutes after midnight, 0..1440");
        if (s == 1440)
            throw ValidationError("start_minute", std::to_string(s),
                                  "1440 is midnight of the next day; use that date and 0");
    }
    if (e.end_minute) {
        const int m = *e.end_minute;
        if (m < 0 || m > 1440)
            throw ValidationError("end_minute", std::to_string(m), "must be minutes after midnight, 0..1440");
        if (!e.start_minute)
            throw ValidationError("end_minute", std::to_string(m),
                                  "needs start_minute (an all-day event has no end time)");
        if (m <= *e.start_minute)
            throw ValidationError("end_minute", std::to_string(m),
                                  "must be after start_minute " + std::to_string(*e.start_minute));
    }
}

void put_event(std::string& out, const Event& e, const std::string& stamp) {
    put_line(out, "BEGIN:VEVENT");
    put(out, "UID", escape_text(e.uid));
    put(out, "DTSTAMP", stamp);
    put(out, "SEQUENCE", std::to_string(e.sequence));
    if (e.start_minute) {
        const std::string tz = std::string(";TZID=") + std::string(kTzid);
        put(out, "DTSTART" + tz, local_value(e.date, *e.start_minute));
        if (e.end_minute) put(out, "DTEND" + tz, local_value(e.date, *e.end_minute));
    } else {
        put(out, "DTSTART;VALUE=DATE", date_value(e.date));
        put(out, "DTEND;VALUE=DATE", date_value(e.date.add_days(1)));
    }
    put(out, "SUMMARY", escape_text(e.summary));
    if (!e.description.empty()) put(out, "DESCRIPTION", escape_text(e.description));
    if (!e.location.empty()) put(out, "LOCATION", escape_text(e.location));
    std::string cats;
    for (const auto& c : e.categories) {
        if (c.empty()) continue;
        if (!cats.empty()) cats += ',';
        cats += escape_text(c);
    }
    if (!cats.empty()) put(out, "CATEGORIES", cats);
    put_line(out, "END:VEVENT");
}

}  // namespace

std::string calendar(const std::vector<Event>& events, std::string_view name, Timestamp stamp) {
    check_utf8(name, "name");
    std::set<std::string_view> uids;
    for (const auto& e : events) {
        validate(e);
        if (!uids.insert(e.uid).second) throw ValidationError("uid", e.uid, "appears on more than one event");
    }

    // UIDs are unique, so (date, start, uid) is a total order: the text does not depend on the
    // order of `events`. All-day events come before timed ones on the same day.
    std::vector<const Event*> sorted;
    sorted.reserve(events.size());
    for (const auto& e : events) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(), [](const Event* a, const Event* b) {
        return std::tuple(a->date, a->start_minute.value_or(-1), std::string_view(a->uid)) <
               std::tuple(b->date, b->start_minute.value_or(-1), std::string_view(b->uid));
    });

    const std::string dtstamp = utc_value(stamp);
    std::string out;
    out.reserve(1024 + events.size() * 400);
    put_line(out, "BEGIN:VCALENDAR");
    put_line(out, "PRODID:-//libomilcrm//omilcrm//ES");
    put_line(out, "VERSION:2.0");
    put_line(out, "CALSCALE:GREGORIAN");
    put(out, "X-WR-CALNAME", escape_text(name));
    put(out, "X-WR-TIMEZONE", kTzid);
    out += kVtimezone;
    for (const Event* e : sorted) put_event(out, *e, dtstamp);
    put_line(out, "END:VCALENDAR");
    return out;
}

}  // namespace omilcrm::ical
