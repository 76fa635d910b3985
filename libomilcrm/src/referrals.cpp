// Referrals of seekers to vacancies, placements with their 30/90-day follow-ups, and programmes.
// The rules are in referral_rules.hpp; the SQL in store/referrals.cpp.
#include <array>
#include <map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "referral_rules.hpp"
#include "store/referrals.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

void check_staff(detail::DbImpl& db, std::optional<Id> staff_id, Id office_id, const char* field) {
    if (!staff_id) return;
    const StaffMember s = Staff(db).get(*staff_id);
    if (s.office_id != office_id)
        throw ValidationError(field, std::to_string(*staff_id), "works at another office");
}

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

struct DefaultProgramme {
    const char* code;
    const char* name;
    const char* kind;
    ProgrammeAudience audience;
};
constexpr DefaultProgramme kProgrammes[] = {
    {"capacitacion", "Cursos de capacitación SENCE", "training", ProgrammeAudience::Both},
    {"subsidio_empleo_joven", "Subsidio al Empleo Joven", "subsidy", ProgrammeAudience::Both},
    {"bono_trabajo_mujer", "Bono al Trabajo de la Mujer", "subsidy", ProgrammeAudience::Both},
    {"impulsa_personas", "Impulsa Personas (franquicia tributaria)", "training", ProgrammeAudience::Employers},
    {"experiencia_laboral", "Experiencia Laboral", "subsidy", ProgrammeAudience::Seekers},
};

}  // namespace

// ---- Referrals ----------------------------------------------------------------------------

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
    check_staff(*db_, staff_id, vacancy.office_id, "by");

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
    check_staff(*db_, staff_id, r.office_id, "by");
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
std::vector<Referral> Referrals::for_seeker(Id seeker_id) const {
    return store::referrals_of_seeker(*db_, seeker_id);
}

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

// ---- Placements ---------------------------------------------------------------------------

Placement Placements::record(const NewPlacement& in) {
    detail::WriteScope write(*db_);
    const JobSeeker seeker = Seekers(*db_).get(in.seeker_id);
    const Vacancy vacancy = Vacancies(*db_).get(in.vacancy_id);
    detail::check_placement(seeker, vacancy, in.start_on);
    check_staff(*db_, in.recorded_by, vacancy.office_id, "recorded_by");
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
    if (referral)
        move_referral(*db_, *referral, ReferralStage::Hired, detail::hired_on(*referral, recorded_on), in.recorded_by,
                      std::nullopt, "placement " + std::to_string(id));
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
    check_staff(*db_, staff_id, p.office_id, "by");
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

// ---- Programmes ---------------------------------------------------------------------------

Programme Programmes::add(Id office_id, const std::string& code_in, const std::string& name_in,
                          const std::string& kind_in, ProgrammeAudience audience) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    const std::string code(detail::trim(code_in));
    const std::string name(detail::trim(name_in));
    if (code.empty()) throw ValidationError("code", code_in, "is required");
    if (name.empty()) throw ValidationError("name", name_in, "is required");
    static constexpr std::array<std::string_view, 3> kKinds = {"training", "subsidy", "other"};
    const std::string kind(kKinds[detail::index_of(kind_in, kKinds, "kind")]);
    Programme p;
    p.meta = detail::new_meta(*db_);
    p.office_id = office_id;
    p.code = code;
    p.name = name;
    p.kind = kind;
    p.audience = audience;
    try {
        store::insert_programme(*db_, p);
    } catch (const Conflict&) {
        throw Conflict("the office already has a programme with code \"" + code + "\"");
    }
    return get(office_id, code);
}

Programme Programmes::get(Id office_id, std::string_view code) const {
    auto p = store::find_programme(*db_, office_id, detail::trim(code));
    if (!p) throw NotFound("programme", std::string(code));
    return std::move(*p);
}

std::vector<Programme> Programmes::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_programmes(*db_, office_id);
}

void Programmes::seed_defaults(Id office_id) {
    detail::WriteScope write(*db_);
    for (const auto& p : kProgrammes) add(office_id, p.code, p.name, p.kind, p.audience);
}

