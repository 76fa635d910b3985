// iCalendar export: exact text, RFC 5545 line folding and escaping, CRLF, deterministic order,
// stable UIDs, local times in summer and winter with the tz database's VTIMEZONE, recurring
// events, validation.
#include <algorithm>
#include <chrono>
#include <random>

#include "helpers.hpp"
#include "omilcrm/ical.hpp"
#include "omilcrm/time_zone.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;
using omt::utc;

namespace {

/// Joins lines with CRLF, ending the last one too.
std::string crlf(std::initializer_list<std::string_view> lines) {
    std::string out;
    for (auto l : lines) {
        out += l;
        out += "\r\n";
    }
    return out;
}

/// The physical lines (without their CRLF).
std::vector<std::string> physical_lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto pos = text.find("\r\n", start);
        REQUIRE(pos != std::string::npos);
        out.push_back(text.substr(start, pos - start));
        start = pos + 2;
    }
    return out;
}

/// RFC 5545 3.1 unfolding: a CRLF followed by one space or tab is removed.
std::string unfold(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 2 < text.size() && text[i + 1] == '\n' &&
            (text[i + 2] == ' ' || text[i + 2] == '\t')) {
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

/// The unfolded content lines.
std::vector<std::string> content_lines(const std::string& text) { return physical_lines(unfold(text)); }

/// True when `s` is well-formed UTF-8 (complete sequences only).
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

ical::Event timed(std::string uid, Date d, int start, std::optional<int> end = std::nullopt) {
    ical::Event e;
    e.uid = std::move(uid);
    e.summary = "Reunión";
    e.date = d;
    e.start_minute = start;
    e.end_minute = end;
    return e;
}

ical::Event all_day(std::string uid, Date d) {
    ical::Event e;
    e.uid = std::move(uid);
    e.summary = "Vence compromiso";
    e.date = d;
    return e;
}

const Timestamp kStamp = utc(2026, 11, 23, 14, 12) + std::chrono::seconds{7} + std::chrono::microseconds{123456};

template <class F>
std::string field_of_zone(F&& f) {
    return capture<ValidationError>(std::forward<F>(f)).field();
}

}  // namespace

TEST_CASE("A tiny calendar is written exactly", "[ical]") {
    ical::Event visit;
    visit.uid = "0b7e6c1a-4f7e-4c1b-9d1e-2f1f0a9c8b7d@omilcrm";
    visit.summary = "Visita a Constructora Concón";
    visit.description = "Revisar vacantes";
    visit.location = "Santa Laura 567, Concón";
    visit.date = Date(2026, 11, 24);
    visit.start_minute = 10 * 60;
    visit.end_minute = 11 * 60 + 30;
    visit.categories = {"visita", "Concón"};
    visit.sequence = 2;

    ical::Event due = all_day("c0ffee00-0000-4000-8000-000000000007@omilcrm", Date(2026, 11, 24));

    const std::string text = ical::calendar({visit, due}, "OMIL Concón", kStamp);
    const std::string expected = crlf({
        "BEGIN:VCALENDAR",
        "PRODID:-//libomilcrm//omilcrm//ES",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:OMIL Concón",
        "X-WR-TIMEZONE:America/Santiago",
        // From the tz database: the change in force on the day before the first event (summer
        // time from 6 September 2026, at 24:00 on the Saturday), none more up to the day after.
        "BEGIN:VTIMEZONE",
        "TZID:America/Santiago",
        "BEGIN:DAYLIGHT",
        "DTSTART:20260906T000000",
        "TZOFFSETFROM:-0400",
        "TZOFFSETTO:-0300",
        "TZNAME:-03",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        // All-day events come first on their day.
        "BEGIN:VEVENT",
        "UID:c0ffee00-0000-4000-8000-000000000007@omilcrm",
        "DTSTAMP:20261123T141207Z",
        "SEQUENCE:0",
        "DTSTART;VALUE=DATE:20261124",
        "DTEND;VALUE=DATE:20261125",
        "SUMMARY:Vence compromiso",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:0b7e6c1a-4f7e-4c1b-9d1e-2f1f0a9c8b7d@omilcrm",
        "DTSTAMP:20261123T141207Z",
        "SEQUENCE:2",
        "DTSTART;TZID=America/Santiago:20261124T100000",
        "DTEND;TZID=America/Santiago:20261124T113000",
        "SUMMARY:Visita a Constructora Concón",
        "DESCRIPTION:Revisar vacantes",
        "LOCATION:Santa Laura 567\\, Concón",
        "CATEGORIES:visita,Concón",
        "END:VEVENT",
        "END:VCALENDAR",
    });
    CHECK(text == expected);
}

