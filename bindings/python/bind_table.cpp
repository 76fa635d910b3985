// Columnar results handed to numpy column by column (no Python object per row but for text).
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstring>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <omilcrm/json.hpp>
#include <omilcrm/table.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

template <class T>
py::array_t<T> copy_array(const std::vector<T>& v) {
    py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
    if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(T));
    return a;
}

// Text columns repeat themselves (kinds, names, communes, statuses): each distinct value becomes
// one Python string shared by its rows, which is most of the cost of handing text to pandas.
// Up to kShared distinct values are shared; a column that fills them without repeating itself
// (free text, UUIDs) stops looking and gives each row its own object.
py::array text_array(const TextColumn& v) {
    constexpr std::size_t kShared = 4096;
    py::array a(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(v.size())});
    auto** data = static_cast<PyObject**>(a.mutable_data());
    std::unordered_map<std::string_view, PyObject*> shared;
    bool sharing = true;
    std::size_t hits = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string_view text = v[i];
        PyObject* s = nullptr;
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
                values = text_array(c.texts);
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

}  // namespace

void bind_table(py::module_& m) {
    py::class_<Table>(m, "Table", "A columnar result; to_pandas() turns it into a DataFrame.")
        .def_property_readonly("columns",
                               [](const Table& t) {
                                   std::vector<std::string> names;
                                   for (const auto& c : t.columns()) names.push_back(c.name);
                                   return names;
                               })
        .def_property_readonly("num_rows", &Table::rows)
        .def("__len__", &Table::rows)
        .def_property_readonly("metadata", &Table::metadata,
                               "What the table is, for whoever receives it (DataFrame.attrs in pandas).")
        .def("_arrays", &arrays, "[(name, type, values, null_mask or None)] for each column")
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
        .def("__repr__", [](const Table& t) {
            return "<Table " + std::to_string(t.rows()) + " rows x " + std::to_string(t.columns().size()) + " columns>";
        });
}

}  // namespace omilcrm::python
