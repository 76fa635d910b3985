// Employers and their contacts.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <omilcrm/clusters.hpp>
#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

std::vector<VisitingWindow> windows_from(const py::handle& v) {
    if (v.is_none()) return {};
    if (py::isinstance<py::str>(v)) return parse_visiting_hours(v.cast<std::string>());
    std::vector<VisitingWindow> out;
    for (auto item : v) {
        if (py::isinstance<VisitingWindow>(item)) out.push_back(item.cast<VisitingWindow>());
        else out.push_back(VisitingWindow::parse(py::str(item).cast<std::string>()));
    }
    return out;
}

template <class T>
Id ref_or_zero(const std::optional<Ref<T>>& r) {
    return r ? r->id : 0;
}


// Builds a NewEmployer from a dict (one row of add_many); unknown keys are refused.
NewEmployer new_employer_from(const py::dict& d) {
    NewEmployer e;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        
        if (key == "rut") e.rut = text();
        else if (key == "legal_name" || key == "name") e.legal_name = text();
        else if (key == "trade_name") e.trade_name = text();
        else if (key == "sector") e.sector = text();
        else if (key == "size") e.size = parse_size_band(text());
        else if (key == "address") e.address = text();
        else if (key == "commune") e.commune = text();
        else if (key == "latitude") e.latitude = value_of<double>(key, v, "a number");
        else if (key == "longitude") e.longitude = value_of<double>(key, v, "a number");
        else if (key == "visiting_hours") e.visiting_hours = windows_from(v);
        else if (key == "status") e.status = parse_employer_status(text());
        else if (key == "notes") e.notes = text();
        else if (key == "office") e.office_id = ref_of<Office>(key, v);
        else if (key == "owner") e.owner_id = ref_of<StaffMember>(key, v);
        else if (key == "cluster") e.cluster_id = ref_of<Cluster>(key, v);
        else if (key == "joined") e.joined = value_of<Date>(key, v, "a date");
        else if (key == "segment") e.segment = text();
        else if (key == "since") e.since = value_of<Date>(key, v, "a date");
        else throw ValidationError(key, text(), "is not an employer field");
    }
    return e;
}

void bind_employer(py::module_& m) {
    py::class_<Employer> employer(m, "Employer", "A company, identified by its RUT.");
    def_meta<Employer>(employer);
    employer.def_readonly("office_id", &Employer::office_id)
        .def_readonly("rut", &Employer::rut)
        .def_readonly("legal_name", &Employer::legal_name)
        .def_readonly("trade_name", &Employer::trade_name)
        .def_property_readonly("name", [](const Employer& e) { return e.display_name(); },
                               "Trade name when there is one, else the legal name.")
        .def_readonly("sector", &Employer::sector)
        .def_property_readonly("size", [](const Employer& e) { return std::string(to_string(e.size)); })
        .def_readonly("address", &Employer::address)
        .def_readonly("commune", &Employer::commune_code)
        .def_readonly("latitude", &Employer::latitude)
        .def_readonly("longitude", &Employer::longitude)
        .def_readonly("visiting_hours", &Employer::visiting_hours)
        .def_property_readonly("status", [](const Employer& e) { return std::string(to_string(e.status)); })
        .def_readonly("notes", &Employer::notes)
        .def_readonly("owner_id", &Employer::owner_id)
        .def_readonly("segment", &Employer::segment, "Tier or segment for cadence policies ('key_account').")
        .def("__repr__", [](const Employer& e) {
            return "Employer(id=" + std::to_string(e.meta.id) + ", rut=" + quoted(e.rut.str()) +
                   ", legal_name=" + quoted(e.legal_name) + ", status=" +
                   quoted(std::string(to_string(e.status))) + ")";
        });
}

void bind_contact(py::module_& m) {
    py::class_<Contact> contact(m, "Contact", "A person at an employer.");
    def_meta<Contact>(contact);
    contact.def_readonly("employer_id", &Contact::employer_id)
        .def_readonly("name", &Contact::name)
        .def_readonly("role", &Contact::role)
        .def_readonly("email", &Contact::email)
        .def_readonly("phone", &Contact::phone)
        .def_readonly("primary", &Contact::primary)
        .def("__repr__", [](const Contact& c) {
            return "Contact(id=" + std::to_string(c.meta.id) + ", name=" + quoted(c.name) +
                   ", employer_id=" + std::to_string(c.employer_id) + (c.primary ? ", primary=True" : "") + ")";
        });
}

