// The CSV reader: encodings, delimiters, quotes and blank lines, as offices' spreadsheets write them.
#include "helpers.hpp"

using namespace omt;

TEST_CASE("CSV: UTF-8 or Windows-1252, comma or semicolon, quotes and blank lines", "[csv]") {
    // What Excel writes in Chile: semicolons, Latin-1 accents, CRLF, a blank line.
    const std::string latin1 =
        "RUT;Raz\xF3n Social;Comuna\r\n76.086.428-5;Log\xEDstica Gulmu\xE9 SpA;Conc\xF3n\r\n\r\n"
        "96511460-2;\"Envases \"\"del\"\" Pac\xED"
        "fico; S.A.\";Conc\xF3n\r\n";
    const auto doc = csv::parse(latin1);
    CHECK(doc.encoding == csv::Encoding::Windows1252);
    CHECK(doc.delimiter == ';');
    CHECK(doc.header == std::vector<std::string>{"RUT", "Razón Social", "Comuna"});
    REQUIRE(doc.rows.size() == 2);
    CHECK(doc.rows[0][1] == "Logística Gulmué SpA");
    CHECK(doc.rows[1][1] == "Envases \"del\" Pacífico; S.A.");
    CHECK(doc.lines == std::vector<std::size_t>{2, 4});

    const auto utf8 = csv::parse("\xEF\xBB\xBFrut,name\n1-9,\"two\nlines\"\n2-7\n");
    CHECK(utf8.encoding == csv::Encoding::Utf8);
    CHECK(utf8.delimiter == ',');
    CHECK(utf8.rows[0][1] == "two\nlines");
    // A short row keeps only its cells (a hostile file of short rows stays small); cell() reads
    // the missing ones as empty.
    CHECK(utf8.rows[1] == std::vector<std::string>{"2-7"});
    CHECK(utf8.cell(1, 1).empty());
    CHECK(utf8.cell(1, 0) == "2-7");
    CHECK(utf8.lines[1] == 4);
    CHECK(csv::windows1252_to_utf8("\x80 \xD1") == "€ Ñ");
    CHECK(csv::is_utf8("Ñuñoa"));
    CHECK_FALSE(csv::is_utf8("\xD1u\xF1oa"));

    CHECK(capture<ValidationError>([] { csv::parse("a,b\n1,2,3\n"); }).field() == "line 2");
    CHECK(capture<ValidationError>([] { csv::parse("a,b\n\"1,2\n"); }).field() == "line 2");
    CHECK(capture<ValidationError>([] { csv::parse(""); }).field() == "header");
    CHECK(csv::parse("a,b,,\n1,2,,\n").rows[0] == std::vector<std::string>{"1", "2"});
    CHECK(csv::parse("a,b\n1,2,,\n").rows[0].size() == 2);  // a spreadsheet's spare columns
    // Limits: columns of the header, bytes of a cell.
    CHECK(capture<ValidationError>([] { csv::parse(std::string(csv::kMaxColumns, ';') + "\nx\n"); }).field() ==
          "header");
    CHECK(capture<ValidationError>([] {
              csv::parse("a\n" + std::string(csv::kMaxFieldBytes + 1, 'x') + "\n");
          }).field() == "line 2");
    CHECK_FALSE(csv::is_utf8("\xED\xA0\x80"));  // an encoded surrogate is not UTF-8
    CHECK(csv::field("a;b", ';') == "\"a;b\"");
    CHECK(csv::field("di \"x\"") == "\"di \"\"x\"\"\"");
}
