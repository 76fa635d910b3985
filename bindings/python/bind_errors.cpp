// One translator maps the C++ exception hierarchy onto Python classes:
// Error(Exception); ValidationError(Error, ValueError); NotFound(Error, KeyError);
// Conflict(Error, ValueError); Forbidden(Error); StorageError(Error, OSError) with StorageBusy,
// StorageReadOnly, StorageFull, StorageCorrupt and SchemaVersionError.
#include <pybind11/eval.h>

#include <algorithm>
#include <functional>

#include <omilcrm/error.hpp>

#include "bindings.hpp"

namespace py = pybind11;

namespace omilcrm::python {

namespace {

// The Python exception that stopped a statement (Ctrl-C's KeyboardInterrupt, or whatever a
// SIGINT handler raised), kept from the moment SQLite's progress handler saw it until
// Interrupted reaches the translator, which raises it again. Raw references: nothing to release
// at thread exit.
thread_local PyObject* pending_type = nullptr;
thread_local PyObject* pending_value = nullptr;
thread_local PyObject* pending_traceback = nullptr;

void raise_pending_interrupt() {
    if (pending_type) {
        PyErr_Restore(pending_type, pending_value, pending_traceback);
        pending_type = pending_value = pending_traceback = nullptr;
    } else {
        PyErr_SetNone(PyExc_KeyboardInterrupt);
    }
}

}  // namespace

std::function<bool()> python_interrupt() {
    return [] {
        // Only a thread holding the GIL may run Python's signal handlers; others carry on.
        if (!PyGILState_Check() || PyErr_CheckSignals() == 0) return false;
        Py_XDECREF(pending_type);
        Py_XDECREF(pending_value);
        Py_XDECREF(pending_traceback);
        PyErr_Fetch(&pending_type, &pending_value, &pending_traceback);
        return true;
    };
}

Progress python_progress(const py::object& callback, const char* what) {
    py::object report = callback;
    if (PyBool_Check(callback.ptr()))
        report = callback.ptr() == Py_True ? py::module_::import("omilcrm._progress").attr("bar")(what) : py::none();
    else if (!callback.is_none() && !PyCallable_Check(callback.ptr()))
        throw ValidationError("progress", py::repr(callback).cast<std::string>(),
                              "expected a callable progress(done, total), True for a progress bar, or None");
    return [report, last = std::size_t{0}](std::size_t done, std::size_t total) mutable {
        if ((done % 256 == 0 || done == total) && PyErr_CheckSignals() != 0) throw py::error_already_set();
        if (report.is_none()) return;
        const std::size_t step = std::max<std::size_t>(1, total / 100);
        if (done == 0 || done == total || done - last >= step) {
            last = done;
            report(done, total);
        }
    };
}

void bind_errors(py::module_& m) {
    py::dict ns;
    ns["__name__"] = "omilcrm._core";
    py::exec(R"(
class Error(Exception):
    """Root of every error libomilcrm raises."""
    __module__ = "omilcrm"

class ValidationError(Error, ValueError):
    """Bad input. `field` and `value` say what was refused; nothing was changed."""
    __module__ = "omilcrm"
    def __init__(self, message, field="", value="", reason=""):
        super().__init__(message)
        self.field = field
        self.value = value
        self.reason = reason

class NotFound(Error, KeyError):
    """A record that was asked for does not exist."""
    __module__ = "omilcrm"
    def __str__(self):
        return str(self.args[0]) if self.args else ""

class Conflict(Error, ValueError):
    """The change conflicts with data already there (a duplicate RUT, say)."""
    __module__ = "omilcrm"

class Forbidden(Error):
    """Not allowed: personal data read for a purpose the person's consent does not cover.
    `field` and `value` say what was refused (field "purpose", value its code); nothing was read,
    and the refusal is in the personal data log (Seekers.exports)."""
    __module__ = "omilcrm"
    def __init__(self, message, field="", value="", reason=""):
        super().__init__(message)
        self.field = field
        self.value = value
        self.reason = reason

class StorageError(Error, OSError):
    """The database could not do what was asked."""
    __module__ = "omilcrm"

class StorageBusy(StorageError):
    """Another connection held the file's write lock past the busy timeout; nothing was changed."""
    __module__ = "omilcrm"

class StorageReadOnly(StorageError):
    """The file is open read-only (or the file system refused a write); nothing was changed."""
    __module__ = "omilcrm"

class StorageFull(StorageError):
    """The disk is full; nothing was changed."""
    __module__ = "omilcrm"

class StorageCorrupt(StorageError):
    """The file is damaged, or is not a database."""
    __module__ = "omilcrm"

class SchemaVersionError(StorageError):
    """The file's schema version is not the one this omilcrm reads; nothing was changed.

    An older file (`file_version` < `supported_version`) is upgraded with omilcrm.upgrade(path)
    or `omilcrm migrate FILE`, which keep a backup of it; a newer one needs a newer omilcrm.
    `path` is the file."""
    __module__ = "omilcrm"
    def __init__(self, message, path="", file_version=0, supported_version=0):
        super().__init__(message)
        self.path = path
        self.file_version = file_version
        self.supported_version = supported_version
    def __str__(self):
        return str(self.args[0]) if self.args else ""
)",
             ns);
    for (const char* name : {"Error", "ValidationError", "NotFound", "Conflict", "Forbidden", "StorageError",
                             "StorageBusy", "StorageReadOnly", "StorageFull", "StorageCorrupt", "SchemaVersionError"})
        m.attr(name) = ns[name];

