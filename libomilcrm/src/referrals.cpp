// Referrals of seekers to vacancies, placements with their 30/90-day follow-ups, and programmes.
#include <SQLiteCpp/Exception.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {



void check_staff(detail::DbImpl& db, std::optional<Id> staff_id, Id office_id, const char* field) {
    if (!staff_id) return;
    const StaffMember s = Staff(db).get(*staff_id);
    if (s.office_id != office_id)
        throw ValidationError(field, std::to_string(*staff_id), "works at another office");
}

// ---- referrals ----

constexpr const char* kReferralCols =
    "id, uuid, created_at, updated_at, office_id, seeker_id, vacancy_id, employer_id, stage, referred_on, "
    "referred_by, evaluation, closed_on";

Referral referral_of(SQLite::Statement& s) {
    Referral r;
    r.meta = detail::meta_of(s);
    r.office_id = s.getColumn(4).getInt64();
    r.seeker_id = s.getColumn(5).getInt64();
    r.vacancy_id = s.getColumn(6).getInt64();
    r.employer_id = s.getColumn(7).getInt64();
    r.stage = parse_referral_stage(s.getColumn(8).getString());
    r.referred_on = detail::date_of(s.getColumn(9));
    r.referred_by = detail::opt_id(s.getColumn(10));
    if (!s.getColumn(11).isNull()) r.evaluation = parse_evaluation_result(s.getColumn(11).getString());
    r.closed_on = detail::opt_date(s.getColumn(12));
    return r;
}

std::vector<Referral> referrals_where(detail::DbImpl& db, const char* where, Id key) {
    auto s = db.stmt(std::string("SELECT ") + kReferralCols + " FROM referral WHERE " + where +
                      " ORDER BY referred_on, id");
    s.bind(1, key);
    std::vector<Referral> out;
    while (s.executeStep()) out.push_back(referral_of(s));
    return out;
}

