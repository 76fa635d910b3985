// The visit planner, pure: candidates and options in, a plan out (public, planning.hpp).
#include "omilcrm/planning.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <unordered_set>
#include <utility>

#include "omilcrm/error.hpp"

namespace omilcrm::planner {

namespace {

constexpr double kEarthRadiusKm = 6371.0088;
constexpr double kPi = 3.14159265358979323846;
constexpr double kKmEps = 1e-9;
constexpr int kMinutesPerDay = 24 * 60;

std::string fmt_num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string hhmm(int minutes) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

// ---------------------------------------------------------------------------------------------
// Validation

void check_point(GeoPoint p, const std::string& field, const std::string& whose) {
    if (!std::isfinite(p.lat) || p.lat < -90 || p.lat > 90)
        throw ValidationError(field + ".lat", fmt_num(p.lat), "latitude must be between -90 and 90" + whose);
    if (!std::isfinite(p.lon) || p.lon < -180 || p.lon > 180)
        throw ValidationError(field + ".lon", fmt_num(p.lon), "longitude must be between -180 and 180" + whose);
}

void validate(const std::vector<Candidate>& cs, const PlanOptions& o) {
    if (o.max_working_minutes <= 0)
        throw ValidationError("max_working_minutes", std::to_string(o.max_working_minutes), "must be greater than 0");
    if (o.start_minute < 0 || o.start_minute >= kMinutesPerDay)
        throw ValidationError("start_minute", std::to_string(o.start_minute),
                              "must be minutes after midnight, 0 to 1439");
    if (!std::isfinite(o.vehicle_kmh) || o.vehicle_kmh <= 0)
        throw ValidationError("vehicle_kmh", fmt_num(o.vehicle_kmh), "must be greater than 0");
    if (!std::isfinite(o.transit_kmh) || o.transit_kmh <= 0)
        throw ValidationError("transit_kmh", fmt_num(o.transit_kmh), "must be greater than 0");
    if (!std::isfinite(o.detour_factor) || o.detour_factor < 1)
        throw ValidationError("detour_factor", fmt_num(o.detour_factor),
                              "must be at least 1 (roads are never shorter than a straight line)");
    check_point(o.start, "start", "");
    std::unordered_set<Id> seen;
    for (const Candidate& c : cs) {
        const std::string whose = " (employer " + std::to_string(c.employer_id) + ")";
        if (!seen.insert(c.employer_id).second)
            throw ValidationError("employer_id", std::to_string(c.employer_id), "appears twice among the candidates");
        if (c.visit_minutes <= 0)
            throw ValidationError("visit_minutes", std::to_string(c.visit_minutes), "must be greater than 0" + whose);
        if (!std::isfinite(c.priority) || c.priority < 0)
            throw ValidationError("priority", fmt_num(c.priority), "must be 0 or more" + whose);
        check_point(c.location, "location", whose);
        for (const VisitingWindow& w : c.windows)
            if (w.start_minute < 0 || w.end_minute > kMinutesPerDay || w.end_minute <= w.start_minute)
                throw ValidationError("windows", w.str(), "a window must run forward within the day" + whose);
    }
}

// ---------------------------------------------------------------------------------------------
// The problem after classification: only candidates that can be visited alone take part.

struct Node {
    const Candidate* cand = nullptr;
    std::vector<std::pair<int, int>> windows;  // [start, end) open today, long enough, by start
    int visit = 0;
    double weight = 0;  // priority + 1
    bool must = false;
};

struct Score {
    int must = 0;
    double weight = 0;
    int end = 0;
    double km = 0;
};

// a strictly better than b
bool better_score(const Score& a, const Score& b) {
    if (a.must != b.must) return a.must > b.must;
    if (std::abs(a.weight - b.weight) > kKmEps) return a.weight > b.weight;
    if (a.end != b.end) return a.end < b.end;
    return a.km < b.km - kKmEps;
}

struct Problem {
    const PlanOptions* o = nullptr;
    int day_start = 0;
    int deadline = 0;
    std::vector<Node> nodes;  // by employer id
    int size = 0;             // nodes.size(); matrix index 0 is the start, node k is k + 1
    std::vector<int> t;       // (size+1)^2 minutes
    std::vector<double> km;   // (size+1)^2 road km
    std::vector<LeftOut> excluded;

