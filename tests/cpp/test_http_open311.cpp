// Open311 GeoReport v2 over HTTP (/open311/v2/): the paths, the formats, the api_key and the
// jurisdiction_id, as a 311 client meets them. The answers themselves are test_open311.cpp's.
#include <catch2/catch.hpp>

#include <omilcrm/http/api.hpp>
#include <omilcrm/json.hpp>

#include "helpers.hpp"

using namespace omilcrm;
using namespace omt;

namespace {

struct Site {
    TempFile file;
    std::string writer, reader, vina_writer, staff;
    Id office = 0;
    std::unique_ptr<http::Api> api;

    explicit Site(bool two_offices = false) {
        {
            auto db = Database::open(file.str(), creating_options());
            Concon c(db);
            office = c.office.meta.id;
            writer = db.access()
                         .create({.office_id = office,
                                  .role = Role::Integrator,
                                  .name = "311 municipal",
                                  .resources = {"requests"},
                                  .can_write = true})
                         .secret;
            reader =
                db.access().create({.office_id = office, .role = Role::Integrator, .resources = {"requests"}}).secret;
            if (two_offices) {
                const Office vina = db.offices().add({.name = "OMIL Viña del Mar", .commune = "vina del mar"});
                vina_writer = db.access()
                                  .create({.office_id = vina.meta.id,
                                           .role = Role::Integrator,
                                           .resources = {"requests"},
                                           .can_write = true})
                                  .secret;
            }
            staff = db.access().create({.staff_id = c.manager.meta.id}).secret;
        }
        api = std::make_unique<http::Api>(http::ApiOptions{.database = file.str(), .open = fixed_options()});
    }

    http::Response get(std::string target) {
        return api->handle({.method = "GET", .target = std::move(target), .headers = {{"Host", "omil.test"}}});
    }
    http::Response post(std::string target, std::string form) {
        return api->handle({.method = "POST",
                            .target = std::move(target),
                            .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
                            .body = std::move(form)});
    }
    std::size_t stored() {
        auto db = Database::open(file.str(), fixed_options());
        return db.requests().list(office, {.open_only = false}).size();
    }
};

std::string error_description(const http::Response& r) {
    const auto body = parse_json(r.body);
    REQUIRE(body.is_array());
    REQUIRE(body.as_array().size() == 1);
    CHECK(body.as_array()[0].at("code").as_int64() == r.status);
    return std::string(body.as_array()[0].at("description").as_string());
}

const std::string kPruning = "service_code=tree_pruning&address_string=Av.+Borgo%C3%B1o+22100&attribute[trees]=2";

}  // namespace

