// The Open311 repository: GeoReport v2 over the office's catalogue and requests. Every answer's
// body is parsed as JSON and checked field by field against the spec's names and types.
//
// Today is Mon 2026-11-23 (helpers.hpp), 16:00 UTC = 13:00 in Santiago (summer time, -03:00).
#include "helpers.hpp"

#include <map>
#include <set>
#include <string>

#include <boost/json/parse.hpp>

using namespace omt;
namespace json = boost::json;

namespace {

struct Desk {
    Database db = fresh_db();
    Concon c{db};
    Employer gulmue;

    Desk() {
        NewEmployer e = c.employer("76.086.428-5", "Logística Gulmué SpA");
        e.address = "Camino Concón-Quintero km 2";
        e.latitude = -32.9157;
        e.longitude = -71.4920;
        gulmue = db.employers().add(e);
    }

    Id office() const { return c.office.meta.id; }

    ServiceRequest open(std::string category, std::string description = {}) {
        NewServiceRequest n;
        n.employer_id = gulmue.meta.id;
        n.category = std::move(category);
        n.description = std::move(description);
        n.staff_id = c.manager.meta.id;
        return db.requests().open(n);
    }

    std::size_t stored() { return db.requests().list(office(), {.open_only = false}).size(); }
};

json::value body(const Open311Response& r) { return json::parse(r.body); }
json::array array_of(const Open311Response& r) { return body(r).as_array(); }
json::object object_of(const Open311Response& r) { return body(r).as_object(); }

std::set<std::string> keys(const json::object& o) {
    std::set<std::string> out;
    for (const auto& kv : o) out.insert(std::string(kv.key()));
    return out;
}

std::string text(const json::value& v) { return std::string(v.as_string()); }

/// The keys of an object in the order they were written.
std::vector<std::string> key_order(const json::object& o) {
    std::vector<std::string> out;
    for (const auto& kv : o) out.emplace_back(kv.key());
    return out;
}

/// The spec's error shape, [{"code": status, "description": "..."}]; returns the description.
std::string error_of(const Open311Response& r, int status) {
    REQUIRE(r.status == status);
    const json::array a = array_of(r);
    REQUIRE(a.size() == 1);
    const json::object& e = a[0].as_object();
    CHECK(keys(e) == std::set<std::string>{"code", "description"});
    CHECK(e.at("code").as_int64() == status);
    return text(e.at("description"));
}

}  // namespace

TEST_CASE("services lists the active catalogue with the spec's fields", "[open311]") {
    Desk d;
    const Open311Response r = d.db.open311().services(d.office());
    REQUIRE(r.status == 200);
    const json::array services = array_of(r);
    REQUIRE(services.size() == d.db.catalogue().list(d.office()).size());
    std::map<std::string, json::object> by_code;
    for (const auto& s : services) {
        const json::object& o = s.as_object();
        CHECK(keys(o) == std::set<std::string>{"service_code", "service_name", "description", "metadata", "type",
                                               "keywords", "group"});
        CHECK(o.at("metadata").is_bool());
        CHECK(text(o.at("type")) == "batch");
        CHECK(o.at("keywords").is_string());
        by_code[text(o.at("service_code"))] = o;
    }
    const json::object& tree = by_code.at("tree_pruning");
    CHECK(text(tree.at("service_name")) == "Poda de árboles");
    CHECK(text(tree.at("keywords")) == "poda,arbol,arboles,ramas");
    CHECK(text(tree.at("group")) == "Dirección de Aseo y Ornato");
    CHECK(tree.at("metadata").as_bool());
    // A category with no attributes carries no metadata; one with no department is the office's.
    CHECK_FALSE(by_code.at("security_patrol").at("metadata").as_bool());
    CHECK(text(by_code.at("other").at("group")) == "OMIL");
}

TEST_CASE("services of an office that does not exist is NotFound", "[open311]") {
    Desk d;
    CHECK_THROWS_AS(d.db.open311().services(d.office() + 100), NotFound);
}

