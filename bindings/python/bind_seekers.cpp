// Job seekers: the profile, workshops attended and the Seekers repository (personal data only
// through its logged reads).
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <omilcrm/offices.hpp>
#include <omilcrm/purposes.hpp>
#include <omilcrm/seekers.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// add()'s keywords as a NewJobSeeker: one row of add_many(), or add()'s own arguments, so both
// convert alike. Unknown keys are refused.
NewJobSeeker new_seeker_from(const py::dict& d) { return record_from<NewJobSeeker>(d, "job seeker"); }

void bind_job_seeker(py::module_& m) {
    py::class_<JobSeeker> c(m, "JobSeeker", "A person registered at the office; personal data stays in the record.");
    def_fields(c);
    // The repr leaves personal data out: it ends up in logs and notebooks.
    c.def("__repr__", [](const JobSeeker& s) {
        std::string out = record_repr(s, "JobSeeker", {"id", "commune"});
        if (!s.active) out.insert(out.size() - 1, ", withdrawn");
        return out;
    });
}

void bind_workshop_attendance(py::module_& m) {
    py::class_<WorkshopAttendance> c(m, "WorkshopAttendance", "A job-readiness workshop a seeker attended.");
    def_fields(c);
    c.def("__repr__", [](const WorkshopAttendance& w) {
        return "WorkshopAttendance(on=" + q(w.on.iso()) + ", workshop=" + q(w.workshop) + ")";
    });
}

