// CIIU4.CL 2012, Chile's classification of economic activities: codes and lookups.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <omilcrm/ciiu.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

std::vector<Activity> copies(const std::vector<const Activity*>& in) {
    std::vector<Activity> out;
    out.reserve(in.size());
    for (const Activity* a : in) out.push_back(*a);
    return out;
}

}  // namespace

void bind_ciiu(py::module_& m) {
    py::class_<Activity>(m, "Activity",
                         "A CIIU4.CL 2012 economic activity: code, level (1 section to 5 subclass), Spanish "
                         "label and the section it belongs to.")
        .def_readonly("code", &Activity::code, "'H' (section), '49' (division) ... '49230' (subclass).")
        .def_readonly("level", &Activity::level, "1 section, 2 division, 3 group, 4 class, 5 subclass.")
        .def_readonly("label", &Activity::label, "The Spanish label: 'Transporte de carga por carretera'.")
        .def_readonly("section", &Activity::section, "The section's letter, 'H' (a section's own code).")
        .def("__repr__", [](const Activity& a) {
            return "Activity(code=" + q(a.code) + ", level=" + std::to_string(a.level) + ", label=" + q(a.label) +
                   ", section=" + q(a.section) + ")";
        });
    m.def(
        "ciiu_activity", [](std::string_view code) { return ciiu::activity(code); }, "code"_a,
        "The CIIU4.CL 2012 activity with this code (any level: 'H', '49', '49230'); a six-digit SII "
        "activity code ('492300') gives the subclass (or class) it belongs to. ValidationError when "
        "there is none.");
    m.def(
        "ciiu_path", [](std::string_view code) { return copies(ciiu::path(code)); }, "code"_a,
        "The activities from the section down to the code: '49230' -> H, 49, 492, 4923, 49230.");
    m.def(
        "ciiu_activities",
        [](std::optional<int> level) {
            std::vector<Activity> out;
            for (const auto& a : ciiu::all())
                if (!level || a.level == *level) out.push_back(a);
            return out;
        },
        "level"_a = py::none(),
        "Every CIIU4.CL 2012 activity in the classification's order, or those of one level (1 = sections).");
    m.def(
        "ciiu_search", [](std::string_view words, std::size_t limit) { return copies(ciiu::search(words, limit)); },
        "words"_a, "limit"_a = 10,
        "Activities whose label holds every word (case and accents ignored), deepest first: "
        "ciiu_search('transporte carga') -> [Activity(code='49230', ...), ...].");
}

}  // namespace omilcrm::python
