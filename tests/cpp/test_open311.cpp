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
        CHECK(text(o.at("type")) == "realtime");  // a POST answers with the request's id at once
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
    CHECK(text(trees.at("datatype")) == "number");
    CHECK(text(trees.at("description")) == "¿Cuántos árboles hay que podar?");
    CHECK(text(trees.at("datatype_description")) == "Un número entero de 1 a 500");
    CHECK(trees.at("order").as_int64() == 1);

    const json::object street = object_of(d.db.open311().service_definition(d.office(), "street_lights"));
    CHECK(street.at("attributes").as_array().empty());

    CHECK(error_of(d.db.open311().service_definition(d.office(), "fireworks"), 404) ==
          "service_code fireworks is not a service of this jurisdiction");
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
                                              "address_id", "zipcode", "lat", "long", "media_url"});
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

TEST_CASE("a request in triage is the office's, closed states read closed, and status=open", "[open311]") {
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

    const json::array open = array_of(d.db.open311().requests(d.office(), {{"status", "open"}}));
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

    CHECK(error_of(d.db.open311().request(d.office(), "no-such-uuid"), 404) ==
          "service_request_id no-such-uuid is not a request of this jurisdiction");
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
    auto create = [&](Open311Fields fields) { return d.db.open311().create(d.office(), fields); };
    CHECK(error_of(create({{"address_string", "Calle 1"}}), 400) == "service_code is required");
    CHECK(error_of(create({{"service_code", "garbage_removal"}}), 400).find("location") != std::string::npos);
    CHECK(error_of(create({{"service_code", "garbage_removal"}, {"lat", "-32.9"}}), 400) == "lat and long go together");
    CHECK(error_of(create({{"service_code", "garbage_removal"}, {"lat", "south"}, {"long", "-71.5"}}), 400)
              .find("not a number") != std::string::npos);
    // An unknown service is 404, as the spec has it.
    CHECK(error_of(create({{"service_code", "fireworks"}, {"address_string", "Calle 1"}}), 404).find("fireworks") !=
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
                                                      "expected_datetime", "address", "address_id", "zipcode", "lat",
                                                      "long", "media_url"});
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

// ---- GeoReport v2 as a 311 client reads it (issue: served, conformant) ------------------------

TEST_CASE("metadata is true only for services whose definition has attributes", "[open311]") {
    Desk d;
    std::set<std::string> with_metadata;
    for (const auto& s : array_of(d.db.open311().services(d.office()))) {
        const json::object& o = s.as_object();
        const std::string code = text(o.at("service_code"));
        const auto attributes = object_of(d.db.open311().service_definition(d.office(), code)).at("attributes");
        CHECK(o.at("metadata").as_bool() == !attributes.as_array().empty());
        if (o.at("metadata").as_bool()) with_metadata.insert(code);
    }
    CHECK(with_metadata == std::set<std::string>{"garbage_removal", "tree_pruning"});
}

TEST_CASE("a list attribute has its choices, and a multi-value one takes several", "[open311]") {
    Desk d;
    const json::object def = object_of(d.db.open311().service_definition(d.office(), "garbage_removal"));
    const json::object& kind = def.at("attributes").as_array()[0].as_object();
    CHECK(text(kind.at("code")) == "waste_kind");
    CHECK(text(kind.at("datatype")) == "multivaluelist");
    CHECK_FALSE(kind.at("required").as_bool());
    std::vector<std::string> keys_given;
    for (const auto& v : kind.at("values").as_array()) keys_given.push_back(text(v.as_object().at("key")));
    CHECK(keys_given == std::vector<std::string>{"domiciliaria", "escombros", "ramas", "voluminosos", "reciclables"});

    const Open311Response r = d.db.open311().create(d.office(), {{"service_code", "garbage_removal"},
                                                                 {"address_string", "Calle Los Pinos 120"},
                                                                 {"attribute[waste_kind][]", "ramas"},
                                                                 {"attribute[waste_kind][]", "escombros"}});
    REQUIRE(r.status == 201);
    CHECK(d.db.requests().list(d.office()).at(0).attributes == "waste_kind=escombros,ramas");
    // Optional: left out is fine.
    CHECK(d.db.open311()
              .create(d.office(), {{"service_code", "garbage_removal"}, {"address_string", "Calle Los Pinos 120"}})
              .status == 201);
    CHECK(error_of(d.db.open311().create(d.office(), {{"service_code", "garbage_removal"},
                                                      {"address_string", "Calle 1"},
                                                      {"attribute[waste_kind][]", "neumaticos"}}),
                   400) ==
          "invalid attribute[waste_kind] \"neumaticos\": is not one of domiciliaria, escombros, "
          "ramas, voluminosos, reciclables");
}

