#pragma once
// Service requests: what employers ask of the municipality through the office (tree pruning,
// green-area upkeep, street-light repair, crosswalk painting, speed bumps, security rounds,
// garbage removal, public works), routed to a municipal department and followed up until done.
// The life cycle and the routing rules are pure functions (no database, no clock); business-day
// deadlines are business_days.hpp. The repositories: Departments, ServiceCatalogue,
// RoutingRules and Requests (db.departments(), db.catalogue(), db.routing(), db.requests()).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/business_days.hpp"
#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

// What the keywords below take a record or its id of.
struct Office;
struct StaffMember;
struct Employer;
struct Interaction;
struct Department;

// ---- Life cycle ----------------------------------------------------------------------------

/// Where a service request stands.
///
/// Allowed transitions (anything else is refused):
///
/// | from          | to                                                          |
/// |---------------|-------------------------------------------------------------|
/// | received      | routed, rejected, duplicate                                 |
/// | routed        | in_progress, routed (re-routed to another department), resolved, rejected, duplicate |
/// | in_progress   | resolved, routed (re-routed), rejected                      |
/// | resolved      | closed, reopened                                            |
/// | closed        | reopened                                                    |
/// | reopened      | routed, in_progress, resolved                               |
/// | rejected      | reopened (a rejection can be reconsidered)                  |
/// | duplicate     | (none: final)                                               |
///
/// Open states (still the office's to follow up): received, routed, in_progress, reopened.
enum class RequestStatus { Received, Routed, InProgress, Resolved, Closed, Rejected, Duplicate, Reopened };

/// "received", "routed", "in_progress", "resolved", "closed", "rejected", "duplicate", "reopened".
template <>
struct EnumNames<RequestStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names = std::to_array<std::string_view>(
        {"received", "routed", "in_progress", "resolved", "closed", "rejected", "duplicate", "reopened"});
};

/// True when the table above allows `from` -> `to`.
bool can_transition(RequestStatus from, RequestStatus to) noexcept;
/// Throws ValidationError (field "status", value the target state) when `from` -> `to` is not
/// allowed; the message names both states and lists the states allowed after `from`.
void check_transition(RequestStatus from, RequestStatus to);
/// The states allowed after `from`, in the order of the table above (empty for duplicate).
std::vector<RequestStatus> next_states(RequestStatus from);

/// Checks the day of a change to a request (a transition, a reroute, a pause or its end) on
/// `on`: not before `last`, the day of the latest entry of its history (a history reads in order:
/// a request is not resolved before the day it was routed), and not after `today`. Throws
/// ValidationError naming `field`.
void check_change_day(const char* field, Date on, Date last, Date today);

/// True for received, routed, in_progress and reopened.
bool is_open(RequestStatus s) noexcept;
/// The Open311 GeoReport v2 status: "open" for the open states, "closed" for the rest.
std::string_view open311_status(RequestStatus s) noexcept;

// ---- Attributes ----------------------------------------------------------------------------

/// The type of a request attribute, as Open311 GeoReport v2 names it.
enum class AttributeType { String, Number, Datetime, Text, SingleValueList, MultiValueList };
/// "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist".
template <>
struct EnumNames<AttributeType> {
    static constexpr std::string_view field = "datatype";
    static constexpr auto names =
        std::to_array<std::string_view>({"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"});
};

/// One choice of a list attribute: its key (what is stored and sent) and its name (shown).
struct AttributeChoice {
    std::string key{};
    std::string name{};
};

/// What a request of a category carries beyond its description and place: "trees" (how many
/// trees), "waste_kind" (what is to be removed), or an office's own.
struct AttributeDefinition {
    std::string code{};
    AttributeType datatype = AttributeType::String;
    bool required = true;
    std::string description{};              ///< the question asked, in Spanish
    std::string datatype_description{};     ///< what a valid answer looks like, in Spanish
    std::vector<AttributeChoice> values{};  ///< the choices of a list attribute
};

