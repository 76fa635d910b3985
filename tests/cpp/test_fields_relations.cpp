// The declared fields (RecordFields) of the employer-relations records: offices, employers and
// contacts, clusters, the portfolio, interactions, requests, cadence, planning, outreach and the
// region. Each list is what Python shows (attributes, to_dict) or accepts (keywords, add_many
// rows), so a member left out of a declaration fails here.
#include <catch2/catch.hpp>

#include "omilcrm/fields.hpp"
#include "omilcrm/omilcrm.hpp"

#include "helpers.hpp"

using namespace omilcrm;
using namespace omt;
using Names = std::vector<std::string_view>;

namespace {
const Names kMeta = {"id", "uuid", "created_at", "updated_at"};
Names with_meta(Names rest) {
    Names out = kMeta;
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}
}  // namespace

TEST_CASE("offices, staff, employers and contacts declare every field Python shows", "[fields]") {
    CHECK(field_names<Office>() ==
          with_meta({"name", "commune", "address", "email", "phone", "latitude", "longitude"}));
    CHECK(field_names<NewOffice>() == Names{"name", "commune", "address", "email", "phone", "latitude", "longitude"});
    CHECK(field_names<StaffMember>() == with_meta({"office_id", "name", "role", "email", "phone", "started", "left"}));
    CHECK(field_names<NewStaffMember>() == Names{"office", "name", "role", "email", "phone", "started"});
    CHECK(field_names<Employer>() ==
          with_meta({"office_id", "rut", "legal_name", "trade_name", "sector", "activity", "size", "address", "commune",
                     "latitude", "longitude", "visiting_hours", "status", "notes", "owner_id", "segment", "lead_source",
                     "lead_detail"}));
    // Employers.add()'s keywords (name is an alias of legal_name, handled by the binding).
    CHECK(field_names<NewEmployer>() ==
          Names{"rut",     "legal_name", "office",   "trade_name", "sector",         "activity",    "size",
                "address", "commune",    "latitude", "longitude",  "visiting_hours", "status",      "notes",
                "owner",   "segment",    "cluster",  "joined",     "since",          "lead_source", "lead_detail"});
    CHECK(field_names<Contact>() == with_meta({"employer_id", "name", "role", "email", "phone", "primary"}));
    CHECK(field_names<NewContact>() == Names{"employer", "name", "role", "email", "phone", "primary"});
}

TEST_CASE("clusters, the portfolio and the interaction log declare every field", "[fields]") {
    CHECK(field_names<Cluster>() ==
          with_meta({"office_id", "name", "kind", "representative_id", "meets", "notes", "revision"}));
    CHECK(field_names<NewCluster>() == Names{"office", "name", "kind", "meets", "notes"});
    CHECK(field_names<Membership>() == Names{"cluster_id", "employer_id", "joined", "left"});
    CHECK(field_names<Ownership>() == Names{"employer_id", "staff_id", "start", "end", "reason"});
    CHECK(field_names<Interaction>() ==
          with_meta({"office_id", "kind", "on", "at", "staff_id", "employer_id", "cluster_id", "direction", "summary",
                     "outcome", "next_step", "contacts", "attended", "absent", "participants", "revision", "deleted"}));
    CHECK(field_names<NewInteraction>() == Names{"employer", "kind", "by", "on", "at", "contacts", "participants",
                                                 "direction", "summary", "outcome", "next_step", "commitments",
                                                 "follow_ups"});
    CHECK(field_names<NewClusterMeeting>() == Names{"cluster", "by", "on", "attended", "at", "contacts", "participants",
                                                    "summary", "outcome", "next_step", "follow_ups"});
    CHECK(field_names<Participant>() == Names{"name", "role", "partner_id", "department_id", "organisation"});
    CHECK(field_names<NewParticipant>() == Names{"name", "role", "partner", "department", "organisation"});
    CHECK(field_names<NewCommitment>() == Names{"description", "due", "owner"});
    CHECK(field_names<NewFollowUp>() == Names{"description", "due", "owner"});
    CHECK(field_names<Commitment>() == with_meta({"office_id", "employer_id", "interaction_id", "owner_id",
                                                  "description", "due", "status", "closed_on", "reason"}));
    CHECK(field_names<FollowUp>() ==
          with_meta({"office_id", "employer_id", "interaction_id", "owner_id", "description", "due", "done_on"}));
    CHECK(field_names<InteractionRevision>() == Names{"interaction_id", "revision", "kind", "on", "at", "staff_id",
                                                      "direction", "summary", "outcome", "next_step", "replaced_at",
                                                      "reason", "actor"});
}

