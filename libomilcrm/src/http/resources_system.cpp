// What every client needs first: /health, the OpenAPI document, who the token is, and the
// reference data forms pick from (economic activities).
#include "http/resources.hpp"
#include "http/router.hpp"
#include "omilcrm/ciiu.hpp"
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
    const object activity{{"type", "object"},
                          {"properties",
                           {{"code", {{"type", "string"}}},
                            {"level", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}},
                            {"label", {{"type", "string"}}},
                            {"section", {{"type", "string"}}}}},
                          {"required", boost::json::array{"code", "level", "label", "section"}}};
    r.add({.method = "GET",
           .path = "/v1/activities",
           .operation = "listActivities",
           .summary = "CIIU4.CL 2012 economic activities (an employer's `activity`): those whose label holds "
                      "every word of q, deepest first, or the whole classification or one level of it",
           .tag = "reference",
           .params = {query_param("q", text(), "words of the label, accents and case ignored (at most 50 found)"),
                      query_param("level", integer(), "1 section, 2 division, 3 group, 4 class, 5 subclass")},
           .response = object{{"type", "array"}, {"items", activity}},
           .handler = [](Context& ctx) {
               const auto q = ctx.query("q");
               const auto level = ctx.query_int("level", 1, 5);
               std::vector<const Activity*> found;
               if (q) {
                   found = ciiu::search(*q, 50);
               } else {
                   for (const Activity& a : ciiu::all()) found.push_back(&a);
               }
               boost::json::array out;
               for (const Activity* a : found)
                   if (!level || a->level == *level)
                       out.push_back(object{
                           {"code", a->code}, {"level", a->level}, {"label", a->label}, {"section", a->section}});
               return json_response(std::move(out));
           }});
}

}  // namespace omilcrm::http::detail
