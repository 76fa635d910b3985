// Date: calendar arithmetic, parsing, weekdays; Clock: "today" in America/Santiago.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;
using omt::utc;

TEST_CASE("Date accepts 29 February only in leap years", "[date]") {
    CHECK(Date(2024, 2, 29).iso() == "2024-02-29");
    CHECK(Date(2000, 2, 29).iso() == "2000-02-29");  // divisible by 400: leap
    CHECK_THROWS_AS(Date(2026, 2, 29), ValidationError);
    CHECK_THROWS_AS(Date(2100, 2, 29), ValidationError);  // divisible by 100, not 400
    CHECK_THROWS_AS(Date(2026, 4, 31), ValidationError);
    CHECK_THROWS_AS(Date(2026, 13, 1), ValidationError);
    CHECK_THROWS_AS(Date(2026, 0, 1), ValidationError);
    CHECK_THROWS_AS(Date(2026, 1, 0), ValidationError);

    const auto e = capture<ValidationError>([] { Date(2026, 2, 29); });
    CHECK(e.field() == "date");
    CHECK(e.value() == "2026-02-29");

    CHECK(days_in_month(2024, 2) == 29u);
    CHECK(days_in_month(2026, 2) == 28u);
    CHECK(days_in_month(2100, 2) == 28u);
    CHECK(days_in_month(2000, 2) == 29u);
    CHECK(days_in_month(2026, 4) == 30u);
    CHECK(days_in_month(2026, 12) == 31u);
}

TEST_CASE("Date fields, days since 1970 and ISO text", "[date]") {
    const Date d(2026, 11, 23);
    CHECK(d.year() == 2026);
    CHECK(d.month() == 11u);
    CHECK(d.day() == 23u);
    CHECK(d.iso() == "2026-11-23");
    CHECK(Date(1970, 1, 1).days() == 0);
    CHECK(Date(1970, 1, 2).days() == 1);
    CHECK(Date(1969, 12, 31).days() == -1);
    // 2026-01-01: 56 years after 1970 with 14 leap days (1972..2024) = 56*365 + 14 = 20454.
    CHECK(Date(2026, 1, 1).days() == 20454);
    CHECK(Date::from_days(20454) == Date(2026, 1, 1));
    CHECK(Date(2026, 3, 1) - Date(2026, 2, 1) == 28);
    CHECK(Date(2024, 3, 1) - Date(2024, 2, 1) == 29);
    CHECK(Date(2026, 12, 31).add_days(1) == Date(2027, 1, 1));
    CHECK(Date(2024, 3, 1).add_days(-1) == Date(2024, 2, 29));
    CHECK(Date(2026, 1, 1) < Date(2026, 1, 2));
}

TEST_CASE("Date weekdays", "[date]") {
    CHECK(Date(2026, 11, 23).weekday() == Weekday::Mon);
    CHECK(Date(2026, 11, 29).weekday() == Weekday::Sun);
    CHECK(Date(2026, 1, 1).weekday() == Weekday::Thu);
    CHECK(Date(1970, 1, 1).weekday() == Weekday::Thu);
    CHECK(Date(1969, 12, 31).weekday() == Weekday::Wed);  // before the epoch
    CHECK(Date(1969, 12, 29).weekday() == Weekday::Mon);
    CHECK(Date(2024, 2, 29).weekday() == Weekday::Thu);
    CHECK(to_string(Weekday::Mon) == "mon");
    CHECK(to_string(Weekday::Sun) == "sun");
}

TEST_CASE("parse_weekday understands English and Spanish, any case, with accents", "[date]") {
    CHECK(parse_weekday("mon") == Weekday::Mon);
    CHECK(parse_weekday("Monday") == Weekday::Mon);
    CHECK(parse_weekday("LUN") == Weekday::Mon);
    CHECK(parse_weekday("lunes") == Weekday::Mon);
    CHECK(parse_weekday("Miércoles") == Weekday::Wed);
    CHECK(parse_weekday("mie") == Weekday::Wed);
    CHECK(parse_weekday("jueves") == Weekday::Thu);
    CHECK(parse_weekday("vie") == Weekday::Fri);
    CHECK(parse_weekday("Sábado") == Weekday::Sat);
    CHECK(parse_weekday("dom") == Weekday::Sun);
    const auto e = capture<ValidationError>([] { parse_weekday("funday", "meets"); });
    CHECK(e.field() == "meets");
    CHECK(contains(e.what(), "funday"));
}

TEST_CASE("Date::add_months keeps the day and clamps to the month's end", "[date]") {
    CHECK(Date(2026, 1, 31).add_months(1) == Date(2026, 2, 28));
    CHECK(Date(2024, 1, 31).add_months(1) == Date(2024, 2, 29));
    CHECK(Date(2026, 3, 31).add_months(1) == Date(2026, 4, 30));
    CHECK(Date(2026, 3, 31).add_months(-1) == Date(2026, 2, 28));
    CHECK(Date(2026, 1, 15).add_months(-1) == Date(2025, 12, 15));
    CHECK(Date(2026, 11, 30).add_months(3) == Date(2027, 2, 28));
    CHECK(Date(2026, 11, 23).add_months(12) == Date(2027, 11, 23));
    CHECK(Date(2026, 11, 23).add_months(-13) == Date(2025, 10, 23));
    CHECK(Date(2026, 11, 23).add_months(-23) == Date(2024, 12, 23));
    CHECK(Date(2026, 11, 23).add_months(-24) == Date(2024, 11, 23));
    CHECK(Date(2024, 2, 29).add_months(12) == Date(2025, 2, 28));
    CHECK(Date(2026, 5, 10).add_months(0) == Date(2026, 5, 10));
}

