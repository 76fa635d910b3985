// The HTTP API through its library target (omilcrm::http): requests in, responses out, no
// sockets. Statuses, office scoping, ETags and If-Match, pagination, roles, the audit.
#include <catch2/catch.hpp>

#include <omilcrm/http/api.hpp>
#include <omilcrm/json.hpp>

#include "helpers.hpp"

using namespace omilcrm;
using namespace omt;
using omilcrm::http::Request;
using omilcrm::http::Response;

namespace {

struct Site {
    TempFile file;
    std::string concon_token, quintero_token, reader_token, head_token;
    Id concon_office = 0, quintero_office = 0, concon_staff = 0, quintero_staff = 0;
    Id concon_employer = 0, quintero_employer = 0;
    std::unique_ptr<http::Api> api;

    explicit Site(OpenOptions open = fixed_options()) {
        {
            auto db = Database::open(file.str(), creating_options());
            Concon c(db);
            concon_office = c.office.meta.id;
            concon_staff = c.manager.meta.id;
            const auto q = db.offices().add({.name = "OMIL Quintero", .commune = "quintero"});
            quintero_office = q.meta.id;
            quintero_staff = db.staff()
                                 .add({.office_id = q.meta.id,
                                       .name = "Carla Díaz",
                                       .role = StaffRole::TerritorialManager,
                                       .started = Date(2026, 1, 5)})
                                 .meta.id;
            concon_employer = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA")).meta.id;
            NewEmployer qe;
            qe.office_id = q.meta.id;
            qe.rut = "96.528.990-9";
            qe.legal_name = "Pesquera Quintero S.A.";
            quintero_employer = db.employers().add(qe).meta.id;
            concon_token = db.access().create({.staff_id = concon_staff}).secret;
            head_token = db.access().create({.staff_id = c.head.meta.id}).secret;
            quintero_token = db.access().create({.staff_id = quintero_staff}).secret;
            reader_token =
                db.access()
                    .create({.office_id = concon_office, .role = Role::Integrator, .resources = {"employers"}})
                    .secret;
        }
        api = std::make_unique<http::Api>(http::ApiOptions{.database = file.str(), .open = open});
    }

    Response call(std::string method, std::string target, std::string token = {}, std::string body = {},
                  http::Headers headers = {}) {
        Request r{.method = std::move(method),
                  .target = std::move(target),
                  .headers = std::move(headers),
                  .body = std::move(body)};
        if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
        if (!r.body.empty()) r.headers.emplace_back("Content-Type", "application/json");
        return api->handle(r);
    }
};

boost::json::value body_of(const Response& r) { return parse_json(r.body); }

}  // namespace

TEST_CASE("health and the OpenAPI document need no token", "[http]") {
    Site s;
    auto h = s.call("GET", "/health");
    CHECK(h.status == 200);
    CHECK(body_of(h).at("status") == "ok");
    auto doc = s.call("GET", "/openapi.json");
    REQUIRE(doc.status == 200);
    const auto d = body_of(doc);
    CHECK(d.at("openapi") == "3.1.0");
    CHECK(d.at("paths").as_object().contains("/v1/employers/{id}"));
    CHECK(doc.body == s.api->openapi());
}

TEST_CASE("no data without a valid token: 401", "[http]") {
    Site s;
    for (const char* token : {"", "omil_not-a-token", "Bearer"}) {
        auto r = s.call("GET", "/v1/employers", token);
        CHECK(r.status == 401);
        CHECK(r.header("WWW-Authenticate") == "Bearer");
        CHECK(body_of(r).at("error").at("status") == 401);
    }
    // Every declared route that needs a token refuses one that is missing.
    const auto doc = body_of(s.call("GET", "/openapi.json"));
    int checked = 0;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : item.as_object()) {
            if (op.as_object().contains("security")) continue;  // public
            std::string target(path);
            for (std::size_t at; (at = target.find('{')) != std::string::npos;)
                target.replace(at, target.find('}', at) - at + 1, "1");
            std::string m(method);
            for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            INFO(m << " " << target);
            CHECK(s.call(m, target, "", m == "GET" ? "" : "{}").status == 401);
            ++checked;
        }
    }
    CHECK(checked > 10);
}

TEST_CASE("an office never sees another office's records: 404, not 403", "[http]") {
    Site s;
    auto own = s.call("GET", "/v1/employers/" + std::to_string(s.concon_employer), s.concon_token);
    REQUIRE(own.status == 200);
    CHECK(body_of(own).at("legal_name") == "Logística Gulmué SpA");
    auto other = s.call("GET", "/v1/employers/" + std::to_string(s.quintero_employer), s.concon_token);
    CHECK(other.status == 404);
    auto missing = s.call("GET", "/v1/employers/999999", s.concon_token);
    CHECK(missing.status == 404);
    CHECK(other.body.find("Pesquera") == std::string::npos);

    const auto list = body_of(s.call("GET", "/v1/employers", s.quintero_token));
    REQUIRE(list.at("total") == 1);
    CHECK(list.at("items").at(0).at("legal_name") == "Pesquera Quintero S.A.");
    CHECK(s.call("GET", "/v1/offices/" + std::to_string(s.concon_office), s.quintero_token).status == 404);
    CHECK(s.call("GET", "/v1/staff/" + std::to_string(s.concon_staff), s.quintero_token).status == 404);
    // A write naming another office's record refuses it without saying whether it exists.
    auto log = s.call("POST", "/v1/interactions", s.quintero_token,
                      R"({"employer": )" + std::to_string(s.concon_employer) + R"(, "kind": "visit", "by": )" +
                          std::to_string(s.quintero_staff) + "}");
    CHECK(log.status == 422);
    CHECK(body_of(log).at("error").at("field") == "employer");
}