    int tm(int a, int b) const { return t[static_cast<std::size_t>(a * (size + 1) + b)]; }
    double dk(int a, int b) const { return km[static_cast<std::size_t>(a * (size + 1) + b)]; }

    // Earliest start of node k's visit at or after `arrive`, or -1.
    int earliest_start(int k, int arrive) const {
        const Node& n = nodes[static_cast<std::size_t>(k)];
        for (const auto& [ws, we] : n.windows) {
            const int s = std::max(arrive, ws);
            if (s + n.visit <= we) return s;
        }
        return -1;
    }

    // Where a schedule stands after some of a route's stops.
    struct Partial {
        int time = 0;  // departure from the last stop (or the day's start)
        int prev = 0;  // matrix index of the last stop (0: the start)
        double dist = 0;
        int must = 0;
        double weight = 0;
    };
    Partial start() const { return {day_start, 0, 0, 0, 0}; }

    // The earliest-start schedule of route[from..len) after `at`, the state after route[0..from).
    // False when infeasible. The sums are made in route order, so a route evaluated from the state
    // after a prefix gets the same score, to the bit, as one evaluated from its start.
    bool evaluate_from(const int* route, int len, int from, const Partial& at, Score& out) const {
        int time = at.time;
        int prev = at.prev;
        double dist = at.dist;
        int must = at.must;
        double weight = at.weight;
        for (int i = from; i < len; ++i) {
            const int k = route[i];
            const int s = earliest_start(k, time + tm(prev, k + 1));
            if (s < 0) return false;
            const Node& n = nodes[static_cast<std::size_t>(k)];
            time = s + n.visit;
            if (time > deadline) return false;
            dist += dk(prev, k + 1);
            must += n.must ? 1 : 0;
            weight += n.weight;
            prev = k + 1;
        }
        if (o->return_to_start) {
            time += tm(prev, 0);
            dist += dk(prev, 0);
        }
        if (time > deadline) return false;
        out = {must, weight, time, dist};
        return true;
    }

    // Earliest-start schedule of a route of node indices. False when infeasible.
    bool evaluate(const int* route, int len, Score& out) const { return evaluate_from(route, len, 0, start(), out); }

