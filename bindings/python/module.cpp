#include <pybind11/pybind11.h>

#include <omilcrm/version.hpp>

#include "bindings.hpp"

// Every call on a Database keeps the interpreter's lock (no gil_scoped_release around them): a
// Database is one SQLite connection opened without SQLite's mutex, used by one thread at a time,
// and the lock is what lets Python threads share one. Pure functions (rank_seekers) release it.
PYBIND11_MODULE(_core, m) {
    m.doc() = "libomilcrm's C++ core; use the public package `omilcrm`.";
    omilcrm::python::ensure_datetime_api();
    m.attr("__version__") = std::string(omilcrm::version());
    omilcrm::python::bind_errors(m);
    omilcrm::python::bind_values(m);
    omilcrm::python::bind_table(m);
    omilcrm::python::bind_offices(m);
    omilcrm::python::bind_cluster_records(m);  // before the employers, who join clusters
    omilcrm::python::bind_employers(m);
    omilcrm::python::bind_clusters(m);
    omilcrm::python::bind_duplicates(m);
    omilcrm::python::bind_portfolio(m);
    // Before interactions and events, whose participants come from partners and departments.
    omilcrm::python::bind_partner_records(m);
    omilcrm::python::bind_department_records(m);
    omilcrm::python::bind_interactions(m);
    omilcrm::python::bind_cadence(m);
    omilcrm::python::bind_planning(m);
    omilcrm::python::bind_requests(m);
    omilcrm::python::bind_open311(m);
    omilcrm::python::bind_outbox(m);
    omilcrm::python::bind_isco(m);
    omilcrm::python::bind_ciiu(m);
    omilcrm::python::bind_vacancies(m);
    omilcrm::python::bind_seekers(m);
    omilcrm::python::bind_referrals(m);
    omilcrm::python::bind_placements(m);
    omilcrm::python::bind_programmes(m);
    omilcrm::python::bind_matching(m);
    omilcrm::python::bind_needs(m);
    omilcrm::python::bind_relationships(m);
    omilcrm::python::bind_reports(m);
    omilcrm::python::bind_workload(m);
    omilcrm::python::bind_outreach(m);
    omilcrm::python::bind_partners(m);
    omilcrm::python::bind_region(m);
    omilcrm::python::bind_imports(m);
    omilcrm::python::bind_access(m);
    omilcrm::python::bind_data_rights(m);
    omilcrm::python::bind_server(m);
    omilcrm::python::bind_database_handle(m);
}
