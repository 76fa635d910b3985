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
    py::class_<Referrals>(m, "Referrals",
                          "Seekers sent to employers for vacancies (db.referrals), and each referral's stages: "
                          "referred, interview, evaluation, hired, not_selected, withdrew.")
        .def("__repr__", [](const Referrals&) { return std::string("<omilcrm.Referrals repository>"); })
        .def(
            "refer",
            [](Referrals& r, Ref<JobSeeker> seeker, Ref<Vacancy> vacancy, std::optional<Ref<StaffMember>> by,
               std::optional<Date> on,
               const std::string& note) { return r.refer(seeker.id, vacancy.id, opt_ref(by), on, note); },
            py::kw_only(), "seeker"_a, "vacancy"_a, "by"_a = py::none(), "on"_a = py::none(), "note"_a = "",
            "Sends a seeker (a JobSeeker or id) to a vacancy (a Vacancy or id) and returns the Referral. The "
            "vacancy must be open (or partially filled) and the seeker active with consent for "
            "intermediation; a seeker is referred to a vacancy once (Conflict otherwise). by: the "
            "StaffMember (or id); on: a datetime.date (default today).\n\n"
            "Example: ref = db.referrals.refer(seeker=s, vacancy=v, by=ana)")
        .def(
            "get", [](const Referrals& r, Ref<Referral> x) { return r.get(x.id); }, "referral"_a,
            "The Referral with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "advance",
            [](Referrals& r, Ref<Referral> x, ReferralStage to, std::optional<Ref<StaffMember>> by,
               std::optional<Date> on, const std::string& note) { return r.advance(x.id, to, opt_ref(by), on, note); },
            "referral"_a, "to"_a, py::kw_only(), "by"_a = py::none(), "on"_a = py::none(), "note"_a = "",
            "Moves the referral (a Referral or id) to a stage and returns it. to: interview, evaluation, "
            "not_selected, withdrew (hired comes with placements.record). Raises Conflict for a move the "
            "stages do not allow or a closed referral.")
        .def(
            "evaluate",
            [](Referrals& r, Ref<Referral> x, EvaluationResult result, Ref<StaffMember> by, std::optional<Date> on,
               const std::string& note) { return r.evaluate(x.id, result, by.id, on, note); },
            "referral"_a, py::kw_only(), "result"_a, "by"_a, "on"_a = py::none(), "note"_a = "",
            "The labour psychologist's evaluation (by: a StaffMember or id): moves the referral to the "
            "evaluation stage with the result, suitable, suitable_with_observations or not_suitable (a "
            "not-suitable result does not close it; the employer decides). Returns the Referral.")
        .def(
            "history", [](const Referrals& r, Ref<Referral> x) { return r.history(x.id); }, "referral"_a,
            "Every step of the referral, oldest first, as a list of ReferralEvent.")
        .def(
            "for_vacancy", [](const Referrals& r, Ref<Vacancy> v) { return r.for_vacancy(v.id); }, "vacancy"_a,
            "The referrals to a vacancy (a Vacancy or id), as a list of Referral.")
        .def(
            "for_seeker", [](const Referrals& r, Ref<JobSeeker> s) { return r.for_seeker(s.id); }, "seeker"_a,
            "The referrals of a seeker (a JobSeeker or id), as a list of Referral.")
        .def(
            "table",
            [](const Referrals& r, Ref<Office> office, std::optional<Ref<Vacancy>> vacancy) {
                return r.table(office.id, opt_ref(vacancy));
            },
            "office"_a, py::kw_only(), "vacancy"_a = py::none(),
            "The office's referrals as a Table, one row per referral (seeker ids, no personal data); with "
            "vacancy (a Vacancy or id), only that vacancy's.");
}

}  // namespace

void bind_referrals(py::module_& m) {
    bind_referral(m);
    bind_referral_event(m);
    bind_referrals_repository(m);
}

}  // namespace omilcrm::python
