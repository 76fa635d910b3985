#pragma once
// The store's functions for service requests: departments, the service catalogue, routing rules,
// an office's local holidays, the requests with their history and pauses, the rows the request
// reports read, and the lookups of the Open311 view.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "omilcrm/business_days.hpp"
#include "omilcrm/requests.hpp"
#include "requests_rules.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

// ---- Departments -------------------------------------------------------------------------

/// Inserts a prepared department (validated, metadata filled); sets d.meta.id.
void insert_department(DbImpl& db, Department& d);
std::optional<Department> find_department(DbImpl& db, Id id);
/// The office's department with `code` (compared as given).
std::optional<Department> find_department_by_code(DbImpl& db, Id office_id, const std::string& code);
/// The departments of an office, by id.
std::vector<Department> list_departments(DbImpl& db, Id office_id);
/// Sets the name, email and active flag of a department.
void update_department(DbImpl& db, const Department& d);

// ---- Service catalogue -------------------------------------------------------------------

/// Inserts a prepared category; sets c.meta.id. Conflict when the office already has a category
/// with its code.
void insert_category(DbImpl& db, ServiceCategory& c);
/// The office's category with `code` (compared as given).
std::optional<ServiceCategory> find_category(DbImpl& db, Id office_id, const std::string& code);
/// The categories of an office, by id.
std::vector<ServiceCategory> list_categories(DbImpl& db, Id office_id);
void set_category_deadline(DbImpl& db, Id category_id, int business_days);

// ---- Routing rules -----------------------------------------------------------------------

/// Inserts a prepared rule of an office with its metadata; sets r.id.
void insert_routing_rule(DbImpl& db, Id office_id, RoutingRule& r, const RecordMeta& meta);
/// The rules of an office, by position then id.
std::vector<RoutingRule> list_routing_rules(DbImpl& db, Id office_id);
/// Switches a rule on or off; false when there is no such rule.
bool set_routing_rule_active(DbImpl& db, Id rule_id, bool active);

// ---- Local holidays ----------------------------------------------------------------------

/// The office's own holidays (local ones), in no particular order.
std::vector<Holiday> list_office_holidays(DbImpl& db, Id office_id);
/// Conflict when the office already has a local holiday on that day.
void insert_office_holiday(DbImpl& db, Id office_id, Date on, const std::string& name, const RecordMeta& meta);

// ---- Requests ----------------------------------------------------------------------------

/// Inserts a prepared request (checked, routed, dated, metadata filled); sets r.meta.id.
void insert_request(DbImpl& db, ServiceRequest& r);
std::optional<ServiceRequest> find_request(DbImpl& db, Id id);
/// The office's requests, of one department and one employer when given, by receipt day then id.
std::vector<ServiceRequest> list_requests(DbImpl& db, Id office_id, std::optional<Id> department_id,
                                          std::optional<Id> employer_id);
/// Sets the status and the resolution day (empty clears it).
void set_request_status(DbImpl& db, Id id, RequestStatus status, std::optional<Date> resolved_on);
/// Routes the request by hand to `department_id` (status routed, no rule).
void set_request_routed(DbImpl& db, Id id, Id department_id);
/// Marks the request a duplicate of `original_id`.
void set_request_duplicate(DbImpl& db, Id id, Id original_id);
/// Sets the deadline (empty: none while an open pause holds it).
void set_request_due(DbImpl& db, Id id, std::optional<Date> due_on);
/// `original_id` followed by the original of each request in turn (duplicate_of), stopping after
/// `stop_at` when it is met; a cycle an older file may hold is followed once.
std::vector<Id> duplicate_chain(DbImpl& db, Id original_id, Id stop_at);

// ---- History and pauses ------------------------------------------------------------------

/// Appends one entry to a request's history (its own uuid and timestamps).
void insert_request_event(DbImpl& db, const RequestEvent& e);
/// The request's history in the order it was written.
std::vector<RequestEvent> list_request_events(DbImpl& db, Id request_id);
/// The day of the latest entry of the request's history, if any.
std::optional<Date> last_event_day(DbImpl& db, Id request_id);

/// The request's pauses by start day.
std::vector<Pause> list_pauses(DbImpl& db, Id request_id);
/// Opens a pause of the request from `from`.
void insert_pause(DbImpl& db, Id request_id, Date from);
struct OpenPause {
    Id id = 0;
    Date from;
};
/// The request's pause with no end, if it is waiting.
std::optional<OpenPause> find_open_pause(DbImpl& db, Id request_id);
/// Ends a pause on `to`.
void close_pause(DbImpl& db, Id pause_id, Date to);

// ---- Photos ------------------------------------------------------------------------------

/// Inserts a checked photo of a request with its bytes (the actor is the connection's); sets
/// p.meta.id.
void insert_request_photo(DbImpl& db, RequestPhoto& p, std::string_view bytes);
/// The request's photos, oldest first, without their bytes.
std::vector<RequestPhoto> list_request_photos(DbImpl& db, Id request_id);
/// The photo with this UUID and its bytes, when it belongs to a request of the office.
std::optional<PhotoContent> find_request_photo(DbImpl& db, Id office_id, std::string_view uuid);
/// For every request of the office with photos (or only request `only`), the UUID of its latest one.
std::unordered_map<Id, std::string> latest_photos(DbImpl& db, Id office_id, std::optional<Id> only = {});

// ---- Reports -----------------------------------------------------------------------------

/// The requests of an office received in [from, to] that are neither duplicates nor rejected,
/// with only the columns deadline_compliance counts and each one's pauses (by start day).
std::vector<detail::RequestOutcome> compliance_requests(DbImpl& db, Id office_id, Date from, Date to);

// ---- Open311 -----------------------------------------------------------------------------

/// For every request of the office with one (or only request `only`), the latest note of its
/// history the employer may see.
std::unordered_map<Id, std::string> latest_visible_notes(DbImpl& db, Id office_id, std::optional<Id> only = {});
/// A request's latest change: the day it happened and when it was recorded.
struct LastChange {
    Date on{};
    Timestamp recorded{};
};
/// Every request's latest change of status, department or notes (reminders and notices sent
/// change nothing), by request id; only request `only`'s when given.
std::unordered_map<Id, LastChange> last_changes(DbImpl& db, Id office_id, std::optional<Id> only = {});
/// The id of the office's request with this UUID.
std::optional<Id> find_request_id_by_uuid(DbImpl& db, Id office_id, std::string_view uuid);

}  // namespace omilcrm::store
