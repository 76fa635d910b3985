#pragma once
// CIIU4.CL 2012, Chile's classification of economic activities (INE's adaptation of ISIC Rev. 4,
// the one INE and the SII use), compiled into the library from libomilcrm/data/ciiu4cl: 21
// sections, 89 divisions, 238 groups, 419 classes and 486 subclasses, with their Spanish labels.
// An employer's `activity` is one of these codes, so employers can be grouped by industry.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace omilcrm {

struct Activity {
    std::string code{};     ///< "A" (sección), "49" (división), "492" (grupo), "4923" (clase), "49230" (subclase)
    int level = 0;          ///< 1 section, 2 division, 3 group, 4 class, 5 subclass
    std::string label{};    ///< "Transporte de carga por carretera"
    std::string section{};  ///< the section's letter, "H" (the code itself for a section)
};

namespace ciiu {

/// Every code, in the classification's order (each section followed by its divisions, ...).
std::span<const Activity> all();
/// The activity with this code (any level; surrounding spaces ignored, a section's letter in
/// either case); nullptr when there is none. A six-digit SII activity code is not looked up here
/// (see activity()).
const Activity* find(std::string_view code) noexcept;
/// As find(), and a six-digit SII activity code ("492300") is read as the CIIU4.CL subclass its
/// first five digits name, or else the class its first four do. Throws ValidationError naming
/// `field` and the value when there is no such code; when the code lost its leading zero (as a
/// spreadsheet leaves "01110"), the message says which code was meant.
const Activity& activity(std::string_view code, std::string_view field = "activity");
/// The codes above `code`, from its section down to the code itself ("49230" -> H, 49, 492,
/// 4923, 49230). Throws as activity().
std::vector<const Activity*> path(std::string_view code);
/// Activities whose label contains every word of `words` (case, accents and punctuation
/// ignored), deepest first within the classification's order, at most `limit`:
/// search("transporte carga") -> 4923 ... Empty words give none.
std::vector<const Activity*> search(std::string_view words, std::size_t limit = 10);

}  // namespace ciiu
}  // namespace omilcrm
