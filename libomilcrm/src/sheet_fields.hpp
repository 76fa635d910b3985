#pragma once
// A record's declared fields (RecordFields) as a spreadsheet's columns: the column of each field
// is its declared name (plus the headers offices write for it), a cell's text becomes a field's
// value through one helper per field type, and a value becomes a cell's text the same way, so an
// import and its export follow the declaration. Internal to the library.
//
//   text        trimmed                      int           "12" (a whole number)
//   int64       an amount, "$650.000"        Date          "2026-03-05" or "05-03-2026"
//   bool        "sí" / "no"                  enumeration   its name, or a Spanish word (SheetWords)
//   list        items separated by ';'       experience    "7411:24;9329:6" (ISCO code: months)
//   double      "-32.9235"                   time of day   "09:30" (a field declared time_of_day)
//   visiting hours  "lun-vie 09:00-13:00"    RUT           written as 76.086.428-5
//
// Two ways to take columns from a declaration: sheet_columns/read_sheet_row/push_sheet_row skip
// the RecordMeta, references to other records (ids mean nothing in another database) and the
// fields a record declares `derived` (vacancies, seekers); declared_columns/read_fields/field_text
// keep references as columns that an import matches its own way, by name (employers' cluster).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "import_rows.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/matching.hpp"
#include "omilcrm/rut.hpp"
#include "omilcrm/vacancies.hpp"
#include "omilcrm/visiting_hours.hpp"

