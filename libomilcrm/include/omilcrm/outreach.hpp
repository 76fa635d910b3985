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

struct Employer;  // employers.hpp

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
    std::vector<Id> co_hosts{};  ///< other offices taking part
};
template <>
struct RecordFields<Event> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Event::meta), field("office_id", &Event::office_id), field("kind", &Event::kind),
        field("title", &Event::title), field("on", &Event::on), field("place", &Event::place),
        field("commune", &Event::commune), field("organiser", &Event::organiser), field("staff_id", &Event::staff_id),
        field("notes", &Event::notes), field("co_hosts", &Event::co_hosts));
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
};
/// As Events.add() takes them in Python ("by" the staff member).
template <>
struct RecordFields<NewEvent> {
    static constexpr auto fields = std::make_tuple(
        ref<Office>("office", &NewEvent::office_id).required(), field("title", &NewEvent::title).required(),
        field("on", &NewEvent::on).required(), field("kind", &NewEvent::kind), field("place", &NewEvent::place),
        field("commune", &NewEvent::commune), field("organiser", &NewEvent::organiser),
        ref<StaffMember>("by", &NewEvent::staff_id), field("notes", &NewEvent::notes),
        ref<Office>("co_hosts", &NewEvent::co_hosts));
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
};
template <>
struct RecordFields<Showing> {
    static constexpr auto fields = std::make_tuple(
        field("meta", &Showing::meta), field("asset_id", &Showing::asset_id), field("office_id", &Showing::office_id),
        field("on", &Showing::on), field("setting", &Showing::setting), field("audience", &Showing::audience),
        field("audience_size", &Showing::audience_size), field("event_id", &Showing::event_id),
        field("staff_id", &Showing::staff_id), field("notes", &Showing::notes),
        field("employers", &Showing::employers));
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
};
/// As Outreach.record() takes them in Python ("by" the staff member).
template <>
struct RecordFields<NewShowing> {
    static constexpr auto fields =
        std::make_tuple(ref<OutreachAsset>("asset", &NewShowing::asset_id).required(),
                        ref<Office>("office", &NewShowing::office_id).required(),
                        field("on", &NewShowing::on).required(), field("setting", &NewShowing::setting).required(),
                        field("audience", &NewShowing::audience), field("audience_size", &NewShowing::audience_size),
                        ref<Event>("event", &NewShowing::event_id), ref<StaffMember>("by", &NewShowing::staff_id),
                        field("notes", &NewShowing::notes), ref<Employer>("employers", &NewShowing::employers));
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
    /// Records one showing (office, date, setting, audience and its size, employers present).
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
};

}  // namespace omilcrm
