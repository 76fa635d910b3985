#pragma once
// Visit planning: which employers a staff member visits on one day, in which order and when.
//
// The office has no vehicle most days and every company sets its own visiting hours. Given the
// day, the start point (the office), the travel mode and the working time, plan_day() orders the
// candidates so that every visit starts and ends inside one of the employer's visiting windows for
// that weekday (waiting for a window to open is allowed) and the most urgent visits get in.
// Everything is in minutes after midnight and kilometres. Pure computation: no database, no I/O.
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/visiting_hours.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm::planner {

/// A place on Earth in decimal degrees (WGS84): lat in [-90, 90], lon in [-180, 180].
struct GeoPoint {
    double lat = 0, lon = 0;
};

/// An employer that could be visited.
struct Candidate {
    Id employer_id = 0;                     ///< unique among the candidates of one call
    std::string name{};                     ///< for people; not used by the planner
    GeoPoint location{};
    std::vector<VisitingWindow> windows{};  ///< only those open on the day's weekday count
    int visit_minutes = 45;                 ///< > 0
    double priority = 0;                    ///< >= 0; higher = more urgent, e.g. days overdue
    bool must_visit = false;                ///< visited before any other, whenever it can fit
};

struct PlanOptions {
    Date day{};                      ///< its weekday selects the visiting windows
    GeoPoint start{};                ///< where the day starts (and ends): usually the office
    int start_minute = 9 * 60;       ///< leaving the start point; in [0, 1440)
    int max_working_minutes = 8 * 60;///< > 0; includes the trip back when return_to_start
    bool vehicle = false;            ///< a vehicle today; otherwise walking + bus
    double vehicle_kmh = 30;         ///< average door-to-door speed by vehicle, > 0
    double transit_kmh = 12;         ///< average door-to-door speed walking + bus, > 0
    double detour_factor = 1.3;      ///< road distance / great-circle distance, >= 1
    bool return_to_start = true;     ///< the day ends back at the start point
};

/// One visit of the plan. Times are minutes after midnight.
struct Stop {
    Id employer_id = 0;
    int arrive_minute = 0;   ///< arrival at the employer
    int start_minute = 0;    ///< visit starts (>= arrive_minute; later when waiting for a window)
    int depart_minute = 0;   ///< visit ends = start_minute + visit_minutes
    int travel_minutes = 0;  ///< the leg that leads here (from the start or the previous stop)
    double travel_km = 0;    ///< same leg, road kilometres (great-circle x detour factor)
};

enum class LeftOutReason {
    WindowClosed,  ///< no window on that weekday, or none long enough for the visit
    OutOfReach,    ///< cannot be visited even alone within the working time
    DayFull,       ///< could be visited alone, but did not fit with the others
};
}  // namespace omilcrm::planner

template <>
struct omilcrm::EnumNames<omilcrm::planner::LeftOutReason> {
    static constexpr std::string_view field = "reason";
    static constexpr auto names = std::to_array<std::string_view>({"window_closed", "out_of_reach", "day_full"});
};

namespace omilcrm::planner {

using omilcrm::to_string;  // planner::to_string(reason), as before the names moved to EnumNames

struct LeftOut {
    Id employer_id = 0;
    LeftOutReason reason = LeftOutReason::DayFull;
    std::string detail{};  ///< one sentence for people, in English
};

struct Plan {
    std::vector<Stop> stops{};        ///< in visiting order
    std::vector<LeftOut> left_out{};  ///< in employer id order
    int end_minute = 0;               ///< back at start if return_to_start, else last departure
    int travel_minutes = 0;           ///< all legs, including the one back
    double travel_km = 0;             ///< all legs, including the one back
    double priority_visited = 0;      ///< sum of the visited candidates' priority
    int must_visited = 0;             ///< how many must-visit candidates are in the plan
    double score = 0;                 ///< sum of (priority + 1) of visited candidates
};

/// Great-circle (haversine) distance in km, Earth radius 6371.0088 km.
double distance_km(GeoPoint a, GeoPoint b) noexcept;
/// Road travel time in whole minutes, rounded up: distance x detour factor at the day's speed
/// (vehicle_kmh when o.vehicle, else transit_kmh). 0 for the same point.
int travel_minutes(GeoPoint a, GeoPoint b, const PlanOptions& o) noexcept;

/// True when plan `a` is strictly better than `b` by the planner's objective: more must-visits,
/// then a higher score (sum of priority + 1), then an earlier end_minute, then fewer km.
bool better(const Plan& a, const Plan& b) noexcept;

/// The fast heuristic: greedy insertion by urgency at the cheapest feasible position, then local
/// search (relocate, swap, 2-opt, swap-in of left-out candidates) and a seeded, deterministic
/// perturbation loop. Validates options and candidates (ValidationError naming the field).
/// The result does not depend on the order of `candidates`.
Plan plan_day(const std::vector<Candidate>& candidates, const PlanOptions& options);

/// The optimum by dynamic programming over subsets (exact for the whole objective). Meant for
/// small instances and for checking plan_day: throws ValidationError beyond 12 candidates.
Plan plan_day_exact(const std::vector<Candidate>& candidates, const PlanOptions& options);

}  // namespace omilcrm::planner
