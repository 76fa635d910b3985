// Table: the columnar results of listings, here employers.table.
#include <algorithm>
#include <sstream>

#include "helpers.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

TEST_CASE("Table: employers.table has typed columns and one row per employer", "[table][employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    auto a = c.employer("76.086.428-5", "Logística Gulmué SpA");
    a.trade_name = "Gulmué";
    a.latitude = -32.93;
    a.longitude = -71.47;
    a.status = EmployerStatus::Active;
    a.size = SizeBand::Medium;
    a.visiting_hours = parse_visiting_hours("mon-fri 09:00-12:00");
    const auto ea = db.employers().add(a);
    auto b = c.employer("12345678-5", "Astilleros del Pacífico");
    b.commune = "Quintero";
    b.owner_id = c.head.meta.id;
    const auto eb = db.employers().add(b);
    const auto park = db.clusters().add(
        {.office_id = c.office.meta.id, .name = "Parque Industrial Gulmué", .kind = ClusterKind::IndustrialPark});
    db.clusters().add_member(park.meta.id, ea.meta.id, Date(2026, 3, 1));

    const Table t = db.employers().table(c.office.meta.id);
    std::vector<std::string> names;
    for (const auto& col : t.columns()) names.push_back(col.name);
    CHECK(names == std::vector<std::string>{"id",
                                            "uuid",
                                            "rut",
                                            "legal_name",
                                            "trade_name",
                                            "sector",
                                            "activity",
                                            "activity_section",
                                            "size",
                                            "address",
                                            "commune_code",
                                            "commune",
                                            "latitude",
                                            "longitude",
                                            "visiting_hours",
                                            "status",
                                            "owner_id",
                                            "owner",
                                            "segment",
                                            "lead_source",
                                            "lead_detail",
                                            "clusters",
                                            "created_at",
                                            "updated_at"});
    REQUIRE(t.rows() == 2u);
    for (const auto& col : t.columns()) {
        INFO(col.name);
        CHECK(col.size() == 2u);
    }
    // Rows come in legal-name order: Astilleros first.
    CHECK(t.column("id").type == ColumnType::Int);
    CHECK(t.column("id").ints == std::vector<std::int64_t>{eb.meta.id, ea.meta.id});
    CHECK(t.column("uuid").texts[1] == ea.meta.uuid);
    CHECK(t.column("rut").texts == std::vector<std::string>{"12.345.678-5", "76.086.428-5"});
    CHECK(t.column("legal_name").texts[0] == "Astilleros del Pacífico");
    CHECK(t.column("trade_name").texts == std::vector<std::string>{"", "Gulmué"});
    CHECK(t.column("size").texts == std::vector<std::string>{"unknown", "medium"});
    CHECK(t.column("commune_code").texts == std::vector<std::string>{"05107", "05103"});
    CHECK(t.column("commune").texts == std::vector<std::string>{"Quintero", "Concón"});
    const auto& lat = t.column("latitude");
    CHECK(lat.type == ColumnType::Real);
    CHECK(lat.valid == std::vector<std::uint8_t>{0, 1});
    CHECK(lat.has_nulls());
    CHECK(lat.reals[1] == Approx(-32.93));
    CHECK(t.column("longitude").reals[1] == Approx(-71.47));
    CHECK(t.column("visiting_hours").texts[1] == "mon-fri 09:00-12:00");
    CHECK(t.column("status").texts == std::vector<std::string>{"prospect", "active"});
    CHECK(t.column("owner_id").ints == std::vector<std::int64_t>{c.head.meta.id, c.manager.meta.id});
    CHECK(t.column("owner").texts == std::vector<std::string>{"Ana Rojas", "Bruno Soto"});
    CHECK(t.column("clusters").texts == std::vector<std::string>{"", "Parque Industrial Gulmué"});
    const auto& created = t.column("created_at");
    CHECK(created.type == ColumnType::Timestamp);
    CHECK(created.ints[0] == ea.meta.created_at.time_since_epoch().count());
    // FixedClock(2026-11-23) stands at 16:00Z: 13:00 in Santiago in November (UTC-3).
    CHECK(created.text_at(0) == "2026-11-23T16:00:00.000000Z");
    CHECK_FALSE(t.column("rut").has_nulls());
    CHECK_THROWS_AS(t.column("no_such_column"), NotFound);
}

