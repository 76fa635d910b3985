// Department check-ins: scheduled when a request is routed, by hand, done, closed; the rule of
// their day is checkin_day (requests_rules.cpp), the SQL is in store/checkins.cpp.
#include <algorithm>
#include <unordered_map>

#include "checkins_schedule.hpp"
#include "omilcrm/database.hpp"
#include "omilcrm/employers.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/offices.hpp"
#include "store/checkins.hpp"
#include "text.hpp"

namespace omilcrm {

namespace detail {

int checkin_days_before(DbImpl& db, Id office_id) {
    return store::find_checkin_days_before(db, office_id).value_or(kDefaultCheckInDaysBefore);
}

std::optional<Id> checkin_follower(std::optional<Id> employer_owner, std::optional<Id> staff) {
    if (employer_owner && *employer_owner) return employer_owner;
    return staff;
}

void insert_scheduled_checkin(DbImpl& db, const ServiceRequest& r, Date day, std::optional<Id> follower) {
    if (!r.department_id) return;
    CheckIn c{.meta = new_meta(db),
              .office_id = r.office_id,
              .request_id = r.meta.id,
              .department_id = *r.department_id,
              .staff_id = follower,
              .due_on = day,
              .origin = CheckInOrigin::Scheduled};
    store::insert_checkin(db, c);
}

namespace {
std::optional<Id> owner_of(DbImpl& db, const ServiceRequest& r) {
    if (!r.employer_id) return std::nullopt;
    const Id owner = Employers(db).get(*r.employer_id).owner_id;
    return owner ? std::optional<Id>(owner) : std::nullopt;
}
}  // namespace

void checkin_routed(DbImpl& db, const ServiceRequest& r, Date routed_on, std::optional<Id> staff) {
    if (!r.department_id) return;
    const std::string to = Departments(db).get(*r.department_id).name;
    store::close_request_checkins(db, r.meta.id, r.department_id, "derivada a " + to);
    for (const auto& c : store::list_request_checkins(db, r.meta.id))
        if (c.state == CheckInState::Open && c.origin == CheckInOrigin::Scheduled) return;
    const auto day =
        checkin_day(Requests(db).holidays(r.office_id), routed_on, r.due_on, checkin_days_before(db, r.office_id));
    if (day) insert_scheduled_checkin(db, r, *day, checkin_follower(owner_of(db, r), staff));
}

void close_checkins(DbImpl& db, Id request_id, const std::string& why) {
    store::close_request_checkins(db, request_id, std::nullopt, why);
}

void checkin_reminded(DbImpl& db, const ServiceRequest& r, Date on, std::optional<Id> staff, const std::string& note) {
    if (!r.department_id) return;
    for (const auto& c : store::list_request_checkins(db, r.meta.id))
        if (c.state == CheckInState::Open && c.department_id == *r.department_id) {
            store::set_checkin_state(db, c.meta.id, CheckInState::Done, on, staff, note);
            return;
        }
}

void checkins_deadline_moved(DbImpl& db, const ServiceRequest& r, const HolidayCalendar& cal) {
    const auto day = checkin_day(cal, r.received_on, r.due_on, checkin_days_before(db, r.office_id));
    if (day) store::move_scheduled_checkins(db, r.meta.id, *day);
}

}  // namespace detail

CheckIn CheckIns::get(Id id) const {
    auto c = store::find_checkin(*db_, id);
    if (!c) throw NotFound("check-in", std::to_string(id));
    return std::move(*c);
}

CheckIn CheckIns::schedule(Id request_id, Date on, Id staff_id, const std::string& note) {
    detail::WriteScope write(*db_);
    const ServiceRequest r = Requests(*db_).get(request_id);
    if (!is_open(r.status))
        throw ValidationError("request", std::to_string(request_id),
                              "is " + std::string(to_string(r.status)) + ": only an open request has check-ins");
    if (!r.department_id)
        throw ValidationError("request", std::to_string(request_id),
                              "is in triage: route it to a department before scheduling a check-in");
    if (on < today()) throw ValidationError("on", on.iso(), "is in the past (today is " + today().iso() + ")");
    std::optional<Id> staff;
    if (staff_id) {
        const StaffMember s = Staff(*db_).get(staff_id);
        if (s.office_id != r.office_id)
            throw ValidationError("staff", std::to_string(staff_id), s.name + " works at another office");
        staff = staff_id;
    }
    CheckIn c{.meta = detail::new_meta(*db_),
              .office_id = r.office_id,
              .request_id = r.meta.id,
              .department_id = *r.department_id,
              .staff_id = staff,
              .due_on = on,
              .origin = CheckInOrigin::ByHand,
              .note = std::string(detail::trim(note))};
    store::insert_checkin(*db_, c);
    return c;
}

CheckIn CheckIns::done(Id id, Id staff_id, const std::string& outcome, std::optional<Date> on) {
    detail::WriteScope write(*db_);
    const CheckIn c = get(id);
    if (c.state != CheckInState::Open)
        throw Conflict("check-in " + std::to_string(id) + " is " + std::string(to_string(c.state)) +
                       ": only an open check-in can be done");
    std::optional<Id> staff;
    if (staff_id) {
        const StaffMember s = Staff(*db_).get(staff_id);
        if (s.office_id != c.office_id)
            throw ValidationError("staff", std::to_string(staff_id), s.name + " works at another office");
        staff = staff_id;
    }
    const Date day = on.value_or(today());
    if (day > today()) throw ValidationError("on", day.iso(), "is in the future (today is " + today().iso() + ")");
    const Date received = Requests(*db_).get(c.request_id).received_on;
    if (day < received)
        throw ValidationError("on", day.iso(), "is before the request was received (" + received.iso() + ")");
    store::set_checkin_state(*db_, id, CheckInState::Done, day, staff, std::string(detail::trim(outcome)));
    return get(id);
}

std::vector<CheckIn> CheckIns::of_request(Id request_id) const {
    Requests(*db_).get(request_id);
    return store::list_request_checkins(*db_, request_id);
}

namespace {
void check_filter(detail::DbImpl& db, Id office_id, const CheckInFilter& f) {
    detail::check_office(db, office_id);
    if (f.department_id && Departments(db).get(*f.department_id).office_id != office_id)
        throw ValidationError("department", std::to_string(*f.department_id), "belongs to another office");
    if (f.staff_id && Staff(db).get(*f.staff_id).office_id != office_id)
        throw ValidationError("staff", std::to_string(*f.staff_id), "works at another office");
}
}  // namespace

std::vector<CheckIn> CheckIns::due(Id office_id, Date day, const CheckInFilter& f) const {
    check_filter(*db_, office_id, f);
    return store::list_open_checkins(*db_, office_id, day, day, f);
}

std::vector<CheckIn> CheckIns::overdue(Id office_id, Date day, const CheckInFilter& f) const {
    check_filter(*db_, office_id, f);
    return store::list_open_checkins(*db_, office_id, std::nullopt, day.add_days(-1), f);
}

Table CheckIns::table(Id office_id, Date day, const CheckInFilter& f) const {
    check_filter(*db_, office_id, f);
    const auto rows = store::list_open_checkins(*db_, office_id, std::nullopt, day, f);
    std::unordered_map<Id, std::string> departments, staff;
    for (const auto& d : Departments(*db_).list(office_id)) departments[d.meta.id] = d.name;
    for (const auto& s : Staff(*db_).list(office_id)) staff[s.meta.id] = s.name;
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& due_on = t.add_column("due_on", ColumnType::Date);
    auto& late = t.add_column("days_overdue", ColumnType::Int);
    auto& request = t.add_column("request", ColumnType::Int);
    auto& category = t.add_column("category", ColumnType::Text);
    auto& department = t.add_column("department", ColumnType::Text);
    auto& follower = t.add_column("staff", ColumnType::Text);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& request_due = t.add_column("request_due_on", ColumnType::Date);
    auto& origin = t.add_column("origin", ColumnType::Text);
    Requests requests(*db_);
    Employers employers(*db_);
    for (const auto& c : rows) {
        const ServiceRequest r = requests.get(c.request_id);
        id.push_int(c.meta.id);
        due_on.push_int(c.due_on.days());
        late.push_int(day - c.due_on);
        request.push_int(r.meta.id);
        category.push_text(r.category);
        department.push_text(departments[c.department_id]);
        follower.push_text(c.staff_id ? staff[*c.staff_id] : std::string());
        employer.push_text(r.employer_id ? employers.get(*r.employer_id).display_name() : std::string());
        if (r.due_on) request_due.push_int(r.due_on->days());
        else request_due.push_null();
        origin.push_text(std::string(to_string(c.origin)));
    }
    return t;
}

int CheckIns::days_before(Id office_id) const {
    detail::check_office(*db_, office_id);
    return detail::checkin_days_before(*db_, office_id);
}

void CheckIns::set_days_before(Id office_id, int days) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    if (days < 0 || days > 60)
        throw ValidationError("days_before", std::to_string(days), "must be from 0 to 60 business days");
    store::upsert_checkin_days_before(*db_, office_id, days);
}

}  // namespace omilcrm
