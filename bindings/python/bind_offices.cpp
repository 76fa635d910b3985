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
        .def_property_readonly(
            "commune_name", [](const Office& o) { return territory::commune(o.commune_code).name; },
            "The name of the office's commune, with its accents: 'Concón'.")
        .def_property_readonly(
            "time_zone", [](const Office& o) { return std::string(o.time_zone()); },
            "The office's time zone, its commune's (tz database name): 'America/Santiago', or "
            "'America/Punta_Arenas' for an office of Magallanes. Its today, deadlines, Open311 times and "
            "calendar are in it.")
        .def("__repr__", [](const Office& o) {
            return record_repr(o, "Office", {"id", "name", "commune"});
        });
}

void bind_staff_member(py::module_& m) {
    py::class_<StaffMember> staff(m, "StaffMember", "A person working at an office.");
    def_fields(staff);
    staff
        .def("active_on", &StaffMember::active_on, "day"_a,
             "Whether the person works at the office on `day` (a datetime.date): started on or "
             "before it and not left by then.")
        .def("__repr__", [](const StaffMember& s) {
            return record_repr(s, "StaffMember", {"id", "name", "role"});
        });
}

void bind_offices_repository(py::module_& m) {
    py::class_<Offices>(m, "Offices",
                        "The offices in the file (db.offices): add, get and list them. A file usually holds one "
                        "office; a regional file holds several.")
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
            "Adds an office and returns it (an Office).\n\n"
            "name: the office's name ('OMIL Concón'). commune: a CUT code or a name ('05103', 'Concón', "
            "'concon'), stored as the code. email, phone: normalised ('+56322123456'). latitude, longitude: "
            "where visit plans start.\n\n"
            "Raises ValidationError naming the field: an empty name, an unknown commune, a bad e-mail or "
            "phone.\n\n"
            "Example: office = db.offices.add(name='OMIL Concón', commune='concon')")
        .def(
            "get", [](const Offices& r, Ref<Office> id) { return r.get(id.id); }, "office"_a,
            "The Office with this id (or the record itself, read again). Raises NotFound when there is none.")
        .def("list", &Offices::list, "Every office in the file, as a list of Office, by id.")
        .def("table", &Offices::table, "Every office as a Table, one row per office and a column per field.");
}

void bind_staff_repository(py::module_& m) {
    py::class_<Staff>(m, "Staff",
                      "The people working at the offices (db.staff): add them, list who works where, record who "
                      "leaves.")
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
            "Adds a staff member to an office and returns it (a StaffMember).\n\n"
            "office: an Office or its id. role: head, territorial_manager, labor_psychologist, "
            "administrative or other. email, phone: normalised. started: the first day (a datetime.date; "
            "default today).\n\n"
            "Raises ValidationError naming the field (an unknown role, a bad e-mail or phone), NotFound for "
            "an unknown office.\n\n"
            "Example: ana = db.staff.add(office=office, name='Ana', role='territorial_manager')")
        .def(
            "get", [](const Staff& r, Ref<StaffMember> id) { return r.get(id.id); }, "staff"_a,
            "The StaffMember with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "list",
            [](const Staff& r, Ref<Office> office, std::optional<Date> active_on) {
                return r.list(office.id, active_on);
            },
            "office"_a, py::kw_only(), "active_on"_a = py::none(),
            "The staff of an office (an Office or its id), as a list of StaffMember; with active_on (a "
            "datetime.date), only those working there that day.")
        .def(
            "leave",
            [](Staff& r, Ref<StaffMember> staff, std::optional<Date> on) {
                return r.leave(staff.id, on.value_or(r.today()));
            },
            "staff"_a, py::kw_only(), "on"_a = py::none(),
            "Records that the person (a StaffMember or its id) leaves the office on `on` (default today; their "
            "last day is the day before) and returns the updated StaffMember. Raises NotFound for an unknown "
            "id.")
        .def(
            "table", [](const Staff& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "The office's staff as a Table, one row per person.");
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