TEST_CASE("service_definition lists the attributes a request must carry, not the location", "[open311]") {
    Desk d;
    const Open311Response r = d.db.open311().service_definition(d.office(), "tree_pruning");
    REQUIRE(r.status == 200);
    const json::object def = object_of(r);
    CHECK(text(def.at("service_code")) == "tree_pruning");
    const json::array& attributes = def.at("attributes").as_array();
    REQUIRE(attributes.size() == 1);
    const json::object& trees = attributes[0].as_object();
    CHECK(text(trees.at("code")) == "trees");
    CHECK(trees.at("variable").as_bool());
    CHECK(trees.at("required").as_bool());
    CHECK(text(trees.at("datatype")) == "string");
    CHECK(trees.at("order").as_int64() == 1);

    const json::object street = object_of(d.db.open311().service_definition(d.office(), "street_lights"));
    CHECK(street.at("attributes").as_array().empty());

    CHECK(error_of(d.db.open311().service_definition(d.office(), "fireworks"), 404) ==
          "no service with service_code fireworks");
}

TEST_CASE("requests gives every request with the spec's fields and types", "[open311]") {
    Desk d;
    const ServiceRequest lights = d.open("street_lights", "luminaria apagada");
    d.db.requests().add_note(lights.meta.id, d.c.manager.meta.id, "La cuadrilla va el jueves", true);
    d.db.requests().add_note(lights.meta.id, d.c.manager.meta.id, "interno: sin stock", false);

    const Open311Response r = d.db.open311().requests(d.office());
    REQUIRE(r.status == 200);
    const json::array items = array_of(r);
    REQUIRE(items.size() == 1);
    const json::object& item = items[0].as_object();
    CHECK(keys(item) == std::set<std::string>{"service_request_id", "status", "status_notes", "service_name",
                                              "service_code", "description", "agency_responsible", "service_notice",
                                              "requested_datetime", "updated_datetime", "expected_datetime", "address",
                                              "lat", "long"});
    CHECK(text(item.at("service_request_id")) == lights.meta.uuid);
    CHECK(text(item.at("status")) == "open");
    CHECK(text(item.at("status_notes")) == "La cuadrilla va el jueves");  // the employer's, not the internal one
    CHECK(text(item.at("service_code")) == "street_lights");
    CHECK(text(item.at("service_name")) == "Reparación de luminarias");
    CHECK(text(item.at("description")) == "luminaria apagada");
    CHECK(text(item.at("agency_responsible")) == "Dirección de Operaciones (Alumbrado Público)");
    // Five business days from Monday 23 November: Monday 30 November, to the end of that day.
    REQUIRE(lights.due_on == Date(2026, 11, 30));
    CHECK(text(item.at("service_notice")) == "Plazo: 5 días hábiles; vence el 2026-11-30");
    CHECK(text(item.at("requested_datetime")) == "2026-11-23T13:00:00-03:00");
    CHECK(text(item.at("expected_datetime")) == "2026-11-30T23:59:59-03:00");
    // The location comes from the employer.
    CHECK(text(item.at("address")) == "Camino Concón-Quintero km 2");
    CHECK(item.at("lat").as_double() == Approx(-32.9157));
    CHECK(item.at("long").as_double() == Approx(-71.4920));
}

