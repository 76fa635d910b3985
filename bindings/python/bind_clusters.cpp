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
    membership
        .def("member_on", &Membership::member_on, "day"_a,
             "Whether the employer was a member on `day` (a datetime.date): joined on or before it and not "
             "left by then.")
        .def("__repr__", [](const Membership& x) {
            return record_repr(x, "Membership", {"cluster_id", "employer_id", "joined", "left"});
        });
}

void bind_clusters_repository(py::module_& m) {
    py::class_<Clusters>(m, "Clusters",
                         "Clusters of employers (db.clusters): industrial parks, trade associations, chambers "
                         "of commerce; their members over time, representative and meeting rhythm.")
        .def("__repr__", [](const Clusters&) { return std::string("<omilcrm.Clusters repository>"); })
        .def(
            "add",
            [](Clusters& r, Ref<Office> office, const std::string& name, ClusterKind kind,
               std::optional<Recurrence> meets, const std::string& notes) {
                return r.add({.office_id = office.id, .name = name, .kind = kind, .meets = meets, .notes = notes});
            },
            py::kw_only(), "office"_a, "name"_a, "kind"_a = ClusterKind::Other, "meets"_a = py::none(), "notes"_a = "",
            "Adds a cluster to the office (an Office or its id) and returns it (a Cluster). kind: "
            "industrial_park, trade_association, chamber_of_commerce or other. meets: a Recurrence (or None) "
            "for its meetings. Raises ValidationError naming the field, NotFound for an unknown office.\n\n"
            "Example: park = db.clusters.add(office=office, name='Parque Industrial', kind='industrial_park', "
            "meets=omilcrm.Recurrence.monthly(1, 'tue'))")
        .def(
            "get", [](const Clusters& r, Ref<Cluster> id) { return r.get(id.id); }, "cluster"_a,
            "The Cluster with this id (or the record itself, read again). Raises NotFound when there is "
            "none.")
        .def(
            "list", [](const Clusters& r, Ref<Office> office) { return r.list(office.id); }, "office"_a,
            "The office's clusters (office: an Office or its id), as a list of Cluster.")
        .def(
            "add_member",
            [](Clusters& r, Ref<Cluster> cluster, Ref<Employer> employer, std::optional<Date> joined) {
                return r.add_member(cluster.id, employer.id, joined.value_or(r.today()));
            },
            "cluster"_a, "employer"_a, py::kw_only(), "joined"_a = py::none(),
            "The employer (an Employer or id) joins the cluster (a Cluster or id) on `joined` (default "
            "today); returns the Membership. Raises Conflict when it is already a member, NotFound for an "
            "unknown id.")
        .def(
            "remove_member",
            [](Clusters& r, Ref<Cluster> cluster, Ref<Employer> employer, std::optional<Date> left) {
                return r.remove_member(cluster.id, employer.id, left.value_or(r.today()));
            },
            "cluster"_a, "employer"_a, py::kw_only(), "left"_a = py::none(),
            "The employer is no longer a member of the cluster from `left` (a datetime.date, default today) "
            "on; returns the closed Membership. Raises NotFound when there is no such record or membership.")
        .def(
            "members",
            [](const Clusters& r, Ref<Cluster> cluster, std::optional<Date> as_of) {
                return r.members(cluster.id, as_of.value_or(r.today()));
            },
            "cluster"_a, py::kw_only(), "as_of"_a = py::none(),
            "Ids (a list of int) of the employers that were members on as_of (a datetime.date, default "
            "today).")
        .def(
            "memberships", [](const Clusters& r, Ref<Cluster> cluster) { return r.memberships(cluster.id); },
            "cluster"_a, "Every membership period of the cluster, past and present, as a list of Membership.")
        .def(
            "clusters_of",
            [](const Clusters& r, Ref<Employer> employer, std::optional<Date> as_of) {
                return r.clusters_of(employer.id, as_of.value_or(r.today()));
            },
            "employer"_a, py::kw_only(), "as_of"_a = py::none(),
            "Ids (a list of int) of the clusters the employer (an Employer or id) belonged to on as_of "
            "(default today).")
        .def(
            "set_representative",
            [](Clusters& r, Ref<Cluster> cluster, Ref<Contact> contact) {
                return r.set_representative(cluster.id, contact.id);
            },
            "cluster"_a, "contact"_a,
            "Makes the contact (a Contact or id) the cluster's representative and returns the Cluster. The "
            "contact must be of a current member employer (ValidationError otherwise).")
        .def(
            "set_meets",
            [](Clusters& r, Ref<Cluster> cluster, std::optional<Recurrence> meets) {
                return r.set_meets(cluster.id, meets);
            },
            "cluster"_a, "meets"_a,
            "Sets (a Recurrence) or clears (None) the cluster's meeting rhythm; returns the Cluster.")
        .def(
            "meetings",
            [](const Clusters& r, Ref<Cluster> cluster, Date start, Date end) {
                return r.meetings(cluster.id, start, end);
            },
            "cluster"_a, "start"_a, "end"_a,
            "The cluster's meeting dates from its rhythm between start and end (datetime.date, inclusive), "
            "as a list of datetime.date, none on a holiday (Chile's or the office's); empty when it has none.")
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
