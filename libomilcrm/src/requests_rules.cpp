// The rules of service requests, pure: the life cycle table and rule-based routing to municipal
// departments (public, requests.hpp), and the rules of the requests' reports (requests_rules.hpp).
#include "requests_rules.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <map>
#include <numeric>
#include <utility>

#include "omilcrm/error.hpp"
#include "omilcrm/json.hpp"
#include "omilcrm/period.hpp"
#include "omilcrm/requests.hpp"
#include "checks.hpp"
#include "reports_rules.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

using S = RequestStatus;

// The transition table of the header, in its order.
const std::vector<RequestStatus>& allowed_after(RequestStatus from) {
    static const std::array<std::vector<RequestStatus>, 8> table = {{
        /* received    */ {S::Routed, S::Rejected, S::Duplicate},
        /* routed      */ {S::InProgress, S::Routed, S::Resolved, S::Rejected, S::Duplicate},
        /* in_progress */ {S::Resolved, S::Routed, S::Rejected},
        /* resolved    */ {S::Closed, S::Reopened},
        /* closed      */ {S::Reopened},
        /* rejected    */ {S::Reopened},
        /* duplicate   */ {},
        /* reopened    */ {S::Routed, S::InProgress, S::Resolved},
    }};
    static const std::vector<RequestStatus> none;
    const auto i = static_cast<std::size_t>(from);
    return i < table.size() ? table[i] : none;
}

// The words of `text`, each folded (accents and case dropped). Words are runs of letters and
// digits; ASCII punctuation and spaces, Latin-1 punctuation (U+0080..U+00BF: no-break space,
// '¿', '¡', '«', '»'...) and general punctuation (U+2000..U+203F: dashes, curly quotes, '…')
// separate them.
std::vector<std::string> folded_words(std::string_view text) {
    std::vector<std::string> words;
    std::string current;
    auto flush = [&] {
        if (current.empty()) return;
        std::string w = detail::fold_text(current);
        if (!w.empty()) words.push_back(std::move(w));
        current.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (alnum) current.push_back(static_cast<char>(c));
            else flush();
            ++i;
        } else if (c == 0xC2 && i + 1 < text.size()) {
            flush();
            i += 2;
        } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
            flush();
            i += 3;
        } else {
            current.push_back(static_cast<char>(c));
            ++i;
        }
    }
    flush();
    return words;
}

// True when `needle` (non-empty) appears as consecutive words of `hay`.
bool contains_words(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
    return !needle.empty() && std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

}  // namespace

// ---- Life cycle ----------------------------------------------------------------------------

bool can_transition(RequestStatus from, RequestStatus to) noexcept {
    const auto& next = allowed_after(from);
    return std::find(next.begin(), next.end(), to) != next.end();
}

void check_transition(RequestStatus from, RequestStatus to) {
    if (can_transition(from, to)) return;
    std::string why =
        "a request cannot go from " + std::string(to_string(from)) + " to " + std::string(to_string(to)) + "; ";
    const auto& next = allowed_after(from);
    if (next.empty()) {
        why += std::string(to_string(from)) + " is final (no next state allowed)";
    } else {
        why += "allowed after " + std::string(to_string(from)) + ": ";
        for (std::size_t i = 0; i < next.size(); ++i) {
            if (i) why += ", ";
            why += to_string(next[i]);
        }
    }
    throw ValidationError("status", std::string(to_string(to)), why);
}

std::vector<RequestStatus> next_states(RequestStatus from) { return allowed_after(from); }

void check_change_day(const char* field, Date on, Date last, Date today) {
    if (on < last)
        throw ValidationError(field, on.iso(),
                              "is before the latest entry of the request's history (" + last.iso() +
                                  "): changes are recorded in the order they happened");
    detail::check_not_future(field, on, today);
}

bool is_open(RequestStatus s) noexcept {
    return s == S::Received || s == S::Routed || s == S::InProgress || s == S::Reopened;
}

std::string_view open311_status(RequestStatus s) noexcept { return is_open(s) ? "open" : "closed"; }

// ---- Attributes ----------------------------------------------------------------------------

