// Needs as neighbours: the diagnosis of what each company needs from the municipality.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <omilcrm/employers.hpp>
#include <omilcrm/interactions.hpp>
#include <omilcrm/needs.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/requests.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_employer_need(py::module_& m) {
    py::class_<EmployerNeed> need(m, "EmployerNeed",
                                  "A need an employer raised as a neighbour of the commune: a category of the office's "
                                  "service catalogue or free text, the request that answers it, and its status (open, "
                                  "answered, served, dropped).");
    def_fields(need);
    need.def("__repr__", [](const EmployerNeed& n) {
        return record_repr(n, "EmployerNeed", {"id", "employer_id", "category", "status"});
    });
}

NewNeed new_need(Ref<Employer> employer, const std::string& category, const std::string& description,
                 std::optional<Date> on, std::optional<Ref<Interaction>> interaction) {
    return {.employer_id = employer.id,
            .category = category,
            .description = description,
            .on = on,
            .interaction_id = interaction ? std::optional<Id>(interaction->id) : std::nullopt};
}

void bind_needs_repository(py::module_& m) {
    py::class_<Needs>(m, "Needs",
                      "Needs as neighbours (db.needs): what each company needs from the municipality, raised in a "
                      "diagnosis and answered by requests.")
        .def("__repr__", [](const Needs&) { return std::string("<omilcrm.Needs repository>"); })
        .def(
            "add",
            [](Needs& r, Ref<Employer> employer, const std::string& category, const std::string& description,
               std::optional<Date> on, std::optional<Ref<Interaction>> interaction) {
                return r.add(new_need(employer, category, description, on, interaction));
            },
            py::kw_only(), "employer"_a, "category"_a = "", "description"_a = "", "on"_a = py::none(),
            "interaction"_a = py::none(),
            "Records a need of the employer (an Employer or id): `category` a code of the office's service "
            "catalogue ('tree_pruning'), or none with a `description`; `on` the day it was raised (default today); "
            "`interaction` the visit where it was raised. Returns the EmployerNeed. Raises ValidationError naming "
            "the field.")
        .def(
            "diagnose",
            [](Needs& r, const py::iterable& needs) {
                std::vector<NewNeed> rows;
                for (const auto& item : needs) rows.push_back(record_from<NewNeed>(item.cast<py::dict>(), "need"));
                return r.diagnose(rows);
            },
            "needs"_a,
            "Several needs at once (dicts with add()'s keywords), in one transaction: all or none. Returns the "
            "list of EmployerNeed.")
        .def(
            "get", [](const Needs& r, Ref<EmployerNeed> need) { return r.get(need.id); }, "need"_a,
            "The EmployerNeed with this id. Raises NotFound.")
        .def(
            "of", [](const Needs& r, Ref<Employer> employer) { return r.of(employer.id); }, "employer"_a,
            "The employer's needs, oldest first, as a list of EmployerNeed.")
        .def(
            "list",
            [](const Needs& r, Ref<Office> office, bool pending_only) { return r.list(office.id, pending_only); },
            "office"_a, py::kw_only(), "pending_only"_a = false,
            "The office's needs, oldest first; with pending_only=True those open or answered (not yet served).")
        .def(
            "answer",
            [](Needs& r, Ref<EmployerNeed> need, Ref<ServiceRequest> request) { return r.answer(need.id, request.id); },
            "need"_a, "request"_a,
            "Links the request (a ServiceRequest or id of the same employer) that answers the need; the need is "
            "served when the request is resolved. Raises Conflict when it is already answered or was dropped.")
        .def(
            "drop",
            [](Needs& r, Ref<EmployerNeed> need, const std::string& reason, std::optional<Date> on) {
                return r.drop(need.id, on.value_or(r.today()), reason);
            },
            "need"_a, py::kw_only(), "reason"_a, "on"_a = py::none(),
            "The company no longer needs it, or it is not the municipality's to do (a reason is required).")
        .def(
            "report",
            [](const Needs& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.report(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "A Table of needs raised in the period per category, then the total: raised, answered, served, "
            "dropped, open, served_share.")
        .def(
            "table", [](const Needs& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "The office's needs as a Table, with the employer's name and the answering request's status.");
}

}  // namespace

void bind_needs(py::module_& m) {
    bind_employer_need(m);
    bind_needs_repository(m);
}

}  // namespace omilcrm::python
