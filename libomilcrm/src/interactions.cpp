// The interaction log, commitments and follow-ups.
#include <algorithm>
#include <array>
#include <set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "bulk.hpp"
#include "checks.hpp"
#include "partners_rules.hpp"
#include "references.hpp"
#include "store/interactions.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

using detail::index_of;

// The log records what happened: nothing dated after today (plans are kept apart).
void check_not_future(Date on, Date today) { detail::check_not_future("on", on, today); }
void check_not_future(detail::DbImpl& db, Date on) { check_not_future(on, detail::today(db)); }

void check_minute(const std::optional<int>& m) {
    if (m && (*m < 0 || *m > 1439))
        throw ValidationError("at", std::to_string(*m), "must be a time of day (minutes 0..1439)");
}

std::string required_text(std::string_view v, const char* field) {
    std::string t(detail::trim(v));
    if (t.empty()) throw ValidationError(field, std::string(v), "is required");
    return t;
}

// The staff member must be of the office and working there on `on`.
void check_staff(const StaffMember& s, Id office_id, Date on, const char* field) {
    if (s.office_id != office_id)
        throw ValidationError(field, std::to_string(s.meta.id), s.name + " works at another office");
    if (!s.active_on(on))
        throw ValidationError(field, std::to_string(s.meta.id), s.name + " did not work at the office on " + on.iso());
}

StaffMember staff_for(detail::DbImpl& db, Id staff_id, Id office_id, Date on, const char* field) {
    StaffMember s = Staff(db).get(staff_id);
    check_staff(s, office_id, on, field);
    return s;
}

Commitment insert_commitment(detail::DbImpl& db, Id office_id, Id employer_id, std::optional<Id> interaction_id,
                             Id owner_id, const NewCommitment& in) {
    Commitment c;
    c.meta = detail::new_meta(db);
    c.office_id = office_id;
    c.employer_id = employer_id;
    c.interaction_id = interaction_id;
    c.owner_id = owner_id;
    c.description = required_text(in.description, "description");
    c.due = in.due;
    store::insert_commitment(db, c);
    return c;
}

FollowUp insert_follow_up(detail::DbImpl& db, Id office_id, std::optional<Id> employer_id,
                          std::optional<Id> interaction_id, Id owner_id, const NewFollowUp& in) {
    FollowUp f;
    f.meta = detail::new_meta(db);
    f.office_id = office_id;
    f.employer_id = employer_id;
    f.interaction_id = interaction_id;
    f.owner_id = owner_id;
    f.description = required_text(in.description, "description");
    f.due = in.due;
    store::insert_follow_up(db, f);
    return f;
}

// The people from outside at an interaction of `office_id`, checked: each from a partner or a
// department of that office, or a named organisation. Errors name "participants[i]...".
std::vector<Participant> participants_of(detail::DbImpl& db, const std::vector<NewParticipant>& in, Id office_id) {
    std::vector<Participant> out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const std::string field = "participants[" + std::to_string(i) + "]";
        Participant p = detail::participant_of(in[i], field);
        if (p.partner_id) {
            std::optional<Partner> partner;
            try {
                partner = Partners(db).get(*p.partner_id);
            } catch (const NotFound&) {
                throw ValidationError(field + ".partner", std::to_string(*p.partner_id), "is not a partner");
            }
            if (partner->office_id != office_id)
                throw ValidationError(field + ".partner", std::to_string(*p.partner_id),
                                      "is a partner of another office");
        }
        if (p.department_id) {
            std::optional<Department> department;
            try {
                department = Departments(db).get(*p.department_id);
            } catch (const NotFound&) {
                throw ValidationError(field + ".department", std::to_string(*p.department_id), "is not a department");
            }
            if (department->office_id != office_id)
                throw ValidationError(field + ".department", std::to_string(*p.department_id),
                                      "is a department of another office");
        }
        out.push_back(std::move(p));
    }
    return out;
}

// A contact with one employer, checked and ready to insert: log() and log_many() share it.
struct PreparedLog {
    Interaction i;
    std::vector<std::pair<Id, NewCommitment>> commitments;  ///< (owner, commitment)
    std::vector<std::pair<Id, NewFollowUp>> follow_ups;     ///< (owner, follow-up)
};

