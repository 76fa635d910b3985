// The outbox: writing the messages the triggers decide (outbox_rules.cpp), the offices' switches
// and templates, the day's due work, and delivery (smtp.cpp); the SQL is in store/outbox.cpp.
#include "omilcrm/outbox.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <unordered_map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/placements.hpp"
#include "omilcrm/planning.hpp"
#include "omilcrm/vacancies.hpp"
#include "outbox_queue.hpp"
#include "outbox_rules.hpp"
#include "smtp.hpp"
#include "store/outbox.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

std::int64_t us_of(Timestamp t) { return t.time_since_epoch().count(); }

// Writes a decided message: rendered with the office's template, pending from now. An address
// that opted out gets nothing; a recipient without an address gets a failed message saying so,
// where the office sees it. Returns whether a message was written (false: none, or the once key
// was written before).
bool write_message(detail::DbImpl& db, Id office_id, detail::Draft d) {
    if (d.kind == RecipientKind::EmployerContact && !d.address.empty()) {
        const auto o = store::find_opt_out(db, office_id, d.address);
        if (o && o->opted_out) return false;
    }
    const MessageTemplate t = Outbox(db).template_of(office_id, d.trigger);
    const detail::Rendered r = detail::render(t, d.values);
    Message m;
    m.meta = detail::new_meta(db);
    m.office_id = office_id;
    m.recipient_kind = d.kind;
    m.recipient_id = d.recipient_id;
    m.address = d.address;
    m.name = d.name;
    m.trigger = d.trigger;
    m.trigger_table = d.trigger_table;
    m.trigger_id = d.trigger_id;
    m.subject = r.subject;
    m.text = r.text;
    m.html = r.html;
    m.ical = d.ical;
    m.message_id = "<" + m.meta.uuid + "@omilcrm>";
    m.next_attempt_at = m.meta.created_at;
    if (d.address.empty()) {
        m.state = MessageState::Failed;
        m.last_error = (d.name.empty() ? std::string("the recipient") : d.name) + " has no e-mail address";
    }
    return store::insert_message(db, m, d.once_key);
}

bool trigger_on(detail::DbImpl& db, Id office_id, Notification t) {
    return store::find_setting(db, office_id, std::string(to_string(t))).value_or(true);
}

detail::RequestContext context_of(detail::DbImpl& db, const ServiceRequest& r) {
    detail::RequestContext c;
    c.office = Offices(db).get(r.office_id).name;
    c.category = ServiceCatalogue(db).get(r.office_id, r.category).name;
    if (r.employer_id) c.employer = Employers(db).get(*r.employer_id).display_name();
    return c;
}

// One sender at a time per file: an exclusive flock on "FILE.outbox-lock" beside it, released by
// the kernel when the process ends, however it ends. Not on the database file itself: closing a
// descriptor of that file would drop every POSIX lock SQLite's connections of this process hold
// on it (a server's, mid-transaction), which can damage the file.
class SenderLock {
public:
    explicit SenderLock(const std::string& path) {
        if (path.empty() || path == ":memory:") return;
        const std::string lock = path + ".outbox-lock";
        fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw StorageError("cannot open " + lock + ", the outbox sender's lock");
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            fd_ = -1;
            throw Conflict("another sender is delivering the outbox of " + path + "; try again when it is done");
        }
    }
    SenderLock(const SenderLock&) = delete;
    SenderLock& operator=(const SenderLock&) = delete;
    ~SenderLock() {
        if (fd_ >= 0) ::close(fd_);
    }

private:
    int fd_ = -1;
};

void check_settings(const SmtpSettings& s) {
    const std::string url(detail::trim(s.url));
    if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0)
        throw ValidationError("url", s.url, "must be an smtp:// or smtps:// URL");
    const std::string from = detail::address_of(s.from);
    if (from.find('@') == std::string::npos || from.find_first_of(" \r\n<>") != std::string::npos)
        throw ValidationError("from", s.from, "must be an e-mail address (\"OMIL <omil@example.cl>\" or an address)");
    if (s.from.find_first_of("\r\n") != std::string::npos) throw ValidationError("from", s.from, "must be one line");
    if (s.max_attempts < 1) throw ValidationError("max_attempts", std::to_string(s.max_attempts), "must be 1 or more");
    if (s.per_minute < 0) throw ValidationError("per_minute", std::to_string(s.per_minute), "must be 0 or more");
    if (s.timeout.count() <= 0)
        throw ValidationError("timeout", std::to_string(s.timeout.count()), "must be more than 0 ms");
    if (s.backoff.count() < 0)
        throw ValidationError("backoff", std::to_string(s.backoff.count()), "must be 0 ms or more");
    if (!s.public_url.empty()) {
        const std::string u(detail::trim(s.public_url));
        if ((u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) ||
            u.find_first_of(" \r\n<>\"") != std::string::npos)
            throw ValidationError("public_url", s.public_url, "must be an http:// or https:// URL");
    }
}

}  // namespace

