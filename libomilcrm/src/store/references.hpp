#pragma once
// The store's lookups behind detail::References (references.hpp) beyond what the repositories'
// own reads give: an office's contacts with their employers, and interactions in bulk.
#include <utility>
#include <vector>

#include "omilcrm/interactions.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Every contact of the office's employers: (contact id, employer id).
std::vector<std::pair<Id, Id>> office_contact_employers(DbImpl& db, Id office_id);

/// The interactions with these ids (ids may repeat; unknown ones are left out), with their
/// office, kind, day, staff, employer and cluster only (no contacts, attendance or texts).
std::vector<Interaction> interaction_heads(DbImpl& db, const std::vector<Id>& ids);

}  // namespace omilcrm::store
