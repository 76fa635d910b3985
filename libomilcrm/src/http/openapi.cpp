// The OpenAPI 3.1 document, written from the same route declarations that dispatch requests.
#include "http/openapi.hpp"

#include <algorithm>
#include <cctype>

#include "omilcrm/version.hpp"

namespace omilcrm::http::detail {

namespace {

boost::json::object json_content(boost::json::value schema) {
    return {{"application/json", {{"schema", std::move(schema)}}}};
}

boost::json::object error_reply(std::string_view description) {
    return {{"description", description},
            {"content", json_content(boost::json::object{{"$ref", "#/components/schemas/Error"}})}};
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

boost::json::object openapi_document(const Routes& routes) {
    boost::json::object paths;
    for (const auto& r : routes.list) {
        if (!r.documented) continue;
        boost::json::object op{
            {"operationId", r.operation}, {"summary", r.summary}, {"tags", boost::json::array{r.tag}}};
        boost::json::array params;
        for (const auto& p : r.params) {
            boost::json::object o{{"name", p.name}, {"in", p.in}, {"required", p.required}, {"schema", p.schema}};
            if (!p.description.empty()) o["description"] = p.description;
            params.push_back(std::move(o));
        }
        if (r.write && r.etag)
            params.push_back(boost::json::object{
                {"name", "If-Match"},
                {"in", "header"},
                {"required", false},
                {"schema", {{"type", "string"}}},
                {"description", "the ETag the record had when it was read: a stale one is refused with 412"}});
        if (!params.empty()) op["parameters"] = std::move(params);
        if (r.body) op["requestBody"] = boost::json::object{{"required", true}, {"content", json_content(*r.body)}};
        if (!r.body_types.empty()) {
            boost::json::object content;
            for (const auto& type : r.body_types)
                content[type] = boost::json::object{{"schema", {{"type", "string"}, {"format", "binary"}}}};
            op["requestBody"] = boost::json::object{{"required", true}, {"content", std::move(content)}};
        }

        boost::json::object ok{{"description", "success"}};
        if (r.status != 204) {
            if (r.content_type == "application/json") ok["content"] = json_content(r.response);
            else ok["content"] = boost::json::object{{r.content_type, {{"schema", r.response}}}};
        }
        if (r.etag && r.status != 204)
            ok["headers"] = boost::json::object{
                {"ETag", {{"description", "the record's version, for If-Match"}, {"schema", {{"type", "string"}}}}}};
        boost::json::object responses{{std::to_string(r.status), std::move(ok)}};
        if (r.signed_in) {
            responses["401"] = error_reply("no valid token");
            responses["403"] = error_reply("the token may not do this");
        }
        responses["400"] = error_reply("the request cannot be read (not JSON)");
        responses["404"] = error_reply("no such record (or not the caller's office's)");
        responses["422"] = error_reply("a field or parameter is invalid: the error names it");
        if (r.write) {
            responses["409"] = error_reply("the change conflicts with the records' state");
            responses["413"] = error_reply("the body is too large");
            responses["415"] =
                error_reply(r.body_types.empty() ? "the body is not JSON" : "the body is of another type");
        }
        if (r.write && r.etag) responses["412"] = error_reply("If-Match does not match: the record changed");
        responses["503"] = error_reply("the database is busy or failing: nothing was changed");
        for (const auto& [status, why] : r.errors) responses[std::to_string(status)] = error_reply(why);
        op["responses"] = std::move(responses);
        if (!r.signed_in) op["security"] = boost::json::array{};

        auto& item = paths[r.path];
        if (item.is_null()) item = boost::json::object{};
        item.as_object()[lower(r.method)] = std::move(op);
    }

    boost::json::object schemas = routes.schemas.components;
    schemas["Error"] = error_schema();
    return {{"openapi", "3.1.0"},
            {"info",
             {{"title", "omilcrm"},
              {"version", std::string(omilcrm::version())},
              {"description", "The employer-relationship API of a municipal employment office (OMIL)."}}},
            {"servers", boost::json::array{boost::json::object{{"url", "/"}}}},
            {"security", boost::json::array{boost::json::object{{"bearer", boost::json::array{}}}}},
            {"paths", std::move(paths)},
            {"components",
             {{"schemas", std::move(schemas)},
              {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace omilcrm::http::detail
