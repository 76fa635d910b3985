// Referrals, placements and programmes: the SQL.
#include "store/referrals.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

// ---- referrals

constexpr const char* kReferralCols =
    "id, uuid, created_at, updated_at, office_id, seeker_id, vacancy_id, employer_id, stage, referred_on, "
    "referred_by, evaluation, closed_on";

Referral referral_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Referral o;
    o.meta = r.meta();
    o.office_id = r.get<Id>();
    o.seeker_id = r.get<Id>();
    o.vacancy_id = r.get<Id>();
    o.employer_id = r.get<Id>();
    o.stage = parse_referral_stage(r.get<std::string>());
    o.referred_on = r.get<Date>();
    o.referred_by = r.get<std::optional<Id>>();
    if (auto e = r.get<std::optional<std::string>>()) o.evaluation = parse_evaluation_result(*e);
    o.closed_on = r.get<std::optional<Date>>();
    return o;
}

std::vector<Referral> referrals_where(DbImpl& db, const char* where, Id key) {
    auto s = db.stmt(std::string("SELECT ") + kReferralCols + " FROM referral WHERE " + where +
                     " ORDER BY referred_on, id");
    s.bind_all(key);
    std::vector<Referral> out;
    while (s.executeStep()) out.push_back(referral_of(s));
    return out;
}

// ---- placements

constexpr const char* kPlacementSelect =
    "SELECT p.id, p.uuid, p.created_at, p.updated_at, p.office_id, p.seeker_id, p.vacancy_id, p.employer_id, "
    "p.referral_id, p.start_on, p.contract_type, p.recorded_by, c30.employed, c30.checked_on, c90.employed, "
    "c90.checked_on FROM placement p "
    "LEFT JOIN placement_check c30 ON c30.placement_id = p.id AND c30.day = 30 "
    "LEFT JOIN placement_check c90 ON c90.placement_id = p.id AND c90.day = 90";

Placement placement_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Placement p;
    p.meta = r.meta();
    p.office_id = r.get<Id>();
    p.seeker_id = r.get<Id>();
    p.vacancy_id = r.get<Id>();
    p.employer_id = r.get<Id>();
    p.referral_id = r.get<std::optional<Id>>();
    p.start_on = r.get<Date>();
    p.contract_type = parse_employment_type(r.get<std::string>());
    p.recorded_by = r.get<std::optional<Id>>();
    p.employed_30 = r.get<std::optional<bool>>();
    p.checked_30 = r.get<std::optional<Date>>();
    p.employed_90 = r.get<std::optional<bool>>();
    p.checked_90 = r.get<std::optional<Date>>();
    return p;
}

std::vector<Placement> placements_where(DbImpl& db, const char* where, Id key) {
    auto s = db.stmt(std::string(kPlacementSelect) + " WHERE " + where + " ORDER BY p.start_on, p.id");
    s.bind_all(key);
    std::vector<Placement> out;
    while (s.executeStep()) out.push_back(placement_of(s));
    return out;
}

// ---- programmes

constexpr const char* kProgrammeCols = "id, uuid, created_at, updated_at, office_id, code, name, kind, audience, active";

Programme programme_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Programme p;
    p.meta = r.meta();
    p.office_id = r.get<Id>();
    p.code = r.get<std::string>();
    p.name = r.get<std::string>();
    p.kind = r.get<std::string>();
    p.audience = parse_programme_audience(r.get<std::string>());
    p.active = r.get<bool>();
    return p;
}

constexpr const char* kOfferCols =
    "id, uuid, created_at, updated_at, office_id, programme_id, employer_id, seeker_id, offered_on, offered_by, "
    "outcome, outcome_on, note";

ProgrammeOffer offer_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    ProgrammeOffer o;
    o.meta = r.meta();
    o.office_id = r.get<Id>();
    o.programme_id = r.get<Id>();
    o.employer_id = r.get<std::optional<Id>>();
    o.seeker_id = r.get<std::optional<Id>>();
    o.offered_on = r.get<Date>();
    o.offered_by = r.get<std::optional<Id>>();
    o.outcome = parse_offer_outcome(r.get<std::string>());
    o.outcome_on = r.get<std::optional<Date>>();
    o.note = r.get<std::string>();
    return o;
}

}  // namespace

