// The pure matching engine (omilcrm::matching in matching.hpp, matching_rules.cpp), without a
// database: every factor on hand-computed pairs (occupation nearness at each ISCO-08 level,
// experience, skills, licences, distance, availability, education), the weighted score and the
// weights' checks, the ranking and its ties, the explanations, and the fast pool against the
// brute-force explain()+sort. Every expected score is worked out in the comments.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "helpers.hpp"

#include "omilcrm/isco.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/matching.hpp"

using namespace omilcrm;
using namespace omilcrm::matching;
using omt::capture;
using omt::contains;

namespace {

constexpr Weights kOnes{
    .occupation = 1, .experience = 1, .skills = 1, .licences = 1, .distance = 1, .availability = 1, .education = 1};

// A freight handler on the night shift in Concón, from 2026-12-01.
Opening freight_handler() {
    return {.id = 1,
            .occupation = "9333",
            .commune = "05103",
            .education = EducationLevel::Secondary,
            .experience_months = 12,
            .skills = {"first aid", "forklift", "welding"},
            .licences = {"B", "D"},
            .shift = Shift::Night,
            .starts = Date(2026, 12, 1)};
}

const Factor& factor(const Match& m, const std::string& name) {
    for (const auto& f : m.factors)
        if (f.name == name) return f;
    FAIL("no factor " << name);
    throw std::logic_error("unreachable");
}

std::vector<Id> ids_of(const std::vector<Match>& ms) {
    std::vector<Id> out;
    for (const auto& m : ms) out.push_back(m.seeker_id);
    return out;
}

// Seekers 10-13, scored by hand against freight_handler() with every weight 1 (score = sum / 7).
std::vector<Profile> four_seekers() {
    return {
        // 10: everything asked. 1+1+1+1+1+1+1 = 7 -> 1.
        {.id = 10,
         .commune = "05103",
         .education = EducationLevel::Technical,
         .experience = {{"9333", 24}},
         .skills = {"first aid", "forklift", "welding"},
         .licences = {"B", "D"},
         .shifts = {Shift::Night},
         .available_from = Date(2026, 12, 1)},
        // 11: occupation 9334 shares minor group 933 -> 0.75; experience 6 of 12 months -> 0.5 (8344 is
        //     elsewhere); skills 2/3; licences 1/2; Valparaíso, same province 051 -> 0.6; day shift only
        //     but available now -> 0.5; primary < secondary -> 0.
        //     0.75 + 0.5 + 2/3 + 0.5 + 0.6 + 0.5 + 0 = 211/60; / 7 = 211/420 = 0.502380952...
        {.id = 11,
         .commune = "05101",
         .education = EducationLevel::Primary,
         .experience = {{"9334", 6}, {"8344", 30}},
         .skills = {"forklift", "first aid"},
         .licences = {"B"},
         .shifts = {Shift::Day}},
        // 12: sub-major 93 -> 0.5; experience 0 (93 shares only 2 levels); skills 0/3; licences 2/2;
        //     La Ligua, same region 05 -> 0.3; any shift but from 2027-01-10 -> 0.5; secondary -> 1.
        //     0.5 + 0 + 0 + 1 + 0.3 + 0.5 + 1 = 3.3; / 7 = 0.471428571...
        {.id = 12,
         .commune = "05401",
         .education = EducationLevel::Secondary,
         .experience = {{"93", 40}},
         .licences = {"A2", "B", "D"},
         .available_from = Date(2027, 1, 10)},
        // 13: no experience -> 0 and 0; skills 1/3; no licences -> 0; Santiago -> 0; lists "flexible",
        //     available now -> 1; university -> 1. 0 + 0 + 1/3 + 0 + 0 + 1 + 1 = 7/3; / 7 = 1/3.
        {.id = 13,
         .commune = "13101",
         .education = EducationLevel::University,
         .skills = {"welding"},
         .shifts = {Shift::Flexible}},
    };
}

// The reference ranking: explain every seeker, sort by rounded score then id.
std::vector<Match> brute_force(const Opening& v, const std::vector<Profile>& seekers, std::size_t n, const Weights& w) {
    std::vector<Match> all;
    for (const auto& s : seekers) all.push_back(explain(v, s, w));
    std::stable_sort(all.begin(), all.end(), [](const Match& a, const Match& b) {
        const auto ka = std::llround(a.score * 1e9), kb = std::llround(b.score * 1e9);
        if (ka != kb) return ka > kb;
        return a.seeker_id < b.seeker_id;
    });
    if (all.size() > n) all.resize(n);
    return all;
}

// Deterministic random data (std::mt19937's sequence is fixed by the standard; no distributions).
struct Gen {
    std::mt19937 rng{20261123};
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); }
    template <class T>
    const T& pick(const std::vector<T>& v) {
        return v[below(static_cast<std::uint32_t>(v.size()))];
    }
};

const std::vector<std::string> kCodes = {"9333", "9334", "9321", "9329", "933", "93", "9",
                                         "8344", "8322", "5120", "9999", "",    "x1"};
const std::vector<std::string> kCommunes = {"05103", "05101", "05109", "05102", "05401",
                                            "05501", "13101", "5103",  "",      "concon"};
