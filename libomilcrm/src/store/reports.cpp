// The placement reports' rows: the SQL.
#include "store/reports.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::vector<detail::FunnelMonth> funnel_counts(DbImpl& db, Id office_id, Date from, Date to) {
    // Each month of the period is one range of each step's index on (office_id, date), which
    // holds every column counted (schema 21), so each count is one index range and nothing is
    // sorted. Grouping the period's rows by month in SQL sorted them all in a temporary B-tree
    // first; streaming them out to count in C++ paid a step per row. A referral counts once as
    // interviewed, in the month of its first interview (referral.interviewed_on, kept from its
    // events by a trigger).
    static const char* sql =
        "WITH RECURSIVE months(m) AS (SELECT date(?2, 'start of month') UNION ALL "
        "  SELECT date(m, '+1 month') FROM months WHERE date(m, '+1 month') <= ?3), "
        "b AS (SELECT m, max(m, ?2) AS lo, min(date(m, '+1 month', '-1 day'), ?3) AS hi FROM months) "
        "SELECT m, "
        " (SELECT count(*) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN lo AND hi), "
        " (SELECT total(positions) FROM vacancy WHERE office_id = ?1 AND captured_on BETWEEN lo AND hi), "
        " (SELECT count(*) FROM referral WHERE office_id = ?1 AND referred_on BETWEEN lo AND hi), "
        " (SELECT count(*) FROM referral WHERE office_id = ?1 AND interviewed_on BETWEEN lo AND hi), "
        " (SELECT count(*) FROM placement WHERE office_id = ?1 AND start_on BETWEEN lo AND hi), "
        " (SELECT count(referral_id) FROM placement WHERE office_id = ?1 AND start_on BETWEEN lo AND hi) "
        "FROM b ORDER BY m";
    std::vector<detail::FunnelMonth> out;
    auto q = db.stmt(sql);
    q.bind_all(office_id, from, to);
    while (q.executeStep()) {
        detail::RowReader r(q);
        detail::FunnelMonth m;
        m.month = r.get<Date>();
        m.vacancies = r.get<std::int64_t>();
        m.positions = static_cast<std::int64_t>(r.get<double>());
        m.referrals = r.get<std::int64_t>();
        m.interviews = r.get<std::int64_t>();
        m.hires = r.get<std::int64_t>();
        m.hires_from_referrals = r.get<std::int64_t>();
        out.push_back(m);
    }
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
