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

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

template <class T>
Id ref_in(const py::dict& d, const char* key, const std::string& where) {
    if (!d.contains(key) || d[key].is_none()) return 0;
    try {
        return d[key].cast<Ref<T>>().id;
    } catch (const py::cast_error&) {
        throw ValidationError(where + key, py::repr(d[key]).cast<std::string>(), "expected an id or a record");
    } catch (const NotFound&) {  // an int past 64 bits
        throw ValidationError(where + key, py::repr(d[key]).cast<std::string>(), "is not the id of any record");
    }
}

std::string text_in(const py::dict& d, const char* key) {
    return d.contains(key) && !d[key].is_none() ? py::str(d[key]).cast<std::string>() : std::string();
}

Date date_in(const py::dict& d, const char* key, const std::string& where) {
    if (!d.contains(key) || d[key].is_none()) throw ValidationError(where + key, "", "is required");
    return value_of<Date>(where + key, d[key], "a date");
}

std::vector<NewCommitment> commitments_of(const py::object& items) {
    std::vector<NewCommitment> out;
    if (items.is_none()) return out;
    std::size_t i = 0;
    for (auto item : items) {
        const py::dict d(py::reinterpret_borrow<py::object>(item));
        const std::string where = "commitments[" + std::to_string(i++) + "].";
        out.push_back({text_in(d, "description"), date_in(d, "due", where), ref_in<StaffMember>(d, "owner", where)});
    }
    return out;
}

std::vector<NewFollowUp> follow_ups_of(const py::object& items) {
    std::vector<NewFollowUp> out;
    if (items.is_none()) return out;
    std::size_t i = 0;
    for (auto item : items) {
        const py::dict d(py::reinterpret_borrow<py::object>(item));
        const std::string where = "follow_ups[" + std::to_string(i++) + "].";
        out.push_back({text_in(d, "description"), date_in(d, "due", where), ref_in<StaffMember>(d, "owner", where)});
    }
    return out;
}

// log()'s keywords as a NewInteraction: one row of log_many(), or log()'s own arguments, so both
// convert alike. Unknown keys are refused; `on` defaults to `today`.
NewInteraction new_interaction_from(const py::dict& d, Date today) {
    NewInteraction n;
    n.on = today;
    bool employer = false, kind = false, by = false;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        const auto obj = py::reinterpret_borrow<py::object>(v);
        auto text = [&] { return py::str(v).cast<std::string>(); };
        if (key == "employer") {
            n.employer_id = ref_of<Employer>(key, v);
            employer = true;
        } else if (key == "kind") {
            n.kind = parse_interaction_kind(text());
            kind = true;
        } else if (key == "by") {
            n.staff_id = ref_of<StaffMember>(key, v);
            by = true;
        } else if (key == "on") n.on = value_of<Date>(key, v, "a date");
        else if (key == "at") n.at_minute = minute_of(obj);
        else if (key == "contacts") n.contacts = ids_of(obj, "contacts");
        else if (key == "direction") n.direction = parse_direction(text());
        else if (key == "summary") n.summary = text();
        else if (key == "outcome") n.outcome = text();
        else if (key == "next_step") n.next_step = text();
        else if (key == "commitments") n.commitments = commitments_of(obj);
        else if (key == "follow_ups") n.follow_ups = follow_ups_of(obj);
        else
            throw ValidationError(key, text(), "is not an interaction field (employer, kind, by, on, at, contacts, "
                                               "direction, summary, outcome, next_step, commitments, follow_ups)");
    }
    if (!employer) throw ValidationError("employer", "", "is required");
    if (!kind) throw ValidationError("kind", "", "is required");
    if (!by) throw ValidationError("by", "", "is required");
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
    py::class_<Interaction>(m, "Interaction", "A contact with an employer, or a cluster meeting.")
        .def_property_readonly("id", [](const Interaction& i) { return i.meta.id; })
        .def_property_readonly("uuid", [](const Interaction& i) { return i.meta.uuid; })
        .def_property_readonly("created_at", [](const Interaction& i) { return i.meta.created_at; })
        .def_property_readonly("updated_at", [](const Interaction& i) { return i.meta.updated_at; })
        .def_readonly("office_id", &Interaction::office_id)
        .def_property_readonly("kind", [](const Interaction& i) { return std::string(to_string(i.kind)); })
        .def_readonly("on", &Interaction::on)
        .def_property_readonly("at", [](const Interaction& i) { return hhmm(i.at_minute); }, "'HH:MM' or None")
        .def_readonly("staff_id", &Interaction::staff_id)
        .def_readonly("employer_id", &Interaction::employer_id)
        .def_readonly("cluster_id", &Interaction::cluster_id)
        .def_property_readonly("direction", [](const Interaction& i) { return std::string(to_string(i.direction)); })
        .def_readonly("summary", &Interaction::summary)
        .def_readonly("outcome", &Interaction::outcome)
        .def_readonly("next_step", &Interaction::next_step)
        .def_readonly("contacts", &Interaction::contacts)
        .def_readonly("attended", &Interaction::attended)
        .def_readonly("absent", &Interaction::absent)
        .def_readonly("revision", &Interaction::revision)
        .def_readonly("deleted", &Interaction::deleted)
        .def("__repr__", [](const Interaction& i) {
            return "Interaction(id=" + std::to_string(i.meta.id) + ", kind=" + q(std::string(to_string(i.kind))) +
                   ", on=" + q(i.on.iso()) +
                   (i.employer_id ? ", employer_id=" + std::to_string(*i.employer_id) : "") +
                   (i.cluster_id ? ", cluster_id=" + std::to_string(*i.cluster_id) : "") + ")";
        });
}