    // The state after each prefix of a feasible route r: out[k] after its first k stops (k = 0 to
    // r.size()), as evaluate_from computes it. False (out unusable) when r is infeasible.
    bool prefixes(const std::vector<int>& r, std::vector<Partial>& out) const {
        out.resize(r.size() + 1);
        Partial at = start();
        out[0] = at;
        for (std::size_t i = 0; i < r.size(); ++i) {
            const int k = r[i];
            const int s = earliest_start(k, at.time + tm(at.prev, k + 1));
            if (s < 0) return false;
            const Node& n = nodes[static_cast<std::size_t>(k)];
            at.time = s + n.visit;
            if (at.time > deadline) return false;
            at.dist += dk(at.prev, k + 1);
            at.must += n.must ? 1 : 0;
            at.weight += n.weight;
            at.prev = k + 1;
            out[i + 1] = at;
        }
        return true;
    }
    bool evaluate(const std::vector<int>& r, Score& out) const {
        return evaluate(r.data(), static_cast<int>(r.size()), out);
    }
};

std::string windows_text(const std::vector<VisitingWindow>& today) {
    std::string s;
    for (const VisitingWindow& w : today) {
        if (!s.empty()) s += ", ";
        s += hhmm(w.start_minute) + "-" + hhmm(w.end_minute);
    }
    return s;
}

Problem make_problem(const std::vector<Candidate>& candidates, const PlanOptions& o) {
    validate(candidates, o);
    std::vector<const Candidate*> sorted;
    sorted.reserve(candidates.size());
    for (const Candidate& c : candidates) sorted.push_back(&c);
    std::sort(sorted.begin(), sorted.end(),
              [](const Candidate* a, const Candidate* b) { return a->employer_id < b->employer_id; });

    Problem p;
    p.o = &o;
    p.day_start = o.start_minute;
    p.deadline = o.start_minute + o.max_working_minutes;
    const Weekday wd = o.day.weekday();
    const std::string day_name(omilcrm::to_string(wd));

    for (const Candidate* c : sorted) {
        const auto today = windows_on(c->windows, wd);
        auto leave = [&](LeftOutReason r, std::string detail) {
            p.excluded.push_back({c->employer_id, r, std::move(detail)});
        };
        if (today.empty()) {
            leave(LeftOutReason::WindowClosed, "no visiting window on " + day_name);
            continue;
        }
        Node n;
        n.cand = c;
        n.visit = c->visit_minutes;
        n.weight = c->priority + 1;
        n.must = c->must_visit;
        for (const VisitingWindow& w : today)
            if (w.end_minute - w.start_minute >= c->visit_minutes) n.windows.emplace_back(w.start_minute, w.end_minute);
        std::sort(n.windows.begin(), n.windows.end());
        if (n.windows.empty()) {
            leave(LeftOutReason::WindowClosed, "no window on " + day_name + " is long enough for a " +
                                                   std::to_string(c->visit_minutes) + "-minute visit (" +
                                                   windows_text(today) + ")");
            continue;
        }
        // Alone: start -> c (-> start).
        const int go = travel_minutes(o.start, c->location, o);
        const int back = o.return_to_start ? go : 0;  // symmetric
        if (go + c->visit_minutes + back > o.max_working_minutes) {
            leave(LeftOutReason::OutOfReach, std::to_string(go) + " min travel" +
                                                 (o.return_to_start ? " there and back" : "") + " plus the " +
                                                 std::to_string(c->visit_minutes) + "-minute visit exceed the " +
                                                 std::to_string(o.max_working_minutes) + "-minute working day");
            continue;
        }
        const int arrive = p.day_start + go;
        int s = -1;
        for (const auto& [ws, we] : n.windows) {
            const int st = std::max(arrive, ws);
            if (st + n.visit <= we) {
                s = st;
                break;
            }
        }
        if (s < 0) {
            leave(LeftOutReason::OutOfReach, "arrives at " + hhmm(arrive) + ", too late for its windows on " +
                                                 day_name + " (" + windows_text(today) + ")");
            continue;
        }
        // The earliest feasible start was taken; any later one ends later, so this decides.
        if (s + n.visit + back > p.deadline) {
            leave(LeftOutReason::OutOfReach,
                  "its windows on " + day_name + " (" + windows_text(today) + ") leave no time to visit and " +
                      (o.return_to_start ? "be back" : "finish") + " by " + hhmm(p.deadline));
            continue;
        }
        p.nodes.push_back(std::move(n));
    }

    p.size = static_cast<int>(p.nodes.size());
    const auto dim = static_cast<std::size_t>(p.size + 1);
    p.t.assign(dim * dim, 0);
    p.km.assign(dim * dim, 0.0);
    auto point = [&](std::size_t i) { return i == 0 ? o.start : p.nodes[i - 1].cand->location; };
    for (std::size_t i = 0; i < dim; ++i)
        for (std::size_t j = i + 1; j < dim; ++j) {
            const GeoPoint a = point(i), b = point(j);
            const int m = travel_minutes(a, b, o);
            const double d = distance_km(a, b) * o.detour_factor;
            p.t[i * dim + j] = p.t[j * dim + i] = m;
            p.km[i * dim + j] = p.km[j * dim + i] = d;
        }
    return p;
}

Plan build_plan(const Problem& p, const std::vector<int>& route) {
    Plan plan;
    int time = p.day_start;
    int prev = 0;
    std::vector<char> in(static_cast<std::size_t>(p.size), 0);
    for (const int k : route) {
        const Node& n = p.nodes[static_cast<std::size_t>(k)];
        Stop s;
        s.employer_id = n.cand->employer_id;
        s.travel_minutes = p.tm(prev, k + 1);
        s.travel_km = p.dk(prev, k + 1);
        s.arrive_minute = time + s.travel_minutes;
        s.start_minute = p.earliest_start(k, s.arrive_minute);
        s.depart_minute = s.start_minute + n.visit;
        plan.travel_minutes += s.travel_minutes;
        plan.travel_km += s.travel_km;
        plan.priority_visited += n.cand->priority;
        plan.score += n.weight;
        plan.must_visited += n.must ? 1 : 0;
        plan.stops.push_back(s);
        time = s.depart_minute;
        prev = k + 1;
        in[static_cast<std::size_t>(k)] = 1;
    }
    if (p.o->return_to_start) {
        plan.travel_minutes += p.tm(prev, 0);
        plan.travel_km += p.dk(prev, 0);
        time += p.tm(prev, 0);
    }
    plan.end_minute = time;

    plan.left_out = p.excluded;
    for (int k = 0; k < p.size; ++k) {
        if (in[static_cast<std::size_t>(k)]) continue;
        const Node& n = p.nodes[static_cast<std::size_t>(k)];
        plan.left_out.push_back({n.cand->employer_id, LeftOutReason::DayFull,
                                 std::string(n.must ? "must-visit, but " : "") +
                                     "could be visited alone, but did not fit in the day with the " +
                                     std::to_string(route.size()) + " planned visit" + (route.size() == 1 ? "" : "s")});
    }
    std::sort(plan.left_out.begin(), plan.left_out.end(),
              [](const LeftOut& a, const LeftOut& b) { return a.employer_id < b.employer_id; });
    return plan;
}

// ---------------------------------------------------------------------------------------------
// The heuristic

class Search {
public:
    explicit Search(const Problem& p) : p_(p), rng_(0x5EED0u + static_cast<unsigned>(p.size)) {
        in_.assign(static_cast<std::size_t>(p.size), 0);
        for (const Node& n : p.nodes) shortest_visit_ = std::min(shortest_visit_, n.visit);
    }

