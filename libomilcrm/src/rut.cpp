#include "omilcrm/rut.hpp"

#include <string>

#include "omilcrm/error.hpp"

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
    const char* error = nullptr;
};

// Accepts digits with optional thousands dots, an optional '-', and the check digit;
// spaces anywhere are ignored.
Parsed parse(std::string_view text) {
    std::string chars;
    chars.reserve(text.size());
    for (char c : text) {
        if (c == ' ' || c == '\t') continue;
        chars.push_back(c);
    }
    if (chars.empty()) return {0, 0, "is empty"};
    char dv = chars.back();
    if (dv == 'k') dv = 'K';
    if (!((dv >= '0' && dv <= '9') || dv == 'K')) return {0, 0, "check digit must be 0-9 or K"};
    chars.pop_back();
    if (!chars.empty() && chars.back() == '-') chars.pop_back();
    std::uint64_t body = 0;
    int digits = 0;
    bool dots = false;
    int since_dot = 0;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const char c = chars[i];
        if (c == '.') {
            // Dots group digits in threes: "76.086.428".
            if (i == 0 || (dots && since_dot != 3) || (!dots && (digits < 1 || digits > 3)))
                return {0, 0, "misplaced '.'"};
            dots = true;
            since_dot = 0;
            continue;
        }
        if (c < '0' || c > '9') return {0, 0, "must hold only digits, dots, a '-' and the check digit"};
        body = body * 10 + static_cast<unsigned>(c - '0');
        ++digits;
        ++since_dot;
        if (body > 99'999'999) return {0, 0, "number is too long"};
    }
    if (dots && since_dot != 3) return {0, 0, "misplaced '.'"};
    if (digits == 0 || body == 0) return {0, 0, "has no number before the check digit"};
    return {static_cast<std::uint32_t>(body), dv, nullptr};
}

}  // namespace

Rut::Rut(std::string_view text) {
    const Parsed p = parse(text);
    if (p.error) throw ValidationError("rut", std::string(text), p.error);
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
    return !p.error && check_digit_for(p.body) == p.dv;
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
