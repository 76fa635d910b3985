#include "text.hpp"

namespace omilcrm::detail {

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

std::string fold_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(static_cast<char>(c));
            continue;
        }
        // Two-byte UTF-8 sequences for Latin-1 letters (U+00C0..U+00FF).
        if (c == 0xC3 && i + 1 < s.size()) {
            const auto n = static_cast<unsigned char>(s[++i]);
            const unsigned cp = 0xC0u + (n & 0x3Fu);
            char f = 0;
            switch (cp) {
                case 0xC0: case 0xC1: case 0xC2: case 0xC3: case 0xC4: case 0xE0: case 0xE1:
                case 0xE2: case 0xE3: case 0xE4: f = 'a'; break;
                case 0xC8: case 0xC9: case 0xCA: case 0xCB: case 0xE8: case 0xE9: case 0xEA:
                case 0xEB: f = 'e'; break;
                case 0xCC: case 0xCD: case 0xCE: case 0xCF: case 0xEC: case 0xED: case 0xEE:
                case 0xEF: f = 'i'; break;
                case 0xD2: case 0xD3: case 0xD4: case 0xD5: case 0xD6: case 0xF2: case 0xF3:
                case 0xF4: case 0xF5: case 0xF6: f = 'o'; break;
                case 0xD9: case 0xDA: case 0xDB: case 0xDC: case 0xF9: case 0xFA: case 0xFB:
                case 0xFC: f = 'u'; break;
                case 0xD1: case 0xF1: f = 'n'; break;
                case 0xC7: case 0xE7: f = 'c'; break;
                default: break;
            }
            if (f) out.push_back(f);
            continue;
        }
        // Other non-ASCII bytes are kept as they are, so distinct names stay distinct.
        out.push_back(static_cast<char>(c));
    }
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
    for_each_item(s, [&](std::string_view item) { out.emplace_back(item); }, sep);
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

}  // namespace omilcrm::detail