TEST_CASE("An empty calendar still has its header and time zone", "[ical]") {
    const std::string text = ical::calendar({}, "Vacío", kStamp);
    CHECK(text.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
    CHECK(contains(text, "END:VTIMEZONE\r\nEND:VCALENDAR\r\n"));
    CHECK_FALSE(contains(text, "VEVENT"));
}

TEST_CASE("Long lines are folded at 75 octets without breaking UTF-8", "[ical]") {
    const std::string base =
        "Reunión del clúster de logística y construcción en Concón: coordinación de "
        "vacantes y capacitación en grúa horquilla y señalética — camión € y más 🚚 ñandú "
        "áéíóú ÁÉÍÓÚ ñÑ üÜ — última revisión";
    // Shift the text one octet at a time so that fold points land inside 2-, 3- and 4-octet
    // characters at least once.
    int backed_up = 0;  // folds moved back to the start of a multi-octet character
    for (int pad = 0; pad < 8; ++pad) {
        ical::Event e = timed("fold@omilcrm", Date(2026, 3, 10), 9 * 60);
        e.summary = std::string(static_cast<std::size_t>(pad), 'x') + base + base;
        const std::string text = ical::calendar({e}, "Pliegue", kStamp);

        int continuation = 0;
        const auto physical = physical_lines(text);
        for (std::size_t i = 0; i < physical.size(); ++i) {
            const auto& line = physical[i];
            CHECK(line.size() <= 75);
            CHECK(valid_utf8(line));
            if (!line.empty() && line[0] == ' ') ++continuation;
            if (line.size() < 75 && i + 1 < physical.size() && physical[i + 1][0] == ' ') ++backed_up;
        }
        CHECK(continuation >= 4);

        const auto lines = content_lines(text);
        const auto it =
            std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("SUMMARY:", 0) == 0; });
        REQUIRE(it != lines.end());
        CHECK(*it == "SUMMARY:" + e.summary);  // no character needs escaping in the summary
    }
    CHECK(backed_up >= 8);
}

TEST_CASE("A line of exactly 75 octets is not folded, 76 is", "[ical]") {
    ical::Event e = timed("f@omilcrm", Date(2026, 3, 10), 9 * 60);
    e.summary = std::string(75 - 8, 'a');  // "SUMMARY:" is 8 octets
    CHECK(contains(ical::calendar({e}, "c", kStamp), "\r\nSUMMARY:" + e.summary + "\r\n"));
    e.summary += "b";
    CHECK(contains(ical::calendar({e}, "c", kStamp), "\r\nSUMMARY:" + std::string(67, 'a') + "\r\n b\r\n"));
}

TEST_CASE("TEXT values are escaped", "[ical]") {
    ical::Event e = timed("esc@omilcrm", Date(2026, 5, 4), 15 * 60, 16 * 60);
    e.summary = "Reunión; sala 2, piso 3";
    e.description = "Línea 1\nLínea 2\r\nLínea 3\rruta C:\\omil";
    e.location = "Av. Borgoño 21.650, Concón";
    e.categories = {"a,b", "c;d", "", "e\\f"};
    const std::string text = ical::calendar({e}, "Calendario; OMIL, Concón", kStamp);
    const auto lines = content_lines(text);
    auto has = [&](const std::string& l) { return std::find(lines.begin(), lines.end(), l) != lines.end(); };
    CHECK(has("SUMMARY:Reunión\\; sala 2\\, piso 3"));
    CHECK(has("DESCRIPTION:Línea 1\\nLínea 2\\nLínea 3\\nruta C:\\\\omil"));
    CHECK(has("LOCATION:Av. Borgoño 21.650\\, Concón"));
    CHECK(has("CATEGORIES:a\\,b,c\\;d,e\\\\f"));
    CHECK(has("X-WR-CALNAME:Calendario\\; OMIL\\, Concón"));
    // Other control characters are not allowed in TEXT and are dropped; TAB stays.
    e.summary = std::string("a\x01") + "b\tc\x7f";
    CHECK(contains(ical::calendar({e}, "c", kStamp), "\r\nSUMMARY:ab\tc\r\n"));
}

