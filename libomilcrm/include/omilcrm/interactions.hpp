#pragma once
// The interaction log: every contact with an employer, commitments made to employers and the
// office's own follow-up tasks; the Interactions, Commitments and FollowUps repositories
// (db.interactions(), db.commitments(), db.follow_ups()).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

// What the keywords below take a record or its id of (employers.hpp, offices.hpp, clusters.hpp).
struct Employer;
struct StaffMember;
struct Contact;
struct Cluster;
struct Partner;     // partners.hpp
struct Department;  // requests.hpp

namespace cadence {
/// What the cadence counts of an interaction (cadence.hpp, which includes this header).
struct ContactEvent;
}  // namespace cadence

enum class InteractionKind { Visit, PhoneCall, Email, Message, Meeting, ClusterMeeting, Event, Other };
/// "visit", "phone_call", "email", "message", "meeting", "cluster_meeting", "event", "other"
template <>
struct EnumNames<InteractionKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>(
        {"visit", "phone_call", "email", "message", "meeting", "cluster_meeting", "event", "other"});
};

enum class Direction { Outbound, Inbound };
template <>
struct EnumNames<Direction> {
    static constexpr std::string_view field = "direction";
    static constexpr auto names = std::to_array<std::string_view>({"outbound", "inbound"});
};

/// Someone from outside the office and outside the employer who took part in an interaction: a
/// SENCE officer at the park's meeting, the head of a municipal department at a visit. From
/// exactly one of a partner institution (partners.hpp), a municipal department of the office
/// (requests.hpp) or a named organisation.
struct Participant {
    std::string name{};
    std::string role{};  ///< "Encargado OMIL regional", "Director de Obras"
    std::optional<Id> partner_id{};
    std::optional<Id> department_id{};
    std::string organisation{};
};
template <>
struct RecordFields<Participant> {
    using P = Participant;
    static constexpr auto fields =
        std::make_tuple(field("name", &P::name), field("role", &P::role), ref<Partner>("partner_id", &P::partner_id),
                        ref<Department>("department_id", &P::department_id), field("organisation", &P::organisation));
};

/// A participant to record, as NewInteraction.participants takes them ("partner", "department").
struct NewParticipant {
    std::string name{};
    std::string role{};
    std::optional<Id> partner_id{};
    std::optional<Id> department_id{};
    std::string organisation{};
};
template <>
struct RecordFields<NewParticipant> {
    using P = NewParticipant;
    static constexpr auto fields = std::make_tuple(
        field("name", &P::name).required(), field("role", &P::role), ref<Partner>("partner", &P::partner_id),
        ref<Department>("department", &P::department_id), field("organisation", &P::organisation));
};

struct Interaction {
    RecordMeta meta{};
    Id office_id = 0;
    InteractionKind kind = InteractionKind::Other;
    Date on{};
    std::optional<int> at_minute{};  ///< local time, minutes after midnight
    Id staff_id = 0;
    std::optional<Id> employer_id{};  ///< empty for a cluster meeting
    std::optional<Id> cluster_id{};   ///< set for a cluster meeting
    Direction direction = Direction::Outbound;
    std::string summary{};
    std::string outcome{};
    std::string next_step{};
    std::vector<Id> contacts{};               ///< contacts present
    std::vector<Id> attended{};               ///< cluster meeting: member employers that attended
    std::vector<Id> absent{};                 ///< cluster meeting: member employers that did not
    std::vector<Participant> participants{};  ///< people from outside the office and the employer
    int revision = 1;                         ///< 1 + number of corrections
    bool deleted = false;                     ///< hidden from lists; never erased
};
template <>
struct RecordFields<Interaction> {
    static constexpr auto fields =
        std::make_tuple(field("meta", &Interaction::meta), field("office_id", &Interaction::office_id),
                        field("kind", &Interaction::kind), field("on", &Interaction::on),
                        time_of_day("at", &Interaction::at_minute), field("staff_id", &Interaction::staff_id),
                        field("employer_id", &Interaction::employer_id), field("cluster_id", &Interaction::cluster_id),
                        field("direction", &Interaction::direction), field("summary", &Interaction::summary),
                        field("outcome", &Interaction::outcome), field("next_step", &Interaction::next_step),
                        field("contacts", &Interaction::contacts), field("attended", &Interaction::attended),
                        field("absent", &Interaction::absent), field("participants", &Interaction::participants),
                        field("revision", &Interaction::revision), field("deleted", &Interaction::deleted));
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
template <>
struct RecordFields<Commitment> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Commitment::meta), field("office_id", &Commitment::office_id),
        field("employer_id", &Commitment::employer_id), field("interaction_id", &Commitment::interaction_id),
        field("owner_id", &Commitment::owner_id), field("description", &Commitment::description),
        field("due", &Commitment::due), field("status", &Commitment::status),
        field("closed_on", &Commitment::closed_on), field("reason", &Commitment::reason));
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
template <>
struct RecordFields<FollowUp> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &FollowUp::meta), field("office_id", &FollowUp::office_id),
        field("employer_id", &FollowUp::employer_id), field("interaction_id", &FollowUp::interaction_id),
        field("owner_id", &FollowUp::owner_id), field("description", &FollowUp::description),
        field("due", &FollowUp::due), field("done_on", &FollowUp::done_on));
};

