// The HTTP/1.1 transport: Boost.Beast over asio. It moves bytes only: every request goes to the
// handler (Api::handle), whose response is written back as it is. What the transport answers by
// itself is what the handler never sees: a body over the limit (413), a header over the limit
// (431), a request it cannot parse (400).
//
// Threads: `threads` workers run one io_context. Each connection is served on its own strand, so
// one request at a time per connection, and as many at once as there are workers.
//
// Stopping: stop() closes the acceptor and every connection that waits for a request with nothing
// received yet; a connection reading a request, waiting for the handler or writing a response goes
// on, answers with "Connection: close", and closes. run() returns when nothing is left.
#include "omilcrm/http/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#endif

#include "omilcrm/version.hpp"

namespace omilcrm::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

/// How long a connection closed after an error response keeps reading (and discarding) what the
/// client still sends, so that the client reads the response instead of a reset.
constexpr std::chrono::seconds kLinger{2};

/// The most a connection waiting for its next request keeps of the buffer it read the last into.
constexpr std::size_t kKeptBuffer = 64 * 1024;

std::string error_body(int status, std::string_view message) {
    return boost::json::serialize(
        boost::json::object{{"error", boost::json::object{{"status", status}, {"message", message}}}});
}

/// "2026-12-05T08:52:36.123Z".
std::string iso_utc(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000 - (ms % 1000 < 0 ? 1 : 0));
    const int milli = static_cast<int>(((ms % 1000) + 1000) % 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, milli);
    return buf;
}

/// The path of a request target, without its query string (which may carry tokens).
std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

/// Header text with CR and LF replaced, so a value cannot start a header of its own.
std::string header_safe(std::string_view s) {
    std::string out(s);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return out;
}

void close_on_exec([[maybe_unused]] int fd) {
#if defined(__unix__) || defined(__APPLE__)
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
#endif
}

bool is_http_error(const beast::error_code& ec) {
    return ec.category() == bh::make_error_code(bh::error::bad_target).category();
}

class Connection;

/// The listening socket, the workers' io_context and the live connections.
struct Core {
    Handler handler;
    ServerOptions options;
    std::size_t max_body;  ///< the largest body any request may have
    /// The largest body of a request with this method and target (an Api's route may take more
    /// than the others: a photo); none: max_body for every request.
    std::function<std::size_t(std::string_view method, std::string_view target)> body_limit_for{};
    std::mutex registry_mutex;
    std::list<std::weak_ptr<Connection>> connections;
    std::mutex log_mutex;
    std::atomic<bool> stopping{false};
    // Declared after what connections use: the io_context, destroyed first, destroys the
    // connections it still holds.
    asio::io_context ioc;
    tcp::acceptor acceptor;
    asio::steady_timer retry;
    std::uint16_t port = 0;

