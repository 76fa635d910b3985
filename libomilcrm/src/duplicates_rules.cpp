// The duplicate employers' rules: normalised names and addresses, the pair score and the index
// of blocking keys.
#include "duplicates_rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

#include "text.hpp"

namespace omilcrm::detail {

namespace {

// The length of the UTF-8 sequence that `lead` starts.
std::size_t sequence_length(unsigned char lead) noexcept {
    if (lead >= 0xF0 && lead <= 0xF7) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

// Folded words: letters and digits kept (accents folded), dots and apostrophes ignored (so
// "S.P.A." is "spa" and "O'Higgins" "ohiggins"), anything else separates words.
std::vector<std::string> folded_words(std::string_view s) {
    std::vector<std::string> words;
    std::string word;
    const auto flush = [&] {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                word.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
            else if (c != '.' && c != '\'') flush();
            ++i;
            continue;
        }
        const std::size_t n = std::min(sequence_length(c), s.size() - i);
        const std::string_view seq = s.substr(i, n);
        i += n;
        // Combining accents (U+0300-U+036F), the acute accent and the right quote as apostrophe.
        if (c == 0xCC || c == 0xCD || seq == "\xC2\xB4" || seq == "\xE2\x80\x99") continue;
        const std::string folded = fold_text(seq);
        if (folded.empty()) flush();
        else word += folded;
    }
    flush();
    return words;
}

// Company types, as their folded words run together; dropped from the end of a name.
const std::unordered_set<std::string>& company_suffixes() {
    static const std::unordered_set<std::string> s{
        "spa",
        "sa",
        "sac",
        "saa",
        "ltda",
        "ltd",
        "limitada",
        "eirl",
        "srl",
        "cia",
        "ycia",
        "cialtda",
        "sociedadanonima",
        "sociedadanonimacerrada",
        "sociedadanonimaabierta",
        "sociedadlimitada",
        "sociedadporacciones",
        "sociedadderesponsabilidadlimitada",
        "deresponsabilidadlimitada",
        "responsabilidadlimitada",
        "empresaindividualderesponsabilidadlimitada",
        "yciasa",
        "yciaspa",
        "inc",
    };
    return s;
}

bool is_joining_word(std::string_view w) {
    static constexpr auto words = std::to_array<std::string_view>({"de", "del", "la", "las", "el", "los", "y", "e"});
    return std::find(words.begin(), words.end(), w) != words.end();
}

std::string joined(const std::vector<std::string>& words, std::string_view sep) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += sep;
        out += w;
    }
    return out;
}

// Letter pairs of `s`, sorted (a multiset).
std::vector<std::uint16_t> bigrams(std::string_view s) {
    std::vector<std::uint16_t> out;
    if (s.size() < 2) return out;
    out.reserve(s.size() - 1);
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
        out.push_back(
            static_cast<std::uint16_t>((static_cast<unsigned char>(s[i]) << 8) | static_cast<unsigned char>(s[i + 1])));
    std::sort(out.begin(), out.end());
    return out;
}

double dice(const std::vector<std::uint16_t>& a, const std::vector<std::uint16_t>& b) {
    if (a.empty() || b.empty()) return 0;
    std::size_t common = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] == b[j]) ++common, ++i, ++j;
        else if (a[i] < b[j]) ++i;
        else ++j;
    }
    return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

std::vector<std::string> words_of(std::string_view normalized) {
    std::vector<std::string> out;
    for_each_item(
        normalized, [&](std::string_view w) { out.emplace_back(w); }, ' ');
    return out;
}

// Every word of the shorter name in the longer one, when the shorter says enough (one word of
// six letters or more, or two words or more).
bool contained(const std::vector<std::string>& shorter, const std::vector<std::string>& longer) {
    if (shorter.empty() || shorter.size() > longer.size()) return false;
    if (shorter.size() == 1 && shorter[0].size() < 6) return false;
    return std::all_of(shorter.begin(), shorter.end(),
                       [&](const auto& w) { return std::find(longer.begin(), longer.end(), w) != longer.end(); });
}

// Whether `a` becomes `b` with one typo: a letter changed, added, dropped, or two neighbours swapped.
bool one_typo_apart(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1 || a == b) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (a.size() < b.size()) return a.substr(i) == b.substr(i + 1);
    if (a.substr(i + 1) == b.substr(i + 1)) return true;
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);
}

