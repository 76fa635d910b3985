#pragma once
// Data-subject requests, restrictions, erasure and retention: the SQL.
#include <optional>
#include <vector>

#include "omilcrm/data_rights.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

void insert_rights_request(DbImpl& db, RightsRequest& r);
std::optional<RightsRequest> find_rights_request(DbImpl& db, Id id);
std::vector<RightsRequest> rights_requests(DbImpl& db, Id office_id, const RightsFilter& f);
/// Writes the request's status, deadline, extension and answer as `r` has them.
void update_rights_request(DbImpl& db, const RightsRequest& r);

void insert_restriction(DbImpl& db, SeekerRestriction& r);
std::optional<SeekerRestriction> find_restriction(DbImpl& db, Id id);
std::vector<SeekerRestriction> restrictions_of(DbImpl& db, Id seeker_id);
void set_restriction_end(DbImpl& db, Id id, Date to);
/// Seekers of the office under a restriction on `day`.
std::vector<Id> restricted_seekers(DbImpl& db, Id office_id, Date day);

/// Conflict when the seeker is under a restriction on `day` (what the caller was about to do
/// is processing the law has stopped).
void check_not_restricted(DbImpl& db, Id seeker_id, Date day);
/// The restriction in force on `day` described ("blocking from 2026-12-01 to 2027-01-31 (reason)"),
/// or nothing when the seeker is free.
std::optional<std::string> restriction_in_force(DbImpl& db, Id seeker_id, Date day);

std::optional<int> office_retention(DbImpl& db, Id office_id);
void set_office_retention(DbImpl& db, Id office_id, std::optional<int> years);

/// Each seeker of the office not yet erased with the last day anything happened to them:
/// registered, consent, a change, a referral, a placement, a workshop, a programme offer.
std::vector<std::pair<Id, Date>> seekers_last_active(DbImpl& db, Id office_id);

/// The seeker's placements: (start, 90-day check).
std::vector<std::pair<Date, std::optional<Date>>> seeker_placements(DbImpl& db, Id seeker_id);

/// Writes the seeker's RUT, name and birth date (Conflict when another seeker of the office
/// has the RUT).
void set_seeker_identity(DbImpl& db, Id seeker_id, const std::string& rut, const std::string& name,
                         std::optional<Date> birth_date);

/// Removes the seeker's personal data for good (secure_delete on for the connection while it
/// runs): the personal record, personal values in the change log, free text that quotes them in
/// their referrals' history and their rights requests; the profile is left without skills,
/// licences, shifts and availability, marked erased on `on`.
void erase_seeker(DbImpl& db, Id seeker_id, Date on, const std::vector<std::string>& quoted);

}  // namespace omilcrm::store