/// The definition of an attribute as a category lists it: a code, with a trailing '?' when it
/// may be left out ("waste_kind?"). The library's own attributes are typed: "trees" (a whole
/// number from 1 to 500) and "waste_kind" (any of domiciliaria, escombros, ramas, voluminosos,
/// reciclables); an office's own code is a required (or, with '?', optional) line of text.
/// "location" is not an attribute (the request's address or coordinates say where).
AttributeDefinition attribute_definition(std::string_view listed);

/// Checks the value(s) given for an attribute against its definition and returns them as stored
/// (a number without spaces or leading zeros; list keys in the definition's order, joined by
/// ','). ValidationError naming "attribute[code]" and the value given: a number that is not
/// whole or out of range, a key not among the choices, several values for a single-value
/// attribute, a date that is not ISO 8601, text over 4,000 characters or with ';' (the stored
/// separator).
std::string check_attribute(const AttributeDefinition& d, const std::vector<std::string>& values);

// ---- Photos --------------------------------------------------------------------------------

/// The largest photo a request keeps: 5 MiB.
inline constexpr std::size_t kMaxPhotoBytes = 5u << 20;

/// Checks a photo before it is kept with a request and returns its content type as stored:
/// "image/jpeg", "image/png" or "image/webp" (case and parameters such as "; q=1" ignored).
/// ValidationError naming "content_type" for any other type; naming "photo" when the bytes are
/// empty, larger than kMaxPhotoBytes, or do not begin with the signature of that type (JPEG
/// FF D8 FF; PNG 89 50 4E 47 0D 0A 1A 0A; WebP "RIFF", four bytes of length, "WEBP"): a file
/// sent under another type's name, a web page or a PDF is refused. The error's value is the
/// first bytes in hexadecimal. Pure: no database.
std::string check_photo(std::string_view content_type, std::string_view bytes);

// ---- Routing -------------------------------------------------------------------------------

/// One line of a routing table: requests of `category` (optionally only in `area`, optionally
/// only when the description holds one of `keywords`) go to `department_id`.
struct RoutingRule {
    Id id = 0;
    int position = 0;                     ///< rules are tried in ascending position (ties by id)
    std::string category{};               ///< a category code such as "tree_pruning", compared exactly
    std::string area{};                   ///< commune sector or industrial park; empty = any area
    std::vector<std::string> keywords{};  ///< any one must appear in the description as whole
                                          ///< word(s), accents and case ignored; empty = no condition
    Id department_id = 0;                 ///< must be positive on an active rule
    bool active = true;
};
template <>
struct RecordFields<RoutingRule> {
    static constexpr auto fields =
        std::make_tuple(field("id", &RoutingRule::id), field("position", &RoutingRule::position),
                        field("category", &RoutingRule::category), field("area", &RoutingRule::area),
                        field("keywords", &RoutingRule::keywords), field("department_id", &RoutingRule::department_id),
                        field("active", &RoutingRule::active));
};

/// What routing looks at in a request.
struct RoutingInput {
    std::string category{};
    std::string area{};
    std::string description{};
};

/// Where a request goes, and why.
struct RoutingDecision {
    std::optional<Id> department_id{};  ///< empty: no rule matched, the request goes to triage
    std::optional<Id> rule_id{};        ///< the rule that matched
    /// e.g. "rule 3 (category tree_pruning, keyword 'poda')" or
    /// "no rule matched category tree_pruning: triage".
    std::string explanation{};
};

/// Tries the active rules in `position` order (ties by id, then by order in `rules`) and returns
/// the first that matches `in`: same category (exact), same area when the rule names one
/// (accents, case, spaces and punctuation ignored), and one of the rule's keywords in the
/// description when it has any. A keyword matches whole words only: "poda" matches
/// "Poda de árboles" but not "podadora"; a keyword of several words ("luminaria apagada") must
/// appear as those consecutive words. Blank keywords are ignored. No match: department_id is
/// empty and the request goes to triage. Throws ValidationError (field "department_id") when an
/// active rule has no positive department_id.
RoutingDecision route(const RoutingInput& in, const std::vector<RoutingRule>& rules);

