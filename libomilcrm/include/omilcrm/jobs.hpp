#pragma once
// Vacancies captured from employers, job seekers, referrals, placements and SENCE programmes.
// A seeker's personal data (RUT, name, phone, email, address, birth date) lives in its own table
// and appears only in the seeker's own record and in Seekers::export_personal(); every
// employer-side listing, report and export carries seeker ids at most.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm {

/// How a vacancy reached the office.
enum class CaptureChannel { Visit, ClusterMeeting, Email, Event, Other };
template <>
struct EnumNames<CaptureChannel> {
    static constexpr std::string_view field = "channel";
    static constexpr auto names = std::to_array<std::string_view>({"visit", "cluster_meeting", "email", "event", "other"});
};
/// "visit", "cluster_meeting", "email", "event", "other"
inline CaptureChannel parse_capture_channel(std::string_view text, const char* field = "channel") { return parse_enum<CaptureChannel>(text, field); }

/// Follows from the facts (see vacancy_status()); only cancellation is set by hand.
enum class VacancyStatus { Open, PartiallyFilled, Filled, Expired, Cancelled };
template <>
struct EnumNames<VacancyStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names = std::to_array<std::string_view>({"open", "partially_filled", "filled", "expired", "cancelled"});
};
/// "open", "partially_filled", "filled", "expired", "cancelled"
inline VacancyStatus parse_vacancy_status(std::string_view text) { return parse_enum<VacancyStatus>(text); }

/// The status on `day`: cancelled (from the day it was cancelled) wins, then filled (placements
/// reach the positions), then expired (after valid_through), then partially filled (some
/// placements), else open.
VacancyStatus vacancy_status(int positions, int placed, Date valid_through, std::optional<Date> cancelled_on,
                             Date day) noexcept;

struct Vacancy {
    RecordMeta meta{};
    Id office_id = 0;
    Id employer_id = 0;
    std::string title{};
    std::string description{};
    std::string occupation{};  ///< ISCO-08 unit group, "9333"
    int positions = 1;
    EmploymentType employment_type = EmploymentType::FullTime;
    Shift shift = Shift::Day;
    std::string schedule{};  ///< free text, "lun-vie 08:00-17:30"
    std::optional<std::int64_t> wage_min{};  ///< CLP per month, gross
    std::optional<std::int64_t> wage_max{};
    std::string commune{};  ///< CUT code of the workplace
    std::string address{};
    EducationLevel education = EducationLevel::None;  ///< minimum asked
    int experience_months = 0;
    std::vector<std::string> licences{};  ///< normalised ("A2", "B")
    std::vector<std::string> skills{};  ///< normalised tags
    CaptureChannel channel = CaptureChannel::Other;
    std::optional<Id> interaction_id{};  ///< the visit or meeting where it was captured
    std::optional<Id> captured_by{};   ///< staff
    Date captured_on{};
    Date valid_through{};
    std::optional<Date> cancelled_on{};
    std::string cancel_reason{};
    // Derived when read:
    int placed = 0;  ///< placements made into it
    VacancyStatus status = VacancyStatus::Open;  ///< on the database's today
    std::optional<Date> filled_on{};  ///< start of the placement that filled the last position
};

struct NewVacancy {
    Id employer_id = 0;
    std::string title{};
    std::string occupation{};
    int positions = 1;
    std::string description{};
    EmploymentType employment_type = EmploymentType::FullTime;
    Shift shift = Shift::Day;
    std::string schedule{};
    std::optional<std::int64_t> wage_min{};
    std::optional<std::int64_t> wage_max{};
    std::string commune{};  ///< default: the employer's commune
    std::string address{};  ///< default: the employer's address
    EducationLevel education = EducationLevel::None;
    int experience_months = 0;
    std::vector<std::string> licences{};
    std::vector<std::string> skills{};
    /// Default: from the interaction's kind when one is given (visit, cluster meeting, email,
    /// event), else other.
    std::optional<CaptureChannel> channel{};
    std::optional<Id> interaction_id{};  ///< must be an interaction with this employer
    std::optional<Id> captured_by{};
    std::optional<Date> captured_on{};  ///< default today
    std::optional<Date> valid_through{};  ///< default captured_on + 30 days
};