TEST_CASE("Open311: every document in JSON and in XML, without a key", "[http][open311]") {
    Site s;
    for (const std::string path : {"discovery", "services", "services/tree_pruning", "services/garbage_removal"}) {
        INFO(path);
        const auto json = s.get("/open311/v2/" + path + ".json");
        CHECK(json.status == 200);
        CHECK(json.header("Content-Type") == "application/json");
        const auto xml = s.get("/open311/v2/" + path + ".xml");
        CHECK(xml.status == 200);
        CHECK(xml.header("Content-Type") == "text/xml; charset=utf-8");
        CHECK(xml.body.rfind("<?xml", 0) == 0);
    }
    CHECK(contains(s.get("/open311/v2/discovery.json").body, R"("url":"http://omil.test/open311/v2")"));
    CHECK(s.get("/open311/v2/services.csv").status == 404);
    CHECK(s.get("/open311/v2/services/fireworks.xml").status == 404);
    CHECK(contains(s.get("/open311/v2/services/fireworks.xml").body, "<errors><error><code>404</code>"));
    // Not part of the API's OpenAPI document: the GeoReport v2 specification documents them.
    CHECK_FALSE(contains(s.api->openapi(), "open311"));
}

TEST_CASE("Open311: a POST needs an api_key that may write requests for that office", "[http][open311]") {
    Site s(true);
    const std::string form = kPruning + "&jurisdiction_id=05103";
    CHECK(error_description(s.post("/open311/v2/requests.json", form)) ==
          "api_key is required to file service requests");
    CHECK(s.post("/open311/v2/requests.json", form).status == 403);
    CHECK(error_description(s.post("/open311/v2/requests.json", form + "&api_key=nope")) == "api_key is not valid");
    CHECK(error_description(s.post("/open311/v2/requests.json", form + "&api_key=" + s.reader)) ==
          "api_key may not file service requests");
    CHECK(error_description(
              s.post("/open311/v2/requests.json", kPruning + "&jurisdiction_id=05103&api_key=" + s.vina_writer)) ==
          "api_key is not for this jurisdiction");
    CHECK(s.stored() == 0);

    const auto created = s.post("/open311/v2/requests.json", kPruning + "&jurisdiction_id=05103&api_key=" + s.writer);
    REQUIRE(created.status == 201);
    const std::string id(parse_json(created.body).as_array()[0].at("service_request_id").as_string());
    CHECK(s.stored() == 1);
    // Routed as the office's own requests are, and audited with the key that filed it.
    const auto one =
        parse_json(s.get("/open311/v2/requests/" + id + ".json?jurisdiction_id=05103&api_key=" + s.reader).body);
    CHECK(one.as_array()[0].at("agency_responsible") == "Dirección de Aseo y Ornato");
    auto db = Database::open(s.file.str(), fixed_options());
    const Table audit = db.access().audit(s.office, Date(2026, 11, 1), Date(2026, 11, 30));
    REQUIRE(audit.rows() == 1);
    CHECK(audit.column("detail").texts[0] == "POST /open311/v2/requests.json");
    CHECK(audit.column("actor").texts[0] == "token:1");  // the key "311 municipal"
    // A staff member's token may file one too; XML answers in XML.
    const auto xml = s.post("/open311/v2/requests.xml", kPruning + "&jurisdiction_id=05103&api_key=" + s.staff);
    CHECK(xml.status == 201);
    CHECK(contains(xml.body, "<service_requests><request><service_request_id>"));
}

TEST_CASE("Open311: jurisdiction_id names the office when the file holds several", "[http][open311]") {
    Site s(true);  // two offices: Concón (05103) and Viña del Mar
    const auto unnamed = s.get("/open311/v2/services.json");
    CHECK(unnamed.status == 404);
    CHECK(contains(error_description(unnamed), "jurisdiction_id is required"));
    CHECK(s.get("/open311/v2/services.json?jurisdiction_id=05103").status == 200);
    CHECK(error_description(s.get("/open311/v2/services.json?jurisdiction_id=99999")) ==
          "jurisdiction_id 99999 is not served here");
    CHECK(s.post("/open311/v2/requests.json", kPruning + "&api_key=" + s.writer).status == 404);
    // A request of one office is not found through the other's jurisdiction.
    const auto created = s.post("/open311/v2/requests.json", kPruning + "&jurisdiction_id=05103&api_key=" + s.writer);
    const std::string id(parse_json(created.body).as_array()[0].at("service_request_id").as_string());
    auto db = Database::open(s.file.str(), fixed_options());
    const std::string vina = db.offices().list().back().commune_code;
    CHECK(s.get("/open311/v2/requests/" + id + ".json?jurisdiction_id=" + vina + "&api_key=" + s.vina_writer).status ==
          404);
}

TEST_CASE("Open311: bad values are 400 in the spec's shape and write nothing", "[http][open311]") {
    Site s;
    const std::string key = "&jurisdiction_id=05103&api_key=" + s.writer;
    auto refused = [&](std::string form) {
        const auto r = s.post("/open311/v2/requests.json", form + key);
        CHECK(r.status == 400);
        return error_description(r);
    };
    CHECK(contains(refused("service_code=tree_pruning&address_string=Calle+1&attribute[trees]=muchos"),
                   "attribute[trees]"));
    CHECK(
        contains(refused("service_code=tree_pruning&address_string=Calle+1&attribute[trees]=-3"), "attribute[trees]"));
    CHECK(contains(refused("service_code=tree_pruning&address_string=Calle+1&attribute[trees]=2&attribute[x]=1"),
                   "attribute[x]"));
    CHECK(contains(refused("service_code=tree_pruning&attribute[trees]=2"), "location"));
    CHECK(contains(refused("service_code=tree_pruning&address_string=Calle+1&attribute[trees]=2&description=" +
                           std::string(4001, 'a')),
                   "description"));
    CHECK(contains(refused("service_code=tree_pruning&address_string=%ZZ"), "form encoding"));
    CHECK(s.post("/open311/v2/requests.json", "service_code=fireworks&address_string=Calle+1" + key).status == 404);
    CHECK(s.stored() == 0);
    // A multi-value attribute, brackets encoded as a browser sends them.
    const auto r = s.post("/open311/v2/requests.json",
                          "service_code=garbage_removal&lat=-32.93&long=-71.52&attribute%5Bwaste_kind%5D%5B%5D=ramas&"
                          "attribute%5Bwaste_kind%5D%5B%5D=escombros" +
                              key);
    CHECK(r.status == 201);
    auto db = Database::open(s.file.str(), fixed_options());
    CHECK(db.requests().list(s.office).at(0).attributes == "waste_kind=escombros,ramas");
}

TEST_CASE("Open311: reading requests needs a key unless the server makes them public", "[http][open311]") {
    Site s(true);
    const auto created =
        s.post("/open311/v2/requests.json",
               kPruning + "&email=ana%40mail.cl&first_name=Ana&jurisdiction_id=05103&api_key=" + s.writer);
    const std::string id(parse_json(created.body).as_array()[0].at("service_request_id").as_string());
    const std::string list = "/open311/v2/requests.json?jurisdiction_id=05103";
    const std::string one = "/open311/v2/requests/" + id + ".xml?jurisdiction_id=05103";
    CHECK(error_description(s.get(list)) == "api_key is required to read service requests");
    CHECK(s.get(one).status == 403);
    CHECK(contains(s.get(one).body, "<errors><error><code>403</code>"));
    CHECK(error_description(s.get(list + "&api_key=" + s.vina_writer)) == "api_key is not for this jurisdiction");
    CHECK(s.get(list + "&api_key=" + s.reader).status == 200);
    CHECK(s.get(one + "&api_key=" + s.staff).status == 200);
    // A bearer token does as well as an api_key.
    CHECK(
        s.api->handle({.method = "GET", .target = list, .headers = {{"Authorization", "Bearer " + s.staff}}}).status ==
        200);
    // The services stay public.
    CHECK(s.get("/open311/v2/services.json?jurisdiction_id=05103").status == 200);

    http::Api open_map({.database = s.file.str(), .open = fixed_options(), .open311_public = true});
    const auto read = open_map.handle({.method = "GET", .target = list});
    CHECK(read.status == 200);
    CHECK(parse_json(read.body).as_array().size() == 1);
    // Public reads never carry the requester's name or contact.
    CHECK_FALSE(contains(read.body, "ana@mail.cl"));
    CHECK_FALSE(contains(read.body, "Ana"));
}

// ---- Photos ---------------------------------------------------------------------------------

namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16) + std::string(200, '\x05');

http::Response upload(Site& s, Id request, const std::string& token, std::string type, std::string body) {
    return s.api->handle({.method = "POST",
                          .target = "/v1/requests/" + std::to_string(request) + "/photos",
                          .headers = {{"Authorization", "Bearer " + token}, {"Content-Type", std::move(type)}},
                          .body = std::move(body)});
}

}  // namespace

