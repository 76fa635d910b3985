// Recurrence: meeting rhythms of clusters.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("First Thursday of each month through 2026", "[recurrence]") {
    const auto r = Recurrence::monthly(1, Weekday::Thu);
    const auto dates = r.occurrences(Date(2026, 1, 1), Date(2026, 12, 31));
    // 2026-01-01 is itself a Thursday.
    const std::vector<Date> expected = {Date(2026, 1, 1), Date(2026, 2, 5),  Date(2026, 3, 5),  Date(2026, 4, 2),
                                        Date(2026, 5, 7), Date(2026, 6, 4),  Date(2026, 7, 2),  Date(2026, 8, 6),
                                        Date(2026, 9, 3), Date(2026, 10, 1), Date(2026, 11, 5), Date(2026, 12, 3)};
    CHECK(dates == expected);
    for (const Date& d : dates) CHECK(d.weekday() == Weekday::Thu);
    CHECK(r.kind() == Recurrence::Kind::Monthly);
    CHECK(r.week() == 1);
    CHECK(r.weekday() == Weekday::Thu);
    CHECK(r.describe() == "first Thursday of each month");
    CHECK(r.str() == "monthly week=1 weekday=thu");
}

TEST_CASE("Occurrences respect both ends of the range", "[recurrence]") {
    const auto r = Recurrence::monthly(1, Weekday::Thu);
    // From the day after a meeting to the day of one: both ends inclusive.
    CHECK(r.occurrences(Date(2026, 1, 2), Date(2026, 3, 5)) == std::vector<Date>{Date(2026, 2, 5), Date(2026, 3, 5)});
    CHECK(r.occurrences(Date(2026, 2, 6), Date(2026, 3, 4)).empty());
    CHECK(r.occurrences(Date(2026, 3, 5), Date(2026, 3, 5)) == std::vector<Date>{Date(2026, 3, 5)});
    CHECK(r.occurrences(Date(2026, 5, 1), Date(2026, 4, 1)).empty());  // to before from
    // Across a year end.
    CHECK(r.occurrences(Date(2026, 11, 23), Date(2027, 2, 28)) ==
          std::vector<Date>{Date(2026, 12, 3), Date(2027, 1, 7), Date(2027, 2, 4)});
    CHECK(r.next(Date(2026, 11, 23)) == Date(2026, 12, 3));
    CHECK(r.next(Date(2026, 12, 3)) == Date(2026, 12, 3));
    CHECK(r.next(Date(2026, 12, 4)) == Date(2027, 1, 7));
}

TEST_CASE("Last Friday of the month (-1) across month ends", "[recurrence]") {
    const auto r = Recurrence::monthly(-1, Weekday::Fri);
    CHECK(r.describe() == "last Friday of each month");
    const auto dates = r.occurrences(Date(2026, 1, 1), Date(2026, 12, 31));
    const std::vector<Date> expected = {Date(2026, 1, 30), Date(2026, 2, 27),  Date(2026, 3, 27),  Date(2026, 4, 24),
                                        Date(2026, 5, 29), Date(2026, 6, 26),  Date(2026, 7, 31),  Date(2026, 8, 28),
                                        Date(2026, 9, 25), Date(2026, 10, 30), Date(2026, 11, 27), Date(2026, 12, 25)};
    CHECK(dates == expected);
    // 31 July 2026 is the last day of the month and a Friday.
    CHECK(Date(2026, 7, 31).weekday() == Weekday::Fri);
    // Starting the day after January's meeting skips to February.
    CHECK(r.occurrences(Date(2026, 1, 31), Date(2026, 3, 31)) ==
          std::vector<Date>{Date(2026, 2, 27), Date(2026, 3, 27)});
    CHECK(r.next(Date(2026, 1, 31)) == Date(2026, 2, 27));
    CHECK(r.next(Date(2026, 11, 28)) == Date(2026, 12, 25));
    // February of a leap year: 2028-02-29 is a Tuesday, the last Friday is the 25th.
    CHECK(r.next(Date(2028, 2, 1)) == Date(2028, 2, 25));
}

TEST_CASE("Fourth weekday of the month", "[recurrence]") {
    const auto r = Recurrence::monthly(4, Weekday::Mon);
    // November 2026 Mondays: 2, 9, 16, 23, 30.
    CHECK(r.next(Date(2026, 11, 1)) == Date(2026, 11, 23));
    CHECK(r.describe() == "fourth Monday of each month");
}

