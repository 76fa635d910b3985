#pragma once
// Matching seekers and vacancies: a pure, deterministic engine (no storage, no clock). Each pair
// gets a score in [0, 1], the weighted mean of per-factor scores, each with a sentence saying why.
//
// Factors (each 0..1):
//   occupation   best nearness of the seeker's experience to the vacancy's ISCO-08 code:
//                same unit group 1, same minor group 0.75, sub-major 0.5, major 0.25, else 0
//   experience   months in occupations of the same minor group (or closer) over the months asked
//                (capped at 1; 1 when none are asked)
//   skills       share of the vacancy's skills the seeker has (1 when none are asked)
//   licences     share of the vacancy's driving licences the seeker holds (1 when none are asked)
//   distance     same commune 1, same province 0.6, same region 0.3, else 0 (territorial steps:
//                the shipped territory data has no coordinates)
//   availability half for the shift (the seeker lists it, lists none or lists "flexible", or the
//                vacancy is flexible), half for the date (available on or before the vacancy starts)
//   education    1 when the seeker's level reaches the one asked, else 0
// Ranking: higher score first, then lower id. Scores are compared after rounding to 1e-9, so the
// order does not depend on floating-point noise.
// Codes need not exist: ISCO-08 nearness counts the leading digits two codes share, and communes
// are compared by their CUT digits (an empty or non-numeric commune is "otherwise"). Skills and
// licences are compared as given, so pass them normalised (normalize_skills, normalize_licences);
// a vacancy's repeated skills count once.
// The Matching repository, at the end, ranks an office's stored seekers and vacancies with it.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/labour.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm::matching {

struct Experience {
    std::string occupation{};  ///< ISCO-08 code (any level)
    int months = 0;
};

/// What a vacancy asks for.
struct Opening {
    Id id = 0;
    std::string occupation{};  ///< ISCO-08 unit group
    std::string commune{};     ///< CUT code
    EducationLevel education = EducationLevel::None;
    int experience_months = 0;
    std::vector<std::string> skills{};    ///< normalised (normalize_skills)
    std::vector<std::string> licences{};  ///< normalised (normalize_licences)
    Shift shift = Shift::Flexible;
    Date starts{};  ///< when the person is needed
};

/// What a seeker offers.
struct Profile {
    Id id = 0;
    std::string commune{};
    EducationLevel education = EducationLevel::None;
    std::vector<Experience> experience{};
    std::vector<std::string> skills{};
    std::vector<std::string> licences{};
    std::vector<Shift> shifts{};           ///< empty = any shift
    std::optional<Date> available_from{};  ///< empty = available now
};

/// Relative weights; they need not add up to 1 (the score divides by their sum). Negative weights
/// or an all-zero set are refused with ValidationError.
struct Weights {
    double occupation = 0.35;
    double experience = 0.10;
    double skills = 0.15;
    double licences = 0.10;
    double distance = 0.15;
    double availability = 0.10;
    double education = 0.05;
    void validate() const;
};

struct Factor {
    std::string name{};  ///< "occupation", "experience", "skills", "licences", "distance", "availability", "education"
    double score = 0;    ///< 0..1
    double weight = 0;
    std::string explanation{};
};

struct Match {
    Id seeker_id = 0;
    Id vacancy_id = 0;
    double score = 0;  ///< weighted mean of the factors, 0..1
    std::vector<Factor> factors{};
};

/// 0 same commune, 1 same province, 2 same region, 3 otherwise (CUT codes).
int territorial_steps(std::string_view commune_a, std::string_view commune_b) noexcept;

/// Scores one pair, with every factor explained.
Match explain(const Opening& vacancy, const Profile& seeker, const Weights& w = {});

/// Seekers prepared once (codes and tags interned) so that ranking many of them is fast: the top
/// 20 of 100,000 takes a few milliseconds. Copies share the prepared data.
class SeekerPool {
public:
    SeekerPool();
    explicit SeekerPool(std::vector<Profile> seekers);
    std::size_t size() const noexcept;
    /// The seeker with this id; nullptr when the pool has none.
    const Profile* find(Id seeker_id) const noexcept;
    /// The best `n` seekers for the vacancy, best first, explained.
    std::vector<Match> top(const Opening& vacancy, std::size_t n, const Weights& w = {}) const;

private:
    struct Data;
    std::shared_ptr<const Data> d_;
};

