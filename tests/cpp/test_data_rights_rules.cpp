// The rules of data-subject requests, restrictions and retention (Ley 21.719), without a database.
#include "helpers.hpp"

using namespace omilcrm;

TEST_CASE("Rights: a request is answered within 30 calendar days, 60 once extended", "[rights]") {
    CHECK(rights::due_on(Date(2026, 12, 1), false) == Date(2026, 12, 31));
    CHECK(rights::due_on(Date(2026, 12, 1), true) == Date(2027, 1, 30));
    CHECK(rights::due_on(Date(2028, 2, 15), false) == Date(2028, 3, 16));  // across a leap February

    RightsRequest r;
    r.received_on = Date(2026, 12, 1);
    r.due_on = rights::due_on(r.received_on, false);
    CHECK(rights::days_overdue(r, Date(2026, 12, 31)) == 0);  // the last day is in time
    CHECK(rights::days_overdue(r, Date(2027, 1, 2)) == 2);
    CHECK(rights::days_overdue(r, Date(2026, 12, 21)) == -10);
    r.status = RightsStatus::Answered;
    CHECK(rights::days_overdue(r, Date(2027, 1, 2)) == 0);  // closed: never overdue
    CHECK(rights::is_open(RightsStatus::Extended));
    CHECK_FALSE(rights::is_open(RightsStatus::Refused));
}

TEST_CASE("Rights: a restriction covers its days, an open-ended one every day after", "[rights]") {
    SeekerRestriction r;
    r.from = Date(2026, 11, 10);
    CHECK_FALSE(rights::covers(r, Date(2026, 11, 9)));
    CHECK(rights::covers(r, Date(2026, 11, 10)));
    CHECK(rights::covers(r, Date(2030, 1, 1)));
    r.to = Date(2026, 11, 20);
    CHECK(rights::covers(r, Date(2026, 11, 20)));
    CHECK_FALSE(rights::covers(r, Date(2026, 11, 21)));
}

TEST_CASE("Rights: retention counts whole years from the last activity", "[rights]") {
    CHECK(rights::expires_on(Date(2023, 5, 4), 2) == Date(2025, 5, 4));
    CHECK(rights::expires_on(Date(2024, 2, 29), 1) == Date(2025, 2, 28));
}

TEST_CASE("Rights: a placement under its 90-day follow-up keeps the data, until recorded or a month late", "[rights]") {
    const Date start(2026, 9, 1);  // the 90-day follow-up falls due on 2026-11-30
    const auto kept = rights::placement_keeps(start, std::nullopt, Date(2026, 11, 23));
    REQUIRE(kept);
    CHECK(omt::contains(*kept, "90-day follow-up"));
    CHECK(rights::placement_keeps(start, std::nullopt, Date(2026, 12, 30)));
    CHECK_FALSE(rights::placement_keeps(start, std::nullopt, Date(2026, 12, 31)));
    CHECK_FALSE(rights::placement_keeps(start, Date(2026, 11, 30), Date(2026, 12, 1)));
}

TEST_CASE("Rights: a blocking request is answered within 2 business days of the office's calendar", "[rights]") {
    HolidayCalendar cal = HolidayCalendar::chile();
    // Received Thursday 2026-12-03: due Monday the 7th.
    CHECK(rights::due_on(RightKind::Blocking, Date(2026, 12, 3), cal) == Date(2026, 12, 7));
    // Received Friday 2026-12-04: Tuesday the 8th is a national holiday (Inmaculada Concepción).
    CHECK(rights::due_on(RightKind::Blocking, Date(2026, 12, 4), cal) == Date(2026, 12, 9));
    cal.add(Date(2026, 12, 9), "Aniversario comunal");
    CHECK(rights::due_on(RightKind::Blocking, Date(2026, 12, 4), cal) == Date(2026, 12, 10));
    CHECK(rights::due_on(RightKind::Erasure, Date(2026, 12, 4), cal) == Date(2027, 1, 3));
}
