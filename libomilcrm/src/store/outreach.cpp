// Events, outreach material and its showings: the SQL.
#include "store/outreach.hpp"

#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kEventCols =
    "id, uuid, created_at, updated_at, office_id, kind, title, on_date, place, commune, organiser, staff_id, notes";

Event event_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Event e;
    e.meta = r.meta();
    e.office_id = r.get<Id>();
    e.kind = parse_enum<EventKind>(r.get<std::string>());
    e.title = r.get<std::string>();
    e.on = r.get<Date>();
    e.place = r.get<std::string>();
    e.commune = r.get<std::string>();
    e.organiser = r.get<std::string>();
    e.staff_id = r.get<std::optional<Id>>();
    e.notes = r.get<std::string>();
    return e;
}

constexpr const char* kShowingCols =
    "id, uuid, created_at, updated_at, asset_id, office_id, on_date, setting, audience, audience_size, event_id, "
    "staff_id, notes";

Showing showing_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Showing x;
    x.meta = r.meta();
    x.asset_id = r.get<Id>();
    x.office_id = r.get<Id>();
    x.on = r.get<Date>();
    x.setting = parse_enum<Setting>(r.get<std::string>());
    x.audience = parse_enum<Audience>(r.get<std::string>());
    x.audience_size = r.get<int>();
    x.event_id = r.get<std::optional<Id>>();
    x.staff_id = r.get<std::optional<Id>>();
    x.notes = r.get<std::string>();
    return x;
}

constexpr const char* kAssetCols = "id, uuid, created_at, updated_at, name, kind, produced_by, description";

OutreachAsset asset_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    OutreachAsset a;
    a.meta = r.meta();
    a.name = r.get<std::string>();
    a.kind = parse_enum<AssetKind>(r.get<std::string>());
    a.produced_by = r.get<std::string>();
    a.description = r.get<std::string>();
    return a;
}

// Two ids of a row: (event, office), (showing, employer).
std::pair<Id, Id> id_pair(SQLite::Statement& s) {
    detail::RowReader r(s);
    const Id first = r.get<Id>();
    return {first, r.get<Id>()};
}

}  // namespace

// ---- Events -------------------------------------------------------------------------------

void insert_event(DbImpl& db, Event& e) {
    static const std::string sql = detail::insert_sql(
        "event", {"office_id", "kind", "title", "on_date", "place", "commune", "organiser", "staff_id", "notes"});
    detail::insert_record(db, sql, e.meta, e.office_id, e.kind, e.title, e.on, e.place, e.commune, e.organiser,
                          e.staff_id, e.notes);
    auto co = db.stmt("INSERT INTO event_office (event_id, office_id) VALUES (?, ?)");
    for (Id o : e.co_hosts) {
        co.reset();
        co.bind_all(e.meta.id, o);
        co.exec();
    }
    auto ph = db.stmt("INSERT INTO event_partner (event_id, partner_id, co_host) VALUES (?, ?, 1)");
    for (Id p : e.partner_hosts) {
        ph.reset();
        ph.bind_all(e.meta.id, p);
        ph.exec();
    }
}

std::optional<Event> find_event(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kEventCols + " FROM event WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    Event e = event_of(s);
    auto co = db.stmt("SELECT office_id FROM event_office WHERE event_id = ? ORDER BY office_id");
    co.bind_all(id);
    while (co.executeStep()) e.co_hosts.push_back(detail::RowReader(co).get<Id>());
    auto ph = db.stmt("SELECT partner_id FROM event_partner WHERE event_id = ? AND co_host = 1 ORDER BY partner_id");
    ph.bind_all(id);
    while (ph.executeStep()) e.partner_hosts.push_back(detail::RowReader(ph).get<Id>());
    return e;
}

