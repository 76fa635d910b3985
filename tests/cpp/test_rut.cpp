// Rut: parsing in every written form, the modulo-11 check digit, formatting, errors.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

// Hand-checked check digits (modulo 11, weights 2..7 repeating from the rightmost digit):
//   76086428: 8*2+2*3+4*4+6*5+8*6+0*7+6*2+7*3 = 149; 149 mod 11 = 6; 11-6 = 5      -> 5
//   12345678: 8*2+7*3+6*4+5*5+4*6+3*7+2*2+1*3 = 138; 138 mod 11 = 6; 11-6 = 5      -> 5
//   11111112: 2*2+1*3+1*4+1*5+1*6+1*7+1*2+1*3 = 34;   34 mod 11 = 1; 11-1 = 10     -> K
//   11111117: 7*2+1*3+1*4+1*5+1*6+1*7+1*2+1*3 = 44;   44 mod 11 = 0; 11-0 = 11     -> 0
//   6:        6*2 = 12; 12 mod 11 = 1; 11-1 = 10                                   -> K
//   11:       1*2+1*3 = 5; 11-5 = 6                                                -> 6

TEST_CASE("Rut check digits computed by hand", "[rut]") {
    CHECK(Rut::check_digit_for(76086428) == '5');
    CHECK(Rut::check_digit_for(12345678) == '5');
    CHECK(Rut::check_digit_for(11111112) == 'K');
    CHECK(Rut::check_digit_for(11111117) == '0');
    CHECK(Rut::check_digit_for(6) == 'K');
    CHECK(Rut::check_digit_for(11) == '6');
}

TEST_CASE("Rut parses every accepted written form to the same value", "[rut]") {
    const Rut expected = Rut::from_body(76086428);
    for (const char* text :
         {"76.086.428-5", "76086428-5", "760864285", " 76 086 428 - 5", "\t76.086.428-5 ", "76086428 5"}) {
        INFO(text);
        const Rut r(text);
        CHECK(r == expected);
        CHECK(r.body() == 76086428u);
        CHECK(r.check_digit() == '5');
        CHECK(r.str() == "76.086.428-5");
        CHECK(r.compact() == "760864285");
        CHECK(Rut::is_valid(text));
    }
}

TEST_CASE("Rut parses what Excel, Word and web forms paste", "[rut]") {
    const Rut expected = Rut::from_body(76086428);
    for (const char* text : {
             "\u00a076.086.428-5\u00a0",                                 // no-break spaces around a cell's text
             "76.086.428\u202f-\u202f5",                                 // narrow no-break spaces (French locales)
             "76.086.428\u20135",                                        // en dash, as Word corrects a hyphen
             "76.086.428\u20105",                                        // Unicode hyphen
             "76.086.428\u22125",                                        // minus sign
             "\uff17\uff16\uff10\uff18\uff16\uff14\uff12\uff18-\uff15",  // full-width digits
             "76.086.428-5\n",                                           // a cell's trailing newline
             "76.086.428-5\r\n",
             "\ufeff76.086.428-5",  // a byte-order mark left at the start of a file
             "CL76086428-5",
             "cl 76.086.428-5",
             "CL-760864285",
         }) {
        INFO(text);
        CHECK(Rut(text) == expected);
        CHECK(Rut::is_valid(text));
    }
    // Leading zeros pad the number to at most 8 digits, as systems that store it as "07123456K" do.
    CHECK(Rut("07.123.456-8") == Rut::from_body(7123456));
    CHECK(Rut("07123456-8").str() == "7.123.456-8");
    CHECK(Rut("0000006-K").str() == "6-K");
    const auto padded = capture<ValidationError>([] { Rut(std::string(500, '0') + "760864285"); });
    CHECK(contains(padded.what(), "leading zeros; a RUT's number has at most 8 digits"));
    CHECK_FALSE(Rut::is_valid("076086428-5"));
}

TEST_CASE("Rut errors name the real problem", "[rut]") {
    auto why = [](std::string_view text) { return std::string(capture<ValidationError>([&] { Rut{text}; }).what()); };
    CHECK(contains(why("76.086.428-5x"), "has 'x', which is not part of a RUT"));
    CHECK(contains(why("76.086.428/5"), "has '/', which is not part of a RUT"));
    CHECK(contains(why("76.086.428-5\u00b7"), "has U+00B7, which is not part of a RUT"));
    CHECK(contains(why("76.086.42.8-5"), "misplaced '.'"));
    CHECK(contains(why("76-086-428-5"), "misplaced '-'"));
    CHECK(contains(why("123456789-0"), "more than 8 digits"));
    CHECK(contains(why("76.086.428-L"), "which is not part of a RUT (only a 'CL' prefix is)"));
    CHECK(contains(why("k4k01283-K"), "a 'K' before the check digit"));  // found by fuzz.rut
    CHECK_FALSE(Rut::is_valid("7608642K-5"));
    CHECK(contains(why("76.086.428-4"), "check digit should be 5"));
    // The value in the error is the text as given.
    CHECK(capture<ValidationError>([] { Rut("\u00a0abc"); }).value() == "\u00a0abc");
}

