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

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_programme(py::module_& m) {
    py::class_<Programme>(m, "Programme", "A SENCE programme (or the office's own) that can be offered.")
        .def_property_readonly("id", [](const Programme& p) { return p.meta.id; })
        .def_readonly("office_id", &Programme::office_id)
        .def_readonly("code", &Programme::code)
        .def_readonly("name", &Programme::name)
        .def_readonly("kind", &Programme::kind)
        .def_property_readonly("audience", [](const Programme& p) { return std::string(to_string(p.audience)); })
        .def_readonly("active", &Programme::active)
        .def("__repr__", [](const Programme& p) { return "Programme(code=" + q(p.code) + ", name=" + q(p.name) + ")"; });
}

void bind_programme_offer(py::module_& m) {
    py::class_<ProgrammeOffer>(m, "ProgrammeOffer", "A programme offered to an employer or a seeker, and its outcome.")
        .def_property_readonly("id", [](const ProgrammeOffer& o) { return o.meta.id; })
        .def_readonly("office_id", &ProgrammeOffer::office_id)
        .def_readonly("programme_id", &ProgrammeOffer::programme_id)
        .def_readonly("employer_id", &ProgrammeOffer::employer_id)
        .def_readonly("seeker_id", &ProgrammeOffer::seeker_id)
        .def_readonly("offered_on", &ProgrammeOffer::offered_on)
        .def_readonly("offered_by", &ProgrammeOffer::offered_by)
        .def_property_readonly("outcome", [](const ProgrammeOffer& o) { return std::string(to_string(o.outcome)); })
        .def_readonly("outcome_on", &ProgrammeOffer::outcome_on)
        .def_readonly("note", &ProgrammeOffer::note)
        .def("__repr__", [](const ProgrammeOffer& o) {
            return "ProgrammeOffer(id=" + std::to_string(o.meta.id) + ", outcome=" + q(std::string(to_string(o.outcome))) + ")";
        });
}

void bind_programmes_repository(py::module_& m) {
    py::class_<Programmes>(m, "Programmes")
        .def("__repr__", [](const Programmes&) { return std::string("<omilcrm.Programmes repository>"); })
        .def("add", [](Programmes& r, Ref<Office> office, const std::string& code, const std::string& name,
                       const std::string& kind, const std::string& audience) {
            return r.add(office.id, code, name, kind, parse_programme_audience(audience));
        }, py::kw_only(), "office"_a, "code"_a, "name"_a, "kind"_a = "training", "audience"_a = "both",
           "kind: training, subsidy, other; audience: employers, seekers, both.")
        .def("get", [](const Programmes& r, Ref<Office> office, std::string_view code) { return r.get(office.id, code); },
             "office"_a, "code"_a)
        .def("list", [](const Programmes& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def("offer", [](Programmes& r, Ref<Office> office, std::string_view programme,
                         std::optional<Ref<Employer>> employer, std::optional<Ref<JobSeeker>> seeker,
                         std::optional<Ref<StaffMember>> by, std::optional<Date> on, const std::string& note) {
            return r.offer(office.id, programme, opt_ref(employer), opt_ref(seeker), opt_ref(by), on, note);
        }, py::kw_only(), "office"_a, "programme"_a, "employer"_a = py::none(), "seeker"_a = py::none(),
           "by"_a = py::none(), "on"_a = py::none(), "note"_a = "",
           "Offers a programme (by code) to one employer or one seeker.")
        .def("record_outcome", [](Programmes& r, Ref<ProgrammeOffer> offer, const std::string& outcome,
                                  std::optional<Date> on, std::optional<Ref<StaffMember>> by, const std::string& note) {
            return r.record_outcome(offer.id, parse_offer_outcome(outcome), on, opt_ref(by), note);
        }, "offer"_a, "outcome"_a, py::kw_only(), "on"_a = py::none(), "by"_a = py::none(), "note"_a = "",
           "outcome: declined, accepted, enrolled.")
        .def("get_offer", [](const Programmes& r, Ref<ProgrammeOffer> o) { return r.get_offer(o.id); }, "offer"_a)
        .def("offer_history", [](const Programmes& r, Ref<ProgrammeOffer> o) { return r.offer_history(o.id); },
             "offer"_a, "Every outcome the offer went through.")
        .def("offers", [](const Programmes& r, Ref<Office> office) { return r.offers(office.id); }, "office"_a)
        .def("table", [](const Programmes& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
             "Offers per programme and audience, by outcome.");
}

}  // namespace

void bind_programmes(py::module_& m) {
    bind_programme(m);
    bind_programme_offer(m);
    bind_programmes_repository(m);
}

}  // namespace omilcrm::python
