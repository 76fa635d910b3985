#include "omilcrm/arrow.hpp"

#include <cerrno>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <vector>

namespace omilcrm {

namespace {

// What a zero-length buffer points at: consumers are not all happy with a null data buffer.
alignas(8) const std::int64_t kZero[1] = {0};

const void* or_zero(const void* p) { return p ? p : kZero; }

bool text_is_large(const Column& c, const ArrowOptions& options) {
    return options.large_text ||
           c.texts.bytes().size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
}

std::string format_of(const Column& c, const ArrowOptions& options) {
    if (c.type == ColumnType::Text) return text_is_large(c, options) ? "U" : "u";
    return arrow_format(c.type, options);
}

void check_rectangular(const Table& t) {
    for (const auto& c : t.columns())
        if (c.size() != t.rows())
            throw std::invalid_argument("Arrow export: column \"" + c.name + "\" has " + std::to_string(c.size()) +
                                        " rows, the table " + std::to_string(t.rows()));
}

// Arrow's metadata encoding: int32 count, then for each pair int32 length and bytes of the key,
// int32 length and bytes of the value (native byte order).
std::string encode_metadata(const std::map<std::string, std::string>& m) {
    if (m.empty()) return {};
    std::string out;
    auto put32 = [&](std::size_t n) {
        if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
            throw std::length_error("Arrow export: metadata longer than 2 GiB");
        const auto v = static_cast<std::int32_t>(n);
        out.append(reinterpret_cast<const char*>(&v), sizeof v);
    };
    put32(m.size());
    for (const auto& [k, v] : m) {
        put32(k.size());
        out += k;
        put32(v.size());
        out += v;
    }
    return out;
}

// ---- Schema --------------------------------------------------------------------------------

// private_data of one ArrowSchema: the strings it points at and, for the struct, its children.
struct SchemaData {
    std::string format, name, metadata;
    std::vector<ArrowSchema*> children;
};

void release_schema(ArrowSchema* s) {
    if (!s || !s->release) return;
    auto* d = static_cast<SchemaData*>(s->private_data);
    for (ArrowSchema* c : d->children) {
        if (c->release) c->release(c);  // not moved out by the consumer
        delete c;
    }
    delete d;
    s->release = nullptr;
}

void fill_schema(ArrowSchema* out, std::unique_ptr<SchemaData> d, std::int64_t flags) {
    out->format = d->format.c_str();
    out->name = d->name.c_str();
    out->metadata = d->metadata.empty() ? nullptr : d->metadata.data();
    out->flags = flags;
    out->n_children = static_cast<std::int64_t>(d->children.size());
    out->children = d->children.empty() ? nullptr : d->children.data();
    out->dictionary = nullptr;
    out->release = &release_schema;
    out->private_data = d.release();
}

// ---- Arrays --------------------------------------------------------------------------------

// private_data of one column's ArrowArray: a share of the table its buffers point into, and the
// buffers Arrow lays out differently (validity bits, booleans' bits, date32, utf8's offsets).
struct ColumnData {
    std::shared_ptr<const Table> table;
    std::vector<std::uint8_t> validity;
    std::vector<std::uint8_t> bits;
    std::vector<std::int32_t> narrow;
    const void* buffers[3] = {nullptr, nullptr, nullptr};
};

void release_column(ArrowArray* a) {
    if (!a || !a->release) return;
    delete static_cast<ColumnData*>(a->private_data);
    a->release = nullptr;
}

// private_data of the struct array: its children, each releasable on its own.
struct StructData {
    std::vector<ArrowArray*> children;
    const void* buffers[1] = {nullptr};
};

void release_struct(ArrowArray* a) {
    if (!a || !a->release) return;
    auto* d = static_cast<StructData*>(a->private_data);
    for (ArrowArray* c : d->children) {
        if (c->release) c->release(c);  // not moved out by the consumer
        delete c;
    }
    delete d;
    a->release = nullptr;
}

// Bit i of the result is pred(i), least significant bit first, as Arrow packs bits.
template <class Pred>
std::vector<std::uint8_t> pack_bits(std::size_t n, Pred pred) {
    std::vector<std::uint8_t> out((n + 7) / 8, 0);
    const std::size_t whole = n / 8;
    for (std::size_t b = 0; b < whole; ++b) {
        const std::size_t i = b * 8;
        out[b] = static_cast<std::uint8_t>(pred(i) | pred(i + 1) << 1 | pred(i + 2) << 2 | pred(i + 3) << 3 |
                                           pred(i + 4) << 4 | pred(i + 5) << 5 | pred(i + 6) << 6 | pred(i + 7) << 7);
    }
    for (std::size_t i = whole * 8; i < n; ++i) out[i / 8] |= static_cast<std::uint8_t>(pred(i) << (i % 8));
    return out;
}

void fill_column(ArrowArray* out, const Column& c, const std::shared_ptr<const Table>& table,
                 const ArrowOptions& options) {
    auto d = std::make_unique<ColumnData>();
    d->table = table;
    const std::size_t n = c.size();
    std::size_t nulls = 0;
    for (std::uint8_t v : c.valid) nulls += v == 0;
    if (nulls) {
        const std::uint8_t* valid = c.valid.data();
        d->validity = pack_bits(n, [valid](std::size_t i) { return static_cast<unsigned>(valid[i] != 0); });
        d->buffers[0] = d->validity.data();
    }
    std::int64_t n_buffers = 2;
    switch (c.type) {
        case ColumnType::Int:
        case ColumnType::Timestamp:
            d->buffers[1] = or_zero(c.ints.data());
            break;
        case ColumnType::Real:
            d->buffers[1] = or_zero(c.reals.data());
            break;
        case ColumnType::Bool: {
            const std::int64_t* ints = c.ints.data();
            d->bits = pack_bits(n, [ints](std::size_t i) { return static_cast<unsigned>(ints[i] != 0); });
            d->buffers[1] = or_zero(d->bits.data());
            break;
        }
        case ColumnType::Date:
            d->narrow.resize(n);
            for (std::size_t i = 0; i < n; ++i) d->narrow[i] = static_cast<std::int32_t>(c.ints[i]);
            d->buffers[1] = or_zero(d->narrow.data());
            break;
        case ColumnType::Text: {
            n_buffers = 3;
            const auto offsets = c.texts.offsets();  // empty while the column is
            if (text_is_large(c, options)) {
                static_assert(sizeof(std::size_t) == sizeof(std::int64_t), "large_utf8 offsets are 64-bit");
                d->buffers[1] = offsets.empty() ? static_cast<const void*>(kZero) : offsets.data();
            } else {
                d->narrow.resize(n + 1, 0);
                for (std::size_t i = 0; i < offsets.size(); ++i) d->narrow[i] = static_cast<std::int32_t>(offsets[i]);
                d->buffers[1] = d->narrow.data();
            }
            d->buffers[2] = or_zero(c.texts.bytes().data());
            break;
        }
    }
    out->length = static_cast<std::int64_t>(n);
    out->null_count = static_cast<std::int64_t>(nulls);
    out->offset = 0;
    out->n_buffers = n_buffers;
    out->n_children = 0;
    out->buffers = d->buffers;
    out->children = nullptr;
    out->dictionary = nullptr;
    out->release = &release_column;
    out->private_data = d.release();
}

// ---- Stream --------------------------------------------------------------------------------

struct StreamData {
    std::shared_ptr<const Table> table;
    ArrowOptions options;
    bool done = false;
    std::string error;
};

template <class F>
int guarded(ArrowArrayStream* s, F&& f) {
    auto* d = static_cast<StreamData*>(s->private_data);
    try {
        f(*d);
        d->error.clear();
        return 0;
    } catch (const std::bad_alloc&) {
        d->error = "out of memory";
        return ENOMEM;
    } catch (const std::exception& e) {
        d->error = e.what();
        return EINVAL;
    }
}

int stream_get_schema(ArrowArrayStream* s, ArrowSchema* out) {
    return guarded(s, [out](StreamData& d) { export_arrow_schema(*d.table, out, d.options); });
}

int stream_get_next(ArrowArrayStream* s, ArrowArray* out) {
    return guarded(s, [out](StreamData& d) {
        if (d.done) {  // the end: a released array
            std::memset(out, 0, sizeof *out);
            return;
        }
        export_arrow_array(d.table, out, d.options);
        d.done = true;
    });
}

const char* stream_get_last_error(ArrowArrayStream* s) {
    const auto* d = static_cast<const StreamData*>(s->private_data);
    return d->error.empty() ? nullptr : d->error.c_str();
}

void release_stream(ArrowArrayStream* s) {
    if (!s || !s->release) return;
    delete static_cast<StreamData*>(s->private_data);
    s->release = nullptr;
}

}  // namespace

std::string arrow_format(ColumnType type, const ArrowOptions& options) {
    switch (type) {
        case ColumnType::Int:
            return "l";
        case ColumnType::Real:
            return "g";
        case ColumnType::Text:
            return options.large_text ? "U" : "u";
        case ColumnType::Bool:
            return "b";
        case ColumnType::Date:
            return "tdD";
        case ColumnType::Timestamp:
            return "tsu:UTC";
    }
    return "U";
}

void export_arrow_schema(const Table& table, ArrowSchema* out, const ArrowOptions& options) {
    check_rectangular(table);
    auto d = std::make_unique<SchemaData>();
    d->format = "+s";
    d->metadata = encode_metadata(table.metadata());
    d->children.reserve(table.columns().size());
    try {
        for (const auto& c : table.columns()) {
            auto cd = std::make_unique<SchemaData>();
            cd->format = format_of(c, options);
            cd->name = c.name;
            auto child = std::make_unique<ArrowSchema>();
            d->children.push_back(child.get());  // reserved: cannot throw
            fill_schema(child.release(), std::move(cd), ARROW_FLAG_NULLABLE);
        }
    } catch (...) {
        for (ArrowSchema* c : d->children) {
            c->release(c);
            delete c;
        }
        throw;
    }
    fill_schema(out, std::move(d), 0);
}

void export_arrow_array(std::shared_ptr<const Table> table, ArrowArray* out, const ArrowOptions& options) {
    if (!table) throw std::invalid_argument("Arrow export: no table");
    check_rectangular(*table);
    auto d = std::make_unique<StructData>();
    d->children.reserve(table->columns().size());
    try {
        for (const auto& c : table->columns()) {
            auto child = std::make_unique<ArrowArray>();
            fill_column(child.get(), c, table, options);
            d->children.push_back(child.release());  // reserved: cannot throw
        }
    } catch (...) {
        for (ArrowArray* c : d->children) {
            c->release(c);
            delete c;
        }
        throw;
    }
    out->length = static_cast<std::int64_t>(table->rows());
    out->null_count = 0;
    out->offset = 0;
    out->n_buffers = 1;
    out->n_children = static_cast<std::int64_t>(d->children.size());
    out->buffers = d->buffers;
    out->children = d->children.empty() ? nullptr : d->children.data();
    out->dictionary = nullptr;
    out->release = &release_struct;
    out->private_data = d.release();
}

void export_arrow_array(Table table, ArrowArray* out, const ArrowOptions& options) {
    export_arrow_array(std::make_shared<const Table>(std::move(table)), out, options);
}

ArrowArrayStream to_arrow_stream(std::shared_ptr<const Table> table, const ArrowOptions& options) {
    if (!table) throw std::invalid_argument("Arrow export: no table");
    check_rectangular(*table);
    auto d = std::make_unique<StreamData>();
    d->table = std::move(table);
    d->options = options;
    ArrowArrayStream s{};
    s.get_schema = &stream_get_schema;
    s.get_next = &stream_get_next;
    s.get_last_error = &stream_get_last_error;
    s.release = &release_stream;
    s.private_data = d.release();
    return s;
}

ArrowArrayStream to_arrow_stream(Table table, const ArrowOptions& options) {
    return to_arrow_stream(std::make_shared<const Table>(std::move(table)), options);
}

}  // namespace omilcrm