// ---- Triggers ----------------------------------------------------------------------------

namespace detail {

void queue_request_routed(DbImpl& db, const ServiceRequest& r, bool rerouted) {
    if (!r.department_id || !trigger_on(db, r.office_id, Notification::RequestRouted)) return;
    const Department d = Departments(db).get(*r.department_id);
    RequestContext c = context_of(db, r);
    c.department = d.name;
    write_message(db, r.office_id, request_routed_message(r, d, c, rerouted));
}

void queue_request_status(DbImpl& db, const ServiceRequest& r, RequestStatus from, const std::string& note,
                          bool visible) {
    if (!trigger_on(db, r.office_id, Notification::RequestStatus)) return;
    std::optional<Contact> primary;
    if (r.employer_id) primary = Contacts(db).primary(*r.employer_id);
    if (auto m = request_status_message(r, from, note, visible, primary, context_of(db, r)))
        write_message(db, r.office_id, std::move(*m));
}

void queue_hand_over(DbImpl& db, const StaffMember& from, const StaffMember& to, const std::vector<Id>& employers,
                     std::size_t tasks, Date on, const std::string& reason) {
    if (!trigger_on(db, to.office_id, Notification::HandOver)) return;
    std::vector<std::string> names;
    Employers repo(db);
    for (Id e : employers) names.push_back(repo.get(e).display_name());
    write_message(db, to.office_id,
                  hand_over_message(from, to, names, tasks, on, reason, Offices(db).get(to.office_id).name));
}

}  // namespace detail

// ---- Repository --------------------------------------------------------------------------

Message Outbox::get(Id id) const {
    auto m = store::find_message(*db_, id);
    if (!m) throw NotFound("message", std::to_string(id));
    return std::move(*m);
}

std::vector<Message> Outbox::list(Id office_id, const MessageFilter& f) const {
    detail::check_office(*db_, office_id);
    return store::list_messages(*db_, office_id, f);
}

Table Outbox::table(Id office_id, const MessageFilter& f) const {
    const auto messages = list(office_id, f);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& created = t.add_column("created_at", ColumnType::Timestamp);
    auto& trigger = t.add_column("trigger", ColumnType::Text);
    auto& kind = t.add_column("recipient_kind", ColumnType::Text);
    auto& address = t.add_column("address", ColumnType::Text);
    auto& subject = t.add_column("subject", ColumnType::Text);
    auto& state = t.add_column("state", ColumnType::Text);
    auto& attempts = t.add_column("attempts", ColumnType::Int);
    auto& next = t.add_column("next_attempt_at", ColumnType::Timestamp);
    auto& error = t.add_column("last_error", ColumnType::Text);
    auto& sent = t.add_column("sent_at", ColumnType::Timestamp);
    for (const auto& m : messages) {
        id.push_int(m.meta.id);
        created.push_int(us_of(m.meta.created_at));
        trigger.push_text(std::string(to_string(m.trigger)));
        kind.push_text(std::string(to_string(m.recipient_kind)));
        address.push_text(m.address);
        subject.push_text(m.subject);
        state.push_text(std::string(to_string(m.state)));
        attempts.push_int(m.attempts);
        if (m.state == MessageState::Pending) next.push_int(us_of(m.next_attempt_at));
        else next.push_null();
        error.push_text(m.last_error);
        if (m.sent_at) sent.push_int(us_of(*m.sent_at));
        else sent.push_null();
    }
    return t;
}

bool Outbox::enabled(Id office_id, Notification trigger) const {
    detail::check_office(*db_, office_id);
    return trigger_on(*db_, office_id, trigger);
}

void Outbox::set_enabled(Id office_id, Notification trigger, bool on) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    store::upsert_setting(*db_, office_id, std::string(to_string(trigger)), on);
}