    Core(Handler h, ServerOptions o, std::size_t body_limit);
    void accept();
    void on_accept(beast::error_code ec, tcp::socket socket);
    void stop();
    void log(const std::string& line);
    std::list<std::weak_ptr<Connection>>::iterator enrol(const std::shared_ptr<Connection>& c) {
        std::lock_guard lock(registry_mutex);
        return connections.insert(connections.end(), c);
    }
    void leave(std::list<std::weak_ptr<Connection>>::iterator it) {
        std::lock_guard lock(registry_mutex);
        connections.erase(it);
    }
};

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(Core& core, tcp::socket socket) : core_(core), stream_(std::move(socket)) {
        beast::error_code ec;
        const auto peer = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = peer.address().to_string();
        stream_.socket().set_option(tcp::no_delay(true), ec);
        close_on_exec(stream_.socket().native_handle());
    }
    ~Connection() {
        if (enrolled_) core_.leave(registry_entry_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void start() {
        registry_entry_ = core_.enrol(shared_from_this());
        enrolled_ = true;
        asio::dispatch(stream_.get_executor(),
                       beast::bind_front_handler(&Connection::read_request, shared_from_this()));
    }

    /// From stop(): a connection waiting for a request, with nothing of one received, closes now.
    void stop() {
        asio::post(stream_.get_executor(), [self = shared_from_this()] {
            if (self->state_ == State::Idle && self->buffer_.size() == 0 &&
                !(self->parser_ && self->parser_->got_some()))
                self->close();
        });
    }

private:
    enum class State { Idle, Reading, Handling, Writing, Closing };

    void read_request() {
        if (core_.stopping) return close();
        state_ = State::Idle;
        // A large body's buffer is not kept for the connection's idle life.
        if (buffer_.size() == 0 && buffer_.capacity() > kKeptBuffer) buffer_.shrink_to_fit();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(core_.options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
        parser_->body_limit(core_.max_body);
        body_limit_ = core_.max_body;
        stream_.expires_after(core_.options.read_timeout);
        bh::async_read_header(stream_, buffer_, *parser_,
                              beast::bind_front_handler(&Connection::on_header, shared_from_this()));
    }

    void on_header(beast::error_code ec, std::size_t) {
        started_ = SteadyClock::now();
        if (ec) return on_read_error(ec);
        state_ = State::Reading;
        const auto& req = parser_->get();
        if (core_.body_limit_for && !parser_->is_done()) {
            // The route's own limit, now that the target is known: refused before the body is
            // sent when the length is declared (and before "100 Continue").
            const std::size_t limit = core_.body_limit_for(req.method_string(), req.target());
            const auto declared = parser_->content_length();
            if (declared && *declared > limit)
                return refuse(413, "the request body is larger than " + std::to_string(limit) + " bytes");
            parser_->body_limit(limit);
            body_limit_ = limit;
        } else {
            body_limit_ = core_.max_body;
        }
        if (!parser_->is_done() && req.version() >= 11 && beast::iequals(req[bh::field::expect], "100-continue")) {
            // The client waits for this before it sends the body (curl does for large ones).
            static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                              [self = shared_from_this()](beast::error_code wec, std::size_t) {
                                  if (wec) return self->close();
                                  self->read_body();
                              });
            return;
        }
        read_body();
    }

    void read_body() {
        if (parser_->is_done()) return on_read({}, 0);
        bh::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_read, shared_from_this()));
    }

    void on_read_error(const beast::error_code& ec) {
        const bool started = parser_ && parser_->got_some();
        if (ec == bh::error::body_limit)
            return refuse(413, "the request body is larger than " + std::to_string(body_limit_) + " bytes");
        if (ec == bh::error::header_limit)
            return refuse(
                431, "the request header is larger than " + std::to_string(core_.options.max_header_bytes) + " bytes");
        if (started && is_http_error(ec) && ec != bh::error::partial_message && ec != bh::error::end_of_stream)
            return refuse(400, "malformed request: " + ec.message());
        // The client closed, reset or went quiet past the read timeout, or stop() closed an idle
        // connection: nothing to answer.
        close();
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return on_read_error(ec);
        state_ = State::Handling;
        bh::request<bh::string_body> msg = parser_->release();
        Request request;
        request.method = std::string(msg.method_string());
        request.target = std::string(msg.target());
        request.headers.reserve(static_cast<std::size_t>(std::distance(msg.begin(), msg.end())));
        for (const auto& field : msg)
            request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        request.body = std::move(msg.body());
        Response response;
        try {
            response = core_.handler(request);
        } catch (...) {
            response = Response{.status = 500, .headers = {{"Content-Type", "application/json"}}};
            response.body = error_body(500, "internal error");
        }
        method_ = std::move(request.method);
        path_ = std::string(path_of(request.target));
        respond(std::move(response), msg.version(), msg.keep_alive() && !core_.stopping, false);
    }

    /// The transport's own answer to a request it does not hand on; the connection closes after.
    void refuse(int status, const std::string& message) {
        if (parser_ && parser_->got_some()) {
            const auto& req = parser_->get();
            method_ = std::string(req.method_string());
            path_ = std::string(path_of(req.target()));
        } else {
            method_.clear();
            path_.clear();
        }
        Response r{.status = status, .headers = {{"Content-Type", "application/json"}}};
        r.body = error_body(status, message);
        respond(std::move(r), 11, false, true);
    }

    void respond(Response r, unsigned version, bool keep_alive, bool linger) {
        int status = r.status;
        if (status < 200 || status > 599) {  // no interim (1xx) answers
            status = 500;
            r.headers = {{"Content-Type", "application/json"}};
            r.body = error_body(500, "internal error: the response had status " + std::to_string(r.status));
        }
        res_ = {};
        res_.version(version == 10 ? 10 : 11);
        res_.result(static_cast<unsigned>(status));
        bool named_server = false;
        for (const auto& [name, value] : r.headers) {
            if (beast::iequals(name, "Content-Length") || beast::iequals(name, "Transfer-Encoding")) continue;
            if (beast::iequals(name, "Connection")) {
                if (beast::iequals(value, "close")) keep_alive = false;
                continue;
            }
            named_server = named_server || beast::iequals(name, "Server");
            res_.insert(header_safe(name), header_safe(value));
        }
        if (!named_server) res_.set(bh::field::server, "omilcrm/" + std::string(omilcrm::version()));
        status_ = status;
        actor_ = std::move(r.actor);
        res_.body() = std::move(r.body);
        res_.keep_alive(keep_alive);
        res_.prepare_payload();
        body_bytes_ = res_.body().size();
        if (method_ == "HEAD") {  // the length of what a GET would get, and no body
            res_.body().clear();
            body_bytes_ = 0;
        }
        close_after_ = !keep_alive;
        linger_ = linger;
        state_ = State::Writing;
        stream_.expires_after(core_.options.write_timeout);
        bh::async_write(stream_, res_, beast::bind_front_handler(&Connection::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        log();
        res_ = {};
        if (ec) return close();
        if (linger_ || buffer_.size() > 0) {
            // What the client still sends (the refused body, a pipelined request) is read and
            // dropped, so that it reads the answer rather than a reset.
            if (close_after_ || core_.stopping) return linger();
        }
        if (close_after_ || core_.stopping) return close();
        read_request();
    }

    void log() {
        if (!core_.options.access_log) return;
        const double ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - started_).count();
        // Boost.JSON writes every double in exponent form (1.038E0); "ms" is written as 1.038.
        char number[32];
        const auto written = std::to_chars(number, number + sizeof number, ms, std::chars_format::fixed, 3);
        boost::json::object head{{"time", iso_utc(std::chrono::system_clock::now())},
                                 {"method", method_},
                                 {"path", path_},
                                 {"status", status_}};
        boost::json::object tail{{"bytes", body_bytes_}, {"user", nullptr}, {"remote", remote_}};
        if (!actor_.empty()) tail["user"] = actor_;
        std::string line = boost::json::serialize(head);
        line.pop_back();  // '}'
        line += ",\"ms\":";
        line.append(number, written.ptr);
        line += ',';
        line += std::string_view(boost::json::serialize(tail)).substr(1);
        core_.log(line);
    }

    void linger() {
        state_ = State::Closing;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        buffer_.consume(buffer_.size());
        stream_.expires_after(kLinger);
        drain();
    }

    void drain() {
        stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->drain();
        });
    }

    void close() {
        state_ = State::Closing;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.close();
    }

    Core& core_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bh::request_parser<bh::string_body>> parser_;
    bh::response<bh::string_body> res_;
    std::array<char, 4096> scratch_{};
    State state_ = State::Idle;
    bool close_after_ = false;
    bool linger_ = false;
    bool enrolled_ = false;
    std::list<std::weak_ptr<Connection>>::iterator registry_entry_{};
    // What the access log line says of the current request.
    std::string remote_;
    std::string method_;
    std::string path_;
    std::string actor_;
    int status_ = 0;
    std::size_t body_bytes_ = 0;
    std::size_t body_limit_ = 0;  ///< the limit of the request being read
    SteadyClock::time_point started_{};
};

