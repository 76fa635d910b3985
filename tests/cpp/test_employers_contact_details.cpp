// normalize_phone and normalize_email: how contact details are stored.
#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("normalize_phone writes Chilean numbers as +56 and 9 digits", "[contact_details]") {
    CHECK(normalize_phone("9 8765 4321") == "+56987654321");
    CHECK(normalize_phone("(32) 212 3456") == "+56322123456");
    CHECK(normalize_phone("+56 9 8765 4321") == "+56987654321");
    CHECK(normalize_phone("+56-9-8765-4321") == "+56987654321");
    CHECK(normalize_phone("56 9 8765 4321") == "+56987654321");
    CHECK(normalize_phone("0056 9 8765 4321") == "+56987654321");
    CHECK(normalize_phone("09 8765 4321") == "+56987654321");  // old trunk prefix
    CHECK(normalize_phone("+56 (2) 2345 6789") == "+56223456789");
    CHECK(normalize_phone("  987654321 ") == "+56987654321");
    CHECK(normalize_phone("+56987654321") == "+56987654321");  // idempotent
    CHECK(normalize_phone("") == "");
    CHECK(normalize_phone("   ") == "");
}

TEST_CASE("normalize_phone refuses what is not a Chilean number, naming the field", "[contact_details]") {
    for (const char* text : {"12345", "9 8765 432", "9 8765 43210", "9 8765 432a", "+1 555 123 4567", "9+87654321",
                             "+56 0 8765 4321", "call me", "9/8765/4321"}) {
        INFO(text);
        const auto e = capture<ValidationError>([&] { normalize_phone(text); });
        CHECK(e.field() == "phone");
        CHECK(e.value() == text);
        CHECK(contains(e.what(), text));
    }
    CHECK(capture<ValidationError>([] { normalize_phone("123", "contact.phone"); }).field() == "contact.phone");
}

TEST_CASE("normalize_email lower-cases and checks addresses", "[contact_details]") {
    CHECK(normalize_email(" Ana.Perez@Empresa.CL ") == "ana.perez@empresa.cl");
    CHECK(normalize_email("rrhh@gulmue.cl") == "rrhh@gulmue.cl");
    CHECK(normalize_email("a@b.co") == "a@b.co");
    CHECK(normalize_email("") == "");
    CHECK(normalize_email("  ") == "");
    for (const char* text : {"ana", "ana@", "@empresa.cl", "ana@empresa", "ana@@empresa.cl", "ana@x@empresa.cl",
                             "ana perez@empresa.cl", "ana@empresa.cl.", "ana@.cl"}) {
        INFO(text);
        const auto e = capture<ValidationError>([&] { normalize_email(text); });
        CHECK(e.field() == "email");
        CHECK(e.value() == text);
    }
    CHECK(capture<ValidationError>([] { normalize_email("x", "office.email"); }).field() == "office.email");
}
