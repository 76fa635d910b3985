// Employers and their contacts.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <omilcrm/clusters.hpp>
#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// add()'s keywords as a NewEmployer: one row of add_many(), or add()'s own arguments, so both
// convert alike. `name` is an alias of `legal_name`.
NewEmployer new_employer_from(py::dict d) {
    if (d.contains("name")) {
        d = py::reinterpret_steal<py::dict>(PyDict_Copy(d.ptr()));  // the caller's dict stays as it was
        const py::object name = d.attr("pop")("name");
        if (!d.contains("legal_name") || d["legal_name"].is_none()) d["legal_name"] = name;
    }
    return record_from<NewEmployer>(d, "employer");
}

void bind_employer(py::module_& m) {
    py::class_<Employer> employer(m, "Employer", "A company, identified by its RUT.");
    def_fields(employer);
    employer
        .def_property_readonly(
            "name", [](const Employer& e) { return e.display_name(); },
            "Trade name when there is one, else the legal name.")
        .def("__repr__", [](const Employer& e) {
            return record_repr(e, "Employer", {"id", "rut", "legal_name", "status"});
        });
}

void bind_contact(py::module_& m) {
    py::class_<Contact> contact(m, "Contact", "A person at an employer.");
    def_fields(contact);
    contact.def("__repr__", [](const Contact& c) {
        return c.primary ? record_repr(c, "Contact", {"id", "name", "employer_id", "primary"})
                         : record_repr(c, "Contact", {"id", "name", "employer_id"});
    });
}