struct NewCommitment {
    std::string description{};
    Date due{};
    Id owner_id = 0;  ///< 0 = the staff member of the interaction (or the employer's owner)
};
/// An item of NewInteraction's `commitments` in Python ({"description", "due", "owner"}).
template <>
struct RecordFields<NewCommitment> {
    static constexpr auto fields =
        std::make_tuple(field("description", &NewCommitment::description), field("due", &NewCommitment::due).required(),
                        ref<StaffMember>("owner", &NewCommitment::owner_id));
};

struct NewFollowUp {
    std::string description{};
    Date due{};
    Id owner_id = 0;  ///< 0 = the staff member of the interaction
};
template <>
struct RecordFields<NewFollowUp> {
    static constexpr auto fields =
        std::make_tuple(field("description", &NewFollowUp::description), field("due", &NewFollowUp::due).required(),
                        ref<StaffMember>("owner", &NewFollowUp::owner_id));
};

struct NewInteraction {
    InteractionKind kind = InteractionKind::Visit;
    Date on{};
    std::optional<int> at_minute{};
    Id staff_id = 0;
    Id employer_id = 0;
    std::vector<Id> contacts{};                  ///< contacts present (of that employer)
    std::vector<NewParticipant> participants{};  ///< people from outside the office and the employer
    Direction direction = Direction::Outbound;
    std::string summary{};
    std::string outcome{};
    std::string next_step{};
    std::vector<NewCommitment> commitments{};
    std::vector<NewFollowUp> follow_ups{};
};
/// As Interactions.log() takes them in Python: "employer", "by" (the staff member), "on", "at".
template <>
struct RecordFields<NewInteraction> {
    static constexpr auto fields = std::make_tuple(
        ref<Employer>("employer", &NewInteraction::employer_id).required(),
        field("kind", &NewInteraction::kind).required(), ref<StaffMember>("by", &NewInteraction::staff_id).required(),
        field("on", &NewInteraction::on), time_of_day("at", &NewInteraction::at_minute),
        ref<Contact>("contacts", &NewInteraction::contacts), field("participants", &NewInteraction::participants),
        field("direction", &NewInteraction::direction), field("summary", &NewInteraction::summary),
        field("outcome", &NewInteraction::outcome), field("next_step", &NewInteraction::next_step),
        field("commitments", &NewInteraction::commitments), field("follow_ups", &NewInteraction::follow_ups));
};

/// A cluster meeting, recorded once with attendance per member company.
struct NewClusterMeeting {
    Id cluster_id = 0;
    Date on{};
    std::optional<int> at_minute{};
    Id staff_id = 0;
    std::vector<Id> attended{};                  ///< member employers present; every other member is recorded absent
    std::vector<Id> contacts{};                  ///< people present
    std::vector<NewParticipant> participants{};  ///< people from outside the office and the members
    std::string summary{};
    std::string outcome{};
    std::string next_step{};
    std::vector<NewFollowUp> follow_ups{};
};
template <>
struct RecordFields<NewClusterMeeting> {
    static constexpr auto fields = std::make_tuple(
        ref<Cluster>("cluster", &NewClusterMeeting::cluster_id).required(),
        ref<StaffMember>("by", &NewClusterMeeting::staff_id).required(), field("on", &NewClusterMeeting::on),
        ref<Employer>("attended", &NewClusterMeeting::attended), time_of_day("at", &NewClusterMeeting::at_minute),
        ref<Contact>("contacts", &NewClusterMeeting::contacts), field("participants", &NewClusterMeeting::participants),
        field("summary", &NewClusterMeeting::summary), field("outcome", &NewClusterMeeting::outcome),
        field("next_step", &NewClusterMeeting::next_step), field("follow_ups", &NewClusterMeeting::follow_ups));
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
    std::optional<std::string> actor{};  ///< who made the change ("staff:3"); none before it was recorded
};
template <>
struct RecordFields<InteractionRevision> {
    static constexpr auto fields = std::make_tuple(
        field("interaction_id", &InteractionRevision::interaction_id),
        field("revision", &InteractionRevision::revision), field("kind", &InteractionRevision::kind),
        field("on", &InteractionRevision::on), time_of_day("at", &InteractionRevision::at_minute),
        field("staff_id", &InteractionRevision::staff_id), field("direction", &InteractionRevision::direction),
        field("summary", &InteractionRevision::summary), field("outcome", &InteractionRevision::outcome),
        field("next_step", &InteractionRevision::next_step), field("replaced_at", &InteractionRevision::replaced_at),
        field("reason", &InteractionRevision::reason), field("actor", &InteractionRevision::actor));
};

