// The Database handle, with a property per repository, and transactions.
#include <pybind11/stl.h>

#include <thread>

#include <omilcrm/database.hpp>
#include <omilcrm/error.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

// Registered last: its properties return every repository type.
void bind_database_handle(py::module_& m) {
    py::class_<Transaction>(m, "Transaction", "Use as a context manager: commits on success, rolls back on error.")
        .def("commit", &Transaction::commit)
        .def("rollback", &Transaction::rollback)
        .def_property_readonly("active", &Transaction::active)
        .def("__repr__",
             [](const Transaction& t) {
                 return std::string(t.active() ? "<omilcrm.Transaction active>" : "<omilcrm.Transaction done>");
             })
        .def(
            "__enter__", [](Transaction& t) -> Transaction& { return t; }, py::return_value_policy::reference)
        .def("__exit__", [](Transaction& t, const py::object& exc_type, const py::object&, const py::object&) {
            if (!t.active()) return false;
            if (exc_type.is_none()) t.commit();
            else t.rollback();
            return false;
        });

    py::class_<Database> database(m, "Database", "An office database (one SQLite file, or ':memory:').");
    // db.offices, db.employers, ...: one property per repository of OMILCRM_REPOSITORIES.
#define OMILCRM_REPOSITORY_PROPERTY(Type, name) \
    database.def_property_readonly(#name, &Database::name, py::return_value_policy::reference_internal);
    OMILCRM_REPOSITORIES(OMILCRM_REPOSITORY_PROPERTY)
#undef OMILCRM_REPOSITORY_PROPERTY
    database
        .def_static(
            "open",
            [](const std::string& path, std::optional<Date> today, const std::string& mode, double timeout,
               bool check_same_thread) {
                OpenOptions o;
                if (today) o.clock = std::make_shared<FixedClock>(*today);
                if (mode == "create") o.mode = OpenMode::Create;
                else if (mode == "must_exist") o.mode = OpenMode::MustExist;
                else if (mode == "read_only") o.mode = OpenMode::ReadOnly;
                else throw ValidationError("mode", mode, "expected one of create, must_exist, read_only");
                if (!(timeout >= 0) || timeout > 86400)
                    throw ValidationError("timeout", std::to_string(timeout), "expected seconds from 0 to 86400");
                o.busy_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
                o.same_thread = check_same_thread;
                o.interrupt = python_interrupt();  // Ctrl-C stops a long statement
                // While another connection holds the write lock, wait without the GIL, so that a
                // thread of this process holding that lock can finish.
                o.sleep = [](std::chrono::microseconds d) {
                    py::gil_scoped_release release;
                    std::this_thread::sleep_for(d);
                };
                return Database::open(path, o);
            },
            "path"_a, "today"_a = py::none(), "mode"_a = "create", "timeout"_a = 5.0, "check_same_thread"_a = true)
        .def("transaction", &Database::transaction, py::keep_alive<0, 1>(),
             "with db.transaction(): ... groups operations; an exception rolls them all back.")
        .def_property_readonly("path", &Database::path)
        .def("today", &Database::today)
        .def_property_readonly("schema_version", &Database::schema_version)
        .def_property_readonly_static("latest_schema_version",
                                      [](const py::object&) { return Database::latest_schema_version(); })
        .def(
            "__enter__", [](Database& d) -> Database& { return d; }, py::return_value_policy::reference)
        .def("close", &Database::close, "Closes the file now; later use raises StorageError.")
        .def_property_readonly("is_open", &Database::is_open)
        .def_property_readonly("read_only", &Database::read_only,
                               "True when the file is open read-only (asked for, or not writable).")
        .def("__exit__",
             [](Database& d, const py::object&, const py::object&, const py::object&) {
                 d.close();
                 return false;
             })
        .def("__repr__", [](const Database& d) {
            if (!d.is_open()) return "Database(path=" + quoted(d.path()) + ", closed)";
            return "Database(path=" + quoted(d.path()) + ", schema_version=" + std::to_string(d.schema_version()) + ")";
        });
}

}  // namespace omilcrm::python
