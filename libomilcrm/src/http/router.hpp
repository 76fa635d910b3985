#pragma once
// The API's routes: each one declared once, with what it reads (parameters, body schema) and
// what it answers (status, response schema); the same declaration dispatches requests and
// writes the OpenAPI document (openapi.cpp). Handlers live in resources_*.cpp, one file per
// area, and see a Context: the caller, the path and query parameters, the body, and a Database.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "omilcrm/access.hpp"
#include "omilcrm/http/api.hpp"
#include "omilcrm/json.hpp"

namespace omilcrm::http::detail {

/// A response with a status other than the route's, thrown by a handler (404, 412, ...).
struct HttpError {
    int status = 400;
    std::string message{};
    std::string field{};
    std::string value{};
};

/// Who calls: the signed-in token's principal.
using Caller = Principal;

// ---- JSON Schema of records and values ------------------------------------------------------

/// Components (#/components/schemas/Name) collected while the routes are declared.
struct Schemas {
    boost::json::object components{};
};

boost::json::object nullable(boost::json::object s);
boost::json::object error_schema();
/// {"items": [...], "total", "limit", "offset"} around `item`.
boost::json::object page_schema(boost::json::value item);
/// Rows of a table whose columns are not declared: objects with any keys.
boost::json::object rows_schema();

template <class T, class Ref = NoRecord>
boost::json::object value_schema(Schemas& s);

/// The object schema of record R; `input` marks only the required fields as required (a request
/// body), otherwise every field is (a response always carries every field).
template <DescribedRecord R>
boost::json::object record_schema(Schemas& s, bool input) {
    boost::json::object props;
    boost::json::array required;
    for_each_field<R>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        using T = typename F::value_type;
        if constexpr (std::is_same_v<T, RecordMeta>) {
            props["id"] = boost::json::object{{"type", "integer"}};
            props["uuid"] = boost::json::object{{"type", "string"}};
            props["created_at"] = boost::json::object{{"type", "string"}, {"format", "date-time"}};
            props["updated_at"] = boost::json::object{{"type", "string"}, {"format", "date-time"}};
            if (!input)
                for (const char* k : {"id", "uuid", "created_at", "updated_at"})
                    required.push_back(boost::json::string(k));
        } else {
            props[f.name] = value_schema<T, typename F::refers_to>(s);
            if (!input || f.is_required) required.push_back(boost::json::string(f.name));
        }
    });
    boost::json::object out{{"type", "object"}, {"properties", std::move(props)}, {"additionalProperties", false}};
    if (!required.empty()) out["required"] = std::move(required);
    return out;
}

