#include "omilcrm/ical.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <set>
#include <tuple>

#include "omilcrm/error.hpp"
#include "omilcrm/time_zone.hpp"

namespace omilcrm::ical {

namespace chr = std::chrono;

namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxLineOctets = 75;
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

constexpr std::array<std::string_view, 7> kDays = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

/// "-0300" for an offset of -180 minutes.
std::string offset_value(int minutes) {
    char buf[16];
    const int m = std::abs(minutes);
    std::snprintf(buf, sizeof buf, "%c%02d%02d", minutes < 0 ? '-' : '+', m / 60, m % 60);
    return buf;
}

/// Local date-time "YYYYMMDDTHHMMSS" of an instant on a clock `offset` minutes east of UTC.
std::string wall_value(Timestamp t, int offset) {
    const auto local = chr::floor<chr::seconds>(t) + chr::minutes{offset};
    const auto days = chr::floor<chr::days>(local);
    const chr::hh_mm_ss hms{local - days};
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d%02d%02d", static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return date_value(Date::from_days(days.time_since_epoch().count())) + buf;
}

void put_observance(std::string& out, const zones::Transition& t) {
    const std::string_view kind = t.summer_time ? "DAYLIGHT" : "STANDARD";
    put_line(out, "BEGIN:" + std::string(kind));
    // DTSTART is the local time of the change on the clock before it (RFC 5545 3.6.5).
    put(out, "DTSTART", wall_value(t.at, t.offset_before));
    put(out, "TZOFFSETFROM", offset_value(t.offset_before));
    put(out, "TZOFFSETTO", offset_value(t.offset_after));
    if (!t.name.empty()) put(out, "TZNAME", escape_text(t.name));
    put_line(out, "END:" + std::string(kind));
}

/// The zone's VTIMEZONE from the tz database: the change in force at `from`, then every change
/// up to `to`.
void put_vtimezone(std::string& out, std::string_view zone, Timestamp from, Timestamp to) {
    put_line(out, "BEGIN:VTIMEZONE");
    put(out, "TZID", zone);
    put_observance(out, zones::in_force(zone, from));
    for (const auto& t : zones::transitions(zone, from, to)) put_observance(out, t);
    put_line(out, "END:VTIMEZONE");
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
    if (e.repeats && e.repeats->next(e.date) != e.date)
        throw ValidationError(
            "repeats", e.repeats->str(),
            "the event's date " + e.date.iso() + " must be an occurrence (" + e.repeats->describe() + ")");
    for (const Date d : e.except) {
        if (!e.repeats)
            throw ValidationError("except", d.iso(), "needs repeats (only a recurring event has exceptions)");
        if (d < e.date || e.repeats->next(d) != d)
            throw ValidationError("except", d.iso(),
                                  "is not an occurrence of the event (" + e.repeats->describe() + ")");
    }
}

void put_event(std::string& out, const Event& e, const std::string& stamp, std::string_view zone) {
    put_line(out, "BEGIN:VEVENT");
    put(out, "UID", escape_text(e.uid));
    put(out, "DTSTAMP", stamp);
    put(out, "SEQUENCE", std::to_string(e.sequence));
    const std::string tz = std::string(";TZID=") + std::string(zone);
    if (e.start_minute) {
        put(out, "DTSTART" + tz, local_value(e.date, *e.start_minute));
        if (e.end_minute) put(out, "DTEND" + tz, local_value(e.date, *e.end_minute));
    } else {
        put(out, "DTSTART;VALUE=DATE", date_value(e.date));
        put(out, "DTEND;VALUE=DATE", date_value(e.date.add_days(1)));
    }
    if (e.repeats) {
        put(out, "RRULE", rrule(*e.repeats));
        std::vector<Date> except = e.except;
        std::sort(except.begin(), except.end());
        except.erase(std::unique(except.begin(), except.end()), except.end());
        std::string dates;
        for (const Date d : except) {
            if (!dates.empty()) dates += ',';
            dates += e.start_minute ? local_value(d, *e.start_minute) : date_value(d);
        }
        if (!dates.empty()) put(out, e.start_minute ? "EXDATE" + tz : std::string("EXDATE;VALUE=DATE"), dates);
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

std::string rrule(const Recurrence& r) {
    const std::string_view day = kDays[static_cast<std::size_t>(r.weekday())];
    if (r.kind() == Recurrence::Kind::Monthly)
        return "FREQ=MONTHLY;BYDAY=" + std::to_string(r.week()) + std::string(day);
    std::string out = "FREQ=WEEKLY";
    if (r.interval() > 1) out += ";INTERVAL=" + std::to_string(r.interval());
    return out + ";BYDAY=" + std::string(day);
}

std::string calendar(const std::vector<Event>& events, std::string_view name, Timestamp stamp) {
    return calendar(events, name, stamp, zones::mainland);
}

std::string calendar(const std::vector<Event>& events, std::string_view name, Timestamp stamp, std::string_view zone) {
    check_utf8(name, "name");
    if (!zones::known(zone))
        throw ValidationError("time_zone", std::string(zone),
                              "is not a zone of the tz database (e.g. America/Santiago)");
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
    put(out, "X-WR-TIMEZONE", zone);
    // The zone's changes over the days the events span (a day more on each side, for any offset).
    Date first = sorted.empty() ? zones::local_day(zone, stamp) : sorted.front()->date;
    Date last = first;
    for (const Event* e : sorted) {
        last = std::max(last, e->date);
        for (const Date d : e->except) last = std::max(last, d);
    }
    put_vtimezone(out, zone, Timestamp{chr::days{first.add_days(-1).days()}},
                  Timestamp{chr::days{last.add_days(2).days()}});
    for (const Event* e : sorted) put_event(out, *e, dtstamp, zone);
    put_line(out, "END:VCALENDAR");
    return out;
}

}  // namespace omilcrm::ical
