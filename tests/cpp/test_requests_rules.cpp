// The rules of the service-request reports (requests_rules.hpp), pure: requests and a calendar
// in, figures out, no database. November 2026: Mondays are the 2nd, 9th, 16th, 23rd and 30th.
#include "helpers.hpp"

#include "requests_rules.hpp"

using namespace omilcrm;
using detail::DeadlineRow;
using detail::RequestOutcome;

namespace {

RequestOutcome outcome(Id id, Id department, std::string category, RequestStatus status, Date received,
                       std::optional<Date> due, std::optional<Date> resolved = {}, std::vector<Pause> pauses = {}) {
    return {.id = id,
            .department_id = department,
            .category = std::move(category),
            .status = status,
            .received_on = received,
            .due_on = due,
            .resolved_on = resolved,
            .pauses = std::move(pauses)};
}

Date nov(unsigned day) { return Date(2026, 11, day); }

const DeadlineRow& row(const detail::DeadlineCompliance& r, Id department, const std::string& category) {
    for (const auto& x : r.rows)
        if (x.department_id == department && x.category == category) return x;
    FAIL("no row for department " << department << " and " << category);
    throw std::logic_error("unreachable");
}

using S = RequestStatus;

// The requests of the office, October to December; the period below is November.
std::vector<RequestOutcome> november() {
    return {
        // Aseo (7), tree pruning: resolved on time in 4 business days (Tue 3 .. Fri 6).
        outcome(1, 7, "tree_pruning", S::Resolved, nov(2), nov(13), nov(6)),
        // Late: due Wednesday the 4th, resolved Monday the 9th, 5 business days.
        outcome(2, 7, "tree_pruning", S::Closed, nov(2), nov(4), nov(9)),
        // Open and past its deadline (Friday the 20th) on the day judged, today the 23rd.
        outcome(3, 7, "tree_pruning", S::InProgress, nov(4), nov(20)),
        // Open, due after today: not missed yet.
        outcome(4, 7, "tree_pruning", S::Routed, nov(10), nov(25)),
        // Waited Wednesday 11 and Thursday 12: 3 business days (Tue 10, Fri 13, Mon 16).
        outcome(5, 7, "tree_pruning", S::Resolved, nov(9), nov(20), nov(16), {{nov(11), nov(13)}}),
        // Aseo, green areas: closed after being resolved in 2 business days.
        outcome(6, 7, "green_areas", S::Closed, nov(3), nov(10), nov(5)),
        // Triage: open, no deadline.
        outcome(7, 0, "other", S::Received, nov(5), std::nullopt),
        // Not counted: a duplicate, a rejected one, and requests received outside the period.
        outcome(8, 7, "tree_pruning", S::Duplicate, nov(5), nov(10)),
        outcome(9, 7, "tree_pruning", S::Rejected, nov(5), nov(10), nov(6)),
        outcome(10, 7, "tree_pruning", S::Resolved, Date(2026, 10, 30), nov(3), nov(20)),
        outcome(11, 7, "tree_pruning", S::Routed, Date(2026, 12, 1), Date(2026, 12, 10)),
    };
}

}  // namespace

TEST_CASE("deadline_compliance counts per department and category", "[requests][reports]") {
    const auto r = detail::deadline_compliance(november(), HolidayCalendar{}, nov(1), nov(30), nov(23));
    REQUIRE(r.judged_to == nov(23));
    // Triage first, then by department and category.
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].department_id == 0);
    CHECK(r.rows[0].category == "other");
    CHECK(r.rows[1].category == "green_areas");
    CHECK(r.rows[2].category == "tree_pruning");

    const auto& pruning = row(r, 7, "tree_pruning");
    CHECK(pruning.received == 5);
    CHECK(pruning.resolved == 3);
    CHECK(pruning.resolved_on_time == 2);
    CHECK(pruning.open == 2);
    CHECK(pruning.open_overdue == 1);
    REQUIRE(pruning.on_time_share);
    CHECK(*pruning.on_time_share == Approx(2.0 / 3.0));
    REQUIRE(pruning.median_business_days_to_resolve);
    CHECK(*pruning.median_business_days_to_resolve == 4.0);  // of 4, 5 and 3

    const auto& green = row(r, 7, "green_areas");
    CHECK(green.received == 1);
    CHECK(green.resolved == 1);
    CHECK(green.resolved_on_time == 1);
    CHECK(green.open == 0);
    CHECK(green.on_time_share == 1.0);
    CHECK(green.median_business_days_to_resolve == 2.0);

    const auto& triage = row(r, 0, "other");
    CHECK(triage.received == 1);
    CHECK(triage.resolved == 0);
    CHECK(triage.open == 1);
    CHECK(triage.open_overdue == 0);  // no deadline, never overdue
    CHECK_FALSE(triage.on_time_share);
    CHECK_FALSE(triage.median_business_days_to_resolve);
}

