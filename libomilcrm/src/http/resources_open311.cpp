// Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests (GET
// with the spec's filters, POST) and one request, each as .json and .xml. The answers are the
// library's (omilcrm/open311.hpp); here are the HTTP rules. Discovery, services and definitions
// need no key. Reading requests needs an api_key (or a bearer token) allowed to read them, unless
// the server makes them public (ApiOptions::open311_public). Filing one needs an api_key allowed
// to write them, of the office the jurisdiction names. Every error is in the spec's shape and the
// format asked for. The specification (and docs/open311.md) documents these paths, not
// /openapi.json.
#include "http/resources.hpp"
#include "omilcrm/open311.hpp"
#include "text.hpp"

namespace omilcrm::http::detail {

namespace {

Response of(const Open311Response& r) {
    Response out;
    out.status = r.status;
    out.body = r.body;
    out.set_header("Content-Type", r.content_type);
    return out;
}

// The spec's error shape for an error of the HTTP layer (a key, a jurisdiction).
Response spec_error(int status, const std::string& description, Open311Format format) {
    return of(open311::error(status, description, format));
}

// The query's fields, in order ("a=1&a=2" twice).
Open311Fields query_of(const Context& ctx) {
    const auto& target = ctx.request.target;
    const auto q = target.find('?');
    return q == std::string::npos ? Open311Fields{} : open311::parse_form(std::string_view(target).substr(q + 1));
}

std::string value_of(const Open311Fields& fields, std::string_view name) {
    std::string out;
    for (const auto& [k, v] : fields)
        if (k == name) out = v;
    return out;
}

// The caller's key: api_key in the query or the form, or a bearer token.
std::string key_of(const Context& ctx, const Open311Fields& fields) {
    std::string key = value_of(fields, "api_key");
    const std::string_view auth = ctx.request.header("Authorization");
    if (key.empty() && auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer "))
        key = std::string(auth.substr(7));
    return key;
}

// Why `key` may not read (or, with `write`, file) service requests of `office`; "" when it may.
std::string refusal(Context& ctx, const std::string& key, Id office, bool write) {
    const std::string doing = write ? "file" : "read";
    if (key.empty()) return "api_key is required to " + doing + " service requests";
    const auto principal = ctx.db.access().authenticate(key);
    if (!principal) return "api_key is not valid";
    if (!principal->allows("requests", write)) return "api_key may not " + doing + " service requests";
    if (!principal->sees_office(office)) return "api_key is not for this jurisdiction";
    return {};
}

// Where this server is reached, as the client called it ("https://omil.concon.cl").
std::string origin_of(const Context& ctx) {
    const bool https = ctx.request.header("X-Forwarded-Proto") == "https";
    return std::string(https ? "https://" : "http://") + std::string(ctx.request.header("Host"));
}

// Where the photos kept with requests are served (GET /open311/v2/media/{uuid}).
std::string media_base(const Context& ctx) { return origin_of(ctx) + "/open311/v2/media"; }

}  // namespace

void add_open311_routes(Routes& r, bool public_requests) {
    for (const auto format : {Open311Format::Json, Open311Format::Xml}) {
        const std::string ext = "." + std::string(to_string(format));
        const std::string type = format == Open311Format::Json ? "application/json" : "text/xml";
        auto route = [&](std::string method, std::string path, std::string operation, std::string summary) {
            return Route{.method = std::move(method),
                         .path = "/open311/v2/" + path + ext,
                         .operation = operation + (format == Open311Format::Json ? "Json" : "Xml"),
                         .summary = std::move(summary),
                         .tag = "open311",
                         .signed_in = false,
                         .documented = false,
                         .content_type = type};
        };
        // The office the request's jurisdiction_id names (the file's only office when none), or
        // the spec's 404.
        auto office_of = [](Context& ctx, const Open311Fields& fields) -> std::optional<Id> {
            const auto office = ctx.db.open311().jurisdiction(value_of(fields, "jurisdiction_id"));
            if (!office) return std::nullopt;
            return office;
        };
        auto no_jurisdiction = [format](const Open311Fields& fields) {
            const std::string given = value_of(fields, "jurisdiction_id");
            return spec_error(404,
                              given.empty()
                                  ? "jurisdiction_id is required: this server answers for several offices"
                                  : "jurisdiction_id " + omilcrm::detail::printable(given) + " is not served here",
                              format);
        };
        // Reads the query, then answers for the office it names; a query that is not a query is
        // 400. With `keyed`, the caller's key must be allowed to read the office's requests.
        auto get = [=](auto answer, bool keyed = false) {
            return [=](Context& ctx) {
                Open311Fields query;
                try {
                    query = query_of(ctx);
                } catch (const ValidationError& e) {
                    return spec_error(400, e.what(), format);
                }
                const auto office = office_of(ctx, query);
                if (!office) return no_jurisdiction(query);
                if (keyed) {
                    if (const auto why = refusal(ctx, key_of(ctx, query), *office, false); !why.empty())
                        return spec_error(403, why, format);
                }
                return of(answer(ctx, *office, query));
            };
        };

        Route discovery = route("GET", "discovery", "open311Discovery", "GeoReport v2 service discovery");
        discovery.handler = [format](Context& ctx) {
            return of(ctx.db.open311().discovery(origin_of(ctx) + "/open311/v2", std::nullopt, format));
        };
        r.add(std::move(discovery));

        Route services = route("GET", "services", "open311Services", "The services a request may be filed for");
        services.handler = get([format](Context& ctx, Id office, const Open311Fields&) {
            return ctx.db.open311().services(office, format);
        });
        r.add(std::move(services));

        Route definition =
            route("GET", "services/{service_code}", "open311ServiceDefinition", "A service's attributes, typed");
        definition.handler = get([format](Context& ctx, Id office, const Open311Fields&) {
            return ctx.db.open311().service_definition(office, ctx.path("service_code"), format);
        });
        r.add(std::move(definition));

        Route list = route("GET", "requests", "open311Requests", "Service requests, with the spec's filters");
        list.handler = get(
            [format](Context& ctx, Id office, const Open311Fields& query) {
                return ctx.db.open311().requests(office, query, format, media_base(ctx));
            },
            !public_requests);
        r.add(std::move(list));

        Route one = route("GET", "requests/{service_request_id}", "open311Request", "One service request");
        one.handler = get(
            [format](Context& ctx, Id office, const Open311Fields&) {
                return ctx.db.open311().request(office, ctx.path("service_request_id"), format, media_base(ctx));
            },
            !public_requests);
        r.add(std::move(one));

        Route create = route("POST", "requests", "open311CreateRequest", "File a service request (api_key)");
        create.write = true;
        create.handler = [=](Context& ctx) {
            Open311Fields fields;
            try {
                fields = open311::parse_form(ctx.request.body);
            } catch (const ValidationError& e) {
                return spec_error(400, e.what(), format);
            }
            // jurisdiction_id and api_key may come in the query too.
            for (auto& f : query_of(ctx)) fields.push_back(std::move(f));
            const auto office = office_of(ctx, fields);
            if (!office) return no_jurisdiction(fields);
            const std::string key = key_of(ctx, fields);
            if (const auto why = refusal(ctx, key, *office, true); !why.empty()) return spec_error(403, why, format);
            const auto principal = ctx.db.access().authenticate(key);
            auto tx = ctx.db.transaction();
            auto acting = ctx.db.access().act_as(Actor::of(*principal));
            const Open311Response answer = ctx.db.open311().create(*office, fields, format);
            if (answer.status == 201) {
                AuditEntry e;
                e.action = "create";
                e.resource = "requests";
                e.office_id = *office;
                e.detail = "POST /open311/v2/requests" + ext;
                ctx.db.access().record(e);
            }
            tx.commit();
            Response out = of(answer);
            out.actor = Actor::of(*principal).display();
            return out;
        };
        r.add(std::move(create));
    }

    // A photo kept with a request (a request's media_url points here): its bytes with their type.
    // As public as the requests it belongs to: without --open311-public, the key that may read the
    // office's requests (api_key or a bearer token). jurisdiction_id, when given, must name the
    // photo's office; the URL a request reads carries none, so without one the photo's UUID is
    // enough (the file's only office's, or any office's of a file that serves several).
    r.add({.method = "GET",
           .path = "/open311/v2/media/{photo_uuid}",
           .operation = "open311Media",
           .summary = "A photo kept with a service request",
           .tag = "open311",
           .signed_in = false,
           .documented = false,
           .content_type = "image/jpeg",
           .handler = [public_requests](Context& ctx) {
               const auto format = Open311Format::Json;
               Open311Fields query;
               try {
                   query = query_of(ctx);
               } catch (const ValidationError& e) {
                   return spec_error(400, e.what(), format);
               }
               const std::string& uuid = ctx.path("photo_uuid");
               const std::string given = value_of(query, "jurisdiction_id");
               std::vector<Id> offices;
               if (const auto office = ctx.db.open311().jurisdiction(given)) offices.push_back(*office);
               else if (!given.empty())
                   return spec_error(
                       404, "jurisdiction_id " + omilcrm::detail::printable(given) + " is not served here", format);
               else
                   for (const auto& o : ctx.db.offices().list()) offices.push_back(o.meta.id);
               for (const Id office : offices) {
                   auto found = ctx.db.requests().photo(office, uuid);
                   if (!found) continue;
                   if (!public_requests) {
                       if (const auto why = refusal(ctx, key_of(ctx, query), office, false); !why.empty())
                           return spec_error(403, why, format);
                   }
                   Response out;
                   out.body = std::move(found->bytes);
                   out.set_header("Content-Type", found->photo.content_type);
                   out.set_header("X-Content-Type-Options", "nosniff");
                   out.set_header("Cache-Control", "public, max-age=86400");
                   return out;
               }
               return spec_error(
                   404, "media " + omilcrm::detail::printable(uuid) + " is not a photo of this jurisdiction", format);
           }});
}

}  // namespace omilcrm::http::detail
