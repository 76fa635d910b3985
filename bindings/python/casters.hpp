#pragma once
// Conversions between Python and omilcrm values: datetime.date <-> Date, aware datetime <->
// Timestamp, and "a record or its id" for references.
#include <pybind11/pybind11.h>
#include <datetime.h>

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>
#include <string>
#include <utility>

#include <omilcrm/enums.hpp>

#include <omilcrm/cadence.hpp>
#include <omilcrm/requests.hpp>
#include <omilcrm/date.hpp>
#include <omilcrm/error.hpp>
#include <omilcrm/matching.hpp>
#include <omilcrm/record.hpp>

namespace omilcrm::python {

/// A reference to a record of type T: accepts an int id or a T (whose id is used). A record of
/// another type is refused, so a staff member cannot pass for an office.
template <class T>
struct Ref {
    Id id = 0;
};

template <class T>
Id record_id(const T& record) {
    return record.meta.id;
}
inline Id record_id(const CadencePolicy& p) { return p.id; }
inline Id record_id(const RoutingRule& r) { return r.id; }

/// What NotFound calls a record of type T: its C++ name in words, "StaffMember" -> "staff member"
/// (as the library's own NotFound messages say it).
template <class T>
std::string record_label() {
    const std::string name = pybind11::type_id<T>();
    std::string out;
    for (char c : name.substr(name.rfind(':') + 1)) {
        if (c >= 'A' && c <= 'Z') {
            if (!out.empty()) out += ' ';
            c = static_cast<char>(c - 'A' + 'a');
        }
        out += c;
    }
    return out == "follow up" ? "follow-up" : out;
}

/// Imports CPython's datetime C API into this translation unit. `PyDateTimeAPI` is a static
/// variable of each file that includes <datetime.h>, so this function is static too: an inline
/// one would be merged across files and could fill another file's copy, leaving this one null
/// (a crash on the first date argument in builds that do not inline it).
static inline void ensure_datetime_api() {
    if (!PyDateTimeAPI) {
        PyDateTime_IMPORT;
    }
}

/// Whether `o` is a whole number as an id: a Python int or anything with __index__ (NumPy's
/// integers, as ids taken from a DataFrame column are), but not a bool of either kind.
inline bool is_whole_number(PyObject* o) {
    if (PyBool_Check(o) || PyFloat_Check(o)) return false;
    if (PyLong_Check(o)) return true;
    const std::string_view type = Py_TYPE(o)->tp_name;
    return PyIndex_Check(o) && type != "numpy.bool_" && type != "numpy.bool";
}

/// Whether `o` is a numpy.datetime64 (checked by name: NumPy is not needed to load this module).
inline bool is_datetime64(PyObject* o) { return std::string_view(Py_TYPE(o)->tp_name) == "numpy.datetime64"; }

/// A numpy.datetime64 in the given unit ("D", "us") as an integer count since 1970-01-01; nullopt
/// for NaT.
inline std::optional<std::int64_t> datetime64_count(pybind11::handle o, const char* unit) {
    namespace py = pybind11;
    const py::object n = o.attr("astype")(std::string("datetime64[") + unit + "]").attr("astype")("int64");
    const auto v = n.attr("item")().cast<std::int64_t>();
    if (v == std::numeric_limits<std::int64_t>::min()) return std::nullopt;  // NaT
    return v;
}

}  // namespace omilcrm::python

namespace pybind11::detail {

template <>
struct type_caster<omilcrm::Date> {
    PYBIND11_TYPE_CASTER(omilcrm::Date, const_name("datetime.date"));

    bool load(handle src, bool) {
        omilcrm::python::ensure_datetime_api();
        if (!src) return false;
        if (PyDate_Check(src.ptr())) {
            value =
                omilcrm::Date(PyDateTime_GET_YEAR(src.ptr()), static_cast<unsigned>(PyDateTime_GET_MONTH(src.ptr())),
                              static_cast<unsigned>(PyDateTime_GET_DAY(src.ptr())));
            return true;
        }
        if (PyUnicode_Check(src.ptr())) {
            value = omilcrm::Date::parse(src.cast<std::string>());
            return true;
        }
        if (omilcrm::python::is_datetime64(src.ptr())) {  // numpy.datetime64: its day
            const auto days = omilcrm::python::datetime64_count(src, "D");
            if (!days) return false;
            value = omilcrm::Date::from_days(*days);
            return true;
        }
        return false;
    }

