// The HTTP transport, over a loopback port, talked to with a Beast client: what a front end and an
// operator rely on (keep-alive, limits, the access log, a graceful stop).
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <regex>
#include <thread>

#include "helpers.hpp"
#include "omilcrm/http/server.hpp"

using namespace omt;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

/// The access log's lines, as the server writes them.
struct LogLines {
    std::mutex mutex;
    std::vector<std::string> lines;
    std::function<void(const std::string&)> sink() {
        return [this](const std::string& line) {
            std::lock_guard lock(mutex);
            lines.push_back(line);
        };
    }
    std::vector<boost::json::object> parsed() {
        std::lock_guard lock(mutex);
        std::vector<boost::json::object> out;
        for (const auto& l : lines) out.push_back(boost::json::parse(l).as_object());
        return out;
    }
};

/// A server running in a thread of its own until the end of the scope.
struct Running {
    http::Server server;
    std::thread thread;
    template <class Source>
    Running(Source& source, http::ServerOptions options) : server(source, std::move(options)) {
        thread = std::thread([this] { server.run(); });
    }
    Running(http::Handler handler, http::ServerOptions options) : server(std::move(handler), std::move(options)) {
        thread = std::thread([this] { server.run(); });
    }
    ~Running() { finish(); }
    void finish() {
        server.stop();
        if (thread.joinable()) thread.join();
    }
};

http::ServerOptions loopback(unsigned threads = 2) { return {.host = "127.0.0.1", .port = 0, .threads = threads}; }

/// One client connection, with a 10-second bound on every read so a broken server fails the test
/// instead of hanging it.
struct Client {
    asio::io_context io;
    tcp::socket socket{io};
    beast::flat_buffer buffer;

    explicit Client(std::uint16_t port) {
        socket.connect({asio::ip::make_address("127.0.0.1"), port});
        timeval tv{.tv_sec = 10, .tv_usec = 0};
        ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }

    void send(bh::request<bh::string_body> req) {
        req.prepare_payload();
        bh::write(socket, req);
    }
    void send_raw(std::string_view bytes) { asio::write(socket, asio::buffer(bytes.data(), bytes.size())); }

    bh::response<bh::string_body> receive() {
        bh::response_parser<bh::string_body> parser;
        parser.body_limit(16 << 20);
        bh::read(socket, buffer, parser);
        return parser.release();
    }

    /// True when the server has closed the connection (a read gets end of file).
    bool closed() {
        beast::error_code ec;
        char c;
        socket.read_some(asio::buffer(&c, 1), ec);
        return ec == asio::error::eof || ec == asio::error::connection_reset;
    }

    bh::response<bh::string_body> get(const std::string& target, bool keep_alive = true) {
        bh::request<bh::string_body> req{bh::verb::get, target, 11};
        req.set(bh::field::host, "localhost");
        req.keep_alive(keep_alive);
        send(std::move(req));
        return receive();
    }
};

boost::json::object json_of(const bh::response<bh::string_body>& res) {
    return boost::json::parse(res.body()).as_object();
}

/// An Api over a fresh database file.
struct ApiOnFile {
    TempFile file;
    std::unique_ptr<http::Api> api;
    explicit ApiOnFile(std::size_t max_body = 1 << 20) {
        Database::open(file.str(), {.mode = OpenMode::Create});  // created, then served
        api = std::make_unique<http::Api>(http::ApiOptions{.database = file.str(), .max_body_bytes = max_body});
    }
};

/// A handler that waits until `release` is called, counting the requests inside it.
struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    int inside = 0;
    int most_inside = 0;
    bool open = false;

    http::Response handle(const http::Request& request) {
        std::unique_lock lock(mutex);
        ++inside;
        most_inside = std::max(most_inside, inside);
        changed.notify_all();
        changed.wait(lock, [&] { return open; });
        --inside;
        return {.status = 200, .headers = {{"Content-Type", "text/plain"}}, .body = "done " + request.target};
    }
    void wait_inside(int n) {
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, std::chrono::seconds(10), [&] { return inside >= n; }));
    }
    void release() {
        std::lock_guard lock(mutex);
        open = true;
        changed.notify_all();
    }
};

}  // namespace

TEST_CASE("server: the API answers over HTTP/1.1, two requests on one connection") {
    ApiOnFile f;
    Running running(*f.api, loopback());
    REQUIRE(running.server.port() != 0);
    Client client(running.server.port());
    const auto health = client.get("/health");
    CHECK(health.result_int() == 200);
    CHECK(health[bh::field::content_type] == "application/json");
    CHECK(json_of(health).at("status") == "ok");
    CHECK(health.keep_alive());
    const auto missing = client.get("/nowhere");  // the same connection
    CHECK(missing.result_int() == 404);
    CHECK(json_of(missing).at("error").at("status") == 404);
}

