// Job seekers' rights under Ley 21.719: the register of requests, the access answer,
// portability, erasure, blocking and opposition, retention (the DataRights repository).
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/data_rights.hpp>
#include <omilcrm/json.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/seekers.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_records(py::module_& m) {
    py::class_<RightsRequest> request(m, "RightsRequest",
                                      "A data-subject request (access, rectification, erasure, opposition, "
                                      "portability, blocking) with its legal deadline and answer.");
    def_fields(request);
    request.def("__repr__", [](const RightsRequest& r) {
        return record_repr(r, "RightsRequest", {"id", "kind", "status", "due_on"});
    });
    py::class_<SeekerRestriction> restriction(m, "SeekerRestriction",
                                              "A blocking or opposition period of a seeker's data.");
    def_fields(restriction);
    restriction.def("__repr__", [](const SeekerRestriction& r) {
        return record_repr(r, "SeekerRestriction", {"id", "kind", "from", "to"});
    });
    py::class_<Recipient> recipient(m, "Recipient", "Someone who received the person's data, when and what.");
    def_fields(recipient);
    recipient.def("__repr__", [](const Recipient& r) { return record_repr(r, "Recipient", {"kind", "name", "on"}); });
    py::class_<ConsentRecord> consent(m, "ConsentRecord", "A consent the person gave: the day and the scopes.");
    def_fields(consent);
    py::class_<SubjectAccess> access(m, "SubjectAccess",
                                     "The answer to an access request: every personal field, origin, consents, "
                                     "purposes, recipients, restrictions, retention. document() gives it as HTML.");
    def_fields(access);
    access.def("document", &access_document, "The answer as a readable document (Spanish, HTML).");
    access.def("__repr__", [](const SubjectAccess& a) {
        return "SubjectAccess(seeker=" + std::to_string(a.seeker.meta.id) +
               ", recipients=" + std::to_string(a.recipients.size()) + ")";
    });
    py::class_<ErasureOutcome> erasure(m, "ErasureOutcome", "What an erasure did: erased, or refused with the reason.");
    def_fields(erasure);
    erasure.def("__repr__", [](const ErasureOutcome& e) {
        return record_repr(e, "ErasureOutcome", {"seeker_id", "erased"});
    });
    py::class_<RetentionItem> retention(m, "RetentionItem", "A profile the retention rule reaches.");
    def_fields(retention);
    retention.def("__repr__", [](const RetentionItem& r) {
        return record_repr(r, "RetentionItem", {"seeker_id", "last_active", "expired_on"});
    });
}

