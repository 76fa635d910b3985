// Needs as neighbours without a database: a need's status from its history, and the report.
#include "helpers.hpp"
#include "needs_rules.hpp"

using namespace omt;
using omilcrm::detail::need_status;

TEST_CASE("a need's status follows its request", "[needs_rules]") {
    CHECK(need_status(false, std::nullopt) == NeedStatus::Open);
    CHECK(need_status(false, RequestStatus::Routed) == NeedStatus::Answered);
    CHECK(need_status(false, RequestStatus::Reopened) == NeedStatus::Answered);
    CHECK(need_status(false, RequestStatus::Resolved) == NeedStatus::Served);
    CHECK(need_status(false, RequestStatus::Closed) == NeedStatus::Served);
    CHECK(need_status(true, std::nullopt) == NeedStatus::Dropped);
}

TEST_CASE("the needs report counts each category and the total", "[needs_rules]") {
    const auto need = [](std::string category, Date on, NeedStatus status) {
        EmployerNeed n;
        n.category = std::move(category);
        n.raised_on = on;
        n.status = status;
        return n;
    };
    const std::vector<EmployerNeed> needs = {
        need("tree_pruning", Date(2026, 3, 2), NeedStatus::Served),
        need("tree_pruning", Date(2026, 3, 9), NeedStatus::Answered),
        need("street_lights", Date(2026, 4, 1), NeedStatus::Open),
        need("", Date(2026, 4, 2), NeedStatus::Dropped),
        need("old_code", Date(2026, 4, 3), NeedStatus::Open),
        need("tree_pruning", Date(2025, 12, 1), NeedStatus::Open),  // before the period
    };
    const std::vector<std::pair<std::string, std::string>> names = {
        {"garbage", "Retiro de basura"}, {"street_lights", "Alumbrado"}, {"tree_pruning", "Poda"}};
    const auto rows = omilcrm::detail::needs_report(needs, names, Date(2026, 1, 1), Date(2026, 12, 31));
    REQUIRE(rows.size() == 5);  // lights, pruning (catalogue order), old_code, (other), (all)
    CHECK(rows[0].name == "Alumbrado");
    CHECK(rows[1].name == "Poda");
    CHECK(rows[1].raised == 2);
    CHECK(rows[1].answered == 2);  // the served one was answered first
    CHECK(rows[1].served == 1);
    CHECK(rows[1].served_share().value() == Approx(0.5));
    CHECK(rows[2].category == "old_code");
    CHECK(rows[3].name == "(other)");
    CHECK(rows[3].dropped == 1);
    CHECK(rows[4].name == "(all)");
    CHECK(rows[4].raised == 5);
    CHECK(rows[4].open == 2);
    CHECK(omilcrm::detail::needs_report({}, names, Date(2026, 1, 1), Date(2026, 12, 31)).back().served_share() ==
          std::nullopt);
}
