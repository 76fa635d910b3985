// Clusters: the SQL.
#include "store/clusters.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kClusterCols =
    "id, uuid, created_at, updated_at, office_id, name, kind, representative_id, meets, notes, revision";

Cluster cluster_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Cluster c;
    c.meta = r.meta();
    c.office_id = r.get<Id>();
    c.name = r.get<std::string>();
    c.kind = parse_enum<ClusterKind>(r.get<std::string>());
    c.representative_id = r.get<std::optional<Id>>();
    if (const auto meets = r.get<std::optional<std::string>>()) c.meets = Recurrence::parse(*meets);
    c.notes = r.get<std::string>();
    c.revision = r.get<int>();
    return c;
}

std::optional<std::string> meets_text(const std::optional<Recurrence>& meets) {
    if (!meets) return std::nullopt;
    return meets->str();
}

std::vector<Id> ids_of(detail::Stmt& s) {
    std::vector<Id> out;
    while (s.executeStep()) out.push_back(detail::RowReader(s).get<Id>());
    return out;
}

}  // namespace

void insert_cluster(DbImpl& db, Cluster& c) {
    static const std::string sql = detail::insert_sql("cluster", {"office_id", "name", "kind", "meets", "notes"});
    detail::insert_record(db, sql, c.meta, c.office_id, c.name, c.kind, meets_text(c.meets), c.notes);
}

std::optional<Cluster> find_cluster(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kClusterCols + " FROM cluster WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return cluster_of(s);
}

std::vector<Cluster> list_clusters(DbImpl& db, Id office_id) {
    auto s = db.stmt(std::string("SELECT ") + kClusterCols + " FROM cluster WHERE office_id = ? ORDER BY name, id");
    s.bind_all(office_id);
    std::vector<Cluster> out;
    while (s.executeStep()) out.push_back(cluster_of(s));
    return out;
}

void set_cluster_representative(DbImpl& db, Id cluster_id, std::optional<Id> contact_id) {
    db.stmt("UPDATE cluster SET representative_id = ?, updated_at = ? WHERE id = ?")
        .bind_all(contact_id, db.now_us(), cluster_id)
        .exec();
}

void set_cluster_meets(DbImpl& db, Id cluster_id, const std::optional<Recurrence>& meets) {
    // Another rhythm is another series of meetings: one revision more (the calendar's SEQUENCE).
    db.stmt("UPDATE cluster SET revision = revision + (meets IS NOT ?1), meets = ?1, updated_at = ?2 WHERE id = ?3")
        .bind_all(meets_text(meets), db.now_us(), cluster_id)
        .exec();
}

void bump_cluster_revisions(DbImpl& db, Id office_id) {
    db.stmt("UPDATE cluster SET revision = revision + 1, updated_at = ? WHERE office_id = ? AND meets IS NOT NULL")
        .bind_all(db.now_us(), office_id)
        .exec();
}

void insert_membership(DbImpl& db, Id cluster_id, Id employer_id, Date joined) {
    static const std::string sql = detail::insert_sql("cluster_member", {"cluster_id", "employer_id", "joined"});
    RecordMeta meta = db.new_meta();
    detail::insert_record(db, sql, meta, cluster_id, employer_id, joined);
}

std::optional<CurrentMembership> current_membership(DbImpl& db, Id cluster_id, Id employer_id) {
    auto s = db.stmt(
        "SELECT id, joined FROM cluster_member WHERE cluster_id = ? AND employer_id = ? AND "
        "left_on IS NULL");
    s.bind_all(cluster_id, employer_id);
    if (!s.executeStep()) return std::nullopt;
    detail::RowReader r(s);
    CurrentMembership m;
    m.row = r.get<Id>();
    m.joined = r.get<Date>();
    return m;
}

void set_membership_left(DbImpl& db, Id row, Date left) {
    db.stmt("UPDATE cluster_member SET left_on = ?, updated_at = ? WHERE id = ?")
        .bind_all(left, db.now_us(), row)
        .exec();
}

std::vector<Id> cluster_members(DbImpl& db, Id cluster_id, Date as_of) {
    auto s = db.stmt(
        "SELECT employer_id FROM cluster_member WHERE cluster_id = ? AND joined <= ? AND "
        "(left_on IS NULL OR left_on > ?) ORDER BY employer_id");
    s.bind_all(cluster_id, as_of, as_of);
    return ids_of(s);
}

std::vector<Membership> list_memberships(DbImpl& db, Id cluster_id) {
    auto s = db.stmt(
        "SELECT cluster_id, employer_id, joined, left_on FROM cluster_member WHERE cluster_id = ? "
        "ORDER BY joined, employer_id");
    s.bind_all(cluster_id);
    std::vector<Membership> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        Membership m;
        m.cluster_id = r.get<Id>();
        m.employer_id = r.get<Id>();
        m.joined = r.get<Date>();
        m.left = r.get<std::optional<Date>>();
        out.push_back(m);
    }
    return out;
}

std::vector<Id> clusters_of_employer(DbImpl& db, Id employer_id, Date as_of) {
    auto s = db.stmt(
        "SELECT cluster_id FROM cluster_member WHERE employer_id = ? AND joined <= ? AND "
        "(left_on IS NULL OR left_on > ?) ORDER BY cluster_id");
    s.bind_all(employer_id, as_of, as_of);
    return ids_of(s);
}

std::vector<MeetingAttendance> cluster_attendance(DbImpl& db, Id cluster_id) {
    auto s = db.stmt(
        "SELECT i.id, i.on_date, a.employer_id, e.legal_name, a.attended FROM interaction i "
        "JOIN interaction_attendance a ON a.interaction_id = i.id JOIN employer e ON e.id = a.employer_id "
        "WHERE i.cluster_id = ? AND i.deleted_at IS NULL ORDER BY i.on_date, i.id, e.legal_name");
    s.bind_all(cluster_id);
    std::vector<MeetingAttendance> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        MeetingAttendance a;
        a.interaction_id = r.get<Id>();
        a.on = r.get<Date>();
        a.employer_id = r.get<Id>();
        a.employer = r.get<std::string>();
        a.attended = r.get<bool>();
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace omilcrm::store
