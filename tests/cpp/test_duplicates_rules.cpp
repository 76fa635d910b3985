// The duplicate employers' rules, without a database: company names and addresses normalised,
// the pair score and its reasons, and the blocking index on 20,000 employers.
#include "duplicates_rules.hpp"

#include <set>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace omilcrm;
using detail::DuplicateProfile;

namespace {

DuplicateProfile profile(Id id, std::string legal, std::string trade = "", std::optional<std::uint32_t> rut = {}) {
    return {.id = id, .rut_body = rut, .legal_name = std::move(legal), .trade_name = std::move(trade)};
}

}  // namespace

TEST_CASE("Duplicates rules: company names lose accents, case, punctuation and the company type",
          "[duplicates_rules]") {
    using detail::normalize_company_name;
    CHECK(normalize_company_name("Logística Gulmué SpA") == "logistica gulmue");
    CHECK(normalize_company_name("LOGISTICA GULMUE S.P.A.") == "logistica gulmue");
    CHECK(normalize_company_name("Logística Gulmué S. P. A.") == "logistica gulmue");
    CHECK(normalize_company_name("Envases del Pacífico S.A.") == "envases pacifico");
    CHECK(normalize_company_name("Envases del Pacifico Sociedad Anónima") == "envases pacifico");
    CHECK(normalize_company_name("Transportes Concón Ltda.") == "transportes concon");
    CHECK(normalize_company_name("TRANSPORTES CONCON LIMITADA") == "transportes concon");
    CHECK(normalize_company_name("Pérez y Cía. Ltda.") == "perez");
    CHECK(normalize_company_name("Pérez & Cía.") == "perez");
    CHECK(normalize_company_name("Servicios Olguín E.I.R.L.") == "servicios olguin");
    CHECK(normalize_company_name("Servicios Olguin EIRL") == "servicios olguin");
    CHECK(normalize_company_name("Comercial Ñuñoa SRL") == "comercial nunoa");
    CHECK(normalize_company_name("Sociedad Comercial O’Higgins Limitada") == "comercial ohiggins");
    CHECK(normalize_company_name("Agrícola Los Álamos SpA") == "agricola alamos");
    // Decomposed accents (NFD) fold as composed ones.
    CHECK(normalize_company_name("Logi\xCC\x81stica Gulmue\xCC\x81 SpA") == "logistica gulmue");
    // A name that is only a company type keeps it; blank stays blank.
    CHECK(normalize_company_name("S.A.") == "sa");
    CHECK(normalize_company_name("  ") == "");
}

TEST_CASE("Duplicates rules: addresses become one comparable key", "[duplicates_rules]") {
    using detail::address_key;
    CHECK(address_key("Av. Borgoño N° 1234, Concón") == "avenidaborgono1234concon");
    CHECK(address_key("AVENIDA BORGOÑO 1234 CONCON") == "avenidaborgono1234concon");
    CHECK(address_key("Avda Borgoño nro. 1234 - Concón") == "avenidaborgono1234concon");
    CHECK(address_key("") == "");
}

TEST_CASE("Duplicates rules: names alike by letter pairs or contained words", "[duplicates_rules]") {
    using detail::name_similarity;
    CHECK(name_similarity("logistica gulmue", "logistica gulmue") == 1.0);
    CHECK(name_similarity("logistica gulmue", "logistca gulmue") >= detail::kSimilarNames);
    CHECK(name_similarity("logistica gulmue", "logistica gul mue") >= 0.9);
    CHECK(name_similarity("acme", "logistica acme") < detail::kSimilarNames);  // six letters needed
    CHECK(name_similarity("gulmue", "logistica gulmue") == detail::kSimilarNames);
    // A word both have counts for nothing: the words that differ decide.
    CHECK(name_similarity("transportes perez", "transportes peres") >= detail::kSimilarNames);
    CHECK(name_similarity("transportes bakala", "transportes dekala") < detail::kSimilarNames);
    CHECK(name_similarity("transportes perez", "transportes preez") >= detail::kSimilarNames);  // swapped
    CHECK(name_similarity("transportes perez", "transportes pere") >= detail::kSimilarNames);   // dropped
    CHECK(name_similarity("transportes pez", "transportes paz") < detail::kSimilarNames);       // too short
    CHECK(name_similarity("gulmue logistica", "logistica gulmue") == 1.0);
    CHECK(name_similarity("envases pacifico", "transportes concon") < 0.3);
    CHECK(name_similarity("", "transportes") == 0);
}

