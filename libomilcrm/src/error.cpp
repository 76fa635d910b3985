#include "omilcrm/error.hpp"

#include "text.hpp"

namespace omilcrm {

ValidationError::ValidationError(std::string field, std::string value, const std::string& why)
    : Error("invalid " + field + " \"" + detail::printable(value) + "\": " + why),
      field_(std::move(field)),
      value_(detail::is_utf8(value) ? std::move(value) : detail::printable(value)),
      reason_(why) {}

Forbidden::Forbidden(std::string field, std::string value, const std::string& why)
    : Error("refused " + field + " \"" + detail::printable(value) + "\": " + why),
      field_(std::move(field)),
      value_(detail::is_utf8(value) ? std::move(value) : detail::printable(value)),
      reason_(why) {}

NotFound::NotFound(const std::string& what, const std::string& key)
    : Error(what + " " + detail::printable(key) + " not found") {}

}  // namespace omilcrm
