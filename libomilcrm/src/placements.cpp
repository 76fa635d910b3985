// Placements (hires into vacancies) with their 30/90-day follow-ups. The rules are in
// placements_rules.hpp; the SQL in store/placements.cpp.
#include "omilcrm/placements.hpp"

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "placements_rules.hpp"
#include "references.hpp"
#include "referrals_rules.hpp"
#include "store/placements.hpp"
#include "store/referrals.hpp"
#include "text.hpp"

namespace omilcrm {

Placement Placements::record(const NewPlacement& in) {
    detail::WriteScope write(*db_);
    const JobSeeker seeker = Seekers(*db_).get(in.seeker_id);
    const Vacancy vacancy = Vacancies(*db_).get(in.vacancy_id);
    detail::check_placement(seeker, vacancy, in.start_on);
    detail::check_staff_of(*db_, in.recorded_by, vacancy.office_id, "recorded_by");
    const Date recorded_on = in.recorded_on.value_or(today());
    const std::optional<Referral> referral =
        detail::referral_to(Referrals(*db_).for_seeker(in.seeker_id), in.vacancy_id);
    detail::check_referral_open(referral);

    Placement p;
    p.meta = detail::new_meta(*db_);
    p.office_id = vacancy.office_id;
    p.seeker_id = in.seeker_id;
    p.vacancy_id = in.vacancy_id;
    p.employer_id = vacancy.employer_id;
    if (referral) p.referral_id = referral->meta.id;
    p.start_on = in.start_on;
    p.contract_type = in.contract_type.value_or(vacancy.employment_type);
    p.recorded_by = in.recorded_by;
    try {
        store::insert_placement(*db_, p);
    } catch (const Conflict&) {
        throw Conflict("job seeker " + std::to_string(in.seeker_id) + " is already placed in vacancy " +
                       std::to_string(in.vacancy_id));
    }
    const Id id = p.meta.id;
    if (referral) {
        // The referral moves to hired, as Referrals moves it to any stage: its stage and an event.
        const Date hired = detail::hired_on(*referral, recorded_on);
        const detail::StageChange change = detail::stage_change(*referral, ReferralStage::Hired, hired);
        store::set_referral_stage(*db_, referral->meta.id, change.stage, std::nullopt, change.closed_on);
        store::insert_referral_event(*db_, {.referral_id = referral->meta.id,
                                            .from_stage = referral->stage,
                                            .to_stage = ReferralStage::Hired,
                                            .on = hired,
                                            .staff_id = in.recorded_by,
                                            .note = "placement " + std::to_string(id)});
    }
    return get(id);
}

Placement Placements::get(Id id) const {
    auto p = store::find_placement(*db_, id);
    if (!p) throw NotFound("placement", std::to_string(id));
    return std::move(*p);
}

Placement Placements::follow_up(Id id, int day, bool employed, std::optional<Date> on, std::optional<Id> staff_id,
                                const std::string& note) {
    detail::WriteScope write(*db_);
    const Placement p = get(id);
    const Date checked = on.value_or(today());
    check_follow_up(p.start_on, day, checked, today());
    detail::check_staff_of(*db_, staff_id, p.office_id, "by");
    try {
        store::insert_placement_check(*db_, id, day, employed, checked, staff_id, std::string(detail::trim(note)));
    } catch (const Conflict&) {
        throw Conflict("the " + std::to_string(day) + "-day follow-up of placement " + std::to_string(id) +
                       " is already recorded");
    }
    return get(id);
}

std::vector<PlacementCheck> Placements::checks_due(Id office_id, Date day) const {
    detail::check_office(*db_, office_id);
    return detail::checks_due(list(office_id), day);
}

std::vector<Placement> Placements::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::placements_of_office(*db_, office_id);
}
std::vector<Placement> Placements::for_vacancy(Id vacancy_id) const {
    return store::placements_of_vacancy(*db_, vacancy_id);
}

Table Placements::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& seeker = t.add_column("seeker_id", ColumnType::Int);
    auto& vacancy = t.add_column("vacancy_id", ColumnType::Int);
    auto& employer = t.add_column("employer_id", ColumnType::Int);
    auto& referral = t.add_column("referral_id", ColumnType::Int);
    auto& start = t.add_column("start_on", ColumnType::Date);
    auto& contract = t.add_column("contract_type", ColumnType::Text);
    auto& e30 = t.add_column("employed_30", ColumnType::Bool);
    auto& e90 = t.add_column("employed_90", ColumnType::Bool);
    for (const auto& p : list(office_id)) {
        id.push_int(p.meta.id);
        uuid.push_text(p.meta.uuid);
        seeker.push_int(p.seeker_id);
        vacancy.push_int(p.vacancy_id);
        employer.push_int(p.employer_id);
        if (p.referral_id) referral.push_int(*p.referral_id);
        else referral.push_null();
        start.push_int(p.start_on.days());
        contract.push_text(std::string(to_string(p.contract_type)));
        if (p.employed_30) e30.push_int(*p.employed_30 ? 1 : 0);
        else e30.push_null();
        if (p.employed_90) e90.push_int(*p.employed_90 ? 1 : 0);
        else e90.push_null();
    }
    t.set_metadata("contains_personal_data", "no");
    return t;
}

}  // namespace omilcrm
