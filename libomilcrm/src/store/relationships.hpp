#pragma once
// The store's functions for the gradual approach and reciprocity (Relationships): the first day
// of each step per employer, and the events of a period.
#include <optional>
#include <vector>

#include "relationships_rules.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// The office's employers (merged duplicates left out), or only `employer_id`, with the first
/// day of each step on or before `as_of`: first interaction or attended meeting (deleted ones
/// left out), first resolution of a request, first vacancy captured, first placement started.
std::vector<detail::StageSteps> stage_steps(DbImpl& db, Id office_id, std::optional<Id> employer_id, Date as_of);

/// The office's reciprocity events in [from, to]: requests received, resolutions (the first
/// time each request was resolved, on time when on or before its due day), vacancies captured
/// (with positions) and placements started.
std::vector<detail::ReciprocityEvent> reciprocity_events(DbImpl& db, Id office_id, Date from, Date to);

}  // namespace omilcrm::store
