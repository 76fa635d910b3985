// The rules of the placement reports (reports_rules.hpp), pure: vacancies, placements and
// memberships in, figures out, no database.
#include "helpers.hpp"

#include "reports_rules.hpp"

using namespace omilcrm;

namespace {

Vacancy vacancy(Id id, CaptureChannel channel, Date captured, std::optional<Date> filled = {}, int positions = 1) {
    Vacancy v;
    v.meta.id = id;
    v.employer_id = 100 + id;
    v.channel = channel;
    v.captured_on = captured;
    v.filled_on = filled;
    v.positions = positions;
    return v;
}

Placement placement(Id employer, Date start, Id vacancy_id = 0) {
    Placement p;
    p.employer_id = employer;
    p.vacancy_id = vacancy_id;
    p.start_on = start;
    return p;
}

Placement followed(Date start, std::optional<Date> checked_30, std::optional<bool> employed_30,
                   std::optional<Date> checked_90 = {}, std::optional<bool> employed_90 = {}) {
    Placement p = placement(1, start);
    p.checked_30 = checked_30;
    p.employed_30 = employed_30;
    p.checked_90 = checked_90;
    p.employed_90 = employed_90;
    return p;
}

}  // namespace

TEST_CASE("report periods: the months touching a period, and a period ending before it starts", "[reports]") {
    const auto m = detail::months(Date(2026, 11, 20), Date(2027, 2, 1));
    REQUIRE(m.size() == 4);
    CHECK(m.front() == Date(2026, 11, 1));
    CHECK(m.back() == Date(2027, 2, 1));
    CHECK(detail::months(Date(2026, 3, 5), Date(2026, 3, 5)) == std::vector<Date>{Date(2026, 3, 1)});
    CHECK_NOTHROW(detail::check_period(Date(2026, 3, 5), Date(2026, 3, 5)));
    CHECK_THROWS_AS(detail::check_period(Date(2026, 3, 5), Date(2026, 3, 4)), ValidationError);
    CHECK_FALSE(detail::ratio(3, 0));
    CHECK(detail::ratio(1, 4) == 0.25);
}

TEST_CASE("funnel: every month of the period, its steps added up, hires per referral", "[reports]") {
    const std::vector<detail::FunnelMonth> counts = {
        {.month = Date(2026, 1, 1), .vacancies = 2, .positions = 5},
        {.month = Date(2026, 1, 1), .referrals = 4},
        {.month = Date(2026, 1, 1), .interviews = 3},
        {.month = Date(2026, 1, 1), .hires = 2, .hires_from_referrals = 1},
        {.month = Date(2026, 3, 1), .hires = 1},
        {.month = Date(2025, 12, 1), .vacancies = 9},  // before the period: left out
    };
    const auto rows = detail::funnel(counts, Date(2026, 1, 15), Date(2026, 3, 10));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].month == Date(2026, 1, 1));
    CHECK(rows[0].vacancies == 2);
    CHECK(rows[0].positions == 5);
    CHECK(rows[0].referrals == 4);
    CHECK(rows[0].interviews == 3);
    CHECK(rows[0].hires == 2);
    CHECK(rows[0].hires_from_referrals == 1);
    CHECK(rows[0].hires_per_referral == 0.25);
    CHECK(rows[1].month == Date(2026, 2, 1));  // nothing that month: a row of zeros
    CHECK(rows[1].vacancies == 0);
    CHECK(rows[1].hires == 0);
    CHECK_FALSE(rows[1].hires_per_referral);
    CHECK(rows[2].hires == 1);
    CHECK_FALSE(rows[2].hires_per_referral);  // hires without referrals: no rate
}

