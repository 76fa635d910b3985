// Vacancies captured from employers: the record, its status and the Vacancies repository.
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <omilcrm/employers.hpp>
#include <omilcrm/interactions.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/vacancies.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// NewVacancy's fields that capture() spells another way.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kVacancyKeywords = {{
    {"captured_on", "on"}, {"captured_by", "by"}}};

// capture()'s keywords as a NewVacancy: one row of capture_many(), or capture()'s own arguments, so
// both convert alike. Unknown keys are refused.
NewVacancy new_vacancy_from(const py::dict& d) {
    NewVacancy n;
    bool employer = false, title = false, occupation = false;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        auto obj = [&] { return py::reinterpret_borrow<py::object>(v); };
        if (key == "employer") {
            n.employer_id = ref_of<Employer>(key, v);
            employer = true;
        } else if (key == "title") {
            n.title = text();
            title = true;
        } else if (key == "occupation") {
            n.occupation = text();
            occupation = true;
        } else if (key == "positions") n.positions = value_of<int>(key, v, "an integer");
        else if (key == "description") n.description = text();
        else if (key == "employment_type") n.employment_type = parse_employment_type(text());
        else if (key == "shift") n.shift = parse_shift(text());
        else if (key == "schedule") n.schedule = text();
        else if (key == "wage_min") n.wage_min = value_of<std::int64_t>(key, v, "an integer");
        else if (key == "wage_max") n.wage_max = value_of<std::int64_t>(key, v, "an integer");
        else if (key == "commune") n.commune = text();
        else if (key == "address") n.address = text();
        else if (key == "education") n.education = parse_education_level(text());
        else if (key == "experience_months") n.experience_months = value_of<int>(key, v, "an integer");
        else if (key == "licences") n.licences = strings_of(obj());
        else if (key == "skills") n.skills = strings_of(obj());
        else if (key == "channel") n.channel = parse_capture_channel(text());
        else if (key == "interaction") n.interaction_id = ref_of<Interaction>(key, v);
        else if (key == "by") n.captured_by = ref_of<StaffMember>(key, v);
        else if (key == "on") n.captured_on = value_of<Date>(key, v, "a date");
        else if (key == "valid_through") n.valid_through = value_of<Date>(key, v, "a date");
        else
            throw ValidationError(key, text(), "is not a vacancy field (employer, title, occupation, positions, "
                                               "description, employment_type, shift, schedule, wage_min, wage_max, "
                                               "commune, address, education, experience_months, licences, skills, "
                                               "channel, interaction, by, on, valid_through)");
    }
    if (!employer) throw ValidationError("employer", "", "is required");
    if (!title) throw ValidationError("title", "", "is required");
    if (!occupation) throw ValidationError("occupation", "", "is required");
    return n;
}

void bind_vacancy_status(py::module_& m) {
    m.def("vacancy_status", [](int positions, int placed, Date valid_through, std::optional<Date> cancelled_on, Date on) {
        return std::string(to_string(vacancy_status(positions, placed, valid_through, cancelled_on, on)));
    }, py::kw_only(), "positions"_a, "placed"_a, "valid_through"_a, "cancelled_on"_a = py::none(), "on"_a,
          "The status a vacancy has on a day: cancelled, filled, expired, partially_filled or open.");
}

void bind_vacancy(py::module_& m) {
    py::class_<Vacancy>(m, "Vacancy", "A job opening captured from an employer; its status follows from the facts.")
        .def_property_readonly("id", [](const Vacancy& v) { return v.meta.id; })
        .def_property_readonly("uuid", [](const Vacancy& v) { return v.meta.uuid; })
        .def_readonly("office_id", &Vacancy::office_id)
        .def_readonly("employer_id", &Vacancy::employer_id)
        .def_readonly("title", &Vacancy::title)
        .def_readonly("description", &Vacancy::description)
        .def_readonly("occupation", &Vacancy::occupation)
        .def_readonly("positions", &Vacancy::positions)
        .def_property_readonly("employment_type", [](const Vacancy& v) { return std::string(to_string(v.employment_type)); })
        .def_property_readonly("shift", [](const Vacancy& v) { return std::string(to_string(v.shift)); })
        .def_readonly("schedule", &Vacancy::schedule)
        .def_readonly("wage_min", &Vacancy::wage_min)
        .def_readonly("wage_max", &Vacancy::wage_max)
        .def_readonly("commune", &Vacancy::commune)
        .def_readonly("address", &Vacancy::address)
        .def_property_readonly("education", [](const Vacancy& v) { return std::string(to_string(v.education)); })
        .def_readonly("experience_months", &Vacancy::experience_months)
        .def_readonly("licences", &Vacancy::licences)
        .def_readonly("skills", &Vacancy::skills)
        .def_property_readonly("channel", [](const Vacancy& v) { return std::string(to_string(v.channel)); })
        .def_readonly("interaction_id", &Vacancy::interaction_id)
        .def_readonly("captured_by", &Vacancy::captured_by)
        .def_readonly("captured_on", &Vacancy::captured_on)
        .def_readonly("valid_through", &Vacancy::valid_through)
        .def_readonly("cancelled_on", &Vacancy::cancelled_on)
        .def_readonly("cancel_reason", &Vacancy::cancel_reason)
        .def_readonly("placed", &Vacancy::placed)
        .def_property_readonly("status", [](const Vacancy& v) { return std::string(to_string(v.status)); })
        .def_readonly("filled_on", &Vacancy::filled_on)
        .def("__repr__", [](const Vacancy& v) {
            return "Vacancy(id=" + std::to_string(v.meta.id) + ", title=" + q(v.title) + ", occupation=" + q(v.occupation) +
                   ", positions=" + std::to_string(v.positions) + ", placed=" + std::to_string(v.placed) +
                   ", status=" + q(std::string(to_string(v.status))) + ")";
        });
}

