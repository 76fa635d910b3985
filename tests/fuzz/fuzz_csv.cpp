// Fuzz target for csv::parse: any bytes give a Document or a ValidationError, never a crash; the
// Document's cells are UTF-8 within the limits, the memory held stays proportional to the input,
// and the Document written back with csv::field() reads back the same.
#include <optional>
#include <string>

#include "fuzz.hpp"
#include "omilcrm/csv.hpp"
#include "omilcrm/error.hpp"

namespace omfuzz {

namespace {

using namespace omilcrm;

// What parse() may hold at its peak: a multiple of the input plus a fixed allowance. A cell is a
// std::string in a vector, so each byte of a file of short rows costs some tens of bytes (55 at
// worst among the shapes tried: one-cell rows under a 1,024-column header); growing faster than
// the input, or reserving kMaxFieldBytes up front, breaks this.
constexpr std::size_t kBytesPerInputByte = 128;
constexpr std::size_t kAllowance = std::size_t{64} << 10;

constexpr std::string_view kSpace = " \t\r\n";

bool trimmed(std::string_view s) {
    return s.empty() ||
           (kSpace.find(s.front()) == std::string_view::npos && kSpace.find(s.back()) == std::string_view::npos);
}

bool blank(std::string_view s) { return s.find_first_not_of(kSpace) == std::string_view::npos; }

void check_cell(const std::string& cell) {
    expect(csv::is_utf8(cell), "every cell is UTF-8");
    expect(cell.size() <= csv::kMaxFieldBytes, "no cell is longer than kMaxFieldBytes");
}

void check(const csv::Document& doc, std::optional<char> delimiter) {
    expect(!doc.header.empty(), "a document has a header");
    expect(doc.header.size() <= csv::kMaxColumns, "the header has at most kMaxColumns columns");
    expect(doc.rows.size() == doc.lines.size(), "each row has its line number");
    if (delimiter) expect(doc.delimiter == *delimiter, "the delimiter given is the one used");
    else expect(doc.delimiter == ',' || doc.delimiter == ';', "a guessed delimiter is ',' or ';'");
    for (const auto& h : doc.header) {
        check_cell(h);
        expect(trimmed(h), "header names are trimmed");
    }
    std::size_t previous = 1;
    for (std::size_t r = 0; r < doc.rows.size(); ++r) {
        const auto& row = doc.rows[r];
        expect(row.size() <= doc.header.size(), "no row is wider than the header");
        expect(row.empty() || !blank(row.back()), "a row's trailing blank cells are dropped");
        expect(doc.lines[r] > previous, "rows start on increasing lines after the header");
        previous = doc.lines[r];
        for (const auto& cell : row) check_cell(cell);
    }
}

// The document as a UTF-8 file with a byte-order mark: every cell through csv::field(), a row
// without cells as one delimiter (two empty cells, which parse() reads as no cells).
std::string write(const csv::Document& doc) {
    std::string out = "\xEF\xBB\xBF";
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) out += doc.delimiter;
            out += csv::field(cells[i], doc.delimiter);
        }
        if (cells.empty()) out += doc.delimiter;
        out += "\r\n";
    };
    line(doc.header);
    for (const auto& row : doc.rows) line(row);
    return out;
}

bool parse_and_check(std::string_view input, std::optional<char> delimiter, std::optional<csv::Encoding> encoding) {
    const std::size_t before = live_bytes();
    reset_peak();
    std::optional<csv::Document> doc;
    try {
        doc = csv::parse(input, delimiter, encoding);
    } catch (const ValidationError& e) {
        expect(!e.field().empty(), "a ValidationError names what was wrong");
        expect(csv::is_utf8(e.what()), "a ValidationError's message is UTF-8");
    }
    expect(peak_bytes() - before <= kBytesPerInputByte * input.size() + kAllowance,
           "parse() holds memory proportional to its input");
    if (!doc) return false;
    check(*doc, delimiter);

    const std::string written = write(*doc);
    csv::Document again;
    try {
        again = csv::parse(written, doc->delimiter, csv::Encoding::Utf8);
    } catch (const ValidationError&) {
        throw Broken("a document written back with csv::field() is refused");
    }
    expect(again.header == doc->header, "the header written back reads back the same");
    expect(again.rows == doc->rows, "the rows written back read back the same");
    return true;
}

}  // namespace

bool csv(std::string_view input) {
    expect(csv::is_utf8(csv::windows1252_to_utf8(input)), "windows1252_to_utf8() gives UTF-8");
    const bool accepted = parse_and_check(input, std::nullopt, std::nullopt);
    // The options too, chosen by the input's length: every delimiter (and one that is refused)
    // with each encoding.
    constexpr char kDelimiters[] = {',', ';', '\t', '|', 'x'};
    constexpr std::optional<csv::Encoding> kEncodings[] = {std::nullopt, csv::Encoding::Utf8,
                                                           csv::Encoding::Windows1252};
    const std::size_t n = input.size();
    const char delimiter = kDelimiters[n % std::size(kDelimiters)];
    if (delimiter == 'x') {
        bool refused = false;
        try {
            csv::parse(input, delimiter);
        } catch (const ValidationError&) {
            refused = true;
        }
        expect(refused, "a delimiter other than ',', ';', tab or '|' is refused");
        return accepted;
    }
    parse_and_check(input, delimiter, kEncodings[(n / std::size(kDelimiters)) % std::size(kEncodings)]);
    return accepted;
}

}  // namespace omfuzz

OMILCRM_FUZZ_ENTRY(omfuzz::csv)