namespace omilcrm::detail {

/// The columns of the vacancies' import and export: the employer's RUT, then RecordFields<Vacancy>'s
/// sheet columns (imports_records.cpp).
const FieldList& vacancy_import_fields();
/// The columns of the seekers' register: RecordFields<JobSeeker>'s sheet columns.
const FieldList& seeker_import_fields();

/// The Spanish words spreadsheets write for an enumeration's values ("diurno" for day), beside
/// its own names, which are always accepted. Specialized below.
template <class E>
struct SheetWords {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 0> words{};
};

template <>
struct SheetWords<EducationLevel> {
    static constexpr auto words = std::to_array<std::pair<std::string_view, std::string_view>>({
        {"sin estudios", "none"},
        {"ninguna", "none"},
        {"básica", "primary"},
        {"básica completa", "primary"},
        {"media", "secondary"},
        {"media completa", "secondary"},
        {"media científico humanista", "secondary"},
        {"media técnico profesional", "technical_secondary"},
        {"técnico profesional", "technical_secondary"},
        {"técnico nivel superior", "technical"},
        {"técnica", "technical"},
        {"técnico", "technical"},
        {"universitaria", "university"},
        {"universitaria completa", "university"},
        {"profesional", "university"},
        {"postgrado", "postgraduate"},
        {"magíster", "postgraduate"},
        {"doctorado", "postgraduate"},
    });
};

template <>
struct SheetWords<EmploymentType> {
    static constexpr auto words = std::to_array<std::pair<std::string_view, std::string_view>>({
        {"jornada completa", "full_time"},
        {"completa", "full_time"},
        {"media jornada", "part_time"},
        {"jornada parcial", "part_time"},
        {"parcial", "part_time"},
        {"temporal", "temporary"},
        {"plazo fijo", "temporary"},
        {"por faena", "temporary"},
        {"honorarios", "contractor"},
        {"práctica", "intern"},
        {"otro", "other"},
    });
};

template <>
struct SheetWords<Shift> {
    static constexpr auto words = std::to_array<std::pair<std::string_view, std::string_view>>({
        {"diurno", "day"},
        {"día", "day"},
        {"tarde", "afternoon"},
        {"vespertino", "afternoon"},
        {"noche", "night"},
        {"nocturno", "night"},
        {"rotativo", "rotating"},
        {"turnos rotativos", "rotating"},
        {"fin de semana", "weekend"},
        {"flexible", "flexible"},
    });
};

template <>
struct SheetWords<CaptureChannel> {
    static constexpr auto words = std::to_array<std::pair<std::string_view, std::string_view>>({
        {"visita", "visit"},
        {"reunión del parque", "cluster_meeting"},
        {"reunión de parque", "cluster_meeting"},
        {"correo", "email"},
        {"evento", "event"},
        {"feria", "event"},
        {"otro", "other"},
    });
};

template <>
struct SheetWords<SizeBand> {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> words{{{"pequena", "small"},
                                                                                         {"pequeña", "small"},
                                                                                         {"mediana", "medium"},
                                                                                         {"grande", "large"},
                                                                                         {"microempresa", "micro"}}};
};

template <>
struct SheetWords<EmployerStatus> {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> words{{{"activa", "active"},
                                                                                         {"activo", "active"},
                                                                                         {"inactiva", "inactive"},
                                                                                         {"inactivo", "inactive"},
                                                                                         {"prospecto", "prospect"},
                                                                                         {"potencial", "prospect"}}};
};

template <>
struct SheetWords<InteractionKind> {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> words{
        {{"visita", "visit"},
         {"visita en terreno", "visit"},
         {"llamada", "phone_call"},
         {"llamado", "phone_call"},
         {"llamada telefónica", "phone_call"},
         {"teléfono", "phone_call"},
         {"correo", "email"},
         {"correo electrónico", "email"},
         {"mensaje", "message"},
         {"whatsapp", "message"},
         {"reunión", "meeting"},
         {"evento", "event"},
         {"otro", "other"}}};
};

template <>
struct SheetWords<Direction> {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 2> words{
        {{"saliente", "outbound"}, {"entrante", "inbound"}}};
};

template <>
struct SheetWords<RequestStatus> {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> words{
        {{"recibida", "received"},
         {"derivada", "routed"},
         {"en curso", "in_progress"},
         {"en proceso", "in_progress"},
         {"en ejecución", "in_progress"},
         {"resuelta", "resolved"},
         {"cerrada", "closed"},
         {"rechazada", "rejected"},
         {"duplicada", "duplicate"},
         {"reabierta", "reopened"}}};
};

/// The canonical name for a Spanish word of `words` ("visita" -> "visit"); other text as it is.
template <class Words>
std::string canonical_word(const std::string& text, const Words& words) {
    const std::string folded = fold_text(text);
    for (const auto& [es, en] : words)
        if (folded == fold_text(es)) return std::string(en);
    return std::string(trim(text));
}

/// The value of E a cell names: a Spanish word of SheetWords<E> or any spelling parse_enum takes;
/// a ValidationError naming `field` and listing E's names otherwise.
template <NamedEnum E>
E sheet_enum(const std::string& text, std::string_view field) {
    return parse_enum<E>(canonical_word(text, SheetWords<E>::words), field);
}

namespace sheet {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
}  // namespace sheet

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

/// "7411:24;9329:6" (ISCO code and months; a code alone is 0 months).
inline std::vector<matching::Experience> sheet_experience(const std::string& text, const char* field) {
    std::vector<matching::Experience> out;
    for (const auto& item : sheet_list(text)) {
        const auto colon = item.find(':');
        matching::Experience e;
        e.occupation = std::string(trim(item.substr(0, colon)));
        if (colon != std::string::npos) e.months = sheet_int(item.substr(colon + 1), field);
        out.push_back(e);
    }
    return out;
}

/// A cell's text as a value of a field of type T (see the table above); a ValidationError naming
/// `field` when the text is not one.
template <class T>
T sheet_value(const std::string& text, const char* field) {
    if constexpr (sheet::is_optional<T>::value) {
        return T(sheet_value<typename T::value_type>(text, field));
    } else if constexpr (std::is_same_v<T, std::string>) {
        return std::string(trim(text));
    } else if constexpr (std::is_same_v<T, bool>) {
        return yes(text, field);
    } else if constexpr (std::is_same_v<T, int>) {
        return sheet_int(text, field);
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
        return sheet_amount(text, field);
    } else if constexpr (std::is_floating_point_v<T>) {
        return sheet_number(text, field);
    } else if constexpr (std::is_same_v<T, std::vector<VisitingWindow>>) {
        return parse_visiting_hours(text, field);
    } else if constexpr (std::is_same_v<T, Date>) {
        return sheet_date(text, field);
    } else if constexpr (NamedEnum<T>) {
        return sheet_enum<T>(text, field);
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        return sheet_list(text);
    } else if constexpr (std::is_same_v<T, std::vector<matching::Experience>>) {
        return sheet_experience(text, field);
    } else {
        static_assert(sheet::is_vector<T>::value && NamedEnum<typename T::value_type>,
                      "a field type with no spreadsheet form");
        T out;
        for (const auto& item : sheet_list(text)) out.push_back(sheet_enum<typename T::value_type>(item, field));
        return out;
    }
}

/// A value as a cell's text, as sheet_value reads it back ("" for none).
template <class T>
std::string sheet_text(const T& v) {
    if constexpr (sheet::is_optional<T>::value) {
        return v ? sheet_text(*v) : std::string();
    } else if constexpr (std::is_same_v<T, std::string>) {
        return v;
    } else if constexpr (std::is_same_v<T, bool>) {
        return v ? "yes" : "no";
    } else if constexpr (std::is_integral_v<T>) {
        return std::to_string(v);
    } else if constexpr (std::is_floating_point_v<T>) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", static_cast<double>(v));
        return buf;
    } else if constexpr (std::is_same_v<T, Date>) {
        return v.iso();
    } else if constexpr (std::is_same_v<T, std::vector<VisitingWindow>>) {
        return to_string(v);
    } else if constexpr (std::is_same_v<T, Rut>) {
        return v.str();
    } else if constexpr (NamedEnum<T>) {
        return std::string(to_string(v));
    } else if constexpr (std::is_same_v<T, matching::Experience>) {
        return v.occupation + ":" + std::to_string(v.months);
    } else {
        static_assert(sheet::is_vector<T>::value, "a field type with no spreadsheet form");
        std::string out;
        for (const auto& item : v) {
            if (!out.empty()) out += ';';
            out += sheet_text(item);
        }
        return out;
    }
}