TEST_CASE("Every line ends in CRLF and there are no bare CR or LF", "[ical]") {
    ical::Event e = timed("crlf@omilcrm", Date(2026, 5, 4), 15 * 60, 16 * 60);
    e.description = std::string(300, 'x') + "\n" + std::string(100, 'y') + "\r\nz\r";
    const std::string text = ical::calendar({e, all_day("d@omilcrm", Date(2026, 5, 5))}, "c", kStamp);
    REQUIRE(text.size() >= 2);
    CHECK(text.substr(text.size() - 2) == "\r\n");
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') CHECK((i > 0 && text[i - 1] == '\r'));
        if (text[i] == '\r') CHECK((i + 1 < text.size() && text[i + 1] == '\n'));
    }
}

TEST_CASE("Output does not depend on the order of the events", "[ical]") {
    std::vector<ical::Event> events = {
        timed("b@omilcrm", Date(2026, 6, 1), 9 * 60, 10 * 60),
        timed("a@omilcrm", Date(2026, 6, 1), 9 * 60, 9 * 60 + 45),
        timed("c@omilcrm", Date(2026, 6, 1), 8 * 60),
        all_day("z@omilcrm", Date(2026, 6, 1)),
        all_day("y@omilcrm", Date(2026, 5, 31)),
        timed("d@omilcrm", Date(2026, 6, 2), 0, 1440),
    };
    const std::string first = ical::calendar(events, "Orden", kStamp);

    std::mt19937 rng(42);
    for (int i = 0; i < 20; ++i) {
        std::shuffle(events.begin(), events.end(), rng);
        CHECK(ical::calendar(events, "Orden", kStamp) == first);
    }

    // By date, then start time (all-day first), then uid.
    std::vector<std::string> uids;
    for (const auto& l : content_lines(first))
        if (l.rfind("UID:", 0) == 0) uids.push_back(l.substr(4));
    CHECK(uids ==
          std::vector<std::string>{"y@omilcrm", "z@omilcrm", "c@omilcrm", "a@omilcrm", "b@omilcrm", "d@omilcrm"});
    // An event ending at 1440 ends at midnight of the next day.
    CHECK(contains(first,
                   "DTSTART;TZID=America/Santiago:20260602T000000\r\n"
                   "DTEND;TZID=America/Santiago:20260603T000000\r\n"));
    // A timed event without an end has no DTEND.
    CHECK(contains(first, "DTSTART;TZID=America/Santiago:20260601T080000\r\nSUMMARY:"));
}

TEST_CASE("UIDs are the records' own, the same on every export", "[ical]") {
    ical::Event e = timed("5d1f2c3b-aaaa-4bbb-8ccc-123456789abc@omilcrm", Date(2026, 8, 3), 11 * 60, 12 * 60);
    const std::string monday = ical::calendar({e}, "c", utc(2026, 8, 3, 12));
    e.summary = "Visita reprogramada";
    e.end_minute = 12 * 60 + 30;
    e.sequence = 1;
    const std::string tuesday =
        ical::calendar({all_day("other@omilcrm", Date(2026, 8, 1)), e}, "c", utc(2026, 8, 4, 12));
    const std::string uid_line = "\r\nUID:5d1f2c3b-aaaa-4bbb-8ccc-123456789abc@omilcrm\r\n";
    CHECK(contains(monday, uid_line));
    CHECK(contains(tuesday, uid_line));
    CHECK(contains(monday, "\r\nSEQUENCE:0\r\n"));
    CHECK(contains(tuesday, "\r\nSEQUENCE:1\r\n"));
    CHECK(contains(monday, "\r\nDTSTAMP:20260803T120000Z\r\n"));
    CHECK(contains(tuesday, "\r\nDTSTAMP:20260804T120000Z\r\n"));

    // Same input, different stamp: only the DTSTAMP lines differ.
    const std::string later = ical::calendar({e}, "c", utc(2027, 1, 1));
    const std::string again = ical::calendar({e}, "c", utc(2026, 8, 4, 12));
    auto a = physical_lines(later), b = physical_lines(again);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].rfind("DTSTAMP:", 0) != 0) CHECK(a[i] == b[i]);
}

