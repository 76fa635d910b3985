// Fuzz target for Rut: any text gives a RUT or a ValidationError on the field "rut"; a RUT that was
// accepted reads back from its own str() and compact(), and is_valid() agrees with the constructor.
#include <cstring>
#include <optional>
#include <string>

#include "fuzz.hpp"
#include "omilcrm/csv.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/rut.hpp"

namespace omfuzz {

namespace {

using namespace omilcrm;

bool digit(char c) { return c >= '0' && c <= '9'; }

// "76.086.428-5": one to three digits, groups of three after dots, '-', the check digit.
bool formatted(const std::string& s) {
    const auto dash = s.size() >= 3 ? s.size() - 2 : 0;
    if (dash == 0 || s[dash] != '-' || !(digit(s.back()) || s.back() == 'K') || s[0] == '0') return false;
    for (std::size_t i = 0; i < dash; ++i) {
        const bool dot_here = (dash - i) % 4 == 0;
        if (dot_here ? s[i] != '.' : !digit(s[i])) return false;
    }
    return true;
}

void check_accepted(const Rut& r) {
    expect(r.body() >= 1 && r.body() <= 99'999'999, "the body is between 1 and 99.999.999");
    expect(r.check_digit() == Rut::check_digit_for(r.body()), "the check digit is the body's");
    const std::string s = r.str();
    expect(formatted(s), "str() is dotted groups of three, '-' and the check digit");
    expect(Rut::is_valid(s), "is_valid(str())");
    expect(Rut(s) == r, "Rut(str()) gives the same RUT");
    expect(r.compact() == std::to_string(r.body()) + r.check_digit(), "compact() is the body and the check digit");
    expect(Rut(r.compact()) == r, "Rut(compact()) gives the same RUT");
    expect(Rut::from_body(r.body()) == r, "from_body(body()) gives the same RUT");
}

}  // namespace

bool rut(std::string_view input) {
    std::optional<Rut> r;
    try {
        r.emplace(input);
    } catch (const ValidationError& e) {
        expect(e.field() == "rut", "a RUT's ValidationError names the field \"rut\"");
        expect(csv::is_utf8(e.what()), "a ValidationError's message is UTF-8");
    }
    expect(Rut::is_valid(input) == r.has_value(), "is_valid() agrees with the constructor");
    if (r) check_accepted(*r);

    // from_body() on the first four bytes: a RUT, or a ValidationError outside 1 to 99.999.999.
    if (input.size() >= 4) {
        std::uint32_t body = 0;
        std::memcpy(&body, input.data(), sizeof body);
        std::optional<Rut> made;
        try {
            made = Rut::from_body(body);
        } catch (const ValidationError&) {
        }
        expect(made.has_value() == (body >= 1 && body <= 99'999'999), "from_body() takes 1 to 99.999.999, no other");
        if (made) check_accepted(*made);
    }
    return r.has_value();
}

}  // namespace omfuzz

OMILCRM_FUZZ_ENTRY(omfuzz::rut)
