// Job seekers: the profile, workshops attended and the Seekers repository (personal data only
// through its logged reads).
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <omilcrm/offices.hpp>
#include <omilcrm/seekers.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

std::vector<std::string> shift_names(const std::vector<Shift>& shifts) {
    std::vector<std::string> out;
    for (auto s : shifts) out.emplace_back(to_string(s));
    return out;
}

py::list experience_list(const std::vector<matching::Experience>& ex) {
    py::list out;
    for (const auto& e : ex) out.append(py::make_tuple(e.occupation, e.months));
    return out;
}

// Builds a NewJobSeeker from a dict (one row of add_many); unknown keys are refused.
NewJobSeeker new_seeker_from(const py::dict& d) {
    NewJobSeeker s;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        if (key == "office") s.office_id = ref_of<Office>(key, v);
        else if (key == "rut") s.rut = text();
        else if (key == "name") s.name = text();
        else if (key == "commune") s.commune = text();
        else if (key == "phone") s.phone = text();
        else if (key == "email") s.email = text();
        else if (key == "address") s.address = text();
        else if (key == "birth_date") s.birth_date = value_of<Date>(key, v, "a date");
        else if (key == "education") s.education = parse_education_level(text());
        else if (key == "experience") s.experience = experience_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "skills") s.skills = strings_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "licences") s.licences = strings_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "shifts") s.shifts = shifts_of(py::reinterpret_borrow<py::object>(v));
        else if (key == "available_from") s.available_from = value_of<Date>(key, v, "a date");
        else if (key == "registered_on") s.registered_on = value_of<Date>(key, v, "a date");
        else if (key == "consent_on") s.consent_on = value_of<Date>(key, v, "a date");
        else if (key == "consent_scope") s.consent_scope = strings_of(py::reinterpret_borrow<py::object>(v));
        else throw ValidationError(key, text(), "is not a job seeker field");
    }
    return s;
}

void bind_job_seeker(py::module_& m) {
    py::class_<JobSeeker>(m, "JobSeeker", "A person registered at the office; personal data stays in the record.")
        .def_property_readonly("id", [](const JobSeeker& s) { return s.meta.id; })
        .def_property_readonly("uuid", [](const JobSeeker& s) { return s.meta.uuid; })
        .def_readonly("office_id", &JobSeeker::office_id)
        .def_readonly("rut", &JobSeeker::rut)
        .def_readonly("name", &JobSeeker::name)
        .def_readonly("phone", &JobSeeker::phone)
        .def_readonly("email", &JobSeeker::email)
        .def_readonly("address", &JobSeeker::address)
        .def_readonly("birth_date", &JobSeeker::birth_date)
        .def_readonly("commune", &JobSeeker::commune)
        .def_property_readonly("education", [](const JobSeeker& s) { return std::string(to_string(s.education)); })
        .def_property_readonly("experience", [](const JobSeeker& s) { return experience_list(s.experience); },
                               "[(ISCO code, months), ...]")
        .def_readonly("skills", &JobSeeker::skills)
        .def_readonly("licences", &JobSeeker::licences)
        .def_property_readonly("shifts", [](const JobSeeker& s) { return shift_names(s.shifts); })
        .def_readonly("available_from", &JobSeeker::available_from)
        .def_readonly("registered_on", &JobSeeker::registered_on)
        .def_readonly("consent_on", &JobSeeker::consent_on)
        .def_readonly("consent_scope", &JobSeeker::consent_scope)
        .def_readonly("active", &JobSeeker::active)
        // The repr leaves personal data out: it ends up in logs and notebooks.
        .def("__repr__", [](const JobSeeker& s) {
            return "JobSeeker(id=" + std::to_string(s.meta.id) + ", commune=" + q(s.commune) +
                   (s.active ? "" : ", withdrawn") + ")";
        });
}