void bind_interaction_revision(py::module_& m) {
    py::class_<InteractionRevision>(m, "InteractionRevision", "An interaction as it was before a correction.")
        .def_readonly("interaction_id", &InteractionRevision::interaction_id)
        .def_readonly("revision", &InteractionRevision::revision)
        .def_property_readonly("kind", [](const InteractionRevision& r) { return std::string(to_string(r.kind)); })
        .def_readonly("on", &InteractionRevision::on)
        .def_property_readonly("at", [](const InteractionRevision& r) { return hhmm(r.at_minute); })
        .def_readonly("staff_id", &InteractionRevision::staff_id)
        .def_readonly("summary", &InteractionRevision::summary)
        .def_readonly("outcome", &InteractionRevision::outcome)
        .def_readonly("next_step", &InteractionRevision::next_step)
        .def_readonly("replaced_at", &InteractionRevision::replaced_at)
        .def_readonly("reason", &InteractionRevision::reason)
        .def("__repr__", [](const InteractionRevision& r) {
            return "InteractionRevision(interaction_id=" + std::to_string(r.interaction_id) +
                   ", revision=" + std::to_string(r.revision) + ", reason=" + q(r.reason) + ")";
        });
}

void bind_commitment(py::module_& m) {
    py::class_<Commitment>(m, "Commitment", "What the office promised an employer.")
        .def_property_readonly("id", [](const Commitment& c) { return c.meta.id; })
        .def_property_readonly("uuid", [](const Commitment& c) { return c.meta.uuid; })
        .def_readonly("office_id", &Commitment::office_id)
        .def_readonly("employer_id", &Commitment::employer_id)
        .def_readonly("interaction_id", &Commitment::interaction_id)
        .def_readonly("owner_id", &Commitment::owner_id)
        .def_readonly("description", &Commitment::description)
        .def_readonly("due", &Commitment::due)
        .def_property_readonly("status", [](const Commitment& c) { return std::string(to_string(c.status)); })
        .def_readonly("closed_on", &Commitment::closed_on)
        .def_readonly("reason", &Commitment::reason)
        .def("overdue_on", &Commitment::overdue_on, "day"_a)
        .def("__repr__", [](const Commitment& c) {
            return "Commitment(id=" + std::to_string(c.meta.id) + ", description=" + q(c.description) +
                   ", due=" + q(c.due.iso()) + ", status=" + q(std::string(to_string(c.status))) + ")";
        });
}

void bind_follow_up(py::module_& m) {
    py::class_<FollowUp>(m, "FollowUp", "An internal task raised by an interaction.")
        .def_property_readonly("id", [](const FollowUp& f) { return f.meta.id; })
        .def_property_readonly("uuid", [](const FollowUp& f) { return f.meta.uuid; })
        .def_readonly("office_id", &FollowUp::office_id)
        .def_readonly("employer_id", &FollowUp::employer_id)
        .def_readonly("interaction_id", &FollowUp::interaction_id)
        .def_readonly("owner_id", &FollowUp::owner_id)
        .def_readonly("description", &FollowUp::description)
        .def_readonly("due", &FollowUp::due)
        .def_readonly("done_on", &FollowUp::done_on)
        .def("overdue_on", &FollowUp::overdue_on, "day"_a)
        .def("__repr__", [](const FollowUp& f) {
            return "FollowUp(id=" + std::to_string(f.meta.id) + ", description=" + q(f.description) +
                   ", due=" + q(f.due.iso()) + (f.done_on ? ", done_on=" + q(f.done_on->iso()) : "") + ")";
        });
}