void bind_seekers_repository(py::module_& m) {
    py::class_<Seekers>(m, "Seekers",
                        "Job seekers registered at the office (db.seekers). Profiles are read freely; personal "
                        "data (RUT, name, phone, e-mail, address, birth date) only through personal(), "
                        "find_by_rut() and export_personal(), each with a purpose and logged.")
        .def("__repr__", [](const Seekers&) { return std::string("<omilcrm.Seekers repository>"); })
        .def(
            "add",
            [](Seekers& r, Ref<Office> office, const std::string& rut, const std::string& name,
               const std::string& commune, std::optional<Date> consent_on, const py::object& consent_scope,
               const std::string& phone, const std::string& email, const std::string& address,
               std::optional<Date> birth_date, EducationLevel education, const py::object& experience,
               const py::object& skills, const py::object& licences, std::optional<NamedArgs<Shift, "shifts">> shifts,
               std::optional<Date> available_from, std::optional<Date> registered_on) {
                return r.add(new_seeker_from(
                    py::dict("office"_a = office.id, "rut"_a = text_arg(rut), "name"_a = text_arg(name),
                             "commune"_a = text_arg(commune), "consent_on"_a = consent_on,
                             "consent_scope"_a = consent_scope, "phone"_a = text_arg(phone),
                             "email"_a = text_arg(email), "address"_a = text_arg(address), "birth_date"_a = birth_date,
                             "education"_a = education, "experience"_a = experience, "skills"_a = skills,
                             "licences"_a = licences, "shifts"_a = shifts ? py::cast(shifts->values) : py::none(),
                             "available_from"_a = available_from, "registered_on"_a = registered_on)));
            },
            py::kw_only(), "office"_a, "rut"_a, "name"_a, "commune"_a, "consent_on"_a, "consent_scope"_a,
            "phone"_a = "", "email"_a = "", "address"_a = "", "birth_date"_a = py::none(),
            "education"_a = EducationLevel::None, "experience"_a = py::none(), "skills"_a = py::none(),
            "licences"_a = py::none(), "shifts"_a = py::none(), "available_from"_a = py::none(),
            "registered_on"_a = py::none(),
            "Registers a job seeker. consent_scope: any of intermediation, programmes, contact, statistics, image, "
            "testimonial; "
            "experience: {'9333': 24} (ISCO code: months); shifts: day, afternoon, night, rotating, weekend, "
            "flexible (none = any).\n\n"
            "office: an Office or id. rut: any accepted format. commune: a CUT code or name. consent_on: "
            "the day (a datetime.date) the person consented. education: the level reached. skills, "
            "licences: lists of text. Returns the JobSeeker (without personal data, as get()).\n\n"
            "Raises ValidationError naming the field, Conflict when the office already has a seeker with "
            "this RUT.")
        .def(
            "add_many",
            [](Seekers& r, const py::iterable& rows, const py::object& progress) {
                const auto in = rows_of(rows, new_seeker_from);
                return r.add_many(in, python_progress(progress, "job seekers"));
            },
            "rows"_a, py::kw_only(), "progress"_a = py::none(),
            "Bulk path: an iterable of dicts with add()'s keywords, each validated and inserted in one "
            "transaction; one bad row and nothing is added. Returns the new ids."
            " progress: a callable progress(done, total) told how far the call got (about every 1%), or True for a "
            "progress bar. Ctrl-C stops the call between rows and rolls it all back (KeyboardInterrupt).")
        .def(
            "get", [](const Seekers& r, Ref<JobSeeker> s) { return r.get(s.id); }, "seeker"_a,
            "The seeker's profile, without personal data (rut, name, phone, email, address and birth_date "
            "are empty): read those with personal().")
        .def(
            "personal",
            [](Seekers& r, Ref<JobSeeker> s, const std::string& purpose, Ref<StaffMember> by) {
                return r.personal(s.id, purpose, by.id);
            },
            "seeker"_a, py::kw_only(), "purpose"_a, "by"_a,
            "The seeker with their personal data. Takes a purpose from the closed list ('code' or 'code: detail': "
            "intermediation, programmes, contact, data_subject_request, legal_obligation, register_transfer) and "
            "the staff member reading (of the seeker's office); the reading is logged (exports()) before the data "
            "is returned, so not inside a transaction. A purpose the seeker's consent does not cover raises "
            "Forbidden, and the refusal is logged.")
        .def(
            "find_by_rut",
            [](Seekers& r, Ref<Office> office, std::string_view rut, const std::string& purpose, Ref<StaffMember> by) {
                return r.find_by_rut(office.id, rut, purpose, by.id);
            },
            "office"_a, "rut"_a, py::kw_only(), "purpose"_a, "by"_a,
            "The seeker registered with this RUT, with personal data, or None. A search by RUT reads personal "
            "data: purpose (as for personal()) and by are required and it is logged, found or not; a seeker "
            "found whose consent does not cover the purpose raises Forbidden.")
        .def(
            "update",
            [](Seekers& r, Ref<JobSeeker> s, std::optional<std::string> commune, std::optional<std::string> phone,
               std::optional<std::string> email, std::optional<std::string> address,
               std::optional<EducationLevel> education, const py::object& experience, const py::object& skills,
               const py::object& licences, std::optional<NamedArgs<Shift, "shifts">> shifts,
               std::optional<Date> available_from) {
                const auto u = record_from<SeekerUpdate>(
                    py::dict("commune"_a = text_arg(commune), "phone"_a = text_arg(phone), "email"_a = text_arg(email),
                             "address"_a = text_arg(address), "education"_a = education, "experience"_a = experience,
                             "skills"_a = skills, "licences"_a = licences,
                             "shifts"_a = shifts ? py::cast(shifts->values) : py::none(),
                             "available_from"_a = available_from),
                    "job seeker");
                return r.update(s.id, u);
            },
            "seeker"_a, py::kw_only(), "commune"_a = py::none(), "phone"_a = py::none(), "email"_a = py::none(),
            "address"_a = py::none(), "education"_a = py::none(), "experience"_a = py::none(), "skills"_a = py::none(),
            "licences"_a = py::none(), "shifts"_a = py::none(), "available_from"_a = py::none(),
            "Changes the given fields of a seeker's profile and contact (a JobSeeker or id); the others "
            "stay as they are, and each change goes to the seeker's change log (changes()). Returns the "
            "updated JobSeeker. Raises ValidationError naming the field, NotFound for an unknown id.")
        .def(
            "withdraw", [](Seekers& r, Ref<JobSeeker> s, std::optional<Date> on) { return r.withdraw(s.id, on); },
            "seeker"_a, py::kw_only(), "on"_a = py::none(),
            "Withdraws the seeker (a JobSeeker or id) from the register on `on` (default today): no longer "
            "matched nor referred. Returns the updated JobSeeker.")
        .def(
            "renew_consent",
            [](Seekers& r, Ref<JobSeeker> s, Date on, const py::object& scope) {
                return r.renew_consent(s.id, on, strings_of(scope));
            },
            "seeker"_a, py::kw_only(), "on"_a, "scope"_a,
            "Records the seeker's consent given again on `on` (a datetime.date) for `scope` (any of "
            "intermediation, programmes, contact, statistics, image, testimonial); returns the updated JobSeeker.")
        .def(
            "count", [](const Seekers& r, Ref<Office> office) { return r.count(office.id); }, "office"_a,
            "How many seekers the office (an Office or id) has registered, as an int.")
        .def(
            "attend_workshop",
            [](Seekers& r, Ref<JobSeeker> s, const std::string& workshop, std::optional<Date> on,
               std::optional<Ref<StaffMember>> by) {
                r.attend_workshop(s.id, on.value_or(r.today()), workshop, opt_ref(by));
            },
            "seeker"_a, py::kw_only(), "workshop"_a, "on"_a = py::none(), "by"_a = py::none(),
            "Records the seeker's attendance at a job-readiness workshop (its name) on `on` (default today). "
            "Returns None.")
        .def(
            "workshops", [](const Seekers& r, Ref<JobSeeker> s) { return r.workshops(s.id); }, "seeker"_a,
            "The workshops the seeker attended, as a list of WorkshopAttendance.")
        .def(
            "table", [](const Seekers& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "Profiles without personal data: commune, education, experience, skills, licences, availability, "
            "consent and counts.")
        .def(
            "export_personal",
            [](Seekers& r, Ref<Office> office, const py::object& fields, const std::string& purpose,
               std::optional<Ref<StaffMember>> by, const std::string& scope) {
                return r.export_personal(office.id, strings_of(fields), purpose, opt_ref(by), scope);
            },
            "office"_a, py::kw_only(), "fields"_a, "purpose"_a, "by"_a = py::none(), "scope"_a = "intermediation",
            "The only way personal data leaves the database in bulk: the profiles plus the personal fields named "
            "(rut, name, phone, email, address, birth_date) of seekers on the register whose consent covers "
            "`scope`; the purpose must agree with it (intermediation with scope intermediation, ...; "
            "data_subject_request and legal_obligation with any). `by` (a staff member of the office) is required. "
            "Logged before the table is returned, so not inside a transaction; the table's metadata "
            "(DataFrame.attrs) says what it contains.")
        .def(
            "exports", [](const Seekers& r, Ref<Office> office) { return r.exports(office.id); }, "office"_a,
            "The log of personal data read: when, who, purpose, fields, consent scope, rows, actor, and why a "
            "reading was refused (refused).")
        .def(
            "changes", [](const Seekers& r, Ref<JobSeeker> s) { return r.changes(s.id); }, "seeker"_a,
            "The seeker's change log: profile, contact, withdrawal and consent changes with old and new values.");
}

}  // namespace

void bind_seekers(py::module_& m) {
    m.def(
        "describe_purpose", [](Purpose p) { return std::string(describe(p)); }, "purpose"_a,
        "The line in Spanish that says what a purpose of reading personal data is for (intermediation, "
        "programmes, contact, data_subject_request, legal_obligation, register_transfer), for the documents "
        "given to the person.");
    bind_input_record<NewJobSeeker>(m, "NewJobSeeker", "A job seeker to register: Seekers.add()'s keywords.");
    bind_input_record<SeekerUpdate>(m, "SeekerUpdate", "The fields of a job seeker to change.");
    bind_job_seeker(m);
    bind_workshop_attendance(m);
    bind_seekers_repository(m);
}

}  // namespace omilcrm::python
