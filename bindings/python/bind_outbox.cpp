// The outbox: messages, templates, the report of a delivery, and the Outbox repository.
#include <pybind11/stl.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>

#include <omilcrm/offices.hpp>
#include <omilcrm/outbox.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

std::chrono::milliseconds ms_of(double seconds, const char* field) {
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 86400.0 * 365)
        throw ValidationError(field, std::to_string(seconds), "must be a number of seconds, 0 or more");
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000)));
}

void bind_message(py::module_& m) {
    py::class_<Message> message(m, "Message",
                                "An e-mail of the outbox: its recipient, what caused it (trigger, trigger_table, "
                                "trigger_id), its rendered subject, text and html, its Message-ID (kept through every "
                                "attempt) and its delivery state (pending, sending, sent, failed, cancelled), "
                                "attempts, next_attempt_at, last_error and sent_at.");
    def_fields(message);
    message.def("__repr__", [](const Message& x) {
        return record_repr(x, "Message", {"id", "trigger", "address", "state", "attempts"});
    });
}

void bind_message_template(py::module_& m) {
    py::class_<MessageTemplate> t(m, "MessageTemplate",
                                  "The wording of a trigger's messages: subject, text and html with {{field}} "
                                  "where a value goes; custom is True for the office's own wording.");
    def_fields(t);
    t.def("__repr__", [](const MessageTemplate& x) {
        return record_repr(x, "MessageTemplate", {"trigger", "subject", "custom"});
    });
}

void bind_send_report(py::module_& m) {
    py::class_<SendReport> r(m, "SendReport",
                             "What one Outbox.send did: sent, retried (pending again with their error), failed "
                             "(refused for the last allowed time) and resent (of sent, those a stopped sender had "
                             "left in sending).");
    def_fields(r);
    r.def("__repr__", [](const SendReport& x) {
        return record_repr(x, "SendReport", {"sent", "retried", "failed", "resent"});
    });
}

