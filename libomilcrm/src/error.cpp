#include "omilcrm/error.hpp"

namespace omilcrm {

ValidationError::ValidationError(std::string field, std::string value, const std::string& why)
    : Error("invalid " + field + " \"" + value + "\": " + why),
      field_(std::move(field)),
      value_(std::move(value)),
      reason_(why) {}

NotFound::NotFound(const std::string& what, const std::string& key)
    : Error(what + " " + key + " not found") {}

}  // namespace omilcrm
