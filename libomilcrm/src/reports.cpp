// Reports over vacancies, referrals and placements: each reads its rows in a few queries and
// aggregates in memory. No seeker data appears in any of them.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/sqlite.hpp"

namespace omilcrm {

namespace {


void check_period(Date from, Date to) {
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
}

bool within(Date d, Date from, Date to) { return from <= d && d <= to; }

Date month_of(Date d) { return Date(d.year(), d.month(), 1); }

// The first day of every month touching [from, to].
std::vector<Date> months(Date from, Date to) {
    std::vector<Date> out;
    for (Date m = month_of(from); m <= to; m = m.add_months(1)) out.push_back(m);
    return out;
}

void push_ratio(Column& c, std::int64_t num, std::int64_t den) {
    if (den == 0) c.push_null();
    else c.push_real(double(num) / double(den));
}

}  // namespace

Table Reports::funnel(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    check_period(from, to);
    struct Row {
        std::int64_t vacancies = 0, positions = 0, referrals = 0, interviews = 0, hires = 0, referred_hires = 0;
    };
    std::map<Date, Row> rows;
    for (Date m : months(from, to)) rows[m];
    // Each step counted by month in SQL over the period alone (each table has an index on
    // (office_id, date)); the month is the date's first seven characters.
    const auto by_month = [&](const char* sql, auto&& add) {
        auto q = db_->stmt(sql);
        q.bind(1, office_id);
        q.bind(2, from.iso());
        q.bind(3, to.iso());
        while (q.executeStep()) {
            const Date m = Date::parse(q.getColumn(0).getString() + "-01", "month");
            add(rows[m], q);
        }
    };
    by_month("SELECT substr(captured_on, 1, 7), count(*), total(positions) FROM vacancy "
             "WHERE office_id = ? AND captured_on BETWEEN ? AND ? GROUP BY 1",
             [](Row& r, auto& q) {
                 r.vacancies = q.getColumn(1).getInt64();
                 r.positions = static_cast<std::int64_t>(q.getColumn(2).getDouble());
             });
    by_month("SELECT substr(referred_on, 1, 7), count(*) FROM referral "
             "WHERE office_id = ? AND referred_on BETWEEN ? AND ? GROUP BY 1",
             [](Row& r, auto& q) { r.referrals = q.getColumn(1).getInt64(); });
    // A referral counts once as interviewed, in the month of its first interview; an interview
    // is never recorded before its referral, so referrals made after the period are left out.
    by_month("SELECT substr(first, 1, 7), count(*) FROM ("
             "  SELECT min(e.on_date) AS first FROM referral r JOIN referral_event e ON e.referral_id = r.id "
             "  WHERE r.office_id = ?1 AND r.referred_on <= ?3 AND e.to_stage = 'interview' "
             "  GROUP BY r.id) WHERE first BETWEEN ?2 AND ?3 GROUP BY 1",
             [](Row& r, auto& q) { r.interviews = q.getColumn(1).getInt64(); });
    by_month("SELECT substr(start_on, 1, 7), count(*), count(referral_id) FROM placement "
             "WHERE office_id = ? AND start_on BETWEEN ? AND ? GROUP BY 1",
             [](Row& r, auto& q) {
                 r.hires = q.getColumn(1).getInt64();
                 r.referred_hires = q.getColumn(2).getInt64();
             });
    Table t;
    auto& month = t.add_column("month", ColumnType::Date);
    auto& vacancies = t.add_column("vacancies", ColumnType::Int);
    auto& positions = t.add_column("positions", ColumnType::Int);
    auto& referrals = t.add_column("referrals", ColumnType::Int);
    auto& interviews = t.add_column("interviews", ColumnType::Int);
    auto& hires = t.add_column("hires", ColumnType::Int);
    auto& referred_hires = t.add_column("hires_from_referrals", ColumnType::Int);
    auto& rate = t.add_column("hires_per_referral", ColumnType::Real);
    for (const auto& [m, r] : rows) {
        month.push_int(m.days());
        vacancies.push_int(r.vacancies);
        positions.push_int(r.positions);
        referrals.push_int(r.referrals);
        interviews.push_int(r.interviews);
        hires.push_int(r.hires);
        referred_hires.push_int(r.referred_hires);
        push_ratio(rate, r.referred_hires, r.referrals);
    }
    return t;
}

Table Reports::time_to_fill(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    check_period(from, to);
    Table t;
    auto& id = t.add_column("vacancy_id", ColumnType::Int);
    auto& employer = t.add_column("employer_id", ColumnType::Int);
    auto& channel = t.add_column("channel", ColumnType::Text);
    auto& positions = t.add_column("positions", ColumnType::Int);
    auto& captured = t.add_column("captured_on", ColumnType::Date);
    auto& filled = t.add_column("filled_on", ColumnType::Date);
    auto& days = t.add_column("days_to_fill", ColumnType::Int);
    for (const auto& v : Vacancies(*db_).list(office_id)) {
        if (!within(v.captured_on, from, to) || !v.filled_on) continue;
        id.push_int(v.meta.id);
        employer.push_int(v.employer_id);
        channel.push_text(std::string(to_string(v.channel)));
        positions.push_int(v.positions);
        captured.push_int(v.captured_on.days());
        filled.push_int(v.filled_on->days());
        days.push_int(*v.filled_on - v.captured_on);
    }
    return t;
}

Table Reports::placements_by_channel(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    check_period(from, to);
    std::unordered_map<Id, CaptureChannel> channel_of;
    for (const auto& v : Vacancies(*db_).list(office_id)) channel_of[v.meta.id] = v.channel;
    std::int64_t counts[5] = {0, 0, 0, 0, 0};
    std::int64_t total = 0;
    for (const auto& p : Placements(*db_).list(office_id))
        if (within(p.start_on, from, to)) {
            ++counts[static_cast<int>(channel_of[p.vacancy_id])];
            ++total;
        }
    Table t;
    auto& channel = t.add_column("channel", ColumnType::Text);
    auto& placements = t.add_column("placements", ColumnType::Int);
    auto& share = t.add_column("share", ColumnType::Real);
    for (int c = 0; c < 5; ++c) {
        channel.push_text(std::string(to_string(static_cast<CaptureChannel>(c))));
        placements.push_int(counts[c]);
        push_ratio(share, counts[c], total);
    }
    return t;
}

Table Reports::cluster_share(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    check_period(from, to);
    struct Period {
        Id cluster_id;
        Date joined;
        std::optional<Date> left;
    };
    std::unordered_map<Id, std::vector<Period>> memberships;  // by employer
    std::map<Id, std::string> names;
    {
        auto q = db_->stmt(
            "SELECT c.id, c.name, m.employer_id, m.joined, m.left_on FROM cluster c LEFT JOIN cluster_member m "
            "ON m.cluster_id = c.id WHERE c.office_id = ? ORDER BY c.id");
        q.bind(1, office_id);
        while (q.executeStep()) {
            const Id cluster = q.getColumn(0).getInt64();
            names[cluster] = q.getColumn(1).getString();
            if (q.getColumn(2).isNull()) continue;
            memberships[q.getColumn(2).getInt64()].push_back(
                {cluster, detail::date_of(q.getColumn(3)), detail::opt_date(q.getColumn(4))});
        }
    }
    std::map<Id, std::int64_t> counts;  // 0 = no cluster
    for (const auto& [id, name] : names) counts[id] = 0;
    std::int64_t total = 0;
    for (const auto& p : Placements(*db_).list(office_id)) {
        if (!within(p.start_on, from, to)) continue;
        ++total;
        bool any = false;
        for (const auto& m : memberships[p.employer_id])
            if (m.joined <= p.start_on && (!m.left || p.start_on < *m.left)) {
                ++counts[m.cluster_id];
                any = true;
            }
        if (!any) ++counts[0];
    }
    Table t;
    auto& id = t.add_column("cluster_id", ColumnType::Int);
    auto& name = t.add_column("cluster", ColumnType::Text);
    auto& placements = t.add_column("placements", ColumnType::Int);
    auto& share = t.add_column("share", ColumnType::Real);
    for (const auto& [cluster, n] : counts) {
        if (cluster == 0) continue;
        id.push_int(cluster);
        name.push_text(names[cluster]);
        placements.push_int(n);
        push_ratio(share, n, total);
    }
    id.push_null();
    name.push_text("(no cluster)");
    placements.push_int(counts[0]);
    push_ratio(share, counts[0], total);
    t.set_metadata("placements", std::to_string(total));
    return t;
}

Table Reports::retention(Id office_id, Date from, Date to, Date as_of) const {
    detail::check_office(*db_, office_id);
    check_period(from, to);
    struct Row {
        std::int64_t placements = 0, due_30 = 0, checked_30 = 0, employed_30 = 0, due_90 = 0, checked_90 = 0,
                     employed_90 = 0;
    };
    std::map<Date, Row> rows;
    for (Date m : months(from, to)) rows[m];
    for (const auto& p : Placements(*db_).list(office_id)) {
        if (!within(p.start_on, from, to)) continue;
        Row& r = rows[month_of(p.start_on)];
        ++r.placements;
        if (follow_up_due(p.start_on, 30) <= as_of) ++r.due_30;
        if (p.checked_30 && *p.checked_30 <= as_of) {
            ++r.checked_30;
            if (*p.employed_30) ++r.employed_30;
        }
        const bool due_90 = follow_up_due(p.start_on, 90) <= as_of;
        if (due_90) ++r.due_90;
        if (p.checked_90 && *p.checked_90 <= as_of) {
            ++r.checked_90;
            if (*p.employed_90) ++r.employed_90;
        } else if (due_90 && p.checked_30 && *p.checked_30 <= as_of && !*p.employed_30) {
            ++r.checked_90;  // gone by day 30: known not to be employed at day 90
        }
    }
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
    for (const auto& [m, r] : rows) {
        month.push_int(m.days());
        placements.push_int(r.placements);
        due_30.push_int(r.due_30);
        checked_30.push_int(r.checked_30);
        employed_30.push_int(r.employed_30);
        due_90.push_int(r.due_90);
        checked_90.push_int(r.checked_90);
        employed_90.push_int(r.employed_90);
        push_ratio(retention_90, r.employed_90, r.checked_90);
    }
    return t;
}

}  // namespace omilcrm