// ---- referrals

void insert_referral(DbImpl& db, Referral& r) {
    static const std::string sql = detail::insert_sql(
        "referral", {"office_id", "seeker_id", "vacancy_id", "employer_id", "stage", "referred_on", "referred_by"});
    detail::insert_record(db, sql, r.meta, r.office_id, r.seeker_id, r.vacancy_id, r.employer_id, r.stage,
                          r.referred_on, r.referred_by);
}

std::optional<Referral> find_referral(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kReferralCols + " FROM referral WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return referral_of(s);
}

std::vector<Referral> referrals_of_vacancy(DbImpl& db, Id vacancy_id) {
    return referrals_where(db, "vacancy_id = ?", vacancy_id);
}
std::vector<Referral> referrals_of_seeker(DbImpl& db, Id seeker_id) {
    return referrals_where(db, "seeker_id = ?", seeker_id);
}
std::vector<Referral> referrals_of_office(DbImpl& db, Id office_id) {
    return referrals_where(db, "office_id = ?", office_id);
}

std::unordered_map<Id, std::int64_t> count_referrals_by_vacancy(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT vacancy_id, count(*) FROM referral WHERE office_id = ? GROUP BY vacancy_id");
    s.bind_all(office_id);
    std::unordered_map<Id, std::int64_t> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        const Id vacancy = r.get<Id>();
        out[vacancy] = r.get<std::int64_t>();
    }
    return out;
}

void set_referral_stage(DbImpl& db, Id id, ReferralStage stage, std::optional<EvaluationResult> result,
                        std::optional<Date> closed_on) {
    db.stmt("UPDATE referral SET stage = ?, evaluation = coalesce(?, evaluation), closed_on = ?, updated_at = ? "
            "WHERE id = ?")
        .bind_all(stage, result, closed_on, db.now_us(), id)
        .exec();
}

void insert_referral_event(DbImpl& db, const ReferralEvent& e) {
    db.stmt("INSERT INTO referral_event (referral_id, at, on_date, from_stage, to_stage, staff_id, result, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(e.referral_id, db.now_us(), e.on, e.from_stage, e.to_stage, e.staff_id, e.result, e.note)
        .exec();
}

std::vector<ReferralEvent> referral_events(DbImpl& db, Id referral_id) {
    auto s = db.stmt(
        "SELECT from_stage, to_stage, on_date, staff_id, result, note FROM referral_event WHERE referral_id = ? "
        "ORDER BY id");
    s.bind_all(referral_id);
    std::vector<ReferralEvent> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        ReferralEvent e;
        e.referral_id = referral_id;
        if (auto from = r.get<std::optional<std::string>>()) e.from_stage = parse_referral_stage(*from);
        e.to_stage = parse_referral_stage(r.get<std::string>());
        e.on = r.get<Date>();
        e.staff_id = r.get<std::optional<Id>>();
        if (auto result = r.get<std::optional<std::string>>()) e.result = parse_evaluation_result(*result);
        e.note = r.get<std::string>();
        out.push_back(std::move(e));
    }
    return out;
}

// ---- placements

void insert_placement(DbImpl& db, Placement& p) {
    static const std::string sql =
        detail::insert_sql("placement", {"office_id", "seeker_id", "vacancy_id", "employer_id", "referral_id",
                                         "start_on", "contract_type", "recorded_by"});
    detail::insert_record(db, sql, p.meta, p.office_id, p.seeker_id, p.vacancy_id, p.employer_id, p.referral_id,
                          p.start_on, p.contract_type, p.recorded_by);
}

