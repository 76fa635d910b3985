// Cadence policies, the due list and compliance, over the stored data. The decisions are the
// pure functions of omilcrm::cadence.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "checks.hpp"
#include "store/sqlite.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {


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
        if (!detail::trim(part).empty()) out.push_back(parse_interaction_kind(part));
    return out;
}

struct OfficeFacts {
    std::vector<cadence::EmployerFacts> employers;
    std::vector<cadence::ContactEvent> contacts;
    std::vector<CadencePolicy> policies;
    std::unordered_map<Id, std::pair<std::string, std::string>> names;  // employer -> (name, rut)
};

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
           "FROM json_each(?3) g CROSS JOIN (VALUES " + values + ") k) WHERE last IS NOT NULL";
}

// Every meeting attended up to the day; latest_contacts() keeps the latest per employer and kind
// (a GROUP BY would sort them all first, at four times the cost of reading them).
const std::string kAttendedSql = std::string("SELECT a.employer_id, i.on_date, i.kind FROM ") +
                                 detail::kMeetingAttendance +
                                 " WHERE c.office_id = ?1 AND i.office_id = ?1 AND a.attended = 1 "
                                 "AND i.deleted_at IS NULL AND i.on_date <= ?2";

std::vector<cadence::ContactEvent> latest_contacts(detail::DbImpl& db, Id office_id, Date day,
                                                   const std::vector<cadence::EmployerFacts>& employers,
                                                   const std::vector<CadencePolicy>& policies,
                                                   const std::string& track) {
    const std::string on = day.iso();
    std::map<std::vector<InteractionKind>, std::string> groups;  // kinds counted -> "[employer ids]"
    for (const auto& e : employers) {
        if (e.added > day) continue;  // as due_list() skips them
        const CadencePolicy* p = cadence::applicable_policy(e, policies, track, day);
        if (!p) continue;
        std::string& ids = groups[p->kinds];
        ids += ids.empty() ? '[' : ',';
        ids += std::to_string(e.employer_id);
    }
    std::vector<cadence::ContactEvent> out;
    for (auto& [kinds, ids] : groups) {
        ids += ']';
        detail::RawStmt s(db, latest_contacts_sql(kinds));
        s.bind(1, office_id);
        s.bind(2, on);
        s.bind(3, ids);
        while (s.step()) out.push_back({s.int64(0), Date::parse(s.text(1)), parse_interaction_kind(s.text(2))});
    }
    std::unordered_map<std::uint64_t, std::size_t> latest;  // (employer, kind) -> its event in out
    detail::RawStmt s(db, kAttendedSql);
    s.bind(1, office_id);
    s.bind(2, on);
    while (s.step()) {
        const cadence::ContactEvent e{s.int64(0), Date::parse(s.text(1)), parse_interaction_kind(s.text(2))};
        const auto key = static_cast<std::uint64_t>(e.employer_id) * 16 + static_cast<std::uint64_t>(e.kind);
        const auto [it, added] = latest.try_emplace(key, out.size());
        if (added) out.push_back(e);
        else if (out[it->second].on < e.on) out[it->second].on = e.on;
    }
    return out;
}