TEST_CASE("a request in triage is the office's, closed states read closed, and open_only", "[open311]") {
    Desk d;
    const ServiceRequest other = d.open("other", "consulta sin categoría");
    REQUIRE(other.in_triage());
    const ServiceRequest lights = d.open("street_lights", "poste caído");
    d.db.requests().transition(lights.meta.id, RequestStatus::Resolved, d.c.manager.meta.id, "repuesto");

    std::map<std::string, json::object> by_id;
    const json::array all = array_of(d.db.open311().requests(d.office()));
    for (const auto& v : all) by_id[text(v.as_object().at("service_request_id"))] = v.as_object();
    REQUIRE(by_id.size() == 2);
    CHECK(text(by_id.at(other.meta.uuid).at("agency_responsible")) == "OMIL (derivación pendiente)");
    CHECK(text(by_id.at(other.meta.uuid).at("status")) == "open");
    CHECK(text(by_id.at(lights.meta.uuid).at("status")) == "closed");

    const json::array open = array_of(d.db.open311().requests(d.office(), true));
    REQUIRE(open.size() == 1);
    CHECK(text(open[0].as_object().at("service_request_id")) == other.meta.uuid);
}

TEST_CASE("request finds one request by its UUID within the office", "[open311]") {
    Desk d;
    const ServiceRequest lights = d.open("street_lights", "luminaria apagada");
    const Open311Response r = d.db.open311().request(d.office(), lights.meta.uuid);
    REQUIRE(r.status == 200);
    const json::array items = array_of(r);
    REQUIRE(items.size() == 1);
    CHECK(text(items[0].as_object().at("service_request_id")) == lights.meta.uuid);

    CHECK(error_of(d.db.open311().request(d.office(), "no-such-uuid"), 404) == "no service request no-such-uuid");
    // Another office does not see it.
    const Office vina = d.db.offices().add({.name = "OMIL Viña del Mar", .commune = "vina del mar"});
    error_of(d.db.open311().request(vina.meta.id, lights.meta.uuid), 404);
}

TEST_CASE("create opens and routes a request from a POST's form fields", "[open311]") {
    Desk d;
    const Open311Response r = d.db.open311().create(d.office(), {{"service_code", "tree_pruning"},
                                                                 {"lat", "-32.93"},
                                                                 {"long", "-71.52"},
                                                                 {"description", "ramas sobre el cable"},
                                                                 {"email", "ana@mail.cl"},
                                                                 {"first_name", "Ana"},
                                                                 {"last_name", "Pérez"},
                                                                 {"phone", "9 8765 4321"},
                                                                 {"attribute[trees]", "3"}});
    REQUIRE(r.status == 201);
    const json::array receipt = array_of(r);
    REQUIRE(receipt.size() == 1);
    const json::object& first = receipt[0].as_object();
    CHECK(keys(first) == std::set<std::string>{"service_request_id", "service_notice", "account_id"});
    CHECK(first.at("account_id").is_null());

    const auto stored = d.db.requests().list(d.office());
    REQUIRE(stored.size() == 1);
    const ServiceRequest& s = stored[0];
    CHECK(s.meta.uuid == text(first.at("service_request_id")));
    CHECK(s.status == RequestStatus::Routed);
    CHECK(s.department_id == d.db.departments().by_code(d.office(), "aseo")->meta.id);
    CHECK(s.employer_id == std::nullopt);
    CHECK(s.requester_name == "Ana Pérez");
    CHECK(s.requester_email == "ana@mail.cl");
    CHECK(s.attributes == "trees=3");
    REQUIRE((s.latitude && s.longitude));
    CHECK(*s.latitude == Approx(-32.93));
    CHECK(*s.longitude == Approx(-71.52));
    CHECK(text(first.at("service_notice")) == "Plazo: 15 días hábiles; vence el " + s.due_on->iso());
}