    std::vector<int> run() {
        if (p_.size == 0) return {};
        const int n = p_.size;
        std::vector<int> ids(static_cast<std::size_t>(n));
        std::iota(ids.begin(), ids.end(), 0);

        // Construction orders (must-visits always first; ties by employer id = node index).
        auto by = [&](auto key) {
            std::vector<int> v = ids;
            std::stable_sort(v.begin(), v.end(), [&](int a, int b) {
                const Node& x = node(a);
                const Node& y = node(b);
                if (x.must != y.must) return x.must;
                return key(a) > key(b);
            });
            return v;
        };
        std::vector<std::vector<int>> orders;
        orders.push_back(by([&](int k) { return node(k).weight; }));
        orders.push_back(by([&](int k) {  // urgency per minute spent
            return node(k).weight / (node(k).visit + p_.tm(0, k + 1) + p_.tm(k + 1, 0));
        }));
        orders.push_back(by([&](int k) {  // tightest windows first
            int close = 0;
            for (const auto& w : node(k).windows) close = std::max(close, w.second);
            return -static_cast<double>(close);
        }));
        base_order_ = orders[0];

        std::vector<int> best;
        Score best_score{};
        bool have = false;
        for (const auto& order : orders)
            for (int crit = 0; crit < 2; ++crit) {
                std::vector<int> r;
                set_route(r);
                greedy_fill(r, order, crit);
                local_search(r);
                Score s{};
                p_.evaluate(r, s);
                if (!have || better_score(s, best_score)) {
                    best = r;
                    best_score = s;
                    have = true;
                }
            }

        // Iterated local search: drop a few stops, refill in a perturbed order, improve.
        std::vector<int> cur = best;
        Score cur_score = best_score;
        const int iterations = std::clamp(40 + 4 * n, 60, 200);
        std::vector<double> noisy(static_cast<std::size_t>(n));
        for (int it = 0; it < iterations; ++it) {
            std::vector<int> r = cur;
            if (!r.empty()) {
                const int drop = 1 + static_cast<int>(rng_() % std::min<std::size_t>(3, r.size()));
                for (int d = 0; d < drop && !r.empty(); ++d)
                    r.erase(r.begin() + static_cast<std::ptrdiff_t>(rng_() % r.size()));
            }
            set_route(r);
            for (int k = 0; k < n; ++k)
                noisy[static_cast<std::size_t>(k)] =
                    node(k).weight * (0.6 + 0.8 * static_cast<double>(rng_() % 1000) / 1000.0);
            std::vector<int> order = ids;
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
                if (node(a).must != node(b).must) return node(a).must;
                return noisy[static_cast<std::size_t>(a)] > noisy[static_cast<std::size_t>(b)];
            });
            greedy_fill(r, order, static_cast<int>(rng_() % 2));
            local_search(r);
            Score s{};
            if (!p_.evaluate(r, s)) continue;   // cannot happen: every move keeps feasibility
            if (!better_score(cur_score, s)) {  // accept equal or better
                cur = r;
                cur_score = s;
            }
            if (better_score(s, best_score)) {
                best = r;
                best_score = s;
            }
        }
        return best;
    }

private:
    const Node& node(int k) const { return p_.nodes[static_cast<std::size_t>(k)]; }

