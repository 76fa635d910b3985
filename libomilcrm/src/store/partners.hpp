#pragma once
// The store's functions for partner institutions (Partners) and what their activity counts.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "omilcrm/partners.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared partner (validated, metadata filled); sets p.meta.id. A name the office
/// already has is a Conflict naming it.
void insert_partner(DbImpl& db, Partner& p);
std::optional<Partner> find_partner(DbImpl& db, Id id);
/// The office's partner with this name, if any.
std::optional<Id> partner_named(DbImpl& db, Id office_id, const std::string& name);
/// The office's partners by name (then id), of one kind when given.
std::vector<Partner> list_partners(DbImpl& db, Id office_id, std::optional<PartnerKind> kind);
/// Writes every field of `p` but its office and metadata; a name the office already has is a
/// Conflict naming it.
void update_partner(DbImpl& db, const Partner& p);
/// The events the partner co-hosted, was invited to or attended, by date and id.
std::vector<Id> partner_event_ids(DbImpl& db, Id partner_id);
/// The interactions (not hidden) where people of the partner took part, on [from, to] when
/// given, newest first.
std::vector<Id> partner_interaction_ids(DbImpl& db, Id partner_id, std::optional<Date> from, std::optional<Date> to);

/// What a partner did in a period.
struct PartnerCounts {
    std::int64_t co_hosted = 0, invited = 0, attended = 0, showings = 0, interactions = 0;
};
/// The counts of the office's partners in [from, to], by partner id (a partner with nothing is
/// absent).
std::unordered_map<Id, PartnerCounts> partner_counts(DbImpl& db, Id office_id, Date from, Date to);

}  // namespace omilcrm::store