/// {"$ref": ...} to R's schema, registered under `name` the first time.
template <DescribedRecord R>
boost::json::object record_ref(Schemas& s, std::string_view name, bool input = false) {
    if (!s.components.contains(name)) {
        s.components[name] = nullptr;  // taken, in case R refers to itself
        s.components[name] = record_schema<R>(s, input);
    }
    return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

template <class T>
using is_optional_value = omilcrm::detail::is_optional_field<T>;
template <class T>
using is_vector_value = omilcrm::detail::is_vector_field<T>;

template <class T, class Ref>
boost::json::object value_schema(Schemas& s) {
    using boost::json::object;
    if constexpr (is_optional_value<T>::value) {
        return nullable(value_schema<typename T::value_type, Ref>(s));
    } else if constexpr (std::is_same_v<Ref, TimeOfDay>) {
        return {{"type", "string"}, {"pattern", "^[0-9]{1,2}:[0-9]{2}$"}, {"examples", boost::json::array{"09:30"}}};
    } else if constexpr (std::is_same_v<T, bool>) {
        return {{"type", "boolean"}};
    } else if constexpr (std::is_integral_v<T>) {
        return {{"type", "integer"}};
    } else if constexpr (std::is_floating_point_v<T>) {
        return {{"type", "number"}};
    } else if constexpr (std::is_same_v<T, Date>) {
        return {{"type", "string"}, {"format", "date"}};
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        return {{"type", "string"}, {"format", "date-time"}};
    } else if constexpr (NamedEnum<T>) {
        boost::json::array names;
        for (auto n : EnumNames<T>::names) names.push_back(boost::json::string(n));
        return {{"type", "string"}, {"enum", std::move(names)}};
    } else if constexpr (DescribedRecord<T>) {
        return record_schema<T>(s, false);
    } else if constexpr (is_vector_value<T>::value) {
        return {{"type", "array"}, {"items", value_schema<typename T::value_type, Ref>(s)}};
    } else {
        return {{"type", "string"}};  // text, RUTs, visiting hours, recurrences
    }
}

// ---- Routes --------------------------------------------------------------------------------

struct Param {
    std::string name{};
    std::string in = "query";  ///< "path" or "query"
    boost::json::object schema{{"type", "string"}};
    std::string description{};
    bool required = false;
};

class Context;

struct Route {
    std::string method{};     ///< "GET"
    std::string path{};       ///< "/v1/employers/{id}"
    std::string operation{};  ///< operationId, "getEmployer"
    std::string summary{};
    std::string tag{};       ///< the group in the document ("employers")
    std::string resource{};  ///< what a token must be allowed (access rules), "employers"
    bool write = false;
    bool signed_in = true;  ///< false: open to anyone (/health, /openapi.json)
    /// false: left out of the OpenAPI document (Open311's paths, which the GeoReport v2
    /// specification documents).
    bool documented = true;
    std::vector<Param> params{};
    std::optional<boost::json::object> body{};  ///< the request body's schema
    /// Media types of a raw body (an image) the route takes instead of JSON: the document
    /// declares each with a binary string schema; the handler reads Request::body itself.
    std::vector<std::string> body_types{};
    /// The largest body the route takes, when larger than ApiOptions::max_body_bytes (0: that).
    std::size_t max_body = 0;
    int status = 200;
    boost::json::object response{};  ///< the success body's schema
    std::string content_type = "application/json";
    bool etag = false;  ///< the response carries an ETag; a write honours If-Match
    /// Error statuses the route answers for reasons of its own, with the reason (documented in
    /// place of the general description of that status).
    std::map<int, std::string> errors{};
    std::function<Response(Context&)> handler{};
};

/// The routes, and the schemas they name.
struct Routes {
    std::vector<Route> list{};
    Schemas schemas{};
    Route& add(Route r) { return list.emplace_back(std::move(r)); }
};

/// A path parameter: an integer id.
Param id_param(std::string name = "id", std::string description = "the record's id");
Param query_param(std::string name, boost::json::object schema, std::string description, bool required = false);
/// limit, offset (and sort, when `sort_keys` is not empty).
std::vector<Param> page_params(std::vector<std::string> sort_keys = {});

// ---- A request being answered ----------------------------------------------------------------

class Context {
public:
    Context(Database& db, const Request& request, const Route& route, const Caller* caller,
            std::map<std::string, std::string> path, std::multimap<std::string, std::string> query)
        : db(db), request(request), route(route), caller_(caller), path_(std::move(path)), query_(std::move(query)) {}

    Database& db;
    const Request& request;
    const Route& route;

    const Caller& caller() const;
    /// The caller's office; 404 for a caller that has none (a regional analyst).
    Id office() const;
    /// 404 unless `office_id` is the caller's office: another office's records do not exist for
    /// the caller (a 403 would tell that the id is taken).
    void check_office(Id office_id) const;

    /// The path parameter `name` as an id (404 when it is not one).
    Id path_id(const std::string& name = "id") const;
    const std::string& path(const std::string& name) const;
    /// A query parameter; 422 naming it when it is given twice or is not of the kind asked for.
    std::optional<std::string> query(const std::string& name) const;
    std::optional<std::int64_t> query_int(const std::string& name, std::int64_t min, std::int64_t max) const;
    std::optional<Date> query_date(const std::string& name) const;
    std::optional<bool> query_bool(const std::string& name) const;

    /// The body as JSON (400 when it is not JSON).
    const boost::json::value& body() const;
    /// The body as record R; 422 naming the field otherwise.
    template <DescribedRecord R>
    R body_as(std::string_view what) const {
        return from_json<R>(body(), what);
    }

    /// 412 when the request carries If-Match and it is not `current`'s ETag.
    void check_if_match(const std::string& current_etag) const;

    /// Runs `write` in one transaction holding the file's write lock, as the caller (their name
    /// goes to the change logs), with an audit entry; the If-Match check a handler makes inside it
    /// holds the same lock as the write it guards.
    template <class F>
    auto write(std::string_view action, F&& f) -> decltype(f()) {
        auto tx = db.transaction();
        auto actor = act_as();
        if constexpr (std::is_void_v<decltype(f())>) {
            f();
            audit(action, 0);
            tx.commit();
        } else {
            auto result = f();
            audit(action, result_id(result));
            tx.commit();
            return result;
        }
    }

    /// Acts as the caller for the writes made until the guard goes (write() does it itself).
    ActingAs act_as();
    /// Records an audit entry for a write made without write() (one that must run outside a
    /// transaction, as a reading of personal data does).
    void audit(std::string_view action, Id record_id);

private:
    template <class T>
    static Id result_id(const T& r) {
        if constexpr (requires { r.meta.id; }) return r.meta.id;
        else return 0;
    }

    const Caller* caller_;
    std::map<std::string, std::string> path_;
    std::multimap<std::string, std::string> query_;
    mutable std::optional<boost::json::value> body_{};
};

// ---- Responses -------------------------------------------------------------------------------

/// The ETag of a representation: a hash of its JSON text, quoted.
std::string etag_of(std::string_view json);
Response json_response(const boost::json::value& v, int status = 200);
/// A record, with its ETag.
template <DescribedRecord R>
Response record_response(const R& r, int status = 200) {
    Response out = json_response(to_json(r), status);
    out.set_header("ETag", etag_of(out.body));
    return out;
}
/// The ETag record_response gives `r`.
template <DescribedRecord R>
std::string record_etag(const R& r) {
    return etag_of(json_text(to_json(r)));
}

/// One page of `items` (already filtered and sorted) after limit/offset from the query.
Response page_response(const Context& ctx, boost::json::array items, std::size_t total);
/// limit and offset from the query (default 50, at most 1000).
std::pair<std::size_t, std::size_t> page_of(const Context& ctx);
/// One page of records, converted to JSON only for the rows on the page.
template <DescribedRecord R>
Response records_page(const Context& ctx, const std::vector<R>& rows) {
    const auto [limit, offset] = page_of(ctx);
    boost::json::array items;
    for (std::size_t i = offset; i < rows.size() && i < offset + limit; ++i) items.push_back(to_json(rows[i]));
    return json_response(
        boost::json::object{{"items", std::move(items)}, {"total", rows.size()}, {"limit", limit}, {"offset", offset}});
}
/// A page of a table's rows.
Response table_page(const Context& ctx, const Table& t);

// ---- The areas ------------------------------------------------------------------------------

/// /health, /openapi.json (the text given, written once the routes are all declared), /v1/me.
void add_system_routes(Routes& r, std::shared_ptr<const std::string> openapi);
void add_office_routes(Routes& r);

}  // namespace omilcrm::http::detail
