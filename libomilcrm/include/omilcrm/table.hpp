#pragma once
// Columnar results: what listings and reports return for analysts. Each column is one typed
// vector, so a binding can hand it to pandas or Arrow column by column.
#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <map>
#include <ostream>
#include <span>
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

/// The cells of a text column, stored end to end in one buffer: no allocation per cell, which is
/// what makes a listing of a million rows cheap to build and to hand to pandas. Reads like a
/// vector of `std::string_view`s, valid until the column changes. The buffer and the offsets
/// (`offsets()`: 0, then where each cell ends) are Arrow's large_utf8 layout, so an Arrow
/// consumer reads them as they are (omilcrm/arrow.hpp).
class TextColumn {
public:
    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::string_view;
        const_iterator() = default;
        const_iterator(const TextColumn* c, std::size_t i) : c_(c), i_(i) {}
        std::string_view operator*() const { return (*c_)[i_]; }
        std::string_view operator[](difference_type n) const { return (*c_)[i_ + n]; }
        const_iterator& operator++() {
            ++i_;
            return *this;
        }
        const_iterator operator++(int) {
            auto t = *this;
            ++i_;
            return t;
        }
        const_iterator& operator--() {
            --i_;
            return *this;
        }
        const_iterator operator--(int) {
            auto t = *this;
            --i_;
            return t;
        }
        const_iterator& operator+=(difference_type n) {
            i_ += n;
            return *this;
        }
        const_iterator& operator-=(difference_type n) {
            i_ -= n;
            return *this;
        }
        friend const_iterator operator+(const_iterator a, difference_type n) { return a += n; }
        friend const_iterator operator+(difference_type n, const_iterator a) { return a += n; }
        friend const_iterator operator-(const_iterator a, difference_type n) { return a -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.i_ <=> b.i_; }

    private:
        const TextColumn* c_ = nullptr;
        std::size_t i_ = 0;
    };

    std::size_t size() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    bool empty() const noexcept { return offsets_.size() <= 1; }
    /// Room for `cells` cells holding `bytes` bytes in all, as std::vector::reserve.
    void reserve(std::size_t cells, std::size_t bytes = 0);
    /// Gives back the room reserve() or growth left unused, when it is more than an eighth of
    /// what is used (a copy of the column): for a column that is complete and will be kept.
    void shrink_to_fit();
    void push_back(std::string_view s) {
        if (offsets_.empty()) offsets_.push_back(0);
        bytes_.append(s);
        offsets_.push_back(bytes_.size());
    }
    std::string_view operator[](std::size_t i) const noexcept {
        return {bytes_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]};
    }
    /// Throws std::out_of_range past the end.
    std::string_view at(std::size_t i) const;
    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, size()}; }
    /// Every cell's bytes end to end, and where each cell ends in them: for whoever copies a
    /// whole column at once (the Python binding).
    std::string_view bytes() const noexcept { return bytes_; }
    std::span<const std::size_t> ends() const noexcept {
        return offsets_.empty() ? std::span<const std::size_t>{} : std::span<const std::size_t>(offsets_).subspan(1);
    }
    /// Where each cell starts, then where the last one ends: size() + 1 offsets into bytes(), the
    /// first 0 (none at all while the column is empty).
    std::span<const std::size_t> offsets() const noexcept { return offsets_; }
    std::vector<std::string> to_vector() const;

    friend bool operator==(const TextColumn& a, const TextColumn& b) noexcept {
        return a.size() == b.size() && std::equal(a.ends().begin(), a.ends().end(), b.ends().begin()) &&
               a.bytes_ == b.bytes_;
    }
    friend bool operator==(const TextColumn& a, const std::vector<std::string>& b) noexcept;

private:
    std::string bytes_;
    std::vector<std::size_t> offsets_;  ///< empty, or 0 and then where each cell ends
};

struct Column {
    std::string name{};
    ColumnType type = ColumnType::Text;
    std::vector<std::int64_t> ints{};
    std::vector<double> reals{};
    TextColumn texts{};
    std::vector<std::uint8_t> valid{};  ///< 1 = value present, 0 = null

    std::size_t size() const noexcept { return valid.size(); }
    bool has_nulls() const noexcept;
    void reserve(std::size_t n);
    /// TextColumn::shrink_to_fit for each of its vectors.
    void shrink_to_fit();
    void push_null();
    void push_int(std::int64_t v) {
        valid.push_back(1);
        ints.push_back(v);
    }
    void push_real(double v) {
        valid.push_back(1);
        reals.push_back(v);
    }
    void push_text(std::string_view v) {
        valid.push_back(1);
        texts.push_back(v);
    }
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

/// Text made safe to show on a terminal or in a message: control characters (NUL, ESC, CR, LF,
/// C1) become \n, \r, \t or \xNN, and bytes that are not UTF-8 become \xNN.
std::string printable(std::string_view text);

}  // namespace omilcrm
