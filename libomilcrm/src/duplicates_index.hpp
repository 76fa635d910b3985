#pragma once
// The office's employers in a DuplicateIndex, for the callers inside the library that compare
// new employers with them (the employers import). Not public.
#include "duplicates_rules.hpp"
#include "store/store.hpp"

namespace omilcrm::detail {

/// The office's employers that are not merged, with their contacts' phones and e-mails, indexed;
/// `except` (an employer just added) left out.
DuplicateIndex office_duplicate_index(DbImpl& db, Id office_id, Id except = 0);

}  // namespace omilcrm::detail