TEST_CASE("creating validates as the library does: 201, 422 naming the field, 409, 400", "[http]") {
    Site s;
    auto made = s.call("POST", "/v1/employers", s.concon_token,
                       R"({"rut": "77.261.280-K", "legal_name": "Transportes Concón Ltda.", "size": "small"})");
    REQUIRE(made.status == 201);
    CHECK(!made.header("ETag").empty());
    const auto e = body_of(made);
    CHECK(e.at("office_id") == s.concon_office);
    CHECK(e.at("size") == "small");

    auto bad = s.call("POST", "/v1/employers", s.concon_token, R"({"rut": "77.261.280-1", "legal_name": "X"})");
    CHECK(bad.status == 422);
    CHECK(body_of(bad).at("error").at("field") == "rut");
    CHECK(body_of(bad).at("error").at("value") == "77.261.280-1");
    auto unknown = s.call("POST", "/v1/employers", s.concon_token, R"({"rut": "77.261.280-K", "colour": "red"})");
    CHECK(unknown.status == 422);
    CHECK(body_of(unknown).at("error").at("field") == "colour");
    auto dup = s.call("POST", "/v1/employers", s.concon_token, R"({"rut": "77.261.280-K", "legal_name": "Otra"})");
    CHECK(dup.status == 409);
    CHECK(s.call("POST", "/v1/employers", s.concon_token, "{not json").status == 400);
    auto elsewhere = s.call("POST", "/v1/employers", s.concon_token,
                            R"({"rut": "78.000.000-1", "office": )" + std::to_string(s.quintero_office) + "}");
    CHECK(elsewhere.status == 422);
    CHECK(body_of(s.call("GET", "/v1/employers", s.concon_token)).at("total") == 2);
}

TEST_CASE("a stale If-Match loses nothing: 412, and the record is as the other edit left it", "[http]") {
    Site s;
    const std::string url = "/v1/employers/" + std::to_string(s.concon_employer);
    const auto read = s.call("GET", url, s.concon_token);
    const std::string etag(read.header("ETag"));
    REQUIRE(!etag.empty());
    // Two staff read the same version; the first edit lands, the second is refused.
    auto first = s.call("PATCH", url, s.concon_token, R"({"notes": "Prefiere correo"})", {{"If-Match", etag}});
    REQUIRE(first.status == 200);
    CHECK(first.header("ETag") != etag);
    auto second = s.call("PATCH", url, s.concon_token, R"({"notes": "Llamar martes"})", {{"If-Match", etag}});
    CHECK(second.status == 412);
    const auto now = s.call("GET", url, s.concon_token);
    CHECK(body_of(now).at("notes") == "Prefiere correo");
    CHECK(now.header("ETag") == first.header("ETag"));
    auto third = s.call("PATCH", url, s.concon_token, R"({"notes": "Llamar martes"})",
                        {{"If-Match", std::string(now.header("ETag"))}});
    CHECK(third.status == 200);
    CHECK(body_of(third).at("notes") == "Llamar martes");
    // The change log keeps both edits and who made them.
    const auto changes = body_of(s.call("GET", url + "/changes", s.concon_token));
    CHECK(changes.at("total").as_int64() >= 2);
    CHECK(json_text(changes).find("staff:" + std::to_string(s.concon_staff)) != std::string::npos);
}

TEST_CASE("listings paginate with a total, filter and sort", "[http]") {
    Site s;
    for (int i = 0; i < 7; ++i) {
        const Id body = 10'000'000 + i;
        auto r = s.call("POST", "/v1/employers", s.concon_token,
                        R"({"rut": ")" + Rut::from_body(static_cast<std::uint32_t>(body)).str() +
                            R"(", "legal_name": "Empresa )" + std::string(1, static_cast<char>('G' - i)) +
                            R"(", "status": ")" + (i % 2 ? "active" : "prospect") + "\"}");
        REQUIRE(r.status == 201);
    }
    auto page = body_of(s.call("GET", "/v1/employers?limit=3&offset=2&sort=name", s.concon_token));
    CHECK(page.at("total") == 8);
    CHECK(page.at("limit") == 3);
    CHECK(page.at("offset") == 2);
    REQUIRE(page.at("items").as_array().size() == 3);
    CHECK(page.at("items").at(0).at("legal_name") == "Empresa C");
    auto reversed = body_of(s.call("GET", "/v1/employers?sort=-name&limit=1", s.concon_token));
    CHECK(reversed.at("items").at(0).at("legal_name") == "Logística Gulmué SpA");
    auto active = body_of(s.call("GET", "/v1/employers?status=active", s.concon_token));
    CHECK(active.at("total") == 3);
    auto found = body_of(s.call("GET", "/v1/employers?q=gulmue", s.concon_token));
    CHECK(found.at("total") == 1);
    for (const char* bad :
         {"limit=0", "limit=abc", "limit=5000", "offset=-1", "sort=colour", "status=asleep", "limit=1&limit=2"}) {
        INFO(bad);
        auto r = s.call("GET", std::string("/v1/employers?") + bad, s.concon_token);
        CHECK(r.status == 422);
        CHECK(body_of(r).at("error").as_object().contains("field"));
    }
}

TEST_CASE("roles: an integrator key reads its named resources only, and never writes", "[http]") {
    Site s;
    CHECK(s.call("GET", "/v1/employers", s.reader_token).status == 200);
    CHECK(s.call("GET", "/v1/due", s.reader_token).status == 403);
    CHECK(s.call("POST", "/v1/employers", s.reader_token, R"({"rut": "77.261.280-K"})").status == 403);
    const auto me_response = s.call("GET", "/v1/me", s.reader_token);
    INFO(me_response.body);
    const auto me = body_of(me_response);
    CHECK(me.at("role") == "integrator");
}

