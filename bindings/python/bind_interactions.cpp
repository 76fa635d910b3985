// The interaction log, commitments to employers and the office's follow-ups.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <omilcrm/clusters.hpp>
#include <omilcrm/employers.hpp>
#include <omilcrm/error.hpp>
#include <omilcrm/interactions.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/partners.hpp>
#include <omilcrm/requests.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// log()'s keywords as a NewInteraction: one row of log_many(), or log()'s own arguments, so both
// convert alike. Unknown keys are refused; `on` defaults to `today`.
NewInteraction new_interaction_from(const py::dict& d, Date today) {
    NewInteraction n = record_from<NewInteraction>(d, "interaction");
    if (!d.contains("on") || d["on"].is_none()) n.on = today;
    return n;
}

TaskFilter filter(Ref<Office> office, std::optional<Ref<StaffMember>> staff, std::optional<Ref<Employer>> employer) {
    TaskFilter f;
    f.office_id = office.id;
    if (staff) f.staff_id = staff->id;
    if (employer) f.employer_id = employer->id;
    return f;
}

void bind_interaction(py::module_& m) {
    py::class_<Interaction> interaction(m, "Interaction", "A contact with an employer, or a cluster meeting.");
    def_fields(interaction);
    interaction.def("__repr__", [](const Interaction& i) {
        if (i.cluster_id) return record_repr(i, "Interaction", {"id", "kind", "on", "cluster_id"});
        return record_repr(i, "Interaction", {"id", "kind", "on", "employer_id"});
    });
}

void bind_participant(py::module_& m) {
    py::class_<Participant> participant(m, "Participant",
                                        "Someone from outside the office and the employer at an interaction: from a "
                                        "partner institution, a municipal department or a named organisation.");
    def_fields(participant);
    participant.def("__repr__", [](const Participant& p) {
        if (p.partner_id) return record_repr(p, "Participant", {"name", "role", "partner_id"});
        if (p.department_id) return record_repr(p, "Participant", {"name", "role", "department_id"});
        return record_repr(p, "Participant", {"name", "role", "organisation"});
    });
}

ParticipantFilter participant_filter(Ref<Office> office, std::optional<Ref<Partner>> partner,
                                     std::optional<Ref<Department>> department, const std::string& name,
                                     std::optional<Date> start, std::optional<Date> end) {
    return {.office_id = office.id,
            .partner_id = opt_ref(partner),
            .department_id = opt_ref(department),
            .name = name,
            .from = start,
            .to = end};
}

void bind_interaction_revision(py::module_& m) {
    py::class_<InteractionRevision> revision(m, "InteractionRevision", "An interaction as it was before a correction.");
    def_fields(revision);
    revision.def("__repr__", [](const InteractionRevision& r) {
        return record_repr(r, "InteractionRevision", {"interaction_id", "revision", "reason"});
    });
}

void bind_commitment(py::module_& m) {
    py::class_<Commitment> commitment(m, "Commitment", "What the office promised an employer.");
    def_fields(commitment);
    commitment
        .def("overdue_on", &Commitment::overdue_on, "day"_a,
             "Whether the commitment is still open and was due before `day` (a datetime.date).")
        .def("__repr__", [](const Commitment& c) {
            return record_repr(c, "Commitment", {"id", "description", "due", "status"});
        });
}

void bind_follow_up(py::module_& m) {
    py::class_<FollowUp> follow_up(m, "FollowUp", "An internal task raised by an interaction.");
    def_fields(follow_up);
    follow_up
        .def("overdue_on", &FollowUp::overdue_on, "day"_a,
             "Whether the follow-up is not done and was due before `day` (a datetime.date).")
        .def("__repr__", [](const FollowUp& f) {
            if (f.done_on) return record_repr(f, "FollowUp", {"id", "description", "due", "done_on"});
            return record_repr(f, "FollowUp", {"id", "description", "due"});
        });
}

