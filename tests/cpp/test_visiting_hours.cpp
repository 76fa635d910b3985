// VisitingWindow: when a company receives visits.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {
constexpr std::uint8_t bit(Weekday d) { return static_cast<std::uint8_t>(1U << static_cast<int>(d)); }
}  // namespace

TEST_CASE("VisitingWindow parses weekday ranges and times", "[visiting_hours]") {
    const auto w = VisitingWindow::parse("mon-fri 09:00-12:00");
    CHECK(w.weekdays == 0b0011111);
    CHECK(w.start_minute == 9 * 60);
    CHECK(w.end_minute == 12 * 60);
    CHECK(w.open_on(Weekday::Mon));
    CHECK(w.open_on(Weekday::Fri));
    CHECK_FALSE(w.open_on(Weekday::Sat));
    CHECK_FALSE(w.open_on(Weekday::Sun));
    CHECK(w.str() == "mon-fri 09:00-12:00");

    const auto mw = VisitingWindow::parse("mon,wed 14:00-17:30");
    CHECK(mw.weekdays == (bit(Weekday::Mon) | bit(Weekday::Wed)));
    CHECK(mw.start_minute == 14 * 60);
    CHECK(mw.end_minute == 17 * 60 + 30);
    CHECK_FALSE(mw.open_on(Weekday::Tue));
    CHECK(mw.str() == "mon,wed 14:00-17:30");
}

TEST_CASE("VisitingWindow understands Spanish and short times, and writes them canonically", "[visiting_hours]") {
    const auto es = VisitingWindow::parse("lun-vie 9:00-13:00");
    CHECK(es == VisitingWindow::parse("mon-fri 09:00-13:00"));
    CHECK(es.start_minute == 540);
    CHECK(es.end_minute == 780);
    CHECK(es.str() == "mon-fri 09:00-13:00");

    const auto hours_only = VisitingWindow::parse("lun-vie 9-12");
    CHECK(hours_only.start_minute == 540);
    CHECK(hours_only.end_minute == 720);

    const auto sat = VisitingWindow::parse("  sáb 10:00 - 12:00 ");
    CHECK(sat.weekdays == bit(Weekday::Sat));
    CHECK(sat.str() == "sat 10:00-12:00");

    // 24:00 is allowed as an end.
    CHECK(VisitingWindow::parse("fri 20:00-24:00").end_minute == 24 * 60);
}

TEST_CASE("VisitingWindow str and parse round-trip", "[visiting_hours]") {
    for (const char* text : {"mon-fri 09:00-12:00", "mon,wed 14:00-17:30", "sat 10:00-12:00", "mon,tue 08:30-09:45",
                             "mon-wed,fri 09:00-18:00", "tue,thu,sat 07:00-08:00", "mon-sun 00:00-24:00"}) {
        INFO(text);
        const auto w = VisitingWindow::parse(text);
        CHECK(w.str() == text);
        CHECK(VisitingWindow::parse(w.str()) == w);
    }
}

TEST_CASE("VisitingWindow errors name the field and the text", "[visiting_hours]") {
    SECTION("end before start") {
        const auto e = capture<ValidationError>([] { VisitingWindow::parse("mon-fri 12:00-09:00"); });
        CHECK(e.field() == "visiting_hours");
        CHECK(e.value() == "mon-fri 12:00-09:00");
        CHECK(contains(e.what(), "mon-fri 12:00-09:00"));
        CHECK(contains(e.reason(), "end after it starts"));
        CHECK_THROWS_AS(VisitingWindow::parse("mon 09:00-09:00"), ValidationError);
    }
    SECTION("a backward weekday range") {
        const auto e = capture<ValidationError>([] { VisitingWindow::parse("fri-mon 09:00-12:00"); });
        CHECK(e.field() == "visiting_hours");
        CHECK(contains(e.what(), "fri-mon"));
        // The message says what is wrong: the range runs backward, not that a day is unknown.
        CHECK(contains(e.reason(), "forward"));
    }
    SECTION("impossible times") {
        for (const char* text : {"mon 25:00-26:00", "mon 09:00-25:00", "mon 09:60-10:00", "mon 24:30-24:45",
                                 "mon 9:0-10:00", "mon nine-ten", "mon -10:00"}) {
            INFO(text);
            const auto e = capture<ValidationError>([&] { VisitingWindow::parse(text, "hours"); });
            CHECK(e.field() == "hours");
            CHECK(e.value() == text);
        }
    }
    SECTION("missing or unknown parts") {
        for (const char* text : {"", "mon-fri", "09:00-12:00", "someday 09:00-12:00", "mon-fri 09:00"}) {
            INFO(text);
            CHECK_THROWS_AS(VisitingWindow::parse(text), ValidationError);
        }
        const auto e = capture<ValidationError>([] { VisitingWindow::parse("someday 09:00-12:00"); });
        CHECK(contains(e.what(), "someday"));
    }
}

TEST_CASE("Lists of visiting windows", "[visiting_hours]") {
    const auto all = parse_visiting_hours("mon-fri 14:00-17:00; sat 10:00-12:00;mon,wed 09:00-11:00");
    REQUIRE(all.size() == 3u);
    CHECK(to_string(all) == "mon-fri 14:00-17:00; sat 10:00-12:00; mon,wed 09:00-11:00");
    CHECK(parse_visiting_hours(to_string(all)) == all);
    CHECK(parse_visiting_hours("").empty());
    CHECK(parse_visiting_hours("  ;  ").empty());
    CHECK(to_string(std::vector<VisitingWindow>{}).empty());

    const auto monday = windows_on(all, Weekday::Mon);
    REQUIRE(monday.size() == 2u);
    CHECK(monday[0].start_minute == 9 * 60);  // in start order
    CHECK(monday[1].start_minute == 14 * 60);
    CHECK(windows_on(all, Weekday::Sat).size() == 1u);
    CHECK(windows_on(all, Weekday::Sun).empty());

    const auto e = capture<ValidationError>(
        [] { parse_visiting_hours("mon-fri 09:00-12:00; sat 13:00-12:00", "employer.visiting_hours"); });
    CHECK(e.field() == "employer.visiting_hours");
    CHECK(contains(e.what(), "sat 13:00-12:00"));
}
