#pragma once
// Columnar results: what listings and reports return for analysts. Each column is one typed
// vector, so a binding can hand it to pandas or Arrow column by column.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace omilcrm {

enum class ColumnType {
    Int,        ///< ints
    Real,       ///< reals
    Text,       ///< texts
    Bool,       ///< ints (0/1)
    Date,       ///< ints: days since 1970-01-01
    Timestamp,  ///< ints: microseconds since 1970-01-01T00:00:00Z
};
std::string_view to_string(ColumnType t) noexcept;

struct Column {
    std::string name;
    ColumnType type = ColumnType::Text;
    std::vector<std::int64_t> ints;
    std::vector<double> reals;
    std::vector<std::string> texts;
    std::vector<std::uint8_t> valid;  ///< 1 = value present, 0 = null

    std::size_t size() const noexcept { return valid.size(); }
    bool has_nulls() const noexcept;
    void reserve(std::size_t n);
    void push_null();
    void push_int(std::int64_t v);
    void push_real(double v);
    void push_text(std::string v);
    /// The value of row i as text ("" for null); dates as ISO, timestamps as ISO UTC.
    std::string text_at(std::size_t i) const;
};

class Table {
public:
    Table() = default;
    /// Adds an empty column and returns it; the reference stays valid as columns are added.
    Column& add_column(std::string name, ColumnType type);
    const std::deque<Column>& columns() const noexcept { return columns_; }
    std::deque<Column>& columns() noexcept { return columns_; }
    /// Throws NotFound when there is no such column.
    const Column& column(std::string_view name) const;
    std::size_t rows() const noexcept { return columns_.empty() ? 0 : columns_.front().size(); }
    /// RFC 4180 CSV with a header row.
    void write_csv(std::ostream& out) const;
    /// What the table is, for whoever receives it ("contains_personal_data": "rut,name", ...).
    /// pandas gets it as DataFrame.attrs.
    const std::map<std::string, std::string>& metadata() const noexcept { return metadata_; }
    void set_metadata(std::string key, std::string value) { metadata_[std::move(key)] = std::move(value); }

private:
    std::deque<Column> columns_;
    std::map<std::string, std::string> metadata_;
};

}  // namespace omilcrm
