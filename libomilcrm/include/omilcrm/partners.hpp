#pragma once
// Partner institutions: the universities, training bodies (OTEC), other public services (SENCE,
// IPS, FOSIS...) and business associations an office works with beside its employers
// («integrar al mundo académico», «otros servicios públicos»). Each office keeps its own
// registry; a partner co-hosts events, is invited to them and attends them (outreach.hpp), is in
// the audience of a showing of the office's material, and its people take part in interactions
// (interactions.hpp, Participant). The Partners repository is db.partners().
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

struct Office;       // offices.hpp
struct Event;        // outreach.hpp
struct Interaction;  // interactions.hpp

/// What a partner is: university (or another academic institution), training_body (an OTEC),
/// public_service (SENCE, IPS, FOSIS, a health service...), business_association (a chamber of
/// commerce, a trade association that is not a cluster of the office), other.
enum class PartnerKind { University, TrainingBody, PublicService, BusinessAssociation, Other };
template <>
struct EnumNames<PartnerKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>(
        {"university", "training_body", "public_service", "business_association", "other"});
};

struct Partner {
    RecordMeta meta{};
    Id office_id = 0;
    std::string name{};  ///< "SENCE Dirección Regional de Valparaíso"; unique in the office
    PartnerKind kind = PartnerKind::Other;
    std::string contact_name{};  ///< the person the office deals with
    std::string email{};
    std::string phone{};
    std::string commune{};  ///< CUT code, "" when not given
    std::string notes{};
};
template <>
struct RecordFields<Partner> {
    using P = Partner;
    static constexpr auto fields =
        std::make_tuple(field("meta", &P::meta), ref<Office>("office_id", &P::office_id), field("name", &P::name),
                        field("kind", &P::kind), field("contact_name", &P::contact_name), field("email", &P::email),
                        field("phone", &P::phone), field("commune", &P::commune), field("notes", &P::notes));
};

struct NewPartner {
    Id office_id = 0;
    std::string name{};
    PartnerKind kind = PartnerKind::Other;
    std::string contact_name{};
    std::string email{};
    std::string phone{};
    std::string commune{};  ///< a commune's name or CUT code, or ""
    std::string notes{};
};
/// As Partners.add() takes them in Python.
template <>
struct RecordFields<NewPartner> {
    using P = NewPartner;
    static constexpr auto fields = std::make_tuple(
        ref<Office>("office", &P::office_id).required(), field("name", &P::name).required(),
        field("kind", &P::kind).required(), field("contact_name", &P::contact_name), field("email", &P::email),
        field("phone", &P::phone), field("commune", &P::commune), field("notes", &P::notes));
};

/// Fields to change; unset ones stay.
struct PartnerChanges {
    std::optional<std::string> name{};
    std::optional<PartnerKind> kind{};
    std::optional<std::string> contact_name{};
    std::optional<std::string> email{};
    std::optional<std::string> phone{};
    std::optional<std::string> commune{};
    std::optional<std::string> notes{};
};

class Partners : public Repository {
public:
    using Repository::Repository;
    /// Adds a partner to the office's registry: a name (unique in the office: Conflict naming the
    /// partner that has it) and a kind are required; the e-mail, when given, must look like one;
    /// the commune is a commune's name or CUT code. ValidationError naming the field otherwise.
    Partner add(const NewPartner& p);
    Partner get(Id id) const;
    /// The office's partners by name, of one kind when given.
    std::vector<Partner> list(Id office_id, std::optional<PartnerKind> kind = {}) const;
    /// Changes the given fields, with add()'s checks.
    Partner update(Id id, const PartnerChanges& changes);
    /// The events the partner co-hosted, was invited to or attended, by date.
    std::vector<Event> events(Id partner_id) const;
    /// The interactions where people of the partner took part (Participant::partner_id), newest
    /// first; in [from, to] when given.
    std::vector<Interaction> interactions(Id partner_id, std::optional<Date> from = {},
                                          std::optional<Date> to = {}) const;
    /// One row per partner of the office, by name: id, name, kind, and in [from, to] the events
    /// it co-hosted, was invited to and attended, the showings it was in the audience of, and
    /// the interactions its people took part in.
    Table activity(Id office_id, Date from, Date to) const;
    /// The same per kind, every kind in its order (a kind with no partner gives zeros): kind,
    /// partners, events co-hosted, invited and attended, showings, interactions, then a "total"
    /// row.
    Table report(Id office_id, Date from, Date to) const;
};

}  // namespace omilcrm