void bind_interactions_repository(py::module_& m) {
    py::class_<Interactions>(m, "Interactions",
                             "The interaction log (db.interactions): every contact with an employer (visits, calls, "
                             "e-mails, meetings, events) and cluster meetings. Entries are corrected or hidden, "
                             "never erased; each correction keeps the former version.")
        .def("__repr__", [](const Interactions&) { return std::string("<omilcrm.Interactions repository>"); })
        .def(
            "log",
            [](Interactions& r, Ref<Employer> employer, InteractionKind kind, Ref<StaffMember> by,
               std::optional<Date> on, const py::object& at, const py::object& contacts, Direction direction,
               const std::string& summary, const std::string& outcome, const std::string& next_step,
               const py::object& commitments, const py::object& follow_ups, const py::object& participants) {
                // Made straight from the arguments (a dict of them, read back by name, was a third
                // of a call); the lists are read as log_many's rows read them.
                NewInteraction n;
                n.employer_id = employer.id;
                n.kind = kind;
                n.staff_id = by.id;
                n.on = on ? *on : r.today();
                n.at_minute = minute_of(at);
                n.direction = direction;
                n.summary = summary;
                n.outcome = outcome;
                n.next_step = next_step;
                load_field(n, "contacts", contacts);
                load_field(n, "commitments", commitments);
                load_field(n, "follow_ups", follow_ups);
                load_field(n, "participants", participants);
                return r.log(n);
            },
            py::kw_only(), "employer"_a, "kind"_a, "by"_a, "on"_a = py::none(), "at"_a = py::none(),
            "contacts"_a = py::none(), "direction"_a = Direction::Outbound, "summary"_a = "", "outcome"_a = "",
            "next_step"_a = "", "commitments"_a = py::none(), "follow_ups"_a = py::none(),
            "participants"_a = py::none(),
            "Logs a contact with an employer, with the commitments and follow-ups it raised, in one "
            "transaction; returns the Interaction.\n\n"
            "employer: an Employer or its id. kind: visit, phone_call, email, message, meeting, event or "
            "other. by: the StaffMember (or id) who made it, working at the employer's office that day. "
            "on: a datetime.date (default today; not in the future). at: '10:30', a datetime.time or None. "
            "contacts: the employer's Contacts or their ids. direction: outbound or inbound. "
            "commitments / follow_ups: lists of dicts (or NewCommitment / NewFollowUp) with description, due "
            "and optionally owner. participants: people from outside the office and the employer, a list of "
            "dicts (or NewParticipant) with name, role and one of partner (a Partner or id), department (a "
            "Department or id) or organisation (text).\n\n"
            "Raises ValidationError naming the field (commitments[0].due, say), NotFound for an unknown "
            "employer or staff member.\n\n"
            "Example: db.interactions.log(employer=e, kind='visit', by=ana, summary='Primera visita')")
        .def(
            "log_many",
            [](Interactions& r, const py::iterable& rows, const py::object& progress) {
                const Date today = r.today();
                const auto in = rows_of(rows, [&](const py::dict& d) { return new_interaction_from(d, today); });
                return r.log_many(in, python_progress(progress, "interactions"));
            },
            "rows"_a, py::kw_only(), "progress"_a = py::none(),
            "Bulk path for loading history: an iterable of dicts with log()'s keywords, every row checked "
            "first (errors name the row: rows[12].on), then one transaction; one bad row and nothing is "
            "logged. Returns the new ids."
            " progress: a callable progress(done, total) told how far the call got (about every 1%), or True for a "
            "progress bar. Ctrl-C stops the call between rows and rolls it all back (KeyboardInterrupt).")
        .def(
            "log_cluster_meeting",
            [](Interactions& r, Ref<Cluster> cluster, Ref<StaffMember> by, std::optional<Date> on,
               const py::object& attended, const py::object& at, const py::object& contacts, const std::string& summary,
               const std::string& outcome, const std::string& next_step, const py::object& follow_ups,
               const py::object& participants) {
                NewClusterMeeting n = record_from<NewClusterMeeting>(
                    py::dict("cluster"_a = cluster.id, "by"_a = by.id, "attended"_a = attended, "at"_a = at,
                             "contacts"_a = contacts, "summary"_a = summary, "outcome"_a = outcome,
                             "next_step"_a = next_step, "follow_ups"_a = follow_ups, "participants"_a = participants),
                    "cluster meeting");
                n.on = on.value_or(r.today());
                return r.log_cluster_meeting(n);
            },
            py::kw_only(), "cluster"_a, "by"_a, "on"_a = py::none(), "attended"_a = py::none(), "at"_a = py::none(),
            "contacts"_a = py::none(), "summary"_a = "", "outcome"_a = "", "next_step"_a = "",
            "follow_ups"_a = py::none(), "participants"_a = py::none(),
            "Records a cluster meeting once and returns its Interaction: every member on that day is "
            "recorded as attending or not (attended: the Employers or ids present; the others are absent), "
            "and it counts as a contact only for those that attended. cluster: a Cluster or its id; by: the "
            "StaffMember (or id); on: a datetime.date (default today); participants: people from outside "
            "(the SENCE officer, a department's head), as in log(). Raises ValidationError naming the "
            "field, NotFound for an unknown cluster or staff member.")
        .def(
            "get", [](const Interactions& r, Ref<Interaction> i) { return r.get(i.id); }, "interaction"_a,
            "The Interaction with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "correct",
            [](Interactions& r, Ref<Interaction> i, const std::string& reason, std::optional<InteractionKind> kind,
               std::optional<Date> on, const py::object& at, std::optional<Ref<StaffMember>> by,
               std::optional<Direction> direction, std::optional<std::string> summary,
               std::optional<std::string> outcome, std::optional<std::string> next_step) {
                InteractionCorrection c;
                c.reason = reason;
                c.kind = kind;
                c.on = on;
                if (!at.is_none()) c.at_minute = minute_of(at);
                if (by) c.staff_id = by->id;
                c.direction = direction;
                c.summary = summary;
                c.outcome = outcome;
                c.next_step = next_step;
                return r.correct(i.id, c);
            },
            "interaction"_a, py::kw_only(), "reason"_a = "", "kind"_a = py::none(), "on"_a = py::none(),
            "at"_a = py::none(), "by"_a = py::none(), "direction"_a = py::none(), "summary"_a = py::none(),
            "outcome"_a = py::none(), "next_step"_a = py::none(),
            "Corrects the given fields of an interaction (an Interaction or its id) and returns it; the "
            "previous version is kept with `reason` (see revisions()). Fields left None stay as they are. "
            "Raises Conflict for a removed interaction, ValidationError naming the field, NotFound for an "
            "unknown id.")
        .def(
            "remove",
            [](Interactions& r, Ref<Interaction> i, const std::string& reason) { return r.remove(i.id, reason); },
            "interaction"_a, py::kw_only(), "reason"_a,
            "Hides the interaction (an Interaction or its id) from lists and cadence, with the reason, and "
            "returns it; it stays in the file with its history and is never erased. Raises NotFound for an "
            "unknown id.")
        .def(
            "revisions", [](const Interactions& r, Ref<Interaction> i) { return r.revisions(i.id); }, "interaction"_a,
            "The former versions of an interaction (an Interaction or its id), oldest first, as a list of "
            "InteractionRevision.")
        .def(
            "of_employer", [](const Interactions& r, Ref<Employer> e) { return r.of_employer(e.id); }, "employer"_a,
            "Interactions with an employer (an Employer or its id): its own and the cluster meetings it "
            "attended, newest first, as a list of Interaction.")
        .def(
            "table",
            [](const Interactions& r, Ref<Office> office, std::optional<Date> start, std::optional<Date> end) {
                return r.table(office.id, start, end);
            },
            "office"_a, py::kw_only(), "start"_a = py::none(), "end"_a = py::none(),
            "The office's interactions as a Table: one row per interaction and employer (a cluster meeting "
            "gives a row per member, with `attended`), between start and end inclusive (datetime.date; "
            "None for no bound).")
        .def(
            "with_participants",
            [](const Interactions& r, Ref<Office> office, std::optional<Ref<Partner>> partner,
               std::optional<Ref<Department>> department, const std::string& name, std::optional<Date> start,
               std::optional<Date> end) {
                return r.with_participants(participant_filter(office, partner, department, name, start, end));
            },
            "office"_a, py::kw_only(), "partner"_a = py::none(), "department"_a = py::none(), "name"_a = "",
            "start"_a = py::none(), "end"_a = py::none(),
            "The office's interactions (not hidden) with a participant from outside that passes the filter "
            "(of the partner, of the department, a name containing `name` without regard to case or accents, "
            "between start and end), newest first, as a list of Interaction.")
        .def(
            "participants",
            [](const Interactions& r, Ref<Office> office, std::optional<Ref<Partner>> partner,
               std::optional<Ref<Department>> department, const std::string& name, std::optional<Date> start,
               std::optional<Date> end) {
                return r.participants(participant_filter(office, partner, department, name, start, end));
            },
            "office"_a, py::kw_only(), "partner"_a = py::none(), "department"_a = py::none(), "name"_a = "",
            "start"_a = py::none(), "end"_a = py::none(),
            "One row per participant from outside (a Table, newest interaction first): interaction_id, on, kind, "
            "employer_id, cluster_id, staff_id, name, role, partner_id, partner, department_id, department, "
            "organisation; filtered as with_participants().");
}

