// What every client needs first: /health, the OpenAPI document, and who the token is.
#include "http/router.hpp"
#include "omilcrm/version.hpp"

namespace omilcrm::http::detail {

void add_system_routes(Routes& r, std::shared_ptr<const std::string> openapi) {
    using boost::json::object;
    r.add({.method = "GET",
           .path = "/health",
           .operation = "health",
           .summary = "Whether the server can read its database (for load balancers and monitors)",
           .tag = "system",
           .signed_in = false,
           .response = object{{"type", "object"},
                              {"properties",
                               {{"status", {{"type", "string"}}},
                                {"version", {{"type", "string"}}},
                                {"schema_version", {{"type", "integer"}}}}},
                              {"required", boost::json::array{"status", "version", "schema_version"}}},
           .handler = [](Context& ctx) {
               return json_response(object{{"status", "ok"},
                                           {"version", std::string(omilcrm::version())},
                                           {"schema_version", ctx.db.schema_version()}});
           }});
    r.add({.method = "GET",
           .path = "/openapi.json",
           .operation = "openapi",
           .summary = "This API's OpenAPI 3.1 document",
           .tag = "system",
           .signed_in = false,
           .response = object{{"type", "object"}},
           .handler = [openapi](Context&) {
               Response out;
               out.body = *openapi;
               out.set_header("Content-Type", "application/json");
               return out;
           }});
    r.add({.method = "GET",
           .path = "/v1/me",
           .operation = "whoAmI",
           .summary = "The caller: the token's name, office, staff member, role and reach",
           .tag = "system",
           .response = record_ref<Principal>(r.schemas, "Principal"),
           .handler = [](Context& ctx) { return json_response(to_json(ctx.caller())); }});
}

}  // namespace omilcrm::http::detail
