// The rules of the gradual approach and of reciprocity: pure functions over steps and events.
#include "relationships_rules.hpp"

#include <set>
#include <unordered_map>

namespace omilcrm::detail {

namespace {

bool member_on(const ClusterMembership& m, Date day) { return m.joined <= day && (!m.left || day < *m.left); }

/// Employer -> the memberships of it, for the lookups by day.
std::unordered_map<Id, std::vector<const ClusterMembership*>> by_employer(
    const std::vector<ClusterMembership>& memberships) {
    std::unordered_map<Id, std::vector<const ClusterMembership*>> out;
    for (const auto& m : memberships) out[m.employer_id].push_back(&m);
    return out;
}

}  // namespace

EmployerStage stage_of(const StageSteps& steps, Date as_of) {
    const auto taken = [&](const std::optional<Date>& d) { return d && *d <= as_of ? d : std::nullopt; };
    EmployerStage s{.employer_id = steps.employer_id,
                    .first_contact = taken(steps.first_contact),
                    .first_served = taken(steps.first_served),
                    .first_vacancy = taken(steps.first_vacancy),
                    .first_hire = taken(steps.first_hire)};
    const std::pair<RelationshipStage, const std::optional<Date>*> furthest_first[] = {
        {RelationshipStage::Hiring, &s.first_hire},
        {RelationshipStage::GivingVacancies, &s.first_vacancy},
        {RelationshipStage::Served, &s.first_served},
        {RelationshipStage::Contacted, &s.first_contact},
    };
    for (const auto& [stage, day] : furthest_first) {
        if (*day) {
            s.stage = stage;
            s.since = **day;
            break;
        }
    }
    return s;
}

std::vector<FunnelRow> stage_funnel(const std::vector<EmployerStage>& stages, const std::vector<ClusterName>& clusters,
                                    const std::vector<ClusterMembership>& memberships, Date as_of) {
    std::vector<FunnelRow> out;
    std::unordered_map<Id, std::size_t> row_of;
    for (const auto& c : clusters) {
        row_of[c.id] = out.size();
        out.push_back({.cluster_id = c.id, .cluster = c.name});
    }
    FunnelRow none{.cluster = "(no cluster)"};
    FunnelRow office{.cluster = "(office)"};
    const auto members = by_employer(memberships);
    const auto count = [](FunnelRow& r, RelationshipStage s) {
        ++r.employers;
        ++r.stages[static_cast<std::size_t>(s)];
    };
    for (const auto& e : stages) {
        count(office, e.stage);
        std::set<Id> in;  // a cluster counted once even with two memberships that day
        if (const auto it = members.find(e.employer_id); it != members.end())
            for (const auto* m : it->second)
                if (member_on(*m, as_of) && row_of.contains(m->cluster_id)) in.insert(m->cluster_id);
        if (in.empty()) count(none, e.stage);
        for (Id c : in) count(out[row_of[c]], e.stage);
    }
    out.push_back(std::move(none));
    out.push_back(std::move(office));
    return out;
}

void Reciprocity::add(const ReciprocityEvent& e) {
    switch (e.kind) {
        case ReciprocityEvent::Kind::Request:
            ++requests;
            break;
        case ReciprocityEvent::Kind::Resolved:
            ++resolved;
            if (e.on_time) ++resolved_on_time;
            break;
        case ReciprocityEvent::Kind::Vacancy:
            ++vacancies;
            positions += e.positions;
            break;
        case ReciprocityEvent::Kind::Hire:
            ++hires;
            break;
    }
}

std::map<Id, Reciprocity> reciprocity_by_employer(const std::vector<ReciprocityEvent>& events, Date from, Date to) {
    std::map<Id, Reciprocity> out;
    for (const auto& e : events)
        if (within(e.on, from, to)) out[e.employer_id].add(e);
    return out;
}

std::vector<ClusterMonth> reciprocity_by_cluster(const std::vector<ReciprocityEvent>& events,
                                                 const std::vector<ClusterName>& clusters,
                                                 const std::vector<ClusterMembership>& memberships, Date from,
                                                 Date to) {
    std::vector<ClusterMonth> out;
    std::map<std::pair<Date, Id>, std::size_t> at;
    for (Date m : months(from, to))
        for (const auto& c : clusters) {
            at[{m, c.id}] = out.size();
            out.push_back({.month = m, .cluster_id = c.id, .cluster = c.name});
        }
    const auto members = by_employer(memberships);
    for (const auto& e : events) {
        if (!within(e.on, from, to)) continue;
        const auto it = members.find(e.employer_id);
        if (it == members.end()) continue;
        std::set<Id> in;
        for (const auto* m : it->second)
            if (member_on(*m, e.on)) in.insert(m->cluster_id);
        for (Id c : in)
            if (const auto row = at.find({month_of(e.on), c}); row != at.end()) out[row->second].counts.add(e);
    }
    return out;
}

}  // namespace omilcrm::detail