tcp::endpoint listen_endpoint(asio::io_context& ioc, const std::string& host, std::uint16_t port) {
    beast::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (!ec) return {address, port};
    tcp::resolver resolver(ioc);
    const auto found = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || found.empty())
        throw std::system_error(std::error_code(ec), "cannot listen on " + host + ":" + std::to_string(port));
    return found.begin()->endpoint();
}

Core::Core(Handler h, ServerOptions o, std::size_t body_limit)
    : handler(std::move(h)),
      options(std::move(o)),
      max_body(body_limit),
      ioc(static_cast<int>(std::max(1u, options.threads))),
      acceptor(asio::make_strand(ioc)),
      retry(acceptor.get_executor()) {
    const tcp::endpoint endpoint = listen_endpoint(ioc, options.host, options.port);
    beast::error_code ec;
    const auto fail = [&](const char* what) {
        throw std::system_error(std::error_code(ec), "cannot listen on " + options.host + ":" +
                                                         std::to_string(options.port) + " (" + what + ")");
    };
    if (acceptor.open(endpoint.protocol(), ec)) fail("socket");
    close_on_exec(acceptor.native_handle());
    if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) fail("SO_REUSEADDR");
    if (acceptor.bind(endpoint, ec)) fail("bind");
    if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) fail("listen");
    port = acceptor.local_endpoint().port();
}

