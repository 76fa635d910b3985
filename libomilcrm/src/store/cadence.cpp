// Contact cadence: the SQL.
#include "store/cadence.hpp"

#include <cstdint>

#include "omilcrm/rut.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm::store {

namespace {

// A policy's kinds as stored: "visit,phone_call" ("" for every kind).
std::string kinds_text(const std::vector<InteractionKind>& kinds) {
    std::string out;
    for (auto k : kinds) {
        if (!out.empty()) out += ',';
        out += to_string(k);
    }
    return out;
}

std::vector<InteractionKind> kinds_of(const std::string& text) {
    std::vector<InteractionKind> out;
    for (auto part : detail::split(text, ','))
        if (!detail::trim(part).empty()) out.push_back(parse_enum<InteractionKind>(part));
    return out;
}

// The due list needs, per employer, only the latest contact on or before the day of a kind its
// policy counts: SQLite reduces the log to that, so the answer's cost follows the office's
// employers, not its years of history. Employers are grouped by what their policy counts (the
// policy is known before any contact is read: applicable_policy() needs only the employer's
// facts), and each group is one statement over the group's employers, passed as a JSON array
// (?3). due_list() gives the same result from these as from every contact.
std::string latest_contacts_sql(const std::vector<InteractionKind>& kinds) {
    if (kinds.empty())
        // Every kind counts: the employer's latest interaction, one backward step of
        // interaction_employer (employer, day) from the day (further only past removed rows).
        return "SELECT g.value, i.on_date, i.kind FROM json_each(?3) g JOIN interaction i ON i.id = ("
               "SELECT id FROM interaction INDEXED BY interaction_employer WHERE employer_id = g.value "
               "AND on_date <= ?2 AND office_id = ?1 AND deleted_at IS NULL ORDER BY on_date DESC LIMIT 1)";
    // Some kinds count: one descent of the partial index interaction_latest (schema v7) per employer
    // and kind, which holds exactly these rows in this order: a max() with every column before
    // on_date fixed is read from the index's edge, so the history behind it is never walked.
    // Named, because without statistics SQLite would rather range-scan by date.
    std::string values;
    for (auto k : kinds) values += std::string(values.empty() ? "" : ",") + "('" + std::string(to_string(k)) + "')";
    return "SELECT employer_id, last, kind FROM (SELECT g.value AS employer_id, k.column1 AS kind, "
           "(SELECT max(i.on_date) FROM interaction i INDEXED BY interaction_latest WHERE i.office_id = ?1 "
           "AND i.employer_id = g.value AND i.kind = k.column1 AND i.on_date <= ?2 AND i.deleted_at IS NULL "
           "AND i.employer_id IS NOT NULL) AS last "
           "FROM json_each(?3) g CROSS JOIN (VALUES " +
           values + ") k) WHERE last IS NOT NULL";
}

// Every meeting attended up to the day; latest_contacts() keeps the latest per employer and kind
// (a GROUP BY would sort them all first, at four times the cost of reading them).
const std::string kAttendedSql = std::string("SELECT a.employer_id, i.on_date, i.kind FROM ") +
                                 detail::kMeetingAttendance +
                                 " WHERE c.office_id = ?1 AND i.office_id = ?1 AND a.attended = 1 "
                                 "AND i.deleted_at IS NULL AND i.on_date <= ?2";

}  // namespace

void insert_cadence_policy(DbImpl& db, CadencePolicy& p, RecordMeta meta) {
    static const std::string sql = detail::insert_sql(
        "cadence_policy",
        {"office_id", "track", "scope", "cluster_id", "employer_id", "segment", "interval_days", "kinds", "name"});
    const auto scoped = [&](PolicyScope s) { return p.scope == s ? std::optional<Id>(p.scope_id) : std::nullopt; };
    p.id =
        detail::insert_record(db, sql, meta, p.office_id, p.track, p.scope, scoped(PolicyScope::Cluster),
                              scoped(PolicyScope::Employer), p.segment, p.interval_days, kinds_text(p.kinds), p.name);
}

bool retire_cadence_policy(DbImpl& db, Id policy_id) {
    db.stmt("UPDATE cadence_policy SET retired_at = ?, updated_at = ? WHERE id = ? AND retired_at IS NULL")
        .bind_all(db.now_us(), db.now_us(), policy_id)
        .exec();
    return db.conn().getChanges() != 0;
}

