// Cadence compliance as a pure rule (cadence_rules.hpp): which employers a policy covers
// over a period, which were contacted on time, and the count per office, staff member and
// cluster. No database and no clock: every date is given, every expected count worked out in
// the comments.
#include "helpers.hpp"

#include "cadence_rules.hpp"

using namespace omilcrm;
using namespace omilcrm::cadence;

namespace {

CadencePolicy policy(Id id, PolicyScope scope, int interval, Id scope_id = 0, std::string track = "contact",
                     std::vector<InteractionKind> kinds = {}) {
    CadencePolicy p;
    p.id = id;
    p.office_id = 1;
    p.track = std::move(track);
    p.scope = scope;
    p.scope_id = scope_id;
    p.interval_days = interval;
    p.kinds = std::move(kinds);
    p.name = "policy " + std::to_string(id);
    return p;
}

EmployerFacts employer(Id id, Id owner, Date added, std::vector<Membership> memberships = {}) {
    EmployerFacts e;
    e.employer_id = id;
    e.owner_id = owner;
    e.added = added;
    e.memberships = std::move(memberships);
    return e;
}

ContactEvent contact(Id employer_id, Date on, InteractionKind kind = InteractionKind::Visit) {
    return {employer_id, on, kind};
}

ComplianceGroups groups() {
    return {1,
            "OMIL Concón",
            {{100, "Verónica"}, {200, "Pedro"}, {300, "Ana"}},
            {{10, "Parque Gulmué"}, {11, "Cámara"}, {12, "Asociación"}}};
}

}  // namespace

TEST_CASE("Cadence compliance: covered by a policy on some day of the period", "[cadence][compliance]") {
    const Date from(2026, 3, 1), to(2026, 3, 31);
    // Only a cluster's policy: who is covered depends on membership during the period.
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Cluster, 14, 10)};
    const auto joins = employer(1, 100, Date(2026, 1, 1), {{10, 1, Date(2026, 3, 25), std::nullopt}});
    const auto none = employer(2, 100, Date(2026, 1, 1));
    const auto left = employer(3, 100, Date(2026, 1, 1), {{10, 3, Date(2026, 1, 1), Date(2026, 2, 1)}});
    const auto leaves_on_first_day = employer(4, 100, Date(2026, 1, 1), {{10, 4, Date(2026, 1, 1), from}});
    const auto leaves_on_second_day = employer(5, 100, Date(2026, 1, 1), {{10, 5, Date(2026, 1, 1), Date(2026, 3, 2)}});
    CHECK(covered(joins, policies, "contact", from, to));
    CHECK_FALSE(covered(none, policies, "contact", from, to));
    CHECK_FALSE(covered(left, policies, "contact", from, to));
    // Out from the day it left: leaving on the first day covers no day, the second day covers one.
    CHECK_FALSE(covered(leaves_on_first_day, policies, "contact", from, to));
    CHECK(covered(leaves_on_second_day, policies, "contact", from, to));
    // The period ends the day before it joins: not covered.
    CHECK_FALSE(covered(joins, policies, "contact", from, Date(2026, 3, 24)));
    CHECK(covered(joins, policies, "contact", Date(2026, 3, 25), Date(2026, 3, 25)));
    // Another track's policy does not cover.
    CHECK_FALSE(covered(joins, policies, "visit", from, to));
    // Days before the employer was added do not count: added after the period, never covered.
    const std::vector<CadencePolicy> office{policy(2, PolicyScope::Office, 30)};
    CHECK(covered(none, office, "contact", from, to));
    CHECK(covered(employer(6, 100, to), office, "contact", from, to));
    CHECK_FALSE(covered(employer(6, 100, to.add_days(1)), office, "contact", from, to));
    CHECK_FALSE(covered(none, {}, "contact", from, to));
}

