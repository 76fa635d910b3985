// Reports over vacancies, referrals and placements: each reads its rows in a few queries
// (store/reports.hpp and the repositories) and computes its figures with the pure rules of
// reports_rules.hpp. No seeker data appears in any of them.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "reports_rules.hpp"
#include "store/reports.hpp"

namespace omilcrm {

namespace {

void push_ratio(Column& c, const std::optional<double>& v) {
    if (v) c.push_real(*v);
    else c.push_null();
}

}  // namespace

Table Reports::funnel(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const auto rows = detail::funnel(store::funnel_counts(*db_, office_id, from, to), from, to);
    Table t;
    auto& month = t.add_column("month", ColumnType::Date);
    auto& vacancies = t.add_column("vacancies", ColumnType::Int);
    auto& positions = t.add_column("positions", ColumnType::Int);
    auto& referrals = t.add_column("referrals", ColumnType::Int);
    auto& interviews = t.add_column("interviews", ColumnType::Int);
    auto& hires = t.add_column("hires", ColumnType::Int);
    auto& referred_hires = t.add_column("hires_from_referrals", ColumnType::Int);
    auto& rate = t.add_column("hires_per_referral", ColumnType::Real);
    for (const auto& r : rows) {
        month.push_int(r.month.days());
        vacancies.push_int(r.vacancies);
        positions.push_int(r.positions);
        referrals.push_int(r.referrals);
        interviews.push_int(r.interviews);
        hires.push_int(r.hires);
        referred_hires.push_int(r.hires_from_referrals);
        push_ratio(rate, r.hires_per_referral);
    }
    return t;
}

Table Reports::time_to_fill(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    Table t;
    auto& id = t.add_column("vacancy_id", ColumnType::Int);
    auto& employer = t.add_column("employer_id", ColumnType::Int);
    auto& channel = t.add_column("channel", ColumnType::Text);
    auto& positions = t.add_column("positions", ColumnType::Int);
    auto& captured = t.add_column("captured_on", ColumnType::Date);
    auto& filled = t.add_column("filled_on", ColumnType::Date);
    auto& days = t.add_column("days_to_fill", ColumnType::Int);
    for (const auto& v : detail::time_to_fill(Vacancies(*db_).list(office_id), from, to)) {
        id.push_int(v.vacancy_id);
        employer.push_int(v.employer_id);
        channel.push_text(std::string(to_string(v.channel)));
        positions.push_int(v.positions);
        captured.push_int(v.captured_on.days());
        filled.push_int(v.filled_on.days());
        days.push_int(v.days_to_fill);
    }
    return t;
}

Table Reports::placements_by_channel(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const auto vacancies = Vacancies(*db_).list(office_id);
    const auto rows = detail::placements_by_channel(Placements(*db_).list(office_id), vacancies, from, to);
    Table t;
    auto& channel = t.add_column("channel", ColumnType::Text);
    auto& placements = t.add_column("placements", ColumnType::Int);
    auto& share = t.add_column("share", ColumnType::Real);
    for (const auto& r : rows) {
        channel.push_text(std::string(to_string(r.channel)));
        placements.push_int(r.placements);
        push_ratio(share, r.share);
    }
    return t;
}

Table Reports::cluster_share(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const auto clusters = store::cluster_memberships(*db_, office_id);
    const auto result =
        detail::cluster_share(clusters.clusters, clusters.memberships, Placements(*db_).list(office_id), from, to);
    Table t;
    auto& id = t.add_column("cluster_id", ColumnType::Int);
    auto& name = t.add_column("cluster", ColumnType::Text);
    auto& placements = t.add_column("placements", ColumnType::Int);
    auto& share = t.add_column("share", ColumnType::Real);
    for (const auto& r : result.rows) {
        if (r.cluster_id) id.push_int(r.cluster_id);
        else id.push_null();
        name.push_text(r.name);
        placements.push_int(r.placements);
        push_ratio(share, r.share);
    }
    t.set_metadata("placements", std::to_string(result.placements));
    return t;
}

Table Reports::retention(Id office_id, Date from, Date to, Date as_of) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const auto rows = detail::retention(Placements(*db_).list(office_id), from, to, as_of);
    Table t;
    auto& month = t.add_column("month", ColumnType::Date);
    auto& placements = t.add_column("placements", ColumnType::Int);
    auto& due_30 = t.add_column("due_30", ColumnType::Int);
    auto& checked_30 = t.add_column("checked_30", ColumnType::Int);
    auto& employed_30 = t.add_column("employed_30", ColumnType::Int);
    auto& due_90 = t.add_column("due_90", ColumnType::Int);
    auto& checked_90 = t.add_column("checked_90", ColumnType::Int);
    auto& employed_90 = t.add_column("employed_90", ColumnType::Int);
    auto& retention_90 = t.add_column("retention_90", ColumnType::Real);
    for (const auto& r : rows) {
        month.push_int(r.month.days());
        placements.push_int(r.placements);
        due_30.push_int(r.due_30);
        checked_30.push_int(r.checked_30);
        employed_30.push_int(r.employed_30);
        due_90.push_int(r.due_90);
        checked_90.push_int(r.checked_90);
        employed_90.push_int(r.employed_90);
        push_ratio(retention_90, r.retention_90);
    }
    return t;
}

}  // namespace omilcrm
