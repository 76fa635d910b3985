// Referrals and their stage history: the SQL.
#include "store/referrals.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

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
    o.stage = parse_enum<ReferralStage>(r.get<std::string>());
    o.referred_on = r.get<Date>();
    o.referred_by = r.get<std::optional<Id>>();
    if (auto e = r.get<std::optional<std::string>>()) o.evaluation = parse_enum<EvaluationResult>(*e);
    o.closed_on = r.get<std::optional<Date>>();
    return o;
}

std::vector<Referral> referrals_where(DbImpl& db, const char* where, Id key) {
    auto s =
        db.stmt(std::string("SELECT ") + kReferralCols + " FROM referral WHERE " + where + " ORDER BY referred_on, id");
    s.bind_all(key);
    std::vector<Referral> out;
    while (s.executeStep()) out.push_back(referral_of(s));
    return out;
}

}  // namespace

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
    db.stmt(
          "UPDATE referral SET stage = ?, evaluation = coalesce(?, evaluation), closed_on = ?, updated_at = ? "
          "WHERE id = ?")
        .bind_all(stage, result, closed_on, db.now_us(), id)
        .exec();
}

void insert_referral_event(DbImpl& db, const ReferralEvent& e) {
    db.stmt(
          "INSERT INTO referral_event (referral_id, at, on_date, from_stage, to_stage, staff_id, result, note, actor) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(e.referral_id, db.now_us(), e.on, e.from_stage, e.to_stage, e.staff_id, e.result, e.note,
                  detail::actor_column(db))
        .exec();
}

std::vector<ReferralEvent> referral_events(DbImpl& db, Id referral_id) {
    auto s = db.stmt(
        "SELECT from_stage, to_stage, on_date, staff_id, result, note, actor FROM referral_event WHERE referral_id = ? "
        "ORDER BY id");
    s.bind_all(referral_id);
    std::vector<ReferralEvent> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        ReferralEvent e;
        e.referral_id = referral_id;
        if (auto from = r.get<std::optional<std::string>>()) e.from_stage = parse_enum<ReferralStage>(*from);
        e.to_stage = parse_enum<ReferralStage>(r.get<std::string>());
        e.on = r.get<Date>();
        e.staff_id = r.get<std::optional<Id>>();
        if (auto result = r.get<std::optional<std::string>>()) e.result = parse_enum<EvaluationResult>(*result);
        e.note = r.get<std::string>();
        e.actor = r.get<std::optional<std::string>>();
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace omilcrm::store
