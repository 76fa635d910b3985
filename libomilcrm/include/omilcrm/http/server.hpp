#pragma once
// The HTTP/1.1 transport for omilcrm::http::Api, on Boost.Beast: `omilcrm serve` and
// omilcrm.serve() in Python run it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "omilcrm/http/api.hpp"

namespace omilcrm::http {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  ///< 0: any free port (port() says which)
    unsigned threads = 2;       ///< worker threads (each answers one request at a time)
    /// A connection that sends nothing (a whole request) for this long is closed.
    std::chrono::milliseconds read_timeout{30000};
    /// A response the client does not take in this long is dropped and its connection closed.
    std::chrono::milliseconds write_timeout{30000};
    /// A request line and header fields larger than this are refused with 431.
    std::size_t max_header_bytes = 16 * 1024;
    /// A larger request body is refused with 413. Only for a Server over a Handler: a Server over
    /// an Api takes ApiOptions::max_body_bytes.
    std::size_t max_body_bytes = 1 << 20;
    /// Where the access log goes (one JSON line per request, without the newline); none when
    /// empty. Called by one thread at a time.
    std::function<void(const std::string& line)> access_log{};
};

/// What a Server hands each request to: Api::handle, or an embedder's own function. Called from
/// the worker threads, several at once.
using Handler = std::function<Response(const Request& request)>;

class Server {
public:
    /// Binds the listening socket (StorageError-free: a busy port is std::system_error).
    Server(Api& api, ServerOptions options);
    /// The same transport over any handler (an embedder's routes, a test's slow handler).
    Server(Handler handler, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The port it listens on (the one chosen when options.port was 0).
    std::uint16_t port() const noexcept;
    /// Serves until stop(); returns when every in-flight request is answered. The calling thread
    /// is one of the workers. Call it once.
    void run();
    /// Stops accepting, lets in-flight requests finish, then makes run() return. Safe from any
    /// thread and from a signal handler's thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace omilcrm::http
