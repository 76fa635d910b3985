// The API: authentication, dispatch to the routes, and the one mapping from the library's errors
// to statuses (422 a bad field, 404 an unknown id, 409 a conflict, 503 a storage fault).
#include "omilcrm/http/api.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

#include "http/openapi.hpp"
#include "http/resources.hpp"
#include "http/router.hpp"
#include "text.hpp"

namespace omilcrm::http {

namespace {

bool same_name(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t at = 1;
    while (at <= path.size()) {
        const auto end = std::min(path.find('/', at), path.size());
        out.push_back(path.substr(at, end - at));
        at = end + 1;
    }
    return out;
}

// Whether `path` matches the route's template; the {name} segments go to `params`.
bool matches(const std::string& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>& params) {
    const auto want = segments(pattern);
    if (want.size() != path.size()) return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto close = want[i].find('}');
        if (want[i].size() > 2 && want[i].front() == '{' && close != std::string_view::npos) {
            // "{name}" or "{name}.json": the segment, less the literal after the name.
            const std::string_view suffix = want[i].substr(close + 1);
            const std::string_view got = path[i];
            if (got.size() <= suffix.size() || got.substr(got.size() - suffix.size()) != suffix) return false;
            found.emplace(std::string(want[i].substr(1, close - 1)), got.substr(0, got.size() - suffix.size()));
        } else if (want[i] != path[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

Response error_response(int status, std::string_view message, std::string_view field = {},
                        std::string_view value = {}) {
    boost::json::object e{{"status", status}, {"message", message}};
    if (!field.empty()) {
        e["field"] = field;
        e["value"] = value;
    }
    return detail::json_response(boost::json::object{{"error", std::move(e)}}, status);
}

std::string_view bearer_token(const Request& r, const std::multimap<std::string, std::string>& query) {
    const std::string_view auth = r.header("Authorization");
    if (auth.size() > 7 && same_name(auth.substr(0, 7), "Bearer ")) return omilcrm::detail::trim(auth.substr(7));
    // A calendar application cannot send headers: its subscription URL carries the token.
    if (auto it = query.find("token"); it != query.end()) return it->second;
    return {};
}

// ---- the static files of a front end (ApiOptions::static_root) ------------------------------

std::string_view content_type_of(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::pair<std::string_view, std::string_view> types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".txt", "text/plain; charset=utf-8"},
    };
    for (const auto& [e, type] : types)
        if (ext == e) return type;
    return "application/octet-stream";
}

// The file `path` (the URL's decoded segments) names under `root` (canonical), or nothing when it
// names none there. Each segment is checked after decoding, so "%2e%2e" is refused as ".." is;
// the file found is resolved with its symbolic links and must still lie under the root.
std::optional<std::filesystem::path> static_file(const std::filesystem::path& root,
                                                 const std::vector<std::string>& path) {
    namespace fs = std::filesystem;
    fs::path file = root;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const std::string& seg = path[i];
        if (seg.empty()) {
            if (i + 1 == path.size()) break;  // "/" or "dir/": the directory's index.html
            return std::nullopt;              // "//etc/passwd"
        }
        if (seg.front() == '.' || seg.find_first_of(std::string_view("/\\:\0", 4)) != std::string::npos)
            return std::nullopt;
        file /= seg;
    }
    if (path.empty() || path.back().empty()) file /= "index.html";
    std::error_code ec;
    const fs::path real = fs::canonical(file, ec);
    if (ec || !fs::is_regular_file(real, ec) || ec) return std::nullopt;
    // Under the root: the root's components are a prefix of the file's.
    const auto [root_end, real_at] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (root_end != root.end() || real_at == real.end()) return std::nullopt;
    return real;
}

}  // namespace

std::string_view header_value(const Headers& headers, std::string_view name) noexcept {
    for (const auto& [k, v] : headers)
        if (same_name(k, name)) return v;
    return {};
}

void Response::set_header(std::string_view name, std::string value) {
    for (auto& [k, v] : headers)
        if (same_name(k, name)) {
            v = std::move(value);
            return;
        }
    headers.emplace_back(std::string(name), std::move(value));
}

struct Api::Impl {
    const Api* api = nullptr;
    ApiOptions options;
    detail::Routes routes;
    std::string openapi;
    std::mutex pool_mutex;
    std::vector<std::unique_ptr<Database>> pool;
    // The API's writes take turns here rather than in SQLite's busy handler, whose growing sleeps
    // (up to 100 ms a step) let one worker take the file's write lock again and again while
    // another waits: with 4 clients, POST p99 fell from 578 ms to 7 ms (docs/performance.md).
    std::mutex write_mutex;