const std::vector<std::string> kSkills = {"forklift", "first aid", "welding", "excel",    "driving",
                                          "cooking",  "cleaning",  "sales",   "inventory"};
const std::vector<std::string> kLicences = {"A1", "A2", "A4", "B", "C", "D"};

Profile random_seeker(Gen& g, Id id) {
    Profile p;
    p.id = id;
    p.commune = g.pick(kCommunes);
    p.education = static_cast<EducationLevel>(g.below(7));
    for (auto k = g.below(4); k > 0; --k) p.experience.push_back({g.pick(kCodes), static_cast<int>(g.below(40)) - 2});
    for (auto k = g.below(5); k > 0; --k) p.skills.push_back(g.pick(kSkills));
    for (auto k = g.below(3); k > 0; --k) p.licences.push_back(g.pick(kLicences));
    for (auto k = g.below(3); k > 0; --k) p.shifts.push_back(static_cast<Shift>(g.below(6)));
    if (g.below(2)) p.available_from = Date(2026, 11, 1).add_days(g.below(90));
    return p;
}

Opening random_vacancy(Gen& g, Id id) {
    Opening v;
    v.id = id;
    v.occupation = g.pick(kCodes);
    v.commune = g.pick(kCommunes);
    v.education = static_cast<EducationLevel>(g.below(7));
    v.experience_months = static_cast<int>(g.below(4)) * 6;
    for (auto k = g.below(4); k > 0; --k) v.skills.push_back(g.pick(kSkills));
    for (auto k = g.below(3); k > 0; --k) v.licences.push_back(g.pick(kLicences));
    v.shift = static_cast<Shift>(g.below(6));
    v.starts = Date(2026, 11, 1).add_days(g.below(90));
    return v;
}

}  // namespace

TEST_CASE("A seeker with everything asked scores 1 on every factor", "[matching_rules]") {
    const auto m = explain(freight_handler(), four_seekers()[0], kOnes);
    CHECK(m.seeker_id == 10);
    CHECK(m.vacancy_id == 1);
    CHECK(m.score == Approx(1.0));
    REQUIRE(m.factors.size() == 7u);
    const char* names[] = {"occupation", "experience", "skills", "licences", "distance", "availability", "education"};
    for (std::size_t i = 0; i < 7; ++i) {
        INFO(names[i]);
        CHECK(m.factors[i].name == names[i]);
        CHECK(m.factors[i].score == 1.0);
        CHECK(m.factors[i].weight == 1.0);
    }
    CHECK(factor(m, "occupation").explanation == "same unit group 9333 (Freight handlers)");
    CHECK(factor(m, "skills").explanation == "has all 3 skills: first aid, forklift, welding");
    CHECK(factor(m, "licences").explanation == "holds all 2 licences: B, D");
    CHECK(contains(factor(m, "distance").explanation, "same commune"));
    CHECK(factor(m, "availability").explanation == "works night shift; available from 2026-12-01, needed 2026-12-01");
    CHECK(contains(factor(m, "experience").explanation, "24 months in minor group 933"));
}

TEST_CASE("Every factor of a partial match, computed by hand", "[matching_rules]") {
    const auto m = explain(freight_handler(), four_seekers()[1], kOnes);
    CHECK(factor(m, "occupation").score == 0.75);
    CHECK(factor(m, "experience").score == 0.5);
    CHECK(factor(m, "skills").score == Approx(2.0 / 3.0));
    CHECK(factor(m, "licences").score == 0.5);
    CHECK(factor(m, "distance").score == 0.6);
    CHECK(factor(m, "availability").score == 0.5);
    CHECK(factor(m, "education").score == 0.0);
    CHECK(m.score == Approx(211.0 / 420.0));  // 0.502380952

    CHECK(contains(factor(m, "occupation").explanation, "same minor group 933 (Transport and storage labourers)"));
    CHECK(contains(factor(m, "occupation").explanation, "9334 (Shelf fillers)"));
    CHECK(factor(m, "experience").explanation ==
          "6 months in minor group 933 (Transport and storage labourers) or closer; 12 asked");
    CHECK(factor(m, "skills").explanation == "has 2 of 3 skills: first aid, forklift; missing: welding");
    CHECK(factor(m, "licences").explanation == "holds 1 of 2 licences: B; missing: D");
    CHECK(factor(m, "distance").explanation == "same province (051)");
    CHECK(contains(factor(m, "availability").explanation, "does not work night shift (works day)"));
    CHECK(contains(factor(m, "availability").explanation, "available now"));
    CHECK(factor(m, "education").explanation == "has primary, below the secondary asked");
}

