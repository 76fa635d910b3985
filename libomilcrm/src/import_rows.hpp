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
    std::map<std::string, std::size_t> index;       // field -> column
    std::map<std::string, std::string> header_of;   // field -> the file's header
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
    FieldError(std::string f, std::string v, const std::string& why) : Error(why), field(std::move(f)), value(std::move(v)) {}
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
            reject(r, column_of(e.field()), col != cols.index.end() ? std::string(trim(doc.cell(r, col->second))) : e.value(),
                   e.reason());
        } catch (const StorageError&) {
            throw;  // the file, not the row: nothing of the import is written
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

/// The canonical word for a Spanish one ("visita" -> "visit"); other text as it is, for the
/// library's own parser to accept or refuse.
inline std::string canonical(const std::string& text,
                             std::initializer_list<std::pair<const char*, const char*>> spanish) {
    const std::string folded = fold_text(text);
    for (const auto& [es, en] : spanish)
        if (folded == fold_text(es)) return en;
    return std::string(trim(text));
}


// ---- columns and values from a record's declaration (omilcrm/fields.hpp) ------------------

/// The Spanish words spreadsheets write for an enumeration's values ({"visita", "visit"}),
/// specialized where an import reads that enumeration; none by default.
template <class E>
struct SheetWords {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 0> words{};
};

/// The canonical name for a Spanish word of `words` ("visita" -> "visit"); other text as it is.
template <class Words>
std::string canonical_word(const std::string& text, const Words& words) {
    const std::string folded = fold_text(text);
    for (const auto& [es, en] : words)
        if (folded == fold_text(es)) return std::string(en);
    return std::string(trim(text));
}

/// A number as spreadsheets write coordinates, "-32.9235".
inline double sheet_number(const std::string& text, const char* field) {
    try {
        std::size_t used = 0;
        const double v = std::stod(std::string(trim(text)), &used);
        if (used == trim(text).size()) return v;
    } catch (const std::exception&) {
    }
    throw ValidationError(field, text, "expected a number such as -32.9235");
}

/// A time of day, "09:30" (minutes after midnight).
inline int sheet_time(const std::string& text, const char* field) {
    const std::string t(trim(text));
    const auto colon = t.find(':');
    if (colon != std::string::npos && colon > 0 && colon <= 2 && t.size() - colon == 3) {
        const auto digits = [](const std::string& x) {
            return std::all_of(x.begin(), x.end(), [](unsigned char c) { return std::isdigit(c); });
        };
        const std::string h = t.substr(0, colon), m = t.substr(colon + 1);
        if (digits(h) && digits(m) && std::stoi(h) < 24 && std::stoi(m) < 60) return std::stoi(h) * 60 + std::stoi(m);
    }
    throw ValidationError(field, text, "expected a time as 09:30");
}

/// A cell as a value of type T, one reading per type: text (trimmed), sí/no, a whole number, an
/// amount in pesos (std::int64_t: "$650.000"), a number, a date (day first), an enumeration's
/// name or Spanish word (SheetWords), a list (';' or ','), visiting hours.
template <class T>
T sheet_value(const std::string& text, const char* field) {
    if constexpr (is_optional_field<T>::value) return sheet_value<typename T::value_type>(text, field);
    else if constexpr (std::is_same_v<T, std::string>) return std::string(trim(text));
    else if constexpr (std::is_same_v<T, bool>) return yes(text, field);
    else if constexpr (std::is_same_v<T, int>) return sheet_int(text, field);
    else if constexpr (std::is_same_v<T, std::int64_t>) return sheet_amount(text, field);
    else if constexpr (std::is_floating_point_v<T>) return sheet_number(text, field);
    else if constexpr (std::is_same_v<T, Date>) return sheet_date(text, field);
    else if constexpr (NamedEnum<T>) return parse_enum<T>(canonical_word(text, SheetWords<T>::words), field);
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) return sheet_list(text);
    else if constexpr (std::is_same_v<T, std::vector<VisitingWindow>>) return parse_visiting_hours(text, field);
    else static_assert(sizeof(T) == 0, "sheet_value: a type spreadsheets do not hold");
}

/// A value as an export writes it, so that the import reads it back (sheet_value).
template <class T>
std::string sheet_text(const T& v) {
    if constexpr (is_optional_field<T>::value) return v ? sheet_text(*v) : std::string();
    else if constexpr (std::is_same_v<T, std::string>) return v;
    else if constexpr (std::is_same_v<T, bool>) return v ? "yes" : "no";
    else if constexpr (std::is_integral_v<T>) return std::to_string(v);
    else if constexpr (std::is_floating_point_v<T>) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", static_cast<double>(v));
        return buf;
    } else if constexpr (std::is_same_v<T, Date>) return v.iso();
    else if constexpr (NamedEnum<T>) return std::string(to_string(v));
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) return join_list(v, ';');
    else if constexpr (std::is_same_v<T, std::vector<VisitingWindow>>) return to_string(v);
    else if constexpr (std::is_same_v<T, Rut>) return v.str();
    else static_assert(sizeof(T) == 0, "sheet_text: a type spreadsheets do not hold");
}

/// An import's columns from R's declaration: every field of R but those in `skip`, each under
/// its declared name and fed by that name and the headers `aliases` gives it (folded); `before`
/// and `after` are the file's columns that are no field of R. A reference (a cluster) is a
/// column the import matches its own way (by name); read_fields leaves it alone.
template <DescribedRecord R>
FieldList declared_columns(const std::map<std::string, std::vector<std::string>>& aliases,
                           std::initializer_list<std::string_view> skip, FieldList before = {},
                           const FieldList& after = {}) {
    FieldList out = std::move(before);
    for_each_field<R>([&](const auto& f) {
        if (std::find(skip.begin(), skip.end(), f.name) != skip.end()) return;
        const std::string name(f.name);
        std::vector<std::string> headers{fold_text(name)};
        if (auto a = aliases.find(name); a != aliases.end())
            for (const auto& h : a->second)
                if (std::find(headers.begin(), headers.end(), h) == headers.end()) headers.push_back(h);
        out.push_back({name, std::move(headers)});
    });
    out.insert(out.end(), after.begin(), after.end());
    return out;
}

/// Sets each field of `into` that the row has a value for (not those in `skip`, nor references
/// to records), read by sheet_value (a time of day by sheet_time); a problem is its column's.
template <DescribedRecord R>
void read_fields(const Row& row, R& into, std::initializer_list<std::string_view> skip = {}) {
    for_each_field<R>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        using T = typename F::value_type;
        if (std::find(skip.begin(), skip.end(), f.name) != skip.end()) return;
        const std::string name(f.name);
        if (!row.has(name)) return;
        const std::string cell = row.get(name);
        if constexpr (std::is_same_v<typename F::refers_to, TimeOfDay>)
            into.*(f.member) = reading(name, cell, [&] { return sheet_time(cell, name.c_str()); });
        else if constexpr (std::is_same_v<typename F::refers_to, NoRecord>)
            into.*(f.member) = reading(name, cell, [&] { return sheet_value<T>(cell, name.c_str()); });
    });
}

/// The export's text of R's field `name` in `r` (sheet_text); nullopt when R has no such field.
template <DescribedRecord R>
std::optional<std::string> field_text(const R& r, std::string_view name) {
    std::optional<std::string> out;
    for_each_field<R>([&](const auto& f) {
        using T = typename std::decay_t<decltype(f)>::value_type;
        if constexpr (!std::is_same_v<T, RecordMeta>)
            if (!out && f.name == name) out = sheet_text(r.*(f.member));
    });
    return out;
}

}  // namespace omilcrm::detail
