// Offices and their staff.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/offices.hpp>
#include <omilcrm/territory.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_office(py::module_& m) {
    py::class_<Office> office(m, "Office", "An OMIL: the municipal employment office of one commune.");
    def_fields(office);
    office
        .def_property_readonly("commune_name", [](const Office& o) { return territory::commune(o.commune_code).name; })
        .def("__repr__", [](const Office& o) {
            return record_repr(o, "Office", {"id", "name", "commune"});
        });
}

void bind_staff_member(py::module_& m) {
    py::class_<StaffMember> staff(m, "StaffMember", "A person working at an office.");
    def_fields(staff);
    staff.def("active_on", &StaffMember::active_on, "day"_a).def("__repr__", [](const StaffMember& s) {
        return record_repr(s, "StaffMember", {"id", "name", "role"});
    });
}

void bind_offices_repository(py::module_& m) {
    py::class_<Offices>(m, "Offices")
        .def("__repr__", [](const Offices&) { return std::string("<omilcrm.Offices repository>"); })
        .def(
            "add",
            [](Offices& r, const std::string& name, const std::string& commune, const std::string& address,
               const std::string& email, const std::string& phone, std::optional<double> latitude,
               std::optional<double> longitude) {
                return r.add({.name = name,
                              .commune = commune,
                              .address = address,
                              .email = email,
                              .phone = phone,
                              .latitude = latitude,
                              .longitude = longitude});
            },
            py::kw_only(), "name"_a, "commune"_a, "address"_a = "", "email"_a = "", "phone"_a = "",
            "latitude"_a = py::none(), "longitude"_a = py::none(),
            "Adds an office; commune is a CUT code or a name ('05103', 'Concón', 'concon').")
        .def(
            "get", [](const Offices& r, Ref<Office> id) { return r.get(id.id); }, "office"_a)
        .def("list", &Offices::list)
        .def("table", &Offices::table);
}

void bind_staff_repository(py::module_& m) {
    py::class_<Staff>(m, "Staff")
        .def("__repr__", [](const Staff&) { return std::string("<omilcrm.Staff repository>"); })
        .def(
            "add",
            [](Staff& r, Ref<Office> office, const std::string& name, StaffRole role, const std::string& email,
               const std::string& phone, std::optional<Date> started) {
                return r.add({.office_id = office.id,
                              .name = name,
                              .role = role,
                              .email = email,
                              .phone = phone,
                              .started = started});
            },
            py::kw_only(), "office"_a, "name"_a, "role"_a, "email"_a = "", "phone"_a = "", "started"_a = py::none(),
            "role: head, territorial_manager, labor_psychologist, administrative or other.")
        .def(
            "get", [](const Staff& r, Ref<StaffMember> id) { return r.get(id.id); }, "staff"_a)
        .def(
            "list",
            [](const Staff& r, Ref<Office> office, std::optional<Date> active_on) {
                return r.list(office.id, active_on);
            },
            "office"_a, py::kw_only(), "active_on"_a = py::none())
        .def(
            "leave",
            [](Staff& r, Ref<StaffMember> staff, std::optional<Date> on) {
                return r.leave(staff.id, on.value_or(r.today()));
            },
            "staff"_a, py::kw_only(), "on"_a = py::none(), "The person leaves the office on `on` (default today).")
        .def(
            "table", [](const Staff& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);
}

}  // namespace

void bind_offices(py::module_& m) {
    bind_input_record<NewOffice>(m, "NewOffice", "An office to add: Offices.add()'s keywords.");
    bind_input_record<NewStaffMember>(m, "NewStaffMember", "A staff member to add: Staff.add()'s keywords.");
    bind_office(m);
    bind_staff_member(m);
    bind_offices_repository(m);
    bind_staff_repository(m);
}

}  // namespace omilcrm::python
