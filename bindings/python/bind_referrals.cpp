// Referrals of seekers to vacancies: the record, its history and the Referrals repository.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/offices.hpp>
#include <omilcrm/referrals.hpp>
#include <omilcrm/seekers.hpp>
#include <omilcrm/vacancies.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_referral(py::module_& m) {
    py::class_<Referral> c(m, "Referral", "A seeker sent to an employer for a vacancy.");
    def_fields(c);
    c.def("__repr__", [](const Referral& r) {
        return record_repr(r, "Referral", {"id", "seeker_id", "vacancy_id", "stage"});
    });
}

void bind_referral_event(py::module_& m) {
    py::class_<ReferralEvent> c(m, "ReferralEvent", "One step of a referral's history.");
    def_fields(c);
    c.def("__repr__", [](const ReferralEvent& e) {
        return "ReferralEvent(to_stage=" + q(std::string(to_string(e.to_stage))) + ", on=" + q(e.on.iso()) + ")";
    });
}

void bind_referrals_repository(py::module_& m) {
    py::class_<Referrals>(m, "Referrals")
        .def("__repr__", [](const Referrals&) { return std::string("<omilcrm.Referrals repository>"); })
        .def(
            "refer",
            [](Referrals& r, Ref<JobSeeker> seeker, Ref<Vacancy> vacancy, std::optional<Ref<StaffMember>> by,
               std::optional<Date> on,
               const std::string& note) { return r.refer(seeker.id, vacancy.id, opt_ref(by), on, note); },
            py::kw_only(), "seeker"_a, "vacancy"_a, "by"_a = py::none(), "on"_a = py::none(), "note"_a = "")
        .def(
            "get", [](const Referrals& r, Ref<Referral> x) { return r.get(x.id); }, "referral"_a)
        .def(
            "advance",
            [](Referrals& r, Ref<Referral> x, ReferralStage to, std::optional<Ref<StaffMember>> by,
               std::optional<Date> on, const std::string& note) { return r.advance(x.id, to, opt_ref(by), on, note); },
            "referral"_a, "to"_a, py::kw_only(), "by"_a = py::none(), "on"_a = py::none(), "note"_a = "",
            "to: interview, evaluation, not_selected, withdrew (hired comes with placements.record).")
        .def(
            "evaluate",
            [](Referrals& r, Ref<Referral> x, EvaluationResult result, Ref<StaffMember> by, std::optional<Date> on,
               const std::string& note) { return r.evaluate(x.id, result, by.id, on, note); },
            "referral"_a, py::kw_only(), "result"_a, "by"_a, "on"_a = py::none(), "note"_a = "",
            "The labour psychologist's evaluation: suitable, suitable_with_observations, not_suitable.")
        .def(
            "history", [](const Referrals& r, Ref<Referral> x) { return r.history(x.id); }, "referral"_a)
        .def(
            "for_vacancy", [](const Referrals& r, Ref<Vacancy> v) { return r.for_vacancy(v.id); }, "vacancy"_a)
        .def(
            "for_seeker", [](const Referrals& r, Ref<JobSeeker> s) { return r.for_seeker(s.id); }, "seeker"_a)
        .def(
            "table",
            [](const Referrals& r, Ref<Office> office, std::optional<Ref<Vacancy>> vacancy) {
                return r.table(office.id, opt_ref(vacancy));
            },
            "office"_a, py::kw_only(), "vacancy"_a = py::none());
}

}  // namespace

void bind_referrals(py::module_& m) {
    bind_referral(m);
    bind_referral_event(m);
    bind_referrals_repository(m);
}

}  // namespace omilcrm::python
