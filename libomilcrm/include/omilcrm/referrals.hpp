#pragma once
// Referrals of job seekers to vacancies: their stages, the labour psychologist's evaluation and
// the Referrals repository. Listings carry seeker ids, never personal data.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Employer;
struct JobSeeker;
struct Office;
struct StaffMember;
struct Vacancy;

/// Stages of a referral. An open referral (referred, interview, evaluation) may move to any other
/// stage but referred: interview and evaluation happen in either order and may be skipped; hired,
/// not_selected and withdrew close it, and closed referrals do not move.
enum class ReferralStage { Referred, Interview, Evaluation, Hired, NotSelected, Withdrew };
template <>
struct EnumNames<ReferralStage> {
    static constexpr std::string_view field = "stage";
    static constexpr auto names =
        std::to_array<std::string_view>({"referred", "interview", "evaluation", "hired", "not_selected", "withdrew"});
};
bool is_closed(ReferralStage s) noexcept;
bool can_move(ReferralStage from, ReferralStage to) noexcept;

/// The labour psychologist's result.
enum class EvaluationResult { Suitable, SuitableWithObservations, NotSuitable };
template <>
struct EnumNames<EvaluationResult> {
    static constexpr std::string_view field = "result";
    static constexpr auto names =
        std::to_array<std::string_view>({"suitable", "suitable_with_observations", "not_suitable"});
};

struct Referral {
    RecordMeta meta{};
    Id office_id = 0;
    Id seeker_id = 0;
    Id vacancy_id = 0;
    Id employer_id = 0;
    ReferralStage stage = ReferralStage::Referred;
    Date referred_on{};
    std::optional<Id> referred_by{};
    std::optional<EvaluationResult> evaluation{};
    std::optional<Date> closed_on{};
};
template <>
struct RecordFields<Referral> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Referral::meta), ref<Office>("office_id", &Referral::office_id),
        ref<JobSeeker>("seeker_id", &Referral::seeker_id), ref<Vacancy>("vacancy_id", &Referral::vacancy_id),
        ref<Employer>("employer_id", &Referral::employer_id), field("stage", &Referral::stage),
        field("referred_on", &Referral::referred_on), ref<StaffMember>("referred_by", &Referral::referred_by),
        field("evaluation", &Referral::evaluation), field("closed_on", &Referral::closed_on));
};

struct ReferralEvent {
    Id referral_id = 0;
    std::optional<ReferralStage> from_stage{};
    ReferralStage to_stage = ReferralStage::Referred;
    Date on{};
    std::optional<Id> staff_id{};
    std::optional<EvaluationResult> result{};
    std::string note{};
    std::optional<std::string> actor{};  ///< who recorded it ("staff:3"); none before it was recorded
};
template <>
struct RecordFields<ReferralEvent> {
    static constexpr auto fields = std::make_tuple(
        ref<Referral>("referral_id", &ReferralEvent::referral_id), field("from_stage", &ReferralEvent::from_stage),
        field("to_stage", &ReferralEvent::to_stage), field("on", &ReferralEvent::on),
        ref<StaffMember>("staff_id", &ReferralEvent::staff_id), field("result", &ReferralEvent::result),
        field("note", &ReferralEvent::note), field("actor", &ReferralEvent::actor));
};

class Referrals : public Repository {
public:
    using Repository::Repository;
    /// Sends a seeker to a vacancy. The vacancy must be open (or partially filled) and the seeker
    /// active with consent for intermediation; a seeker is referred to a vacancy once.
    Referral refer(Id seeker_id, Id vacancy_id, std::optional<Id> staff_id = {}, std::optional<Date> on = {},
                   const std::string& note = {});
    Referral get(Id id) const;
    /// Moves the referral to a stage (see can_move); hired is reached by Placements::record.
    Referral advance(Id id, ReferralStage to, std::optional<Id> staff_id = {}, std::optional<Date> on = {},
                     const std::string& note = {});
    /// The labour psychologist's evaluation: moves the referral to the evaluation stage with the
    /// result (a not-suitable result does not close it; the employer decides).
    Referral evaluate(Id id, EvaluationResult result, Id psychologist_id, std::optional<Date> on = {},
                      const std::string& note = {});
    std::vector<ReferralEvent> history(Id id) const;
    std::vector<Referral> for_vacancy(Id vacancy_id) const;
    std::vector<Referral> for_seeker(Id seeker_id) const;
    /// One row per referral (seeker ids, no personal data).
    Table table(Id office_id, std::optional<Id> vacancy_id = {}) const;
};

}  // namespace omilcrm