MessageTemplate Outbox::template_of(Id office_id, Notification trigger) const {
    detail::check_office(*db_, office_id);
    if (auto t = store::find_template(*db_, office_id, trigger)) return std::move(*t);
    return default_template(trigger);
}

MessageTemplate Outbox::set_template(Id office_id, Notification trigger, const std::string& subject,
                                     const std::string& text, const std::string& html) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    MessageTemplate t{.trigger = trigger, .subject = subject, .text = text, .html = html, .custom = true};
    detail::check_template(t);
    store::upsert_template(*db_, office_id, t, detail::new_meta(*db_));
    return t;
}

void Outbox::reset_template(Id office_id, Notification trigger) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    store::delete_template(*db_, office_id, trigger);
}

std::size_t Outbox::queue_due(Id office_id, Date day) {
    detail::WriteScope write(*db_);
    const Office office = Offices(*db_).get(office_id);
    std::size_t written = 0;
    std::unordered_map<Id, std::string> employer_names;
    for (const auto& e : Employers(*db_).list(office_id)) employer_names[e.meta.id] = e.display_name();
    const auto name_of = [&](std::optional<Id> e) { return e ? employer_names[*e] : std::string(); };
    std::unordered_map<Id, StaffMember> staff;
    for (auto& s : Staff(*db_).list(office_id)) staff[s.meta.id] = s;
    std::unordered_map<Id, detail::DigestLists> digests;

    const TaskFilter all{.office_id = office_id};
    const bool commitments_on = trigger_on(*db_, office_id, Notification::CommitmentDue);
    for (const auto& c : Commitments(*db_).open(all)) {
        if (c.due > day) continue;
        const auto owner = staff.find(c.owner_id);
        if (owner == staff.end()) continue;
        digests[c.owner_id].commitments.push_back(detail::spanish_date(c.due) + ": " + name_of(c.employer_id) + ", " +
                                                  c.description);
        if (commitments_on)
            written += write_message(
                *db_, office_id,
                detail::commitment_due_message(c, owner->second, name_of(c.employer_id), day, office.name));
    }
    const bool follow_ups_on = trigger_on(*db_, office_id, Notification::FollowUpDue);
    for (const auto& f : FollowUps(*db_).open(all)) {
        if (f.due > day) continue;
        const auto owner = staff.find(f.owner_id);
        if (owner == staff.end()) continue;
        const std::string employer = name_of(f.employer_id);
        digests[f.owner_id].follow_ups.push_back(detail::spanish_date(f.due) + ": " +
                                                 (employer.empty() ? "" : employer + ", ") + f.description);
        if (follow_ups_on)
            written += write_message(*db_, office_id,
                                     detail::follow_up_due_message(f, owner->second, employer, day, office.name));
    }
    // Department check-ins due: a reminder to who follows the request, and a line of the digest.
    {
        const bool on = trigger_on(*db_, office_id, Notification::CheckinDue);
        Requests requests(*db_);
        std::unordered_map<Id, std::string> departments;
        for (const auto& d : Departments(*db_).list(office_id)) departments[d.meta.id] = d.name;
        CheckIns checkins(*db_);
        auto due = checkins.overdue(office_id, day);
        for (auto& c : checkins.due(office_id, day)) due.push_back(std::move(c));
        for (const auto& c : due) {
            const ServiceRequest r = requests.get(c.request_id);
            // Who follows it; when they no longer work at the office, the employer's owner now.
            auto to = c.staff_id ? staff.find(*c.staff_id) : staff.end();
            if ((to == staff.end() || !to->second.active_on(day)) && r.employer_id)
                to = staff.find(Employers(*db_).get(*r.employer_id).owner_id);
            if (to == staff.end() || !to->second.active_on(day)) continue;
            detail::RequestContext ctx = context_of(*db_, r);
            ctx.department = departments[c.department_id];
            digests[to->first].checkins.push_back(
                (c.due_on < day ? "atrasada desde el " : "") +
                (c.due_on < day ? detail::spanish_date(c.due_on) + ": " : std::string()) + ctx.department +
                ", solicitud N° " + std::to_string(r.meta.id) + " (" + ctx.category +
                (ctx.employer.empty() ? "" : ", " + ctx.employer) + ")" +
                (r.due_on ? ", vence el " + detail::spanish_date(*r.due_on) : std::string()));
            if (on)
                written += write_message(*db_, office_id, detail::checkin_due_message(c, r, to->second, ctx, c.note));
        }
    }
    // Placements' 30- and 90-day checks: a reminder to who recorded the placement (or, when they
    // no longer work at the office, the employer's owner).
    if (trigger_on(*db_, office_id, Notification::PlacementCheckDue)) {
        Placements placements(*db_);
        Vacancies vacancies(*db_);
        Employers employers(*db_);
        for (const auto& pc : placements.checks_due(office_id, day)) {
            const Placement p = placements.get(pc.placement_id);
            auto to = p.recorded_by ? staff.find(*p.recorded_by) : staff.end();
            if (to == staff.end() || !to->second.active_on(day)) to = staff.find(employers.get(p.employer_id).owner_id);
            if (to == staff.end()) continue;
            written +=
                write_message(*db_, office_id,
                              detail::placement_check_due_message(pc, p.start_on, to->second, name_of(p.employer_id),
                                                                  vacancies.get(p.vacancy_id).title, office.name));
        }
    }
    if (trigger_on(*db_, office_id, Notification::Digest)) {
        // The day's planned visits, and the day's calendar (visits and meetings) as an attachment.
        std::unordered_map<Id, Employer> employer_of;
        for (auto& e : Employers(*db_).list(office_id)) employer_of[e.meta.id] = e;
        for (const auto& v : Planner(*db_).planned(office_id, day, day)) {
            const auto e = employer_of.find(v.employer_id);
            const auto hhmm = [](int m) {
                const auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
                return two(m / 60) + ":" + two(m % 60);
            };
            std::string line = hhmm(v.start_minute) + "-" + hhmm(v.end_minute) + " " + name_of(v.employer_id);
            if (e != employer_of.end() && !e->second.address.empty()) line += ", " + e->second.address;
            digests[v.staff_id].visits.push_back(line);
        }
        Calendar calendar(*db_);
        for (auto& [id, lists] : digests) {
            if (lists.visits.empty()) continue;
            lists.ical = calendar.ics({.office_id = office_id, .staff_id = id, .from = day, .to = day});
        }
        for (const auto& d : Cadence(*db_).due(office_id, day)) {
            if (!d.owner_id) continue;
            const std::string when =
                d.days_overdue > 0 ? "atrasado " + std::to_string(d.days_overdue) + " días" : "vence hoy";
            digests[d.owner_id].contacts.push_back(name_of(d.employer_id) + " (" + when + ")");
        }
        Requests requests(*db_);
        std::unordered_map<Id, Id> owners;
        for (const auto& e : Employers(*db_).list(office_id)) owners[e.meta.id] = e.owner_id;
        auto add_request = [&](const ServiceRequest& r, const char* how) {
            if (!r.employer_id) return;
            const Id owner = owners[*r.employer_id];
            if (!owner) return;
            digests[owner].requests.push_back("N° " + std::to_string(r.meta.id) + " " + r.category + " de " +
                                              name_of(r.employer_id) + ": " + how + " " +
                                              detail::spanish_date(*r.due_on));
        };
        for (const auto& r : requests.overdue(office_id, day)) add_request(r, "venció el");
        for (const auto& r : requests.near_deadline(office_id, day, 2)) add_request(r, "vence el");
        for (const auto& [id, s] : staff) {
            if (!s.active_on(day)) continue;
            const auto it = digests.find(id);
            if (it == digests.end() || it->second.empty()) continue;
            written += write_message(*db_, office_id, detail::digest_message(s, day, it->second, office.name));
        }
    }
    return written;
}