/// Filters for vacancy lists (unset = all).
struct VacancyFilter {
    std::optional<Id> employer_id{};
    std::optional<VacancyStatus> status{};
    bool open_only = false;  ///< open or partially filled
};

/// Consent scopes a seeker can give (Ley 19.628): "intermediation" (the profile may be matched
/// and shared with employers for referrals), "programmes" (offered SENCE programmes),
/// "contact" (the office may contact them), "statistics" (anonymous use in reports).
std::vector<std::string> normalize_consent_scopes(const std::vector<std::string>& in);

struct JobSeeker {
    RecordMeta meta{};
    Id office_id = 0;
    // Personal data.
    std::string rut{};  ///< canonical "12.345.678-5"
    std::string name{};
    std::string phone{};
    std::string email{};
    std::string address{};
    std::optional<Date> birth_date{};
    // Profile.
    std::string commune{};
    EducationLevel education = EducationLevel::None;
    std::vector<matching::Experience> experience{};
    std::vector<std::string> skills{};
    std::vector<std::string> licences{};
    std::vector<Shift> shifts{};  ///< empty = any
    std::optional<Date> available_from{};
    Date registered_on{};
    Date consent_on{};
    std::vector<std::string> consent_scope{};
    bool active = true;  ///< false once withdrawn from the register
};

struct NewJobSeeker {
    Id office_id = 0;
    std::string rut{};
    std::string name{};
    std::string commune{};
    std::string phone{};
    std::string email{};
    std::string address{};
    std::optional<Date> birth_date{};
    EducationLevel education = EducationLevel::None;
    std::vector<matching::Experience> experience{};
    std::vector<std::string> skills{};
    std::vector<std::string> licences{};
    std::vector<Shift> shifts{};
    std::optional<Date> available_from{};
    std::optional<Date> registered_on{};  ///< default today
    std::optional<Date> consent_on{};   ///< required: the day they consented
    std::vector<std::string> consent_scope{};  ///< required, at least one scope
};

/// Stages of a referral. An open referral (referred, interview, evaluation) may move to any other
/// stage but referred: interview and evaluation happen in either order and may be skipped; hired,
/// not_selected and withdrew close it, and closed referrals do not move.
enum class ReferralStage { Referred, Interview, Evaluation, Hired, NotSelected, Withdrew };
template <>
struct EnumNames<ReferralStage> {
    static constexpr std::string_view field = "stage";
    static constexpr auto names = std::to_array<std::string_view>({"referred", "interview", "evaluation", "hired", "not_selected", "withdrew"});
};
/// "referred", "interview", "evaluation", "hired", "not_selected", "withdrew"
inline ReferralStage parse_referral_stage(std::string_view text, const char* field = "stage") { return parse_enum<ReferralStage>(text, field); }
bool is_closed(ReferralStage s) noexcept;
bool can_move(ReferralStage from, ReferralStage to) noexcept;

/// The labour psychologist's result.
enum class EvaluationResult { Suitable, SuitableWithObservations, NotSuitable };
template <>
struct EnumNames<EvaluationResult> {
    static constexpr std::string_view field = "result";
    static constexpr auto names = std::to_array<std::string_view>({"suitable", "suitable_with_observations", "not_suitable"});
};
/// "suitable", "suitable_with_observations", "not_suitable"
inline EvaluationResult parse_evaluation_result(std::string_view text, const char* field = "result") { return parse_enum<EvaluationResult>(text, field); }

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

struct ReferralEvent {
    Id referral_id = 0;
    std::optional<ReferralStage> from_stage{};
    ReferralStage to_stage = ReferralStage::Referred;
    Date on{};
    std::optional<Id> staff_id{};
    std::optional<EvaluationResult> result{};
    std::string note{};
};

