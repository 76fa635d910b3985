#pragma once
// The outbox: the e-mails the office's work causes (a request routed to a department, its
// status told to the employer who asked, a portfolio handed over, the commitments and tasks
// due, each staff member's morning digest), written in the same transaction as the change that
// causes them and delivered later by SMTP (Outbox::send, `omilcrm outbox send`). A rolled-back
// change sends nothing; a committed one is never lost. The repository is Outbox (db.outbox()).
// See docs/notifications.md.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Office;

/// Where a message stands. pending: waiting for its next attempt; sending: handed to the mail
/// server and not yet known to have arrived (a sender that finds one re-sends it, with the same
/// Message-ID); sent; failed: refused or unanswered as many times as the sender allows;
/// cancelled: withdrawn by the office, or its recipient opted out.
enum class MessageState { Pending, Sending, Sent, Failed, Cancelled };
/// "pending", "sending", "sent", "failed", "cancelled".
template <>
struct EnumNames<MessageState> {
    static constexpr std::string_view field = "state";
    static constexpr auto names =
        std::to_array<std::string_view>({"pending", "sending", "sent", "failed", "cancelled"});
};

/// Who a message is for: a municipal department, an employer's contact, a staff member.
enum class RecipientKind { Department, EmployerContact, Staff };
/// "department", "employer_contact", "staff".
template <>
struct EnumNames<RecipientKind> {
    static constexpr std::string_view field = "recipient_kind";
    static constexpr auto names = std::to_array<std::string_view>({"department", "employer_contact", "staff"});
};

/// What causes a message; each has its template (of the same name) and can be switched off per
/// office (Outbox::set_enabled).
///
/// | trigger        | when                                              | to                          |
/// |----------------|---------------------------------------------------|-----------------------------|
/// | request_routed | a request is routed (on receipt) or re-routed     | the department              |
/// | request_status | a request changes state (transition, duplicate)   | the employer's contact who asked |
/// | hand_over      | a portfolio is handed over                        | the new owner               |
/// | commitment_due | queue_due(): an open commitment's day has come    | its owner                   |
/// | follow_up_due  | queue_due(): an open follow-up's day has come     | its owner                   |
/// | digest         | queue_due(): each morning                         | every staff member with work |
/// | checkin_due    | queue_due(): a department check-in's day has come | the staff member following the request |
/// | placement_check_due | queue_due(): a placement's 30- or 90-day check is due | who recorded the placement |
enum class Notification {
    RequestRouted,
    RequestStatus,
    HandOver,
    CommitmentDue,
    FollowUpDue,
    Digest,
    CheckinDue,
    PlacementCheckDue
};
/// "request_routed", "request_status", "hand_over", "commitment_due", "follow_up_due", "digest",
/// "checkin_due", "placement_check_due".
template <>
struct EnumNames<Notification> {
    static constexpr std::string_view field = "trigger";
    static constexpr auto names =
        std::to_array<std::string_view>({"request_routed", "request_status", "hand_over", "commitment_due",
                                         "follow_up_due", "digest", "checkin_due", "placement_check_due"});
};

/// One e-mail of the outbox.
struct Message {
    RecordMeta meta{};
    Id office_id = 0;
    RecipientKind recipient_kind = RecipientKind::Department;
    std::optional<Id> recipient_id{};  ///< the department, contact or staff member (none: a requester)
    std::string address{};             ///< the recipient's e-mail address
    std::string name{};                ///< the recipient's name, for the To header
    std::string channel{"email"};
    Notification trigger = Notification::RequestRouted;  ///< also the template it was written with
    std::string trigger_table{};  ///< what caused it: "service_request", "staff", "commitment", ...
    Id trigger_id = 0;            ///< and that record's id
    std::string subject{};
    std::string text{};  ///< the plain-text part
    std::string html{};  ///< the HTML part
    std::string ical{};  ///< an iCalendar attachment, or empty
    /// "<uuid@omilcrm>": made when the message is written and kept through every attempt, so a
    /// mail system can drop the second copy of a message re-sent after a crash.
    std::string message_id{};
    MessageState state = MessageState::Pending;
    int attempts = 0;
    Timestamp next_attempt_at{};
    std::string last_error{};
    std::optional<Timestamp> sent_at{};
};
template <>
struct RecordFields<Message> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Message::meta), field("office_id", &Message::office_id),
        field("recipient_kind", &Message::recipient_kind), field("recipient_id", &Message::recipient_id),
        field("address", &Message::address), field("name", &Message::name), field("channel", &Message::channel),
        field("trigger", &Message::trigger), field("trigger_table", &Message::trigger_table),
        field("trigger_id", &Message::trigger_id), field("subject", &Message::subject), field("text", &Message::text),
        field("html", &Message::html), field("ical", &Message::ical), field("message_id", &Message::message_id),
        field("state", &Message::state), field("attempts", &Message::attempts),
        field("next_attempt_at", &Message::next_attempt_at), field("last_error", &Message::last_error),
        field("sent_at", &Message::sent_at));
};

