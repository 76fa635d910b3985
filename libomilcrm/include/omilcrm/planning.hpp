#pragma once
// Visit planning and the office calendar.
//
// The planner (namespace omilcrm::planner) decides which employers a staff member visits on one
// day, in which order and when. The office has no vehicle most days and every company sets its
// own visiting hours. Given the day, the start point (the office), the travel mode and the
// working time, plan_day() orders the candidates so that every visit starts and ends inside one of
// the employer's visiting windows for that weekday (waiting for a window to open is allowed) and
// the most urgent visits get in. Everything is in minutes after midnight and kilometres. Pure
// computation: no database, no I/O.
//
// The repositories: Planner (db.planner()) plans a staff member's day from the stored due list
// and employers, and keeps plans; Calendar (db.calendar()) gives the office calendar as iCalendar
// (the format itself is ical.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/ical.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/visiting_hours.hpp"

namespace omilcrm::planner {

/// A place on Earth in decimal degrees (WGS84): lat in [-90, 90], lon in [-180, 180].
struct GeoPoint {
    double lat = 0, lon = 0;
};

/// An employer that could be visited.
struct Candidate {
    Id employer_id = 0;  ///< unique among the candidates of one call
    std::string name{};  ///< for people; not used by the planner
    GeoPoint location{};
    std::vector<VisitingWindow> windows{};  ///< only those open on the day's weekday count
    int visit_minutes = 45;                 ///< > 0
    double priority = 0;                    ///< >= 0; higher = more urgent, e.g. days overdue
    bool must_visit = false;                ///< visited before any other, whenever it can fit
};

struct PlanOptions {
    Date day{};                        ///< its weekday selects the visiting windows
    GeoPoint start{};                  ///< where the day starts (and ends): usually the office
    int start_minute = 9 * 60;         ///< leaving the start point; in [0, 1440)
    int max_working_minutes = 8 * 60;  ///< > 0; includes the trip back when return_to_start
    bool vehicle = false;              ///< a vehicle today; otherwise walking + bus
    double vehicle_kmh = 30;           ///< average door-to-door speed by vehicle, > 0
    double transit_kmh = 12;           ///< average door-to-door speed walking + bus, > 0
    double detour_factor = 1.3;        ///< road distance / great-circle distance, >= 1
    bool return_to_start = true;       ///< the day ends back at the start point
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

}  // namespace omilcrm::planner

// Python shows the times both as "HH:MM" (arrive, start, depart, end) and in minutes.
template <>
struct omilcrm::RecordFields<omilcrm::planner::Stop> {
    using S = planner::Stop;
    static constexpr auto fields =
        std::make_tuple(field("employer_id", &S::employer_id), time_of_day("arrive", &S::arrive_minute),
                        time_of_day("start", &S::start_minute), time_of_day("depart", &S::depart_minute),
                        field("arrive_minute", &S::arrive_minute), field("start_minute", &S::start_minute),
                        field("depart_minute", &S::depart_minute), field("travel_minutes", &S::travel_minutes),
                        field("travel_km", &S::travel_km));
};
template <>
struct omilcrm::RecordFields<omilcrm::planner::LeftOut> {
    using L = planner::LeftOut;
    static constexpr auto fields = std::make_tuple(field("employer_id", &L::employer_id), field("reason", &L::reason),
                                                   field("detail", &L::detail));
};
template <>
struct omilcrm::RecordFields<omilcrm::planner::Plan> {
    using P = planner::Plan;
    static constexpr auto fields =
        std::make_tuple(field("stops", &P::stops), field("left_out", &P::left_out), time_of_day("end", &P::end_minute),
                        field("end_minute", &P::end_minute), field("travel_minutes", &P::travel_minutes),
                        field("travel_km", &P::travel_km), field("priority_visited", &P::priority_visited),
                        field("must_visited", &P::must_visited), field("score", &P::score));
};

namespace omilcrm::planner {

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

namespace omilcrm {

// ---- The repositories ----------------------------------------------------------------------

/// What a day's visit plan is made from.
struct DayPlanRequest {
    Id staff_id = 0;
    Date day{};
    bool vehicle = false;              ///< a vehicle that day; otherwise walking + bus
    int start_minute = 9 * 60;         ///< leaving the office
    int max_working_minutes = 6 * 60;  ///< including the way back
    /// Candidates; empty = the staff member's employers due or overdue within `within_days`
    /// (contact cadence), plus `must_visit`.
    std::vector<Id> candidates{};
    std::vector<Id> must_visit{};
    int within_days = 7;
    int visit_minutes = 45;
    std::string track = "contact";
    /// Where the day starts; default the office's location.
    std::optional<planner::GeoPoint> start{};
    double vehicle_kmh = 30;
    double transit_kmh = 12;
    double detour_factor = 1.3;
};

/// A visit of a saved plan.
struct PlannedVisit {
    RecordMeta meta{};
    Id office_id = 0;
    Id staff_id = 0;
    Id employer_id = 0;
    Date day{};
    int start_minute = 0;
    int end_minute = 0;
    int travel_minutes = 0;
    /// The visit as a calendar event: the uuid of the first visit planned to this employer by this
    /// person that day (meta.uuid when first planned), kept when a later plan of the day moves it.
    std::string event_uuid{};
    /// 0 when first planned; one more each time a later plan of the day changes its times: the
    /// calendar's SEQUENCE, so a moved visit replaces the old one in the staff's calendars.
    int revision = 0;
};
template <>
struct RecordFields<PlannedVisit> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &PlannedVisit::meta), field("office_id", &PlannedVisit::office_id),
        field("staff_id", &PlannedVisit::staff_id), field("employer_id", &PlannedVisit::employer_id),
        field("day", &PlannedVisit::day), time_of_day("start", &PlannedVisit::start_minute),
        time_of_day("end", &PlannedVisit::end_minute), field("travel_minutes", &PlannedVisit::travel_minutes),
        field("event_uuid", &PlannedVisit::event_uuid), field("revision", &PlannedVisit::revision));
};

/// Visit plans: computed by the pure planner from the due list and the employers' hours.
class Planner : public Repository {
public:
    using Repository::Repository;
    /// The day's plan. Employers without coordinates are left out as out of reach.
    planner::Plan plan_day(const DayPlanRequest& r) const;
    /// Keeps the plan as the staff member's visits that day; a plan saved earlier for that day
    /// is superseded (kept, no longer current).
    std::vector<PlannedVisit> save(Id staff_id, Date day, const planner::Plan& plan);
    /// Current planned visits of the office between two dates (optionally one staff member's).
    std::vector<PlannedVisit> planned(Id office_id, Date from, Date to, std::optional<Id> staff_id = {}) const;
    /// A plan as a table with employer names, addresses and times.
    Table table(const planner::Plan& plan) const;
};

struct CalendarRequest {
    Id office_id = 0;
    std::optional<Id> staff_id{};  ///< only this person's visits, commitments and follow-ups
    Date from{};
    Date to{};
};

/// The office calendar as iCalendar: planned visits, cluster meetings, open commitments' and
/// follow-ups' due dates, with stable UIDs, in the office's time zone (Office::time_zone()).
/// A cluster's meetings are one recurring event (RRULE from its Recurrence, from its first
/// meeting after it was added) with its holidays excluded (EXDATE: Chile's and the office's, as
/// far as the holiday data goes); a visit or meeting that changed has a higher SEQUENCE.
class Calendar : public Repository {
public:
    using Repository::Repository;
    std::vector<ical::Event> events(const CalendarRequest& r) const;
    std::string ics(const CalendarRequest& r) const;
};

}  // namespace omilcrm
