// Open311 GeoReport v2: the catalogue as services, requests as service requests, in JSON and in
// XML. Each answer is built once as JSON and written in the format asked for; the XML follows the
// spec's element names (xml_of) and is written by Boost.PropertyTree, which escapes the text.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <map>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/json.hpp"
#include "omilcrm/territory.hpp"
#include "omilcrm/time_zone.hpp"
#include "store/requests.hpp"
#include "text.hpp"

namespace omilcrm {

namespace open311 {

std::string local_datetime(Timestamp t) { return zones::local_datetime(zones::mainland, t); }

std::string local_datetime(Timestamp t, std::string_view zone) { return zones::local_datetime(zone, t); }

Open311Fields parse_form(std::string_view body) {
    Open311Fields out;
    if (body.empty()) return out;
    // Clients send "attribute[code]" as the spec writes it, with brackets RFC 3986 keeps out of a
    // query: such bytes are taken as they come (encoded here, decoded by the parser).
    std::string lenient;
    lenient.reserve(body.size());
    for (const char c : body) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || std::string_view("-._~!$&'()*+,;=:@/?%").find(c) != std::string_view::npos) {
            lenient += c;
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            lenient += '%';
            lenient += hex[u >> 4];
            lenient += hex[u & 15];
        }
    }
    if (!boost::urls::parse_query(lenient))
        throw ValidationError("body", std::string(body.substr(0, 80)), "is not a valid form encoding");
    boost::urls::encoding_opts form;
    form.space_as_plus = true;  // '+' is a space in a form
    for (const auto& p : boost::urls::params_view(lenient, form)) out.emplace_back(p.key, p.value);
    return out;
}

Timestamp instant_of(Date day, Timestamp recorded, std::string_view zone) {
    return zones::local_day(zone, recorded) == day ? recorded : zones::instant_of(zone, day);
}

Timestamp instant_of(Date day, Timestamp recorded) { return instant_of(day, recorded, zones::mainland); }

}  // namespace open311

namespace {

namespace json = boost::json;

constexpr std::size_t kMaxRequests = 1000;
constexpr auto kDefaultWindow = std::chrono::days{90};

// ---- Writing an answer ----------------------------------------------------------------------

// The element of each item of a list, by the list's name (the spec's XML).
std::string_view item_name(std::string_view list) {
    static const std::map<std::string_view, std::string_view> names = {
        {"services", "service"}, {"service_requests", "request"}, {"errors", "error"},   {"attributes", "attribute"},
        {"values", "value"},     {"endpoints", "endpoint"},       {"formats", "format"},
    };
    const auto it = names.find(list);
    return it == names.end() ? std::string_view("item") : it->second;
}

// Text XML 1.0 can hold: control characters other than tab, newline and return become U+FFFD.
std::string xml_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "\xEF\xBF\xBD";
        else out += c;
    }
    return out;
}

boost::property_tree::ptree xml_of(const json::value& v, std::string_view name) {
    boost::property_tree::ptree node;
    switch (v.kind()) {
        case json::kind::null:
            break;  // an empty element
        case json::kind::string:
            node.put_value(xml_text(v.get_string()));
            break;
        case json::kind::array:
            for (const auto& item : v.get_array())
                node.add_child(std::string(item_name(name)), xml_of(item, item_name(name)));
            break;
        case json::kind::object:
            for (const auto& [k, item] : v.get_object()) node.add_child(std::string(k), xml_of(item, k));
            break;
        default:
            node.put_value(json_text(v));  // numbers at full precision, true, false
    }
    return node;
}

// An answer: `body` is the JSON, `root` the XML's root element (a list's, or an object's).
Open311Response answer(int status, const json::value& body, std::string_view root, Open311Format format) {
    if (format == Open311Format::Json) return {status, json_text(body), "application/json"};
    boost::property_tree::ptree doc;
    doc.add_child(std::string(root), xml_of(body, root));
    std::ostringstream out;
    boost::property_tree::write_xml(out, doc, boost::property_tree::xml_writer_make_settings<std::string>(' ', 0));
    return {status, out.str(), "text/xml; charset=utf-8"};
}

Open311Response error(int code, std::string_view description, Open311Format format) {
    return open311::error(code, description, format);
}

