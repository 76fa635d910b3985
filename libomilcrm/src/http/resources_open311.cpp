// Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests (GET
// with the spec's filters, POST with an api_key) and one request, each as .json and .xml. The
// answers are the library's (omilcrm/open311.hpp); here are the spec's HTTP rules: GETs need no
// key; a POST's api_key is an access token allowed to write service requests, of the office the
// jurisdiction names; every error is in the spec's shape, in the format asked for. These paths
// are documented by the specification (and docs/open311.md), not in /openapi.json.
#include "http/resources.hpp"
#include "omilcrm/open311.hpp"

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

// Where this server is reached, as the client called it ("https://omil.concon.cl").
std::string origin_of(const Context& ctx) {
    const bool https = ctx.request.header("X-Forwarded-Proto") == "https";
    return std::string(https ? "https://" : "http://") + std::string(ctx.request.header("Host"));
}

// Where the photos kept with requests are served (GET /open311/v2/media/{uuid}).
std::string media_base(const Context& ctx) { return origin_of(ctx) + "/open311/v2/media"; }

}  // namespace

void add_open311_routes(Routes& r) {
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
                              given.empty() ? "jurisdiction_id is required: this server answers for several offices"
                                            : "jurisdiction_id " + given + " is not served here",
                              format);
        };
        // Reads the query, then answers for the office it names; a query that is not a query is 400.
        auto get = [=](auto answer) {
            return [=](Context& ctx) {
                Open311Fields query;
                try {
                    query = query_of(ctx);
                } catch (const ValidationError& e) {
                    return spec_error(400, e.what(), format);
                }
                const auto office = office_of(ctx, query);
                if (!office) return no_jurisdiction(query);
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
        list.handler = get([format](Context& ctx, Id office, const Open311Fields& query) {
            return ctx.db.open311().requests(office, query, format, media_base(ctx));
        });
        r.add(std::move(list));

        Route one = route("GET", "requests/{service_request_id}", "open311Request", "One service request");
        one.handler = get([format](Context& ctx, Id office, const Open311Fields&) {
            return ctx.db.open311().request(office, ctx.path("service_request_id"), format, media_base(ctx));
        });
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
            const std::string key = value_of(fields, "api_key");
            if (key.empty()) return spec_error(403, "api_key is required to file a request", format);
            const auto principal = ctx.db.access().authenticate(key);
            if (!principal) return spec_error(403, "api_key is not valid", format);
            if (!principal->allows("requests", true))
                return spec_error(403, "api_key may not file service requests", format);
            if (!principal->sees_office(*office))
                return spec_error(403, "api_key is not for this jurisdiction", format);
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
    // Public, as the other GETs; jurisdiction_id, when given, must name the photo's office. The
    // URL a request reads carries none, so without one the photo's UUID is enough (the file's
    // only office's, or any office's of a file that serves several: the photos are as public as
    // the requests they belong to).
    r.add({.method = "GET",
           .path = "/open311/v2/media/{photo_uuid}",
           .operation = "open311Media",
           .summary = "A photo kept with a service request",
           .tag = "open311",
           .signed_in = false,
           .documented = false,
           .content_type = "image/jpeg",
           .handler = [](Context& ctx) {
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
                   return spec_error(404, "jurisdiction_id " + given + " is not served here", format);
               else
                   for (const auto& o : ctx.db.offices().list()) offices.push_back(o.meta.id);
               for (const Id office : offices) {
                   auto found = ctx.db.requests().photo(office, uuid);
                   if (!found) continue;
                   Response out;
                   out.body = std::move(found->bytes);
                   out.set_header("Content-Type", found->photo.content_type);
                   out.set_header("X-Content-Type-Options", "nosniff");
                   out.set_header("Cache-Control", "public, max-age=86400");
                   return out;
               }
               return spec_error(404, "media " + uuid + " is not a photo of this jurisdiction", format);
           }});
}

}  // namespace omilcrm::http::detail
