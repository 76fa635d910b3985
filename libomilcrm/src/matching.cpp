// The Matching repository over stored seekers and vacancies (the engine is matching_rules.cpp):
// loads the office's seekers into a pool once and keeps it, in the repository, until a seeker
// changes (here or through another connection).
#include "omilcrm/matching.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/data_rights.hpp"
#include "store/matching.hpp"
#include "store/placements.hpp"

namespace omilcrm {

namespace detail {

/// Matching's prepared pools, one per office, each with the stamp of the seekers it was loaded at.
struct SeekerPools {
    struct Entry {
        store::SeekersStamp stamp;
        matching::SeekerPool pool;
    };
    std::unordered_map<Id, Entry> by_office;

    /// The office's pool, loaded again when a seeker changed since it was loaded.
    const matching::SeekerPool& of(DbImpl& db, Id office_id) {
        const store::SeekersStamp stamp = store::seekers_stamp(db);
        auto it = by_office.find(office_id);
        if (it == by_office.end() || it->second.stamp != stamp)
            it = by_office.insert_or_assign(office_id, Entry{stamp, store::load_seeker_pool(db, office_id)}).first;
        return it->second.pool;
    }
};

}  // namespace detail

namespace {

constexpr const char* kFactorNames[] = {"occupation", "experience",   "skills",   "licences",
                                        "distance",   "availability", "education"};

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
    if (!pools_) pools_ = std::make_shared<detail::SeekerPools>();
    const matching::SeekerPool& pool = pools_->of(*db_, v.office_id);
    // Seekers blocked or opposing today are left out, as those already referred are.
    for (const Id id : store::restricted_seekers(*db_, v.office_id, today())) referred.insert(id);
    auto top = pool.top(opening_of(v, today()), n + referred.size(), w);
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
    store::check_not_restricted(*db_, seeker_id, today());
    std::unordered_set<Id> taken;
    for (const auto& r : Referrals(*db_).for_seeker(seeker_id)) taken.insert(r.vacancy_id);
    for (const Id v : store::placed_vacancies_of_seeker(*db_, seeker_id)) taken.insert(v);
    const Date day = today();
    std::vector<matching::Opening> openings;
    for (const auto& v : Vacancies(*db_).list(s.office_id, {.open_only = true}))
        if (!taken.count(v.meta.id)) openings.push_back(opening_of(v, day));
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