TEST_CASE("requests, cadence, planning, outreach and the region declare every field", "[fields]") {
    CHECK(field_names<ServiceRequest>() ==
          with_meta(
              {"office_id",       "employer_id", "interaction_id", "category",   "description",    "address",
               "latitude",        "longitude",   "area",           "attributes", "requester_name", "requester_email",
               "requester_phone", "address_id",  "zipcode",        "media_url",  "status",         "department_id",
               "routing_rule_id", "received_on", "deadline_days",  "due_on",     "resolved_on",    "duplicate_of"}));
    CHECK(field_names<NewServiceRequest>() == Names{"category", "employer", "office", "description", "address",
                                                    "latitude", "longitude", "area", "attributes", "received_on", "by",
                                                    "interaction", "requester_name", "email", "phone", "address_id",
                                                    "zipcode", "media_url"});
    CHECK(field_names<RoutingRule>() ==
          Names{"id", "position", "category", "area", "keywords", "department_id", "active"});
    CHECK(field_names<Department>() == with_meta({"office_id", "code", "name", "email", "active"}));
    CHECK(field_names<ServiceCategory>() == with_meta({"office_id", "code", "name", "description", "department_id",
                                                       "deadline_days", "keywords", "attributes", "active"}));
    CHECK(field_names<RequestEvent>() == Names{"request_id", "kind", "on", "staff_id", "from_status", "to_status",
                                               "department_id", "routing_rule_id", "note", "visible_to_employer", "at",
                                               "actor"});
    CHECK(field_names<RequestFilter>() == Names{"open_only", "triage_only", "department", "employer"});
    CHECK(field_names<CadencePolicy>() ==
          Names{"id", "office_id", "track", "scope", "scope_id", "segment", "interval_days", "kinds", "name"});
    CHECK(field_names<NewCadencePolicy>() ==
          Names{"office", "interval_days", "track", "scope", "scope_id", "segment", "kinds", "name"});
    CHECK(field_names<cadence::DueItem>() == Names{"employer_id", "owner_id", "last_contact", "due", "days_overdue",
                                                   "policy_id", "scope", "interval_days", "policy_name"});
    CHECK(field_names<planner::Stop>() == Names{"employer_id", "arrive", "start", "depart", "arrive_minute",
                                                "start_minute", "depart_minute", "travel_minutes", "travel_km"});
    CHECK(field_names<planner::LeftOut>() == Names{"employer_id", "reason", "detail"});
    CHECK(field_names<planner::Plan>() == Names{"stops", "left_out", "end", "end_minute", "travel_minutes", "travel_km",
                                                "priority_visited", "must_visited", "score"});
    CHECK(field_names<PlannedVisit>() == with_meta({"office_id", "staff_id", "employer_id", "day", "start", "end",
                                                    "travel_minutes", "event_uuid", "revision"}));
    CHECK(field_names<Event>() == with_meta({"office_id", "kind", "title", "on", "place", "commune", "organiser",
                                             "staff_id", "notes", "co_hosts", "partner_hosts"}));
    CHECK(field_names<NewEvent>() == Names{"office", "title", "on", "kind", "place", "commune", "organiser", "by",
                                           "notes", "co_hosts", "partner_hosts"});
    CHECK(field_names<EventPartner>() ==
          Names{"event_id", "partner_id", "co_host", "invited", "attended", "attendees"});
    CHECK(field_names<Partner>() ==
          with_meta({"office_id", "name", "kind", "contact_name", "email", "phone", "commune", "notes"}));
    CHECK(field_names<NewPartner>() ==
          Names{"office", "name", "kind", "contact_name", "email", "phone", "commune", "notes"});
    CHECK(field_names<EventGuest>() == Names{"event_id", "employer_id", "invited", "attended", "interaction_id"});
    CHECK(field_names<OutreachAsset>() == with_meta({"name", "kind", "produced_by", "description"}));
    CHECK(field_names<Showing>() == with_meta({"asset_id", "office_id", "on", "setting", "audience", "audience_size",
                                               "event_id", "staff_id", "notes", "employers", "partners"}));
    CHECK(field_names<NewShowing>() == Names{"asset", "office", "on", "setting", "audience", "audience_size", "event",
                                             "by", "notes", "employers", "partners"});
    CHECK(field_names<AssetAppearance>() ==
          with_meta({"asset_id", "office_id", "seeker_id", "contact_id", "staff_id", "scope", "consent_on",
                     "recorded_on", "removed_on", "lapsed", "lapse"}));
    CHECK(field_names<NewAppearance>() == Names{"asset", "seeker", "contact", "staff", "scope", "consent_on", "on"});
    CHECK(field_names<Representative>() == with_meta({"province_code", "name", "role", "office_id", "email", "phone"}));
    CHECK(field_names<RegionalDirectorate>() == Names{"region_code", "name"});
    CHECK(field_names<ImportResult>() == Names{"office_id", "office_uuid", "office_name", "inserted", "updated"});
}