/// The wording of a trigger's messages: a subject, a plain-text body and an HTML body, each with
/// `{{field}}` where a value goes (the fields each trigger offers: template_fields). In the HTML
/// body a value is escaped (&, <, >, " and ') and its line breaks become <br>. There is nothing
/// else: no conditions, no loops, no code. `{{` not followed by a field name and `}}` is text.
struct MessageTemplate {
    Notification trigger = Notification::RequestRouted;
    std::string subject{};
    std::string text{};
    std::string html{};
    bool custom = false;  ///< the office's own wording (false: the library's Spanish default)
};
template <>
struct RecordFields<MessageTemplate> {
    static constexpr auto fields =
        std::make_tuple(field("trigger", &MessageTemplate::trigger), field("subject", &MessageTemplate::subject),
                        field("text", &MessageTemplate::text), field("html", &MessageTemplate::html),
                        field("custom", &MessageTemplate::custom));
};

/// The fields a trigger's template may use, in the order the documentation lists them.
std::vector<std::string> template_fields(Notification trigger);
/// The library's Spanish wording of a trigger's messages.
MessageTemplate default_template(Notification trigger);
/// Replaces every {{field}} of `text` with its value; `html` escapes the values. ValidationError
/// (field "template", value the field's name) for a field `values` lacks.
std::string render_template(std::string_view text, const std::map<std::string, std::string, std::less<>>& values,
                            bool html);

/// What the outbox lists are filtered by (unset = all).
struct MessageFilter {
    std::optional<MessageState> state{};
    std::optional<Notification> trigger{};
};
template <>
struct RecordFields<MessageFilter> {
    static constexpr auto fields =
        std::make_tuple(field("state", &MessageFilter::state), field("trigger", &MessageFilter::trigger));
};

/// How Outbox::send reaches the mail server (libcurl's SMTP).
struct SmtpSettings {
    /// "smtp://host:port" (STARTTLS when `starttls`) or "smtps://host:port" (TLS from the start).
    std::string url{};
    std::string user{};
    std::string password{};
    /// The sender: "omil@concon.cl" or "OMIL Concón <omil@concon.cl>".
    std::string from{};
    /// Requires STARTTLS on an smtp:// URL (the delivery fails rather than go unencrypted).
    bool starttls = false;
    /// How long one delivery may take before it counts as failed.
    std::chrono::milliseconds timeout{30000};
    /// At most this many messages a minute (0: no limit).
    int per_minute = 0;
    /// After this many attempts a message is failed (it stays visible, and retry() re-queues it).
    int max_attempts = 8;
    /// The wait after a first failed attempt; it doubles after each further one (at most 6 hours).
    std::chrono::milliseconds backoff{60000};
    /// Where `omilcrm serve` answers the public (https://omil.concon.cl): when set, a message to
    /// an employer's contact carries its unsubscribe link, PUBLIC_URL/unsubscribe/TOKEN, in a
    /// footer and in the List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058).
    std::string public_url{};
};

/// What one Outbox::send did.
struct SendReport {
    std::size_t sent = 0;     ///< delivered (the mail server accepted them)
    std::size_t retried = 0;  ///< refused or unanswered, pending again with their error
    std::size_t failed = 0;   ///< refused for the last allowed time
    std::size_t resent = 0;   ///< of `sent`, those found in `sending` (a sender stopped mid-way)
};
template <>
struct RecordFields<SendReport> {
    static constexpr auto fields =
        std::make_tuple(field("sent", &SendReport::sent), field("retried", &SendReport::retried),
                        field("failed", &SendReport::failed), field("resent", &SendReport::resent));
};

