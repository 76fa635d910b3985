// Columnar results: Arrow's PyCapsule interface (pyarrow, polars, DuckDB read a Table without a
// copy of its numbers and text), numpy column by column (the path without pyarrow), rows as dicts
// and a preview for Jupyter.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/typing.h>

#include <cstring>
#include <memory>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <omilcrm/arrow.hpp>
#include <omilcrm/date.hpp>
#include <omilcrm/json.hpp>
#include <omilcrm/table.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

// What the conversions return, named for the stubs (pybind11-stubgen writes these names, so
// mypy sees `t.to_pandas()` as a pandas.DataFrame); at run time each is the object itself.
namespace {
struct PandasFrame : py::object {
    using py::object::object;
    explicit PandasFrame(py::object o) : py::object(std::move(o)) {}
};
struct ArrowTable : py::object {
    using py::object::object;
    explicit ArrowTable(py::object o) : py::object(std::move(o)) {}
};
struct PolarsFrame : py::object {
    using py::object::object;
    explicit PolarsFrame(py::object o) : py::object(std::move(o)) {}
};
struct Capsule : py::object {
    using py::object::object;
    explicit Capsule(py::object o) : py::object(std::move(o)) {}
};
struct AnyValue : py::object {
    using py::object::object;
    explicit AnyValue(py::object o) : py::object(std::move(o)) {}
};
// A row number: anything with __index__ (int, numpy integers); checked by getitem itself.
struct IndexArg : py::object {
    using py::object::object;
    static bool check_(py::handle h) { return h.ptr() != nullptr; }
};
}  // namespace

}  // namespace omilcrm::python

namespace pybind11::detail {
template <>
struct handle_type_name<omilcrm::python::PandasFrame> {
    static constexpr auto name = const_name("pandas.DataFrame");
};
template <>
struct handle_type_name<omilcrm::python::ArrowTable> {
    static constexpr auto name = const_name("pyarrow.Table");
};
template <>
struct handle_type_name<omilcrm::python::PolarsFrame> {
    static constexpr auto name = const_name("polars.DataFrame");
};
template <>
struct handle_type_name<omilcrm::python::AnyValue> {
    static constexpr auto name = const_name("typing.Any");
};
template <>
struct handle_type_name<omilcrm::python::IndexArg> {
    static constexpr auto name = const_name("typing.SupportsIndex");
};
template <>
struct handle_type_name<omilcrm::python::Capsule> {
    static constexpr auto name = const_name("object");  // as the PyCapsule interface's protocols say
};
}  // namespace pybind11::detail

namespace omilcrm::python {

namespace {

using TablePtr = std::shared_ptr<Table>;
using Row = py::typing::Dict<py::str, AnyValue>;
using Rows = py::typing::List<Row>;

// ---- numpy, column by column (to_pandas without pyarrow) -------------------------------------

template <class T>
py::array_t<T> copy_array(const std::vector<T>& v) {
    py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
    if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
    return a;
}

// Text columns repeat themselves (kinds, names, communes, statuses): each distinct value becomes
// one Python string shared by its rows, which is most of the cost of handing text to pandas.
// Up to kShared distinct values are shared; a column that fills them without repeating itself
// (free text, UUIDs) stops looking and gives each row its own object. A null cell is None.
py::array text_array(const Column& c) {
    constexpr std::size_t kShared = 4096;
    const TextColumn& v = c.texts;
    py::array a(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(v.size())});
    auto** data = static_cast<PyObject**>(a.mutable_data());
    std::unordered_map<std::string_view, PyObject*> shared;
    bool sharing = true;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        PyObject* s = nullptr;
        if (!c.valid[i]) {
            s = Py_None;
            Py_INCREF(s);
        } else {
            const std::string_view text = v[i];
            auto it = sharing ? shared.find(text) : shared.end();
            if (it != shared.end()) {
                s = it->second;
                Py_INCREF(s);
                ++hits;
            } else {
                s = PyUnicode_DecodeUTF8(text.data(), static_cast<py::ssize_t>(text.size()), "replace");
                if (!s) throw py::error_already_set();
                if (sharing && shared.size() < kShared) shared.emplace(text, s);  // the array holds the reference
                else if (sharing && hits < i / 2) sharing = false;
            }
        }
        Py_XDECREF(data[i]);
        data[i] = s;
    }
    return a;
}

