// Programmes and their offers: the SQL.
#include "store/programmes.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kProgrammeCols =
    "id, uuid, created_at, updated_at, office_id, code, name, kind, audience, active";

Programme programme_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Programme p;
    p.meta = r.meta();
    p.office_id = r.get<Id>();
    p.code = r.get<std::string>();
    p.name = r.get<std::string>();
    p.kind = r.get<std::string>();
    p.audience = parse_enum<ProgrammeAudience>(r.get<std::string>());
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
    o.outcome = parse_enum<OfferOutcome>(r.get<std::string>());
    o.outcome_on = r.get<std::optional<Date>>();
    o.note = r.get<std::string>();
    return o;
}

}  // namespace

void insert_programme(DbImpl& db, Programme& p) {
    static const std::string sql = detail::insert_sql("programme", {"office_id", "code", "name", "kind", "audience"});
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
    static const std::string sql = detail::insert_sql(
        "programme_offer",
        {"office_id", "programme_id", "employer_id", "seeker_id", "offered_on", "offered_by", "outcome", "note"});
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
    db.stmt(
          "INSERT INTO programme_offer_event (offer_id, at, on_date, outcome, staff_id, note, actor) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(offer_id, db.now_us(), on, outcome, staff_id, note, detail::actor_column(db))
        .exec();
}

std::vector<OfferEvent> offer_events(DbImpl& db, Id offer_id) {
    auto s = db.stmt(
        "SELECT on_date, outcome, staff_id, note, actor FROM programme_offer_event WHERE offer_id = ? ORDER BY id");
    s.bind_all(offer_id);
    std::vector<OfferEvent> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        OfferEvent e;
        e.on = r.get<Date>();
        e.outcome = r.get<std::string>();
        e.staff_id = r.get<std::optional<Id>>();
        e.note = r.get<std::string>();
        e.actor = r.get<std::optional<std::string>>();
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace omilcrm::store
