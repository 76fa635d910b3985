#pragma once
// A record's fields are declared once, beside the record, as a specialization of RecordFields:
//
//     struct Office { RecordMeta meta{}; std::string name{}; std::optional<double> latitude{}; ... };
//     template <> struct RecordFields<Office> {
//         static constexpr auto fields = std::make_tuple(
//             field("meta", &Office::meta), field("name", &Office::name), field("latitude", &Office::latitude));
//     };
//
// What reads the declaration: table_of (a Table with a column per field), the Python package
// (attributes, keyword construction, repr and a dict of each record; bindings/python/records.hpp)
// and the error that lists a record's valid field names. A RecordMeta member stands for four
// fields: id, uuid, created_at and updated_at.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// What a field that holds no reference to another record refers to.
struct NoRecord {};

/// One field of record R: its name, the member that holds it, the kind of record it refers to
/// when it holds another record's id (Ref), and whether a new record must give it.
template <class R, class T, class Ref = NoRecord>
struct Field {
    using record_type = R;
    using value_type = T;
    using refers_to = Ref;
    std::string_view name{};
    T R::*member = nullptr;
    bool is_required = false;

    /// The same field, required when a record is made from keywords.
    constexpr Field required() const noexcept {
        Field f = *this;
        f.is_required = true;
        return f;
    }
};

template <class R, class T>
constexpr Field<R, T> field(std::string_view name, T R::*member) noexcept {
    return {name, member};
}

/// A field holding the id of a record of type Ref: field("employer", ...) taking an Employer or
/// its id in Python, and refusing a record of another type.
template <class Ref, class R, class T>
constexpr Field<R, T, Ref> ref(std::string_view name, T R::*member) noexcept {
    return {name, member};
}

/// What a field of minutes after midnight stands for: a time of day, "10:30" in Python (and
/// "HH:MM" wherever it is text), minutes in tables.
struct TimeOfDay {};

/// A field holding minutes after midnight (std::optional<int> or int) shown as a time of day:
/// time_of_day("at", &Interaction::at_minute).
template <class R, class T>
constexpr Field<R, T, TimeOfDay> time_of_day(std::string_view name, T R::*member) noexcept {
    return {name, member};
}

/// Specialized beside each record (see above).
template <class R>
struct RecordFields;

/// A record whose fields are declared with RecordFields.
template <class R>
concept DescribedRecord = requires {
    RecordFields<R>::fields;
};

/// f(field) for each declared field of R, in order.
template <DescribedRecord R, class F>
constexpr void for_each_field(F&& f) {
    std::apply([&](const auto&... fields) { (f(fields), ...); }, RecordFields<R>::fields);
}

namespace detail {
template <class T>
struct is_optional_field : std::false_type {};
template <class T>
struct is_optional_field<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector_field : std::false_type {};
template <class T>
struct is_vector_field<std::vector<T>> : std::true_type {};
template <class T>
struct is_list_field : std::false_type {};
template <>
struct is_list_field<std::vector<std::string>> : std::true_type {};

template <class T>
struct unwrap_optional {
    using type = T;
};
template <class T>
struct unwrap_optional<std::optional<T>> {
    using type = T;
};
}  // namespace detail

/// The Table column type a field of type T becomes (std::optional<T> as T, nullable).
template <class T>
constexpr ColumnType column_type_of() noexcept {
    using V = typename detail::unwrap_optional<T>::type;
    if constexpr (std::is_same_v<V, bool>) return ColumnType::Bool;
    else if constexpr (std::is_integral_v<V>) return ColumnType::Int;
    else if constexpr (std::is_floating_point_v<V>) return ColumnType::Real;
    else if constexpr (std::is_same_v<V, Date>) return ColumnType::Date;
    else if constexpr (std::is_same_v<V, Timestamp>) return ColumnType::Timestamp;
    else return ColumnType::Text;  // text, enumerations (their names), lists (joined), ids of records
}

/// Appends one value to a column of column_type_of<T>().
template <class T>
void push_value(Column& c, const T& v) {
    if constexpr (detail::is_optional_field<T>::value) {
        if (v) push_value(c, *v);
        else c.push_null();
    } else if constexpr (std::is_same_v<T, bool>) {
        c.push_int(v ? 1 : 0);
    } else if constexpr (std::is_integral_v<T>) {
        c.push_int(static_cast<std::int64_t>(v));
    } else if constexpr (std::is_floating_point_v<T>) {
        c.push_real(static_cast<double>(v));
    } else if constexpr (std::is_same_v<T, Date>) {
        c.push_int(v.days());
    } else if constexpr (std::is_same_v<T, Timestamp>) {
        c.push_int(static_cast<std::int64_t>(v.time_since_epoch().count()));
    } else if constexpr (NamedEnum<T>) {
        c.push_text(to_string(v));
    } else if constexpr (detail::is_list_field<T>::value) {
        std::string joined;
        for (const auto& item : v) {
            if (!joined.empty()) joined += ", ";
            joined += item;
        }
        c.push_text(joined);
    } else {
        c.push_text(std::string_view(v));
    }
}

/// The names of R's fields in order, a RecordMeta member as id, uuid, created_at, updated_at.
template <DescribedRecord R>
std::vector<std::string_view> field_names() {
    std::vector<std::string_view> out;
    for_each_field<R>([&](const auto& f) {
        using T = typename std::decay_t<decltype(f)>::value_type;
        if constexpr (std::is_same_v<T, RecordMeta>) out.insert(out.end(), {"id", "uuid", "created_at", "updated_at"});
        else out.push_back(f.name);
    });
    return out;
}

/// The names for a message: "name, commune, latitude".
template <DescribedRecord R>
std::string field_choices() {
    std::string out;
    for (auto n : field_names<R>()) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

/// A Table with a column per field of R, a row per record.
template <DescribedRecord R>
Table table_of(const std::vector<R>& rows) {
    Table t;
    for_each_field<R>([&](const auto& f) {
        using T = typename std::decay_t<decltype(f)>::value_type;
        if constexpr (std::is_same_v<T, RecordMeta>) {
            auto& id = t.add_column("id", ColumnType::Int);
            auto& uuid = t.add_column("uuid", ColumnType::Text);
            auto& created = t.add_column("created_at", ColumnType::Timestamp);
            auto& updated = t.add_column("updated_at", ColumnType::Timestamp);
            for (const auto& r : rows) {
                const RecordMeta& m = r.*(f.member);
                push_value(id, m.id);
                push_value(uuid, m.uuid);
                push_value(created, m.created_at);
                push_value(updated, m.updated_at);
            }
        } else {
            auto& c = t.add_column(std::string(f.name), column_type_of<T>());
            c.reserve(rows.size());
            for (const auto& r : rows) push_value(c, r.*(f.member));
        }
    });
    return t;
}

}  // namespace omilcrm
