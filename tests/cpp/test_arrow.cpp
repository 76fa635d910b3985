// Arrow: a Table through the Arrow C data interface, read back the way a consumer reads the
// structs (formats, buffers, validity bits, release callbacks).
#include <omilcrm/arrow.hpp>

#include <cstring>
#include <map>
#include <string>

#include "helpers.hpp"

using namespace omilcrm;

namespace {

// Rows: Gulmué (120 workers, since 2026-11-23, active, 0.55, seen), Astilleros (null workers,
// 1969-12-31, inactive, 1/3, null), a row of nulls but `active`.
Table sample() {
    Table t;
    auto& name = t.add_column("name", ColumnType::Text);
    name.push_text("Logística Gulmué SpA");
    name.push_text("Astilleros \"del\" Pacífico");
    name.push_null();
    auto& n = t.add_column("workers", ColumnType::Int);
    n.push_int(120);
    n.push_null();
    n.push_int(-3);
    auto& d = t.add_column("since", ColumnType::Date);
    d.push_int(Date(2026, 11, 23).days());
    d.push_int(Date(1969, 12, 31).days());
    d.push_null();
    auto& ok = t.add_column("active", ColumnType::Bool);
    ok.push_int(1);
    ok.push_int(0);
    ok.push_int(1);
    auto& r = t.add_column("share", ColumnType::Real);
    r.push_real(0.55);
    r.push_real(1.0 / 3.0);
    r.push_null();
    auto& ts = t.add_column("seen", ColumnType::Timestamp);
    ts.push_int(omt::utc(2026, 11, 23, 14, 12).time_since_epoch().count());
    ts.push_null();
    ts.push_null();
    t.set_metadata("contains_personal_data", "name");
    t.set_metadata("source", "test");
    return t;
}

bool bit(const void* buffer, std::int64_t i) {
    return (static_cast<const std::uint8_t*>(buffer)[i / 8] >> (i % 8)) & 1;
}

// Arrow's metadata encoding read back: int32 count, then length-prefixed keys and values.
std::map<std::string, std::string> decode_metadata(const char* p) {
    std::map<std::string, std::string> out;
    if (!p) return out;
    auto get32 = [&p] {
        std::int32_t v = 0;
        std::memcpy(&v, p, sizeof v);
        p += sizeof v;
        return v;
    };
    const std::int32_t n = get32();
    for (std::int32_t i = 0; i < n; ++i) {
        const std::int32_t kl = get32();
        std::string k(p, static_cast<std::size_t>(kl));
        p += kl;
        const std::int32_t vl = get32();
        std::string v(p, static_cast<std::size_t>(vl));
        p += vl;
        out.emplace(std::move(k), std::move(v));
    }
    return out;
}

std::string_view text_at(const ArrowArray& a, std::int64_t i) {
    const auto* offsets = static_cast<const std::int64_t*>(a.buffers[1]);
    const auto* bytes = static_cast<const char*>(a.buffers[2]);
    return {bytes + offsets[a.offset + i], static_cast<std::size_t>(offsets[a.offset + i + 1] - offsets[a.offset + i])};
}

}  // namespace

TEST_CASE("Arrow: the schema names each column with its Arrow type, nullable, and carries the metadata", "[arrow]") {
    const Table t = sample();
    ArrowSchema s{};
    export_arrow_schema(t, &s);
    REQUIRE(s.release != nullptr);
    CHECK(std::string(s.format) == "+s");
    CHECK(std::string(s.name).empty());
    CHECK(s.flags == 0);
    CHECK(s.dictionary == nullptr);
    REQUIRE(s.n_children == 6);
    const std::vector<std::pair<std::string, std::string>> expected{
        {"name", "U"}, {"workers", "l"}, {"since", "tdD"}, {"active", "b"}, {"share", "g"}, {"seen", "tsu:UTC"}};
    for (std::int64_t i = 0; i < s.n_children; ++i) {
        const ArrowSchema* c = s.children[i];
        INFO(expected[static_cast<std::size_t>(i)].first);
        CHECK(std::string(c->name) == expected[static_cast<std::size_t>(i)].first);
        CHECK(std::string(c->format) == expected[static_cast<std::size_t>(i)].second);
        CHECK(c->flags == ARROW_FLAG_NULLABLE);
        CHECK(c->n_children == 0);
        CHECK(c->metadata == nullptr);
        CHECK(c->release != nullptr);
    }
    CHECK(decode_metadata(s.metadata) ==
          std::map<std::string, std::string>{{"contains_personal_data", "name"}, {"source", "test"}});
    s.release(&s);
    CHECK(s.release == nullptr);  // released, as the specification marks it

    ArrowSchema utf8{};
    export_arrow_schema(t, &utf8, {.large_text = false});
    CHECK(std::string(utf8.children[0]->format) == "u");
    utf8.release(&utf8);

    CHECK(arrow_format(ColumnType::Date) == "tdD");
    CHECK(arrow_format(ColumnType::Text, {.large_text = false}) == "u");
}