TEST_CASE("Duplicates rules: the score and its reasons", "[duplicates_rules]") {
    using R = DuplicateReason;
    const auto logi = profile(1, "Logística Gulmué SpA", "", 76086428);

    SECTION("the same name under another spelling, without a RUT") {
        const auto s = detail::score_pair(logi, profile(2, "LOGISTICA GULMUE S.P.A."));
        CHECK(s.reasons == std::vector<R>{R::SameName});
        CHECK(s.score == Approx(0.85));
    }
    SECTION("the trade name of one is the legal name of the other") {
        const auto s = detail::score_pair(profile(1, "Inversiones Ruiz Ltda.", "Gulmué Express"),
                                          profile(2, "Gulmue Express SpA"));
        CHECK(s.reasons == std::vector<R>{R::SameName});
    }
    SECTION("the same RUT body") {
        const auto s = detail::score_pair(logi, profile(2, "Otra Razón Social", "", 76086428));
        CHECK(s.reasons == std::vector<R>{R::SameRut});
        CHECK(s.score == Approx(0.95));
    }
    SECTION("two different RUTs take a fifth off") {
        const auto s = detail::score_pair(logi, profile(2, "Logistica Gulmue Ltda", "", 77000111));
        CHECK(s.reasons == std::vector<R>{R::SameName});
        CHECK(s.score == Approx(0.68));
    }
    SECTION("a typo, the same address and a shared phone and e-mail add up") {
        auto a = logi, b = profile(2, "Logistca Gulmue");
        a.address = "Av. Borgoño 1234";
        b.address = "Avenida Borgoño N° 1234";
        a.phones = {"+56987654321", "+56322123456"};
        b.phones = {"+56322123456"};
        a.emails = {"rrhh@gulmue.cl"};
        b.emails = {"rrhh@gulmue.cl"};
        const auto s = detail::score_pair(a, b);
        CHECK(s.reasons == std::vector<R>{R::SimilarName, R::SameAddress, R::SamePhone, R::SameEmail});
        CHECK(s.score > 0.95);
        CHECK(s.score <= 1.0);
    }
    SECTION("only a shared phone is not enough between different RUTs") {
        auto a = logi, b = profile(2, "Envases del Pacífico S.A.", "", 96512340);
        a.phones = b.phones = {"+56322123456"};
        const auto s = detail::score_pair(a, b);
        CHECK(s.reasons == std::vector<R>{R::SamePhone});
        CHECK(s.score < Duplicates::default_min_score);
    }
    SECTION("unrelated employers score nothing") {
        const auto s = detail::score_pair(logi, profile(2, "Envases del Pacífico S.A."));
        CHECK(s.reasons.empty());
        CHECK(s.score == 0);
    }
}

TEST_CASE("Duplicates rules: the index finds pairs through shared keys only", "[duplicates_rules]") {
    detail::DuplicateIndex index(3);
    index.add(profile(1, "Logística Gulmué SpA"));
    index.add(profile(2, "LOGISTICA GULMUE S.P.A."));
    index.add(profile(3, "Envases del Pacífico S.A."));
    index.add(profile(4, "Envases Pacifico"));
    index.add(profile(5, "Transportes Concón Ltda."));
    const auto pairs = index.pairs(0.5);
    REQUIRE(pairs.size() == 2);
    CHECK((pairs[0].employer_id == 1 && pairs[0].other_id == 2));
    CHECK((pairs[1].employer_id == 3 && pairs[1].other_id == 4));

    const auto m = index.matches(profile(0, "Logistica Gulmue Limitada"), 0.5);
    REQUIRE(m.size() == 2);
    CHECK(m[0].employer_id == 0);
    CHECK(m[0].other_id == 1);
    CHECK(m[1].other_id == 2);
    // An employer in the index is not its own duplicate.
    CHECK(index.matches(profile(5, "Transportes Concón Ltda."), 0.5).empty());
}

TEST_CASE("Duplicates rules: a key shared by too many employers pairs none of them", "[duplicates_rules]") {
    // The same address for an industrial park's twelve companies: no pair from it alone.
    detail::DuplicateIndex index(10);
    for (Id i = 1; i <= 12; ++i) {
        auto p = profile(i, "Empresa " + std::to_string(i * 7919));
        p.address = "Parque Industrial Gulmué, Camino Concón 100";
        index.add(p);
    }
    CHECK(index.pairs(0.0).empty());
}

TEST_CASE("Duplicates rules: 20,000 employers, planted duplicates found", "[duplicates_rules][scale]") {
    // Names from a small vocabulary (so common words make big blocks), each with a unique
    // made-up surname; every 100th employer has a twin under another spelling.
    const std::vector<std::string> kinds{"Transportes", "Comercial", "Servicios",    "Constructora",  "Inversiones",
                                         "Agrícola",    "Logística", "Inmobiliaria", "Distribuidora", "Industrial"};
    const std::vector<std::string> suffixes{"SpA", "S.A.", "Ltda.", "Limitada", "EIRL", ""};
    const std::string letters = "bcdfgjklmnprstvz", vowels = "aeiou";
    const auto surname = [&](std::uint64_t n) {
        // splitmix64: made-up names spread over the 40 million the letters make, not neighbours.
        n += 0x9E3779B97F4A7C15ull;
        n = (n ^ (n >> 30)) * 0xBF58476D1CE4E5B9ull;
        n = (n ^ (n >> 27)) * 0x94D049BB133111EBull;
        n ^= n >> 31;
        std::string s;
        for (int k = 0; k < 4; ++k) {
            s += letters[n % letters.size()];
            n /= letters.size();
            s += vowels[n % vowels.size()];
            n /= vowels.size();
        }
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
        return s;
    };
    std::vector<DuplicateProfile> employers;
    std::vector<std::pair<Id, Id>> planted;
    Id next = 1;
    for (std::size_t i = 0; employers.size() < 20000; ++i) {
        const std::string name = kinds[i % kinds.size()] + " " + surname(i);
        auto p =
            profile(next++, name + " " + suffixes[i % suffixes.size()], "", static_cast<std::uint32_t>(5000000 + i));
        p.address = "Calle " + std::to_string(i % 500) + " " + std::to_string(i);
        p.phones = {"+5698" + std::to_string(1000000 + i)};
        employers.push_back(p);
        if (i % 100 == 0) {
            auto twin = profile(next++, name, "");  // no RUT, no company type, upper case
            for (auto& c : twin.legal_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            employers.push_back(twin);
            planted.emplace_back(p.id, twin.id);
        }
    }
    const auto pairs = detail::find_duplicates(employers, Duplicates::default_min_score);
    std::set<std::pair<Id, Id>> found;
    for (const auto& c : pairs) found.emplace(c.employer_id, c.other_id);
    CHECK(planted.size() > 150);
    for (const auto& p : planted) CHECK(found.contains(p));
    // Little beside them: different made-up names are not alike.
    CHECK(pairs.size() < planted.size() + 50);
}