    void set_route(const std::vector<int>& r) {
        std::fill(in_.begin(), in_.end(), 0);
        for (int k : r) in_[static_cast<std::size_t>(k)] = 1;
    }

    // The schedule of route r that best_insertion reads: its score, each stop's departure and
    // the latest arrival at each stop that still lets the rest of the route finish in time
    // (feasibility only gets worse with a later arrival: a visit starts at its earliest, waiting
    // is allowed). False when r itself is infeasible, so nothing can be inserted.
    static constexpr int kNever = -1'000'000;  // no arrival time will do (minutes of a day are >= 0)
    bool prepare(const std::vector<int>& r) {
        const int len = static_cast<int>(r.size());
        // The schedule stop by stop, then the way back (when there is one) for the route's score.
        if (!p_.prefixes(r, schedule_) ||
            !p_.evaluate_from(r.data(), len, len, schedule_[static_cast<std::size_t>(len)], base_))
            return false;
        dep_.resize(r.size());
        for (std::size_t j = 0; j < r.size(); ++j) dep_[j] = schedule_[j + 1].time;
        latest_.resize(r.size());
        for (int j = len - 1; j >= 0; --j) {
            const int q = r[static_cast<std::size_t>(j)];
            const int leave = j == len - 1 ? p_.deadline - (p_.o->return_to_start ? p_.tm(q + 1, 0) : 0)
                                           : latest_[static_cast<std::size_t>(j + 1)] -
                                                 p_.tm(q + 1, r[static_cast<std::size_t>(j + 1)] + 1);
            int arrive = kNever;
            for (const auto& [ws, we] : node(q).windows) {
                const int cap = std::min(we, leave) - node(q).visit;
                if (cap >= ws) arrive = std::max(arrive, cap);
            }
            latest_[static_cast<std::size_t>(j)] = arrive;
        }
        // The longest stretch between leaving one stop and the latest arrival at the next (or the
        // end of the day): a visit longer than that fits nowhere, however near it is.
        room_ = p_.deadline - (len == 0 ? p_.day_start : dep_.back());
        for (int j = 0; j < len; ++j)
            room_ = std::max(room_, latest_[static_cast<std::size_t>(j)] -
                                        (j == 0 ? p_.day_start : dep_[static_cast<std::size_t>(j - 1)]));
        return true;
    }