// Dice of the letter pairs of the words one name has and the other lacks (run together), so that
// a word both have ("transportes") does not make two companies alike; 1 for the same words in
// another order or spacing; at least kSimilarNames when one name's words are all in the other.
double words_similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::string only_a, only_b;
    for (const auto& w : a)
        if (std::find(b.begin(), b.end(), w) == b.end()) only_a += w;
    for (const auto& w : b)
        if (std::find(a.begin(), a.end(), w) == a.end()) only_b += w;
    double s = only_a == only_b ? 1.0 : dice(bigrams(only_a), bigrams(only_b));
    // Short words have few letter pairs: one typo in "perez" leaves 0.75 of them.
    if (std::min(only_a.size(), only_b.size()) >= 4 && one_typo_apart(only_a, only_b)) s = std::max(s, 0.85);
    if (contained(a, b) || contained(b, a)) s = std::max(s, kSimilarNames);
    return s;
}

// An employer as the rules compare it: computed once per employer.
struct Prepared {
    Id id = 0;
    std::optional<std::uint32_t> rut_body{};
    std::vector<std::string> names{};  // normalised legal and trade names, distinct, non-empty
    std::vector<std::vector<std::string>> words{};
    std::string address{};
    std::vector<std::string> phones{}, emails{};  // sorted, distinct
};

std::vector<std::string> sorted_distinct(std::vector<std::string> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](const auto& s) { return s.empty(); }), v.end());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

Prepared prepare(const DuplicateProfile& p) {
    Prepared out;
    out.id = p.id;
    out.rut_body = p.rut_body;
    for (const auto* name : {&p.legal_name, &p.trade_name}) {
        std::string n = normalize_company_name(*name);
        if (n.empty() || std::find(out.names.begin(), out.names.end(), n) != out.names.end()) continue;
        out.words.push_back(words_of(n));
        out.names.push_back(std::move(n));
    }
    out.address = address_key(p.address);
    out.phones = sorted_distinct(p.phones);
    out.emails = sorted_distinct(p.emails);
    return out;
}

bool share(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] == b[j]) return true;
        if (a[i] < b[j]) ++i;
        else ++j;
    }
    return false;
}

PairScore score(const Prepared& a, const Prepared& b) {
    PairScore out;
    double keep = 1;  // the probability that none of the reasons means the same company
    const auto reason = [&](DuplicateReason r, double weight) {
        out.reasons.push_back(r);
        keep *= 1 - weight;
    };
    if (a.rut_body && b.rut_body && *a.rut_body == *b.rut_body) reason(DuplicateReason::SameRut, 0.95);
    bool same_name = false;
    double alike = 0;
    for (std::size_t i = 0; i < a.names.size(); ++i)
        for (std::size_t j = 0; j < b.names.size(); ++j) {
            if (a.names[i] == b.names[j]) {
                same_name = true;
                continue;
            }
            alike = std::max(alike, words_similarity(a.words[i], b.words[j]));
        }
    if (same_name) reason(DuplicateReason::SameName, 0.85);
    else if (alike >= kSimilarNames) reason(DuplicateReason::SimilarName, 0.5 + (alike - kSimilarNames) * 1.5);
    if (!a.address.empty() && a.address == b.address) reason(DuplicateReason::SameAddress, 0.4);
    if (share(a.phones, b.phones)) reason(DuplicateReason::SamePhone, 0.6);
    if (share(a.emails, b.emails)) reason(DuplicateReason::SameEmail, 0.7);
    if (out.reasons.empty()) return out;
    out.score = 1 - keep;
    if (a.rut_body && b.rut_body && *a.rut_body != *b.rut_body) out.score *= 0.8;
    out.score = std::round(out.score * 1000) / 1000;
    std::sort(out.reasons.begin(), out.reasons.end());
    return out;
}

void best_first(std::vector<DuplicateCandidate>& v) {
    std::sort(v.begin(), v.end(), [](const auto& x, const auto& y) {
        if (x.score != y.score) return x.score > y.score;
        if (x.employer_id != y.employer_id) return x.employer_id < y.employer_id;
        return x.other_id < y.other_id;
    });
}

}  // namespace

std::vector<std::string> company_name_words(std::string_view name) {
    std::vector<std::string> words = folded_words(name);
    const auto& suffixes = company_suffixes();
    for (bool dropped = true; dropped && words.size() > 1;) {
        dropped = false;
        for (std::size_t k = std::min<std::size_t>(6, words.size() - 1); k >= 1; --k) {
            std::string tail;
            for (std::size_t i = words.size() - k; i < words.size(); ++i) tail += words[i];
            if (suffixes.contains(tail)) {
                words.resize(words.size() - k);
                dropped = true;
                break;
            }
        }
    }
    if (words.size() > 1 && words.front() == "sociedad") words.erase(words.begin());
    std::vector<std::string> kept;
    for (auto& w : words)
        if (!is_joining_word(w)) kept.push_back(std::move(w));
    return kept.empty() ? words : kept;
}

