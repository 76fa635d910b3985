#pragma once
// The store's functions for department check-ins (request_checkin) and the offices' setting of
// how many business days before a deadline they fall.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/requests.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared check-in (metadata filled); sets c.meta.id.
void insert_checkin(DbImpl& db, CheckIn& c);
std::optional<CheckIn> find_checkin(DbImpl& db, Id id);
/// The request's check-ins, by day then id.
std::vector<CheckIn> list_request_checkins(DbImpl& db, Id request_id);
/// The office's open check-ins due in [from, to] (from unset: any day up to `to`), filtered, by
/// day then id.
std::vector<CheckIn> list_open_checkins(DbImpl& db, Id office_id, std::optional<Date> from, Date to,
                                        const CheckInFilter& f);
/// Done (or closed) on `on` by `by` with the outcome.
void set_checkin_state(DbImpl& db, Id id, CheckInState state, std::optional<Date> on, std::optional<Id> by,
                       const std::string& outcome);
/// Closes the request's open check-ins (all of them, or those with other departments than
/// `keep_department`) with the reason; returns how many.
std::size_t close_request_checkins(DbImpl& db, Id request_id, std::optional<Id> keep_department,
                                   const std::string& why);
/// Moves the request's open scheduled check-ins to `on` (a deadline moved by a pause).
void move_scheduled_checkins(DbImpl& db, Id request_id, Date on);

std::optional<int> find_checkin_days_before(DbImpl& db, Id office_id);
void upsert_checkin_days_before(DbImpl& db, Id office_id, int days);

}  // namespace omilcrm::store