    // Best feasible position for k in r, whose schedule prepare(r) has read: crit 0 = earliest end
    // then km, 1 = fewest km then end. A position after which the next stop would be reached later
    // than its latest arrival is passed over at once; for the others only the part of the
    // schedule after the insertion point is recomputed, and only until it falls back onto the old
    // times.
    bool best_insertion(const std::vector<int>& r, int k, int crit, int& pos, Score& score) {
        const int len = static_cast<int>(r.size());
        const Score& base = base_;
        const Node& nk = node(k);
        if (nk.visit > room_) return false;
        bool found = false;
        for (int at = 0; at <= len; ++at) {
            const int prev = at == 0 ? 0 : r[static_cast<std::size_t>(at - 1)] + 1;
            const int next = at == len ? 0 : r[static_cast<std::size_t>(at)] + 1;
            const int before = at == 0 ? p_.day_start : dep_[static_cast<std::size_t>(at - 1)];
            const int s = p_.earliest_start(k, before + p_.tm(prev, k + 1));
            if (s < 0) continue;
            int time = s + nk.visit;
            if (time > p_.deadline) continue;
            if (at < len && time + p_.tm(k + 1, next) > latest_[static_cast<std::size_t>(at)]) continue;
            int end = 0;
            bool ok = true;
            int last = k + 1;
            int j = at;
            for (; j < len; ++j) {
                const int q = r[static_cast<std::size_t>(j)];
                const int st = p_.earliest_start(q, time + p_.tm(last, q + 1));
                if (st < 0) {
                    ok = false;
                    break;
                }
                time = st + node(q).visit;
                if (time > p_.deadline) {
                    ok = false;
                    break;
                }
                last = q + 1;
                if (time == dep_[static_cast<std::size_t>(j)]) break;  // back on the old schedule
            }
            if (!ok) continue;
            if (j < len) {
                end = base.end;
            } else {
                end = time + (p_.o->return_to_start ? p_.tm(last, 0) : 0);
                if (end > p_.deadline) continue;
            }
            const double back = (next == 0 && !p_.o->return_to_start) ? 0.0 : p_.dk(prev, next);
            const double fwd = (next == 0 && !p_.o->return_to_start) ? 0.0 : p_.dk(k + 1, next);
            const Score sc{base.must + (nk.must ? 1 : 0), base.weight + nk.weight, end,
                           base.km - back + p_.dk(prev, k + 1) + fwd};
            bool take = !found;
            if (found) {
                if (crit == 0) take = sc.end < score.end || (sc.end == score.end && sc.km < score.km - kKmEps);
                else take = sc.km < score.km - kKmEps || (std::abs(sc.km - score.km) <= kKmEps && sc.end < score.end);
            }
            if (take) {
                found = true;
                pos = at;
                score = sc;
            }
        }
        return found;
    }

    void greedy_fill(std::vector<int>& r, const std::vector<int>& order, int crit) {
        bool prepared = false;
        for (int k : order) {
            if (in_[static_cast<std::size_t>(k)]) continue;
            if (!prepared) {
                if (!prepare(r)) return;              // an infeasible route takes nothing more
                if (room_ < shortest_visit_) return;  // nor does a day with no stretch long enough
                prepared = true;
            }
            int pos = 0;
            Score s{};
            if (best_insertion(r, k, crit, pos, s)) {
                r.insert(r.begin() + pos, k);
                in_[static_cast<std::size_t>(k)] = 1;
                prepared = false;
            }
        }
    }

    // Best strictly improving reordering (relocate, swap, 2-opt); false when none.
    bool improve_order(std::vector<int>& r) {
        const int len = static_cast<int>(r.size());
        if (len < 2) return false;
        Score cur{};
        p_.evaluate(r, cur);
        Score best = cur;
        std::vector<int> best_route;
        // Each reordering keeps the route's stops before its first change: its schedule is
        // evaluated from there, on the state the route had reached.
        const bool from_prefix = p_.prefixes(r, prefix_);
        auto consider = [&](const std::vector<int>& cand, int first_change) {
            const int from = from_prefix ? first_change : 0;
            Score s{};
            if (p_.evaluate_from(cand.data(), len, from, prefix_[static_cast<std::size_t>(from)], s) &&
                better_score(s, best)) {
                best = s;
                best_route = cand;
            }
        };
        std::vector<int>& c = buf2_;
        for (int i = 0; i < len; ++i)
            for (int j = 0; j < len; ++j) {
                if (i == j) continue;
                c = r;  // relocate i to j
                const int k = c[static_cast<std::size_t>(i)];
                c.erase(c.begin() + i);
                c.insert(c.begin() + j, k);
                consider(c, std::min(i, j));
                if (j > i) {
                    c = r;  // swap
                    std::swap(c[static_cast<std::size_t>(i)], c[static_cast<std::size_t>(j)]);
                    consider(c, i);
                    if (j > i + 1) {
                        c = r;  // 2-opt
                        std::reverse(c.begin() + i, c.begin() + j + 1);
                        consider(c, i);
                    }
                }
            }
        if (best_route.empty()) return false;
        r = best_route;
        return true;
    }

