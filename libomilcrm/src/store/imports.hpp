#pragma once
// The store's functions for the imports and exports of offices' spreadsheets: the rows an import
// reads once to match a file's rows against what the office holds, the rows an export writes,
// and the writes to cluster membership that an import makes besides the repositories' own.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/record.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

// ---- cluster membership -------------------------------------------------------------------
// (To join the clusters' store module once there is one.)

/// Inserts a membership period of `employer_id` in `cluster_id` from `joined`, unchecked: the
/// one an employer added with a cluster (Employers::add, an employers import's cluster column)
/// starts with.
void add_cluster_member_from_import(DbImpl& db, Id cluster_id, Id employer_id, Date joined);
/// Moves the joining date of the employer's period that began on `was` to `joined` (a
/// memberships import giving an earlier date than the one the period was opened with).
void set_cluster_member_joined_from_import(DbImpl& db, Id cluster_id, Id employer_id, Date was, Date joined);

// ---- job seekers --------------------------------------------------------------------------

/// The id of the job seeker registered at the office with this RUT ("12.345.678-5", as the
/// register stores it). Only the key is read: the file already holds the personal data.
std::optional<Id> seeker_id_by_rut(DbImpl& db, Id office_id, const std::string& rut);

// ---- interactions -------------------------------------------------------------------------

/// An interaction of the log as an import matches it (employer, day, kind, summary).
struct LoggedInteraction {
    Id id = 0;
    Id employer_id = 0;
    Date on;
    std::string kind, summary, outcome, next_step;
};
/// The office's interactions with an employer, not deleted (in no particular order).
std::vector<LoggedInteraction> logged_interactions(DbImpl& db, Id office_id);

/// An interaction as the interactions export writes it.
struct InteractionExportRow {
    std::string rut;  ///< the employer's, compact
    std::string on_date;
    std::optional<int> at_minute;
    std::string kind, staff;
    std::string contacts;  ///< contact names by name, ';'
    std::string direction, summary, outcome, next_step;
};
/// The office's interactions, not deleted, by day, minute, employer RUT and id.
std::vector<InteractionExportRow> interaction_export_rows(DbImpl& db, Id office_id);

// ---- service requests ---------------------------------------------------------------------

/// A service request as an import matches it (employer, category, received day, description).
struct KnownRequest {
    Id id = 0;
    Id employer_id = 0;  ///< 0 when the request has no employer
    std::string category;
    Date received;
    std::string description;
};
/// The office's service requests (in no particular order).
std::vector<KnownRequest> known_requests(DbImpl& db, Id office_id);

/// A service request as the requests export writes it.
struct RequestExportRow {
    std::string rut;  ///< the employer's, compact, or "" when there is none
    std::string category, description, address;
    std::optional<double> latitude, longitude;
    std::string attributes, received_on, status;
    std::optional<std::string> status_on;  ///< the day of its last transition, if any
};
/// The office's service requests by received day, category, employer RUT and id.
std::vector<RequestExportRow> request_export_rows(DbImpl& db, Id office_id);

}  // namespace omilcrm::store
