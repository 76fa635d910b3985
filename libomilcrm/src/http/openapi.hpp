#pragma once
#include <boost/json/object.hpp>

#include "http/router.hpp"

namespace omilcrm::http::detail {

/// The OpenAPI 3.1 document of the routes.
boost::json::object openapi_document(const Routes& routes);

}  // namespace omilcrm::http::detail
