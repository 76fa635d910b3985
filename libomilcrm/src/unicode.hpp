#pragma once
// Code points of UTF-8 text, and the characters people paste that stand for ASCII ones (not public;
// defined in text.cpp).
#include <cstddef>
#include <string_view>

namespace omilcrm::detail {

/// The code point of the UTF-8 sequence at s[i], moving i past it; a byte that does not start a
/// well-formed sequence gives U+FFFD and moves i by one.
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept;
/// True for the spaces text pasted from spreadsheets, word processors and web forms carries: ASCII
/// blanks (space, tab, CR, LF, VT, FF), no-break and narrow no-break spaces, the Unicode spaces
/// U+2000..U+200B, U+205F, U+3000 and the byte-order mark.
bool is_space(char32_t c) noexcept;
/// True for hyphens, dashes and minus signs that stand for '-' when people type or paste text:
/// U+2010..U+2015, U+2212, U+FE58, U+FE63, U+FF0D.
bool is_dash(char32_t c) noexcept;
/// The ASCII character a full-width form (U+FF01..U+FF5E) stands for, or `c` itself.
char32_t narrow(char32_t c) noexcept;

}  // namespace omilcrm::detail
