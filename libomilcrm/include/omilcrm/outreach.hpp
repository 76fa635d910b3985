#pragma once
// Outreach: events with employers (business meetings, job fairs, breakfasts, coordination tables)
// and the material that presents the office (the regional institutional video, a banner, a
// brochure) with each showing recorded; the Events and Outreach repositories (db.events(),
// db.outreach()). The regional directorate that consolidates offices' files is region.hpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/offices.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"
#include "omilcrm/vacancies.hpp"

namespace omilcrm {

struct Employer;     // employers.hpp
struct Partner;      // partners.hpp
struct JobSeeker;    // seekers.hpp
struct Contact;      // employers.hpp
struct StaffMember;  // offices.hpp

/// An event's kind: business_meeting (encuentro empresarial), job_fair (feria laboral),
/// business_breakfast (desayuno empresarial), coordination_table (mesa de coordinación municipal).
enum class EventKind { BusinessMeeting, JobFair, BusinessBreakfast, CoordinationTable, Other };
template <>
struct EnumNames<EventKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>(
        {"business_meeting", "job_fair", "business_breakfast", "coordination_table", "other"});
};

struct Event {
    RecordMeta meta{};
    Id office_id = 0;  ///< the office that organises or records it
    EventKind kind = EventKind::BusinessMeeting;
    std::string title{};
    Date on{};
    std::string place{};
    std::string commune{};    ///< CUT code
    std::string organiser{};  ///< "OMIL Concón y Cámara de Comercio"
    std::optional<Id> staff_id{};
    std::string notes{};
    std::vector<Id> co_hosts{};       ///< other offices taking part
    std::vector<Id> partner_hosts{};  ///< partner institutions co-hosting it (partners.hpp)
};
template <>
struct RecordFields<Event> {
    static constexpr auto fields =
        std::make_tuple(field("meta", &Event::meta), field("office_id", &Event::office_id), field("kind", &Event::kind),
                        field("title", &Event::title), field("on", &Event::on), field("place", &Event::place),
                        field("commune", &Event::commune), field("organiser", &Event::organiser),
                        field("staff_id", &Event::staff_id), field("notes", &Event::notes),
                        field("co_hosts", &Event::co_hosts), field("partner_hosts", &Event::partner_hosts));
};

struct NewEvent {
    Id office_id = 0;
    EventKind kind = EventKind::BusinessMeeting;
    std::string title{};
    Date on{};
    std::string place{};
    std::string commune{};  ///< default: the office's commune
    std::string organiser{};
    std::optional<Id> staff_id{};
    std::string notes{};
    std::vector<Id> co_hosts{};
    std::vector<Id> partner_hosts{};  ///< partners of the office (or of a co-host) co-hosting it
};
/// As Events.add() takes them in Python ("by" the staff member).
template <>
struct RecordFields<NewEvent> {
    static constexpr auto fields = std::make_tuple(
        ref<Office>("office", &NewEvent::office_id).required(), field("title", &NewEvent::title).required(),
        field("on", &NewEvent::on).required(), field("kind", &NewEvent::kind), field("place", &NewEvent::place),
        field("commune", &NewEvent::commune), field("organiser", &NewEvent::organiser),
        ref<StaffMember>("by", &NewEvent::staff_id), field("notes", &NewEvent::notes),
        ref<Office>("co_hosts", &NewEvent::co_hosts), ref<Partner>("partner_hosts", &NewEvent::partner_hosts));
};

/// An employer at an event: invited, attended (then `interaction_id` is the entry the attendance
/// left in its interaction log).
struct EventGuest {
    Id event_id = 0;
    Id employer_id = 0;
    bool invited = false;
    bool attended = false;
    std::optional<Id> interaction_id{};
};
template <>
struct RecordFields<EventGuest> {
    static constexpr auto fields =
        std::make_tuple(field("event_id", &EventGuest::event_id), field("employer_id", &EventGuest::employer_id),
                        field("invited", &EventGuest::invited), field("attended", &EventGuest::attended),
                        field("interaction_id", &EventGuest::interaction_id));
};