// Everything the cadence engine needs for one office, in four queries. With `due_on`, only the
// latest contacts up to that day (enough for the due list); without, the whole log.
OfficeFacts load_facts(detail::DbImpl& db, Id office_id, const std::string& track,
                       std::optional<Date> due_on = std::nullopt) {
    OfficeFacts f;
    std::unordered_map<Id, std::size_t> index;
    auto e = db.stmt(
        "SELECT e.id, e.owner_id, e.segment, "
        " (SELECT min(o.from_date) FROM employer_owner o WHERE o.employer_id = e.id), e.legal_name, e.rut "
        "FROM employer e WHERE e.office_id = ? AND e.status <> 'inactive' ORDER BY e.id");
    e.bind(1, office_id);
    while (e.executeStep()) {
        cadence::EmployerFacts x;
        x.employer_id = e.getColumn(0).getInt64();
        x.owner_id = e.getColumn(1).getInt64();
        x.segment = e.getColumn(2).getString();
        x.added = detail::date_of(e.getColumn(3));  // the first ownership period's start
        index[x.employer_id] = f.employers.size();
        f.names[x.employer_id] = {e.getColumn(4).getString(), Rut(e.getColumn(5).getString()).str()};
        f.employers.push_back(std::move(x));
    }
    auto m = db.stmt(
        "SELECT m.cluster_id, m.employer_id, m.joined, m.left_on FROM cluster_member m "
        "JOIN cluster c ON c.id = m.cluster_id WHERE c.office_id = ?");
    m.bind(1, office_id);
    while (m.executeStep()) {
        auto it = index.find(m.getColumn(1).getInt64());
        if (it == index.end()) continue;
        f.employers[it->second].memberships.push_back({m.getColumn(0).getInt64(), m.getColumn(1).getInt64(),
                                                       detail::date_of(m.getColumn(2)),
                                                       detail::opt_date(m.getColumn(3))});
    }
    f.policies = Cadence(db).policies(office_id);
    f.policies.erase(std::remove_if(f.policies.begin(), f.policies.end(),
                                    [&](const CadencePolicy& p) { return p.track != track; }),
                     f.policies.end());
    f.contacts = due_on ? latest_contacts(db, office_id, *due_on, f.employers, f.policies, track)
                        : Interactions(db).contact_events(office_id);
    return f;
}

}  // namespace

CadencePolicy Cadence::add_policy(const NewCadencePolicy& in) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, in.office_id);
    CadencePolicy p;
    p.office_id = in.office_id;
    p.track = std::string(detail::trim(in.track));
    if (p.track.empty()) throw ValidationError("track", in.track, "is required (e.g. contact or visit)");
    p.scope = in.scope;
    p.interval_days = in.interval_days;
    if (p.interval_days < 1 || p.interval_days > 3660)
        throw ValidationError("interval_days", std::to_string(in.interval_days), "must be between 1 and 3660");
    p.kinds = in.kinds;
    p.name = std::string(detail::trim(in.name));
    switch (p.scope) {
        case PolicyScope::Office: break;
        case PolicyScope::Cluster:
            if (Clusters(*db_).get(in.scope_id).office_id != in.office_id)
                throw ValidationError("cluster", std::to_string(in.scope_id), "belongs to another office");
            p.scope_id = in.scope_id;
            break;
        case PolicyScope::Employer:
            if (Employers(*db_).get(in.scope_id).office_id != in.office_id)
                throw ValidationError("employer", std::to_string(in.scope_id), "belongs to another office");
            p.scope_id = in.scope_id;
            break;
        case PolicyScope::Segment:
            p.segment = std::string(detail::trim(in.segment));
            if (p.segment.empty()) throw ValidationError("segment", in.segment, "is required for a segment policy");
            break;
    }
    if (p.name.empty()) {
        p.name = p.track + " every " + std::to_string(p.interval_days) + " days (" +
                 std::string(to_string(p.scope)) + (p.segment.empty() ? "" : " " + p.segment) + ")";
    }
    const RecordMeta meta = db_->new_meta();
    auto s = db_->stmt(
        "INSERT INTO cadence_policy (uuid, created_at, updated_at, office_id, track, scope, cluster_id, "
        "employer_id, segment, interval_days, kinds, name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, meta.uuid);
    s.bind(2, meta.created_at.time_since_epoch().count());
    s.bind(3, meta.updated_at.time_since_epoch().count());
    s.bind(4, p.office_id);
    s.bind(5, p.track);
    s.bind(6, std::string(to_string(p.scope)));
    if (p.scope == PolicyScope::Cluster) s.bind(7, p.scope_id);
    else s.bind(7);
    if (p.scope == PolicyScope::Employer) s.bind(8, p.scope_id);
    else s.bind(8);
    s.bind(9, p.segment);
    s.bind(10, p.interval_days);
    s.bind(11, kinds_text(p.kinds));
    s.bind(12, p.name);
    s.exec();
    p.id = db_->db->getLastInsertRowid();
    return p;
}

