#pragma once
// Reading the CSV files compiled into the library (reference data: ISCO-08, CIIU4.CL).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace omilcrm::detail {

/// One CSV record (RFC 4180: fields may be quoted, with "" for a quote inside) starting at `pos`;
/// moves `pos` past the record's line break.
inline std::vector<std::string> next_csv_record(std::string_view csv, std::size_t& pos) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    while (pos < csv.size()) {
        const char c = csv[pos++];
        if (quoted) {
            if (c != '"') {
                fields.back().push_back(c);
            } else if (pos < csv.size() && csv[pos] == '"') {
                fields.back().push_back('"');
                ++pos;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            fields.back().push_back(c);
        }
    }
    return fields;
}

}  // namespace omilcrm::detail