/// Exponential backoff: the next attempt after `attempts` failed ones (1 or more) is `base`
/// times 2^(attempts-1) after `now`, at most 6 hours.
Timestamp next_attempt_after(Timestamp now, int attempts, std::chrono::milliseconds base);

// ---- Repository ----------------------------------------------------------------------------

/// The office's outgoing messages (db.outbox()), its triggers' switches and its templates.
class Outbox : public Repository {
public:
    using Repository::Repository;
    Message get(Id id) const;
    /// The office's messages, newest first.
    std::vector<Message> list(Id office_id, const MessageFilter& f = {}) const;
    /// The same as a table: id, created_at, trigger, recipient_kind, address, subject, state,
    /// attempts, next_attempt_at, last_error, sent_at.
    Table table(Id office_id, const MessageFilter& f = {}) const;

    /// Whether the office's trigger writes messages (on unless switched off).
    bool enabled(Id office_id, Notification trigger) const;
    void set_enabled(Id office_id, Notification trigger, bool on);

    /// The office's wording of a trigger (its own, or the default).
    MessageTemplate template_of(Id office_id, Notification trigger) const;
    /// Keeps the office's own wording of a trigger's messages. ValidationError naming the part
    /// ("subject", "text" or "html") and the unknown field, with the template's name, when a
    /// {{field}} is not one of template_fields(trigger); a blank subject or text is refused too.
    MessageTemplate set_template(Id office_id, Notification trigger, const std::string& subject,
                                 const std::string& text, const std::string& html);
    /// Back to the library's wording.
    void reset_template(Id office_id, Notification trigger);

    /// Writes the messages of the day's due work for the office: a reminder to the owner of each
    /// open commitment and follow-up due on or before `day` (once per commitment or follow-up),
    /// to the staff member following a request of each open department check-in due on or
    /// before `day` (once per check-in), to who recorded a placement of each 30- or 90-day check
    /// due (once per placement and check), and each active staff member's digest of `day` (once
    /// per person and day): the visits planned for the day (with an iCalendar attachment),
    /// contacts due or overdue, commitments, follow-ups and check-ins due, open requests of
    /// their employers near their deadline or past it. Run twice on the same day it writes nothing new. Returns how
    /// many messages it wrote. One transaction.
    std::size_t queue_due(Id office_id, Date day);

    /// Delivers due messages (pending ones whose next attempt has come, and first any left in
    /// `sending` by a sender that stopped: those are re-sent with the same Message-ID), at most
    /// `limit`, oldest first. Each message is marked `sending` (committed) before it is handed to
    /// the mail server and `sent` after; a refusal or a timeout puts it back to pending with the
    /// error and a later next attempt (next_attempt_after), or makes it failed after
    /// settings.max_attempts attempts. A message to an address that opted out is cancelled, not
    /// sent. One sender at a time per file: a second one raises Conflict. ValidationError for bad
    /// settings (no URL, no sender).
    SendReport send(const SmtpSettings& settings, std::size_t limit = 100);

    /// Withdraws a message not yet sent (pending or failed): cancelled. Conflict otherwise.
    Message cancel(Id id);
    /// Queues a failed or cancelled message again, now, its attempts counted from 0.
    Message retry(Id id);

    /// The address's unsubscribe token (what its messages' link carries), made on first use.
    std::string unsubscribe_token(Id office_id, const std::string& address);
    /// Records that the address of this token wants no more messages from the office: its
    /// pending messages are cancelled and none are written for it again. Returns the address;
    /// NotFound for an unknown token. Idempotent.
    std::string unsubscribe(const std::string& token);
    /// Whether the address opted out of the office's messages.
    bool opted_out(Id office_id, const std::string& address) const;
    /// The address an unsubscribe token stands for (what a confirmation page shows before the
    /// choice is recorded), or nothing for an unknown token. Writes nothing.
    std::optional<std::string> unsubscribe_address(const std::string& token) const;
};

}  // namespace omilcrm