/// Which interactions' participants to list (unset = all): of one partner, of one department,
/// with a name containing `name` (letters compared without case or accents), in [from, to].
struct ParticipantFilter {
    Id office_id = 0;
    std::optional<Id> partner_id{};
    std::optional<Id> department_id{};
    std::string name{};
    std::optional<Date> from{};
    std::optional<Date> to{};
};

/// What the lists of commitments and follow-ups are filtered by (unset = all).
struct TaskFilter {
    Id office_id = 0;
    std::optional<Id> staff_id{};
    std::optional<Id> employer_id{};
};

// ---- Repositories --------------------------------------------------------------------------

/// The interaction log. Corrections keep the previous version; removing hides, never erases.
class Interactions : public Repository {
public:
    using Repository::Repository;
    /// Logs a contact with an employer, with the commitments and follow-ups it raised, in one
    /// transaction.
    Interaction log(const NewInteraction& in);
    /// Bulk path for loading history: one transaction with reused prepared statements, each row
    /// validated as it is written (errors name rows[i].field, e.g. "rows[12].staff"; one bad row
    /// and nothing is written). Same rules as
    /// log() (not cluster meetings; staff of the employer's office and working on that day;
    /// contacts of that employer; not in the future), commitments and follow-ups included. A row
    /// naming an employer, staff member or contact that does not exist is a ValidationError too.
    /// One bad row and nothing is written; empty input writes nothing. Returns the new ids.
    /// `progress`, if given, is told the rows written so far (see Progress); if it throws, nothing is written.
    std::vector<Id> log_many(const std::vector<NewInteraction>& rows, const Progress& progress = {});
    /// A cluster meeting, recorded once: every member on that day is recorded as attending or
    /// not; it counts as a contact for those that attended only.
    Interaction log_cluster_meeting(const NewClusterMeeting& in);
    Interaction get(Id id) const;
    Interaction correct(Id id, const InteractionCorrection& changes);
    /// Hides the interaction from lists and cadence; it stays in the file with its history.
    Interaction remove(Id id, const std::string& reason);
    /// Former versions, oldest first.
    std::vector<InteractionRevision> revisions(Id id) const;
    /// Interactions with an employer (its own, and cluster meetings it attended), newest first.
    std::vector<Interaction> of_employer(Id employer_id) const;
    /// One row per interaction and employer (a cluster meeting gives a row per member, with
    /// `attended`), between two dates inclusive, columnar.
    Table table(Id office_id, std::optional<Date> from = {}, std::optional<Date> to = {}) const;
    /// Interactions (not hidden ones) with a participant that passes the filter, newest first.
    std::vector<Interaction> with_participants(const ParticipantFilter& f) const;
    /// One row per participant that passes the filter, newest interaction first: interaction_id,
    /// on, kind, employer_id, cluster_id, staff_id, name, role, partner_id, partner,
    /// department_id, department, organisation (the partner's or department's name when it is one
    /// of those).
    Table participants(const ParticipantFilter& f) const;
    /// Every contact that can count for cadence: (employer, day, kind), not hidden ones, cluster
    /// meetings only for members that attended. Include cadence.hpp to use the result.
    std::vector<cadence::ContactEvent> contact_events(Id office_id) const;
};

class Commitments : public Repository {
public:
    using Repository::Repository;
    Commitment add(Id employer_id, const NewCommitment& c, std::optional<Id> interaction_id = {});
    Commitment get(Id id) const;
    Commitment keep(Id id, Date on);
    Commitment cancel(Id id, Date on, const std::string& reason);
    /// Open commitments, soonest due first.
    std::vector<Commitment> open(const TaskFilter& f) const;
    /// Open commitments due before `day`.
    std::vector<Commitment> overdue(const TaskFilter& f, Date day) const;
    Table table(const TaskFilter& f) const;
};

class FollowUps : public Repository {
public:
    using Repository::Repository;
    FollowUp add(Id office_id, const NewFollowUp& f, std::optional<Id> employer_id = {},
                 std::optional<Id> interaction_id = {});
    FollowUp get(Id id) const;
    FollowUp done(Id id, Date on);
    std::vector<FollowUp> open(const TaskFilter& f) const;
    std::vector<FollowUp> overdue(const TaskFilter& f, Date day) const;
};

}  // namespace omilcrm