// Every check of log(), against the records `refs` looks up; writes nothing.
PreparedLog prepare_log(detail::DbImpl& db, const NewInteraction& in, detail::References& refs, Date today) {
    if (in.kind == InteractionKind::ClusterMeeting)
        throw ValidationError("kind", "cluster_meeting", "use log_cluster_meeting for a cluster meeting");
    check_minute(in.at_minute);
    check_not_future(in.on, today);
    const Employer& e = refs.employer(in.employer_id);
    const StaffMember& s = refs.staff(in.staff_id);
    check_staff(s, e.office_id, in.on, "staff");
    for (Id c : in.contacts)
        if (refs.contact_employer(c) != e.meta.id)
            throw ValidationError("contacts", std::to_string(c), "is not a contact of " + e.legal_name);
    PreparedLog p;
    Interaction& i = p.i;
    i.office_id = e.office_id;
    i.kind = in.kind;
    i.on = in.on;
    i.at_minute = in.at_minute;
    i.staff_id = s.meta.id;
    i.employer_id = e.meta.id;
    i.direction = in.direction;
    i.summary = std::string(detail::trim(in.summary));
    i.outcome = std::string(detail::trim(in.outcome));
    i.next_step = std::string(detail::trim(in.next_step));
    i.contacts = in.contacts;
    i.participants = participants_of(db, in.participants, e.office_id);
    for (const auto& c : in.commitments) {
        if (c.owner_id)
            check_staff(refs.staff(c.owner_id, "commitments.owner"), e.office_id, in.on, "commitments.owner");
        required_text(c.description, "commitments.description");
        p.commitments.emplace_back(c.owner_id ? c.owner_id : s.meta.id, c);
    }
    for (const auto& f : in.follow_ups) {
        if (f.owner_id) check_staff(refs.staff(f.owner_id, "follow_ups.owner"), e.office_id, in.on, "follow_ups.owner");
        required_text(f.description, "follow_ups.description");
        p.follow_ups.emplace_back(f.owner_id ? f.owner_id : s.meta.id, f);
    }
    return p;
}

// Writes a prepared contact with its contacts, commitments and follow-ups (inside the caller's
// scope); fills in its id and metadata.
Id insert_log(detail::DbImpl& db, PreparedLog& p) {
    Interaction& i = p.i;
    i.meta = detail::new_meta(db);
    store::insert_interaction(db, i);
    store::insert_interaction_contacts(db, i.meta.id, i.contacts);
    store::insert_interaction_participants(db, i.meta.id, i.participants);
    for (const auto& [owner, c] : p.commitments)
        insert_commitment(db, i.office_id, *i.employer_id, i.meta.id, owner, c);
    for (const auto& [owner, f] : p.follow_ups) insert_follow_up(db, i.office_id, i.employer_id, i.meta.id, owner, f);
    return i.meta.id;
}

}  // namespace

// ---- Interactions ------------------------------------------------------------------------

Interaction Interactions::log(const NewInteraction& in) {
    if (!in.contacts.empty() || !in.participants.empty() || !in.commitments.empty() || !in.follow_ups.empty()) {
        detail::WriteScope write(*db_);  // several rows: a savepoint undoes them together
        detail::References refs(*db_, false);
        PreparedLog p = prepare_log(*db_, in, refs, today());
        insert_log(*db_, p);
        return p.i;
    }
    // One row, one statement; none of the records the checks read is changed by it.
    detail::WriteScope write(*db_, detail::WriteScope::OneStatement{});
    detail::References refs(*db_, false);
    PreparedLog p = prepare_log(*db_, in, refs, today());
    const std::int64_t before = detail::total_changes(*db_);
    insert_log(*db_, p);
    detail::keep_check_cache(*db_, before);
    return p.i;
}

std::vector<Id> Interactions::log_many(const std::vector<NewInteraction>& rows, const Progress& progress) {
    detail::WriteScope write(*db_);
    detail::References refs(*db_, true);
    const Date day = today();
    return detail::insert_rows(
        *db_, rows, progress, [&](const NewInteraction& in) { return prepare_log(*db_, in, refs, day); },
        [&](PreparedLog& p) { return insert_log(*db_, p); });
}