TEST_CASE("Open311: a photo uploaded over HTTP is served as the request's media_url", "[http][open311][photos]") {
    Site s(true);
    ServiceRequest r;
    {
        auto db = Database::open(s.file.str(), fixed_options());
        r = db.requests().open({.office_id = s.office, .category = "street_lights", .address = "Av. Borgoño 22100"});
    }
    const http::Response made = upload(s, r.meta.id, s.staff, "image/png", kPng);
    REQUIRE(made.status == 201);
    const auto photo = parse_json(made.body).as_object();
    CHECK(photo.at("request_id").as_int64() == r.meta.id);
    CHECK(photo.at("content_type").as_string() == "image/png");
    CHECK(photo.at("size").as_int64() == static_cast<std::int64_t>(kPng.size()));
    const std::string uuid(photo.at("uuid").as_string());
    CHECK(made.header("Location") == "/open311/v2/media/" + uuid);

    // The request's media_url points where the server serves the photo, and the bytes are the same.
    const std::string key = "api_key=" + s.reader;  // requests and their photos need a key to read
    const auto read = s.get("/open311/v2/requests/" + r.meta.uuid + ".json?jurisdiction_id=05103&" + key);
    REQUIRE(read.status == 200);
    const std::string url(parse_json(read.body).as_array()[0].at("media_url").as_string());
    CHECK(url == "http://omil.test/open311/v2/media/" + uuid);
    CHECK(s.get("/open311/v2/media/" + uuid).status == 403);
    const auto media = s.get("/open311/v2/media/" + uuid + "?" + key);
    REQUIRE(media.status == 200);
    CHECK(media.body == kPng);
    CHECK(media.header("Content-Type") == "image/png");
    CHECK(media.header("X-Content-Type-Options") == "nosniff");
    CHECK(s.get("/open311/v2/media/" + uuid + "?jurisdiction_id=05103&" + key).body == kPng);
    // Behind a proxy that speaks https, the address says so.
    const auto proxied = s.api->handle({.method = "GET",
                                        .target = "/open311/v2/requests.json?jurisdiction_id=05103&" + key,
                                        .headers = {{"Host", "omil.concon.cl"}, {"X-Forwarded-Proto", "https"}}});
    CHECK(contains(proxied.body, "\"media_url\":\"https://omil.concon.cl/open311/v2/media/" + uuid + "\""));

    // The list of the request's photos.
    const auto list = s.api->handle({.method = "GET",
                                     .target = "/v1/requests/" + std::to_string(r.meta.id) + "/photos",
                                     .headers = {{"Authorization", "Bearer " + s.staff}}});
    REQUIRE(list.status == 200);
    REQUIRE(parse_json(list.body).as_array().size() == 1);
    CHECK(parse_json(list.body).as_array()[0].at("uuid").as_string() == uuid);

    // Not a photo of another jurisdiction, nor one that does not exist: the spec's 404.
    std::string vina;
    {
        auto db = Database::open(s.file.str(), fixed_options());
        vina = db.offices().list().back().commune_code;
    }
    const auto elsewhere = s.get("/open311/v2/media/" + uuid + "?jurisdiction_id=" + vina);
    CHECK(elsewhere.status == 404);
    CHECK(contains(error_description(elsewhere), "is not a photo of this jurisdiction"));
    CHECK(s.get("/open311/v2/media/" + uuid + "?jurisdiction_id=99999").status == 404);
    const auto unknown = s.get("/open311/v2/media/00000000-0000-4000-8000-000000000000");
    CHECK(unknown.status == 404);
    CHECK(unknown.header("Content-Type") == "application/json");
    error_description(unknown);
}