void add_referral_event(detail::DbImpl& db, Id referral_id, std::optional<ReferralStage> from, ReferralStage to,
                        Date on, std::optional<Id> staff_id, std::optional<EvaluationResult> result,
                        const std::string& note) {
    auto s = db.stmt(
        "INSERT INTO referral_event (referral_id, at, on_date, from_stage, to_stage, staff_id, result, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, referral_id);
    s.bind(2, db.now_us());
    s.bind(3, on.iso());
    if (from) s.bind(4, std::string(to_string(*from)));
    s.bind(5, std::string(to_string(to)));
    detail::bind_opt(s, 6, staff_id);
    if (result) s.bind(7, std::string(to_string(*result)));
    s.bind(8, std::string(detail::trim(note)));
    s.exec();
}

// Moves a referral (already validated) and appends the event.
void move_referral(detail::DbImpl& db, const Referral& r, ReferralStage to, Date on, std::optional<Id> staff_id,
                   std::optional<EvaluationResult> result, const std::string& note) {
    if (on < r.referred_on)
        throw ValidationError("on", on.iso(), "is before the referral (" + r.referred_on.iso() + ")");
    auto s = db.stmt(
        "UPDATE referral SET stage = ?, evaluation = coalesce(?, evaluation), closed_on = ?, updated_at = ? "
        "WHERE id = ?");
    s.bind(1, std::string(to_string(to)));
    if (result) s.bind(2, std::string(to_string(*result)));
    if (is_closed(to)) s.bind(3, on.iso());
    s.bind(4, db.now_us());
    s.bind(5, r.meta.id);
    s.exec();
    add_referral_event(db, r.meta.id, r.stage, to, on, staff_id, result, note);
}

// ---- placements ----

constexpr const char* kPlacementSelect =
    "SELECT p.id, p.uuid, p.created_at, p.updated_at, p.office_id, p.seeker_id, p.vacancy_id, p.employer_id, "
    "p.referral_id, p.start_on, p.contract_type, p.recorded_by, c30.employed, c30.checked_on, c90.employed, "
    "c90.checked_on FROM placement p "
    "LEFT JOIN placement_check c30 ON c30.placement_id = p.id AND c30.day = 30 "
    "LEFT JOIN placement_check c90 ON c90.placement_id = p.id AND c90.day = 90";

std::optional<bool> opt_bool(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getInt() != 0;
}

Placement placement_of(SQLite::Statement& s) {
    Placement p;
    p.meta = detail::meta_of(s);
    p.office_id = s.getColumn(4).getInt64();
    p.seeker_id = s.getColumn(5).getInt64();
    p.vacancy_id = s.getColumn(6).getInt64();
    p.employer_id = s.getColumn(7).getInt64();
    p.referral_id = detail::opt_id(s.getColumn(8));
    p.start_on = detail::date_of(s.getColumn(9));
    p.contract_type = parse_employment_type(s.getColumn(10).getString());
    p.recorded_by = detail::opt_id(s.getColumn(11));
    p.employed_30 = opt_bool(s.getColumn(12));
    p.checked_30 = detail::opt_date(s.getColumn(13));
    p.employed_90 = opt_bool(s.getColumn(14));
    p.checked_90 = detail::opt_date(s.getColumn(15));
    return p;
}

std::vector<Placement> placements_where(detail::DbImpl& db, const char* where, Id key) {
    auto s = db.stmt(std::string(kPlacementSelect) + " WHERE " + where + " ORDER BY p.start_on, p.id");
    s.bind(1, key);
    std::vector<Placement> out;
    while (s.executeStep()) out.push_back(placement_of(s));
    return out;
}

// ---- programmes ----

constexpr const char* kProgrammeCols = "id, uuid, created_at, updated_at, office_id, code, name, kind, audience, active";

Programme programme_of(SQLite::Statement& s) {
    Programme p;
    p.meta = detail::meta_of(s);
    p.office_id = s.getColumn(4).getInt64();
    p.code = s.getColumn(5).getString();
    p.name = s.getColumn(6).getString();
    p.kind = s.getColumn(7).getString();
    p.audience = parse_programme_audience(s.getColumn(8).getString());
    p.active = s.getColumn(9).getInt() != 0;
    return p;
}

constexpr const char* kOfferCols =
    "id, uuid, created_at, updated_at, office_id, programme_id, employer_id, seeker_id, offered_on, offered_by, "
    "outcome, outcome_on, note";

ProgrammeOffer offer_of(SQLite::Statement& s) {
    ProgrammeOffer o;
    o.meta = detail::meta_of(s);
    o.office_id = s.getColumn(4).getInt64();
    o.programme_id = s.getColumn(5).getInt64();
    o.employer_id = detail::opt_id(s.getColumn(6));
    o.seeker_id = detail::opt_id(s.getColumn(7));
    o.offered_on = detail::date_of(s.getColumn(8));
    o.offered_by = detail::opt_id(s.getColumn(9));
    o.outcome = parse_offer_outcome(s.getColumn(10).getString());
    o.outcome_on = detail::opt_date(s.getColumn(11));
    o.note = s.getColumn(12).getString();
    return o;
}

void add_offer_event(detail::DbImpl& db, Id offer_id, OfferOutcome outcome, Date on, std::optional<Id> staff_id,
                     const std::string& note) {
    auto s = db.stmt(
        "INSERT INTO programme_offer_event (offer_id, at, on_date, outcome, staff_id, note) VALUES (?, ?, ?, ?, ?, ?)");
    s.bind(1, offer_id);
    s.bind(2, db.now_us());
    s.bind(3, on.iso());
    s.bind(4, std::string(to_string(outcome)));
    detail::bind_opt(s, 5, staff_id);
    s.bind(6, std::string(detail::trim(note)));
    s.exec();
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
    const Date day = on.value_or(db_->today());
    if (seeker.office_id != vacancy.office_id)
        throw ValidationError("seeker", std::to_string(seeker_id), "is registered at another office");
    if (!seeker.active) throw Conflict("job seeker " + std::to_string(seeker_id) + " is withdrawn from the register");
    if (std::find(seeker.consent_scope.begin(), seeker.consent_scope.end(), "intermediation") ==
        seeker.consent_scope.end())
        throw Conflict("job seeker " + std::to_string(seeker_id) +
                       " has not consented to intermediation; their profile cannot be sent to employers");
    // The vacancy as it stood that day: placements that had started by then.
    int placed_by_day = 0;
    for (const auto& p : Placements(*db_).for_vacancy(vacancy_id)) placed_by_day += p.start_on <= day ? 1 : 0;
    const VacancyStatus status = vacancy_status(vacancy.positions, placed_by_day, vacancy.valid_through,
                                                vacancy.cancelled_on, day);
    if (status != VacancyStatus::Open && status != VacancyStatus::PartiallyFilled)
        throw Conflict("vacancy " + std::to_string(vacancy_id) + " is " + std::string(to_string(status)) + " on " +
                       day.iso());
    if (day < vacancy.captured_on)
        throw ValidationError("on", day.iso(), "is before the vacancy was captured (" + vacancy.captured_on.iso() + ")");
    check_staff(*db_, staff_id, vacancy.office_id, "by");

    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO referral (uuid, created_at, updated_at, office_id, seeker_id, vacancy_id, employer_id, stage, "
        "referred_on, referred_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'referred', ?, ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, vacancy.office_id);
    s.bind(5, seeker_id);
    s.bind(6, vacancy_id);
    s.bind(7, vacancy.employer_id);
    s.bind(8, day.iso());
    detail::bind_opt(s, 9, staff_id);
    detail::exec_unique(s, [&] {
        return "job seeker " + std::to_string(seeker_id) + " was already referred to vacancy " + std::to_string(vacancy_id);
    });
    const Id id = static_cast<Id>(db_->db->getLastInsertRowid());
    add_referral_event(*db_, id, std::nullopt, ReferralStage::Referred, day, staff_id, std::nullopt, note);
    return get(id);
}

Referral Referrals::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kReferralCols + " FROM referral WHERE id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("referral", std::to_string(id));
    return referral_of(s);
}

Referral Referrals::advance(Id id, ReferralStage to, std::optional<Id> staff_id, std::optional<Date> on,
                            const std::string& note) {
    detail::WriteScope write(*db_);
    const Referral r = get(id);
    if (to == ReferralStage::Hired)
        throw ValidationError("stage", "hired", "is reached by recording the placement (placements.record)");
    if (!can_move(r.stage, to))
        throw Conflict("referral " + std::to_string(id) + " cannot move from " + std::string(to_string(r.stage)) +
                       " to " + std::string(to_string(to)));
    check_staff(*db_, staff_id, r.office_id, "by");
    move_referral(*db_, r, to, on.value_or(db_->today()), staff_id, std::nullopt, note);
    return get(id);
}

Referral Referrals::evaluate(Id id, EvaluationResult result, Id psychologist_id, std::optional<Date> on,
                             const std::string& note) {
    detail::WriteScope write(*db_);
    const Referral r = get(id);
    const StaffMember s = Staff(*db_).get(psychologist_id);
    if (s.office_id != r.office_id)
        throw ValidationError("by", std::to_string(psychologist_id), "works at another office");
    if (s.role != StaffRole::LaborPsychologist)
        throw ValidationError("by", std::to_string(psychologist_id),
                              "is " + std::string(to_string(s.role)) + "; evaluations are made by the labour psychologist");
    if (is_closed(r.stage))
        throw Conflict("referral " + std::to_string(id) + " is closed (" + std::string(to_string(r.stage)) + ")");
    // A second evaluation (the stage is already evaluation) is recorded as a new event.
    move_referral(*db_, r, ReferralStage::Evaluation, on.value_or(db_->today()), psychologist_id, result, note);
    return get(id);
}

std::vector<ReferralEvent> Referrals::history(Id id) const {
    get(id);
    auto s = db_->stmt(
        "SELECT from_stage, to_stage, on_date, staff_id, result, note FROM referral_event WHERE referral_id = ? "
        "ORDER BY id");
    s.bind(1, id);
    std::vector<ReferralEvent> out;
    while (s.executeStep()) {
        ReferralEvent e;
        e.referral_id = id;
        if (!s.getColumn(0).isNull()) e.from_stage = parse_referral_stage(s.getColumn(0).getString());
        e.to_stage = parse_referral_stage(s.getColumn(1).getString());
        e.on = detail::date_of(s.getColumn(2));
        e.staff_id = detail::opt_id(s.getColumn(3));
        if (!s.getColumn(4).isNull()) e.result = parse_evaluation_result(s.getColumn(4).getString());
        e.note = s.getColumn(5).getString();
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<Referral> Referrals::for_vacancy(Id vacancy_id) const {
    return referrals_where(*db_, "vacancy_id = ?", vacancy_id);
}
std::vector<Referral> Referrals::for_seeker(Id seeker_id) const {
    return referrals_where(*db_, "seeker_id = ?", seeker_id);
}

Table Referrals::table(Id office_id, std::optional<Id> vacancy_id) const {
    detail::check_office(*db_, office_id);
    const auto rows = vacancy_id ? for_vacancy(*vacancy_id) : referrals_where(*db_, "office_id = ?", office_id);
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
    if (seeker.office_id != vacancy.office_id)
        throw ValidationError("seeker", std::to_string(in.seeker_id), "is registered at another office");
    if (vacancy.cancelled_on)
        throw Conflict("vacancy " + std::to_string(in.vacancy_id) + " was cancelled on " + vacancy.cancelled_on->iso());
    if (vacancy.placed >= vacancy.positions)
        throw Conflict("vacancy " + std::to_string(in.vacancy_id) + " has all its " +
                       std::to_string(vacancy.positions) + " positions filled");
    if (in.start_on < vacancy.captured_on)
        throw ValidationError("start_on", in.start_on.iso(),
                              "is before the vacancy was captured (" + vacancy.captured_on.iso() + ")");
    check_staff(*db_, in.recorded_by, vacancy.office_id, "recorded_by");
    const Date recorded_on = in.recorded_on.value_or(db_->today());
    const EmploymentType contract = in.contract_type.value_or(vacancy.employment_type);

    std::optional<Referral> referral;
    for (const auto& r : Referrals(*db_).for_seeker(in.seeker_id))
        if (r.vacancy_id == in.vacancy_id) referral = r;
    if (referral && is_closed(referral->stage))
        throw Conflict("referral " + std::to_string(referral->meta.id) + " of this seeker to this vacancy is closed (" +
                       std::string(to_string(referral->stage)) + ")");

    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO placement (uuid, created_at, updated_at, office_id, seeker_id, vacancy_id, employer_id, "
        "referral_id, start_on, contract_type, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, vacancy.office_id);
    s.bind(5, in.seeker_id);
    s.bind(6, in.vacancy_id);
    s.bind(7, vacancy.employer_id);
    if (referral) s.bind(8, referral->meta.id);
    s.bind(9, in.start_on.iso());
    s.bind(10, std::string(to_string(contract)));
    detail::bind_opt(s, 11, in.recorded_by);
    detail::exec_unique(s, [&] {
        return "job seeker " + std::to_string(in.seeker_id) + " is already placed in vacancy " +
               std::to_string(in.vacancy_id);
    });
    const Id id = static_cast<Id>(db_->db->getLastInsertRowid());
    if (referral)
        move_referral(*db_, *referral, ReferralStage::Hired, std::max(recorded_on, referral->referred_on),
                      in.recorded_by, std::nullopt, "placement " + std::to_string(id));
    return get(id);
}

Placement Placements::get(Id id) const {
    auto s = db_->stmt(std::string(kPlacementSelect) + " WHERE p.id = ?");
    s.bind(1, id);
    if (!s.executeStep()) throw NotFound("placement", std::to_string(id));
    return placement_of(s);
}

Placement Placements::follow_up(Id id, int day, bool employed, std::optional<Date> on, std::optional<Id> staff_id,
                                const std::string& note) {
    detail::WriteScope write(*db_);
    const Placement p = get(id);
    const Date checked = on.value_or(db_->today());
    check_follow_up(p.start_on, day, checked, db_->today());
    check_staff(*db_, staff_id, p.office_id, "by");
    auto s = db_->stmt(
        "INSERT INTO placement_check (placement_id, day, employed, checked_on, staff_id, note, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, id);
    s.bind(2, day);
    s.bind(3, employed ? 1 : 0);
    s.bind(4, checked.iso());
    detail::bind_opt(s, 5, staff_id);
    s.bind(6, std::string(detail::trim(note)));
    s.bind(7, db_->now_us());
    detail::exec_unique(s, [&] {
        return "the " + std::to_string(day) + "-day follow-up of placement " + std::to_string(id) + " is already recorded";
    });
    return get(id);
}

std::vector<PlacementCheck> Placements::checks_due(Id office_id, Date day) const {
    detail::check_office(*db_, office_id);
    std::vector<PlacementCheck> out;
    for (const auto& p : list(office_id)) {
        // A person no longer employed at 30 days needs no 90-day check.
        if (!p.employed_30 && follow_up_due(p.start_on, 30) <= day)
            out.push_back({p.meta.id, p.employer_id, 30, follow_up_due(p.start_on, 30)});
        if (!p.employed_90 && p.employed_30.value_or(true) && follow_up_due(p.start_on, 90) <= day)
            out.push_back({p.meta.id, p.employer_id, 90, follow_up_due(p.start_on, 90)});
    }
    std::sort(out.begin(), out.end(), [](const PlacementCheck& a, const PlacementCheck& b) {
        return std::tie(a.due_on, a.placement_id, a.day) < std::tie(b.due_on, b.placement_id, b.day);
    });
    return out;
}

std::vector<Placement> Placements::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return placements_where(*db_, "p.office_id = ?", office_id);
}
std::vector<Placement> Placements::for_vacancy(Id vacancy_id) const {
    return placements_where(*db_, "p.vacancy_id = ?", vacancy_id);
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
    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO programme (uuid, created_at, updated_at, office_id, code, name, kind, audience) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, office_id);
    s.bind(5, code);
    s.bind(6, name);
    s.bind(7, kind);
    s.bind(8, std::string(to_string(audience)));
    detail::exec_unique(s, [&] { return "the office already has a programme with code \"" + code + "\""; });
    return get(office_id, code);
}

Programme Programmes::get(Id office_id, std::string_view code) const {
    auto s = db_->stmt(std::string("SELECT ") + kProgrammeCols + " FROM programme WHERE office_id = ? AND code = ?");
    s.bind(1, office_id);
    s.bind(2, std::string(detail::trim(code)));
    if (!s.executeStep()) throw NotFound("programme", std::string(code));
    return programme_of(s);
}

std::vector<Programme> Programmes::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kProgrammeCols + " FROM programme WHERE office_id = ? ORDER BY id");
    s.bind(1, office_id);
    std::vector<Programme> out;
    while (s.executeStep()) out.push_back(programme_of(s));
    return out;
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
    if (employer_id.has_value() == seeker_id.has_value())
        throw ValidationError(employer_id ? "seeker" : "employer", "",
                              "a programme is offered to exactly one employer or one seeker");
    if (employer_id) {
        if (p.audience == ProgrammeAudience::Seekers)
            throw ValidationError("employer", std::to_string(*employer_id), "programme " + p.code + " is for seekers");
        if (Employers(*db_).get(*employer_id).office_id != office_id)
            throw ValidationError("employer", std::to_string(*employer_id), "belongs to another office");
    } else {
        if (p.audience == ProgrammeAudience::Employers)
            throw ValidationError("seeker", std::to_string(*seeker_id), "programme " + p.code + " is for employers");
        const JobSeeker s = Seekers(*db_).get(*seeker_id);
        if (s.office_id != office_id)
            throw ValidationError("seeker", std::to_string(*seeker_id), "is registered at another office");
        if (std::find(s.consent_scope.begin(), s.consent_scope.end(), "programmes") == s.consent_scope.end())
            throw Conflict("job seeker " + std::to_string(*seeker_id) + " has not consented to be offered programmes");
    }
    check_staff(*db_, staff_id, office_id, "by");
    const Date day = on.value_or(db_->today());
    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO programme_offer (uuid, created_at, updated_at, office_id, programme_id, employer_id, seeker_id, "
        "offered_on, offered_by, outcome, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'offered', ?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, office_id);
    s.bind(5, p.meta.id);
    detail::bind_opt(s, 6, employer_id);
    detail::bind_opt(s, 7, seeker_id);
    s.bind(8, day.iso());
    detail::bind_opt(s, 9, staff_id);
    s.bind(10, std::string(detail::trim(note)));
    s.exec();
    const Id id = static_cast<Id>(db_->db->getLastInsertRowid());
    add_offer_event(*db_, id, OfferOutcome::Offered, day, staff_id, note);
    return get_offer(id);
}

ProgrammeOffer Programmes::record_outcome(Id offer_id, OfferOutcome outcome, std::optional<Date> on,
                                          std::optional<Id> staff_id, const std::string& note) {
    detail::WriteScope write(*db_);
    const ProgrammeOffer o = get_offer(offer_id);
    if (outcome == OfferOutcome::Offered)
        throw ValidationError("outcome", "offered", "record declined, accepted or enrolled");
    if (o.outcome == OfferOutcome::Declined || o.outcome == OfferOutcome::Enrolled)
        throw Conflict("offer " + std::to_string(offer_id) + " is already " + std::string(to_string(o.outcome)));
    const Date day = on.value_or(db_->today());
    if (day < o.offered_on)
        throw ValidationError("on", day.iso(), "is before the offer (" + o.offered_on.iso() + ")");
    check_staff(*db_, staff_id, o.office_id, "by");
    auto s = db_->stmt("UPDATE programme_offer SET outcome = ?, outcome_on = ?, updated_at = ? WHERE id = ?");
    s.bind(1, std::string(to_string(outcome)));
    s.bind(2, day.iso());
    s.bind(3, db_->now_us());
    s.bind(4, offer_id);
    s.exec();
    add_offer_event(*db_, offer_id, outcome, day, staff_id, note);
    return get_offer(offer_id);
}

ProgrammeOffer Programmes::get_offer(Id offer_id) const {
    auto s = db_->stmt(std::string("SELECT ") + kOfferCols + " FROM programme_offer WHERE id = ?");
    s.bind(1, offer_id);
    if (!s.executeStep()) throw NotFound("programme offer", std::to_string(offer_id));
    return offer_of(s);
}

Table Programmes::offer_history(Id offer_id) const {
    get_offer(offer_id);
    Table t;
    auto& on = t.add_column("on", ColumnType::Date);
    auto& outcome = t.add_column("outcome", ColumnType::Text);
    auto& staff = t.add_column("staff_id", ColumnType::Int);
    auto& note = t.add_column("note", ColumnType::Text);
    auto s = db_->stmt(
        "SELECT on_date, outcome, staff_id, note FROM programme_offer_event WHERE offer_id = ? ORDER BY id");
    s.bind(1, offer_id);
    while (s.executeStep()) {
        on.push_int(detail::date_of(s.getColumn(0)).days());
        outcome.push_text(s.getColumn(1).getString());
        if (s.getColumn(2).isNull()) staff.push_null();
        else staff.push_int(s.getColumn(2).getInt64());
        note.push_text(s.getColumn(3).getString());
    }
    return t;
}

std::vector<ProgrammeOffer> Programmes::offers(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kOfferCols +
                        " FROM programme_offer WHERE office_id = ? ORDER BY offered_on, id");
    s.bind(1, office_id);
    std::vector<ProgrammeOffer> out;
    while (s.executeStep()) out.push_back(offer_of(s));
    return out;
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
