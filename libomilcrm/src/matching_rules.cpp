// The matching engine (omilcrm::matching in matching.hpp). Two paths compute the same numbers:
//  - the reference path (facts, explain) works on Opening and Profile directly;
//  - SeekerPool's fast path works on interned data (integer communes, packed ISCO codes, skill
//    and licence ids), reads the weighted terms from small per-vacancy tables and builds no
//    strings; only the winners are then explained.
// Every factor value is exact (0, 0.25, 0.5, ...) or one correctly rounded division of the same
// integers in both paths; the tables are filled by the very functions combine() uses, on the same
// values, and the file is compiled with -ffp-contract=off (libomilcrm/CMakeLists.txt) so that no
// multiply-add is fused in one path and not in the other. The scores are therefore bitwise
// identical (the tests check it on thousands of random pairs).
#include "omilcrm/matching.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "omilcrm/error.hpp"
#include "omilcrm/isco.hpp"
#include "text.hpp"

namespace omilcrm::matching {

namespace {

enum FactorIndex { kOccupation, kExperience, kSkills, kLicences, kDistance, kAvailability, kEducation, kFactors };
constexpr std::array<const char*, kFactors> kFactorNames = {"occupation", "experience",   "skills",   "licences",
                                                            "distance",   "availability", "education"};
using Values = std::array<double, kFactors>;

constexpr std::array<double, 5> kNearness = {0.0, 0.25, 0.5, 0.75, 1.0};  // by shared ISCO levels
constexpr std::array<double, 4> kCloseness = {1.0, 0.6, 0.3, 0.0};        // by territorial steps
constexpr std::int64_t kNoDate = std::numeric_limits<std::int64_t>::min();

Values weight_values(const Weights& w) noexcept {
    return {w.occupation, w.experience, w.skills, w.licences, w.distance, w.availability, w.education};
}

std::string number(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

// The weighted mean, always summed in this order (a balanced tree, so the fast path can take the
// subtrees from tables: see SeekerPool::top). This file is compiled with -ffp-contract=off, so no
// call site fuses a multiply and an add differently from another, and equal inputs give equal bits.
double weight_sum(const Values& w) noexcept { return ((w[0] + w[1]) + (w[2] + w[3])) + ((w[4] + w[5]) + w[6]); }
double head_term(double w0, double occupation, double w1, double experience) noexcept {
    return w0 * occupation + w1 * experience;
}
double tags_term(double w2, double skills, double w3, double licences) noexcept { return w2 * skills + w3 * licences; }
double rest_term(double w4, double distance, double w5, double availability, double w6, double education) noexcept {
    return (w4 * distance + w5 * availability) + w6 * education;
}
double combine(const Values& f, const Values& w) noexcept {
    const double num = (head_term(w[0], f[0], w[1], f[1]) + tags_term(w[2], f[2], w[3], f[3])) +
                       rest_term(w[4], f[4], w[5], f[5], w[6], f[6]);
    return num / weight_sum(w);
}

// Scores are ranked after rounding to 1e-9: std::llround(score * 1e9), computed without a library
// call for the usual range (scores are in [0, 1]).
std::int64_t rank_key(double score) noexcept {
    const double x = score * 1e9;
    if (!(x >= 0 && x < 4e15)) return std::llround(x);
    const auto t = static_cast<std::int64_t>(x);             // truncation, exact below 2^52
    return t + (x - static_cast<double>(t) >= 0.5 ? 1 : 0);  // halves away from zero, as llround
}

double share(std::size_t have, std::size_t asked) noexcept {
    return asked == 0 ? 1.0 : static_cast<double>(have) / static_cast<double>(asked);
}

double experience_share(std::int64_t months, int asked) noexcept {
    return asked <= 0 ? 1.0 : std::min(1.0, static_cast<double>(months) / static_cast<double>(asked));
}

double availability_value(bool shift_ok, bool date_ok) noexcept {
    return (shift_ok ? 0.5 : 0.0) + (date_ok ? 0.5 : 0.0);
}

// A CUT commune code as an integer (5 digits, or 4 when the leading zero was dropped); -1 if it
// is not one. Region = code / 1000, province = code / 100.
int commune_number(std::string_view code) noexcept {
    code = detail::trim(code);
    if (code.size() != 5 && code.size() != 4) return -1;
    int n = 0;
    for (char c : code) {
        if (c < '0' || c > '9') return -1;
        n = n * 10 + (c - '0');
    }
    return n;
}

int steps_between(int a, int b) noexcept {
    if (a < 0 || b < 0) return 3;
    if (a == b) return 0;
    if (a / 100 == b / 100) return 1;
    if (a / 1000 == b / 1000) return 2;
    return 3;
}

// An ISCO code packed one digit per nibble, most significant level first, 0xF past its length
// ("933" -> 0x933F); shared levels are the leading equal nibbles, capped at both lengths.
struct PackedCode {
    std::uint16_t bits = 0xFFFF;
    std::uint8_t length = 0;
};

PackedCode pack(std::string_view code) noexcept {
    PackedCode p;
    unsigned bits = 0;
    int n = 0;
    for (; n < 4 && static_cast<std::size_t>(n) < code.size() && code[n] >= '0' && code[n] <= '9'; ++n)
        bits = (bits << 4) | static_cast<unsigned>(code[n] - '0');
    for (int k = n; k < 4; ++k) bits = (bits << 4) | 0xFu;
    p.bits = static_cast<std::uint16_t>(bits);
    p.length = static_cast<std::uint8_t>(n);
    return p;
}

int shared(PackedCode a, PackedCode b) noexcept {
    const auto x = static_cast<std::uint16_t>(a.bits ^ b.bits);
    const int equal = std::countl_zero(x) / 4;  // 4 when x == 0
    return std::min({equal, static_cast<int>(a.length), static_cast<int>(b.length)});
}

bool in(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

// The vacancy's skills (or licences) without repeats, in the order given.
std::vector<std::string> unique_in_order(const std::vector<std::string>& list) {
    std::vector<std::string> out;
    for (const auto& s : list)
        if (!in(out, s)) out.push_back(s);
    return out;
}

bool shift_ok(const Opening& v, const Profile& s) {
    return v.shift == Shift::Flexible || s.shifts.empty() ||
           std::find(s.shifts.begin(), s.shifts.end(), Shift::Flexible) != s.shifts.end() ||
           std::find(s.shifts.begin(), s.shifts.end(), v.shift) != s.shifts.end();
}

bool date_ok(const Opening& v, const Profile& s) { return !s.available_from || *s.available_from <= v.starts; }

// What the reference path knows about a pair, before any sentence is written.
struct PairFacts {
    int best_levels = 0;
    std::size_t best_entry = 0;  // index in seeker.experience (meaningful when it has entries)
    std::int64_t months = 0;     // months in the vacancy's minor group or closer
    Values values{};
};

PairFacts facts(const Opening& v, const Profile& s) {
    PairFacts f;
    int best_months = -1;
    for (std::size_t i = 0; i < s.experience.size(); ++i) {
        const auto& e = s.experience[i];
        const int lv = isco::shared_levels(v.occupation, e.occupation);
        const int m = std::max(0, e.months);
        if (lv >= 3) f.months += m;
        if (lv > f.best_levels || (lv == f.best_levels && m > best_months)) {
            f.best_levels = lv;
            f.best_entry = i;
            best_months = m;
        }
    }
    std::size_t skills_have = 0, skills_asked = 0, lic_have = 0, lic_asked = 0;
    for (const auto& k : unique_in_order(v.skills)) {
        ++skills_asked;
        skills_have += in(s.skills, k);
    }
    for (const auto& l : unique_in_order(v.licences)) {
        ++lic_asked;
        lic_have += in(s.licences, l);
    }
    f.values[kOccupation] = kNearness[static_cast<std::size_t>(f.best_levels)];
    f.values[kExperience] = experience_share(f.months, v.experience_months);
    f.values[kSkills] = share(skills_have, skills_asked);
    f.values[kLicences] = share(lic_have, lic_asked);
    f.values[kDistance] = kCloseness[static_cast<std::size_t>(territorial_steps(v.commune, s.commune))];
    f.values[kAvailability] = availability_value(shift_ok(v, s), date_ok(v, s));
    f.values[kEducation] = s.education >= v.education ? 1.0 : 0.0;
    return f;
}

// "9333 (Freight handlers)", or the bare code when it is not an ISCO-08 group.
std::string labelled(std::string_view code) {
    std::string out(code);
    if (const Occupation* o = isco::find(code)) out += " (" + o->label + ")";
    return out;
}

constexpr std::array<const char*, 5> kLevelNames = {"", "major group", "sub-major group", "minor group", "unit group"};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) {
        if (!out.empty()) out += ", ";
        out += s;
    }
    return out;
}

std::string occupation_sentence(const Opening& v, const Profile& s, const PairFacts& f) {
    if (s.experience.empty()) return "no work experience recorded; asked " + labelled(v.occupation);
    const auto& best = s.experience[f.best_entry];
    if (f.best_levels == 4) return "same unit group " + labelled(v.occupation.substr(0, 4));
    if (f.best_levels > 0) {
        const auto group = v.occupation.substr(0, static_cast<std::size_t>(f.best_levels));
        // The group's label once: "experience in 93" when the experience is the group itself.
        const std::string had = best.occupation == group ? best.occupation : labelled(best.occupation);
        return std::string("same ") + kLevelNames[static_cast<std::size_t>(f.best_levels)] + " " + labelled(group) +
               ": experience in " + had + ", asked " + labelled(v.occupation);
    }
    std::vector<std::string> codes;
    for (const auto& e : s.experience) {
        if (codes.size() == 3) {
            codes.back() += ", ...";
            break;
        }
        codes.push_back(labelled(e.occupation));
    }
    return "no experience near " + labelled(v.occupation) + "; experience in " + join(codes);
}

std::string experience_sentence(const Opening& v, const PairFacts& f) {
    if (v.experience_months <= 0) return "no experience asked";
    const std::string asked = std::to_string(v.experience_months) + " asked";
    if (isco::shared_levels(v.occupation, v.occupation) < 3)
        return "0 months count: the vacancy's occupation \"" + v.occupation + "\" is not precise enough to compare; " +
               asked;
    const std::string months = std::to_string(f.months) + (f.months == 1 ? " month" : " months");
    return months + " in minor group " + labelled(v.occupation.substr(0, 3)) + " or closer; " + asked;
}

// "has 2 of 3 skills: first aid, forklift; missing: welding", "holds the licence asked: B".
std::string tags_sentence(const std::vector<std::string>& asked, const std::vector<std::string>& held, const char* one,
                          const char* many, const char* verb) {
    const auto wanted = unique_in_order(asked);
    if (wanted.empty()) return std::string("no ") + many + " asked";
    std::vector<std::string> have, missing;
    for (const auto& k : wanted) (in(held, k) ? have : missing).push_back(k);
    const std::string v(verb);
    if (missing.empty())
        return wanted.size() == 1 ? v + " the " + one + " asked: " + join(have)
                                  : v + " all " + std::to_string(wanted.size()) + " " + many + ": " + join(have);
    std::string out = v + " " + std::to_string(have.size()) + " of " + std::to_string(wanted.size()) + " " +
                      (wanted.size() == 1 ? one : many);
    if (!have.empty()) out += ": " + join(have);
    return out + "; missing: " + join(missing);
}

std::string distance_sentence(const Opening& v, const Profile& s) {
    const int a = commune_number(v.commune), b = commune_number(s.commune);
    if (a < 0 || b < 0) {
        const auto which =
            a < 0 ? "the vacancy's commune \"" + v.commune + "\"" : "the seeker's commune \"" + s.commune + "\"";
        return "cannot compare: " + which + " is not a CUT code";
    }
    char buf[96];
    switch (steps_between(a, b)) {
        case 0:
            std::snprintf(buf, sizeof buf, "same commune (%05d)", a);
            break;
        case 1:
            std::snprintf(buf, sizeof buf, "same province (%03d)", a / 100);
            break;
        case 2:
            std::snprintf(buf, sizeof buf, "same region (%02d)", a / 1000);
            break;
        default:
            std::snprintf(buf, sizeof buf, "different region (vacancy in %02d, seeker in %02d)", a / 1000, b / 1000);
    }
    return buf;
}

std::string availability_sentence(const Opening& v, const Profile& s) {
    const std::string shift(to_string(v.shift));
    std::string out;
    if (v.shift == Shift::Flexible) out = "flexible shift";
    else if (s.shifts.empty()) out = "any shift (none listed), " + shift + " shift asked";
    else if (std::find(s.shifts.begin(), s.shifts.end(), v.shift) != s.shifts.end()) out = "works " + shift + " shift";
    else if (std::find(s.shifts.begin(), s.shifts.end(), Shift::Flexible) != s.shifts.end())
        out = "flexible about shifts, " + shift + " shift asked";
    else {
        std::vector<std::string> listed;
        for (Shift sh : s.shifts) listed.emplace_back(to_string(sh));
        out = "does not work " + shift + " shift (works " + join(listed) + ")";
    }
    out += "; ";
    if (!s.available_from) out += "available now, needed " + v.starts.iso();
    else out += "available from " + s.available_from->iso() + ", needed " + v.starts.iso();
    if (s.available_from && *s.available_from > v.starts) out += " (too late)";
    return out;
}

std::string education_sentence(const Opening& v, const Profile& s) {
    if (v.education == EducationLevel::None) return "no education asked";
    const std::string has(to_string(s.education)), asked(to_string(v.education));
    return s.education >= v.education ? "has " + has + ", reaching the " + asked + " asked"
                                      : "has " + has + ", below the " + asked + " asked";
}

// Sorts by rank key (higher first), then id (lower first), then the position given.
struct Ranked {
    std::int64_t key;
    Id id;
    std::size_t index;
    double score;
};
bool better(const Ranked& a, const Ranked& b) noexcept {
    if (a.key != b.key) return a.key > b.key;
    if (a.id != b.id) return a.id < b.id;
    return a.index < b.index;
}

}  // namespace

void Weights::validate() const {
    const Values w = weight_values(*this);
    double sum = 0;
    for (int i = 0; i < kFactors; ++i) {
        const std::string field = std::string("weights.") + kFactorNames[i];
        if (!std::isfinite(w[i])) throw ValidationError(field, number(w[i]), "must be a finite number");
        if (w[i] < 0) throw ValidationError(field, number(w[i]), "must not be negative");
        sum += w[i];
    }
    if (!(sum > 0)) throw ValidationError("weights", "all 0", "at least one weight must be positive");
    // Scores are weighted means: each weight is divided by the sum, which must stay finite.
    if (!std::isfinite(weight_sum(w)))
        throw ValidationError("weights", number(weight_sum(w)), "their sum must be a finite number (scale them down)");
}

int territorial_steps(std::string_view commune_a, std::string_view commune_b) noexcept {
    return steps_between(commune_number(commune_a), commune_number(commune_b));
}

Match explain(const Opening& vacancy, const Profile& seeker, const Weights& w) {
    w.validate();
    const PairFacts f = facts(vacancy, seeker);
    const Values wv = weight_values(w);
    Match m;
    m.seeker_id = seeker.id;
    m.vacancy_id = vacancy.id;
    m.score = combine(f.values, wv);
    const std::array<std::string, kFactors> sentences = {
        occupation_sentence(vacancy, seeker, f),
        experience_sentence(vacancy, f),
        tags_sentence(vacancy.skills, seeker.skills, "skill", "skills", "has"),
        tags_sentence(vacancy.licences, seeker.licences, "licence", "licences", "holds"),
        distance_sentence(vacancy, seeker),
        availability_sentence(vacancy, seeker),
        education_sentence(vacancy, seeker),
    };
    m.factors.reserve(kFactors);
    for (int i = 0; i < kFactors; ++i) m.factors.push_back({kFactorNames[i], f.values[i], wv[i], sentences[i]});
    return m;
}

// ---------------------------------------------------------------------------------------------
// SeekerPool

struct SeekerPool::Data {
    struct Row {
        Id id = 0;
        std::int64_t available = kNoDate;  // days since epoch
        std::int32_t commune = -1;
        std::uint32_t exp_begin = 0, skill_begin = 0, lic_begin = 0;
        std::uint16_t exp_count = 0, skill_count = 0, lic_count = 0;
        std::uint8_t education = 0;
        std::uint8_t shifts = 0;  // bit per Shift; all bits when any shift will do
    };
    struct Exp {
        PackedCode code;
        std::int32_t months = 0;
    };