namespace {

constexpr std::size_t kMaxAttributeText = 4000;
constexpr long kMaxTrees = 500;

AttributeDefinition builtin_attribute(std::string_view code) {
    if (code == "trees")
        return {.code = "trees",
                .datatype = AttributeType::Number,
                .description = "¿Cuántos árboles hay que podar?",
                .datatype_description = "Un número entero de 1 a " + std::to_string(kMaxTrees)};
    if (code == "waste_kind")
        return {.code = "waste_kind",
                .datatype = AttributeType::MultiValueList,
                .description = "¿Qué hay que retirar?",
                .datatype_description = "Una o más de las opciones",
                .values = {{"domiciliaria", "Basura domiciliaria"},
                           {"escombros", "Escombros"},
                           {"ramas", "Ramas y restos de poda"},
                           {"voluminosos", "Muebles y enseres voluminosos"},
                           {"reciclables", "Reciclables"}}};
    return {.code = std::string(code),
            .datatype = AttributeType::String,
            .description = "Dato que pide la oficina: " + std::string(code),
            .datatype_description = "Texto de hasta " + std::to_string(kMaxAttributeText) + " caracteres"};
}

[[noreturn]] void refuse(const AttributeDefinition& d, std::string_view value, const std::string& why) {
    throw ValidationError("attribute[" + d.code + "]", std::string(value), why);
}

}  // namespace

AttributeDefinition attribute_definition(std::string_view listed) {
    std::string_view code = detail::trim(listed);
    const bool optional = !code.empty() && code.back() == '?';
    if (optional) code = detail::trim(code.substr(0, code.size() - 1));
    AttributeDefinition d = builtin_attribute(code);
    d.required = !optional;
    return d;
}

std::string check_attribute(const AttributeDefinition& d, const std::vector<std::string>& given) {
    std::vector<std::string_view> values;
    for (const auto& v : given)
        if (const auto t = detail::trim(v); !t.empty()) values.push_back(t);
    std::string all;
    for (const auto& v : given) all += (all.empty() ? "" : ",") + v;
    if (values.empty()) refuse(d, all, "is empty");
    if (d.datatype != AttributeType::MultiValueList && values.size() > 1)
        refuse(d, all, "takes one value, not " + std::to_string(values.size()));
    const std::string_view v = values.front();
    switch (d.datatype) {
        case AttributeType::Number: {
            long n = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc{} || end != v.data() + v.size())
                refuse(d, v, "is not a whole number (" + d.datatype_description + ")");
            if (n < 1 || n > kMaxTrees) refuse(d, v, "is out of range (" + d.datatype_description + ")");
            return std::to_string(n);
        }
        case AttributeType::Datetime:
            if (v.size() == 10) return Date::parse(v, "attribute[" + d.code + "]").iso();
            return to_iso(parse_timestamp(v, "attribute[" + d.code + "]"));
        case AttributeType::SingleValueList:
        case AttributeType::MultiValueList: {
            std::string out;
            for (const auto& choice : d.values) {
                if (std::find(values.begin(), values.end(), choice.key) != values.end())
                    out += (out.empty() ? "" : ",") + choice.key;
            }
            for (const auto& x : values)
                if (std::none_of(d.values.begin(), d.values.end(),
                                 [&](const AttributeChoice& c) { return c.key == x; })) {
                    std::string keys;
                    for (const auto& c : d.values) keys += (keys.empty() ? "" : ", ") + c.key;
                    refuse(d, x, "is not one of " + keys);
                }
            return out;
        }
        case AttributeType::String:
        case AttributeType::Text:
            break;
    }
    if (v.size() > kMaxAttributeText)
        refuse(d, v.substr(0, 40), "is longer than " + std::to_string(kMaxAttributeText) + " characters");
    if (v.find(';') != std::string_view::npos) refuse(d, v, "may not contain ';'");
    return std::string(v);
}

// ---- Photos --------------------------------------------------------------------------------

namespace {

// The first bytes of a photo in hexadecimal ("3c 68 74 6d"), for an error's value.
std::string first_bytes(std::string_view bytes) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < 12; ++i) {
        const auto u = static_cast<unsigned char>(bytes[i]);
        if (i) out += ' ';
        out += hex[u >> 4];
        out += hex[u & 15];
    }
    return out;
}

}  // namespace

