// The rules of placements (placements_rules.cpp), without a database: records built by hand and
// the day given. check_placement() (office, cancellation, positions, start date, in that order),
// referral_to() and check_referral_open() (the referral a placement closes), hired_on(),
// follow_up_due() and check_follow_up() (days 30 and 90), and checks_due() (the follow-ups owed on
// a day, in order). Today is Monday 2026-11-23.
#include "helpers.hpp"

#include "placements_rules.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

const Date kToday(2026, 11, 23);

JobSeeker seeker(Id id = 7, Id office = 1) {
    JobSeeker s;
    s.meta.id = id;
    s.office_id = office;
    s.consent_scope = {"intermediation", "programmes"};
    return s;
}

// Vacancy 40 of office 1: captured on 2026-11-02, valid through 2026-12-02.
Vacancy vacancy(int positions = 2, int placed = 0, std::optional<Date> cancelled_on = {}) {
    Vacancy v;
    v.meta.id = 40;
    v.office_id = 1;
    v.employer_id = 3;
    v.positions = positions;
    v.placed = placed;
    v.captured_on = Date(2026, 11, 2);
    v.valid_through = Date(2026, 12, 2);
    v.cancelled_on = cancelled_on;
    return v;
}

// Referral `id` of seeker 7 to `vacancy_id`, made on 2026-11-10.
Referral referral(Id id = 12, Id vacancy_id = 40, ReferralStage stage = ReferralStage::Referred) {
    Referral r;
    r.meta.id = id;
    r.office_id = 1;
    r.seeker_id = 7;
    r.vacancy_id = vacancy_id;
    r.stage = stage;
    r.referred_on = Date(2026, 11, 10);
    return r;
}

Placement placement(Id id, Date start, std::optional<bool> employed_30 = {}, std::optional<bool> employed_90 = {},
                    Id employer = 3) {
    Placement p;
    p.meta.id = id;
    p.employer_id = employer;
    p.start_on = start;
    p.employed_30 = employed_30;
    p.employed_90 = employed_90;
    return p;
}

struct Due {
    Id placement_id;
    int day;
    Date due_on;
    bool operator==(const Due&) const = default;
};

std::vector<Due> due_of(const std::vector<PlacementCheck>& checks) {
    std::vector<Due> out;
    for (const auto& c : checks) out.push_back({c.placement_id, c.day, c.due_on});
    return out;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<Due> {
    static std::string convert(const Due& d) {
        return "{" + std::to_string(d.placement_id) + ", day " + std::to_string(d.day) + ", " + d.due_on.iso() + "}";
    }
};
}  // namespace Catch

TEST_CASE("check_placement accepts a seeker of the office into an open position from the capture day",
          "[placements_rules]") {
    CHECK_NOTHROW(detail::check_placement(seeker(), vacancy(), Date(2026, 12, 1)));
    // The capture day itself (2026-11-02) is the earliest start.
    CHECK_NOTHROW(detail::check_placement(seeker(), vacancy(), Date(2026, 11, 2)));
    // One position left of two (placed = positions - 1).
    CHECK_NOTHROW(detail::check_placement(seeker(), vacancy(2, 1), Date(2026, 12, 1)));
    // Expiry (valid through 2026-12-02) does not stop a placement: the person may start later.
    CHECK_NOTHROW(detail::check_placement(seeker(), vacancy(), Date(2027, 1, 4)));
}

TEST_CASE("check_placement refuses a seeker of another office", "[placements_rules]") {
    auto e = capture<ValidationError>([] { detail::check_placement(seeker(7, 2), vacancy(), Date(2026, 12, 1)); });
    CHECK(e.field() == "seeker");
    CHECK(e.value() == "7");
    CHECK(e.reason() == "is registered at another office");
    // Checked first: a cancelled, full vacancy and an early start are not what is reported.
    e = capture<ValidationError>(
        [] { detail::check_placement(seeker(7, 2), vacancy(1, 1, Date(2026, 11, 20)), Date(2026, 11, 1)); });
    CHECK(e.field() == "seeker");
}

TEST_CASE("check_placement refuses a cancelled vacancy, whatever the start", "[placements_rules]") {
    const Vacancy cancelled = vacancy(2, 0, Date(2026, 11, 20));
    CHECK(capture<Conflict>([&] { detail::check_placement(seeker(), cancelled, Date(2026, 12, 1)); }).what() ==
          std::string("vacancy 40 was cancelled on 2026-11-20"));
    // A start before the cancellation day is refused too: a cancelled vacancy takes no placement.
    CHECK(contains(capture<Conflict>([&] { detail::check_placement(seeker(), cancelled, Date(2026, 11, 10)); }).what(),
                   "was cancelled on 2026-11-20"));
    // Cancellation is reported before the positions and the start date.
    CHECK(contains(capture<Conflict>([] {
                       detail::check_placement(seeker(), vacancy(1, 1, Date(2026, 11, 20)), Date(2026, 11, 1));
                   }).what(),
                   "cancelled"));
}

