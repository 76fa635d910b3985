#include "omilcrm/table.hpp"

#include "text.hpp"

#include <cstdio>
#include <stdexcept>

#include "omilcrm/date.hpp"
#include "omilcrm/error.hpp"

namespace omilcrm {

std::string_view to_string(ColumnType t) noexcept {
    switch (t) {
        case ColumnType::Int:
            return "int";
        case ColumnType::Real:
            return "real";
        case ColumnType::Text:
            return "text";
        case ColumnType::Bool:
            return "bool";
        case ColumnType::Date:
            return "date";
        case ColumnType::Timestamp:
            return "timestamp";
    }
    return "text";
}

void TextColumn::reserve(std::size_t cells, std::size_t bytes) {
    offsets_.reserve(cells + 1);
    bytes_.reserve(bytes);
}

namespace {
template <class V>
void shrink(V& v) {
    if (v.capacity() - v.size() > v.size() / 8) v.shrink_to_fit();
}
}  // namespace

void TextColumn::shrink_to_fit() {
    shrink(bytes_);
    shrink(offsets_);
}

std::string_view TextColumn::at(std::size_t i) const {
    if (i >= size()) throw std::out_of_range("TextColumn::at: " + std::to_string(i) + " >= " + std::to_string(size()));
    return (*this)[i];
}

std::vector<std::string> TextColumn::to_vector() const { return std::vector<std::string>(begin(), end()); }

bool operator==(const TextColumn& a, const std::vector<std::string>& b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < b.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

namespace {
bool uses_ints(ColumnType t) {
    return t == ColumnType::Int || t == ColumnType::Bool || t == ColumnType::Date || t == ColumnType::Timestamp;
}
}  // namespace

bool Column::has_nulls() const noexcept {
    for (auto v : valid)
        if (!v) return true;
    return false;
}

void Column::reserve(std::size_t n) {
    valid.reserve(n);
    if (uses_ints(type)) ints.reserve(n);
    else if (type == ColumnType::Real) reals.reserve(n);
    else texts.reserve(n);
}

void Column::shrink_to_fit() {
    shrink(valid);
    shrink(ints);
    shrink(reals);
    texts.shrink_to_fit();
}

void Column::push_null() {
    valid.push_back(0);
    if (uses_ints(type)) ints.push_back(0);
    else if (type == ColumnType::Real) reals.push_back(0.0);
    else texts.push_back({});
}

std::string Column::text_at(std::size_t i) const {
    if (!valid.at(i)) return {};
    switch (type) {
        case ColumnType::Int:
            return std::to_string(ints[i]);
        case ColumnType::Bool:
            return ints[i] ? "true" : "false";
        case ColumnType::Date:
            return Date::from_days(ints[i]).iso();
        case ColumnType::Timestamp:
            return to_iso(Timestamp{std::chrono::microseconds{ints[i]}});
        case ColumnType::Real: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.10g", reals[i]);
            return buf;
        }
        case ColumnType::Text:
            return std::string(texts[i]);
    }
    return {};
}

Column& Table::add_column(std::string name, ColumnType type) {
    Column c;
    c.name = std::move(name);
    c.type = type;
    columns_.push_back(std::move(c));
    return columns_.back();
}

const Column& Table::column(std::string_view name) const {
    for (const auto& c : columns_)
        if (c.name == name) return c;
    throw NotFound("column", std::string(name));
}

void Table::write_csv(std::ostream& out) const {
    auto quoted = [&](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) {
            out << s;
            return;
        }
        out << '"';
        for (char c : s) {
            if (c == '"') out << '"';
            out << c;
        }
        out << '"';
    };
    for (std::size_t j = 0; j < columns_.size(); ++j) {
        if (j) out << ',';
        quoted(columns_[j].name);
    }
    out << "\r\n";
    for (std::size_t i = 0; i < rows(); ++i) {
        for (std::size_t j = 0; j < columns_.size(); ++j) {
            if (j) out << ',';
            quoted(columns_[j].text_at(i));
        }
        out << "\r\n";
    }
}

std::string printable(std::string_view text) { return detail::printable(text); }

}  // namespace omilcrm
