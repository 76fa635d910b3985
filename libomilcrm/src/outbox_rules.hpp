#pragma once
// The outbox's rules, pure (no database, no clock): who a trigger's message goes to and with
// which values, the templates and how they are rendered, the backoff, and the e-mail itself
// (RFC 5322 with MIME parts) as the mail server receives it.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/employers.hpp"
#include "omilcrm/interactions.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/outbox.hpp"
#include "omilcrm/placements.hpp"
#include "omilcrm/requests.hpp"

namespace omilcrm::detail {

using TemplateValues = std::map<std::string, std::string, std::less<>>;

/// A message decided by a rule, before it is rendered and written.
struct Draft {
    RecipientKind kind = RecipientKind::Department;
    std::optional<Id> recipient_id{};
    std::string address{};
    std::string name{};
    Notification trigger = Notification::RequestRouted;
    std::string trigger_table{};
    Id trigger_id = 0;
    TemplateValues values{};
    std::string once_key{};  ///< empty: none (a message a change causes)
    std::string ical{};      ///< an iCalendar attachment, or empty
};

/// What a rule about a request knows of it beyond the request itself.
struct RequestContext {
    std::string office{};    ///< the office's name
    std::string category{};  ///< the category's Spanish name
    std::string employer{};  ///< the employer's name ("" when none)
    std::string department{};
};

/// A date as a Spanish reader writes it: "lunes 23 de noviembre de 2026".
std::string spanish_date(Date d);
/// A request's state in plain Spanish, for its employer: "en curso", "resuelta", ...
std::string spanish_status(RequestStatus s);

/// The message to the department a request was routed (or re-routed) to: what is asked, where,
/// for which employer, and by when (no address when the department has none: the message is then
/// written as failed, for the office to see). The requester's own name, e-mail and phone are not
/// in it, nor anything about job seekers.
Draft request_routed_message(const ServiceRequest& r, const Department& d, const RequestContext& c, bool rerouted);

/// The message telling the employer's contact who asked how their request stands after a change
/// from `from`: to the requester's e-mail, or else the employer's primary contact's. `note` is
/// included only when it is meant for the employer (`visible`); internal notes never are.
/// Nothing when there is nobody to write to.
std::optional<Draft> request_status_message(const ServiceRequest& r, RequestStatus from, const std::string& note,
                                            bool visible, const std::optional<Contact>& primary,
                                            const RequestContext& c);

/// The message to the staff member who received a portfolio: the employers (their names), how
/// many open commitments and follow-ups came with them, from whom and since when.
Draft hand_over_message(const StaffMember& from, const StaffMember& to, const std::vector<std::string>& employers,
                        std::size_t tasks, Date on, const std::string& reason, const std::string& office);

/// A reminder to the owner of a commitment (or follow-up) that is due on or before `day`.
Draft commitment_due_message(const Commitment& c, const StaffMember& owner, const std::string& employer, Date day,
                             const std::string& office);
Draft follow_up_due_message(const FollowUp& f, const StaffMember& owner, const std::string& employer, Date day,
                            const std::string& office);

/// One staff member's digest of `day`: each list one item a line ("" when there is none).
struct DigestLists {
    std::vector<std::string> visits{};
    std::vector<std::string> contacts{};
    std::vector<std::string> commitments{};
    std::vector<std::string> follow_ups{};
    std::vector<std::string> checkins{};
    std::vector<std::string> requests{};
    std::string ical{};  ///< the day's planned visits and meetings as a VCALENDAR, or empty
    bool empty() const noexcept {
        return visits.empty() && contacts.empty() && commitments.empty() && follow_ups.empty() && checkins.empty() &&
               requests.empty();
    }
};
Draft digest_message(const StaffMember& s, Date day, const DigestLists& lists, const std::string& office);

/// A reminder to the staff member following a request that a check-in with its department is
/// due: what was asked, where, for whom, and by when (once per check-in). `ctx.department` is
/// the department's name; `note` the check-in's.
Draft checkin_due_message(const CheckIn& c, const ServiceRequest& r, const StaffMember& to, const RequestContext& ctx,
                          const std::string& note);

/// A reminder that a placement's 30- or 90-day check is due (once per placement and check). No
/// personal data of the person placed: the placement's number, the employer and the vacancy.
Draft placement_check_due_message(const PlacementCheck& pc, Date start_on, const StaffMember& to,
                                  const std::string& employer, const std::string& vacancy, const std::string& office);

/// The template's {{field}} names, in order of appearance.
std::vector<std::string> fields_in(std::string_view text);
/// Checks a template before it is kept: every {{field}} is one the trigger offers; subject and
/// text not blank. ValidationError naming the part and the field.
void check_template(const MessageTemplate& t);

/// A message's parts rendered from the template and the values.
struct Rendered {
    std::string subject{};
    std::string text{};
    std::string html{};
};
Rendered render(const MessageTemplate& t, const TemplateValues& values);

/// The sender's address inside "Name <address>" (or the text itself).
std::string address_of(std::string_view from);

/// The message as it goes to the mail server (CRLF line ends): headers (Date `date`, From, To,
/// Subject as RFC 2047 encoded words when not ASCII, Message-ID, MIME-Version, Auto-Submitted)
/// and a multipart/alternative body (text/plain and text/html, UTF-8, base64), inside a
/// multipart/mixed with a text/calendar part when the message has an iCalendar attachment.
/// With an `unsubscribe` link (a message to an employer's contact, when the office's public URL
/// is known), List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 one-click) headers and a
/// footer with the link in both parts.
std::string compose_mime(const Message& m, std::string_view from, Timestamp date, std::string_view unsubscribe = {});

/// PUBLIC_URL/unsubscribe/TOKEN (a trailing '/' of the URL dropped); empty when either is.
std::string unsubscribe_url(std::string_view public_url, std::string_view token);

}  // namespace omilcrm::detail
