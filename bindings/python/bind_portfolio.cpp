// The portfolio: who owns which employer, with history.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/portfolio.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_ownership(py::module_& m) {
    py::class_<Ownership> ownership(m, "Ownership", "A period during which a staff member owned an employer.");
    def_fields(ownership);
    ownership.def("__repr__", [](const Ownership& o) {
        return record_repr(o, "Ownership", {"employer_id", "staff_id", "start", "end"});
    });
}

void bind_portfolio_repository(py::module_& m) {
    py::class_<Portfolio>(m, "Portfolio",
                          "Who owns which employer (db.portfolio), with the history of every owner's period.")
        .def("__repr__", [](const Portfolio&) { return std::string("<omilcrm.Portfolio repository>"); })
        .def(
            "assign",
            [](Portfolio& r, Ref<Employer> employer, Ref<StaffMember> staff, std::optional<Date> on,
               const std::string& reason) { return r.assign(employer.id, staff.id, on.value_or(r.today()), reason); },
            "employer"_a, "staff"_a, py::kw_only(), "on"_a = py::none(), "reason"_a = "",
            "Gives the employer (an Employer or id) to another staff member of its office (a StaffMember or "
            "id) from `on` (default today); the history keeps the previous owner's period. Returns the new "
            "Ownership. Raises ValidationError naming the field (staff of another office, say), NotFound for "
            "an unknown id.")
        .def(
            "hand_over",
            [](Portfolio& r, Ref<StaffMember> from_staff, Ref<StaffMember> to_staff, std::optional<Date> on,
               const std::string& reason) {
                return r.hand_over(from_staff.id, to_staff.id, on.value_or(r.today()), reason);
            },
            "from_staff"_a, "to_staff"_a, py::kw_only(), "on"_a = py::none(), "reason"_a = "",
            "Hands every employer owned by from_staff to to_staff (StaffMembers or ids) from `on` "
            "(default today), with their open commitments and follow-ups, in one transaction; returns how "
            "many employers (an int).\n\n"
            "Example: db.portfolio.hand_over(ana, bea, reason='Ana deja la oficina')")
        .def(
            "employers_of", [](const Portfolio& r, Ref<StaffMember> staff) { return r.employers_of(staff.id); },
            "staff"_a, "Ids (a list of int) of the employers the staff member (a StaffMember or id) owns now.")
        .def(
            "history", [](const Portfolio& r, Ref<Employer> employer) { return r.history(employer.id); }, "employer"_a,
            "The employer's ownership periods, oldest first, as a list of Ownership.");
}

}  // namespace

void bind_portfolio(py::module_& m) {
    bind_ownership(m);
    bind_portfolio_repository(m);
}

}  // namespace omilcrm::python