void bind_commitments_repository(py::module_& m) {
    py::class_<Commitments>(m, "Commitments",
                            "What the office promised employers (db.commitments): add, keep or cancel them, "
                            "and list the open and overdue ones.")
        .def("__repr__", [](const Commitments&) { return std::string("<omilcrm.Commitments repository>"); })
        .def(
            "add",
            [](Commitments& r, Ref<Employer> employer, const std::string& description, Date due,
               std::optional<Ref<StaffMember>> owner, std::optional<Ref<Interaction>> interaction) {
                std::optional<Id> iid;
                if (interaction) iid = interaction->id;
                return r.add(employer.id, {description, due, owner ? owner->id : 0}, iid);
            },
            py::kw_only(), "employer"_a, "description"_a, "due"_a, "owner"_a = py::none(), "interaction"_a = py::none(),
            "Adds a commitment to an employer (an Employer or its id) and returns it (a Commitment). due: "
            "a datetime.date. owner: a StaffMember or its id, by default the employer's owner. "
            "interaction: the Interaction (or id) it was made in. Raises ValidationError naming the field, "
            "NotFound for an unknown id.")
        .def(
            "get", [](const Commitments& r, Ref<Commitment> c) { return r.get(c.id); }, "commitment"_a,
            "The Commitment with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "keep",
            [](Commitments& r, Ref<Commitment> c, std::optional<Date> on) {
                return r.keep(c.id, on.value_or(r.today()));
            },
            "commitment"_a, py::kw_only(), "on"_a = py::none(),
            "Marks the commitment (a Commitment or its id) kept on `on` (default today) and returns it. "
            "Raises Conflict when it is already kept or cancelled, NotFound for an unknown id.")
        .def(
            "cancel",
            [](Commitments& r, Ref<Commitment> c, const std::string& reason, std::optional<Date> on) {
                return r.cancel(c.id, on.value_or(r.today()), reason);
            },
            "commitment"_a, py::kw_only(), "reason"_a, "on"_a = py::none(),
            "Cancels the commitment (a Commitment or its id) on `on` (default today), with the reason, and "
            "returns it. Raises Conflict when it is already kept or cancelled, NotFound for an unknown id.")
        .def(
            "open",
            [](const Commitments& r, Ref<Office> office, std::optional<Ref<StaffMember>> staff,
               std::optional<Ref<Employer>> employer) { return r.open(filter(office, staff, employer)); },
            py::kw_only(), "office"_a, "staff"_a = py::none(), "employer"_a = py::none(),
            "The office's open commitments, soonest due first, as a list of Commitment; staff and employer "
            "(records or ids) narrow it to one owner or one employer.")
        .def(
            "overdue",
            [](const Commitments& r, Ref<Office> office, std::optional<Date> on, std::optional<Ref<StaffMember>> staff,
               std::optional<Ref<Employer>> employer) {
                return r.overdue(filter(office, staff, employer), on.value_or(r.today()));
            },
            py::kw_only(), "office"_a, "on"_a = py::none(), "staff"_a = py::none(), "employer"_a = py::none(),
            "The office's open commitments due before `on` (default today), as a list of Commitment; staff "
            "and employer narrow it as in open().")
        .def(
            "table",
            [](const Commitments& r, Ref<Office> office, std::optional<Ref<StaffMember>> staff,
               std::optional<Ref<Employer>> employer) { return r.table(filter(office, staff, employer)); },
            py::kw_only(), "office"_a, "staff"_a = py::none(), "employer"_a = py::none(),
            "The office's commitments as a Table, one row per commitment; staff and employer narrow it as "
            "in open().");
}

