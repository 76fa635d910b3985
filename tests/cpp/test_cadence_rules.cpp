// The pure cadence engine (omilcrm::cadence, cadence_rules.cpp): policy precedence, the due list
// and compliance.
// No database and no clock: every date is given explicitly, every expected value is computed by
// hand in the comments.
#include "helpers.hpp"

using namespace omilcrm;
using namespace omilcrm::cadence;

namespace {

CadencePolicy policy(Id id, PolicyScope scope, int interval, Id scope_id = 0, std::string segment = {},
                     std::string track = "contact", std::vector<InteractionKind> kinds = {}) {
    CadencePolicy p;
    p.id = id;
    p.office_id = 1;
    p.track = std::move(track);
    p.scope = scope;
    p.scope_id = scope_id;
    p.segment = std::move(segment);
    p.interval_days = interval;
    p.kinds = std::move(kinds);
    p.name = "policy " + std::to_string(id);
    return p;
}

EmployerFacts employer(Id id, Date added, std::string segment = {}, std::vector<Membership> memberships = {},
                       Id owner = 100) {
    EmployerFacts e;
    e.employer_id = id;
    e.owner_id = owner;
    e.segment = std::move(segment);
    e.added = added;
    e.memberships = std::move(memberships);
    return e;
}

ContactEvent contact(Id employer_id, Date on, InteractionKind kind = InteractionKind::Visit) {
    return {employer_id, on, kind};
}

std::vector<Id> ids_of(const std::vector<DueItem>& items) {
    std::vector<Id> out;
    for (const auto& d : items) out.push_back(d.employer_id);
    return out;
}

Id policy_id(const CadencePolicy* p) { return p ? p->id : 0; }

}  // namespace

TEST_CASE("Cadence: the most specific scope wins, whatever the interval", "[cadence]") {
    const Date day(2026, 6, 1);
    const auto e = employer(1, Date(2026, 1, 1), "key_account", {{10, 1, Date(2026, 1, 1), std::nullopt}});
    // The more specific the scope, the LONGER the interval here, so the shortest interval cannot
    // be what decides between scopes.
    const auto office = policy(1, PolicyScope::Office, 30);
    const auto cluster = policy(2, PolicyScope::Cluster, 20, 10);
    const auto segment = policy(3, PolicyScope::Segment, 45, 0, "key_account");
    const auto own = policy(4, PolicyScope::Employer, 60, 1);
    // Policies that never apply to employer 1: another track, another employer, another
    // segment, another cluster.
    const auto other_track = policy(5, PolicyScope::Employer, 7, 1, {}, "visit");
    const auto other_employer = policy(6, PolicyScope::Employer, 7, 2);
    const auto other_segment = policy(7, PolicyScope::Segment, 7, 0, "sme");
    const auto other_cluster = policy(8, PolicyScope::Cluster, 7, 11);
    const std::vector<CadencePolicy> noise{other_track, other_employer, other_segment, other_cluster};

    auto with = [&](std::vector<CadencePolicy> v) {
        v.insert(v.end(), noise.begin(), noise.end());
        return v;
    };
    CHECK(policy_id(applicable_policy(e, with({office, cluster, segment, own}), "contact", day)) == 4);
    // The order in the vector does not matter.
    CHECK(policy_id(applicable_policy(e, with({own, segment, cluster, office}), "contact", day)) == 4);
    CHECK(policy_id(applicable_policy(e, with({office, cluster, segment}), "contact", day)) == 3);
    CHECK(policy_id(applicable_policy(e, with({segment, office}), "contact", day)) == 3);
    CHECK(policy_id(applicable_policy(e, with({office, cluster}), "contact", day)) == 2);
    CHECK(policy_id(applicable_policy(e, with({cluster}), "contact", day)) == 2);
    CHECK(policy_id(applicable_policy(e, with({office}), "contact", day)) == 1);
    // Only noise: nothing applies on the contact track; the visit track has its own policy.
    CHECK(applicable_policy(e, noise, "contact", day) == nullptr);
    CHECK(policy_id(applicable_policy(e, with({office, own}), "visit", day)) == 5);
    CHECK(applicable_policy(e, {}, "contact", day) == nullptr);

    // The due list reports the winning policy.
    const auto due =
        due_list({e}, {contact(1, Date(2026, 5, 1))}, with({office, cluster, segment, own}), "contact", day, 365);
    REQUIRE(due.size() == 1u);
    CHECK(due[0].policy_id == 4);
    CHECK(due[0].scope == PolicyScope::Employer);
    CHECK(due[0].interval_days == 60);
    CHECK(due[0].policy_name == "policy 4");
    CHECK(due[0].due == Date(2026, 6, 30));  // 2026-05-01 + 60 = 2026-06-30 (May 31 is +30)
    CHECK(due[0].days_overdue == -29);
}