TEST_CASE("10:00 in summer and in winter are written as Santiago local times", "[ical]") {
    const std::string text = ical::calendar({timed("jan@omilcrm", Date(2026, 1, 15), 10 * 60, 11 * 60),
                                             timed("jul@omilcrm", Date(2026, 7, 15), 10 * 60, 11 * 60)},
                                            "Estaciones", kStamp);
    CHECK(contains(text,
                   "DTSTART;TZID=America/Santiago:20260115T100000\r\n"
                   "DTEND;TZID=America/Santiago:20260115T110000\r\n"));
    CHECK(contains(text,
                   "DTSTART;TZID=America/Santiago:20260715T100000\r\n"
                   "DTEND;TZID=America/Santiago:20260715T110000\r\n"));
    CHECK_FALSE(contains(text, "T130000Z"));  // never converted to UTC by hand
    // The VTIMEZONE carries the changes between the events, from the tz database: -0400 from
    // 5 April 2026 (24:00 -03 is 23:00 -04 on the Saturday), -0300 from 6 September.
    CHECK(contains(text,
                   "BEGIN:STANDARD\r\nDTSTART:20260405T000000\r\nTZOFFSETFROM:-0300\r\nTZOFFSETTO:-0400\r\n"
                   "TZNAME:-04\r\nEND:STANDARD\r\n"));
    // And the library agrees: 10:00 local is 13:00Z on 15 January, 14:00Z on 15 July.
    CHECK(zones::utc_offset_minutes("America/Santiago", utc(2026, 1, 15, 13)) == -180);
    CHECK(zones::utc_offset_minutes("America/Santiago", utc(2026, 7, 15, 14)) == -240);
}

namespace {
/// The VTIMEZONE's observances as (DTSTART, TZOFFSETFROM, TZOFFSETTO).
std::vector<std::tuple<std::string, std::string, std::string>> observances(const std::string& text) {
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    std::string start, from;
    for (const auto& l : content_lines(text)) {
        if (l.rfind("DTSTART:", 0) == 0) start = l.substr(8);
        if (l.rfind("TZOFFSETFROM:", 0) == 0) from = l.substr(13);
        if (l.rfind("TZOFFSETTO:", 0) == 0) out.emplace_back(start, from, l.substr(11));
    }
    return out;
}
}  // namespace

TEST_CASE("The VTIMEZONE is the tz database's, for the zone and the span of the calendar", "[ical]") {
    // Punta Arenas has kept -03 all year since December 2016: one observance, and the visit at
    // 10:00 on 7 July 2026 is 13:00Z (the hand-written Santiago rule made it 14:00Z, 11:00 there).
    const auto visit = timed("pa@omilcrm", Date(2026, 7, 7), 10 * 60, 11 * 60);
    const std::string pa = ical::calendar({visit}, "OMIL Punta Arenas", kStamp, "America/Punta_Arenas");
    CHECK(contains(pa, "\r\nX-WR-TIMEZONE:America/Punta_Arenas\r\n"));
    CHECK(contains(pa, "\r\nTZID:America/Punta_Arenas\r\n"));
    CHECK(contains(pa, "\r\nDTSTART;TZID=America/Punta_Arenas:20260707T100000\r\n"));
    CHECK(observances(pa) ==
          std::vector<std::tuple<std::string, std::string, std::string>>{{"20161204T000000", "-0300", "-0300"}});
    CHECK_FALSE(contains(pa, "DAYLIGHT"));
    CHECK(zones::instant_of("America/Punta_Arenas", Date(2026, 7, 7), 10 * 60) == utc(2026, 7, 7, 13));

    // Isla de Pascua: -06 in winter, -05 in summer, changing at 22:00 on Saturdays.
    const std::string easter = ical::calendar(
        {timed("a@omilcrm", Date(2026, 3, 1), 600, 660), timed("b@omilcrm", Date(2026, 10, 1), 600, 660)},
        "OMIL Isla de Pascua", kStamp, "Pacific/Easter");
    CHECK(observances(easter) ==
          std::vector<std::tuple<std::string, std::string, std::string>>{{"20250906T220000", "-0600", "-0500"},
                                                                         {"20260404T220000", "-0500", "-0600"},
                                                                         {"20260905T220000", "-0600", "-0500"}});
    // Every observance is a change the tz database records at that instant.
    for (const auto& t : zones::transitions("Pacific/Easter", utc(2026, 2, 28), utc(2026, 10, 3))) {
        CHECK(zones::utc_offset_minutes("Pacific/Easter", t.at - std::chrono::seconds{1}) == t.offset_before);
        CHECK(zones::utc_offset_minutes("Pacific/Easter", t.at) == t.offset_after);
    }
    CHECK(field_of_zone([] { ical::calendar({}, "c", kStamp, "America/Concon"); }) == "time_zone");
}