TEST_CASE("attributes are checked by their type, unknown ones and long descriptions are refused", "[open311]") {
    Desk d;
    auto pruning = [&](std::string trees, Open311Fields more = {}) {
        Open311Fields f{{"service_code", "tree_pruning"}, {"address_string", "Av. Borgoño 22100"}};
        if (!trees.empty()) f.emplace_back("attribute[trees]", trees);
        f.insert(f.end(), more.begin(), more.end());
        return d.db.open311().create(d.office(), f);
    };
    for (const char* bad : {"muchos", "-3", "0", "3.5", "3 árboles", "501"}) {
        INFO(bad);
        CHECK(error_of(pruning(bad), 400).rfind("invalid attribute[trees] ", 0) == 0);
    }
    CHECK(error_of(pruning("2", {{"attribute[color]", "rojo"}}), 400) ==
          "invalid attribute[color] \"rojo\": is not an attribute of Poda de árboles");
    CHECK(d.stored() == 0);
    // 4,000 characters (not bytes) is the limit.
    std::string longest;
    for (int i = 0; i < 4000; ++i) longest += "ñ";
    CHECK(error_of(pruning("2", {{"description", longest + "a"}}), 400).rfind("invalid description ", 0) == 0);
    REQUIRE(pruning(" 03 ", {{"description", longest}}).status == 201);
    const ServiceRequest kept = d.db.requests().list(d.office()).at(0);
    CHECK(kept.attributes == "trees=3");
    CHECK(kept.description == longest);
    // The library's own path checks the same way.
    NewServiceRequest n{.office_id = d.office(), .category = "tree_pruning", .address = "Calle 1"};
    n.attributes = "trees=muchos";
    CHECK(capture<ValidationError>([&] { d.db.requests().open(n); }).field() == "attribute[trees]");
}

TEST_CASE("requested and updated datetimes are when it was received and when it last changed", "[open311]") {
    Desk d;
    NewServiceRequest n{.employer_id = d.gulmue.meta.id, .category = "street_lights", .description = "poste"};
    n.received_on = Date(2026, 9, 17);
    n.staff_id = d.c.manager.meta.id;
    const ServiceRequest r = d.db.requests().open(n);
    d.db.requests().transition(r.meta.id, RequestStatus::Resolved, d.c.manager.meta.id, "repuesto", true,
                               Date(2026, 9, 21));
    d.db.requests().transition(r.meta.id, RequestStatus::Closed, d.c.manager.meta.id, "", false, Date(2026, 9, 22));
    // Typed in today (2026-11-23): it still reads as received and closed on its days.
    const json::object item = array_of(d.db.open311().request(d.office(), r.meta.uuid))[0].as_object();
    CHECK(text(item.at("status")) == "closed");
    CHECK(text(item.at("requested_datetime")) == "2026-09-17T00:00:00-03:00");
    CHECK(text(item.at("updated_datetime")) == "2026-09-22T00:00:00-03:00");
    CHECK(text(item.at("expected_datetime")) ==
          "2026-09-25T23:59:59-03:00");  // 5 business days; the 18th and 19th are holidays
    CHECK(text(item.at("status_notes")) == "repuesto");

    // One received and changed today reads the instant it was recorded.
    const ServiceRequest now = d.open("street_lights", "otra");
    const json::object today = array_of(d.db.open311().request(d.office(), now.meta.uuid))[0].as_object();
    CHECK(text(today.at("requested_datetime")) == "2026-11-23T13:00:00-03:00");
    CHECK(text(today.at("updated_datetime")) == "2026-11-23T13:00:00-03:00");
}