TEST_CASE("Rut with check digit K accepts a lowercase k and prints an uppercase K", "[rut]") {
    const Rut r("11.111.112-k");
    CHECK(r.body() == 11111112u);
    CHECK(r.check_digit() == 'K');
    CHECK(r.str() == "11.111.112-K");
    CHECK(r.compact() == "11111112K");
    CHECK(Rut("11111112K") == r);
    CHECK(Rut("11111112-k") == r);
    CHECK(Rut::is_valid("11111112k"));
    // Short bodies: no dots below a thousand.
    CHECK(Rut("6-k").str() == "6-K");
    CHECK(Rut::from_body(6).check_digit() == 'K');
}

TEST_CASE("Rut with check digit 0", "[rut]") {
    const Rut r("11.111.117-0");
    CHECK(r.check_digit() == '0');
    CHECK(r.str() == "11.111.117-0");
    CHECK(Rut::from_body(11111117).compact() == "111111170");
    // A 0 check digit is not a K and not an 11.
    CHECK_FALSE(Rut::is_valid("11111117-K"));
    CHECK_FALSE(Rut::is_valid("11111117-1"));
}

TEST_CASE("Rut formatting groups thousands with dots", "[rut]") {
    CHECK(Rut::from_body(12345678).str() == "12.345.678-5");
    CHECK(Rut::from_body(11).str() == "11-6");
    CHECK(Rut::from_body(1000).str() == "1.000-" + std::string(1, Rut::check_digit_for(1000)));
    CHECK(Rut::from_body(99999999).str().substr(0, 11) == "99.999.999-");
}

TEST_CASE("Rut with a wrong check digit names the value and the right digit", "[rut]") {
    const auto e = capture<ValidationError>([] { Rut("76.086.428-4"); });
    CHECK(e.field() == "rut");
    CHECK(e.value() == "76.086.428-4");
    CHECK(contains(e.what(), "76.086.428-4"));
    CHECK(contains(e.what(), "check digit should be 5"));

    const auto k = capture<ValidationError>([] { Rut("11111112-0"); });
    CHECK(contains(k.what(), "check digit should be K"));
    CHECK_FALSE(Rut::is_valid("76.086.428-4"));
}

TEST_CASE("Rut refuses text that is not a RUT", "[rut]") {
    for (const char* text : {"", "   ", "abc", "76.086.428-X", "-5", "0-0", "76,086,428-5", "76.08.6428-5",
                             ".76086428-5", "76.086.4285-5", "123456789-0", "7608642a-5", "76--086428-5", "K"}) {
        INFO("text: \"" << text << "\"");
        CHECK_THROWS_AS(Rut(text), ValidationError);
        CHECK_FALSE(Rut::is_valid(text));
    }
    const auto e = capture<ValidationError>([] { Rut("abc"); });
    CHECK(e.field() == "rut");
    CHECK(contains(e.what(), "abc"));
}

TEST_CASE("Rut::is_valid never throws, whatever the input", "[rut]") {
    CHECK_NOTHROW(Rut::is_valid(""));
    CHECK_NOTHROW(Rut::is_valid("99999999999999999999999999-9"));
    CHECK_NOTHROW(Rut::is_valid(std::string_view("\0\xff\x80", 3)));
    CHECK_NOTHROW(Rut::is_valid("...-"));
    CHECK_FALSE(Rut::is_valid("99999999999999999999999999-9"));
    CHECK(Rut::is_valid("12.345.678-5"));
}

TEST_CASE("Rut::from_body refuses bodies out of range", "[rut]") {
    CHECK_THROWS_AS(Rut::from_body(0), ValidationError);
    CHECK_THROWS_AS(Rut::from_body(100000000), ValidationError);
    CHECK_NOTHROW(Rut::from_body(99999999));
}

TEST_CASE("Ruts compare by value", "[rut]") {
    CHECK(Rut("76.086.428-5") == Rut("760864285"));
    CHECK(Rut::from_body(11) < Rut::from_body(12345678));
    CHECK(Rut::from_body(11) != Rut::from_body(12));
}
