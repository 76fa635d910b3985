// A front end's files served beside the API (ApiOptions::static_root, `omilcrm serve --static`):
// their types, the API's priority, and that nothing outside the directory is ever answered.
#include <catch2/catch.hpp>

#include <omilcrm/http/api.hpp>

#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace omilcrm;
using namespace omt;
using omilcrm::http::Request;
using omilcrm::http::Response;

namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// A directory with a front end in `site/` and a secret beside it, outside what is served.
struct Site {
    TempFile file;
    fs::path dir = fs::path(file.str() + ".d");
    fs::path site = dir / "site";
    std::unique_ptr<http::Api> api;

    Site() {
        {
            auto db = Database::open(file.str(), creating_options());
            Concon c(db);
        }
        fs::remove_all(dir);
        write(site / "index.html", "<!doctype html><html lang=\"es\"><title>OMIL</title></html>");
        write(site / "app.js", "export const a = 1;\n");
        write(site / "style.css", "body { color: #111; }\n");
        write(site / "img" / "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        write(site / "img" / "icon.png", std::string("\x89PNG\r\n\x1a\n", 8));
        write(site / "data.json", "{\"a\":1}");
        write(site / "docs" / "index.html", "<p>docs</p>");
        write(site / ".env", "SECRET=1");
        write(dir / "secret.txt", "the secret");
        api = std::make_unique<http::Api>(
            http::ApiOptions{.database = file.str(), .open = fixed_options(), .static_root = site.string()});
    }
    ~Site() {
        api.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    Response get(std::string target, std::string method = "GET") {
        return api->handle(Request{.method = std::move(method), .target = std::move(target)});
    }
};

}  // namespace

TEST_CASE("a front end's files are served with their types and no-cache, without a token", "[http][static]") {
    Site s;
    struct Case {
        const char* target;
        const char* type;
        std::string body;
    };
    const Case cases[] = {
        {"/", "text/html; charset=utf-8", "<!doctype html><html lang=\"es\"><title>OMIL</title></html>"},
        {"/index.html", "text/html; charset=utf-8", "<!doctype html><html lang=\"es\"><title>OMIL</title></html>"},
        {"/app.js", "text/javascript; charset=utf-8", "export const a = 1;\n"},
        {"/style.css", "text/css; charset=utf-8", "body { color: #111; }\n"},
        {"/img/logo.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"},
        {"/img/icon.png", "image/png", std::string("\x89PNG\r\n\x1a\n", 8)},
        {"/data.json", "application/json", "{\"a\":1}"},
        {"/docs/", "text/html; charset=utf-8", "<p>docs</p>"},
        {"/app.js?v=2", "text/javascript; charset=utf-8", "export const a = 1;\n"},
        {"/%61pp.js", "text/javascript; charset=utf-8", "export const a = 1;\n"},
    };
    for (const auto& c : cases) {
        INFO(c.target);
        const Response r = s.get(c.target);
        CHECK(r.status == 200);
        CHECK(r.header("Content-Type") == c.type);
        CHECK(r.header("Cache-Control") == "no-cache");
        CHECK(r.header("X-Content-Type-Options") == "nosniff");
        CHECK(r.body == c.body);
    }
    CHECK(s.get("/").header("Content-Security-Policy").find("default-src 'self'") != std::string_view::npos);
    const Response head = s.get("/app.js", "HEAD");
    CHECK(head.status == 200);
    CHECK(head.header("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(head.body.empty());
}

TEST_CASE("the API's routes keep priority over the files, and other methods are not served", "[http][static]") {
    Site s;
    write(s.site / "health", "a file called health");
    write(s.site / "v1" / "employers", "a file called employers");
    auto health = s.get("/health");
    CHECK(health.status == 200);
    CHECK(health.header("Content-Type") == "application/json");
    CHECK(health.body.find("a file") == std::string::npos);
    auto employers = s.get("/v1/employers");
    CHECK(employers.status == 401);  // the API's answer, not the file
    CHECK(employers.body.find("a file") == std::string::npos);
    CHECK(s.get("/openapi.json").body == s.api->openapi());
    // A route with another method is the API's 405, not a file.
    CHECK(s.get("/v1/interactions").status == 405);
    // Files are only read.
    for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
        INFO(method);
        CHECK(s.get("/app.js", method).status == 404);
    }
    CHECK(s.get("/missing.js").status == 404);
    CHECK(s.get("/missing.js").header("Content-Type") == "application/json");
    CHECK(s.get("/img").status == 404);   // a directory without a trailing slash
    CHECK(s.get("/img/").status == 404);  // no index.html there
}

TEST_CASE("nothing outside the directory is served: traversal, encodings, hidden files, symlinks", "[http][static]") {
    Site s;
    fs::create_symlink(s.dir / "secret.txt", s.site / "leak.txt");
    fs::create_directory_symlink(s.dir, s.site / "up");
    write(s.site / "inner.txt", "inner");
    fs::create_symlink(s.site / "inner.txt", s.site / "alias.txt");
    const char* attempts[] = {
        "/../secret.txt",
        "/img/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/img/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/img/..",
        "/.",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/%2Fetc/passwd",
        "/etc/passwd",
        "/leak.txt",
        "/up/secret.txt",
        "/.env",
        "/%2eenv",
        "/index.html%00.png",
        "/C:/Windows/win.ini",
    };
    for (const char* target : attempts) {
        INFO(target);
        const Response r = s.get(target);
        CHECK(r.status != 200);
        CHECK(r.body.find("the secret") == std::string::npos);
        CHECK(r.body.find("SECRET") == std::string::npos);
        CHECK(r.body.find("root:") == std::string::npos);
        CHECK(r.body.find("<title>OMIL") == std::string::npos);
    }
    // A link that stays inside the directory is followed (through a link that leaves and comes
    // back too: what counts is where the file is).
    CHECK(s.get("/up/site/inner.txt").body == "inner");
    CHECK(s.get("/alias.txt").status == 200);
    CHECK(s.get("/alias.txt").body == "inner");
    CHECK(s.get("/alias.txt").header("Content-Type") == "text/plain; charset=utf-8");
}

TEST_CASE("without a static root nothing is served, and a root that is not a directory is refused", "[http][static]") {
    TempFile file;
    {
        auto db = Database::open(file.str(), creating_options());
        Concon c(db);
    }
    http::Api plain({.database = file.str(), .open = fixed_options()});
    CHECK(plain.handle({.method = "GET", .target = "/"}).status == 404);
    CHECK(plain.handle({.method = "GET", .target = "/index.html"}).status == 404);
    CHECK_THROWS_AS(
        http::Api({.database = file.str(), .open = fixed_options(), .static_root = file.str() + ".no-such-dir"}),
        ValidationError);
    CHECK_THROWS_AS(http::Api({.database = file.str(), .open = fixed_options(), .static_root = file.str()}),
                    ValidationError);
}