// ---- Records -------------------------------------------------------------------------------

/// A municipal department that does the work (Aseo y Ornato, Seguridad Pública, ...).
struct Department {
    RecordMeta meta{};
    Id office_id = 0;
    std::string code{};  ///< "aseo", "seguridad", ...
    std::string name{};
    std::string email{};
    bool active = true;
};
template <>
struct RecordFields<Department> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Department::meta), field("office_id", &Department::office_id), field("code", &Department::code),
        field("name", &Department::name), field("email", &Department::email), field("active", &Department::active));
};

/// A kind of service an employer can ask for, with its default department and deadline.
struct ServiceCategory {
    RecordMeta meta{};
    Id office_id = 0;
    std::string code{};  ///< "tree_pruning", ...
    std::string name{};  ///< Spanish name, "Poda de árboles"
    std::string description{};
    std::optional<Id> department_id{};  ///< where a request goes when no rule says otherwise
    int deadline_days = 10;             ///< business days from receipt
    std::vector<std::string> keywords{};
    /// What the request must carry: "location" (an address or coordinates), "trees" (number of
    /// trees), ... checked when a request is opened.
    std::vector<std::string> attributes{};
    bool active = true;
};
template <>
struct RecordFields<ServiceCategory> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &ServiceCategory::meta), field("office_id", &ServiceCategory::office_id),
        field("code", &ServiceCategory::code), field("name", &ServiceCategory::name),
        field("description", &ServiceCategory::description), field("department_id", &ServiceCategory::department_id),
        field("deadline_days", &ServiceCategory::deadline_days), field("keywords", &ServiceCategory::keywords),
        field("attributes", &ServiceCategory::attributes), field("active", &ServiceCategory::active));
};

struct ServiceRequest {
    RecordMeta meta{};
    Id office_id = 0;
    std::optional<Id> employer_id{};
    std::optional<Id> interaction_id{};  ///< where it was raised (a visit, a cluster meeting)
    std::string category{};
    std::string description{};
    std::string address{};
    std::optional<double> latitude{};
    std::optional<double> longitude{};
    std::string area{};  ///< sector or park, for routing rules
    /// Further attributes, "name=value" pairs separated by ';' ("trees=3").
    std::string attributes{};
    std::string requester_name{};
    std::string requester_email{};
    std::string requester_phone{};
    std::string address_id{};  ///< the address's id in the municipality's address register
    std::string zipcode{};     ///< the postal code, as the requester gave it
    std::string media_url{};   ///< a photo of the problem (an http or https URL)
    RequestStatus status = RequestStatus::Received;
    std::optional<Id> department_id{};    ///< empty = in triage
    std::optional<Id> routing_rule_id{};  ///< the rule that routed it
    Date received_on{};
    int deadline_days = 0;         ///< the category's business days when it was received
    std::optional<Date> due_on{};  ///< business-day deadline (empty while paused without end)
    std::optional<Date> resolved_on{};
    std::optional<Id> duplicate_of{};

    bool in_triage() const noexcept { return !department_id && is_open(status); }
};
template <>
struct RecordFields<ServiceRequest> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &ServiceRequest::meta), field("office_id", &ServiceRequest::office_id),
        field("employer_id", &ServiceRequest::employer_id), field("interaction_id", &ServiceRequest::interaction_id),
        field("category", &ServiceRequest::category), field("description", &ServiceRequest::description),
        field("address", &ServiceRequest::address), field("latitude", &ServiceRequest::latitude),
        field("longitude", &ServiceRequest::longitude), field("area", &ServiceRequest::area),
        field("attributes", &ServiceRequest::attributes), field("requester_name", &ServiceRequest::requester_name),
        field("requester_email", &ServiceRequest::requester_email),
        field("requester_phone", &ServiceRequest::requester_phone), field("address_id", &ServiceRequest::address_id),
        field("zipcode", &ServiceRequest::zipcode), field("media_url", &ServiceRequest::media_url),
        field("status", &ServiceRequest::status), field("department_id", &ServiceRequest::department_id),
        field("routing_rule_id", &ServiceRequest::routing_rule_id), field("received_on", &ServiceRequest::received_on),
        field("deadline_days", &ServiceRequest::deadline_days), field("due_on", &ServiceRequest::due_on),
        field("resolved_on", &ServiceRequest::resolved_on), field("duplicate_of", &ServiceRequest::duplicate_of));
};