void bind_workshop_attendance(py::module_& m) {
    py::class_<WorkshopAttendance>(m, "WorkshopAttendance", "A job-readiness workshop a seeker attended.")
        .def_readonly("seeker_id", &WorkshopAttendance::seeker_id)
        .def_readonly("on", &WorkshopAttendance::on)
        .def_readonly("workshop", &WorkshopAttendance::workshop)
        .def_readonly("staff_id", &WorkshopAttendance::staff_id)
        .def("__repr__", [](const WorkshopAttendance& w) {
            return "WorkshopAttendance(on=" + q(w.on.iso()) + ", workshop=" + q(w.workshop) + ")";
        });
}

void bind_seekers_repository(py::module_& m) {
    py::class_<Seekers>(m, "Seekers")
        .def("__repr__", [](const Seekers&) { return std::string("<omilcrm.Seekers repository>"); })
        .def("add", [](Seekers& r, Ref<Office> office, const std::string& rut, const std::string& name,
                       const std::string& commune, std::optional<Date> consent_on, const py::object& consent_scope,
                       const std::string& phone, const std::string& email, const std::string& address,
                       std::optional<Date> birth_date, const std::string& education, const py::object& experience,
                       const py::object& skills, const py::object& licences, const py::object& shifts,
                       std::optional<Date> available_from, std::optional<Date> registered_on) {
            NewJobSeeker s;
            s.office_id = office.id;
            s.rut = rut;
            s.name = name;
            s.commune = commune;
            s.consent_on = consent_on;
            s.consent_scope = strings_of(consent_scope);
            s.phone = phone;
            s.email = email;
            s.address = address;
            s.birth_date = birth_date;
            s.education = parse_education_level(education);
            s.experience = experience_of(experience);
            s.skills = strings_of(skills);
            s.licences = strings_of(licences);
            s.shifts = shifts_of(shifts);
            s.available_from = available_from;
            s.registered_on = registered_on;
            return r.add(s);
        }, py::kw_only(), "office"_a, "rut"_a, "name"_a, "commune"_a, "consent_on"_a, "consent_scope"_a,
           "phone"_a = "", "email"_a = "", "address"_a = "", "birth_date"_a = py::none(), "education"_a = "none",
           "experience"_a = py::none(), "skills"_a = py::none(), "licences"_a = py::none(), "shifts"_a = py::none(),
           "available_from"_a = py::none(), "registered_on"_a = py::none(),
           "Registers a job seeker. consent_scope: any of intermediation, programmes, contact, statistics; "
           "experience: {'9333': 24} (ISCO code: months); shifts: day, afternoon, night, rotating, weekend, "
           "flexible (none = any).")
        .def("add_many", [](Seekers& r, const py::iterable& rows) {
            const auto in = rows_of(rows, new_seeker_from);
            return r.add_many(in);
        }, "rows"_a,
           "Bulk path: an iterable of dicts with add()'s keywords, each validated and inserted in one "
           "transaction; one bad row and nothing is added. Returns the new ids.")
        .def("get", [](const Seekers& r, Ref<JobSeeker> s) { return r.get(s.id); }, "seeker"_a,
             "The seeker's profile, without personal data (rut, name, phone, email, address and birth_date "
             "are empty): read those with personal().")
        .def("personal", [](Seekers& r, Ref<JobSeeker> s, const std::string& purpose, Ref<StaffMember> by) {
            return r.personal(s.id, purpose, by.id);
        }, "seeker"_a, py::kw_only(), "purpose"_a, "by"_a,
           "The seeker with their personal data. Takes a purpose and the staff member reading (of the seeker's "
           "office); the reading is logged (exports()) before the data is returned, so not inside a transaction.")
        .def("find_by_rut", [](Seekers& r, Ref<Office> office, std::string_view rut, const std::string& purpose,
                               Ref<StaffMember> by) { return r.find_by_rut(office.id, rut, purpose, by.id); },
             "office"_a, "rut"_a, py::kw_only(), "purpose"_a, "by"_a,
             "The seeker registered with this RUT, with personal data, or None. A search by RUT reads personal "
             "data: purpose and by are required and it is logged, found or not.")
        .def("update", [](Seekers& r, Ref<JobSeeker> s, std::optional<std::string> commune,
                          std::optional<std::string> phone, std::optional<std::string> email,
                          std::optional<std::string> address, std::optional<std::string> education,
                          const py::object& experience, const py::object& skills, const py::object& licences,
                          const py::object& shifts, std::optional<Date> available_from) {
            SeekerUpdate u;
            u.commune = commune;
            u.phone = phone;
            u.email = email;
            u.address = address;
            if (education) u.education = parse_education_level(*education);
            if (!experience.is_none()) u.experience = experience_of(experience);
            if (!skills.is_none()) u.skills = strings_of(skills);
            if (!licences.is_none()) u.licences = strings_of(licences);
            if (!shifts.is_none()) u.shifts = shifts_of(shifts);
            if (available_from) u.available_from = std::optional<Date>(*available_from);
            return r.update(s.id, u);
        }, "seeker"_a, py::kw_only(), "commune"_a = py::none(), "phone"_a = py::none(), "email"_a = py::none(),
           "address"_a = py::none(), "education"_a = py::none(), "experience"_a = py::none(), "skills"_a = py::none(),
           "licences"_a = py::none(), "shifts"_a = py::none(), "available_from"_a = py::none(),
           "Changes the given fields; each change is logged.")
        .def("withdraw", [](Seekers& r, Ref<JobSeeker> s, std::optional<Date> on) { return r.withdraw(s.id, on); },
             "seeker"_a, py::kw_only(), "on"_a = py::none())
        .def("renew_consent", [](Seekers& r, Ref<JobSeeker> s, Date on, const py::object& scope) {
            return r.renew_consent(s.id, on, strings_of(scope));
        }, "seeker"_a, py::kw_only(), "on"_a, "scope"_a)
        .def("count", [](const Seekers& r, Ref<Office> office) { return r.count(office.id); }, "office"_a)
        .def("attend_workshop", [](Seekers& r, Ref<JobSeeker> s, const std::string& workshop, std::optional<Date> on,
                                   std::optional<Ref<StaffMember>> by) {
            r.attend_workshop(s.id, on.value_or(r.today()), workshop, opt_ref(by));
        }, "seeker"_a, py::kw_only(), "workshop"_a, "on"_a = py::none(), "by"_a = py::none(),
           "Records attendance at a job-readiness workshop.")
        .def("workshops", [](const Seekers& r, Ref<JobSeeker> s) { return r.workshops(s.id); }, "seeker"_a)
        .def("table", [](const Seekers& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
             "Profiles without personal data: commune, education, experience, skills, licences, availability, "
             "consent and counts.")
        .def("export_personal", [](Seekers& r, Ref<Office> office, const py::object& fields, const std::string& purpose,
                                   std::optional<Ref<StaffMember>> by, const std::string& scope) {
            return r.export_personal(office.id, strings_of(fields), purpose, opt_ref(by), scope);
        }, "office"_a, py::kw_only(), "fields"_a, "purpose"_a, "by"_a = py::none(), "scope"_a = "intermediation",
           "The only way personal data leaves the database in bulk: the profiles plus the personal fields named "
           "(rut, name, phone, email, address, birth_date) of seekers on the register whose consent covers "
           "`scope`. `by` (a staff member of the office) is required. Logged before the table is returned, so not "
           "inside a transaction; the table's metadata (DataFrame.attrs) says what it contains.")
        .def("exports", [](const Seekers& r, Ref<Office> office) { return r.exports(office.id); }, "office"_a,
             "The log of personal-data exports.")
        .def("changes", [](const Seekers& r, Ref<JobSeeker> s) { return r.changes(s.id); }, "seeker"_a,
             "The seeker's change log: profile, contact, withdrawal and consent changes with old and new values.");
}

}  // namespace

void bind_seekers(py::module_& m) {
    bind_job_seeker(m);
    bind_workshop_attendance(m);
    bind_seekers_repository(m);
}

}  // namespace omilcrm::python