    std::vector<Profile> profiles;
    std::vector<Row> rows;
    std::vector<Exp> exps;
    std::vector<std::uint32_t> skills, licences;  // sorted ids per seeker, flat
    std::unordered_map<std::string, std::uint32_t> skill_ids, licence_ids;
    std::vector<std::pair<Id, std::uint32_t>> by_id;  // sorted, for find()

    static std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& ids, const std::string& s) {
        return ids.emplace(s, static_cast<std::uint32_t>(ids.size())).first->second;
    }

    explicit Data(std::vector<Profile> in) : profiles(std::move(in)) {
        rows.reserve(profiles.size());
        by_id.reserve(profiles.size());
        std::vector<std::uint32_t> tmp;
        auto add_tags = [&](const std::vector<std::string>& tags, std::unordered_map<std::string, std::uint32_t>& ids,
                            std::vector<std::uint32_t>& flat, std::uint32_t& begin, std::uint16_t& count) {
            tmp.clear();
            for (const auto& t : tags) tmp.push_back(intern(ids, t));
            std::sort(tmp.begin(), tmp.end());
            tmp.erase(std::unique(tmp.begin(), tmp.end()), tmp.end());
            if (tmp.size() > 0xFFFF) throw std::length_error("matching: too many skills or licences in one profile");
            begin = static_cast<std::uint32_t>(flat.size());
            count = static_cast<std::uint16_t>(tmp.size());
            flat.insert(flat.end(), tmp.begin(), tmp.end());
        };
        for (std::size_t i = 0; i < profiles.size(); ++i) {
            const Profile& p = profiles[i];
            Row r;
            r.id = p.id;
            r.available = p.available_from ? p.available_from->days() : kNoDate;
            r.commune = commune_number(p.commune);
            r.education = static_cast<std::uint8_t>(p.education);
            for (Shift s : p.shifts) r.shifts = static_cast<std::uint8_t>(r.shifts | (1u << static_cast<unsigned>(s)));
            if (p.shifts.empty() || (r.shifts & (1u << static_cast<unsigned>(Shift::Flexible)))) r.shifts = 0xFF;
            if (p.experience.size() > 0xFFFF) throw std::length_error("matching: too many experience entries");
            r.exp_begin = static_cast<std::uint32_t>(exps.size());
            r.exp_count = static_cast<std::uint16_t>(p.experience.size());
            for (const auto& e : p.experience) exps.push_back({pack(e.occupation), std::max(0, e.months)});
            add_tags(p.skills, skill_ids, skills, r.skill_begin, r.skill_count);
            add_tags(p.licences, licence_ids, licences, r.lic_begin, r.lic_count);
            rows.push_back(r);
            by_id.emplace_back(p.id, static_cast<std::uint32_t>(i));
        }
        std::sort(by_id.begin(), by_id.end());
    }
};