struct NewServiceRequest {
    Id office_id = 0;  ///< may be 0 when employer_id is given
    std::optional<Id> employer_id{};
    std::optional<Id> interaction_id{};
    std::string category{};
    std::string description{};
    std::string address{};
    std::optional<double> latitude{};
    std::optional<double> longitude{};
    std::string area{};
    std::string attributes{};
    std::string requester_name{};
    std::string requester_email{};
    std::string requester_phone{};
    std::string address_id{};  ///< an address register's id: a place, like address or coordinates
    std::string zipcode{};
    std::string media_url{};            ///< a photo's http or https URL
    std::optional<Date> received_on{};  ///< default today
    Id staff_id = 0;                    ///< who received it (0 = none, e.g. an Open311 client)
};
/// As Requests.open() takes them in Python ("by" the staff member; "email" and "phone" the
/// requester's).
template <>
struct RecordFields<NewServiceRequest> {
    static constexpr auto fields = std::make_tuple(
        field("category", &NewServiceRequest::category).required(),
        ref<Employer>("employer", &NewServiceRequest::employer_id),
        ref<Office>("office", &NewServiceRequest::office_id), field("description", &NewServiceRequest::description),
        field("address", &NewServiceRequest::address), field("latitude", &NewServiceRequest::latitude),
        field("longitude", &NewServiceRequest::longitude), field("area", &NewServiceRequest::area),
        field("attributes", &NewServiceRequest::attributes), field("received_on", &NewServiceRequest::received_on),
        ref<StaffMember>("by", &NewServiceRequest::staff_id),
        ref<Interaction>("interaction", &NewServiceRequest::interaction_id),
        field("requester_name", &NewServiceRequest::requester_name),
        field("email", &NewServiceRequest::requester_email), field("phone", &NewServiceRequest::requester_phone),
        field("address_id", &NewServiceRequest::address_id), field("zipcode", &NewServiceRequest::zipcode),
        field("media_url", &NewServiceRequest::media_url));
};

/// One entry of a request's history.
struct RequestEvent {
    Id request_id = 0;
    std::string kind{};  ///< transition, reroute, note, reminder, notified, pause, resume
    Date on{};
    std::optional<Id> staff_id{};
    std::optional<RequestStatus> from_status{};
    std::optional<RequestStatus> to_status{};
    std::optional<Id> department_id{};
    std::optional<Id> routing_rule_id{};
    std::string note{};
    bool visible_to_employer = false;
    Timestamp at{};
    std::optional<std::string> actor{};  ///< who recorded it ("staff:3"); none before it was recorded
};
template <>
struct RecordFields<RequestEvent> {
    static constexpr auto fields = std::make_tuple(
        field("request_id", &RequestEvent::request_id), field("kind", &RequestEvent::kind),
        field("on", &RequestEvent::on), field("staff_id", &RequestEvent::staff_id),
        field("from_status", &RequestEvent::from_status), field("to_status", &RequestEvent::to_status),
        field("department_id", &RequestEvent::department_id), field("routing_rule_id", &RequestEvent::routing_rule_id),
        field("note", &RequestEvent::note), field("visible_to_employer", &RequestEvent::visible_to_employer),
        field("at", &RequestEvent::at), field("actor", &RequestEvent::actor));
};

/// A photo kept with a service request (uploaded over HTTP, from Python or the command line).
/// Its bytes are read with Requests::photo(); Open311 serves them at /open311/v2/media/{uuid}.
struct RequestPhoto {
    RecordMeta meta{};
    Id request_id = 0;
    std::string content_type{};  ///< "image/jpeg", "image/png" or "image/webp"
    std::int64_t size = 0;       ///< in bytes
};
template <>
struct RecordFields<RequestPhoto> {
    static constexpr auto fields =
        std::make_tuple(field("meta", &RequestPhoto::meta), field("request_id", &RequestPhoto::request_id),
                        field("content_type", &RequestPhoto::content_type), field("size", &RequestPhoto::size));
};

