#pragma once
// Service requests: what employers ask of the municipality through the office, routed to a
// department and followed up until done. The decisions (life cycle, routing, business-day
// deadlines) are the pure functions of service_request.hpp and business_days.hpp.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/business_days.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/service_request.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// A municipal department that does the work (Aseo y Ornato, Seguridad Pública, ...).
struct Department {
    RecordMeta meta{};
    Id office_id = 0;
    std::string code{};  ///< "aseo", "seguridad", ...
    std::string name{};
    std::string email{};
    bool active = true;
};

/// A kind of service an employer can ask for, with its default department and deadline.
struct ServiceCategory {
    RecordMeta meta{};
    Id office_id = 0;
    std::string code{};  ///< "tree_pruning", ...
    std::string name{};  ///< Spanish name, "Poda de árboles"
    std::string description{};
    std::optional<Id> department_id{};  ///< where a request goes when no rule says otherwise
    int deadline_days = 10;           ///< business days from receipt
    std::vector<std::string> keywords{};
    /// What the request must carry: "location" (an address or coordinates), "trees" (number of
    /// trees), ... checked when a request is opened.
    std::vector<std::string> attributes{};
    bool active = true;
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
    RequestStatus status = RequestStatus::Received;
    std::optional<Id> department_id{};  ///< empty = in triage
    std::optional<Id> routing_rule_id{};  ///< the rule that routed it
    Date received_on{};
    int deadline_days = 0;       ///< the category's business days when it was received
    std::optional<Date> due_on{};  ///< business-day deadline (empty while paused without end)
    std::optional<Date> resolved_on{};
    std::optional<Id> duplicate_of{};

    bool in_triage() const noexcept { return !department_id && is_open(status); }
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
    std::optional<Date> received_on{};  ///< default today
    Id staff_id = 0;                  ///< who received it (0 = none, e.g. an Open311 client)
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
};

/// What the request lists are filtered by (unset = all).
struct RequestFilter {
    bool open_only = true;
    bool triage_only = false;  ///< only open requests no department has
    std::optional<Id> department_id{};
    std::optional<Id> employer_id{};
};

}  // namespace omilcrm