TEST_CASE("create answers 400 or 404 with the spec's error shape and writes nothing", "[open311]") {
    Desk d;
    auto create = [&](std::map<std::string, std::string> fields) { return d.db.open311().create(d.office(), fields); };
    CHECK(error_of(create({{"address_string", "Calle 1"}}), 400) == "service_code is required");
    CHECK(error_of(create({{"service_code", "garbage_removal"}}), 400).find("location") != std::string::npos);
    CHECK(error_of(create({{"service_code", "garbage_removal"}, {"lat", "-32.9"}}), 400).find("location") !=
          std::string::npos);
    CHECK(error_of(create({{"service_code", "garbage_removal"}, {"lat", "south"}, {"long", "-71.5"}}), 400)
              .find("not a number") != std::string::npos);
    CHECK(error_of(create({{"service_code", "fireworks"}, {"address_string", "Calle 1"}}), 400).find("category") !=
          std::string::npos);
    // tree_pruning requires its attribute.
    CHECK(error_of(create({{"service_code", "tree_pruning"}, {"address_string", "Calle 1"}}), 400).find("trees") !=
          std::string::npos);
    error_of(d.db.open311().create(d.office() + 100, {{"service_code", "other"}, {"address_string", "Calle 1"}}), 404);
    CHECK(d.stored() == 0);
}

TEST_CASE("answers keep the spec's field order, escape text and give coordinates in full", "[open311]") {
    Desk d;
    NewEmployer e = d.c.employer("77.777.777-7", "Áridos \"El Cerro\" Ltda.");
    e.latitude = -32.93456789012345;
    e.longitude = -71.51234567890123;
    const Employer cerro = d.db.employers().add(e);
    NewServiceRequest n;
    n.employer_id = cerro.meta.id;
    n.category = "street_lights";
    n.description =
        "poste \"3\"\\ caído\nlínea 2\t\x01"
        "fin";
    n.staff_id = d.c.manager.meta.id;
    const ServiceRequest r = d.db.requests().open(n);

    const json::object item = array_of(d.db.open311().request(d.office(), r.meta.uuid))[0].as_object();
    CHECK(key_order(item) == std::vector<std::string>{"service_request_id", "status", "status_notes", "service_name",
                                                      "service_code", "description", "agency_responsible",
                                                      "service_notice", "requested_datetime", "updated_datetime",
                                                      "expected_datetime", "address", "lat", "long"});
    CHECK(text(item.at("description")) == n.description);
    // Every digit of the stored coordinate, as a JSON number.
    CHECK(item.at("lat").as_double() == -32.93456789012345);
    CHECK(item.at("long").as_double() == -71.51234567890123);
    CHECK(d.db.open311().request(d.office(), r.meta.uuid).body.find("\"lat\":-32.93456789012345,") !=
          std::string::npos);

    const json::object service = array_of(d.db.open311().services(d.office()))[0].as_object();
    CHECK(key_order(service) == std::vector<std::string>{"service_code", "service_name", "description", "metadata",
                                                         "type", "keywords", "group"});
    const json::object def = object_of(d.db.open311().service_definition(d.office(), "tree_pruning"));
    CHECK(key_order(def) == std::vector<std::string>{"service_code", "attributes"});
    CHECK(key_order(def.at("attributes").as_array()[0].as_object()) ==
          std::vector<std::string>{"variable", "code", "datatype", "required", "datatype_description", "order",
                                   "description"});
    const Open311Response created =
        d.db.open311().create(d.office(), {{"service_code", "other"}, {"address_string", "Calle 1"}});
    CHECK(key_order(array_of(created)[0].as_object()) ==
          std::vector<std::string>{"service_request_id", "service_notice", "account_id"});
    // A request without a location has null coordinates.
    const json::array all = array_of(d.db.open311().requests(d.office()));
    bool found = false;
    for (const auto& v : all) {
        const json::object& o = v.as_object();
        if (text(o.at("service_request_id")) != text(array_of(created)[0].as_object().at("service_request_id")))
            continue;
        found = true;
        CHECK(o.at("lat").is_null());
        CHECK(o.at("long").is_null());
    }
    CHECK(found);
}

TEST_CASE("local_datetime", "[open311]") {
    // Summer time (-03:00) and winter time (-04:00) in Santiago.
    CHECK(open311::local_datetime(utc(2026, 11, 23, 13)) == "2026-11-23T10:00:00-03:00");
    CHECK(open311::local_datetime(utc(2026, 7, 1, 12, 30)) == "2026-07-01T08:30:00-04:00");
}
