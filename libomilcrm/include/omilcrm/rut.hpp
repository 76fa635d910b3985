#pragma once
// Rut: the Chilean tax id (Rol Único Tributario), body digits plus a modulo-11 check digit.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace omilcrm {

class Rut {
public:
    /// Parses "76.086.428-5", "76086428-5", "760864285", with a lowercase k, and as it comes pasted
    /// from spreadsheets and documents: spaces of any kind anywhere (no-break, narrow no-break,
    /// tabs, newlines), any dash or hyphen for '-' (en dash, U+2010, minus sign), full-width digits,
    /// a "CL" prefix ("CL76086428-5"), leading zeros padding the number to 8 digits ("07.123.456-8").
    /// Throws ValidationError (field "rut") when the text is not a RUT or its check digit is
    /// wrong; the message names the problem (the character that is not part of a RUT, the
    /// misplaced dot, the expected check digit).
    explicit Rut(std::string_view text);
    /// Builds a RUT from its body; the check digit is computed.
    static Rut from_body(std::uint32_t body);

    /// True when `text` parses as a RUT with the right check digit. Never throws.
    static bool is_valid(std::string_view text) noexcept;
    /// The check digit ('0'-'9' or 'K') for a body.
    static char check_digit_for(std::uint32_t body) noexcept;

    std::uint32_t body() const noexcept { return body_; }
    char check_digit() const noexcept { return dv_; }
    /// "76.086.428-5"
    std::string str() const;
    /// "760864285"
    std::string compact() const;

    friend bool operator==(const Rut&, const Rut&) = default;
    friend auto operator<=>(const Rut&, const Rut&) = default;

private:
    Rut(std::uint32_t body, char dv) : body_(body), dv_(dv) {}
    std::uint32_t body_ = 0;
    char dv_ = '0';
};

}  // namespace omilcrm