TEST_CASE("A recurring event is one VEVENT with its RRULE and EXDATEs", "[ical]") {
    ical::Event meeting = all_day("park@omilcrm", Date(2026, 12, 1));  // first Tuesday of December
    meeting.summary = "Reunión Parque";
    meeting.repeats = Recurrence::weekly(Weekday::Tue);
    meeting.except = {Date(2026, 12, 8), Date(2027, 1, 5), Date(2026, 12, 8)};
    meeting.sequence = 3;
    const std::string text = ical::calendar({meeting}, "c", kStamp);
    CHECK(contains(text,
                   "SEQUENCE:3\r\nDTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n"
                   "RRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;VALUE=DATE:20261208,20270105\r\n"));
    CHECK(ical::rrule(Recurrence::monthly(1, Weekday::Thu)) == "FREQ=MONTHLY;BYDAY=1TH");
    CHECK(ical::rrule(Recurrence::monthly(-1, Weekday::Fri)) == "FREQ=MONTHLY;BYDAY=-1FR");
    CHECK(ical::rrule(Recurrence::weekly(Weekday::Wed, 2, Date(2026, 1, 5))) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE");

    // A timed one: EXDATE at the meeting's time, in the zone.
    ical::Event timed_meeting = timed("t@omilcrm", Date(2026, 12, 3), 9 * 60, 10 * 60);
    timed_meeting.repeats = Recurrence::monthly(1, Weekday::Thu);
    timed_meeting.except = {Date(2027, 1, 7)};
    CHECK(contains(ical::calendar({timed_meeting}, "c", kStamp, "America/Punta_Arenas"),
                   "\r\nRRULE:FREQ=MONTHLY;BYDAY=1TH\r\nEXDATE;TZID=America/Punta_Arenas:20270107T090000\r\n"));

    // The date must be an occurrence, and so must each exception; exceptions need a rule.
    ical::Event bad = meeting;
    bad.date = Date(2026, 12, 2);
    bad.except.clear();
    CHECK(field_of_zone([&] { ical::calendar({bad}, "c", kStamp); }) == "repeats");
    bad = meeting;
    bad.except = {Date(2026, 12, 9)};
    CHECK(field_of_zone([&] { ical::calendar({bad}, "c", kStamp); }) == "except");
    bad.except = {Date(2026, 11, 24)};  // a Tuesday before the first meeting
    CHECK(field_of_zone([&] { ical::calendar({bad}, "c", kStamp); }) == "except");
    bad = all_day("x@omilcrm", Date(2026, 12, 1));
    bad.except = {Date(2026, 12, 8)};
    CHECK(field_of_zone([&] { ical::calendar({bad}, "c", kStamp); }) == "except");
}

TEST_CASE("Invalid events are refused naming the field", "[ical]") {
    auto field_of = [](ical::Event e) {
        return capture<ValidationError>([&] { ical::calendar({e}, "c", kStamp); }).field();
    };
    const Date d(2026, 4, 1);
    CHECK(field_of(timed("", d, 600)) == "uid");

    ical::Event end_only = all_day("e@omilcrm", d);
    end_only.end_minute = 600;
    CHECK(field_of(end_only) == "end_minute");

    CHECK(field_of(timed("e@omilcrm", d, 600, 600)) == "end_minute");
    CHECK(field_of(timed("e@omilcrm", d, 600, 540)) == "end_minute");
    CHECK(field_of(timed("e@omilcrm", d, -1)) == "start_minute");
    CHECK(field_of(timed("e@omilcrm", d, 1441)) == "start_minute");
    CHECK(field_of(timed("e@omilcrm", d, 1440)) == "start_minute");  // that is the next day
    CHECK(field_of(timed("e@omilcrm", d, 600, 1441)) == "end_minute");
    CHECK(field_of(timed("e@omilcrm", d, 600, -5)) == "end_minute");

    ical::Event negative = timed("e@omilcrm", d, 600);
    negative.sequence = -1;
    CHECK(field_of(negative) == "sequence");

    ical::Event bad_utf8 = timed("e@omilcrm", d, 600);
    bad_utf8.summary = "Conc\xC3";  // truncated "ó"
    CHECK(field_of(bad_utf8) == "summary");

    const auto dup = capture<ValidationError>([&] {
        ical::calendar({timed("same@omilcrm", d, 600), all_day("same@omilcrm", d.add_days(1))}, "c", kStamp);
    });
    CHECK(dup.field() == "uid");
    CHECK(dup.value() == "same@omilcrm");

    // Valid boundaries.
    CHECK_NOTHROW(ical::calendar({timed("e@omilcrm", d, 0, 1440)}, "c", kStamp));
    CHECK_NOTHROW(ical::calendar({timed("e@omilcrm", d, 1439)}, "c", kStamp));
}