Interaction Interactions::log_cluster_meeting(const NewClusterMeeting& in) {
    detail::WriteScope write(*db_);
    check_minute(in.at_minute);
    check_not_future(*db_, in.on);
    const Cluster c = Clusters(*db_).get(in.cluster_id);
    const StaffMember s = staff_for(*db_, in.staff_id, c.office_id, in.on, "staff");
    const auto members = Clusters(*db_).members(c.meta.id, in.on);
    for (Id a : in.attended)
        if (std::find(members.begin(), members.end(), a) == members.end())
            throw ValidationError("attended", std::to_string(a), "is not a member of " + c.name + " on " + in.on.iso());
    for (Id k : in.contacts) {
        const Id employer = Contacts(*db_).get(k).employer_id;
        if (std::find(members.begin(), members.end(), employer) == members.end() &&
            (!c.representative_id || *c.representative_id != k))
            throw ValidationError("contacts", std::to_string(k), "does not work for a member of " + c.name);
    }
    for (const auto& f : in.follow_ups) {
        if (f.owner_id) staff_for(*db_, f.owner_id, c.office_id, in.on, "follow_ups.owner");
        required_text(f.description, "follow_ups.description");
    }
    auto participants = participants_of(*db_, in.participants, c.office_id);
    Interaction i;
    i.meta = detail::new_meta(*db_);
    i.office_id = c.office_id;
    i.kind = InteractionKind::ClusterMeeting;
    i.on = in.on;
    i.at_minute = in.at_minute;
    i.staff_id = s.meta.id;
    i.cluster_id = c.meta.id;
    i.summary = std::string(detail::trim(in.summary));
    i.outcome = std::string(detail::trim(in.outcome));
    i.next_step = std::string(detail::trim(in.next_step));
    i.contacts = in.contacts;
    i.participants = std::move(participants);
    store::insert_interaction(*db_, i);
    store::insert_interaction_contacts(*db_, i.meta.id, in.contacts);
    store::insert_interaction_participants(*db_, i.meta.id, i.participants);
    for (Id m : members) {
        const bool present = std::find(in.attended.begin(), in.attended.end(), m) != in.attended.end();
        store::insert_attendance(*db_, i.meta.id, m, present);
        (present ? i.attended : i.absent).push_back(m);
    }
    for (const auto& f : in.follow_ups)
        insert_follow_up(*db_, c.office_id, std::nullopt, i.meta.id, f.owner_id ? f.owner_id : s.meta.id, f);
    return i;
}

std::vector<Interaction> Interactions::with_participants(const ParticipantFilter& f) const {
    detail::check_office(*db_, f.office_id);
    std::vector<Interaction> out;
    std::set<Id> seen;
    for (const auto& l : store::participant_lines(*db_, f))
        if (detail::name_matches(l.participant.name, f.name) && seen.insert(l.interaction_id).second)
            out.push_back(get(l.interaction_id));
    return out;
}

Table Interactions::participants(const ParticipantFilter& f) const {
    detail::check_office(*db_, f.office_id);
    Table t;
    auto& interaction = t.add_column("interaction_id", ColumnType::Int);
    auto& on = t.add_column("on", ColumnType::Date);
    auto& kind = t.add_column("kind", ColumnType::Text);
    auto& employer = t.add_column("employer_id", ColumnType::Int);
    auto& cluster = t.add_column("cluster_id", ColumnType::Int);
    auto& staff = t.add_column("staff_id", ColumnType::Int);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& role = t.add_column("role", ColumnType::Text);
    auto& partner_id = t.add_column("partner_id", ColumnType::Int);
    auto& partner = t.add_column("partner", ColumnType::Text);
    auto& department_id = t.add_column("department_id", ColumnType::Int);
    auto& department = t.add_column("department", ColumnType::Text);
    auto& organisation = t.add_column("organisation", ColumnType::Text);
    for (const auto& l : store::participant_lines(*db_, f)) {
        if (!detail::name_matches(l.participant.name, f.name)) continue;
        interaction.push_int(l.interaction_id);
        on.push_int(l.on.days());
        kind.push_text(to_string(l.kind));
        push_value(employer, l.employer_id);
        push_value(cluster, l.cluster_id);
        staff.push_int(l.staff_id);
        name.push_text(l.participant.name);
        role.push_text(l.participant.role);
        push_value(partner_id, l.participant.partner_id);
        partner.push_text(l.partner);
        push_value(department_id, l.participant.department_id);
        department.push_text(l.department);
        organisation.push_text(l.participant.organisation);
    }
    return t;
}

