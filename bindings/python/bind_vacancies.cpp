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
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// NewVacancy's fields that capture() spells another way.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kVacancyKeywords = {
    {{"captured_on", "on"}, {"captured_by", "by"}}};

// capture()'s keywords as a NewVacancy: one row of capture_many(), or capture()'s own arguments, so
// both convert alike. Unknown keys are refused.
NewVacancy new_vacancy_from(const py::dict& d) { return record_from<NewVacancy>(d, "vacancy"); }

void bind_vacancy_status(py::module_& m) {
    m.def(
        "vacancy_status",
        [](int positions, int placed, Date valid_through, std::optional<Date> cancelled_on, Date on) {
            return vacancy_status(positions, placed, valid_through, cancelled_on, on);
        },
        py::kw_only(), "positions"_a, "placed"_a, "valid_through"_a, "cancelled_on"_a = py::none(), "on"_a,
        "The status a vacancy has on the day `on` (a datetime.date), as a str: cancelled, filled, expired, "
        "partially_filled or open, from its positions, how many were placed, valid_through and "
        "cancelled_on (datetime.date or None).\n\n"
        "Example: omilcrm.vacancy_status(positions=2, placed=1, valid_through=d, on=today) == 'partially_filled'");
}

void bind_vacancy(py::module_& m) {
    py::class_<Vacancy> c(m, "Vacancy", "A job opening captured from an employer; its status follows from the facts.");
    def_fields(c);
    c.def("__repr__", [](const Vacancy& v) {
        return record_repr(v, "Vacancy", {"id", "title", "occupation", "positions", "placed", "status"});
    });
}

