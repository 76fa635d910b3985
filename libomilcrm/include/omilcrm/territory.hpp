#pragma once
// Chile's territory: 16 regions, 56 provinces, 346 communes with their CUT codes (Código Único
// Territorial). The data is compiled into the library; see libomilcrm/data/territory/SOURCE.md.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace omilcrm {

struct Region {
    std::string code{};          ///< "05"
    std::string name{};          ///< "Región de Valparaíso"
    std::string short_name{};    ///< "Valparaíso"
    std::string abbreviation{};  ///< "VALPO"
    std::string iso_code{};      ///< "CL-VS"
};

struct Province {
    std::string code{};  ///< "051"
    std::string name{};  ///< "Valparaíso"
    std::string region_code{};
};

struct Commune {
    std::string code{};  ///< "05103"
    std::string name{};  ///< "Concón"
    std::string province_code{};
    std::string region_code{};
};

namespace territory {

std::span<const Region> regions();
std::span<const Province> provinces();
std::span<const Commune> communes();

/// By code ("05103") or by name ignoring case, accents and spaces ("concon", "CONCÓN").
/// Returns nullptr when nothing matches.
const Commune* find_commune(std::string_view code_or_name) noexcept;
const Province* find_province(std::string_view code_or_name) noexcept;
const Region* find_region(std::string_view code_or_name) noexcept;

/// As find_commune, but throws ValidationError naming `field` and the value when unknown.
const Commune& commune(std::string_view code_or_name, std::string_view field = "commune");
const Province& province(std::string_view code_or_name, std::string_view field = "province");
const Region& region(std::string_view code_or_name, std::string_view field = "region");

/// Lower case, accents removed, spaces and punctuation dropped: "Concón" -> "concon".
std::string fold(std::string_view text);

/// The time zone of a commune (tz database name): "Pacific/Easter" for Isla de Pascua (05201),
/// "America/Punta_Arenas" for Magallanes (region 12), "America/Coyhaique" for Aysén (region 11;
/// America/Punta_Arenas with a tz database older than 2025b), "America/Santiago" for the rest.
/// An office's zone is its commune's. See omilcrm/time_zone.hpp for local times in it.
std::string_view time_zone(const Commune& commune);
/// As above for a commune by code or name; throws ValidationError naming `field` when unknown.
std::string_view time_zone(std::string_view code_or_name, std::string_view field = "commune");

}  // namespace territory
}  // namespace omilcrm