void bind_employers_repository(py::module_& m) {
    py::class_<Employers>(m, "Employers")
        .def("__repr__", [](const Employers&) { return std::string("<omilcrm.Employers repository>"); })
        .def("add", [](Employers& r, const std::string& rut, std::optional<std::string> legal_name,
                       std::optional<std::string> name, std::optional<Ref<Office>> office,
                       const std::string& trade_name, const std::string& sector, const std::string& size,
                       const std::string& address, const std::string& commune,
                       std::optional<double> latitude, std::optional<double> longitude,
                       const py::object& visiting_hours, const std::string& status,
                       const std::string& notes, std::optional<Ref<StaffMember>> owner, std::optional<Ref<Cluster>> cluster,
                       std::optional<Date> joined, const std::string& segment, std::optional<Date> since) {
            NewEmployer e;
            e.rut = rut;
            e.legal_name = legal_name ? *legal_name : name.value_or("");
            e.office_id = ref_or_zero(office);
            e.trade_name = trade_name;
            e.sector = sector;
            e.size = parse_size_band(size);
            e.address = address;
            e.commune = commune;
            e.latitude = latitude;
            e.longitude = longitude;
            e.visiting_hours = windows_from(visiting_hours);
            e.status = parse_employer_status(status);
            e.notes = notes;
            e.owner_id = ref_or_zero(owner);
            if (cluster) e.cluster_id = cluster->id;
            e.joined = joined;
            e.segment = segment;
            e.since = since;
            return r.add(e);
        }, py::kw_only(), "rut"_a, "legal_name"_a = py::none(), "name"_a = py::none(),
           "office"_a = py::none(), "trade_name"_a = "", "sector"_a = "", "size"_a = "unknown",
           "address"_a = "", "commune"_a = "", "latitude"_a = py::none(), "longitude"_a = py::none(),
           "visiting_hours"_a = py::none(), "status"_a = "prospect", "notes"_a = "",
           "owner"_a = py::none(), "cluster"_a = py::none(), "joined"_a = py::none(), "segment"_a = "",
           "since"_a = py::none(),
           "Adds an employer. `name` is an alias of `legal_name`; with `cluster`, the office is the "
           "cluster's and the employer joins it on `joined` (default today). `owner` defaults to the "
           "office's territorial manager, else its head. `since`: since when the office works with it "
           "(default today).")
        .def("add_many", [](Employers& r, const py::iterable& rows) {
            const auto in = rows_of(rows, new_employer_from);
            return r.add_many(in);
        }, "rows"_a,
           "Bulk path: an iterable of dicts with add()'s keywords, each validated and inserted in one "
           "transaction; one bad row and nothing is added. Returns the new ids.")
        .def("get", [](const Employers& r, Ref<Employer> id) { return r.get(id.id); }, "employer"_a)
        .def("find_by_rut", &Employers::find_by_rut, "rut"_a)
        .def("changes", [](const Employers& r, Ref<Employer> e) { return r.changes(e.id); }, "employer"_a,
             "The employer's change log: when, field, old and new value.")
        .def("list", [](const Employers& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def("search", [](const Employers& r, Ref<Office> office, std::string_view text) { return r.search(office.id, text); },
             "office"_a, "text"_a)
        .def("update", [](Employers& r, Ref<Employer> employer, std::optional<std::string> legal_name,
                          std::optional<std::string> trade_name, std::optional<std::string> sector,
                          std::optional<std::string> size, std::optional<std::string> address,
                          std::optional<std::string> commune, std::optional<double> latitude,
                          std::optional<double> longitude, const py::object& visiting_hours,
                          std::optional<std::string> status, std::optional<std::string> notes,
                          std::optional<std::string> segment) {
            EmployerUpdate u;
            u.legal_name = legal_name;
            u.trade_name = trade_name;
            u.sector = sector;
            if (size) u.size = parse_size_band(*size);
            u.address = address;
            u.commune = commune;
            if (latitude) u.latitude = latitude;
            if (longitude) u.longitude = longitude;
            if (!visiting_hours.is_none()) u.visiting_hours = windows_from(visiting_hours);
            if (status) u.status = parse_employer_status(*status);
            u.notes = notes;
            u.segment = segment;
            return r.update(employer.id, u);
        }, "employer"_a, py::kw_only(), "legal_name"_a = py::none(), "trade_name"_a = py::none(),
           "sector"_a = py::none(), "size"_a = py::none(), "address"_a = py::none(),
           "commune"_a = py::none(), "latitude"_a = py::none(), "longitude"_a = py::none(),
           "visiting_hours"_a = py::none(), "status"_a = py::none(), "notes"_a = py::none(),
           "segment"_a = py::none(),
           "Changes the given fields; the others stay as they are.")
        .def("count", [](const Employers& r, Ref<Office> office) { return r.count(office.id); }, "office"_a)
        .def("table", [](const Employers& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);
}

void bind_contacts_repository(py::module_& m) {
    py::class_<Contacts>(m, "Contacts")
        .def("__repr__", [](const Contacts&) { return std::string("<omilcrm.Contacts repository>"); })
        .def("add", [](Contacts& r, Ref<Employer> employer, const std::string& name, const std::string& role,
                       const std::string& email, const std::string& phone, bool primary) {
            return r.add({.employer_id = employer.id, .name = name, .role = role, .email = email,
                          .phone = phone, .primary = primary});
        }, py::kw_only(), "employer"_a, "name"_a, "role"_a = "", "email"_a = "", "phone"_a = "",
           "primary"_a = false, "Phones are normalised to +56...; a new primary contact demotes the old one.")
        .def("get", [](const Contacts& r, Ref<Contact> id) { return r.get(id.id); }, "contact"_a)
        .def("list", [](const Contacts& r, Ref<Employer> employer) { return r.list(employer.id); }, "employer"_a)
        .def("primary", [](const Contacts& r, Ref<Employer> employer) { return r.primary(employer.id); }, "employer"_a)
        .def("make_primary", [](Contacts& r, Ref<Contact> contact) { return r.make_primary(contact.id); }, "contact"_a)
        .def("update", [](Contacts& r, Ref<Contact> contact, std::optional<std::string> name,
                          std::optional<std::string> role, std::optional<std::string> email,
                          std::optional<std::string> phone) {
            return r.update(contact.id, {name, role, email, phone});
        }, "contact"_a, py::kw_only(), "name"_a = py::none(), "role"_a = py::none(), "email"_a = py::none(),
           "phone"_a = py::none(), "Changes the given fields; the employer's change log keeps the old values.")
        .def("table", [](const Contacts& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);
}

}  // namespace

void bind_employers(py::module_& m) {
    bind_employer(m);
    bind_contact(m);
    bind_employers_repository(m);
    bind_contacts_repository(m);
}

}  // namespace omilcrm::python
