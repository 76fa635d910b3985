// Clusters of employers: members over time, a representative, a meeting rhythm.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

constexpr const char* kClusterCols =
    "id, uuid, created_at, updated_at, office_id, name, kind, representative_id, meets, notes";

Cluster cluster_of(SQLite::Statement& s) {
    Cluster c;
    c.meta = detail::meta_of(s);
    c.office_id = s.getColumn(4).getInt64();
    c.name = s.getColumn(5).getString();
    c.kind = parse_cluster_kind(s.getColumn(6).getString());
    c.representative_id = detail::opt_id(s.getColumn(7));
    if (!s.getColumn(8).isNull()) c.meets = Recurrence::parse(s.getColumn(8).getString());
    c.notes = s.getColumn(9).getString();
    return c;
}

Membership membership_of(SQLite::Statement& s) {
    Membership m;
    m.cluster_id = s.getColumn(0).getInt64();
    m.employer_id = s.getColumn(1).getInt64();
    m.joined = detail::date_of(s.getColumn(2));
    m.left = detail::opt_date(s.getColumn(3));
    return m;
}

}  // namespace

Cluster Clusters::add(const NewCluster& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, in.office_id);
    Cluster c;
    c.office_id = in.office_id;
    c.name = std::string(detail::trim(in.name));
    if (c.name.empty()) throw ValidationError("name", in.name, "is required");
    c.kind = in.kind;
    c.meets = in.meets;
    c.notes = in.notes;
    c.meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO cluster (uuid, created_at, updated_at, office_id, name, kind, meets, notes) "
        "VALUES (?,?,?,?,?,?,?,?)");
    s.bind(1, c.meta.uuid);
    s.bind(2, c.meta.created_at.time_since_epoch().count());
    s.bind(3, c.meta.updated_at.time_since_epoch().count());
    s.bind(4, static_cast<std::int64_t>(c.office_id));
    s.bind(5, c.name);
    s.bind(6, std::string(to_string(c.kind)));
    if (c.meets) s.bind(7, c.meets->str());
    else s.bind(7);
    s.bind(8, c.notes);
    s.exec();
    c.meta.id = db_->db->getLastInsertRowid();
    return c;
}

Cluster Clusters::get(Id id) const {
    auto s = db_->stmt(std::string("SELECT ") + kClusterCols + " FROM cluster WHERE id = ?");
    s.bind(1, static_cast<std::int64_t>(id));
    if (!s.executeStep()) throw NotFound("cluster", std::to_string(id));
    return cluster_of(s);
}

std::vector<Cluster> Clusters::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(std::string("SELECT ") + kClusterCols +
                        " FROM cluster WHERE office_id = ? ORDER BY name, id");
    s.bind(1, static_cast<std::int64_t>(office_id));
    std::vector<Cluster> out;
    while (s.executeStep()) out.push_back(cluster_of(s));
    return out;
}

Membership Clusters::add_member(Id cluster_id, Id employer_id, Date joined) {
    detail::WriteScope write(*db_);
    const Cluster c = get(cluster_id);
    const Employer e = Employers(*db_).get(employer_id);
    if (e.office_id != c.office_id)
        throw ValidationError("employer", std::to_string(employer_id),
                              "belongs to another office than cluster \"" + c.name + "\"");
    // Overlapping periods are refused: a member cannot join again before leaving.
    for (const auto& m : memberships(cluster_id)) {
        if (m.employer_id != employer_id) continue;
        if (!m.left || joined < *m.left)
            throw Conflict(e.legal_name + " is already a member of " + c.name + " since " +
                           m.joined.iso());
    }
    auto s = db_->stmt(
        "INSERT INTO cluster_member (uuid, created_at, updated_at, cluster_id, employer_id, joined) "
        "VALUES (?,?,?,?,?,?)");
    const auto now = db_->now_us();
    s.bind(1, new_uuid());
    s.bind(2, now);
    s.bind(3, now);
    s.bind(4, static_cast<std::int64_t>(cluster_id));
    s.bind(5, static_cast<std::int64_t>(employer_id));
    s.bind(6, joined.iso());
    s.exec();
    return {cluster_id, employer_id, joined, std::nullopt};
}

