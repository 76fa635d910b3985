// Reports over vacancies and placements, for analysts.
#include <pybind11/stl.h>

#include <optional>

#include <omilcrm/offices.hpp>
#include <omilcrm/reports.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_reports_repository(py::module_& m) {
    py::class_<Reports>(m, "Reports", "Reports over vacancies and placements; give year= or start= and end=.")
        .def("__repr__", [](const Reports&) { return std::string("<omilcrm.Reports>"); })
        .def(
            "funnel",
            [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.funnel(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "Per month: vacancies and positions captured, referrals, interviews, hires, hires per referral.")
        .def(
            "time_to_fill",
            [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.time_to_fill(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "Filled vacancies captured in the period: days from capture to the start that filled them.")
        .def(
            "placements_by_channel",
            [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.placements_by_channel(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "Placements started in the period by the channel their vacancy was captured through, as a "
            "Table.")
        .def(
            "cluster_share",
            [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.cluster_share(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "Placements by the cluster the employer belonged to on the start date, with each share of the "
            "office's placements.")
        .def(
            "retention",
            [](const Reports& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end, std::optional<Date> as_of) {
                const auto [from, to] = period_of(year, start, end);
                return r.retention(office.id, from, to, as_of.value_or(r.today()));
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "as_of"_a = py::none(),
            "Per month of start: placements, 30/90-day checks due, made and employed, "
            "and the 90-day retention.");
}

}  // namespace

void bind_reports(py::module_& m) { bind_reports_repository(m); }

}  // namespace omilcrm::python