TEST_CASE("deadline_compliance: the median of an even count is the mean of the middle two", "[requests][reports]") {
    const std::vector<RequestOutcome> requests = {
        outcome(1, 3, "street_lights", S::Resolved, nov(2), nov(9), nov(4)),   // 2
        outcome(2, 3, "street_lights", S::Resolved, nov(2), nov(9), nov(9)),   // 5
        outcome(3, 3, "street_lights", S::Resolved, nov(2), nov(9), nov(10)),  // 6, late
        outcome(4, 3, "street_lights", S::Resolved, nov(2), nov(9), nov(3)),   // 1
    };
    const auto r = detail::deadline_compliance(requests, HolidayCalendar{}, nov(1), nov(30), nov(30));
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].median_business_days_to_resolve == 3.5);  // of 1, 2, 5, 6
    CHECK(r.rows[0].on_time_share == 0.75);
}

TEST_CASE("deadline_compliance counts business days over the office's holidays", "[requests][reports]") {
    HolidayCalendar cal;
    cal.add(nov(4), "Aniversario de la comuna");
    const std::vector<RequestOutcome> requests = {
        outcome(1, 7, "tree_pruning", S::Resolved, nov(2), nov(13), nov(6)),  // Tue 3, Thu 5, Fri 6
        // Received in the period and resolved after it: counted to its resolution (Mon 30, Tue 1,
        // Wed 2).
        outcome(2, 7, "tree_pruning", S::Resolved, nov(27), Date(2026, 12, 4), Date(2026, 12, 2)),
    };
    const auto r = detail::deadline_compliance(requests, cal, nov(1), nov(30), Date(2026, 12, 15));
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].resolved == 2);
    CHECK(r.rows[0].median_business_days_to_resolve == 3.0);
    CHECK(r.judged_to == nov(30));  // the period is over
}

TEST_CASE("deadline_compliance judges open requests overdue up to the day judged", "[requests][reports]") {
    const std::vector<RequestOutcome> requests = {
        outcome(1, 7, "tree_pruning", S::Routed, nov(2), nov(20)),
    };
    // Over on Friday the 20th: the deadline is that day, not missed.
    auto r = detail::deadline_compliance(requests, HolidayCalendar{}, nov(1), nov(20), nov(23));
    CHECK(r.judged_to == nov(20));
    CHECK(r.rows.at(0).open_overdue == 0);
    // Over on the 21st: missed.
    r = detail::deadline_compliance(requests, HolidayCalendar{}, nov(1), nov(21), nov(23));
    CHECK(r.rows.at(0).open_overdue == 1);
    // Running to the end of the year, judged on the 20th: not missed yet.
    r = detail::deadline_compliance(requests, HolidayCalendar{}, nov(1), Date(2026, 12, 31), nov(20));
    CHECK(r.judged_to == nov(20));
    CHECK(r.rows.at(0).open_overdue == 0);
    CHECK(r.rows.at(0).open == 1);
}

TEST_CASE("deadline_compliance of a period not begun judges nothing", "[requests][reports]") {
    const std::vector<RequestOutcome> requests = {
        outcome(1, 7, "tree_pruning", S::Routed, Date(2026, 12, 2), Date(2026, 12, 3)),
    };
    const auto r =
        detail::deadline_compliance(requests, HolidayCalendar{}, Date(2026, 12, 1), Date(2026, 12, 31), nov(23));
    CHECK_FALSE(r.judged_to);
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].open == 1);
    CHECK(r.rows[0].open_overdue == 0);
}

TEST_CASE("deadline_compliance: no requests give no rows, a period ending before it starts is refused",
          "[requests][reports]") {
    CHECK(detail::deadline_compliance({}, HolidayCalendar{}, nov(1), nov(30), nov(23)).rows.empty());
    try {
        detail::deadline_compliance({}, HolidayCalendar{}, nov(30), nov(1), nov(23));
        FAIL("expected ValidationError");
    } catch (const ValidationError& e) {
        CHECK(e.field() == "end");
        CHECK(std::string(e.what()).find("is before start (2026-11-30)") != std::string::npos);
    }
}

