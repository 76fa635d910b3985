// The placement reports' rows: the SQL.
#include "store/reports.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

std::vector<detail::FunnelMonth> funnel_counts(DbImpl& db, Id office_id, Date from, Date to) {
    std::vector<detail::FunnelMonth> out;
    const std::string first = from.iso(), last = to.iso();
    // Each step's rows of the period come in date order from an index on (office_id, date) that
    // holds every column read (schema 21: no table row is visited), and are counted by month as
    // they stream past: a GROUP BY in SQL first sorted them all in a temporary B-tree, which cost
    // more than the reading. The month is the date's first seven characters.
    const auto by_month = [&](const char* sql, auto&& count) {
        detail::RawStmt q(db, sql);
        q.bind(1, office_id);
        q.bind(2, first);
        q.bind(3, last);
        std::string month;  // "YYYY-MM" of out.back() while this step runs
        while (q.step()) {
            const std::string_view m = q.text(0).substr(0, 7);
            if (m != month) {
                month.assign(m);
                out.push_back({.month = Date::parse(month + "-01", "month")});
            }
            count(out.back(), q);
        }
    };
    by_month(
        "SELECT captured_on, positions FROM vacancy "
        "WHERE office_id = ?1 AND captured_on BETWEEN ?2 AND ?3 ORDER BY captured_on",
        [](detail::FunnelMonth& m, detail::RawStmt& q) {
            ++m.vacancies;
            m.positions += q.int64(1);
        });
    by_month(
        "SELECT referred_on FROM referral WHERE office_id = ?1 AND referred_on BETWEEN ?2 AND ?3 "
        "ORDER BY referred_on",
        [](detail::FunnelMonth& m, detail::RawStmt&) { ++m.referrals; });
    // A referral counts once as interviewed, in the month of its first interview
    // (referral.interviewed_on, kept from its events by a trigger).
    by_month(
        "SELECT interviewed_on FROM referral WHERE office_id = ?1 AND interviewed_on BETWEEN ?2 AND ?3 "
        "ORDER BY interviewed_on",
        [](detail::FunnelMonth& m, detail::RawStmt&) { ++m.interviews; });
    by_month(
        "SELECT start_on, referral_id IS NOT NULL FROM placement "
        "WHERE office_id = ?1 AND start_on BETWEEN ?2 AND ?3 ORDER BY start_on",
        [](detail::FunnelMonth& m, detail::RawStmt& q) {
            ++m.hires;
            m.hires_from_referrals += q.int64(1);
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
