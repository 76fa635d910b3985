// Access tokens, principals, actors and the audit.
#include "omilcrm/access.hpp"

#include <sodium.h>

#include <array>
#include <chrono>

#include "access_rules.hpp"
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "store/access.hpp"
#include "store/offices.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

constexpr std::string_view kPrefix = "omil_";
constexpr std::size_t kSecretBytes = 32;
// "omil_" and the 32 bytes in unpadded base64url.
constexpr std::size_t kSecretLength = 5 + 43;
// Last use is recorded at most this often per token.
constexpr auto kTouchEvery = std::chrono::minutes{1};

void need_sodium() {
    static const int ready = sodium_init();
    if (ready < 0) throw Error("libsodium could not be initialised");
}

// A new secret: "omil_" and 32 random bytes, in unpadded base64url.
std::string new_secret() {
    need_sodium();
    std::array<unsigned char, kSecretBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(bytes.data(), bytes.size());
    return std::string(kPrefix) + text.data();
}

// The stored form of a secret: its BLAKE2b-256 hash in hex. The secret is 256 random bits, so a
// fast hash is enough: nothing can be guessed from it, and no dictionary covers the secrets.
std::string secret_hash(std::string_view secret) {
    need_sodium();
    std::array<unsigned char, crypto_generichash_BYTES> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                       nullptr, 0);
    std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
    return std::string(hex.data(), hex.size() - 1);
}

Timestamp now_of(const detail::DbImpl& db) { return Timestamp{std::chrono::microseconds{detail::now_us(db)}}; }

bool well_formed(std::string_view secret) noexcept {
    if (secret.size() != kSecretLength || secret.substr(0, kPrefix.size()) != kPrefix) return false;
    for (const char c : secret.substr(kPrefix.size()))
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

Principal principal_of(const Token& t) {
    return {.token_id = t.meta.id,
            .name = t.name,
            .office_id = t.office_id,
            .staff_id = t.staff_id,
            .role = t.role,
            .resources = t.resources,
            .can_write = t.can_write,
            .expires_at = t.expires_at};
}

std::string status_of(const Token& t, Timestamp now) {
    if (t.revoked_at) return "revoked";
    if (t.expires_at && now >= *t.expires_at) return "expired";
    return "active";
}

}  // namespace

// ---- actors --------------------------------------------------------------------------------

Actor Actor::of(const Principal& p) {
    Actor a{.token_id = p.token_id, .staff_id = p.staff_id, .text = {}};
    a.text = a.display();
    return a;
}

std::string Actor::display() const {
    if (!text.empty()) return text;
    if (staff_id) return "staff:" + std::to_string(*staff_id);
    if (token_id) return "token:" + std::to_string(*token_id);
    return {};
}

ActingAs::ActingAs(ActingAs&& other) noexcept : db_(other.db_), previous_(std::move(other.previous_)) {
    other.db_ = nullptr;
}

ActingAs::~ActingAs() { restore(); }

void ActingAs::restore() noexcept {
    if (!db_) return;
    detail::exchange_actor(*db_, std::move(previous_));
    db_ = nullptr;
}

ActingAs Access::act_as(Actor actor) {
    actor.text = actor.display();
    detail::check_text("actor", actor.text, 200);
    return ActingAs(*db_, detail::exchange_actor(*db_, std::move(actor)));
}

const Actor& Access::actor() const noexcept { return detail::actor(*db_); }

// ---- tokens --------------------------------------------------------------------------------

IssuedToken Access::create(const NewToken& in) {
    detail::WriteScope write(*db_);
    Token t;
    std::optional<StaffMember> staff;
    if (in.staff_id) {
        staff = store::find_staff(*db_, *in.staff_id);
        if (!staff) throw NotFound("staff member", std::to_string(*in.staff_id));
        if (staff->left && *staff->left <= today())
            throw ValidationError(
                "staff", std::to_string(*in.staff_id),
                "left the office on " + staff->left->iso() + "; a token needs someone who works there");
        if (in.office_id && *in.office_id != staff->office_id)
            throw ValidationError("office", std::to_string(*in.office_id),
                                  "is not staff member " + std::to_string(*in.staff_id) + "'s office (" +
                                      std::to_string(staff->office_id) + ")");
    }
    t.role = in.role ? *in.role : staff ? role_of(staff->role) : Role::Staff;
    if (!staff && t.role != Role::Analyst && t.role != Role::Integrator)
        throw ValidationError("staff", "",
                              "is required for a " + std::string(to_string(t.role)) +
                                  " token (only analyst and integrator keys may have none)");
    t.office_id = staff ? std::optional<Id>(staff->office_id) : in.office_id;
    if (!t.office_id && t.role == Role::Integrator)
        throw ValidationError("office", "", "is required for an integrator key without a staff member");
    if (t.office_id) detail::check_office(*db_, *t.office_id);
    t.staff_id = in.staff_id;
    t.resources = detail::check_resources(t.role, in.resources);
    t.can_write = detail::check_can_write(t.role, in.can_write);
    const Timestamp now = now_of(*db_);
    t.expires_at = detail::token_expiry(now, in.expires_in_days, in.expires_at);
    t.name = std::string(detail::trim(in.name));
    if (t.name.empty()) t.name = staff ? staff->name : std::string(to_string(t.role)) + " key";
    detail::check_text("name", t.name, 200);
    t.meta = detail::new_meta(*db_);
    IssuedToken issued{.token = {}, .secret = new_secret()};
    store::insert_token(*db_, t, secret_hash(issued.secret));
    issued.token = std::move(t);
    return issued;
}

