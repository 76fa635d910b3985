// Open311 GeoReport v2 over the office's catalogue and requests.
#include <pybind11/stl.h>

#include <map>
#include <string>
#include <string_view>

#include <omilcrm/offices.hpp>
#include <omilcrm/open311.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_open311_response(py::module_& m) {
    py::class_<Open311Response>(m, "Open311Response", "An HTTP-ready answer: status and JSON body.")
        .def_readonly("status", &Open311Response::status)
        .def_readonly("body", &Open311Response::body)
        .def(
            "json", [](const Open311Response& r) { return py::module_::import("json").attr("loads")(r.body); },
            "The body parsed with the json module.")
        .def("__repr__", [](const Open311Response& r) {
            return "Open311Response(status=" + std::to_string(r.status) + ", " + std::to_string(r.body.size()) +
                   " bytes)";
        });
}

void bind_open311_repository(py::module_& m) {
    py::class_<Open311>(m, "Open311", "Open311 GeoReport v2 over the office's catalogue and requests.")
        .def("__repr__", [](const Open311&) { return std::string("<omilcrm.Open311 view>"); })
        .def(
            "services", [](const Open311& r, Ref<Office> office) { return r.services(office.id); }, "office"_a)
        .def(
            "service_definition",
            [](const Open311& r, Ref<Office> office, std::string_view code) {
                return r.service_definition(office.id, code);
            },
            "office"_a, "service_code"_a)
        .def(
            "requests",
            [](const Open311& r, Ref<Office> office, bool open_only) { return r.requests(office.id, open_only); },
            "office"_a, py::kw_only(), "open_only"_a = false)
        .def(
            "request",
            [](const Open311& r, Ref<Office> office, std::string_view id) { return r.request(office.id, id); },
            "office"_a, "service_request_id"_a)
        .def(
            "create",
            [](Open311& r, Ref<Office> office, const std::map<std::string, std::string>& fields) {
                return r.create(office.id, fields);
            },
            "office"_a, "fields"_a,
            "A GeoReport v2 POST's form fields as a dict of strings; 201 or the spec's error shape.");
}

}  // namespace

void bind_open311(py::module_& m) {
    bind_open311_response(m);
    bind_open311_repository(m);
}

}  // namespace omilcrm::python
