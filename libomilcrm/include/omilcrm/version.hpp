#pragma once
// The version, declared once: CMake's project(VERSION) and the Python package's metadata are read
// from these three lines.
#include <string_view>

#define OMILCRM_VERSION_MAJOR 0
#define OMILCRM_VERSION_MINOR 1
#define OMILCRM_VERSION_PATCH 0

namespace omilcrm {
/// The library version, "MAJOR.MINOR.PATCH" from the macros above.
std::string_view version() noexcept;
}  // namespace omilcrm