void Cadence::retire_policy(Id policy_id) {
    detail::WriteScope write(*db_);
    auto s = db_->stmt("UPDATE cadence_policy SET retired_at = ?, updated_at = ? WHERE id = ? AND retired_at IS NULL");
    s.bind(1, db_->now_us());
    s.bind(2, db_->now_us());
    s.bind(3, policy_id);
    s.exec();
    if (db_->db->getChanges() == 0) {
        auto q = db_->stmt("SELECT 1 FROM cadence_policy WHERE id = ?");
        q.bind(1, policy_id);
        if (!q.executeStep()) throw NotFound("cadence policy", std::to_string(policy_id));
    }
}

std::vector<CadencePolicy> Cadence::policies(Id office_id) const {
    detail::check_office(*db_, office_id);
    auto s = db_->stmt(
        "SELECT id, office_id, track, scope, cluster_id, employer_id, segment, interval_days, kinds, name "
        "FROM cadence_policy WHERE office_id = ? AND retired_at IS NULL ORDER BY id");
    s.bind(1, office_id);
    std::vector<CadencePolicy> out;
    while (s.executeStep()) {
        CadencePolicy p;
        p.id = s.getColumn(0).getInt64();
        p.office_id = s.getColumn(1).getInt64();
        p.track = s.getColumn(2).getString();
        p.scope = parse_policy_scope(s.getColumn(3).getString());
        if (!s.getColumn(4).isNull()) p.scope_id = s.getColumn(4).getInt64();
        if (!s.getColumn(5).isNull()) p.scope_id = s.getColumn(5).getInt64();
        p.segment = s.getColumn(6).getString();
        p.interval_days = s.getColumn(7).getInt();
        p.kinds = kinds_of(s.getColumn(8).getString());
        p.name = s.getColumn(9).getString();
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<cadence::DueItem> Cadence::due(Id office_id, Date day, const DueOptions& o) const {
    detail::check_office(*db_, office_id);
    detail::check_not_negative("within_days", o.within_days);  // before reading the log
    const OfficeFacts f = load_facts(*db_, office_id, o.track, day);
    auto items = cadence::due_list(f.employers, f.contacts, f.policies, o.track, day, o.within_days);
    if (o.staff_id)
        items.erase(std::remove_if(items.begin(), items.end(),
                                   [&](const cadence::DueItem& d) { return d.owner_id != *o.staff_id; }),
                    items.end());
    return items;
}

Table Cadence::due_table(Id office_id, Date day, const DueOptions& o) const {
    detail::check_office(*db_, office_id);
    detail::check_not_negative("within_days", o.within_days);  // before reading the log
    const OfficeFacts f = load_facts(*db_, office_id, o.track, day);
    auto items = cadence::due_list(f.employers, f.contacts, f.policies, o.track, day, o.within_days);
    std::unordered_map<Id, std::string> staff_names;
    for (const auto& s : Staff(*db_).list(office_id)) staff_names[s.meta.id] = s.name;
    Table t;
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& rut = t.add_column("rut", ColumnType::Text);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& owner_id = t.add_column("owner_id", ColumnType::Int);
    auto& owner = t.add_column("owner", ColumnType::Text);
    auto& last = t.add_column("last_contact", ColumnType::Date);
    auto& due = t.add_column("due", ColumnType::Date);
    auto& overdue = t.add_column("days_overdue", ColumnType::Int);
    auto& interval = t.add_column("interval_days", ColumnType::Int);
    auto& scope = t.add_column("policy_scope", ColumnType::Text);
    auto& policy = t.add_column("policy", ColumnType::Text);
    for (const auto& d : items) {
        if (o.staff_id && d.owner_id != *o.staff_id) continue;
        employer_id.push_int(d.employer_id);
        const auto& n = f.names.at(d.employer_id);
        rut.push_text(n.second);
        employer.push_text(n.first);
        owner_id.push_int(d.owner_id);
        owner.push_text(staff_names[d.owner_id]);
        if (d.last_contact) last.push_int(d.last_contact->days());
        else last.push_null();
        due.push_int(d.due.days());
        overdue.push_int(d.days_overdue);
        interval.push_int(d.interval_days);
        scope.push_text(std::string(to_string(d.scope)));
        policy.push_text(d.policy_name);
    }
    return t;
}

std::vector<ComplianceRow> Cadence::compliance(Id office_id, Date from, Date to, const std::string& track) const {
    if (to < from) throw ValidationError("to", to.iso(), "is before from (" + from.iso() + ")");
    const Office office = Offices(*db_).get(office_id);
    // Days after today are not judged: a contact not yet made on a day that has not come is not
    // a missed one.
    const std::optional<Date> judged = judged_to(from, to, db_->today());
    ComplianceRow all{"office", office_id, office.name};
    all.judged_to = judged;
    if (!judged) return {all};  // the period has not begun
    const Date end = *judged;
    const OfficeFacts f = load_facts(*db_, office_id, track);
    std::unordered_map<Id, std::vector<cadence::ContactEvent>> by_employer;
    for (const auto& c : f.contacts) by_employer[c.employer_id].push_back(c);
    static const std::vector<cadence::ContactEvent> none;

    std::map<Id, ComplianceRow> by_staff, by_cluster;
    for (const auto& s : Staff(*db_).list(office_id))
        by_staff[s.meta.id] = {"staff", s.meta.id, s.name, 0, 0, judged};
    for (const auto& c : Clusters(*db_).list(office_id))
        by_cluster[c.meta.id] = {"cluster", c.meta.id, c.name, 0, 0, judged};
    for (const auto& e : f.employers) {
        if (e.added > end) continue;
        // Only employers that some policy covers during the period are judged.
        bool covered = false;
        for (Date d = std::max(from, e.added); d <= end && !covered; d = d.add_days(1))
            covered = cadence::applicable_policy(e, f.policies, track, d) != nullptr;
        if (!covered) continue;
        auto it = by_employer.find(e.employer_id);
        const bool ok = cadence::complied(e, it == by_employer.end() ? none : it->second, f.policies, track, from, end);
        auto count = [&](ComplianceRow& r) {
            ++r.employers;
            if (ok) ++r.complied;
        };
        count(all);
        count(by_staff[e.owner_id]);
        for (const auto& m : e.memberships)
            if (m.member_on(end)) count(by_cluster[m.cluster_id]);
    }
    std::vector<ComplianceRow> out{all};
    for (auto& [id, r] : by_staff)
        if (r.employers) out.push_back(r);
    for (auto& [id, r] : by_cluster)
        if (r.employers) out.push_back(r);
    return out;
}

Table Cadence::compliance_table(Id office_id, Date from, Date to, const std::string& track) const {
    Table t;
    auto& group = t.add_column("group", ColumnType::Text);
    auto& id = t.add_column("group_id", ColumnType::Int);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& employers = t.add_column("employers", ColumnType::Int);
    auto& complied = t.add_column("complied", ColumnType::Int);
    auto& share = t.add_column("share", ColumnType::Real);
    const auto rows = compliance(office_id, from, to, track);
    t.set_metadata("judged_to", judged_to_text(rows.front().judged_to));
    for (const auto& r : rows) {
        group.push_text(r.group);
        id.push_int(r.group_id);
        name.push_text(r.name);
        employers.push_int(static_cast<std::int64_t>(r.employers));
        complied.push_int(static_cast<std::int64_t>(r.complied));
        share.push_real(r.share());
    }
    return t;
}

}  // namespace omilcrm
