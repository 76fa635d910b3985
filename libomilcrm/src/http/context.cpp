// What handlers share: reading a request's parameters and body, office scoping, ETags, pages.
#include <charconv>

#include "http/router.hpp"
#include "text.hpp"

namespace omilcrm::http::detail {

boost::json::object nullable(boost::json::object s) {
    if (auto* t = s.if_contains("type"); t && t->is_string()) {
        boost::json::array types{*t, "null"};
        s["type"] = std::move(types);
        if (auto* e = s.if_contains("enum"); e && e->is_array()) e->as_array().push_back(nullptr);
        return s;
    }
    return {{"anyOf", boost::json::array{std::move(s), boost::json::object{{"type", "null"}}}}};
}

boost::json::object error_schema() {
    boost::json::object e{{"type", "object"},
                          {"properties",
                           {{"status", {{"type", "integer"}}},
                            {"message", {{"type", "string"}}},
                            {"field", {{"type", "string"}}},
                            {"value", {{"type", "string"}}}}},
                          {"required", boost::json::array{"status", "message"}}};
    return {{"type", "object"}, {"properties", {{"error", std::move(e)}}}, {"required", boost::json::array{"error"}}};
}

boost::json::object page_schema(boost::json::value item) {
    return {{"type", "object"},
            {"properties",
             {{"items", {{"type", "array"}, {"items", std::move(item)}}},
              {"total", {{"type", "integer"}}},
              {"limit", {{"type", "integer"}}},
              {"offset", {{"type", "integer"}}}}},
            {"required", boost::json::array{"items", "total", "limit", "offset"}}};
}

boost::json::object rows_schema() { return {{"type", "array"}, {"items", {{"type", "object"}}}}; }

Param id_param(std::string name, std::string description) {
    return {std::move(name), "path", {{"type", "integer"}}, std::move(description), true};
}

Param query_param(std::string name, boost::json::object schema, std::string description, bool required) {
    return {std::move(name), "query", std::move(schema), std::move(description), required};
}

std::vector<Param> page_params(std::vector<std::string> sort_keys) {
    std::vector<Param> out{
        query_param("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}, "rows per page (default 50)"),
        query_param("offset", {{"type", "integer"}, {"minimum", 0}}, "rows to skip (default 0)")};
    if (!sort_keys.empty()) {
        boost::json::array keys;
        for (const auto& k : sort_keys) {
            keys.push_back(boost::json::string(k));
            keys.push_back(boost::json::string("-" + k));
        }
        out.push_back(query_param("sort", {{"type", "string"}, {"enum", std::move(keys)}},
                                  "the field to sort by; a leading '-' sorts in reverse"));
    }
    return out;
}

const Caller& Context::caller() const {
    if (!caller_) throw HttpError{401, "a valid token is required"};
    return *caller_;
}

Id Context::office() const {
    const auto& c = caller();
    if (!c.office_id) throw HttpError{404, "this token belongs to no office"};
    return *c.office_id;
}

void Context::check_office(Id office_id) const {
    if (!caller().office_id || *caller().office_id != office_id) throw HttpError{404, "no such record"};
}

Id Context::path_id(const std::string& name) const {
    const std::string& text = path(name);
    Id id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) throw HttpError{404, "no such record"};
    return id;
}

const std::string& Context::path(const std::string& name) const {
    static const std::string none;
    auto it = path_.find(name);
    return it == path_.end() ? none : it->second;
}

std::optional<std::string> Context::query(const std::string& name) const {
    const auto [first, last] = query_.equal_range(name);
    if (first == last) return std::nullopt;
    if (std::next(first) != last) throw HttpError{422, "the parameter is given more than once", name, first->second};
    omilcrm::detail::check_text(name.c_str(), first->second, 4096);
    return first->second;
}

std::optional<std::int64_t> Context::query_int(const std::string& name, std::int64_t min, std::int64_t max) const {
    const auto text = query(name);
    if (!text) return std::nullopt;
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc{} || end != text->data() + text->size())
        throw HttpError{422, "expected an integer", name, *text};
    if (v < min || v > max)
        throw HttpError{422, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max), name,
                        *text};
    return v;
}

std::optional<Date> Context::query_date(const std::string& name) const {
    const auto text = query(name);
    if (!text) return std::nullopt;
    return Date::parse(*text, name);
}

std::optional<bool> Context::query_bool(const std::string& name) const {
    const auto text = query(name);
    if (!text) return std::nullopt;
    if (*text == "true" || *text == "1") return true;
    if (*text == "false" || *text == "0") return false;
    throw HttpError{422, "expected true or false", name, *text};
}

const boost::json::value& Context::body() const {
    if (!body_) {
        const std::string_view type = request.header("Content-Type");
        if (!type.empty() && type.substr(0, 16) != "application/json")
            throw HttpError{415, "the body must be application/json"};
        if (request.body.empty()) throw HttpError{422, "a JSON body is required", "body", ""};
        try {
            body_ = parse_json(request.body, "body");
        } catch (const ValidationError& e) {
            throw HttpError{400, e.what(), e.field(), e.value()};
        }
    }
    return *body_;
}

void Context::check_if_match(const std::string& current_etag) const {
    const std::string_view want = request.header("If-Match");
    if (want.empty() || want == "*") return;
    // A list of ETags, any of which will do; weak ones compare by their opaque part.
    for (auto item : omilcrm::detail::split(want, ',')) {
        item = omilcrm::detail::trim(item);
        if (item.substr(0, 2) == "W/") item.remove_prefix(2);
        if (item == current_etag) return;
    }
    throw HttpError{412, "the record changed since it was read (its ETag is now " + current_etag + ")"};
}

ActingAs Context::act_as() { return db.access().act_as(Actor::of(caller())); }

void Context::audit(std::string_view action, Id record_id) {
    AuditEntry e;
    e.action = std::string(action);
    e.resource = route.resource;
    if (record_id) e.record_id = record_id;
    e.office_id = caller().office_id;
    e.detail = request.method + " " + request.target.substr(0, request.target.find('?'));
    db.access().record(e);
}

std::string etag_of(std::string_view json) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, 64 bits
    for (unsigned char c : json) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

Response json_response(const boost::json::value& v, int status) {
    Response r;
    r.status = status;
    r.body = json_text(v);
    r.set_header("Content-Type", "application/json");
    return r;
}

std::pair<std::size_t, std::size_t> page_of(const Context& ctx) {
    const auto limit = ctx.query_int("limit", 1, 1000).value_or(50);
    const auto offset = ctx.query_int("offset", 0, std::numeric_limits<std::int32_t>::max()).value_or(0);
    return {static_cast<std::size_t>(limit), static_cast<std::size_t>(offset)};
}

Response page_response(const Context& ctx, boost::json::array items, std::size_t total) {
    const auto [limit, offset] = page_of(ctx);
    boost::json::array page;
    for (std::size_t i = offset; i < items.size() && i < offset + limit; ++i) page.push_back(std::move(items[i]));
    return json_response(
        boost::json::object{{"items", std::move(page)}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

Response table_page(const Context& ctx, const Table& t) {
    const auto [limit, offset] = page_of(ctx);
    return json_response(boost::json::object{
        {"items", table_json(t, offset, limit)}, {"total", t.rows()}, {"limit", limit}, {"offset", offset}});
}

}  // namespace omilcrm::http::detail
