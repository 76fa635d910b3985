// omilcrm.serve(): the HTTP server of `omilcrm serve`, run in a background thread of this process
// (for notebooks, tests and small tools). The server's threads never take the GIL: they run C++
// only, each request on a Database of its own.
#include <pybind11/stl.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <omilcrm/error.hpp>
#include <omilcrm/http/server.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

/// A running server: the Api, its Server and the thread that runs it.
class ServerHandle {
public:
    ServerHandle(http::ApiOptions api_options, http::ServerOptions server_options)
        : host_(server_options.host),
          api_(std::make_unique<http::Api>(std::move(api_options))),
          server_(std::make_unique<http::Server>(*api_, std::move(server_options))),
          port_(server_->port()),
          thread_([server = server_.get()] { server->run(); }) {}
    ~ServerHandle() { stop(); }
    ServerHandle(const ServerHandle&) = delete;
    ServerHandle& operator=(const ServerHandle&) = delete;

    /// Answers the requests in flight, then returns; the port and the file are free afterwards.
    void stop() {
        std::lock_guard lock(stop_mutex_);
        if (!thread_.joinable()) return;
        server_->stop();
        thread_.join();
        server_.reset();
        api_.reset();  // its connections to the file
    }
    bool running() const { return thread_.joinable(); }
    std::uint16_t port() const { return port_; }
    const std::string& host() const { return host_; }
    std::string url() const {
        const bool v6 = host_.find(':') != std::string::npos;
        return "http://" + (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port());
    }

private:
    std::string host_;
    std::unique_ptr<http::Api> api_;
    std::unique_ptr<http::Server> server_;
    std::uint16_t port_ = 0;
    std::mutex stop_mutex_;
    std::thread thread_;
};

}  // namespace

void bind_server(py::module_& m) {
    py::class_<ServerHandle>(m, "ServerHandle",
                             "A running HTTP server (omilcrm.serve()). `url` and `port` say where it listens; "
                             "stop() or leaving the `with` block stops it.")
        .def_property_readonly("url", &ServerHandle::url, "Where it listens: 'http://127.0.0.1:PORT'.")
        .def_property_readonly("port", &ServerHandle::port,
                               "The port it listens on, an int (the free one taken "
                               "for port=0).")
        .def_property_readonly("host", &ServerHandle::host, "The address it listens on, as given: '127.0.0.1'.")
        .def_property_readonly("running", &ServerHandle::running, "Whether it is running (False once stopped).")
        .def("stop", &ServerHandle::stop, py::call_guard<py::gil_scoped_release>(),
             "Stops accepting, answers the requests in flight, and waits for the server's thread. "
             "Stopping a stopped server does nothing.")
        .def(
            "__enter__", [](ServerHandle& s) -> ServerHandle& { return s; }, py::return_value_policy::reference)
        .def("__exit__",
             [](ServerHandle& s, const py::object&, const py::object&, const py::object&) {
                 py::gil_scoped_release release;
                 s.stop();
                 return false;
             })
        .def("__repr__", [](const ServerHandle& s) {
            return "<omilcrm.ServerHandle " + s.url() + (s.running() ? " running>" : " stopped>");
        });

    m.def(
        "serve",
        [](const std::string& db_path, const std::string& host, int port, int threads,
           const std::vector<std::string>& cors, long long max_body_bytes, std::optional<Date> today,
           const std::string& static_root, bool open311_public) {
            if (port < 0 || port > 65535)
                throw ValidationError("port", std::to_string(port), "expected 0 (any free port) to 65535");
            if (threads < 1 || threads > 256)
                throw ValidationError("threads", std::to_string(threads), "expected 1 to 256");
            if (max_body_bytes < 1)
                throw ValidationError("max_body_bytes", std::to_string(max_body_bytes), "expected a positive size");
            http::ApiOptions api{.database = db_path,
                                 .open = {.mode = OpenMode::ReadWrite},
                                 .cors_origins = cors,
                                 .max_body_bytes = static_cast<std::size_t>(max_body_bytes),
                                 .static_root = static_root,
                                 .open311_public = open311_public};
            if (today) api.open.clock = std::make_shared<FixedClock>(*today);
            http::ServerOptions server{
                .host = host, .port = static_cast<std::uint16_t>(port), .threads = static_cast<unsigned>(threads)};
            std::unique_ptr<ServerHandle> handle;
            try {
                py::gil_scoped_release release;  // opening the file may wait on its lock
                handle = std::make_unique<ServerHandle>(std::move(api), std::move(server));
            } catch (const std::system_error& e) {  // the address is in use, say: OSError, as socket raises
                PyErr_SetObject(PyExc_OSError, py::make_tuple(e.code().value(), e.what()).ptr());
                throw py::error_already_set();
            }
            return handle;
        },
        "db_path"_a, "host"_a = "127.0.0.1", "port"_a = 0, "threads"_a = 2, "cors"_a = std::vector<std::string>{},
        "max_body_bytes"_a = 1 << 20, "today"_a = py::none(), "static_root"_a = std::string(),
        "open311_public"_a = false);
}

}  // namespace omilcrm::python
