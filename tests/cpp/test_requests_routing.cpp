// Routing service requests to municipal departments by category, area and keywords.
#include "helpers.hpp"

#include <algorithm>

#include "omilcrm/requests.hpp"

using namespace omilcrm;
using omt::capture;
using omt::contains;

namespace {

// Department ids of a commune's municipality.
constexpr Id kAseoOrnato = 10;
constexpr Id kMedioAmbiente = 11;
constexpr Id kObras = 12;
constexpr Id kSeguridad = 13;
constexpr Id kTransito = 14;

RoutingRule rule(Id id, int position, std::string category, Id department, std::string area = {},
                 std::vector<std::string> keywords = {}) {
    RoutingRule r;
    r.id = id;
    r.position = position;
    r.category = std::move(category);
    r.department_id = department;
    r.area = std::move(area);
    r.keywords = std::move(keywords);
    return r;
}

RoutingInput request(std::string category, std::string description = {}, std::string area = {}) {
    return {.category = std::move(category), .area = std::move(area), .description = std::move(description)};
}

}  // namespace

TEST_CASE("A single rule routes its category", "[routing]") {
    const std::vector<RoutingRule> rules = {rule(3, 1, "tree_pruning", kAseoOrnato)};
    const auto d = route(request("tree_pruning", "Árbol tapa el letrero"), rules);
    REQUIRE(d.department_id);
    CHECK(*d.department_id == kAseoOrnato);
    REQUIRE(d.rule_id);
    CHECK(*d.rule_id == 3);
    CHECK(d.explanation == "rule 3 (category tree_pruning)");
}

TEST_CASE("The first matching rule by position wins, not by insertion order", "[routing]") {
    // Inserted in the opposite order of their positions.
    const std::vector<RoutingRule> rules = {rule(1, 20, "street_light", kObras),
                                            rule(2, 10, "street_light", kTransito)};
    const auto d = route(request("street_light", "Luminaria apagada"), rules);
    CHECK(d.rule_id == std::optional<Id>(2));
    CHECK(d.department_id == std::optional<Id>(kTransito));

    SECTION("ties on position are broken by id") {
        const std::vector<RoutingRule> tied = {rule(9, 5, "street_light", kObras),
                                               rule(4, 5, "street_light", kTransito)};
        CHECK(route(request("street_light"), tied).rule_id == std::optional<Id>(4));
    }
}

TEST_CASE("Inactive rules are skipped", "[routing]") {
    auto first = rule(1, 1, "garbage_removal", kMedioAmbiente);
    first.active = false;
    const std::vector<RoutingRule> rules = {first, rule(2, 2, "garbage_removal", kAseoOrnato)};
    const auto d = route(request("garbage_removal", "Microbasural en la esquina"), rules);
    CHECK(d.rule_id == std::optional<Id>(2));
    CHECK(d.department_id == std::optional<Id>(kAseoOrnato));

    SECTION("only inactive rules: triage") {
        const auto t = route(request("garbage_removal"), {first});
        CHECK_FALSE(t.department_id);
        CHECK_FALSE(t.rule_id);
        CHECK(contains(t.explanation, "triage"));
    }
    SECTION("an inactive rule without a department is not an error") {
        auto broken = rule(5, 0, "garbage_removal", 0);
        broken.active = false;
        CHECK(route(request("garbage_removal"), {broken, rule(2, 2, "garbage_removal", kAseoOrnato)}).rule_id ==
              std::optional<Id>(2));
    }
}

TEST_CASE("An area-specific rule placed first beats the general one", "[routing]") {
    const std::vector<RoutingRule> rules = {
        rule(1, 100, "security_patrol", kSeguridad),
        rule(2, 10, "security_patrol", kSeguridad + 100, "Parque Industrial Gulmué")};

    const auto in_park = route(request("security_patrol", "Rondas nocturnas", "parque industrial gulmue"), rules);
    CHECK(in_park.rule_id == std::optional<Id>(2));
    CHECK(in_park.department_id == std::optional<Id>(kSeguridad + 100));
    CHECK(in_park.explanation == "rule 2 (category security_patrol, area 'Parque Industrial Gulmué')");

    const auto elsewhere = route(request("security_patrol", "Rondas nocturnas", "Costa de Montemar"), rules);
    CHECK(elsewhere.rule_id == std::optional<Id>(1));

    const auto no_area = route(request("security_patrol", "Rondas nocturnas"), rules);
    CHECK(no_area.rule_id == std::optional<Id>(1));
}

TEST_CASE("Category is compared exactly", "[routing]") {
    const std::vector<RoutingRule> rules = {rule(1, 1, "tree_pruning", kAseoOrnato)};
    CHECK_FALSE(route(request("Tree_Pruning"), rules).department_id);
    CHECK_FALSE(route(request("tree pruning"), rules).department_id);
    CHECK_FALSE(route(request("green_areas"), rules).department_id);
}