/// A photo with its bytes, as Requests::photo() reads it.
struct PhotoContent {
    RequestPhoto photo{};
    std::string bytes{};
};

/// What the request lists are filtered by (unset = all).
struct RequestFilter {
    bool open_only = true;
    bool triage_only = false;  ///< only open requests no department has
    std::optional<Id> department_id{};
    std::optional<Id> employer_id{};
};
/// As Requests.list() takes them in Python.
template <>
struct RecordFields<RequestFilter> {
    static constexpr auto fields = std::make_tuple(field("open_only", &RequestFilter::open_only),
                                                   field("triage_only", &RequestFilter::triage_only),
                                                   ref<Department>("department", &RequestFilter::department_id),
                                                   ref<Employer>("employer", &RequestFilter::employer_id));
};

// ---- Department check-ins ------------------------------------------------------------------

/// Where a check-in with a department stands. open: still to do; done: the office asked the
/// department how the request stands (by hand, or a reminder recorded with Requests::reminded);
/// closed: no longer needed (the request was closed, or re-routed to another department).
enum class CheckInState { Open, Done, Closed };
/// "open", "done", "closed".
template <>
struct EnumNames<CheckInState> {
    static constexpr std::string_view field = "state";
    static constexpr auto names = std::to_array<std::string_view>({"open", "done", "closed"});
};

/// How a check-in came to be: scheduled when the request was routed, or by hand.
enum class CheckInOrigin { Scheduled, ByHand };
/// "scheduled", "by_hand".
template <>
struct EnumNames<CheckInOrigin> {
    static constexpr std::string_view field = "origin";
    static constexpr auto names = std::to_array<std::string_view>({"scheduled", "by_hand"});
};

/// The business days before a request's deadline its department check-in falls on, unless the
/// office sets its own (CheckIns::set_days_before).
inline constexpr int kDefaultCheckInDaysBefore = 2;

/// The day of the check-in with the department a request was routed to on `routed_on`:
/// `days_before` business days before `due_on` (the office's holiday calendar), and not before
/// `routed_on` itself (a request routed late is checked on the day it is routed, or the next
/// business day when that is a weekend or holiday). Nothing when the request has no deadline (a
/// pause without end). ValidationError (field "days_before") outside 0..60. Pure: no database.
std::optional<Date> checkin_day(const HolidayCalendar& cal, Date routed_on, std::optional<Date> due_on,
                                int days_before);

/// A check-in with a department about a request: the office asks how it stands before the
/// deadline, so that nothing is found late.
struct CheckIn {
    RecordMeta meta{};
    Id office_id = 0;
    Id request_id = 0;
    Id department_id = 0;
    std::optional<Id> staff_id{};  ///< who follows the request (its employer's owner, or who routed it)
    Date due_on{};                 ///< the day of the check-in
    CheckInOrigin origin = CheckInOrigin::Scheduled;
    std::string note{};
    CheckInState state = CheckInState::Open;
    std::optional<Date> done_on{};
    std::optional<Id> done_by{};
    std::string outcome{};  ///< what the department said, or why it was closed
};
template <>
struct RecordFields<CheckIn> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &CheckIn::meta), field("office_id", &CheckIn::office_id),
        field("request_id", &CheckIn::request_id), field("department_id", &CheckIn::department_id),
        field("staff_id", &CheckIn::staff_id), field("due_on", &CheckIn::due_on), field("origin", &CheckIn::origin),
        field("note", &CheckIn::note), field("state", &CheckIn::state), field("done_on", &CheckIn::done_on),
        field("done_by", &CheckIn::done_by), field("outcome", &CheckIn::outcome));
};

