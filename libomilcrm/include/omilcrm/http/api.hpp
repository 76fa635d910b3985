#pragma once
// The HTTP API as a function: a Request in, a Response out, no sockets. The Beast server
// (omilcrm/http/server.hpp, `omilcrm serve`) is one transport for it; an embedder may mount it in
// their own server, and the tests call it directly.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "omilcrm/database.hpp"

namespace omilcrm::http {

/// Header fields in the order received; names are compared without regard to case.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The value of the first header called `name` (any case), or "" when there is none.
std::string_view header_value(const Headers& headers, std::string_view name) noexcept;

struct Request {
    std::string method{};  ///< "GET", "POST", ...
    std::string target{};  ///< the request target: path and query, "/v1/employers?limit=20"
    Headers headers{};
    std::string body{};
    std::string_view header(std::string_view name) const noexcept { return header_value(headers, name); }
};

struct Response {
    int status = 200;
    Headers headers{};
    std::string body{};
    /// Who the request acted for ("staff:3", "token:7"), or "" when it was not signed in; the
    /// server's access log prints it. Not sent to the client.
    std::string actor{};
    std::string_view header(std::string_view name) const noexcept { return header_value(headers, name); }
    /// Replaces the header called `name` (any case) or adds it.
    void set_header(std::string_view name, std::string value);
};

struct ApiOptions {
    /// The office (or regional) database file the API serves.
    std::string database{};
    /// How each connection to it is opened (a test gives a fixed clock here).
    OpenOptions open{};
    /// Origins a browser may call the API from (Access-Control-Allow-Origin); "*" for any; empty
    /// for none (the default: no CORS headers).
    std::vector<std::string> cors_origins{};
    /// A larger request body is refused with 413, except on a route that takes more (a photo
    /// upload takes up to 5 MiB: Api::max_body_bytes(method, target)).
    std::size_t max_body_bytes = 1 << 20;
    /// A directory of files for a browser (a front end): GET and HEAD of a path no route matches
    /// answer the file under it ("/" and a path ending in "/" its index.html), with its
    /// Content-Type and `Cache-Control: no-cache`, no token needed. Nothing outside it is ever
    /// served: a path with "..", "." or a hidden name (decoded or not), a backslash or an empty
    /// segment, or one whose symbolic links lead out, is a 404. Empty: none (the default).
    std::string static_root{};
    /// Whether anyone may read the service requests at /open311/v2/requests (a public 311 map).
    /// By default a reader needs an api_key (or a bearer token) that may read requests of the
    /// office: an employer's request (security rounds after a robbery) is not public by itself.
    /// The services and their definitions are always public.
    bool open311_public = false;
};

/// The API. handle() may be called from many threads at once: each call borrows a Database of
/// its own (connections are pooled, one per concurrent request), so readers run beside the
/// writer in the file's write-ahead log.
class Api {
public:
    /// Opens (and, if needed, upgrades) the database once to check it; StorageError otherwise.
    explicit Api(ApiOptions options);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    Response handle(const Request& request);

    /// The largest body a request with this method and target may have: max_body_bytes of the
    /// options, or more on a route that takes more (POST /v1/requests/{id}/photos: 5 MiB).
    std::size_t max_body_bytes(std::string_view method, std::string_view target) const noexcept;
    /// The largest body any request may have.
    std::size_t max_body_bytes() const noexcept;

    /// The OpenAPI 3.1 document, as served at /openapi.json.
    const std::string& openapi() const noexcept;
    const ApiOptions& options() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace omilcrm::http