TEST_CASE("Cadence: among clusters the shortest interval wins, ties to the lowest id", "[cadence]") {
    const Date day(2026, 6, 1);
    const auto e = employer(1, Date(2026, 1, 1), {},
                            {{10, 1, Date(2026, 1, 1), std::nullopt},
                             {11, 1, Date(2026, 2, 1), std::nullopt},
                             {12, 1, Date(2026, 3, 1), std::nullopt}});
    const auto office = policy(1, PolicyScope::Office, 7);  // shorter, but less specific
    const auto c10 = policy(5, PolicyScope::Cluster, 21, 10);
    const auto c11 = policy(9, PolicyScope::Cluster, 14, 11);
    const auto c12 = policy(6, PolicyScope::Cluster, 14, 12);
    CHECK(policy_id(applicable_policy(e, {office, c10, c11}, "contact", day)) == 9);
    CHECK(policy_id(applicable_policy(e, {c11, c10, office}, "contact", day)) == 9);
    // 11 and 12 both 14 days: the lowest id (6) wins, whatever the order.
    CHECK(policy_id(applicable_policy(e, {c11, c10, c12, office}, "contact", day)) == 6);
    CHECK(policy_id(applicable_policy(e, {c12, c11, c10}, "contact", day)) == 6);
    // Before joining cluster 11 (2026-02-01) only cluster 10's policy is a cluster policy.
    CHECK(policy_id(applicable_policy(e, {office, c10, c11, c12}, "contact", Date(2026, 1, 31))) == 5);
}

TEST_CASE("Cadence: a newer employer or segment policy overrides an older one", "[cadence]") {
    const Date day(2026, 6, 1);
    const auto e = employer(1, Date(2026, 1, 1), "key_account");
    const auto old_own = policy(4, PolicyScope::Employer, 7, 1);
    const auto new_own = policy(8, PolicyScope::Employer, 10, 1);
    CHECK(policy_id(applicable_policy(e, {old_own, new_own}, "contact", day)) == 8);
    CHECK(policy_id(applicable_policy(e, {new_own, old_own}, "contact", day)) == 8);
    const auto old_seg = policy(3, PolicyScope::Segment, 15, 0, "key_account");
    const auto new_seg = policy(9, PolicyScope::Segment, 40, 0, "key_account");
    CHECK(policy_id(applicable_policy(e, {old_seg, new_seg}, "contact", day)) == 9);
    CHECK(policy_id(applicable_policy(e, {new_seg, old_seg}, "contact", day)) == 9);
    // The employer scope still beats a newer segment policy.
    CHECK(policy_id(applicable_policy(e, {old_own, new_seg}, "contact", day)) == 4);
}

TEST_CASE("Cadence: a member that left a cluster stops inheriting its policy on the day it left", "[cadence]") {
    // Member of cluster 10 from 2026-01-01; leaves on 2026-06-15 (member on 06-14, not on 06-15).
    const auto e = employer(1, Date(2025, 6, 1), {}, {{10, 1, Date(2026, 1, 1), Date(2026, 6, 15)}});
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 30),
                                              policy(2, PolicyScope::Cluster, 14, 10)};
    CHECK(policy_id(applicable_policy(e, policies, "contact", Date(2025, 12, 31))) == 1);
    CHECK(policy_id(applicable_policy(e, policies, "contact", Date(2026, 1, 1))) == 2);
    CHECK(policy_id(applicable_policy(e, policies, "contact", Date(2026, 6, 14))) == 2);
    CHECK(policy_id(applicable_policy(e, policies, "contact", Date(2026, 6, 15))) == 1);
    CHECK(policy_id(applicable_policy(e, policies, "contact", Date(2026, 7, 1))) == 1);

    const std::vector<ContactEvent> contacts{contact(1, Date(2026, 5, 20))};
    // 06-14, cluster policy: due 05-20 + 14 = 06-03, 11 days overdue.
    auto d = due_list({e}, contacts, policies, "contact", Date(2026, 6, 14));
    REQUIRE(d.size() == 1u);
    CHECK(d[0].policy_id == 2);
    CHECK(d[0].due == Date(2026, 6, 3));
    CHECK(d[0].days_overdue == 11);
    // 06-15, office policy: due 05-20 + 30 = 06-19, 4 days left: not due yet.
    CHECK(due_list({e}, contacts, policies, "contact", Date(2026, 6, 15)).empty());
    d = due_list({e}, contacts, policies, "contact", Date(2026, 6, 15), 4);
    REQUIRE(d.size() == 1u);
    CHECK(d[0].policy_id == 1);
    CHECK(d[0].due == Date(2026, 6, 19));
    CHECK(d[0].days_overdue == -4);
}