/// What the check-in lists are filtered by (unset = all).
struct CheckInFilter {
    std::optional<Id> department_id{};
    std::optional<Id> staff_id{};
};
/// As CheckIns.due() and overdue() take them in Python.
template <>
struct RecordFields<CheckInFilter> {
    static constexpr auto fields = std::make_tuple(ref<Department>("department", &CheckInFilter::department_id),
                                                   ref<StaffMember>("staff", &CheckInFilter::staff_id));
};

// ---- Repositories --------------------------------------------------------------------------

class Departments : public Repository {
public:
    using Repository::Repository;
    Department add(Id office_id, const std::string& code, const std::string& name, const std::string& email = {});
    Department get(Id id) const;
    std::optional<Department> by_code(Id office_id, std::string_view code) const;
    std::vector<Department> list(Id office_id) const;
    Department update(Id id, std::optional<std::string> name, std::optional<std::string> email,
                      std::optional<bool> active);
    /// The default departments, catalogue and routing rules of a Chilean municipality; done
    /// when an office is added (idempotent).
    void seed_defaults(Id office_id);
};

class ServiceCatalogue : public Repository {
public:
    using Repository::Repository;
    ServiceCategory add(const ServiceCategory& c);
    /// By code; NotFound when the office has no such category.
    ServiceCategory get(Id office_id, std::string_view code) const;
    std::vector<ServiceCategory> list(Id office_id) const;
    ServiceCategory set_deadline(Id office_id, std::string_view code, int business_days);
};

class RoutingRules : public Repository {
public:
    using Repository::Repository;
    /// Adds a rule; rules are tried by position (then id).
    RoutingRule add(Id office_id, const RoutingRule& r);
    std::vector<RoutingRule> list(Id office_id) const;
    void set_active(Id rule_id, bool active);
};

class Requests : public Repository {
public:
    using Repository::Repository;
    /// Receives a request and routes it: the first matching rule decides the department (and is
    /// recorded); with none, the request waits in triage. The deadline counts the category's
    /// business days from receipt. One transaction.
    ServiceRequest open(const NewServiceRequest& in);
    /// Bulk path: in one transaction, every row validated and routed as open() does (rules,
    /// triage, deadline from the category on the received day). Errors name the row
    /// (rows[i].category); a row naming a record that does not exist is a ValidationError too.
    /// One bad row and nothing is written; empty input writes nothing. Returns the new ids.
    /// `progress`, if given, is told the rows written so far (see Progress); if it throws, nothing is written.
    std::vector<Id> open_many(const std::vector<NewServiceRequest>& rows, const Progress& progress = {});
    ServiceRequest get(Id id) const;
    /// A change of state; invalid transitions are refused (see RequestStatus).
    ServiceRequest transition(Id id, RequestStatus to, Id staff_id, const std::string& note,
                              bool visible_to_employer = false, std::optional<Date> on = {});
    /// Sends the request to another department by hand; the history keeps the previous one.
    ServiceRequest reroute(Id id, Id department_id, Id staff_id, const std::string& note, std::optional<Date> on = {});
    ServiceRequest mark_duplicate(Id id, Id original_id, Id staff_id, std::optional<Date> on = {});
    /// Stops the clock while the office waits on the employer; resume() restarts it and the
    /// deadline moves by the paused business days.
    ServiceRequest pause(Id id, Date from, Id staff_id, const std::string& note);
    ServiceRequest resume(Id id, Date to, Id staff_id);
    void add_note(Id id, Id staff_id, const std::string& note, bool visible_to_employer, std::optional<Date> on = {});
    /// Records that the employer was told how the request stands.
    void told_employer(Id id, Id staff_id, const std::string& note, std::optional<Date> on = {});
    /// Records a reminder sent to the department.
    void reminded(Id id, Id staff_id, const std::string& note, std::optional<Date> on = {});
    std::vector<RequestEvent> history(Id id) const;
    /// Keeps a photo with the request: `bytes` as sent, of `content_type` (check_photo: JPEG, PNG
    /// or WebP, at most 5 MiB, its signature checked). The request's history gains a note that a
    /// photo was added (not shown to the employer); Open311 reads the latest photo as the
    /// request's media_url when the request has none of its own. One transaction; a refused
    /// photo writes nothing.
    RequestPhoto attach_photo(Id request_id, std::string_view content_type, std::string_view bytes);
    /// The request's photos, oldest first (without their bytes).
    std::vector<RequestPhoto> photos(Id request_id) const;
    /// The photo with this UUID, with its bytes, when it belongs to a request of the office;
    /// nothing otherwise (another office's photo reads as one that does not exist).
    std::optional<PhotoContent> photo(Id office_id, std::string_view uuid) const;
    std::vector<ServiceRequest> list(Id office_id, const RequestFilter& f = {}) const;
    /// Open requests past their deadline on `day`; only one department's when `department_id`
    /// is given (a department of another office is a ValidationError naming "department").
    std::vector<ServiceRequest> overdue(Id office_id, Date day, std::optional<Id> department_id = {}) const;
    /// Open requests due within `business_days` business days of `day` (not yet overdue); only
    /// one department's when `department_id` is given, as overdue().
    std::vector<ServiceRequest> near_deadline(Id office_id, Date day, int business_days,
                                              std::optional<Id> department_id = {}) const;
    /// Chile's national holidays plus the office's local ones.
    HolidayCalendar holidays(Id office_id) const;
    void add_holiday(Id office_id, Date on, const std::string& name);
    Table table(Id office_id, const RequestFilter& f = {}) const;
    /// Open requests per department on `day` (triage as its own row): how many, how many past
    /// their deadline, and their age in calendar days (oldest and mean).
    Table open_by_department(Id office_id, Date day) const;
    /// Requests received in [from, to], per department and category: received, resolved,
    /// resolved on time (on or before the deadline), still open, open past the deadline on the
    /// last day judged (`to`, or today while the period is not over: judged_to() in period.hpp),
    /// the on-time share of resolved ones and the median business days to resolve. The table's
    /// metadata "judged_to" says the day ("" when the period has not begun).
    Table deadline_compliance(Id office_id, Date from, Date to) const;
};

