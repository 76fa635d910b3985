#pragma once
// The store's functions for events with employers, outreach material and its showings.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "omilcrm/outreach.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

// ---- Events -------------------------------------------------------------------------------

/// Inserts a prepared event (validated, metadata filled) and its co-hosts; sets e.meta.id.
void insert_event(DbImpl& db, Event& e);
/// The event with its co-hosts (by office id).
std::optional<Event> find_event(DbImpl& db, Id id);
/// The events an office organises or co-hosts, on [from, to] when given, by date and id, with
/// their co-hosts.
std::vector<Event> list_events(DbImpl& db, Id office_id, std::optional<Date> from, std::optional<Date> to);

/// Marks employers invited to an event (added as guests when they are not yet).
void invite_to_event(DbImpl& db, Id event_id, const std::vector<Id>& employer_ids);
/// Records an employer's attendance at an event and the interaction it left in its log.
void record_attendance(DbImpl& db, Id event_id, Id employer_id, Id interaction_id);
/// Marks partners invited to an event (added when they are not yet).
void invite_partners(DbImpl& db, Id event_id, const std::vector<Id>& partner_ids);
/// Records a partner's attendance at an event, with how many of its people came.
void record_partner_attendance(DbImpl& db, Id event_id, Id partner_id, int attendees);
/// The partners at an event, by partner id.
std::vector<EventPartner> list_event_partners(DbImpl& db, Id event_id);
/// The event's guests, by employer id.
std::vector<EventGuest> list_guests(DbImpl& db, Id event_id);
/// The vacancies captured at the event (by the interactions its attendance left), by id.
std::vector<Id> event_vacancy_ids(DbImpl& db, Id event_id);

/// What an event brought: guests invited and attended, vacancies and their positions.
struct EventCounts {
    std::int64_t invited = 0, attended = 0, vacancies = 0, positions = 0;
};
/// The counts of the events the office organises or co-hosts, by event id (an event with neither
/// guests nor vacancies is absent).
std::unordered_map<Id, EventCounts> event_counts(DbImpl& db, Id office_id);

// ---- Outreach material and its showings ---------------------------------------------------

/// The asset with this UUID, if there is one.
std::optional<Id> find_asset_id(DbImpl& db, const std::string& uuid);
/// Inserts a prepared asset; sets a.meta.id.
void insert_asset(DbImpl& db, OutreachAsset& a);
std::optional<OutreachAsset> find_asset(DbImpl& db, Id id);
/// Every asset, by id.
std::vector<OutreachAsset> list_assets(DbImpl& db);

/// Inserts a prepared showing and its employers present; sets x.meta.id.
void insert_showing(DbImpl& db, Showing& x);
/// The showing with its employers present.
std::optional<Showing> find_showing(DbImpl& db, Id id);
/// The showings on [from, to], of one office and one asset when given, by date and id, with their
/// employers present.
std::vector<Showing> list_showings(DbImpl& db, Date from, Date to, std::optional<Id> office_id,
                                   std::optional<Id> asset_id);

// ---- Who appears in the material ----------------------------------------------------------

/// An appearance with what its lapse is judged by: the seeker's consent scopes and whether their
/// personal data was erased (none for a contact or staff member).
struct AppearanceRow {
    AssetAppearance appearance;
    std::optional<std::vector<std::string>> seeker_consent;
    bool seeker_erased = false;
};
/// Inserts a prepared appearance; sets a.meta.id.
void insert_appearance(DbImpl& db, AssetAppearance& a);
std::optional<AppearanceRow> find_appearance(DbImpl& db, Id id);
/// Appearances not removed, of one asset and one office when given, by asset and id.
std::vector<AppearanceRow> list_appearances(DbImpl& db, std::optional<Id> asset_id, std::optional<Id> office_id);
void remove_appearance(DbImpl& db, Id id, Date on);
/// Whether the seeker's personal data was erased (a right of the person, data_rights.hpp).
bool seeker_erased(DbImpl& db, Id seeker_id);

}  // namespace omilcrm::store
