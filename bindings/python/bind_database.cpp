// The Database handle, with a property per repository, transactions, opening and upgrading.
#include <pybind11/stl.h>

#include <filesystem>
#include <thread>

#include <omilcrm/database.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/error.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// How to create a file, as the Python package says it.
std::string how_to_create(const std::string& path) {
    return "pass create=True to create one, or run `omilcrm init " + path + " --office NAME --commune COMMUNE`";
}

// Options for Database::open from the Python arguments: the clock, the wait for the write lock
// (sleeping without the GIL) and the thread check.
OpenOptions options_of(std::optional<Date> today, double timeout, bool check_same_thread) {
    OpenOptions o;
    if (today) o.clock = std::make_shared<FixedClock>(*today);
    if (!(timeout >= 0) || timeout > 86400)
        throw ValidationError("timeout", std::to_string(timeout), "expected seconds from 0 to 86400");
    o.busy_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
    o.same_thread = check_same_thread;
    o.interrupt = python_interrupt();  // Ctrl-C stops a long statement
    // While another connection holds the write lock, wait without the GIL, so that a thread of
    // this process holding that lock can finish.
    o.sleep = [](std::chrono::microseconds d) {
        py::gil_scoped_release release;
        std::this_thread::sleep_for(d);
    };
    return o;
}

// Database::open and Database::upgrade, with the errors of a missing, empty or older file told
// in the Python package's terms (the C++ library's name C++ calls).
template <class F>
auto in_python_terms(const std::string& path, bool must_exist, bool read_only, F&& f) {
    // An empty path, or one with a NUL, is the library's ValidationError.
    if (must_exist && path != ":memory:" && !path.empty() && path.find('\0') == std::string::npos) {
        namespace fs = std::filesystem;
        std::error_code ec;
        if (!fs::exists(path, ec))
            throw StorageError("no office database at \"" + path + "\": no such file (" + how_to_create(path) + ")");
        if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == 0)
            throw StorageError("no office database in \"" + path + "\": the file is empty (" + how_to_create(path) +
                               " there)");
    }
    try {
        return f();
    } catch (const SchemaVersionError& e) {
        if (!e.upgradable()) throw;
        throw SchemaVersionError(e.path(), e.file_version(), e.supported_version(),
                                 std::string(read_only ? "it is open read-only, so it cannot be upgraded here; " : "") +
                                     "upgrade it with omilcrm.upgrade(\"" + path + "\") (in a shell: omilcrm migrate " +
                                     path + "), which first writes a backup, " + path + ".v" +
                                     std::to_string(e.file_version()) +
                                     ".bak; or open it with upgrade=True, which does the same");
    }
}

py::object optional_text(const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); }

}  // namespace