void bind_repository(py::module_& m) {
    py::class_<DataRights>(m, "DataRights",
                           "Job seekers' rights under Ley 21.719 (db.data_rights): the register of requests with "
                           "their legal deadlines, access and portability, rectification, erasure, blocking and "
                           "opposition, and the retention rule. Records may be given as records or ids.")
        .def("__repr__", [](const DataRights&) { return std::string("<omilcrm.DataRights repository>"); })
        .def(
            "receive",
            [](DataRights& r, Ref<JobSeeker> seeker, RightKind kind, Ref<StaffMember> verified_by,
               const std::string& verification, const std::string& detail, std::optional<Date> received_on) {
                return r.receive({.seeker_id = seeker.id,
                                  .kind = kind,
                                  .detail = detail,
                                  .received_on = received_on,
                                  .verified_by = verified_by.id,
                                  .verification = verification});
            },
            py::kw_only(), "seeker"_a, "kind"_a, "verified_by"_a, "verification"_a, "detail"_a = "",
            "received_on"_a = py::none(),
            "Registers a request: kind access, rectification, erasure, opposition, portability or blocking; who "
            "verified the person's identity and how (verified_by: a StaffMember or id). Its deadline: 30 "
            "calendar days from received_on (a datetime.date, default today). Returns the RightsRequest. "
            "Raises ValidationError naming the field, NotFound for an unknown id.")
        .def(
            "get", [](const DataRights& r, Ref<RightsRequest> request) { return r.get(request.id); }, "request"_a,
            "The RightsRequest with this id (or the record itself, read again). Raises NotFound when there "
            "is none.")
        .def(
            "list",
            [](const DataRights& r, Ref<Office> office, bool open_only, std::optional<RightKind> kind,
               std::optional<Ref<JobSeeker>> seeker) {
                return r.list(office.id, {.open_only = open_only, .kind = kind, .seeker_id = opt_ref(seeker)});
            },
            "office"_a, py::kw_only(), "open_only"_a = true, "kind"_a = py::none(), "seeker"_a = py::none(),
            "The office's requests, as a list of RightsRequest: only the open ones unless open_only=False; "
            "kind and seeker (a JobSeeker or id) narrow it.")
        .def(
            "overdue", [](const DataRights& r, Ref<Office> office, Date day) { return r.overdue(office.id, day); },
            "office"_a, "day"_a,
            "The office's open requests past their deadline on `day` (a datetime.date), most overdue first, "
            "as a list of RightsRequest.")
        .def(
            "extend",
            [](DataRights& r, Ref<RightsRequest> request, const std::string& reason, Ref<StaffMember> by,
               std::optional<Date> on) { return r.extend(request.id, reason, by.id, on); },
            "request"_a, py::kw_only(), "reason"_a, "by"_a, "on"_a = py::none(),
            "Extends the deadline once by 30 days, with the reason (by: a StaffMember or id) and returns the "
            "RightsRequest. Raises Conflict the second time, for a closed request, and for a blocking "
            "request, whose 2 business days the law does not extend.")
        .def(
            "answer",
            [](DataRights& r, Ref<RightsRequest> request, const std::string& answer, Ref<StaffMember> by,
               std::optional<Date> on) { return r.answer(request.id, answer, by.id, on); },
            "request"_a, py::kw_only(), "answer"_a, "by"_a, "on"_a = py::none(),
            "Records the answer given (by: a StaffMember or id; on: default today) and returns the "
            "RightsRequest. Raises Conflict when the request is already closed.")
        .def(
            "refuse",
            [](DataRights& r, Ref<RightsRequest> request, const std::string& reason, Ref<StaffMember> by,
               std::optional<Date> on) { return r.refuse(request.id, reason, by.id, on); },
            "request"_a, py::kw_only(), "reason"_a, "by"_a, "on"_a = py::none(),
            "Records a refusal with its legal reason and returns the RightsRequest. Raises Conflict when the "
            "request is already closed.")
        .def(
            "report",
            [](const DataRights& r, Ref<Office> office, Date start, Date end) {
                return r.report(office.id, start, end);
            },
            "office"_a, "start"_a, "end"_a,
            "Per kind, over start to end (datetime.date, inclusive), as a Table: received, answered in time, "
            "answered late, refused, open, overdue.")
        .def(
            "access",
            [](DataRights& r, Ref<JobSeeker> seeker, Ref<StaffMember> by) { return r.access(seeker.id, by.id); },
            "seeker"_a, py::kw_only(), "by"_a,
            "The answer to an access request (a SubjectAccess; .document() gives it as HTML), logged as a "
            "read of personal data answering the person.")
        .def(
            "portable_json",
            [](DataRights& r, Ref<JobSeeker> seeker, Ref<StaffMember> by) { return r.portable_json(seeker.id, by.id); },
            "seeker"_a, py::kw_only(), "by"_a,
            "The portable copy as JSON text (a str, layout 'omilcrm.portable/1', see docs/personal-data.md), "
            "logged as a read of personal data.")
        .def(
            "portable_table",
            [](DataRights& r, Ref<JobSeeker> seeker, Ref<StaffMember> by) {
                return r.portable_table(seeker.id, by.id);
            },
            "seeker"_a, py::kw_only(), "by"_a,
            "The portable copy as a Table of rows: section, field, value (logged as portable_json()).")
        .def(
            "import_portable",
            [](DataRights& r, Ref<Office> office, const std::string& json, Ref<StaffMember> by) {
                return r.import_portable(office.id, json, by.id);
            },
            "office"_a, "document"_a, py::kw_only(), "by"_a,
            "Registers at the office the person of a portable copy (`document`: its JSON text) made by any "
            "office; returns the new JobSeeker. Raises ValidationError for a document that is not one, "
            "Conflict when the office already has a seeker with that RUT.")
        .def(
            "rectify",
            [](DataRights& r, Ref<JobSeeker> seeker, Ref<StaffMember> by, std::optional<std::string> rut,
               std::optional<std::string> name, const py::object& birth_date,
               std::optional<Ref<RightsRequest>> request) {
                Rectification c{.rut = rut, .name = name};
                if (!birth_date.is(py::ellipsis())) c.birth_date = birth_date.cast<std::optional<Date>>();
                return r.rectify(seeker.id, c, by.id, opt_ref(request));
            },
            "seeker"_a, py::kw_only(), "by"_a, "rut"_a = py::none(), "name"_a = py::none(),
            "birth_date"_a = py::ellipsis(), "request"_a = py::none(),
            "Corrects the person's RUT, name or birth date (birth_date=None clears it); each change is logged, "
            "and the request, when given, answered.")
        .def(
            "erase",
            [](DataRights& r, Ref<JobSeeker> seeker, Ref<StaffMember> by, std::optional<Ref<RightsRequest>> request) {
                return r.erase(seeker.id, by.id, opt_ref(request));
            },
            "seeker"_a, py::kw_only(), "by"_a, "request"_a = py::none(),
            "Removes the person's personal data for good: the personal record, personal values in the "
            "change log, the profile's free-text detail; the profile stays, anonymous, so referrals and "
            "placements still count. Refused (and recorded) where the law lets the office keep it. Returns "
            "an ErasureOutcome (erased, or the reason).")
        .def(
            "restrict",
            [](DataRights& r, Ref<JobSeeker> seeker, RestrictionKind kind, const std::string& reason,
               Ref<StaffMember> by, std::optional<Date> start, std::optional<Date> end,
               std::optional<Ref<RightsRequest>> request) {
                return r.restrict({.seeker_id = seeker.id,
                                   .kind = kind,
                                   .from = start,
                                   .to = end,
                                   .reason = reason,
                                   .request_id = opt_ref(request),
                                   .staff_id = by.id});
            },
            "seeker"_a, py::kw_only(), "kind"_a, "reason"_a, "by"_a, "start"_a = py::none(), "end"_a = py::none(),
            "request"_a = py::none(),
            "Blocks the seeker's data or records their opposition (kind blocking or opposition) from start "
            "(a datetime.date, default today) to end (open-ended when None). Returns the SeekerRestriction.")
        .def(
            "lift",
            [](DataRights& r, Ref<SeekerRestriction> restriction, Date end, Ref<StaffMember> by) {
                return r.lift(restriction.id, end, by.id);
            },
            "restriction"_a, py::kw_only(), "end"_a, "by"_a,
            "Ends a restriction (a SeekerRestriction or id) on `end` (a datetime.date), the last day it "
            "covers; returns it.")
        .def(
            "restrictions", [](const DataRights& r, Ref<JobSeeker> seeker) { return r.restrictions(seeker.id); },
            "seeker"_a, "The seeker's blocking and opposition periods, as a list of SeekerRestriction.")
        .def(
            "restricted",
            [](const DataRights& r, Ref<JobSeeker> seeker, Date day) { return r.restricted(seeker.id, day); },
            "seeker"_a, "day"_a,
            "Whether a blocking or opposition period of the seeker covers `day` (a datetime.date).")
        .def(
            "set_retention",
            [](DataRights& r, Ref<Office> office, std::optional<int> years) { r.set_retention(office.id, years); },
            "office"_a, "years"_a,
            "Sets the office's retention rule: profiles inactive for this many years are anonymised (None: "
            "the office keeps them). Returns None.")
        .def(
            "retention", [](const DataRights& r, Ref<Office> office) { return r.retention(office.id); }, "office"_a,
            "The office's retention rule in years (an int), or None when it keeps profiles.")
        .def(
            "expired", [](const DataRights& r, Ref<Office> office, Date day) { return r.expired(office.id, day); },
            "office"_a, "day"_a,
            "What the retention rule reaches on `day` (a dry run: nothing changes), as a list of "
            "RetentionItem.")
        .def(
            "apply_retention",
            [](DataRights& r, Ref<Office> office, Date day, Ref<StaffMember> by) {
                return r.apply_retention(office.id, day, by.id);
            },
            "office"_a, "day"_a, py::kw_only(), "by"_a,
            "Anonymises what expired() reaches on `day`, except what the law keeps; returns what it did (a "
            "list of RetentionItem).");
}

}  // namespace

void bind_data_rights(py::module_& m) {
    m.def(
        "rights_due_on", [](Date received, bool extended) { return rights::due_on(received, extended); }, "received"_a,
        py::kw_only(), "extended"_a = false,
        "The deadline of a data-subject request received on that day: 30 calendar days, 60 once extended.");
    bind_records(m);
    bind_repository(m);
}

}  // namespace omilcrm::python