/// Whether a declared field of R is a column of R's spreadsheet: not the RecordMeta, not a
/// reference to another record, not one R declares `derived`.
template <DescribedRecord R, class F>
constexpr bool is_sheet_column(const F& f) {
    if constexpr (std::is_same_v<typename F::value_type, RecordMeta> ||
                  !std::is_same_v<typename F::refers_to, NoRecord>) {
        return false;
    } else {
        if constexpr (requires { RecordFields<R>::derived; }) {
            for (auto d : RecordFields<R>::derived)
                if (d == f.name) return false;
        }
        return true;
    }
}

/// The columns of R's spreadsheet in declaration order, each with the (folded) headers that feed
/// it: its own name and the ones `headers` lists for it (keyed by the declared name).
template <DescribedRecord R>
FieldList sheet_columns(const std::map<std::string, std::vector<std::string>>& headers) {
    FieldList out;
    for_each_field<R>([&](const auto& f) {
        if (!is_sheet_column<R>(f)) return;
        const std::string name(f.name);
        std::vector<std::string> aliases{fold_text(name)};
        if (auto it = headers.find(name); it != headers.end())
            for (const auto& h : it->second)
                if (std::find(aliases.begin(), aliases.end(), h) == aliases.end()) aliases.push_back(h);
        out.emplace_back(name, std::move(aliases));
    });
    return out;
}

/// Sets each field of `r` whose column (its declared name, or `renamed` of it) the row fills:
/// the input record N of an import read from the columns of the stored record. A field is left
/// at its default when its cell is empty; a cell that is not a value of its type is a FieldError
/// on its column.
template <DescribedRecord N>
void read_sheet_row(const Row& row, N& r, const std::map<std::string_view, std::string_view>& renamed = {}) {
    for_each_field<N>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (!std::is_same_v<typename F::refers_to, NoRecord> ||
                      std::is_same_v<typename F::value_type, RecordMeta>) {
            return;
        } else {
            const auto it = renamed.find(f.name);
            const std::string column(it == renamed.end() ? f.name : it->second);
            if (!row.has(column)) return;
            const std::string text = row.get(column);
            r.*(f.member) =
                reading(column, text, [&] { return sheet_value<typename F::value_type>(text, column.c_str()); });
        }
    });
}

/// A Table of text columns, one per field of `columns`.
inline Table sheet_table(const FieldList& columns, std::vector<Column*>& cols) {
    Table t;
    for (const auto& [name, aliases] : columns) cols.push_back(&t.add_column(name, ColumnType::Text));
    return t;
}

/// Appends `r`'s cells to `cols` (from `first` on), one per column of R's spreadsheet;
/// `override(name)` gives a column's text when the record does not hold it (nullopt: the field's).
template <DescribedRecord R, class Override>
void push_sheet_row(const std::vector<Column*>& cols, std::size_t first, const R& r, Override&& override) {
    std::size_t k = first;
    for_each_field<R>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (!std::is_same_v<typename F::value_type, RecordMeta> &&
                      std::is_same_v<typename F::refers_to, NoRecord>) {
            if (!is_sheet_column<R>(f)) return;
            const std::optional<std::string> given = override(f.name);
            cols.at(k++)->push_text(given ? *given : sheet_text(r.*(f.member)));
        }
    });
}

template <DescribedRecord R>
void push_sheet_row(const std::vector<Column*>& cols, std::size_t first, const R& r) {
    push_sheet_row(cols, first, r, [](std::string_view) { return std::optional<std::string>(); });
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
