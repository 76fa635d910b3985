#pragma once
// Job seekers' rights under Ley 21.719 (the personal data law in force since 1 December 2026):
// the register of the requests a person makes to the office (access, rectification, erasure,
// opposition, portability, blocking) with their legal deadlines; the answer to an access request
// (every personal field, where it came from, what it is used for, who received it, how long it is
// kept); portability (a documented JSON layout another office imports); erasure that keeps the
// office's figures true; blocking and opposition periods; retention. docs/personal-data.md maps
// each article to what serves it. The decisions are the pure functions of omilcrm::rights.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/business_days.hpp"
#include "omilcrm/date.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/seekers.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Office;
struct StaffMember;
struct Employer;

/// What a person asks the office for.
enum class RightKind { Access, Rectification, Erasure, Opposition, Portability, Blocking };
/// "access", "rectification", "erasure", "opposition", "portability", "blocking".
template <>
struct EnumNames<RightKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>(
        {"access", "rectification", "erasure", "opposition", "portability", "blocking"});
};

/// Where a request stands: received (the clock runs), extended (once, with a reason), answered or
/// refused (with the legal reason).
enum class RightsStatus { Received, Extended, Answered, Refused };
template <>
struct EnumNames<RightsStatus> {
    static constexpr std::string_view field = "status";
    static constexpr auto names = std::to_array<std::string_view>({"received", "extended", "answered", "refused"});
};

/// A period in which a seeker's data is not processed: blocked (temporarily, while a request is
/// settled) or opposed (the person objected).
enum class RestrictionKind { Blocking, Opposition };
template <>
struct EnumNames<RestrictionKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>({"blocking", "opposition"});
};

/// A data-subject request, as registered.
struct RightsRequest {
    RecordMeta meta{};
    Id office_id = 0;
    Id seeker_id = 0;
    RightKind kind = RightKind::Access;
    std::string detail{};  ///< what the person asked, in their words
    Date received_on{};
    Id verified_by = 0;          ///< the staff member who verified the person's identity
    std::string verification{};  ///< how ("cédula de identidad presentada en la oficina")
    Date due_on{};               ///< the legal deadline (rights::due_on)
    std::optional<Date> extended_on{};
    std::string extension_reason{};
    RightsStatus status = RightsStatus::Received;
    std::optional<Date> answered_on{};
    std::optional<Id> answered_by{};
    std::string answer{};  ///< what the office answered, or the legal reason it refused
};
template <>
struct RecordFields<RightsRequest> {
    using R = RightsRequest;
    static constexpr auto fields = std::make_tuple(
        field("meta", &R::meta), ref<Office>("office_id", &R::office_id), ref<JobSeeker>("seeker_id", &R::seeker_id),
        field("kind", &R::kind), field("detail", &R::detail), field("received_on", &R::received_on),
        ref<StaffMember>("verified_by", &R::verified_by), field("verification", &R::verification),
        field("due_on", &R::due_on), field("extended_on", &R::extended_on),
        field("extension_reason", &R::extension_reason), field("status", &R::status),
        field("answered_on", &R::answered_on), ref<StaffMember>("answered_by", &R::answered_by),
        field("answer", &R::answer));
};

struct NewRightsRequest {
    Id seeker_id = 0;
    RightKind kind = RightKind::Access;
    std::string detail{};
    std::optional<Date> received_on{};  ///< default today
    Id verified_by = 0;
    std::string verification{};
};
template <>
struct RecordFields<NewRightsRequest> {
    using R = NewRightsRequest;
    static constexpr auto fields =
        std::make_tuple(ref<JobSeeker>("seeker", &R::seeker_id).required(), field("kind", &R::kind).required(),
                        field("detail", &R::detail), field("received_on", &R::received_on),
                        ref<StaffMember>("verified_by", &R::verified_by).required(),
                        field("verification", &R::verification).required());
};

/// A blocking or opposition period: the seeker is left out of matching, referrals, programme
/// offers and exports from `from` to `to` (open-ended while `to` is empty); "start" and "end"
/// in JSON and Python, where `from` is a keyword.
struct SeekerRestriction {
    RecordMeta meta{};
    Id seeker_id = 0;
    RestrictionKind kind = RestrictionKind::Blocking;
    Date from{};
    std::optional<Date> to{};
    std::string reason{};
    std::optional<Id> request_id{};
    std::optional<Id> staff_id{};
};
template <>
struct RecordFields<SeekerRestriction> {
    using R = SeekerRestriction;
    static constexpr auto fields =
        std::make_tuple(field("meta", &R::meta), ref<JobSeeker>("seeker_id", &R::seeker_id), field("kind", &R::kind),
                        field("start", &R::from), field("end", &R::to), field("reason", &R::reason),
                        ref<RightsRequest>("request_id", &R::request_id), ref<StaffMember>("staff_id", &R::staff_id));
};

