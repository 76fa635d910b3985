// Open311 GeoReport v2: the catalogue as services, requests as service requests.
#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/requests.hpp"
#include "text.hpp"

namespace omilcrm {

namespace open311 {

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out.push_back(ch);
                }
        }
    }
    return out;
}

std::string local_datetime(Timestamp t) {
    const int offset = detail::santiago_utc_offset_minutes(t);
    const auto local = std::chrono::floor<std::chrono::seconds>(t + std::chrono::minutes{offset});
    const auto days = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{days};
    const std::chrono::hh_mm_ss hms{local - days};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), offset < 0 ? '-' : '+', std::abs(offset) / 60,
                  std::abs(offset) % 60);
    return buf;
}

}  // namespace open311

namespace {

std::string str(std::string_view s) {
    // Appended rather than concatenated: gcc 12's -Wrestrict misreads the temporaries (Release).
    std::string out(1, '"');
    out += open311::json_escape(s);
    out += '"';
    return out;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.7f", v);
    return buf;
}

Open311Response error(int code, const std::string& description) {
    return {code, "[{\"code\":" + std::to_string(code) + ",\"description\":" + str(description) + "}]"};
}

// The end of the deadline day, in Santiago time.
Timestamp end_of_day(Date d) {
    const Timestamp noon_utc = Timestamp{std::chrono::days{d.days()}} + std::chrono::hours{12};
    const int offset = detail::santiago_utc_offset_minutes(noon_utc);
    return Timestamp{std::chrono::days{d.days()}} + std::chrono::hours{23} + std::chrono::minutes{59} +
           std::chrono::seconds{59} - std::chrono::minutes{offset};
}

std::string service_json(const ServiceCategory& c, const std::string& group) {
    std::string keywords;
    for (const auto& k : c.keywords) keywords += (keywords.empty() ? "" : ",") + k;
    return "{\"service_code\":" + str(c.code) + ",\"service_name\":" + str(c.name) +
           ",\"description\":" + str(c.description) + ",\"metadata\":" + (c.attributes.empty() ? "false" : "true") +
           ",\"type\":\"batch\",\"keywords\":" + str(keywords) + ",\"group\":" + str(group) + "}";
}

struct RequestContext {
    std::unordered_map<std::string, std::string> category_names;
    std::unordered_map<std::string, int> deadlines;
    std::unordered_map<Id, std::string> departments;
    std::unordered_map<Id, std::string> status_notes;  ///< the latest note the employer may see
};

RequestContext context(detail::DbImpl& db, Id office_id) {
    RequestContext ctx;
    ctx.status_notes = store::latest_visible_notes(db, office_id);
    for (const auto& c : ServiceCatalogue(db).list(office_id)) {
        ctx.category_names[c.code] = c.name;
        ctx.deadlines[c.code] = c.deadline_days;
    }
    for (const auto& d : Departments(db).list(office_id)) ctx.departments[d.meta.id] = d.name;
    return ctx;
}

std::string notice(const ServiceRequest& r, const RequestContext& ctx) {
    auto it = ctx.deadlines.find(r.category);
    std::string n =
        it == ctx.deadlines.end() ? std::string() : "Plazo: " + std::to_string(it->second) + " días hábiles";
    if (r.due_on) n += (n.empty() ? "Vence el " : "; vence el ") + r.due_on->iso();
    return n;
}

std::string request_json(const ServiceRequest& r, const RequestContext& ctx) {
    auto it = ctx.status_notes.find(r.meta.id);
    const std::string notes = it == ctx.status_notes.end() ? std::string() : it->second;
    std::string out =
        "{\"service_request_id\":" + str(r.meta.uuid) + ",\"status\":" + str(std::string(open311_status(r.status))) +
        ",\"status_notes\":" + str(notes) + ",\"service_name\":" +
        str(ctx.category_names.count(r.category) ? ctx.category_names.at(r.category) : r.category) +
        ",\"service_code\":" + str(r.category) + ",\"description\":" + str(r.description) + ",\"agency_responsible\":" +
        str(r.department_id && ctx.departments.count(*r.department_id) ? ctx.departments.at(*r.department_id)
                                                                       : std::string("OMIL (derivación pendiente)")) +
        ",\"service_notice\":" + str(notice(r, ctx)) +
        ",\"requested_datetime\":" + str(open311::local_datetime(r.meta.created_at)) +
        ",\"updated_datetime\":" + str(open311::local_datetime(r.meta.updated_at)) +
        ",\"expected_datetime\":" + (r.due_on ? str(open311::local_datetime(end_of_day(*r.due_on))) : "null") +
        ",\"address\":" + str(r.address) + ",\"lat\":" + (r.latitude ? number(*r.latitude) : "null") +
        ",\"long\":" + (r.longitude ? number(*r.longitude) : "null") + "}";
    return out;
}

std::optional<double> parse_double(const std::string& s) {
    const auto t = detail::trim(s);
    if (t.empty()) return std::nullopt;
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc{} || p != t.data() + t.size()) throw ValidationError("lat/long", s, "is not a number");
    return v;
}

}  // namespace