Interaction Interactions::get(Id id) const {
    auto i = store::find_interaction(*db_, id);
    if (!i) throw NotFound("interaction", std::to_string(id));
    return std::move(*i);
}

Interaction Interactions::correct(Id id, const InteractionCorrection& c) {
    detail::WriteScope write(*db_);
    Interaction i = get(id);
    if (i.deleted) throw Conflict("interaction " + std::to_string(id) + " was removed; it cannot be corrected");
    Interaction n = i;
    if (c.kind) {
        if ((*c.kind == InteractionKind::ClusterMeeting) != (i.kind == InteractionKind::ClusterMeeting))
            throw ValidationError("kind", std::string(to_string(*c.kind)),
                                  "a cluster meeting and a contact with one employer are not interchangeable");
        n.kind = *c.kind;
    }
    if (c.on) {
        check_not_future(*db_, *c.on);
        n.on = *c.on;
    }
    if (c.at_minute) n.at_minute = *c.at_minute;
    check_minute(n.at_minute);
    if (c.staff_id) n.staff_id = *c.staff_id;
    if (c.staff_id || c.on) staff_for(*db_, n.staff_id, n.office_id, n.on, "staff");
    if (c.direction) n.direction = *c.direction;
    if (c.summary) n.summary = std::string(detail::trim(*c.summary));
    if (c.outcome) n.outcome = std::string(detail::trim(*c.outcome));
    if (c.next_step) n.next_step = std::string(detail::trim(*c.next_step));
    store::insert_interaction_revision(*db_, i, c.reason);
    store::update_interaction(*db_, n);
    return get(id);
}

Interaction Interactions::remove(Id id, const std::string& reason) {
    detail::WriteScope write(*db_);
    Interaction i = get(id);
    if (i.deleted) return i;
    store::insert_interaction_revision(*db_, i, "removed: " + reason);
    store::mark_interaction_removed(*db_, id);
    return get(id);
}

std::vector<InteractionRevision> Interactions::revisions(Id id) const {
    get(id);
    return store::list_interaction_revisions(*db_, id);
}

std::vector<Interaction> Interactions::of_employer(Id employer_id) const {
    Employers(*db_).get(employer_id);
    return store::interactions_of_employer(*db_, employer_id);
}

Table Interactions::table(Id office_id, std::optional<Date> from, std::optional<Date> to) const {
    detail::check_office(*db_, office_id);
    return store::interaction_table(*db_, office_id, from, to);
}

std::vector<cadence::ContactEvent> Interactions::contact_events(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::contact_events(*db_, office_id);
}

// ---- Commitments -------------------------------------------------------------------------

Commitment Commitments::add(Id employer_id, const NewCommitment& in, std::optional<Id> interaction_id) {
    detail::WriteScope write(*db_);
    const Employer e = Employers(*db_).get(employer_id);
    const Id owner = in.owner_id ? in.owner_id : e.owner_id;
    staff_for(*db_, owner, e.office_id, today(), "owner");
    if (interaction_id) Interactions(*db_).get(*interaction_id);
    return insert_commitment(*db_, e.office_id, e.meta.id, interaction_id, owner, in);
}

Commitment Commitments::get(Id id) const {
    auto c = store::find_commitment(*db_, id);
    if (!c) throw NotFound("commitment", std::to_string(id));
    return std::move(*c);
}

namespace {
Commitment close_commitment(detail::DbImpl& db, Commitments& repo, Id id, Date on, CommitmentStatus status,
                            const std::string& reason) {
    detail::WriteScope write(db);
    const Commitment c = repo.get(id);
    if (c.status != CommitmentStatus::Open)
        throw Conflict("commitment " + std::to_string(id) + " is already " + std::string(to_string(c.status)));
    store::close_commitment(db, id, status, on, reason);
    return repo.get(id);
}
}  // namespace