TEST_CASE("Cadence: never-contacted employers are due from the day they were added", "[cadence]") {
    const Date day(2026, 11, 23);
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 30)};
    const std::vector<EmployerFacts> employers{
        employer(2, Date(2026, 1, 1)),    // contacted 10-02: due 10-02 + 30 = 11-01, 22 overdue
        employer(5, Date(2026, 11, 1)),   // never contacted: due 11-01, 22 overdue
        employer(7, Date(2026, 11, 23)),  // never contacted, added today: due today, 0
        employer(8, Date(2026, 11, 24)),  // added after the day: not on the list
        employer(3, Date(2026, 1, 1)),    // contacted 11-20: due 12-20, -27
    };
    const std::vector<ContactEvent> contacts{contact(2, Date(2026, 10, 2)), contact(3, Date(2026, 11, 20))};
    const auto d = due_list(employers, contacts, policies, "contact", day);
    // Same 22 days overdue for 2 and 5: the never-contacted one (5) first despite its higher id.
    REQUIRE(ids_of(d) == std::vector<Id>{5, 2, 7});
    CHECK_FALSE(d[0].last_contact.has_value());
    CHECK(d[0].due == Date(2026, 11, 1));
    CHECK(d[0].days_overdue == 22);
    REQUIRE(d[1].last_contact.has_value());
    CHECK(*d[1].last_contact == Date(2026, 10, 2));
    CHECK(d[1].due == Date(2026, 11, 1));
    CHECK(d[1].days_overdue == 22);
    CHECK_FALSE(d[2].last_contact.has_value());
    CHECK(d[2].due == day);
    CHECK(d[2].days_overdue == 0);
    CHECK(d[0].owner_id == 100);
    // A week ahead adds nothing more: employer 3 is due in 27 days, 8 is not added yet.
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", day, 7)) == std::vector<Id>{5, 2, 7});
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", day, 27)) == std::vector<Id>{5, 2, 7, 3});
    // On 11-24 employer 8 is added and due at once (0 days); the others one day more overdue.
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", Date(2026, 11, 24))) ==
          std::vector<Id>{5, 2, 7, 8});
}

TEST_CASE("Cadence: due dates across month ends and leap years", "[cadence]") {
    const auto e = employer(1, Date(2020, 1, 1));
    auto due_on = [&](Date last, int interval, Date day, int within = 0) {
        return due_list({e}, {contact(1, last)}, {policy(1, PolicyScope::Office, interval)}, "contact", day, within);
    };
    // 2024 is a leap year: 2024-01-31 + 29 = 2024-02-29, + 30 = 2024-03-01.
    auto d = due_on(Date(2024, 1, 31), 30, Date(2024, 3, 1));
    REQUIRE(d.size() == 1u);
    CHECK(d[0].due == Date(2024, 3, 1));
    CHECK(d[0].days_overdue == 0);
    CHECK(due_on(Date(2024, 1, 31), 30, Date(2024, 2, 29)).empty());
    d = due_on(Date(2024, 1, 31), 30, Date(2024, 2, 29), 1);
    REQUIRE(d.size() == 1u);
    CHECK(d[0].days_overdue == -1);
    // 2023 is not: 2023-01-31 + 28 = 2023-02-28, + 29 = 03-01, + 30 = 2023-03-02.
    d = due_on(Date(2023, 1, 31), 30, Date(2023, 3, 2));
    REQUIRE(d.size() == 1u);
    CHECK(d[0].due == Date(2023, 3, 2));
    CHECK(d[0].days_overdue == 0);
    CHECK(due_on(Date(2023, 1, 31), 30, Date(2023, 3, 1)).empty());
    // 2024-02-29 + 1 = 2024-03-01, and 2024-03-01 + 365 = 2025-03-01 (no Feb 29 in between), so
    // 2024-02-29 + 366 = 2025-03-01 and + 365 = 2025-02-28.
    d = due_on(Date(2024, 2, 29), 365, Date(2025, 3, 10));
    REQUIRE(d.size() == 1u);
    CHECK(d[0].due == Date(2025, 2, 28));
    CHECK(d[0].days_overdue == 10);  // 02-28 -> 03-10: 1 (Mar 1) + 9
}

