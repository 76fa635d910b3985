// The pure parts of job seekers: the consent scopes (seekers.hpp, seekers_rules.hpp).
#include "seekers_rules.hpp"

#include <algorithm>
#include <array>

#include "text.hpp"

namespace omilcrm {

namespace {
constexpr std::array<std::string_view, 6> kScopes = {"intermediation", "programmes", "contact",
                                                     "statistics",     "image",      "testimonial"};
}  // namespace

std::vector<std::string> normalize_consent_scopes(const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (const auto& s : in) out.emplace_back(kScopes[detail::index_of(s, kScopes, "consent_scope")]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace omilcrm

namespace omilcrm::detail {

bool has_scope(const std::vector<std::string>& scopes, std::string_view scope) {
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::optional<std::string> appearance_lapse(std::string_view scope, const std::vector<std::string>& consent,
                                            bool erased) {
    if (erased) return "the seeker's personal data was erased";
    if (has_scope(consent, scope)) return std::nullopt;
    std::string given;
    for (const auto& c : consent) given += (given.empty() ? "" : ", ") + c;
    return "the seeker's consent does not cover " + std::string(scope) +
           " (it covers: " + (given.empty() ? std::string("nothing") : given) + ")";
}

}  // namespace omilcrm::detail