TEST_CASE("every write is audited with its actor, in the write's transaction", "[http]") {
    Site s;
    REQUIRE(
        s.call("POST", "/v1/employers", s.concon_token, R"({"rut": "77.261.280-K", "legal_name": "Nueva"})").status ==
        201);
    REQUIRE(
        s.call("POST", "/v1/employers", s.concon_token, R"({"rut": "77.261.280-K", "legal_name": "Otra"})").status ==
        409);
    auto db = Database::open(s.file.str(), fixed_options());
    const Table audit = db.access().audit(s.concon_office);
    REQUIRE(audit.rows() == 1);  // the refused write left no line
    CHECK(audit.column("actor").text_at(0) == "staff:" + std::to_string(s.concon_staff));
    CHECK(audit.column("action").text_at(0) == "create");
    CHECK(audit.column("resource").text_at(0) == "employers");
}

TEST_CASE("unknown paths are 404, a wrong method 405 with Allow, a large body 413", "[http]") {
    Site s;
    CHECK(s.call("GET", "/v1/nothing", s.concon_token).status == 404);
    CHECK(s.call("GET", "/v1/employers/abc", s.concon_token).status == 404);
    auto r = s.call("DELETE", "/v1/employers", s.concon_token);
    CHECK(r.status == 405);
    CHECK(r.header("Allow").find("GET") != std::string::npos);
    CHECK(s.call("POST", "/v1/employers", s.concon_token, std::string(2 << 20, ' ')).status == 413);
    auto head = s.call("HEAD", "/v1/employers", s.concon_token);
    CHECK(head.status == 200);
    CHECK(head.body.empty());
}

TEST_CASE("a storage fault is a 503 and changes nothing", "[http]") {
    OpenOptions read_only = fixed_options();
    read_only.mode = OpenMode::ReadOnly;
    Site s(read_only);
    auto r = s.call("POST", "/v1/employers", s.concon_token, R"({"rut": "77.261.280-K", "legal_name": "Nueva"})");
    CHECK(r.status == 503);
    CHECK(body_of(s.call("GET", "/v1/employers", s.concon_token)).at("total") == 1);
}

TEST_CASE("interactions and the due list", "[http]") {
    Site s;
    auto logged = s.call("POST", "/v1/interactions", s.concon_token,
                         R"({"employer": )" + std::to_string(s.concon_employer) + R"(, "kind": "visit", "by": )" +
                             std::to_string(s.concon_staff) +
                             R"(, "on": "2026-11-20", "at": "10:30", "summary": "Visita",
                               "commitments": [{"description": "Enviar perfiles", "due": "2026-11-27"}]})");
    REQUIRE(logged.status == 201);
    const Id id = body_of(logged).at("id").as_int64();
    CHECK(body_of(logged).at("at") == "10:30");
    CHECK(s.call("GET", "/v1/interactions/" + std::to_string(id), s.concon_token).status == 200);
    CHECK(s.call("GET", "/v1/interactions/" + std::to_string(id), s.quintero_token).status == 404);
    const auto commitments = body_of(s.call("GET", "/v1/commitments", s.concon_token));
    REQUIRE(commitments.at("total") == 1);
    const Id commitment = commitments.at("items").at(0).at("id").as_int64();
    auto kept = s.call("POST", "/v1/commitments/" + std::to_string(commitment) + "/keep", s.concon_token,
                       R"({"on": "2026-11-23"})");
    CHECK(kept.status == 200);
    CHECK(body_of(s.call("GET", "/v1/commitments", s.concon_token)).at("total") == 0);
    auto bad =
        s.call("POST", "/v1/interactions", s.concon_token,
               R"({"employer": )" + std::to_string(s.concon_employer) + R"(, "kind": "visit", "by": )" +
                   std::to_string(s.concon_staff) + R"(, "commitments": [{"description": "x", "due": "soon"}]})");
    CHECK(bad.status == 422);
    CHECK(body_of(bad).at("error").at("field") == "commitments[0].due");
    auto due = s.call("GET", "/v1/due?within=400", s.concon_token);
    CHECK(due.status == 422);
    due = s.call("GET", "/v1/due?within=30", s.concon_token);
    REQUIRE(due.status == 200);
    CHECK(body_of(due).at("items").is_array());
}

TEST_CASE("a 404 for another office's record reads as one for an id never used", "[http]") {
    Site s;
    for (const std::string kind : {"employers", "staff", "offices"}) {
        const Id theirs = kind == "employers" ? s.quintero_employer
                          : kind == "staff"   ? s.quintero_staff
                                              : s.quintero_office;
        INFO(kind);
        const auto other = s.call("GET", "/v1/" + kind + "/" + std::to_string(theirs), s.concon_token);
        const auto never = s.call("GET", "/v1/" + kind + "/999999", s.concon_token);
        CHECK(other.status == 404);
        CHECK(never.status == 404);
        CHECK(other.body == never.body);
    }
}

TEST_CASE("what the URL, the caller or the day gives, a body may leave out", "[http]") {
    Site s;
    const std::string employer = "/v1/employers/" + std::to_string(s.concon_employer);
    // The contact's employer is the URL's.
    auto contact = s.call("POST", employer + "/contacts", s.concon_token, R"({"name": "Pedro Pérez"})");
    REQUIRE(contact.status == 201);
    CHECK(body_of(contact).at("employer_id") == s.concon_employer);
    auto elsewhere = s.call("POST", employer + "/contacts", s.concon_token,
                            R"({"name": "X", "employer": )" + std::to_string(s.quintero_employer) + "}");
    CHECK(elsewhere.status == 422);
    CHECK(body_of(elsewhere).at("error").at("field") == "employer");
    // A new staff member's office is the caller's.
    auto staff = s.call("POST", "/v1/staff", s.head_token, R"({"name": "Rodrigo Soto", "role": "administrative"})");
    REQUIRE(staff.status == 201);
    CHECK(body_of(staff).at("office_id") == s.concon_office);
    // An interaction or a cluster meeting without a day happened today, as in Python.
    auto call = s.call("POST", "/v1/interactions", s.concon_token,
                       R"({"employer": )" + std::to_string(s.concon_employer) + R"(, "kind": "phone_call", "by": )" +
                           std::to_string(s.concon_staff) + "}");
    REQUIRE(call.status == 201);
    CHECK(body_of(call).at("on") == "2026-11-23");
    auto cluster = s.call("POST", "/v1/clusters", s.concon_token, R"({"name": "Cámara de Comercio"})");
    REQUIRE(cluster.status == 201);
    const std::string meetings = "/v1/clusters/" + std::to_string(body_of(cluster).at("id").as_int64()) + "/meetings";
    auto meeting =
        s.call("POST", meetings, s.concon_token, R"({"by": )" + std::to_string(s.concon_staff) + ", \"on\": null}");
    REQUIRE(meeting.status == 201);
    CHECK(body_of(meeting).at("on") == "2026-11-23");
}

