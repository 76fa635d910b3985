#pragma once
// SENCE programmes (and the office's own) offered to employers and job seekers, with the outcome
// of each offer, and the Programmes repository.
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

enum class ProgrammeAudience { Employers, Seekers, Both };
template <>
struct EnumNames<ProgrammeAudience> {
    static constexpr std::string_view field = "audience";
    static constexpr auto names = std::to_array<std::string_view>({"employers", "seekers", "both"});
};

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
template <>
struct RecordFields<Programme> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Programme::meta), ref<Office>("office_id", &Programme::office_id),
        field("code", &Programme::code), field("name", &Programme::name), field("kind", &Programme::kind),
        field("audience", &Programme::audience), field("active", &Programme::active));
};

/// Outcome of an offer; history of changes is kept.
enum class OfferOutcome { Offered, Declined, Accepted, Enrolled };
template <>
struct EnumNames<OfferOutcome> {
    static constexpr std::string_view field = "outcome";
    static constexpr auto names = std::to_array<std::string_view>({"offered", "declined", "accepted", "enrolled"});
};

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
template <>
struct RecordFields<ProgrammeOffer> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &ProgrammeOffer::meta), ref<Office>("office_id", &ProgrammeOffer::office_id),
        ref<Programme>("programme_id", &ProgrammeOffer::programme_id),
        ref<Employer>("employer_id", &ProgrammeOffer::employer_id),
        ref<JobSeeker>("seeker_id", &ProgrammeOffer::seeker_id), field("offered_on", &ProgrammeOffer::offered_on),
        ref<StaffMember>("offered_by", &ProgrammeOffer::offered_by), field("outcome", &ProgrammeOffer::outcome),
        field("outcome_on", &ProgrammeOffer::outcome_on), field("note", &ProgrammeOffer::note));
};

class Programmes : public Repository {
public:
    using Repository::Repository;
    /// Adds a programme to the office's offer; codes are unique per office.
    Programme add(Id office_id, const std::string& code, const std::string& name, const std::string& kind,
                  ProgrammeAudience audience);
    Programme get(Id office_id, std::string_view code) const;
    std::vector<Programme> list(Id office_id) const;
    /// SENCE's usual offer: training courses, Subsidio al Empleo Joven, Bono al Trabajo de la
    /// Mujer, Impulsa Personas, Experiencia Laboral (done when an office is added).
    void seed_defaults(Id office_id);
    /// Offers a programme to an employer or to a seeker (exactly one), checking its audience.
    ProgrammeOffer offer(Id office_id, std::string_view code, std::optional<Id> employer_id,
                         std::optional<Id> seeker_id, std::optional<Id> staff_id = {}, std::optional<Date> on = {},
                         const std::string& note = {});
    /// Records what came of it (declined, accepted, enrolled); each change is kept.
    ProgrammeOffer record_outcome(Id offer_id, OfferOutcome outcome, std::optional<Date> on = {},
                                  std::optional<Id> staff_id = {}, const std::string& note = {});
    ProgrammeOffer get_offer(Id offer_id) const;
    /// Every outcome the offer went through: on, outcome, staff, note.
    Table offer_history(Id offer_id) const;
    std::vector<ProgrammeOffer> offers(Id office_id) const;
    /// Offers per programme and audience: offered, declined, accepted, enrolled (current outcome).
    Table table(Id office_id) const;
};

}  // namespace omilcrm