struct NewRestriction {
    Id seeker_id = 0;
    RestrictionKind kind = RestrictionKind::Blocking;
    std::optional<Date> from{};  ///< default today
    std::optional<Date> to{};
    std::string reason{};
    std::optional<Id> request_id{};
    Id staff_id = 0;
};
template <>
struct RecordFields<NewRestriction> {
    using R = NewRestriction;
    static constexpr auto fields =
        std::make_tuple(ref<JobSeeker>("seeker", &R::seeker_id).required(), field("kind", &R::kind).required(),
                        field("start", &R::from), field("end", &R::to), field("reason", &R::reason).required(),
                        ref<RightsRequest>("request", &R::request_id), ref<StaffMember>("by", &R::staff_id).required());
};

/// Someone who received the person's data: an employer (a referral: the profile and the contact
/// details shared with it), a programme (an offer), the regional file (the profile without
/// personal data).
struct Recipient {
    std::string kind{};  ///< "employer", "programme", "regional_file"
    std::optional<Id> employer_id{};
    std::string name{};  ///< the employer's legal name, the programme, the directorate
    std::string rut{};   ///< the employer's RUT
    Date on{};
    std::string shared{};  ///< what was shared ("perfil laboral, nombre, teléfono, correo")
    std::string purpose{};
};
template <>
struct RecordFields<Recipient> {
    using R = Recipient;
    static constexpr auto fields = std::make_tuple(
        field("kind", &R::kind), ref<Employer>("employer_id", &R::employer_id), field("name", &R::name),
        field("rut", &R::rut), field("on", &R::on), field("shared", &R::shared), field("purpose", &R::purpose));
};

/// One consent the person gave (the current one last).
struct ConsentRecord {
    Date on{};
    std::vector<std::string> scope{};
};
template <>
struct RecordFields<ConsentRecord> {
    static constexpr auto fields =
        std::make_tuple(field("on", &ConsentRecord::on), field("scope", &ConsentRecord::scope));
};

/// The answer to an access request: everything Ley 21.719 asks the office to tell the person.
struct SubjectAccess {
    Date produced_on{};
    std::string office{};  ///< the office that holds the data (the controller)
    JobSeeker seeker{};    ///< every field, personal data included
    std::string origin{};  ///< where the data came from
    std::vector<ConsentRecord> consents{};
    std::vector<std::string> purposes{};  ///< what the data is used for, from the consent and the law
    std::vector<Recipient> recipients{};
    std::vector<SeekerRestriction> restrictions{};
    std::vector<WorkshopAttendance> workshops{};
    std::string retention{};  ///< how long the data is kept
};
template <>
struct RecordFields<SubjectAccess> {
    using R = SubjectAccess;
    static constexpr auto fields =
        std::make_tuple(field("produced_on", &R::produced_on), field("office", &R::office), field("seeker", &R::seeker),
                        field("origin", &R::origin), field("consents", &R::consents), field("purposes", &R::purposes),
                        field("recipients", &R::recipients), field("restrictions", &R::restrictions),
                        field("workshops", &R::workshops), field("retention", &R::retention));
};

/// What an erasure did: erased, or refused with the legal reason (both recorded).
struct ErasureOutcome {
    Id seeker_id = 0;
    bool erased = false;
    std::string reason{};  ///< why it was refused ("" when erased)
};
template <>
struct RecordFields<ErasureOutcome> {
    static constexpr auto fields =
        std::make_tuple(ref<JobSeeker>("seeker_id", &ErasureOutcome::seeker_id),
                        field("erased", &ErasureOutcome::erased), field("reason", &ErasureOutcome::reason));
};

/// A profile the retention rule reaches: inactive since `last_active`, expired on `expired_on`.
struct RetentionItem {
    Id seeker_id = 0;
    Date last_active{};
    Date expired_on{};
    std::string refused{};  ///< why it is kept although expired ("" when it is anonymised)
};
template <>
struct RecordFields<RetentionItem> {
    using R = RetentionItem;
    static constexpr auto fields =
        std::make_tuple(ref<JobSeeker>("seeker_id", &R::seeker_id), field("last_active", &R::last_active),
                        field("expired_on", &R::expired_on), field("refused", &R::refused));
};

/// The personal fields a rectification changes (art. 6); unset ones stay. Phone, e-mail and
/// address change through Seekers::update, as any profile change does.
struct Rectification {
    std::optional<std::string> rut{};
    std::optional<std::string> name{};
    std::optional<std::optional<Date>> birth_date{};  ///< a value sets it; an empty one clears it
};
template <>
struct RecordFields<Rectification> {
    static constexpr auto fields =
        std::make_tuple(field("rut", &Rectification::rut), field("name", &Rectification::name),
                        field("birth_date", &Rectification::birth_date));
};

