// Clusters of employers and their membership periods.
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include <omilcrm/clusters.hpp>
#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_cluster(py::module_& m) {
    py::class_<Cluster> cluster(m, "Cluster", "A group of employers with a representative and a meeting rhythm.");
    def_fields(cluster);
    cluster.def("__repr__", [](const Cluster& c) { return record_repr(c, "Cluster", {"id", "name", "kind"}); });
}

void bind_membership(py::module_& m) {
    py::class_<Membership> membership(m, "Membership", "One period of an employer in a cluster.");
    def_fields(membership);
    membership.def("member_on", &Membership::member_on, "day"_a).def("__repr__", [](const Membership& x) {
        return record_repr(x, "Membership", {"cluster_id", "employer_id", "joined", "left"});
    });
}

void bind_clusters_repository(py::module_& m) {
    py::class_<Clusters>(m, "Clusters")
        .def("__repr__", [](const Clusters&) { return std::string("<omilcrm.Clusters repository>"); })
        .def(
            "add",
            [](Clusters& r, Ref<Office> office, const std::string& name, ClusterKind kind,
               std::optional<Recurrence> meets, const std::string& notes) {
                return r.add({.office_id = office.id, .name = name, .kind = kind, .meets = meets, .notes = notes});
            },
            py::kw_only(), "office"_a, "name"_a, "kind"_a = ClusterKind::Other, "meets"_a = py::none(), "notes"_a = "",
            "kind: industrial_park, trade_association, chamber_of_commerce or other.")
        .def(
            "get", [](const Clusters& r, Ref<Cluster> id) { return r.get(id.id); }, "cluster"_a)
        .def(
            "list", [](const Clusters& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def(
            "add_member",
            [](Clusters& r, Ref<Cluster> cluster, Ref<Employer> employer, std::optional<Date> joined) {
                return r.add_member(cluster.id, employer.id, joined.value_or(r.today()));
            },
            "cluster"_a, "employer"_a, py::kw_only(), "joined"_a = py::none())
        .def(
            "remove_member",
            [](Clusters& r, Ref<Cluster> cluster, Ref<Employer> employer, std::optional<Date> left) {
                return r.remove_member(cluster.id, employer.id, left.value_or(r.today()));
            },
            "cluster"_a, "employer"_a, py::kw_only(), "left"_a = py::none(),
            "The employer is no longer a member from `left` (default today) on.")
        .def(
            "members",
            [](const Clusters& r, Ref<Cluster> cluster, std::optional<Date> as_of) {
                return r.members(cluster.id, as_of.value_or(r.today()));
            },
            "cluster"_a, py::kw_only(), "as_of"_a = py::none(), "Ids of the employers that were members on as_of.")
        .def(
            "memberships", [](const Clusters& r, Ref<Cluster> cluster) { return r.memberships(cluster.id); },
            "cluster"_a)
        .def(
            "clusters_of",
            [](const Clusters& r, Ref<Employer> employer, std::optional<Date> as_of) {
                return r.clusters_of(employer.id, as_of.value_or(r.today()));
            },
            "employer"_a, py::kw_only(), "as_of"_a = py::none())
        .def(
            "set_representative",
            [](Clusters& r, Ref<Cluster> cluster, Ref<Contact> contact) {
                return r.set_representative(cluster.id, contact.id);
            },
            "cluster"_a, "contact"_a)
        .def(
            "set_meets",
            [](Clusters& r, Ref<Cluster> cluster, std::optional<Recurrence> meets) {
                return r.set_meets(cluster.id, meets);
            },
            "cluster"_a, "meets"_a)
        .def(
            "meetings",
            [](const Clusters& r, Ref<Cluster> cluster, Date start, Date end) {
                return r.meetings(cluster.id, start, end);
            },
            "cluster"_a, "start"_a, "end"_a)
        .def(
            "upcoming",
            [](const Clusters& r, Ref<Office> office, std::optional<Date> start, int days) {
                return r.upcoming(office.id, start.value_or(r.today()), days);
            },
            "office"_a, py::kw_only(), "start"_a = py::none(), "days"_a = 31,
            "(cluster id, date) of every cluster meeting of the office in the coming days, by date.")
        .def(
            "attendance", [](const Clusters& r, Ref<Cluster> cluster) { return r.attendance(cluster.id); }, "cluster"_a,
            "Attendance history: one row per recorded meeting and member.");
}

}  // namespace

// Registered before the employers: Employers.add takes a cluster, and the clusters' repository
// takes employers and contacts, so the records come first (a signature names only registered
// types).
void bind_cluster_records(py::module_& m) {
    bind_input_record<NewCluster>(m, "NewCluster", "A cluster to add: Clusters.add()'s keywords.");
    bind_cluster(m);
    bind_membership(m);
}

void bind_clusters(py::module_& m) { bind_clusters_repository(m); }

}  // namespace omilcrm::python