Membership Clusters::remove_member(Id cluster_id, Id employer_id, Date left) {
    detail::WriteScope write(*db_);
    const Cluster c = get(cluster_id);
    auto q = db_->stmt(
        "SELECT id, joined FROM cluster_member WHERE cluster_id = ? AND employer_id = ? AND "
        "left_on IS NULL");
    q.bind(1, static_cast<std::int64_t>(cluster_id));
    q.bind(2, static_cast<std::int64_t>(employer_id));
    if (!q.executeStep())
        throw NotFound("current member of " + c.name + ": employer", std::to_string(employer_id));
    const Id row = q.getColumn(0).getInt64();
    const Date joined = detail::date_of(q.getColumn(1));
    if (left <= joined)
        throw ValidationError("left", left.iso(), "must be after the day the employer joined (" +
                                                      joined.iso() + ")");
    auto s = db_->stmt("UPDATE cluster_member SET left_on = ?, updated_at = ? WHERE id = ?");
    s.bind(1, left.iso());
    s.bind(2, db_->now_us());
    s.bind(3, static_cast<std::int64_t>(row));
    s.exec();
    // A representative whose company left no longer speaks for the cluster.
    if (c.representative_id) {
        const Contact rep = Contacts(*db_).get(*c.representative_id);
        if (rep.employer_id == employer_id) {
            auto r = db_->stmt("UPDATE cluster SET representative_id = NULL, updated_at = ? WHERE id = ?");
            r.bind(1, db_->now_us());
            r.bind(2, static_cast<std::int64_t>(cluster_id));
            r.exec();
        }
    }
    return {cluster_id, employer_id, joined, left};
}

std::vector<Id> Clusters::members(Id cluster_id, Date as_of) const {
    auto s = db_->stmt(
        "SELECT employer_id FROM cluster_member WHERE cluster_id = ? AND joined <= ? AND "
        "(left_on IS NULL OR left_on > ?) ORDER BY employer_id");
    const auto d = as_of.iso();
    s.bind(1, static_cast<std::int64_t>(cluster_id));
    s.bind(2, d);
    s.bind(3, d);
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
    return out;
}

std::vector<Membership> Clusters::memberships(Id cluster_id) const {
    auto s = db_->stmt(
        "SELECT cluster_id, employer_id, joined, left_on FROM cluster_member WHERE cluster_id = ? "
        "ORDER BY joined, employer_id");
    s.bind(1, static_cast<std::int64_t>(cluster_id));
    std::vector<Membership> out;
    while (s.executeStep()) out.push_back(membership_of(s));
    return out;
}

std::vector<Id> Clusters::clusters_of(Id employer_id, Date as_of) const {
    auto s = db_->stmt(
        "SELECT cluster_id FROM cluster_member WHERE employer_id = ? AND joined <= ? AND "
        "(left_on IS NULL OR left_on > ?) ORDER BY cluster_id");
    const auto d = as_of.iso();
    s.bind(1, static_cast<std::int64_t>(employer_id));
    s.bind(2, d);
    s.bind(3, d);
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(s.getColumn(0).getInt64());
    return out;
}

Cluster Clusters::set_representative(Id cluster_id, Id contact_id) {
    detail::WriteScope write(*db_);
    const Cluster c = get(cluster_id);
    const Contact contact = Contacts(*db_).get(contact_id);
    auto q = db_->stmt(
        "SELECT 1 FROM cluster_member WHERE cluster_id = ? AND employer_id = ? AND left_on IS NULL");
    q.bind(1, static_cast<std::int64_t>(cluster_id));
    q.bind(2, static_cast<std::int64_t>(contact.employer_id));
    if (!q.executeStep())
        throw ValidationError("representative", std::to_string(contact_id),
                              contact.name + " works for an employer that is not a member of " + c.name);
    auto s = db_->stmt("UPDATE cluster SET representative_id = ?, updated_at = ? WHERE id = ?");
    s.bind(1, static_cast<std::int64_t>(contact_id));
    s.bind(2, db_->now_us());
    s.bind(3, static_cast<std::int64_t>(cluster_id));
    s.exec();
    return get(cluster_id);
}

Cluster Clusters::set_meets(Id cluster_id, std::optional<Recurrence> meets) {
    detail::WriteScope write(*db_);
    get(cluster_id);
    auto s = db_->stmt("UPDATE cluster SET meets = ?, updated_at = ? WHERE id = ?");
    if (meets) s.bind(1, meets->str());
    else s.bind(1);
    s.bind(2, db_->now_us());
    s.bind(3, static_cast<std::int64_t>(cluster_id));
    s.exec();
    return get(cluster_id);
}

std::vector<Date> Clusters::meetings(Id cluster_id, Date from, Date to) const {
    const Cluster c = get(cluster_id);
    if (!c.meets) return {};
    return c.meets->occurrences(from, to);
}

}  // namespace omilcrm