SendReport Outbox::send(const SmtpSettings& settings, std::size_t limit) {
    check_settings(settings);
    if (detail::transaction_depth(*db_) > 0)
        throw Error(
            "Outbox.send delivers outside a transaction: each message is marked as sending and committed "
            "before it is handed to the mail server");
    SenderLock lock(detail::path_of(*db_));
    const std::string from = detail::address_of(settings.from);
    SendReport report;
    std::optional<std::chrono::steady_clock::time_point> last;
    const auto gap = settings.per_minute > 0 ? std::chrono::microseconds(60'000'000 / settings.per_minute)
                                             : std::chrono::microseconds(0);
    for (std::size_t n = 0; n < limit; ++n) {
        std::optional<Message> m;
        bool resend = false;
        std::string unsubscribe;
        {
            detail::WriteScope write(*db_);
            m = store::next_due_message(*db_, us_of(now()));
            if (!m) break;
            resend = m->state == MessageState::Sending;
            if (m->recipient_kind == RecipientKind::EmployerContact) {
                const auto o = store::find_opt_out(*db_, m->office_id, m->address);
                if (o && o->opted_out) {
                    store::set_message_state(*db_, m->meta.id, MessageState::Cancelled, std::nullopt,
                                             "the recipient opted out");
                    continue;
                }
                // Its unsubscribe link, when the office's public address is known.
                if (!settings.public_url.empty() && !m->address.empty()) {
                    const std::string address = normalize_email(m->address, "address");
                    const auto kept = store::find_opt_out(*db_, m->office_id, address);
                    std::string token = kept ? kept->token : std::string();
                    if (token.empty()) {
                        token = new_uuid();
                        token.erase(std::remove(token.begin(), token.end(), '-'), token.end());
                        store::insert_opt_out(*db_, m->office_id, address, token);
                    }
                    unsubscribe = detail::unsubscribe_url(settings.public_url, token);
                }
            }
            store::set_message_sending(*db_, m->meta.id);
        }
        if (last && gap.count() > 0) std::this_thread::sleep_until(*last + gap);
        last = std::chrono::steady_clock::now();
        const auto error =
            detail::smtp_send(settings, from, m->address, detail::compose_mime(*m, settings.from, now(), unsubscribe));
        detail::WriteScope write(*db_);
        if (!error) {
            store::set_message_sent(*db_, m->meta.id, us_of(now()));
            ++report.sent;
            if (resend) ++report.resent;
            continue;
        }
        const int attempts = m->attempts + 1;
        if (attempts >= settings.max_attempts) {
            store::set_message_failed_attempt(*db_, m->meta.id, MessageState::Failed, us_of(now()), *error);
            ++report.failed;
        } else {
            store::set_message_failed_attempt(*db_, m->meta.id, MessageState::Pending,
                                              us_of(next_attempt_after(now(), attempts, settings.backoff)), *error);
            ++report.retried;
        }
    }
    return report;
}

