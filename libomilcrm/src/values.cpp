// Enumerations, record metadata and the validation of contact details.
#include <array>
#include <random>

#include "omilcrm/clusters.hpp"
#include "omilcrm/employers.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/version.hpp"
#include "text.hpp"

namespace omilcrm {

#define OMILCRM_TEXT_(x) #x
#define OMILCRM_TEXT(x) OMILCRM_TEXT_(x)
std::string_view version() noexcept {
    return OMILCRM_TEXT(OMILCRM_VERSION_MAJOR) "." OMILCRM_TEXT(OMILCRM_VERSION_MINOR) "." OMILCRM_TEXT(
        OMILCRM_VERSION_PATCH);
}
#undef OMILCRM_TEXT
#undef OMILCRM_TEXT_

SizeBand parse_size_band(std::string_view t) {
    if (detail::trim(t).empty()) return SizeBand::Unknown;
    return parse_enum<SizeBand>(t);
}

std::string new_uuid() {
    // Version 4 (random) UUID. One generator per thread, seeded from the OS.
    thread_local std::mt19937_64 gen{[] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }()};
    std::uint64_t hi = gen(), lo = gen();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    auto put = [&](std::uint64_t v, int nibbles_from, int nibbles_to) {
        for (int i = nibbles_from; i < nibbles_to; ++i) out.push_back(hex[(v >> (60 - 4 * i)) & 0xF]);
    };
    put(hi, 0, 8);
    out.push_back('-');
    put(hi, 8, 12);
    out.push_back('-');
    put(hi, 12, 16);
    out.push_back('-');
    put(lo, 0, 4);
    out.push_back('-');
    put(lo, 4, 16);
    return out;
}

std::string normalize_phone(std::string_view text, std::string_view field) {
    const auto t = detail::trim(text);
    if (t.empty()) return {};
    std::string digits;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c >= '0' && c <= '9') digits.push_back(c);
        else if (c == '+' && i == 0) continue;
        else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') continue;
        else
            throw ValidationError(std::string(field), std::string(text),
                                  "a phone number holds only digits, spaces, '+', '-' and parentheses");
    }
    if (digits.size() == 11 && digits.starts_with("56")) digits.erase(0, 2);
    else if (digits.size() == 13 && digits.starts_with("0056")) digits.erase(0, 4);
    // Before 2016 mobile numbers had 8 digits after a leading 09 or 9; landlines had area codes
    // of 1-2 digits. Today every Chilean number is 9 digits after +56.
    if (digits.size() == 10 && digits.front() == '0') digits.erase(0, 1);
    if (digits.size() != 9)
        throw ValidationError(std::string(field), std::string(text),
                              "a Chilean number has 9 digits after +56 (e.g. +56 9 8765 4321 or +56 32 212 3456)");
    if (digits.front() == '0')
        throw ValidationError(std::string(field), std::string(text),
                              "a Chilean number does not start with 0 after +56");
    return "+56" + digits;
}

std::string normalize_email(std::string_view text, std::string_view field) {
    std::string e(detail::trim(text));
    if (e.empty()) return e;
    for (auto& c : e)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const auto at = e.find('@');
    const bool ok = at != std::string::npos && at > 0 && e.find('@', at + 1) == std::string::npos &&
                    e.find(' ') == std::string::npos && e.find('.', at + 2) != std::string::npos && e.back() != '.';
    if (!ok) throw ValidationError(std::string(field), std::string(text), "not an e-mail address");
    return e;
}

}  // namespace omilcrm
