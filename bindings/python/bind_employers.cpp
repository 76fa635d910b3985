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
    py::class_<Employers>(m, "Employers",
                          "The office's employers, by RUT (db.employers): add, find, search, update and list "
                          "them; every change is kept in the employer's change log.")
        .def("__repr__", [](const Employers&) { return std::string("<omilcrm.Employers repository>"); })
        .def(
            "add",
            [](Employers& r, const std::string& rut, std::optional<std::string> legal_name,
               std::optional<std::string> name, std::optional<Ref<Office>> office, const std::string& trade_name,
               const std::string& sector, const std::string& activity, SizeBand size, const std::string& address,
               const std::string& commune, std::optional<double> latitude, std::optional<double> longitude,
               const py::object& visiting_hours, EmployerStatus status, const std::string& notes,
               std::optional<Ref<StaffMember>> owner, std::optional<Ref<Cluster>> cluster, std::optional<Date> joined,
               const std::string& segment, std::optional<Date> since, LeadSource lead_source,
               const std::string& lead_detail) {
                // The keywords are NewEmployer's declared fields; the texts go to the library as given
                // (not through Python strings), so it is the library that checks their UTF-8.
                NewEmployer e{.office_id = office ? office->id : 0,
                              .rut = rut,
                              .legal_name = legal_name ? *legal_name : name.value_or(""),
                              .trade_name = trade_name,
                              .sector = sector,
                              .activity = activity,
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
                              .since = since,
                              .lead_source = lead_source,
                              .lead_detail = lead_detail};
                if (!visiting_hours.is_none())
                    e.visiting_hours =
                        detail_records::load<std::vector<VisitingWindow>, NoRecord>("visiting_hours", visiting_hours);
                return r.add(e);
            },
            py::kw_only(), "rut"_a, "legal_name"_a = py::none(), "name"_a = py::none(), "office"_a = py::none(),
            "trade_name"_a = "", "sector"_a = "", "activity"_a = "", "size"_a = SizeBand::Unknown, "address"_a = "",
            "commune"_a = "", "latitude"_a = py::none(), "longitude"_a = py::none(), "visiting_hours"_a = py::none(),
            "status"_a = EmployerStatus::Prospect, "notes"_a = "", "owner"_a = py::none(), "cluster"_a = py::none(),
            "joined"_a = py::none(), "segment"_a = "", "since"_a = py::none(), "lead_source"_a = LeadSource::Unknown,
            "lead_detail"_a = "",
            "Adds an employer and returns it (an Employer). Everything is checked before anything is "
            "written.\n\n"
            "rut: any accepted format ('76.086.428-5', '760864285'). `name` is an alias of `legal_name`. "
            "office: an Office or its id; with `cluster` (a Cluster or its id) the office is the cluster's "
            "and the employer joins it on `joined` (a datetime.date, default today). size: unknown, micro, "
            "small, medium or large. status: prospect, active or inactive. commune: a CUT code or a name "
            "(default the office's). visiting_hours: 'mon-fri 09:00-12:00' or a list of such windows. "
            "`owner` (a StaffMember or its id) defaults to the office's territorial manager, else its head. "
            "`since`: since when the office works with it (default today). lead_source: where it came from "
            "(unknown, mayors_office, cluster, fair, walk_in, employer_referral, sence, outreach, other), "
            "lead_detail: who referred it.\n\n"
            "Raises ValidationError naming the field (a bad RUT, an unknown size or commune...), Conflict "
            "when the file already has an employer with this RUT, NotFound for an unknown office, owner "
            "or cluster.\n\n"
            "Example: e = db.employers.add(rut='76.086.428-5', name='Acme', office=office)")
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
            "get", [](const Employers& r, Ref<Employer> id) { return r.get(id.id); }, "employer"_a,
            "The Employer with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def("find_by_rut", &Employers::find_by_rut, "rut"_a,
             "The Employer with this RUT (any accepted format), or None when there is none (or the text is "
             "not a valid RUT).")
        .def(
            "changes", [](const Employers& r, Ref<Employer> e) { return r.changes(e.id); }, "employer"_a,
            "The change log of an employer (an Employer or its id) as a Table: when, field, old and new "
            "value. Raises NotFound for an unknown id.")
        .def(
            "list", [](const Employers& r, Ref<Office> office) { return r.list(office.id); }, "office"_a,
            "The office's employers (office: an Office or its id), as a list of Employer, by legal name.")
        .def(
            "search",
            [](const Employers& r, Ref<Office> office, std::string_view text) { return r.search(office.id, text); },
            "office"_a, "text"_a,
            "The office's employers whose legal name, trade name or RUT contains `text`, compared on "
            "letters and digits only (case, accents, spaces and punctuation ignored): 'logistica' finds "
            "'Logística Gulmué SpA', '76.086.428' its RUT. Nothing is a wildcard; blank text gives every "
            "employer, text with no letter or digit none. Returns a list of Employer.")
        .def(
            "update",
            [](Employers& r, Ref<Employer> employer, std::optional<std::string> legal_name,
               std::optional<std::string> trade_name, std::optional<std::string> sector,
               std::optional<std::string> activity, std::optional<SizeBand> size, std::optional<std::string> address,
               std::optional<std::string> commune, std::optional<double> latitude, std::optional<double> longitude,
               const py::object& visiting_hours, std::optional<EmployerStatus> status, std::optional<std::string> notes,
               std::optional<std::string> segment, std::optional<LeadSource> lead_source,
               std::optional<std::string> lead_detail) {
                EmployerUpdate u;
                u.legal_name = legal_name;
                u.trade_name = trade_name;
                u.sector = sector;
                u.activity = activity;
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
                u.lead_source = lead_source;
                u.lead_detail = lead_detail;
                return r.update(employer.id, u);
            },
            "employer"_a, py::kw_only(), "legal_name"_a = py::none(), "trade_name"_a = py::none(),
            "sector"_a = py::none(), "activity"_a = py::none(), "size"_a = py::none(), "address"_a = py::none(),
            "commune"_a = py::none(), "latitude"_a = py::none(), "longitude"_a = py::none(),
            "visiting_hours"_a = py::none(), "status"_a = py::none(), "notes"_a = py::none(), "segment"_a = py::none(),
            "lead_source"_a = py::none(), "lead_detail"_a = py::none(),
            "Changes the given fields of an employer (an Employer or its id); the others stay as they "
            "are. Each changed value is appended to the change log (see changes()); nothing is written "
            "when nothing changes. Returns the updated Employer.\n\n"
            "Raises ValidationError naming the field, NotFound for an unknown id.\n\n"
            "Example: db.employers.update(e, status='active', segment='key_account')")
        .def(
            "count", [](const Employers& r, Ref<Office> office) { return r.count(office.id); }, "office"_a,
            "How many employers the office (an Office or its id) has, as an int.")
        .def(
            "table", [](const Employers& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "The office's employers as a Table, one row per employer (to_pandas() for a DataFrame).");
}

