// Partner institutions and their activity: the SQL.
#include "store/partners.hpp"

#include "omilcrm/error.hpp"
#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kPartnerCols =
    "id, uuid, created_at, updated_at, office_id, name, kind, contact_name, email, phone, commune, notes";

Partner partner_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Partner p;
    p.meta = r.meta();
    p.office_id = r.get<Id>();
    p.name = r.get<std::string>();
    p.kind = parse_enum<PartnerKind>(r.get<std::string>());
    p.contact_name = r.get<std::string>();
    p.email = r.get<std::string>();
    p.phone = r.get<std::string>();
    p.commune = r.get<std::string>();
    p.notes = r.get<std::string>();
    return p;
}

std::vector<Id> ids_of(SQLite::Statement& s) {
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(detail::RowReader(s).get<Id>());
    return out;
}

}  // namespace

std::optional<Id> partner_named(DbImpl& db, Id office_id, const std::string& name) {
    auto s = db.stmt("SELECT id FROM partner WHERE office_id = ? AND name = ?");
    s.bind_all(office_id, name);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<Id>();
}

void insert_partner(DbImpl& db, Partner& p) {
    if (partner_named(db, p.office_id, p.name))
        throw Conflict("the office already has a partner named \"" + p.name + "\"");
    static const std::string sql = detail::insert_sql(
        "partner", {"office_id", "name", "kind", "contact_name", "email", "phone", "commune", "notes", "actor"});
    detail::insert_record(db, sql, p.meta, p.office_id, p.name, p.kind, p.contact_name, p.email, p.phone, p.commune,
                          p.notes, detail::actor_column(db));
}

std::optional<Partner> find_partner(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kPartnerCols + " FROM partner WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return partner_of(s);
}

std::vector<Partner> list_partners(DbImpl& db, Id office_id, std::optional<PartnerKind> kind) {
    auto s = db.stmt(std::string("SELECT ") + kPartnerCols +
                     " FROM partner WHERE office_id = ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY name, id");
    s.bind_all(office_id, kind ? std::optional<std::string>(std::string(to_string(*kind))) : std::nullopt);
    std::vector<Partner> out;
    while (s.executeStep()) out.push_back(partner_of(s));
    return out;
}

void update_partner(DbImpl& db, const Partner& p) {
    if (const auto other = partner_named(db, p.office_id, p.name); other && *other != p.meta.id)
        throw Conflict("the office already has a partner named \"" + p.name + "\" (partner " + std::to_string(*other) +
                       ")");
    db.stmt(
          "UPDATE partner SET name = ?, kind = ?, contact_name = ?, email = ?, phone = ?, commune = ?, notes = ?, "
          "updated_at = ? WHERE id = ?")
        .bind_all(p.name, p.kind, p.contact_name, p.email, p.phone, p.commune, p.notes, db.now_us(), p.meta.id)
        .exec();
}

std::vector<Id> partner_event_ids(DbImpl& db, Id partner_id) {
    auto s = db.stmt(
        "SELECT e.id FROM event e JOIN event_partner g ON g.event_id = e.id WHERE g.partner_id = ? "
        "ORDER BY e.on_date, e.id");
    s.bind_all(partner_id);
    return ids_of(s);
}

std::vector<Id> partner_interaction_ids(DbImpl& db, Id partner_id, std::optional<Date> from, std::optional<Date> to) {
    auto s = db.stmt(
        "SELECT i.id FROM interaction i WHERE i.deleted_at IS NULL AND (?2 IS NULL OR i.on_date >= ?2) AND "
        "(?3 IS NULL OR i.on_date <= ?3) AND i.id IN (SELECT interaction_id FROM interaction_participant "
        "WHERE partner_id = ?1) ORDER BY i.on_date DESC, i.id DESC");
    s.bind_all(partner_id, from, to);
    return ids_of(s);
}

std::unordered_map<Id, PartnerCounts> partner_counts(DbImpl& db, Id office_id, Date from, Date to) {
    std::unordered_map<Id, PartnerCounts> out;
    {
        auto q = db.stmt(
            "SELECT g.partner_id, sum(g.co_host), sum(g.invited), sum(g.attended) FROM event_partner g "
            "JOIN event e ON e.id = g.event_id JOIN partner p ON p.id = g.partner_id "
            "WHERE p.office_id = ? AND e.on_date BETWEEN ? AND ? GROUP BY g.partner_id");
        q.bind_all(office_id, from, to);
        while (q.executeStep()) {
            detail::RowReader r(q);
            PartnerCounts& c = out[r.get<Id>()];
            c.co_hosted = r.get<std::int64_t>();
            c.invited = r.get<std::int64_t>();
            c.attended = r.get<std::int64_t>();
        }
    }
    {
        auto q = db.stmt(
            "SELECT g.partner_id, count(*) FROM showing_partner g JOIN showing s ON s.id = g.showing_id "
            "JOIN partner p ON p.id = g.partner_id WHERE p.office_id = ? AND s.on_date BETWEEN ? AND ? "
            "GROUP BY g.partner_id");
        q.bind_all(office_id, from, to);
        while (q.executeStep()) {
            detail::RowReader r(q);
            const Id partner = r.get<Id>();  // read in column order, before the count
            out[partner].showings = r.get<std::int64_t>();
        }
    }
    {
        auto q = db.stmt(
            "SELECT x.partner_id, count(DISTINCT x.interaction_id) FROM interaction_participant x "
            "JOIN interaction i ON i.id = x.interaction_id JOIN partner p ON p.id = x.partner_id "
            "WHERE p.office_id = ? AND i.deleted_at IS NULL AND i.on_date BETWEEN ? AND ? GROUP BY x.partner_id");
        q.bind_all(office_id, from, to);
        while (q.executeStep()) {
            detail::RowReader r(q);
            const Id partner = r.get<Id>();
            out[partner].interactions = r.get<std::int64_t>();
        }
    }
    return out;
}

}  // namespace omilcrm::store