bool cadence_policy_exists(DbImpl& db, Id policy_id) {
    auto s = db.stmt("SELECT 1 FROM cadence_policy WHERE id = ?");
    s.bind_all(policy_id);
    return s.executeStep();
}

std::vector<CadencePolicy> list_cadence_policies(DbImpl& db, Id office_id) {
    auto s = db.stmt(
        "SELECT id, office_id, track, scope, cluster_id, employer_id, segment, interval_days, kinds, name "
        "FROM cadence_policy WHERE office_id = ? AND retired_at IS NULL ORDER BY id");
    s.bind_all(office_id);
    std::vector<CadencePolicy> out;
    while (s.executeStep()) {
        detail::RowReader r(s);
        CadencePolicy p;
        p.id = r.get<Id>();
        p.office_id = r.get<Id>();
        p.track = r.get<std::string>();
        p.scope = parse_enum<PolicyScope>(r.get<std::string>());
        if (const auto cluster = r.get<std::optional<Id>>()) p.scope_id = *cluster;
        if (const auto employer = r.get<std::optional<Id>>()) p.scope_id = *employer;
        p.segment = r.get<std::string>();
        p.interval_days = r.get<int>();
        p.kinds = kinds_of(r.get<std::string>());
        p.name = r.get<std::string>();
        out.push_back(std::move(p));
    }
    return out;
}

CadenceEmployers cadence_employers(DbImpl& db, Id office_id) {
    CadenceEmployers out;
    std::unordered_map<Id, std::size_t> index;
    auto e = db.stmt(
        "SELECT e.id, e.owner_id, e.segment, "
        " (SELECT min(o.from_date) FROM employer_owner o WHERE o.employer_id = e.id), e.legal_name, e.rut "
        "FROM employer e WHERE e.office_id = ? AND e.status <> 'inactive' AND e.merged_into IS NULL ORDER BY e.id");
    e.bind_all(office_id);
    while (e.executeStep()) {
        detail::RowReader r(e);
        cadence::EmployerFacts x;
        x.employer_id = r.get<Id>();
        x.owner_id = r.get<Id>();
        x.segment = r.get<std::string>();
        x.added = r.get<Date>();  // the first ownership period's start
        auto name = r.get<std::string>();
        auto rut = Rut(r.get<std::string>()).str();
        index[x.employer_id] = out.facts.size();
        out.names[x.employer_id] = {std::move(name), std::move(rut)};
        out.facts.push_back(std::move(x));
    }
    auto m = db.stmt(
        "SELECT m.cluster_id, m.employer_id, m.joined, m.left_on FROM cluster_member m "
        "JOIN cluster c ON c.id = m.cluster_id WHERE c.office_id = ?");
    m.bind_all(office_id);
    while (m.executeStep()) {
        detail::RowReader r(m);
        Membership x;
        x.cluster_id = r.get<Id>();
        x.employer_id = r.get<Id>();
        auto it = index.find(x.employer_id);
        if (it == index.end()) continue;
        x.joined = r.get<Date>();
        x.left = r.get<std::optional<Date>>();
        out.facts[it->second].memberships.push_back(x);
    }
    return out;
}

std::vector<cadence::ContactEvent> latest_contacts(DbImpl& db, Id office_id, Date day, const ContactGroups& groups) {
    const std::string on = day.iso();
    std::vector<cadence::ContactEvent> out;
    for (const auto& [kinds, ids] : groups) {
        if (ids.empty()) continue;
        detail::RawStmt s(db, latest_contacts_sql(kinds));
        s.bind(1, office_id);
        s.bind(2, on);
        s.bind(3, detail::json_ids(ids));
        while (s.step()) out.push_back({s.int64(0), Date::parse(s.text(1)), parse_enum<InteractionKind>(s.text(2))});
    }
    std::unordered_map<std::uint64_t, std::size_t> latest;  // (employer, kind) -> its event in out
    detail::RawStmt s(db, kAttendedSql);
    s.bind(1, office_id);
    s.bind(2, on);
    while (s.step()) {
        const cadence::ContactEvent e{s.int64(0), Date::parse(s.text(1)), parse_enum<InteractionKind>(s.text(2))};
        const auto key = static_cast<std::uint64_t>(e.employer_id) * 16 + static_cast<std::uint64_t>(e.kind);
        const auto [it, added] = latest.try_emplace(key, out.size());
        if (added) out.push_back(e);
        else if (out[it->second].on < e.on) out[it->second].on = e.on;
    }
    return out;
}

}  // namespace omilcrm::store