void bind_outbox_repository(py::module_& m) {
    py::class_<Outbox>(m, "Outbox",
                       "The office's outgoing e-mails (db.outbox): written with the change that causes them, "
                       "delivered by send(). See docs/notifications.md.")
        .def("__repr__", [](const Outbox&) { return std::string("<omilcrm.Outbox repository>"); })
        .def(
            "get", [](const Outbox& r, Ref<Message> message) { return r.get(message.id); }, "message"_a,
            "The Message (by Message or id); NotFound for an unknown id.")
        .def(
            "list",
            [](const Outbox& r, Ref<Office> office, std::optional<MessageState> state,
               std::optional<Notification> trigger) { return r.list(office.id, {.state = state, .trigger = trigger}); },
            "office"_a, py::kw_only(), "state"_a = py::none(), "trigger"_a = py::none(),
            "The office's messages, newest first, as a list of Message; only those in `state` ('pending', 'sent', "
            "...) and of `trigger` ('request_routed', ...) when given.")
        .def(
            "table",
            [](const Outbox& r, Ref<Office> office, std::optional<MessageState> state,
               std::optional<Notification> trigger) {
                return r.table(office.id, {.state = state, .trigger = trigger});
            },
            "office"_a, py::kw_only(), "state"_a = py::none(), "trigger"_a = py::none(),
            "The office's messages as a Table: id, created_at, trigger, recipient_kind, address, subject, state, "
            "attempts, next_attempt_at, last_error, sent_at.")
        .def(
            "enabled",
            [](const Outbox& r, Ref<Office> office, Notification trigger) { return r.enabled(office.id, trigger); },
            "office"_a, "trigger"_a, "Whether the office's trigger writes messages (True unless switched off).")
        .def(
            "set_enabled",
            [](Outbox& r, Ref<Office> office, Notification trigger, bool on) { r.set_enabled(office.id, trigger, on); },
            "office"_a, "trigger"_a, "on"_a, "Switches the office's trigger on or off.")
        .def(
            "template",
            [](const Outbox& r, Ref<Office> office, Notification trigger) { return r.template_of(office.id, trigger); },
            "office"_a, "trigger"_a, "The office's MessageTemplate of the trigger (its own, or the default).")
        .def(
            "set_template",
            [](Outbox& r, Ref<Office> office, Notification trigger, const std::string& subject, const std::string& text,
               const std::string& html) { return r.set_template(office.id, trigger, subject, text, html); },
            "office"_a, "trigger"_a, py::kw_only(), "subject"_a, "text"_a, "html"_a = "",
            "Keeps the office's own wording of the trigger's messages and returns it. ValidationError naming the "
            "part (subject, text, html) and the {{field}} when a field is not one of template_fields(trigger). "
            "An empty html is the text, escaped, in <pre>.")
        .def(
            "reset_template",
            [](Outbox& r, Ref<Office> office, Notification trigger) { r.reset_template(office.id, trigger); },
            "office"_a, "trigger"_a, "Back to the library's wording of the trigger.")
        .def(
            "queue_due",
            [](Outbox& r, Ref<Office> office, std::optional<Date> on) {
                return r.queue_due(office.id, on.value_or(r.today()));
            },
            "office"_a, py::kw_only(), "on"_a = py::none(),
            "Writes the day's reminders (commitments, follow-ups, department check-ins and placements' 30- and "
            "90-day checks due, once each) and digests (once per staff member and day, with the day's planned "
            "visits and their calendar attached); returns how many messages it wrote (an int). Run twice on a day, it "
            "writes nothing "
            "new.")
        .def(
            "send",
            [](Outbox& r, const std::string& url, const std::string& sender, const std::string& user,
               const std::string& password, bool starttls, double timeout, int per_minute, int max_attempts,
               double backoff, std::size_t limit, const std::string& public_url) {
                SmtpSettings s{.url = url,
                               .user = user,
                               .password = password,
                               .from = sender,
                               .starttls = starttls,
                               .timeout = ms_of(timeout, "timeout"),
                               .per_minute = per_minute,
                               .max_attempts = max_attempts,
                               .backoff = ms_of(backoff, "backoff"),
                               .public_url = public_url};
                return r.send(s, limit);
            },
            "url"_a, py::kw_only(), "sender"_a, "user"_a = "", "password"_a = "", "starttls"_a = false,
            "timeout"_a = 30.0, "per_minute"_a = 0, "max_attempts"_a = 8, "backoff"_a = 60.0, "limit"_a = 100,
            "public_url"_a = "",
            "Delivers due messages by SMTP (url 'smtp://host:port' or 'smtps://...', sender 'OMIL <omil@x.cl>'), "
            "at most `limit`, and returns a SendReport. Each message is marked sending (committed) before it is "
            "handed over and sent after; a refusal or timeout (`timeout` seconds) puts it back to pending with "
            "last_error, its next attempt `backoff` seconds later, doubling each time, failed after "
            "`max_attempts`. At most `per_minute` a minute (0: no limit). Raises Conflict while another sender "
            "works on the file. With `public_url` (where `omilcrm serve` answers, 'https://omil.concon.cl'), a "
            "message to an employer's contact carries its unsubscribe link and List-Unsubscribe headers.")
        .def(
            "cancel", [](Outbox& r, Ref<Message> message) { return r.cancel(message.id); }, "message"_a,
            "Withdraws a pending or failed message (Conflict otherwise); returns it.")
        .def(
            "retry", [](Outbox& r, Ref<Message> message) { return r.retry(message.id); }, "message"_a,
            "Queues a failed or cancelled message again, now, attempts from 0; returns it.")
        .def(
            "unsubscribe_token",
            [](Outbox& r, Ref<Office> office, const std::string& address) {
                return r.unsubscribe_token(office.id, address);
            },
            "office"_a, "address"_a, "The address's unsubscribe token (a str), made on first use.")
        .def(
            "unsubscribe", [](Outbox& r, const std::string& token) { return r.unsubscribe(token); }, "token"_a,
            "Records that the token's address wants no more messages from the office and cancels its pending "
            "ones; returns the address. NotFound for an unknown token.")
        .def(
            "opted_out",
            [](const Outbox& r, Ref<Office> office, const std::string& address) {
                return r.opted_out(office.id, address);
            },
            "office"_a, "address"_a, "Whether the address opted out of the office's messages.")
        .def(
            "unsubscribe_address",
            [](const Outbox& r, const std::string& token) { return r.unsubscribe_address(token); }, "token"_a,
            "The address an unsubscribe token stands for (a str), or None for an unknown token; changes nothing "
            "(what the link's confirmation page shows).");
}

}  // namespace

void bind_outbox(py::module_& m) {
    bind_message(m);
    bind_message_template(m);
    bind_send_report(m);
    bind_outbox_repository(m);
    m.def("template_fields", &template_fields, "trigger"_a,
          "The {{field}} names a trigger's template may use ('request_routed', 'request_status', 'hand_over', "
          "'commitment_due', 'follow_up_due', 'digest', 'checkin_due', 'placement_check_due'), as a list of str.");
}

}  // namespace omilcrm::python