TEST_CASE("Table: a former cluster member's row shows no cluster", "[table][clusters]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const auto e = db.employers().add(c.employer("76.086.428-5", "A"));
    const auto park = db.clusters().add({.office_id = c.office.meta.id, .name = "Parque"});
    const auto assoc = db.clusters().add({.office_id = c.office.meta.id, .name = "Asociación"});
    db.clusters().add_member(park.meta.id, e.meta.id, Date(2026, 3, 1));
    db.clusters().add_member(assoc.meta.id, e.meta.id, Date(2026, 3, 1));
    CHECK(contains(db.employers().table(c.office.meta.id).column("clusters").texts.at(0), "Parque"));
    db.clusters().remove_member(park.meta.id, e.meta.id, Date(2026, 10, 1));
    CHECK(db.employers().table(c.office.meta.id).column("clusters").texts.at(0) == "Asociación");
}

TEST_CASE("Table: an office with no employers gives the columns and no rows", "[table]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    const Table t = db.employers().table(c.office.meta.id);
    CHECK(t.rows() == 0u);
    CHECK(t.columns().size() == 24u);
    CHECK(Table().rows() == 0u);
}

TEST_CASE("Table: building columns by hand, text_at and CSV", "[table]") {
    Table t;
    auto& name = t.add_column("name", ColumnType::Text);
    name.push_text("Logística Gulmué SpA");
    name.push_text("Astilleros \"del\" Pacífico, Ltda.");
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

    REQUIRE(t.rows() == 3u);
    CHECK(t.column("name").size() == 3u);
    CHECK(t.column("name").text_at(1) == "Astilleros \"del\" Pacífico, Ltda.");
    CHECK(t.column("name").text_at(2) == "");
    CHECK(t.column("workers").text_at(0) == "120");
    CHECK(t.column("workers").text_at(1) == "");
    CHECK(t.column("workers").text_at(2) == "-3");
    CHECK(t.column("since").text_at(0) == "2026-11-23");
    CHECK(t.column("since").text_at(1) == "1969-12-31");
    CHECK(t.column("active").text_at(0) == "true");
    CHECK(t.column("active").text_at(1) == "false");
    CHECK(t.column("share").text_at(0) == "0.55");
    CHECK(t.column("share").text_at(1) == "0.3333333333");
    CHECK(t.column("seen").text_at(0) == "2026-11-23T14:12:00.000000Z");
    CHECK(t.column("seen").valid == std::vector<std::uint8_t>{1, 0, 0});
    CHECK(t.column("workers").ints.size() == 3u);  // nulls keep the vectors aligned

    std::ostringstream csv;
    t.write_csv(csv);
    CHECK(csv.str() ==
          "name,workers,since,active,share,seen\r\n"
          "Logística Gulmué SpA,120,2026-11-23,true,0.55,2026-11-23T14:12:00.000000Z\r\n"
          "\"Astilleros \"\"del\"\" Pacífico, Ltda.\",,1969-12-31,false,0.3333333333,\r\n"
          ",-3,,true,,\r\n");
    CHECK(to_string(ColumnType::Timestamp) == "timestamp");
    CHECK(to_string(ColumnType::Bool) == "bool");
}

TEST_CASE("Table: the employers CSV quotes names with commas", "[table][employers]") {
    auto db = omt::fresh_db();
    omt::Concon c(db);
    db.employers().add(c.employer("76.086.428-5", "Gulmué, Logística y Transporte SpA"));
    std::ostringstream csv;
    db.employers().table(c.office.meta.id).write_csv(csv);
    const std::string text = csv.str();
    CHECK(text.rfind("id,uuid,rut,legal_name,", 0) == 0u);
    CHECK(contains(text, ",76.086.428-5,\"Gulmué, Logística y Transporte SpA\","));
    CHECK(contains(text, ",Concón,"));
    CHECK(contains(text, ",Bruno Soto,"));
}

