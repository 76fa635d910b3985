#pragma once
// The row machinery every spreadsheet import shares: which column feeds which field, errors
// tagged with the field being read, and the loop that runs each row in its own savepoint.
// Internal to the library.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string_view>
#include <type_traits>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/visiting_hours.hpp"
#include "omilcrm/rut.hpp"
#include "store/employers.hpp"
#include "store/imports.hpp"
#include "store/store.hpp"
#include "text.hpp"

namespace omilcrm::detail {

/// field -> the headers (folded) that feed it.
using FieldList = std::vector<std::pair<std::string, std::vector<std::string>>>;

/// The fields of the employers and contacts imports (imports.cpp).
const FieldList& employer_import_fields();
const FieldList& contact_import_fields();

// "sí"/"no" as spreadsheets write them; `field` names the column on error.
inline bool yes(const std::string& text, const char* field = "primary") {
    const std::string t = fold_text(text);
    if (t.empty() || t == "no" || t == "0" || t == "false" || t == "n") return false;
    if (t == "si" || t == "s" || t == "x" || t == "1" || t == "true" || t == "yes") return true;
    throw ValidationError(field, text, "expected sí or no");
}

// Which column of the file feeds which field.
struct Columns {
    std::map<std::string, std::size_t> index;      // field -> column
    std::map<std::string, std::string> header_of;  // field -> the file's header
    std::vector<std::string> ignored;
};

inline Columns map_columns(const csv::Document& doc, const FieldList& fields, const ImportOptions& o) {
    Columns c;
    std::map<std::string, std::string> mapping;  // folded header -> field
    for (const auto& [header, field] : o.mapping) {
        // A name of its own for the lambda: clang before 16 cannot capture a structured binding.
        const std::string& wanted = field;
        const bool known = std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.first == wanted; });
        if (!known) throw ValidationError("mapping", header + " -> " + field, "is not a field of this import");
        mapping[fold_text(header)] = field;
    }
    for (std::size_t i = 0; i < doc.header.size(); ++i) {
        const std::string folded = fold_text(doc.header[i]);
        std::string field;
        if (auto m = mapping.find(folded); m != mapping.end()) field = m->second;
        else
            for (const auto& [name, aliases] : fields)
                if (std::find(aliases.begin(), aliases.end(), folded) != aliases.end()) field = name;
        if (field.empty() || c.index.count(field)) {
            c.ignored.push_back(doc.header[i]);
            continue;
        }
        c.index[field] = i;
        c.header_of[field] = doc.header[i];
    }
    return c;
}

// The value of a field in a row ("" when the file has no such column).
struct Row {
    const Columns& c;
    const std::vector<std::string>& cells;
    std::string get(const std::string& field) const {
        auto it = c.index.find(field);
        return it == c.index.end() || it->second >= cells.size() ? std::string() : std::string(trim(cells[it->second]));
    }
    bool has(const std::string& field) const { return !get(field).empty(); }
};

// Runs `f` with errors tagged by the field whose value it is reading.
struct FieldError : Error {
    std::string field, value;
    FieldError(std::string f, std::string v, const std::string& why)
        : Error(why), field(std::move(f)), value(std::move(v)) {}
};

template <class F>
auto reading(const std::string& field, const std::string& value, F&& f) {
    try {
        return f();
    } catch (const ValidationError& e) {
        throw FieldError(field, value, e.reason());
    }
}

inline std::string rejected_csv(const csv::Document& doc, const std::vector<std::pair<std::size_t, std::string>>& bad) {
    // In the file's own delimiter, so that it opens as the original did.
    const char d = doc.delimiter;
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) out += d;
            out += csv::field(cells[i], d);
        }
        out += d;
    };
    line(doc.header);
    out += "problem\n";
    for (const auto& [r, why] : bad) {
        line(doc.rows[r]);
        out += csv::field(why, d);
        out += '\n';
    }
    return out;
}

