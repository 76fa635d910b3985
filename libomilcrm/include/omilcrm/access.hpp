#pragma once
// Who is calling and what they may see: access tokens with a role (office staff, coordinator,
// labour psychologist, regional analyst, integrator), the Principal a valid token stands for, the
// actor that the change logs record for every write, the audit of the API's writes, and the
// Access repository (db.access()).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

struct Office;
struct StaffMember;
enum class StaffRole;

/// What a token may do (docs/access.md has the table of resources per role).
enum class Role {
    Staff,         ///< office staff: their office's data
    Coordinator,   ///< the office's head: also staff, hand-over, catalogue, routing and rules
    Psychologist,  ///< labour psychologist: also evaluations and seekers' personal data (logged)
    Analyst,       ///< regional analyst: reads aggregates of every office, no seeker personal data
    Integrator,    ///< a key for another program: named resources, read-only unless granted write
};
template <>
struct EnumNames<Role> {
    static constexpr std::string_view field = "role";
    static constexpr auto names =
        std::to_array<std::string_view>({"staff", "coordinator", "psychologist", "analyst", "integrator"});
};

/// The role a staff member's token gets unless another is asked for: head -> coordinator,
/// labor_psychologist -> psychologist, everyone else -> staff.
Role role_of(StaffRole role) noexcept;

/// An access token as stored: everything but its secret, of which only a hash is kept.
struct Token {
    RecordMeta meta{};
    std::string name{};
    std::optional<Id> office_id{};  ///< the office whose data it reaches; an analyst may have none
    std::optional<Id> staff_id{};   ///< the person it was issued to; keys may have none
    Role role = Role::Staff;
    /// The resources it reaches ("employers", "calendar"); empty: all its role allows.
    std::vector<std::string> resources{};
    bool can_write = false;
    std::optional<Timestamp> expires_at{};
    std::optional<Timestamp> revoked_at{};
    std::optional<Timestamp> last_used_at{};  ///< to the minute

    /// Neither revoked nor expired at `now`.
    bool active_at(Timestamp now) const noexcept { return !revoked_at && (!expires_at || now < *expires_at); }
};
template <>
struct RecordFields<Token> {
    static constexpr auto fields =
        std::make_tuple(field("meta", &Token::meta), field("name", &Token::name),
                        ref<Office>("office_id", &Token::office_id), ref<StaffMember>("staff_id", &Token::staff_id),
                        field("role", &Token::role), field("resources", &Token::resources),
                        field("can_write", &Token::can_write), field("expires_at", &Token::expires_at),
                        field("revoked_at", &Token::revoked_at), field("last_used_at", &Token::last_used_at));
};

/// A token to issue. A staff member's token reaches their office, with the role their staff role
/// gives (role_of) unless `role` says otherwise; analyst and integrator keys may be issued without
/// a staff member (an integrator's then names its office; an analyst's may have none).
struct NewToken {
    std::optional<Id> staff_id{};
    std::optional<Id> office_id{};  ///< when given with a staff member, it must be theirs
    std::optional<Role> role{};
    std::string name{};  ///< default: the staff member's name, or "integrator key" / "analyst key"
    /// Resources it is limited to (see Access::resources()); empty: all its role allows.
    std::vector<std::string> resources{};
    /// Default: true for staff, coordinators and psychologists, false for integrators; an analyst
    /// never writes.
    std::optional<bool> can_write{};
    /// Valid for this many days (1 to 3650; default 90), or until `expires_at`; not both.
    std::optional<int> expires_in_days{};
    std::optional<Timestamp> expires_at{};
};
template <>
struct RecordFields<NewToken> {
    static constexpr auto fields = std::make_tuple(
        ref<StaffMember>("staff", &NewToken::staff_id), ref<Office>("office", &NewToken::office_id),
        field("role", &NewToken::role), field("name", &NewToken::name), field("resources", &NewToken::resources),
        field("can_write", &NewToken::can_write), field("expires_in_days", &NewToken::expires_in_days),
        field("expires_at", &NewToken::expires_at));
};

/// A token just issued, with its secret: "omil_" and 43 characters. The secret is shown this once;
/// only its hash is stored, so it cannot be read back.
struct IssuedToken {
    Token token{};
    std::string secret{};
};

/// Who a valid token stands for: what the HTTP API checks each request against.
struct Principal {
    Id token_id = 0;
    std::string name{};
    std::optional<Id> office_id{};
    std::optional<Id> staff_id{};
    Role role = Role::Staff;
    std::vector<std::string> resources{};  ///< empty: all its role allows
    bool can_write = false;
    std::optional<Timestamp> expires_at{};