TEST_CASE("address_id alone is a place, media_url and zipcode are kept, absent values are null", "[open311]") {
    Desk d;
    const Open311Response r =
        d.db.open311().create(d.office(), {{"service_code", "street_lights"},
                                           {"address_id", "CON-00412"},
                                           {"zipcode", "2510000"},
                                           {"media_url", "https://fotos.example.cl/poste.jpg?size=l&v=2"},
                                           {"account_id", "vecino-17"}});
    REQUIRE(r.status == 201);
    const json::object receipt = array_of(r)[0].as_object();
    CHECK(text(receipt.at("account_id")) == "vecino-17");
    const json::object item =
        array_of(d.db.open311().request(d.office(), text(receipt.at("service_request_id"))))[0].as_object();
    CHECK(text(item.at("address_id")) == "CON-00412");
    CHECK(text(item.at("zipcode")) == "2510000");
    CHECK(text(item.at("media_url")) == "https://fotos.example.cl/poste.jpg?size=l&v=2");
    CHECK(item.at("address").is_null());
    CHECK(item.at("status_notes").is_null());
    CHECK(item.at("description").is_null());
    CHECK(item.at("lat").is_null());
    CHECK(error_of(d.db.open311().create(d.office(), {{"service_code", "street_lights"},
                                                      {"address_id", "CON-1"},
                                                      {"media_url", "javascript:alert(1)"}}),
                   400)
              .rfind("invalid media_url ", 0) == 0);
}