TEST_CASE("Keywords ignore accents and case", "[routing]") {
    const std::vector<RoutingRule> rules = {rule(3, 1, "green_areas", kAseoOrnato, {}, {"poda", "árboles"}),
                                            rule(4, 2, "green_areas", kMedioAmbiente)};

    auto d = route(request("green_areas", "Solicitamos PODA de árboles frente a la bodega"), rules);
    CHECK(d.rule_id == std::optional<Id>(3));
    CHECK(d.explanation == "rule 3 (category green_areas, keyword 'poda')");

    d = route(request("green_areas", "Hay ARBOLES secos en la vereda"), rules);
    CHECK(d.rule_id == std::optional<Id>(3));
    CHECK(d.explanation == "rule 3 (category green_areas, keyword 'árboles')");

    d = route(request("green_areas", "¿Podrían regar el bandejón?"), rules);
    CHECK(d.rule_id == std::optional<Id>(4));  // no keyword: falls to the general rule

    SECTION("a keyword written with accents and capitals matches plain text") {
        const std::vector<RoutingRule> r = {rule(7, 1, "crosswalk", kTransito, {}, {"Demarcación"})};
        CHECK(route(request("crosswalk", "falta demarcacion del paso peatonal"), r).rule_id == std::optional<Id>(7));
    }
}

TEST_CASE("Keywords match whole words only", "[routing]") {
    const std::vector<RoutingRule> rules = {rule(3, 1, "tree_pruning", kAseoOrnato, {}, {"poda"})};
    CHECK(route(request("tree_pruning", "Poda de árboles"), rules).rule_id == std::optional<Id>(3));
    CHECK(route(request("tree_pruning", "¿Poda? Urgente."), rules).rule_id == std::optional<Id>(3));
    CHECK(route(request("tree_pruning", "solicitud de poda, gracias"), rules).rule_id == std::optional<Id>(3));
    CHECK(route(request("tree_pruning", "poda-rebaje"), rules).rule_id == std::optional<Id>(3));
    CHECK_FALSE(route(request("tree_pruning", "Se nos rompió la podadora"), rules).department_id);
    CHECK_FALSE(route(request("tree_pruning", "repoda"), rules).department_id);

    SECTION("a keyword of several words must appear as consecutive words") {
        const std::vector<RoutingRule> r = {rule(8, 1, "street_light", kObras, {}, {"luminaria apagada"})};
        CHECK(route(request("street_light", "La luminaria  apagada del acceso norte"), r).rule_id ==
              std::optional<Id>(8));
        CHECK_FALSE(route(request("street_light", "Apagada la luminaria"), r).department_id);
    }
    SECTION("blank keywords are no condition") {
        const std::vector<RoutingRule> r = {rule(9, 1, "tree_pruning", kAseoOrnato, {}, {" ", ""})};
        CHECK(route(request("tree_pruning", "lo que sea"), r).rule_id == std::optional<Id>(9));
    }
}

TEST_CASE("No matching rule sends the request to triage with an explanation", "[routing]") {
    const std::vector<RoutingRule> rules = {rule(1, 1, "tree_pruning", kAseoOrnato),
                                            rule(2, 2, "speed_bump", kTransito, "Gulmué")};
    const auto d = route(request("speed_bump", "Lomo de toro frente a la planta", "Centro"), rules);
    CHECK_FALSE(d.department_id);
    CHECK_FALSE(d.rule_id);
    CHECK(d.explanation == "no rule matched category speed_bump: triage");

    const auto no_category = route(request("", "algo"), rules);
    CHECK_FALSE(no_category.department_id);
    CHECK(contains(no_category.explanation, "triage"));
}

TEST_CASE("An empty rule list sends everything to triage", "[routing]") {
    const auto d = route(request("public_works", "Bache en la calle"), {});
    CHECK_FALSE(d.department_id);
    CHECK_FALSE(d.rule_id);
    CHECK(contains(d.explanation, "no rule matched"));
    CHECK(contains(d.explanation, "triage"));
}

TEST_CASE("An active rule without a department is refused", "[routing]") {
    const std::vector<RoutingRule> rules = {rule(6, 1, "public_works", 0)};
    const auto e = capture<ValidationError>([&] { route(request("public_works"), rules); });
    CHECK(e.field() == "department_id");
    CHECK(contains(e.what(), "rule 6"));
}

TEST_CASE("Routing is deterministic", "[routing]") {
    std::vector<RoutingRule> rules = {
        rule(5, 3, "tree_pruning", kMedioAmbiente), rule(2, 1, "tree_pruning", kAseoOrnato, "Gulmué", {"poda"}),
        rule(7, 1, "tree_pruning", kObras, "gulmue", {"árbol"}), rule(1, 2, "tree_pruning", kSeguridad)};
    const auto in = request("tree_pruning", "Poda de un árbol", "GULMUÉ");
    const auto first = route(in, rules);
    CHECK(first.rule_id == std::optional<Id>(2));
    for (int i = 0; i < 5; ++i) {
        std::rotate(rules.begin(), rules.begin() + 1, rules.end());
        const auto again = route(in, rules);
        CHECK(again.rule_id == first.rule_id);
        CHECK(again.department_id == first.department_id);
        CHECK(again.explanation == first.explanation);
    }
}