TEST_CASE("Date::parse reads ISO dates and names the field in errors", "[date]") {
    CHECK(Date::parse("2026-11-23") == Date(2026, 11, 23));
    CHECK(Date::parse(" 2024-02-29 ") == Date(2024, 2, 29));
    CHECK(Date::parse(Date(2026, 7, 1).iso()) == Date(2026, 7, 1));

    const auto impossible = capture<ValidationError>([] { Date::parse("2026-02-29", "started"); });
    CHECK(impossible.field() == "started");
    CHECK(impossible.value() == "2026-02-29");
    CHECK(contains(impossible.what(), "started"));
    CHECK(contains(impossible.what(), "2026-02-29"));

    for (const char* bad : {"2026/11/23", "23-11-2026", "2026-11-3", "2026-1-23", "", "tomorrow", "2026-11-2x",
                            "2026-13-01", "2026-00-10", "2026-11-00", "0000-01-01"}) {
        INFO("text: \"" << bad << "\"");
        const auto e = capture<ValidationError>([&] { Date::parse(bad, "visit_date"); });
        CHECK(e.field() == "visit_date");
        CHECK(e.value() == bad);
    }
    CHECK(capture<ValidationError>([] { Date::parse("nope"); }).field() == "date");
}

TEST_CASE("to_iso writes UTC instants with microseconds", "[date]") {
    using namespace std::chrono;
    CHECK(to_iso(utc(2026, 11, 23, 14, 12) + seconds{22} + microseconds{123456}) == "2026-11-23T14:12:22.123456Z");
    CHECK(to_iso(utc(1970, 1, 1)) == "1970-01-01T00:00:00.000000Z");
}

TEST_CASE("Clock::today is the date in America/Santiago", "[date][clock]") {
    // November: summer time, UTC-3. 02:00Z on the 24th is 23:00 on the 23rd in Santiago.
    CHECK(FixedClock(utc(2026, 11, 24, 2, 0)).today() == Date(2026, 11, 23));
    CHECK(FixedClock(utc(2026, 11, 24, 2, 59)).today() == Date(2026, 11, 23));
    CHECK(FixedClock(utc(2026, 11, 24, 3, 0)).today() == Date(2026, 11, 24));
    // July: winter time, UTC-4. 03:30Z on 1 July is 23:30 on 30 June.
    CHECK(FixedClock(utc(2026, 7, 1, 3, 30)).today() == Date(2026, 6, 30));
    CHECK(FixedClock(utc(2026, 7, 1, 4, 0)).today() == Date(2026, 7, 1));
    // A FixedClock built from a date reports that date, whatever the season.
    CHECK(FixedClock(Date(2026, 11, 23)).today() == Date(2026, 11, 23));
    CHECK(FixedClock(Date(2026, 7, 1)).today() == Date(2026, 7, 1));
    CHECK(FixedClock(Date(2026, 1, 1)).today() == Date(2026, 1, 1));
}

TEST_CASE("Clock::today follows Chile's daylight-saving changes", "[date][clock]") {
    // Since 2019 the clocks change on the first Sunday on or after the 2nd (tzdata "Sun>=2"):
    // back at 03:00Z in April, forward at 04:00Z in September.
    // 2026: 5 April and 6 September.
    CHECK(FixedClock(utc(2026, 4, 5, 2, 30)).today() == Date(2026, 4, 4));  // 23:30 UTC-3
    CHECK(FixedClock(utc(2026, 4, 5, 3, 30)).today() == Date(2026, 4, 4));  // 23:30 UTC-4
    CHECK(FixedClock(utc(2026, 9, 6, 3, 30)).today() == Date(2026, 9, 5));  // 23:30 UTC-4
    CHECK(FixedClock(utc(2026, 9, 6, 4, 30)).today() == Date(2026, 9, 6));  // 01:30 UTC-3
    // 1 September 2024 was a Sunday: the change waited until Sunday 8 September, so late on
    // the 1st Santiago was still on UTC-4.
    CHECK(FixedClock(utc(2024, 9, 2, 3, 30)).today() == Date(2024, 9, 1));
    CHECK(FixedClock(utc(2024, 9, 8, 3, 30)).today() == Date(2024, 9, 7));
    CHECK(FixedClock(utc(2024, 9, 8, 4, 30)).today() == Date(2024, 9, 8));
    // 1 April 2029 is a Sunday: summer time lasts until Sunday 8 April.
    CHECK(FixedClock(utc(2029, 4, 1, 3, 30)).today() == Date(2029, 4, 1));  // 00:30 UTC-3
    CHECK(FixedClock(utc(2029, 4, 8, 3, 30)).today() == Date(2029, 4, 7));  // 23:30 UTC-4
}

TEST_CASE("FixedClock can be moved and the database reads today from it", "[date][clock]") {
    auto clock = std::make_shared<FixedClock>(utc(2026, 11, 24, 2, 0));
    auto db = Database::open(":memory:", {.clock = clock});
    CHECK(db.today() == Date(2026, 11, 23));
    clock->set(utc(2026, 11, 24, 3, 0));
    CHECK(db.today() == Date(2026, 11, 24));
    CHECK(db.clock().now() == utc(2026, 11, 24, 3, 0));
}