// The rows of an import, each in its own savepoint inside one transaction: `each` does one row
// (and counts it as created, updated or unchanged); a row that throws is rolled back and
// reported. A dry run, or a rejected row without skip_invalid, writes nothing.
template <class Each>
ImportReport run_import(DbImpl& db, const csv::Document& doc, const Columns& cols, const ImportOptions& o,
                        Each&& each) {
    ImportReport report;
    report.ignored_columns = cols.ignored;
    std::vector<std::pair<std::size_t, std::string>> bad;
    auto reject = [&](std::size_t r, const std::string& column, const std::string& value, const std::string& why) {
        report.problems.push_back({doc.lines[r], column, value, why});
        bad.push_back({r, column.empty() ? why : column + ": " + why});
    };
    auto column_of = [&](const std::string& field) {
        auto it = cols.header_of.find(field);
        return it != cols.header_of.end() ? it->second : field;
    };
    Scope all(db);
    for (std::size_t r = 0; r < doc.rows.size(); ++r) {
        if (std::all_of(doc.rows[r].begin(), doc.rows[r].end(), [](const std::string& v) { return trim(v).empty(); }))
            continue;
        ++report.rows;
        Scope one(db);
        try {
            each(Row{cols, doc.rows[r]}, report);
            one.commit();
        } catch (const FieldError& e) {
            reject(r, column_of(e.field), e.value, e.what());
        } catch (const ValidationError& e) {
            // A library check on a field the file has: the file's own cell is the value to show.
            auto col = cols.index.find(e.field());
            reject(r, column_of(e.field()),
                   col != cols.index.end() ? std::string(trim(doc.cell(r, col->second))) : e.value(), e.reason());
        } catch (const StorageError&) {
            throw;                  // the file, not the row: nothing of the import is written
        } catch (const Error& e) {  // Conflict, NotFound: the row as a whole
            reject(r, "", "", e.what());
        }
        if (o.progress) o.progress(r + 1, doc.rows.size());
    }
    report.written = !o.dry_run && (report.problems.empty() || o.skip_invalid);
    if (report.written) all.commit();
    if (!bad.empty()) report.rejected_csv = rejected_csv(doc, bad);
    return report;
}

/// The office's employer with this RUT, if any.
inline std::optional<Id> employer_by_rut(DbImpl& db, Id office_id, const Rut& rut) {
    return store::employer_id_by_rut(db, office_id, rut.compact());
}

/// The job seeker registered at the office with this RUT (the import matches its rows by RUT:
/// the file already holds them, so nothing personal is read out).
inline std::optional<Id> seeker_by_rut(DbImpl& db, Id office_id, const Rut& rut) {
    return store::seeker_id_by_rut(db, office_id, rut.str());
}

inline void require_columns(const csv::Document& doc, const Columns& cols, std::initializer_list<const char*> fields) {
    for (const char* required : fields)
        if (!cols.index.count(required))
            throw ValidationError("header", join_list(doc.header, ';'),
                                  std::string("has no column for ") + required + " (map one with mapping)");
}
// ---- values as spreadsheets write them ----------------------------------------------------

/// A date as "2026-03-05", "05-03-2026" or "5/3/2026" (day first, as in Chile).
inline Date sheet_date(const std::string& text, const char* field) {
    const std::string t(trim(text));
    if (t.size() == 10 && t[4] == '-') return Date::parse(t, field);
    const auto parts = split(t, t.find('/') != std::string::npos ? '/' : '-');
    if (parts.size() == 3 && parts[2].size() == 4) {
        auto two = [](std::string_view p) { return p.size() == 1 ? "0" + std::string(p) : std::string(p); };
        try {
            return Date::parse(std::string(parts[2]) + "-" + two(parts[1]) + "-" + two(parts[0]), field);
        } catch (const ValidationError&) {
        }
    }
    throw ValidationError(field, text, "expected a date as 2026-03-05 or 05-03-2026");
}

/// A whole number, "12".
inline int sheet_int(const std::string& text, const char* field) {
    const std::string t(trim(text));
    if (!t.empty() && t.size() < 10 && std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::stoi(t);
    throw ValidationError(field, text, "expected a whole number");
}

/// An amount in pesos: "650000", "650.000" or "$ 650.000".
inline std::int64_t sheet_amount(const std::string& text, const char* field) {
    std::string digits;
    bool ok = true;
    for (unsigned char c : std::string(trim(text))) {
        if (std::isdigit(c)) digits += static_cast<char>(c);
        else if (c != '.' && c != '$' && c != ' ') ok = false;
    }
    if (!ok || digits.empty() || digits.size() > 15)
        throw ValidationError(field, text, "expected an amount in pesos, such as 650000 or $650.000");
    return std::stoll(digits);
}

/// A list in one cell, separated by ';' (or ',' when there is no ';').
inline std::vector<std::string> sheet_list(const std::string& text) {
    return split_list(text, text.find(';') != std::string::npos ? ';' : ',');
}

}  // namespace omilcrm::detail
