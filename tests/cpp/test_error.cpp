// The library's errors: what their messages say, and what a caller can read from them.
#include <type_traits>

#include "helpers.hpp"

using namespace omt;

TEST_CASE("ValidationError names the field, the value and why", "[error]") {
    const ValidationError e("commune", "Conconn", "is not a commune of Chile");
    CHECK(std::string(e.what()) == "invalid commune \"Conconn\": is not a commune of Chile");
    CHECK(e.field() == "commune");
    CHECK(e.value() == "Conconn");
    CHECK(e.reason() == "is not a commune of Chile");
}

TEST_CASE("an error's message escapes control characters and bytes that are not UTF-8", "[error]") {
    // A value read from a damaged file or a terminal: the message stays one printable line.
    const ValidationError e("name", std::string("Acme\nSpA\x1b[2J\xff"), "is not valid");
    CHECK(std::string(e.what()) == "invalid name \"Acme\\nSpA\\x1b[2J\\xff\": is not valid");
    // value() keeps valid UTF-8 as given and makes invalid bytes printable.
    const ValidationError accents("legal_name", "Logística Gulmué", "is too long");
    CHECK(accents.value() == "Logística Gulmué");
    CHECK(ValidationError("legal_name", std::string("Log\xedstica"), "x").value() == "Log\\xedstica");
}

TEST_CASE("NotFound says what was looked for and by which key", "[error]") {
    const NotFound e("employer", "76.086.428-5");
    CHECK(std::string(e.what()) == "employer 76.086.428-5 not found");
}

TEST_CASE("Forbidden names the field, the value refused and why", "[error]") {
    const Forbidden e("purpose", "intermediation", "the consent covers statistics, not intermediation");
    CHECK(std::string(e.what()) ==
          "refused purpose \"intermediation\": the consent covers statistics, not intermediation");
    CHECK(e.field() == "purpose");
    CHECK(e.value() == "intermediation");
    CHECK(e.reason() == "the consent covers statistics, not intermediation");
}

TEST_CASE("every error is an omilcrm::Error, and storage errors share a base", "[error]") {
    STATIC_REQUIRE(std::is_base_of_v<Error, ValidationError>);
    STATIC_REQUIRE(std::is_base_of_v<Error, NotFound>);
    STATIC_REQUIRE(std::is_base_of_v<Error, Conflict>);
    STATIC_REQUIRE(std::is_base_of_v<Error, Forbidden>);
    STATIC_REQUIRE(std::is_base_of_v<StorageError, StorageBusy>);
    STATIC_REQUIRE(std::is_base_of_v<StorageError, StorageReadOnly>);
    STATIC_REQUIRE(std::is_base_of_v<StorageError, StorageFull>);
    STATIC_REQUIRE(std::is_base_of_v<StorageError, StorageCorrupt>);
    STATIC_REQUIRE(std::is_base_of_v<StorageError, SchemaVersionError>);
    STATIC_REQUIRE(std::is_base_of_v<std::runtime_error, Error>);
}

TEST_CASE("SchemaVersionError names the file and both versions, and how to upgrade an older one", "[error]") {
    const SchemaVersionError older("concon.omilcrm", 11, 12, "upgrade it with omilcrm migrate concon.omilcrm");
    CHECK(std::string(older.what()) ==
          "\"concon.omilcrm\" has schema version 11, older than the 12 this omilcrm reads; upgrade it with "
          "omilcrm migrate concon.omilcrm");
    CHECK(older.upgradable());
    CHECK((older.path() == "concon.omilcrm" && older.file_version() == 11 && older.supported_version() == 12));
    const SchemaVersionError newer("concon.omilcrm", 14, 12, "not used");
    CHECK(std::string(newer.what()) ==
          "\"concon.omilcrm\" was written by a newer omilcrm: schema 14, this omilcrm reads up to 12; open it with a "
          "newer omilcrm (nothing was changed)");
    CHECK_FALSE(newer.upgradable());
}
