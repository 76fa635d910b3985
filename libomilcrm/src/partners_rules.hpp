#pragma once
// The rules of partner institutions and of the people from outside at an interaction that need
// no database: records in, answers out. Used by Partners and Interactions; tested without a
// database (tests/cpp/test_partners_rules.cpp). Not public.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/interactions.hpp"
#include "omilcrm/partners.hpp"

namespace omilcrm::detail {

/// A participant as recorded: the name, role and organisation trimmed. A blank name, or not
/// exactly one of partner, department and organisation, is a ValidationError naming
/// `field` + ".name" or `field` ("participants[0]", say) with the person's name.
Participant participant_of(const NewParticipant& in, const std::string& field);

/// Whether `name` contains `query`, letters compared without case or accents ("" matches all).
bool name_matches(std::string_view name, std::string_view query);

/// What one partner did in a period (Partners::activity).
struct PartnerActivity {
    PartnerKind kind = PartnerKind::Other;
    std::int64_t co_hosted = 0, invited = 0, attended = 0, showings = 0, interactions = 0;
};
/// The same added up per kind: one row per kind in the enum's order (partners counted), then
/// nothing else; the caller adds the total.
struct KindActivity {
    PartnerKind kind = PartnerKind::Other;
    std::int64_t partners = 0, co_hosted = 0, invited = 0, attended = 0, showings = 0, interactions = 0;
    bool operator==(const KindActivity&) const = default;
};
std::vector<KindActivity> activity_by_kind(const std::vector<PartnerActivity>& partners);
/// The sum of the rows (its kind is meaningless).
KindActivity activity_total(const std::vector<KindActivity>& rows);

}  // namespace omilcrm::detail
