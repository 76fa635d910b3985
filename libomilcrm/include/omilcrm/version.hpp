#pragma once
#include <string_view>

namespace omilcrm {
/// The library version, "0.1.0".
std::string_view version() noexcept;
}  // namespace omilcrm