/// A partner institution at an event: co-hosting it, invited, attended (with how many of its
/// people came, 0 when not counted).
struct EventPartner {
    Id event_id = 0;
    Id partner_id = 0;
    bool co_host = false;
    bool invited = false;
    bool attended = false;
    int attendees = 0;
};
template <>
struct RecordFields<EventPartner> {
    using P = EventPartner;
    static constexpr auto fields = std::make_tuple(
        field("event_id", &P::event_id), ref<Partner>("partner_id", &P::partner_id), field("co_host", &P::co_host),
        field("invited", &P::invited), field("attended", &P::attended), field("attendees", &P::attendees));
};

enum class AssetKind { Video, Banner, Brochure, Presentation, Other };
template <>
struct EnumNames<AssetKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names =
        std::to_array<std::string_view>({"video", "banner", "brochure", "presentation", "other"});
};

/// Material that presents the office. The region's material keeps one UUID in every office file,
/// so its showings add up when the files are consolidated.
struct OutreachAsset {
    RecordMeta meta{};
    std::string name{};
    AssetKind kind = AssetKind::Video;
    std::string produced_by{};
    std::string description{};
};
template <>
struct RecordFields<OutreachAsset> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &OutreachAsset::meta), field("name", &OutreachAsset::name), field("kind", &OutreachAsset::kind),
        field("produced_by", &OutreachAsset::produced_by), field("description", &OutreachAsset::description));
};

/// Where the material was shown.
enum class Setting { CompanyMeeting, MunicipalDepartment, JobFair, BusinessMeeting, SenceActivity, Other };
template <>
struct EnumNames<Setting> {
    static constexpr std::string_view field = "setting";
    static constexpr auto names = std::to_array<std::string_view>(
        {"company_meeting", "municipal_department", "job_fair", "business_meeting", "sence_activity", "other"});
};

enum class Audience { Employers, JobSeekers, MunicipalStaff, Mixed, Other };
template <>
struct EnumNames<Audience> {
    static constexpr std::string_view field = "audience";
    static constexpr auto names =
        std::to_array<std::string_view>({"employers", "job_seekers", "municipal_staff", "mixed", "other"});
};

struct Showing {
    RecordMeta meta{};
    Id asset_id = 0;
    Id office_id = 0;
    Date on{};
    Setting setting = Setting::CompanyMeeting;
    Audience audience = Audience::Employers;
    int audience_size = 0;
    std::optional<Id> event_id{};
    std::optional<Id> staff_id{};
    std::string notes{};
    std::vector<Id> employers{};  ///< employers present
    std::vector<Id> partners{};   ///< partner institutions in the audience
};
template <>
struct RecordFields<Showing> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Showing::meta), field("asset_id", &Showing::asset_id), field("office_id", &Showing::office_id),
        field("on", &Showing::on), field("setting", &Showing::setting), field("audience", &Showing::audience),
        field("audience_size", &Showing::audience_size), field("event_id", &Showing::event_id),
        field("staff_id", &Showing::staff_id), field("notes", &Showing::notes), field("employers", &Showing::employers),
        field("partners", &Showing::partners));
};

struct NewShowing {
    Id asset_id = 0;
    Id office_id = 0;
    Date on{};
    Setting setting = Setting::CompanyMeeting;
    Audience audience = Audience::Employers;
    int audience_size = 0;
    std::optional<Id> event_id{};  ///< shown at this event
    std::optional<Id> staff_id{};
    std::string notes{};
    std::vector<Id> employers{};
    std::vector<Id> partners{};  ///< partners of the office in the audience
};
/// As Outreach.record() takes them in Python ("by" the staff member).
template <>
struct RecordFields<NewShowing> {
    static constexpr auto fields = std::make_tuple(
        ref<OutreachAsset>("asset", &NewShowing::asset_id).required(),
        ref<Office>("office", &NewShowing::office_id).required(), field("on", &NewShowing::on).required(),
        field("setting", &NewShowing::setting).required(), field("audience", &NewShowing::audience),
        field("audience_size", &NewShowing::audience_size), ref<Event>("event", &NewShowing::event_id),
        ref<StaffMember>("by", &NewShowing::staff_id), field("notes", &NewShowing::notes),
        ref<Employer>("employers", &NewShowing::employers), ref<Partner>("partners", &NewShowing::partners));
};

