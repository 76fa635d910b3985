// CSV as offices' spreadsheets write it.
#include "omilcrm/csv.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm::csv {

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Windows-1252's 0x80-0x9F; 0 where the code page has no character (kept as the C1 control).
constexpr std::array<std::uint16_t, 32> kHigh = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                                 0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

std::string_view to_string(Encoding e) noexcept { return e == Encoding::Utf8 ? "utf-8" : "windows-1252"; }

Encoding parse_encoding(std::string_view text) {
    const std::string t = detail::fold_text(text);  // lower case, punctuation dropped
    if (t == "utf8") return Encoding::Utf8;
    if (t == "windows1252" || t == "cp1252" || t == "latin1" || t == "iso88591") return Encoding::Windows1252;
    throw ValidationError("encoding", std::string(text), "expected utf-8 or windows-1252 (latin-1)");
}

bool is_utf8(std::string_view s) noexcept { return detail::is_utf8(s); }

std::string windows1252_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) out += ch;
        else if (c < 0xA0) append_utf8(out, kHigh[c - 0x80] ? kHigh[c - 0x80] : c);
        else append_utf8(out, c);
    }
    return out;
}

Document parse(std::string_view bytes, std::optional<char> delimiter, std::optional<Encoding> encoding) {
    Document doc;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        bytes.remove_prefix(3);
        if (!encoding) encoding = Encoding::Utf8;
    }
    doc.encoding = encoding ? *encoding : (is_utf8(bytes) ? Encoding::Utf8 : Encoding::Windows1252);
    std::string converted;
    std::string_view text = bytes;
    if (doc.encoding == Encoding::Windows1252) {
        converted = windows1252_to_utf8(bytes);
        text = converted;
    } else if (!is_utf8(bytes)) {
        throw ValidationError("encoding", "utf-8", "the file is not valid UTF-8; try windows-1252");
    }
    if (delimiter) {
        if (*delimiter != ',' && *delimiter != ';' && *delimiter != '\t' && *delimiter != '|')
            throw ValidationError("delimiter", std::string(1, *delimiter), "expected ',', ';', tab or '|'");
        doc.delimiter = *delimiter;
    } else {
        // The header line decides: the separator found more often outside quotes.
        std::size_t commas = 0, semicolons = 0;
        bool quoted = false;
        for (char c : text) {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted && c == ',') ++commas;
            else if (!quoted && c == ';') ++semicolons;
        }
        doc.delimiter = semicolons > commas ? ';' : ',';
    }

    std::vector<std::vector<std::string>> records;
    std::vector<std::size_t> starts;
    std::vector<std::string> record;
    std::string value;
    bool in_quotes = false, field_started = false, any = false;
    std::size_t line = 1, record_line = 1, quote_line = 0;
    auto end_field = [&] {
        if (value.size() > kMaxFieldBytes)
            throw ValidationError("line " + std::to_string(line), value.substr(0, 40) + "...",
                                  "a cell longer than " + std::to_string(kMaxFieldBytes >> 20) + " MiB");
        if (records.empty() && record.size() >= kMaxColumns)
            throw ValidationError("header", std::to_string(record.size() + 1) + " columns",
                                  "more than " + std::to_string(kMaxColumns) + " columns");
        if (!records.empty() && record.size() >= records.front().size()) {
            // Past the header's width: harmless when empty (a spreadsheet's spare columns).
            if (detail::trim(value).empty()) {
                value.clear();
                field_started = false;
                return;
            }
            throw ValidationError("line " + std::to_string(record_line), std::to_string(record.size() + 1) + " fields",
                                  "more fields than the header's " + std::to_string(records.front().size()));
        }
        record.push_back(std::move(value));
        value.clear();
        field_started = false;
    };
    auto end_record = [&] {
        end_field();
        // A blank line (one empty field) is no record.
        const bool blank = record.size() == 1 && detail::trim(record[0]).empty();
        if (!blank) {
            records.push_back(std::move(record));
            starts.push_back(record_line);
        }
        record.clear();
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_quotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    value += '"';
                    ++i;
                } else {
                    in_quotes = false;
                }
            } else {
                if (c == '\n') ++line;
                value += c;
            }
            continue;
        }
        if (!any) record_line = line;
        any = true;
        if (c == '"' && !field_started && detail::trim(value).empty()) {
            value.clear();
            in_quotes = true;
            field_started = true;
            quote_line = line;
        } else if (c == doc.delimiter) {
            end_field();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_record();
            ++line;
        } else {
            value += c;
            if (c != ' ') field_started = true;
        }
    }
    if (in_quotes) throw ValidationError("line " + std::to_string(quote_line), "\"", "a quoted field is never closed");
    if (any) end_record();
    if (records.empty()) throw ValidationError("header", "", "the file is empty");

    for (auto& h : records.front()) doc.header.emplace_back(detail::trim(h));
    for (std::size_t r = 1; r < records.size(); ++r) {
        auto& row = records[r];
        while (!row.empty() && detail::trim(row.back()).empty()) row.pop_back();
        row.shrink_to_fit();
        doc.rows.push_back(std::move(row));
        doc.lines.push_back(starts[r]);
    }
    return doc;
}

std::string read_file(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw ValidationError("file", path,
                              std::filesystem::exists(path, ec) ? "is not a regular file" : "does not exist");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ValidationError("file", path, "cannot be read");
    std::string bytes;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > kMaxFileBytes)
            throw ValidationError("file", path, "is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    }
    if (in.bad()) throw ValidationError("file", path, "cannot be read");
    return bytes;
}

std::string field(std::string_view value, char delimiter) {
    if (value.find_first_of(std::string{'"', '\n', '\r', delimiter}) == std::string_view::npos)
        return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

}  // namespace omilcrm::csv