TEST_CASE("Sub-major nearness, no counted experience, a late start, same region", "[matching_rules]") {
    const auto m = explain(freight_handler(), four_seekers()[2], kOnes);
    CHECK(factor(m, "occupation").score == 0.5);
    CHECK(factor(m, "experience").score == 0.0);  // 93 shares 2 levels: its 40 months do not count
    CHECK(factor(m, "skills").score == 0.0);
    CHECK(factor(m, "licences").score == 1.0);
    CHECK(factor(m, "distance").score == 0.3);
    CHECK(factor(m, "availability").score == 0.5);
    CHECK(factor(m, "education").score == 1.0);
    CHECK(m.score == Approx(3.3 / 7.0));  // 0.471428571

    CHECK(contains(factor(m, "occupation").explanation, "same sub-major group 93"));
    CHECK(factor(m, "skills").explanation == "has 0 of 3 skills; missing: first aid, forklift, welding");
    CHECK(factor(m, "distance").explanation == "same region (05)");
    CHECK(contains(factor(m, "availability").explanation, "available from 2027-01-10, needed 2026-12-01"));
}

TEST_CASE("No experience, another region, a seeker flexible about shifts", "[matching_rules]") {
    const auto m = explain(freight_handler(), four_seekers()[3], kOnes);
    CHECK(factor(m, "occupation").score == 0.0);
    CHECK(factor(m, "experience").score == 0.0);
    CHECK(factor(m, "skills").score == Approx(1.0 / 3.0));
    CHECK(factor(m, "licences").score == 0.0);
    CHECK(factor(m, "distance").score == 0.0);
    CHECK(factor(m, "availability").score == 1.0);
    CHECK(factor(m, "education").score == 1.0);
    CHECK(m.score == Approx(1.0 / 3.0));
    CHECK(contains(factor(m, "occupation").explanation, "no work experience"));
    CHECK(contains(factor(m, "distance").explanation, "different region"));
    CHECK(factor(m, "licences").explanation == "holds 0 of 2 licences; missing: B, D");
}

TEST_CASE("The default weights give the weighted mean", "[matching_rules]") {
    // Seeker 11 with the default weights (sum 1.0):
    //   0.35*0.75 + 0.10*0.5 + 0.15*(2/3) + 0.10*0.5 + 0.15*0.6 + 0.10*0.5 + 0.05*0
    //   = 0.2625 + 0.05 + 0.1 + 0.05 + 0.09 + 0.05 + 0 = 0.6025
    const auto m = explain(freight_handler(), four_seekers()[1]);
    CHECK(m.score == Approx(0.6025));
    CHECK(factor(m, "occupation").weight == 0.35);
    // Weights need not add up to 1: doubling them all changes nothing.
    const Weights doubled{.occupation = 0.7,
                          .experience = 0.2,
                          .skills = 0.3,
                          .licences = 0.2,
                          .distance = 0.3,
                          .availability = 0.2,
                          .education = 0.1};
    CHECK(explain(freight_handler(), four_seekers()[1], doubled).score == Approx(0.6025));
    // Only the occupation counts: the score is its factor.
    const Weights only_occupation{
        .occupation = 1, .experience = 0, .skills = 0, .licences = 0, .distance = 0, .availability = 0, .education = 0};
    CHECK(explain(freight_handler(), four_seekers()[1], only_occupation).score == 0.75);
}

TEST_CASE("Experience counts months in the minor group or closer, shorter codes included, capped at 1",
          "[matching_rules]") {
    Opening v = freight_handler();
    Profile p{.id = 5, .commune = "05103"};
    // 933 (the minor group itself) 8 + 9334 (same minor group) 2 = 10 of 12; 93 and 9321 do not count.
    p.experience = {{"933", 8}, {"9334", 2}, {"93", 40}, {"9321", 50}};
    auto m = explain(v, p, kOnes);
    CHECK(factor(m, "experience").score == Approx(10.0 / 12.0));
    CHECK(factor(m, "occupation").score == 0.75);
    CHECK(contains(factor(m, "experience").explanation, "10 months"));

    p.experience = {{"9333", 30}};
    CHECK(factor(explain(v, p, kOnes), "experience").score == 1.0);  // 30/12 capped

    v.experience_months = 0;
    p.experience = {};
    m = explain(v, p, kOnes);
    CHECK(factor(m, "experience").score == 1.0);  // none asked
    CHECK(factor(m, "experience").explanation == "no experience asked");
}

TEST_CASE("Nothing asked counts as met: skills, licences, education", "[matching_rules]") {
    Opening v{.id = 2, .occupation = "9333", .commune = "05103", .starts = Date(2026, 12, 1)};
    Profile p{.id = 3, .commune = "05103"};
    const auto m = explain(v, p, kOnes);
    CHECK(factor(m, "skills").score == 1.0);
    CHECK(factor(m, "skills").explanation == "no skills asked");
    CHECK(factor(m, "licences").score == 1.0);
    CHECK(factor(m, "education").score == 1.0);
    CHECK(factor(m, "availability").score == 1.0);  // flexible vacancy, available now
    CHECK(factor(m, "availability").explanation == "flexible shift; available now, needed 2026-12-01");
}

TEST_CASE("A vacancy's repeated skills count once", "[matching_rules]") {
    Opening v = freight_handler();
    v.skills = {"forklift", "forklift", "welding"};
    Profile p{.id = 3, .skills = {"forklift"}};
    const auto m = explain(v, p, kOnes);
    CHECK(factor(m, "skills").score == 0.5);
    CHECK(factor(m, "skills").explanation == "has 1 of 2 skills: forklift; missing: welding");
    v.licences = {"B"};
    p.licences = {"B"};
    CHECK(factor(explain(v, p, kOnes), "licences").explanation == "holds the licence asked: B");
    p.licences = {};
    CHECK(factor(explain(v, p, kOnes), "licences").explanation == "holds 0 of 1 licence; missing: B");
}