TEST_CASE("a body's schema requires what the API requires, and not what it fills in", "[http]") {
    Site s;
    const auto schemas = body_of(s.call("GET", "/openapi.json")).at("components").at("schemas");
    const auto required = [&](const char* name) {
        std::vector<std::string> out;
        if (const auto* r = schemas.at(name).as_object().if_contains("required"))
            for (const auto& f : r->as_array()) out.emplace_back(f.as_string());
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(required("NewEmployer") == V{"rut", "legal_name"});
    CHECK(required("NewStaffMember") == V{"name", "role"});
    CHECK(required("NewContact") == V{"name"});
    CHECK(required("NewClusterMeeting").empty());
    CHECK(required("NewCluster") == V{"name"});
    for (const char* name : {"NewJobSeeker", "NewEvent", "NewShowing"}) {
        INFO(name);
        const auto r = required(name);
        CHECK(std::find(r.begin(), r.end(), "office") == r.end());
    }
    // An offer goes to one employer or one seeker.
    CHECK(schemas.at("NewProgrammeOffer").at("oneOf").as_array().size() == 2);
    auto both = s.call("POST", "/v1/programme-offers", s.concon_token, R"({"programme": "capacitacion"})");
    CHECK(both.status == 422);
}

TEST_CASE("a request paused, resumed and closed as a duplicate, and the body's references are the office's", "[http]") {
    Site s;
    auto open = [&](const std::string& address) {
        auto r =
            s.call("POST", "/v1/requests", s.concon_token,
                   R"({"category": "street_lights", "received_on": "2026-11-09", "address": ")" + address + R"("})");
        REQUIRE(r.status == 201);
        return body_of(r);
    };
    const auto first = open("Av. Borgoño 22100"), second = open("Av. Borgoño 22102");
    const Id id = second.at("id").as_int64();
    const auto url = [&](const char* action) { return "/v1/requests/" + std::to_string(id) + "/" + action; };
    const std::string due = std::string(second.at("due_on").as_string());

    auto paused = s.call("POST", url("pause"), s.concon_token, R"({"from": "2026-11-16", "note": "Faltan fotos"})");
    REQUIRE(paused.status == 200);
    CHECK(body_of(paused).at("due_on").is_null());  // the clock stopped
    CHECK(s.call("POST", url("pause"), s.concon_token, R"({"from": "2026-11-16"})").status == 422);  // note
    auto resumed = s.call("POST", url("resume"), s.concon_token, R"({"to": "2026-11-23"})");
    INFO(resumed.body);
    REQUIRE(resumed.status == 200);
    CHECK(std::string(body_of(resumed).at("due_on").as_string()) > due);  // moved by the paused days

    // A stale If-Match changes nothing; the original must be a request of the office.
    auto stale = s.call("POST", url("duplicate"), s.concon_token, R"({"original": 1})",
                        {{"If-Match", std::string(paused.header("ETag"))}});
    CHECK(stale.status == 412);
    auto theirs =
        s.call("POST", "/v1/requests", s.quintero_token, R"({"category": "street_lights", "address": "X 1"})");
    REQUIRE(theirs.status == 201);
    for (const Id other : {body_of(theirs).at("id").as_int64(), Id{999}}) {
        auto refused =
            s.call("POST", url("duplicate"), s.concon_token, R"({"original": )" + std::to_string(other) + "}");
        CHECK(refused.status == 422);
        CHECK(body_of(refused).at("error").at("field") == "original");
    }
    auto duplicate = s.call("POST", url("duplicate"), s.concon_token,
                            R"({"original": )" + std::to_string(first.at("id").as_int64()) + "}",
                            {{"If-Match", std::string(resumed.header("ETag"))}});
    REQUIRE(duplicate.status == 200);
    CHECK(body_of(duplicate).at("status") == "duplicate");
    CHECK(body_of(duplicate).at("duplicate_of") == first.at("id"));
    std::vector<std::string> kinds;
    const auto history = body_of(s.call("GET", url("history"), s.concon_token));
    for (const auto& e : history.as_array()) kinds.emplace_back(e.at("kind").as_string());
    CHECK(std::find(kinds.begin(), kinds.end(), "pause") != kinds.end());
    CHECK(std::find(kinds.begin(), kinds.end(), "resume") != kinds.end());
    // Another office's request is not there at all.
    CHECK(s.call("POST", "/v1/requests/" + std::to_string(body_of(theirs).at("id").as_int64()) + "/pause",
                 s.concon_token, R"({"note": "x"})")
              .status == 404);
    // Rerouting to a department that does not exist names the body's field, as one of another
    // office does.
    auto reroute = s.call("POST", url("reroute"), s.concon_token, R"({"department": 999})");
    CHECK(reroute.status == 422);
    CHECK(body_of(reroute).at("error").at("field") == "department");
}

TEST_CASE("event guests invited and attending over HTTP, employers of the office only", "[http]") {
    Site s;
    auto ev = s.call("POST", "/v1/events", s.concon_token, R"({"title": "Desayuno Gulmué", "on": "2026-11-23"})");
    REQUIRE(ev.status == 201);
    const std::string event = "/v1/events/" + std::to_string(body_of(ev).at("id").as_int64());
    const std::string ours = std::to_string(s.concon_employer), theirs = std::to_string(s.quintero_employer);

    auto refused = s.call("POST", event + "/guests", s.concon_token, R"({"employers": [)" + ours + "," + theirs + "]}");
    CHECK(refused.status == 422);
    CHECK(body_of(refused).at("error").at("field") == "employers[1]");
    CHECK(body_of(s.call("GET", event + "/guests", s.concon_token)).as_array().empty());  // nothing invited

    auto invited = s.call("POST", event + "/guests", s.concon_token, R"({"employers": [)" + ours + "]}");
    REQUIRE(invited.status == 200);
    REQUIRE(body_of(invited).as_array().size() == 1);
    CHECK(body_of(invited).at(0).at("invited") == true);
    CHECK(body_of(invited).at(0).at("attended") == false);

    auto came = s.call("POST", event + "/attendance", s.concon_token,
                       R"({"employer": )" + ours + R"(, "summary": "Trajo dos vacantes"})");
    INFO(came.body);
    REQUIRE(came.status == 201);
    CHECK(body_of(came).at("attended") == true);
    const Id interaction = body_of(came).at("interaction_id").as_int64();
    auto logged = body_of(s.call("GET", "/v1/interactions/" + std::to_string(interaction), s.concon_token));
    CHECK(logged.at("kind") == "event");
    CHECK(s.call("POST", event + "/attendance", s.concon_token, R"({"employer": )" + theirs + "}").status == 422);
    CHECK(s.call("POST", event + "/guests", s.quintero_token, R"({"employers": [)" + theirs + "]}").status == 404);
}

TEST_CASE("a contact's fields are changed with If-Match, and one is made the primary", "[http]") {
    Site s;
    const std::string employer = "/v1/employers/" + std::to_string(s.concon_employer) + "/contacts";
    auto add = [&](const char* body) {
        auto r = s.call("POST", employer, s.concon_token, body);
        REQUIRE(r.status == 201);
        return r;
    };
    const auto first = add(R"({"name": "Marcela Vidal", "primary": true})");
    const auto second = add(R"({"name": "Jorge Araya"})");
    const std::string url = "/v1/contacts/" + std::to_string(body_of(second).at("id").as_int64());

    auto changed = s.call("PATCH", url, s.concon_token, R"({"phone": "9 8765 4321", "role": "Jefe de turno"})",
                          {{"If-Match", std::string(second.header("ETag"))}});
    REQUIRE(changed.status == 200);
    CHECK(body_of(changed).at("phone") == "+56987654321");
    CHECK(body_of(changed).at("name") == "Jorge Araya");  // left as it was
    auto stale = s.call("PATCH", url, s.concon_token, R"({"role": "Gerente"})",
                        {{"If-Match", std::string(second.header("ETag"))}});
    CHECK(stale.status == 412);
    CHECK(body_of(s.call("GET", url, s.concon_token)).at("role") == "Jefe de turno");
    auto bad = s.call("PATCH", url, s.concon_token, R"({"email": "no es un correo"})");
    CHECK(bad.status == 422);
    CHECK(body_of(bad).at("error").at("field") == "email");

    CHECK(s.call("POST", url + "/primary", s.quintero_token).status == 404);
    auto primary = s.call("POST", url + "/primary", s.concon_token);
    REQUIRE(primary.status == 200);
    CHECK(body_of(primary).at("primary") == true);
    const std::string first_url = "/v1/contacts/" + std::to_string(body_of(first).at("id").as_int64());
    CHECK(body_of(s.call("GET", first_url, s.concon_token)).at("primary") == false);
    CHECK(s.call("PATCH", url, s.quintero_token, R"({"role": "x"})").status == 404);
}

TEST_CASE("contacts are found by words over HTTP, only the caller's office's", "[http]") {
    Site s;
    const std::string employer = "/v1/employers/" + std::to_string(s.concon_employer) + "/contacts";
    REQUIRE(s.call("POST", employer, s.concon_token, R"({"name": "Marcela Vidal", "phone": "9 8765 4321"})").status ==
            201);
    REQUIRE(s.call("POST", employer, s.concon_token, R"({"name": "Jorge Araya", "role": "Jefe de turno"})").status ==
            201);
    auto found = body_of(s.call("GET", "/v1/contacts?q=marcela%208765", s.concon_token));
    REQUIRE(found.at("total") == 1);
    CHECK(found.at("items").at(0).at("name") == "Marcela Vidal");
    CHECK(found.at("items").at(0).at("employer_id") == s.concon_employer);
    CHECK(body_of(s.call("GET", "/v1/contacts", s.concon_token)).at("total") == 2);
    CHECK(body_of(s.call("GET", "/v1/contacts?q=turno&limit=1", s.concon_token)).at("items").at(0).at("name") ==
          "Jorge Araya");
    CHECK(body_of(s.call("GET", "/v1/contacts?q=marcela", s.quintero_token)).at("total") == 0);  // another office
}

TEST_CASE("who appears in the material over HTTP: consent checked, lapsed ones listed, the office's only", "[http]") {
    Site s;
    Id seeker = 0, asset = 0;
    {
        auto db = Database::open(s.file.str(), fixed_options());
        NewJobSeeker n;
        n.office_id = s.concon_office;
        n.rut = "11.111.111-1";
        n.name = "Camila Reyes";
        n.commune = "05103";
        n.consent_on = Date(2026, 10, 1);
        n.consent_scope = {"intermediation", "image"};
        seeker = db.seekers().add(n).meta.id;
        asset = db.outreach().add_asset("Video institucional", AssetKind::Video).meta.id;
    }
    const std::string url = "/v1/outreach/assets/" + std::to_string(asset) + "/appearances";
    const std::string who = R"({"seeker": )" + std::to_string(seeker);
    auto refused = s.call("POST", url, s.concon_token, who + R"(, "scope": "testimonial"})");
    CHECK(refused.status == 422);
    CHECK(body_of(refused).at("error").at("field") == "seeker");
    CHECK(s.call("POST", url, s.quintero_token, who + "}").status == 422);  // not their seeker
    auto added = s.call("POST", url, s.concon_token, who + "}");
    REQUIRE(added.status == 201);
    CHECK(body_of(added).at("scope") == "image");
    CHECK(body_of(added).at("consent_on") == "2026-10-01");
    const std::string id = std::to_string(body_of(added).at("id").as_int64());
    CHECK(body_of(s.call("GET", url, s.concon_token)).as_array().size() == 1);
    CHECK(body_of(s.call("GET", url, s.quintero_token)).as_array().empty());  // the asset is shared, not the people
    CHECK(body_of(s.call("GET", "/v1/outreach/lapsed-appearances", s.concon_token)).as_array().empty());
    {
        auto db = Database::open(s.file.str(), fixed_options());
        db.seekers().renew_consent(seeker, Date(2026, 11, 20), {"intermediation"});
    }
    auto lapsed = body_of(s.call("GET", "/v1/outreach/lapsed-appearances", s.concon_token));
    REQUIRE(lapsed.as_array().size() == 1);
    CHECK(lapsed.at(0).at("seeker_id") == seeker);
    CHECK(s.call("POST", "/v1/outreach/appearances/" + id + "/remove", s.quintero_token).status == 404);
    auto removed = s.call("POST", "/v1/outreach/appearances/" + id + "/remove", s.concon_token);
    REQUIRE(removed.status == 200);
    CHECK(body_of(removed).at("removed_on") == "2026-11-23");
    CHECK(body_of(s.call("GET", "/v1/outreach/lapsed-appearances", s.concon_token)).as_array().empty());
}

TEST_CASE("data-subject requests over HTTP: the coordinator's, in the office, with their deadline", "[http]") {
    Site s;
    Id seeker = 0;
    {
        auto db = Database::open(s.file.str(), fixed_options());
        NewJobSeeker n;
        n.office_id = s.concon_office;
        n.rut = "11.111.111-1";
        n.name = "Pedro Pérez";
        n.commune = "05103";
        n.email = "pedro@correo.cl";
        n.consent_on = Date(2026, 1, 10);
        n.consent_scope = {"intermediation"};
        seeker = db.seekers().add(n).meta.id;
    }
    const std::string body = R"({"seeker": )" + std::to_string(seeker) +
                             R"(, "kind": "access", "received_on": "2026-11-02", "verification": "cédula"})";
    CHECK(s.call("POST", "/v1/rights-requests", s.concon_token, body).status == 403);  // staff: no
    CHECK(s.call("POST", "/v1/rights-requests", s.quintero_token, body).status == 403);
    auto made = s.call("POST", "/v1/rights-requests", s.head_token, body);
    REQUIRE(made.status == 201);
    CHECK(body_of(made).at("due_on") == "2026-12-02");
    const std::string url = "/v1/rights-requests/" + std::to_string(body_of(made).at("id").as_int64());
    CHECK(body_of(s.call("GET", "/v1/rights-requests?overdue_on=2026-12-03", s.head_token)).at("total") == 1);

    auto html = s.call("POST", "/v1/seekers/" + std::to_string(seeker) + "/access.html", s.head_token);
    REQUIRE(html.status == 200);
    CHECK(html.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(contains(html.body, "Pedro Pérez"));
    auto answered = s.call("POST", url + "/answer", s.head_token, R"({"text": "Enviada por correo"})",
                           {{"If-Match", std::string(made.header("ETag"))}});
    REQUIRE(answered.status == 200);
    CHECK(body_of(answered).at("status") == "answered");
    CHECK(s.call("POST", url + "/extend", s.head_token, R"({"text": "tarde"})").status == 409);  // closed

    auto blocked = s.call("POST", "/v1/seekers/" + std::to_string(seeker) + "/restrictions", s.head_token,
                          R"({"kind": "blocking", "reason": "Rectificación en curso"})");
    REQUIRE(blocked.status == 201);
    auto erased = s.call("POST", "/v1/seekers/" + std::to_string(seeker) + "/erasure", s.head_token, "{}");
    REQUIRE(erased.status == 200);
    CHECK(body_of(erased).at("erased") == true);
    auto after = s.call("POST", "/v1/seekers/" + std::to_string(seeker) + "/access", s.head_token);
    CHECK(body_of(after).at("seeker").at("name") == "");
    // Another office's coordinator finds nothing there.
    CHECK(s.call("GET", url, s.quintero_token).status == 403);
}

TEST_CASE("personal data over HTTP: a purpose from the list, 403 when the consent does not cover it", "[http]") {
    Site s;
    Id maria = 0;
    {
        auto db = Database::open(s.file.str(), fixed_options());
        maria = db.seekers()
                    .add({.office_id = s.concon_office,
                          .rut = "12.345.678-5",
                          .name = "María Soto",
                          .commune = "concon",
                          .consent_on = Date(2026, 1, 10),
                          .consent_scope = {"statistics"}})
                    .meta.id;
    }
    const std::string path = "/v1/seekers/" + std::to_string(maria) + "/personal";
    // The coordinator may read personal data, but not for a purpose María did not consent to.
    auto refused = s.call("POST", path, s.head_token, R"({"purpose": "intermediation: vacante 12"})");
    CHECK(refused.status == 403);
    const auto error = body_of(refused).at("error");
    CHECK(error.at("field") == "purpose");
    CHECK(error.at("value") == "intermediation");
    CHECK(std::string(error.at("message").as_string()).find("statistics") != std::string::npos);
    CHECK(refused.body.find("María") == std::string::npos);
    CHECK(refused.body.find("12.345.678") == std::string::npos);
    // Free text is not a purpose: 422 naming it.
    auto free_text = s.call("POST", path, s.head_token, R"({"purpose": "Citar a entrevista"})");
    CHECK(free_text.status == 422);
    CHECK(body_of(free_text).at("error").at("field") == "purpose");
    // Her own request is answered whatever the consent.
    auto own = s.call("POST", path, s.head_token, R"({"purpose": "data_subject_request: acceso"})");
    REQUIRE(own.status == 200);
    CHECK(body_of(own).at("name") == "María Soto");
    // The refusal is in the log, as the caller.
    auto db = Database::open(s.file.str(), fixed_options());
    const Table log = db.seekers().exports(s.concon_office);
    REQUIRE(log.rows() == 2);
    CHECK(log.column("refused").texts.at(0) == "the consent covers statistics, not intermediation");
    CHECK(log.column("refused").texts.at(1).empty());
    CHECK(log.column("actor").text_at(0).starts_with("staff:"));
    // The document lists the purposes and says what a 403 means here.
    const auto doc = body_of(s.call("GET", "/openapi.json"));
    const auto& op = doc.at("paths").at("/v1/seekers/{id}/personal").at("post");
    CHECK(std::string(op.at("responses").at("403").at("description").as_string()).find("consent") != std::string::npos);
    const std::string described(doc.at("components")
                                    .at("schemas")
                                    .at("PersonalDataPurpose")
                                    .at("properties")
                                    .at("purpose")
                                    .at("description")
                                    .as_string());
    for (auto code : enum_names<Purpose>()) CHECK(described.find("`" + std::string(code) + "`") != std::string::npos);
}

TEST_CASE("economic activities: a form finds codes by words, and an employer keeps one", "[http]") {
    Site s;
    const auto found = body_of(s.call("GET", "/v1/activities?q=transporte%20carga%20carretera", s.concon_token));
    REQUIRE(found.as_array().size() >= 2);
    CHECK(found.as_array()[0].at("code") == "49230");
    CHECK(found.as_array()[0].at("section") == "H");
    CHECK(body_of(s.call("GET", "/v1/activities?level=1", s.concon_token)).as_array().size() == 21);
    CHECK(body_of(s.call("GET", "/v1/activities", s.concon_token)).as_array().size() == 1253);
    CHECK(s.call("GET", "/v1/activities?level=9", s.concon_token).status == 422);
    const auto made = s.call("POST", "/v1/employers", s.concon_token,
                             R"({"rut": "77.261.280-K", "legal_name": "Nueva", "activity": "492300"})");
    REQUIRE(made.status == 201);
    CHECK(body_of(made).at("activity") == "49230");
    const auto bad = s.call("POST", "/v1/employers", s.concon_token,
                            R"({"rut": "96.511.460-2", "legal_name": "Otra", "activity": "1110"})");
    CHECK(bad.status == 422);
    CHECK(body_of(bad).at("error").at("field") == "activity");
}

TEST_CASE("stages, reciprocity, workload and promises are reports of the caller's office", "[http]") {
    Site s;
    const auto stages = body_of(s.call("GET", "/v1/reports/stages", s.concon_token));
    REQUIRE(stages.as_array().size() == 1);  // Quintero's employer is not listed
    CHECK(stages.as_array()[0].at("employer_id").as_int64() == std::int64_t(s.concon_employer));
    CHECK(stages.as_array()[0].at("stage") == "prospect");
    const auto funnel = body_of(s.call("GET", "/v1/reports/stage-funnel?on=2026-06-01", s.concon_token));
    CHECK(funnel.as_array().back().at("cluster") == "(office)");
    CHECK(funnel.as_array().back().at("prospect").as_int64() == 1);
    CHECK(body_of(s.call("GET", "/v1/reports/workload", s.concon_token)).as_array().size() >= 1);
    CHECK(body_of(s.call("GET", "/v1/reports/reciprocity?from=2026-01-01&to=2026-12-31", s.concon_token))
              .as_array()
              .empty());
    const auto promises = body_of(s.call("GET", "/v1/reports/promises", s.concon_token));
    CHECK(promises.as_array().back().at("staff") == "(office)");
    CHECK(s.call("GET", "/v1/reports/stages?on=manana", s.concon_token).status == 422);
    CHECK(s.call("GET", "/v1/reports/stages").status == 401);
    // Where an employer came from, given on creation, and the report back to whoever referred it.
    const auto made = s.call("POST", "/v1/employers", s.concon_token,
                             R"({"rut": "77.261.280-K", "legal_name": "Nueva", "lead_source": "fair",
                                 "lead_detail": "Feria de Concón"})");
    REQUIRE(made.status == 201);
    CHECK(body_of(made).at("lead_source") == "fair");
    const auto leads = body_of(s.call("GET", "/v1/reports/leads?source=fair", s.concon_token));
    REQUIRE(leads.as_array().size() == 1);
    CHECK(leads.as_array()[0].at("lead_detail") == "Feria de Concón");
    CHECK(s.call("GET", "/v1/reports/leads?source=rumour", s.concon_token).status == 422);
    const auto doc = body_of(s.call("GET", "/openapi.json"));
    CHECK(doc.at("paths").as_object().contains("/v1/reports/stage-funnel"));
    CHECK(doc.at("paths").as_object().contains("/v1/reports/leads"));
}

TEST_CASE("needs as neighbours over HTTP: added, answered, dropped, reported, scoped to the office", "[http]") {
    Site s;
    const auto made = s.call("POST", "/v1/needs", s.concon_token,
                             R"({"employer": )" + std::to_string(s.concon_employer) +
                                 R"(, "category": "street_lights", "description": "Poste sin luz"})");
    REQUIRE(made.status == 201);
    const auto need = body_of(made);
    CHECK(need.at("status") == "open");
    const std::string id = std::to_string(need.at("id").as_int64());
    // Another office's employer reads as no record of this office; an unknown category names the field.
    CHECK(s.call("POST", "/v1/needs", s.concon_token,
                 R"({"employer": )" + std::to_string(s.quintero_employer) + R"(, "category": "street_lights"})")
              .status == 422);
    const auto bad = s.call("POST", "/v1/needs", s.concon_token,
                            R"({"employer": )" + std::to_string(s.concon_employer) + R"(, "category": "fuegos"})");
    CHECK(bad.status == 422);
    CHECK(body_of(bad).at("error").at("field") == "category");
    CHECK(s.call("POST", "/v1/needs/" + id + "/drop", s.quintero_token, R"({"reason": "x"})").status == 404);

    const auto req =
        s.call("POST", "/v1/requests", s.concon_token,
               R"({"employer": )" + std::to_string(s.concon_employer) +
                   R"(, "category": "street_lights", "description": "Poste sin luz", "address": "Av. Borgoño 1234"})");
    REQUIRE(req.status == 201);
    const auto answered = s.call("POST", "/v1/needs/" + id + "/answer", s.concon_token,
                                 R"({"request": )" + std::to_string(body_of(req).at("id").as_int64()) + "}");
    REQUIRE(answered.status == 200);
    CHECK(body_of(answered).at("status") == "answered");
    const auto pending = body_of(s.call("GET", "/v1/needs?pending=true", s.concon_token));
    CHECK(pending.at("items").as_array().size() == 1);
    CHECK(body_of(s.call("GET", "/v1/needs", s.quintero_token)).at("items").as_array().empty());
    const auto report = body_of(s.call("GET", "/v1/reports/needs", s.concon_token));
    CHECK(report.as_array().back().at("raised").as_int64() == 1);
    CHECK(report.as_array().back().at("answered").as_int64() == 1);
}

TEST_CASE("partner institutions over HTTP: the office's registry, events and interactions", "[http]") {
    Site s;
    const auto made = s.call("POST", "/v1/partners", s.concon_token,
                             R"({"name": "SENCE Valparaíso", "kind": "public_service", "email": "Region@sence.cl"})");
    INFO(made.body);
    REQUIRE(made.status == 201);
    CHECK(body_of(made).at("email") == "region@sence.cl");
    const std::string id = std::to_string(body_of(made).at("id").as_int64());
    const auto bad = s.call("POST", "/v1/partners", s.concon_token, R"({"name": "X", "kind": "church"})");
    CHECK(bad.status == 422);
    CHECK(body_of(bad).at("error").at("field") == "kind");
    CHECK(s.call("POST", "/v1/partners", s.concon_token, R"({"name": "SENCE Valparaíso", "kind": "other"})").status ==
          409);
    CHECK(body_of(s.call("GET", "/v1/partners", s.concon_token)).as_array().size() == 1);
    CHECK(body_of(s.call("GET", "/v1/partners?kind=university", s.concon_token)).as_array().empty());
    CHECK(body_of(s.call("GET", "/v1/partners", s.quintero_token)).as_array().empty());
    CHECK(s.call("GET", "/v1/partners/" + id, s.quintero_token).status == 404);
    const auto changed =
        s.call("PATCH", "/v1/partners/" + id, s.concon_token, R"({"contact_name": "Marcela Fuentes"})");
    REQUIRE(changed.status == 200);
    CHECK(body_of(changed).at("contact_name") == "Marcela Fuentes");
    CHECK(s.call("PATCH", "/v1/partners/" + id, s.quintero_token, R"({"notes": "x"})").status == 404);

    // The SENCE officer at a visit, then the partner's interactions.
    const auto logged =
        s.call("POST", "/v1/interactions", s.concon_token,
               R"({"employer": )" + std::to_string(s.concon_employer) + R"(, "kind": "visit", "by": )" +
                   std::to_string(s.concon_staff) + R"(, "on": "2026-11-20", "participants": [)" +
                   R"({"name": "Marcela Fuentes", "role": "Encargada regional", "partner": )" + id + "}]}");
    INFO(logged.body);
    REQUIRE(logged.status == 201);
    CHECK(body_of(logged).at("participants").at(0).at("partner_id").as_int64() == std::stoll(id));
    const auto refused =
        s.call("POST", "/v1/interactions", s.concon_token,
               R"({"employer": )" + std::to_string(s.concon_employer) + R"(, "kind": "visit", "by": )" +
                   std::to_string(s.concon_staff) + R"(, "participants": [{"name": "Nadie"}]})");
    CHECK(refused.status == 422);
    CHECK(body_of(refused).at("error").at("field") == "participants[0]");
    CHECK(body_of(s.call("GET", "/v1/partners/" + id + "/interactions", s.concon_token)).as_array().size() == 1);

    // Invited to an event and attending; the report counts it.
    auto ev = s.call("POST", "/v1/events", s.concon_token, R"({"title": "Feria laboral", "on": "2026-11-21"})");
    REQUIRE(ev.status == 201);
    const std::string event = "/v1/events/" + std::to_string(body_of(ev).at("id").as_int64());
    CHECK(s.call("POST", event + "/partners", s.concon_token, R"({"partners": [)" + id + "]}").status == 200);
    const auto came =
        s.call("POST", event + "/partner-attendance", s.concon_token, R"({"partner": )" + id + R"(, "attendees": 3})");
    INFO(came.body);
    REQUIRE(came.status == 200);
    CHECK(body_of(came).at("attendees") == 3);
    CHECK(body_of(s.call("GET", event + "/partners", s.concon_token)).at(0).at("invited") == true);
    const auto report = body_of(s.call("GET", "/v1/reports/partners?year=2026", s.concon_token));
    CHECK(report.as_array().back().at("events_attended").as_int64() == 1);
    CHECK(report.as_array().back().at("interactions").as_int64() == 1);
}
