#include "text.hpp"

#include "html.hpp"
#include "unicode.hpp"

namespace omilcrm::detail {

namespace {
// The length of the UTF-8 sequence starting at s[i], or 0 when it is not well formed.
std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    if (c < 0x80) return 1;
    const std::size_t left = s.size() - i;
    auto cont = [&](std::size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
        if (c == 0xED && b(1) >= 0xA0) return 0;  // UTF-16 surrogates
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
        if (c == 0xF4 && b(1) >= 0x90) return 0;  // past U+10FFFF
        return 4;
    }
    return 0;
}
}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : utf8_length(s, i);
    if (n == 0) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += n;
    return cp;
}

bool is_space(char32_t c) noexcept {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_dash(char32_t c) noexcept {
    return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D;
}

char32_t narrow(char32_t c) noexcept { return c >= 0xFF01 && c <= 0xFF5E ? c - 0xFF01 + 0x21 : c; }

std::size_t code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool is_utf8(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const auto n = utf8_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string printable(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    auto escape = [&](unsigned char c) {
        out += "\\x";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == '\t') out += "\\t";
            else if (c < 0x20 || c == 0x7F) escape(c);
            else out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        const auto n = utf8_length(s, i);
        if (n == 0) {
            escape(c);
            ++i;
        } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
            escape(c);  // C1 controls (U+0080-U+009F), which terminals obey
            escape(static_cast<unsigned char>(s[i + 1]));
            i += 2;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

void check_text(const char* field, std::string_view value, std::size_t max_bytes) {
    auto shown = [&] {
        constexpr std::size_t kShown = 60;
        return value.size() > kShown ? std::string(value.substr(0, kShown)) + "..." : std::string(value);
    };
    if (value.size() > max_bytes)
        throw ValidationError(
            field, shown(),
            "is " + std::to_string(value.size()) + " bytes long; at most " + std::to_string(max_bytes) + " are kept");
    if (value.find('\0') != std::string_view::npos) throw ValidationError(field, shown(), "contains a NUL character");
    if (!is_utf8(value)) throw ValidationError(field, shown(), "is not valid UTF-8 text");
}

std::string_view trim(std::string_view s) noexcept {
    const char* ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

std::string hhmm(int minute) {
    // By hand rather than snprintf: listings format one per row.
    const int h = (minute / 60) % 24, m = minute % 60;
    return {char('0' + h / 10), char('0' + h % 10), ':', char('0' + m / 10), char('0' + m % 10)};
}

// The plain lower-case letter for a Latin-1 letter written in UTF-8 as C3 `second`
// (Á á É é Í í Ó ó Ú ú Ü ü Ñ ñ and the other accented vowels, Ç ç, Ý ý ÿ); 0 for the rest.
char fold_latin1(unsigned char second) noexcept {
    switch (0xC0u + (second & 0x3Fu)) {
        case 0xC0:
        case 0xC1:
        case 0xC2:
        case 0xC3:
        case 0xC4:
        case 0xC5:
        case 0xE0:
        case 0xE1:
        case 0xE2:
        case 0xE3:
        case 0xE4:
        case 0xE5:
            return 'a';
        case 0xC8:
        case 0xC9:
        case 0xCA:
        case 0xCB:
        case 0xE8:
        case 0xE9:
        case 0xEA:
        case 0xEB:
            return 'e';
        case 0xCC:
        case 0xCD:
        case 0xCE:
        case 0xCF:
        case 0xEC:
        case 0xED:
        case 0xEE:
        case 0xEF:
            return 'i';
        case 0xD2:
        case 0xD3:
        case 0xD4:
        case 0xD5:
        case 0xD6:
        case 0xF2:
        case 0xF3:
        case 0xF4:
        case 0xF5:
        case 0xF6:
            return 'o';
        case 0xD9:
        case 0xDA:
        case 0xDB:
        case 0xDC:
        case 0xF9:
        case 0xFA:
        case 0xFB:
        case 0xFC:
            return 'u';
        case 0xD1:
        case 0xF1:
            return 'n';
        case 0xC7:
        case 0xE7:
            return 'c';
        case 0xDD:
        case 0xFD:
        case 0xFF:
            return 'y';
        default:
            return 0;
    }
}

std::string fold_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        const std::size_t at = i;
        const char32_t cp = narrow(next_code_point(s, i));
        if (cp < 0x80) {  // a full-width letter or digit
            const std::string ascii(1, static_cast<char>(cp));
            out += fold_text(ascii);
        } else if (cp >= 0xC0 && cp <= 0xFF) {  // Latin-1 letters: Á á Ñ ñ Ü ü ...
            if (const char f = fold_latin1(static_cast<unsigned char>(0x80 | (cp & 0x3F)))) out.push_back(f);
        } else if (cp >= 0x300 && cp <= 0x36F) {
            // Combining accents, as decomposed (NFD) text writes "ó": "o" then U+0301. Dropped, so
            // NFD and NFC text fold alike.
        } else if (cp < 0xC0 || is_space(cp) || is_dash(cp) || (cp >= 0x2016 && cp <= 0x206F) || cp == 0xFFFD) {
            // Latin-1 signs, spaces, dashes, quotes (’ “ ”), bullets and other punctuation: dropped.
        } else {
            out.append(s.substr(at, i - at));  // other letters are kept, so distinct names stay distinct
        }
    }
    return out;
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string html_paragraphs(std::string_view text) {
    std::string out;
    std::string paragraph;
    auto close = [&] {
        if (!paragraph.empty()) out += "<p>" + paragraph + "</p>";
        paragraph.clear();
    };
    for (std::string_view line : split(text, '\n')) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        line = trim(line);
        if (line.empty()) {
            close();
            continue;
        }
        if (!paragraph.empty()) paragraph += "<br>";
        paragraph += html_escape(line);
    }
    close();
    return out;
}

std::string join_list(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (const auto& x : items) {
        if (!out.empty()) out += sep;
        out += x;
    }
    return out;
}

std::vector<std::string> split_list(std::string_view s, char sep) {
    std::vector<std::string> out;
    for_each_item(
        s, [&](std::string_view item) { out.emplace_back(item); }, sep);
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::size_t enum_index(std::string_view text, const std::string_view* names, std::size_t count,
                       std::string_view field) {
    std::string t(trim(text));
    for (auto& c : t) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == '-' || c == ' ') c = '_';
    }
    for (std::size_t i = 0; i < count; ++i)
        if (t == names[i]) return i;
    std::string options;
    for (std::size_t i = 0; i < count; ++i) {
        if (!options.empty()) options += ", ";
        options += names[i];
    }
    throw ValidationError(std::string(field), std::string(text), "expected one of " + options);
}

}  // namespace omilcrm::detail
