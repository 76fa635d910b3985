#pragma once
// The Open311 GeoReport v2 view of service requests, for the municipal 311 tools that speak it.
// JSON in the spec's field names and types (written with omilcrm/json.hpp: lat and long as numbers
// at full precision); times in ISO 8601 with the America/Santiago offset.
#include <map>
#include <string>
#include <string_view>

#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"

namespace omilcrm {

/// An HTTP-ready answer: status 200/201 with the body, or 400/404 with the spec's error shape
/// `[{"code": 400, "description": "..."}]`.
struct Open311Response {
    int status = 200;
    std::string body{};
};

namespace open311 {
/// "2026-11-23T10:00:00-03:00": a UTC instant in America/Santiago time with its offset.
std::string local_datetime(Timestamp t);
}  // namespace open311

/// Open311 GeoReport v2 over the office's catalogue and requests.
class Open311 : public Repository {
public:
    using Repository::Repository;
    /// GET services.json: service_code, service_name, description, metadata, type, keywords, group.
    Open311Response services(Id office_id) const;
    /// GET services/{code}.json: the attributes a request must carry.
    Open311Response service_definition(Id office_id, std::string_view service_code) const;
    /// GET requests.json: every request of the office (open ones only with open_only).
    Open311Response requests(Id office_id, bool open_only = false) const;
    /// GET requests/{id}.json, by the request's UUID (its service_request_id).
    Open311Response request(Id office_id, std::string_view service_request_id) const;
    /// POST requests.json with the form's fields (service_code, lat/long or address_string,
    /// description, email, first_name, last_name, phone, attribute[code]). Creates and routes
    /// the request: 201 with [{"service_request_id", "service_notice", "account_id"}], or 400
    /// with the error shape, writing nothing.
    Open311Response create(Id office_id, const std::map<std::string, std::string>& fields);
};

}  // namespace omilcrm