void bind_vacancies_repository(py::module_& m) {
    py::class_<Vacancies>(m, "Vacancies")
        .def("__repr__", [](const Vacancies&) { return std::string("<omilcrm.Vacancies repository>"); })
        .def("capture", [](Vacancies& r, Ref<Employer> employer, const std::string& title, const std::string& occupation,
                           int positions, const std::string& description, const std::string& employment_type,
                           const std::string& shift, const std::string& schedule, std::optional<std::int64_t> wage_min,
                           std::optional<std::int64_t> wage_max, const std::string& commune, const std::string& address,
                           const std::string& education, int experience_months, const py::object& licences,
                           const py::object& skills, std::optional<std::string> channel,
                           std::optional<Ref<Interaction>> interaction, std::optional<Ref<StaffMember>> by,
                           std::optional<Date> on, std::optional<Date> valid_through) {
            const NewVacancy in = new_vacancy_from(py::dict(
                "employer"_a = employer.id, "title"_a = title, "occupation"_a = occupation, "positions"_a = positions,
                "description"_a = description, "employment_type"_a = employment_type, "shift"_a = shift,
                "schedule"_a = schedule, "wage_min"_a = wage_min, "wage_max"_a = wage_max, "commune"_a = commune,
                "address"_a = address, "education"_a = education, "experience_months"_a = experience_months,
                "licences"_a = licences, "skills"_a = skills, "channel"_a = channel,
                "interaction"_a = opt_ref(interaction), "by"_a = opt_ref(by), "on"_a = on,
                "valid_through"_a = valid_through));
            return with_keywords(kVacancyKeywords, [&] { return r.capture(in); });
        }, py::kw_only(), "employer"_a, "title"_a, "occupation"_a, "positions"_a = 1, "description"_a = "",
           "employment_type"_a = "full_time", "shift"_a = "day", "schedule"_a = "", "wage_min"_a = py::none(),
           "wage_max"_a = py::none(), "commune"_a = "", "address"_a = "", "education"_a = "none",
           "experience_months"_a = 0, "licences"_a = py::none(), "skills"_a = py::none(), "channel"_a = py::none(),
           "interaction"_a = py::none(), "by"_a = py::none(), "on"_a = py::none(), "valid_through"_a = py::none(),
           "Records a vacancy captured from an employer. occupation: an ISCO-08 unit group ('9333'); channel: "
           "visit, cluster_meeting, email, event, other (default: from the interaction, else other); "
           "valid_through defaults to 30 days after the capture.")
        .def("capture_many", [](Vacancies& r, const py::iterable& rows) {
            const auto in = rows_of(rows, new_vacancy_from);
            return with_keywords(kVacancyKeywords, [&] { return r.capture_many(in); });
        }, "rows"_a,
           "Bulk path: an iterable of dicts with capture()'s keywords, every row checked as capture() does "
           "(errors name the row: rows[3].occupation), then one transaction; one bad row and nothing is "
           "captured. Returns the new ids.")
        .def("get", [](const Vacancies& r, Ref<Vacancy> v) { return r.get(v.id); }, "vacancy"_a)
        .def("list", [](const Vacancies& r, Ref<Office> office, std::optional<Ref<Employer>> employer,
                        std::optional<std::string> status, bool open_only) {
            VacancyFilter f;
            f.employer_id = opt_ref(employer);
            if (status) f.status = parse_vacancy_status(*status);
            f.open_only = open_only;
            return r.list(office.id, f);
        }, "office"_a, py::kw_only(), "employer"_a = py::none(), "status"_a = py::none(), "open_only"_a = false)
        .def("cancel", [](Vacancies& r, Ref<Vacancy> v, const std::string& reason, std::optional<Date> on) {
            return r.cancel(v.id, reason, on);
        }, "vacancy"_a, py::kw_only(), "reason"_a, "on"_a = py::none())
        .def("extend", [](Vacancies& r, Ref<Vacancy> v, Date valid_through) { return r.extend(v.id, valid_through); },
             "vacancy"_a, py::kw_only(), "valid_through"_a)
        .def("job_posting", [](const Vacancies& r, Ref<Vacancy> v) { return r.job_posting(v.id); }, "vacancy"_a,
             "schema.org JobPosting as a JSON-LD string, for job boards.")
        .def("table", [](const Vacancies& r, Ref<Office> office, std::optional<Ref<Employer>> employer,
                         std::optional<std::string> status, bool open_only) {
            VacancyFilter f;
            f.employer_id = opt_ref(employer);
            if (status) f.status = parse_vacancy_status(*status);
            f.open_only = open_only;
            return r.table(office.id, f);
        }, "office"_a, py::kw_only(), "employer"_a = py::none(), "status"_a = py::none(), "open_only"_a = false);
}

}  // namespace

void bind_vacancies(py::module_& m) {
    bind_vacancy_status(m);
    bind_vacancy(m);
    bind_vacancies_repository(m);
}

}  // namespace omilcrm::python