    void local_search(std::vector<int>& r) {
        for (int guard = 0; guard < 1000; ++guard) {
            // 1. Anything left out that fits now.
            greedy_fill(r, base_order_, 0);
            // 2. A better order of the same visits.
            if (improve_order(r)) continue;
            // 3. Swap-in: drop one visit, refill with what is left out, keep if better.
            Score cur{};
            p_.evaluate(r, cur);
            bool changed = false;
            for (std::size_t i = 0; i < r.size() && !changed; ++i) {
                std::vector<int> t = r;
                const int dropped = t[i];
                t.erase(t.begin() + static_cast<std::ptrdiff_t>(i));
                set_route(t);
                in_[static_cast<std::size_t>(dropped)] = 1;  // do not put it straight back
                const std::size_t before = t.size();
                greedy_fill(t, base_order_, 0);
                if (t.size() == before) {
                    set_route(r);
                    continue;
                }
                in_[static_cast<std::size_t>(dropped)] = 0;
                Score s{};
                if (p_.evaluate(t, s) && better_score(s, cur)) {
                    r = t;
                    changed = true;
                }
                set_route(r);
            }
            if (!changed) return;
        }
    }

    const Problem& p_;
    std::mt19937 rng_;
    std::vector<char> in_;
    std::vector<int> base_order_;
    Score base_{};             // prepare()'s route: its score,
    std::vector<int> dep_;     // each stop's departure
    std::vector<int> latest_;  // the latest arrival at each stop that keeps the rest feasible
    int room_ = 0;             // and the longest stretch free for a visit
    int shortest_visit_ = std::numeric_limits<int>::max();
    std::vector<Problem::Partial> prefix_;    // improve_order's route, stop by stop
    std::vector<Problem::Partial> schedule_;  // prepare()'s route, stop by stop
    std::vector<int> buf2_;
};

// ---------------------------------------------------------------------------------------------
// The exact optimum: dynamic programming over (visited set, last stop) with Pareto labels
// (departure time, km). Earlier departure never hurts later visits (waiting is allowed), so
// labels dominated in both are safely dropped.

struct Label {
    int depart;
    double km;
    int prev_last;  // -1 for the first stop
    int prev_label;
};