void bind_interactions_repository(py::module_& m) {
    py::class_<Interactions>(m, "Interactions")
        .def("__repr__", [](const Interactions&) { return std::string("<omilcrm.Interactions repository>"); })
        .def("log", [](Interactions& r, Ref<Employer> employer, const std::string& kind, Ref<StaffMember> by,
                       std::optional<Date> on, const py::object& at, const py::object& contacts,
                       const std::string& direction, const std::string& summary, const std::string& outcome,
                       const std::string& next_step, const py::object& commitments, const py::object& follow_ups) {
            return r.log(new_interaction_from(
                py::dict("employer"_a = employer.id, "kind"_a = kind, "by"_a = by.id, "on"_a = on, "at"_a = at,
                         "contacts"_a = contacts, "direction"_a = direction, "summary"_a = summary,
                         "outcome"_a = outcome, "next_step"_a = next_step, "commitments"_a = commitments,
                         "follow_ups"_a = follow_ups),
                r.today()));
        }, py::kw_only(), "employer"_a, "kind"_a, "by"_a, "on"_a = py::none(), "at"_a = py::none(),
           "contacts"_a = py::none(), "direction"_a = "outbound", "summary"_a = "", "outcome"_a = "",
           "next_step"_a = "", "commitments"_a = py::none(), "follow_ups"_a = py::none(),
           "Logs a contact. kind: visit, phone_call, email, message, meeting, event or other. "
           "commitments / follow_ups: lists of dicts with description, due and optionally owner.")
        .def("log_many", [](Interactions& r, const py::iterable& rows) {
            const Date today = r.today();
            const auto in = rows_of(rows, [&](const py::dict& d) { return new_interaction_from(d, today); });
            return r.log_many(in);
        }, "rows"_a,
           "Bulk path for loading history: an iterable of dicts with log()'s keywords, every row checked "
           "first (errors name the row: rows[12].on), then one transaction; one bad row and nothing is "
           "logged. Returns the new ids.")
        .def("log_cluster_meeting", [](Interactions& r, Ref<Cluster> cluster, Ref<StaffMember> by,
                                       std::optional<Date> on, const py::object& attended, const py::object& at,
                                       const py::object& contacts, const std::string& summary,
                                       const std::string& outcome, const std::string& next_step,
                                       const py::object& follow_ups) {
            NewClusterMeeting n;
            n.cluster_id = cluster.id;
            n.staff_id = by.id;
            n.on = on.value_or(r.today());
            n.attended = ids_of(attended, "attended");
            n.at_minute = minute_of(at);
            n.contacts = ids_of(contacts, "contacts");
            n.summary = summary;
            n.outcome = outcome;
            n.next_step = next_step;
            n.follow_ups = follow_ups_of(follow_ups);
            return r.log_cluster_meeting(n);
        }, py::kw_only(), "cluster"_a, "by"_a, "on"_a = py::none(), "attended"_a = py::none(),
           "at"_a = py::none(), "contacts"_a = py::none(), "summary"_a = "", "outcome"_a = "",
           "next_step"_a = "", "follow_ups"_a = py::none(),
           "Records a cluster meeting once; members not in `attended` are recorded absent.")
        .def("get", [](const Interactions& r, Ref<Interaction> i) { return r.get(i.id); }, "interaction"_a)
        .def("correct", [](Interactions& r, Ref<Interaction> i, const std::string& reason,
                           std::optional<std::string> kind, std::optional<Date> on, const py::object& at,
                           std::optional<Ref<StaffMember>> by, std::optional<std::string> direction,
                           std::optional<std::string> summary, std::optional<std::string> outcome,
                           std::optional<std::string> next_step) {
            InteractionCorrection c;
            c.reason = reason;
            if (kind) c.kind = parse_interaction_kind(*kind);
            c.on = on;
            if (!at.is_none()) c.at_minute = minute_of(at);
            if (by) c.staff_id = by->id;
            if (direction) c.direction = parse_direction(*direction);
            c.summary = summary;
            c.outcome = outcome;
            c.next_step = next_step;
            return r.correct(i.id, c);
        }, "interaction"_a, py::kw_only(), "reason"_a = "", "kind"_a = py::none(), "on"_a = py::none(),
           "at"_a = py::none(), "by"_a = py::none(), "direction"_a = py::none(), "summary"_a = py::none(),
           "outcome"_a = py::none(), "next_step"_a = py::none(),
           "Corrects the given fields; the previous version is kept (see revisions).")
        .def("remove", [](Interactions& r, Ref<Interaction> i, const std::string& reason) { return r.remove(i.id, reason); },
             "interaction"_a, py::kw_only(), "reason"_a, "Hides the interaction; it is never erased.")
        .def("revisions", [](const Interactions& r, Ref<Interaction> i) { return r.revisions(i.id); }, "interaction"_a)
        .def("of_employer", [](const Interactions& r, Ref<Employer> e) { return r.of_employer(e.id); }, "employer"_a)
        .def("table", [](const Interactions& r, Ref<Office> office, std::optional<Date> start, std::optional<Date> end) {
            return r.table(office.id, start, end);
        }, "office"_a, py::kw_only(), "start"_a = py::none(), "end"_a = py::none(),
           "One row per interaction and employer (cluster meetings: one per member, with attended).");
}