Open311Response Open311::services(Id office_id) const {
    detail::check_office(*db_, office_id);
    std::unordered_map<Id, std::string> departments;
    for (const auto& d : Departments(*db_).list(office_id)) departments[d.meta.id] = d.name;
    std::string body = "[";
    for (const auto& c : ServiceCatalogue(*db_).list(office_id)) {
        if (!c.active) continue;
        if (body.size() > 1) body += ',';
        body += service_json(c, c.department_id ? departments[*c.department_id] : std::string("OMIL"));
    }
    return {200, body + "]"};
}

Open311Response Open311::service_definition(Id office_id, std::string_view code) const {
    ServiceCategory c;
    try {
        c = ServiceCatalogue(*db_).get(office_id, code);
    } catch (const NotFound&) {
        return error(404, "no service with service_code " + std::string(code));
    }
    std::string attrs = "[";
    int order = 1;
    for (const auto& a : c.attributes) {
        if (a == "location") continue;  // lat/long or address_string, as the spec has them
        if (attrs.size() > 1) attrs += ',';
        attrs += "{\"variable\":true,\"code\":" + str(a) +
                 ",\"datatype\":\"string\",\"required\":true,"
                 "\"datatype_description\":\"\",\"order\":" +
                 std::to_string(order++) + ",\"description\":" + str(a) + "}";
    }
    return {200, "{\"service_code\":" + str(c.code) + ",\"attributes\":" + attrs + "]}"};
}

Open311Response Open311::requests(Id office_id, bool open_only) const {
    detail::check_office(*db_, office_id);
    const RequestContext ctx = context(*db_, office_id);
    std::string body = "[";
    for (const auto& r : Requests(*db_).list(office_id, {.open_only = open_only})) {
        if (body.size() > 1) body += ',';
        body += request_json(r, ctx);
    }
    return {200, body + "]"};
}

Open311Response Open311::request(Id office_id, std::string_view id) const {
    const auto found = store::find_request_id_by_uuid(*db_, office_id, id);
    if (!found) return error(404, "no service request " + std::string(id));
    const Id rid = *found;
    const RequestContext ctx = context(*db_, office_id);
    std::string body(1, '[');
    body += request_json(Requests(*db_).get(rid), ctx);
    body += ']';
    return {200, std::move(body)};
}

Open311Response Open311::create(Id office_id, const std::map<std::string, std::string>& fields) {
    auto field = [&](const char* k) {
        auto it = fields.find(k);
        return it == fields.end() ? std::string() : std::string(detail::trim(it->second));
    };
    try {
        detail::check_office(*db_, office_id);
        const std::string code = field("service_code");
        if (code.empty()) return error(400, "service_code is required");
        const auto lat = parse_double(field("lat"));
        const auto lon = parse_double(field("long"));
        const std::string address = field("address_string");
        if (!(lat && lon) && address.empty())
            return error(400, "a location is required: lat and long, or address_string");
        NewServiceRequest n;
        n.office_id = office_id;
        n.category = code;
        n.latitude = lat;
        n.longitude = lon;
        n.address = address;
        n.description = field("description");
        n.requester_email = field("email");
        n.requester_phone = field("phone");
        n.requester_name = field("first_name");
        if (!field("last_name").empty()) n.requester_name += (n.requester_name.empty() ? "" : " ") + field("last_name");
        std::string attributes;
        for (const auto& [k, v] : fields) {
            if (k.rfind("attribute[", 0) == 0 && k.back() == ']') {
                if (!attributes.empty()) attributes += ';';
                attributes += k.substr(10, k.size() - 11) + "=" + v;
            }
        }
        n.attributes = attributes;
        const ServiceRequest r = Requests(*db_).open(n);
        const RequestContext ctx = context(*db_, office_id);
        return {201, "[{\"service_request_id\":" + str(r.meta.uuid) + ",\"service_notice\":" + str(notice(r, ctx)) +
                         ",\"account_id\":null}]"};
    } catch (const ValidationError& e) {
        return error(400, e.what());
    } catch (const NotFound& e) {
        return error(404, e.what());
    }
}

}  // namespace omilcrm