TEST_CASE("server: one JSON line per request in the access log, without the query string") {
    ApiOnFile f;
    LogLines log;
    auto options = loopback();
    options.access_log = log.sink();
    {
        Running running(*f.api, options);
        Client client(running.server.port());
        client.get("/health");
        client.get("/nowhere?token=s3cret&x=1", false);
    }
    const auto lines = log.parsed();
    REQUIRE(lines.size() == 2);
    const auto& l = lines[1];
    CHECK(std::regex_match(std::string(l.at("time").as_string()),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    CHECK(l.at("method") == "GET");
    CHECK(l.at("path") == "/nowhere");
    CHECK(l.at("status") == 404);
    CHECK(l.at("ms").is_double());
    CHECK(l.at("ms").as_double() >= 0);
    CHECK(l.at("bytes").to_number<std::int64_t>() > 0);
    CHECK(l.at("user").is_null());
    CHECK(l.at("remote") == "127.0.0.1");
    for (const auto& line : log.lines) CHECK_FALSE(contains(line, "s3cret"));
}

TEST_CASE("server: the access log names who the request acted for") {
    LogLines log;
    auto options = loopback();
    options.access_log = log.sink();
    {
        Running running([](const http::Request&) { return http::Response{.body = "{}", .actor = "staff:3"}; }, options);
        Client client(running.server.port());
        CHECK(client.get("/v1/me").result_int() == 200);
    }
    REQUIRE(log.parsed().size() == 1);
    CHECK(log.parsed()[0].at("user") == "staff:3");
}

TEST_CASE("server: a body over ApiOptions::max_body_bytes is refused with 413 and a JSON error") {
    ApiOnFile f(100);
    LogLines log;
    auto options = loopback();
    options.access_log = log.sink();
    Running running(*f.api, options);

    SECTION("with a Content-Length") {
        Client client(running.server.port());
        bh::request<bh::string_body> req{bh::verb::post, "/v1/employers", 11};
        req.body() = std::string(5000, 'x');
        client.send(std::move(req));
        const auto res = client.receive();
        CHECK(res.result_int() == 413);
        const auto error = json_of(res).at("error").as_object();
        CHECK(error.at("status") == 413);
        CHECK(contains(error.at("message").as_string(), "larger than 100 bytes"));
        CHECK_FALSE(res.keep_alive());
        CHECK(client.closed());
    }
    SECTION("chunked") {
        Client client(running.server.port());
        client.send_raw(
            "POST /v1/employers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            "50\r\n" +
            std::string(80, 'a') + "\r\n50\r\n" + std::string(80, 'b') + "\r\n0\r\n\r\n");
        CHECK(client.receive().result_int() == 413);
    }
    SECTION("asking to continue first: refused before the body is sent") {
        Client client(running.server.port());
        client.send_raw(
            "POST /v1/employers HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
        CHECK(client.receive().result_int() == 413);
    }
    SECTION("a body within the limit goes through, after 100 Continue when asked") {
        Client client(running.server.port());
        client.send_raw("POST /v1/employers HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
        std::string interim(25, '\0');
        asio::read(client.socket, asio::buffer(interim));
        CHECK(interim == "HTTP/1.1 100 Continue\r\n\r\n");
        client.send_raw("0123456789");
        CHECK(client.receive().result_int() == 401);  // the API's answer: the body reached it
    }
    running.finish();
    const auto lines = log.parsed();
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0].at("path") == "/v1/employers");
}

TEST_CASE("server: a header over the limit is refused with 431, a malformed request with 400") {
    auto options = loopback();
    options.max_header_bytes = 2048;
    Running running([](const http::Request&) { return http::Response{.body = "{}"}; }, options);
    {
        Client client(running.server.port());
        client.send_raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'h') + "\r\n\r\n");
        const auto res = client.receive();
        CHECK(res.result_int() == 431);
        CHECK(json_of(res).at("error").at("status") == 431);
    }
    {
        Client client(running.server.port());
        client.send_raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
        const auto res = client.receive();
        CHECK(res.result_int() == 400);
        CHECK(contains(json_of(res).at("error").at("message").as_string(), "malformed request"));
    }
}

TEST_CASE("server: a handler that throws is a 500 with a JSON error, and the server goes on") {
    Running running(
        [](const http::Request& r) -> http::Response {
            if (r.target == "/boom") throw std::runtime_error("secret detail");
            return {.body = "{}"};
        },
        loopback());
    Client client(running.server.port());
    const auto res = client.get("/boom");
    CHECK(res.result_int() == 500);
    CHECK_FALSE(contains(res.body(), "secret detail"));
    CHECK(json_of(res).at("error").at("status") == 500);
    CHECK(client.get("/fine").result_int() == 200);
}