namespace {

// What the vacancy wants of a kind of tag, as a table over the pool's ids: 1 for the ids it asks
// for, so that a seeker's count is a sum of table entries (no branches). `asked` counts every
// distinct tag, including those no seeker in the pool has.
std::vector<std::uint8_t> wanted_table(const std::vector<std::string>& tags,
                                       const std::unordered_map<std::string, std::uint32_t>& ids, std::size_t& asked) {
    const auto wanted = unique_in_order(tags);
    asked = wanted.size();
    std::vector<std::uint8_t> table;
    for (const auto& t : wanted)
        if (auto it = ids.find(t); it != ids.end()) {
            if (table.empty()) table.assign(ids.size(), 0);
            table[it->second] = 1;
        }
    return table;  // empty when the vacancy asks for nothing the pool has
}

}  // namespace

SeekerPool::SeekerPool() : d_(std::make_shared<const Data>(std::vector<Profile>{})) {}
SeekerPool::SeekerPool(std::vector<Profile> seekers) : d_(std::make_shared<const Data>(std::move(seekers))) {}

std::size_t SeekerPool::size() const noexcept { return d_->profiles.size(); }

const Profile* SeekerPool::find(Id seeker_id) const noexcept {
    const auto& v = d_->by_id;
    auto it = std::lower_bound(v.begin(), v.end(), std::pair<Id, std::uint32_t>{seeker_id, 0});
    return it != v.end() && it->first == seeker_id ? &d_->profiles[it->second] : nullptr;
}

