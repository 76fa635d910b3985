#pragma once
// The store's functions for contact cadence: the policies, and what the due list and the
// compliance report are computed from (the office's employers as the cadence engine sees them,
// and their latest contacts).
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "omilcrm/cadence.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared policy (validated) with the metadata `meta`; sets p.id.
void insert_cadence_policy(DbImpl& db, CadencePolicy& p, RecordMeta meta);
/// Retires a current policy; false when no current policy has that id.
bool retire_cadence_policy(DbImpl& db, Id policy_id);
/// Whether a policy of that id exists, retired or not.
bool cadence_policy_exists(DbImpl& db, Id policy_id);
/// The office's current policies, by id.
std::vector<CadencePolicy> list_cadence_policies(DbImpl& db, Id office_id);

/// The office's employers that are not inactive, as the cadence engine sees them (by id; added
/// = the start of the first ownership period; with their cluster memberships), and their names.
struct CadenceEmployers {
    std::vector<cadence::EmployerFacts> facts;
    std::unordered_map<Id, std::pair<std::string, std::string>> names;  ///< employer -> (legal name, RUT)
};
CadenceEmployers cadence_employers(DbImpl& db, Id office_id);

/// Employers grouped by the interaction kinds their policy counts (empty: every kind).
using ContactGroups = std::map<std::vector<InteractionKind>, std::vector<Id>>;
/// What the due list on `day` needs of the log, instead of all of it: for each group's
/// employers their latest contact on or before the day of a kind the group counts; then, for
/// every employer of the office, its latest attended cluster meeting up to the day per kind.
std::vector<cadence::ContactEvent> latest_contacts(DbImpl& db, Id office_id, Date day, const ContactGroups& groups);

}  // namespace omilcrm::store