    /// Whether it may read (or, with `write`, change) `resource` ("employers"): its role's rights
    /// (docs/access.md), narrowed to its resources and to reading unless it can write.
    bool allows(std::string_view resource, bool write = false) const;
    /// Whether it sees the records of office `office_id`: its own office's only, except an
    /// analyst's reading of aggregates, which spans every office.
    bool sees_office(Id office_id) const noexcept;
};
template <>
struct RecordFields<Principal> {
    static constexpr auto fields = std::make_tuple(
        field("token_id", &Principal::token_id), field("name", &Principal::name),
        ref<Office>("office_id", &Principal::office_id), ref<StaffMember>("staff_id", &Principal::staff_id),
        field("role", &Principal::role), field("resources", &Principal::resources),
        field("can_write", &Principal::can_write), field("expires_at", &Principal::expires_at));
};

/// Who acts for the writes that follow (Access::act_as): the change logs (employer changes, seeker
/// changes, request events, interaction revisions, referral events...) and the personal-data
/// export log record its text.
struct Actor {
    std::optional<Id> token_id{};
    std::optional<Id> staff_id{};
    /// What the logs record: "staff:3" for a staff member, "token:7" for a key without one, or
    /// any text a program chooses ("cli", "import:planilla.csv"); empty: derived from the ids.
    std::string text{};

    /// The actor of a principal: "staff:<id>" when it has a staff member, else "token:<id>".
    static Actor of(const Principal& p);
    /// The text the logs record: `text`, else "staff:<id>", else "token:<id>", else "".
    std::string display() const;
};

/// One line of the audit: a write made through the API (the API records it in the same
/// transaction as the write).
struct AuditEntry {
    Timestamp at{};          ///< when; set by Access::record
    std::string actor{};     ///< default: the current actor's text
    std::string action{};    ///< "create", "update", "transition", "revoke"...
    std::string resource{};  ///< "employers"
    std::optional<Id> record_id{};
    std::optional<Id> office_id{};
    std::string detail{};          ///< e.g. the fields changed
    std::optional<Id> token_id{};  ///< default: the current actor's token
};
template <>
struct RecordFields<AuditEntry> {
    static constexpr auto fields =
        std::make_tuple(field("at", &AuditEntry::at), field("actor", &AuditEntry::actor),
                        field("action", &AuditEntry::action), field("resource", &AuditEntry::resource),
                        field("record_id", &AuditEntry::record_id), ref<Office>("office_id", &AuditEntry::office_id),
                        field("detail", &AuditEntry::detail), field("token_id", &AuditEntry::token_id));
};

/// Restores the actor that was acting before Access::act_as when it goes out of scope (or on
/// restore()). Guards nest: each restores the one before it.
class ActingAs {
public:
    ActingAs(ActingAs&& other) noexcept;
    ActingAs& operator=(ActingAs&&) = delete;
    ActingAs(const ActingAs&) = delete;
    ActingAs& operator=(const ActingAs&) = delete;
    ~ActingAs();
    /// Puts the previous actor back now (once; later calls do nothing).
    void restore() noexcept;

private:
    friend class Access;
    ActingAs(detail::DbImpl& db, Actor previous) noexcept : db_(&db), previous_(std::move(previous)) {}
    detail::DbImpl* db_;
    Actor previous_;
};

class Access : public Repository {
public:
    using Repository::Repository;

    /// Issues a token and returns it with its secret (shown this once; only a hash is stored).
    /// Expires after 90 days unless the request says otherwise. Bad input (a staff member who
    /// left, a resource the role does not reach, an analyst that writes...) is a ValidationError
    /// naming the field; nothing is written.
    IssuedToken create(const NewToken& t);
    /// The principal of a valid secret: a token neither revoked nor expired (by the database's
    /// clock) whose staff member, if any, still works at the office; nullopt otherwise, whatever
    /// the reason (a caller learns nothing from the difference). Records the use, to the minute:
    /// at most one write a minute per token, skipped when the file is busy or read-only.
    std::optional<Principal> authenticate(std::string_view secret);
    /// Revokes a token from now on (a token already revoked keeps its first revocation).
    Token revoke(Id token_id);
    Token get(Id token_id) const;
    /// The tokens of an office (every token when none is given), by id.
    std::vector<Token> list(std::optional<Id> office_id = {}) const;
    /// The same as a table, with each token's staff member's name and its status now (active,
    /// expired, revoked).
    Table table(std::optional<Id> office_id = {}) const;

    /// The resources a token may name, in the order of docs/access.md.
    static const std::vector<std::string_view>& resources();

    /// Acts as `actor` for the writes made through this database until the returned guard goes
    /// (or restore()); the change logs and the personal-data export log record actor.display().
    [[nodiscard]] ActingAs act_as(Actor actor);
    /// The actor now (empty when nobody was named).
    const Actor& actor() const noexcept;

    /// Appends a line to the audit (at: now; actor and token: the current actor's unless given).
    /// Inside the caller's transaction it lands or is rolled back with the write it describes.
    void record(const AuditEntry& entry);
    /// The audit of an office (every office when none is given) between two dates (inclusive,
    /// America/Santiago days), oldest first: at, actor, action, resource, record_id, office_id,
    /// detail, token_id.
    Table audit(std::optional<Id> office_id = {}, std::optional<Date> from = {}, std::optional<Date> to = {}) const;
};

}  // namespace omilcrm
