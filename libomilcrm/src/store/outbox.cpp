// The outbox: the SQL.
#include "store/outbox.hpp"

#include "store/sqlite.hpp"

namespace omilcrm::store {

namespace {

constexpr const char* kMessageCols =
    "id, uuid, created_at, updated_at, office_id, recipient_kind, recipient_id, recipient_address, recipient_name, "
    "channel, template, trigger_table, trigger_id, subject, body_text, body_html, ical, message_id, state, attempts, "
    "next_attempt_at, last_error, sent_at";

Message message_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    Message m;
    m.meta = r.meta();
    m.office_id = r.get<Id>();
    m.recipient_kind = parse_enum<RecipientKind>(r.get<std::string>());
    m.recipient_id = r.get<std::optional<Id>>();
    m.address = r.get<std::string>();
    m.name = r.get<std::string>();
    m.channel = r.get<std::string>();
    m.trigger = parse_enum<Notification>(r.get<std::string>());
    m.trigger_table = r.get<std::string>();
    m.trigger_id = r.get<Id>();
    m.subject = r.get<std::string>();
    m.text = r.get<std::string>();
    m.html = r.get<std::string>();
    m.ical = r.get<std::string>();
    m.message_id = r.get<std::string>();
    m.state = parse_enum<MessageState>(r.get<std::string>());
    m.attempts = r.get<int>();
    m.next_attempt_at = r.get<Timestamp>();
    m.last_error = r.get<std::string>();
    m.sent_at = r.get<std::optional<Timestamp>>();
    return m;
}

}  // namespace

bool insert_message(DbImpl& db, Message& m, const std::string& once_key) {
    auto s = db.stmt(
        "INSERT INTO outbox_message (uuid, created_at, updated_at, office_id, recipient_kind, recipient_id, "
        "recipient_address, recipient_name, channel, template, trigger_table, trigger_id, once_key, subject, "
        "body_text, body_html, ical, message_id, state, attempts, next_attempt_at, last_error, actor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (office_id, once_key) WHERE once_key IS NOT NULL DO NOTHING");
    const std::optional<std::string> once = once_key.empty() ? std::nullopt : std::optional<std::string>(once_key);
    s.bind_all(m.meta.uuid, m.meta.created_at, m.meta.updated_at, m.office_id, m.recipient_kind, m.recipient_id,
               m.address, m.name, m.channel, m.trigger, m.trigger_table, m.trigger_id, once, m.subject, m.text, m.html,
               m.ical, m.message_id, m.state, m.attempts, m.next_attempt_at, m.last_error, detail::actor_column(db));
    s.exec();
    if (db.conn().getChanges() == 0) return false;
    m.meta.id = db.conn().getLastInsertRowid();
    return true;
}

std::optional<Message> find_message(DbImpl& db, Id id) {
    auto s = db.stmt(std::string("SELECT ") + kMessageCols + " FROM outbox_message WHERE id = ?");
    s.bind_all(id);
    if (!s.executeStep()) return std::nullopt;
    return message_of(s);
}

std::vector<Message> list_messages(DbImpl& db, Id office_id, const MessageFilter& f) {
    auto s = db.stmt(std::string("SELECT ") + kMessageCols +
                     " FROM outbox_message WHERE office_id = ? AND (? IS NULL OR state = ?) "
                     "AND (? IS NULL OR template = ?) ORDER BY id DESC");
    s.bind_all(office_id, f.state, f.state, f.trigger, f.trigger);
    std::vector<Message> out;
    while (s.executeStep()) out.push_back(message_of(s));
    return out;
}

std::optional<Message> next_due_message(DbImpl& db, std::int64_t now_us) {
    {
        auto s = db.stmt(std::string("SELECT ") + kMessageCols +
                         " FROM outbox_message WHERE state = 'sending' ORDER BY id LIMIT 1");
        if (s.executeStep()) return message_of(s);
    }
    auto s = db.stmt(std::string("SELECT ") + kMessageCols +
                     " FROM outbox_message WHERE state = 'pending' AND next_attempt_at <= ? "
                     "ORDER BY next_attempt_at, id LIMIT 1");
    s.bind_all(now_us);
    if (!s.executeStep()) return std::nullopt;
    return message_of(s);
}

void set_message_sending(DbImpl& db, Id id) {
    db.stmt("UPDATE outbox_message SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?")
        .bind_all(db.now_us(), id)
        .exec();
}

void set_message_sent(DbImpl& db, Id id, std::int64_t at_us) {
    db.stmt("UPDATE outbox_message SET state = 'sent', sent_at = ?, last_error = '', updated_at = ? WHERE id = ?")
        .bind_all(at_us, db.now_us(), id)
        .exec();
}

void set_message_failed_attempt(DbImpl& db, Id id, MessageState state, std::int64_t next_us, const std::string& error) {
    db.stmt("UPDATE outbox_message SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?")
        .bind_all(state, next_us, error, db.now_us(), id)
        .exec();
}

