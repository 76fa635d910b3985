#pragma once
// Small text helpers shared by the library's sources (not public).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/enums.hpp"
#include "omilcrm/error.hpp"

#include "omilcrm/date.hpp"

namespace omilcrm::detail {

/// The longest text a field of a record may hold (1 MiB): a name, a note or a description.
inline constexpr std::size_t kMaxTextBytes = 1 << 20;

std::string_view trim(std::string_view s) noexcept;
/// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
/// U+10FFFF).
bool is_utf8(std::string_view s) noexcept;
/// The number of characters (code points) of UTF-8 text: its bytes that do not continue one.
std::size_t code_points(std::string_view s) noexcept;
/// `s` made safe to show in a message or a terminal: bytes that are not UTF-8 become \xNN,
/// control characters (NUL, ESC, CR, LF, ...) become \n, \r, \t or \xNN; nothing else changes.
std::string printable(std::string_view s);
/// Checks a text field at a way in: well-formed UTF-8, no NUL, at most `max_bytes` bytes.
/// Throws ValidationError naming `field` (with the value shown printable and cut short).
void check_text(const char* field, std::string_view value, std::size_t max_bytes = kMaxTextBytes);
/// The plain lower-case letter for a Latin-1 letter written in UTF-8 as C3 `second` (Á á É é
/// Í í Ó ó Ú ú Ü ü Ñ ñ and the other accented vowels, Ç ç, Ý ý ÿ); 0 for the rest (× ÷ Æ ß ...).
char fold_latin1(unsigned char second) noexcept;
/// Lower case ASCII; accents and ñ folded to plain letters, composed (NFC) or not (NFD); full-width
/// forms as ASCII; spaces, dashes, quotes, punctuation dropped: "O’Higgins Ñuñoa" -> "ohigginsnunoa".
std::string fold_text(std::string_view s);
/// "09:30" for a minute of the day (0 to 1439; later minutes wrap past midnight).
std::string hhmm(int minute);
std::vector<std::string_view> split(std::string_view s, char sep);
/// "a,b,c" from {"a", "b", "c"} (how lists are stored in one column).
std::string join_list(const std::vector<std::string>& items, char sep = ',');
/// The non-empty, trimmed items of a stored list.
std::vector<std::string> split_list(std::string_view s, char sep = ',');
/// f(item) for each item split_list() would give, without allocating.
template <class F>
void for_each_item(std::string_view s, F&& f, char sep = ',') {
    while (true) {
        const auto pos = s.find(sep);
        if (const auto item = trim(s.substr(0, pos)); !item.empty()) f(item);
        if (pos == std::string_view::npos) return;
        s.remove_prefix(pos + 1);
    }
}

/// The index of `text` among `names` (case ignored, '-' and ' ' read as '_'); throws
/// ValidationError naming `field` and listing the accepted names.
template <std::size_t N>
std::size_t index_of(std::string_view text, const std::array<std::string_view, N>& names, const char* field) {
    return enum_index(text, names.data(), N, field);
}

}  // namespace omilcrm::detail
