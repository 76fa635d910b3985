#pragma once
// Checks shared by the ways in, so that each rule is written once and says the same thing
// wherever it applies. Not public.
#include <string>

#include "omilcrm/date.hpp"
#include "omilcrm/error.hpp"

namespace omilcrm::detail {

/// A record of something that happened (a contact, a capture, a consent, a follow-up) is not
/// dated after today: ValidationError naming `field` otherwise. Plans are kept apart.
inline void check_not_future(const char* field, Date on, Date today) {
    if (on > today) throw ValidationError(field, on.iso(), "is in the future (today is " + today.iso() + ")");
}

/// A count of days or minutes that cannot be negative: ValidationError naming `field` otherwise.
inline void check_not_negative(const char* field, long long value) {
    if (value < 0) throw ValidationError(field, std::to_string(value), "must not be negative");
}

}  // namespace omilcrm::detail
