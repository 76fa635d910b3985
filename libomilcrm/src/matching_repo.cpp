// Matching over stored seekers and vacancies: loads the office's seekers into a pool once and
// reuses it until a seeker changes (here or through another connection).
#include <algorithm>
#include <unordered_set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {


constexpr const char* kFactorNames[] = {"occupation", "experience", "skills",   "licences",
                                        "distance",   "availability", "education"};

std::int64_t data_version(detail::DbImpl& db) {
    auto q = db.stmt("PRAGMA data_version");
    q.executeStep();
    return q.getColumn(0).getInt64();
}

// Every active seeker of the office who consented to intermediation: two queries in all.
matching::SeekerPool load_pool(detail::DbImpl& db, Id office_id) {
    // On SQLite's C API, the lists parsed in place: the first matching call of a process pays
    // for this, once per office's register (tens of thousands of rows).
    std::vector<matching::Profile> profiles;
    {
        detail::RawStmt q(db,
                          "SELECT id, commune, education, skills, licences, shifts, available_from, consent_scope "
                          "FROM job_seeker WHERE office_id = ? AND active = 1 ORDER BY id");
        q.bind(1, office_id);
        while (q.step()) {
            bool consented = false;
            detail::for_each_item(q.text(7), [&](std::string_view s) { consented = consented || s == "intermediation"; });
            if (!consented) continue;
            matching::Profile p;
            p.id = q.int64(0);
            p.commune = std::string(q.text(1));
            p.education = parse_education_level(q.text(2));
            p.skills = detail::split_list(q.text(3));
            p.licences = detail::split_list(q.text(4));
            detail::for_each_item(q.text(5), [&](std::string_view s) { p.shifts.push_back(parse_shift(s)); });
            if (!q.is_null(6)) p.available_from = Date::parse(q.text(6));
            profiles.push_back(std::move(p));
        }
    }
    {
        detail::RawStmt q(db,
                          "SELECT e.seeker_id, e.occupation, e.months FROM seeker_experience e JOIN job_seeker s "
                          "ON s.id = e.seeker_id WHERE s.office_id = ? AND s.active = 1 ORDER BY s.id, e.id");  // s.id: the join's own order, no sort
        q.bind(1, office_id);
        std::size_t i = 0;  // both lists are in seeker id order: walk them together
        while (q.step()) {
            const Id id = q.int64(0);
            while (i < profiles.size() && profiles[i].id < id) ++i;
            if (i == profiles.size()) break;
            if (profiles[i].id == id)
                profiles[i].experience.push_back({std::string(q.text(1)), static_cast<int>(q.int64(2))});
        }
    }
    return matching::SeekerPool(std::move(profiles));
}

const matching::SeekerPool& pool_of(detail::DbImpl& db, Id office_id) {
    const std::int64_t version = data_version(db);
    auto it = db.pools.find(office_id);
    if (it == db.pools.end() || it->second.generation != db.seeker_generation || it->second.data_version != version) {
        detail::DbImpl::PoolCache fresh{db.seeker_generation, version, load_pool(db, office_id)};
        it = db.pools.insert_or_assign(office_id, std::move(fresh)).first;
    }
    return it->second.pool;
}

matching::Opening opening_of(const Vacancy& v, Date today) {
    matching::Opening o;
    o.id = v.meta.id;
    o.occupation = v.occupation;
    o.commune = v.commune;
    o.education = v.education;
    o.experience_months = v.experience_months;
    o.skills = v.skills;
    o.licences = v.licences;
    o.shift = v.shift;
    o.starts = std::max(v.captured_on, today);
    return o;
}

}  // namespace

std::vector<Match> Matching::seekers_for(Id vacancy_id, std::size_t n, const matching::Weights& w) const {
    w.validate();
    const Vacancy v = Vacancies(*db_).get(vacancy_id);
    if (v.status != VacancyStatus::Open && v.status != VacancyStatus::PartiallyFilled)
        throw Conflict("vacancy " + std::to_string(vacancy_id) + " is " + std::string(to_string(v.status)) +
                       "; only open vacancies are matched");
    std::unordered_set<Id> referred;
    for (const auto& r : Referrals(*db_).for_vacancy(vacancy_id)) referred.insert(r.seeker_id);
    for (const auto& p : Placements(*db_).for_vacancy(vacancy_id)) referred.insert(p.seeker_id);
    const matching::SeekerPool& pool = pool_of(*db_, v.office_id);
    auto top = pool.top(opening_of(v, db_->today()), n + referred.size(), w);
    std::vector<Match> out;
    for (auto& m : top) {
        if (out.size() == n) break;
        if (!referred.count(m.seeker_id)) out.push_back(std::move(m));
    }
    return out;
}

std::vector<Match> Matching::vacancies_for(Id seeker_id, std::size_t n, const matching::Weights& w) const {
    w.validate();
    const JobSeeker s = Seekers(*db_).get(seeker_id);
    if (!s.active) throw Conflict("job seeker " + std::to_string(seeker_id) + " is withdrawn from the register");
    if (std::find(s.consent_scope.begin(), s.consent_scope.end(), "intermediation") == s.consent_scope.end())
        throw Conflict("job seeker " + std::to_string(seeker_id) + " has not consented to intermediation");
    std::unordered_set<Id> taken;
    for (const auto& r : Referrals(*db_).for_seeker(seeker_id)) taken.insert(r.vacancy_id);
    {
        auto q = db_->stmt("SELECT vacancy_id FROM placement WHERE seeker_id = ?");
        q.bind(1, seeker_id);
        while (q.executeStep()) taken.insert(q.getColumn(0).getInt64());
    }
    const Date today = db_->today();
    std::vector<matching::Opening> openings;
    for (const auto& v : Vacancies(*db_).list(s.office_id, {.open_only = true}))
        if (!taken.count(v.meta.id)) openings.push_back(opening_of(v, today));
    matching::Profile p;
    p.id = s.meta.id;
    p.commune = s.commune;
    p.education = s.education;
    p.experience = s.experience;
    p.skills = s.skills;
    p.licences = s.licences;
    p.shifts = s.shifts;
    p.available_from = s.available_from;
    return matching::rank_vacancies(p, openings, n, w);
}

Table Matching::table(const std::vector<Match>& matches) {
    Table t;
    auto& rank = t.add_column("rank", ColumnType::Int);
    auto& seeker = t.add_column("seeker_id", ColumnType::Int);
    auto& vacancy = t.add_column("vacancy_id", ColumnType::Int);
    auto& score = t.add_column("score", ColumnType::Real);
    std::vector<Column*> scores, whys;
    for (const char* f : kFactorNames) {
        scores.push_back(&t.add_column(f, ColumnType::Real));
        whys.push_back(&t.add_column(std::string(f) + "_why", ColumnType::Text));
    }
    std::int64_t r = 0;
    for (const auto& m : matches) {
        rank.push_int(++r);
        seeker.push_int(m.seeker_id);
        vacancy.push_int(m.vacancy_id);
        score.push_real(m.score);
        for (std::size_t k = 0; k < scores.size(); ++k) {
            auto it = std::find_if(m.factors.begin(), m.factors.end(),
                                   [&](const matching::Factor& f) { return f.name == kFactorNames[k]; });
            if (it == m.factors.end()) {
                scores[k]->push_null();
                whys[k]->push_null();
            } else {
                scores[k]->push_real(it->score);
                whys[k]->push_text(it->explanation);
            }
        }
    }
    t.set_metadata("contains_personal_data", "no");
    return t;
}

}  // namespace omilcrm