// A text field: the text, or null when there is none.
json::value text_or_null(const std::string& s) {
    if (s.empty()) return nullptr;
    return json::string(s);
}

// The end of the deadline day, in the office's time.
Timestamp end_of_day(Date d, std::string_view zone) { return zones::end_of_day(zone, d); }

// ---- Services -------------------------------------------------------------------------------

std::vector<AttributeDefinition> attributes_of(const ServiceCategory& c) {
    std::vector<AttributeDefinition> out;
    for (const auto& a : c.attributes)
        if (a != "location") out.push_back(attribute_definition(a));  // lat/long or address: the spec's own
    return out;
}

json::object service_json(const ServiceCategory& c, const std::string& group) {
    std::string keywords;
    for (const auto& k : c.keywords) keywords += (keywords.empty() ? "" : ",") + k;
    return {{"service_code", c.code},
            {"service_name", c.name},
            {"description", text_or_null(c.description)},
            {"metadata", !attributes_of(c).empty()},
            {"type", "realtime"},
            {"keywords", text_or_null(keywords)},
            {"group", group}};
}

json::object attribute_json(const AttributeDefinition& d, int order) {
    json::object o{{"variable", true},
                   {"code", d.code},
                   {"datatype", to_string(d.datatype)},
                   {"required", d.required},
                   {"datatype_description", text_or_null(d.datatype_description)},
                   {"order", order},
                   {"description", d.description}};
    if (!d.values.empty()) {
        json::array values;
        for (const auto& v : d.values) values.push_back(json::object{{"key", v.key}, {"name", v.name}});
        o["values"] = std::move(values);
    }
    return o;
}

// ---- Requests -------------------------------------------------------------------------------

struct RequestContext {
    std::unordered_map<std::string, std::string> category_names;
    std::unordered_map<std::string, int> deadlines;
    std::unordered_map<Id, std::string> departments;
    std::unordered_map<Id, std::string> status_notes;  ///< the latest note the employer may see
    std::unordered_map<Id, store::LastChange> changes;
    std::string media_base;                      ///< where photos are served, without a trailing '/'
    std::unordered_map<Id, std::string> photos;  ///< the latest photo's UUID, when media_base is given
    std::string zone{zones::mainland};           ///< the office's time zone (its commune's)
};

// The office's time zone: its commune's.
std::string zone_of_office(detail::DbImpl& db, Id office_id) {
    return std::string(Offices(db).get(office_id).time_zone());
}

