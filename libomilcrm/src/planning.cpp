// Visit plans over the stored data, and the office calendar.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "omilcrm/time_zone.hpp"
#include "checks.hpp"
#include "store/planning.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

using detail::hhmm;

}  // namespace

planner::Plan Planner::plan_day(const DayPlanRequest& r) const {
    // Checked here, not only per candidate by the planner: with no candidate due they would pass.
    detail::check_not_negative("within_days", r.within_days);
    if (r.visit_minutes <= 0)
        throw ValidationError("visit_minutes", std::to_string(r.visit_minutes), "must be greater than 0");
    const StaffMember staff = Staff(*db_).get(r.staff_id);
    if (!staff.active_on(r.day))
        throw ValidationError("staff", std::to_string(r.staff_id),
                              staff.name + " does not work at the office on " + r.day.iso());
    const Office office = Offices(*db_).get(staff.office_id);
    planner::PlanOptions o;
    o.day = r.day;
    if (r.start) o.start = *r.start;
    else if (office.latitude && office.longitude) o.start = {*office.latitude, *office.longitude};
    else throw ValidationError("start", "", "is required: office " + office.name + " has no coordinates");
    o.start_minute = r.start_minute;
    o.max_working_minutes = r.max_working_minutes;
    o.vehicle = r.vehicle;
    o.vehicle_kmh = r.vehicle_kmh;
    o.transit_kmh = r.transit_kmh;
    o.detour_factor = r.detour_factor;

    // Candidates and their urgency: days overdue on the day (those due in the coming days get
    // what is left of a week, so the most overdue come first).
    std::unordered_map<Id, double> priority;
    std::vector<Id> ids = r.candidates;
    const auto due = Cadence(*db_).due(office.meta.id, r.day,
                                       {.track = r.track, .staff_id = std::nullopt, .within_days = r.within_days});
    for (const auto& d : due) priority[d.employer_id] = static_cast<double>(d.days_overdue + r.within_days);
    if (ids.empty())
        for (const auto& d : due)
            if (d.owner_id == r.staff_id) ids.push_back(d.employer_id);
    const std::unordered_set<Id> must(r.must_visit.begin(), r.must_visit.end());
    for (Id m : r.must_visit)
        if (std::find(ids.begin(), ids.end(), m) == ids.end()) ids.push_back(m);

    std::vector<planner::Candidate> candidates;
    std::vector<planner::LeftOut> no_location;
    const auto employers = store::plan_employers(*db_, ids);  // one read for all of them
    for (Id id : ids) {
        const auto found = employers.find(id);
        if (found == employers.end()) throw NotFound("employer", std::to_string(id));
        const store::PlanEmployer& e = found->second;
        if (e.office_id != office.meta.id)
            throw ValidationError("candidates", std::to_string(id), "belongs to another office");
        if (!e.latitude || !e.longitude) {
            no_location.push_back(
                {id, planner::LeftOutReason::OutOfReach, "no coordinates recorded for " + e.legal_name});
            continue;
        }
        planner::Candidate c;
        c.employer_id = id;
        c.name = e.display_name;
        c.location = {*e.latitude, *e.longitude};
        c.windows = e.visiting_hours;
        c.visit_minutes = r.visit_minutes;
        auto p = priority.find(id);
        c.priority = p == priority.end() ? 0.0 : std::max(0.0, p->second);
        c.must_visit = must.count(id) > 0;
        candidates.push_back(std::move(c));
    }
    planner::Plan plan = planner::plan_day(candidates, o);
    plan.left_out.insert(plan.left_out.end(), no_location.begin(), no_location.end());
    std::sort(plan.left_out.begin(), plan.left_out.end(),
              [](const auto& a, const auto& b) { return a.employer_id < b.employer_id; });
    return plan;
}

