// Placements: the record, the follow-ups due and the Placements repository.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/offices.hpp>
#include <omilcrm/placements.hpp>
#include <omilcrm/seekers.hpp>
#include <omilcrm/vacancies.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_placement(py::module_& m) {
    py::class_<Placement> c(m, "Placement", "A seeker hired through the office, with the 30- and 90-day follow-ups.");
    def_fields(c);
    c.def("__repr__", [](const Placement& p) {
        return "Placement(id=" + std::to_string(p.meta.id) + ", vacancy_id=" + std::to_string(p.vacancy_id) +
               ", start_on=" + q(p.start_on.iso()) + ")";
    });
}

void bind_placement_check(py::module_& m) {
    py::class_<PlacementCheck> c(m, "PlacementCheck", "A 30- or 90-day follow-up that is due.");
    def_fields(c);
    c.def("__repr__", [](const PlacementCheck& c) {
        return "PlacementCheck(placement_id=" + std::to_string(c.placement_id) + ", day=" + std::to_string(c.day) +
               ", due_on=" + q(c.due_on.iso()) + ")";
    });
}

void bind_placements_repository(py::module_& m) {
    py::class_<Placements>(m, "Placements",
                           "Seekers hired through the office (db.placements), with the 30- and 90-day "
                           "follow-ups.")
        .def("__repr__", [](const Placements&) { return std::string("<omilcrm.Placements repository>"); })
        .def(
            "record",
            [](Placements& r, Ref<JobSeeker> seeker, Ref<Vacancy> vacancy, Date start_on,
               std::optional<NamedArg<EmploymentType, "contract_type">> contract_type,
               std::optional<Ref<StaffMember>> by, std::optional<Date> recorded_on) {
                return r.record({.seeker_id = seeker.id,
                                 .vacancy_id = vacancy.id,
                                 .start_on = start_on,
                                 .contract_type = contract_type ? std::optional(contract_type->value) : std::nullopt,
                                 .recorded_by = opt_ref(by),
                                 .recorded_on = recorded_on});
            },
            py::kw_only(), "seeker"_a, "vacancy"_a, "start_on"_a, "contract_type"_a = py::none(), "by"_a = py::none(),
            "recorded_on"_a = py::none(),
            "Records a hire of a seeker (a JobSeeker or id) into a vacancy (a Vacancy or id) starting on "
            "start_on (a datetime.date) and returns the Placement; the seeker's referral to the vacancy, if "
            "any, moves to hired in the same transaction. contract_type: the employment type (default the "
            "vacancy's). Raises Conflict for a cancelled vacancy, one whose positions are all filled, or a "
            "seeker already placed there; ValidationError naming the field (a start before the capture).")
        .def(
            "get", [](const Placements& r, Ref<Placement> p) { return r.get(p.id); }, "placement"_a,
            "The Placement with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "follow_up",
            [](Placements& r, Ref<Placement> p, int day, bool employed, std::optional<Date> on,
               std::optional<Ref<StaffMember>> by,
               const std::string& note) { return r.follow_up(p.id, day, employed, on, opt_ref(by), note); },
            "placement"_a, py::kw_only(), "day"_a, "employed"_a, "on"_a = py::none(), "by"_a = py::none(),
            "note"_a = "",
            "Records the day-30 or day-90 follow-up (day=30 or 90) of a placement: is the person still "
            "employed? Once per day mark (Conflict otherwise). Returns the updated Placement.")
        .def(
            "checks_due",
            [](const Placements& r, Ref<Office> office, std::optional<Date> on) {
                return r.checks_due(office.id, on.value_or(r.today()));
            },
            "office"_a, py::kw_only(), "on"_a = py::none(),
            "The follow-ups due on `on` (default today) and not yet recorded, oldest first, as a list of "
            "PlacementCheck.")
        .def(
            "list", [](const Placements& r, Ref<Office> office) { return r.list(office.id); }, "office"_a,
            "The office's placements, as a list of Placement.")
        .def(
            "for_vacancy", [](const Placements& r, Ref<Vacancy> v) { return r.for_vacancy(v.id); }, "vacancy"_a,
            "The placements into a vacancy (a Vacancy or id), as a list of Placement.")
        .def(
            "table", [](const Placements& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "The office's placements as a Table, one row per placement (seeker ids, no personal data).");
}

}  // namespace

void bind_placements(py::module_& m) {
    bind_input_record<NewPlacement>(m, "NewPlacement", "A placement to record: Placements.record()'s keywords.");
    bind_placement(m);
    bind_placement_check(m);
    bind_placements_repository(m);
}

}  // namespace omilcrm::python
