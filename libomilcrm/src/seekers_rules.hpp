#pragma once
// The rules of job seekers' consent, without a database. The public normalize_consent_scopes()
// is in seekers.hpp. Defined in seekers_rules.cpp. Not public.
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/seekers.hpp"

namespace omilcrm::detail {

/// Whether the consent given (its normalised scopes) covers `scope` ("intermediation",
/// "programmes", "contact", "statistics").
bool has_scope(const std::vector<std::string>& scopes, std::string_view scope);

}  // namespace omilcrm::detail