void bind_follow_ups_repository(py::module_& m) {
    py::class_<FollowUps>(m, "FollowUps",
                          "The office's internal tasks (db.follow_ups), raised by interactions or on their own: "
                          "add them, mark them done, list the open and overdue ones.")
        .def("__repr__", [](const FollowUps&) { return std::string("<omilcrm.FollowUps repository>"); })
        .def(
            "add",
            [](FollowUps& r, Ref<Office> office, const std::string& description, Date due, Ref<StaffMember> owner,
               std::optional<Ref<Employer>> employer, std::optional<Ref<Interaction>> interaction) {
                std::optional<Id> eid, iid;
                if (employer) eid = employer->id;
                if (interaction) iid = interaction->id;
                return r.add(office.id, {description, due, owner.id}, eid, iid);
            },
            py::kw_only(), "office"_a, "description"_a, "due"_a, "owner"_a, "employer"_a = py::none(),
            "interaction"_a = py::none(),
            "Adds a follow-up for the office (an Office or its id) and returns it (a FollowUp). due: a "
            "datetime.date; owner: the StaffMember (or id) who does it; employer, interaction: what it is "
            "about, optional. Raises ValidationError naming the field, NotFound for an unknown id.")
        .def(
            "get", [](const FollowUps& r, Ref<FollowUp> f) { return r.get(f.id); }, "follow_up"_a,
            "The FollowUp with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "done",
            [](FollowUps& r, Ref<FollowUp> f, std::optional<Date> on) { return r.done(f.id, on.value_or(r.today())); },
            "follow_up"_a, py::kw_only(), "on"_a = py::none(),
            "Marks the follow-up (a FollowUp or its id) done on `on` (default today) and returns it. Raises "
            "Conflict when it was already done, NotFound for an unknown id.")
        .def(
            "open",
            [](const FollowUps& r, Ref<Office> office, std::optional<Ref<StaffMember>> staff,
               std::optional<Ref<Employer>> employer) { return r.open(filter(office, staff, employer)); },
            py::kw_only(), "office"_a, "staff"_a = py::none(), "employer"_a = py::none(),
            "The office's follow-ups not done yet, soonest due first, as a list of FollowUp; staff and "
            "employer (records or ids) narrow it to one owner or one employer.")
        .def(
            "overdue",
            [](const FollowUps& r, Ref<Office> office, std::optional<Date> on, std::optional<Ref<StaffMember>> staff,
               std::optional<Ref<Employer>> employer) {
                return r.overdue(filter(office, staff, employer), on.value_or(r.today()));
            },
            py::kw_only(), "office"_a, "on"_a = py::none(), "staff"_a = py::none(), "employer"_a = py::none(),
            "The office's follow-ups not done and due before `on` (default today), as a list of FollowUp; "
            "staff and employer narrow it as in open().");
}

}  // namespace

void bind_interactions(py::module_& m) {
    bind_input_record<NewParticipant>(
        m, "NewParticipant",
        "Someone from outside at an interaction: an item of NewInteraction.participants (name, role and one of "
        "partner, department, organisation).");
    bind_participant(m);
    bind_input_record<NewCommitment>(m, "NewCommitment",
                                     "A commitment made in an interaction: an item of NewInteraction.commitments.");
    bind_input_record<NewFollowUp>(m, "NewFollowUp", "A follow-up raised by an interaction or a cluster meeting.");
    bind_input_record<NewInteraction>(m, "NewInteraction", "An interaction to log: Interactions.log()'s keywords.");
    bind_input_record<NewClusterMeeting>(m, "NewClusterMeeting", "A cluster meeting to log, with attendance.");
    bind_interaction(m);
    bind_interaction_revision(m);
    bind_commitment(m);
    bind_follow_up(m);
    bind_interactions_repository(m);
    bind_commitments_repository(m);
    bind_follow_ups_repository(m);
}

}  // namespace omilcrm::python
