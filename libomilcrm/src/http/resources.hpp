#pragma once
// What the resource files share: small schemas, office checks on the records a request names,
// and sorting by a query key.
#include <algorithm>
#include <functional>
#include <limits>

#include "http/router.hpp"

namespace omilcrm::http::detail {

inline constexpr Id kMaxId = std::numeric_limits<Id>::max();

inline boost::json::object integer() { return {{"type", "integer"}}; }
inline boost::json::object text() { return {{"type", "string"}}; }
inline boost::json::object date() { return {{"type", "string"}, {"format", "date"}}; }
inline boost::json::object boolean() { return {{"type", "boolean"}}; }
template <NamedEnum E>
boost::json::object one_of() {
    boost::json::array names;
    for (auto n : EnumNames<E>::names) names.push_back(boost::json::string(n));
    return {{"type", "string"}, {"enum", std::move(names)}};
}
/// `params` with the path's {id} first.
std::vector<Param> with_id(std::vector<Param> params);

/// What a request body's schema changes from R's input schema.
struct BodyRules {
    /// Fields the handler fills in when the body leaves them out (the caller's office, the record
    /// of the URL, today): not required.
    std::vector<std::string_view> filled{};
    /// Fields the library requires although R's declaration does not mark them.
    std::vector<std::string_view> required{};
};
/// {"$ref": ...} to R's input schema, registered under `name` with `rules` applied.
template <DescribedRecord R>
boost::json::object body_ref(Schemas& s, std::string_view name, const BodyRules& rules) {
    auto ref = record_ref<R>(s, name, true);
    auto& schema = s.components[name].as_object();
    boost::json::array required;
    if (const auto* old = schema.if_contains("required"))
        for (const auto& f : old->as_array())
            if (std::find(rules.filled.begin(), rules.filled.end(), f.as_string()) == rules.filled.end())
                required.push_back(f);
    for (const auto f : rules.required) required.push_back(boost::json::string(f));
    if (required.empty()) schema.erase("required");
    else schema["required"] = std::move(required);
    return ref;
}
/// The request's body with `defaults` set where it leaves them out or gives null (a body that is
/// not an object is left as it is, for from_json to refuse).
boost::json::value body_with(const Context& ctx,
                             std::initializer_list<std::pair<std::string_view, boost::json::value>> defaults);

/// The employer `id` when it is the caller's office's; 404 otherwise (the URL names it).
Employer own_employer(Context& ctx, Id id);
StaffMember own_staff(Context& ctx, Id id);
/// The job seeker `id` when they are the caller's office's; 404 otherwise.
JobSeeker own_seeker(Context& ctx, Id id);
/// The contact `id` when its employer is the caller's office's; 404 otherwise.
Contact own_contact(Context& ctx, Id id);
/// A body's reference to a record: 422 naming `field` unless it is the caller's office's (a
/// record of another office reads as one that does not exist).
void check_own_employer(Context& ctx, std::string_view field, Id id);
void check_own_staff(Context& ctx, std::string_view field, Id id);
void check_own_seeker(Context& ctx, std::string_view field, Id id);
void check_own_contact(Context& ctx, std::string_view field, Id id);
/// Who acts in a request's history: `by` when given (a staff member of the office), else the
/// caller's staff member; 422 naming "by" for a key that has none.
Id acting_staff(Context& ctx, std::optional<Id> by);

/// A record action's handler: reads body B, reads the URL's record with `own` (404 when it is not
/// the caller's office's), checks If-Match against it and applies `act` in one write.
template <class B, class Own, class F>
std::function<Response(Context&)> action(std::string name, Own own, F act) {
    return [name, own, act](Context& ctx) {
        const auto body = ctx.body_as<B>("body");
        const Id id = ctx.path_id();
        return record_response(ctx.write(name, [&] {
            ctx.check_if_match(record_etag(own(ctx, id)));
            return act(ctx, id, body);
        }));
    };
}

/// Sorts by the query's sort key ("name" or "-name" for reverse), `default_key` when none;
/// 422 naming "sort" for a key not in `keys`.
template <class R>
void sort_by(Context& ctx, std::vector<R>& rows,
             const std::vector<std::pair<std::string_view, std::function<bool(const R&, const R&)>>>& keys,
             std::string_view default_key) {
    const auto asked = ctx.query("sort");
    std::string key = asked.value_or(std::string(default_key));
    const bool reverse = !key.empty() && key.front() == '-';
    if (reverse) key.erase(0, 1);
    for (const auto& [name, less] : keys) {
        if (name != key) continue;
        std::stable_sort(rows.begin(), rows.end(),
                         [&](const R& a, const R& b) { return reverse ? less(b, a) : less(a, b); });
        return;
    }
    throw HttpError{422, "cannot sort by this", "sort", asked.value_or("")};
}

void add_request_routes(Routes& r);
void add_work_routes(Routes& r);
void add_outreach_routes(Routes& r);
void add_coordination_routes(Routes& r);
void add_rights_routes(Routes& r);
/// /unsubscribe/{token}: the page of a message's unsubscribe link and its POST (no login).
void add_unsubscribe_routes(Routes& r);
/// Open311 GeoReport v2 at /open311/v2/ (resources_open311.cpp); `public_requests`: the
/// requests are read without a key (ApiOptions::open311_public).
void add_open311_routes(Routes& r, bool public_requests);

}  // namespace omilcrm::http::detail
