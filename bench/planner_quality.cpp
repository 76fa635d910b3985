// Quality and speed of the visit planner's heuristic (plan_day) against the exact optimum
// (plan_day_exact). Not part of the default build; see docs/planning.md, "Quality":
//
//   g++ -O2 -std=c++20 -I libomilcrm/include bench/planner_quality.cpp
//       build-planner/libomilcrm/libomilcrm.a -lSQLiteCpp -lsqlite3 -o /tmp/planner_quality
//   (one command line)
//   /tmp/planner_quality            # optional arguments: instances (1000), seed (42)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "omilcrm/planning.hpp"

using namespace omilcrm;
using namespace omilcrm::planner;

namespace {

// A random day around the Gulmué industrial park (Concón), with a few employers across Concón:
// 1-2 windows of 45 min to 4 h between 08:00 and 19:30 (1 in 8 only on Saturday), visits of
// 30-90 min, priority 0-30, 1 in 10 a must-visit; the day starts at 08:00-09:00 from the office,
// lasts 4-8 hours, and a vehicle is available one day in three.
std::vector<Candidate> random_instance(std::mt19937& rng, int n, PlanOptions& o) {
    auto uni = [&](double lo, double hi) { return lo + (hi - lo) * static_cast<double>(rng() % 100000) / 100000.0; };
    o = PlanOptions{};
    o.day = Date(2026, 11, 23);  // a Monday
    o.start = {-32.9236, -71.5197};
    o.vehicle = rng() % 3 == 0;
    o.max_working_minutes = 240 + static_cast<int>(rng() % 5) * 60;
    o.start_minute = 8 * 60 + static_cast<int>(rng() % 3) * 30;
    std::vector<Candidate> cs;
    for (int i = 0; i < n; ++i) {
        Candidate c;
        c.employer_id = 100 + static_cast<Id>(rng() % 900) * 100 + i;
        const bool park = i < n - 2 || rng() % 2 == 0;
        c.location = park ? GeoPoint{uni(-32.955, -32.925), uni(-71.49, -71.45)}
                          : GeoPoint{uni(-32.96, -32.91), uni(-71.55, -71.50)};
        const int windows = 1 + static_cast<int>(rng() % 2);
        for (int w = 0; w < windows; ++w) {
            VisitingWindow vw;
            vw.weekdays = rng() % 8 == 0 ? std::uint8_t{0b0100000} : std::uint8_t{0b0011111};
            vw.start_minute = 8 * 60 + static_cast<int>(rng() % 16) * 30;
            vw.end_minute = std::min(24 * 60, vw.start_minute + 45 + static_cast<int>(rng() % 8) * 30);
            c.windows.push_back(vw);
        }
        c.visit_minutes = 30 + static_cast<int>(rng() % 5) * 15;
        c.priority = static_cast<double>(rng() % 31);
        c.must_visit = rng() % 10 == 0;
        cs.push_back(c);
    }
    return cs;
}

}  // namespace

int main(int argc, char** argv) {
    const int instances = argc > 1 ? std::atoi(argv[1]) : 1000;
    const unsigned seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 42u;
    using clock = std::chrono::steady_clock;

    std::mt19937 rng(seed);
    int equal = 0, beaten = 0, same_priority = 0;
    double ratio_sum = 0, worst = 1, score_ratio_sum = 0, worst_score = 1;
    double h_time = 0, e_time = 0, h_stops = 0, e_stops = 0;
    for (int i = 0; i < instances; ++i) {
        PlanOptions o;
        const auto cs = random_instance(rng, 8, o);
        auto t0 = clock::now();
        const Plan h = plan_day(cs, o);
        auto t1 = clock::now();
        const Plan e = plan_day_exact(cs, o);
        auto t2 = clock::now();
        h_time += std::chrono::duration<double, std::milli>(t1 - t0).count();
        e_time += std::chrono::duration<double, std::milli>(t2 - t1).count();
        if (better(h, e)) ++beaten;  // would be a bug in one of the two
        if (!better(e, h)) ++equal;
        if (h.must_visited == e.must_visited && h.score == e.score) ++same_priority;
        const double r = e.priority_visited > 0 ? h.priority_visited / e.priority_visited : 1.0;
        const double rs = e.score > 0 ? h.score / e.score : 1.0;
        ratio_sum += r;
        worst = std::min(worst, r);
        score_ratio_sum += rs;
        worst_score = std::min(worst_score, rs);
        h_stops += static_cast<double>(h.stops.size());
        e_stops += static_cast<double>(e.stops.size());
    }
    std::printf("instances: %d x 8 candidates (seed %u)\n", instances, seed);
    std::printf("heuristic equals optimum (whole objective): %.1f%% (%d)\n", 100.0 * equal / instances, equal);
    std::printf("same must-visits and visited priority:      %.1f%% (%d)\n", 100.0 * same_priority / instances,
                same_priority);
    std::printf("visited priority heuristic/exact: mean %.4f, worst %.4f\n", ratio_sum / instances, worst);
    std::printf("score (priority+1) heuristic/exact: mean %.4f, worst %.4f\n", score_ratio_sum / instances,
                worst_score);
    std::printf("mean stops: heuristic %.2f, exact %.2f\n", h_stops / instances, e_stops / instances);
    std::printf("heuristic better than exact (must be 0): %d\n", beaten);
    std::printf("mean time, 8 candidates: plan_day %.3f ms, plan_day_exact %.3f ms\n", h_time / instances,
                e_time / instances);

    std::mt19937 rng60(seed + 60);
    double total = 0, slowest = 0, stops = 0;
    const int runs = 100;
    for (int i = 0; i < runs; ++i) {
        PlanOptions o;
        const auto cs = random_instance(rng60, 60, o);
        o.max_working_minutes = 8 * 60;
        const auto t0 = clock::now();
        const Plan p = plan_day(cs, o);
        const double ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        total += ms;
        slowest = std::max(slowest, ms);
        stops += static_cast<double>(p.stops.size());
    }
    std::printf(
        "60 candidates, 8-hour day: mean %.2f ms, slowest %.2f ms over %d runs "
        "(mean %.1f stops)\n",
        total / runs, slowest, runs, stops / runs);
    return beaten == 0 ? 0 : 1;
}
