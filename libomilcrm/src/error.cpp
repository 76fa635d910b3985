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

namespace {
std::string schema_version_message(const std::string& path, int file, int supported, const std::string& how) {
    const std::string name = "\"" + detail::printable(path) + "\"";
    if (file > supported)
        return name + " was written by a newer omilcrm: schema " + std::to_string(file) +
               ", this omilcrm reads up to " + std::to_string(supported) +
               "; open it with a newer omilcrm (nothing was changed)";
    return name + " has schema version " + std::to_string(file) + ", older than the " + std::to_string(supported) +
           " this omilcrm reads; " + how;
}
}  // namespace

SchemaVersionError::SchemaVersionError(std::string path, int file_version, int supported_version,
                                       const std::string& how_to_upgrade)
    : StorageError(schema_version_message(path, file_version, supported_version, how_to_upgrade)),
      path_(std::move(path)),
      file_version_(file_version),
      supported_version_(supported_version) {}

}  // namespace omilcrm