void set_message_state(DbImpl& db, Id id, MessageState state, std::optional<std::int64_t> next_us,
                       const std::string& error) {
    if (next_us) {
        db.stmt(
              "UPDATE outbox_message SET state = ?, attempts = 0, next_attempt_at = ?, last_error = ?, updated_at = ? "
              "WHERE id = ?")
            .bind_all(state, *next_us, error, db.now_us(), id)
            .exec();
        return;
    }
    db.stmt("UPDATE outbox_message SET state = ?, last_error = ?, updated_at = ? WHERE id = ?")
        .bind_all(state, error, db.now_us(), id)
        .exec();
}

std::size_t cancel_messages_to(DbImpl& db, Id office_id, const std::string& address, const std::string& why) {
    db.stmt(
          "UPDATE outbox_message SET state = 'cancelled', last_error = ?, updated_at = ? "
          "WHERE office_id = ? AND recipient_address = ? AND recipient_kind = 'employer_contact' "
          "AND state IN ('pending', 'failed')")
        .bind_all(why, db.now_us(), office_id, address)
        .exec();
    return static_cast<std::size_t>(db.conn().getChanges());
}

std::optional<bool> find_setting(DbImpl& db, Id office_id, const std::string& trigger) {
    auto s = db.stmt("SELECT enabled FROM outbox_setting WHERE office_id = ? AND trigger = ?");
    s.bind_all(office_id, trigger);
    if (!s.executeStep()) return std::nullopt;
    return detail::RowReader(s).get<bool>();
}

void upsert_setting(DbImpl& db, Id office_id, const std::string& trigger, bool enabled) {
    db.stmt(
          "INSERT INTO outbox_setting (office_id, trigger, enabled, updated_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (office_id, trigger) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at")
        .bind_all(office_id, trigger, enabled, db.now_us())
        .exec();
}

std::optional<MessageTemplate> find_template(DbImpl& db, Id office_id, Notification trigger) {
    auto s = db.stmt("SELECT subject, body_text, body_html FROM outbox_template WHERE office_id = ? AND template = ?");
    s.bind_all(office_id, trigger);
    if (!s.executeStep()) return std::nullopt;
    detail::RowReader r(s);
    MessageTemplate t;
    t.trigger = trigger;
    t.subject = r.get<std::string>();
    t.text = r.get<std::string>();
    t.html = r.get<std::string>();
    t.custom = true;
    return t;
}

void upsert_template(DbImpl& db, Id office_id, const MessageTemplate& t, const RecordMeta& meta) {
    db.stmt(
          "INSERT INTO outbox_template (uuid, created_at, updated_at, office_id, template, subject, body_text, "
          "body_html) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (office_id, template) DO UPDATE SET "
          "subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html, "
          "updated_at = excluded.updated_at")
        .bind_all(meta.uuid, meta.created_at, meta.updated_at, office_id, t.trigger, t.subject, t.text, t.html)
        .exec();
}

void delete_template(DbImpl& db, Id office_id, Notification trigger) {
    db.stmt("DELETE FROM outbox_template WHERE office_id = ? AND template = ?").bind_all(office_id, trigger).exec();
}

namespace {
OptOut opt_out_of(SQLite::Statement& s) {
    detail::RowReader r(s);
    OptOut o;
    o.office_id = r.get<Id>();
    o.address = r.get<std::string>();
    o.token = r.get<std::string>();
    o.opted_out = r.get<std::optional<std::int64_t>>().has_value();
    return o;
}
}  // namespace

std::optional<OptOut> find_opt_out(DbImpl& db, Id office_id, const std::string& address) {
    auto s = db.stmt(
        "SELECT office_id, address, token, opted_out_at FROM outbox_opt_out WHERE office_id = ? AND address = ?");
    s.bind_all(office_id, address);
    if (!s.executeStep()) return std::nullopt;
    return opt_out_of(s);
}

std::optional<OptOut> find_opt_out_by_token(DbImpl& db, const std::string& token) {
    auto s = db.stmt("SELECT office_id, address, token, opted_out_at FROM outbox_opt_out WHERE token = ?");
    s.bind_all(token);
    if (!s.executeStep()) return std::nullopt;
    return opt_out_of(s);
}

void insert_opt_out(DbImpl& db, Id office_id, const std::string& address, const std::string& token) {
    db.stmt("INSERT INTO outbox_opt_out (office_id, address, token, created_at) VALUES (?, ?, ?, ?)")
        .bind_all(office_id, address, token, db.now_us())
        .exec();
}

void set_opted_out(DbImpl& db, const std::string& token) {
    db.stmt("UPDATE outbox_opt_out SET opted_out_at = COALESCE(opted_out_at, ?) WHERE token = ?")
        .bind_all(db.now_us(), token)
        .exec();
}

}  // namespace omilcrm::store
