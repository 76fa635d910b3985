#pragma once
// The rules of job seekers' consent, without a database. The public normalize_consent_scopes()
// is in seekers.hpp. Defined in seekers_rules.cpp. Not public.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/seekers.hpp"

namespace omilcrm::detail {

/// Whether the consent given (its normalised scopes) covers `scope` ("intermediation",
/// "programmes", "contact", "statistics", "image", "testimonial").
bool has_scope(const std::vector<std::string>& scopes, std::string_view scope);

/// Why a seeker's appearance in outreach material with `scope` ("image" or "testimonial") is not
/// covered, given their consent's scopes and whether their personal data was erased; nullopt
/// while it is covered. Leaving the register (a seeker hired and withdrawn from the job bank)
/// changes nothing: the consent to appear stands until it is renewed without the scope.
std::optional<std::string> appearance_lapse(std::string_view scope, const std::vector<std::string>& consent,
                                            bool erased);

}  // namespace omilcrm::detail
