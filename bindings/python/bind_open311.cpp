// Open311 GeoReport v2 over the office's catalogue and requests.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>

#include <omilcrm/offices.hpp>
#include <omilcrm/open311.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

Open311Format format_of(std::string_view f) { return parse_enum<Open311Format>(f); }

// A dict of form fields: a value that is a list gives the name once per item (a multi-value
// attribute, "attribute[waste_kind][]": ["ramas", "escombros"]).
Open311Fields fields_of(const py::dict& d) {
    Open311Fields out;
    for (const auto& [k, v] : d) {
        const auto name = py::str(k).cast<std::string>();
        if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
            for (const auto& item : v) out.emplace_back(name, py::str(item).cast<std::string>());
        } else {
            out.emplace_back(name, py::str(v).cast<std::string>());
        }
    }
    return out;
}

void bind_open311_response(py::module_& m) {
    py::class_<Open311Response>(m, "Open311Response",
                                "An HTTP-ready answer: status, body (JSON or XML) and its content type.")
        .def_readonly("status", &Open311Response::status, "The HTTP status, an int: 200, 201, 400, 404...")
        .def_readonly("body", &Open311Response::body, "The body, a str of JSON or XML.")
        .def_readonly("content_type", &Open311Response::content_type,
                      "The body's content type: 'application/json' or the XML one.")
        .def(
            "json", [](const Open311Response& r) { return py::module_::import("json").attr("loads")(r.body); },
            "The body parsed with the json module (a JSON answer).")
        .def("__repr__", [](const Open311Response& r) {
            return "Open311Response(status=" + std::to_string(r.status) + ", " + r.content_type + ", " +
                   std::to_string(r.body.size()) + " bytes)";
        });
}

void bind_open311_repository(py::module_& m) {
    py::class_<Open311>(m, "Open311",
                        "Open311 GeoReport v2 over the office's catalogue and requests (format=\"json\" or \"xml\").")
        .def("__repr__", [](const Open311&) { return std::string("<omilcrm.Open311 view>"); })
        .def(
            "discovery",
            [](const Open311& r, std::string_view base_url, std::string_view format) {
                return r.discovery(base_url, std::nullopt, format_of(format));
            },
            "base_url"_a, py::kw_only(), "format"_a = "json", "The endpoint's discovery document at base_url.")
        .def(
            "jurisdiction", [](const Open311& r, std::string_view id) { return r.jurisdiction(id); },
            "jurisdiction_id"_a = "",
            "The office whose commune code is jurisdiction_id (\"\" names a file's only office), or None.")
        .def(
            "services",
            [](const Open311& r, Ref<Office> office, std::string_view format) {
                return r.services(office.id, format_of(format));
            },
            "office"_a, py::kw_only(), "format"_a = "json",
            "GET services: the office's (an Office or id) service catalogue as an Open311Response.")
        .def(
            "service_definition",
            [](const Open311& r, Ref<Office> office, std::string_view code, std::string_view format) {
                return r.service_definition(office.id, code, format_of(format));
            },
            "office"_a, "service_code"_a, py::kw_only(), "format"_a = "json",
            "GET a service definition: the attributes a request of this service code takes, as an "
            "Open311Response (404 for an unknown code).")
        .def(
            "requests",
            [](const Open311& r, Ref<Office> office, const py::dict& query, std::string_view format,
               std::string_view media_base) {
                return r.requests(office.id, fields_of(query), format_of(format), media_base);
            },
            "office"_a, "query"_a = py::dict(), py::kw_only(), "format"_a = "json", "media_base"_a = "",
            "GET requests with the spec's filters as a dict: service_request_id, service_code, status, "
            "start_date, end_date (by default the last 90 days; at most 1,000). With media_base, a request "
            "without a media_url of its own but with a photo reads media_base/<its latest photo's uuid>.")
        .def(
            "request",
            [](const Open311& r, Ref<Office> office, std::string_view id, std::string_view format,
               std::string_view media_base) { return r.request(office.id, id, format_of(format), media_base); },
            "office"_a, "service_request_id"_a, py::kw_only(), "format"_a = "json", "media_base"_a = "",
            "GET one request by its service_request_id, as an Open311Response (404 when the office has none "
            "such); media_base as in requests().")
        .def(
            "create",
            [](Open311& r, Ref<Office> office, const py::dict& fields, std::string_view format) {
                return r.create(office.id, fields_of(fields), format_of(format));
            },
            "office"_a, "fields"_a, py::kw_only(), "format"_a = "json",
            "A GeoReport v2 POST's form fields as a dict (a list for a multi-value attribute); 201 or the "
            "spec's error shape.");
}

}  // namespace

void bind_open311(py::module_& m) {
    bind_open311_response(m);
    bind_open311_repository(m);
}

}  // namespace omilcrm::python