std::vector<Event> list_events(DbImpl& db, Id office_id, std::optional<Date> from, std::optional<Date> to) {
    auto s = db.stmt(std::string("SELECT ") + kEventCols +
                     " FROM event WHERE (office_id = ?1 OR id IN (SELECT event_id FROM event_office WHERE "
                     "office_id = ?1)) AND (?2 IS NULL OR on_date >= ?2) AND (?3 IS NULL OR on_date <= ?3) "
                     "ORDER BY on_date, id");
    s.bind_all(office_id, from, to);
    std::vector<Event> out;
    std::unordered_map<Id, std::size_t> at;
    while (s.executeStep()) {
        out.push_back(event_of(s));
        at[out.back().meta.id] = out.size() - 1;
    }
    // Every listed event's co-hosts in one query.
    auto co = db.stmt(
        "SELECT g.event_id, g.office_id FROM event_office g JOIN event e ON e.id = g.event_id WHERE "
        "e.office_id = ?1 OR e.id IN (SELECT event_id FROM event_office WHERE office_id = ?1) "
        "ORDER BY g.event_id, g.office_id");
    co.bind_all(office_id);
    while (co.executeStep()) {
        const auto [event_id, co_host] = id_pair(co);
        if (auto it = at.find(event_id); it != at.end()) out[it->second].co_hosts.push_back(co_host);
    }
    auto ph = db.stmt(
        "SELECT g.event_id, g.partner_id FROM event_partner g JOIN event e ON e.id = g.event_id WHERE g.co_host = 1 "
        "AND (e.office_id = ?1 OR e.id IN (SELECT event_id FROM event_office WHERE office_id = ?1)) "
        "ORDER BY g.event_id, g.partner_id");
    ph.bind_all(office_id);
    while (ph.executeStep()) {
        const auto [event_id, partner] = id_pair(ph);
        if (auto it = at.find(event_id); it != at.end()) out[it->second].partner_hosts.push_back(partner);
    }
    return out;
}

void invite_partners(DbImpl& db, Id event_id, const std::vector<Id>& partner_ids) {
    auto s = db.stmt(
        "INSERT INTO event_partner (event_id, partner_id, invited) VALUES (?, ?, 1) "
        "ON CONFLICT (event_id, partner_id) DO UPDATE SET invited = 1");
    for (Id id : partner_ids) {
        s.reset();
        s.bind_all(event_id, id);
        s.exec();
    }
}

void record_partner_attendance(DbImpl& db, Id event_id, Id partner_id, int attendees) {
    db.stmt(
          "INSERT INTO event_partner (event_id, partner_id, attended, attendees) VALUES (?, ?, 1, ?) "
          "ON CONFLICT (event_id, partner_id) DO UPDATE SET attended = 1, attendees = excluded.attendees")
        .bind_all(event_id, partner_id, attendees)
        .exec();
}

std::vector<EventPartner> list_event_partners(DbImpl& db, Id event_id) {
    auto s = db.stmt(
        "SELECT partner_id, co_host, invited, attended, attendees FROM event_partner WHERE event_id = ? "
        "ORDER BY partner_id");
    s.bind_all(event_id);
    std::vector<EventPartner> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        EventPartner p;
        p.event_id = event_id;
        p.partner_id = r.get<Id>();
        p.co_host = r.get<bool>();
        p.invited = r.get<bool>();
        p.attended = r.get<bool>();
        p.attendees = r.get<int>();
        out.push_back(p);
    }
    return out;
}

void invite_to_event(DbImpl& db, Id event_id, const std::vector<Id>& employer_ids) {
    auto s = db.stmt(
        "INSERT INTO event_employer (event_id, employer_id, invited) VALUES (?, ?, 1) "
        "ON CONFLICT (event_id, employer_id) DO UPDATE SET invited = 1");
    for (Id id : employer_ids) {
        s.reset();
        s.bind_all(event_id, id);
        s.exec();
    }
}

void record_attendance(DbImpl& db, Id event_id, Id employer_id, Id interaction_id) {
    db.stmt(
          "INSERT INTO event_employer (event_id, employer_id, attended, interaction_id) VALUES (?, ?, 1, ?) "
          "ON CONFLICT (event_id, employer_id) DO UPDATE SET attended = 1, interaction_id = excluded.interaction_id")
        .bind_all(event_id, employer_id, interaction_id)
        .exec();
}

std::vector<EventGuest> list_guests(DbImpl& db, Id event_id) {
    auto s = db.stmt(
        "SELECT employer_id, invited, attended, interaction_id FROM event_employer WHERE event_id = ? ORDER BY "
        "employer_id");
    s.bind_all(event_id);
    std::vector<EventGuest> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        EventGuest g;
        g.event_id = event_id;
        g.employer_id = r.get<Id>();
        g.invited = r.get<bool>();
        g.attended = r.get<bool>();
        g.interaction_id = r.get<std::optional<Id>>();
        out.push_back(g);
    }
    return out;
}

std::vector<Id> event_vacancy_ids(DbImpl& db, Id event_id) {
    auto s = db.stmt(
        "SELECT v.id FROM vacancy v JOIN event_employer g ON g.interaction_id = v.interaction_id "
        "WHERE g.event_id = ? ORDER BY v.id");
    s.bind_all(event_id);
    std::vector<Id> ids;
    while (s.executeStep()) ids.push_back(detail::RowReader(s).get<Id>());
    return ids;
}

