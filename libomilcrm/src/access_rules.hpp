#pragma once
// The rules of access, without a database: the resources a token may name, what each role may do
// with each (the table in docs/access.md), and how a principal's own limits narrow it. The HTTP API
// asks allows() before every call it makes for a request. Defined in access_rules.cpp. Not public.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/access.hpp"
#include "omilcrm/offices.hpp"

namespace omilcrm::detail {

/// What a role may do with a resource.
enum class Right { None, Read, ReadWrite };

/// Every resource, in the order of the table in docs/access.md.
const std::vector<std::string_view>& access_resources();
/// What `role` may do with `resource` (None for a name that is no resource).
Right role_right(Role role, std::string_view resource) noexcept;
/// Whether `p` may read `resource` (or change it, with `write`): its role's right, narrowed to its
/// named resources (when it names any) and to reading unless it can write.
bool allows(const Principal& p, std::string_view resource, bool write) noexcept;
/// Whether `p` sees office `office_id`'s records: its own office's, or any office's for an analyst
/// (who reads aggregates only, wherever they come from).
bool sees_office(const Principal& p, Id office_id) noexcept;

/// A token's resources as given: trimmed, lower case, each named once, in the order given;
/// ValidationError naming "resources" for a name that is no resource or one the role does not reach.
std::vector<std::string> check_resources(Role role, const std::vector<std::string>& resources);
/// Whether a token of `role` may write by default, and ValidationError naming "can_write" when
/// `asked` is a right the role cannot have (an analyst never writes).
bool check_can_write(Role role, std::optional<bool> asked);
/// The instant a token issued at `now` expires: after `days` (1 to 3650), at `at` (later than now,
/// at most 3650 days on), or after 90 days when neither is given; ValidationError naming
/// "expires_in_days" or "expires_at" otherwise.
Timestamp token_expiry(Timestamp now, std::optional<int> days, std::optional<Timestamp> at);

}  // namespace omilcrm::detail