std::optional<Principal> Access::authenticate(std::string_view secret) {
    if (!well_formed(secret)) return std::nullopt;
    const auto found = store::find_token_by_hash(*db_, secret_hash(secret));
    if (!found) return std::nullopt;
    const Token& t = found->token;
    const Timestamp now = now_of(*db_);
    if (!t.active_at(now)) return std::nullopt;
    if (found->staff_left && *found->staff_left <= today()) return std::nullopt;
    if (!t.last_used_at || now - *t.last_used_at >= kTouchEvery) store::touch_token(*db_, t.meta.id, now);
    return principal_of(t);
}

Token Access::revoke(Id token_id) {
    detail::WriteScope write(*db_);
    const Token t = get(token_id);
    if (!t.revoked_at) store::set_token_revoked(*db_, token_id, now_of(*db_));
    return get(token_id);
}

Token Access::get(Id token_id) const {
    auto t = store::find_token(*db_, token_id);
    if (!t) throw NotFound("token", std::to_string(token_id));
    return std::move(*t);
}

std::vector<Token> Access::list(std::optional<Id> office_id) const {
    if (office_id) detail::check_office(*db_, *office_id);
    return store::list_tokens(*db_, office_id);
}

Table Access::table(std::optional<Id> office_id) const {
    const auto tokens = list(office_id);
    const Timestamp now = now_of(*db_);
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& role = t.add_column("role", ColumnType::Text);
    auto& office = t.add_column("office_id", ColumnType::Int);
    auto& staff = t.add_column("staff_id", ColumnType::Int);
    auto& staff_name = t.add_column("staff", ColumnType::Text);
    auto& resources = t.add_column("resources", ColumnType::Text);
    auto& can_write = t.add_column("can_write", ColumnType::Bool);
    auto& created = t.add_column("created_at", ColumnType::Timestamp);
    auto& expires = t.add_column("expires_at", ColumnType::Timestamp);
    auto& revoked = t.add_column("revoked_at", ColumnType::Timestamp);
    auto& used = t.add_column("last_used_at", ColumnType::Timestamp);
    auto& status = t.add_column("status", ColumnType::Text);
    for (const auto& k : tokens) {
        push_value(id, k.meta.id);
        push_value(name, k.name);
        push_value(role, k.role);
        push_value(office, k.office_id);
        push_value(staff, k.staff_id);
        if (k.staff_id) {
            const auto s = store::find_staff(*db_, *k.staff_id);
            push_value(staff_name, s ? s->name : std::string());
        } else {
            staff_name.push_null();
        }
        push_value(resources, k.resources);
        push_value(can_write, k.can_write);
        push_value(created, k.meta.created_at);
        push_value(expires, k.expires_at);
        push_value(revoked, k.revoked_at);
        push_value(used, k.last_used_at);
        push_value(status, status_of(k, now));
    }
    return t;
}

// ---- the audit -----------------------------------------------------------------------------

void Access::record(const AuditEntry& in) {
    detail::WriteScope write(*db_);
    AuditEntry e = in;
    const Actor& current = detail::actor(*db_);
    if (e.actor.empty()) e.actor = current.text;
    if (!e.token_id) e.token_id = current.token_id;
    if (e.actor.empty()) throw ValidationError("actor", "", "is required: act_as() someone, or name the actor");
    e.action = std::string(detail::trim(e.action));
    e.resource = std::string(detail::trim(e.resource));
    if (e.action.empty()) throw ValidationError("action", in.action, "is required");
    if (e.resource.empty()) throw ValidationError("resource", in.resource, "is required");
    if (e.office_id) detail::check_office(*db_, *e.office_id);
    if (e.token_id && !store::find_token(*db_, *e.token_id))
        throw ValidationError("token_id", std::to_string(*e.token_id), "is not the id of any token");
    e.at = now_of(*db_);
    store::insert_audit(*db_, e, today());
}

Table Access::audit(std::optional<Id> office_id, std::optional<Date> from, std::optional<Date> to) const {
    if (office_id) detail::check_office(*db_, *office_id);
    if (from && to && *to < *from) throw ValidationError("to", to->iso(), "is before from " + from->iso());
    return table_of(store::list_audit(*db_, office_id, from, to));
}

}  // namespace omilcrm