TEST_CASE("Unknown occupation codes and communes do not throw", "[matching_rules]") {
    Opening v = freight_handler();
    v.occupation = "9339";  // not an ISCO-08 group: nearness by leading digits
    v.commune = "";
    Profile p{.id = 3, .commune = "05103", .experience = {{"9338", 12}, {"", 3}}};
    const auto m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.75);
    CHECK(contains(factor(m, "occupation").explanation, "9338"));
    CHECK(factor(m, "experience").score == 1.0);
    CHECK(factor(m, "distance").score == 0.0);
    CHECK(contains(factor(m, "distance").explanation, "not a CUT code"));
    SeekerPool pool({p});
    const auto top = pool.top(v, 1, kOnes);
    REQUIRE(top.size() == 1u);
    CHECK(top[0].score == m.score);
}

TEST_CASE("territorial_steps compares CUT codes", "[matching_rules]") {
    CHECK(territorial_steps("05103", "05103") == 0);
    CHECK(territorial_steps("05103", "05109") == 1);  // Viña del Mar, province 051
    CHECK(territorial_steps("05103", "05501") == 2);  // Quillota, region 05
    CHECK(territorial_steps("05103", "13101") == 3);
    CHECK(territorial_steps("5103", "05103") == 0);  // leading zero dropped
    CHECK(territorial_steps("", "05103") == 3);
    CHECK(territorial_steps("concon", "concon") == 3);  // names are not codes
}

TEST_CASE("Weights refuse negatives, non-numbers and an all-zero set", "[matching_rules]") {
    Weights w;
    CHECK_NOTHROW(w.validate());
    w.skills = -0.1;
    auto e = capture<ValidationError>([&] { w.validate(); });
    CHECK(e.field() == "weights.skills");
    CHECK(e.value() == "-0.1");
    CHECK(contains(e.what(), "negative"));
    CHECK_THROWS_AS(explain(freight_handler(), four_seekers()[0], w), ValidationError);
    CHECK_THROWS_AS(SeekerPool(four_seekers()).top(freight_handler(), 3, w), ValidationError);

    w = Weights{};
    w.education = std::nan("");
    CHECK(capture<ValidationError>([&] { w.validate(); }).field() == "weights.education");

    const Weights zero{
        .occupation = 0, .experience = 0, .skills = 0, .licences = 0, .distance = 0, .availability = 0, .education = 0};
    e = capture<ValidationError>([&] { zero.validate(); });
    CHECK(e.field() == "weights");
    CHECK(contains(e.what(), "positive"));
}

TEST_CASE("A pool ranks by score, best first, explained", "[matching_rules]") {
    const SeekerPool pool(four_seekers());
    CHECK(pool.size() == 4u);
    const auto top = pool.top(freight_handler(), 3, kOnes);
    CHECK(ids_of(top) == std::vector<Id>{10, 11, 12});
    CHECK(top[0].score == Approx(1.0));
    CHECK(top[1].score == Approx(211.0 / 420.0));
    CHECK(top[2].score == Approx(3.3 / 7.0));
    CHECK(top[1].vacancy_id == 1);
    CHECK(factor(top[1], "skills").explanation == "has 2 of 3 skills: first aid, forklift; missing: welding");
    for (const auto& m : top) CHECK(m.factors.size() == 7u);
}

TEST_CASE("Asking for more than the pool holds returns everyone, none for n = 0", "[matching_rules]") {
    const SeekerPool pool(four_seekers());
    CHECK(ids_of(pool.top(freight_handler(), 100, kOnes)) == std::vector<Id>{10, 11, 12, 13});
    CHECK(pool.top(freight_handler(), 0, kOnes).empty());
    CHECK(SeekerPool().top(freight_handler(), 5).empty());
    CHECK(SeekerPool().size() == 0u);
    const auto ranked = rank_seekers(freight_handler(), four_seekers(), 2, kOnes);
    CHECK(ids_of(ranked) == std::vector<Id>{10, 11});
}

TEST_CASE("Equal scores rank by lower id", "[matching_rules]") {
    std::vector<Profile> seekers;
    for (Id id : {30, 20, 25, 21}) {
        Profile p = four_seekers()[1];
        p.id = id;
        seekers.push_back(p);
    }
    seekers[3].commune = "13101";  // 21 scores lower
    const auto top = SeekerPool(seekers).top(freight_handler(), 4, kOnes);
    CHECK(ids_of(top) == std::vector<Id>{20, 25, 30, 21});
    CHECK(top[0].score == top[2].score);
}

