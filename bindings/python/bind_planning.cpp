// Visit planning and the office calendar: plans, their stops, planned visits, Planner, Calendar.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>

#include <omilcrm/offices.hpp>
#include <omilcrm/planning.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_stop(py::module_& m) {
    py::class_<planner::Stop> stop(m, "Stop", "One visit of a plan (times in minutes after midnight).");
    def_fields(stop);
    stop.def("__repr__", [](const planner::Stop& s) {
        return record_repr(s, "Stop", {"employer_id", "start", "depart"});
    });
}

void bind_left_out(py::module_& m) {
    py::class_<planner::LeftOut> left_out(m, "LeftOut", "A candidate the plan could not take, and why.");
    def_fields(left_out);
    left_out.def("__repr__", [](const planner::LeftOut& l) {
        return record_repr(l, "LeftOut", {"employer_id", "reason"});
    });
}

void bind_plan(py::module_& m) {
    py::class_<planner::Plan> plan(m, "Plan", "An ordered visit plan for one day.");
    def_fields(plan);
    plan.def("__repr__", [](const planner::Plan& p) {
        return "Plan(" + std::to_string(p.stops.size()) + " visits, " + std::to_string(p.left_out.size()) +
               " left out, back at " + py::str(hhmm(p.end_minute)).cast<std::string>() + ")";
    });
}

void bind_planned_visit(py::module_& m) {
    py::class_<PlannedVisit> visit(m, "PlannedVisit", "A visit of a saved plan.");
    def_fields(visit);
    visit.def("__repr__", [](const PlannedVisit& v) { return record_repr(v, "PlannedVisit", {"employer_id", "day"}); });
}

void bind_planner_repository(py::module_& m) {
    py::class_<Planner>(m, "Planner",
                        "Visit planning (db.planner): an ordered day of visits that fits every employer's "
                        "visiting hours, kept as planned visits.")
        .def("__repr__", [](const Planner&) { return std::string("<omilcrm.Planner repository>"); })
        .def(
            "plan_day",
            [](const Planner& r, Ref<StaffMember> staff, std::optional<Date> on, bool vehicle,
               const py::object& start_at, double max_hours, const py::object& candidates, const py::object& must_visit,
               int within_days, int visit_minutes, std::optional<std::pair<double, double>> start, double detour_factor,
               double vehicle_kmh, double transit_kmh, const std::string& track) {
                DayPlanRequest q;
                q.track = track;
                q.staff_id = staff.id;
                q.day = on.value_or(r.today());
                q.vehicle = vehicle;
                q.start_minute = minute_of(start_at, "start_at").value_or(9 * 60);
                q.max_working_minutes = static_cast<int>(max_hours * 60 + 0.5);
                q.candidates = ids_of(candidates, "candidates");
                q.must_visit = ids_of(must_visit, "must_visit");
                q.within_days = within_days;
                q.visit_minutes = visit_minutes;
                if (start) q.start = planner::GeoPoint{start->first, start->second};
                q.detour_factor = detour_factor;
                q.vehicle_kmh = vehicle_kmh;
                q.transit_kmh = transit_kmh;
                return r.plan_day(q);
            },
            py::kw_only(), "staff"_a, "on"_a = py::none(), "vehicle"_a = false, "start_at"_a = "09:00",
            "max_hours"_a = 6.0, "candidates"_a = py::none(), "must_visit"_a = py::none(), "within_days"_a = 7,
            "visit_minutes"_a = 45, "start"_a = py::none(), "detour_factor"_a = 1.3, "vehicle_kmh"_a = 30.0,
            "transit_kmh"_a = 12.0, "track"_a = "contact",
            "An ordered plan for the day that fits every employer's visiting hours; candidates default to the "
            "staff member's employers due within `within_days`, plus `must_visit`. `start` is (lat, lon), "
            "default the office. Returns a Plan (its stops and the employers left out, with why); employers "
            "without coordinates are left out as out of reach.\n\n"
            "staff: a StaffMember or its id. on: a datetime.date (default today). start_at: '09:00', a "
            "datetime.time or minutes after midnight. max_hours: the working time available. "
            "candidates, must_visit: Employers or ids. vehicle: travel by car (vehicle_kmh) rather than "
            "public transport (transit_kmh).\n\n"
            "Raises ValidationError naming the field, NotFound for an unknown id.\n\n"
            "Example: plan = db.planner.plan_day(staff=ana, vehicle=True)")
        .def(
            "save",
            [](Planner& r, const planner::Plan& plan, Ref<StaffMember> staff, Date on) {
                return r.save(staff.id, on, plan);
            },
            "plan"_a, py::kw_only(), "staff"_a, "on"_a,
            "Keeps the plan as the staff member's (a StaffMember or id) visits on `on` (a datetime.date); a "
            "plan saved earlier for that day is superseded (kept, no longer current). Returns the list of "
            "PlannedVisit.")
        .def(
            "planned",
            [](const Planner& r, Ref<Office> office, Date start, Date end, std::optional<Ref<StaffMember>> staff) {
                std::optional<Id> sid;
                if (staff) sid = staff->id;
                return r.planned(office.id, start, end, sid);
            },
            py::kw_only(), "office"_a, "start"_a, "end"_a, "staff"_a = py::none(),
            "The office's current planned visits between start and end (datetime.date, inclusive), "
            "optionally one staff member's, as a list of PlannedVisit.")
        .def("table", &Planner::table, "plan"_a, "The plan as a table with names, addresses and times.");
}

void bind_calendar_repository(py::module_& m) {
    py::class_<Calendar>(m, "Calendar",
                         "The office calendar (db.calendar) as iCalendar text, for any calendar program.")
        .def("__repr__", [](const Calendar&) { return std::string("<omilcrm.Calendar repository>"); })
        .def(
            "ics",
            [](const Calendar& r, Ref<Office> office, Date start, Date end, std::optional<Ref<StaffMember>> staff) {
                CalendarRequest q{office.id, std::nullopt, start, end};
                if (staff) q.staff_id = staff->id;
                return r.ics(q);
            },
            py::kw_only(), "office"_a, "start"_a, "end"_a, "staff"_a = py::none(),
            "iCalendar (RFC 5545) text (a str) of the office's planned visits, cluster meetings, "
            "commitments and follow-ups due between start and end (datetime.date, inclusive); with staff "
            "(a StaffMember or id), only that person's.\n\n"
            "Example: pathlib.Path('agenda.ics').write_text(db.calendar.ics(office=office, start=d1, end=d2))");
}

}  // namespace

void bind_planning(py::module_& m) {
    bind_stop(m);
    bind_left_out(m);
    bind_plan(m);
    bind_planned_visit(m);
    bind_planner_repository(m);
    bind_calendar_repository(m);
}

}  // namespace omilcrm::python