TEST_CASE("GET requests takes the spec's filters and its default window", "[open311]") {
    Desk d;
    auto received = [&](const char* category, Date on) {
        NewServiceRequest n{.employer_id = d.gulmue.meta.id, .category = category};
        n.received_on = on;
        n.staff_id = d.c.manager.meta.id;
        if (std::string(category) == "tree_pruning") n.attributes = "trees=1";
        return d.db.requests().open(n);
    };
    const ServiceRequest old = received("street_lights", Date(2026, 7, 1));  // 145 days ago
    const ServiceRequest sept = received("tree_pruning", Date(2026, 9, 17));
    const ServiceRequest today = received("street_lights", Date(2026, 11, 23));
    d.db.requests().transition(sept.meta.id, RequestStatus::Resolved, d.c.manager.meta.id, "", false,
                               Date(2026, 9, 30));
    auto ids = [&](Open311Fields query) {
        std::vector<std::string> out;
        for (const auto& v : array_of(d.db.open311().requests(d.office(), query)))
            out.push_back(text(v.as_object().at("service_request_id")));
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(ids({}) == V{today.meta.uuid, sept.meta.uuid});  // the last 90 days, the latest first
    CHECK(ids({{"status", "open"}}) == V{today.meta.uuid});
    CHECK(ids({{"status", "closed"}}) == V{sept.meta.uuid});
    CHECK(ids({{"status", "open,closed"}}) == V{today.meta.uuid, sept.meta.uuid});
    CHECK(ids({{"service_code", "tree_pruning"}}) == V{sept.meta.uuid});
    CHECK(ids({{"start_date", "2026-06-01T00:00:00-04:00"}, {"end_date", "2026-07-31T00:00:00Z"}}) == V{old.meta.uuid});
    CHECK(ids({{"end_date", "2026-09-28"}}) == V{sept.meta.uuid, old.meta.uuid});  // from 06-30
    CHECK(ids({{"start_date", "2026-09-01"}}) == V{today.meta.uuid, sept.meta.uuid});
    // A list of ids overrides the rest.
    CHECK(ids({{"service_request_id", old.meta.uuid + "," + today.meta.uuid}, {"status", "closed"}}) ==
          V{old.meta.uuid, today.meta.uuid});
    // An empty argument is no argument.
    CHECK(ids({{"status", ""}, {"service_code", ""}}) == ids({}));
    CHECK(error_of(d.db.open311().requests(d.office(), {{"status", "pending"}}), 400).rfind("invalid status ", 0) == 0);
    CHECK(
        error_of(d.db.open311().requests(d.office(), {{"start_date", "ayer"}}), 400).rfind("invalid start_date ", 0) ==
        0);
}

TEST_CASE("every answer has an XML twin with the spec's element names", "[open311]") {
    Desk d;
    NewServiceRequest n{.employer_id = d.gulmue.meta.id, .category = "street_lights"};
    n.description = "poste <3> & \"cables\"\x01";
    n.staff_id = d.c.manager.meta.id;
    const ServiceRequest r = d.db.requests().open(n);
    const auto xml = Open311Format::Xml;

    const Open311Response services = d.db.open311().services(d.office(), xml);
    CHECK(services.content_type == "text/xml; charset=utf-8");
    CHECK(services.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
    CHECK(contains(services.body, "<services><service><service_code>tree_pruning</service_code>"));
    CHECK(contains(services.body, "<type>realtime</type>"));

    const std::string one = d.db.open311().request(d.office(), r.meta.uuid, xml).body;
    CHECK(contains(one, "<service_requests><request><service_request_id>" + r.meta.uuid));
    CHECK(contains(one, "<description>poste &lt;3&gt; &amp; &quot;cables&quot;\xEF\xBF\xBD</description>"));
    CHECK(contains(one, "<status_notes/>"));
    CHECK(contains(one, "<lat>-32.9157</lat>"));

    const std::string def = d.db.open311().service_definition(d.office(), "garbage_removal", xml).body;
    CHECK(contains(def, "<service_definition><service_code>garbage_removal</service_code><attributes><attribute>"));
    CHECK(contains(def, "<values><value><key>domiciliaria</key><name>Basura domiciliaria</name></value>"));

    const Open311Response missing = d.db.open311().request(d.office(), "nope", xml);
    CHECK(missing.status == 404);
    CHECK(contains(missing.body, "<errors><error><code>404</code><description>"));

    const std::string disc = d.db.open311().discovery("https://omil.concon.cl/open311/v2/", {}, xml).body;
    CHECK(contains(disc, "<discovery><changeset>"));
    CHECK(contains(disc, "<url>https://omil.concon.cl/open311/v2</url>"));
    CHECK(contains(disc, "<formats><format>text/xml</format><format>application/json</format></formats>"));
}

TEST_CASE("a jurisdiction_id is an office's commune code, and none names a file's only office", "[open311]") {
    Desk d;
    CHECK(d.db.open311().jurisdiction("05103") == d.office());
    CHECK(d.db.open311().jurisdiction("") == d.office());
    CHECK(d.db.open311().jurisdiction("99999") == std::nullopt);
    const Office vina = d.db.offices().add({.name = "OMIL Viña del Mar", .commune = "vina del mar"});
    CHECK(d.db.open311().jurisdiction("") == std::nullopt);  // two offices: say which
    CHECK(d.db.open311().jurisdiction(vina.commune_code) == vina.meta.id);
}

TEST_CASE("a form body is decoded as a browser encodes it", "[open311]") {
    const Open311Fields f = open311::parse_form(
        "attribute%5Bwaste_kind%5D%5B%5D=ramas&attribute[waste_kind][]="
        "escombros&description=r%C3%A1mas+ca%C3%ADdas&empty=");
    REQUIRE(f.size() == 4);
    CHECK(f[0] == std::pair<std::string, std::string>{"attribute[waste_kind][]", "ramas"});
    CHECK(f[1] == std::pair<std::string, std::string>{"attribute[waste_kind][]", "escombros"});
    CHECK(f[2].second == "rámas caídas");
    CHECK(f[3] == std::pair<std::string, std::string>{"empty", ""});
}

TEST_CASE("instant_of: the recorded instant on its day, the day's start otherwise", "[open311]") {
    const Timestamp typed = utc(2026, 11, 23, 16);  // 13:00 in Santiago
    CHECK(open311::instant_of(Date(2026, 11, 23), typed) == typed);
    CHECK(open311::local_datetime(open311::instant_of(Date(2026, 9, 17), typed)) == "2026-09-17T00:00:00-03:00");
    CHECK(open311::local_datetime(open311::instant_of(Date(2026, 7, 1), typed)) == "2026-07-01T00:00:00-04:00");
}

TEST_CASE("bytes that are not UTF-8 never make an answer that is not JSON", "[open311]") {
    Desk d;
    for (const Open311Fields& f : std::vector<Open311Fields>{
             {{"service_code", "tree\xF3"}, {"address_string", "Calle 1"}},
             {{"service_code", "tree_pruning"}, {"address_string", "Calle 1"}, {"attribute[A \xF3]", "3"}},
             {{"service_code", "tree_pruning"}, {"address_string", "Calle 1"}, {"attribute[trees", "3"}},
             {{"service_code", "tree_pruning"}, {"address_string", "Calle 1"}, {"attribute[trees]", "\xF3"}}}) {
        const Open311Response r = d.db.open311().create(d.office(), f);
        CHECK((r.status == 400 || r.status == 404));
        boost::json::error_code ec;
        json::parse(r.body, ec);
        CHECK_FALSE(ec);
    }
    boost::json::error_code ec;
    json::parse(d.db.open311().request(d.office(), "x\xF3").body, ec);
    CHECK_FALSE(ec);
    json::parse(d.db.open311().service_definition(d.office(), "x\xF3").body, ec);
    CHECK_FALSE(ec);
    CHECK(d.stored() == 0);
}

TEST_CASE("a request with a photo and no media_url of its own reads its latest photo's address", "[open311]") {
    Desk d;
    const ServiceRequest lights = d.open("street_lights", "luminaria apagada");
    const ServiceRequest pruning = d.open("green_areas", "pasto");  // no photo
    const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(64, 'x');
    const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(64, 'y');
    d.db.requests().attach_photo(lights.meta.id, "image/jpeg", jpeg);
    const RequestPhoto latest = d.db.requests().attach_photo(lights.meta.id, "image/png", png);
    const std::string base = "https://omil.concon.cl/open311/v2/media";

    auto media_url = [&](const Open311Response& r) {
        REQUIRE(r.status == 200);
        return array_of(r).at(0).as_object().at("media_url");
    };
    CHECK(text(media_url(d.db.open311().request(d.office(), lights.meta.uuid, Open311Format::Json, base))) ==
          base + "/" + latest.meta.uuid);
    // A trailing '/' on the base makes no double one.
    CHECK(text(media_url(d.db.open311().request(d.office(), lights.meta.uuid, Open311Format::Json, base + "/"))) ==
          base + "/" + latest.meta.uuid);
    // Without a base, nobody can say where the photo is served: null, as before.
    CHECK(media_url(d.db.open311().request(d.office(), lights.meta.uuid)).is_null());
    CHECK(media_url(d.db.open311().request(d.office(), pruning.meta.uuid, Open311Format::Json, base)).is_null());

    // The listing says the same, and so does XML.
    const Open311Response all = d.db.open311().requests(d.office(), {}, Open311Format::Json, base);
    std::map<std::string, json::value> by_id;
    for (const auto& item : array_of(all))
        by_id[text(item.as_object().at("service_request_id"))] = item.as_object().at("media_url");
    CHECK(text(by_id.at(lights.meta.uuid)) == base + "/" + latest.meta.uuid);
    CHECK(by_id.at(pruning.meta.uuid).is_null());
    const Open311Response xml = d.db.open311().requests(d.office(), {}, Open311Format::Xml, base);
    CHECK(contains(xml.body, "<media_url>" + base + "/" + latest.meta.uuid + "</media_url>"));

    // A media_url the request was filed with stays its own, photo or not.
    const Open311Response made =
        d.db.open311().create(d.office(), {{"service_code", "street_lights"},
                                           {"address_string", "Av. Borgoño 22100"},
                                           {"media_url", "https://fotos.example.cl/poste.jpg"}});
    REQUIRE(made.status == 201);
    const std::string id = text(array_of(made).at(0).as_object().at("service_request_id"));
    const Id row = d.db.requests().list(d.office(), {.open_only = false}).back().meta.id;
    d.db.requests().attach_photo(row, "image/jpeg", jpeg);
    CHECK(text(media_url(d.db.open311().request(d.office(), id, Open311Format::Json, base))) ==
          "https://fotos.example.cl/poste.jpg");
}
