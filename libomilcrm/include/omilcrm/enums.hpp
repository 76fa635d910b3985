#pragma once
// Every enumeration's names are declared once, beside the enumeration, as a specialization of
// EnumNames:
//
//     enum class ClusterKind { IndustrialPark, TradeAssociation, ChamberOfCommerce, Other };
//     template <> struct EnumNames<ClusterKind> {
//         static constexpr std::string_view field = "kind";   // what errors call a value of it
//         static constexpr auto names = std::to_array<std::string_view>(
//             {"industrial_park", "trade_association", "chamber_of_commerce", "other"});
//     };
//
// The names are in the enumerators' order (the enumerators are 0..N-1). to_string, parse_enum,
// the valid values an error lists, the database's text, CSV cells, table columns and the Python
// package's strings and type stubs all read this one declaration.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace omilcrm {

/// Specialized beside each enumeration (see above).
template <class E>
struct EnumNames;

/// An enumeration whose names are declared with EnumNames.
template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
    EnumNames<E>::names;
    EnumNames<E>::field;
};

/// The names of E's values, in order.
template <NamedEnum E>
constexpr const auto& enum_names() noexcept {
    return EnumNames<E>::names;
}

/// The name of a value: "industrial_park". Empty for a value outside the declared ones.
template <NamedEnum E>
constexpr std::string_view to_string(E e) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < EnumNames<E>::names.size() ? EnumNames<E>::names[i] : std::string_view{};
}

/// The valid names, for messages: "industrial_park, trade_association, chamber_of_commerce, other".
template <NamedEnum E>
std::string enum_choices() {
    std::string out;
    for (auto n : EnumNames<E>::names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

namespace detail {
/// The index of `text` among `names`, compared without surrounding space, in lower case, with
/// '-' and ' ' read as '_' ("Industrial park" is "industrial_park"); throws
/// ValidationError(field, text, "expected one of ...") when none matches.
std::size_t enum_index(std::string_view text, const std::string_view* names, std::size_t count, std::string_view field);
}  // namespace detail

/// The value named by `text` (see detail::enum_index for the spellings accepted); a
/// ValidationError naming `field` and listing the valid names otherwise.
template <NamedEnum E>
E parse_enum(std::string_view text, std::string_view field = EnumNames<E>::field) {
    const auto& names = EnumNames<E>::names;
    return static_cast<E>(detail::enum_index(text, names.data(), names.size(), field));
}

}  // namespace omilcrm