    std::unique_ptr<Database> borrow() {
        {
            std::lock_guard lock(pool_mutex);
            if (!pool.empty()) {
                auto db = std::move(pool.back());
                pool.pop_back();
                return db;
            }
        }
        return std::make_unique<Database>(Database::open(options.database, options.open));
    }
    void give_back(std::unique_ptr<Database> db) {
        std::lock_guard lock(pool_mutex);
        pool.push_back(std::move(db));
    }

    /// ApiOptions::static_root, canonical; empty when there is none.
    std::filesystem::path static_root;

    Response dispatch(const Request& request);
    std::optional<Response> serve_static(const Request& request, const std::vector<std::string>& path) const;
    void cors(const Request& request, Response& r) const;
};

Api::Api(ApiOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->api = this;
    impl_->options = std::move(options);
    if (impl_->options.open.mode == OpenMode::Create) impl_->options.open.mode = OpenMode::ReadWrite;
    // Opened once here so that a missing or newer file fails now, not on the first request.
    impl_->give_back(std::make_unique<Database>(Database::open(impl_->options.database, impl_->options.open)));
    if (!impl_->options.static_root.empty()) {
        std::error_code ec;
        impl_->static_root = std::filesystem::canonical(impl_->options.static_root, ec);
        if (ec || !std::filesystem::is_directory(impl_->static_root, ec))
            throw ValidationError("static_root", impl_->options.static_root, "is not a directory");
    }
    auto document = std::make_shared<std::string>();
    detail::add_system_routes(impl_->routes, document);
    detail::add_office_routes(impl_->routes);
    detail::add_request_routes(impl_->routes);
    detail::add_work_routes(impl_->routes);
    detail::add_outreach_routes(impl_->routes);
    detail::add_coordination_routes(impl_->routes);
    detail::add_rights_routes(impl_->routes);
    detail::add_unsubscribe_routes(impl_->routes);
    detail::add_open311_routes(impl_->routes, impl_->options.open311_public);
    *document = json_text(detail::openapi_document(impl_->routes));
    impl_->openapi = *document;
}

Api::~Api() = default;

const std::string& Api::openapi() const noexcept { return impl_->openapi; }
const ApiOptions& Api::options() const noexcept { return impl_->options; }

void Api::Impl::cors(const Request& request, Response& r) const {
    const std::string_view origin = request.header("Origin");
    if (origin.empty() || options.cors_origins.empty()) return;
    const bool any =
        std::find(options.cors_origins.begin(), options.cors_origins.end(), "*") != options.cors_origins.end();
    if (!any &&
        std::find(options.cors_origins.begin(), options.cors_origins.end(), origin) == options.cors_origins.end())
        return;
    r.set_header("Access-Control-Allow-Origin", any ? "*" : std::string(origin));
    r.set_header("Access-Control-Expose-Headers", "ETag, Location");
    if (!any) r.set_header("Vary", "Origin");
}

Response Api::handle(const Request& request) {
    Response r;
    try {
        r = impl_->dispatch(request);
    } catch (const std::exception& e) {
        r = error_response(500, "internal error");
    }
    impl_->cors(request, r);
    return r;
}

namespace {

// The library's errors as statuses: called inside a catch block. A storage fault drops the
// connection (`db`): one that failed may be broken, so it is not given back to the pool.
Response error_for_current_exception(std::unique_ptr<Database>& db) {
    try {
        throw;
    } catch (const detail::HttpError& e) {
        return error_response(e.status, e.message, e.field, e.value);
    } catch (const ValidationError& e) {
        return error_response(422, e.what(), e.field(), e.value());
    } catch (const NotFound&) {
        // The same answer as for another office's record (Context::check_office), so that a 404
        // never tells whether an id is taken.
        return error_response(404, "no such record");
    } catch (const Forbidden& e) {
        // Not allowed for this record (a purpose the person's consent does not cover), whoever
        // asks: the message names the purpose and the consent, never personal data.
        return error_response(403, e.what(), e.field(), e.value());
    } catch (const Conflict& e) {
        return error_response(409, e.what());
    } catch (const StorageBusy& e) {
        Response out = error_response(503, e.what());
        out.set_header("Retry-After", "1");
        return out;
    } catch (const StorageError& e) {
        db.reset();
        return error_response(503, e.what());
    } catch (const Error& e) {
        return error_response(422, e.what());
    }
}

}  // namespace

std::optional<Response> Api::Impl::serve_static(const Request& request, const std::vector<std::string>& path) const {
    if (static_root.empty() || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
    const auto file = static_file(static_root, path);
    if (!file) return std::nullopt;
    std::ifstream in(*file, std::ios::binary);
    if (!in) return std::nullopt;
    Response r;
    r.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    const std::string_view type = content_type_of(*file);
    r.set_header("Content-Type", std::string(type));
    // Always asked again: a front end's files change with the version of the server.
    r.set_header("Cache-Control", "no-cache");
    r.set_header("X-Content-Type-Options", "nosniff");
    if (type.starts_with("text/html")) {
        // The page may load its own scripts and styles and call this API, nothing else.
        r.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                     "frame-ancestors 'none'; form-action 'self'");
        r.set_header("Referrer-Policy", "no-referrer");
    }
    if (request.method == "HEAD") r.body.clear();
    return r;
}

std::size_t Api::max_body_bytes() const noexcept {
    std::size_t most = impl_->options.max_body_bytes;
    for (const auto& r : impl_->routes.list) most = std::max(most, r.max_body);
    return most;
}

std::size_t Api::max_body_bytes(std::string_view method, std::string_view target) const noexcept {
    const std::size_t limit = impl_->options.max_body_bytes;
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return limit;
    std::vector<std::string> path;
    for (auto s : parsed->segments()) path.push_back(std::string(s));
    if (path.empty()) path.push_back("");
    for (const auto& r : impl_->routes.list) {
        std::map<std::string, std::string> params;
        if (r.max_body > limit && r.method == method && matches(r.path, path, params)) return r.max_body;
    }
    return limit;
}

Response Api::Impl::dispatch(const Request& request) {
    if (request.body.size() > options.max_body_bytes) {
        // Only a route that takes more may have more.
        const std::size_t limit = api->max_body_bytes(request.method, request.target);
        if (request.body.size() > limit)
            return error_response(413, "the body is larger than " + std::to_string(limit) + " bytes");
    }
    auto parsed = boost::urls::parse_origin_form(request.target);
    if (!parsed) return error_response(400, "the request target is not a path and a query");
    const boost::urls::url_view url = *parsed;
    std::vector<std::string> path;
    for (auto s : url.segments()) path.push_back(std::string(s));
    if (path.empty()) path.push_back("");
    std::multimap<std::string, std::string> query;
    for (auto p : url.params()) query.emplace(std::string(p.key), std::string(p.value));

    // The preflight a browser sends before a cross-origin write.
    if (request.method == "OPTIONS") {
        Response r;
        r.status = 204;
        if (!options.cors_origins.empty()) {
            r.set_header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE, OPTIONS");
            r.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match");
            r.set_header("Access-Control-Max-Age", "600");
        }
        return r;
    }

    const detail::Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::string allowed;
    for (const auto& candidate : routes.list) {
        std::map<std::string, std::string> p;
        if (!matches(candidate.path, path, p)) continue;
        const bool head = request.method == "HEAD" && candidate.method == "GET";
        if (candidate.method == request.method || head) {
            route = &candidate;
            params = std::move(p);
            break;
        }
        allowed += (allowed.empty() ? "" : ", ") + candidate.method;
    }
    if (!route) {
        if (allowed.empty()) {
            if (auto file = serve_static(request, path)) return std::move(*file);
            return error_response(404, "no such resource");
        }
        Response r = error_response(405, request.method + " is not allowed here (" + allowed + ")");
        r.set_header("Allow", allowed);
        return r;
    }

    auto db = borrow();
    struct Return {
        Impl& impl;
        std::unique_ptr<Database>& db;
        ~Return() {
            if (db && db->is_open()) impl.give_back(std::move(db));
        }
    } returned{*this, db};

    Response r;
    try {
        std::optional<Principal> caller;
        if (route->signed_in) {
            const std::string_view secret = bearer_token(request, query);
            if (!secret.empty()) caller = db->access().authenticate(secret);
            if (!caller) {
                r = error_response(401, "a valid token is required (Authorization: Bearer ...)");
                r.set_header("WWW-Authenticate", "Bearer");
                return r;
            }
            r.actor = Actor::of(*caller).display();
            if (!route->resource.empty() && !caller->allows(route->resource, route->write)) {
                std::string actor = r.actor;
                r = error_response(
                    403, "this token may not " + std::string(route->write ? "change " : "read ") + route->resource);
                r.actor = std::move(actor);
                return r;
            }
        }
        detail::Context ctx(*db, request, *route, caller ? &*caller : nullptr, std::move(params), std::move(query));
        const std::string actor = r.actor;
        std::unique_lock writing(write_mutex, std::defer_lock);
        if (route->write) writing.lock();
        r = route->handler(ctx);
        r.actor = actor;
        if (request.method == "HEAD") r.body.clear();
        return r;
    } catch (...) {
        // Every answer says who it acted for, errors too (the access log prints it).
        Response out = error_for_current_exception(db);
        out.actor = r.actor;
        return out;
    }
}

}  // namespace omilcrm::http