/// Check-ins with departments (db.checkins()): one is scheduled when a request is routed or
/// re-routed (checkin_day), staff schedule more by hand, a reminder to the department
/// (Requests::reminded) does the earliest open one, and the open ones are closed when the
/// request is closed or leaves the department. See docs/requests.md.
class CheckIns : public Repository {
public:
    using Repository::Repository;
    CheckIn get(Id id) const;
    /// A check-in by hand with the request's department on `on` (today or later), followed by
    /// `staff_id`. ValidationError naming "on"
    /// (a past day), "request" (a request not open or in triage) or "staff" (another office's).
    /// One transaction.
    CheckIn schedule(Id request_id, Date on, Id staff_id, const std::string& note = {});
    /// Records the check-in as done on `on` (default today; not in the future, not before the
    /// check-in was made) by `staff_id`, with what the department said. Conflict when it is not
    /// open. One transaction.
    CheckIn done(Id id, Id staff_id, const std::string& outcome = {}, std::optional<Date> on = {});
    /// The request's check-ins, by day.
    std::vector<CheckIn> of_request(Id request_id) const;
    /// Open check-ins of the office due on `day`.
    std::vector<CheckIn> due(Id office_id, Date day, const CheckInFilter& f = {}) const;
    /// Open check-ins of the office due before `day`.
    std::vector<CheckIn> overdue(Id office_id, Date day, const CheckInFilter& f = {}) const;
    /// Open check-ins due on or before `day`, as a table: id, due_on, days_overdue, request,
    /// category, department, staff, employer, request_due_on, origin.
    Table table(Id office_id, Date day, const CheckInFilter& f = {}) const;
    /// The business days before a request's deadline its check-in is scheduled (the office's
    /// setting, or kDefaultCheckInDaysBefore).
    int days_before(Id office_id) const;
    /// Sets it (0 to 60; ValidationError naming "days_before"). Check-ins already scheduled keep
    /// their day.
    void set_days_before(Id office_id, int days);
};

}  // namespace omilcrm