void bind_employers_repository(py::module_& m) {
    py::class_<Employers>(m, "Employers")
        .def("__repr__", [](const Employers&) { return std::string("<omilcrm.Employers repository>"); })
        .def(
            "add",
            [](Employers& r, const std::string& rut, std::optional<std::string> legal_name,
               std::optional<std::string> name, std::optional<Ref<Office>> office, const std::string& trade_name,
               const std::string& sector, SizeBand size, const std::string& address, const std::string& commune,
               std::optional<double> latitude, std::optional<double> longitude, const py::object& visiting_hours,
               EmployerStatus status, const std::string& notes, std::optional<Ref<StaffMember>> owner,
               std::optional<Ref<Cluster>> cluster, std::optional<Date> joined, const std::string& segment,
               std::optional<Date> since) {
                // The keywords are NewEmployer's declared fields; the texts go to the library as given
                // (not through Python strings), so it is the library that checks their UTF-8.
                NewEmployer e{.office_id = office ? office->id : 0,
                              .rut = rut,
                              .legal_name = legal_name ? *legal_name : name.value_or(""),
                              .trade_name = trade_name,
                              .sector = sector,
                              .size = size,
                              .address = address,
                              .commune = commune,
                              .latitude = latitude,
                              .longitude = longitude,
                              .status = status,
                              .notes = notes,
                              .owner_id = owner ? owner->id : 0,
                              .cluster_id = opt_ref(cluster),
                              .joined = joined,
                              .segment = segment,
                              .since = since};
                if (!visiting_hours.is_none())
                    e.visiting_hours =
                        detail_records::load<std::vector<VisitingWindow>, NoRecord>("visiting_hours", visiting_hours);
                return r.add(e);
            },
            py::kw_only(), "rut"_a, "legal_name"_a = py::none(), "name"_a = py::none(), "office"_a = py::none(),
            "trade_name"_a = "", "sector"_a = "", "size"_a = SizeBand::Unknown, "address"_a = "", "commune"_a = "",
            "latitude"_a = py::none(), "longitude"_a = py::none(), "visiting_hours"_a = py::none(),
            "status"_a = EmployerStatus::Prospect, "notes"_a = "", "owner"_a = py::none(), "cluster"_a = py::none(),
            "joined"_a = py::none(), "segment"_a = "", "since"_a = py::none(),
            "Adds an employer. `name` is an alias of `legal_name`; with `cluster`, the office is the "
            "cluster's and the employer joins it on `joined` (default today). `owner` defaults to the "
            "office's territorial manager, else its head. `since`: since when the office works with it "
            "(default today).")
        .def(
            "add_many",
            [](Employers& r, const py::iterable& rows, const py::object& progress) {
                const auto in = rows_of(rows, new_employer_from);
                return r.add_many(in, python_progress(progress, "employers"));
            },
            "rows"_a, py::kw_only(), "progress"_a = py::none(),
            "Bulk path: an iterable of dicts with add()'s keywords, each validated and inserted in one "
            "transaction; one bad row and nothing is added. Returns the new ids."
            " progress: a callable progress(done, total) told how far the call got (about every 1%), or True for a "
            "progress bar. Ctrl-C stops the call between rows and rolls it all back (KeyboardInterrupt).")
        .def(
            "get", [](const Employers& r, Ref<Employer> id) { return r.get(id.id); }, "employer"_a)
        .def("find_by_rut", &Employers::find_by_rut, "rut"_a)
        .def(
            "changes", [](const Employers& r, Ref<Employer> e) { return r.changes(e.id); }, "employer"_a,
            "The employer's change log: when, field, old and new value.")
        .def(
            "list", [](const Employers& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def(
            "search",
            [](const Employers& r, Ref<Office> office, std::string_view text) { return r.search(office.id, text); },
            "office"_a, "text"_a)
        .def(
            "update",
            [](Employers& r, Ref<Employer> employer, std::optional<std::string> legal_name,
               std::optional<std::string> trade_name, std::optional<std::string> sector, std::optional<SizeBand> size,
               std::optional<std::string> address, std::optional<std::string> commune, std::optional<double> latitude,
               std::optional<double> longitude, const py::object& visiting_hours, std::optional<EmployerStatus> status,
               std::optional<std::string> notes, std::optional<std::string> segment) {
                EmployerUpdate u;
                u.legal_name = legal_name;
                u.trade_name = trade_name;
                u.sector = sector;
                u.size = size;
                u.address = address;
                u.commune = commune;
                if (latitude) u.latitude = latitude;
                if (longitude) u.longitude = longitude;
                if (!visiting_hours.is_none())
                    u.visiting_hours =
                        detail_records::load<std::vector<VisitingWindow>, NoRecord>("visiting_hours", visiting_hours);
                u.status = status;
                u.notes = notes;
                u.segment = segment;
                return r.update(employer.id, u);
            },
            "employer"_a, py::kw_only(), "legal_name"_a = py::none(), "trade_name"_a = py::none(),
            "sector"_a = py::none(), "size"_a = py::none(), "address"_a = py::none(), "commune"_a = py::none(),
            "latitude"_a = py::none(), "longitude"_a = py::none(), "visiting_hours"_a = py::none(),
            "status"_a = py::none(), "notes"_a = py::none(), "segment"_a = py::none(),
            "Changes the given fields; the others stay as they are.")
        .def(
            "count", [](const Employers& r, Ref<Office> office) { return r.count(office.id); }, "office"_a)
        .def(
            "table", [](const Employers& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);
}

void bind_contacts_repository(py::module_& m) {
    py::class_<Contacts>(m, "Contacts")
        .def("__repr__", [](const Contacts&) { return std::string("<omilcrm.Contacts repository>"); })
        .def(
            "add",
            [](Contacts& r, Ref<Employer> employer, const std::string& name, const std::string& role,
               const std::string& email, const std::string& phone, bool primary) {
                return r.add({.employer_id = employer.id,
                              .name = name,
                              .role = role,
                              .email = email,
                              .phone = phone,
                              .primary = primary});
            },
            py::kw_only(), "employer"_a, "name"_a, "role"_a = "", "email"_a = "", "phone"_a = "", "primary"_a = false,
            "Phones are normalised to +56...; a new primary contact demotes the old one.")
        .def(
            "get", [](const Contacts& r, Ref<Contact> id) { return r.get(id.id); }, "contact"_a)
        .def(
            "list", [](const Contacts& r, Ref<Employer> employer) { return r.list(employer.id); }, "employer"_a)
        .def(
            "primary", [](const Contacts& r, Ref<Employer> employer) { return r.primary(employer.id); }, "employer"_a)
        .def(
            "make_primary", [](Contacts& r, Ref<Contact> contact) { return r.make_primary(contact.id); }, "contact"_a)
        .def(
            "update",
            [](Contacts& r, Ref<Contact> contact, std::optional<std::string> name, std::optional<std::string> role,
               std::optional<std::string> email, std::optional<std::string> phone) {
                return r.update(contact.id, {name, role, email, phone});
            },
            "contact"_a, py::kw_only(), "name"_a = py::none(), "role"_a = py::none(), "email"_a = py::none(),
            "phone"_a = py::none(), "Changes the given fields; the employer's change log keeps the old values.")
        .def(
            "table", [](const Contacts& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);
}

}  // namespace

void bind_employers(py::module_& m) {
    bind_input_record<NewEmployer>(m, "NewEmployer", "An employer to add: Employers.add()'s keywords.");
    bind_input_record<NewContact>(m, "NewContact", "A contact to add: Contacts.add()'s keywords.");
    bind_input_record<EmployerUpdate>(m, "EmployerUpdate",
                                      "The fields of an employer to change: Employers.update()'s keywords.");
    bind_employer(m);
    bind_contact(m);
    bind_employers_repository(m);
    bind_contacts_repository(m);
}

}  // namespace omilcrm::python
