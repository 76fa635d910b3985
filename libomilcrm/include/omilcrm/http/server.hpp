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
    unsigned threads = 2;       ///< worker threads
    /// A connection that sends nothing (a whole request) for this long is closed.
    std::chrono::milliseconds read_timeout{30000};
    /// Where the access log goes (one JSON line per request); none when empty.
    std::function<void(const std::string& line)> access_log{};
};

class Server {
public:
    /// Binds the listening socket (StorageError-free: a busy port is std::system_error).
    Server(Api& api, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The port it listens on (the one chosen when options.port was 0).
    std::uint16_t port() const noexcept;
    /// Serves until stop(); returns when every in-flight request is answered.
    void run();
    /// Stops accepting, lets in-flight requests finish, then makes run() return. Safe from any
    /// thread and from a signal handler's thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace omilcrm::http