ProgrammeOffer Programmes::offer(Id office_id, std::string_view code, std::optional<Id> employer_id,
                                 std::optional<Id> seeker_id, std::optional<Id> staff_id, std::optional<Date> on,
                                 const std::string& note) {
    detail::WriteScope write(*db_);
    const Programme p = get(office_id, code);
    detail::check_offer_target(p, employer_id, seeker_id);
    if (employer_id) detail::check_offered_employer(Employers(*db_).get(*employer_id), office_id);
    else detail::check_offered_seeker(Seekers(*db_).get(*seeker_id), office_id);
    check_staff(*db_, staff_id, office_id, "by");
    const Date day = on.value_or(today());
    ProgrammeOffer o;
    o.meta = detail::new_meta(*db_);
    o.office_id = office_id;
    o.programme_id = p.meta.id;
    o.employer_id = employer_id;
    o.seeker_id = seeker_id;
    o.offered_on = day;
    o.offered_by = staff_id;
    o.outcome = OfferOutcome::Offered;
    o.note = std::string(detail::trim(note));
    store::insert_offer(*db_, o);
    const Id id = o.meta.id;
    store::insert_offer_event(*db_, id, OfferOutcome::Offered, day, staff_id, o.note);
    return get_offer(id);
}

ProgrammeOffer Programmes::record_outcome(Id offer_id, OfferOutcome outcome, std::optional<Date> on,
                                          std::optional<Id> staff_id, const std::string& note) {
    detail::WriteScope write(*db_);
    const ProgrammeOffer o = get_offer(offer_id);
    const Date day = on.value_or(today());
    detail::check_outcome(o, outcome, day);
    check_staff(*db_, staff_id, o.office_id, "by");
    store::set_offer_outcome(*db_, offer_id, outcome, day);
    store::insert_offer_event(*db_, offer_id, outcome, day, staff_id, std::string(detail::trim(note)));
    return get_offer(offer_id);
}

ProgrammeOffer Programmes::get_offer(Id offer_id) const {
    auto o = store::find_offer(*db_, offer_id);
    if (!o) throw NotFound("programme offer", std::to_string(offer_id));
    return std::move(*o);
}

Table Programmes::offer_history(Id offer_id) const {
    get_offer(offer_id);
    Table t;
    auto& on = t.add_column("on", ColumnType::Date);
    auto& outcome = t.add_column("outcome", ColumnType::Text);
    auto& staff = t.add_column("staff_id", ColumnType::Int);
    auto& note = t.add_column("note", ColumnType::Text);
    for (const auto& e : store::offer_events(*db_, offer_id)) {
        on.push_int(e.on.days());
        outcome.push_text(e.outcome);
        if (e.staff_id) staff.push_int(*e.staff_id);
        else staff.push_null();
        note.push_text(e.note);
    }
    return t;
}

std::vector<ProgrammeOffer> Programmes::offers(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_offers(*db_, office_id);
}

Table Programmes::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    struct Row {
        std::int64_t n[4] = {0, 0, 0, 0};
    };
    std::map<std::pair<Id, int>, Row> rows;  // (programme, 0 employers / 1 seekers)
    for (const auto& o : offers(office_id)) ++rows[{o.programme_id, o.employer_id ? 0 : 1}].n[static_cast<int>(o.outcome)];
    Table t;
    auto& code = t.add_column("programme", ColumnType::Text);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& audience = t.add_column("offered_to", ColumnType::Text);
    auto& offered = t.add_column("offers", ColumnType::Int);
    auto& pending = t.add_column("pending", ColumnType::Int);
    auto& declined = t.add_column("declined", ColumnType::Int);
    auto& accepted = t.add_column("accepted", ColumnType::Int);
    auto& enrolled = t.add_column("enrolled", ColumnType::Int);
    for (const auto& p : list(office_id)) {
        for (int who = 0; who < 2; ++who) {
            auto it = rows.find({p.meta.id, who});
            if (it == rows.end()) continue;
            const auto& n = it->second.n;
            code.push_text(p.code);
            name.push_text(p.name);
            audience.push_text(who == 0 ? "employers" : "seekers");
            offered.push_int(n[0] + n[1] + n[2] + n[3]);
            pending.push_int(n[0]);
            declined.push_int(n[1]);
            accepted.push_int(n[2]);
            enrolled.push_int(n[3]);
        }
    }
    return t;
}

}  // namespace omilcrm
