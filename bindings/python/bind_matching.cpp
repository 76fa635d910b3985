// Matching: the pure engine on an analyst's own data, its results, and the Matching repository
// over the stored seekers and vacancies.
#include <pybind11/stl.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include <omilcrm/labour.hpp>
#include <omilcrm/matching.hpp>
#include <omilcrm/seekers.hpp>
#include <omilcrm/vacancies.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

matching::Weights weights_of(const std::optional<std::map<std::string, double>>& w) {
    matching::Weights out;
    if (!w) return out;
    for (const auto& [k, v] : *w) {
        bool known = false;
        for_each_field<matching::Weights>([&, &key = k, &value = v](const auto& f) {
            if (f.name != key) return;
            out.*(f.member) = value;
            known = true;
        });
        if (!known) throw ValidationError("weights", k, "is not a factor (" + field_choices<matching::Weights>() + ")");
    }
    return out;
}

// A vacancy's requirements for the pure engine, from a dict; unknown keys are refused.
matching::Opening opening_from(const py::dict& d) {
    auto o = record_from<matching::Opening>(d, "vacancy requirement");
    o.skills = normalize_skills(o.skills);
    o.licences = normalize_licences(o.licences);
    return o;
}

// A seeker's profile for the pure engine, from a dict; unknown keys are refused.
matching::Profile profile_from(const py::dict& d) {
    auto p = record_from<matching::Profile>(d, "seeker profile");
    p.skills = normalize_skills(p.skills);
    p.licences = normalize_licences(p.licences);
    return p;
}

void bind_match_factor(py::module_& m) {
    py::class_<matching::Factor> c(m, "MatchFactor", "One factor of a match score, with why.");
    def_fields(c);
    c.def("__repr__", [](const matching::Factor& f) {
        return "MatchFactor(" + f.name + "=" + std::to_string(f.score) + ", " + q(f.explanation) + ")";
    });
}

void bind_match(py::module_& m) {
    py::class_<matching::Match> c(m, "Match", "A seeker-vacancy pair with its score (0-1) and per-factor explanation.");
    def_fields(c);
    c.def(
         "explain",
         [](const matching::Match& x) {
             std::string out;
             for (const auto& f : x.factors) out += f.name + ": " + f.explanation + "\n";
             return out;
         },
         "One line per factor.")
        .def("__repr__", [](const matching::Match& x) {
            return "Match(seeker_id=" + std::to_string(x.seeker_id) + ", vacancy_id=" + std::to_string(x.vacancy_id) +
                   ", score=" + std::to_string(x.score) + ")";
        });
}

void bind_matching_engine(py::module_& m) {
    m.def(
        "explain_match",
        [](const py::dict& vacancy, const py::dict& seeker, std::optional<std::map<std::string, double>> weights) {
            const auto w = weights_of(weights);
            w.validate();
            return matching::explain(opening_from(vacancy), profile_from(seeker), w);
        },
        "vacancy"_a, "seeker"_a, py::kw_only(), "weights"_a = py::none(),
        "The pure matching engine on your own data: scores one seeker for one vacancy, every factor "
        "explained. vacancy: {occupation, commune, education, experience_months, skills, licences, shift, "
        "starts}; seeker: {id, commune, education, experience, skills, licences, shifts, available_from}.");
    m.def(
        "rank_seekers",
        [](const py::dict& vacancy, const py::iterable& seekers, std::size_t n,
           std::optional<std::map<std::string, double>> weights) {
            const auto w = weights_of(weights);
            w.validate();
            const auto opening = opening_from(vacancy);
            const auto profiles = rows_of(seekers, profile_from, "seekers");
            py::gil_scoped_release release;
            return matching::rank_seekers(opening, profiles, n, w);
        },
        "vacancy"_a, "seekers"_a, py::kw_only(), "n"_a = 20, "weights"_a = py::none(),
        "The pure engine: the best n of your seekers (dicts as for explain_match) for a vacancy, best first.");
}

void bind_matching_repository(py::module_& m) {
    py::class_<Matching>(m, "Matching", "Ranks seekers for a vacancy and vacancies for a seeker, explained.")
        .def("__repr__", [](const Matching&) { return std::string("<omilcrm.Matching>"); })
        .def(
            "seekers_for",
            [](const Matching& r, Ref<Vacancy> v, std::size_t n, std::optional<std::map<std::string, double>> weights) {
                const auto w = weights_of(weights);
                return r.seekers_for(v.id, n, w);
            },
            "vacancy"_a, py::kw_only(), "n"_a = 20, "weights"_a = py::none(),
            "The best n active seekers who consented to intermediation and are not yet referred to it. "
            "weights: {'occupation': 0.35, ...} to change the defaults. vacancy: a Vacancy or id. Returns a "
            "list of Match, best first. Raises Conflict for a vacancy that is not open (or partially "
            "filled) today; ValidationError (field weights) for an unknown factor.\n\n"
            "Example: for m in db.matching.seekers_for(v, n=5): print(m.seeker_id, m.score, m.explain())")
        .def(
            "vacancies_for",
            [](const Matching& r, Ref<JobSeeker> s, std::size_t n,
               std::optional<std::map<std::string, double>> weights) {
                return r.vacancies_for(s.id, n, weights_of(weights));
            },
            "seeker"_a, py::kw_only(), "n"_a = 20, "weights"_a = py::none(),
            "The best n vacancies open today for a seeker (a JobSeeker or id), best first, as a list of "
            "Match; those the seeker was already referred to or placed in are left out. Raises Conflict for "
            "a withdrawn seeker or one without consent for intermediation; ValidationError (field weights) "
            "for an unknown factor.")
        .def_static("table", &Matching::table, "matches"_a,
                    "Matches as a table: rank, ids, score, and a score and a '_why' column per factor.");
}

}  // namespace

void bind_matching(py::module_& m) {
    bind_match_factor(m);
    bind_match(m);
    bind_matching_engine(m);
    bind_matching_repository(m);
}

}  // namespace omilcrm::python
