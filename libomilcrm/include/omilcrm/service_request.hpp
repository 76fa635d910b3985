#pragma once
// Requests for municipal services that employers bring to the office (tree pruning, green-area
// upkeep, street-light repair, crosswalk painting, speed bumps, security rounds, garbage removal,
// public works): their life cycle and the rules that route each one to a municipal department.
// Pure functions: no database, no clock.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm {

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
    static constexpr auto names = std::to_array<std::string_view>({"received", "routed", "in_progress", "resolved", "closed", "rejected", "duplicate", "reopened"});
};
/// The status named by `text` (case ignored, '-' and ' ' read as '_'); ValidationError field
/// "status" otherwise.
inline RequestStatus parse_request_status(std::string_view text) { return parse_enum<RequestStatus>(text); }

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

}  // namespace omilcrm
