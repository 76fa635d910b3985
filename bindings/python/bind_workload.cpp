// Staff workload and promises kept, for the office's coordinator.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/offices.hpp>
#include <omilcrm/workload.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

void bind_workload(py::module_& m) {
    py::class_<Workload>(m, "Workload",
                         "What each staff member carries and the promises they keep (db.workload), for the "
                         "coordinator to balance the work.")
        .def("__repr__", [](const Workload&) { return std::string("<omilcrm.Workload repository>"); })
        .def(
            "staff",
            [](const Workload& w, Ref<Office> office, std::optional<Date> on) { return w.staff(office.id, on); },
            "office"_a, py::kw_only(), "on"_a = py::none(),
            "A Table per staff member active on `on` (default today): employers owned, due_contacts and "
            "overdue_contacts, open and overdue commitments and follow-ups, open and overdue requests of "
            "their employers, referrals_in_progress.")
        .def(
            "promises",
            [](const Workload& w, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return w.promises(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "A Table of commitments due in the period per staff member and for the office (last row): due, "
            "kept_on_time, kept_late, cancelled, open_overdue, open and kept_on_time_share (None when none "
            "could be judged). Requests within their deadline per department: "
            "db.requests.deadline_compliance.");
}

}  // namespace omilcrm::python