std::string normalize_company_name(std::string_view name) { return joined(company_name_words(name), " "); }

std::string address_key(std::string_view address) {
    std::string out;
    for (const auto& w : folded_words(address)) {
        if (w == "n" || w == "no" || w == "nro" || w == "num" || w == "numero") continue;
        out += (w == "av" || w == "avda") ? std::string("avenida") : w;
    }
    return out;
}

double name_similarity(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) return 0;
    if (a == b) return 1;
    return words_similarity(words_of(a), words_of(b));
}

PairScore score_pair(const DuplicateProfile& a, const DuplicateProfile& b) { return score(prepare(a), prepare(b)); }

std::vector<std::string> DuplicateIndex::keys_of(const DuplicateProfile& p) const {
    std::vector<std::string> keys;
    if (p.rut_body) keys.push_back("r" + std::to_string(*p.rut_body));
    for (const auto* name : {&p.legal_name, &p.trade_name}) {
        const auto words = company_name_words(*name);
        if (words.empty()) continue;
        keys.push_back("n" + joined(words, ""));
        for (const auto& w : words) {
            if (w.size() < 3) continue;
            keys.push_back("w" + w);
            if (w.size() >= 6) keys.push_back("b" + w.substr(0, 4));  // a typo further on
        }
    }
    for (const auto& phone : p.phones)
        if (!phone.empty()) keys.push_back("p" + phone);
    for (const auto& email : p.emails)
        if (!email.empty()) keys.push_back("e" + email);
    if (auto a = address_key(p.address); a.size() >= 6) keys.push_back("a" + a);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

void DuplicateIndex::add(const DuplicateProfile& p) {
    const auto at = static_cast<std::uint32_t>(items_.size());
    items_.push_back(p);
    for (auto& key : keys_of(p)) blocks_[std::move(key)].push_back(at);
}

std::vector<DuplicateCandidate> DuplicateIndex::pairs(double min_score) const {
    std::unordered_set<std::uint64_t> seen;
    for (const auto& [key, members] : blocks_) {
        if (members.size() < 2 || members.size() > block_limit_) continue;
        for (std::size_t i = 0; i < members.size(); ++i)
            for (std::size_t j = i + 1; j < members.size(); ++j)
                seen.insert((static_cast<std::uint64_t>(members[i]) << 32) | members[j]);
    }
    std::vector<Prepared> prepared(items_.size());
    std::vector<bool> ready(items_.size(), false);
    const auto get = [&](std::uint32_t i) -> const Prepared& {
        if (!ready[i]) prepared[i] = prepare(items_[i]), ready[i] = true;
        return prepared[i];
    };
    std::vector<DuplicateCandidate> out;
    for (const auto pair : seen) {
        const auto i = static_cast<std::uint32_t>(pair >> 32), j = static_cast<std::uint32_t>(pair & 0xFFFFFFFFu);
        auto s = score(get(i), get(j));
        if (s.reasons.empty() || s.score < min_score) continue;
        const Id x = items_[i].id, y = items_[j].id;
        out.push_back({.employer_id = std::min(x, y),
                       .other_id = std::max(x, y),
                       .score = s.score,
                       .reasons = std::move(s.reasons)});
    }
    best_first(out);
    return out;
}

std::vector<DuplicateCandidate> DuplicateIndex::matches(const DuplicateProfile& p, double min_score) const {
    std::unordered_set<std::uint32_t> seen;
    for (const auto& key : keys_of(p)) {
        const auto it = blocks_.find(key);
        // The employer itself, when added, is one of the block's members.
        if (it == blocks_.end() || it->second.size() > block_limit_ + 1) continue;
        for (const auto m : it->second)
            if (p.id == 0 || items_[m].id != p.id) seen.insert(m);
    }
    const Prepared me = prepare(p);
    std::vector<DuplicateCandidate> out;
    for (const auto m : seen) {
        auto s = score(me, prepare(items_[m]));
        if (s.reasons.empty() || s.score < min_score) continue;
        out.push_back(
            {.employer_id = p.id, .other_id = items_[m].id, .score = s.score, .reasons = std::move(s.reasons)});
    }
    best_first(out);
    return out;
}

std::vector<DuplicateCandidate> find_duplicates(const std::vector<DuplicateProfile>& employers, double min_score) {
    DuplicateIndex index;
    for (const auto& e : employers) index.add(e);
    return index.pairs(min_score);
}

}  // namespace omilcrm::detail
