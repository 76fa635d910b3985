// Fuzz target for Open311::create, the POST requests.json of GeoReport v2: the input is the
// request's application/x-www-form-urlencoded body, decoded as the server does (parse_form; an
// invalid encoding is a ValidationError the server answers with 400), and the fields go
// to create() for the Concón office of an in-memory database. Every answer is 201, 400 or 404 with
// a body that is the spec's JSON; a 201's request can be read back with the same description;
// no exception but omilcrm::Error's escapes. Each input runs in a transaction that is rolled back,
// so inputs do not see each other.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/json/parse.hpp>

#include "fuzz.hpp"
#include "omilcrm/omilcrm.hpp"

namespace omfuzz {

namespace {

using namespace omilcrm;
namespace json = boost::json;

struct Office {
    Database db;
    Id id = 0;

    Office() : db(Database::open(":memory:", {.clock = std::make_shared<FixedClock>(Date(2026, 11, 23))})) {
        id = db.offices()
                 .add({.name = "OMIL Concón",
                       .commune = "concon",
                       .address = "Santa Laura 567",
                       .email = "omil@concon.cl",
                       .phone = "(32) 212 3456"})
                 .meta.id;
    }
};

// The body as JSON: an array of one object (the spec's shape for both answers and errors).
json::object only_object(const Open311Response& r) {
    json::error_code ec;
    json::value v = json::parse(r.body, ec);  // also refuses bytes that are not UTF-8
    expect(!ec, "the body is JSON");
    expect(v.is_array() && v.as_array().size() == 1 && v.as_array()[0].is_object(),
           "the body is an array of one object");
    return v.as_array()[0].as_object();
}

bool is_string(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string();
}

void check(Office& office, const Open311Fields& fields, const Open311Response& r) {
    expect(r.status == 201 || r.status == 400 || r.status == 404, "the status is 201, 400 or 404");
    const json::object o = only_object(r);
    if (r.status != 201) {
        const auto* code = o.if_contains("code");
        expect(code && code->is_int64() && code->as_int64() == r.status, "an error carries its code");
        expect(is_string(o, "description"), "an error carries a description");
        return;
    }
    expect(is_string(o, "service_request_id") && !o.at("service_request_id").as_string().empty(),
           "a 201 carries the service_request_id");
    expect(is_string(o, "service_notice"), "a 201 carries the service_notice");
    expect(o.contains("account_id"), "a 201 carries account_id");

    const std::string id(o.at("service_request_id").as_string());
    const Open311Response read = office.db.open311().request(office.id, id);
    expect(read.status == 200, "a request just created is found by its service_request_id");
    const json::object got = only_object(read);
    expect(is_string(got, "service_request_id") && got.at("service_request_id").as_string() == id,
           "the request read back has its service_request_id");
    // The last non-empty description sent, trimmed; none reads null.
    std::string description;
    constexpr std::string_view ws = " \t\r\n";
    for (const auto& [k, v] : fields) {
        if (k != "description") continue;
        std::string t = v;
        t.erase(0, t.find_first_not_of(ws));
        t.erase(t.find_last_not_of(ws) + 1);
        if (!t.empty()) description = t;
    }
    if (description.empty()) expect(got.at("description").is_null(), "no description reads null");
    else
        expect(is_string(got, "description") && got.at("description").as_string() == description,
               "the request read back has the description sent, trimmed");
}

}  // namespace

bool open311(std::string_view input) {
    static Office office;
    Open311Fields fields;
    try {
        fields = open311::parse_form(input);
    } catch (const ValidationError&) {
        return false;  // not a form: the server's 400
    }
    // One input in twenty-three asks for an office that does not exist.
    const Id office_id = input.size() % 23 == 22 ? office.id + 1000 : office.id;
    Transaction rollback = office.db.transaction();
    std::optional<Open311Response> r;
    try {
        r = office.db.open311().create(office_id, fields);
    } catch (const Error&) {
        return false;  // a refusal the caller answers with its own error page
    }
    check(office, fields, *r);
    if (office_id != office.id) expect(r->status == 404, "an office that does not exist is a 404");
    return r->status == 201;
}

}  // namespace omfuzz

OMILCRM_FUZZ_ENTRY(omfuzz::open311)