TEST_CASE("check_placement refuses a vacancy with every position filled", "[placements_rules]") {
    // placed == positions.
    CHECK(capture<Conflict>([] { detail::check_placement(seeker(), vacancy(2, 2), Date(2026, 12, 1)); }).what() ==
          std::string("vacancy 40 has all its 2 positions filled"));
    CHECK(
        contains(capture<Conflict>([] { detail::check_placement(seeker(), vacancy(1, 1), Date(2026, 12, 1)); }).what(),
                 "has all its 1 positions filled"));
    // More placed than positions (never written, but still refused).
    CHECK_THROWS_AS(detail::check_placement(seeker(), vacancy(2, 3), Date(2026, 12, 1)), Conflict);
    // Reported before the start date.
    CHECK_THROWS_AS(detail::check_placement(seeker(), vacancy(2, 2), Date(2026, 11, 1)), Conflict);
}

TEST_CASE("check_placement refuses a start before the vacancy was captured", "[placements_rules]") {
    // The day before the capture (2026-11-02).
    auto e = capture<ValidationError>([] { detail::check_placement(seeker(), vacancy(), Date(2026, 11, 1)); });
    CHECK(e.field() == "start_on");
    CHECK(e.value() == "2026-11-01");
    CHECK(e.reason() == "is before the vacancy was captured (2026-11-02)");
    CHECK(capture<ValidationError>([] { detail::check_placement(seeker(), vacancy(), Date(2025, 12, 31)); }).value() ==
          "2025-12-31");
}

TEST_CASE("referral_to finds the seeker's last referral to the vacancy", "[placements_rules]") {
    const Referral first = referral(12, 40);
    const Referral elsewhere = referral(11, 41);
    const Referral second = referral(13, 40, ReferralStage::Interview);
    CHECK_FALSE(detail::referral_to({}, 40));
    CHECK_FALSE(detail::referral_to({elsewhere}, 40));
    CHECK(detail::referral_to({elsewhere}, 41)->meta.id == 11);
    CHECK(detail::referral_to({first, elsewhere}, 40)->meta.id == 12);
    // The last one given (oldest first), whatever the ids or stages.
    const auto last = detail::referral_to({first, elsewhere, second}, 40);
    REQUIRE(last);
    CHECK(last->meta.id == 13);
    CHECK(last->stage == ReferralStage::Interview);
    CHECK(detail::referral_to({second, first}, 40)->meta.id == 12);
}

TEST_CASE("check_referral_open refuses a closed referral, and nothing without one", "[placements_rules]") {
    CHECK_NOTHROW(detail::check_referral_open(std::nullopt));
    for (auto open : {ReferralStage::Referred, ReferralStage::Interview, ReferralStage::Evaluation}) {
        INFO(to_string(open));
        CHECK_NOTHROW(detail::check_referral_open(referral(12, 40, open)));
    }
    CHECK(capture<Conflict>([] { detail::check_referral_open(referral(12, 40, ReferralStage::Withdrew)); }).what() ==
          std::string("referral 12 of this seeker to this vacancy is closed (withdrew)"));
    CHECK(contains(
        capture<Conflict>([] { detail::check_referral_open(referral(12, 40, ReferralStage::NotSelected)); }).what(),
        "is closed (not_selected)"));
    CHECK(
        contains(capture<Conflict>([] { detail::check_referral_open(referral(14, 40, ReferralStage::Hired)); }).what(),
                 "referral 14 of this seeker to this vacancy is closed (hired)"));
}

TEST_CASE("hired_on is the day the placement is recorded, never before the referral", "[placements_rules]") {
    // Referred on 2026-11-10.
    CHECK(detail::hired_on(referral(), kToday) == kToday);
    CHECK(detail::hired_on(referral(), Date(2026, 11, 10)) == Date(2026, 11, 10));  // the same day
    CHECK(detail::hired_on(referral(), Date(2026, 11, 5)) == Date(2026, 11, 10));
}

TEST_CASE("follow_up_due is 30 or 90 days after the start, other days are refused", "[placements_rules]") {
    // 2026-10-05 + 30 = 2026-11-04 (26 days to 10-31, 4 more); + 90 = 2027-01-03.
    const Date start(2026, 10, 5);
    CHECK(follow_up_due(start, 30) == Date(2026, 11, 4));
    CHECK(follow_up_due(start, 90) == Date(2027, 1, 3));
    for (int day : {0, 29, 31, 45, 60, 89, 91, -30}) {
        INFO(day);
        const auto e = capture<ValidationError>([&] { follow_up_due(start, day); });
        CHECK(e.field() == "day");
        CHECK(e.value() == std::to_string(day));
        CHECK(e.reason() == "must be 30 or 90");
    }
}