std::vector<PlannedVisit> Planner::save(Id staff_id, Date day, const planner::Plan& plan) {
    detail::WriteScope write(*db_);
    const StaffMember staff = Staff(*db_).get(staff_id);
    for (const auto& s : plan.stops) {
        if (Employers(*db_).get(s.employer_id).office_id != staff.office_id)
            throw ValidationError("plan", std::to_string(s.employer_id), "visits an employer of another office");
        if (s.start_minute < 0 || s.depart_minute <= s.start_minute || s.depart_minute > 1440)
            throw ValidationError("plan", std::to_string(s.employer_id), "has a visit with impossible times");
    }
    // A stop at an employer the person was to visit that day continues that visit's event: the
    // same UID in the calendars, one revision more when its times change.
    std::unordered_map<Id, PlannedVisit> before;
    for (auto& v : store::list_planned_visits(*db_, staff.office_id, day, day, staff_id))
        before.emplace(v.employer_id, std::move(v));
    store::supersede_planned_visits(*db_, staff_id, day);
    std::vector<PlannedVisit> out;
    for (const auto& s : plan.stops) {
        PlannedVisit v;
        v.meta = detail::new_meta(*db_);
        v.office_id = staff.office_id;
        v.staff_id = staff_id;
        v.employer_id = s.employer_id;
        v.day = day;
        v.start_minute = s.start_minute;
        v.end_minute = s.depart_minute;
        v.travel_minutes = s.travel_minutes;
        if (const auto it = before.find(s.employer_id); it != before.end()) {
            const PlannedVisit& was = it->second;
            v.event_uuid = was.event_uuid;
            const bool moved = was.start_minute != v.start_minute || was.end_minute != v.end_minute;
            v.revision = was.revision + (moved ? 1 : 0);
            before.erase(it);  // one stop continues one visit
        }
        store::insert_planned_visit(*db_, v);
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<PlannedVisit> Planner::planned(Id office_id, Date from, Date to, std::optional<Id> staff_id) const {
    detail::check_office(*db_, office_id);
    return store::list_planned_visits(*db_, office_id, from, to, staff_id);
}

Table Planner::table(const planner::Plan& plan) const {
    Table t;
    auto& order = t.add_column("order", ColumnType::Int);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& address = t.add_column("address", ColumnType::Text);
    auto& arrive = t.add_column("arrive", ColumnType::Text);
    auto& start = t.add_column("start", ColumnType::Text);
    auto& depart = t.add_column("depart", ColumnType::Text);
    auto& travel = t.add_column("travel_minutes", ColumnType::Int);
    auto& km = t.add_column("travel_km", ColumnType::Real);
    auto& hours = t.add_column("visiting_hours", ColumnType::Text);
    std::int64_t n = 0;
    for (const auto& s : plan.stops) {
        const Employer e = Employers(*db_).get(s.employer_id);
        order.push_int(++n);
        employer_id.push_int(s.employer_id);
        employer.push_text(e.display_name());
        address.push_text(e.address);
        arrive.push_text(hhmm(s.arrive_minute));
        start.push_text(hhmm(s.start_minute));
        depart.push_text(hhmm(s.depart_minute));
        travel.push_int(s.travel_minutes);
        km.push_real(s.travel_km);
        hours.push_text(to_string(e.visiting_hours));
    }
    return t;
}

// ---- Calendar ----------------------------------------------------------------------------

std::vector<ical::Event> Calendar::events(const CalendarRequest& r) const {
    if (r.to < r.from) throw ValidationError("end", r.to.iso(), "is before start (" + r.from.iso() + ")");
    detail::check_office(*db_, r.office_id);  // NotFound for an unknown office
    std::unordered_map<Id, Employer> employers;
    auto employer = [&](Id id) -> const Employer& {
        auto it = employers.find(id);
        if (it == employers.end()) it = employers.emplace(id, Employers(*db_).get(id)).first;
        return it->second;
    };
    std::unordered_map<Id, std::string> staff;
    for (const auto& s : Staff(*db_).list(r.office_id)) staff[s.meta.id] = s.name;
    const Office office = Offices(*db_).get(r.office_id);
    const HolidayCalendar holidays = Requests(*db_).holidays(r.office_id);

    std::vector<ical::Event> out;
    for (const auto& v : Planner(*db_).planned(r.office_id, r.from, r.to, r.staff_id)) {
        const Employer& e = employer(v.employer_id);
        ical::Event ev;
        ev.uid = v.event_uuid + "@omilcrm";
        ev.sequence = v.revision;
        ev.summary = "Visita: " + e.display_name();
        ev.description = "Visita planificada de " + staff[v.staff_id] +
                         ". Horario de visitas: " + to_string(e.visiting_hours) + ". RUT " + e.rut.str() + ".";
        ev.location = e.address;
        ev.date = v.day;
        ev.start_minute = v.start_minute;
        ev.end_minute = v.end_minute;
        ev.categories = {"visita"};
        out.push_back(std::move(ev));
    }
    for (const auto& c : Clusters(*db_).list(r.office_id)) {
        if (!c.meets) continue;
        // One recurring event per cluster, from its first meeting on or after the day it was added
        // (the same on every export), shown when a meeting that is not a holiday falls in the range.
        const Date first = c.meets->next(zones::local_day(office.time_zone(), c.meta.created_at));
        const auto in_range = c.meets->occurrences(std::max(first, r.from), r.to);
        if (std::none_of(in_range.begin(), in_range.end(), [&](Date d) { return !holidays.is_holiday(d); })) continue;
        ical::Event ev;
        ev.uid = c.meta.uuid + "@omilcrm";
        ev.sequence = c.revision;
        ev.summary = "Reunión " + c.name;
        ev.description = "Reunión periódica de " + c.name + " (" + c.meets->describe() + ").";
        ev.date = first;
        ev.repeats = c.meets;
        // The holidays that fall on a meeting, through the end of the range asked for or of the
        // years the one-off holidays are known for, whichever is later: the same list on every
        // export of a range inside those years (the laws' holidays go on for ever; an export
        // does not list a century of them).
        const Date through = std::max(r.to, holidays.last_year_end());
        for (const Holiday& h : holidays.between(first, through))
            if (c.meets->next(h.date) == h.date) ev.except.push_back(h.date);
        ev.categories = {"reunion"};
        out.push_back(std::move(ev));
    }
    TaskFilter f{r.office_id, r.staff_id, std::nullopt};
    for (const auto& c : Commitments(*db_).open(f)) {
        if (c.due < r.from || c.due > r.to) continue;
        ical::Event ev;
        ev.uid = c.meta.uuid + "@omilcrm";
        ev.summary = "Compromiso: " + c.description + " (" + employer(c.employer_id).display_name() + ")";
        ev.description =
            "Compromiso con " + employer(c.employer_id).legal_name + ", a cargo de " + staff[c.owner_id] + ".";
        ev.date = c.due;
        ev.categories = {"compromiso"};
        out.push_back(std::move(ev));
    }
    for (const auto& x : FollowUps(*db_).open(f)) {
        if (x.due < r.from || x.due > r.to) continue;
        ical::Event ev;
        ev.uid = x.meta.uuid + "@omilcrm";
        ev.summary = "Seguimiento: " + x.description;
        ev.description = "A cargo de " + staff[x.owner_id] +
                         (x.employer_id ? ", empresa " + employer(*x.employer_id).legal_name : std::string()) + ".";
        ev.date = x.due;
        ev.categories = {"seguimiento"};
        out.push_back(std::move(ev));
    }
    return out;
}

std::string Calendar::ics(const CalendarRequest& r) const {
    const Office office = Offices(*db_).get(r.office_id);
    std::string name = office.name;
    if (r.staff_id) name += " - " + Staff(*db_).get(*r.staff_id).name;
    return ical::calendar(events(r), name, Timestamp{std::chrono::microseconds{detail::now_us(*db_)}},
                          office.time_zone());
}

}  // namespace omilcrm