TEST_CASE("Cadence compliance: counts per office, owner and cluster", "[cadence][compliance]") {
    const Date from(2026, 3, 1), to(2026, 3, 31);
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 30)};
    const std::vector<EmployerFacts> employers{
        // 02-20 -> due 03-22; 03-15 -> due 04-14: complied. A member of cluster 10 throughout.
        employer(1, 100, Date(2026, 1, 1), {{10, 1, Date(2026, 1, 1), std::nullopt}}),
        // Last contact 01-10 -> due 02-09: overdue on 03-01. Left cluster 11 on 03-15, so on the
        // last day judged it is not counted there.
        employer(2, 100, Date(2026, 1, 1), {{11, 2, Date(2026, 1, 1), Date(2026, 3, 15)}}),
        // Added 03-20, never contacted: due 04-19, within its first interval: complied.
        employer(3, 200, Date(2026, 3, 20)),
        // Added after the period: not judged at all.
        employer(4, 200, Date(2026, 4, 5), {{10, 4, Date(2026, 4, 5), std::nullopt}}),
    };
    // In no particular order; employer 4's visit after the period changes nothing.
    const std::vector<ContactEvent> contacts{contact(1, Date(2026, 3, 15)), contact(2, Date(2026, 1, 10)),
                                             contact(1, Date(2026, 2, 20)), contact(4, Date(2026, 4, 6))};
    const auto rows = compliance(employers, contacts, policies, "contact", from, to, groups());
    // The office, then staff 100 and 200 (300 judges nobody), then cluster 10 (11 and 12 none).
    REQUIRE(rows.size() == 4);
    auto check = [&](const ComplianceRow& r, const char* group, Id id, const char* name, std::size_t employers,
                     std::size_t complied) {
        CHECK(r.group == group);
        CHECK(r.group_id == id);
        CHECK(r.name == name);
        CHECK(r.employers == employers);
        CHECK(r.complied == complied);
        CHECK(r.judged_to == to);
    };
    check(rows[0], "office", 1, "OMIL Concón", 3, 2);
    check(rows[1], "staff", 100, "Verónica", 2, 1);
    check(rows[2], "staff", 200, "Pedro", 1, 1);
    check(rows[3], "cluster", 10, "Parque Gulmué", 1, 1);
    CHECK(rows[0].share() == Approx(2.0 / 3.0));
    CHECK(rows[1].share() == Approx(0.5));
    CHECK(rows[2].share() == Approx(1.0));

    // Judged up to 03-22 instead (a period not over): employer 3 is judged from 03-20 still, and
    // every row says the last day judged.
    const auto partial = compliance(employers, contacts, policies, "contact", from, Date(2026, 3, 22), groups());
    REQUIRE(partial.size() == 4);
    CHECK(partial[0].employers == 3);
    CHECK(partial[0].complied == 2);
    for (const auto& r : partial) CHECK(r.judged_to == Date(2026, 3, 22));
    // Judged only to 03-19: employer 3 (added 03-20) is not judged yet; staff 200 drops out.
    const auto early = compliance(employers, contacts, policies, "contact", from, Date(2026, 3, 19), groups());
    REQUIRE(early.size() == 3);
    CHECK(early[0].employers == 2);
    CHECK(early[1].group_id == 100);
    CHECK(early[2].group_id == 10);
}

TEST_CASE("Cadence compliance: only covered employers are judged, by the kinds their policy counts",
          "[cadence][compliance]") {
    const Date from(2026, 3, 1), to(2026, 3, 31);
    // Cluster 10's members must be visited every 14 days; phone calls do not count.
    const std::vector<CadencePolicy> policies{
        policy(1, PolicyScope::Cluster, 14, 10, "contact", {InteractionKind::Visit}),
        policy(2, PolicyScope::Office, 7, 0, "visit")};
    const std::vector<EmployerFacts> employers{
        // Joins 03-25; visited 03-20: due 04-03, complied.
        employer(1, 100, Date(2026, 1, 1), {{10, 1, Date(2026, 3, 25), std::nullopt}}),
        // A member throughout, only called: its first visit was due 01-15 (added + 14).
        employer(2, 200, Date(2026, 1, 1), {{10, 2, Date(2026, 1, 1), std::nullopt}}),
        // No cluster: only the visit track's policy covers it, so on this track it is not judged.
        employer(3, 200, Date(2026, 1, 1)),
    };
    const std::vector<ContactEvent> contacts{contact(1, Date(2026, 3, 20)),
                                             contact(2, Date(2026, 3, 5), InteractionKind::PhoneCall),
                                             contact(2, Date(2026, 3, 18), InteractionKind::PhoneCall)};
    const auto rows = compliance(employers, contacts, policies, "contact", from, to, groups());
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].employers == 2);
    CHECK(rows[0].complied == 1);
    CHECK((rows[1].group_id == 100 && rows[1].employers == 1 && rows[1].complied == 1));
    CHECK((rows[2].group_id == 200 && rows[2].employers == 1 && rows[2].complied == 0));
    CHECK((rows[3].group == "cluster" && rows[3].group_id == 10 && rows[3].employers == 2 && rows[3].complied == 1));
    // On the visit track every employer is covered (any kind counts there), and each was overdue
    // on 03-01: nothing before it, so its first contact was due 01-08 (added + 7).
    const auto visits = compliance(employers, contacts, policies, "visit", from, to, groups());
    CHECK(visits[0].employers == 3);
    CHECK(visits[0].complied == 0);
}

TEST_CASE("Cadence compliance: nothing judged gives the office's row alone", "[cadence][compliance]") {
    const Date from(2026, 3, 1), to(2026, 3, 31);
    const auto rows = compliance({employer(1, 100, Date(2026, 1, 1))}, {}, {}, "contact", from, to, groups());
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].group == "office");
    CHECK(rows[0].name == "OMIL Concón");
    CHECK(rows[0].employers == 0);
    CHECK(rows[0].share() == 0.0);
    CHECK(rows[0].judged_to == to);
    const auto empty = compliance({}, {}, {policy(1, PolicyScope::Office, 30)}, "contact", from, to, groups());
    REQUIRE(empty.size() == 1);
    CHECK(empty[0].employers == 0);
}
