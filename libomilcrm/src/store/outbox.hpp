#pragma once
// The store's functions for the outbox: messages and their delivery state, the offices' trigger
// switches and templates, and the addresses that opted out.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/outbox.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Inserts a rendered message (metadata filled); sets m.meta.id. With a `once_key` the office
/// already has, nothing is written and false is returned.
bool insert_message(DbImpl& db, Message& m, const std::string& once_key);
std::optional<Message> find_message(DbImpl& db, Id id);
/// The office's messages, newest first.
std::vector<Message> list_messages(DbImpl& db, Id office_id, const MessageFilter& f);
/// The next message to deliver at `now_us`: one left in `sending` first, then the pending one
/// whose next attempt came first (then the oldest).
std::optional<Message> next_due_message(DbImpl& db, std::int64_t now_us);
/// Marks it `sending` and counts the attempt.
void set_message_sending(DbImpl& db, Id id);
void set_message_sent(DbImpl& db, Id id, std::int64_t at_us);
/// Back to `state` (pending or failed) with the error and the next attempt.
void set_message_failed_attempt(DbImpl& db, Id id, MessageState state, std::int64_t next_us, const std::string& error);
/// Sets the state (cancel, retry: attempts back to 0 and due at `next_us`).
void set_message_state(DbImpl& db, Id id, MessageState state, std::optional<std::int64_t> next_us,
                       const std::string& error);
/// Cancels the office's pending and failed messages to the employer's contact at `address`;
/// returns how many.
std::size_t cancel_messages_to(DbImpl& db, Id office_id, const std::string& address, const std::string& why);

/// The trigger's switch (no row: nothing stored).
std::optional<bool> find_setting(DbImpl& db, Id office_id, const std::string& trigger);
void upsert_setting(DbImpl& db, Id office_id, const std::string& trigger, bool enabled);

std::optional<MessageTemplate> find_template(DbImpl& db, Id office_id, Notification trigger);
void upsert_template(DbImpl& db, Id office_id, const MessageTemplate& t, const RecordMeta& meta);
void delete_template(DbImpl& db, Id office_id, Notification trigger);

struct OptOut {
    Id office_id = 0;
    std::string address{};
    std::string token{};
    bool opted_out = false;
};
std::optional<OptOut> find_opt_out(DbImpl& db, Id office_id, const std::string& address);
std::optional<OptOut> find_opt_out_by_token(DbImpl& db, const std::string& token);
void insert_opt_out(DbImpl& db, Id office_id, const std::string& address, const std::string& token);
void set_opted_out(DbImpl& db, const std::string& token);

}  // namespace omilcrm::store
