#pragma once
// A Table as Arrow data, through the Arrow C data interface: the small, stable C ABI that
// pyarrow, polars, DuckDB, nanoarrow and Arrow C++ all read, so a listing reaches them without a
// copy of its numbers and text, and without this library depending on any of them.
//
// A table is a struct array ("+s") with one child per column:
//
//   ColumnType   Arrow type                             format     buffers
//   Int          int64                                  "l"        the column's own ints
//   Real         float64                                "g"        the column's own reals
//   Text         large_utf8 (64-bit offsets)            "U"        the column's own offsets and bytes
//   Text         utf8, when asked (ArrowOptions)        "u"        32-bit offsets copied, its own bytes
//   Bool         boolean, bit-packed                    "b"        packed from the ints
//   Date         date32, days since 1970-01-01          "tdD"      narrowed from the ints
//   Timestamp    timestamp, microseconds, UTC           "tsu:UTC"  the column's own ints
//
// A column with nulls has a validity bitmap and its null count; one without has neither. Every
// field is nullable. Table::metadata() travels as the schema's metadata.
#include <cstdint>
#include <memory>
#include <string>

#include "omilcrm/table.hpp"

// The ABI, as the specification declares it; a program that already has it (nanoarrow, Arrow
// C++ or DuckDB's headers) keeps its own, which is the same.
#ifdef __cplusplus
extern "C" {
#endif

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
    // Array type description
    const char* format;
    const char* name;
    const char* metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema** children;
    struct ArrowSchema* dictionary;

    // Release callback
    void (*release)(struct ArrowSchema*);
    // Opaque producer-specific data
    void* private_data;
};

struct ArrowArray {
    // Array data description
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void** buffers;
    struct ArrowArray** children;
    struct ArrowArray* dictionary;

    // Release callback
    void (*release)(struct ArrowArray*);
    // Opaque producer-specific data
    void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
    // Callbacks providing stream functionality
    int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
    int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
    const char* (*get_last_error)(struct ArrowArrayStream*);

    // Release callback
    void (*release)(struct ArrowArrayStream*);

    // Opaque producer-specific data
    void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

#ifdef __cplusplus
}
#endif

namespace omilcrm {

/// How a table is laid out as Arrow.
struct ArrowOptions {
    /// Text columns as large_utf8 ("U"), whose 64-bit offsets are the column's own (no copy).
    /// false: utf8 ("u"), which some consumers prefer, with its 32-bit offsets copied; a column
    /// holding more than 2 GiB of text stays large_utf8 all the same.
    bool large_text = true;
};

/// The Arrow format string of a column type ("l", "g", "U" or "u", "b", "tdD", "tsu:UTC").
std::string arrow_format(ColumnType type, const ArrowOptions& options = {});

/// The table's schema: a struct ("+s") with one nullable child per column, named as the columns,
/// and Table::metadata() as its metadata. `out` is overwritten; the caller releases it
/// (out->release(out)).
void export_arrow_schema(const Table& table, ArrowSchema* out, const ArrowOptions& options = {});

/// All the table's rows as one struct array whose children point into the table's own columns
/// where Arrow's layout is theirs (ints, reals, timestamps, text). The array owns the table (or a
/// share of it) until it is released, which frees it; each child can be moved out and released
/// on its own, as the specification allows. The caller releases `out`.
void export_arrow_array(std::shared_ptr<const Table> table, ArrowArray* out, const ArrowOptions& options = {});
void export_arrow_array(Table table, ArrowArray* out, const ArrowOptions& options = {});

/// A stream of the table: its schema, then one batch with every row (the array above), then the
/// end. The stream owns the table (moved in, or a share); the caller releases the stream, and
/// any batch it took, in any order.
ArrowArrayStream to_arrow_stream(std::shared_ptr<const Table> table, const ArrowOptions& options = {});
ArrowArrayStream to_arrow_stream(Table table, const ArrowOptions& options = {});

}  // namespace omilcrm