std::vector<int> exact_route(const Problem& p) {
    const int n = p.size;
    if (n == 0) return {};
    const std::size_t states = (std::size_t{1} << n) * static_cast<std::size_t>(n);
    std::vector<std::vector<Label>> lab(states);
    auto at = [&](std::uint32_t mask, int last) -> std::vector<Label>& {
        return lab[static_cast<std::size_t>(mask) * static_cast<std::size_t>(n) + static_cast<std::size_t>(last)];
    };
    auto add = [&](std::vector<Label>& v, Label l) {
        for (const Label& e : v)
            if (e.depart <= l.depart && e.km <= l.km + kKmEps) return;
        v.erase(std::remove_if(v.begin(), v.end(),
                               [&](const Label& e) { return l.depart <= e.depart && l.km <= e.km + kKmEps; }),
                v.end());
        v.push_back(l);
    };
    for (int j = 0; j < n; ++j) {
        const int s = p.earliest_start(j, p.day_start + p.tm(0, j + 1));
        if (s < 0) continue;
        const int dep = s + p.nodes[static_cast<std::size_t>(j)].visit;
        if (dep > p.deadline) continue;
        add(at(1u << j, j), {dep, p.dk(0, j + 1), -1, -1});
    }
    const std::uint32_t full = (1u << n);
    for (std::uint32_t mask = 1; mask < full; ++mask)
        for (int last = 0; last < n; ++last) {
            if (!(mask & (1u << last))) continue;
            const auto& from = at(mask, last);
            for (std::size_t li = 0; li < from.size(); ++li) {
                const Label l = from[li];
                for (int j = 0; j < n; ++j) {
                    if (mask & (1u << j)) continue;
                    const int s = p.earliest_start(j, l.depart + p.tm(last + 1, j + 1));
                    if (s < 0) continue;
                    const int dep = s + p.nodes[static_cast<std::size_t>(j)].visit;
                    if (dep > p.deadline) continue;
                    add(at(mask | (1u << j), j), {dep, l.km + p.dk(last + 1, j + 1), last, static_cast<int>(li)});
                }
            }
        }

    Score best{0, 0, p.day_start, 0};  // the empty plan
    std::uint32_t best_mask = 0;
    int best_last = -1, best_label = -1;
    for (std::uint32_t mask = 1; mask < full; ++mask) {
        int must = 0;
        double weight = 0;
        for (int k = 0; k < n; ++k)
            if (mask & (1u << k)) {
                must += p.nodes[static_cast<std::size_t>(k)].must ? 1 : 0;
                weight += p.nodes[static_cast<std::size_t>(k)].weight;
            }
        for (int last = 0; last < n; ++last) {
            if (!(mask & (1u << last))) continue;
            const auto& v = at(mask, last);
            for (std::size_t li = 0; li < v.size(); ++li) {
                Score s{must, weight, v[li].depart, v[li].km};
                if (p.o->return_to_start) {
                    s.end += p.tm(last + 1, 0);
                    s.km += p.dk(last + 1, 0);
                }
                if (s.end > p.deadline) continue;
                if (better_score(s, best)) {
                    best = s;
                    best_mask = mask;
                    best_last = last;
                    best_label = static_cast<int>(li);
                }
            }
        }
    }
    std::vector<int> route;
    std::uint32_t mask = best_mask;
    int last = best_last, li = best_label;
    while (last >= 0) {
        route.push_back(last);
        const Label& l = at(mask, last)[static_cast<std::size_t>(li)];
        mask &= ~(1u << last);
        last = l.prev_last;
        li = l.prev_label;
    }
    std::reverse(route.begin(), route.end());
    return route;
}

}  // namespace

double distance_km(GeoPoint a, GeoPoint b) noexcept {
    constexpr double rad = kPi / 180.0;
    const double dlat = (b.lat - a.lat) * rad;
    const double dlon = (b.lon - a.lon) * rad;
    const double s1 = std::sin(dlat / 2), s2 = std::sin(dlon / 2);
    const double h = s1 * s1 + std::cos(a.lat * rad) * std::cos(b.lat * rad) * s2 * s2;
    return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

int travel_minutes(GeoPoint a, GeoPoint b, const PlanOptions& o) noexcept {
    const double kmh = o.vehicle ? o.vehicle_kmh : o.transit_kmh;
    const double minutes = distance_km(a, b) * o.detour_factor / kmh * 60.0;
    if (!(minutes > 0)) return 0;
    // Round up, but do not let floating-point noise turn an exact 12.0 into 13.
    return static_cast<int>(std::ceil(minutes - 1e-9));
}

bool better(const Plan& a, const Plan& b) noexcept {
    return better_score({a.must_visited, a.score, a.end_minute, a.travel_km},
                        {b.must_visited, b.score, b.end_minute, b.travel_km});
}

Plan plan_day(const std::vector<Candidate>& candidates, const PlanOptions& options) {
    const Problem p = make_problem(candidates, options);
    Search search(p);
    return build_plan(p, search.run());
}

Plan plan_day_exact(const std::vector<Candidate>& candidates, const PlanOptions& options) {
    if (candidates.size() > 12)
        throw ValidationError("candidates", std::to_string(candidates.size()),
                              "plan_day_exact handles at most 12 candidates; use plan_day");
    const Problem p = make_problem(candidates, options);
    return build_plan(p, exact_route(p));
}

}  // namespace omilcrm::planner