    static handle cast(const omilcrm::Date& d, return_value_policy, handle) {
        omilcrm::python::ensure_datetime_api();
        return PyDate_FromDate(d.year(), static_cast<int>(d.month()), static_cast<int>(d.day()));
    }
};

template <>
struct type_caster<omilcrm::Timestamp> {
    PYBIND11_TYPE_CASTER(omilcrm::Timestamp, const_name("datetime.datetime"));

    bool load(handle src, bool) {
        omilcrm::python::ensure_datetime_api();
        if (src && omilcrm::python::is_datetime64(src.ptr())) {  // numpy.datetime64: an instant in UTC
            const auto us = omilcrm::python::datetime64_count(src, "us");
            if (!us) return false;
            value = omilcrm::Timestamp{std::chrono::microseconds{*us}};
            return true;
        }
        if (!src || !PyDateTime_Check(src.ptr())) return false;
        object ts = src.attr("timestamp")();  // naive datetimes are taken as local time by Python
        const double secs = ts.cast<double>();
        value = omilcrm::Timestamp{
            std::chrono::microseconds{static_cast<std::int64_t>(secs * 1e6 + (secs >= 0 ? 0.5 : -0.5))}};
        return true;
    }

    static handle cast(const omilcrm::Timestamp& t, return_value_policy, handle) {
        omilcrm::python::ensure_datetime_api();
        const auto us = t.time_since_epoch().count();
        object utc = module_::import("datetime").attr("timezone").attr("utc");
        object epoch = module_::import("datetime").attr("datetime")(1970, 1, 1, 0, 0, 0, 0, utc);
        object delta = module_::import("datetime").attr("timedelta")(arg("microseconds") = us);
        return (epoch + delta).release();
    }
};

template <class T>
struct type_caster<omilcrm::python::Ref<T>> {
    // In the stubs an id is typing.SupportsIndex: an int, or a NumPy integer from a DataFrame.
    PYBIND11_TYPE_CASTER(omilcrm::python::Ref<T>, const_name("typing.SupportsIndex | ") + make_caster<T>::name);

    bool load(handle src, bool convert) {
        if (!src || src.is_none() || PyBool_Check(src.ptr())) return false;
        if (omilcrm::python::is_whole_number(src.ptr())) {
            // Ids are 64-bit: an int outside that range names no record (rather than failing to
            // convert with a RuntimeError).
            const object number = reinterpret_steal<object>(PyNumber_Index(src.ptr()));
            if (!number) throw error_already_set();
            int overflow = 0;
            const long long id = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
            if (overflow) throw omilcrm::NotFound(omilcrm::python::record_label<T>(), str(src).cast<std::string>());
            if (id == -1 && PyErr_Occurred()) throw error_already_set();
            value.id = static_cast<omilcrm::Id>(id);
            return true;
        }
        make_caster<T> record;
        if (!record.load(src, convert)) return false;
        value.id = omilcrm::python::record_id(cast_op<const T&>(record));
        return true;
    }

    static handle cast(const omilcrm::python::Ref<T>& r, return_value_policy, handle) {
        return PyLong_FromLongLong(r.id);
    }
};

}  // namespace pybind11::detail

namespace omilcrm::python {

/// "typing.Literal['industrial_park', 'trade_association', ...]" for an enumeration, built at
/// compile time from its EnumNames, so the type stubs show the exact strings it accepts.
template <NamedEnum E>
constexpr std::size_t literal_length() {
    std::size_t n = sizeof("typing.Literal[]") - 1;
    for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i) n += EnumNames<E>::names[i].size() + 2 + (i ? 2 : 0);
    return n;
}
template <NamedEnum E>
constexpr std::array<char, literal_length<E>()> literal_text() {
    std::array<char, literal_length<E>()> out{};
    std::size_t at = 0;
    auto put = [&](std::string_view s) {
        for (char c : s) out[at++] = c;
    };
    put("typing.Literal[");
    for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i) {
        if (i) put(", ");
        put("'");
        put(EnumNames<E>::names[i]);
        put("'");
    }
    put("]");
    return out;
}
template <NamedEnum E, std::size_t... I>
constexpr auto literal_descr(std::index_sequence<I...>) {
    constexpr auto text = literal_text<E>();
    return pybind11::detail::descr<sizeof...(I)>(text[I]...);
}

}  // namespace omilcrm::python