// What the requests' answers need, read once per answer; `only`: the one request answered (its
// notes, changes and photos alone, not the office's).
RequestContext context(detail::DbImpl& db, Id office_id, std::string_view media_base = {},
                       std::optional<Id> only = {}) {
    RequestContext ctx;
    ctx.zone = zone_of_office(db, office_id);
    while (!media_base.empty() && media_base.back() == '/') media_base.remove_suffix(1);
    if (!media_base.empty()) {
        ctx.media_base = std::string(media_base);
        ctx.photos = store::latest_photos(db, office_id, only);
    }
    ctx.status_notes = store::latest_visible_notes(db, office_id, only);
    ctx.changes = store::last_changes(db, office_id, only);
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

// When the request was received, and when it last changed (never before it was received).
Timestamp requested_at(const ServiceRequest& r, std::string_view zone) {
    return open311::instant_of(r.received_on, r.meta.created_at, zone);
}

Timestamp updated_at(const ServiceRequest& r, const RequestContext& ctx) {
    const auto it = ctx.changes.find(r.meta.id);
    const Timestamp t = it == ctx.changes.end() ? requested_at(r, ctx.zone)
                                                : open311::instant_of(it->second.on, it->second.recorded, ctx.zone);
    return std::max(t, requested_at(r, ctx.zone));
}

// A coordinate as a JSON number at full precision, or null.
json::value coordinate(const std::optional<double>& v) {
    if (!v) return nullptr;
    return *v;
}

json::object request_json(const ServiceRequest& r, const RequestContext& ctx) {
    auto it = ctx.status_notes.find(r.meta.id);
    auto name = ctx.category_names.find(r.category);
    const bool routed = r.department_id && ctx.departments.count(*r.department_id);
    json::object o;
    o.reserve(17);
    o.emplace("service_request_id", r.meta.uuid);
    o.emplace("status", open311_status(r.status));
    o.emplace("status_notes", it == ctx.status_notes.end() ? json::value(nullptr) : json::value(it->second));
    o.emplace("service_name", name == ctx.category_names.end() ? r.category : name->second);
    o.emplace("service_code", r.category);
    o.emplace("description", text_or_null(r.description));
    o.emplace("agency_responsible",
              routed ? ctx.departments.at(*r.department_id) : std::string("OMIL (derivación pendiente)"));
    o.emplace("service_notice", text_or_null(notice(r, ctx)));
    o.emplace("requested_datetime", open311::local_datetime(requested_at(r, ctx.zone), ctx.zone));
    o.emplace("updated_datetime", open311::local_datetime(updated_at(r, ctx), ctx.zone));
    if (r.due_on) o.emplace("expected_datetime", open311::local_datetime(end_of_day(*r.due_on, ctx.zone), ctx.zone));
    else o.emplace("expected_datetime", nullptr);
    o.emplace("address", text_or_null(r.address));
    o.emplace("address_id", text_or_null(r.address_id));
    o.emplace("zipcode", text_or_null(r.zipcode));
    o.emplace("lat", coordinate(r.latitude));
    o.emplace("long", coordinate(r.longitude));
    if (r.media_url.empty() && !ctx.media_base.empty()) {
        // A photo uploaded with the request, where the server serves it.
        const auto photo = ctx.photos.find(r.meta.id);
        o.emplace("media_url",
                  photo == ctx.photos.end() ? json::value(nullptr) : json::value(ctx.media_base + "/" + photo->second));
    } else {
        o.emplace("media_url", text_or_null(r.media_url));
    }
    return o;
}

// ---- Reading a form or a query ---------------------------------------------------------------

// The last non-empty value of `name` (an empty argument is the same as none).
std::string field(const Open311Fields& fields, std::string_view name) {
    std::string out;
    for (const auto& [k, v] : fields)
        if (k == name && !detail::trim(v).empty()) out = std::string(detail::trim(v));
    return out;
}

std::optional<double> parse_double(const std::string& name, const std::string& s) {
    if (s.empty()) return std::nullopt;
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) throw ValidationError(name, s, "is not a number");
    return v;
}

// start_date/end_date: a W3C datetime ("2026-11-23T10:00:00-03:00", "...Z") or a day.
std::optional<Timestamp> parse_when(const std::string& name, const std::string& s, std::string_view zone) {
    if (s.empty()) return std::nullopt;
    if (s.size() == 10) return zones::instant_of(zone, Date::parse(s, name));
    return parse_timestamp(s, name);
}

struct Filter {
    std::vector<std::string> ids;
    std::unordered_set<std::string> codes;
    std::optional<bool> open;  ///< empty: both
    Timestamp start{}, end{};
};

Filter read_filter(const Open311Fields& query, Timestamp now, std::string_view zone) {
    Filter f;
    detail::for_each_item(field(query, "service_request_id"), [&](std::string_view id) { f.ids.emplace_back(id); });
    detail::for_each_item(field(query, "service_code"), [&](std::string_view c) { f.codes.emplace(c); });
    std::unordered_set<std::string> statuses;
    detail::for_each_item(field(query, "status"), [&](std::string_view s) {
        if (s != "open" && s != "closed")
            throw ValidationError("status", std::string(s), "must be open or closed (or both, as open,closed)");
        statuses.emplace(s);
    });
    if (statuses.size() == 1) f.open = statuses.count("open") > 0;
    const auto start = parse_when("start_date", field(query, "start_date"), zone);
    const auto end = parse_when("end_date", field(query, "end_date"), zone);
    if (start && end && *end < *start)
        throw ValidationError("end_date", field(query, "end_date"), "is before start_date");
    // The spec's default: the last 90 days; a bound given alone reaches 90 days from it.
    f.end = end ? *end : start ? *start + kDefaultWindow : now;
    f.start = start ? *start : f.end - kDefaultWindow;
    return f;
}

