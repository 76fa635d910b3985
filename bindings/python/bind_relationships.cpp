// The gradual approach (each employer's stage, the funnel by cluster) and reciprocity.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/relationships.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_employer_stage(py::module_& m) {
    py::class_<EmployerStage> stage(m, "EmployerStage",
                                    "Where an employer stands in the gradual approach on a day (prospect, contacted, "
                                    "served, giving_vacancies, hiring), since when, and the day of each step "
                                    "(None: not yet).");
    def_fields(stage);
    stage.def("__repr__", [](const EmployerStage& s) {
        return record_repr(s, "EmployerStage", {"employer_id", "stage", "since"});
    });
}

void bind_relationships_repository(py::module_& m) {
    py::class_<Relationships>(m, "Relationships",
                              "The gradual approach and reciprocity (db.relationships): stages derived from each "
                              "employer's history, the funnel by cluster, and services rendered beside vacancies "
                              "given and people hired.")
        .def("__repr__", [](const Relationships&) { return std::string("<omilcrm.Relationships repository>"); })
        .def(
            "stage",
            [](const Relationships& r, Ref<Employer> employer, std::optional<Date> as_of) {
                return r.stage(employer.id, as_of);
            },
            "employer"_a, py::kw_only(), "as_of"_a = py::none(),
            "The employer's (an Employer or id) EmployerStage on `as_of` (default today). NotFound for an unknown "
            "or merged employer.")
        .def(
            "stages",
            [](const Relationships& r, Ref<Office> office, std::optional<Date> as_of) {
                return r.stages(office.id, as_of);
            },
            "office"_a, py::kw_only(), "as_of"_a = py::none(),
            "A Table of every employer of the office with its stage on `as_of` (default today), the day it got "
            "there (since) and the day of each step: first_contact, first_served, first_vacancy, first_hire.")
        .def(
            "funnel",
            [](const Relationships& r, Ref<Office> office, std::optional<Date> as_of) {
                return r.funnel(office.id, as_of);
            },
            "office"_a, py::kw_only(), "as_of"_a = py::none(),
            "A Table of employers by stage on `as_of` (default today): a row per cluster (its members that day), "
            "then '(no cluster)' and '(office)'.")
        .def(
            "reciprocity",
            [](const Relationships& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.reciprocity(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "A Table per employer over the period: requests received, resolved, resolved_on_time, vacancies, "
            "positions, hires, and served_only (served, nothing given back).")
        .def(
            "cluster_reciprocity",
            [](const Relationships& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.cluster_reciprocity(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "The same counts by month and cluster, each event counted for the clusters the employer belonged "
            "to on its day.")
        .def(
            "leads",
            [](const Relationships& r, Ref<Office> office, std::optional<LeadSource> source,
               std::optional<Date> as_of) { return r.leads(office.id, source, as_of); },
            "office"_a, py::kw_only(), "source"_a = py::none(), "as_of"_a = py::none(),
            "The report back to whoever referred employers: a Table of the employers whose lead_source is "
            "`source` (every one with a known source when None), with lead_detail, their stage on `as_of` "
            "(default today), first contact, and requests resolved, vacancies, positions and hires up to "
            "that day.");
}

}  // namespace

void bind_relationships(py::module_& m) {
    bind_employer_stage(m);
    bind_relationships_repository(m);
}

}  // namespace omilcrm::python