std::vector<Match> SeekerPool::top(const Opening& vacancy, std::size_t n, const Weights& w) const {
    w.validate();
    const Data& d = *d_;
    if (n == 0 || d.rows.empty()) return {};
    n = std::min(n, d.rows.size());

    // The vacancy, interned once. The score is combine()'s balanced sum
    //   ((head + tags) + rest) / weight_sum
    // whose three terms are read from tables filled by head_term, tags_term and rest_term with the
    // reference factor values (share, experience_share, availability_value, ...): the same
    // operations on the same numbers as explain(), so the same bits, and no division per seeker
    // but the last one.
    const Values wv = weight_values(w);
    const double den = weight_sum(wv);
    const PackedCode vcode = pack(vacancy.occupation);
    const int vcommune = commune_number(vacancy.commune);
    std::size_t skills_asked = 0, lic_asked = 0;
    const auto want_skill = wanted_table(vacancy.skills, d.skill_ids, skills_asked);
    const auto want_lic = wanted_table(vacancy.licences, d.licence_ids, lic_asked);
    const auto vshift =
        static_cast<std::uint8_t>(vacancy.shift == Shift::Flexible ? 0xFF : 1u << static_cast<unsigned>(vacancy.shift));
    const std::int64_t starts = vacancy.starts.days();
    const auto veducation = static_cast<std::uint8_t>(vacancy.education);
    const int vmonths = vacancy.experience_months;

    // head = occupation and experience. Experience is 1 from vmonths on (experience_share caps it),
    // so a table indexed by months up to vmonths covers it; very long asks are computed directly.
    constexpr int kMonthTable = 1024;
    const int month_slots = vmonths > 0 && vmonths <= kMonthTable ? vmonths + 1 : 1;
    std::vector<double> head(5 * static_cast<std::size_t>(month_slots));
    for (int lv = 0; lv <= 4; ++lv)
        for (int m = 0; m < month_slots; ++m)
            head[static_cast<std::size_t>(lv * month_slots + m)] =
                head_term(wv[kOccupation], kNearness[static_cast<std::size_t>(lv)], wv[kExperience],
                          experience_share(month_slots == 1 ? vmonths : m, vmonths));
    auto head_value = [&](int lv, std::int64_t months) {
        if (vmonths <= 0 || months >= vmonths)
            return head[static_cast<std::size_t>(lv * month_slots + (month_slots == 1 ? 0 : vmonths))];
        if (month_slots > 1) return head[static_cast<std::size_t>(lv * month_slots) + static_cast<std::size_t>(months)];
        return head_term(wv[kOccupation], kNearness[static_cast<std::size_t>(lv)], wv[kExperience],
                         experience_share(months, vmonths));
    };
    // tags = skills and licences, by how many of each the seeker has.
    const std::size_t lic_slots = lic_asked + 1;
    std::vector<double> tags((skills_asked + 1) * lic_slots);
    for (std::size_t a = 0; a <= skills_asked; ++a)
        for (std::size_t b = 0; b <= lic_asked; ++b)
            tags[a * lic_slots + b] =
                tags_term(wv[kSkills], share(a, skills_asked), wv[kLicences], share(b, lic_asked));
    // rest = distance, availability and education: 4 x 2 x 2 x 2 cases.
    std::array<double, 32> rest{};
    for (int st = 0; st < 4; ++st)
        for (int sh = 0; sh < 2; ++sh)
            for (int dt = 0; dt < 2; ++dt)
                for (int ed = 0; ed < 2; ++ed)
                    rest[static_cast<std::size_t>(st * 8 + sh * 4 + dt * 2 + ed)] =
                        rest_term(wv[kDistance], kCloseness[static_cast<std::size_t>(st)], wv[kAvailability],
                                  availability_value(sh != 0, dt != 0), wv[kEducation], ed ? 1.0 : 0.0);
    const std::uint32_t* skills = d.skills.data();
    const std::uint32_t* lics = d.licences.data();

    // Keep the best n in a heap whose top is the worst kept.
    std::vector<Ranked> heap;
    heap.reserve(n + 1);
    double floor_num = -1;  // numerators below this cannot enter the heap
    for (std::size_t i = 0; i < d.rows.size(); ++i) {
        const auto& r = d.rows[i];
        int best = 0;
        std::int64_t months = 0;
        for (std::uint32_t k = r.exp_begin, e = r.exp_begin + r.exp_count; k < e; ++k) {
            const int lv = shared(vcode, d.exps[k].code);
            best = std::max(best, lv);
            months += lv >= 3 ? d.exps[k].months : 0;
        }
        std::size_t skills_have = 0, lic_have = 0;
        if (!want_skill.empty())
            for (std::uint32_t k = r.skill_begin, e = r.skill_begin + r.skill_count; k < e; ++k)
                skills_have += want_skill[skills[k]];
        if (!want_lic.empty())
            for (std::uint32_t k = r.lic_begin, e = r.lic_begin + r.lic_count; k < e; ++k)
                lic_have += want_lic[lics[k]];
        const int shift_ok = (r.shifts & vshift) != 0;
        const int date_ok = r.available == kNoDate || r.available <= starts;
        const int edu_ok = r.education >= veducation;
        const int steps = steps_between(vcommune, r.commune);
        const double num = (head_value(best, months) + tags[skills_have * lic_slots + lic_have]) +
                           rest[static_cast<std::size_t>(steps * 8 + shift_ok * 4 + date_ok * 2 + edu_ok)];
        // Once the heap is full, a seeker whose score is clearly (by 1e-9, far above rounding
        // noise) below the worst kept one is dropped before the division.
        if (num < floor_num) continue;
        const double score = num / den;
        const Ranked c{rank_key(score), r.id, i, score};
        if (heap.size() < n) {
            heap.push_back(c);
            std::push_heap(heap.begin(), heap.end(), better);
        } else if (better(c, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = c;
            std::push_heap(heap.begin(), heap.end(), better);
        } else {
            continue;
        }
        if (heap.size() == n && den > 1e-200) floor_num = (static_cast<double>(heap.front().key) - 1.5) * 1e-9 * den;
    }
    std::sort_heap(heap.begin(), heap.end(), better);  // best first

    std::vector<Match> out;
    out.reserve(heap.size());
    for (const auto& c : heap) {
        Match m = explain(vacancy, d.profiles[c.index], w);
        // The fast path's score, which the ranking used; explain() computes the same bits.
        m.score = c.score;
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<Match> rank_seekers(const Opening& vacancy, std::span<const Profile> seekers, std::size_t n,
                                const Weights& w) {
    w.validate();
    return SeekerPool(std::vector<Profile>(seekers.begin(), seekers.end())).top(vacancy, n, w);
}

std::vector<Match> rank_vacancies(const Profile& seeker, std::span<const Opening> vacancies, std::size_t n,
                                  const Weights& w) {
    w.validate();
    const Values wv = weight_values(w);
    std::vector<Ranked> all;
    all.reserve(vacancies.size());
    for (std::size_t i = 0; i < vacancies.size(); ++i) {
        const double score = combine(facts(vacancies[i], seeker).values, wv);
        all.push_back({rank_key(score), vacancies[i].id, i, score});
    }
    n = std::min(n, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), better);
    std::vector<Match> out;
    out.reserve(n);
    for (std::size_t k = 0; k < n; ++k) out.push_back(explain(vacancies[all[k].index], seeker, w));
    return out;
}

}  // namespace omilcrm::matching