// (name, type, values, mask-or-None) for each column. Values are int64 / float64 / object
// arrays; dates are int64 days since 1970-01-01 and timestamps int64 microseconds (UTC).
py::list arrays(const Table& t) {
    py::list out;
    for (const auto& c : t.columns()) {
        py::object values;
        switch (c.type) {
            case ColumnType::Real:
                values = copy_array(c.reals);
                break;
            case ColumnType::Text:
                values = text_array(c);
                break;
            default:
                values = copy_array(c.ints);
                break;
        }
        py::object mask = py::none();
        if (c.has_nulls()) {
            py::array_t<bool> nulls(static_cast<py::ssize_t>(c.size()));
            auto* p = nulls.mutable_data();
            for (std::size_t i = 0; i < c.size(); ++i) p[i] = !c.valid[i];
            mask = nulls;
        }
        out.append(py::make_tuple(c.name, std::string(to_string(c.type)), values, mask));
    }
    return out;
}

// ---- Arrow's PyCapsule interface -------------------------------------------------------------

void schema_capsule_free(PyObject* capsule) {
    auto* s = static_cast<ArrowSchema*>(PyCapsule_GetPointer(capsule, "arrow_schema"));
    if (!s) {
        PyErr_WriteUnraisable(capsule);
        return;
    }
    if (s->release) s->release(s);  // not moved out by a consumer
    delete s;
}

void stream_capsule_free(PyObject* capsule) {
    auto* s = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule, "arrow_array_stream"));
    if (!s) {
        PyErr_WriteUnraisable(capsule);
        return;
    }
    if (s->release) s->release(s);
    delete s;
}

// A capsule owning `p` (already exported): if the capsule cannot be made, p is released here.
template <class T>
Capsule capsule_of(std::unique_ptr<T> p, const char* name, PyCapsule_Destructor free) {
    PyObject* c = PyCapsule_New(p.get(), name, free);
    if (!c) {
        if (p->release) p->release(p.get());
        throw py::error_already_set();
    }
    p.release();
    return Capsule(py::reinterpret_steal<py::object>(c));
}

// The layout a consumer asks for through requested_schema, as far as this producer can give it:
// utf8 ("u") rather than large_utf8 for text. Anything else it asks is not offered (the
// specification lets a producer ignore what it cannot do; the consumer then casts).
ArrowOptions options_for(const Table& t, const py::object& requested) {
    ArrowOptions o;
    if (requested.is_none()) return o;
    auto* s = static_cast<ArrowSchema*>(PyCapsule_GetPointer(requested.ptr(), "arrow_schema"));
    if (!s) throw py::error_already_set();
    if (!s->release || !s->format || std::string_view(s->format) != "+s") return o;
    const auto& cols = t.columns();
    for (std::int64_t i = 0; i < s->n_children && static_cast<std::size_t>(i) < cols.size(); ++i) {
        const ArrowSchema* child = s->children[i];
        if (cols[static_cast<std::size_t>(i)].type == ColumnType::Text && child && child->format &&
            std::string_view(child->format) == "u")
            o.large_text = false;
    }
    return o;
}

Capsule arrow_c_schema(const TablePtr& t) {
    auto s = std::make_unique<ArrowSchema>();
    export_arrow_schema(*t, s.get());
    return capsule_of(std::move(s), "arrow_schema", &schema_capsule_free);
}

Capsule arrow_c_stream(const TablePtr& t, const py::object& requested) {
    auto s = std::make_unique<ArrowArrayStream>(
        to_arrow_stream(std::shared_ptr<const Table>(t), options_for(*t, requested)));
    return capsule_of(std::move(s), "arrow_array_stream", &stream_capsule_free);
}

// ---- Rows ------------------------------------------------------------------------------------

py::object cell(const Column& c, std::size_t i) {
    if (!c.valid[i]) return py::none();
    switch (c.type) {
        case ColumnType::Int:
            return py::int_(c.ints[i]);
        case ColumnType::Real:
            return py::float_(c.reals[i]);
        case ColumnType::Bool:
            return py::bool_(c.ints[i] != 0);
        case ColumnType::Text: {
            const std::string_view text = c.texts[i];
            PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<py::ssize_t>(text.size()), "replace");
            if (!s) throw py::error_already_set();
            return py::reinterpret_steal<py::object>(s);
        }
        case ColumnType::Date: {
            ensure_datetime_api();
            const Date d = Date::from_days(c.ints[i]);
            PyObject* o = PyDate_FromDate(d.year(), static_cast<int>(d.month()), static_cast<int>(d.day()));
            if (!o) throw py::error_already_set();
            return py::reinterpret_steal<py::object>(o);
        }
        case ColumnType::Timestamp: {
            ensure_datetime_api();
            constexpr std::int64_t kDay = 86'400'000'000;
            const std::int64_t us = c.ints[i];
            std::int64_t days = us / kDay, rest = us % kDay;
            if (rest < 0) {
                rest += kDay;
                --days;
            }
            const Date d = Date::from_days(days);
            const auto secs = static_cast<int>(rest / 1'000'000);
            PyObject* o = PyDateTimeAPI->DateTime_FromDateAndTime(
                d.year(), static_cast<int>(d.month()), static_cast<int>(d.day()), secs / 3600, secs / 60 % 60,
                secs % 60, static_cast<int>(rest % 1'000'000), PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
            if (!o) throw py::error_already_set();
            return py::reinterpret_steal<py::object>(o);
        }
    }
    return py::none();
}