std::unordered_map<Id, EventCounts> event_counts(DbImpl& db, Id office_id) {
    // Guests and vacancies of all the office's events, one grouped query each.
    std::unordered_map<Id, EventCounts> counts;
    const char* scope =
        "(SELECT id FROM event WHERE office_id = ?1 UNION SELECT event_id FROM event_office WHERE office_id = ?1)";
    {
        auto q =
            db.stmt(std::string("SELECT event_id, sum(invited), sum(attended) FROM event_employer WHERE event_id IN ") +
                    scope + " GROUP BY event_id");
        q.bind_all(office_id);
        while (q.executeStep()) {
            detail::RowReader r(q);
            EventCounts& c = counts[r.get<Id>()];
            c.invited = r.get<std::int64_t>();
            c.attended = r.get<std::int64_t>();
        }
    }
    {
        auto q =
            db.stmt(std::string("SELECT g.event_id, count(*), sum(v.positions) FROM vacancy v JOIN event_employer g "
                                "ON g.interaction_id = v.interaction_id WHERE g.event_id IN ") +
                    scope + " GROUP BY g.event_id");
        q.bind_all(office_id);
        while (q.executeStep()) {
            detail::RowReader r(q);
            EventCounts& c = counts[r.get<Id>()];
            c.vacancies = r.get<std::int64_t>();
            c.positions = r.get<std::int64_t>();
        }
    }
    return counts;
}

// ---- Outreach material and its showings ---------------------------------------------------

std::optional<Id> find_asset_id(DbImpl& db, const std::string& uuid) {
    auto q = db.stmt("SELECT id FROM outreach_asset WHERE uuid = ?");
    q.bind_all(uuid);
    if (!q.executeStep()) return std::nullopt;
    return detail::RowReader(q).get<Id>();
}

void insert_asset(DbImpl& db, OutreachAsset& a) {
    static const std::string sql = detail::insert_sql("outreach_asset", {"name", "kind", "produced_by", "description"});
    detail::insert_record(db, sql, a.meta, a.name, a.kind, a.produced_by, a.description);
}

std::optional<OutreachAsset> find_asset(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kAssetCols + " FROM outreach_asset WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return asset_of(s);
}

std::vector<OutreachAsset> list_assets(DbImpl& db) {
    auto s = db.stmt(std::string("SELECT ") + kAssetCols + " FROM outreach_asset ORDER BY id");
    std::vector<OutreachAsset> out;
    while (s.executeStep()) out.push_back(asset_of(s));
    return out;
}

void insert_showing(DbImpl& db, Showing& x) {
    static const std::string sql = detail::insert_sql(
        "showing",
        {"asset_id", "office_id", "on_date", "setting", "audience", "audience_size", "event_id", "staff_id", "notes"});
    detail::insert_record(db, sql, x.meta, x.asset_id, x.office_id, x.on, x.setting, x.audience, x.audience_size,
                          x.event_id, x.staff_id, x.notes);
    auto e = db.stmt("INSERT INTO showing_employer (showing_id, employer_id) VALUES (?, ?)");
    for (Id emp : x.employers) {
        e.reset();
        e.bind_all(x.meta.id, emp);
        e.exec();
    }
    auto p = db.stmt("INSERT INTO showing_partner (showing_id, partner_id) VALUES (?, ?)");
    for (Id partner : x.partners) {
        p.reset();
        p.bind_all(x.meta.id, partner);
        p.exec();
    }
}

std::optional<Showing> find_showing(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kShowingCols + " FROM showing WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    Showing x = showing_of(s);
    auto e = db.stmt("SELECT employer_id FROM showing_employer WHERE showing_id = ? ORDER BY employer_id");
    e.bind_all(id);
    while (e.executeStep()) x.employers.push_back(detail::RowReader(e).get<Id>());
    auto p = db.stmt("SELECT partner_id FROM showing_partner WHERE showing_id = ? ORDER BY partner_id");
    p.bind_all(id);
    while (p.executeStep()) x.partners.push_back(detail::RowReader(p).get<Id>());
    return x;
}