struct Placement {
    RecordMeta meta{};
    Id office_id = 0;
    Id seeker_id = 0;
    Id vacancy_id = 0;
    Id employer_id = 0;
    std::optional<Id> referral_id{};
    Date start_on{};
    EmploymentType contract_type = EmploymentType::FullTime;
    std::optional<Id> recorded_by{};
    /// The 30- and 90-day follow-ups, when recorded: still employed or not.
    std::optional<bool> employed_30{};
    std::optional<Date> checked_30{};
    std::optional<bool> employed_90{};
    std::optional<Date> checked_90{};
};

struct NewPlacement {
    Id seeker_id = 0;
    Id vacancy_id = 0;
    Date start_on{};
    std::optional<EmploymentType> contract_type{};  ///< default: the vacancy's employment type
    std::optional<Id> recorded_by{};
    std::optional<Date> recorded_on{};  ///< default today; the day the referral (if any) moves to hired
};

/// The day the follow-up at `day` (30 or 90) of a placement that started on `start_on` falls due:
/// the start plus that many days. ValidationError naming "day" for any other mark.
Date follow_up_due(Date start_on, int day);

/// Checks a follow-up at `day` made on `on`: day 30 or 90 (ValidationError naming "day"), not
/// before it falls due and not after `today` (ValidationError naming "on"): a 30-day check made
/// on day 3 says nothing about day 30.
void check_follow_up(Date start_on, int day, Date on, Date today);

/// A follow-up that is due: day 30 or 90 after the start, not yet recorded.
struct PlacementCheck {
    Id placement_id = 0;
    Id employer_id = 0;
    int day = 30;
    Date due_on{};
};

enum class ProgrammeAudience { Employers, Seekers, Both };
template <>
struct EnumNames<ProgrammeAudience> {
    static constexpr std::string_view field = "audience";
    static constexpr auto names = std::to_array<std::string_view>({"employers", "seekers", "both"});
};
/// "employers", "seekers", "both"
inline ProgrammeAudience parse_programme_audience(std::string_view text, const char* field = "audience") { return parse_enum<ProgrammeAudience>(text, field); }

/// A SENCE programme (or the office's own) that can be offered.
struct Programme {
    RecordMeta meta{};
    Id office_id = 0;
    std::string code{};  ///< "subsidio_empleo_joven"
    std::string name{};
    std::string kind{};  ///< "training", "subsidy", "other"
    ProgrammeAudience audience = ProgrammeAudience::Both;
    bool active = true;
};

/// Outcome of an offer; history of changes is kept.
enum class OfferOutcome { Offered, Declined, Accepted, Enrolled };
template <>
struct EnumNames<OfferOutcome> {
    static constexpr std::string_view field = "outcome";
    static constexpr auto names = std::to_array<std::string_view>({"offered", "declined", "accepted", "enrolled"});
};
/// "offered", "declined", "accepted", "enrolled"
inline OfferOutcome parse_offer_outcome(std::string_view text, const char* field = "outcome") { return parse_enum<OfferOutcome>(text, field); }

struct ProgrammeOffer {
    RecordMeta meta{};
    Id office_id = 0;
    Id programme_id = 0;
    std::optional<Id> employer_id{};  ///< exactly one of employer and seeker
    std::optional<Id> seeker_id{};
    Date offered_on{};
    std::optional<Id> offered_by{};
    OfferOutcome outcome = OfferOutcome::Offered;
    std::optional<Date> outcome_on{};
    std::string note{};
};

struct WorkshopAttendance {
    Id seeker_id = 0;
    Date on{};
    std::string workshop{};  ///< "Apresto laboral: entrevista de trabajo"
    std::optional<Id> staff_id{};
};

/// A ranked match with the records it refers to (what Matching returns).
using Match = matching::Match;

}  // namespace omilcrm
