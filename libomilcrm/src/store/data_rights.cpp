// Data-subject requests, restrictions, erasure and retention: the SQL.
#include "store/data_rights.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kRequestCols =
    "id, uuid, created_at, updated_at, office_id, seeker_id, kind, detail, received_on, verified_by, verification, "
    "due_on, extended_on, extension_reason, status, answered_on, answered_by, answer";

RightsRequest request_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    RightsRequest o;
    o.meta = r.meta();
    o.office_id = r.get<Id>();
    o.seeker_id = r.get<Id>();
    o.kind = parse_enum<RightKind>(r.get<std::string>());
    o.detail = r.get<std::string>();
    o.received_on = r.get<Date>();
    o.verified_by = r.get<Id>();
    o.verification = r.get<std::string>();
    o.due_on = r.get<Date>();
    o.extended_on = r.get<std::optional<Date>>();
    o.extension_reason = r.get<std::string>();
    o.status = parse_enum<RightsStatus>(r.get<std::string>());
    o.answered_on = r.get<std::optional<Date>>();
    o.answered_by = r.get<std::optional<Id>>();
    o.answer = r.get<std::string>();
    return o;
}

constexpr const char* kRestrictionCols =
    "id, uuid, created_at, updated_at, seeker_id, kind, from_on, to_on, reason, request_id, staff_id";

SeekerRestriction restriction_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    SeekerRestriction o;
    o.meta = r.meta();
    o.seeker_id = r.get<Id>();
    o.kind = parse_enum<RestrictionKind>(r.get<std::string>());
    o.from = r.get<Date>();
    o.to = r.get<std::optional<Date>>();
    o.reason = r.get<std::string>();
    o.request_id = r.get<std::optional<Id>>();
    o.staff_id = r.get<std::optional<Id>>();
    return o;
}

}  // namespace

void insert_rights_request(DbImpl& db, RightsRequest& r) {
    static const std::string sql =
        detail::insert_sql("rights_request", {"office_id", "seeker_id", "kind", "detail", "received_on", "verified_by",
                                              "verification", "due_on", "status", "actor"});
    detail::insert_record(db, sql, r.meta, r.office_id, r.seeker_id, r.kind, r.detail, r.received_on, r.verified_by,
                          r.verification, r.due_on, r.status, detail::actor_column(db));
}

std::optional<RightsRequest> find_rights_request(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kRequestCols + " FROM rights_request WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return request_of(s);
}

std::vector<RightsRequest> rights_requests(DbImpl& db, Id office_id, const RightsFilter& f) {
    auto s = db.stmt(std::string("SELECT ") + kRequestCols +
                     " FROM rights_request WHERE office_id = ?1 AND (?2 = 0 OR status IN ('received','extended')) "
                     "AND (?3 IS NULL OR kind = ?3) AND (?4 IS NULL OR seeker_id = ?4) ORDER BY received_on, id");
    s.bind_all(office_id, f.open_only, f.kind, f.seeker_id);
    std::vector<RightsRequest> out;
    while (s.executeStep()) out.push_back(request_of(s));
    return out;
}

void update_rights_request(DbImpl& db, const RightsRequest& r) {
    db.stmt(
          "UPDATE rights_request SET due_on = ?, extended_on = ?, extension_reason = ?, status = ?, answered_on = ?, "
          "answered_by = ?, answer = ?, updated_at = ?, actor = ? WHERE id = ?")
        .bind_all(r.due_on, r.extended_on, r.extension_reason, r.status, r.answered_on, r.answered_by, r.answer,
                  db.now_us(), detail::actor_column(db), r.meta.id)
        .exec();
}

void insert_restriction(DbImpl& db, SeekerRestriction& r) {
    static const std::string sql = detail::insert_sql(
        "seeker_restriction", {"seeker_id", "kind", "from_on", "to_on", "reason", "request_id", "staff_id", "actor"});
    detail::insert_record(db, sql, r.meta, r.seeker_id, r.kind, r.from, r.to, r.reason, r.request_id, r.staff_id,
                          detail::actor_column(db));
}