TEST_CASE("Cadence: a policy's kinds decide which contacts count", "[cadence]") {
    const Date day(2026, 11, 23);
    const auto e = employer(1, Date(2026, 1, 1));
    const std::vector<CadencePolicy> policies{
        policy(1, PolicyScope::Office, 60, 0, {}, "visit", {InteractionKind::Visit}),
        policy(2, PolicyScope::Office, 30, 0, {}, "contact"),
        policy(3, PolicyScope::Office, 30, 0, {}, "calls", {InteractionKind::PhoneCall, InteractionKind::Visit}),
    };
    CHECK(policies[0].counts(InteractionKind::Visit));
    CHECK_FALSE(policies[0].counts(InteractionKind::PhoneCall));
    CHECK(policies[1].counts(InteractionKind::Email));
    CHECK(policies[1].counts(InteractionKind::ClusterMeeting));

    const std::vector<ContactEvent> contacts{
        contact(1, Date(2026, 8, 1), InteractionKind::Visit),
        contact(1, Date(2026, 11, 10), InteractionKind::PhoneCall),
        contact(1, Date(2026, 11, 15), InteractionKind::Email),
        contact(1, Date(2026, 11, 30), InteractionKind::Visit),  // after the day: ignored
    };
    // Visit track: the phone call and email do not reset it; last visit 08-01, due 08-01 + 60 =
    // 09-30 (Aug 31 is +30); 09-30 -> 11-23 = 31 (to 10-31) + 23 = 54 days overdue.
    auto d = due_list({e}, contacts, policies, "visit", day);
    REQUIRE(d.size() == 1u);
    REQUIRE(d[0].last_contact.has_value());
    CHECK(*d[0].last_contact == Date(2026, 8, 1));
    CHECK(d[0].due == Date(2026, 9, 30));
    CHECK(d[0].days_overdue == 54);
    // Contact track: every kind counts; last is the 11-15 email, due 12-15, 22 days left.
    CHECK(due_list({e}, contacts, policies, "contact", day, 21).empty());
    d = due_list({e}, contacts, policies, "contact", day, 22);
    REQUIRE(d.size() == 1u);
    CHECK(*d[0].last_contact == Date(2026, 11, 15));
    CHECK(d[0].days_overdue == -22);
    // Calls-and-visits track: the email does not count, the 11-10 call does: due 12-10, -17.
    d = due_list({e}, contacts, policies, "calls", day, 30);
    REQUIRE(d.size() == 1u);
    CHECK(*d[0].last_contact == Date(2026, 11, 10));
    CHECK(d[0].due == Date(2026, 12, 10));
    CHECK(d[0].days_overdue == -17);
}

TEST_CASE("Cadence: the due list is sorted most overdue first, ties by employer id, and honours within_days",
          "[cadence]") {
    const Date day(2026, 11, 23);
    std::vector<EmployerFacts> employers;
    for (Id id : {6, 4, 2, 5, 1, 3, 9}) employers.push_back(employer(id, Date(2026, 1, 1)));
    // Every employer has the office policy on the contact track; employer 9 also has its own
    // policy on the "other" track, where nobody else has one.
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 10),
                                              policy(2, PolicyScope::Employer, 400, 9, {}, "other")};
    // Interval 10 days:
    //   3: last 11-01 (an older 10-01 listed after it) -> due 11-11, 12 overdue
    //   1: last 11-05 -> due 11-15, 8     2: last 11-05 -> due 11-15, 8
    //   6: last 11-13 -> due 11-23, 0     5: last 11-16 -> due 11-26, -3
    //   4: last 11-20 -> due 11-30, -7    9: last 11-22 -> due 12-02, -9
    const std::vector<ContactEvent> contacts{contact(3, Date(2026, 11, 1)),  contact(3, Date(2026, 10, 1)),
                                             contact(2, Date(2026, 11, 5)),  contact(1, Date(2026, 11, 5)),
                                             contact(6, Date(2026, 11, 13)), contact(5, Date(2026, 11, 16)),
                                             contact(4, Date(2026, 11, 20)), contact(9, Date(2026, 11, 22))};
    auto d = due_list(employers, contacts, policies, "contact", day);
    CHECK(ids_of(d) == std::vector<Id>{3, 1, 2, 6});
    REQUIRE(d.size() == 4u);
    CHECK(d[0].days_overdue == 12);
    CHECK(*d[0].last_contact == Date(2026, 11, 1));
    CHECK(d[1].days_overdue == 8);
    CHECK(d[2].days_overdue == 8);
    CHECK(d[3].days_overdue == 0);
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", day, 2)) == std::vector<Id>{3, 1, 2, 6});
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", day, 3)) == std::vector<Id>{3, 1, 2, 6, 5});
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", day, 6)) == std::vector<Id>{3, 1, 2, 6, 5});
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", day, 7)) == std::vector<Id>{3, 1, 2, 6, 5, 4});
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", day, 9)) == std::vector<Id>{3, 1, 2, 6, 5, 4, 9});
    // On the "other" track only employer 9 has a policy: 11-22 + 400 is far away.
    CHECK(due_list(employers, contacts, policies, "other", day).empty());
    CHECK(ids_of(due_list(employers, contacts, policies, "other", day, 400)) == std::vector<Id>{9});
    // No policy at all: nobody is due.
    CHECK(due_list(employers, contacts, {}, "contact", day, 1000).empty());
}