TEST_CASE("check_follow_up: from the due day to today, not before nor after", "[placements_rules]") {
    // Day 30 on 2026-11-04, day 90 on 2027-01-03.
    const Date start(2026, 10, 5);
    CHECK_NOTHROW(check_follow_up(start, 30, Date(2026, 11, 4), kToday));  // the due day
    CHECK_NOTHROW(check_follow_up(start, 30, kToday, kToday));             // today
    CHECK_NOTHROW(check_follow_up(start, 90, Date(2027, 1, 3), Date(2027, 1, 3)));

    // The day before day 30.
    auto e = capture<ValidationError>([&] { check_follow_up(start, 30, Date(2026, 11, 3), kToday); });
    CHECK(e.field() == "on");
    CHECK(e.value() == "2026-11-03");
    CHECK(e.reason() == "is before day 30 of the placement (2026-11-04, 30 days after the start on 2026-10-05)");
    // The 90-day check today (before 2027-01-03).
    e = capture<ValidationError>([&] { check_follow_up(start, 90, kToday, kToday); });
    CHECK(e.field() == "on");
    CHECK(contains(e.reason(), "before day 90 of the placement (2027-01-03"));
    // Tomorrow: past the due day but in the future.
    e = capture<ValidationError>([&] { check_follow_up(start, 30, Date(2026, 11, 24), kToday); });
    CHECK(e.field() == "on");
    CHECK(e.value() == "2026-11-24");
    CHECK(e.reason() == "is in the future (today is 2026-11-23)");
    // Any day but 30 or 90.
    CHECK(capture<ValidationError>([&] { check_follow_up(start, 60, kToday, kToday); }).field() == "day");
}

TEST_CASE("checks_due lists the unrecorded follow-ups due by the day, in order", "[placements_rules]") {
    // Due dates, today 2026-11-23:
    //   start 08-01: day 30 on 08-31, day 90 on 10-30
    //   start 08-25: day 30 on 09-24, day 90 on 11-23 (6 + 30 + 31 + 23 days): due today
    //   start 10-24: day 30 on 11-23 (7 + 23 days): due today
    //   start 10-25: day 30 on 11-24: tomorrow, not due
    const std::vector<Placement> placements = {
        placement(1, Date(2026, 8, 1)),               // nothing recorded: both
        placement(2, Date(2026, 10, 24)),             // day 30 due today
        placement(3, Date(2026, 10, 25)),             // nothing due yet
        placement(4, Date(2026, 8, 1), true),         // employed at 30: day 90 due
        placement(5, Date(2026, 8, 1), false),        // gone at 30: no 90-day check
        placement(6, Date(2026, 8, 1), true, true),   // both recorded
        placement(7, Date(2026, 8, 1), true, false),  // both recorded (gone at 90)
        placement(8, Date(2026, 8, 25), true),        // day 90 due today
        placement(9, Date(2026, 8, 1), {}, false),    // 90 recorded, 30 not: 30 still due
    };
    // By due date, then placement, then day.
    CHECK(due_of(detail::checks_due(placements, kToday)) == std::vector<Due>{
                                                                {1, 30, Date(2026, 8, 31)},
                                                                {9, 30, Date(2026, 8, 31)},
                                                                {1, 90, Date(2026, 10, 30)},
                                                                {4, 90, Date(2026, 10, 30)},
                                                                {2, 30, Date(2026, 11, 23)},
                                                                {8, 90, Date(2026, 11, 23)},
                                                            });
    // The day before, neither check due on 11-23 is due yet.
    CHECK(due_of(detail::checks_due({placement(2, Date(2026, 10, 24)), placement(8, Date(2026, 8, 25), true)},
                                    Date(2026, 11, 22)))
              .empty());
    CHECK(detail::checks_due({}, kToday).empty());
}

TEST_CASE("checks_due: ties on the due date go by placement id", "[placements_rules]") {
    // Given in reverse id order, the same start: placements 22 and 21 due on the same days.
    const auto due =
        detail::checks_due({placement(22, Date(2026, 8, 1), {}, {}, 5), placement(21, Date(2026, 8, 1))}, kToday);
    CHECK(due_of(due) == std::vector<Due>{
                             {21, 30, Date(2026, 8, 31)},
                             {22, 30, Date(2026, 8, 31)},
                             {21, 90, Date(2026, 10, 30)},
                             {22, 90, Date(2026, 10, 30)},
                         });
    // Each check names the placement's employer.
    REQUIRE(due.size() == 4);
    CHECK(due[0].employer_id == 3);
    CHECK(due[1].employer_id == 5);
}
