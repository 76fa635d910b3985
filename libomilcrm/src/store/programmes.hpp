#pragma once
// The store's functions for programmes, with their offers and each offer's history.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/programmes.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared programme; sets p.meta.id. A code the office already has raises Conflict.
void insert_programme(DbImpl& db, Programme& p);
std::optional<Programme> find_programme(DbImpl& db, Id office_id, std::string_view code);
/// The office's programmes, by id.
std::vector<Programme> list_programmes(DbImpl& db, Id office_id);

/// Inserts a prepared offer; sets o.meta.id.
void insert_offer(DbImpl& db, ProgrammeOffer& o);
std::optional<ProgrammeOffer> find_offer(DbImpl& db, Id id);
/// The office's offers, by offer date and id.
std::vector<ProgrammeOffer> list_offers(DbImpl& db, Id office_id);
void set_offer_outcome(DbImpl& db, Id id, OfferOutcome outcome, Date on);

/// One entry of an offer's history.
struct OfferEvent {
    Date on;
    std::string outcome;  ///< as stored: "offered", "declined", "accepted", "enrolled"
    std::optional<Id> staff_id;
    std::string note;
    std::optional<std::string> actor;
};
/// Appends an entry to an offer's history, stamped with the connection's now.
void insert_offer_event(DbImpl& db, Id offer_id, OfferOutcome outcome, Date on, std::optional<Id> staff_id,
                        const std::string& note);
/// An offer's history, oldest first.
std::vector<OfferEvent> offer_events(DbImpl& db, Id offer_id);

}  // namespace omilcrm::store