TEST_CASE("the keywords that take a record name the record they take", "[fields]") {
    // ref<T>: Python accepts a T or its id there, and refuses a record of another type.
    auto refers = [](const auto& f) { return std::is_same_v<typename std::decay_t<decltype(f)>::refers_to, NoRecord>; };
    std::vector<std::string_view> refs;
    for_each_field<NewInteraction>([&](const auto& f) {
        if (!refers(f)) refs.push_back(f.name);
    });
    CHECK(refs == Names{"employer", "by", "at", "contacts"});  // "at" is a time of day, not a record
    using at_field = std::tuple_element_t<4, std::decay_t<decltype(RecordFields<NewInteraction>::fields)>>;
    static_assert(std::is_same_v<at_field::refers_to, TimeOfDay>);
    using contacts_field = std::tuple_element_t<5, std::decay_t<decltype(RecordFields<NewInteraction>::fields)>>;
    static_assert(std::is_same_v<contacts_field::refers_to, Contact>);

    std::vector<std::string_view> required;
    for_each_field<NewInteraction>([&](const auto& f) {
        if (f.is_required) required.push_back(f.name);
    });
    CHECK(required == Names{"employer", "kind", "by"});
    required.clear();
    for_each_field<NewServiceRequest>([&](const auto& f) {
        if (f.is_required) required.push_back(f.name);
    });
    CHECK(required == Names{"category"});
}

TEST_CASE("a declared record becomes a table column per field", "[fields]") {
    Office o;
    o.meta.id = 3;
    o.name = "OMIL Concón";
    o.commune_code = "05103";
    o.latitude = -32.92;
    StaffMember s;
    s.meta.id = 4;
    s.name = "Paula";
    s.role = StaffRole::TerritorialManager;
    s.started = Date(2026, 1, 5);

    const Table offices = table_of(std::vector<Office>{o});
    CHECK(offices.column("commune").texts.at(0) == "05103");
    CHECK(offices.column("latitude").type == ColumnType::Real);
    CHECK(offices.column("longitude").valid == std::vector<std::uint8_t>{0});
    const Table staff = table_of(std::vector<StaffMember>{s});
    CHECK(staff.column("role").texts.at(0) == "territorial_manager");
    CHECK(staff.column("started").type == ColumnType::Date);
    CHECK(staff.column("left").valid == std::vector<std::uint8_t>{0});
}

TEST_CASE("the employers and contacts imports read and export the declared fields", "[fields][import]") {
    auto names = [](std::string_view kind) {
        std::vector<std::string> out;
        for (const auto& [field, headers] : Imports::fields(kind)) out.push_back(field);
        return out;
    };
    // NewEmployer's fields (not the import's office, owner and dates), then the contact person.
    CHECK(names("employers") ==
          std::vector<std::string>{
              "rut",          "legal_name",    "trade_name",   "sector",      "activity",       "size",
              "address",      "commune",       "latitude",     "longitude",   "visiting_hours", "status",
              "notes",        "segment",       "cluster",      "lead_source", "lead_detail",    "contact_name",
              "contact_role", "contact_email", "contact_phone"});
    CHECK(names("contacts") == std::vector<std::string>{"rut", "name", "role", "email", "phone", "primary"});
    // Each column is fed by its own name and the Spanish headers.
    for (const auto& [field, headers] : Imports::fields("employers"))
        if (field == "size") CHECK(headers == std::vector<std::string>{"size", "tamano", "tamanoempresa"});

    auto db = fresh_db();
    Concon c(db);
    const Id office = c.office.meta.id;
    // Values through one reading per type: an enumeration's Spanish word, a number, hours.
    const auto r = db.imports().employers(
        csv::parse("RUT;Razón Social;Tamaño;Estado;Latitud;Longitud;Horario de atención\n"
                   "76.086.428-5;Logística Gulmué SpA;Pequeña;Activa;-32.9235;-71.5178;lun-vie 09:00-12:00\n"
                   "96511460-2;Envases del Pacífico S.A.;enorme;;;;\n"),
        {.office_id = office, .skip_invalid = true});
    CHECK(r.created == 1);
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].column == "Tamaño");
    CHECK(r.problems[0].value == "enorme");
    const Employer e = *db.employers().find_by_rut("76.086.428-5");
    CHECK(e.size == SizeBand::Small);
    CHECK(e.status == EmployerStatus::Active);
    REQUIRE(e.latitude.has_value());
    CHECK(*e.latitude == Approx(-32.9235));
    CHECK(e.visiting_hours.size() == 1);

    // The export has a column per import field, from the stored record's field of that name.
    const Table t = db.imports().export_rows("employers", office);
    REQUIRE(t.columns().size() == names("employers").size());
    CHECK(t.column("size").texts.at(0) == "small");
    CHECK(t.column("latitude").texts.at(0) == "-32.9235");
    CHECK(t.column("visiting_hours").texts.at(0) == "mon-fri 09:00-12:00");
    CHECK(t.column("commune").texts.at(0) == c.office.commune_code);

    // A known RUT: the fields the row has are changed (EmployerUpdate's declaration), and the
    // same file again changes nothing.
    const auto moved =
        csv::parse("RUT;Razón Social;Longitud;Tamaño\n76.086.428-5;Logística Gulmué SpA;-71.52;mediana\n");
    CHECK(db.imports().employers(moved, {.office_id = office}).updated == 1);
    CHECK(db.employers().get(e.meta.id).longitude.value_or(0) == Approx(-71.52));
    CHECK(db.employers().get(e.meta.id).size == SizeBand::Medium);
    CHECK(db.imports().employers(moved, {.office_id = office}).unchanged == 1);
}