void bind_contacts_repository(py::module_& m) {
    py::class_<Contacts>(m, "Contacts",
                         "The people at the employers (db.contacts): add, update and list them, and mark one "
                         "employer's primary contact.")
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
            "Adds a contact to an employer (an Employer or its id) and returns it (a Contact). role: job "
            "title, free text ('Jefa de RR.HH.'). Phones are normalised to +56...; a new primary contact "
            "demotes the old one.\n\n"
            "Raises ValidationError naming the field (an empty name, a bad e-mail or phone), NotFound for "
            "an unknown employer.")
        .def(
            "get", [](const Contacts& r, Ref<Contact> id) { return r.get(id.id); }, "contact"_a,
            "The Contact with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "list", [](const Contacts& r, Ref<Employer> employer) { return r.list(employer.id); }, "employer"_a,
            "The employer's contacts (employer: an Employer or its id), as a list of Contact.")
        .def(
            "search",
            [](const Contacts& r, Ref<Office> office, const std::string& text) { return r.search(office.id, text); },
            "office"_a, "text"_a,
            "The office's contacts whose name, role, e-mail or phone, or whose employer's legal name, trade "
            "name or RUT, contains `text`, as a Table with the columns of table(): letters and digits are "
            "compared, accents, case, spaces and punctuation ignored ('maria' finds 'María José Pérez', "
            "'8765 43' the phone +56987654321). Blank text gives every contact.")
        .def(
            "primary", [](const Contacts& r, Ref<Employer> employer) { return r.primary(employer.id); }, "employer"_a,
            "The employer's primary Contact, or None when it has none.")
        .def(
            "make_primary", [](Contacts& r, Ref<Contact> contact) { return r.make_primary(contact.id); }, "contact"_a,
            "Makes this contact (a Contact or its id) the employer's primary one, demoting the previous "
            "one; returns the updated Contact. Raises NotFound for an unknown id.")
        .def(
            "update",
            [](Contacts& r, Ref<Contact> contact, std::optional<std::string> name, std::optional<std::string> role,
               std::optional<std::string> email, std::optional<std::string> phone) {
                return r.update(contact.id, {name, role, email, phone});
            },
            "contact"_a, py::kw_only(), "name"_a = py::none(), "role"_a = py::none(), "email"_a = py::none(),
            "phone"_a = py::none(),
            "Changes the given fields of a contact (a Contact or its id; e-mail and phone normalised); "
            "each changed value goes to the employer's change log as 'contact <id> <field>'. Returns the "
            "updated Contact. Raises ValidationError naming the field, NotFound for an unknown id.")
        .def(
            "table", [](const Contacts& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "Every contact of the office's employers as a Table, one row per contact.");
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