TEST_CASE("Arrow: the array holds every value and null, sharing the table's own buffers", "[arrow]") {
    auto table = std::make_shared<const Table>(sample());
    ArrowArray a{};
    export_arrow_array(table, &a);
    REQUIRE(a.release != nullptr);
    CHECK(a.length == 3);
    CHECK(a.null_count == 0);
    CHECK(a.offset == 0);
    CHECK(a.n_buffers == 1);
    CHECK(a.buffers[0] == nullptr);  // the struct itself has no nulls
    REQUIRE(a.n_children == 6);
    CHECK(table.use_count() == 7);  // a share per column

    const ArrowArray& name = *a.children[0];
    CHECK(name.length == 3);
    CHECK(name.n_buffers == 3);
    CHECK(name.null_count == 1);
    REQUIRE(name.buffers[0] != nullptr);
    CHECK(bit(name.buffers[0], 0));
    CHECK(bit(name.buffers[0], 1));
    CHECK_FALSE(bit(name.buffers[0], 2));
    CHECK(text_at(name, 0) == "Logística Gulmué SpA");
    CHECK(text_at(name, 1) == "Astilleros \"del\" Pacífico");
    CHECK(text_at(name, 2).empty());
    // Zero-copy: large_utf8's offsets and bytes are the column's own.
    CHECK(name.buffers[1] == static_cast<const void*>(table->column("name").texts.offsets().data()));
    CHECK(name.buffers[2] == static_cast<const void*>(table->column("name").texts.bytes().data()));

    const ArrowArray& workers = *a.children[1];
    CHECK(workers.n_buffers == 2);
    CHECK(workers.null_count == 1);
    CHECK(workers.buffers[1] == static_cast<const void*>(table->column("workers").ints.data()));
    const auto* w = static_cast<const std::int64_t*>(workers.buffers[1]);
    CHECK(w[0] == 120);
    CHECK(w[2] == -3);
    CHECK(bit(workers.buffers[0], 0));
    CHECK_FALSE(bit(workers.buffers[0], 1));
    CHECK(bit(workers.buffers[0], 2));

    const ArrowArray& since = *a.children[2];
    const auto* days = static_cast<const std::int32_t*>(since.buffers[1]);
    CHECK(days[0] == Date(2026, 11, 23).days());
    CHECK(days[1] == -1);
    CHECK(since.null_count == 1);
    CHECK_FALSE(bit(since.buffers[0], 2));

    const ArrowArray& active = *a.children[3];
    CHECK(active.null_count == 0);
    CHECK(active.buffers[0] == nullptr);  // no nulls: no bitmap
    CHECK(bit(active.buffers[1], 0));
    CHECK_FALSE(bit(active.buffers[1], 1));
    CHECK(bit(active.buffers[1], 2));

    const ArrowArray& share = *a.children[4];
    CHECK(share.buffers[1] == static_cast<const void*>(table->column("share").reals.data()));
    CHECK(static_cast<const double*>(share.buffers[1])[0] == 0.55);
    CHECK(share.null_count == 1);

    const ArrowArray& seen = *a.children[5];
    CHECK(static_cast<const std::int64_t*>(seen.buffers[1])[0] ==
          omt::utc(2026, 11, 23, 14, 12).time_since_epoch().count());
    CHECK(seen.null_count == 2);

    a.release(&a);
    CHECK(a.release == nullptr);
    CHECK(table.use_count() == 1);  // every share given back
}