// The column names as Python strings, made once for every row's dict.
std::vector<py::str> keys_of(const Table& t) {
    std::vector<py::str> keys;
    keys.reserve(t.columns().size());
    for (const auto& c : t.columns()) keys.emplace_back(c.name);
    return keys;
}

Row row(const Table& t, const std::vector<py::str>& keys, std::size_t i) {
    Row d;
    std::size_t k = 0;
    for (const auto& c : t.columns()) d[keys[k++]] = cell(c, i);
    return d;
}

Rows rows(const Table& t, std::size_t start, std::size_t step, std::size_t count) {
    const auto keys = keys_of(t);
    Rows out(count);
    for (std::size_t n = 0; n < count; ++n)
        PyList_SET_ITEM(out.ptr(), static_cast<py::ssize_t>(n), row(t, keys, start + n * step).release().ptr());
    return out;
}

Rows getslice(const TablePtr& t, const py::slice& index) {
    const auto n = static_cast<py::ssize_t>(t->rows());
    py::ssize_t start = 0, stop = 0, step = 0, count = 0;
    if (!index.compute(n, &start, &stop, &step, &count)) throw py::error_already_set();
    Rows out(count);
    const auto keys = keys_of(*t);
    for (py::ssize_t k = 0; k < count; ++k)
        PyList_SET_ITEM(out.ptr(), k, row(*t, keys, static_cast<std::size_t>(start + k * step)).release().ptr());
    return out;
}

Row getitem(const TablePtr& t, const IndexArg& index) {
    const auto n = static_cast<py::ssize_t>(t->rows());
    if (py::isinstance<py::str>(index) || !PyIndex_Check(index.ptr()))
        throw py::type_error("Table indices are row numbers or slices, not " +
                             py::str(py::type::of(index).attr("__name__")).cast<std::string>() +
                             "; a column's values: to_pandas()[name] or to_arrow()[name]");
    py::ssize_t i = PyNumber_AsSsize_t(index.ptr(), PyExc_IndexError);
    if (i == -1 && PyErr_Occurred()) throw py::error_already_set();
    if (i < 0) i += n;
    if (i < 0 || i >= n)
        throw py::index_error("Table index " + py::repr(index).cast<std::string>() + " out of range (" +
                              std::to_string(n) + " rows)");
    return row(*t, keys_of(*t), static_cast<std::size_t>(i));
}

// Iterates a table's rows as dicts; holds the table.
struct RowIterator {
    TablePtr table;
    std::vector<py::str> keys;
    std::size_t next = 0;
};

// ---- Previews --------------------------------------------------------------------------------

constexpr std::size_t kPreviewHead = 5;  // a longer table shows its head and tail
constexpr std::size_t kPreviewTail = 5;
constexpr std::size_t kPreviewColumns = 40;
constexpr std::size_t kCellChars = 80;  // characters of a cell shown in HTML

// The rows a preview shows, with npos where the elided rows go.
std::vector<std::size_t> preview_rows(std::size_t n, std::size_t head, std::size_t tail) {
    std::vector<std::size_t> out;
    if (n <= head + tail) {
        for (std::size_t i = 0; i < n; ++i) out.push_back(i);
        return out;
    }
    for (std::size_t i = 0; i < head; ++i) out.push_back(i);
    out.push_back(std::string::npos);
    for (std::size_t i = n - tail; i < n; ++i) out.push_back(i);
    return out;
}

// At most `chars` characters (code points) of UTF-8 text, with "…" when cut.
std::string cut(std::string_view s, std::size_t chars) {
    std::size_t count = 0, at = 0;
    while (at < s.size()) {
        if (count == chars) return std::string(s.substr(0, at)) + "…";
        ++at;
        while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) ++at;
        ++count;
    }
    return std::string(s);
}

std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#x27;";
                break;
            default:
                out += ch;
        }
    }
    return out;
}

std::string thousands(std::size_t n) {
    std::string s = std::to_string(n), out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) out += ',';
        out += s[i];
    }
    return out;
}