TEST_CASE("time_to_fill: filled vacancies captured in the period, days from capture to filled", "[reports]") {
    const std::vector<Vacancy> vacancies = {
        vacancy(1, CaptureChannel::Visit, Date(2026, 3, 2), Date(2026, 3, 20), 3),
        vacancy(2, CaptureChannel::Email, Date(2026, 3, 5)),                     // not filled
        vacancy(3, CaptureChannel::Event, Date(2026, 2, 27), Date(2026, 3, 3)),  // captured before
        vacancy(4, CaptureChannel::ClusterMeeting, Date(2026, 3, 31), Date(2026, 5, 4)),
    };
    const auto rows = detail::time_to_fill(vacancies, Date(2026, 3, 1), Date(2026, 3, 31));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].vacancy_id == 1);
    CHECK(rows[0].employer_id == 101);
    CHECK(rows[0].channel == CaptureChannel::Visit);
    CHECK(rows[0].positions == 3);
    CHECK(rows[0].captured_on == Date(2026, 3, 2));
    CHECK(rows[0].filled_on == Date(2026, 3, 20));
    CHECK(rows[0].days_to_fill == 18);
    CHECK(rows[1].vacancy_id == 4);
    CHECK(rows[1].days_to_fill == 34);  // filled after the period: still counted
}

TEST_CASE("placements_by_channel: a row per channel with its share of the period's placements", "[reports]") {
    const std::vector<Vacancy> vacancies = {
        vacancy(1, CaptureChannel::Visit, Date(2026, 1, 5)),
        vacancy(2, CaptureChannel::ClusterMeeting, Date(2026, 1, 5)),
        vacancy(3, CaptureChannel::Event, Date(2026, 1, 5)),
    };
    const std::vector<Placement> placements = {
        placement(1, Date(2026, 2, 1), 2), placement(1, Date(2026, 2, 2), 2), placement(1, Date(2026, 2, 3), 3),
        placement(1, Date(2026, 2, 4), 1), placement(1, Date(2026, 4, 1), 3),  // after the period
    };
    const auto rows = detail::placements_by_channel(placements, vacancies, Date(2026, 2, 1), Date(2026, 2, 28));
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].channel == CaptureChannel::Visit);
    CHECK(rows[0].placements == 1);
    CHECK(rows[0].share == 0.25);
    CHECK(rows[1].channel == CaptureChannel::ClusterMeeting);
    CHECK(rows[1].placements == 2);
    CHECK(rows[1].share == 0.5);
    CHECK(rows[2].channel == CaptureChannel::Email);
    CHECK(rows[2].placements == 0);
    CHECK(rows[2].share == 0.0);
    CHECK(rows[3].channel == CaptureChannel::Event);
    CHECK(rows[3].placements == 1);
    CHECK(rows[4].channel == CaptureChannel::Other);

    const auto none = detail::placements_by_channel({}, vacancies, Date(2026, 2, 1), Date(2026, 2, 28));
    REQUIRE(none.size() == 5);
    CHECK_FALSE(none[0].share);  // no placements: no shares
}

