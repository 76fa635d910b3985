#pragma once
// How Requests keeps its department check-ins in step (inside its own write scope): one is
// scheduled when a request is routed, the others are closed when it leaves a department or is
// closed, a reminder to the department does the earliest open one, and a deadline moved by a
// pause moves the scheduled one.
#include <optional>
#include <string>

#include "omilcrm/business_days.hpp"
#include "omilcrm/requests.hpp"
#include "store/store.hpp"

namespace omilcrm::detail {

/// The office's business days before a deadline (its setting, or kDefaultCheckInDaysBefore).
int checkin_days_before(DbImpl& db, Id office_id);

/// Who follows a request: its employer's owner, else `staff` (who received or routed it).
std::optional<Id> checkin_follower(std::optional<Id> employer_owner, std::optional<Id> staff);

/// Writes the scheduled check-in of a request just routed (r as it is now) on `day`.
void insert_scheduled_checkin(DbImpl& db, const ServiceRequest& r, Date day, std::optional<Id> follower);

/// The request was routed or re-routed on `routed_on` by `staff`: open check-ins with other
/// departments are closed and, unless one with its department is still open, one is scheduled
/// (checkin_day with the office's calendar and setting).
void checkin_routed(DbImpl& db, const ServiceRequest& r, Date routed_on, std::optional<Id> staff);

/// The request left the open states: its open check-ins are closed with `why`.
void close_checkins(DbImpl& db, Id request_id, const std::string& why);

/// A reminder to the department was recorded on `on`: the earliest open check-in with the
/// request's department is done.
void checkin_reminded(DbImpl& db, const ServiceRequest& r, Date on, std::optional<Id> staff, const std::string& note);

/// The deadline moved (a pause, its end): the open scheduled check-ins move with it.
void checkins_deadline_moved(DbImpl& db, const ServiceRequest& r, const HolidayCalendar& cal);

}  // namespace omilcrm::detail