TEST_CASE("server: the request reaches the handler whole, and HEAD gets the length without the body") {
    http::Request seen;
    std::mutex mutex;
    Running running(
        [&](const http::Request& r) {
            std::lock_guard lock(mutex);
            seen = r;
            return http::Response{.status = 201, .headers = {{"ETag", "\"7\""}}, .body = "created"};
        },
        loopback());
    Client client(running.server.port());
    bh::request<bh::string_body> req{bh::verb::put, "/v1/employers/7?x=1", 11};
    req.set("If-Match", "\"6\"");
    req.set(bh::field::content_type, "application/json");
    req.body() = R"({"name":"Acme"})";
    client.send(std::move(req));
    const auto res = client.receive();
    CHECK(res.result_int() == 201);
    CHECK(res["ETag"] == "\"7\"");
    CHECK(res.body() == "created");
    {
        std::lock_guard lock(mutex);
        CHECK(seen.method == "PUT");
        CHECK(seen.target == "/v1/employers/7?x=1");
        CHECK(seen.header("if-match") == "\"6\"");
        CHECK(seen.body == R"({"name":"Acme"})");
    }
    client.send_raw("HEAD /v1/employers/7 HTTP/1.1\r\nHost: x\r\n\r\n");
    bh::response_parser<bh::empty_body> head;
    head.skip(true);
    bh::read(client.socket, client.buffer, head);
    CHECK(head.get()[bh::field::content_length] == "7");
    CHECK(client.get("/again").body() == "created");  // nothing of a body was left on the wire
}

TEST_CASE("server: N workers answer N requests at once, no more") {
    Gate gate;
    Running running([&](const http::Request& r) { return gate.handle(r); }, loopback(2));
    std::vector<std::thread> clients;
    std::atomic<int> answered{0};
    for (int i = 0; i < 4; ++i)
        clients.emplace_back([&, i] {
            Client c(running.server.port());
            if (c.get("/r" + std::to_string(i)).result_int() == 200) ++answered;
        });
    gate.wait_inside(2);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gate.release();
    for (auto& t : clients) t.join();
    CHECK(answered == 4);
    CHECK(gate.most_inside == 2);
}

TEST_CASE("server: stop() answers the requests in flight, closes idle connections, and run() returns") {
    Gate gate;
    LogLines log;
    auto options = loopback();
    options.access_log = log.sink();
    options.threads = 3;
    Running running([&](const http::Request& r) { return gate.handle(r); }, options);
    Client idle(running.server.port());
    Client half(running.server.port());
    half.send_raw("POST /half HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");  // 5 of 10 bytes

    std::optional<bh::response<bh::string_body>> slow;
    std::thread in_flight([&] {
        Client c(running.server.port());
        slow = c.get("/slow");
    });
    gate.wait_inside(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the half request has been read
    std::thread stopper([&] { running.server.stop(); });
    CHECK(idle.closed());    // waiting for a request that had not begun: closed at once
    half.send_raw("56789");  // begun before the stop: read to its end and answered
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    gate.release();
    in_flight.join();
    REQUIRE(slow);
    CHECK(slow->result_int() == 200);
    CHECK(slow->body() == "done /slow");
    CHECK_FALSE(slow->keep_alive());  // answered, then closed
    const auto rest = half.receive();
    CHECK(rest.result_int() == 200);
    CHECK_FALSE(rest.keep_alive());
    stopper.join();
    running.thread.join();  // run() has returned
    CHECK(log.parsed().size() == 2);
    CHECK_THROWS_AS(Client(running.server.port()), boost::system::system_error);  // no longer accepting
}

TEST_CASE("server: a connection that sends nothing for read_timeout is closed") {
    auto options = loopback();
    options.read_timeout = std::chrono::milliseconds(100);
    Running running([](const http::Request&) { return http::Response{.body = "{}"}; }, options);
    Client silent(running.server.port());
    CHECK(silent.closed());
    Client slow(running.server.port());
    slow.send_raw("GET / HTTP/1.1\r\n");  // and never the rest
    CHECK(slow.closed());
}

TEST_CASE("server: a port in use is a std::system_error naming the address") {
    Running first([](const http::Request&) { return http::Response{}; }, loopback());
    auto options = loopback();
    options.port = first.server.port();
    const auto e = capture<std::system_error>(
        [&] { http::Server second([](const http::Request&) { return http::Response{}; }, options); });
    CHECK(contains(e.what(), "cannot listen on 127.0.0.1:" + std::to_string(first.server.port())));
}

TEST_CASE("server: stop() before run() makes run() return at once") {
    http::Server server([](const http::Request&) { return http::Response{}; }, loopback());
    server.stop();
    server.run();
    SUCCEED();
}
