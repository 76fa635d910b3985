#pragma once
// ISCO-08, the International Standard Classification of Occupations (Chile's CIUO-08.CL uses the
// same codes): 10 major, 43 sub-major, 130 minor and 436 unit groups, compiled into the library
// from libomilcrm/data/isco08 (English labels from ESCO, CC BY 4.0, European Commission; Spanish
// titles, CIUO-08, from the International Labour Organization).
#include <span>
#include <vector>
#include <string>
#include <string_view>

namespace omilcrm {

struct Occupation {
    std::string code{};      ///< "9333": one digit per level
    int level = 0;           ///< 1 major, 2 sub-major, 3 minor, 4 unit group
    std::string label{};     ///< "Freight handlers"
    std::string label_es{};  ///< "Peones de carga": the CIUO-08 title in Spanish
};

namespace isco {

/// Every group, in code order.
std::span<const Occupation> all();
/// The group with this code (any level); nullptr when there is none.
const Occupation* find(std::string_view code) noexcept;
/// As find(), but throws ValidationError naming `field` and the value when the code is unknown.
/// With `unit_only`, only 4-digit unit groups are accepted.
const Occupation& occupation(std::string_view code, std::string_view field = "occupation", bool unit_only = false);
/// The groups above `code`, from the major group down to the code itself ("9333" -> 9, 93, 933, 9333).
/// Throws ValidationError (field "occupation") when the code is unknown.
std::vector<const Occupation*> path(std::string_view code);
/// How many leading levels two codes share (0-4): "9333" and "9334" share 3 (minor group 933).
/// Only the leading digits count; the codes need not exist ("93" and "9333" share 2).
int shared_levels(std::string_view a, std::string_view b) noexcept;

}  // namespace isco
}  // namespace omilcrm