TEST_CASE("Scores that differ only by floating-point noise rank by id", "[matching_rules]") {
    // Both are 7/3 / 7 = 1/3 exactly, but the sum ((occ + exp) + (skills + licences)) +
    // ((distance + availability) + education) rounds differently:
    //   40: ((0 + 0) + (1/3 + 1/2)) + ((1 + 1/2) + 0)  -> 0.3333333333333333
    //   41: ((0 + 0) + (1/3 + 0))   + ((1 + 0)   + 1)  -> 0.33333333333333337
    const Profile x{.id = 40,
                    .commune = "05103",
                    .education = EducationLevel::Primary,
                    .experience = {{"5120", 12}},
                    .skills = {"welding"},
                    .licences = {"B"},
                    .shifts = {Shift::Day}};
    const Profile y{.id = 41,
                    .commune = "05103",
                    .education = EducationLevel::Secondary,
                    .experience = {{"5120", 12}},
                    .skills = {"welding"},
                    .shifts = {Shift::Day},
                    .available_from = Date(2027, 1, 10)};
    const auto top = SeekerPool({y, x}).top(freight_handler(), 2, kOnes);
    REQUIRE(top.size() == 2u);
    CHECK(ids_of(top) == std::vector<Id>{40, 41});
    CHECK(top[0].score == Approx(1.0 / 3.0));
    CHECK(top[1].score == Approx(1.0 / 3.0));
    CHECK(top[1].score > top[0].score);  // without rounding, 41 would come first
    CHECK(explain(freight_handler(), y, kOnes).score > explain(freight_handler(), x, kOnes).score);
}

TEST_CASE("find() looks seekers up by id, copies of a pool share its data", "[matching_rules]") {
    const SeekerPool pool(four_seekers());
    REQUIRE(pool.find(12) != nullptr);
    CHECK(pool.find(12)->commune == "05401");
    CHECK(pool.find(99) == nullptr);
    const SeekerPool copy = pool;
    CHECK(copy.size() == 4u);
    CHECK(copy.find(12) == pool.find(12));
}

TEST_CASE("The pool's top() equals explain() on everyone and a full sort", "[matching_rules]") {
    Gen g;
    // 3000 seekers with shuffled, unique ids (a Fisher-Yates shuffle driven by the generator).
    std::vector<Id> ids(3000);
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<Id>(1000 + i);
    for (std::size_t i = ids.size() - 1; i > 0; --i) std::swap(ids[i], ids[g.below(static_cast<std::uint32_t>(i + 1))]);
    std::vector<Profile> seekers;
    for (Id id : ids) seekers.push_back(random_seeker(g, id));
    const SeekerPool pool(seekers);

    const Weights weight_sets[] = {Weights{}, kOnes,
                                   Weights{.occupation = 0.5,
                                           .experience = 0,
                                           .skills = 0.3,
                                           .licences = 0,
                                           .distance = 0.2,
                                           .availability = 0,
                                           .education = 0}};
    int compared = 0;
    for (int k = 0; k < 12; ++k) {
        Opening v = random_vacancy(g, 500 + k);
        if (k == 1) v.experience_months = 2000;  // past the pool's table of months
        for (const auto& w : weight_sets) {
            const std::size_t n = k == 0 ? seekers.size() : 25;
            const auto fast = pool.top(v, n, w);
            const auto slow = brute_force(v, seekers, n, w);
            REQUIRE(fast.size() == slow.size());
            for (std::size_t i = 0; i < fast.size(); ++i) {
                INFO("vacancy " << k << " rank " << i);
                REQUIRE(fast[i].seeker_id == slow[i].seeker_id);
                // The fast path's score (what top() ranked by) is explain()'s, to the bit.
                REQUIRE(fast[i].score == slow[i].score);
                REQUIRE(fast[i].factors.size() == slow[i].factors.size());
                for (std::size_t j = 0; j < fast[i].factors.size(); ++j) {
                    CHECK(fast[i].factors[j].score == slow[i].factors[j].score);
                    CHECK(fast[i].factors[j].explanation == slow[i].factors[j].explanation);
                }
                ++compared;
            }
        }
    }
    CHECK(compared == 3 * (3000 + 11 * 25));
    // The first vacancy ranked everyone, so every seeker's fast score was checked once.
}

TEST_CASE("rank_vacancies ranks a seeker's vacancies, best first", "[matching_rules]") {
    const Profile p = four_seekers()[1];  // freight handling experience (9334), Valparaíso
    Opening near = freight_handler();     // scored 211/420 above
    near.id = 7;
    Opening same = near;  // an identical vacancy with a higher id ranks after it
    same.id = 9;
    Opening cook{.id = 8,
                 .occupation = "5120",
                 .commune = "13101",
                 .education = EducationLevel::Primary,
                 .shift = Shift::Day,
                 .starts = Date(2026, 12, 1)};
    // cook: occupation 0, experience 1 (none asked), skills 1, licences 1, distance 0, availability 1,
    // education 1 -> 5/7.
    const std::vector<Opening> vacancies = {near, cook, same};
    const auto ranked = rank_vacancies(p, vacancies, 5, kOnes);
    REQUIRE(ranked.size() == 3u);
    CHECK(ranked[0].vacancy_id == 8);
    CHECK(ranked[0].score == Approx(5.0 / 7.0));
    CHECK(ranked[1].vacancy_id == 7);
    CHECK(ranked[1].score == Approx(211.0 / 420.0));
    CHECK(ranked[2].vacancy_id == 9);
    for (const auto& m : ranked) CHECK(m.seeker_id == 11);
    CHECK(rank_vacancies(p, vacancies, 1, kOnes).size() == 1u);
    CHECK(rank_vacancies(p, vacancies, 0, kOnes).empty());
}

