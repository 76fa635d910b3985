#pragma once
// The Open311 GeoReport v2 view of service requests, for the municipal 311 tools that speak it.
// JSON in the spec's field names and types; times in ISO 8601 with the America/Santiago offset.
#include <map>
#include <string>

#include "omilcrm/record.hpp"

namespace omilcrm {

/// An HTTP-ready answer: status 200/201 with the body, or 400/404 with the spec's error shape
/// `[{"code": 400, "description": "..."}]`.
struct Open311Response {
    int status = 200;
    std::string body{};
};

namespace open311 {
/// Escapes text for a JSON string (without the quotes).
std::string json_escape(std::string_view text);
/// "2026-11-23T10:00:00-03:00": a UTC instant in America/Santiago time with its offset.
std::string local_datetime(Timestamp t);
}  // namespace open311

}  // namespace omilcrm
