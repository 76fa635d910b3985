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

/// Why a seeker's appearance in outreach material with `scope` ("image" or "testimonial") is no
/// longer covered, given their consent's scopes and whether they are on the register (erasure
/// and withdrawal take them off it); nullopt while it is covered.
std::optional<std::string> appearance_lapse(std::string_view scope, const std::vector<std::string>& consent,
                                            bool active);

}  // namespace omilcrm::detail
