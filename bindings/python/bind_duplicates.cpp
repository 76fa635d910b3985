// Duplicate employers: the likely pairs, merging one employer into another, and undoing it.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/duplicates.hpp>
#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_duplicate_candidate(py::module_& m) {
    py::class_<DuplicateCandidate> c(
        m, "DuplicateCandidate",
        "Two employers of one office that are likely the same company: employer_id (the older, or 0 for an "
        "employer not yet added), other_id, score (0 to 1) and reasons (a list of 'same_rut', 'same_name', "
        "'similar_name', 'same_address', 'same_phone', 'same_email').");
    def_fields(c);
    c.def("__repr__", [](const DuplicateCandidate& d) {
        return record_repr(d, "DuplicateCandidate", {"employer_id", "other_id", "score", "reasons"});
    });
}

void bind_employer_merge(py::module_& m) {
    py::class_<EmployerMerge> c(m, "EmployerMerge",
                                "One employer merged into another: kept_id, absorbed_id, merged_by (the staff "
                                "member), merged_at, rows_moved, and undone_at / undone_by once undone.");
    def_fields(c);
    c.def("__repr__", [](const EmployerMerge& x) {
        return record_repr(x, "EmployerMerge",
                           {"id", "kept_id", "absorbed_id", "merged_by", "rows_moved", "undone_at"});
    });
}

void bind_duplicates_repository(py::module_& m) {
    py::class_<Duplicates>(m, "Duplicates",
                           "Duplicate employers (db.duplicates): the likely pairs with a score and the reasons, "
                           "merging one employer into another, and undoing a merge.")
        .def("__repr__", [](const Duplicates&) { return std::string("<omilcrm.Duplicates repository>"); })
        .def_property_readonly_static(
            "default_min_score", [](const py::object&) { return Duplicates::default_min_score; },
            "Candidates scoring below this (0.5) are left out unless min_score says otherwise.")
        .def(
            "candidates",
            [](const Duplicates& r, Ref<Office> office, double min_score) {
                return r.candidates(office.id, min_score);
            },
            "office"_a, py::kw_only(), "min_score"_a = Duplicates::default_min_score,
            "The office's (an Office or id) pairs of employers that are likely the same company, best first, as a "
            "list of DuplicateCandidate; merged employers are left out. Pairs are found through shared keys "
            "(name words, RUT, phone, e-mail, address), so 20,000 employers take about a second. A min_score "
            "outside 0-1 raises ValidationError naming 'min_score'.")
        .def(
            "of",
            [](const Duplicates& r, Ref<Employer> employer, double min_score) { return r.of(employer.id, min_score); },
            "employer"_a, py::kw_only(), "min_score"_a = Duplicates::default_min_score,
            "The likely duplicates of one employer (an Employer or id) among its office's others, best first "
            "(employer_id is the one given).")
        .def(
            "check",
            [](const Duplicates& r, const std::string& rut, std::optional<std::string> legal_name,
               std::optional<std::string> name, std::optional<Ref<Office>> office, const std::string& trade_name,
               const std::string& address, std::optional<Ref<Cluster>> cluster, double min_score) {
                NewEmployer e{.office_id = office ? office->id : 0,
                              .rut = rut,
                              .legal_name = legal_name ? *legal_name : name.value_or(""),
                              .trade_name = trade_name,
                              .address = address,
                              .cluster_id = opt_ref(cluster)};
                return r.check(e, min_score);
            },
            py::kw_only(), "rut"_a = "", "legal_name"_a = py::none(), "name"_a = py::none(), "office"_a = py::none(),
            "trade_name"_a = "", "address"_a = "", "cluster"_a = py::none(),
            "min_score"_a = Duplicates::default_min_score,
            "The likely duplicates of an employer about to be added, with employers.add()'s keywords "
            "(employer_id 0, other_id the office's employer), best first. Nothing is written and nothing is "
            "refused: it is a warning to read before adding.")
        .def(
            "table",
            [](const Duplicates& r, Ref<Office> office, double min_score) { return r.table(office.id, min_score); },
            "office"_a, py::kw_only(), "min_score"_a = Duplicates::default_min_score,
            "candidates() as a Table with both employers' RUT and name: employer_id, employer_rut, "
            "employer_name, other_id, other_rut, other_name, score, reasons (to_pandas() for a DataFrame).")
        .def(
            "merge",
            [](Duplicates& r, Ref<Employer> keep, Ref<Employer> absorb, Ref<StaffMember> by) {
                return r.merge(keep.id, absorb.id, by.id);
            },
            "keep"_a, "absorb"_a, py::kw_only(), "by"_a,
            "Merges employer `absorb` into employer `keep` (Employers or ids), by staff member `by`, in one "
            "transaction: every record of the absorbed employer (contacts, interactions, commitments, "
            "follow-ups, requests, vacancies, referrals, placements, memberships, portfolio periods, change "
            "log, events) moves to the kept one; the absorbed employer stays, marked merged, out of every "
            "listing. Returns the EmployerMerge. Refused with ValidationError (an employer with itself, "
            "employers of different offices, staff of another office) or Conflict (an employer already "
            "merged), naming the field and value; nothing is written then.")
        .def(
            "undo",
            [](Duplicates& r, Ref<EmployerMerge> merge, Ref<StaffMember> by) { return r.undo(merge.id, by.id); },
            "merge"_a, py::kw_only(), "by"_a,
            "Undoes a merge (an EmployerMerge or id), by staff member `by`: every record goes back, and both "
            "employers are as they were before it. Returns the EmployerMerge, with undone_at. Conflict when "
            "already undone, or when the kept employer was merged again since (undo that first).")
        .def(
            "get", [](const Duplicates& r, Ref<EmployerMerge> merge) { return r.get(merge.id); }, "merge"_a,
            "One merge (an EmployerMerge or id); NotFound for an unknown id.")
        .def(
            "merges", [](const Duplicates& r, Ref<Office> office) { return r.merges(office.id); }, "office"_a,
            "The office's merges, newest first (undone ones too), as a list of EmployerMerge.")
        .def(
            "merged_into", [](const Duplicates& r, Ref<Employer> employer) { return r.merged_into(employer.id); },
            "employer"_a,
            "The id of the employer this one (an Employer or id) was merged into, following later merges; "
            "None when it is not merged.");
}

}  // namespace

void bind_duplicates(py::module_& m) {
    bind_duplicate_candidate(m);
    bind_employer_merge(m);
    bind_duplicates_repository(m);
}

}  // namespace omilcrm::python
