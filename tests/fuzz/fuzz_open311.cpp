// Fuzz target for Open311::create, the POST requests.json of GeoReport v2: the input is the
// request's application/x-www-form-urlencoded body, decoded as a web server would, and the fields go
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

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// '+' is a space, %XX a byte; a '%' without two hex digits stays as it is.
std::string unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// "a=1&b=2": the first value of each name counts, as most frameworks' form.get() does.
std::map<std::string, std::string> decode_form(std::string_view body) {
    std::map<std::string, std::string> fields;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const auto pair = body.substr(0, amp);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            fields.emplace(unescape(pair.substr(0, eq)),
                           eq == std::string_view::npos ? std::string() : unescape(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos) break;
        body.remove_prefix(amp + 1);
    }
    return fields;
}

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

void check(Office& office, const std::map<std::string, std::string>& fields, const Open311Response& r) {
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
    expect(o.contains("account_id") && o.at("account_id").is_null(), "a 201 carries account_id null");

    const std::string id(o.at("service_request_id").as_string());
    const Open311Response read = office.db.open311().request(office.id, id);
    expect(read.status == 200, "a request just created is found by its service_request_id");
    const json::object got = only_object(read);
    expect(is_string(got, "service_request_id") && got.at("service_request_id").as_string() == id,
           "the request read back has its service_request_id");
    auto it = fields.find("description");
    std::string description = it == fields.end() ? std::string() : it->second;
    constexpr std::string_view ws = " \t\r\n";
    description.erase(0, description.find_first_not_of(ws));
    description.erase(description.find_last_not_of(ws) + 1);
    expect(is_string(got, "description") && got.at("description").as_string() == description,
           "the request read back has the description sent, trimmed");
}

}  // namespace

bool open311(std::string_view input) {
    static Office office;
    const auto fields = decode_form(input);
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