// attribute[code] and attribute[code][] as "code=v1;code2=a,b" (Requests::open's form).
std::string attributes_of(const Open311Fields& fields) {
    std::map<std::string, std::vector<std::string>> given;
    for (const auto& [k, v] : fields) {
        if (k.rfind("attribute[", 0) != 0) continue;
        std::string_view code(k);
        code.remove_prefix(10);
        if (code.size() >= 3 && code.substr(code.size() - 3) == "][]") code.remove_suffix(3);
        else if (!code.empty() && code.back() == ']') code.remove_suffix(1);
        else throw ValidationError("attribute", k, "is not attribute[code] or attribute[code][]");
        const std::string name(detail::trim(code));
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
            }))
            throw ValidationError("attribute", k, "does not name an attribute (attribute[code] or attribute[code][])");
        if (v.find(';') != std::string::npos)
            throw ValidationError("attribute[" + name + "]", v, "may not contain ';'");
        given[name].push_back(v);
    }
    std::string out;
    for (const auto& [name, values] : given) {
        std::string joined;
        for (const auto& v : values) joined += (joined.empty() ? "" : ",") + v;
        out += (out.empty() ? "" : ";") + name + "=" + joined;
    }
    return out;
}

}  // namespace

Open311Response open311::error(int status, std::string_view description, Open311Format format) {
    return answer(status, json::array{json::object{{"code", status}, {"description", description}}}, "errors", format);
}

// ---- The calls --------------------------------------------------------------------------------

Open311Response Open311::discovery(std::string_view base_url, std::optional<Id> office_id, Open311Format format) const {
    const auto offices = Offices(*db_).list();
    std::string contact = "OMIL";
    for (const auto& o : offices) {
        if (office_id && o.meta.id != *office_id) continue;
        contact = o.name;
        if (!o.email.empty()) contact += ", " + o.email;
        if (!o.phone.empty()) contact += ", " + o.phone;
        break;
    }
    std::string base(base_url);
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string changeset = open311::local_datetime(Timestamp{std::chrono::days{Date(2026, 12, 5).days()}});
    json::object endpoint{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                          {"url", base},
                          {"changeset", changeset},
                          {"type", "production"},
                          {"formats", json::array{"text/xml", "application/json"}}};
    json::object body{{"changeset", changeset},
                      {"contact", contact},
                      {"key_service",
                       "Pida una clave (api_key) a la OMIL: omilcrm token create --role integrator "
                       "--resources requests --write"},
                      {"endpoints", json::array{std::move(endpoint)}}};
    return answer(200, body, "discovery", format);
}

std::optional<Id> Open311::jurisdiction(std::string_view jurisdiction_id) const {
    const auto offices = Offices(*db_).list();
    const std::string_view wanted = detail::trim(jurisdiction_id);
    if (wanted.empty()) return offices.size() == 1 ? std::optional<Id>(offices.front().meta.id) : std::nullopt;
    for (const auto& o : offices)
        if (o.commune_code == wanted) return o.meta.id;
    return std::nullopt;
}

Open311Response Open311::services(Id office_id, Open311Format format) const {
    detail::check_office(*db_, office_id);
    std::unordered_map<Id, std::string> departments;
    for (const auto& d : Departments(*db_).list(office_id)) departments[d.meta.id] = d.name;
    json::array body;
    for (const auto& c : ServiceCatalogue(*db_).list(office_id)) {
        if (!c.active) continue;
        body.push_back(service_json(c, c.department_id ? departments[*c.department_id] : std::string("OMIL")));
    }
    return answer(200, body, "services", format);
}

Open311Response Open311::service_definition(Id office_id, std::string_view code, Open311Format format) const {
    ServiceCategory c;
    try {
        c = ServiceCatalogue(*db_).get(office_id, code);
    } catch (const Error&) {  // none by that code, or a code that is not even text
        return error(404, "service_code " + detail::printable(code) + " is not a service of this jurisdiction", format);
    }
    json::array attributes;
    int order = 1;
    for (const auto& d : attributes_of(c)) attributes.push_back(attribute_json(d, order++));
    return answer(200, json::object{{"service_code", c.code}, {"attributes", std::move(attributes)}},
                  "service_definition", format);
}

