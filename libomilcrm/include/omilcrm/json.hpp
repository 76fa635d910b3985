#pragma once
// One JSON representation of every record and every table, derived from the records' field
// declarations (omilcrm/fields.hpp) and used by the HTTP API, the command line's --json, the
// Open311 and JobPosting outputs and the Python package (Record.to_json(), Record.from_json()):
//
//     boost::json::object o = to_json(employer);         // {"id": 1, "uuid": ..., "rut": ...}
//     std::string text = json_text(o);                    // compact, numbers read back exactly
//     auto e = from_json<NewEmployer>(parse_json(body), "employer");
//
// Values: dates "2026-11-23", timestamps "2026-11-23T14:12:22.123456Z", enumerations by name,
// money as integers (CLP), times of day "09:30", ids as integers, lists as arrays, nested records
// as objects, a missing optional value as null. Reading refuses a key that is no field, a value
// of the wrong kind and a missing required field with a ValidationError naming the field's path
// ("commitments[0].due") and the value.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/recurrence.hpp"
#include "omilcrm/rut.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/visiting_hours.hpp"

namespace omilcrm {

/// Compact JSON text of `v`: numbers are written as the shortest text that reads back as the
/// same double ("-33.0345", not "-3.30345E1"); NaN and infinities (which JSON cannot hold) as null.
std::string json_text(const boost::json::value& v);
/// The same, indented by two spaces per level, with a final newline (for people and files).
std::string json_pretty(const boost::json::value& v);
/// Parses JSON text; ValidationError naming `field` ("body") and saying where it fails.
boost::json::value parse_json(std::string_view text, std::string_view field = "body");

/// "2026-11-23T14:12:22.123456Z" (to_iso), and back: also reads "2026-11-23T14:12:22Z",
/// "...+00:00", other offsets, and fractions of up to 6 digits. ValidationError naming `field`.
Timestamp parse_timestamp(std::string_view text, std::string_view field = "timestamp");

/// The rows of a table as an array of objects, one key per column in column order: Int as
/// integers, Real as numbers, Bool as true/false, Date and Timestamp as ISO text, null for null.
boost::json::array table_json(const Table& t);
/// The rows from `first`, at most `count` of them (a page of a listing).
boost::json::array table_json(const Table& t, std::size_t first, std::size_t count);

/// How a field value of type T is written and read (specialize for a new kind of value).
template <class T, class Ref = NoRecord>
struct JsonCodec;

template <DescribedRecord R>
boost::json::object to_json(const R& r);
template <DescribedRecord R>
R from_json(const boost::json::value& v, std::string_view what = "record");
/// A list of records as an array of objects.
template <DescribedRecord R>
boost::json::array to_json(const std::vector<R>& rows);

namespace detail_json {

/// `v` shown in a message: its JSON text, cut short.
std::string shown(const boost::json::value& v);
[[noreturn]] void wrong_kind(std::string_view field, const boost::json::value& v, std::string_view expected);
std::int64_t read_int(const boost::json::value& v, std::string_view field);
double read_number(const boost::json::value& v, std::string_view field);
const boost::json::string& read_text(const boost::json::value& v, std::string_view field);
boost::json::value time_of_day_json(int minute);
int read_time_of_day(const boost::json::value& v, std::string_view field);
const boost::json::array& read_array(const boost::json::value& v, std::string_view field);
const boost::json::object& read_object(const boost::json::value& v, std::string_view field);
std::string item_path(std::string_view field, std::size_t i);
/// ValidationError for a key that is no field of a record: "is not an employer field (...)".
[[noreturn]] void unknown_field(std::string_view key, const boost::json::value& v, std::string_view what,
                                const std::string& choices);
[[noreturn]] void missing_field(std::string_view field);
/// Runs `read`, renaming a ValidationError's field to `path` + "." + its field (nested records).
template <class F>
auto nested(const std::string& path, F&& read) {
    try {
        return read();
    } catch (const ValidationError& e) {
        throw ValidationError(path + "." + e.field(), e.value(), e.reason());
    }
}

template <class T>
using is_optional = detail::is_optional_field<T>;
template <class T>
using is_vector = detail::is_vector_field<T>;

}  // namespace detail_json

template <class T, class Ref>
struct JsonCodec {
    static boost::json::value write(const T& v) {
        if constexpr (detail_json::is_optional<T>::value) {
            if (!v) return nullptr;
            return JsonCodec<typename T::value_type, Ref>::write(*v);
        } else if constexpr (std::is_same_v<Ref, TimeOfDay>) {
            return detail_json::time_of_day_json(static_cast<int>(v));
        } else if constexpr (std::is_same_v<T, bool>) {
            return v;
        } else if constexpr (std::is_integral_v<T>) {
            return static_cast<std::int64_t>(v);
        } else if constexpr (std::is_floating_point_v<T>) {
            return static_cast<double>(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
            return boost::json::string(v);
        } else if constexpr (std::is_same_v<T, Date>) {
            return boost::json::string(v.iso());
        } else if constexpr (std::is_same_v<T, Timestamp>) {
            return boost::json::string(to_iso(v));
        } else if constexpr (std::is_same_v<T, Rut>) {
            return boost::json::string(v.str());
        } else if constexpr (std::is_same_v<T, VisitingWindow> || std::is_same_v<T, Recurrence>) {
            return boost::json::string(v.str());
        } else if constexpr (NamedEnum<T>) {
            return boost::json::string(to_string(v));
        } else if constexpr (DescribedRecord<T>) {
            return to_json(v);
        } else if constexpr (detail_json::is_vector<T>::value) {
            boost::json::array out;
            out.reserve(v.size());
            for (const auto& item : v) out.push_back(JsonCodec<typename T::value_type, Ref>::write(item));
            return out;
        } else {
            static_assert(sizeof(T) == 0, "no JSON for this field type: specialize omilcrm::JsonCodec");
        }
    }

    static T read(const boost::json::value& v, std::string_view field) {
        if constexpr (detail_json::is_optional<T>::value) {
            // null in a change (an optional optional: "latitude": null) clears the value.
            if constexpr (detail_json::is_optional<typename T::value_type>::value)
                if (v.is_null()) return T(std::in_place, std::nullopt);
            if (v.is_null()) return std::nullopt;
            return JsonCodec<typename T::value_type, Ref>::read(v, field);
        } else if constexpr (std::is_same_v<Ref, TimeOfDay>) {
            return static_cast<T>(detail_json::read_time_of_day(v, field));
        } else if constexpr (std::is_same_v<T, bool>) {
            if (!v.is_bool()) detail_json::wrong_kind(field, v, "true or false");
            return v.get_bool();
        } else if constexpr (std::is_integral_v<T>) {
            const std::int64_t n = detail_json::read_int(v, field);
            if (std::cmp_less(n, std::numeric_limits<T>::min()) || std::cmp_greater(n, std::numeric_limits<T>::max()))
                throw ValidationError(std::string(field), detail_json::shown(v), "is out of range");
            return static_cast<T>(n);
        } else if constexpr (std::is_floating_point_v<T>) {
            return static_cast<T>(detail_json::read_number(v, field));
        } else if constexpr (std::is_same_v<T, std::string>) {
            return std::string(detail_json::read_text(v, field));
        } else if constexpr (std::is_same_v<T, Date>) {
            return Date::parse(detail_json::read_text(v, field), field);
        } else if constexpr (std::is_same_v<T, Timestamp>) {
            return parse_timestamp(detail_json::read_text(v, field), field);
        } else if constexpr (std::is_same_v<T, Rut>) {
            const auto& text = detail_json::read_text(v, field);
            if (!Rut::is_valid(text))
                throw ValidationError(std::string(field), std::string(text), "is not a valid RUT");
            return Rut(text);
        } else if constexpr (std::is_same_v<T, VisitingWindow> || std::is_same_v<T, Recurrence>) {
            return T::parse(detail_json::read_text(v, field), field);
        } else if constexpr (NamedEnum<T>) {
            if (!v.is_string()) detail_json::wrong_kind(field, v, "one of " + enum_choices<T>());
            return parse_enum<T>(std::string_view(v.get_string()), field);
        } else if constexpr (DescribedRecord<T>) {
            detail_json::read_object(v, field);
            return detail_json::nested(std::string(field), [&] { return from_json<T>(v, field); });
        } else if constexpr (detail_json::is_vector<T>::value) {
            const auto& a = detail_json::read_array(v, field);
            T out;
            out.reserve(a.size());
            for (std::size_t i = 0; i < a.size(); ++i)
                out.push_back(JsonCodec<typename T::value_type, Ref>::read(a[i], detail_json::item_path(field, i)));
            return out;
        } else {
            static_assert(sizeof(T) == 0, "no JSON for this field type: specialize omilcrm::JsonCodec");
        }
    }
};

template <DescribedRecord R>
boost::json::object to_json(const R& r) {
    boost::json::object out;
    for_each_field<R>([&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        using T = typename F::value_type;
        const T& value = r.*(f.member);
        if constexpr (std::is_same_v<T, RecordMeta>) {
            out.emplace("id", value.id);
            out.emplace("uuid", value.uuid);
            out.emplace("created_at", to_iso(value.created_at));
            out.emplace("updated_at", to_iso(value.updated_at));
        } else {
            out.emplace(f.name, JsonCodec<T, typename F::refers_to>::write(value));
        }
    });
    return out;
}

template <DescribedRecord R>
boost::json::array to_json(const std::vector<R>& rows) {
    boost::json::array out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(to_json(r));
    return out;
}

template <DescribedRecord R>
R from_json(const boost::json::value& v, std::string_view what) {
    const boost::json::object& o = detail_json::read_object(v, what);
    R r;
    for (const auto& kv : o) {
        // Named, not structured bindings: clang 14 cannot capture those in the lambda below.
        const boost::json::string_view key = kv.key();
        const boost::json::value& value = kv.value();
        bool known = false;
        for_each_field<R>([&](const auto& f) {
            using F = std::decay_t<decltype(f)>;
            using T = typename F::value_type;
            if (known) return;
            if constexpr (std::is_same_v<T, RecordMeta>) {
                RecordMeta& m = r.*(f.member);
                if (key == "id") m.id = JsonCodec<Id>::read(value, "id");
                else if (key == "uuid") m.uuid = JsonCodec<std::string>::read(value, "uuid");
                else if (key == "created_at") m.created_at = JsonCodec<Timestamp>::read(value, "created_at");
                else if (key == "updated_at") m.updated_at = JsonCodec<Timestamp>::read(value, "updated_at");
                else return;
                known = true;
            } else {
                if (f.name != std::string_view(key)) return;
                known = true;
                if (value.is_null() && !detail_json::is_optional<T>::value) return;  // null: the default
                r.*(f.member) = JsonCodec<T, typename F::refers_to>::read(value, f.name);
            }
        });
        if (!known) detail_json::unknown_field(key, value, what, field_choices<R>());
    }
    for_each_field<R>([&](const auto& f) {
        if (!f.is_required) return;
        const auto* found = o.if_contains(f.name);
        if (!found || found->is_null()) detail_json::missing_field(f.name);
    });
    return r;
}

}  // namespace omilcrm