std::string check_photo(std::string_view content_type, std::string_view bytes) {
    // "image/JPEG; q=1" is image/jpeg: the media type's case and parameters do not matter.
    std::string type(detail::trim(content_type.substr(0, content_type.find(';'))));
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    struct Signature {
        std::string_view type, name, head;
    };
    static constexpr Signature kinds[] = {
        {"image/jpeg", "JPEG", std::string_view("\xFF\xD8\xFF", 3)},
        {"image/png", "PNG", std::string_view("\x89PNG\r\n\x1A\n", 8)},
        {"image/webp", "WebP", std::string_view("RIFF", 4)},
    };
    const auto kind =
        std::find_if(std::begin(kinds), std::end(kinds), [&](const Signature& k) { return k.type == type; });
    if (kind == std::end(kinds))
        throw ValidationError("content_type", std::string(content_type), "must be image/jpeg, image/png or image/webp");
    if (bytes.empty()) throw ValidationError("photo", "", "is empty");
    if (bytes.size() > kMaxPhotoBytes)
        throw ValidationError("photo", std::to_string(bytes.size()) + " bytes",
                              "is larger than 5 MiB (" + std::to_string(kMaxPhotoBytes) + " bytes)");
    // WebP: "RIFF", the length of what follows (four bytes), then "WEBP".
    const bool webp = kind->type != "image/webp" || (bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP");
    if (!bytes.starts_with(kind->head) || !webp)
        throw ValidationError("photo", first_bytes(bytes),
                              "is not a " + std::string(kind->name) + " image: it does not begin as one does");
    return type;
}

// ---- Routing -------------------------------------------------------------------------------

RoutingDecision route(const RoutingInput& in, const std::vector<RoutingRule>& rules) {
    for (const auto& r : rules)
        if (r.active && r.department_id <= 0)
            throw ValidationError("department_id", std::to_string(r.department_id),
                                  "routing rule " + std::to_string(r.id) + " sends requests to no department");

    std::vector<std::size_t> order(rules.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (rules[a].position != rules[b].position) return rules[a].position < rules[b].position;
        return rules[a].id < rules[b].id;
    });

    const std::string area = detail::fold_text(in.area);
    const auto words = folded_words(in.description);

    for (const std::size_t i : order) {
        const RoutingRule& r = rules[i];
        if (!r.active || r.category != in.category) continue;

        const std::string rule_area = detail::fold_text(r.area);
        if (!rule_area.empty() && rule_area != area) continue;

        bool has_keywords = false;
        const std::string* matched = nullptr;
        for (const auto& k : r.keywords) {
            const auto kw = folded_words(k);
            if (kw.empty()) continue;  // blank keyword: no condition
            has_keywords = true;
            if (contains_words(words, kw)) {
                matched = &k;
                break;
            }
        }
        if (has_keywords && !matched) continue;

        RoutingDecision d;
        d.department_id = r.department_id;
        d.rule_id = r.id;
        d.explanation = "rule " + std::to_string(r.id) + " (category " + r.category;
        if (!rule_area.empty()) d.explanation += ", area '" + std::string(detail::trim(r.area)) + "'";
        if (matched) d.explanation += ", keyword '" + std::string(detail::trim(*matched)) + "'";
        d.explanation += ")";
        return d;
    }

    RoutingDecision d;
    const bool any_active = std::any_of(rules.begin(), rules.end(), [](const RoutingRule& r) { return r.active; });
    if (!any_active) d.explanation = "no rule matched (no active routing rules): triage";
    else if (in.category.empty()) d.explanation = "no rule matched (request has no category): triage";
    else d.explanation = "no rule matched category " + in.category + ": triage";
    return d;
}

}  // namespace omilcrm

// ---- The reports' rules ---------------------------------------------------------------------

