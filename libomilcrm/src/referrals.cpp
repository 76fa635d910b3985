// Referrals of seekers to vacancies, through their stages to a close. The rules are in
// referrals_rules.hpp; the SQL in store/referrals.cpp.
#include "omilcrm/referrals.hpp"

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "references.hpp"
#include "referrals_rules.hpp"
#include "store/data_rights.hpp"
#include "store/referrals.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

// Moves a referral (already validated) and appends the event.
void move_referral(detail::DbImpl& db, const Referral& r, ReferralStage to, Date on, std::optional<Id> staff_id,
                   std::optional<EvaluationResult> result, const std::string& note) {
    const detail::StageChange change = detail::stage_change(r, to, on);
    store::set_referral_stage(db, r.meta.id, change.stage, result, change.closed_on);
    store::insert_referral_event(db, {.referral_id = r.meta.id,
                                      .from_stage = r.stage,
                                      .to_stage = to,
                                      .on = on,
                                      .staff_id = staff_id,
                                      .result = result,
                                      .note = std::string(detail::trim(note))});
}

}  // namespace

Referral Referrals::refer(Id seeker_id, Id vacancy_id, std::optional<Id> staff_id, std::optional<Date> on,
                          const std::string& note) {
    detail::WriteScope write(*db_);
    const JobSeeker seeker = Seekers(*db_).get(seeker_id);
    const Vacancy vacancy = Vacancies(*db_).get(vacancy_id);
    const Date day = on.value_or(today());
    // The vacancy as it stood that day: placements that had started by then.
    std::vector<Date> starts;
    for (const auto& p : Placements(*db_).for_vacancy(vacancy_id)) starts.push_back(p.start_on);
    detail::check_referral(seeker, vacancy, starts, day);
    store::check_not_restricted(*db_, seeker_id, day);
    detail::check_staff_of(*db_, staff_id, vacancy.office_id, "by");

    Referral r;
    r.meta = detail::new_meta(*db_);
    r.office_id = vacancy.office_id;
    r.seeker_id = seeker_id;
    r.vacancy_id = vacancy_id;
    r.employer_id = vacancy.employer_id;
    r.stage = ReferralStage::Referred;
    r.referred_on = day;
    r.referred_by = staff_id;
    try {
        store::insert_referral(*db_, r);
    } catch (const Conflict&) {
        throw Conflict("job seeker " + std::to_string(seeker_id) + " was already referred to vacancy " +
                       std::to_string(vacancy_id));
    }
    store::insert_referral_event(*db_, {.referral_id = r.meta.id,
                                        .to_stage = ReferralStage::Referred,
                                        .on = day,
                                        .staff_id = staff_id,
                                        .note = std::string(detail::trim(note))});
    return get(r.meta.id);
}

Referral Referrals::get(Id id) const {
    auto r = store::find_referral(*db_, id);
    if (!r) throw NotFound("referral", std::to_string(id));
    return std::move(*r);
}

Referral Referrals::advance(Id id, ReferralStage to, std::optional<Id> staff_id, std::optional<Date> on,
                            const std::string& note) {
    detail::WriteScope write(*db_);
    const Referral r = get(id);
    detail::check_advance(r, to);
    detail::check_staff_of(*db_, staff_id, r.office_id, "by");
    move_referral(*db_, r, to, on.value_or(today()), staff_id, std::nullopt, note);
    return get(id);
}

Referral Referrals::evaluate(Id id, EvaluationResult result, Id psychologist_id, std::optional<Date> on,
                             const std::string& note) {
    detail::WriteScope write(*db_);
    const Referral r = get(id);
    detail::check_evaluation(r, Staff(*db_).get(psychologist_id));
    // A second evaluation (the stage is already evaluation) is recorded as a new event.
    move_referral(*db_, r, ReferralStage::Evaluation, on.value_or(today()), psychologist_id, result, note);
    return get(id);
}

std::vector<ReferralEvent> Referrals::history(Id id) const {
    get(id);
    return store::referral_events(*db_, id);
}

std::vector<Referral> Referrals::for_vacancy(Id vacancy_id) const {
    return store::referrals_of_vacancy(*db_, vacancy_id);
}
std::vector<Referral> Referrals::for_seeker(Id seeker_id) const { return store::referrals_of_seeker(*db_, seeker_id); }

Table Referrals::table(Id office_id, std::optional<Id> vacancy_id) const {
    detail::check_office(*db_, office_id);
    const auto rows = vacancy_id ? for_vacancy(*vacancy_id) : store::referrals_of_office(*db_, office_id);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& seeker = t.add_column("seeker_id", ColumnType::Int);
    auto& vacancy = t.add_column("vacancy_id", ColumnType::Int);
    auto& employer = t.add_column("employer_id", ColumnType::Int);
    auto& stage = t.add_column("stage", ColumnType::Text);
    auto& evaluation = t.add_column("evaluation", ColumnType::Text);
    auto& referred = t.add_column("referred_on", ColumnType::Date);
    auto& by = t.add_column("referred_by", ColumnType::Int);
    auto& closed = t.add_column("closed_on", ColumnType::Date);
    for (const auto& r : rows) {
        if (r.office_id != office_id) continue;
        id.push_int(r.meta.id);
        seeker.push_int(r.seeker_id);
        vacancy.push_int(r.vacancy_id);
        employer.push_int(r.employer_id);
        stage.push_text(std::string(to_string(r.stage)));
        if (r.evaluation) evaluation.push_text(std::string(to_string(*r.evaluation)));
        else evaluation.push_null();
        referred.push_int(r.referred_on.days());
        if (r.referred_by) by.push_int(*r.referred_by);
        else by.push_null();
        if (r.closed_on) closed.push_int(r.closed_on->days());
        else closed.push_null();
    }
    t.set_metadata("contains_personal_data", "no");
    return t;
}

}  // namespace omilcrm