std::vector<Showing> list_showings(DbImpl& db, Date from, Date to, std::optional<Id> office_id,
                                   std::optional<Id> asset_id) {
    auto s = db.stmt(std::string("SELECT ") + kShowingCols +
                     " FROM showing WHERE on_date BETWEEN ? AND ? AND (? IS NULL OR office_id = ?) AND "
                     "(? IS NULL OR asset_id = ?) ORDER BY on_date, id");
    s.bind_all(from, to, office_id, office_id, asset_id, asset_id);
    std::vector<Showing> out;
    while (s.executeStep()) out.push_back(showing_of(s));
    // Employers present, in one query for all of them.
    std::unordered_map<Id, Showing*> by_id;
    for (auto& x : out) by_id[x.meta.id] = &x;
    auto e = db.stmt(
        "SELECT g.showing_id, g.employer_id FROM showing_employer g JOIN showing s ON s.id = g.showing_id "
        "WHERE s.on_date BETWEEN ? AND ? ORDER BY g.showing_id, g.employer_id");
    e.bind_all(from, to);
    while (e.executeStep()) {
        const auto [showing_id, employer_id] = id_pair(e);
        if (auto it = by_id.find(showing_id); it != by_id.end()) it->second->employers.push_back(employer_id);
    }
    auto p = db.stmt(
        "SELECT g.showing_id, g.partner_id FROM showing_partner g JOIN showing s ON s.id = g.showing_id "
        "WHERE s.on_date BETWEEN ? AND ? ORDER BY g.showing_id, g.partner_id");
    p.bind_all(from, to);
    while (p.executeStep()) {
        const auto [showing_id, partner_id] = id_pair(p);
        if (auto it = by_id.find(showing_id); it != by_id.end()) it->second->partners.push_back(partner_id);
    }
    return out;
}

// ---- Who appears in the material ----------------------------------------------------------

namespace {

constexpr const char* kAppearanceSelect =
    "SELECT a.id, a.uuid, a.created_at, a.updated_at, a.asset_id, a.office_id, a.seeker_id, a.contact_id, "
    "a.staff_id, a.scope, a.consent_on, a.recorded_on, a.removed_on, s.consent_scope, s.erased_on IS NOT NULL "
    "FROM asset_appearance a LEFT JOIN job_seeker s ON s.id = a.seeker_id ";

AppearanceRow appearance_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    AppearanceRow row;
    AssetAppearance& a = row.appearance;
    a.meta = r.meta();
    a.asset_id = r.get<Id>();
    a.office_id = r.get<Id>();
    a.seeker_id = r.get<std::optional<Id>>();
    a.contact_id = r.get<std::optional<Id>>();
    a.staff_id = r.get<std::optional<Id>>();
    a.scope = parse_enum<AppearanceScope>(r.get<std::string>());
    a.consent_on = r.get<Date>();
    a.recorded_on = r.get<Date>();
    a.removed_on = r.get<std::optional<Date>>();
    if (const auto scope = r.get<std::optional<std::string>>()) row.seeker_consent = detail::split_list(*scope);
    row.seeker_erased = r.get<std::optional<bool>>().value_or(false);
    return row;
}

}  // namespace

void insert_appearance(DbImpl& db, AssetAppearance& a) {
    static const std::string sql =
        detail::insert_sql("asset_appearance", {"asset_id", "office_id", "seeker_id", "contact_id", "staff_id", "scope",
                                                "consent_on", "recorded_on", "actor"});
    detail::insert_record(db, sql, a.meta, a.asset_id, a.office_id, a.seeker_id, a.contact_id, a.staff_id, a.scope,
                          a.consent_on, a.recorded_on, detail::actor_column(db));
}

std::optional<AppearanceRow> find_appearance(DbImpl& db, Id id) {
    auto s = db.stmt(std::string(kAppearanceSelect) + "WHERE a.id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return appearance_of(s);
}

std::vector<AppearanceRow> list_appearances(DbImpl& db, std::optional<Id> asset_id, std::optional<Id> office_id) {
    auto s = db.stmt(std::string(kAppearanceSelect) +
                     "WHERE a.removed_on IS NULL AND (?1 IS NULL OR a.asset_id = ?1) AND "
                     "(?2 IS NULL OR a.office_id = ?2) ORDER BY a.asset_id, a.id");
    s.bind_all(asset_id, office_id);
    std::vector<AppearanceRow> out;
    while (s.executeStep()) out.push_back(appearance_of(s));
    return out;
}

bool seeker_erased(DbImpl& db, Id seeker_id) {
    auto s = db.stmt("SELECT erased_on IS NOT NULL FROM job_seeker WHERE id = ?");
    s.bind_all(seeker_id);
    return s.executeStep() && detail::RowReader(s).get<bool>();
}

void remove_appearance(DbImpl& db, Id id, Date on) {
    db.stmt("UPDATE asset_appearance SET removed_on = ?, updated_at = ? WHERE id = ?")
        .bind_all(on, db.now_us(), id)
        .exec();
}

}  // namespace omilcrm::store