/// The rules, pure: no database, no clock.
namespace rights {
/// Calendar days the office has to answer, and the one extension of as many.
inline constexpr int kAnswerDays = 30;
/// Business days the office has to answer a blocking request (art. 11), not extendable.
inline constexpr int kBlockingBusinessDays = 2;
/// The deadline of a request received on `received`: 30 calendar days, 60 once extended.
Date due_on(Date received, bool extended);
/// The deadline of a request of `kind`: a blocking request 2 business days of the office's
/// calendar `holidays`; any other due_on(received, false).
Date due_on(RightKind kind, Date received, const HolidayCalendar& holidays);
/// True while the request waits for an answer (received or extended).
bool is_open(RightsStatus s) noexcept;
/// Days past the deadline on `day` (negative: days left); 0 for a closed request.
std::int64_t days_overdue(const RightsRequest& r, Date day) noexcept;
/// True when the restriction covers `day`.
bool covers(const SeekerRestriction& r, Date day) noexcept;
/// The day a profile last active on `last_active` expires under a rule of `years` (29 February
/// falls to 28 February).
Date expires_on(Date last_active, int years);
/// Why the law lets the office keep the data of a seeker with a placement that started on
/// `start_on` and whose 90-day follow-up is `checked_90`, on `day`: the follow-up is under way
/// until it is recorded or 30 days past its due day. Empty when nothing keeps it.
std::optional<std::string> placement_keeps(Date start_on, std::optional<Date> checked_90, Date day);
}  // namespace rights

struct RightsFilter {
    bool open_only = true;
    std::optional<RightKind> kind{};
    std::optional<Id> seeker_id{};
};

/// The office's duties to the people whose data it holds.
class DataRights : public Repository {
public:
    using Repository::Repository;

    // The register.
    /// Registers a request: the seeker, the kind, who verified the person's identity and how;
    /// its deadline follows from the day received.
    RightsRequest receive(const NewRightsRequest& r);
    RightsRequest get(Id id) const;
    std::vector<RightsRequest> list(Id office_id, const RightsFilter& f = {}) const;
    /// Open requests past their deadline on `day`, most overdue first.
    std::vector<RightsRequest> overdue(Id office_id, Date day) const;
    /// Extends the deadline once by 30 days, with the reason (Conflict the second time, and for a
    /// blocking request, whose 2 business days the law does not extend).
    RightsRequest extend(Id id, const std::string& reason, Id staff_id, std::optional<Date> on = {});
    /// Records the answer given (Conflict when already closed).
    RightsRequest answer(Id id, const std::string& answer, Id staff_id, std::optional<Date> on = {});
    /// Records a refusal with its legal reason.
    RightsRequest refuse(Id id, const std::string& reason, Id staff_id, std::optional<Date> on = {});
    /// Per kind, over [from, to]: received, answered in time, answered late, refused, open, overdue.
    Table report(Id office_id, Date from, Date to) const;

    // Access and portability (each logged as a read of personal data answering the person).
    SubjectAccess access(Id seeker_id, Id staff_id);
    /// The portable copy: JSON in the layout of docs/personal-data.md ("omilcrm.portable/1").
    std::string portable_json(Id seeker_id, Id staff_id);
    /// The same as one CSV row per fact (section, field, value).
    Table portable_table(Id seeker_id, Id staff_id);
    /// Registers at `office_id` the person of a portable copy made by any office.
    JobSeeker import_portable(Id office_id, const std::string& json, Id staff_id);

    // Rectification.
    /// Corrects the person's RUT, name or birth date; each change goes to the seeker's change log
    /// (whose personal values an erasure removes). With a request, it is answered.
    JobSeeker rectify(Id seeker_id, const Rectification& r, Id staff_id, std::optional<Id> request_id = {});

    // Erasure.
    /// Removes the seeker's personal data for good: the personal record, personal values in the
    /// change log, the profile's free-text detail; the profile stays, anonymous, so referrals and
    /// placements still count. Refused (and recorded) where the law lets the office keep it.
    ErasureOutcome erase(Id seeker_id, Id staff_id, std::optional<Id> request_id = {});

    // Blocking and opposition.
    SeekerRestriction restrict(const NewRestriction& r);
    /// Ends a restriction on `to` (the last day it covers).
    SeekerRestriction lift(Id restriction_id, Date to, Id staff_id);
    SeekerRestriction restriction(Id restriction_id) const;
    std::vector<SeekerRestriction> restrictions(Id seeker_id) const;
    bool restricted(Id seeker_id, Date day) const;

    // Retention.
    /// Profiles inactive for `years` are anonymised (empty: the office keeps them).
    void set_retention(Id office_id, std::optional<int> years);
    std::optional<int> retention(Id office_id) const;
    /// What the rule reaches on `day` (a dry run: nothing changes).
    std::vector<RetentionItem> expired(Id office_id, Date day) const;
    /// Anonymises what expired(), except what the law keeps; returns what it did.
    std::vector<RetentionItem> apply_retention(Id office_id, Date day, Id staff_id);
};

/// The access answer as a readable document for the person (Spanish, HTML, printable).
std::string access_document(const SubjectAccess& a);

}  // namespace omilcrm
