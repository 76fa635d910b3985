#pragma once
// Small text helpers shared by the library's sources (not public).
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"

namespace omilcrm::detail {

std::string_view trim(std::string_view s) noexcept;
/// Lower case ASCII, Spanish accents and ñ folded to plain letters, spaces and punctuation
/// dropped: "Concón" -> "concon", "Los Ángeles" -> "losangeles".
std::string fold_text(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
int santiago_utc_offset_minutes(Timestamp t);

}  // namespace omilcrm::detail