TEST_CASE("Arrow: utf8 copies 32-bit offsets, bitmaps run past a byte, an empty table has buffers", "[arrow]") {
    Table t;
    auto& s = t.add_column("s", ColumnType::Text);
    auto& b = t.add_column("b", ColumnType::Bool);
    for (int i = 0; i < 19; ++i) {
        if (i % 3 == 0) s.push_null();
        else s.push_text(std::string(static_cast<std::size_t>(i), 'x'));
        b.push_int(i % 2);
    }
    ArrowArray a{};
    export_arrow_array(t, &a, {.large_text = false});
    const ArrowArray& text = *a.children[0];
    CHECK(text.null_count == 7);
    const auto* off = static_cast<const std::int32_t*>(text.buffers[1]);
    CHECK(off[0] == 0);
    CHECK(off[19] == static_cast<std::int32_t>(t.column("s").texts.bytes().size()));
    for (std::int64_t i = 0; i < 19; ++i) {
        INFO(i);
        CHECK(bit(text.buffers[0], i) == (i % 3 != 0));
        CHECK(off[i + 1] - off[i] == (i % 3 == 0 ? 0 : i));
        CHECK(bit(a.children[1]->buffers[1], i) == (i % 2 == 1));
    }
    a.release(&a);

    Table empty;
    empty.add_column("id", ColumnType::Int);
    empty.add_column("name", ColumnType::Text);
    ArrowArray e{};
    export_arrow_array(std::move(empty), &e);
    CHECK(e.length == 0);
    REQUIRE(e.n_children == 2);
    CHECK(e.children[0]->buffers[1] != nullptr);  // consumers get a buffer, even an empty one
    CHECK(static_cast<const std::int64_t*>(e.children[1]->buffers[1])[0] == 0);  // one offset: 0
    e.release(&e);
}

TEST_CASE("Arrow: a consumer may move a child out and release it after the parent", "[arrow]") {
    auto table = std::make_shared<const Table>(sample());
    ArrowArray a{};
    export_arrow_array(table, &a);
    ArrowArray kept = *a.children[3];  // moved out: the child is marked released where it was
    a.children[3]->release = nullptr;
    a.release(&a);
    CHECK(table.use_count() == 2);  // the moved child still holds its share
    CHECK(bit(kept.buffers[1], 0));
    kept.release(&kept);
    CHECK(kept.release == nullptr);
    CHECK(table.use_count() == 1);

    ArrowSchema s{};
    export_arrow_schema(*table, &s);
    ArrowSchema child = *s.children[0];
    s.children[0]->release = nullptr;
    s.release(&s);
    CHECK(std::string(child.name) == "name");
    child.release(&child);
}

TEST_CASE("Arrow: a stream gives the schema, one batch, then the end, and owns the table", "[arrow]") {
    ArrowArrayStream stream = to_arrow_stream(sample());
    REQUIRE(stream.release != nullptr);
    ArrowSchema s{};
    REQUIRE(stream.get_schema(&stream, &s) == 0);
    CHECK(s.n_children == 6);
    s.release(&s);

    ArrowArray batch{};
    REQUIRE(stream.get_next(&stream, &batch) == 0);
    REQUIRE(batch.release != nullptr);
    CHECK(batch.length == 3);
    ArrowArray end{};
    end.release = reinterpret_cast<void (*)(ArrowArray*)>(1);  // must be overwritten
    REQUIRE(stream.get_next(&stream, &end) == 0);
    CHECK(end.release == nullptr);  // the end of the stream
    CHECK(stream.get_last_error(&stream) == nullptr);

    // The stream released first: the batch keeps the table alive.
    stream.release(&stream);
    CHECK(stream.release == nullptr);
    CHECK(text_at(*batch.children[0], 0) == "Logística Gulmué SpA");
    batch.release(&batch);

    // A column shorter than the others is refused with a message, before anything is made.
    Table bad;
    bad.add_column("a", ColumnType::Int).push_int(1);
    bad.add_column("b", ColumnType::Int);
    CHECK_THROWS_WITH(to_arrow_stream(std::move(bad)), Catch::Matchers::Contains("column \"b\" has 0 rows"));
}

TEST_CASE("Arrow: an interaction listing from the database, read through the stream", "[arrow][interactions]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("76.086.428-5", "Logística Gulmué SpA"));
    db.interactions().log({.kind = InteractionKind::Visit,
                           .on = Date(2026, 11, 20),
                           .staff_id = c.manager.meta.id,
                           .employer_id = e.meta.id,
                           .summary = "Visita <script>"});
    const Table t = db.interactions().table(c.office.meta.id);
    ArrowArrayStream stream = to_arrow_stream(t);
    ArrowSchema s{};
    REQUIRE(stream.get_schema(&stream, &s) == 0);
    ArrowArray a{};
    REQUIRE(stream.get_next(&stream, &a) == 0);
    REQUIRE(a.length == 1);
    REQUIRE(static_cast<std::size_t>(s.n_children) == t.columns().size());
    for (std::int64_t i = 0; i < s.n_children; ++i) {
        const std::string name = s.children[i]->name;
        const Column& col = t.column(name);
        INFO(name);
        CHECK(std::string(s.children[i]->format) == arrow_format(col.type));
        CHECK(a.children[i]->null_count == (col.valid[0] ? 0 : 1));
        if (col.type == ColumnType::Text && col.valid[0]) CHECK(text_at(*a.children[i], 0) == col.texts[0]);
    }
    a.release(&a);
    s.release(&s);
    stream.release(&stream);
}