TEST_CASE("cluster_share: a placement counts in every cluster its employer was in on the start day", "[reports]") {
    const std::vector<detail::ClusterName> clusters = {{.id = 1, .name = "Parque Industrial Gulmué"},
                                                       {.id = 2, .name = "Cámara de Comercio"},
                                                       {.id = 3, .name = "Asociación sin colocaciones"}};
    const std::vector<detail::ClusterMembership> memberships = {
        {.cluster_id = 1, .employer_id = 10, .joined = Date(2026, 1, 1)},
        {.cluster_id = 1, .employer_id = 11, .joined = Date(2026, 1, 1), .left = Date(2026, 3, 1)},
        {.cluster_id = 2, .employer_id = 11, .joined = Date(2026, 2, 1)},
        {.cluster_id = 3, .employer_id = 10, .joined = Date(2026, 6, 1)},  // joined after its placements
    };
    const std::vector<Placement> placements = {
        placement(10, Date(2026, 2, 10)),  // park
        placement(11, Date(2026, 2, 15)),  // park and chamber
        placement(11, Date(2026, 3, 1)),   // left the park that day: chamber only
        placement(12, Date(2026, 2, 20)),  // no cluster
        placement(11, Date(2026, 1, 20)),  // park (not in the chamber yet)
        placement(10, Date(2026, 7, 1)),   // after the period
    };
    const auto r = detail::cluster_share(clusters, memberships, placements, Date(2026, 1, 1), Date(2026, 6, 30));
    CHECK(r.placements == 5);
    REQUIRE(r.rows.size() == 4);
    CHECK(r.rows[0].cluster_id == 1);
    CHECK(r.rows[0].name == "Parque Industrial Gulmué");
    CHECK(r.rows[0].placements == 3);
    CHECK(r.rows[0].share == Approx(0.6));
    CHECK(r.rows[1].cluster_id == 2);
    CHECK(r.rows[1].placements == 2);
    CHECK(r.rows[1].share == Approx(0.4));
    CHECK(r.rows[2].cluster_id == 3);
    CHECK(r.rows[2].placements == 0);
    CHECK(r.rows[2].share == 0.0);
    CHECK(r.rows[3].cluster_id == 0);
    CHECK(r.rows[3].name == "(no cluster)");
    CHECK(r.rows[3].placements == 1);
    CHECK(r.rows[3].share == Approx(0.2));

    const auto empty = detail::cluster_share({}, {}, {}, Date(2026, 1, 1), Date(2026, 6, 30));
    REQUIRE(empty.rows.size() == 1);
    CHECK(empty.rows[0].name == "(no cluster)");
    CHECK(empty.rows[0].placements == 0);
    CHECK_FALSE(empty.rows[0].share);
}

TEST_CASE("retention: follow-ups due, checked and employed as known on a day, by month of start", "[reports]") {
    const std::vector<Placement> placements = {
        // Day 30 is 4 February, day 90 5 April: both checked, still employed.
        followed(Date(2026, 1, 5), Date(2026, 2, 4), true, Date(2026, 4, 6), true),
        // Gone by day 30; day 90 (20 April) is not due on 15 April yet.
        followed(Date(2026, 1, 20), Date(2026, 2, 19), false),
        // Gone by day 30, day 90 (10 April) due and not checked: known not to be employed.
        followed(Date(2026, 1, 10), Date(2026, 2, 9), false),
        // Day 90 (12 April) checked only on 20 April, after the day of the report.
        followed(Date(2026, 1, 12), Date(2026, 2, 11), true, Date(2026, 4, 20), true),
        // February: day 30 (12 March) due, not checked.
        followed(Date(2026, 2, 10), std::nullopt, std::nullopt),
        // After the period.
        followed(Date(2026, 3, 1), Date(2026, 3, 31), true),
    };
    const auto rows = detail::retention(placements, Date(2026, 1, 1), Date(2026, 2, 28), Date(2026, 4, 15));
    REQUIRE(rows.size() == 2);
    const auto& jan = rows[0];
    CHECK(jan.month == Date(2026, 1, 1));
    CHECK(jan.placements == 4);
    CHECK(jan.due_30 == 4);
    CHECK(jan.checked_30 == 4);
    CHECK(jan.employed_30 == 2);
    CHECK(jan.due_90 == 3);
    CHECK(jan.checked_90 == 2);
    CHECK(jan.employed_90 == 1);
    CHECK(jan.retention_90 == 0.5);
    const auto& feb = rows[1];
    CHECK(feb.month == Date(2026, 2, 1));
    CHECK(feb.placements == 1);
    CHECK(feb.due_30 == 1);
    CHECK(feb.checked_30 == 0);
    CHECK(feb.due_90 == 0);
    CHECK_FALSE(feb.retention_90);

    // Known on 1 February, nothing was due yet.
    const auto early = detail::retention(placements, Date(2026, 1, 1), Date(2026, 1, 31), Date(2026, 2, 1));
    REQUIRE(early.size() == 1);
    CHECK(early[0].placements == 4);
    CHECK(early[0].due_30 == 0);
    CHECK(early[0].checked_30 == 0);
    CHECK(early[0].due_90 == 0);
}
