// The placement reports' rows: the SQL.
#include "store/reports.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::vector<detail::FunnelMonth> funnel_counts(DbImpl& db, Id office_id, Date from, Date to) {
    std::vector<detail::FunnelMonth> out;
    // Each step counted by month in SQL over the period alone (each table has an index on
    // (office_id, date)); the month is the date's first seven characters.
    const auto by_month = [&](const char* sql, auto&& read) {
        auto q = db.stmt(sql);
        q.bind_all(office_id, from, to);
        while (q.executeStep()) {
            detail::RowReader r(q);
            detail::FunnelMonth m;
            m.month = Date::parse(r.get<std::string>() + "-01", "month");
            read(m, r);
            out.push_back(std::move(m));
        }
    };
    by_month(
        "SELECT substr(captured_on, 1, 7), count(*), total(positions) FROM vacancy "
        "WHERE office_id = ? AND captured_on BETWEEN ? AND ? GROUP BY 1",
        [](detail::FunnelMonth& m, detail::RowReader& r) {
            m.vacancies = r.get<std::int64_t>();
            m.positions = static_cast<std::int64_t>(r.get<double>());
        });
    by_month(
        "SELECT substr(referred_on, 1, 7), count(*) FROM referral "
        "WHERE office_id = ? AND referred_on BETWEEN ? AND ? GROUP BY 1",
        [](detail::FunnelMonth& m, detail::RowReader& r) { m.referrals = r.get<std::int64_t>(); });
    // A referral counts once as interviewed, in the month of its first interview; an interview
    // is never recorded before its referral, so referrals made after the period are left out.
    by_month(
        "SELECT substr(first, 1, 7), count(*) FROM ("
        "  SELECT min(e.on_date) AS first FROM referral r JOIN referral_event e ON e.referral_id = r.id "
        "  WHERE r.office_id = ?1 AND r.referred_on <= ?3 AND e.to_stage = 'interview' "
        "  GROUP BY r.id) WHERE first BETWEEN ?2 AND ?3 GROUP BY 1",
        [](detail::FunnelMonth& m, detail::RowReader& r) { m.interviews = r.get<std::int64_t>(); });
    by_month(
        "SELECT substr(start_on, 1, 7), count(*), count(referral_id) FROM placement "
        "WHERE office_id = ? AND start_on BETWEEN ? AND ? GROUP BY 1",
        [](detail::FunnelMonth& m, detail::RowReader& r) {
            m.hires = r.get<std::int64_t>();
            m.hires_from_referrals = r.get<std::int64_t>();
        });
    return out;
}

ClusterMemberships cluster_memberships(DbImpl& db, Id office_id) {
    ClusterMemberships out;
    auto q = db.stmt(
        "SELECT c.id, c.name, m.employer_id, m.joined, m.left_on FROM cluster c LEFT JOIN cluster_member m "
        "ON m.cluster_id = c.id WHERE c.office_id = ? ORDER BY c.id");
    q.bind_all(office_id);
    while (q.executeStep()) {
        detail::RowReader r(q);
        const Id cluster = r.get<Id>();
        std::string name = r.get<std::string>();
        if (out.clusters.empty() || out.clusters.back().id != cluster)
            out.clusters.push_back({.id = cluster, .name = std::move(name)});
        const auto employer = r.get<std::optional<Id>>();
        if (!employer) continue;  // a cluster with no members
        const Date joined = r.get<Date>();
        out.memberships.push_back(
            {.cluster_id = cluster, .employer_id = *employer, .joined = joined, .left = r.get<std::optional<Date>>()});
    }
    return out;
}

}  // namespace omilcrm::store
