// SENCE programmes: the programme, its offers and the Programmes repository.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <string_view>

#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/programmes.hpp>
#include <omilcrm/seekers.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_programme(py::module_& m) {
    py::class_<Programme> c(m, "Programme", "A SENCE programme (or the office's own) that can be offered.");
    def_fields(c);
    c.def("__repr__", [](const Programme& p) { return record_repr(p, "Programme", {"code", "name"}); });
}

void bind_programme_offer(py::module_& m) {
    py::class_<ProgrammeOffer> c(m, "ProgrammeOffer",
                                 "A programme offered to an employer or a seeker, and its outcome.");
    def_fields(c);
    c.def("__repr__", [](const ProgrammeOffer& o) { return record_repr(o, "ProgrammeOffer", {"id", "outcome"}); });
}

void bind_programmes_repository(py::module_& m) {
    py::class_<Programmes>(m, "Programmes",
                           "SENCE programmes and the office's own (db.programmes): the office's offer, programmes "
                           "offered to employers and seekers, and what came of each offer.")
        .def("__repr__", [](const Programmes&) { return std::string("<omilcrm.Programmes repository>"); })
        .def(
            "add",
            [](Programmes& r, Ref<Office> office, const std::string& code, const std::string& name,
               const std::string& kind,
               ProgrammeAudience audience) { return r.add(office.id, code, name, kind, audience); },
            py::kw_only(), "office"_a, "code"_a, "name"_a, "kind"_a = "training",
            "audience"_a = ProgrammeAudience::Both,
            "Adds a programme to the office's (an Office or id) offer and returns it (a Programme); codes "
            "are unique per office. kind: training, subsidy, other; audience: employers, seekers, both. "
            "Raises Conflict when the office already has the code, ValidationError naming the field.")
        .def(
            "get",
            [](const Programmes& r, Ref<Office> office, std::string_view code) { return r.get(office.id, code); },
            "office"_a, "code"_a, "The office's Programme with this code. Raises NotFound when there is none.")
        .def(
            "list", [](const Programmes& r, Ref<Office> office) { return r.list(office.id); }, "office"_a,
            "The office's programmes, as a list of Programme (SENCE's usual offer is there from the "
            "start).")
        .def(
            "offer",
            [](Programmes& r, Ref<Office> office, std::string_view programme, std::optional<Ref<Employer>> employer,
               std::optional<Ref<JobSeeker>> seeker, std::optional<Ref<StaffMember>> by, std::optional<Date> on,
               const std::string& note) {
                return r.offer(office.id, programme, opt_ref(employer), opt_ref(seeker), opt_ref(by), on, note);
            },
            py::kw_only(), "office"_a, "programme"_a, "employer"_a = py::none(), "seeker"_a = py::none(),
            "by"_a = py::none(), "on"_a = py::none(), "note"_a = "",
            "Offers the office's programme (by code) to one employer or one seeker (exactly one; records or "
            "ids), checking its audience, and returns the ProgrammeOffer. on: a datetime.date (default "
            "today). Raises ValidationError naming the field, Conflict for a seeker who has not consented "
            "to be offered programmes, NotFound for an unknown code or id.")
        .def(
            "record_outcome",
            [](Programmes& r, Ref<ProgrammeOffer> offer, OfferOutcome outcome, std::optional<Date> on,
               std::optional<Ref<StaffMember>> by,
               const std::string& note) { return r.record_outcome(offer.id, outcome, on, opt_ref(by), note); },
            "offer"_a, "outcome"_a, py::kw_only(), "on"_a = py::none(), "by"_a = py::none(), "note"_a = "",
            "Records what came of an offer (a ProgrammeOffer or id): outcome declined, accepted or enrolled; "
            "each change is kept (offer_history). Returns the updated ProgrammeOffer. Raises Conflict once "
            "the offer was declined or enrolled, ValidationError (field on) for a day before the offer.")
        .def(
            "get_offer", [](const Programmes& r, Ref<ProgrammeOffer> o) { return r.get_offer(o.id); }, "offer"_a,
            "The ProgrammeOffer with this id (or the record itself). Raises NotFound when there is none.")
        .def(
            "offer_history", [](const Programmes& r, Ref<ProgrammeOffer> o) { return r.offer_history(o.id); },
            "offer"_a, "Every outcome the offer went through, as a Table: on, outcome, staff, note.")
        .def(
            "offers", [](const Programmes& r, Ref<Office> office) { return r.offers(office.id); }, "office"_a,
            "The office's programme offers, as a list of ProgrammeOffer.")
        .def(
            "table", [](const Programmes& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "Offers per programme and audience as a Table: offered, declined, accepted, enrolled (by current "
            "outcome).");
}

}  // namespace

void bind_programmes(py::module_& m) {
    bind_programme(m);
    bind_programme_offer(m);
    bind_programmes_repository(m);
}

}  // namespace omilcrm::python
