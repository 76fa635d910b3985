// Cadence policies, the due list and compliance, over the stored data. The decisions are the
// pure functions of omilcrm::cadence (cadence_rules.cpp).
#include <algorithm>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "cadence_rules.hpp"
#include "checks.hpp"
#include "store/cadence.hpp"
#include "store/interactions.hpp"
#include "text.hpp"

namespace omilcrm {

namespace detail {

/// The due lists computed lately, each with the data stamp it was computed at (store.hpp's data_stamp):
/// an office's staff open the list many times between two changes of the file.
struct DueLists {
    struct Key {
        Id office_id;
        std::string track;
        Date day;
        int within_days;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct Entry {
        Key key;
        DataStamp stamp;
        std::vector<cadence::DueItem> items;
    };
    static constexpr std::size_t kKept = 16;
    std::vector<Entry> entries;  // the most recently used last

    /// The list for `key`, computed again by `compute` when anything stored changed since.
    template <class F>
    const std::vector<cadence::DueItem>& get(DbImpl& db, Key key, F compute) {
        const DataStamp stamp = data_stamp(db);
        auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
        if (it != entries.end() && it->stamp == stamp) {
            std::rotate(it, it + 1, entries.end());
            return entries.back().items;
        }
        if (it != entries.end()) entries.erase(it);
        if (entries.size() >= kKept) entries.erase(entries.begin());
        auto items = compute();  // may throw: nothing kept
        entries.push_back({std::move(key), stamp, std::move(items)});
        return entries.back().items;
    }
};

}  // namespace detail

namespace {

struct OfficeFacts {
    std::vector<cadence::EmployerFacts> employers;
    std::vector<cadence::ContactEvent> contacts;
    std::vector<CadencePolicy> policies;
    std::unordered_map<Id, std::pair<std::string, std::string>> names;  // employer -> (name, rut)
};

// The employers whose policy on `day` counts the same kinds, grouped for store::latest_contacts:
// the policy is known before any contact is read (applicable_policy() needs only the employer's
// facts), so the store can read only each employer's latest contact of those kinds.
store::ContactGroups contact_groups(const std::vector<cadence::EmployerFacts>& employers,
                                    const std::vector<CadencePolicy>& policies, const std::string& track, Date day) {
    store::ContactGroups groups;
    for (const auto& e : employers) {
        if (e.added > day) continue;  // as due_list() skips them
        const CadencePolicy* p = cadence::applicable_policy(e, policies, track, day);
        if (!p) continue;
        groups[p->kinds].push_back(e.employer_id);
    }
    return groups;
}

// Everything the cadence engine needs for one office, in four queries. With `due_on`, only the
// latest contacts up to that day (enough for the due list); without, the whole log.
OfficeFacts load_facts(detail::DbImpl& db, Id office_id, const std::string& track,
                       std::optional<Date> due_on = std::nullopt) {
    OfficeFacts f;
    auto employers = store::cadence_employers(db, office_id);
    f.employers = std::move(employers.facts);
    f.names = std::move(employers.names);
    f.policies = Cadence(db).policies(office_id);
    f.policies.erase(
        std::remove_if(f.policies.begin(), f.policies.end(), [&](const CadencePolicy& p) { return p.track != track; }),
        f.policies.end());
    f.contacts =
        due_on ? store::latest_contacts(db, office_id, *due_on, contact_groups(f.employers, f.policies, track, *due_on))
               : store::contact_events(db, office_id);
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
        case PolicyScope::Office:
            break;
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
        p.name = p.track + " every " + std::to_string(p.interval_days) + " days (" + std::string(to_string(p.scope)) +
                 (p.segment.empty() ? "" : " " + p.segment) + ")";
    }
    store::insert_cadence_policy(*db_, p, detail::new_meta(*db_));
    return p;
}

void Cadence::retire_policy(Id policy_id) {
    detail::WriteScope write(*db_);
    if (!store::retire_cadence_policy(*db_, policy_id) && !store::cadence_policy_exists(*db_, policy_id))
        throw NotFound("cadence policy", std::to_string(policy_id));
}

std::vector<CadencePolicy> Cadence::policies(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_cadence_policies(*db_, office_id);
}

std::vector<cadence::DueItem> Cadence::due(Id office_id, Date day, const DueOptions& o) const {
    detail::check_office(*db_, office_id);
    detail::check_not_negative("within_days", o.within_days);  // before reading the log
    if (!due_lists_) due_lists_ = std::make_shared<detail::DueLists>();
    auto items = due_lists_->get(*db_, {office_id, o.track, day, o.within_days}, [&] {
        const OfficeFacts f = load_facts(*db_, office_id, o.track, day);
        return cadence::due_list(f.employers, f.contacts, f.policies, o.track, day, o.within_days);
    });
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
    const std::optional<Date> judged = judged_to(from, to, today());
    if (!judged) {  // the period has not begun
        ComplianceRow all{"office", office_id, office.name};
        return {all};
    }
    const OfficeFacts f = load_facts(*db_, office_id, track);
    cadence::ComplianceGroups groups{office_id, office.name, {}, {}};
    for (const auto& s : Staff(*db_).list(office_id)) groups.staff.emplace_back(s.meta.id, s.name);
    for (const auto& c : Clusters(*db_).list(office_id)) groups.clusters.emplace_back(c.meta.id, c.name);
    return cadence::compliance(f.employers, f.contacts, f.policies, track, from, *judged, groups);
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
