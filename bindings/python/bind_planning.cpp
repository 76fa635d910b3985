// Visit planning and the office calendar: plans, their stops, planned visits, Planner, Calendar.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>

#include <omilcrm/offices.hpp>
#include <omilcrm/planning.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_stop(py::module_& m) {
    py::class_<planner::Stop>(m, "Stop", "One visit of a plan (times in minutes after midnight).")
        .def_readonly("employer_id", &planner::Stop::employer_id)
        .def_property_readonly("arrive", [](const planner::Stop& s) { return hhmm(s.arrive_minute); })
        .def_property_readonly("start", [](const planner::Stop& s) { return hhmm(s.start_minute); })
        .def_property_readonly("depart", [](const planner::Stop& s) { return hhmm(s.depart_minute); })
        .def_readonly("arrive_minute", &planner::Stop::arrive_minute)
        .def_readonly("start_minute", &planner::Stop::start_minute)
        .def_readonly("depart_minute", &planner::Stop::depart_minute)
        .def_readonly("travel_minutes", &planner::Stop::travel_minutes)
        .def_readonly("travel_km", &planner::Stop::travel_km)
        .def("__repr__", [](const planner::Stop& s) {
            return "Stop(employer_id=" + std::to_string(s.employer_id) + ", start=" +
                   py::str(hhmm(s.start_minute)).cast<std::string>() + ", depart=" +
                   py::str(hhmm(s.depart_minute)).cast<std::string>() + ")";
        });
}

void bind_left_out(py::module_& m) {
    py::class_<planner::LeftOut>(m, "LeftOut", "A candidate the plan could not take, and why.")
        .def_readonly("employer_id", &planner::LeftOut::employer_id)
        .def_property_readonly("reason", [](const planner::LeftOut& l) { return std::string(planner::to_string(l.reason)); },
                               "window_closed, out_of_reach or day_full")
        .def_readonly("detail", &planner::LeftOut::detail)
        .def("__repr__", [](const planner::LeftOut& l) {
            return "LeftOut(employer_id=" + std::to_string(l.employer_id) + ", reason=" +
                   q(std::string(planner::to_string(l.reason))) + ")";
        });
}

void bind_plan(py::module_& m) {
    py::class_<planner::Plan>(m, "Plan", "An ordered visit plan for one day.")
        .def_readonly("stops", &planner::Plan::stops)
        .def_readonly("left_out", &planner::Plan::left_out)
        .def_property_readonly("end", [](const planner::Plan& p) { return hhmm(p.end_minute); })
        .def_readonly("end_minute", &planner::Plan::end_minute)
        .def_readonly("travel_minutes", &planner::Plan::travel_minutes)
        .def_readonly("travel_km", &planner::Plan::travel_km)
        .def_readonly("priority_visited", &planner::Plan::priority_visited)
        .def("__repr__", [](const planner::Plan& p) {
            return "Plan(" + std::to_string(p.stops.size()) + " visits, " + std::to_string(p.left_out.size()) +
                   " left out, back at " + py::str(hhmm(p.end_minute)).cast<std::string>() + ")";
        });
}

void bind_planned_visit(py::module_& m) {
    py::class_<PlannedVisit>(m, "PlannedVisit", "A visit of a saved plan.")
        .def_property_readonly("id", [](const PlannedVisit& v) { return v.meta.id; })
        .def_property_readonly("uuid", [](const PlannedVisit& v) { return v.meta.uuid; })
        .def_readonly("staff_id", &PlannedVisit::staff_id)
        .def_readonly("employer_id", &PlannedVisit::employer_id)
        .def_readonly("day", &PlannedVisit::day)
        .def_property_readonly("start", [](const PlannedVisit& v) { return hhmm(v.start_minute); })
        .def_property_readonly("end", [](const PlannedVisit& v) { return hhmm(v.end_minute); })
        .def("__repr__", [](const PlannedVisit& v) {
            return "PlannedVisit(employer_id=" + std::to_string(v.employer_id) + ", day=" + q(v.day.iso()) + ")";
        });
}

void bind_planner_repository(py::module_& m) {
    py::class_<Planner>(m, "Planner")
        .def("__repr__", [](const Planner&) { return std::string("<omilcrm.Planner repository>"); })
        .def("plan_day", [](const Planner& r, Ref<StaffMember> staff, std::optional<Date> on, bool vehicle,
                            const py::object& start_at, double max_hours, const py::object& candidates,
                            const py::object& must_visit, int within_days, int visit_minutes,
                            std::optional<std::pair<double, double>> start, double detour_factor,
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
        }, py::kw_only(), "staff"_a, "on"_a = py::none(), "vehicle"_a = false, "start_at"_a = "09:00",
           "max_hours"_a = 6.0, "candidates"_a = py::none(), "must_visit"_a = py::none(), "within_days"_a = 7,
           "visit_minutes"_a = 45, "start"_a = py::none(), "detour_factor"_a = 1.3, "vehicle_kmh"_a = 30.0,
           "transit_kmh"_a = 12.0, "track"_a = "contact",
           "An ordered plan for the day that fits every employer's visiting hours; candidates default to the "
           "staff member's employers due within `within_days`, plus `must_visit`. `start` is (lat, lon), "
           "default the office.")
        .def("save", [](Planner& r, const planner::Plan& plan, Ref<StaffMember> staff, Date on) {
            return r.save(staff.id, on, plan);
        }, "plan"_a, py::kw_only(), "staff"_a, "on"_a, "Keeps the plan; an earlier plan for that day is superseded.")
        .def("planned", [](const Planner& r, Ref<Office> office, Date start, Date end,
                           std::optional<Ref<StaffMember>> staff) {
            std::optional<Id> sid;
            if (staff) sid = staff->id;
            return r.planned(office.id, start, end, sid);
        }, py::kw_only(), "office"_a, "start"_a, "end"_a, "staff"_a = py::none())
        .def("table", &Planner::table, "plan"_a, "The plan as a table with names, addresses and times.");
}

void bind_calendar_repository(py::module_& m) {
    py::class_<Calendar>(m, "Calendar")
        .def("__repr__", [](const Calendar&) { return std::string("<omilcrm.Calendar repository>"); })
        .def("ics", [](const Calendar& r, Ref<Office> office, Date start, Date end,
                       std::optional<Ref<StaffMember>> staff) {
            CalendarRequest q{office.id, std::nullopt, start, end};
            if (staff) q.staff_id = staff->id;
            return r.ics(q);
        }, py::kw_only(), "office"_a, "start"_a, "end"_a, "staff"_a = py::none(),
           "iCalendar (RFC 5545) text: planned visits, cluster meetings, commitments and follow-ups due.");
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
