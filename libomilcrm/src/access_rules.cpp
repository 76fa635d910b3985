// The rules of access: the roles table, a principal's limits, and a new token's checks.
#include "access_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "omilcrm/error.hpp"
#include "text.hpp"

namespace omilcrm {

namespace detail {

namespace {

constexpr Right N = Right::None;
constexpr Right R = Right::Read;
constexpr Right W = Right::ReadWrite;

struct ResourceRights {
    std::string_view name;
    // By role: staff, coordinator, psychologist, analyst, integrator (at most; a key names its own).
    std::array<Right, 5> rights;
};

// The table of docs/access.md, row for row.
constexpr ResourceRights kTable[] = {
    {"offices", {R, W, R, R, R}},      {"staff", {R, W, R, N, R}},       {"employers", {W, W, W, N, W}},
    {"contacts", {W, W, W, N, W}},     {"clusters", {W, W, W, N, W}},    {"portfolio", {R, W, R, N, R}},
    {"interactions", {W, W, W, N, W}}, {"commitments", {W, W, W, N, W}}, {"follow_ups", {W, W, W, N, W}},
    {"cadence", {R, W, R, N, R}},      {"due", {R, R, R, N, R}},         {"plans", {W, W, W, N, W}},
    {"calendar", {R, R, R, N, R}},     {"departments", {R, W, R, N, R}}, {"catalogue", {R, W, R, N, R}},
    {"routing", {R, W, R, N, R}},      {"requests", {W, W, W, N, W}},    {"vacancies", {W, W, W, N, W}},
    {"programmes", {W, W, W, N, W}},   {"events", {W, W, W, N, W}},      {"outreach", {W, W, W, N, W}},
    {"seekers", {W, W, W, N, N}},      {"referrals", {W, W, W, N, N}},   {"placements", {W, W, W, N, N}},
    {"matching", {R, R, R, N, N}},     {"evaluations", {N, R, W, N, N}}, {"personal_data", {N, R, R, N, N}},
    {"rights", {N, W, W, N, N}},       {"reports", {R, R, R, R, R}},     {"regional", {N, N, N, R, N}},
    {"imports", {N, W, N, N, N}},      {"tokens", {N, W, N, N, N}},      {"audit", {N, R, N, N, N}},
};

const ResourceRights* find(std::string_view name) noexcept {
    for (const auto& r : kTable)
        if (r.name == name) return &r;
    return nullptr;
}

std::string lower(std::string_view s) {
    std::string out(trim(s));
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

const std::vector<std::string_view>& access_resources() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const auto& r : kTable) out.push_back(r.name);
        return out;
    }();
    return names;
}

Right role_right(Role role, std::string_view resource) noexcept {
    const auto* r = find(resource);
    const auto i = static_cast<std::size_t>(role);
    if (!r || i >= r->rights.size()) return Right::None;
    return r->rights[i];
}

bool allows(const Principal& p, std::string_view resource, bool write) noexcept {
    const Right right = role_right(p.role, resource);
    if (right == Right::None) return false;
    if (!p.resources.empty() && std::find(p.resources.begin(), p.resources.end(), resource) == p.resources.end())
        return false;
    if (!write) return true;
    return right == Right::ReadWrite && p.can_write;
}

bool sees_office(const Principal& p, Id office_id) noexcept {
    if (p.role == Role::Analyst) return true;
    return p.office_id && *p.office_id == office_id;
}

std::vector<std::string> check_resources(Role role, const std::vector<std::string>& resources) {
    std::vector<std::string> out;
    for (const auto& given : resources) {
        const std::string name = lower(given);
        if (!find(name)) {
            std::string choices;
            for (auto n : access_resources()) choices += (choices.empty() ? "" : ", ") + std::string(n);
            throw ValidationError("resources", given, "is not a resource; expected some of " + choices);
        }
        if (role_right(role, name) == Right::None)
            throw ValidationError("resources", given,
                                  "is not open to the " + std::string(to_string(role)) + " role (docs/access.md)");
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
}

bool check_can_write(Role role, std::optional<bool> asked) {
    if (role == Role::Analyst) {
        if (asked.value_or(false))
            throw ValidationError("can_write", "true", "an analyst reads aggregates and never writes");
        return false;
    }
    return asked.value_or(role != Role::Integrator);
}

Timestamp token_expiry(Timestamp now, std::optional<int> days, std::optional<Timestamp> at) {
    using std::chrono::hours;
    constexpr int kMaxDays = 3650;
    if (days && at)
        throw ValidationError("expires_at", to_iso(*at), "give either expires_in_days or expires_at, not both");
    if (at) {
        if (*at <= now) throw ValidationError("expires_at", to_iso(*at), "is not in the future");
        if (*at > now + hours(24 * kMaxDays))
            throw ValidationError("expires_at", to_iso(*at), "is more than 3650 days away");
        return *at;
    }
    const int d = days.value_or(90);
    if (d < 1 || d > kMaxDays) throw ValidationError("expires_in_days", std::to_string(d), "must be from 1 to 3650");
    return now + hours(24 * d);
}

}  // namespace detail

Role role_of(StaffRole role) noexcept {
    switch (role) {
        case StaffRole::Head:
            return Role::Coordinator;
        case StaffRole::LaborPsychologist:
            return Role::Psychologist;
        default:
            return Role::Staff;
    }
}

bool Principal::allows(std::string_view resource, bool write) const { return detail::allows(*this, resource, write); }

bool Principal::sees_office(Id office_id) const noexcept { return detail::sees_office(*this, office_id); }

const std::vector<std::string_view>& Access::resources() { return detail::access_resources(); }

}  // namespace omilcrm
