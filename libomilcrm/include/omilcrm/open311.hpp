#pragma once
// The Open311 GeoReport v2 view of service requests, for the municipal 311 tools that speak it
// (wiki.open311.org/GeoReport_v2). Each call gives an HTTP-ready answer in JSON or XML, with the
// spec's field names and types (lat and long as numbers at full precision; absent values null in
// JSON and empty elements in XML, never ""), times in ISO 8601 with the America/Santiago offset.
// `omilcrm serve` serves it at /open311/v2/ (docs/open311.md); the calls here are the same
// answers without the network. Requests filed here go through the office's own routing and
// triage (Requests::open).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "omilcrm/enums.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"

namespace omilcrm {

/// The format of an answer: the extension of the spec's paths (".json", ".xml").
enum class Open311Format { Json, Xml };
/// "json", "xml".
template <>
struct EnumNames<Open311Format> {
    static constexpr std::string_view field = "format";
    static constexpr auto names = std::to_array<std::string_view>({"json", "xml"});
};

/// An HTTP-ready answer: status 200/201 with the body, or 400/403/404 with the spec's error
/// shape (JSON `[{"code": 400, "description": "..."}]`, XML `<errors><error>...`).
struct Open311Response {
    int status = 200;
    std::string body{};
    std::string content_type = "application/json";  ///< "text/xml; charset=utf-8" for XML
};

/// A form's or a query's fields in the order sent; a name may repeat (a multi-value attribute,
/// `attribute[waste_kind][]`).
using Open311Fields = std::vector<std::pair<std::string, std::string>>;

namespace open311 {
/// "2026-11-23T10:00:00-03:00": a UTC instant in America/Santiago time with its offset.
std::string local_datetime(Timestamp t);
/// The same in a zone of the tz database: the answers give each office's times in its commune's
/// zone (territory::time_zone), "2026-07-07T10:00:00-03:00" all year in Punta Arenas.
std::string local_datetime(Timestamp t, std::string_view zone);
/// The fields of an application/x-www-form-urlencoded body ("a=1&b=%C3%B1"), or of a URL's
/// query, decoded ('+' is a space). ValidationError (field "body") for an invalid encoding.
Open311Fields parse_form(std::string_view body);
/// The spec's error answer: JSON `[{"code": status, "description": ...}]` or XML
/// `<errors><error><code/><description/></error></errors>`.
Open311Response error(int status, std::string_view description, Open311Format format = Open311Format::Json);
/// When something happened on `day` and was recorded at `recorded`: the recorded instant when it
/// falls on that day in Santiago, otherwise the start of that day (a request typed in later
/// reads as received on its day, not on the day it was typed in).
Timestamp instant_of(Date day, Timestamp recorded);
/// The same with the day read in `zone` (the office's).
Timestamp instant_of(Date day, Timestamp recorded, std::string_view zone);
}  // namespace open311

/// Open311 GeoReport v2 over the office's catalogue and requests.
class Open311 : public Repository {
public:
    using Repository::Repository;
    /// GET discovery: the endpoint at `base_url` ("https://omil.concon.cl/open311/v2"), its
    /// formats, and the office's contact (the first office of the file, or `office_id`).
    Open311Response discovery(std::string_view base_url, std::optional<Id> office_id = {},
                              Open311Format format = Open311Format::Json) const;
    /// The office whose jurisdiction_id (its commune's CUT code, "05103") this is; an empty id
    /// names the file's only office. Nothing when there is no such office, or when the file holds
    /// several and none is named.
    std::optional<Id> jurisdiction(std::string_view jurisdiction_id) const;
    /// GET services: service_code, service_name, description, metadata (true when the service
    /// has attributes), type ("realtime": a POST answers with the request's id at once),
    /// keywords, group.
    Open311Response services(Id office_id, Open311Format format = Open311Format::Json) const;
    /// GET services/{code}: the service's attributes, typed (attribute_definition()).
    Open311Response service_definition(Id office_id, std::string_view service_code,
                                       Open311Format format = Open311Format::Json) const;
    /// GET requests, with the spec's filters from `query`: service_request_id (a comma list,
    /// which overrides the rest), service_code (a comma list), status (open, closed, or both),
    /// start_date and end_date (ISO 8601; by default the 90 days up to now). At most 1,000
    /// requests, the latest first. 400 for a filter that cannot be read.
    ///
    /// A request's media_url is the one it was filed with; a request without one but with photos
    /// (Requests::attach_photo) reads `<media_base>/<uuid of its latest photo>` when `media_base`
    /// is given ("https://omil.concon.cl/open311/v2/media", where the server serves the photos),
    /// and null when it is not.
    Open311Response requests(Id office_id, const Open311Fields& query = {}, Open311Format format = Open311Format::Json,
                             std::string_view media_base = {}) const;
    /// GET requests/{id}, by the request's UUID (its service_request_id); media_url as requests()
    /// writes it.
    Open311Response request(Id office_id, std::string_view service_request_id,
                            Open311Format format = Open311Format::Json, std::string_view media_base = {}) const;
    /// POST requests with the form's fields: service_code; a place (lat and long, address_string
    /// or address_id); description (up to 4,000 characters), email, first_name, last_name,
    /// phone, zipcode, media_url, device_id, account_id; attribute[code] (and attribute[code][]
    /// for a multi-value one), each checked against the service's definition (check_attribute).
    /// api_key and jurisdiction_id are the server's to check and are ignored here. Creates and
    /// routes the request: 201 with [{"service_request_id", "service_notice", "account_id"}],
    /// 404 for an unknown service_code, or 400 with the error shape, writing nothing.
    Open311Response create(Id office_id, const Open311Fields& fields, Open311Format format = Open311Format::Json);
};

}  // namespace omilcrm