TEST_CASE("Cadence: a negative within_days is refused, not read as fewer due", "[cadence]") {
    const std::vector<EmployerFacts> employers{employer(1, Date(2026, 1, 1))};
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 10)};
    // Due on 11-23 exactly: within_days = -1 would have dropped it from the list.
    const std::vector<ContactEvent> contacts{contact(1, Date(2026, 11, 13))};
    const auto e = omt::capture<ValidationError>(
        [&] { due_list(employers, contacts, policies, "contact", Date(2026, 11, 23), -1); });
    CHECK(e.field() == "within_days");
    CHECK(e.value() == "-1");
    CHECK(ids_of(due_list(employers, contacts, policies, "contact", Date(2026, 11, 23), 0)) == std::vector<Id>{1});
}

TEST_CASE("Cadence: complied fails on a gap longer than the interval inside the period", "[cadence]") {
    const auto e = employer(1, Date(2026, 1, 1));
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 30)};
    const Date from(2026, 3, 1), to(2026, 5, 31);
    auto ok = [&](std::vector<Date> days, Date f, Date t) {
        std::vector<ContactEvent> c;
        for (Date d : days) c.push_back(contact(1, d));
        return complied(e, c, policies, "contact", f, t);
    };
    // Gaps 23, 26, 25, then 05-05 + 30 = 06-04 after the end: complied.
    CHECK(ok({Date(2026, 2, 20), Date(2026, 3, 15), Date(2026, 4, 10), Date(2026, 5, 5)}, from, to));
    // Contacts in any order.
    CHECK(ok({Date(2026, 5, 5), Date(2026, 2, 20), Date(2026, 4, 10), Date(2026, 3, 15)}, from, to));
    // 03-15 -> 04-20 is 36 days: due 04-14, overdue from 04-15.
    CHECK_FALSE(ok({Date(2026, 2, 20), Date(2026, 3, 15), Date(2026, 4, 20), Date(2026, 5, 15)}, from, to));
    // The same gap before the period does not count: from 04-21 the last contact is 04-20.
    CHECK(ok({Date(2026, 2, 20), Date(2026, 3, 15), Date(2026, 4, 20), Date(2026, 5, 15)}, Date(2026, 4, 21), to));
    // A gap of exactly 30 days is within the interval: 02-14 -> 03-16 -> 04-15 -> 05-15
    // (Feb 14 + 14 = Feb 28, + 30 = Mar 16; Mar 16 + 30 = Apr 15; Apr 15 + 30 = May 15).
    CHECK(ok({Date(2026, 2, 14), Date(2026, 3, 16), Date(2026, 4, 15), Date(2026, 5, 15)}, from, to));
    // A gap of 31 days is not, even when the late contact falls inside the period: 03-16 is due
    // again on 04-15; the next contact came on 04-16, a day late (overdue that day until then).
    CHECK_FALSE(ok({Date(2026, 2, 14), Date(2026, 3, 16), Date(2026, 4, 16), Date(2026, 5, 15)}, from, to));
    // No contact at all since 02-20: due 03-22, fails.
    CHECK_FALSE(ok({Date(2026, 2, 20)}, from, to));
    // ... but a short period that ends on the due day complies.
    CHECK(ok({Date(2026, 2, 20)}, from, Date(2026, 3, 22)));
    CHECK_FALSE(ok({Date(2026, 2, 20)}, from, Date(2026, 3, 23)));
    // Contacts after the period do not rescue it.
    CHECK_FALSE(ok({Date(2026, 2, 20), Date(2026, 6, 1)}, from, to));
    // Contacts of other employers are ignored.
    CHECK_FALSE(complied(e, {contact(2, Date(2026, 3, 10)), contact(1, Date(2026, 2, 20))}, policies, "contact", from,
                         Date(2026, 3, 23)));
    // No policy: nothing to comply with.
    CHECK(complied(e, {}, {}, "contact", from, to));
}