TEST_CASE("Occupation nearness at each ISCO-08 level, with the group and the experience named", "[matching_rules]") {
    const Opening v = freight_handler();  // 9333 Freight handlers
    Profile p{.id = 3, .commune = "05103"};
    // Unit group 9333: 1.
    p.experience = {{"9333", 1}};
    auto m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 1.0);
    CHECK(factor(m, "occupation").explanation == "same unit group 9333 (Freight handlers)");
    // Minor group 933: 0.75.
    p.experience = {{"9332", 5}};
    m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.75);
    CHECK(factor(m, "occupation").explanation ==
          "same minor group 933 (Transport and storage labourers): experience in 9332 (Drivers of animal-drawn "
          "vehicles and machinery), asked 9333 (Freight handlers)");
    // Sub-major group 93: 0.5. The experience is the group itself, so its label is given once.
    p.experience = {{"93", 40}};
    m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.5);
    CHECK(factor(m, "occupation").explanation ==
          "same sub-major group 93 (Labourers in mining, construction, manufacturing and transport): experience in "
          "93, asked 9333 (Freight handlers)");
    // Major group 9 only (9111 shares the first digit): 0.25; the experience does not count.
    p.experience = {{"9111", 20}};
    m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.25);
    CHECK(factor(m, "occupation").explanation ==
          "same major group 9 (Elementary occupations): experience in 9111 (Domestic cleaners and helpers), asked "
          "9333 (Freight handlers)");
    CHECK(factor(m, "experience").score == 0.0);
    CHECK(factor(m, "experience").explanation ==
          "0 months in minor group 933 (Transport and storage labourers) or closer; 12 asked");
    // Another major group: 0.
    p.experience = {{"5120", 20}};
    CHECK(factor(explain(v, p, kOnes), "occupation").score == 0.0);
    // No experience recorded: 0, and the sentence says what was asked.
    p.experience = {};
    m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.0);
    CHECK(factor(m, "occupation").explanation == "no work experience recorded; asked 9333 (Freight handlers)");
}

TEST_CASE("The occupation sentence names the nearest experience, the longest at that level", "[matching_rules]") {
    const Opening v = freight_handler();  // 12 months asked
    Profile p{.id = 3, .commune = "05103"};
    // 9111 shares 1 level, 9334 and 9332 share 3: of those, 9332 has more months. The months in
    // minor group 933 add up: 2 + 10 = 12 of 12 asked -> exactly 1.
    p.experience = {{"9111", 50}, {"9334", 2}, {"9332", 10}};
    auto m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.75);
    CHECK(contains(factor(m, "occupation").explanation, "experience in 9332 (Drivers of animal-drawn"));
    CHECK(factor(m, "experience").score == 1.0);
    CHECK(factor(m, "experience").explanation ==
          "12 months in minor group 933 (Transport and storage labourers) or closer; 12 asked");
    // Equal months at the best level: the first given is named.
    p.experience = {{"9334", 5}, {"9332", 5}};
    CHECK(contains(factor(explain(v, p, kOnes), "occupation").explanation, "experience in 9334 (Shelf fillers)"));
    // A nearer occupation wins over more months further away.
    p.experience = {{"93", 100}, {"9334", 1}};
    CHECK(contains(factor(explain(v, p, kOnes), "occupation").explanation, "experience in 9334"));
}

TEST_CASE("No experience near the vacancy: the first three occupations are listed", "[matching_rules]") {
    const Opening v = freight_handler();
    const Profile p{.id = 3, .commune = "05103", .experience = {{"5120", 1}, {"7212", 2}, {"8344", 3}, {"8322", 4}}};
    const auto m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.0);
    CHECK(factor(m, "occupation").explanation ==
          "no experience near 9333 (Freight handlers); experience in 5120 (Cooks), 7212 (Welders and flamecutters), "
          "8344 (Lifting truck operators), ...");
    // Three or fewer: all of them, no ellipsis.
    const Profile q{.id = 4, .commune = "05103", .experience = {{"5120", 1}}};
    CHECK(factor(explain(v, q, kOnes), "occupation").explanation ==
          "no experience near 9333 (Freight handlers); experience in 5120 (Cooks)");
}

