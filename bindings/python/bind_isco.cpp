// The ISCO-08 occupation catalogue: groups and lookups.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <omilcrm/isco.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_occupation(py::module_& m) {
    py::class_<Occupation>(m, "Occupation", "An ISCO-08 group: code, level (1-4), English label and Spanish title.")
        .def_readonly("code", &Occupation::code, "The ISCO-08 code, 1 to 4 digits: '9333'.")
        .def_readonly("level", &Occupation::level, "1 (major group) to 4 (unit group): the code's length.")
        .def_readonly("label", &Occupation::label, "The English label: 'Freight handlers'.")
        .def_readonly("label_es", &Occupation::label_es, "The Spanish (CIUO-08) title: 'Peones de carga'.")
        .def("__repr__", [](const Occupation& o) {
            return "Occupation(code=" + q(o.code) + ", level=" + std::to_string(o.level) + ", label=" + q(o.label) +
                   ", label_es=" + q(o.label_es) + ")";
        });
}

void bind_isco_lookups(py::module_& m) {
    m.def(
        "isco_occupation", [](std::string_view code) { return isco::occupation(code); }, "code"_a,
        "The ISCO-08 group with this code (any level); ValidationError when there is none.");
    m.def(
        "isco_path",
        [](std::string_view code) {
            std::vector<Occupation> out;
            for (const auto* o : isco::path(code)) out.push_back(*o);
            return out;
        },
        "code"_a, "The groups from the major group down to the code: '9333' -> 9, 93, 933, 9333.");
    m.def(
        "isco_occupations",
        [](std::optional<int> level) {
            std::vector<Occupation> out;
            for (const auto& o : isco::all())
                if (!level || o.level == *level) out.push_back(o);
            return out;
        },
        "level"_a = py::none(), "Every ISCO-08 group, or those of one level (4 = unit groups).");
}

}  // namespace

void bind_isco(py::module_& m) {
    bind_occupation(m);
    bind_isco_lookups(m);
}

}  // namespace omilcrm::python