std::optional<SeekerRestriction> find_restriction(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kRestrictionCols + " FROM seeker_restriction WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return restriction_of(s);
}

std::vector<SeekerRestriction> restrictions_of(DbImpl& db, Id seeker_id) {
    auto s = db.stmt(std::string("SELECT ") + kRestrictionCols +
                     " FROM seeker_restriction WHERE seeker_id = ? ORDER BY from_on, id");
    s.bind_all(seeker_id);
    std::vector<SeekerRestriction> out;
    while (s.executeStep()) out.push_back(restriction_of(s));
    return out;
}

void set_restriction_end(DbImpl& db, Id id, Date to) {
    db.stmt("UPDATE seeker_restriction SET to_on = ?, updated_at = ?, actor = ? WHERE id = ?")
        .bind_all(to, db.now_us(), detail::actor_column(db), id)
        .exec();
}

std::vector<Id> restricted_seekers(DbImpl& db, Id office_id, Date day) {
    auto s = db.stmt(
        "SELECT DISTINCT r.seeker_id FROM seeker_restriction r JOIN job_seeker s ON s.id = r.seeker_id "
        "WHERE s.office_id = ?1 AND r.from_on <= ?2 AND (r.to_on IS NULL OR r.to_on >= ?2)");
    s.bind_all(office_id, day);
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
    return out;
}

std::optional<std::string> restriction_in_force(DbImpl& db, Id seeker_id, Date day) {
    auto s = db.stmt(
        "SELECT kind, from_on, to_on, reason FROM seeker_restriction WHERE seeker_id = ?1 AND from_on <= ?2 "
        "AND (to_on IS NULL OR to_on >= ?2) ORDER BY from_on LIMIT 1");
    s.bind_all(seeker_id, day);
    if (!s.executeStep()) return std::nullopt;
    detail::RowReader r(s);
    const auto kind = r.get<std::string>();
    const auto from = r.get<std::string>();
    const auto to = r.get<std::optional<std::string>>();
    return kind + " from " + from + (to ? " to " + *to : std::string(" until lifted")) + " (" + r.get<std::string>() +
           ")";
}

void check_not_restricted(DbImpl& db, Id seeker_id, Date day) {
    if (const auto in_force = restriction_in_force(db, seeker_id, day))
        throw Conflict("job seeker " + std::to_string(seeker_id) + " is under " + *in_force +
                       ": their data is not processed for this meanwhile");
}

std::optional<int> office_retention(DbImpl& db, Id office_id) {
    auto s = db.stmt("SELECT retention_years FROM office WHERE id = ?");
    s.bind_all(office_id);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<std::optional<int>>();
}

void set_office_retention(DbImpl& db, Id office_id, std::optional<int> years) {
    db.stmt("UPDATE office SET retention_years = ?, updated_at = ? WHERE id = ?")
        .bind_all(years, db.now_us(), office_id)
        .exec();
}

std::vector<std::pair<Id, Date>> seekers_last_active(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT s.id, max(s.registered_on, s.consent_on, "
        " coalesce((SELECT max(on_date) FROM seeker_change c WHERE c.seeker_id = s.id), ''), "
        " coalesce((SELECT max(referred_on) FROM referral r WHERE r.seeker_id = s.id), ''), "
        " coalesce((SELECT max(start_on) FROM placement p WHERE p.seeker_id = s.id), ''), "
        " coalesce((SELECT max(on_date) FROM workshop_attendance w WHERE w.seeker_id = s.id), ''), "
        " coalesce((SELECT max(offered_on) FROM programme_offer o WHERE o.seeker_id = s.id), '')) "
        "FROM job_seeker s WHERE s.office_id = ? AND s.erased_on IS NULL ORDER BY s.id");
    s.bind_all(office_id);
    std::vector<std::pair<Id, Date>> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        const Id id = r.get<Id>();
        out.emplace_back(id, r.get<Date>());
    }
    return out;
}

