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

}  // namespace territory
}  // namespace omilcrm