namespace omilcrm::detail {

namespace {

// The median of `days` (not empty); sorts them.
double median_of(std::vector<int>& days) {
    std::sort(days.begin(), days.end());
    const std::size_t n = days.size();
    return n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
}

bool counted(RequestStatus s) noexcept { return s != RequestStatus::Duplicate && s != RequestStatus::Rejected; }

}  // namespace

DeadlineCompliance deadline_compliance(const std::vector<RequestOutcome>& requests, const HolidayCalendar& holidays,
                                       Date from, Date to, Date today) {
    check_period(from, to);
    DeadlineCompliance out;
    // Overdue is judged up to today at the latest: a deadline that falls after today is not
    // missed yet, however far the period runs.
    out.judged_to = judged_to(from, to, today);
    const std::optional<Date>& judged = out.judged_to;

    // One pass over the days from the start of the period to the last resolution, so each
    // request's business days to resolve cost O(1) (BusinessDayCounter).
    Date last_resolved = to;
    for (const auto& r : requests)
        if (r.resolved_on && last_resolved < *r.resolved_on && within(r.received_on, from, to) && counted(r.status))
            last_resolved = *r.resolved_on;
    const BusinessDayCounter business_days(holidays, from, last_resolved);

    struct Row {
        DeadlineRow figures;
        std::vector<int> days;
    };
    std::map<std::pair<Id, std::string>, Row> rows;
    for (const auto& r : requests) {
        if (!within(r.received_on, from, to) || !counted(r.status)) continue;
        Row& row = rows[{r.department_id, r.category}];
        DeadlineRow& f = row.figures;
        ++f.received;
        if (r.resolved_on) {
            ++f.resolved;
            if (r.due_on && *r.resolved_on <= *r.due_on) ++f.resolved_on_time;
            row.days.push_back(business_days.between(r.received_on, *r.resolved_on, r.pauses));
        } else if (is_open(r.status)) {
            ++f.open;
            if (r.due_on && judged && *r.due_on < *judged) ++f.open_overdue;
        }
    }
    out.rows.reserve(rows.size());
    for (auto& [key, row] : rows) {
        DeadlineRow& f = row.figures;
        f.department_id = key.first;
        f.category = key.second;
        if (f.resolved) f.on_time_share = double(f.resolved_on_time) / double(f.resolved);
        if (!row.days.empty()) f.median_business_days_to_resolve = median_of(row.days);
        out.rows.push_back(std::move(f));
    }
    return out;
}

std::vector<OpenLoad> open_by_department(const std::vector<ServiceRequest>& open_requests,
                                         const std::vector<Id>& department_ids, Date day) {
    struct Row {
        OpenLoad load;
        std::int64_t total_age = 0;
    };
    std::map<Id, Row> rows;  // 0 = triage, first
    for (Id id : department_ids) rows[id];
    rows[0];
    for (const auto& r : open_requests) {
        Row& row = rows[r.department_id.value_or(0)];
        const std::int64_t age = day - r.received_on;
        ++row.load.open;
        if (r.due_on && *r.due_on < day) ++row.load.overdue;
        row.load.oldest_age_days = std::max(row.load.oldest_age_days, age);
        row.total_age += age;
    }
    std::vector<OpenLoad> out;
    out.reserve(rows.size());
    for (auto& [id, row] : rows) {
        if (id == 0 && row.load.open == 0) continue;
        row.load.department_id = id;
        if (row.load.open) row.load.mean_age_days = double(row.total_age) / double(row.load.open);
        out.push_back(row.load);
    }
    return out;
}

}  // namespace omilcrm::detail

namespace omilcrm {

std::optional<Date> checkin_day(const HolidayCalendar& cal, Date routed_on, std::optional<Date> due_on,
                                int days_before) {
    if (days_before < 0 || days_before > 60)
        throw ValidationError("days_before", std::to_string(days_before), "must be from 0 to 60 business days");
    if (!due_on) return std::nullopt;
    Date day = *due_on;
    while (!cal.is_business_day(day)) day = day.add_days(-1);  // a deadline on a holiday: the day before
    for (int n = days_before; n > 0;) {
        day = day.add_days(-1);
        if (cal.is_business_day(day)) --n;
    }
    Date earliest = routed_on;
    while (!cal.is_business_day(earliest)) earliest = earliest.add_days(1);
    return std::max(day, earliest);
}

}  // namespace omilcrm
