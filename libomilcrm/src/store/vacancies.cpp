// Vacancies: the SQL.
#include "store/vacancies.hpp"

#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::store {

namespace {

// The vacancy's columns, then how many placements it has and the latest start among them.
constexpr const char* kVacancySelect =
    "SELECT v.id, v.uuid, v.created_at, v.updated_at, v.office_id, v.employer_id, v.title, v.description, "
    "v.occupation, v.positions, v.employment_type, v.shift, v.schedule, v.wage_min, v.wage_max, v.commune, "
    "v.address, v.education, v.experience_months, v.licences, v.skills, v.channel, v.interaction_id, "
    "v.captured_by, v.captured_on, v.valid_through, v.cancelled_on, v.cancel_reason, "
    "(SELECT count(*) FROM placement p WHERE p.vacancy_id = v.id), "
    "(SELECT max(start_on) FROM placement p WHERE p.vacancy_id = v.id) FROM vacancy v";

VacancyRow vacancy_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    VacancyRow row;
    Vacancy& v = row.vacancy;
    v.meta = r.meta();
    v.office_id = r.get<Id>();
    v.employer_id = r.get<Id>();
    v.title = r.get<std::string>();
    v.description = r.get<std::string>();
    v.occupation = r.get<std::string>();
    v.positions = r.get<int>();
    v.employment_type = parse_enum<EmploymentType>(r.get<std::string>());
    v.shift = parse_enum<Shift>(r.get<std::string>());
    v.schedule = r.get<std::string>();
    v.wage_min = r.get<std::optional<std::int64_t>>();
    v.wage_max = r.get<std::optional<std::int64_t>>();
    v.commune = r.get<std::string>();
    v.address = r.get<std::string>();
    v.education = parse_enum<EducationLevel>(r.get<std::string>());
    v.experience_months = r.get<int>();
    v.licences = detail::split_list(r.get<std::string>());
    v.skills = detail::split_list(r.get<std::string>());
    v.channel = parse_enum<CaptureChannel>(r.get<std::string>());
    v.interaction_id = r.get<std::optional<Id>>();
    v.captured_by = r.get<std::optional<Id>>();
    v.captured_on = r.get<Date>();
    v.valid_through = r.get<Date>();
    v.cancelled_on = r.get<std::optional<Date>>();
    v.cancel_reason = r.get<std::string>();
    v.placed = r.get<int>();
    row.last_start = r.get<std::optional<Date>>();
    return row;
}

}  // namespace

Id insert_vacancy(DbImpl& db, Vacancy& v) {
    static const std::string sql = detail::insert_sql(
        "vacancy", {"office_id",   "employer_id",     "title",   "description",    "occupation",
                    "positions",   "employment_type", "shift",   "schedule",       "wage_min",
                    "wage_max",    "commune",         "address", "education",      "experience_months",
                    "licences",    "skills",          "channel", "interaction_id", "captured_by",
                    "captured_on", "valid_through"});
    return detail::insert_record(db, sql, v.meta, v.office_id, v.employer_id, v.title, v.description, v.occupation,
                                 v.positions, v.employment_type, v.shift, v.schedule, v.wage_min, v.wage_max, v.commune,
                                 v.address, v.education, v.experience_months, detail::join_list(v.licences),
                                 detail::join_list(v.skills), v.channel, v.interaction_id, v.captured_by, v.captured_on,
                                 v.valid_through);
}

std::optional<VacancyRow> find_vacancy(DbImpl& db, Id id) {
    auto s = db.stmt(std::string(kVacancySelect) + " WHERE v.id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return vacancy_of(s);
}

std::vector<VacancyRow> list_vacancies(DbImpl& db, Id office_id, std::optional<Id> employer_id) {
    auto s = db.stmt(std::string(kVacancySelect) +
                     " WHERE v.office_id = ? AND (? IS NULL OR v.employer_id = ?) ORDER BY v.captured_on, v.id");
    s.bind_all(office_id, employer_id, employer_id);
    std::vector<VacancyRow> out;
    while (s.executeStep()) out.push_back(vacancy_of(s));
    return out;
}

void set_vacancy_cancelled(DbImpl& db, Id id, Date on, const std::string& reason) {
    db.stmt("UPDATE vacancy SET cancelled_on = ?, cancel_reason = ?, updated_at = ? WHERE id = ?")
        .bind_all(on, reason, db.now_us(), id)
        .exec();
}

void set_vacancy_valid_through(DbImpl& db, Id id, Date valid_through) {
    db.stmt("UPDATE vacancy SET valid_through = ?, updated_at = ? WHERE id = ?")
        .bind_all(valid_through, db.now_us(), id)
        .exec();
}

}  // namespace omilcrm::store