std::string shape(const Table& t) {
    const std::size_t r = t.rows(), c = t.columns().size();
    return thousands(r) + (r == 1 ? " row" : " rows") + " x " + std::to_string(c) + (c == 1 ? " column" : " columns");
}

std::string repr_html(const Table& t) {
    const auto& cols = t.columns();
    const std::size_t shown = std::min(cols.size(), kPreviewColumns);
    std::string h = "<div class=\"omilcrm-table\"><table class=\"dataframe\" border=\"1\">";
    h += "<caption style=\"caption-side: top; text-align: left\">Table: " + shape(t);
    for (const auto& [k, v] : t.metadata()) h += "; " + html_escape(k) + ": " + html_escape(cut(v, kCellChars));
    h += "</caption><thead><tr><th></th>";
    for (std::size_t j = 0; j < shown; ++j)
        h += "<th>" + html_escape(cols[j].name) + "<br><small style=\"font-weight: normal\">" +
             std::string(to_string(cols[j].type)) + "</small></th>";
    if (shown < cols.size()) h += "<th>…</th>";
    h += "</tr></thead><tbody>";
    for (std::size_t i : preview_rows(t.rows(), kPreviewHead, kPreviewTail)) {
        if (i == std::string::npos) {
            h += "<tr><th>…</th>";
            for (std::size_t j = 0; j < shown; ++j) h += "<td>…</td>";
            if (shown < cols.size()) h += "<td>…</td>";
            h += "</tr>";
            continue;
        }
        h += "<tr><th>" + std::to_string(i) + "</th>";
        for (std::size_t j = 0; j < shown; ++j) {
            const Column& c = cols[j];
            if (!c.valid[i]) h += "<td><em style=\"opacity: 0.5\">None</em></td>";
            else h += "<td>" + html_escape(cut(printable(c.text_at(i)), kCellChars)) + "</td>";
        }
        if (shown < cols.size()) h += "<td>…</td>";
        h += "</tr>";
    }
    h += "</tbody></table></div>";
    return h;
}

// "<Table 3 rows x 19 columns>", then the columns that fit in 100 characters and up to 5 rows.
std::string repr_text(const Table& t) {
    constexpr std::size_t kWidth = 100, kCell = 16;
    std::string out = "<Table " + shape(t) + ">";
    const auto& cols = t.columns();
    if (cols.empty()) return out;
    const auto which = preview_rows(t.rows(), 3, 2);
    std::vector<std::vector<std::string>> grid;  // per column: header, type, cells
    std::size_t used = 0, fitted = 0;
    for (const auto& c : cols) {
        std::vector<std::string> col{cut(printable(c.name), kCell), std::string(to_string(c.type))};
        for (std::size_t i : which)
            col.push_back(i == std::string::npos ? "…" : c.valid[i] ? cut(printable(c.text_at(i)), kCell) : "None");
        std::size_t w = 0;
        for (const auto& s : col) w = std::max(w, width(s));
        if (used + w + 2 > kWidth && fitted) break;
        used += w + 2;
        ++fitted;
        for (auto& s : col) s += std::string(w - width(s), ' ');
        grid.push_back(std::move(col));
    }
    for (std::size_t line = 0; line < grid.front().size(); ++line) {
        std::string text;
        for (const auto& col : grid) text += (text.empty() ? "" : "  ") + col[line];
        if (fitted < cols.size()) text += line == 0 ? "  … " + std::to_string(cols.size() - fitted) + " more" : "";
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out += "\n" + text;
    }
    return out;
}

py::object frames(const char* name) { return py::module_::import("omilcrm._frames").attr(name); }

}  // namespace