std::vector<std::pair<Date, std::optional<Date>>> seeker_placements(DbImpl& db, Id seeker_id) {
    auto s = db.stmt(
        "SELECT p.start_on, (SELECT checked_on FROM placement_check c WHERE c.placement_id = p.id AND c.day = 90) "
        "FROM placement p WHERE p.seeker_id = ? ORDER BY p.start_on");
    s.bind_all(seeker_id);
    std::vector<std::pair<Date, std::optional<Date>>> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        const Date start = r.get<Date>();
        out.emplace_back(start, r.get<std::optional<Date>>());
    }
    return out;
}

void set_seeker_identity(DbImpl& db, Id seeker_id, const std::string& rut, const std::string& name,
                         std::optional<Date> birth_date) {
    db.stmt("UPDATE seeker_personal SET rut = ?, name = ?, birth_date = ? WHERE seeker_id = ?")
        .bind_all(rut, name, birth_date, seeker_id)
        .exec();
    db.stmt("UPDATE job_seeker SET updated_at = ? WHERE id = ?").bind_all(db.now_us(), seeker_id).exec();
}

void erase_seeker(DbImpl& db, Id seeker_id, Date on, const std::vector<std::string>& quoted) {
    // secure_delete: the space the erasure frees is overwritten with zeros, not left readable in
    // the file until a VACUUM; off again afterwards (it slows every other delete).
    db.exec("PRAGMA secure_delete = ON");
    struct Off {
        DbImpl& db;
        ~Off() {
            try {
                db.exec("PRAGMA secure_delete = OFF");
            } catch (...) {
            }
        }
    } off{db};
    db.stmt("DELETE FROM seeker_personal WHERE seeker_id = ?").bind_all(seeker_id).exec();
    db.stmt(
          "DELETE FROM seeker_change WHERE seeker_id = ? AND field IN ('rut','name','phone','email','address',"
          "'birth_date','skills','licences','shifts','available_from')")
        .bind_all(seeker_id)
        .exec();
    db.stmt(
          "UPDATE job_seeker SET skills = '', licences = '', shifts = '', available_from = NULL, active = 0, "
          "erased_on = ?, updated_at = ? WHERE id = ?")
        .bind_all(on, db.now_us(), seeker_id)
        .exec();
    db.stmt("UPDATE rights_request SET detail = '' WHERE seeker_id = ?").bind_all(seeker_id).exec();
    // Free text that quotes the person (a note naming them) loses the quotation.
    for (const auto& q : quoted) {
        if (q.empty()) continue;
        const char* kGone = "(dato suprimido)";
        db.stmt(
              "UPDATE referral_event SET note = replace(note, ?1, ?2) WHERE instr(note, ?1) > 0 AND referral_id IN "
              "(SELECT id FROM referral WHERE seeker_id = ?3)")
            .bind_all(q, kGone, seeker_id)
            .exec();
        db.stmt("UPDATE programme_offer SET note = replace(note, ?1, ?2) WHERE instr(note, ?1) > 0 AND seeker_id = ?3")
            .bind_all(q, kGone, seeker_id)
            .exec();
        db.stmt(
              "UPDATE programme_offer_event SET note = replace(note, ?1, ?2) WHERE instr(note, ?1) > 0 AND offer_id IN "
              "(SELECT id FROM programme_offer WHERE seeker_id = ?3)")
            .bind_all(q, kGone, seeker_id)
            .exec();
        db.stmt(
              "UPDATE placement_check SET note = replace(note, ?1, ?2) WHERE instr(note, ?1) > 0 AND placement_id IN "
              "(SELECT id FROM placement WHERE seeker_id = ?3)")
            .bind_all(q, kGone, seeker_id)
            .exec();
        db.stmt("UPDATE personal_data_export SET purpose = replace(purpose, ?1, ?2) WHERE instr(purpose, ?1) > 0")
            .bind_all(q, kGone)
            .exec();
        db.stmt("UPDATE audit SET detail = replace(detail, ?1, ?2) WHERE instr(detail, ?1) > 0")
            .bind_all(q, kGone)
            .exec();
    }
}

}  // namespace omilcrm::store