Commitment Commitments::keep(Id id, Date on) {
    return close_commitment(*db_, *this, id, on, CommitmentStatus::Kept, "");
}

Commitment Commitments::cancel(Id id, Date on, const std::string& reason) {
    return close_commitment(*db_, *this, id, on, CommitmentStatus::Cancelled, required_text(reason, "reason"));
}

std::vector<Commitment> Commitments::open(const TaskFilter& f) const {
    detail::check_office(*db_, f.office_id);
    return store::open_commitments(*db_, f);
}

std::vector<Commitment> Commitments::overdue(const TaskFilter& f, Date day) const {
    detail::check_office(*db_, f.office_id);
    std::vector<Commitment> out;
    for (auto& c : open(f))
        if (c.overdue_on(day)) out.push_back(std::move(c));
    return out;
}

Table Commitments::table(const TaskFilter& f) const {
    detail::check_office(*db_, f.office_id);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& uuid = t.add_column("uuid", ColumnType::Text);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& owner_id = t.add_column("owner_id", ColumnType::Int);
    auto& owner = t.add_column("owner", ColumnType::Text);
    auto& description = t.add_column("description", ColumnType::Text);
    auto& due = t.add_column("due", ColumnType::Date);
    auto& status = t.add_column("status", ColumnType::Text);
    auto& closed = t.add_column("closed_on", ColumnType::Date);
    auto& reason = t.add_column("reason", ColumnType::Text);
    auto& interaction = t.add_column("interaction_id", ColumnType::Int);
    for (const auto& c : store::commitment_lines(*db_, f)) {
        id.push_int(c.id);
        uuid.push_text(c.uuid);
        employer_id.push_int(c.employer_id);
        employer.push_text(c.employer);
        owner_id.push_int(c.owner_id);
        owner.push_text(c.owner);
        description.push_text(c.description);
        due.push_int(c.due.days());
        status.push_text(std::string(to_string(c.status)));
        if (c.closed_on) closed.push_int(c.closed_on->days());
        else closed.push_null();
        reason.push_text(c.reason);
        if (c.interaction_id) interaction.push_int(*c.interaction_id);
        else interaction.push_null();
    }
    return t;
}

// ---- Follow-ups --------------------------------------------------------------------------

FollowUp FollowUps::add(Id office_id, const NewFollowUp& in, std::optional<Id> employer_id,
                        std::optional<Id> interaction_id) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    if (!in.owner_id) throw ValidationError("owner", "", "is required");
    staff_for(*db_, in.owner_id, office_id, today(), "owner");
    if (employer_id && Employers(*db_).get(*employer_id).office_id != office_id)
        throw ValidationError("employer", std::to_string(*employer_id), "belongs to another office");
    if (interaction_id) Interactions(*db_).get(*interaction_id);
    return insert_follow_up(*db_, office_id, employer_id, interaction_id, in.owner_id, in);
}

FollowUp FollowUps::get(Id id) const {
    auto f = store::find_follow_up(*db_, id);
    if (!f) throw NotFound("follow-up", std::to_string(id));
    return std::move(*f);
}

FollowUp FollowUps::done(Id id, Date on) {
    detail::WriteScope write(*db_);
    const FollowUp f = get(id);
    if (f.done_on) throw Conflict("follow-up " + std::to_string(id) + " was already done on " + f.done_on->iso());
    store::set_follow_up_done(*db_, id, on);
    return get(id);
}

std::vector<FollowUp> FollowUps::open(const TaskFilter& f) const {
    detail::check_office(*db_, f.office_id);
    return store::open_follow_ups(*db_, f);
}

std::vector<FollowUp> FollowUps::overdue(const TaskFilter& f, Date day) const {
    detail::check_office(*db_, f.office_id);
    std::vector<FollowUp> out;
    for (auto& x : open(f))
        if (x.overdue_on(day)) out.push_back(std::move(x));
    return out;
}

}  // namespace omilcrm
