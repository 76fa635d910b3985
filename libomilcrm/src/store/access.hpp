#pragma once
// The store's functions for access tokens and the audit.
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/access.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a prepared token with the hash of its secret (64 hex digits); sets t.meta.id.
void insert_token(DbImpl& db, Token& t, const std::string& secret_hash);
std::optional<Token> find_token(DbImpl& db, Id id);
/// The tokens of an office (every token when none is given), by id.
std::vector<Token> list_tokens(DbImpl& db, std::optional<Id> office_id);

/// A token found by the hash of its secret, with the day its staff member left, if they did.
struct TokenByHash {
    Token token;
    std::optional<Date> staff_left;
};
std::optional<TokenByHash> find_token_by_hash(DbImpl& db, const std::string& secret_hash);
void set_token_revoked(DbImpl& db, Id id, Timestamp at);
/// Sets the token's last use to `at`, unless another connection holds the write lock (then it
/// does not wait: the next use records it) or the file is read-only.
void touch_token(DbImpl& db, Id id, Timestamp at);

/// Appends an audit line; `on` is the day of entry.at in the office's time.
void insert_audit(DbImpl& db, const AuditEntry& entry, Date on);
/// The audit of an office (every office when none is given) between two days, oldest first.
std::vector<AuditEntry> list_audit(DbImpl& db, std::optional<Id> office_id, std::optional<Date> from,
                                   std::optional<Date> to);

}  // namespace omilcrm::store