// Registered last: its properties return every repository type.
void bind_database_handle(py::module_& m) {
    py::class_<Transaction>(m, "Transaction",
                            R"(An explicit transaction: a group of calls that happens completely or not at all.

Made by Database.transaction(); use it as a context manager, which commits when the block ends
and rolls back when it raises. The outermost transaction takes the file's write lock at its
start; inner ones are savepoints.

Example:
    with db.transaction():
        db.employers.add(rut="76.086.428-5", legal_name="Logística Gulmué SpA", office=office)
        db.employers.add(rut="96.512.340-7", legal_name="Envases del Pacífico S.A.", office=office)
)")
        .def("commit", &Transaction::commit, R"(Makes the transaction's changes permanent.

Raises:
    Error: the transaction is no longer active, or an inner one is still open.
)")
        .def("rollback", &Transaction::rollback,
             "Undoes the transaction's changes; does nothing when it is no longer active.")
        .def_property_readonly("active", &Transaction::active,
                               "True until commit() or rollback() (or the end of its with block).")
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

    py::class_<UpgradeReport>(m, "UpgradeReport",
                              R"(What upgrading an office file did (omilcrm.upgrade, or open(..., upgrade=True)).

Attributes:
    path: the file, as given.
    from_version, to_version: its schema version before and after (equal when it was current).
    backup: the copy of the file as it was, next to it ("office.omilcrm.v11.bak"), a single
        SQLite file at the old version; None when nothing needed upgrading.

Example:
    report = omilcrm.upgrade("office.omilcrm")
    print(report.backup)   # office.omilcrm.v11.bak
)")
        .def_property_readonly(
            "path", [](const UpgradeReport& r) { return r.path; }, "The file, as given.")
        .def_property_readonly(
            "from_version", [](const UpgradeReport& r) { return r.from_version; },
            "The file's schema version before the upgrade.")
        .def_property_readonly(
            "to_version", [](const UpgradeReport& r) { return r.to_version; },
            "The file's schema version after it (Database.latest_schema_version).")
        .def_property_readonly(
            "backup",
            [](const UpgradeReport& r) -> std::optional<std::string> {
                if (r.backup.empty()) return std::nullopt;
                return r.backup;
            },
            "The backup's path, next to the file; None when nothing was upgraded.")
        .def("__repr__", [](const UpgradeReport& r) {
            return "UpgradeReport(path=" + quoted(r.path) + ", from_version=" + std::to_string(r.from_version) +
                   ", to_version=" + std::to_string(r.to_version) +
                   ", backup=" + py::repr(optional_text(r.backup)).cast<std::string>() + ")";
        });

    py::class_<Database> database(m, "Database", R"(An office database: one SQLite file, or ':memory:'.

Open one with omilcrm.open(path); its repositories are properties (db.offices, db.employers,
db.requests, ...). A Database is one connection, used by the thread that opened it; close it with
close() or a with block.

Example:
    with omilcrm.open("concon.omilcrm", create=True) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
)");
    // db.offices, db.employers, ...: one property per repository of OMILCRM_REPOSITORIES.
#define OMILCRM_REPOSITORY_PROPERTY(Type, name)                                                         \
    database.def_property_readonly(#name, &Database::name, py::return_value_policy::reference_internal, \
                                   "The " #Type " repository of this database (omilcrm." #Type ").");
    OMILCRM_REPOSITORIES(OMILCRM_REPOSITORY_PROPERTY)
#undef OMILCRM_REPOSITORY_PROPERTY
    database
        .def_static(
            "open",
            [](const std::string& path, std::optional<Date> today, bool create, bool read_only, bool upgrade,
               double timeout, bool check_same_thread) {
                if (create && read_only)
                    throw ValidationError("read_only", "True",
                                          "cannot be asked with create=True: a new file has nothing to read");
                if (upgrade && read_only)
                    throw ValidationError("upgrade", "True", "cannot be asked with read_only=True: upgrading writes");
                OpenOptions o = options_of(today, timeout, check_same_thread);
                o.mode = create ? OpenMode::Create : read_only ? OpenMode::ReadOnly : OpenMode::ReadWrite;
                o.upgrade = upgrade ? Upgrade::Automatic : Upgrade::Explicit;
                return in_python_terms(path, !create, read_only, [&] { return Database::open(path, std::move(o)); });
            },
            "path"_a, "today"_a = py::none(), "create"_a = false, "read_only"_a = false, "upgrade"_a = false,
            "timeout"_a = 5.0, "check_same_thread"_a = true,
            R"(Opens an office database file; ":memory:" for a private in-memory one. Use omilcrm.open().

Args:
    path: the file (a str; omilcrm.open also takes a pathlib.Path).
    today: fixes the database's clock (reproducible notebooks and tests); None for the real date.
    create: create the file when it is missing (or empty). Without it a missing file raises.
    read_only: never write to the file; every write raises StorageReadOnly.
    upgrade: upgrade a file from an older version as it is opened, after a backup.
    timeout: seconds a write waits for another connection's write lock before StorageBusy.
    check_same_thread: refuse use from any thread but this one (as sqlite3 does).

Returns:
    The open Database.

Raises:
    StorageError: the file is missing or empty (without create), its folder is missing, or it is
        not an omilcrm database.
    SchemaVersionError: the file is from an older version (without upgrade) or a newer one.
    ValidationError: create or upgrade together with read_only; a timeout out of range.

Example:
    db = omilcrm.Database.open("concon.omilcrm", create=True)
)")
        .def_static(
            "upgrade",
            [](const std::string& path, double timeout) {
                OpenOptions o = options_of(std::nullopt, timeout, true);
                return in_python_terms(path, true, false, [&] { return Database::upgrade(path, std::move(o)); });
            },
            "path"_a, "timeout"_a = 5.0,
            R"(Upgrades an office file from an older version to this version's schema. Use omilcrm.upgrade().

First a backup of the file is written next to it (path + ".v11.bak" for a file at version 11;
".v11.2.bak", ... if that exists), with SQLite's backup API under the file's write lock, so it
holds everything committed before the upgrade; then every migration runs in one transaction
under the same lock. A file already current is left as it is.

Args:
    path: the office file.
    timeout: seconds to wait for another connection's write lock before StorageBusy.

Returns:
    An UpgradeReport: the versions before and after, and the backup's path (None when the file
    was already current).

Raises:
    StorageError: the file is missing, empty, or not an omilcrm database; the backup cannot be
        written. The file is then as it was.
    StorageReadOnly: the file is not writable.
    SchemaVersionError: the file is from a newer version of omilcrm.

Example:
    report = omilcrm.Database.upgrade("concon.omilcrm")
)")
        .def("transaction", &Database::transaction, py::keep_alive<0, 1>(),
             R"(Starts a transaction: the calls in its with block happen completely or not at all.

Transactions nest: an inner one is a savepoint, rolled back alone when its block raises.

Returns:
    A Transaction (a context manager).

Raises:
    StorageReadOnly: the database is open read-only.
    StorageBusy: another connection held the write lock past the timeout.

Example:
    with db.transaction():
        db.employers.update(acme, sector="Logística")
        db.employers.update(beta, sector="Logística")
)")
        .def_property_readonly("path", &Database::path, "The file, as given to open (or ':memory:').")
        .def(
            "today",
            [](const Database& db, std::optional<Ref<Office>> office) {
                return office ? db.today(office->id) : db.today();
            },
            "office"_a = py::none(),
            R"(Today's date by the database's clock (open(..., today=...) fixes it): in Chile's mainland time
(America/Santiago), or where `office` is (an Office or its id: its commune's time zone, e.g.
America/Punta_Arenas, UTC-3 all year).

Returns:
    A datetime.date.
)")
        .def_property_readonly("schema_version", &Database::schema_version,
                               "The schema version of the open file (PRAGMA user_version).")
        .def_property_readonly_static(
            "latest_schema_version", [](const py::object&) { return Database::latest_schema_version(); },
            "The schema version this omilcrm reads and writes.")
        .def_property_readonly(
            "upgraded", [](const Database& d) { return d.upgraded(); },
            R"(The UpgradeReport of the upgrade open(..., upgrade=True) made; None when it made none.

Example:
    db = omilcrm.open("office.omilcrm", upgrade=True)
    if db.upgraded:
        print("backup:", db.upgraded.backup)
)")
        .def(
            "__enter__", [](Database& d) -> Database& { return d; }, py::return_value_policy::reference)
        .def("close", &Database::close,
             R"(Closes the file now (it is also closed when the Database is garbage-collected).

Later use raises StorageError.

Raises:
    Error: a transaction is still open.
)")
        .def_property_readonly("is_open", &Database::is_open, "False once close() was called.")
        .def_property_readonly("read_only", &Database::read_only,
                               "True when the file is open read-only (asked for, or not writable).")
        .def("__exit__",
             [](Database& d, const py::object&, const py::object&, const py::object&) {
                 d.close();
                 return false;
             })
        .def("__repr__", [](const Database& d) {
            if (!d.is_open()) return "Database(path=" + quoted(d.path()) + ", closed)";
            return "Database(path=" + quoted(d.path()) + ", schema_version=" + std::to_string(d.schema_version()) +
                   (d.read_only() ? ", read_only=True" : "") + ")";
        });
}

}  // namespace omilcrm::python