TEST_CASE("Cadence: complied gives a new employer one interval from the day it was added", "[cadence]") {
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 30)};
    const Date from(2026, 3, 1), to(2026, 5, 31);
    // Added 04-01: the days of March are ignored; first contact due by 05-01.
    const auto e = employer(1, Date(2026, 4, 1));
    // 04-20 (within) -> due 05-20; 05-15 -> due 06-14: complied.
    CHECK(complied(e, {contact(1, Date(2026, 4, 20)), contact(1, Date(2026, 5, 15))}, policies, "contact", from, to));
    // First contact on 05-01 = added + 30: still in time.
    CHECK(complied(e, {contact(1, Date(2026, 5, 1)), contact(1, Date(2026, 5, 25))}, policies, "contact", from, to));
    // First contact on 05-02: a day late.
    CHECK_FALSE(
        complied(e, {contact(1, Date(2026, 5, 2)), contact(1, Date(2026, 5, 25))}, policies, "contact", from, to));
    // Never contacted: overdue from 05-02.
    CHECK_FALSE(complied(e, {}, policies, "contact", from, to));
    CHECK(complied(e, {}, policies, "contact", from, Date(2026, 5, 1)));
    // Added on 05-10 and never contacted: due 06-09, after the period: complied.
    CHECK(complied(employer(2, Date(2026, 5, 10)), {}, policies, "contact", from, to));
    // Added after the period: nothing to judge.
    CHECK(complied(employer(3, Date(2026, 6, 10)), {}, policies, "contact", from, to));
}

TEST_CASE("Cadence: complied judges each day by the policy that applied that day", "[cadence]") {
    // Office: 60 days; cluster 10: 14 days. Period 03-01..05-31; contacts 02-25, 04-10, 05-20
    // (gaps 44 and 40 days: fine for 60, not for 14).
    const std::vector<CadencePolicy> policies{policy(1, PolicyScope::Office, 60),
                                              policy(2, PolicyScope::Cluster, 14, 10)};
    const std::vector<ContactEvent> contacts{contact(1, Date(2026, 2, 25)), contact(1, Date(2026, 4, 10)),
                                             contact(1, Date(2026, 5, 20))};
    const Date from(2026, 3, 1), to(2026, 5, 31);
    auto with = [&](std::vector<Membership> m) { return employer(1, Date(2025, 1, 1), {}, std::move(m)); };

    // Never in the cluster: complied under the 60-day policy.
    CHECK(complied(with({}), contacts, policies, "contact", from, to));
    // A member the whole period: 02-25 + 14 = 03-11, overdue from 03-12.
    CHECK_FALSE(complied(with({{10, 1, Date(2025, 6, 1), std::nullopt}}), contacts, policies, "contact", from, to));
    // Left on 03-12: member through 03-11, the due day itself; from 03-12 the office policy
    // applies (due 02-25 + 60 = 04-26, then 04-10 + 60 = 06-09). Complied.
    CHECK(complied(with({{10, 1, Date(2025, 6, 1), Date(2026, 3, 12)}}), contacts, policies, "contact", from, to));
    // Left on 03-13: still a member on 03-12, a day past 03-11. Not complied.
    CHECK_FALSE(
        complied(with({{10, 1, Date(2025, 6, 1), Date(2026, 3, 13)}}), contacts, policies, "contact", from, to));
    // Joined on 05-01: from then the 14-day policy applies; last contact 04-10, due 04-24, so
    // 05-01 is already overdue.
    CHECK_FALSE(complied(with({{10, 1, Date(2026, 5, 1), std::nullopt}}), contacts, policies, "contact", from, to));
    // Joined on 05-25: last contact 05-20, due 06-03, after the period. Complied.
    CHECK(complied(with({{10, 1, Date(2026, 5, 25), std::nullopt}}), contacts, policies, "contact", from, to));
    // A membership entirely before the period does not matter.
    CHECK(complied(with({{10, 1, Date(2025, 6, 1), Date(2026, 2, 1)}}), contacts, policies, "contact", from, to));
}
