// Speed of SeekerPool::top() against the naive ranking (explain() every seeker, then a full sort),
// on synthetic seekers built deterministically. Not a test; build it optimised:
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DOMILCRM_BENCH=ON
//   cmake --build build-bench --target bench_matching
//   build-bench/bench/bench_matching            # optional arguments: seekers (100000),
//                                               # vacancies (50), naive vacancies (10), seed (42)
//
// The seekers: 1-3 experience entries in ISCO-08 unit groups (two in three from 40 common ones,
// the rest from all 436), a commune of region 05 (Valparaíso) four times in five, otherwise anywhere
// in Chile, 0-8 skills from a vocabulary of 200 (common ones more often), licences B / A2 / A4 / D / C
// for about half of them, 0-2 shifts, an availability date for half of them. The vacancies: a common
// occupation, a commune of region 05, 1-5 skills, sometimes a licence and experience.
// The naive ranking is timed on the first vacancies only (it is slow), and its top 20 must equal
// the pool's. Last, the same seekers go into an office database (Seekers::add_many, one
// transaction) and Matching::seekers_for() is timed end to end: the first call loads and prepares
// the office's seekers, later calls reuse them until a seeker changes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "omilcrm/database.hpp"
#include "omilcrm/isco.hpp"
#include "omilcrm/rut.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/territory.hpp"

using namespace omilcrm;
using namespace omilcrm::matching;

namespace {

using Steady = std::chrono::steady_clock;

double ms_since(Steady::time_point t0) { return std::chrono::duration<double, std::milli>(Steady::now() - t0).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Deterministic: std::mt19937's sequence is fixed by the standard and no distribution is used.
struct World {
    std::mt19937 rng;
    std::vector<std::string> units, common_units, region05, communes, skills;

    explicit World(unsigned seed) : rng(seed) {
        for (const auto& o : isco::all())
            if (o.level == 4) units.push_back(o.code);
        for (int i = 0; i < 40; ++i) common_units.push_back(pick(units));
        for (const auto& c : territory::communes()) {
            communes.push_back(c.code);
            if (c.region_code == "05") region05.push_back(c.code);
        }
        const char* words[] = {"forklift",         "welding",  "first aid", "excel",    "cashier",
                               "cooking",          "cleaning", "inventory", "sales",    "driving",
                               "pruning",          "masonry",  "plumbing",  "painting", "electrical",
                               "customer service", "packing",  "picking",   "security", "carpentry"};
        for (int level = 1; level <= 10; ++level)
            for (const char* w : words) {
                std::string s = w;
                if (level > 1) s.append(" ").append(std::to_string(level));
                skills.push_back(std::move(s));
            }
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); }
    const std::string& pick(const std::vector<std::string>& v) {
        return v[below(static_cast<std::uint32_t>(v.size()))];
    }
    // Common skills more often: the square of a uniform number favours the low indexes.
    const std::string& skill() {
        const double u = static_cast<double>(below(1'000'000)) / 1e6;
        return skills[static_cast<std::size_t>(u * u * static_cast<double>(skills.size()))];
    }
    std::string occupation() { return below(3) < 2 ? pick(common_units) : pick(units); }
    std::string commune() { return below(5) < 4 ? pick(region05) : pick(communes); }

    Profile seeker(Id id) {
        Profile p;
        p.id = id;
        p.commune = commune();
        p.education = static_cast<EducationLevel>(below(7));
        for (auto k = 1 + below(3); k > 0; --k) p.experience.push_back({occupation(), static_cast<int>(below(120))});
        for (auto k = below(9); k > 0; --k) p.skills.push_back(skill());
        p.skills = normalize_skills(p.skills);
        static const std::vector<std::string> licences = {"B", "B", "B", "B", "A2", "A4", "D", "C"};
        if (below(2)) p.licences.push_back(pick(licences));
        if (below(8) == 0) p.licences.push_back(pick(licences));
        p.licences = normalize_licences(p.licences);
        for (auto k = below(3); k > 0; --k) p.shifts.push_back(static_cast<Shift>(below(6)));
        if (below(2)) p.available_from = Date(2026, 11, 23).add_days(below(60));
        return p;
    }

    Opening vacancy(Id id) {
        Opening v;
        v.id = id;
        v.occupation = pick(common_units);
        v.commune = pick(region05);
        v.education = static_cast<EducationLevel>(below(5));
        v.experience_months = below(2) ? static_cast<int>(below(5)) * 6 : 0;
        for (auto k = 1 + below(5); k > 0; --k) v.skills.push_back(skill());
        v.skills = normalize_skills(v.skills);
        if (below(3) == 0) v.licences.push_back(below(2) ? "B" : "A4");
        v.shift = static_cast<Shift>(below(6));
        v.starts = Date(2026, 11, 23).add_days(below(45));
        return v;
    }
};

std::vector<Match> naive_top(const Opening& v, const std::vector<Profile>& seekers, std::size_t n) {
    std::vector<Match> all;
    all.reserve(seekers.size());
    for (const auto& s : seekers) all.push_back(explain(v, s));
    std::sort(all.begin(), all.end(), [](const Match& a, const Match& b) {
        const auto ka = std::llround(a.score * 1e9), kb = std::llround(b.score * 1e9);
        return ka != kb ? ka > kb : a.seeker_id < b.seeker_id;
    });
    all.resize(std::min(n, all.size()));
    return all;
}

}  // namespace