TEST_CASE("Experience: negative months count as none, one month, a vacancy code too coarse to compare",
          "[matching_rules]") {
    Opening v = freight_handler();  // 12 months asked in 9333
    Profile p{.id = 3, .commune = "05103", .experience = {{"9333", -5}, {"9334", 1}}};
    // -5 counts as 0, so 0 + 1 = 1 month of 12.
    auto m = explain(v, p, kOnes);
    CHECK(factor(m, "experience").score == Approx(1.0 / 12.0));
    CHECK(factor(m, "experience").explanation ==
          "1 month in minor group 933 (Transport and storage labourers) or closer; 12 asked");
    CHECK(factor(m, "occupation").score == 1.0);  // nearness does not depend on months
    // The pool computes the same score.
    auto top = SeekerPool({p}).top(v, 1, kOnes);
    REQUIRE(top.size() == 1u);
    CHECK(top[0].score == m.score);

    // A vacancy coded only to the sub-major group (93): no experience can be in its minor group.
    v.occupation = "93";
    p.experience = {{"9333", 30}};
    m = explain(v, p, kOnes);
    CHECK(factor(m, "occupation").score == 0.5);
    CHECK(factor(m, "experience").score == 0.0);
    CHECK(factor(m, "experience").explanation ==
          "0 months count: the vacancy's occupation \"93\" is not precise enough to compare; 12 asked");

    // A negative number of months asked is none asked.
    v = freight_handler();
    v.experience_months = -3;
    p.experience = {};
    m = explain(v, p, kOnes);
    CHECK(factor(m, "experience").score == 1.0);
    CHECK(factor(m, "experience").explanation == "no experience asked");
}

TEST_CASE("Availability: each shift case and the start-date boundary, half each", "[matching_rules]") {
    const Opening v = freight_handler();  // night shift, needed from 2026-12-01
    Profile p{.id = 3, .commune = "05103"};
    auto availability = [&](const Opening& o) { return factor(explain(o, p, kOnes), "availability"); };

    // No shift listed means any shift; available now.
    CHECK(availability(v).score == 1.0);
    CHECK(availability(v).explanation ==
          "any shift (none listed), night shift asked; available now, needed 2026-12-01");
    p.shifts = {Shift::Day, Shift::Night};
    CHECK(availability(v).score == 1.0);
    CHECK(availability(v).explanation == "works night shift; available now, needed 2026-12-01");
    p.shifts = {Shift::Day, Shift::Flexible};
    CHECK(availability(v).score == 1.0);
    CHECK(availability(v).explanation == "flexible about shifts, night shift asked; available now, needed 2026-12-01");
    // Another shift: 0.5 for the date only.
    p.shifts = {Shift::Day, Shift::Afternoon};
    CHECK(availability(v).score == 0.5);
    CHECK(availability(v).explanation ==
          "does not work night shift (works day, afternoon); available now, needed 2026-12-01");

    // Available on the day it starts: in time. The day after: too late, 0.5 for the shift only.
    p.shifts = {Shift::Night};
    p.available_from = Date(2026, 12, 1);
    CHECK(availability(v).score == 1.0);
    CHECK(availability(v).explanation == "works night shift; available from 2026-12-01, needed 2026-12-01");
    p.available_from = Date(2026, 12, 2);
    CHECK(availability(v).score == 0.5);
    CHECK(availability(v).explanation == "works night shift; available from 2026-12-02, needed 2026-12-01 (too late)");
    // Neither: 0.
    p.shifts = {Shift::Day};
    CHECK(availability(v).score == 0.0);
    // A flexible vacancy takes any shift: 0.5 for the shift, none for the late date.
    Opening flexible = v;
    flexible.shift = Shift::Flexible;
    CHECK(availability(flexible).score == 0.5);
    CHECK(availability(flexible).explanation ==
          "flexible shift; available from 2026-12-02, needed 2026-12-01 (too late)");
}

TEST_CASE("Education: the level asked or above counts, below does not", "[matching_rules]") {
    Opening v = freight_handler();  // secondary asked
    Profile p{.id = 3, .commune = "05103"};
    auto education = [&] { return factor(explain(v, p, kOnes), "education"); };
    p.education = EducationLevel::Secondary;  // the same level
    CHECK(education().score == 1.0);
    CHECK(education().explanation == "has secondary, reaching the secondary asked");
    p.education = EducationLevel::TechnicalSecondary;
    CHECK(education().score == 1.0);
    p.education = EducationLevel::Postgraduate;
    CHECK(education().score == 1.0);
    CHECK(education().explanation == "has postgraduate, reaching the secondary asked");
    p.education = EducationLevel::None;
    CHECK(education().score == 0.0);
    CHECK(education().explanation == "has none, below the secondary asked");
    // Nothing asked: anyone, even with no schooling.
    v.education = EducationLevel::None;
    CHECK(education().score == 1.0);
    CHECK(education().explanation == "no education asked");
}

TEST_CASE("Distance: each territorial step explained, codes trimmed", "[matching_rules]") {
    Opening v = freight_handler();  // Concón 05103
    Profile p{.id = 3};
    auto distance = [&] { return factor(explain(v, p, kOnes), "distance"); };
    p.commune = " 05103 ";
    CHECK(distance().score == 1.0);
    CHECK(distance().explanation == "same commune (05103)");
    p.commune = "05109";
    CHECK(distance().score == 0.6);
    CHECK(distance().explanation == "same province (051)");
    p.commune = "05501";
    CHECK(distance().score == 0.3);
    CHECK(distance().explanation == "same region (05)");
    p.commune = "13101";
    CHECK(distance().score == 0.0);
    CHECK(distance().explanation == "different region (vacancy in 05, seeker in 13)");
    p.commune = "Concón";
    CHECK(distance().score == 0.0);
    CHECK(distance().explanation == "cannot compare: the seeker's commune \"Concón\" is not a CUT code");
    // The vacancy's code without its leading zero is the same commune; a bad vacancy code is named
    // first.
    v.commune = "5103";
    p.commune = "05103";
    CHECK(distance().explanation == "same commune (05103)");
    v.commune = "051030";
    p.commune = "x";
    CHECK(distance().explanation == "cannot compare: the vacancy's commune \"051030\" is not a CUT code");
    CHECK(territorial_steps(" 05103", "05103 ") == 0);
    CHECK(territorial_steps("051030", "051030") == 3);  // six digits: not a code
}

