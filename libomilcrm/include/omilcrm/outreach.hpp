#pragma once
// Outreach: events with employers (business meetings, job fairs, breakfasts, coordination tables),
// the material that presents the office (the regional institutional video, a banner, a brochure)
// with each showing recorded, and the regional directorate that consolidates its offices' files.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "omilcrm/date.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/enums.hpp"

namespace omilcrm {

enum class EventKind { BusinessMeeting, JobFair, BusinessBreakfast, CoordinationTable, Other };
template <>
struct EnumNames<EventKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>({"business_meeting", "job_fair", "business_breakfast", "coordination_table", "other"});
};
/// "business_meeting" (encuentro empresarial), "job_fair" (feria laboral), "business_breakfast"
/// (desayuno empresarial), "coordination_table" (mesa de coordinación municipal), "other"
inline EventKind parse_event_kind(std::string_view text, const char* field = "kind") { return parse_enum<EventKind>(text, field); }

struct Event {
    RecordMeta meta{};
    Id office_id = 0;  ///< the office that organises or records it
    EventKind kind = EventKind::BusinessMeeting;
    std::string title{};
    Date on{};
    std::string place{};
    std::string commune{};  ///< CUT code
    std::string organiser{};  ///< "OMIL Concón y Cámara de Comercio"
    std::optional<Id> staff_id{};
    std::string notes{};
    std::vector<Id> co_hosts{};  ///< other offices taking part
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

/// An employer at an event: invited, attended (then `interaction_id` is the entry the attendance
/// left in its interaction log).
struct EventGuest {
    Id event_id = 0;
    Id employer_id = 0;
    bool invited = false;
    bool attended = false;
    std::optional<Id> interaction_id{};
};

enum class AssetKind { Video, Banner, Brochure, Presentation, Other };
template <>
struct EnumNames<AssetKind> {
    static constexpr std::string_view field = "kind";
    static constexpr auto names = std::to_array<std::string_view>({"video", "banner", "brochure", "presentation", "other"});
};
/// "video", "banner", "brochure", "presentation", "other"
inline AssetKind parse_asset_kind(std::string_view text, const char* field = "kind") { return parse_enum<AssetKind>(text, field); }

/// Material that presents the office. The region's material keeps one UUID in every office file,
/// so its showings add up when the files are consolidated.
struct OutreachAsset {
    RecordMeta meta{};
    std::string name{};
    AssetKind kind = AssetKind::Video;
    std::string produced_by{};
    std::string description{};
};

/// Where the material was shown.
enum class Setting { CompanyMeeting, MunicipalDepartment, JobFair, BusinessMeeting, SenceActivity, Other };
template <>
struct EnumNames<Setting> {
    static constexpr std::string_view field = "setting";
    static constexpr auto names = std::to_array<std::string_view>({"company_meeting", "municipal_department", "job_fair", "business_meeting", "sence_activity", "other"});
};
/// "company_meeting", "municipal_department", "job_fair", "business_meeting", "sence_activity", "other"
inline Setting parse_setting(std::string_view text, const char* field = "setting") { return parse_enum<Setting>(text, field); }

enum class Audience { Employers, JobSeekers, MunicipalStaff, Mixed, Other };
template <>
struct EnumNames<Audience> {
    static constexpr std::string_view field = "audience";
    static constexpr auto names = std::to_array<std::string_view>({"employers", "job_seekers", "municipal_staff", "mixed", "other"});
};
/// "employers", "job_seekers", "municipal_staff", "mixed", "other"
inline Audience parse_audience(std::string_view text, const char* field = "audience") { return parse_enum<Audience>(text, field); }

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

/// A province's representative before the regional directorate (two per province).
struct Representative {
    RecordMeta meta{};
    std::string province_code{};
    std::string name{};
    std::string role{};
    std::optional<Id> office_id{};
    std::string email{};
    std::string phone{};
};

/// What one import of an office file did.
struct ImportResult {
    Id office_id = 0;
    std::string office_uuid{};
    std::string office_name{};
    std::size_t inserted = 0;  ///< rows new to the regional database
    std::size_t updated = 0;   ///< rows already there (matched by UUID), refreshed
};

/// How evenly something spreads across provinces: 1 - half the sum over provinces of
/// |share of `values` - share of `weights`|. 1 when the values spread exactly as the weights (for
/// instance, as the offices) do; 0 when they all fall where there is no weight. Both lists are per
/// province, in the same order. Nothing to compare (all values or all weights zero) gives nullopt;
/// lists of different sizes or negative numbers are refused with ValidationError.
std::optional<double> territorial_balance(const std::vector<double>& values, const std::vector<double>& weights);

struct RegionalDirectorate {
    std::string region_code{};  ///< "08"
    std::string name{};         ///< "Dirección Regional SENCE Biobío"
};

}  // namespace omilcrm
