// The coordinator's routes of the HTTP API: a person leaving with their portfolio handed over,
// an employer's owner, cadence policies, routing rules; staff may read them but not change them.
#include <catch2/catch.hpp>

#include <omilcrm/http/api.hpp>
#include <omilcrm/json.hpp>

#include "helpers.hpp"

using namespace omilcrm;
using namespace omt;

namespace {

struct Site {
    TempFile file;
    std::string head_token, staff_token;
    Id head = 0, manager = 0, newcomer = 0, employer = 0;
    std::unique_ptr<http::Api> api;

    Site() {
        {
            auto db = Database::open(file.str(), creating_options());
            Concon c(db);
            head = c.head.meta.id;
            manager = c.manager.meta.id;
            newcomer = db.staff()
                           .add({.office_id = c.office.meta.id,
                                 .name = "Ignacio Cortés",
                                 .role = StaffRole::TerritorialManager,
                                 .started = Date(2026, 1, 5)})
                           .meta.id;
            auto e = c.employer("76.086.428-5", "Logística Gulmué SpA");
            e.owner_id = manager;
            employer = db.employers().add(e).meta.id;
            head_token = db.access().create({.staff_id = head}).secret;
            staff_token = db.access().create({.staff_id = manager}).secret;
        }
        api = std::make_unique<http::Api>(http::ApiOptions{.database = file.str(), .open = fixed_options()});
    }

    http::Response call(std::string method, std::string target, const std::string& token, std::string body = {}) {
        http::Request r{.method = std::move(method), .target = std::move(target), .body = std::move(body)};
        r.headers.emplace_back("Authorization", "Bearer " + token);
        if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
        return api->handle(r);
    }
};

}  // namespace

TEST_CASE("a coordinator hands a leaving person's portfolio over, staff cannot", "[http]") {
    Site o;
    const std::string body =
        R"({"from": )" + std::to_string(o.manager) + R"(, "to": )" + std::to_string(o.newcomer) + "}";
    CHECK(o.call("POST", "/v1/portfolio/hand-over", o.staff_token, body).status == 403);
    auto moved = o.call("POST", "/v1/portfolio/hand-over", o.head_token, body);
    REQUIRE(moved.status == 200);
    CHECK(parse_json(moved.body).at("moved") == 1);
    const auto e = parse_json(o.call("GET", "/v1/employers/" + std::to_string(o.employer), o.staff_token).body);
    CHECK(e.at("owner_id") == o.newcomer);
    const auto owners =
        parse_json(o.call("GET", "/v1/employers/" + std::to_string(o.employer) + "/owners", o.staff_token).body);
    CHECK(owners.as_array().size() == 2);

    auto left =
        o.call("POST", "/v1/staff/" + std::to_string(o.manager) + "/leave", o.head_token, R"({"on": "2026-11-23"})");
    REQUIRE(left.status == 200);
    CHECK(parse_json(left.body).at("left") == "2026-11-23");
    // Someone who left cannot sign in any more.
    CHECK(o.call("GET", "/v1/me", o.staff_token).status == 401);
}

TEST_CASE("an owner must be of the office, and cadence policies and routing rules", "[http]") {
    Site o;
    auto bad =
        o.call("POST", "/v1/employers/" + std::to_string(o.employer) + "/owner", o.head_token, R"({"owner": 999})");
    CHECK(bad.status == 422);
    CHECK(parse_json(bad.body).at("error").at("field") == "owner");
    auto ok = o.call("POST", "/v1/employers/" + std::to_string(o.employer) + "/owner", o.head_token,
                     R"({"owner": )" + std::to_string(o.newcomer) + "}");
    REQUIRE(ok.status == 200);
    CHECK(parse_json(ok.body).at("owner_id") == o.newcomer);

    CHECK(o.call("POST", "/v1/cadence-policies", o.staff_token, R"({"interval_days": 30})").status == 403);
    auto policy = o.call("POST", "/v1/cadence-policies", o.head_token, R"({"interval_days": 30, "name": "Mensual"})");
    REQUIRE(policy.status == 201);
    CHECK(parse_json(o.call("GET", "/v1/cadence-policies", o.staff_token).body).as_array().size() >= 1);
    CHECK(o.call("POST", "/v1/cadence-policies", o.head_token, R"({"interval_days": -3})").status == 422);
    CHECK(o.call("GET", "/v1/routing-rules", o.staff_token).status == 200);
}

TEST_CASE("CORS: the origins allowed get the headers, others none", "[http]") {
    TempFile file;
    { Database::open(file.str(), creating_options()); }
    http::Api api({.database = file.str(), .open = fixed_options(), .cors_origins = {"https://crm.concon.cl"}});
    auto from = [&](std::string method, std::string origin) {
        return api.handle({.method = std::move(method),
                           .target = "/v1/employers",
                           .headers = {{"Origin", std::move(origin)}, {"Access-Control-Request-Method", "POST"}}});
    };
    const auto allowed = from("GET", "https://crm.concon.cl");
    CHECK(allowed.status == 401);  // CORS says who may read the answer; the token still decides
    CHECK(allowed.header("Access-Control-Allow-Origin") == "https://crm.concon.cl");
    CHECK(allowed.header("Vary") == "Origin");
    CHECK(from("GET", "https://evil.example").header("Access-Control-Allow-Origin").empty());
    const auto preflight = from("OPTIONS", "https://crm.concon.cl");
    CHECK(preflight.status == 204);
    CHECK(preflight.header("Access-Control-Allow-Headers").find("If-Match") != std::string_view::npos);
    CHECK(preflight.header("Access-Control-Allow-Origin") == "https://crm.concon.cl");

    http::Api any({.database = file.str(), .open = fixed_options(), .cors_origins = {"*"}});
    CHECK(any.handle({.method = "GET", .target = "/health", .headers = {{"Origin", "http://localhost:5173"}}})
              .header("Access-Control-Allow-Origin") == "*");
    http::Api none({.database = file.str(), .open = fixed_options()});
    CHECK(none.handle({.method = "GET", .target = "/health", .headers = {{"Origin", "http://localhost:5173"}}})
              .header("Access-Control-Allow-Origin")
              .empty());
}