TEST_CASE("Skills and licences are compared as given, a seeker's repeats count once", "[matching_rules]") {
    const Opening v = freight_handler();  // first aid, forklift, welding; licences B, D
    Profile p{.id = 3, .commune = "05103", .skills = {"Forklift", "forklift", "forklift"}, .licences = {"b", "D"}};
    const auto m = explain(v, p, kOnes);
    // "Forklift" is not "forklift" (normalise first); "forklift" three times is one skill: 1/3.
    CHECK(factor(m, "skills").score == Approx(1.0 / 3.0));
    CHECK(factor(m, "skills").explanation == "has 1 of 3 skills: forklift; missing: first aid, welding");
    CHECK(factor(m, "licences").score == 0.5);
    CHECK(factor(m, "licences").explanation == "holds 1 of 2 licences: D; missing: B");
    const auto top = SeekerPool({p}).top(v, 1, kOnes);
    REQUIRE(top.size() == 1u);
    CHECK(top[0].score == m.score);
    // One skill asked and held.
    Opening welder = v;
    welder.skills = {"welding"};
    p.skills = {"welding"};
    CHECK(factor(explain(welder, p, kOnes), "skills").explanation == "has the skill asked: welding");
}

TEST_CASE("Weights: a zero weight leaves its factor out, each factor carries its weight", "[matching_rules]") {
    // Seeker 11 with the default weights but occupation 0: the other six weigh 0.65 and give
    //   0.10*0.5 + 0.15*(2/3) + 0.10*0.5 + 0.15*0.6 + 0.10*0.5 + 0.05*0 = 0.34 -> 0.34 / 0.65 = 0.523076923
    Weights w;
    w.occupation = 0;
    const auto m = explain(freight_handler(), four_seekers()[1], w);
    CHECK(m.score == Approx(0.34 / 0.65));
    CHECK(factor(m, "occupation").weight == 0.0);
    CHECK(factor(m, "occupation").score == 0.75);  // still scored and explained
    CHECK(factor(m, "experience").weight == 0.10);
    CHECK(factor(m, "skills").weight == 0.15);
    CHECK(factor(m, "licences").weight == 0.10);
    CHECK(factor(m, "distance").weight == 0.15);
    CHECK(factor(m, "availability").weight == 0.10);
    CHECK(factor(m, "education").weight == 0.05);
    // One positive weight is enough.
    CHECK_NOTHROW(Weights{.occupation = 0,
                          .experience = 0,
                          .skills = 0,
                          .licences = 0,
                          .distance = 0,
                          .availability = 0,
                          .education = 0.01}
                      .validate());
}

TEST_CASE("Weights refuse infinity, and every ranking checks them even with nothing to rank", "[matching_rules]") {
    Weights w;
    w.occupation = std::numeric_limits<double>::infinity();
    const auto e = capture<ValidationError>([&] { w.validate(); });
    CHECK(e.field() == "weights.occupation");
    CHECK(e.value() == "inf");
    CHECK(e.reason() == "must be a finite number");
    w = Weights{};
    w.distance = -1;
    CHECK(capture<ValidationError>([&] { w.validate(); }).reason() == "must not be negative");
    CHECK_THROWS_AS(rank_seekers(freight_handler(), {}, 5, w), ValidationError);
    CHECK_THROWS_AS(rank_vacancies(four_seekers()[0], {}, 5, w), ValidationError);
    CHECK_THROWS_AS(SeekerPool().top(freight_handler(), 0, w), ValidationError);
    CHECK(rank_vacancies(four_seekers()[0], {}, 5).empty());
}

TEST_CASE("Weights whose sum overflows are refused, naming the weights", "[matching_rules]") {
    // Each weight is finite, but 1e308 + 1e308 is not: the weighted mean would divide by infinity
    // (a score of 0 instead of 0.5, and NaN when both factors are 1).
    const Weights huge{.occupation = 1e308,
                       .experience = 1e308,
                       .skills = 0,
                       .licences = 0,
                       .distance = 0,
                       .availability = 0,
                       .education = 0};
    const Profile p{.id = 3, .commune = "05103", .experience = {{"9333", 0}}};
    try {
        (void)explain(freight_handler(), p, huge);
        FAIL("weights whose sum is infinite were accepted");
    } catch (const ValidationError& e) {
        CHECK(e.field() == "weights");
        CHECK(e.value() == "inf");
    }
    // Large weights whose sum stays finite still give the weighted mean.
    const Weights large{.occupation = 1e307,
                        .experience = 1e307,
                        .skills = 0,
                        .licences = 0,
                        .distance = 0,
                        .availability = 0,
                        .education = 0};
    CHECK(explain(freight_handler(), p, large).score == Approx(0.5));
}
