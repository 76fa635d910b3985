#pragma once
// The store's functions for the interaction log (interactions, their contacts, the attendance
// at cluster meetings, revisions), commitments and follow-ups.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/cadence.hpp"
#include "omilcrm/interactions.hpp"
#include "omilcrm/table.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

// ---- Interactions ----

/// Inserts a prepared interaction (validated, metadata filled), not its contacts or
/// attendance; sets i.meta.id.
void insert_interaction(DbImpl& db, Interaction& i);
/// Records the contacts present at an interaction (a contact named twice is recorded once).
void insert_interaction_contacts(DbImpl& db, Id interaction_id, const std::vector<Id>& contacts);
/// Records the people from outside the office and the employer at an interaction, in order.
void insert_interaction_participants(DbImpl& db, Id interaction_id, const std::vector<Participant>& people);
/// A participant with the interaction and the names of its partner or department.
struct ParticipantLine {
    Id interaction_id = 0;
    Date on;
    InteractionKind kind = InteractionKind::Other;
    std::optional<Id> employer_id;
    std::optional<Id> cluster_id;
    Id staff_id = 0;
    Participant participant;
    std::string partner;     ///< the partner's name, "" when none
    std::string department;  ///< the department's name, "" when none
};
/// The participants of the office's interactions (not hidden) that pass the filter's partner,
/// department and dates (not its name), newest interaction first.
std::vector<ParticipantLine> participant_lines(DbImpl& db, const ParticipantFilter& f);
/// Records whether a member employer attended a cluster meeting.
void insert_attendance(DbImpl& db, Id interaction_id, Id employer_id, bool attended);
/// The interaction with its contacts and attendance (removed ones too).
std::optional<Interaction> find_interaction(DbImpl& db, Id id);
/// Keeps `i`, as it is before a change, as a revision with the reason of the change.
void insert_interaction_revision(DbImpl& db, const Interaction& i, const std::string& reason);
/// Writes the correctable fields of `i` (kind, day, time, staff, direction, texts) to the
/// interaction i.meta.id and counts a revision.
void update_interaction(DbImpl& db, const Interaction& i);
/// Hides the interaction (deleted now) and counts a revision.
void mark_interaction_removed(DbImpl& db, Id id);
/// Former versions of an interaction, oldest first.
std::vector<InteractionRevision> list_interaction_revisions(DbImpl& db, Id interaction_id);
/// Interactions with an employer (its own, and cluster meetings it attended), not removed ones,
/// newest first, with their contacts and attendance.
std::vector<Interaction> interactions_of_employer(DbImpl& db, Id employer_id);
/// The office's log between two dates inclusive (unset: no bound) as Interactions::table
/// gives it: one row per interaction and employer, a cluster meeting's per member.
Table interaction_table(DbImpl& db, Id office_id, std::optional<Date> from, std::optional<Date> to);
/// Every contact of the office that can count for cadence: (employer, day, kind), not removed
/// ones, cluster meetings for the members that attended.
std::vector<cadence::ContactEvent> contact_events(DbImpl& db, Id office_id);

// ---- Commitments ----

/// Inserts a prepared commitment (validated, metadata filled); sets c.meta.id.
void insert_commitment(DbImpl& db, Commitment& c);
std::optional<Commitment> find_commitment(DbImpl& db, Id id);
/// Closes a commitment (kept or cancelled) on `on`.
void close_commitment(DbImpl& db, Id id, CommitmentStatus status, Date on, const std::string& reason);
/// Open commitments that pass the filter, soonest due first (then by id).
std::vector<Commitment> open_commitments(DbImpl& db, const TaskFilter& f);
/// A commitment as its listing shows it: with its employer's and its owner's names.
struct CommitmentLine {
    Id id = 0;
    std::string uuid;
    Id employer_id = 0;
    std::string employer;  ///< legal name
    Id owner_id = 0;
    std::string owner;
    std::string description;
    Date due;
    CommitmentStatus status = CommitmentStatus::Open;
    std::optional<Date> closed_on;
    std::string reason;
    std::optional<Id> interaction_id;
};
/// Every commitment that passes the filter (any status), soonest due first (then by id).
std::vector<CommitmentLine> commitment_lines(DbImpl& db, const TaskFilter& f);

// ---- Follow-ups ----

/// Inserts a prepared follow-up (validated, metadata filled); sets f.meta.id.
void insert_follow_up(DbImpl& db, FollowUp& f);
std::optional<FollowUp> find_follow_up(DbImpl& db, Id id);
void set_follow_up_done(DbImpl& db, Id id, Date on);
/// Pending follow-ups that pass the filter, soonest due first (then by id).
std::vector<FollowUp> open_follow_ups(DbImpl& db, const TaskFilter& f);

}  // namespace omilcrm::store