    // Handles (no destructor) that keep one reference each: the classes live as long as the
    // interpreter, and nothing is released after it is gone.
    static py::handle error = py::object(ns["Error"]).release(),
                      validation = py::object(ns["ValidationError"]).release(),
                      not_found = py::object(ns["NotFound"]).release(), conflict = py::object(ns["Conflict"]).release(),
                      forbidden = py::object(ns["Forbidden"]).release(),
                      storage = py::object(ns["StorageError"]).release(),
                      busy = py::object(ns["StorageBusy"]).release(),
                      read_only = py::object(ns["StorageReadOnly"]).release(),
                      full = py::object(ns["StorageFull"]).release(),
                      corrupt = py::object(ns["StorageCorrupt"]).release(),
                      schema_version = py::object(ns["SchemaVersionError"]).release();

    py::register_exception_translator([](std::exception_ptr p) {
        auto raise = [](py::handle cls, const py::object& instance) { PyErr_SetObject(cls.ptr(), instance.ptr()); };
        try {
            if (p) std::rethrow_exception(p);
        } catch (const ValidationError& e) {
            raise(validation, validation(e.what(), e.field(), e.value(), e.reason()));
        } catch (const NotFound& e) {
            raise(not_found, not_found(e.what()));
        } catch (const Conflict& e) {
            raise(conflict, conflict(e.what()));
        } catch (const Forbidden& e) {
            raise(forbidden, forbidden(e.what(), e.field(), e.value(), e.reason()));
        } catch (const StorageBusy& e) {
            raise(busy, busy(e.what()));
        } catch (const StorageReadOnly& e) {
            raise(read_only, read_only(e.what()));
        } catch (const StorageFull& e) {
            raise(full, full(e.what()));
        } catch (const StorageCorrupt& e) {
            raise(corrupt, corrupt(e.what()));
        } catch (const SchemaVersionError& e) {
            raise(schema_version, schema_version(e.what(), e.path(), e.file_version(), e.supported_version()));
        } catch (const StorageError& e) {
            raise(storage, storage(e.what()));
        } catch (const Interrupted&) {
            raise_pending_interrupt();
        } catch (const Error& e) {
            raise(error, error(e.what()));
        }
    });
}

}  // namespace omilcrm::python
