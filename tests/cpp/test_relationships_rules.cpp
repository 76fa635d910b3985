// The gradual approach's rules without a database or a clock: an employer's stage on a day from
// the days of its steps, the funnel by cluster, and reciprocity added up by employer and cluster.
#include "helpers.hpp"
#include "relationships_rules.hpp"

using namespace omt;
using omilcrm::detail::ClusterMembership;
using omilcrm::detail::ClusterName;
using omilcrm::detail::ReciprocityEvent;
using omilcrm::detail::StageSteps;
using Kind = ReciprocityEvent::Kind;

TEST_CASE("an employer's stage is the furthest step taken by the day asked about", "[relationships_rules]") {
    const StageSteps steps{.employer_id = 7,
                           .first_contact = Date(2026, 1, 10),
                           .first_served = Date(2026, 2, 20),
                           .first_vacancy = Date(2026, 4, 1),
                           .first_hire = Date(2026, 5, 15)};
    using S = RelationshipStage;
    const auto at = [&](Date d) { return omilcrm::detail::stage_of(steps, d); };
    CHECK(at(Date(2026, 1, 9)).stage == S::Prospect);
    CHECK_FALSE(at(Date(2026, 1, 9)).since);
    CHECK_FALSE(at(Date(2026, 1, 9)).first_contact);  // a step after the day is not shown either
    CHECK(at(Date(2026, 1, 10)).stage == S::Contacted);
    CHECK(at(Date(2026, 1, 10)).since == Date(2026, 1, 10));
    CHECK(at(Date(2026, 3, 1)).stage == S::Served);
    CHECK(at(Date(2026, 4, 1)).stage == S::GivingVacancies);
    const EmployerStage hiring = at(Date(2026, 12, 1));
    CHECK(hiring.stage == S::Hiring);
    CHECK(hiring.since == Date(2026, 5, 15));
    CHECK(hiring.first_served == Date(2026, 2, 20));
    CHECK(hiring.employer_id == 7);
}

TEST_CASE("a skipped step does not hold an employer back", "[relationships_rules]") {
    // A company that gave a vacancy at a fair before it was ever served or visited.
    const StageSteps steps{.employer_id = 1, .first_vacancy = Date(2026, 3, 3)};
    const EmployerStage s = omilcrm::detail::stage_of(steps, Date(2026, 6, 1));
    CHECK(s.stage == RelationshipStage::GivingVacancies);
    CHECK(s.since == Date(2026, 3, 3));
    CHECK_FALSE(s.first_contact);
}

TEST_CASE("the funnel counts members of each cluster on the day, the rest and the office", "[relationships_rules]") {
    using S = RelationshipStage;
    const std::vector<EmployerStage> stages = {
        {.employer_id = 1, .stage = S::Hiring},    {.employer_id = 2, .stage = S::Contacted},
        {.employer_id = 3, .stage = S::Prospect},  {.employer_id = 4, .stage = S::Served},
        {.employer_id = 5, .stage = S::Contacted},
    };
    const std::vector<ClusterName> clusters = {{.id = 10, .name = "Gulmué"}, {.id = 11, .name = "Cámara"}};
    const std::vector<ClusterMembership> members = {
        {.cluster_id = 10, .employer_id = 1, .joined = Date(2026, 1, 1)},
        {.cluster_id = 10, .employer_id = 2, .joined = Date(2026, 1, 1)},
        {.cluster_id = 11, .employer_id = 2, .joined = Date(2026, 1, 1)},  // in both
        // left before the day: counted as no cluster
        {.cluster_id = 10, .employer_id = 4, .joined = Date(2026, 1, 1), .left = Date(2026, 3, 1)},
        // joins after the day
        {.cluster_id = 11, .employer_id = 5, .joined = Date(2026, 7, 1)},
    };
    const auto rows = omilcrm::detail::stage_funnel(stages, clusters, members, Date(2026, 6, 1));
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].cluster == "Gulmué");
    CHECK(rows[0].employers == 2);
    CHECK(rows[0].stages[std::size_t(S::Hiring)] == 1);
    CHECK(rows[0].stages[std::size_t(S::Contacted)] == 1);
    CHECK(rows[1].cluster == "Cámara");
    CHECK(rows[1].employers == 1);
    CHECK(rows[2].cluster == "(no cluster)");
    CHECK(rows[2].cluster_id == 0);
    CHECK(rows[2].employers == 3);  // 3, 4 (left) and 5 (not yet joined)
    CHECK(rows[2].stages[std::size_t(S::Served)] == 1);
    CHECK(rows[3].cluster == "(office)");
    CHECK(rows[3].employers == 5);  // employer 2 once
    CHECK(rows[3].stages[std::size_t(S::Contacted)] == 2);
}

TEST_CASE("reciprocity adds up what each employer received and gave", "[relationships_rules]") {
    const std::vector<ReciprocityEvent> events = {
        {.employer_id = 1, .on = Date(2026, 3, 2), .kind = Kind::Request},
        {.employer_id = 1, .on = Date(2026, 3, 9), .kind = Kind::Resolved, .on_time = true},
        {.employer_id = 1, .on = Date(2026, 3, 20), .kind = Kind::Resolved, .on_time = false},
        {.employer_id = 2, .on = Date(2026, 3, 5), .kind = Kind::Vacancy, .positions = 3},
        {.employer_id = 2, .on = Date(2026, 3, 25), .kind = Kind::Hire},
        {.employer_id = 3, .on = Date(2026, 5, 1), .kind = Kind::Vacancy, .positions = 1},  // after the period
    };
    const auto by = omilcrm::detail::reciprocity_by_employer(events, Date(2026, 3, 1), Date(2026, 3, 31));
    REQUIRE(by.size() == 2);
    CHECK(by.at(1).requests == 1);
    CHECK(by.at(1).resolved == 2);
    CHECK(by.at(1).resolved_on_time == 1);
    CHECK(by.at(1).served_only());
    CHECK(by.at(2).vacancies == 1);
    CHECK(by.at(2).positions == 3);
    CHECK(by.at(2).hires == 1);
    CHECK_FALSE(by.at(2).served_only());
    CHECK_FALSE(by.contains(3));
}

TEST_CASE("reciprocity by cluster counts an event for the clusters of its day", "[relationships_rules]") {
    const std::vector<ClusterName> clusters = {{.id = 10, .name = "Gulmué"}};
    const std::vector<ClusterMembership> members = {
        {.cluster_id = 10, .employer_id = 1, .joined = Date(2026, 3, 15)},
    };
    const std::vector<ReciprocityEvent> events = {
        {.employer_id = 1, .on = Date(2026, 3, 10), .kind = Kind::Resolved},  // before joining
        {.employer_id = 1, .on = Date(2026, 3, 15), .kind = Kind::Resolved, .on_time = true},
        {.employer_id = 1, .on = Date(2026, 4, 2), .kind = Kind::Vacancy, .positions = 2},
        {.employer_id = 2, .on = Date(2026, 4, 3), .kind = Kind::Hire},  // in no cluster
    };
    const auto rows =
        omilcrm::detail::reciprocity_by_cluster(events, clusters, members, Date(2026, 3, 1), Date(2026, 4, 30));
    REQUIRE(rows.size() == 2);  // every month, even an empty one
    CHECK(rows[0].month == Date(2026, 3, 1));
    CHECK(rows[0].counts.resolved == 1);
    CHECK(rows[0].counts.resolved_on_time == 1);
    CHECK(rows[1].month == Date(2026, 4, 1));
    CHECK(rows[1].counts.positions == 2);
    CHECK(rows[1].counts.hires == 0);
}
