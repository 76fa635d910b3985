#pragma once
// The rules of duplicate employers that need no database: how company names and addresses are
// normalised, how alike two employers are (a score and its reasons), and the index that finds
// the likely pairs among thousands through shared keys instead of comparing every pair. Used by
// Duplicates and the employers import; tested without a database. Not public.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "omilcrm/duplicates.hpp"
#include "omilcrm/record.hpp"

namespace omilcrm::detail {

/// What the duplicate rules look at of an employer.
struct DuplicateProfile {
    Id id = 0;
    std::optional<std::uint32_t> rut_body{};  ///< nullopt when the RUT is unknown
    std::string legal_name{};
    std::string trade_name{};
    std::string address{};
    std::vector<std::string> phones{};  ///< its contacts' phones, normalised ("+56912345678")
    std::vector<std::string> emails{};  ///< its contacts' e-mails, lower case
};

/// The words of a company name: accents, case and punctuation folded ("S.P.A." is one word,
/// "spa"), Spanish company-type suffixes dropped (SpA, S.A., Ltda., Limitada, EIRL, SRL, y Cía.,
/// Sociedad Anónima, ... and a leading "Sociedad"), and the joining words (de, del, la, y, ...)
/// left out. A name that is only a suffix keeps it. "Logística Gulmué S.P.A." -> {"logistica",
/// "gulmue"}.
std::vector<std::string> company_name_words(std::string_view name);
/// The words joined by one space: "LOGISTICA GULMUE S.P.A." -> "logistica gulmue".
std::string normalize_company_name(std::string_view name);
/// An address as a comparable key: folded words, "av"/"avda" read as "avenida", "n°", "nro",
/// "número" dropped, joined without spaces: "Av. Borgoño N° 1234" -> "avenidaborgono1234".
std::string address_key(std::string_view address);
/// How alike two normalised names are, 0 to 1: the Dice coefficient of the letter pairs of the
/// words one has and the other lacks (so "transportes" in both counts for nothing: "transportes
/// perez" and "transportes peres" are alike, "transportes bakala" and "transportes dekala" not);
/// at least 0.85 when they differ by one typo (a letter changed, added, dropped or swapped with its
/// neighbour); 1 for the same words; at least 0.8 when every word of the shorter (one word of six letters or
/// more, or two words or more) is in the other.
double name_similarity(std::string_view a, std::string_view b);

/// Names at least this alike (and not equal) are a SimilarName reason.
inline constexpr double kSimilarNames = 0.8;

/// How likely two employers are the same company, and why: each reason weighs in (same RUT
/// 0.95, same name 0.85, same e-mail 0.7, same phone 0.6, names alike 0.5 to 0.8, same address
/// 0.4) and they combine as independent evidence (1 - product of 1 - w); two different known RUTs
/// take a fifth off. Reasons in the order of DuplicateReason; score 0 and no reasons for none.
struct PairScore {
    double score = 0;
    std::vector<DuplicateReason> reasons{};
};
PairScore score_pair(const DuplicateProfile& a, const DuplicateProfile& b);

/// Employers indexed by their blocking keys (RUT body, each normalised name, its rarer words,
/// word beginnings, phones, e-mails, address), so that the likely pairs are found by looking only
/// at employers that share a key. A key shared by more than `block_limit` employers (a common
/// word such as "transportes", an industrial park's address) finds no pairs by itself: the cost
/// stays near linear in the number of employers.
class DuplicateIndex {
public:
    explicit DuplicateIndex(std::size_t block_limit = 100) : block_limit_(block_limit) {}
    /// Adds an employer; its id is what candidates name.
    void add(const DuplicateProfile& p);
    std::size_t size() const noexcept { return items_.size(); }
    /// Every pair of added employers scoring at least `min_score`, best first (then by ids);
    /// employer_id is the lower id of the two.
    std::vector<DuplicateCandidate> pairs(double min_score) const;
    /// The added employers that `p` (not itself added, or added: it is skipped by id) likely
    /// duplicates, best first: employer_id is p.id, other_id the added one.
    std::vector<DuplicateCandidate> matches(const DuplicateProfile& p, double min_score) const;

private:
    std::vector<std::string> keys_of(const DuplicateProfile& p) const;
    std::size_t block_limit_;
    std::vector<DuplicateProfile> items_{};
    std::unordered_map<std::string, std::vector<std::uint32_t>> blocks_{};
};

/// The likely duplicate pairs among `employers` (DuplicateIndex::pairs).
std::vector<DuplicateCandidate> find_duplicates(const std::vector<DuplicateProfile>& employers, double min_score);

}  // namespace omilcrm::detail