/// What a person's consent to appear in outreach material covers: image (their image or voice in
/// it) or testimonial (their own story told in it). A seeker's appearance needs the consent scope
/// of the same name; neither implies the other.
enum class AppearanceScope { Image, Testimonial };
template <>
struct EnumNames<AppearanceScope> {
    static constexpr std::string_view field = "scope";
    static constexpr auto names = std::to_array<std::string_view>({"image", "testimonial"});
};

/// A person who appears in a piece of outreach material: a job seeker (whose consent must cover
/// the scope: the consent scope of the same name, seekers.hpp), an employer's contact or a staff
/// member (with the day they consented). Only ids are kept: the seeker's personal data is never
/// read for it. `lapsed` is derived: the seeker's consent no longer covers the scope (renewed
/// without it, or their personal data erased; a seeker hired and taken off the register still
/// appears); `lapse` then says why.
struct AssetAppearance {
    RecordMeta meta{};
    Id asset_id = 0;
    Id office_id = 0;
    std::optional<Id> seeker_id{};
    std::optional<Id> contact_id{};
    std::optional<Id> staff_id{};
    AppearanceScope scope = AppearanceScope::Image;
    Date consent_on{};   ///< the day the person consented
    Date recorded_on{};  ///< the day the appearance was recorded
    std::optional<Date> removed_on{};
    bool lapsed = false;
    std::string lapse{};
};
template <>
struct RecordFields<AssetAppearance> {
    using A = AssetAppearance;
    static constexpr auto fields = std::make_tuple(
        field("meta", &A::meta), ref<OutreachAsset>("asset_id", &A::asset_id), ref<Office>("office_id", &A::office_id),
        ref<JobSeeker>("seeker_id", &A::seeker_id), ref<Contact>("contact_id", &A::contact_id),
        ref<StaffMember>("staff_id", &A::staff_id), field("scope", &A::scope), field("consent_on", &A::consent_on),
        field("recorded_on", &A::recorded_on), field("removed_on", &A::removed_on), field("lapsed", &A::lapsed),
        field("lapse", &A::lapse));
};

/// Exactly one of seeker, contact and staff.
struct NewAppearance {
    Id asset_id = 0;
    std::optional<Id> seeker_id{};
    std::optional<Id> contact_id{};
    std::optional<Id> staff_id{};
    AppearanceScope scope = AppearanceScope::Image;
    std::optional<Date> consent_on{};  ///< required for a contact or staff member; a seeker's is their consent's
    std::optional<Date> on{};          ///< default today
};
/// As Outreach.add_appearance() takes them in Python.
template <>
struct RecordFields<NewAppearance> {
    using A = NewAppearance;
    static constexpr auto fields =
        std::make_tuple(ref<OutreachAsset>("asset", &A::asset_id).required(), ref<JobSeeker>("seeker", &A::seeker_id),
                        ref<Contact>("contact", &A::contact_id), ref<StaffMember>("staff", &A::staff_id),
                        field("scope", &A::scope), field("consent_on", &A::consent_on), field("on", &A::on));
};

// ---- Repositories --------------------------------------------------------------------------