TEST_CASE("Open311: a photo upload is the office's own, and only an image is kept", "[http][open311][photos]") {
    Site s(true);
    ServiceRequest r;
    {
        auto db = Database::open(s.file.str(), fixed_options());
        r = db.requests().open({.office_id = s.office, .category = "street_lights", .address = "Av. Borgoño 22100"});
    }
    auto photos = [&] {
        auto db = Database::open(s.file.str(), fixed_options());
        return db.requests().photos(r.meta.id).size();
    };
    // Another office's token: the request does not exist for it.
    const auto theirs = upload(s, r.meta.id, s.vina_writer, "image/png", kPng);
    CHECK(theirs.status == 404);
    CHECK(s.api
              ->handle({.method = "GET",
                        .target = "/v1/requests/" + std::to_string(r.meta.id) + "/photos",
                        .headers = {{"Authorization", "Bearer " + s.vina_writer}}})
              .status == 404);
    // No token, or one that may only read.
    CHECK(upload(s, r.meta.id, "", "image/png", kPng).status == 401);
    CHECK(upload(s, r.meta.id, s.reader, "image/png", kPng).status == 403);
    // What is not an image of the type it claims is a 422 naming what is wrong.
    const auto page = upload(s, r.meta.id, s.staff, "image/jpeg", "<html><body>hola</body></html>");
    CHECK(page.status == 422);
    CHECK(parse_json(page.body).at("error").at("field").as_string() == "photo");
    const auto text = upload(s, r.meta.id, s.staff, "text/plain", kPng);
    CHECK(text.status == 422);
    CHECK(parse_json(text.body).at("error").at("field").as_string() == "content_type");
    CHECK(upload(s, r.meta.id, s.staff, "image/png", "").status == 422);
    CHECK(photos() == 0);

    // A photo may be larger than a JSON body (1 MiB), up to 5 MiB.
    CHECK(s.api->max_body_bytes("POST", "/v1/requests/" + std::to_string(r.meta.id) + "/photos") == kMaxPhotoBytes);
    CHECK(s.api->max_body_bytes("POST", "/v1/employers") == std::size_t{1} << 20);
    CHECK(s.api->max_body_bytes("GET", "/v1/requests/1/photos") == std::size_t{1} << 20);
    CHECK(s.api->max_body_bytes() == kMaxPhotoBytes);
    const std::string large = kPng + std::string((3u << 20) - kPng.size(), '\x05');
    CHECK(upload(s, r.meta.id, s.staff, "image/png", large).status == 201);
    CHECK(upload(s, r.meta.id, s.staff, "image/png", large + std::string(3u << 20, '\x05')).status == 413);
    CHECK(s.api
              ->handle({.method = "POST",
                        .target = "/v1/employers",
                        .headers = {{"Authorization", "Bearer " + s.staff}, {"Content-Type", "application/json"}},
                        .body = std::string(2u << 20, ' ')})
              .status == 413);
    CHECK(photos() == 1);
}
