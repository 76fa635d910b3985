// Open311 GeoReport v2: the catalogue as services, requests as service requests.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/json.hpp"
#include "store/requests.hpp"
#include "text.hpp"

namespace omilcrm {

namespace open311 {

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

/// The body of an answer: compact JSON, numbers at full precision.
Open311Response answer(int status, const boost::json::value& body) { return {status, json_text(body)}; }

Open311Response error(int code, const std::string& description) {
    return answer(code, boost::json::array{boost::json::object{{"code", code}, {"description", description}}});
}

// The end of the deadline day, in Santiago time.
Timestamp end_of_day(Date d) {
    const Timestamp noon_utc = Timestamp{std::chrono::days{d.days()}} + std::chrono::hours{12};
    const int offset = detail::santiago_utc_offset_minutes(noon_utc);
    return Timestamp{std::chrono::days{d.days()}} + std::chrono::hours{23} + std::chrono::minutes{59} +
           std::chrono::seconds{59} - std::chrono::minutes{offset};
}

boost::json::object service_json(const ServiceCategory& c, const std::string& group) {
    std::string keywords;
    for (const auto& k : c.keywords) keywords += (keywords.empty() ? "" : ",") + k;
    return {{"service_code", c.code},
            {"service_name", c.name},
            {"description", c.description},
            {"metadata", !c.attributes.empty()},
            {"type", "batch"},
            {"keywords", keywords},
            {"group", group}};
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

// A coordinate as a JSON number at full precision, or null.
boost::json::value coordinate(const std::optional<double>& v) {
    if (!v) return nullptr;
    return *v;
}

boost::json::object request_json(const ServiceRequest& r, const RequestContext& ctx) {
    auto it = ctx.status_notes.find(r.meta.id);
    const std::string notes = it == ctx.status_notes.end() ? std::string() : it->second;
    auto name = ctx.category_names.find(r.category);
    const bool routed = r.department_id && ctx.departments.count(*r.department_id);
    boost::json::object o;
    o.reserve(14);
    o.emplace("service_request_id", r.meta.uuid);
    o.emplace("status", open311_status(r.status));
    o.emplace("status_notes", notes);
    o.emplace("service_name", name == ctx.category_names.end() ? r.category : name->second);
    o.emplace("service_code", r.category);
    o.emplace("description", r.description);
    o.emplace("agency_responsible",
              routed ? ctx.departments.at(*r.department_id) : std::string("OMIL (derivación pendiente)"));
    o.emplace("service_notice", notice(r, ctx));
    o.emplace("requested_datetime", open311::local_datetime(r.meta.created_at));
    o.emplace("updated_datetime", open311::local_datetime(r.meta.updated_at));
    if (r.due_on) o.emplace("expected_datetime", open311::local_datetime(end_of_day(*r.due_on)));
    else o.emplace("expected_datetime", nullptr);
    o.emplace("address", r.address);
    o.emplace("lat", coordinate(r.latitude));
    o.emplace("long", coordinate(r.longitude));
    return o;
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
    boost::json::array body;
    for (const auto& c : ServiceCatalogue(*db_).list(office_id)) {
        if (!c.active) continue;
        body.push_back(service_json(c, c.department_id ? departments[*c.department_id] : std::string("OMIL")));
    }
    return answer(200, std::move(body));
}

Open311Response Open311::service_definition(Id office_id, std::string_view code) const {
    ServiceCategory c;
    try {
        c = ServiceCatalogue(*db_).get(office_id, code);
    } catch (const NotFound&) {
        return error(404, "no service with service_code " + std::string(code));
    }
    boost::json::array attributes;
    int order = 1;
    for (const auto& a : c.attributes) {
        if (a == "location") continue;  // lat/long or address_string, as the spec has them
        attributes.push_back(boost::json::object{{"variable", true},
                                                 {"code", a},
                                                 {"datatype", "string"},
                                                 {"required", true},
                                                 {"datatype_description", ""},
                                                 {"order", order++},
                                                 {"description", a}});
    }
    return answer(200, boost::json::object{{"service_code", c.code}, {"attributes", std::move(attributes)}});
}

Open311Response Open311::requests(Id office_id, bool open_only) const {
    detail::check_office(*db_, office_id);
    const RequestContext ctx = context(*db_, office_id);
    boost::json::array body;
    for (const auto& r : Requests(*db_).list(office_id, {.open_only = open_only})) body.push_back(request_json(r, ctx));
    return answer(200, std::move(body));
}

Open311Response Open311::request(Id office_id, std::string_view id) const {
    const auto found = store::find_request_id_by_uuid(*db_, office_id, id);
    if (!found) return error(404, "no service request " + std::string(id));
    const RequestContext ctx = context(*db_, office_id);
    return answer(200, boost::json::array{request_json(Requests(*db_).get(*found), ctx)});
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
        return answer(201, boost::json::array{boost::json::object{{"service_request_id", r.meta.uuid},
                                                                  {"service_notice", notice(r, ctx)},
                                                                  {"account_id", nullptr}}});
    } catch (const ValidationError& e) {
        return error(400, e.what());
    } catch (const NotFound& e) {
        return error(404, e.what());
    }
}

}  // namespace omilcrm