TEST_CASE("Every two weeks on Tuesday from an anchor", "[recurrence]") {
    // 2026-01-05 is a Monday; the first meeting is the next day, Tuesday 6 January.
    const auto r = Recurrence::weekly(Weekday::Tue, 2, Date(2026, 1, 5));
    CHECK(r.kind() == Recurrence::Kind::Weekly);
    CHECK(r.interval() == 2);
    CHECK(r.anchor() == Date(2026, 1, 6));
    CHECK(r.occurrences(Date(2026, 1, 1), Date(2026, 2, 28)) ==
          std::vector<Date>{Date(2026, 1, 6), Date(2026, 1, 20), Date(2026, 2, 3), Date(2026, 2, 17)});
    // Before the anchor the rhythm runs backwards too: 6 January minus 14 days.
    CHECK(r.occurrences(Date(2025, 12, 20), Date(2026, 1, 10)) ==
          std::vector<Date>{Date(2025, 12, 23), Date(2026, 1, 6)});
    // A Tuesday off the rhythm is not a meeting.
    CHECK(r.occurrences(Date(2026, 1, 13), Date(2026, 1, 13)).empty());
    CHECK(r.next(Date(2026, 1, 7)) == Date(2026, 1, 20));
    CHECK(r.next(Date(2026, 1, 20)) == Date(2026, 1, 20));
    CHECK(r.describe() == "every 2 weeks on Tuesday");
    CHECK(r.str() == "weekly weekday=tue interval=2 anchor=2026-01-06");
}

TEST_CASE("Weekly every week", "[recurrence]") {
    const auto r = Recurrence::weekly(Weekday::Wed);
    CHECK(r.describe() == "every Wednesday");
    CHECK(r.occurrences(Date(2026, 11, 23), Date(2026, 12, 9)) ==
          std::vector<Date>{Date(2026, 11, 25), Date(2026, 12, 2), Date(2026, 12, 9)});
    CHECK(r.next(Date(2026, 11, 26)) == Date(2026, 12, 2));
}

TEST_CASE("Recurrence parse(str()) round-trips", "[recurrence]") {
    for (const auto& r : {Recurrence::monthly(1, Weekday::Thu), Recurrence::monthly(-1, Weekday::Fri),
                          Recurrence::monthly(3, Weekday::Sat), Recurrence::weekly(Weekday::Tue, 2, Date(2026, 1, 5)),
                          Recurrence::weekly(Weekday::Mon, 1, Date(2026, 11, 23)),
                          Recurrence::weekly(Weekday::Sun, 52, Date(2024, 2, 29))}) {
        INFO(r.str());
        const auto back = Recurrence::parse(r.str());
        CHECK(back == r);
        CHECK(back.str() == r.str());
    }
    const auto p = Recurrence::parse("  monthly   week=-1 weekday=viernes ");
    CHECK(p == Recurrence::monthly(-1, Weekday::Fri));
}

TEST_CASE("Recurrence refuses impossible rhythms, naming the field", "[recurrence]") {
    CHECK(capture<ValidationError>([] { Recurrence::monthly(5, Weekday::Mon); }).field() == "week");
    CHECK(capture<ValidationError>([] { Recurrence::monthly(0, Weekday::Mon); }).field() == "week");
    CHECK(capture<ValidationError>([] { Recurrence::monthly(-2, Weekday::Mon); }).field() == "week");
    CHECK(capture<ValidationError>([] { Recurrence::weekly(Weekday::Mon, 0); }).field() == "interval");
    CHECK(capture<ValidationError>([] { Recurrence::weekly(Weekday::Mon, 53); }).field() == "interval");

    for (const char* text : {"", "fortnightly weekday=tue", "monthly week=1", "monthly week=x weekday=thu",
                             "monthly week=1 weekday=someday", "weekly weekday=tue colour=blue", "monthly 1 thu",
                             "weekly weekday=tue anchor=2026-02-30"}) {
        INFO(text);
        const auto e = capture<ValidationError>([&] { Recurrence::parse(text, "cluster.meets"); });
        CHECK(e.field() == "cluster.meets");
    }
    const auto e = capture<ValidationError>([] { Recurrence::parse("fortnightly weekday=tue"); });
    CHECK(e.field() == "meets");
    CHECK(contains(e.what(), "fortnightly"));
}

TEST_CASE("a rhythm of several weeks needs an anchor to know which weeks", "[recurrence]") {
    using namespace omilcrm;
    CHECK(capture<ValidationError>([] { Recurrence::weekly(Weekday::Tue, 2); }).field() == "anchor");
    CHECK_NOTHROW(Recurrence::weekly(Weekday::Tue));  // every week: any week will do
}