int main(int argc, char** argv) {
    const int n_seekers = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int n_vacancies = argc > 2 ? std::atoi(argv[2]) : 50;
    const int n_naive = std::min(n_vacancies, argc > 3 ? std::atoi(argv[3]) : 10);
    const unsigned seed = argc > 4 ? static_cast<unsigned>(std::atoi(argv[4])) : 42u;
    constexpr std::size_t kTop = 20;
    constexpr int kRepeats = 5;  // top() calls per vacancy

    World world(seed);
    std::vector<Profile> seekers;
    seekers.reserve(static_cast<std::size_t>(n_seekers));
    for (int i = 0; i < n_seekers; ++i) seekers.push_back(world.seeker(100000 + i));
    std::vector<Opening> vacancies;
    for (int i = 0; i < n_vacancies; ++i) vacancies.push_back(world.vacancy(1 + i));
    std::size_t skill_tags = 0;
    for (const auto& s : seekers) skill_tags += s.skills.size();
    std::printf("seekers: %d (%.2f skills each), vacancies: %d, top %zu, seed %u\n", n_seekers,
                static_cast<double>(skill_tags) / std::max(1, n_seekers), n_vacancies, kTop, seed);

    std::vector<double> build_ms;
    SeekerPool pool;
    for (int r = 0; r < 3; ++r) {
        auto copy = seekers;  // the pool takes its profiles by value
        const auto t0 = Steady::now();
        pool = SeekerPool(std::move(copy));
        build_ms.push_back(ms_since(t0));
    }
    std::printf("SeekerPool construction: median %.1f ms, best %.1f ms (3 runs)\n", median(build_ms),
                *std::min_element(build_ms.begin(), build_ms.end()));

    std::vector<double> fast_ms;
    double checksum = 0;
    for (const auto& v : vacancies) {
        for (int r = 0; r < kRepeats; ++r) {
            const auto t0 = Steady::now();
            const auto top = pool.top(v, kTop);
            const double t = ms_since(t0);
            fast_ms.push_back(t);
            checksum += top.front().score;
        }
    }
    std::printf("pool.top(v, %zu): median %.3f ms, best %.3f ms, worst %.3f ms (%d vacancies x %d)\n", kTop,
                median(fast_ms), *std::min_element(fast_ms.begin(), fast_ms.end()),
                *std::max_element(fast_ms.begin(), fast_ms.end()), n_vacancies, kRepeats);

    std::vector<double> naive_ms;
    int mismatches = 0;
    for (int i = 0; i < n_naive; ++i) {
        const auto t0 = Steady::now();
        const auto slow = naive_top(vacancies[static_cast<std::size_t>(i)], seekers, kTop);
        naive_ms.push_back(ms_since(t0));
        const auto fast = pool.top(vacancies[static_cast<std::size_t>(i)], kTop);
        for (std::size_t k = 0; k < slow.size(); ++k)
            if (fast[k].seeker_id != slow[k].seeker_id || fast[k].score != slow[k].score) ++mismatches;
    }
    if (n_naive > 0) {
        std::printf("naive explain()+sort:   median %.1f ms, best %.1f ms (%d vacancies)\n", median(naive_ms),
                    *std::min_element(naive_ms.begin(), naive_ms.end()), n_naive);
        std::printf("speed-up (median/median): %.0fx; top %zu identical to the naive ranking: %s\n",
                    median(naive_ms) / median(fast_ms), kTop, mismatches == 0 ? "yes" : "NO");
    }
    std::printf("(checksum %.6f)\n", checksum);

    // End to end through the database.
    auto db = Database::open(":memory:", {.clock = std::make_shared<FixedClock>(Date(2026, 11, 23))});
    const Office office = db.offices().add({.name = "OMIL Concón", .commune = "05103"});
    db.staff().add({.office_id = office.meta.id,
                    .name = "Gestora",
                    .role = StaffRole::TerritorialManager,
                    .started = Date(2026, 1, 5)});
    const Employer acme =
        db.employers().add({.office_id = office.meta.id, .rut = "76.086.428-5", .legal_name = "Logística Gulmué SpA"});
    std::vector<NewJobSeeker> rows;
    rows.reserve(seekers.size());
    for (const auto& p : seekers) {
        NewJobSeeker s;
        s.office_id = office.meta.id;
        s.rut = Rut::from_body(static_cast<std::uint32_t>(5'000'000 + p.id)).str();
        s.name = "Persona " + std::to_string(p.id);
        s.commune = p.commune;
        s.education = p.education;
        s.experience = p.experience;
        s.skills = p.skills;
        s.licences = p.licences;
        s.shifts = p.shifts;
        s.available_from = p.available_from;
        s.consent_on = Date(2026, 1, 5);
        s.registered_on = Date(2026, 1, 5);
        s.consent_scope = {"intermediation"};
        rows.push_back(std::move(s));
    }
    auto t0 = Steady::now();
    db.seekers().add_many(rows);
    std::printf("database: %zu seekers stored with Seekers::add_many in %.0f ms\n", rows.size(), ms_since(t0));
    const Opening& o = vacancies.front();
    const Vacancy vac = db.vacancies().capture({.employer_id = acme.meta.id,
                                                .title = "Vacante",
                                                .occupation = o.occupation,
                                                .shift = o.shift,
                                                .commune = o.commune,
                                                .education = o.education,
                                                .experience_months = o.experience_months,
                                                .licences = o.licences,
                                                .skills = o.skills});
    t0 = Steady::now();
    const auto first = db.matching().seekers_for(vac.meta.id, kTop);
    std::printf("Matching::seekers_for, first call (loads and prepares the seekers): %.1f ms\n", ms_since(t0));
    std::vector<double> warm_ms;
    for (int r = 0; r < 20; ++r) {
        t0 = Steady::now();
        const auto again = db.matching().seekers_for(vac.meta.id, kTop);
        warm_ms.push_back(ms_since(t0));
        if (again.front().seeker_id != first.front().seeker_id) ++mismatches;
    }
    std::printf("Matching::seekers_for, later calls: median %.3f ms, worst %.3f ms (20 calls)\n", median(warm_ms),
                *std::max_element(warm_ms.begin(), warm_ms.end()));
    return mismatches == 0 ? 0 : 1;
}
