#pragma once
// The store's functions for referrals (with their stage history), placements (with their 30- and
// 90-day follow-ups) and programmes (with their offers).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "omilcrm/jobs.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

// ---- referrals

/// Inserts a prepared referral; sets r.meta.id. A second referral of the seeker to the vacancy
/// raises Conflict (the caller says it in the domain's words).
void insert_referral(DbImpl& db, Referral& r);
std::optional<Referral> find_referral(DbImpl& db, Id id);
/// Referrals to a vacancy, of a seeker, of an office: by referral date and id.
std::vector<Referral> referrals_of_vacancy(DbImpl& db, Id vacancy_id);
std::vector<Referral> referrals_of_seeker(DbImpl& db, Id seeker_id);
std::vector<Referral> referrals_of_office(DbImpl& db, Id office_id);
/// How many referrals each vacancy of the office has (vacancies without any are absent).
std::unordered_map<Id, std::int64_t> count_referrals_by_vacancy(DbImpl& db, Id office_id);
/// Sets a referral's stage; the evaluation when `result` is given (else it is kept), and the day
/// it closed (or none).
void set_referral_stage(DbImpl& db, Id id, ReferralStage stage, std::optional<EvaluationResult> result,
                        std::optional<Date> closed_on);
/// Appends an event to a referral's history (e.referral_id), stamped with the connection's now.
void insert_referral_event(DbImpl& db, const ReferralEvent& e);
/// A referral's history, oldest first.
std::vector<ReferralEvent> referral_events(DbImpl& db, Id referral_id);

// ---- placements

/// Inserts a prepared placement (no follow-ups); sets p.meta.id. A second placement of the
/// seeker in the vacancy raises Conflict.
void insert_placement(DbImpl& db, Placement& p);
std::optional<Placement> find_placement(DbImpl& db, Id id);
/// Placements of an office, into a vacancy: by start date and id, with their follow-ups.
std::vector<Placement> placements_of_office(DbImpl& db, Id office_id);
std::vector<Placement> placements_of_vacancy(DbImpl& db, Id vacancy_id);
/// The vacancies a seeker has been placed in.
std::vector<Id> placed_vacancies_of_seeker(DbImpl& db, Id seeker_id);
/// Records the follow-up at `day` (30 or 90) of a placement. One per day: a second raises Conflict.
void insert_placement_check(DbImpl& db, Id placement_id, int day, bool employed, Date checked_on,
                            std::optional<Id> staff_id, const std::string& note);

// ---- programmes

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
};
/// Appends an entry to an offer's history, stamped with the connection's now.
void insert_offer_event(DbImpl& db, Id offer_id, OfferOutcome outcome, Date on, std::optional<Id> staff_id,
                        const std::string& note);
/// An offer's history, oldest first.
std::vector<OfferEvent> offer_events(DbImpl& db, Id offer_id);

}  // namespace omilcrm::store