void bind_table(py::module_& m) {
    py::class_<RowIterator>(m, "_TableRows", "Iterates a Table's rows, one dict each.")
        .def("__iter__", [](RowIterator& it) -> RowIterator& { return it; })
        .def("__next__", [](RowIterator& it) {
            if (it.next >= it.table->rows()) throw py::stop_iteration();
            return row(*it.table, it.keys, it.next++);
        });

    py::class_<Table, TablePtr>(m, "Table", R"doc(A columnar result: what listings and reports return.

Each column is typed (int, real, text, bool, date, timestamp) and may hold nulls. A Table is a
read-only sequence of rows (len(t), t[0], t[-1], t[1:3], for row in t: one dict per row) and
speaks Arrow's PyCapsule interface, so pyarrow.table(t), polars.DataFrame(t) and DuckDB's
`SELECT * FROM t` read it without a copy of its numbers and text. to_pandas(), to_arrow(),
to_polars(), to_dicts(), to_csv() and to_json() convert it; in Jupyter it shows a preview.)doc")
        .def_property_readonly(
            "columns",
            [](const Table& t) {
                std::vector<std::string> names;
                for (const auto& c : t.columns()) names.push_back(c.name);
                return names;
            },
            "The column names, in order.")
        .def_property_readonly(
            "types",
            [](const Table& t) {
                py::typing::Dict<py::str, py::str> out;  // in the columns' order
                for (const auto& c : t.columns()) out[py::str(c.name)] = py::str(std::string(to_string(c.type)));
                return out;
            },
            "Each column's type by name, in order: 'int', 'real', 'text', 'bool', 'date' or 'timestamp'.")
        .def_property_readonly("num_rows", &Table::rows, "How many rows (as len(t)).")
        .def("__len__", &Table::rows, "How many rows.")
        .def("__getitem__", &getslice, "index"_a, "The rows of a slice, as a list of dicts.")
        .def("__getitem__", &getitem, "index"_a,
             "Row `index` as a dict (column name to value: int, float, str, bool, datetime.date, "
             "UTC datetime.datetime or None); negative indexes count from the end. IndexError past "
             "the end.")
        .def(
            "__iter__",
            [](const TablePtr& t) {
                return RowIterator{t, keys_of(*t), 0};
            },
            "Each row as a dict, in order.")
        .def(
            "to_dicts", [](const Table& t) { return rows(t, 0, 1, t.rows()); },
            "Every row as a dict (column name to value: int, float, str, bool, datetime.date, UTC "
            "datetime.datetime, or None for a null), in order.")
        .def_property_readonly("metadata", &Table::metadata,
                               "What the table is, for whoever receives it (DataFrame.attrs in pandas, the schema's "
                               "metadata in Arrow).")
        .def("_arrays", &arrays, "[(name, type, values, null_mask or None)] for each column")
        .def(
            "to_pandas", [](const TablePtr& t) { return PandasFrame(frames("to_pandas")(t)); },
            "A pandas DataFrame with one column per table column: int64 (Int64 where there are "
            "nulls), float64, bool (boolean where there are nulls), datetime64[s] dates, UTC "
            "datetime64[us] timestamps, and text as pandas' string type, null as missing (NaN or "
            "None), never ''. metadata becomes DataFrame.attrs. Goes through Arrow when pyarrow is "
            "installed, numpy otherwise. ImportError naming the extra `omilcrm[pandas]` without pandas.")
        .def(
            "to_arrow", [](const TablePtr& t) { return ArrowTable(frames("to_arrow")(t)); },
            "A pyarrow.Table of the same columns (int64, float64, large_string, bool, date32, "
            "timestamp[us, tz=UTC]), sharing this table's numbers and text rather than copying "
            "them; metadata becomes the schema's metadata. ImportError naming the extra "
            "`omilcrm[arrow]` without pyarrow.")
        .def(
            "to_polars", [](const TablePtr& t) { return PolarsFrame(frames("to_polars")(t)); },
            "A polars DataFrame of the same columns (Int64, Float64, String, Boolean, Date, "
            "Datetime('us', 'UTC')), read through Arrow's C stream (pyarrow not needed). ImportError "
            "naming the extra `omilcrm[polars]` without polars.")
        .def("__arrow_c_schema__", &arrow_c_schema,
             "The table's Arrow schema in a PyCapsule named 'arrow_schema' (Arrow's PyCapsule interface).")
        .def("__arrow_c_stream__", &arrow_c_stream, "requested_schema"_a = py::none(),
             "The table as an Arrow C stream in a PyCapsule named 'arrow_array_stream': its schema, one "
             "batch with every row, the end. What pyarrow.table(t), polars.DataFrame(t) and DuckDB call. "
             "requested_schema may ask for utf8 text instead of large_utf8; nothing else is changed.")
        .def(
            "to_csv",
            [](const Table& t) {
                std::ostringstream out;
                t.write_csv(out);
                return out.str();
            },
            "The table as CSV text (RFC 4180, header row).")
        .def(
            "to_json", [](const Table& t) { return json_text(table_json(t)); },
            "The table as JSON text, as the C++ library and the HTTP API write it: an array with one object per "
            "row, one key per column; numbers at full precision, dates and times ISO 8601, booleans true/false, "
            "null for a missing value.")
        .def("_repr_html_", &repr_html,
             "An HTML preview for Jupyter: the row and column counts, each column's type, the first and last "
             "five rows (cells cut at 80 characters, escaped).")
        .def("__repr__", &repr_text,
             "'<Table R rows x C columns>', then the columns that fit in 100 characters with their types and "
             "the first and last rows.");
}

}  // namespace omilcrm::python
