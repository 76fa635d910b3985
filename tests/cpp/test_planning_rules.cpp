// Visit planning: ordering employer visits of one day inside their visiting windows.
#include "helpers.hpp"

#include <algorithm>
#include <random>

#include "omilcrm/planning.hpp"

using namespace omilcrm;
using namespace omilcrm::planner;
using omt::capture;
using omt::contains;

namespace {

// The Concón office (Santa Laura) and landmarks used below.
constexpr GeoPoint kOffice{-32.9236, -71.5197};
constexpr GeoPoint kVina{-33.0245, -71.5518};
constexpr GeoPoint kSantiago{-33.4489, -70.6693};
constexpr GeoPoint kGulmue{-32.94, -71.47};

// Monday 2026-11-23, 09:00, 8 hours, no vehicle, default speeds and detour.
PlanOptions monday() {
    PlanOptions o;
    o.day = omt::test_day();
    o.start = kOffice;
    return o;
}

// A point `dlat` degrees north of the office (0.01 deg = 1.112 km, 8 min on foot + bus).
GeoPoint north(double dlat) { return {kOffice.lat + dlat, kOffice.lon}; }

Candidate cand(Id id, GeoPoint where, const std::string& hours, int visit = 45, double priority = 0,
               bool must = false) {
    Candidate c;
    c.employer_id = id;
    c.name = "Empresa " + std::to_string(id);
    c.location = where;
    c.windows = parse_visiting_hours(hours);
    c.visit_minutes = visit;
    c.priority = priority;
    c.must_visit = must;
    return c;
}

const LeftOut* left_out(const Plan& p, Id id) {
    for (const LeftOut& l : p.left_out)
        if (l.employer_id == id) return &l;
    return nullptr;
}

std::vector<Id> stop_ids(const Plan& p) {
    std::vector<Id> ids;
    for (const Stop& s : p.stops) ids.push_back(s.employer_id);
    return ids;
}

// Independent check of a plan against the rules; returns "" when it is feasible.
std::string violation(const Plan& p, const std::vector<Candidate>& cs, const PlanOptions& o) {
    const Weekday wd = o.day.weekday();
    const int deadline = o.start_minute + o.max_working_minutes;
    auto find = [&](Id id) -> const Candidate* {
        for (const Candidate& c : cs)
            if (c.employer_id == id) return &c;
        return nullptr;
    };
    std::vector<Id> seen;
    GeoPoint at = o.start;
    int time = o.start_minute;
    int travel = 0;
    double score = 0;
    for (const Stop& s : p.stops) {
        const Candidate* c = find(s.employer_id);
        if (!c) return "unknown stop " + std::to_string(s.employer_id);
        seen.push_back(s.employer_id);
        const int leg = travel_minutes(at, c->location, o);
        if (s.travel_minutes != leg) return "wrong leg time";
        if (s.arrive_minute < time + leg) return "arrives before it could";
        if (s.start_minute < s.arrive_minute) return "starts before arriving";
        if (s.depart_minute != s.start_minute + c->visit_minutes) return "wrong visit length";
        bool inside = false;
        for (const VisitingWindow& w : c->windows)
            if (w.open_on(wd) && w.start_minute <= s.start_minute && s.depart_minute <= w.end_minute) inside = true;
        if (!inside) return "visit outside every window of " + std::to_string(s.employer_id);
        if (s.depart_minute > deadline) return "visit after the working day";
        time = s.depart_minute;
        at = c->location;
        travel += leg;
        score += c->priority + 1;
    }
    if (o.return_to_start) {
        travel += travel_minutes(at, o.start, o);
        time += travel_minutes(at, o.start, o);
    }
    if (p.end_minute != time) return "wrong end_minute";
    if (p.end_minute > deadline) return "ends after the working day";
    if (p.travel_minutes != travel) return "wrong travel_minutes";
    if (std::abs(p.score - score) > 1e-9) return "wrong score";
    for (const LeftOut& l : p.left_out) seen.push_back(l.employer_id);
    std::sort(seen.begin(), seen.end());
    if (seen.size() != cs.size() || std::adjacent_find(seen.begin(), seen.end()) != seen.end())
        return "every candidate must be either a stop or left out, once";
    return "";
}

bool same_plan(const Plan& a, const Plan& b) {
    if (a.stops.size() != b.stops.size() || a.left_out.size() != b.left_out.size()) return false;
    for (std::size_t i = 0; i < a.stops.size(); ++i) {
        const Stop &x = a.stops[i], &y = b.stops[i];
        if (x.employer_id != y.employer_id || x.arrive_minute != y.arrive_minute || x.start_minute != y.start_minute ||
            x.depart_minute != y.depart_minute || x.travel_minutes != y.travel_minutes || x.travel_km != y.travel_km)
            return false;
    }
    for (std::size_t i = 0; i < a.left_out.size(); ++i)
        if (a.left_out[i].employer_id != b.left_out[i].employer_id || a.left_out[i].reason != b.left_out[i].reason ||
            a.left_out[i].detail != b.left_out[i].detail)
            return false;
    return a.end_minute == b.end_minute && a.travel_minutes == b.travel_minutes && a.travel_km == b.travel_km &&
           a.score == b.score;
}

// A random small day around the Gulmué industrial park, plus a few employers across Concón.
std::vector<Candidate> random_instance(std::mt19937& rng, int n, PlanOptions& o) {
    auto uni = [&](double lo, double hi) { return lo + (hi - lo) * static_cast<double>(rng() % 100000) / 100000.0; };
    o = monday();
    o.vehicle = rng() % 3 == 0;
    o.max_working_minutes = 240 + static_cast<int>(rng() % 5) * 60;
    o.start_minute = 8 * 60 + static_cast<int>(rng() % 3) * 30;
    std::vector<Candidate> cs;
    for (int i = 0; i < n; ++i) {
        Candidate c;
        c.employer_id = 100 + static_cast<Id>(rng() % 900) * 10 + i;  // unique, unordered
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

TEST_CASE("Great-circle distance between known points", "[planner]") {
    // Concón (Santa Laura) to Viña del Mar: 11.612 km by the haversine formula, R = 6371.0088 km.
    CHECK(distance_km(kOffice, kVina) == Approx(11.612).margin(0.01));
    CHECK(distance_km(kVina, kOffice) == Approx(distance_km(kOffice, kVina)));
    CHECK(distance_km(kOffice, kOffice) == 0.0);
    // One degree of latitude is R * pi / 180 = 111.195 km.
    CHECK(distance_km({0, 0}, {1, 0}) == Approx(111.195).margin(0.001));
    // Concón to Santiago is about 100 km as the crow flies.
    CHECK(distance_km(kOffice, kSantiago) == Approx(100.0).margin(5.0));
}

TEST_CASE("Travel minutes are rounded up, per mode", "[planner]") {
    PlanOptions o = monday();
    // 11.612 km x 1.3 = 15.096 km: 75.48 min at 12 km/h -> 76; 30.19 min at 30 km/h -> 31.
    CHECK(travel_minutes(kOffice, kVina, o) == 76);
    o.vehicle = true;
    CHECK(travel_minutes(kOffice, kVina, o) == 31);
    o.vehicle = false;
    o.detour_factor = 1.0;  // 11.612 km at 12 km/h = 58.06 min -> 59
    CHECK(travel_minutes(kOffice, kVina, o) == 59);
    CHECK(travel_minutes(kOffice, kOffice, o) == 0);
    // A speed that makes the trip exactly 10 minutes stays 10 (no rounding up of noise).
    o.transit_kmh = distance_km(kOffice, kVina) * 6.0;
    CHECK(travel_minutes(kOffice, kVina, o) == 10);
    // 0.01 degree north = 1.112 km x 1.3 at 12 km/h = 7.23 min -> 8.
    CHECK(travel_minutes(kOffice, north(0.01), monday()) == 8);
    CHECK(to_string(LeftOutReason::WindowClosed) == "window_closed");
    CHECK(to_string(LeftOutReason::OutOfReach) == "out_of_reach");
    CHECK(to_string(LeftOutReason::DayFull) == "day_full");
}

TEST_CASE("A window that opens later makes the visit wait", "[planner]") {
    const PlanOptions o = monday();
    const std::vector<Candidate> cs = {cand(1, north(0.01), "mon-fri 10:00-12:00")};
    for (const Plan& p : {plan_day(cs, o), plan_day_exact(cs, o)}) {
        REQUIRE(p.stops.size() == 1);
        const Stop& s = p.stops[0];
        CHECK(s.employer_id == 1);
        CHECK(s.travel_minutes == 8);
        CHECK(s.arrive_minute == 9 * 60 + 8);  // 09:08
        CHECK(s.start_minute == 10 * 60);      // waits for 10:00
        CHECK(s.depart_minute == 10 * 60 + 45);
        CHECK(p.end_minute == 10 * 60 + 53);  // 8 minutes back
        CHECK(p.travel_minutes == 16);
        CHECK(p.travel_km == Approx(2 * 1.3 * distance_km(kOffice, north(0.01))));
        CHECK(p.left_out.empty());
        CHECK(p.score == 1.0);
        CHECK(violation(p, cs, o).empty());
    }
}

TEST_CASE("The second window is used when the first is missed", "[planner]") {
    PlanOptions o = monday();
    // Arrives 09:08: the 09:00-09:40 window cannot hold a 45-minute visit, 15:00-17:00 can.
    const std::vector<Candidate> cs = {cand(1, north(0.01), "mon-fri 08:30-09:40; mon-fri 15:00-17:00")};
    const Plan p = plan_day(cs, o);
    REQUIRE(p.stops.size() == 1);
    CHECK(p.stops[0].start_minute == 15 * 60);
    CHECK(violation(p, cs, o).empty());
}

TEST_CASE("No window on the weekday, or none long enough: window_closed", "[planner]") {
    const PlanOptions o = monday();  // a Monday
    const std::vector<Candidate> cs = {cand(1, north(0.01), "sat 09:00-13:00"),
                                       cand(2, north(0.01), "mon 09:00-09:30"),  // 45 min visit
                                       cand(3, north(0.02), "mon-fri 09:00-18:00")};
    const Plan p = plan_day(cs, o);
    CHECK(stop_ids(p) == std::vector<Id>{3});
    REQUIRE(p.left_out.size() == 2);
    CHECK(p.left_out[0].employer_id == 1);
    CHECK(p.left_out[0].reason == LeftOutReason::WindowClosed);
    CHECK(contains(p.left_out[0].detail, "no visiting window on mon"));
    CHECK(p.left_out[1].employer_id == 2);
    CHECK(p.left_out[1].reason == LeftOutReason::WindowClosed);
    CHECK(contains(p.left_out[1].detail, "long enough"));
    CHECK(violation(p, cs, o).empty());
}

TEST_CASE("Too far or too late even alone: out_of_reach", "[planner]") {
    PlanOptions o = monday();
    const std::vector<Candidate> cs = {// Santiago: ~100 km x 1.3 at 12 km/h is more than 10 hours each way.
                                       cand(1, kSantiago, "mon-fri 09:00-18:00"),
                                       // Open only before the staff member can get there (arrives 09:08).
                                       cand(2, north(0.01), "mon-fri 08:00-09:00"),
                                       // Open late, but the visit plus the trip back end after 17:00.
                                       cand(3, north(0.01), "mon-fri 16:30-18:00"),
                                       cand(4, north(0.01), "mon-fri 09:00-18:00")};
    const Plan p = plan_day(cs, o);
    CHECK(stop_ids(p) == std::vector<Id>{4});
    REQUIRE(left_out(p, 1));
    CHECK(left_out(p, 1)->reason == LeftOutReason::OutOfReach);
    CHECK(contains(left_out(p, 1)->detail, "there and back"));
    REQUIRE(left_out(p, 2));
    CHECK(left_out(p, 2)->reason == LeftOutReason::OutOfReach);
    CHECK(contains(left_out(p, 2)->detail, "arrives at 09:08"));
    REQUIRE(left_out(p, 3));
    CHECK(left_out(p, 3)->reason == LeftOutReason::OutOfReach);
    CHECK(contains(left_out(p, 3)->detail, "17:00"));
    // With a vehicle Santiago is still out of reach in 8 hours (256 min each way). In a 12-hour
    // day it could be visited alone, so it becomes day_full: visiting 4 and 3 (16:30) scores the
    // same as 4 and Santiago but ends earlier.
    o.vehicle = true;
    CHECK(left_out(plan_day(cs, o), 1)->reason == LeftOutReason::OutOfReach);
    o.max_working_minutes = 12 * 60;
    CHECK(stop_ids(plan_day(cs, o)) == std::vector<Id>{4, 3});
    CHECK(left_out(plan_day(cs, o), 1)->reason == LeftOutReason::DayFull);
    // Alone, it fits: there by 13:16, back by 18:17.
    const Plan alone = plan_day({cs[0]}, o);
    REQUIRE(alone.stops.size() == 1);
    CHECK(alone.stops[0].arrive_minute == 9 * 60 + 256);
    CHECK(alone.end_minute == 9 * 60 + 256 + 45 + 256);
}

TEST_CASE("A full day leaves out the least urgent visit: day_full", "[planner]") {
    const PlanOptions o = monday();
    // Three 3-hour visits a few minutes away; only two fit in 8 hours.
    const std::vector<Candidate> cs = {cand(1, north(0.01), "mon-fri 09:00-18:00", 180, 5),
                                       cand(2, north(-0.01), "mon-fri 09:00-18:00", 180, 1),
                                       cand(3, north(0.02), "mon-fri 09:00-18:00", 180, 3)};
    for (const Plan& p : {plan_day(cs, o), plan_day_exact(cs, o)}) {
        CHECK(p.stops.size() == 2);
        REQUIRE(p.left_out.size() == 1);
        CHECK(p.left_out[0].employer_id == 2);
        CHECK(p.left_out[0].reason == LeftOutReason::DayFull);
        CHECK(p.priority_visited == 8.0);
        CHECK(p.score == 10.0);
        CHECK(violation(p, cs, o).empty());
    }
}

TEST_CASE("A must-visit beats a higher priority", "[planner]") {
    const PlanOptions o = monday();
    // Each visit takes 5 hours: only one fits.
    const std::vector<Candidate> cs = {cand(1, north(0.01), "mon-fri 09:00-18:00", 300, 50),
                                       cand(2, north(0.02), "mon-fri 09:00-18:00", 300, 1, true)};
    for (const Plan& p : {plan_day(cs, o), plan_day_exact(cs, o)}) {
        CHECK(stop_ids(p) == std::vector<Id>{2});
        CHECK(p.must_visited == 1);
        REQUIRE(left_out(p, 1));
        CHECK(left_out(p, 1)->reason == LeftOutReason::DayFull);
    }
    // A must-visit that cannot be reached is listed with its reason, not forced in.
    const std::vector<Candidate> far = {cand(1, north(0.01), "mon-fri 09:00-18:00", 45, 2),
                                        cand(2, kSantiago, "mon-fri 09:00-18:00", 45, 0, true)};
    const Plan p = plan_day(far, o);
    CHECK(stop_ids(p) == std::vector<Id>{1});
    CHECK(left_out(p, 2)->reason == LeftOutReason::OutOfReach);
}

TEST_CASE("Higher priority wins a slot, more visits win over fewer", "[planner]") {
    const PlanOptions o = monday();
    // Two short visits (priority 3 + 3 -> score 8) beat one long one (priority 6 -> score 7).
    const std::vector<Candidate> cs = {cand(1, north(0.01), "mon-fri 09:00-14:00", 240, 6),
                                       cand(2, north(0.02), "mon-fri 09:00-14:00", 100, 3),
                                       cand(3, north(0.03), "mon-fri 09:00-14:00", 100, 3)};
    const Plan exact = plan_day_exact(cs, o);
    CHECK(stop_ids(exact).size() == 2);
    CHECK(exact.score == 8.0);
    const Plan p = plan_day(cs, o);
    CHECK(p.score == exact.score);
    CHECK(left_out(p, 1)->reason == LeftOutReason::DayFull);
}

TEST_CASE("A vehicle gets more visits in than walking and bus", "[planner]") {
    PlanOptions o = monday();
    // Six employers spread between Concón and Viña del Mar, open all day.
    std::vector<Candidate> cs;
    for (int i = 0; i < 6; ++i)
        cs.push_back(
            cand(i + 1, {kOffice.lat - 0.02 * i, kOffice.lon - 0.005 * (i % 3)}, "mon-fri 09:00-18:00", 60, i));
    const Plan walking = plan_day(cs, o);
    o.vehicle = true;
    const Plan driving = plan_day(cs, o);
    CHECK(driving.stops.size() > walking.stops.size());
    CHECK(driving.stops.size() == 6);
    CHECK(violation(walking, cs, monday()).empty());
    CHECK(violation(driving, cs, o).empty());
}

TEST_CASE("Not returning to the office ends at the last visit", "[planner]") {
    PlanOptions o = monday();
    o.return_to_start = false;
    const std::vector<Candidate> cs = {cand(1, north(0.01), "mon-fri 09:00-18:00")};
    const Plan p = plan_day(cs, o);
    REQUIRE(p.stops.size() == 1);
    CHECK(p.end_minute == p.stops[0].depart_minute);
    CHECK(p.end_minute == 9 * 60 + 8 + 45);
    CHECK(p.travel_minutes == 8);
    const Plan none = plan_day({}, o);
    CHECK(none.stops.empty());
    CHECK(none.end_minute == 9 * 60);
}

TEST_CASE("Plans are deterministic and independent of input order", "[planner]") {
    std::mt19937 rng(20261123);
    PlanOptions o;
    const auto cs = random_instance(rng, 25, o);
    o.max_working_minutes = 8 * 60;
    const Plan a = plan_day(cs, o);
    const Plan b = plan_day(cs, o);
    CHECK(same_plan(a, b));
    auto shuffled = cs;
    for (int round = 0; round < 3; ++round) {
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        CHECK(same_plan(a, plan_day(shuffled, o)));
    }
    auto small = std::vector<Candidate>(cs.begin(), cs.begin() + 8);
    const Plan e = plan_day_exact(small, o);
    std::reverse(small.begin(), small.end());
    CHECK(same_plan(e, plan_day_exact(small, o)));
    // Left-out candidates come in employer id order.
    CHECK(std::is_sorted(a.left_out.begin(), a.left_out.end(),
                         [](const LeftOut& x, const LeftOut& y) { return x.employer_id < y.employer_id; }));
}

TEST_CASE("Every stop lies inside a window and after the previous one", "[planner]") {
    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        PlanOptions o;
        const auto cs = random_instance(rng, 15, o);
        const Plan p = plan_day(cs, o);
        INFO("round " << round);
        CHECK(violation(p, cs, o).empty());
        for (std::size_t i = 1; i < p.stops.size(); ++i)
            CHECK(p.stops[i].arrive_minute == p.stops[i - 1].depart_minute + p.stops[i].travel_minutes);
    }
}

TEST_CASE("The heuristic never beats the optimum and comes close to it", "[planner]") {
    std::mt19937 rng(42);
    int equal = 0;
    double ratio_sum = 0;
    const int instances = 200;
    for (int i = 0; i < instances; ++i) {
        PlanOptions o;
        const auto cs = random_instance(rng, 6 + static_cast<int>(rng() % 3), o);
        const Plan h = plan_day(cs, o);
        const Plan e = plan_day_exact(cs, o);
        INFO("instance " << i);
        REQUIRE(violation(h, cs, o).empty());
        REQUIRE(violation(e, cs, o).empty());
        CHECK_FALSE(better(h, e));
        CHECK(h.must_visited <= e.must_visited);
        // The same candidates are judged out of reach or closed by both.
        for (const LeftOut& l : e.left_out)
            if (l.reason != LeftOutReason::DayFull) {
                REQUIRE(left_out(h, l.employer_id));
                CHECK(left_out(h, l.employer_id)->reason == l.reason);
            }
        if (!better(e, h)) ++equal;
        ratio_sum += e.priority_visited > 0 ? h.priority_visited / e.priority_visited : 1.0;
    }
    const double mean = ratio_sum / instances;
    INFO("equal " << equal << "/" << instances << ", mean ratio " << mean);
    // Measured: 197/200 equal, mean ratio 0.9989 (see docs/planning.md); margin kept.
    CHECK(mean >= 0.98);
    CHECK(equal >= instances * 9 / 10);
}

TEST_CASE("Sixty candidates plan", "[planner]") {
    std::mt19937 rng(60);
    PlanOptions o;
    auto cs = random_instance(rng, 60, o);
    o.max_working_minutes = 8 * 60;
    const Plan p = plan_day(cs, o);
    CHECK(violation(p, cs, o).empty());
    CHECK(p.stops.size() + p.left_out.size() == 60);
    CHECK(!p.stops.empty());
    o.vehicle = !o.vehicle;
    CHECK(violation(plan_day(cs, o), cs, o).empty());
}

TEST_CASE("Options and candidates are validated, naming the field", "[planner]") {
    const std::vector<Candidate> ok = {cand(1, north(0.01), "mon-fri 09:00-18:00")};
    auto field_of = [&](PlanOptions o, std::vector<Candidate> cs = {}) {
        if (cs.empty()) cs = ok;
        return capture<ValidationError>([&] { plan_day(cs, o); }).field();
    };
    PlanOptions o = monday();
    o.max_working_minutes = 0;
    CHECK(field_of(o) == "max_working_minutes");
    o = monday();
    o.transit_kmh = 0;
    CHECK(field_of(o) == "transit_kmh");
    o = monday();
    o.vehicle_kmh = -5;
    CHECK(field_of(o) == "vehicle_kmh");
    o = monday();
    o.detour_factor = 0.9;
    CHECK(field_of(o) == "detour_factor");
    o = monday();
    o.start = {-95, 0};
    CHECK(field_of(o) == "start.lat");
    o = monday();
    o.start = {0, 181};
    CHECK(field_of(o) == "start.lon");
    o = monday();
    o.start_minute = 24 * 60;
    CHECK(field_of(o) == "start_minute");

    auto bad = ok;
    bad[0].visit_minutes = 0;
    CHECK(field_of(monday(), bad) == "visit_minutes");
    bad = ok;
    bad[0].location.lat = 91;
    CHECK(field_of(monday(), bad) == "location.lat");
    bad = ok;
    bad[0].location.lon = -200;
    CHECK(field_of(monday(), bad) == "location.lon");
    bad = ok;
    bad[0].priority = -1;
    CHECK(field_of(monday(), bad) == "priority");
    bad = ok;
    bad.push_back(ok[0]);
    CHECK(field_of(monday(), bad) == "employer_id");

    // The exact planner is for small instances only.
    std::vector<Candidate> many;
    for (int i = 0; i < 13; ++i) many.push_back(cand(i + 1, north(0.001 * i), "mon 09:00-18:00"));
    const auto e = capture<ValidationError>([&] { plan_day_exact(many, monday()); });
    CHECK(e.field() == "candidates");
    CHECK(e.value() == "13");
    many.pop_back();
    CHECK(violation(plan_day_exact(many, monday()), many, monday()).empty());
}