/// The best `n` seekers for a vacancy (builds a pool; keep a SeekerPool to rank repeatedly).
std::vector<Match> rank_seekers(const Opening& vacancy, std::span<const Profile> seekers, std::size_t n,
                                const Weights& w = {});
/// The best `n` vacancies for a seeker, best first, explained.
std::vector<Match> rank_vacancies(const Profile& seeker, std::span<const Opening> vacancies, std::size_t n,
                                  const Weights& w = {});

}  // namespace omilcrm::matching

namespace omilcrm {

template <>
struct RecordFields<matching::Experience> {
    static constexpr auto fields = std::make_tuple(field("occupation", &matching::Experience::occupation),
                                                   field("months", &matching::Experience::months));
};
/// The keys of explain_match's and rank_seekers' vacancy in Python.
template <>
struct RecordFields<matching::Opening> {
    static constexpr auto fields = std::make_tuple(
        field("id", &matching::Opening::id), field("occupation", &matching::Opening::occupation),
        field("commune", &matching::Opening::commune), field("education", &matching::Opening::education),
        field("experience_months", &matching::Opening::experience_months), field("skills", &matching::Opening::skills),
        field("licences", &matching::Opening::licences), field("shift", &matching::Opening::shift),
        field("starts", &matching::Opening::starts));
};
/// The keys of explain_match's and rank_seekers' seekers in Python.
template <>
struct RecordFields<matching::Profile> {
    static constexpr auto fields = std::make_tuple(
        field("id", &matching::Profile::id), field("commune", &matching::Profile::commune),
        field("education", &matching::Profile::education), field("experience", &matching::Profile::experience),
        field("skills", &matching::Profile::skills), field("licences", &matching::Profile::licences),
        field("shifts", &matching::Profile::shifts), field("available_from", &matching::Profile::available_from));
};
/// The factors' names, as `weights={...}` takes them in Python.
template <>
struct RecordFields<matching::Weights> {
    static constexpr auto fields = std::make_tuple(
        field("occupation", &matching::Weights::occupation), field("experience", &matching::Weights::experience),
        field("skills", &matching::Weights::skills), field("licences", &matching::Weights::licences),
        field("distance", &matching::Weights::distance), field("availability", &matching::Weights::availability),
        field("education", &matching::Weights::education));
};
template <>
struct RecordFields<matching::Factor> {
    static constexpr auto fields = std::make_tuple(
        field("name", &matching::Factor::name), field("score", &matching::Factor::score),
        field("weight", &matching::Factor::weight), field("explanation", &matching::Factor::explanation));
};
template <>
struct RecordFields<matching::Match> {
    static constexpr auto fields = std::make_tuple(
        field("seeker_id", &matching::Match::seeker_id), field("vacancy_id", &matching::Match::vacancy_id),
        field("score", &matching::Match::score), field("factors", &matching::Match::factors));
};

/// A ranked match with the records it refers to (what Matching returns).
using Match = matching::Match;

namespace detail {
struct SeekerPools;
}  // namespace detail

/// Matching over the stored seekers and vacancies (the pure engine is omilcrm::matching, above).
/// The office's seekers are prepared once and reused until a seeker changes.
class Matching : public Repository {
public:
    using Repository::Repository;
    /// The best `n` active seekers with consent for intermediation, not yet referred to it nor
    /// placed in it. Conflict for a vacancy that is not open (or partially filled) today.
    std::vector<Match> seekers_for(Id vacancy_id, std::size_t n = 20, const matching::Weights& w = {}) const;
    /// The best `n` vacancies open today for a seeker (those already referred to or placed in are
    /// left out). Conflict for a withdrawn seeker or one without consent for intermediation.
    std::vector<Match> vacancies_for(Id seeker_id, std::size_t n = 20, const matching::Weights& w = {}) const;
    /// Matches as rows: ids, score, one score and one explanation column per factor.
    static Table table(const std::vector<Match>& matches);

private:
    /// The offices' seekers prepared for ranking, each kept until a seeker changes.
    mutable std::shared_ptr<detail::SeekerPools> pools_;
};

}  // namespace omilcrm