namespace pybind11::detail {

// An enumeration with EnumNames is a str in Python: its name going out, any spelling
// parse_enum accepts coming in ("Industrial park" too); a wrong value raises the library's
// ValidationError naming the field and listing the valid names. Stubs show it as a Literal.
template <class E>
struct type_caster_enum_type_enabled<E, enable_if_t<omilcrm::NamedEnum<E>>> : std::false_type {};

template <class E>
struct type_caster<E, enable_if_t<omilcrm::NamedEnum<E>>> {
    PYBIND11_TYPE_CASTER(
        E, omilcrm::python::literal_descr<E>(std::make_index_sequence<omilcrm::python::literal_length<E>()>()));

    bool load(handle src, bool) {
        if (!src || !PyUnicode_Check(src.ptr())) return false;
        value = omilcrm::parse_enum<E>(src.cast<std::string>());
        return true;
    }

    static handle cast(E e, return_value_policy, handle) {
        return pybind11::str(std::string(omilcrm::to_string(e))).release();
    }
};

}  // namespace pybind11::detail

namespace omilcrm::python {

/// A parameter name known at compile time, for NamedArg.
template <std::size_t N>
struct ArgName {
    char text[N]{};
    constexpr ArgName(const char (&s)[N]) {
        for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
    }
};

/// An enumeration taken by a parameter whose name is not the enumeration's field
/// (`contract_type` of EmploymentType): the same str and Literal in Python, and a wrong value's
/// ValidationError names the parameter.
template <NamedEnum E, ArgName Name>
struct NamedArg {
    E value{};
};

/// Several values of an enumeration for the parameter `Name` (`shifts`): one name or an iterable of
/// names in Python, typed as such in the stubs; a wrong name's ValidationError names the parameter.
template <NamedEnum E, ArgName Name>
struct NamedArgs {
    std::vector<E> values{};
};

}  // namespace omilcrm::python

namespace pybind11::detail {

template <class E, omilcrm::python::ArgName Name>
struct type_caster<omilcrm::python::NamedArg<E, Name>> {
    using Arg = omilcrm::python::NamedArg<E, Name>;
    PYBIND11_TYPE_CASTER(Arg, make_caster<E>::name);

    bool load(handle src, bool) {
        if (!src || !PyUnicode_Check(src.ptr())) return false;
        value.value = omilcrm::parse_enum<E>(src.cast<std::string>(), Name.text);
        return true;
    }

    static handle cast(const Arg& a, return_value_policy, handle) {
        return pybind11::str(std::string(omilcrm::to_string(a.value))).release();
    }
};

template <class E, omilcrm::python::ArgName Name>
struct type_caster<omilcrm::python::NamedArgs<E, Name>> {
    using Args = omilcrm::python::NamedArgs<E, Name>;
    PYBIND11_TYPE_CASTER(Args, make_caster<E>::name + const_name(" | collections.abc.Iterable[") +
                                   make_caster<E>::name + const_name("]"));

    bool load(handle src, bool) {
        if (!src || src.is_none()) return false;
        value.values.clear();
        if (PyUnicode_Check(src.ptr())) {
            value.values.push_back(omilcrm::parse_enum<E>(src.cast<std::string>(), Name.text));
            return true;
        }
        if (PyBytes_Check(src.ptr()) || !hasattr(src, "__iter__")) return false;
        for (auto item : reinterpret_borrow<iterable>(src)) {
            if (!PyUnicode_Check(item.ptr()))
                throw omilcrm::ValidationError(Name.text, repr(item).cast<std::string>(),
                                               "expected one of " + omilcrm::enum_choices<E>());
            value.values.push_back(omilcrm::parse_enum<E>(item.cast<std::string>(), Name.text));
        }
        return true;
    }

    static handle cast(const Args& a, return_value_policy policy, handle parent) {
        return make_caster<std::vector<E>>::cast(a.values, policy, parent);
    }
};

// A seeker's experience in an occupation is a tuple in Python: ("9333", 24), ISCO code and months.
template <>
struct type_caster<omilcrm::matching::Experience> {
    PYBIND11_TYPE_CASTER(omilcrm::matching::Experience, const_name("tuple[str, int]"));

    bool load(handle src, bool) {
        if (!src || !PySequence_Check(src.ptr()) || PyUnicode_Check(src.ptr())) return false;
        const auto pair = reinterpret_borrow<sequence>(src);
        if (pair.size() != 2) return false;
        make_caster<int> months;
        if (!months.load(pair[1], false)) return false;
        value.occupation = str(pair[0]).cast<std::string>();
        value.months = cast_op<int>(months);
        return true;
    }

    static handle cast(const omilcrm::matching::Experience& e, return_value_policy, handle) {
        return pybind11::make_tuple(e.occupation, e.months).release();
    }
};

}  // namespace pybind11::detail