TEST_CASE("open_by_department: a row per department, triage first when it holds requests", "[requests][reports]") {
    auto req = [](std::optional<Id> department, Date received, std::optional<Date> due) {
        ServiceRequest r;
        r.department_id = department;
        r.status = RequestStatus::Routed;
        r.received_on = received;
        r.due_on = due;
        return r;
    };
    const std::vector<ServiceRequest> requests = {
        req(3, nov(13), nov(20)),        // 10 days old, overdue
        req(3, nov(20), nov(27)),        // 3 days old
        req(std::nullopt, nov(22), {}),  // triage, 1 day old
        req(9, nov(23), nov(30)),        // a department not listed: a row of its own
    };
    const auto rows = detail::open_by_department(requests, {3, 5}, nov(23));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].department_id == 0);
    CHECK(rows[0].open == 1);
    CHECK(rows[0].oldest_age_days == 1);
    CHECK(rows[0].mean_age_days == 1.0);

    CHECK(rows[1].department_id == 3);
    CHECK(rows[1].open == 2);
    CHECK(rows[1].overdue == 1);
    CHECK(rows[1].oldest_age_days == 10);
    CHECK(rows[1].mean_age_days == 6.5);

    CHECK(rows[2].department_id == 5);  // nothing open: still listed
    CHECK(rows[2].open == 0);
    CHECK(rows[2].overdue == 0);
    CHECK(rows[2].oldest_age_days == 0);
    CHECK_FALSE(rows[2].mean_age_days);

    CHECK(rows[3].department_id == 9);
    CHECK(rows[3].open == 1);
    CHECK(rows[3].overdue == 0);

    // Nothing in triage: no triage row.
    const auto without = detail::open_by_department({req(3, nov(20), nov(27))}, {3}, nov(23));
    REQUIRE(without.size() == 1);
    CHECK(without[0].department_id == 3);
}

// ---- Department check-ins ----------------------------------------------------------------------

TEST_CASE("checkin_day falls business days before the deadline", "[requests][checkins]") {
    const HolidayCalendar cal = HolidayCalendar::chile();
    // Routed Monday the 2nd, due Friday the 20th: two business days before is Wednesday the 18th.
    CHECK(checkin_day(cal, nov(2), nov(20), 2) == nov(18));
    // Over a weekend: due Tuesday the 24th, two business days before is Friday the 20th.
    CHECK(checkin_day(cal, nov(2), nov(24), 2) == nov(20));
    // Zero: the deadline itself.
    CHECK(checkin_day(cal, nov(2), nov(24), 0) == nov(24));
}

TEST_CASE("checkin_day skips the office's holidays", "[requests][checkins]") {
    HolidayCalendar cal = HolidayCalendar::chile();
    // Tuesday 8 December is a national holiday: due Thursday the 10th, two business days before
    // are Wednesday the 9th and Monday the 7th.
    CHECK(checkin_day(cal, nov(2), Date(2026, 12, 10), 2) == Date(2026, 12, 7));
    // A local holiday on Monday the 7th moves it to Friday the 4th.
    cal.add(Date(2026, 12, 7), "Aniversario de la comuna");
    CHECK(checkin_day(cal, nov(2), Date(2026, 12, 10), 2) == Date(2026, 12, 4));
}

TEST_CASE("checkin_day is never before the routing", "[requests][checkins]") {
    const HolidayCalendar cal = HolidayCalendar::chile();
    // Routed Thursday the 19th, due Friday the 20th: the check-in is the day it was routed.
    CHECK(checkin_day(cal, nov(19), nov(20), 2) == nov(19));
    // Routed on Saturday the 21st: the next business day, Monday the 23rd.
    CHECK(checkin_day(cal, nov(21), nov(20), 2) == nov(23));
}

TEST_CASE("checkin_day without a deadline and with bad days", "[requests][checkins]") {
    const HolidayCalendar cal = HolidayCalendar::chile();
    CHECK_FALSE(checkin_day(cal, nov(2), std::nullopt, 2).has_value());
    CHECK_THROWS_WITH(checkin_day(cal, nov(2), nov(20), -1), Catch::Contains("days_before"));
    CHECK_THROWS_WITH(checkin_day(cal, nov(2), nov(20), 61), Catch::Contains("days_before"));
}
