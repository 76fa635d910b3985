// The regional view: a regional directorate's database of its offices' files, and the
// territorial balance.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/offices.hpp>
#include <omilcrm/region.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_representative(py::module_& m) {
    py::class_<Representative> representative(m, "Representative",
                                              "A province's representative before the regional directorate.");
    def_fields(representative);
    representative.def("__repr__", [](const Representative& r) {
        return record_repr(r, "Representative", {"province_code", "name"});
    });
}

void bind_regional_directorate(py::module_& m) {
    py::class_<RegionalDirectorate> directorate(m, "RegionalDirectorate",
                                                "The regional directorate a regional database belongs to: "
                                                "the region's code and the directorate's name.");
    def_fields(directorate);
    directorate.def("__repr__", [](const RegionalDirectorate& d) {
        return record_repr(d, "RegionalDirectorate", {"region_code", "name"});
    });
}

void bind_import_result(py::module_& m) {
    py::class_<ImportResult> result(m, "ImportResult", "What one import of an office file did.");
    def_fields(result);
    result.def("__repr__", [](const ImportResult& r) {
        return "ImportResult(office=" + py::repr(py::str(r.office_name)).cast<std::string>() + ", " +
               record_repr(r, "", {"inserted", "updated"}).substr(1);
    });
}

void bind_regional_repository(py::module_& m) {
    py::class_<Regional>(m, "Regional", "The regional directorate's view: consolidated office files and reports.")
        .def("__repr__", [](const Regional&) { return std::string("<omilcrm.Regional>"); })
        .def("setup", &Regional::setup, py::kw_only(), "region"_a, "name"_a,
             "Makes this database the region's (region by code or name), once; the same region again "
             "changes nothing. Returns the RegionalDirectorate. Raises Conflict for another region, or when "
             "the file holds an office outside it.")
        .def("directorate", &Regional::directorate,
             "The RegionalDirectorate this database is, or None when it is not a regional one.")
        .def("register_office", &Regional::register_office, "commune"_a, py::kw_only(), "name"_a = "",
             "Registers an office of the region (commune: a CUT code or name) before its file arrives and "
             "returns the Office: only registered offices are imported, and reports show them even when "
             "they send nothing. Raises Conflict when the region already has an office for the commune.")
        .def(
            "add_representative",
            [](Regional& r, const std::string& province, const std::string& name, const std::string& role,
               std::optional<Ref<Office>> office, const std::string& email, const std::string& phone) {
                return r.add_representative(province, name, role, opt_ref(office), email, phone);
            },
            py::kw_only(), "province"_a, "name"_a, "role"_a = "", "office"_a = py::none(), "email"_a = "",
            "phone"_a = "",
            "Adds a province's (code or name) representative before the directorate and returns the "
            "Representative; at most two per province (Conflict for a third).")
        .def("representatives", &Regional::representatives,
             "The provinces' representatives, as a list of Representative.")
        .def(
            "import_office",
            [](Regional& r, const py::object& path) {
                const std::string p = py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>();
                return r.import_office(p);
            },
            "path"_a,
            "Imports an office's file; records matched by UUID, so the same or a newer file again updates "
            "without duplicating. Refused with nothing changed for a foreign, unregistered, mismatched or "
            "older file. path: a str or os.PathLike. Seekers' personal data is not copied. One transaction: "
            "a failure changes nothing. Returns the ImportResult.")
        .def("imports", &Regional::imports,
             "The import log as a Table: office, source, when, inserted and updated rows.")
        .def(
            "offices_report",
            [](const Regional& r, std::optional<int> year, std::optional<Date> start, std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.offices_report(from, to);
            },
            py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "Per office: employers, contacted, cadence compliance, requests and on-time share, vacancies, "
            "positions, placements, showings; as a Table, for the period (year (an int) or start and end "
            "(datetime.date, inclusive), not both).")
        .def(
            "provinces_report",
            [](const Regional& r, std::optional<int> year, std::optional<Date> start, std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.provinces_report(from, to);
            },
            py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "Per province, with shares, as a Table for the period (year (an int) or start and end (datetime.date, "
            "inclusive), not both); "
            "attrs['placements_balance'] and attrs['showings_balance'] give the territorial balance.");
}

}  // namespace

void bind_region(py::module_& m) {
    m.def("territorial_balance", &territorial_balance, "values"_a, "weights"_a,
          "How evenly values spread across provinces compared with weights (e.g. offices): 1 - half the sum "
          "of |share of values - share of weights|. 1 = proportional, 0 = all where there is no weight; "
          "None when there is nothing to compare.");

    bind_representative(m);
    bind_regional_directorate(m);
    bind_import_result(m);
    bind_regional_repository(m);
}

}  // namespace omilcrm::python