Open311Response Open311::requests(Id office_id, const Open311Fields& query, Open311Format format,
                                  std::string_view media_base) const {
    detail::check_office(*db_, office_id);
    const RequestContext ctx = context(*db_, office_id, media_base);
    Filter f;
    try {
        f = read_filter(query, now(), ctx.zone);
    } catch (const ValidationError& e) {
        return error(400, e.what(), format);
    }
    std::vector<ServiceRequest> found;
    if (!f.ids.empty()) {
        // A list of ids overrides every other argument.
        for (const auto& id : f.ids)
            if (const auto row = store::find_request_id_by_uuid(*db_, office_id, id))
                found.push_back(Requests(*db_).get(*row));
    } else {
        for (auto& r : Requests(*db_).list(office_id, {.open_only = false})) {
            if (!f.codes.empty() && !f.codes.count(r.category)) continue;
            if (f.open && is_open(r.status) != *f.open) continue;
            const Timestamp at = requested_at(r, ctx.zone);
            if (at < f.start || at > f.end) continue;
            found.push_back(std::move(r));
        }
        std::stable_sort(found.begin(), found.end(), [&](const ServiceRequest& a, const ServiceRequest& b) {
            return requested_at(a, ctx.zone) > requested_at(b, ctx.zone);
        });
        if (found.size() > kMaxRequests) found.resize(kMaxRequests);
    }
    json::array body;
    for (const auto& r : found) body.push_back(request_json(r, ctx));
    return answer(200, body, "service_requests", format);
}

Open311Response Open311::request(Id office_id, std::string_view id, Open311Format format,
                                 std::string_view media_base) const {
    // An id that is not even text is no request of this jurisdiction either.
    const auto found = detail::is_utf8(id) ? store::find_request_id_by_uuid(*db_, office_id, id) : std::nullopt;
    if (!found)
        return error(404, "service_request_id " + detail::printable(id) + " is not a request of this jurisdiction",
                     format);
    const RequestContext ctx = context(*db_, office_id, media_base, *found);
    return answer(200, json::array{request_json(Requests(*db_).get(*found), ctx)}, "service_requests", format);
}

Open311Response Open311::create(Id office_id, const Open311Fields& fields, Open311Format format) {
    try {
        detail::check_office(*db_, office_id);
        const std::string code = field(fields, "service_code");
        if (code.empty()) return error(400, "service_code is required", format);
        try {
            ServiceCatalogue(*db_).get(office_id, code);
        } catch (const NotFound&) {
            return error(404, "service_code " + detail::printable(code) + " is not a service of this jurisdiction",
                         format);
        }
        const auto lat = parse_double("lat", field(fields, "lat"));
        const auto lon = parse_double("long", field(fields, "long"));
        if (lat.has_value() != lon.has_value()) return error(400, "lat and long go together", format);
        NewServiceRequest n;
        n.office_id = office_id;
        n.category = code;
        n.latitude = lat;
        n.longitude = lon;
        n.address = field(fields, "address_string");
        n.address_id = field(fields, "address_id");
        if (!lat && n.address.empty() && n.address_id.empty())
            return error(400, "a location is required: lat and long, address_string or address_id", format);
        n.zipcode = field(fields, "zipcode");
        n.media_url = field(fields, "media_url");
        n.description = field(fields, "description");
        n.requester_email = field(fields, "email");
        n.requester_phone = field(fields, "phone");
        n.requester_name = field(fields, "first_name");
        if (const auto last = field(fields, "last_name"); !last.empty())
            n.requester_name += (n.requester_name.empty() ? "" : " ") + last;
        n.attributes = attributes_of(fields);
        const ServiceRequest r = Requests(*db_).open(n);
        const RequestContext ctx = context(*db_, office_id, {}, r.meta.id);
        const std::string account = field(fields, "account_id");
        return answer(201,
                      json::array{json::object{{"service_request_id", r.meta.uuid},
                                               {"service_notice", text_or_null(notice(r, ctx))},
                                               {"account_id", text_or_null(account)}}},
                      "service_requests", format);
    } catch (const ValidationError& e) {
        return error(400, e.what(), format);
    } catch (const NotFound& e) {
        return error(404, e.what(), format);
    }
}

}  // namespace omilcrm
