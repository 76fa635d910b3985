// Promises kept without a database or a clock: commitments of a period judged on a day.
#include "helpers.hpp"
#include "workload_rules.hpp"

using namespace omt;
using omilcrm::detail::PromiseFacts;

TEST_CASE("promises kept counts each commitment of the period as the judged day sees it", "[workload_rules]") {
    using St = CommitmentStatus;
    const std::vector<PromiseFacts> c = {
        {.owner_id = 1, .due = Date(2026, 3, 10), .status = St::Kept, .closed_on = Date(2026, 3, 10)},  // on time
        {.owner_id = 1, .due = Date(2026, 3, 10), .status = St::Kept, .closed_on = Date(2026, 3, 12)},  // late
        {.owner_id = 1, .due = Date(2026, 3, 15), .status = St::Open},                                  // overdue
        {.owner_id = 2, .due = Date(2026, 3, 20), .status = St::Cancelled, .closed_on = Date(2026, 3, 1)},
        {.owner_id = 2, .due = Date(2026, 3, 31), .status = St::Open},  // due on the judged day: not late yet
        {.owner_id = 2, .due = Date(2026, 4, 2), .status = St::Open},   // outside the period
        // kept after the judged day: still open that day, and overdue
        {.owner_id = 2, .due = Date(2026, 3, 5), .status = St::Kept, .closed_on = Date(2026, 4, 20)},
    };
    const auto p = omilcrm::detail::promises(c, Date(2026, 3, 1), Date(2026, 3, 31), Date(2026, 3, 31));
    REQUIRE(p.size() == 3);
    const auto& ana = p.at(1);
    CHECK(ana.due == 3);
    CHECK(ana.kept_on_time == 1);
    CHECK(ana.kept_late == 1);
    CHECK(ana.open_overdue == 1);
    CHECK(ana.kept_on_time_share().value() == Approx(1.0 / 3.0));
    const auto& bruno = p.at(2);
    CHECK(bruno.due == 3);
    CHECK(bruno.cancelled == 1);
    CHECK(bruno.open == 1);
    CHECK(bruno.open_overdue == 1);
    CHECK(bruno.kept_on_time_share().value() == Approx(0.0));
    const auto& office = p.at(0);
    CHECK(office.due == 6);
    CHECK(office.kept_on_time == 1);
    CHECK(office.open_overdue == 2);
}

TEST_CASE("a period that has not begun judges no promise", "[workload_rules]") {
    const std::vector<PromiseFacts> c = {{.owner_id = 1, .due = Date(2027, 1, 10)}};
    const auto p = omilcrm::detail::promises(c, Date(2027, 1, 1), Date(2027, 1, 31), std::nullopt);
    CHECK(p.at(1).open == 1);
    CHECK_FALSE(p.at(1).kept_on_time_share());
    // An office with nothing due still has its row.
    CHECK(omilcrm::detail::promises({}, Date(2027, 1, 1), Date(2027, 1, 31), std::nullopt).at(0).due == 0);
}
