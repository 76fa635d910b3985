// Contact cadence: policies, the due list and compliance.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <omilcrm/cadence.hpp>
#include <omilcrm/clusters.hpp>
#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

std::vector<InteractionKind> kinds_of(const py::object& kinds) {
    std::vector<InteractionKind> out;
    if (kinds.is_none()) return out;
    for (const auto& k : strings_of(kinds)) out.push_back(parse_enum<InteractionKind>(k, "kinds"));
    return out;
}

void bind_cadence_policy(py::module_& m) {
    py::class_<CadencePolicy> policy(m, "CadencePolicy", "How often employers must be contacted.");
    def_fields(policy);
    policy.def("__repr__", [](const CadencePolicy& p) { return record_repr(p, "CadencePolicy", {"id", "name"}); });
}

void bind_due_item(py::module_& m) {
    py::class_<cadence::DueItem> item(m, "DueItem", "One employer on the due list.");
    def_fields(item);
    item.def("__repr__", [](const cadence::DueItem& d) {
        return record_repr(d, "DueItem", {"employer_id", "due", "days_overdue"});
    });
}

void bind_cadence_repository(py::module_& m) {
    py::class_<Cadence>(m, "Cadence",
                        "Contact cadence (db.cadence): policies saying how often employers must be contacted, "
                        "the list of who is due, and compliance over a period. A `track` names an independent "
                        "cadence ('contact' by default).")
        .def("__repr__", [](const Cadence&) { return std::string("<omilcrm.Cadence repository>"); })
        .def(
            "add_policy",
            [](Cadence& r, Ref<Office> office, int interval_days, const std::string& track, PolicyScope scope,
               std::optional<Ref<Cluster>> cluster, std::optional<Ref<Employer>> employer, const std::string& segment,
               const py::object& kinds, const std::string& name) {
                NewCadencePolicy p;
                p.office_id = office.id;
                p.interval_days = interval_days;
                p.track = track;
                p.scope = scope;
                if (cluster) p.scope_id = cluster->id;
                if (employer) p.scope_id = employer->id;
                p.segment = segment;
                p.kinds = kinds_of(kinds);
                p.name = name;
                return r.add_policy(p);
            },
            py::kw_only(), "office"_a, "interval_days"_a, "track"_a = "contact", "scope"_a = PolicyScope::Office,
            "cluster"_a = py::none(), "employer"_a = py::none(), "segment"_a = "", "kinds"_a = py::none(),
            "name"_a = "",
            "Sets a cadence policy and returns it (a CadencePolicy): employers must be contacted every "
            "`interval_days` days.\n\n"
            "office: an Office or its id. scope: office, cluster, segment or employer (the most specific "
            "wins); give `cluster` (a Cluster or id), `segment` (text) or `employer` (an Employer or id) "
            "to match. kinds: interaction kinds that count (default: all). track: the cadence it belongs "
            "to.\n\n"
            "Raises ValidationError naming the field (interval_days outside 1 to 3660, an unknown kind or scope), "
            "NotFound for an unknown id.\n\n"
            "Example: db.cadence.add_policy(office=office, interval_days=30)")
        .def(
            "retire_policy", [](Cadence& r, Ref<CadencePolicy> p) { r.retire_policy(p.id); }, "policy"_a,
            "Retires a policy (a CadencePolicy or its id): kept in the file, no longer applied. Returns "
            "None; raises NotFound for an unknown id.")
        .def(
            "policies", [](const Cadence& r, Ref<Office> office) { return r.policies(office.id); }, "office"_a,
            "The office's policies (office: an Office or its id), as a list of CadencePolicy.")
        .def(
            "due",
            [](const Cadence& r, Ref<Office> office, std::optional<Date> on, std::optional<Ref<StaffMember>> staff,
               const std::string& track, int within_days) {
                DueOptions o{track, std::nullopt, within_days};
                if (staff) o.staff_id = staff->id;
                return r.due(office.id, on.value_or(r.today()), o);
            },
            py::kw_only(), "office"_a, "on"_a = py::none(), "staff"_a = py::none(), "track"_a = "contact",
            "within_days"_a = 0,
            "Who must be contacted on `on` (a datetime.date, default today), most overdue first, as a list "
            "of DueItem. staff: only this StaffMember's (or id's) employers; within_days: also those due in "
            "the next n days; track: which cadence.\n\n"
            "Example: for item in db.cadence.due(office=office): print(item.employer_id, item.days_overdue)")
        .def(
            "due_table",
            [](const Cadence& r, Ref<Office> office, std::optional<Date> on, std::optional<Ref<StaffMember>> staff,
               const std::string& track, int within_days) {
                DueOptions o{track, std::nullopt, within_days};
                if (staff) o.staff_id = staff->id;
                return r.due_table(office.id, on.value_or(r.today()), o);
            },
            py::kw_only(), "office"_a, "on"_a = py::none(), "staff"_a = py::none(), "track"_a = "contact",
            "within_days"_a = 0, "due() as a Table, with the employers' names and owners.")
        .def(
            "compliance",
            [](const Cadence& r, Ref<Office> office, Date start, Date end, const std::string& track) {
                return r.compliance_table(office.id, start, end, track);
            },
            py::kw_only(), "office"_a, "start"_a, "end"_a, "track"_a = "contact",
            "Share of employers contacted within their interval throughout the period from start to end "
            "(datetime.date, inclusive), as a Table with a row for the office, each staff member (by "
            "current owner) and each cluster (members on the last day judged). A period that is not over is "
            "judged up to today (the `judged_to` column and the table's attrs['judged_to']).");
}

}  // namespace

void bind_cadence(py::module_& m) {
    bind_input_record<NewCadencePolicy>(m, "NewCadencePolicy", "A contact cadence policy to set.");
    bind_cadence_policy(m);
    bind_due_item(m);
    bind_cadence_repository(m);
}

}  // namespace omilcrm::python