TEST_CASE("Table: a text column keeps every cell end to end and reads like a vector", "[table]") {
    Column c;
    c.name = "summary";
    c.type = ColumnType::Text;
    c.push_text("Visita a Gulmué");
    c.push_null();
    c.push_text("");
    c.push_text(std::string("nul\0inside", 10));
    c.push_text(std::string(300, 'x'));  // longer than any small-string buffer

    const TextColumn& t = c.texts;
    REQUIRE(t.size() == 5u);
    CHECK(c.size() == 5u);
    CHECK(t[0] == "Visita a Gulmué");
    CHECK(t[1].empty());  // a null cell holds "" and is marked in valid
    CHECK(c.valid == std::vector<std::uint8_t>{1, 0, 1, 1, 1});
    CHECK(t[2].empty());
    CHECK(t[3].size() == 10u);  // bytes as given, a NUL included
    CHECK(t[3] == std::string_view("nul\0inside", 10));
    CHECK(t.at(4) == std::string(300, 'x'));
    CHECK_THROWS_AS(t.at(5), std::out_of_range);
    CHECK(c.text_at(0) == "Visita a Gulmué");
    CHECK(c.text_at(1).empty());

    // One buffer for all cells, and where each ends.
    CHECK(t.bytes().size() == std::string("Visita a Gulmué").size() + 10 + 300);
    CHECK(t.ends().size() == 5u);
    CHECK(t.ends().back() == t.bytes().size());

    // Compared, copied and searched like a vector of strings.
    const std::vector<std::string> expected{"Visita a Gulmué", "", "", std::string("nul\0inside", 10),
                                            std::string(300, 'x')};
    CHECK(t == expected);
    CHECK(t.to_vector() == expected);
    CHECK_FALSE(t == std::vector<std::string>{"Visita a Gulmué"});
    std::vector<std::string> seen;
    for (std::string_view v : t) seen.emplace_back(v);
    CHECK(seen == expected);
    CHECK(std::count(t.begin(), t.end(), "") == 2);
    CHECK(std::find(t.begin(), t.end(), std::string(300, 'x')) - t.begin() == 4);
    TextColumn copy = t;
    CHECK(copy == t);
    copy.push_back("más");
    CHECK_FALSE(copy == t);
    CHECK(t.size() == 5u);  // the copy is its own

    TextColumn reserved;
    reserved.reserve(2, 64);  // capacity only, as std::vector::reserve
    CHECK(reserved.empty());
    reserved.push_back("Gulmué");
    CHECK(reserved == std::vector<std::string>{"Gulmué"});
}

TEST_CASE("Table: a column gives back the room it did not use, and keeps its cells", "[table]") {
    Table t;
    Column& name = t.add_column("name", ColumnType::Text);
    Column& n = t.add_column("n", ColumnType::Int);
    name.reserve(1000);
    n.reserve(1000);
    name.texts.reserve(1000, 100000);
    for (int i = 0; i < 10; ++i) {
        name.push_text("empresa " + std::to_string(i));
        if (i % 3) n.push_int(i);
        else n.push_null();
    }
    name.shrink_to_fit();
    n.shrink_to_fit();
    CHECK(name.texts.bytes().size() == 90);
    CHECK(name.texts.size() == 10);
    CHECK(name.texts[9] == "empresa 9");
    CHECK(n.ints.capacity() < 1000);
    CHECK(n.valid.capacity() < 1000);
    CHECK(n.ints == std::vector<std::int64_t>{0, 1, 2, 0, 4, 5, 0, 7, 8, 0});
    CHECK(t.rows() == 10);
    CHECK_FALSE(n.valid[0]);
}
