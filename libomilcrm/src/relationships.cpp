// The gradual approach and reciprocity: the store reads the steps and events, the pure rules of
// relationships_rules.hpp decide stages and add them up.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/relationships.hpp"
#include "store/reports.hpp"

namespace omilcrm {

namespace {

void push_date(Column& c, const std::optional<Date>& d) {
    if (d) c.push_int(d->days());
    else c.push_null();
}

struct ReciprocityColumns {
    Column& requests;
    Column& resolved;
    Column& on_time;
    Column& vacancies;
    Column& positions;
    Column& hires;
    explicit ReciprocityColumns(Table& t)
        : requests(t.add_column("requests", ColumnType::Int)),
          resolved(t.add_column("resolved", ColumnType::Int)),
          on_time(t.add_column("resolved_on_time", ColumnType::Int)),
          vacancies(t.add_column("vacancies", ColumnType::Int)),
          positions(t.add_column("positions", ColumnType::Int)),
          hires(t.add_column("hires", ColumnType::Int)) {}
    void push(const detail::Reciprocity& r) {
        requests.push_int(r.requests);
        resolved.push_int(r.resolved);
        on_time.push_int(r.resolved_on_time);
        vacancies.push_int(r.vacancies);
        positions.push_int(r.positions);
        hires.push_int(r.hires);
    }
};

}  // namespace

EmployerStage Relationships::stage(Id employer_id, std::optional<Date> as_of) const {
    const Employer e = Employers(*db_).get(employer_id);
    const Date day = as_of.value_or(detail::today(*db_));
    const auto steps = store::stage_steps(*db_, e.office_id, employer_id, day);
    if (steps.empty()) throw NotFound("employer", std::to_string(employer_id));  // merged into another
    return detail::stage_of(steps.front(), day);
}

Table Relationships::stages(Id office_id, std::optional<Date> as_of) const {
    detail::check_office(*db_, office_id);
    const Date day = as_of.value_or(detail::today(*db_));
    Table t;
    auto& id = t.add_column("employer_id", ColumnType::Int);
    auto& name = t.add_column("employer", ColumnType::Text);
    auto& stage = t.add_column("stage", ColumnType::Text);
    auto& since = t.add_column("since", ColumnType::Date);
    auto& contact = t.add_column("first_contact", ColumnType::Date);
    auto& served = t.add_column("first_served", ColumnType::Date);
    auto& vacancy = t.add_column("first_vacancy", ColumnType::Date);
    auto& hire = t.add_column("first_hire", ColumnType::Date);
    for (const auto& steps : store::stage_steps(*db_, office_id, std::nullopt, day)) {
        const EmployerStage s = detail::stage_of(steps, day);
        id.push_int(s.employer_id);
        name.push_text(steps.name);
        stage.push_text(to_string(s.stage));
        push_date(since, s.since);
        push_date(contact, s.first_contact);
        push_date(served, s.first_served);
        push_date(vacancy, s.first_vacancy);
        push_date(hire, s.first_hire);
    }
    t.set_metadata("as_of", day.iso());
    return t;
}

Table Relationships::funnel(Id office_id, std::optional<Date> as_of) const {
    detail::check_office(*db_, office_id);
    const Date day = as_of.value_or(detail::today(*db_));
    std::vector<EmployerStage> stages;
    for (const auto& steps : store::stage_steps(*db_, office_id, std::nullopt, day))
        stages.push_back(detail::stage_of(steps, day));
    const auto clusters = store::cluster_memberships(*db_, office_id);
    Table t;
    auto& cluster_id = t.add_column("cluster_id", ColumnType::Int);
    auto& cluster = t.add_column("cluster", ColumnType::Text);
    auto& employers = t.add_column("employers", ColumnType::Int);
    std::vector<Column*> by_stage;
    for (auto name : enum_names<RelationshipStage>())
        by_stage.push_back(&t.add_column(std::string(name), ColumnType::Int));
    for (const auto& row : detail::stage_funnel(stages, clusters.clusters, clusters.memberships, day)) {
        if (row.cluster_id) cluster_id.push_int(row.cluster_id);
        else cluster_id.push_null();
        cluster.push_text(row.cluster);
        employers.push_int(row.employers);
        for (std::size_t i = 0; i < by_stage.size(); ++i) by_stage[i]->push_int(row.stages[i]);
    }
    t.set_metadata("as_of", day.iso());
    return t;
}

Table Relationships::reciprocity(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const auto by_employer =
        detail::reciprocity_by_employer(store::reciprocity_events(*db_, office_id, from, to), from, to);
    Table t;
    auto& id = t.add_column("employer_id", ColumnType::Int);
    auto& name = t.add_column("employer", ColumnType::Text);
    ReciprocityColumns counts(t);
    auto& served_only = t.add_column("served_only", ColumnType::Bool);
    // In the employers' order (by name), as stages() lists them.
    for (const auto& steps : store::stage_steps(*db_, office_id, std::nullopt, to)) {
        const auto it = by_employer.find(steps.employer_id);
        if (it == by_employer.end()) continue;
        id.push_int(steps.employer_id);
        name.push_text(steps.name);
        counts.push(it->second);
        served_only.push_int(it->second.served_only() ? 1 : 0);
    }
    return t;
}

Table Relationships::cluster_reciprocity(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const auto clusters = store::cluster_memberships(*db_, office_id);
    const auto rows = detail::reciprocity_by_cluster(store::reciprocity_events(*db_, office_id, from, to),
                                                     clusters.clusters, clusters.memberships, from, to);
    Table t;
    auto& month = t.add_column("month", ColumnType::Date);
    auto& id = t.add_column("cluster_id", ColumnType::Int);
    auto& name = t.add_column("cluster", ColumnType::Text);
    ReciprocityColumns counts(t);
    for (const auto& r : rows) {
        month.push_int(r.month.days());
        id.push_int(r.cluster_id);
        name.push_text(r.cluster);
        counts.push(r.counts);
    }
    return t;
}

Table Relationships::leads(Id office_id, std::optional<LeadSource> source, std::optional<Date> as_of) const {
    detail::check_office(*db_, office_id);
    const Date day = as_of.value_or(detail::today(*db_));
    // Everything up to the day: the office's history from its first day on record.
    const Date first(1970, 1, 1);
    const auto counts =
        detail::reciprocity_by_employer(store::reciprocity_events(*db_, office_id, first, day), first, day);
    Table t;
    auto& id = t.add_column("employer_id", ColumnType::Int);
    auto& name = t.add_column("employer", ColumnType::Text);
    auto& lead = t.add_column("lead_source", ColumnType::Text);
    auto& detail_column = t.add_column("lead_detail", ColumnType::Text);
    auto& stage = t.add_column("stage", ColumnType::Text);
    auto& since = t.add_column("since", ColumnType::Date);
    auto& contact = t.add_column("first_contact", ColumnType::Date);
    auto& resolved = t.add_column("resolved", ColumnType::Int);
    auto& vacancies = t.add_column("vacancies", ColumnType::Int);
    auto& positions = t.add_column("positions", ColumnType::Int);
    auto& hires = t.add_column("hires", ColumnType::Int);
    for (const auto& steps : store::stage_steps(*db_, office_id, std::nullopt, day)) {
        if (source ? steps.lead_source != *source : steps.lead_source == LeadSource::Unknown) continue;
        const EmployerStage s = detail::stage_of(steps, day);
        const auto it = counts.find(steps.employer_id);
        const detail::Reciprocity c = it == counts.end() ? detail::Reciprocity{} : it->second;
        id.push_int(steps.employer_id);
        name.push_text(steps.name);
        lead.push_text(to_string(steps.lead_source));
        detail_column.push_text(steps.lead_detail);
        stage.push_text(to_string(s.stage));
        push_date(since, s.since);
        push_date(contact, s.first_contact);
        resolved.push_int(c.resolved);
        vacancies.push_int(c.vacancies);
        positions.push_int(c.positions);
        hires.push_int(c.hires);
    }
    t.set_metadata("as_of", day.iso());
    return t;
}

}  // namespace omilcrm
