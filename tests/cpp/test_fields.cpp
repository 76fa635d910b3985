// A record's fields declared once (RecordFields) and what is derived from the declaration.
#include <catch2/catch.hpp>

#include "omilcrm/fields.hpp"
#include "omilcrm/omilcrm.hpp"

namespace sample {
struct Visit {
    omilcrm::RecordMeta meta{};
    std::string note{};
    omilcrm::Date on{};
    std::optional<double> km{};
    omilcrm::InteractionKind kind = omilcrm::InteractionKind::Visit;
    std::vector<std::string> topics{};
    bool follow_up = false;
    std::optional<omilcrm::Id> contact_id{};
};
}  // namespace sample

template <>
struct omilcrm::RecordFields<sample::Visit> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &sample::Visit::meta), field("note", &sample::Visit::note), field("on", &sample::Visit::on),
        field("km", &sample::Visit::km), field("kind", &sample::Visit::kind), field("topics", &sample::Visit::topics),
        field("follow_up", &sample::Visit::follow_up), field("contact_id", &sample::Visit::contact_id));
};

using namespace omilcrm;

TEST_CASE("a record's declared fields give its names and a table", "[fields]") {
    static_assert(DescribedRecord<sample::Visit>);
    static_assert(!DescribedRecord<int>);
    CHECK(field_names<sample::Visit>() == std::vector<std::string_view>{"id", "uuid", "created_at", "updated_at",
                                                                        "note", "on", "km", "kind", "topics",
                                                                        "follow_up", "contact_id"});
    CHECK(field_choices<sample::Visit>().rfind("id, uuid, created_at", 0) == 0);

    sample::Visit a;
    a.meta.id = 7;
    a.meta.uuid = "u-7";
    a.meta.created_at = Timestamp{std::chrono::microseconds{5}};
    a.note = "poda";
    a.on = Date(2026, 12, 4);
    a.km = 3.5;
    a.kind = InteractionKind::PhoneCall;
    a.topics = {"arbolado", "luminarias"};
    a.follow_up = true;
    sample::Visit b;  // every optional empty
    b.meta.id = 8;
    b.on = Date(2026, 12, 5);

    const Table t = table_of(std::vector<sample::Visit>{a, b});
    REQUIRE(t.rows() == 2);
    REQUIRE(t.columns().size() == 11);
    CHECK(t.column("id").ints == std::vector<std::int64_t>{7, 8});
    CHECK(t.column("created_at").type == ColumnType::Timestamp);
    CHECK(t.column("created_at").ints[0] == 5);
    CHECK(t.column("note").texts.at(0) == "poda");
    CHECK(t.column("on").type == ColumnType::Date);
    CHECK(t.column("on").ints[1] == Date(2026, 12, 5).days());
    CHECK(t.column("km").type == ColumnType::Real);
    CHECK(t.column("km").valid == std::vector<std::uint8_t>{1, 0});
    CHECK(t.column("kind").texts.at(0) == "phone_call");
    CHECK(t.column("topics").texts.at(0) == "arbolado, luminarias");
    CHECK(t.column("follow_up").type == ColumnType::Bool);
    CHECK(t.column("follow_up").ints == std::vector<std::int64_t>{1, 0});
    CHECK(t.column("contact_id").type == ColumnType::Int);
    CHECK(t.column("contact_id").valid == std::vector<std::uint8_t>{0, 0});
}
