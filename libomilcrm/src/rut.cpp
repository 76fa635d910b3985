#include "omilcrm/rut.hpp"

#include <cstdio>
#include <string>

#include "omilcrm/error.hpp"
#include "text.hpp"
#include "unicode.hpp"

namespace omilcrm {

char Rut::check_digit_for(std::uint32_t body) noexcept {
    // Modulo 11 with weights 2,3,4,5,6,7 repeating from the rightmost digit.
    unsigned sum = 0;
    unsigned weight = 2;
    for (std::uint32_t b = body; b > 0; b /= 10) {
        sum += (b % 10) * weight;
        weight = weight == 7 ? 2 : weight + 1;
    }
    const unsigned r = 11 - sum % 11;
    if (r == 11) return '0';
    if (r == 10) return 'K';
    return static_cast<char>('0' + r);
}

namespace {

struct Parsed {
    std::uint32_t body = 0;
    char dv = 0;
    std::string error{};
};

// "'x'" for a printable ASCII character, "U+00A0" otherwise.
std::string describe(char32_t c) {
    if (c > 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
    char out[16];
    std::snprintf(out, sizeof out, "U+%04X", static_cast<unsigned>(c));
    return out;
}

// The text as people type and paste it, reduced to ASCII digits, '.', '-' and K: spaces of any
// kind dropped (a cell copied from Excel or Word brings no-break spaces and newlines), dashes and
// hyphens read as '-', full-width characters as their ASCII ones, an upper-case "CL" prefix taken
// off. The first character that is none of these is the error.
Parsed normalise(std::string_view text, std::string& chars) {
    chars.clear();
    for (std::size_t i = 0; i < text.size();) {
        char32_t c = detail::narrow(detail::next_code_point(text, i));
        if (detail::is_space(c)) continue;
        if (detail::is_dash(c)) c = '-';
        if (c == 'k') c = 'K';
        const bool fits =
            (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'K' || c == 'C' || c == 'L' || c == 'c' || c == 'l';
        if (!fits)
            return {0, 0,
                    "has " + describe(c) +
                        ", which is not part of a RUT (digits, dots, a '-' and the check digit 0-9 or K)"};
        chars.push_back(static_cast<char>(c));
    }
    if (chars.size() >= 2 && (chars[0] == 'C' || chars[0] == 'c') && (chars[1] == 'L' || chars[1] == 'l')) {
        chars.erase(0, 2);
        while (!chars.empty() && chars.front() == '-') chars.erase(0, 1);
    }
    for (const char c : chars)
        if (c == 'C' || c == 'c' || c == 'L' || c == 'l')
            return {0, 0,
                    "has " + describe(static_cast<unsigned char>(c)) +
                        ", which is not part of a RUT (only a 'CL' prefix is)"};
    return {};
}

// Digits with optional thousands dots, an optional '-', and the check digit; spaces anywhere are
// ignored (see normalise). Leading zeros pad the number to at most 8 digits ("07.123.456-K").
Parsed parse(std::string_view text) {
    std::string chars;
    chars.reserve(text.size());
    if (Parsed bad = normalise(text, chars); !bad.error.empty()) return bad;
    if (chars.empty()) return {0, 0, "is empty"};
    const char dv = chars.back();
    if (!((dv >= '0' && dv <= '9') || dv == 'K'))
        return {0, 0, "ends in " + describe(static_cast<unsigned char>(dv)) + ", not a check digit (0-9 or K)"};
    chars.pop_back();
    if (!chars.empty() && chars.back() == '-') chars.pop_back();
    std::uint64_t body = 0;
    int digits = 0;
    int significant = 0;
    bool dots = false;
    int since_dot = 0;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const char c = chars[i];
        if (c == '.') {
            // Dots group digits in threes: "76.086.428".
            if (i == 0 || (dots && since_dot != 3) || (!dots && (digits < 1 || digits > 3)))
                return {0, 0, "has a misplaced '.' (dots group the number's digits in threes: 76.086.428-5)"};
            dots = true;
            since_dot = 0;
            continue;
        }
        if (c == '-') return {0, 0, "has a misplaced '-' (it goes only before the check digit)"};
        if (c == 'K') return {0, 0, "has a 'K' before the check digit (K is only ever the check digit)"};
        body = body * 10 + static_cast<unsigned>(c - '0');
        ++digits;
        ++since_dot;
        if (body > 0) ++significant;
        if (significant > 8) return {0, 0, "has a number of more than 8 digits"};
    }
    if (dots && since_dot != 3)
        return {0, 0, "has a misplaced '.' (dots group the number's digits in threes: 76.086.428-5)"};
    if (digits == 0 || body == 0) return {0, 0, "has no number before the check digit"};
    if (digits > 8)
        return {0, 0,
                "has " + std::to_string(digits - significant) + " leading zeros; a RUT's number has at most 8 digits"};
    return {static_cast<std::uint32_t>(body), dv, {}};
}

}  // namespace

Rut::Rut(std::string_view text) {
    const Parsed p = parse(text);
    if (!p.error.empty()) throw ValidationError("rut", std::string(text), p.error);
    const char expected = check_digit_for(p.body);
    if (expected != p.dv)
        throw ValidationError("rut", std::string(text), std::string("check digit should be ") + expected);
    body_ = p.body;
    dv_ = p.dv;
}

Rut Rut::from_body(std::uint32_t body) {
    if (body == 0 || body > 99'999'999) throw ValidationError("rut", std::to_string(body), "number out of range");
    return Rut(body, check_digit_for(body));
}

bool Rut::is_valid(std::string_view text) noexcept {
    const Parsed p = parse(text);
    return p.error.empty() && check_digit_for(p.body) == p.dv;
}

std::string Rut::str() const {
    const std::string digits = std::to_string(body_);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out.push_back('.');
        out.push_back(digits[i]);
    }
    out.push_back('-');
    out.push_back(dv_);
    return out;
}

std::string Rut::compact() const { return std::to_string(body_) + dv_; }

}  // namespace omilcrm
