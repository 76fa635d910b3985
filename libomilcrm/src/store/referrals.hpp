#pragma once
// The store's functions for referrals, with their stage history.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "omilcrm/referrals.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

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

}  // namespace omilcrm::store