class Events : public Repository {
public:
    using Repository::Repository;
    /// Records an event (business meeting, job fair, breakfast, coordination table).
    Event add(const NewEvent& e);
    Event get(Id id) const;
    /// The office's events (organised or co-hosted), by date.
    std::vector<Event> list(Id office_id, std::optional<Date> from = {}, std::optional<Date> to = {}) const;
    /// Invites employers of the event's offices (inviting again changes nothing).
    void invite(Id event_id, const std::vector<Id>& employer_ids);
    /// Records that an employer attended: an "event" entry in its interaction log (by `staff_id`,
    /// default the event's staff), with the contacts met there. One transaction.
    EventGuest attend(Id event_id, Id employer_id, std::optional<Id> staff_id = {},
                      const std::vector<Id>& contacts = {}, const std::string& summary = {});
    std::vector<EventGuest> guests(Id event_id) const;
    /// Invites partners of the event's offices (inviting again changes nothing).
    void invite_partners(Id event_id, const std::vector<Id>& partner_ids);
    /// Records that a partner attended, with how many of its people came (0: not counted);
    /// recording it again corrects the number.
    EventPartner partner_attended(Id event_id, Id partner_id, int attendees = 0);
    /// The partners at the event (co-hosts, invited, attended), by partner id.
    std::vector<EventPartner> partners(Id event_id) const;
    /// Vacancies captured at the event: linked to an attendance's interaction.
    std::vector<Vacancy> vacancies(Id event_id) const;
    /// One row per event: invited, attended, vacancies and positions captured there.
    Table table(Id office_id) const;
};

class Outreach : public Repository {
public:
    using Repository::Repository;
    /// Adds material. Give the region's UUID so that every office's showings of the same material
    /// add up when the files are consolidated; adding a UUID that exists returns that asset.
    OutreachAsset add_asset(const std::string& name, AssetKind kind, const std::string& produced_by = {},
                            const std::string& description = {}, const std::string& uuid = {});
    OutreachAsset asset(Id id) const;
    std::vector<OutreachAsset> assets() const;
    /// Records one showing (office, date, setting, audience and its size, employers and partners
    /// present). A showing of material where someone appears whose consent lapsed is refused
    /// (ValidationError naming "asset": remove_appearance() once the material is re-edited).
    Showing record(const NewShowing& s);
    Showing get(Id id) const;
    /// Showings in [from, to], of one office and/or one asset when given.
    std::vector<Showing> showings(Date from, Date to, std::optional<Id> office_id = {},
                                  std::optional<Id> asset_id = {}) const;
    /// The catastro: one row per office of the database (offices that never showed it included),
    /// with its commune and province: showings in [from, to], one column per setting, audience
    /// reached, employers present (distinct), last showing.
    Table catastro(Id asset_id, Date from, Date to) const;
    /// Per province with offices, in code order: offices, offices that showed it, showings,
    /// audience, share of showings and share of offices; metadata "territorial_balance" for the
    /// showings (as text, "" when nothing was shown).
    Table catastro_by_province(Id asset_id, Date from, Date to) const;
    /// Offices with no showing of the asset in [from, to].
    std::vector<Office> offices_without_showings(Id asset_id, Date from, Date to) const;
    /// The protocol check («incluir la exhibición del video en el protocolo»): the office's events
    /// in [from, to] (organised or co-hosted) with no showing of the asset recorded at them, by
    /// date.
    std::vector<Event> events_without_showing(Id asset_id, Id office_id, Date from, Date to) const;
    /// Records who appears in the material. A seeker's consent must cover the scope (the
    /// consent scope "image", or "testimonial"), checked now: ValidationError naming "seeker"
    /// otherwise; the office is the seeker's, contact's employer's or staff member's. A contact or
    /// staff member needs `consent_on`. The same person with the same scope twice is a Conflict.
    AssetAppearance add_appearance(const NewAppearance& a);
    /// The people in the material (not removed ones), each with whether their consent lapsed.
    std::vector<AssetAppearance> appearances(Id asset_id) const;
    /// Appearances whose consent lapsed, of the office when given, by asset and id: the
    /// material to re-edit before it is shown again.
    std::vector<AssetAppearance> lapsed_appearances(std::optional<Id> office_id = {}) const;
    /// The person no longer appears (the material was re-edited); the record stays.
    AssetAppearance remove_appearance(Id appearance_id, std::optional<Date> on = {});
    AssetAppearance appearance(Id appearance_id) const;
};

}  // namespace omilcrm
