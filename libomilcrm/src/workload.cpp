// Staff workload and promises kept: the store counts the open work and reads the commitments,
// the cadence gives the contacts due, workload_rules.hpp judges the promises.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/period.hpp"
#include "reports_rules.hpp"
#include "store/workload.hpp"

namespace omilcrm {

Table Workload::staff(Id office_id, std::optional<Date> day) const {
    detail::check_office(*db_, office_id);
    const Date on = day.value_or(detail::today(*db_));
    auto load = store::staff_load(*db_, office_id, on);
    std::map<Id, std::pair<std::int64_t, std::int64_t>> due;  // staff -> (due, overdue)
    for (const auto& d : Cadence(*db_).due(office_id, on)) {
        auto& [all, late] = due[d.owner_id];
        ++all;
        if (d.days_overdue > 0) ++late;
    }
    Table t;
    auto& id = t.add_column("staff_id", ColumnType::Int);
    auto& name = t.add_column("staff", ColumnType::Text);
    auto& role = t.add_column("role", ColumnType::Text);
    auto& employers = t.add_column("employers", ColumnType::Int);
    auto& due_contacts = t.add_column("due_contacts", ColumnType::Int);
    auto& overdue_contacts = t.add_column("overdue_contacts", ColumnType::Int);
    auto& open_commitments = t.add_column("open_commitments", ColumnType::Int);
    auto& overdue_commitments = t.add_column("overdue_commitments", ColumnType::Int);
    auto& open_follow_ups = t.add_column("open_follow_ups", ColumnType::Int);
    auto& overdue_follow_ups = t.add_column("overdue_follow_ups", ColumnType::Int);
    auto& open_requests = t.add_column("open_requests", ColumnType::Int);
    auto& overdue_requests = t.add_column("overdue_requests", ColumnType::Int);
    auto& referrals = t.add_column("referrals_in_progress", ColumnType::Int);
    for (const auto& s : Staff(*db_).list(office_id, on)) {
        const store::StaffLoad& l = load[s.meta.id];
        const auto [all, late] = due[s.meta.id];
        id.push_int(s.meta.id);
        name.push_text(s.name);
        role.push_text(to_string(s.role));
        employers.push_int(l.employers);
        due_contacts.push_int(all);
        overdue_contacts.push_int(late);
        open_commitments.push_int(l.open_commitments);
        overdue_commitments.push_int(l.overdue_commitments);
        open_follow_ups.push_int(l.open_follow_ups);
        overdue_follow_ups.push_int(l.overdue_follow_ups);
        open_requests.push_int(l.open_requests);
        overdue_requests.push_int(l.overdue_requests);
        referrals.push_int(l.referrals_in_progress);
    }
    t.set_metadata("day", on.iso());
    return t;
}

Table Workload::promises(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    const auto judged = judged_to(from, to, detail::today(*db_));
    const auto counts = detail::promises(store::promise_facts(*db_, office_id, from, to), from, to, judged);
    Table t;
    auto& id = t.add_column("staff_id", ColumnType::Int);
    auto& name = t.add_column("staff", ColumnType::Text);
    auto& due = t.add_column("due", ColumnType::Int);
    auto& on_time = t.add_column("kept_on_time", ColumnType::Int);
    auto& late = t.add_column("kept_late", ColumnType::Int);
    auto& cancelled = t.add_column("cancelled", ColumnType::Int);
    auto& overdue = t.add_column("open_overdue", ColumnType::Int);
    auto& open = t.add_column("open", ColumnType::Int);
    auto& share = t.add_column("kept_on_time_share", ColumnType::Real);
    const auto push = [&](const detail::PromiseCounts& c) {
        due.push_int(c.due);
        on_time.push_int(c.kept_on_time);
        late.push_int(c.kept_late);
        cancelled.push_int(c.cancelled);
        overdue.push_int(c.open_overdue);
        open.push_int(c.open);
        if (const auto s = c.kept_on_time_share()) share.push_real(*s);
        else share.push_null();
    };
    // Staff by name, those who owned a commitment of the period (whether still at the office or not).
    for (const auto& s : Staff(*db_).list(office_id)) {
        const auto it = counts.find(s.meta.id);
        if (it == counts.end()) continue;
        id.push_int(s.meta.id);
        name.push_text(s.name);
        push(it->second);
    }
    id.push_null();
    name.push_text("(office)");
    push(counts.at(0));
    t.set_metadata("judged_to", judged_to_text(judged));
    return t;
}

}  // namespace omilcrm