void bind_commitments_repository(py::module_& m) {
    py::class_<Commitments>(m, "Commitments")
        .def("__repr__", [](const Commitments&) { return std::string("<omilcrm.Commitments repository>"); })
        .def("add", [](Commitments& r, Ref<Employer> employer, const std::string& description, Date due,
                       std::optional<Ref<StaffMember>> owner, std::optional<Ref<Interaction>> interaction) {
            std::optional<Id> iid;
            if (interaction) iid = interaction->id;
            return r.add(employer.id, {description, due, owner ? owner->id : 0}, iid);
        }, py::kw_only(), "employer"_a, "description"_a, "due"_a, "owner"_a = py::none(),
           "interaction"_a = py::none(), "owner defaults to the employer's owner.")
        .def("get", [](const Commitments& r, Ref<Commitment> c) { return r.get(c.id); }, "commitment"_a)
        .def("keep", [](Commitments& r, Ref<Commitment> c, std::optional<Date> on) {
            return r.keep(c.id, on.value_or(r.today()));
        }, "commitment"_a, py::kw_only(), "on"_a = py::none())
        .def("cancel", [](Commitments& r, Ref<Commitment> c, const std::string& reason, std::optional<Date> on) {
            return r.cancel(c.id, on.value_or(r.today()), reason);
        }, "commitment"_a, py::kw_only(), "reason"_a, "on"_a = py::none())
        .def("open", [](const Commitments& r, Ref<Office> office, std::optional<Ref<StaffMember>> staff,
                        std::optional<Ref<Employer>> employer) { return r.open(filter(office, staff, employer)); },
             py::kw_only(), "office"_a, "staff"_a = py::none(), "employer"_a = py::none())
        .def("overdue", [](const Commitments& r, Ref<Office> office, std::optional<Date> on,
                           std::optional<Ref<StaffMember>> staff, std::optional<Ref<Employer>> employer) {
            return r.overdue(filter(office, staff, employer), on.value_or(r.today()));
        }, py::kw_only(), "office"_a, "on"_a = py::none(), "staff"_a = py::none(), "employer"_a = py::none())
        .def("table", [](const Commitments& r, Ref<Office> office, std::optional<Ref<StaffMember>> staff,
                         std::optional<Ref<Employer>> employer) { return r.table(filter(office, staff, employer)); },
             py::kw_only(), "office"_a, "staff"_a = py::none(), "employer"_a = py::none());
}

void bind_follow_ups_repository(py::module_& m) {
    py::class_<FollowUps>(m, "FollowUps")
        .def("__repr__", [](const FollowUps&) { return std::string("<omilcrm.FollowUps repository>"); })
        .def("add", [](FollowUps& r, Ref<Office> office, const std::string& description, Date due,
                       Ref<StaffMember> owner, std::optional<Ref<Employer>> employer,
                       std::optional<Ref<Interaction>> interaction) {
            std::optional<Id> eid, iid;
            if (employer) eid = employer->id;
            if (interaction) iid = interaction->id;
            return r.add(office.id, {description, due, owner.id}, eid, iid);
        }, py::kw_only(), "office"_a, "description"_a, "due"_a, "owner"_a, "employer"_a = py::none(),
           "interaction"_a = py::none())
        .def("get", [](const FollowUps& r, Ref<FollowUp> f) { return r.get(f.id); }, "follow_up"_a)
        .def("done", [](FollowUps& r, Ref<FollowUp> f, std::optional<Date> on) {
            return r.done(f.id, on.value_or(r.today()));
        }, "follow_up"_a, py::kw_only(), "on"_a = py::none())
        .def("open", [](const FollowUps& r, Ref<Office> office, std::optional<Ref<StaffMember>> staff,
                        std::optional<Ref<Employer>> employer) { return r.open(filter(office, staff, employer)); },
             py::kw_only(), "office"_a, "staff"_a = py::none(), "employer"_a = py::none())
        .def("overdue", [](const FollowUps& r, Ref<Office> office, std::optional<Date> on,
                           std::optional<Ref<StaffMember>> staff, std::optional<Ref<Employer>> employer) {
            return r.overdue(filter(office, staff, employer), on.value_or(r.today()));
        }, py::kw_only(), "office"_a, "on"_a = py::none(), "staff"_a = py::none(), "employer"_a = py::none());
}

}  // namespace

void bind_interactions(py::module_& m) {
    bind_interaction(m);
    bind_interaction_revision(m);
    bind_commitment(m);
    bind_follow_up(m);
    bind_interactions_repository(m);
    bind_commitments_repository(m);
    bind_follow_ups_repository(m);
}

}  // namespace omilcrm::python
