// The version, declared once in version.hpp.
#include <omilcrm/version.hpp>

#include <string>

#include "helpers.hpp"

TEST_CASE("version(): the macros of version.hpp as MAJOR.MINOR.PATCH", "[version]") {
    const std::string expected = std::to_string(OMILCRM_VERSION_MAJOR) + "." + std::to_string(OMILCRM_VERSION_MINOR) +
                                 "." + std::to_string(OMILCRM_VERSION_PATCH);
    CHECK(omilcrm::version() == expected);
}
