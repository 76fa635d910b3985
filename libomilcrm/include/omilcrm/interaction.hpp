#pragma once
// The interaction log: every contact with an employer, commitments made to employers and the
// office's own follow-up tasks.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/record.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm {

enum class InteractionKind { Visit, PhoneCall, Email, Message, Meeting, ClusterMeeting, Event, Other };
/// "visit", "phone_call", "email", "message", "meeting", "cluster_meeting", "event", "other"
template <>
struct EnumNames<InteractionKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>({"visit", "phone_call", "email", "message", "meeting", "cluster_meeting", "event", "other"});
};
inline InteractionKind parse_interaction_kind(std::string_view text) { return parse_enum<InteractionKind>(text); }

enum class Direction { Outbound, Inbound };
template <>
struct EnumNames<Direction> {
    static constexpr std::string_view field = "direction";
    static constexpr auto names = std::to_array<std::string_view>({"outbound", "inbound"});
};
inline Direction parse_direction(std::string_view text) { return parse_enum<Direction>(text); }

struct Interaction {
    RecordMeta meta{};
    Id office_id = 0;
    InteractionKind kind = InteractionKind::Other;
    Date on{};
    std::optional<int> at_minute{};  ///< local time, minutes after midnight
    Id staff_id = 0;
    std::optional<Id> employer_id{};  ///< empty for a cluster meeting
    std::optional<Id> cluster_id{};  ///< set for a cluster meeting
    Direction direction = Direction::Outbound;
    std::string summary{};
    std::string outcome{};
    std::string next_step{};
    std::vector<Id> contacts{};  ///< contacts present
    std::vector<Id> attended{};  ///< cluster meeting: member employers that attended
    std::vector<Id> absent{};  ///< cluster meeting: member employers that did not
    int revision = 1;          ///< 1 + number of corrections
    bool deleted = false;      ///< hidden from lists; never erased
};

/// A promise the office makes to an employer ("don't promise what you can't deliver").
enum class CommitmentStatus { Open, Kept, Cancelled };
template <>
struct EnumNames<CommitmentStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names = std::to_array<std::string_view>({"open", "kept", "cancelled"});
};

struct Commitment {
    RecordMeta meta{};
    Id office_id = 0;
    Id employer_id = 0;
    std::optional<Id> interaction_id{};
    Id owner_id = 0;
    std::string description{};
    Date due{};
    CommitmentStatus status = CommitmentStatus::Open;
    std::optional<Date> closed_on{};
    std::string reason{};  ///< why it was cancelled

    bool overdue_on(Date d) const noexcept { return status == CommitmentStatus::Open && due < d; }
};

/// An internal task raised by an interaction (call back, send the CVs, ...).
struct FollowUp {
    RecordMeta meta{};
    Id office_id = 0;
    std::optional<Id> employer_id{};
    std::optional<Id> interaction_id{};
    Id owner_id = 0;
    std::string description{};
    Date due{};
    std::optional<Date> done_on{};

    bool overdue_on(Date d) const noexcept { return !done_on && due < d; }
};

struct NewCommitment {
    std::string description{};
    Date due{};
    Id owner_id = 0;  ///< 0 = the staff member of the interaction (or the employer's owner)
};

struct NewFollowUp {
    std::string description{};
    Date due{};
    Id owner_id = 0;  ///< 0 = the staff member of the interaction
};

struct NewInteraction {
    InteractionKind kind = InteractionKind::Visit;
    Date on{};
    std::optional<int> at_minute{};
    Id staff_id = 0;
    Id employer_id = 0;
    std::vector<Id> contacts{};  ///< contacts present (of that employer)
    Direction direction = Direction::Outbound;
    std::string summary{};
    std::string outcome{};
    std::string next_step{};
    std::vector<NewCommitment> commitments{};
    std::vector<NewFollowUp> follow_ups{};
};

/// A cluster meeting, recorded once with attendance per member company.
struct NewClusterMeeting {
    Id cluster_id = 0;
    Date on{};
    std::optional<int> at_minute{};
    Id staff_id = 0;
    std::vector<Id> attended{};  ///< member employers present; every other member is recorded absent
    std::vector<Id> contacts{};  ///< people present
    std::string summary{};
    std::string outcome{};
    std::string next_step{};
    std::vector<NewFollowUp> follow_ups{};
};

/// Fields to correct; unset ones stay. The previous version is kept as a revision.
struct InteractionCorrection {
    std::optional<InteractionKind> kind{};
    std::optional<Date> on{};
    std::optional<std::optional<int>> at_minute{};
    std::optional<Id> staff_id{};
    std::optional<Direction> direction{};
    std::optional<std::string> summary{};
    std::optional<std::string> outcome{};
    std::optional<std::string> next_step{};
    std::string reason{};  ///< why it was corrected
};

/// A former version of an interaction, as it was before a correction or deletion.
struct InteractionRevision {
    Id interaction_id = 0;
    int revision = 0;
    InteractionKind kind = InteractionKind::Other;
    Date on{};
    std::optional<int> at_minute{};
    Id staff_id = 0;
    Direction direction = Direction::Outbound;
    std::string summary{};
    std::string outcome{};
    std::string next_step{};
    Timestamp replaced_at{};
    std::string reason{};
};

/// What the lists of commitments and follow-ups are filtered by (unset = all).
struct TaskFilter {
    Id office_id = 0;
    std::optional<Id> staff_id{};
    std::optional<Id> employer_id{};
};

}  // namespace omilcrm