void Core::accept() {
    if (stopping) return;
    acceptor.async_accept(asio::make_strand(ioc), beast::bind_front_handler(&Core::on_accept, this));
}

void Core::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
        // Out of file descriptors, say: wait a little rather than spin, then accept again.
        retry.expires_after(std::chrono::milliseconds(50));
        retry.async_wait([this](beast::error_code wec) {
            if (!wec) accept();
        });
        return;
    }
    if (stopping) return;  // the socket closes as it goes out of scope
    std::make_shared<Connection>(*this, std::move(socket))->start();
    accept();
}

void Core::stop() {
    if (stopping.exchange(true)) return;
    asio::post(acceptor.get_executor(), [this] {
        beast::error_code ec;
        acceptor.close(ec);
        retry.cancel();
    });
    std::vector<std::shared_ptr<Connection>> live;
    {
        std::lock_guard lock(registry_mutex);
        for (const auto& weak : connections)
            if (auto c = weak.lock()) live.push_back(std::move(c));
    }
    for (const auto& c : live) c->stop();
}

void Core::log(const std::string& line) {
    std::lock_guard lock(log_mutex);
    try {
        options.access_log(line);
    } catch (...) {  // a failing log must not take the server down
    }
}

}  // namespace

struct Server::Impl {
    Core core;
    Impl(Handler handler, ServerOptions options, std::size_t max_body)
        : core(std::move(handler), std::move(options), max_body) {}
};

Server::Server(Api& api, ServerOptions options)
    : impl_(std::make_unique<Impl>([&api](const Request& r) { return api.handle(r); }, std::move(options),
                                   api.max_body_bytes())) {
    impl_->core.body_limit_for = [&api](std::string_view method, std::string_view target) {
        return api.max_body_bytes(method, target);
    };
}

Server::Server(Handler handler, ServerOptions options) {
    const std::size_t max_body = options.max_body_bytes;
    impl_ = std::make_unique<Impl>(std::move(handler), std::move(options), max_body);
}

Server::~Server() = default;

std::uint16_t Server::port() const noexcept { return impl_->core.port; }

void Server::run() {
    Core& core = impl_->core;
    asio::post(core.acceptor.get_executor(), [&core] { core.accept(); });
    const auto work = [&core] {
        for (;;) {
            try {
                core.ioc.run();
                return;
            } catch (...) {  // a handler that threw: the others go on serving
            }
        }
    };
    std::vector<std::thread> workers;
    for (unsigned i = 1; i < std::max(1u, core.options.threads); ++i) workers.emplace_back(work);
    work();
    for (auto& t : workers) t.join();
}

void Server::stop() { impl_->core.stop(); }

}  // namespace omilcrm::http
