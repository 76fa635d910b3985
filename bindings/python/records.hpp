#pragma once
// A record's Python face, derived from its one declaration (omilcrm/fields.hpp): read-only
// attributes, a repr, a dict, the library's JSON (to_json, from_json), and the record built from
// keywords or a dict (one row of an add_many) with the same conversions and errors for every
// record.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cctype>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include <omilcrm/fields.hpp>
#include <omilcrm/json.hpp>
#include <omilcrm/visiting_hours.hpp>

#include "bindings.hpp"
#include "casters.hpp"

namespace omilcrm::python {

template <DescribedRecord R>
R record_from(const pybind11::dict& d, std::string_view what);

namespace detail_records {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_enum_list : std::false_type {};
template <NamedEnum E>
struct is_enum_list<std::vector<E>> : std::true_type {};

// What a wrong value of type T is said to be expected as.
template <class T>
std::string expected_of() {
    if constexpr (is_optional<T>::value) return expected_of<typename T::value_type>();
    else if constexpr (std::is_same_v<T, bool>) return "True or False";
    else if constexpr (std::is_integral_v<T>) return "an integer";
    else if constexpr (std::is_floating_point_v<T>) return "a number";
    else if constexpr (std::is_same_v<T, Date>) return "a date";
    else if constexpr (std::is_same_v<T, Timestamp>) return "an aware datetime";
    else if constexpr (NamedEnum<T>) return "one of " + enum_choices<T>();
    else if constexpr (std::is_same_v<T, std::vector<std::string>>) return "a list of texts";
    else return "a text";
}

template <class T>
struct is_record_list : std::false_type {};
template <DescribedRecord R>
struct is_record_list<std::vector<R>> : std::true_type {};

// "10:30" for minutes after midnight; None for none.
inline std::optional<std::string> time_text(std::optional<int> minute) {
    if (!minute) return std::nullopt;
    return pybind11::str(hhmm(minute)).cast<std::string>();
}

// The value of field `f` of `r` as Python shows it.
template <class F, class R>
pybind11::object field_value(const F& f, const R& r) {
    if constexpr (std::is_same_v<typename F::refers_to, TimeOfDay>) return pybind11::cast(time_text(r.*(f.member)));
    else return pybind11::cast(r.*(f.member));
}

// The value `v` given for field `name` as a T; ValidationError naming the field otherwise.
template <class T, class Ref>
T load(const std::string& name, const pybind11::handle& v) {
    const auto obj = pybind11::reinterpret_borrow<pybind11::object>(v);
    if constexpr (is_optional<T>::value) {
        return load<typename T::value_type, Ref>(name, v);
    } else if constexpr (std::is_same_v<Ref, TimeOfDay>) {
        return static_cast<T>(*minute_of(obj, name.c_str()));
    } else if constexpr (std::is_same_v<T, std::vector<Id>>) {
        if constexpr (std::is_same_v<Ref, NoRecord>) {
            return ids_of(obj, name);
        } else {
            if (PyUnicode_Check(v.ptr()) || !pybind11::isinstance<pybind11::iterable>(v))
                throw ValidationError(name, pybind11::repr(v).template cast<std::string>(),
                                      "expected a list of ids or records");
            T out;
            for (auto item : v) out.push_back(ref_of<Ref>(name + "[" + std::to_string(out.size()) + "]", item));
            return out;
        }
    } else if constexpr (std::is_same_v<T, std::vector<VisitingWindow>>) {
        if (PyUnicode_Check(v.ptr())) return parse_visiting_hours(v.cast<std::string>(), name);
        T out;
        for (auto item : v) {
            if (pybind11::isinstance<VisitingWindow>(item)) out.push_back(item.template cast<VisitingWindow>());
            else out.push_back(VisitingWindow::parse(pybind11::str(item).template cast<std::string>(), name));
        }
        return out;
    } else if constexpr (std::is_same_v<T, std::vector<matching::Experience>>) {
        return experience_of(pybind11::reinterpret_borrow<pybind11::object>(v));
    } else if constexpr (is_record_list<T>::value) {
        // Nested records (a list of dicts): errors name the item, "commitments[0].due".
        using Item = typename T::value_type;
        if (PyUnicode_Check(v.ptr()) || !pybind11::isinstance<pybind11::iterable>(v))
            throw ValidationError(name, pybind11::repr(v).template cast<std::string>(), "expected a list of dicts");
        T out;
        for (auto item : v) {
            const std::string at = name + "[" + std::to_string(out.size()) + "]";
            if (pybind11::isinstance<Item>(item)) {  // a record of the item's type, as to_dict() gives
                out.push_back(item.template cast<Item>());
                continue;
            }
            if (!pybind11::isinstance<pybind11::dict>(item))
                throw ValidationError(at, pybind11::repr(item).template cast<std::string>(), "expected a dict");
            try {
                out.push_back(record_from<Item>(pybind11::reinterpret_borrow<pybind11::dict>(item), name));
            } catch (const ValidationError& e) {
                throw ValidationError(at + "." + e.field(), e.value(), e.reason());
            }
        }
        return out;
    } else if constexpr (!std::is_same_v<Ref, NoRecord>) {
        return ref_of<Ref>(name, v);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (PyBytes_Check(v.ptr())) return v.cast<std::string>();  // as given (see text_arg)
        return pybind11::str(v).cast<std::string>();
    } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
        return strings_of(pybind11::reinterpret_borrow<pybind11::object>(v));
    } else if constexpr (is_enum_list<T>::value) {  // one name or an iterable of names
        T out;
        for (const auto& s : strings_of(pybind11::reinterpret_borrow<pybind11::object>(v)))
            out.push_back(parse_enum<typename T::value_type>(s, name));
        return out;
    } else if constexpr (NamedEnum<T>) {
        if (!PyUnicode_Check(v.ptr()))
            throw ValidationError(name, pybind11::repr(v).template cast<std::string>(), "expected " + expected_of<T>());
        return parse_enum<T>(v.cast<std::string>(), name);
    } else {
        const std::string expected = expected_of<T>();
        return value_of<T>(name, v, expected.c_str());
    }
}

/// A Python value as JSON (what json.loads gives: dict, list, str, int, float, bool, None; tuples
/// as lists, dates and datetimes as ISO text); anything else is a ValidationError naming `path`
/// ("contacts[0]"), or `what` for the dict itself.
inline boost::json::value json_of(const pybind11::handle& v, const std::string& path, const std::string& what) {
    namespace py = pybind11;
    const auto refuse = [&](const char* why) {
        return ValidationError(path.empty() ? what : path, py::repr(v).cast<std::string>(), why);
    };
    if (v.is_none()) return nullptr;
    if (PyBool_Check(v.ptr())) return v.ptr() == Py_True;
    if (PyLong_Check(v.ptr())) {
        int overflow = 0;
        const long long n = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
        if (overflow == 0) return static_cast<std::int64_t>(n);
        if (overflow > 0) {
            const unsigned long long u = PyLong_AsUnsignedLongLong(v.ptr());
            if (!PyErr_Occurred()) return static_cast<std::uint64_t>(u);
            PyErr_Clear();
        }
        throw refuse("is out of range for JSON");
    }
    if (PyFloat_Check(v.ptr())) return PyFloat_AsDouble(v.ptr());
    if (PyUnicode_Check(v.ptr())) {
        Py_ssize_t size = 0;
        const char* text = PyUnicode_AsUTF8AndSize(v.ptr(), &size);
        if (!text) {
            PyErr_Clear();
            throw refuse("is not valid UTF-8 text");
        }
        return boost::json::string(std::string_view(text, static_cast<std::size_t>(size)));
    }
    if (py::isinstance<py::dict>(v)) {
        boost::json::object out;
        for (auto [k, item] : py::reinterpret_borrow<py::dict>(v)) {
            if (!PyUnicode_Check(k.ptr()))
                throw ValidationError(path.empty() ? what : path, py::repr(k).cast<std::string>(),
                                      "has a key that is not a text");
            const std::string key = k.cast<std::string>();
            out.emplace(key, json_of(item, path.empty() ? key : path + "." + key, what));
        }
        return out;
    }
    if (py::isinstance<py::list>(v) || py::isinstance<py::tuple>(v)) {
        boost::json::array out;
        std::size_t i = 0;
        for (auto item : v) {
            out.push_back(json_of(item, path + "[" + std::to_string(i) + "]", what));
            ++i;
        }
        return out;
    }
    ensure_datetime_api();
    if (PyDate_Check(v.ptr())) return boost::json::string(v.attr("isoformat")().cast<std::string>());
    throw refuse("is not a JSON value (dict, list, str, int, float, bool, None, date or datetime)");
}

/// "NewInteraction" -> "interaction", "ServiceRequest" -> "service request": what a record is
/// called in the errors of from_json ("is not an interaction field").
inline std::string record_word(std::string_view type_name) {
    if (type_name.rfind("New", 0) == 0 && type_name.size() > 3 &&
        std::isupper(static_cast<unsigned char>(type_name[3])))
        type_name.remove_prefix(3);
    std::string out;
    for (char c : type_name) {
        if (std::isupper(static_cast<unsigned char>(c))) {
            if (!out.empty()) out += ' ';
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace detail_records

/// Record R from the library's JSON: text (parsed by the library) or a dict (json_of). Errors are
/// the library's, naming the field's path ("commitments[0].due").
template <DescribedRecord R>
R record_from_json(const std::variant<std::string, pybind11::dict>& given, const std::string& what) {
    if (const auto* text = std::get_if<std::string>(&given)) return from_json<R>(parse_json(*text, what), what);
    boost::json::value v = detail_records::json_of(std::get<pybind11::dict>(given), "", what);
    return from_json<R>(v, what);
}

/// A text argument put in the dict a record is made from (record_from), as bytes: the text is
/// read back as it was given, so text that is not UTF-8 reaches the library's own check (a
/// ValidationError naming the field) rather than failing to become a Python str.
inline pybind11::object text_arg(const std::string& s) { return pybind11::bytes(s); }
inline pybind11::object text_arg(const std::optional<std::string>& s) {
    return s ? text_arg(*s) : pybind11::object(pybind11::none());
}

/// Sets r's field named `key` from the Python value `v` as record_from() reads it (None leaves it
/// at its default; a value of the wrong kind is a ValidationError naming the field). False when
/// R has no field of that name.
template <DescribedRecord R>
bool load_field(R& r, const std::string& key, const pybind11::handle& v) {
    bool known = false;
    for_each_field<R>([&](const auto& f) {
        if (known || f.name != key) return;
        known = true;
        using F = std::decay_t<decltype(f)>;
        if (v.is_none()) return;
        r.*(f.member) = detail_records::load<typename F::value_type, typename F::refers_to>(key, v);
    });
    return known;
}

/// Record R from a dict of its fields by name (None leaves a field at its default): a key that is
/// no field, a value of the wrong kind or a missing required field is a ValidationError naming
/// it; `what` says what R is in that message ("vacancy").
template <DescribedRecord R>
R record_from(const pybind11::dict& d, std::string_view what) {
    R r;
    for (auto [k, v] : d) {
        const std::string key = pybind11::str(k);
        const bool known = load_field(r, key, v);
        if (!known)
            throw ValidationError(
                key, pybind11::repr(v).template cast<std::string>(),
                std::string(std::string_view("aeiou").find(what.substr(0, 1)) != std::string_view::npos ? "is not an "
                                                                                                        : "is not a ") +
                    std::string(what) + " field (" + field_choices<R>() + ")");
    }
    for_each_field<R>([&](const auto& f) {
        if (!f.is_required) return;
        const pybind11::str key(std::string(f.name));
        if (!d.contains(key) || d[key].is_none()) throw ValidationError(std::string(f.name), "", "is required");
    });
    return r;
}

/// The record's fields as a dict, in declaration order (a RecordMeta as id, uuid, created_at,
/// updated_at).
template <DescribedRecord R>
pybind11::dict record_dict(const R& r) {
    pybind11::dict out;
    for_each_field<R>([&](const auto& f) {
        using T = typename std::decay_t<decltype(f)>::value_type;
        const T& value = r.*(f.member);
        if constexpr (std::is_same_v<T, RecordMeta>) {
            out["id"] = value.id;
            out["uuid"] = value.uuid;
            out["created_at"] = pybind11::cast(value.created_at);
            out["updated_at"] = pybind11::cast(value.updated_at);
        } else {
            out[pybind11::str(std::string(f.name))] = detail_records::field_value(f, r);
        }
    });
    return out;
}

/// "Office(id=1, name='OMIL Concón', commune_code='05103')": the type's name and the fields
/// named in `shown`, in that order, with Python's repr of each value.
template <DescribedRecord R>
std::string record_repr(const R& r, std::string_view type_name, std::initializer_list<std::string_view> shown) {
    const pybind11::dict d = record_dict(r);
    std::string out = std::string(type_name) + "(";
    bool first = true;
    for (auto name : shown) {
        const pybind11::str key{std::string(name)};
        if (!d.contains(key)) continue;
        if (!first) out += ", ";
        first = false;
        out += std::string(name) + "=" + pybind11::repr(d[key]).template cast<std::string>();
    }
    return out + ")";
}

/// Read-only attributes for every declared field of R (id, uuid, created_at and updated_at for
/// a RecordMeta, and then equality and a hash by uuid), and `to_dict()`.
template <DescribedRecord R, class... Options>
void def_fields(pybind11::class_<R, Options...>& c) {
    for_each_field<R>([&](const auto& f) {
        using T = typename std::decay_t<decltype(f)>::value_type;
        auto member = f.member;
        if constexpr (std::is_same_v<T, RecordMeta>) {
            c.def_property_readonly("id", [member](const R& r) { return (r.*member).id; });
            c.def_property_readonly("uuid", [member](const R& r) { return (r.*member).uuid; });
            c.def_property_readonly("created_at", [member](const R& r) { return (r.*member).created_at; });
            c.def_property_readonly("updated_at", [member](const R& r) { return (r.*member).updated_at; });
            // A stored record is the same record wherever it was read: equal and hashed by uuid.
            c.def(
                "__eq__", [member](const R& a, const R& b) { return (a.*member).uuid == (b.*member).uuid; },
                pybind11::is_operator());
            c.def("__hash__", [member](const R& r) { return std::hash<std::string>{}((r.*member).uuid); });
        } else if constexpr (std::is_same_v<typename std::decay_t<decltype(f)>::refers_to, TimeOfDay>) {
            c.def_property_readonly(
                std::string(f.name).c_str(), [member](const R& r) { return detail_records::time_text(r.*member); },
                "'HH:MM' or None");
        } else {
            c.def_property_readonly(std::string(f.name).c_str(),
                                    [member](const R& r) -> const T& { return r.*member; });
        }
    });
    c.def("to_dict", &record_dict<R>, "The record's fields as a dict, in order.");
    c.def(
        "to_json", [](const R& r) { return json_text(to_json(r)); },
        "The record as JSON text, as the C++ library and the HTTP API write it: dates ISO 8601, enumerations "
        "by name, money as integers, times of day HH:MM, referenced records by id, null for none.");
    const std::string what = detail_records::record_word(c.attr("__name__").template cast<std::string>());
    c.def_static(
        "from_json",
        [what](const std::variant<std::string, pybind11::dict>& json) { return record_from_json<R>(json, what); },
        pybind11::arg("json"),
        "The record from JSON text, or from a dict of JSON values (as json.loads gives; dates may be "
        "datetime.date). A key that is no field, a value of the wrong kind or a missing required field "
        "is a ValidationError naming the field's path, such as commitments[0].due.");
    // pickle (and copy.deepcopy, multiprocessing) through the record's JSON: the same record back.
    c.def(pybind11::pickle([](const R& r) { return json_text(to_json(r)); },
                           [what](const std::string& json) { return record_from_json<R>(json, what); }));
    c.def(
        "_repr_html_",
        [](const R& r) {
            // Jupyter's view of a record: one row per field, names and values HTML-escaped.
            const pybind11::object escape = pybind11::module_::import("html").attr("escape");
            std::string out = "<table class=\"omilcrm-record\"><caption>" +
                              escape(pybind11::type::of<R>().attr("__name__")).template cast<std::string>() +
                              "</caption>";
            for (auto [k, v] : record_dict(r)) {
                const auto text =
                    v.is_none() ? std::string("<i>None</i>") : escape(pybind11::str(v)).template cast<std::string>();
                out += "<tr><th style=\"text-align:left\">" + escape(k).template cast<std::string>() +
                       "</th><td style=\"text-align:left\">" + text + "</td></tr>";
            }
            return out + "</table>";
        },
        "An HTML table of the record's fields, which Jupyter shows for a record.");
}

/// A record that is given rather than stored (NewInteraction, EmployerUpdate: the body of a
/// call), as a Python class: built from keywords with the same conversions and errors as the
/// repositories' calls (records or ids for references, nested records as dicts or records), with
/// def_fields' attributes, to_dict(), to_json() and from_json(), equal when their JSON is, and a
/// repr of the fields given.
template <DescribedRecord R>
pybind11::class_<R> bind_input_record(pybind11::module_& m, const char* name, const char* doc) {
    pybind11::class_<R> c(m, name, doc);
    const std::string what = detail_records::record_word(name);
    c.def(pybind11::init([what](const pybind11::kwargs& fields) { return record_from<R>(fields, what); }),
          "The record from its fields as keywords (the keywords of the call that takes it).");
    def_fields(c);
    c.def(
        "__eq__", [](const R& a, const R& b) { return json_text(to_json(a)) == json_text(to_json(b)); },
        pybind11::is_operator());
    c.def("__repr__", [type_name = std::string(name)](const R& r) {
        const pybind11::dict d = record_dict(r), defaults = record_dict(R{});
        std::string out = type_name + "(";
        bool first = true;
        for_each_field<R>([&](const auto& f) {
            const pybind11::str key{std::string(f.name)};
            if (!f.is_required && d[key].equal(defaults[key])) return;
            if (!first) out += ", ";
            first = false;
            out += std::string(f.name) + "=" + pybind11::repr(d[key]).template cast<std::string>();
        });
        return out + ")";
    });
    return c;
}

}  // namespace omilcrm::python