Message Outbox::cancel(Id id) {
    detail::WriteScope write(*db_);
    const Message m = get(id);
    if (m.state != MessageState::Pending && m.state != MessageState::Failed)
        throw Conflict("message " + std::to_string(id) + " is " + std::string(to_string(m.state)) +
                       ": only a pending or failed message can be cancelled");
    store::set_message_state(*db_, id, MessageState::Cancelled, std::nullopt, m.last_error);
    return get(id);
}

Message Outbox::retry(Id id) {
    detail::WriteScope write(*db_);
    const Message m = get(id);
    if (m.state != MessageState::Failed && m.state != MessageState::Cancelled)
        throw Conflict("message " + std::to_string(id) + " is " + std::string(to_string(m.state)) +
                       ": only a failed or cancelled message can be queued again");
    if (m.address.empty()) throw ValidationError("address", "", "the message has no recipient address to send it to");
    if (m.recipient_kind == RecipientKind::EmployerContact && opted_out(m.office_id, m.address))
        throw Conflict(m.address + " opted out of the office's messages");
    store::set_message_state(*db_, id, MessageState::Pending, us_of(now()), m.last_error);
    return get(id);
}

std::string Outbox::unsubscribe_token(Id office_id, const std::string& address) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    const std::string a = normalize_email(address, "address");
    if (a.empty()) throw ValidationError("address", address, "is required");
    if (auto o = store::find_opt_out(*db_, office_id, a)) return o->token;
    std::string token = new_uuid();
    token.erase(std::remove(token.begin(), token.end(), '-'), token.end());
    store::insert_opt_out(*db_, office_id, a, token);
    return token;
}

std::string Outbox::unsubscribe(const std::string& token) {
    detail::WriteScope write(*db_);
    const auto o = store::find_opt_out_by_token(*db_, std::string(detail::trim(token)));
    if (!o) throw NotFound("unsubscribe token", token);
    store::set_opted_out(*db_, o->token);
    store::cancel_messages_to(*db_, o->office_id, o->address, "the recipient opted out");
    return o->address;
}

bool Outbox::opted_out(Id office_id, const std::string& address) const {
    detail::check_office(*db_, office_id);
    const auto o = store::find_opt_out(*db_, office_id, normalize_email(address, "address"));
    return o && o->opted_out;
}

std::optional<std::string> Outbox::unsubscribe_address(const std::string& token) const {
    const auto o = store::find_opt_out_by_token(*db_, std::string(detail::trim(token)));
    if (!o) return std::nullopt;
    return o->address;
}

}  // namespace omilcrm
