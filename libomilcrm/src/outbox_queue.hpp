#pragma once
// How the repositories whose changes cause messages write them to the outbox: inside their own
// write scope, so the message and the change are committed (or rolled back) together.
#include <cstddef>
#include <string>
#include <vector>

#include "omilcrm/offices.hpp"
#include "omilcrm/requests.hpp"
#include "store/store.hpp"

namespace omilcrm::detail {

/// A request was routed (on receipt, by a rule) or re-routed by hand: a message to its
/// department, when the office's request_routed trigger is on.
void queue_request_routed(DbImpl& db, const ServiceRequest& r, bool rerouted);

/// A request changed state from `from` (r is as it is now): a message to the employer's contact
/// who asked, when the office's request_status trigger is on. `note` goes with it only when
/// `visible` (meant for the employer).
void queue_request_status(DbImpl& db, const ServiceRequest& r, RequestStatus from, const std::string& note,
                          bool visible);

/// A portfolio was handed over: a message to the new owner with the employers and how many open
/// commitments and follow-ups came with them, when the office's hand_over trigger is on.
void queue_hand_over(DbImpl& db, const StaffMember& from, const StaffMember& to, const std::vector<Id>& employers,
                     std::size_t tasks, Date on, const std::string& reason);

}  // namespace omilcrm::detail
