#pragma once
// Reading the spreadsheets offices keep: CSV in UTF-8 or Windows-1252/Latin-1 (what Excel writes
// in Chile), comma or semicolon separated, with or without a byte-order mark, blank lines
// ignored. Pure: text in, rows out.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace omilcrm::csv {

enum class Encoding { Utf8, Windows1252 };
std::string_view to_string(Encoding e) noexcept;
/// "utf-8" (also "utf8"), "windows-1252" (also "cp1252", "latin-1", "latin1", "iso-8859-1")
Encoding parse_encoding(std::string_view text);

struct Document {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;  ///< every row as long as the header
    std::vector<std::size_t> lines;              ///< the file line where each row starts (1 = header)
    char delimiter = ',';
    Encoding encoding = Encoding::Utf8;
};

/// True when `bytes` is well-formed UTF-8.
bool is_utf8(std::string_view bytes) noexcept;
/// Windows-1252 (a superset of Latin-1's printable range) to UTF-8.
std::string windows1252_to_utf8(std::string_view bytes);

/// Parses a whole file. The encoding is UTF-8 when the bytes are valid UTF-8, else Windows-1252,
/// unless given; the delimiter is the one of ',' and ';' found most in the header line (outside
/// quotes), unless given. Fields follow RFC 4180 (quotes, doubled quotes, line breaks inside
/// quotes). Blank lines are skipped; short rows are padded with empty fields; a row longer than
/// the header or an unterminated quote is a ValidationError naming the line.
Document parse(std::string_view bytes, std::optional<char> delimiter = {}, std::optional<Encoding> encoding = {});

/// One field for writing: quoted when it holds the delimiter, a quote or a line break.
std::string field(std::string_view value, char delimiter = ',');

}  // namespace omilcrm::csv