std::optional<Placement> find_placement(DbImpl& db, Id id) {
    auto s = db.stmt(std::string(kPlacementSelect) + " WHERE p.id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return placement_of(s);
}

std::vector<Placement> placements_of_office(DbImpl& db, Id office_id) {
    return placements_where(db, "p.office_id = ?", office_id);
}
std::vector<Placement> placements_of_vacancy(DbImpl& db, Id vacancy_id) {
    return placements_where(db, "p.vacancy_id = ?", vacancy_id);
}

std::vector<Id> placed_vacancies_of_seeker(DbImpl& db, Id seeker_id) {
    auto s = db.stmt("SELECT vacancy_id FROM placement WHERE seeker_id = ?");
    s.bind_all(seeker_id);
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(detail::RowReader(s).get<Id>());
    return out;
}

void insert_placement_check(DbImpl& db, Id placement_id, int day, bool employed, Date checked_on,
                            std::optional<Id> staff_id, const std::string& note) {
    db.stmt("INSERT INTO placement_check (placement_id, day, employed, checked_on, staff_id, note, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(placement_id, day, employed, checked_on, staff_id, note, db.now_us())
        .exec();
}

// ---- programmes

void insert_programme(DbImpl& db, Programme& p) {
    static const std::string sql =
        detail::insert_sql("programme", {"office_id", "code", "name", "kind", "audience"});
    detail::insert_record(db, sql, p.meta, p.office_id, p.code, p.name, p.kind, p.audience);
}

std::optional<Programme> find_programme(DbImpl& db, Id office_id, std::string_view code) {
    auto s = db.stmt(std::string("SELECT ") + kProgrammeCols + " FROM programme WHERE office_id = ? AND code = ?");
    s.bind_all(office_id, code);
    if (!s.executeStep()) return std::nullopt;
    return programme_of(s);
}

std::vector<Programme> list_programmes(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kProgrammeCols + " FROM programme WHERE office_id = ? ORDER BY id");
    s.bind_all(office_id);
    std::vector<Programme> out;
    while (s.executeStep()) out.push_back(programme_of(s));
    return out;
}

void insert_offer(DbImpl& db, ProgrammeOffer& o) {
    static const std::string sql =
        detail::insert_sql("programme_offer", {"office_id", "programme_id", "employer_id", "seeker_id", "offered_on",
                                               "offered_by", "outcome", "note"});
    detail::insert_record(db, sql, o.meta, o.office_id, o.programme_id, o.employer_id, o.seeker_id, o.offered_on,
                          o.offered_by, o.outcome, o.note);
}

std::optional<ProgrammeOffer> find_offer(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kOfferCols + " FROM programme_offer WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return offer_of(s);
}

std::vector<ProgrammeOffer> list_offers(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kOfferCols +
                     " FROM programme_offer WHERE office_id = ? ORDER BY offered_on, id");
    s.bind_all(office_id);
    std::vector<ProgrammeOffer> out;
    while (s.executeStep()) out.push_back(offer_of(s));
    return out;
}

void set_offer_outcome(DbImpl& db, Id id, OfferOutcome outcome, Date on) {
    db.stmt("UPDATE programme_offer SET outcome = ?, outcome_on = ?, updated_at = ? WHERE id = ?")
        .bind_all(outcome, on, db.now_us(), id)
        .exec();
}

void insert_offer_event(DbImpl& db, Id offer_id, OfferOutcome outcome, Date on, std::optional<Id> staff_id,
                        const std::string& note) {
    db.stmt("INSERT INTO programme_offer_event (offer_id, at, on_date, outcome, staff_id, note) VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(offer_id, db.now_us(), on, outcome, staff_id, note)
        .exec();
}

std::vector<OfferEvent> offer_events(DbImpl& db, Id offer_id) {
    auto s = db.stmt(
        "SELECT on_date, outcome, staff_id, note FROM programme_offer_event WHERE offer_id = ? ORDER BY id");
    s.bind_all(offer_id);
    std::vector<OfferEvent> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        OfferEvent e;
        e.on = r.get<Date>();
        e.outcome = r.get<std::string>();
        e.staff_id = r.get<std::optional<Id>>();
        e.note = r.get<std::string>();
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace omilcrm::store