void bind_vacancies_repository(py::module_& m) {
    py::class_<Vacancies>(m, "Vacancies",
                          "Job openings captured from employers (db.vacancies). A vacancy's status (open, "
                          "partially_filled, filled, expired, cancelled) follows from its positions, "
                          "placements and dates.")
        .def("__repr__", [](const Vacancies&) { return std::string("<omilcrm.Vacancies repository>"); })
        .def(
            "capture",
            [](Vacancies& r, Ref<Employer> employer, const std::string& title, const std::string& occupation,
               int positions, const std::string& description, EmploymentType employment_type, Shift shift,
               const std::string& schedule, std::optional<std::int64_t> wage_min, std::optional<std::int64_t> wage_max,
               const std::string& commune, const std::string& address, EducationLevel education, int experience_months,
               const py::object& licences, const py::object& skills, std::optional<CaptureChannel> channel,
               std::optional<Ref<Interaction>> interaction, std::optional<Ref<StaffMember>> by, std::optional<Date> on,
               std::optional<Date> valid_through) {
                const NewVacancy in = new_vacancy_from(py::dict(
                    "employer"_a = employer.id, "title"_a = text_arg(title), "occupation"_a = text_arg(occupation),
                    "positions"_a = positions, "description"_a = text_arg(description),
                    "employment_type"_a = employment_type, "shift"_a = shift, "schedule"_a = text_arg(schedule),
                    "wage_min"_a = wage_min, "wage_max"_a = wage_max, "commune"_a = text_arg(commune),
                    "address"_a = text_arg(address), "education"_a = education,
                    "experience_months"_a = experience_months, "licences"_a = licences, "skills"_a = skills,
                    "channel"_a = channel, "interaction"_a = opt_ref(interaction), "by"_a = opt_ref(by), "on"_a = on,
                    "valid_through"_a = valid_through));
                return with_keywords(kVacancyKeywords, [&] { return r.capture(in); });
            },
            py::kw_only(), "employer"_a, "title"_a, "occupation"_a, "positions"_a = 1, "description"_a = "",
            "employment_type"_a = EmploymentType::FullTime, "shift"_a = Shift::Day, "schedule"_a = "",
            "wage_min"_a = py::none(), "wage_max"_a = py::none(), "commune"_a = "", "address"_a = "",
            "education"_a = EducationLevel::None, "experience_months"_a = 0, "licences"_a = py::none(),
            "skills"_a = py::none(), "channel"_a = py::none(), "interaction"_a = py::none(), "by"_a = py::none(),
            "on"_a = py::none(), "valid_through"_a = py::none(),
            "Records a vacancy captured from an employer. occupation: an ISCO-08 unit group ('9333'); channel: "
            "visit, cluster_meeting, email, event, other (default: from the interaction, else other); "
            "valid_through defaults to 30 days after the capture.\n\n"
            "employer: an Employer or id; interaction, by: the Interaction and StaffMember (or ids) it came "
            "through; on: the capture day (a datetime.date, default today). Licences and skills are "
            "normalised; the commune and address default to the employer's. Returns the Vacancy.\n\n"
            "Raises ValidationError naming the field as written here (occupation, on, by...), NotFound for "
            "an unknown employer.\n\n"
            "Example: v = db.vacancies.capture(employer=e, title='Operario de bodega', occupation='9333', "
            "positions=3)")
        .def(
            "capture_many",
            [](Vacancies& r, const py::iterable& rows, const py::object& progress) {
                const auto in = rows_of(rows, new_vacancy_from);
                return with_keywords(kVacancyKeywords,
                                     [&] { return r.capture_many(in, python_progress(progress, "vacancies")); });
            },
            "rows"_a, py::kw_only(), "progress"_a = py::none(),
            "Bulk path: an iterable of dicts with capture()'s keywords, every row checked as capture() does "
            "(errors name the row: rows[3].occupation), then one transaction; one bad row and nothing is "
            "captured. Returns the new ids."
            " progress: a callable progress(done, total) told how far the call got (about every 1%), or True for a "
            "progress bar. Ctrl-C stops the call between rows and rolls it all back (KeyboardInterrupt).")
        .def(
            "get", [](const Vacancies& r, Ref<Vacancy> v) { return r.get(v.id); }, "vacancy"_a,
            "The Vacancy with this id (or the record itself, read again), with its placements counted and "
            "its status on today's date. Raises NotFound when there is none.")
        .def(
            "list",
            [](const Vacancies& r, Ref<Office> office, std::optional<Ref<Employer>> employer,
               std::optional<VacancyStatus> status, bool open_only) {
                return r.list(office.id, {.employer_id = opt_ref(employer), .status = status, .open_only = open_only});
            },
            "office"_a, py::kw_only(), "employer"_a = py::none(), "status"_a = py::none(), "open_only"_a = false,
            "The office's vacancies, as a list of Vacancy; employer (an Employer or id) and status narrow "
            "it, open_only=True keeps the open and partially filled ones.")
        .def(
            "cancel",
            [](Vacancies& r, Ref<Vacancy> v, const std::string& reason, std::optional<Date> on) {
                return r.cancel(v.id, reason, on);
            },
            "vacancy"_a, py::kw_only(), "reason"_a, "on"_a = py::none(),
            "Cancels the vacancy (a Vacancy or id) by hand on `on` (default today); the reason is required "
            "and placements already made stay. Returns the updated Vacancy.")
        .def(
            "extend", [](Vacancies& r, Ref<Vacancy> v, Date valid_through) { return r.extend(v.id, valid_through); },
            "vacancy"_a, py::kw_only(), "valid_through"_a,
            "Moves the vacancy's valid-through date (a datetime.date); an expired vacancy reopens if the new "
            "date is later. Returns the updated Vacancy.")
        .def(
            "job_posting", [](const Vacancies& r, Ref<Vacancy> v) { return r.job_posting(v.id); }, "vacancy"_a,
            "The vacancy as a schema.org JobPosting, a JSON-LD str ready for job boards; it carries no "
            "seeker data.")
        .def(
            "table",
            [](const Vacancies& r, Ref<Office> office, std::optional<Ref<Employer>> employer,
               std::optional<VacancyStatus> status, bool open_only) {
                return r.table(office.id, {.employer_id = opt_ref(employer), .status = status, .open_only = open_only});
            },
            "office"_a, py::kw_only(), "employer"_a = py::none(), "status"_a = py::none(), "open_only"_a = false,
            "The office's vacancies as a Table, one row per vacancy (no seeker data, only counts); filters "
            "as in list().");
}

}  // namespace

void bind_vacancies(py::module_& m) {
    bind_input_record<NewVacancy>(m, "NewVacancy", "A vacancy to capture: Vacancies.capture()'s keywords.");
    bind_vacancy_status(m);
    bind_vacancy(m);
    bind_vacancies_repository(m);
}

}  // namespace omilcrm::python
