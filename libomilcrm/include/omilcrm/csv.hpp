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

/// The limits of what parse() and read_file() take, so a hostile file cannot exhaust memory.
inline constexpr std::size_t kMaxColumns = 1024;                      ///< columns of the header
inline constexpr std::size_t kMaxFieldBytes = 1 << 20;                ///< bytes of one cell (1 MiB)
inline constexpr std::size_t kMaxFileBytes = std::size_t{128} << 20;  ///< bytes of a file (128 MiB)

struct Document {
    std::vector<std::string> header{};
    /// Each row holds the cells the file gave it, at most as many as the header, with its trailing
    /// empty cells dropped: a missing cell is empty (cell() reads any of them).
    std::vector<std::vector<std::string>> rows{};
    std::vector<std::size_t> lines{};  ///< the file line where each row starts (1 = header)
    char delimiter = ',';
    Encoding encoding = Encoding::Utf8;

    /// The cell of row `row` in column `column`; "" where the row is shorter.
    std::string_view cell(std::size_t row, std::size_t column) const {
        const auto& r = rows.at(row);
        return column < r.size() ? std::string_view(r[column]) : std::string_view();
    }
};

/// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF).
bool is_utf8(std::string_view bytes) noexcept;
/// Windows-1252 (a superset of Latin-1's printable range) to UTF-8.
std::string windows1252_to_utf8(std::string_view bytes);

/// Parses a whole file. The encoding is UTF-8 when the bytes are valid UTF-8, else Windows-1252,
/// unless given; the delimiter is the one of ',' and ';' found most in the header line (outside
/// quotes), unless given. Fields follow RFC 4180 (quotes, doubled quotes, line breaks inside
/// quotes). Blank lines are skipped; a row longer than the header, an unterminated quote, a header
/// of more than kMaxColumns columns or a cell longer than kMaxFieldBytes is a ValidationError
/// naming the line.
Document parse(std::string_view bytes, std::optional<char> delimiter = {}, std::optional<Encoding> encoding = {});

/// The bytes of a file, at most kMaxFileBytes (ValidationError naming the path when it is larger,
/// is not a regular file, or cannot be read).
std::string read_file(const std::string& path);

/// One field for writing: quoted when it holds the delimiter, a quote or a line break.
std::string field(std::string_view value, char delimiter = ',');

}  // namespace omilcrm::csv
