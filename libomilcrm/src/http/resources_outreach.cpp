// Programmes offered, events and the outreach video's showings (with the catastro), the office's
// reports, the region's aggregates (for analysts), and the office's tokens and audit (for its
// coordinator).
#include "http/resources.hpp"

namespace omilcrm::http::detail {

struct OfferBody {
    std::string programme{};
    std::optional<Id> employer{};
    std::optional<Id> seeker{};
    std::optional<Date> on{};
    std::string note{};
};
struct OutcomeBody {
    OfferOutcome outcome = OfferOutcome::Offered;
    std::optional<Date> on{};
    std::string note{};
};
struct InviteBody {
    std::vector<Id> employers{};
};
struct AttendBody {
    Id employer = 0;
    std::optional<Id> by{};
    std::vector<Id> contacts{};
    std::string summary{};
};
struct PartnerBody {
    std::optional<std::string> name{};
    std::optional<PartnerKind> kind{};
    std::optional<std::string> contact_name{};
    std::optional<std::string> email{};
    std::optional<std::string> phone{};
    std::optional<std::string> commune{};
    std::optional<std::string> notes{};
};
struct PartnerInviteBody {
    std::vector<Id> partners{};
};
struct PartnerAttendBody {
    Id partner = 0;
    int attendees = 0;
};

}  // namespace omilcrm::http::detail

namespace omilcrm {
template <>
struct RecordFields<http::detail::OfferBody> {
    using B = http::detail::OfferBody;
    static constexpr auto fields =
        std::make_tuple(field("programme", &B::programme).required(), ref<Employer>("employer", &B::employer),
                        ref<JobSeeker>("seeker", &B::seeker), field("on", &B::on), field("note", &B::note));
};
template <>
struct RecordFields<http::detail::OutcomeBody> {
    using B = http::detail::OutcomeBody;
    static constexpr auto fields =
        std::make_tuple(field("outcome", &B::outcome).required(), field("on", &B::on), field("note", &B::note));
};
template <>
struct RecordFields<http::detail::InviteBody> {
    static constexpr auto fields =
        std::make_tuple(ref<Employer>("employers", &http::detail::InviteBody::employers).required());
};
template <>
struct RecordFields<http::detail::AttendBody> {
    using B = http::detail::AttendBody;
    static constexpr auto fields =
        std::make_tuple(ref<Employer>("employer", &B::employer).required(), ref<StaffMember>("by", &B::by),
                        ref<Contact>("contacts", &B::contacts), field("summary", &B::summary));
};
template <>
struct RecordFields<http::detail::PartnerBody> {
    using B = http::detail::PartnerBody;
    static constexpr auto fields = std::make_tuple(
        field("name", &B::name), field("kind", &B::kind), field("contact_name", &B::contact_name),
        field("email", &B::email), field("phone", &B::phone), field("commune", &B::commune), field("notes", &B::notes));
};
template <>
struct RecordFields<http::detail::PartnerInviteBody> {
    static constexpr auto fields =
        std::make_tuple(ref<Partner>("partners", &http::detail::PartnerInviteBody::partners).required());
};
template <>
struct RecordFields<http::detail::PartnerAttendBody> {
    using B = http::detail::PartnerAttendBody;
    static constexpr auto fields =
        std::make_tuple(ref<Partner>("partner", &B::partner).required(), field("attendees", &B::attendees));
};
}  // namespace omilcrm

namespace omilcrm::http::detail {

namespace {

using boost::json::object;

// from and to from the query: the year so far by default; 422 when reversed or over ten years.
std::pair<Date, Date> period_of(Context& ctx) {
    const Date today = ctx.db.today();
    const Date from = ctx.query_date("from").value_or(Date(today.year(), 1, 1));
    const Date to = ctx.query_date("to").value_or(today);
    if (to < from) throw ValidationError("to", to.iso(), "is before from (" + from.iso() + ")");
    if (to - from > 3660) throw ValidationError("to", to.iso(), "is more than ten years after from");
    return {from, to};
}

std::vector<Param> period_params(std::vector<Param> more = {}) {
    more.push_back(query_param("from", date(), "first day (default 1 January of this year)"));
    more.push_back(query_param("to", date(), "last day (default today)"));
    return more;
}

// A body that may leave out the office: the caller's is put in.
template <DescribedRecord R>
R with_office(Context& ctx, std::string_view what) {
    R n = from_json<R>(body_with(ctx, {{"office", ctx.office()}}), what);
    if (n.office_id != ctx.office()) throw ValidationError("office", std::to_string(n.office_id), "is not this office");
    return n;
}

// An offer goes to one employer or one seeker: the schema says so.
boost::json::object offer_schema(Schemas& s) {
    auto ref = record_ref<OfferBody>(s, "NewProgrammeOffer", true);
    s.components["NewProgrammeOffer"].as_object()["oneOf"] =
        boost::json::array{object{{"required", boost::json::array{"employer"}},
                                  {"properties", object{{"employer", object{{"type", "integer"}}}}}},
                           object{{"required", boost::json::array{"seeker"}},
                                  {"properties", object{{"seeker", object{{"type", "integer"}}}}}}};
    return ref;
}

void add_programmes(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/programmes",
           .operation = "listProgrammes",
           .summary = "The programmes the office offers (SENCE and municipal)",
           .tag = "programmes",
           .resource = "programmes",
           .response = object{{"type", "array"}, {"items", record_ref<Programme>(s, "Programme")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.programmes().list(ctx.office()))); }});
    r.add({.method = "GET",
           .path = "/v1/programme-offers",
           .operation = "listProgrammeOffers",
           .summary = "Programmes offered to employers and seekers, with their outcome",
           .tag = "programmes",
           .resource = "programmes",
           .params = page_params(),
           .response = page_schema(record_ref<ProgrammeOffer>(s, "ProgrammeOffer")),
           .handler = [](Context& ctx) { return records_page(ctx, ctx.db.programmes().offers(ctx.office())); }});
    r.add({.method = "POST",
           .path = "/v1/programme-offers",
           .operation = "offerProgramme",
           .summary = "Offers a programme to an employer or a seeker",
           .tag = "programmes",
           .resource = "programmes",
           .write = true,
           .body = offer_schema(s),
           .status = 201,
           .response = record_ref<ProgrammeOffer>(s, "ProgrammeOffer"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<OfferBody>("offer");
               if (b.employer) check_own_employer(ctx, "employer", *b.employer);
               if (b.seeker) check_own_seeker(ctx, "seeker", *b.seeker);
               return record_response(ctx.write("create",
                                                [&] {
                                                    return ctx.db.programmes().offer(
                                                        ctx.office(), b.programme, b.employer, b.seeker,
                                                        ctx.caller().staff_id, b.on, b.note);
                                                }),
                                      201);
           }});
    r.add({.method = "POST",
           .path = "/v1/programme-offers/{id}/outcome",
           .operation = "recordProgrammeOutcome",
           .summary = "Records what came of an offer (declined, accepted, enrolled)",
           .tag = "programmes",
           .resource = "programmes",
           .write = true,
           .params = {id_param()},
           .body = record_ref<OutcomeBody>(s, "ProgrammeOutcome", true),
           .response = record_ref<ProgrammeOffer>(s, "ProgrammeOffer"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<OutcomeBody>("outcome");
               const Id id = ctx.path_id();
               return record_response(ctx.write("outcome", [&] {
                   const ProgrammeOffer o = ctx.db.programmes().get_offer(id);
                   ctx.check_office(o.office_id);
                   ctx.check_if_match(record_etag(o));
                   return ctx.db.programmes().record_outcome(id, b.outcome, b.on, ctx.caller().staff_id, b.note);
               }));
           }});
}

void add_events(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/events",
           .operation = "listEvents",
           .summary = "The office's events (fairs, business breakfasts, meetings)",
           .tag = "outreach",
           .resource = "events",
           .params = {query_param("from", date(), "first day"), query_param("to", date(), "last day")},
           .response = object{{"type", "array"}, {"items", record_ref<Event>(s, "Event")}},
           .handler = [](Context& ctx) {
               return json_response(
                   to_json(ctx.db.events().list(ctx.office(), ctx.query_date("from"), ctx.query_date("to"))));
           }});
    r.add({.method = "GET",
           .path = "/v1/events/{id}",
           .operation = "getEvent",
           .summary = "An event",
           .tag = "outreach",
           .resource = "events",
           .params = {id_param()},
           .response = record_ref<Event>(s, "Event"),
           .etag = true,
           .handler = [](Context& ctx) {
               const Event e = ctx.db.events().get(ctx.path_id());
               ctx.check_office(e.office_id);
               return record_response(e);
           }});
    r.add({.method = "POST",
           .path = "/v1/events",
           .operation = "addEvent",
           .summary = "Records an event (office: the caller's)",
           .tag = "outreach",
           .resource = "events",
           .write = true,
           .body = body_ref<NewEvent>(s, "NewEvent", {.filled = {"office"}}),
           .status = 201,
           .response = record_ref<Event>(s, "Event"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto n = with_office<NewEvent>(ctx, "event");
               if (n.staff_id) check_own_staff(ctx, "by", *n.staff_id);
               return record_response(ctx.write("create", [&] { return ctx.db.events().add(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/events/{id}/guests",
           .operation = "listEventGuests",
           .summary = "The employers invited to an event and whether they came",
           .tag = "outreach",
           .resource = "events",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<EventGuest>(s, "EventGuest")}},
           .handler = [](Context& ctx) {
               ctx.check_office(ctx.db.events().get(ctx.path_id()).office_id);
               return json_response(to_json(ctx.db.events().guests(ctx.path_id())));
           }});
    r.add({.method = "POST",
           .path = "/v1/events/{id}/guests",
           .operation = "inviteToEvent",
           .summary = "Invites employers of the office to an event (inviting again changes nothing); the guests",
           .tag = "outreach",
           .resource = "events",
           .write = true,
           .params = {id_param()},
           .body = record_ref<InviteBody>(s, "EventInvitation", true),
           .response = object{{"type", "array"}, {"items", record_ref<EventGuest>(s, "EventGuest")}},
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<InviteBody>("body");
               const Id id = ctx.path_id();
               return json_response(to_json(ctx.write("invite", [&] {
                   ctx.check_office(ctx.db.events().get(id).office_id);
                   for (std::size_t i = 0; i < b.employers.size(); ++i)
                       check_own_employer(ctx, "employers[" + std::to_string(i) + "]", b.employers[i]);
                   ctx.db.events().invite(id, b.employers);
                   return ctx.db.events().guests(id);
               })));
           }});
    r.add({.method = "POST",
           .path = "/v1/events/{id}/attendance",
           .operation = "recordEventAttendance",
           .summary = "Records that an employer came: an event entry in its interaction log (by: default the event's "
                      "staff member, else the caller), with the contacts met",
           .tag = "outreach",
           .resource = "events",
           .write = true,
           .params = {id_param()},
           .body = record_ref<AttendBody>(s, "EventAttendance", true),
           .status = 201,
           .response = record_ref<EventGuest>(s, "EventGuest"),
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<AttendBody>("body");
               const Id id = ctx.path_id();
               const EventGuest g = ctx.write("attend", [&] {
                   const Event e = ctx.db.events().get(id);
                   ctx.check_office(e.office_id);
                   check_own_employer(ctx, "employer", b.employer);
                   // Who met the employer: `by`, else the event's staff member, else the caller.
                   const Id by = b.by || !e.staff_id ? acting_staff(ctx, b.by) : *e.staff_id;
                   return ctx.db.events().attend(id, b.employer, by, b.contacts, b.summary);
               });
               return json_response(to_json(g), 201);
           }});
}

AssetAppearance own_appearance(Context& ctx, Id id) {
    AssetAppearance a = ctx.db.outreach().appearance(id);
    ctx.check_office(a.office_id);
    return a;
}

void add_outreach(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/outreach/assets",
           .operation = "listOutreachAssets",
           .summary = "The outreach material (the institutional video) offices show",
           .tag = "outreach",
           .resource = "outreach",
           .response = object{{"type", "array"}, {"items", record_ref<OutreachAsset>(s, "OutreachAsset")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.outreach().assets())); }});
    r.add({.method = "GET",
           .path = "/v1/outreach/showings",
           .operation = "listShowings",
           .summary = "The office's showings of outreach material",
           .tag = "outreach",
           .resource = "outreach",
           .params = period_params({query_param("asset", integer(), "only this asset's")}),
           .response = object{{"type", "array"}, {"items", record_ref<Showing>(s, "Showing")}},
           .handler = [](Context& ctx) {
               const auto [from, to] = period_of(ctx);
               return json_response(
                   to_json(ctx.db.outreach().showings(from, to, ctx.office(), ctx.query_int("asset", 1, kMaxId))));
           }});
    r.add({.method = "POST",
           .path = "/v1/outreach/showings",
           .operation = "recordShowing",
           .summary = "Records a showing of outreach material (office: the caller's)",
           .tag = "outreach",
           .resource = "outreach",
           .write = true,
           .body = body_ref<NewShowing>(s, "NewShowing", {.filled = {"office"}}),
           .status = 201,
           .response = record_ref<Showing>(s, "Showing"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto n = with_office<NewShowing>(ctx, "showing");
               if (n.staff_id) check_own_staff(ctx, "by", *n.staff_id);
               for (std::size_t i = 0; i < n.employers.size(); ++i)
                   check_own_employer(ctx, "employers[" + std::to_string(i) + "]", n.employers[i]);
               return record_response(ctx.write("create", [&] { return ctx.db.outreach().record(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/outreach/assets/{id}/appearances",
           .operation = "listAppearances",
           .summary = "Who of the office appears in the material (ids only), each with whether their consent lapsed",
           .tag = "outreach",
           .resource = "outreach",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<AssetAppearance>(s, "AssetAppearance")}},
           .handler = [](Context& ctx) {
               std::vector<AssetAppearance> out;
               for (auto& a : ctx.db.outreach().appearances(ctx.path_id()))
                   if (a.office_id == ctx.office()) out.push_back(std::move(a));
               return json_response(to_json(out));
           }});
    r.add({.method = "POST",
           .path = "/v1/outreach/assets/{id}/appearances",
           .operation = "addAppearance",
           .summary = "Records who appears in the material: a seeker whose consent covers the scope, or a contact "
                      "or staff member with the day they consented",
           .tag = "outreach",
           .resource = "outreach",
           .write = true,
           .params = {id_param()},
           .body = body_ref<NewAppearance>(s, "NewAppearance", {.filled = {"asset"}}),
           .status = 201,
           .response = record_ref<AssetAppearance>(s, "AssetAppearance"),
           .etag = true,
           .handler = [](Context& ctx) {
               const Id asset = ctx.path_id();
               const auto n = from_json<NewAppearance>(body_with(ctx, {{"asset", asset}}), "appearance");
               if (n.asset_id != asset)
                   throw ValidationError("asset", std::to_string(n.asset_id), "is not the asset of the URL");
               if (n.seeker_id) check_own_seeker(ctx, "seeker", *n.seeker_id);
               if (n.contact_id) check_own_contact(ctx, "contact", *n.contact_id);
               if (n.staff_id) check_own_staff(ctx, "staff", *n.staff_id);
               return record_response(ctx.write("create", [&] { return ctx.db.outreach().add_appearance(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/outreach/lapsed-appearances",
           .operation = "listLapsedAppearances",
           .summary = "The office's appearances whose consent lapsed: the material to re-edit before it is shown "
                      "again",
           .tag = "outreach",
           .resource = "outreach",
           .response = object{{"type", "array"}, {"items", record_ref<AssetAppearance>(s, "AssetAppearance")}},
           .handler = [](Context& ctx) {
               return json_response(to_json(ctx.db.outreach().lapsed_appearances(ctx.office())));
           }});
    r.add({.method = "POST",
           .path = "/v1/outreach/appearances/{id}/remove",
           .operation = "removeAppearance",
           .summary = "The person no longer appears (the material was re-edited); the record stays",
           .tag = "outreach",
           .resource = "outreach",
           .write = true,
           .params = {id_param(), query_param("on", date(), "the day (default today)")},
           .response = record_ref<AssetAppearance>(s, "AssetAppearance"),
           .etag = true,
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               const auto on = ctx.query_date("on");
               return record_response(ctx.write("remove", [&] {
                   own_appearance(ctx, id);
                   return ctx.db.outreach().remove_appearance(id, on);
               }));
           }});
    r.add({.method = "GET",
           .path = "/v1/outreach/assets/{id}/catastro",
           .operation = "getCatastro",
           .summary = "The catastro of an asset: one row per office (also those that never showed it), or per "
                      "province with by=province; aggregates of every office (analysts and offices alike)",
           .tag = "outreach",
           .resource = "outreach",
           .params = period_params(
               {id_param(),
                query_param("by", object{{"type", "string"}, {"enum", boost::json::array{"office", "province"}}},
                            "office (default) or province")}),
           .response = rows_schema(),
           .handler = [](Context& ctx) {
               const auto [from, to] = period_of(ctx);
               const Id asset = ctx.path_id();
               ctx.db.outreach().asset(asset);
               const std::string by = ctx.query("by").value_or("office");
               if (by != "office" && by != "province") throw ValidationError("by", by, "expected office or province");
               const Table t = by == "office" ? ctx.db.outreach().catastro(asset, from, to)
                                              : ctx.db.outreach().catastro_by_province(asset, from, to);
               return json_response(table_json(t));
           }});
}

Partner own_partner(Context& ctx, Id id) {
    Partner p = ctx.db.partners().get(id);
    ctx.check_office(p.office_id);
    return p;
}

// Partner institutions: part of the office's outreach, under the outreach resource.
void add_partners(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/partners",
           .operation = "listPartners",
           .summary = "The office's partner institutions (universities, training bodies, public services...)",
           .tag = "partners",
           .resource = "outreach",
           .params = {query_param("kind", one_of<PartnerKind>(), "only partners of this kind")},
           .response = object{{"type", "array"}, {"items", record_ref<Partner>(s, "Partner")}},
           .handler = [](Context& ctx) {
               const auto kind = ctx.query("kind");
               return json_response(to_json(ctx.db.partners().list(
                   ctx.office(), kind ? std::optional(parse_enum<PartnerKind>(*kind, "kind")) : std::nullopt)));
           }});
    r.add({.method = "POST",
           .path = "/v1/partners",
           .operation = "addPartner",
           .summary = "Adds a partner institution to the office's registry (office: the caller's)",
           .tag = "partners",
           .resource = "outreach",
           .write = true,
           .body = body_ref<NewPartner>(s, "NewPartner", {.filled = {"office"}}),
           .status = 201,
           .response = record_ref<Partner>(s, "Partner"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto n = with_office<NewPartner>(ctx, "partner");
               return record_response(ctx.write("create", [&] { return ctx.db.partners().add(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/partners/{id}",
           .operation = "getPartner",
           .summary = "A partner institution",
           .tag = "partners",
           .resource = "outreach",
           .params = {id_param()},
           .response = record_ref<Partner>(s, "Partner"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_partner(ctx, ctx.path_id())); }});
    r.add({.method = "PATCH",
           .path = "/v1/partners/{id}",
           .operation = "updatePartner",
           .summary = "Changes a partner's fields (only those given)",
           .tag = "partners",
           .resource = "outreach",
           .write = true,
           .params = {id_param()},
           .body = record_ref<PartnerBody>(s, "PartnerUpdate", true),
           .response = record_ref<Partner>(s, "Partner"),
           .etag = true,
           .handler = action<PartnerBody>("update", own_partner, [](Context& ctx, Id id, const PartnerBody& b) {
               return ctx.db.partners().update(id, {.name = b.name,
                                                    .kind = b.kind,
                                                    .contact_name = b.contact_name,
                                                    .email = b.email,
                                                    .phone = b.phone,
                                                    .commune = b.commune,
                                                    .notes = b.notes});
           })});
    r.add({.method = "GET",
           .path = "/v1/partners/{id}/interactions",
           .operation = "listPartnerInteractions",
           .summary = "The interactions where people of the partner took part, newest first",
           .tag = "partners",
           .resource = "interactions",
           .params = {id_param(), query_param("from", date(), "first day"), query_param("to", date(), "last day")},
           .response = object{{"type", "array"}, {"items", record_ref<Interaction>(s, "Interaction")}},
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               own_partner(ctx, id);
               return json_response(
                   to_json(ctx.db.partners().interactions(id, ctx.query_date("from"), ctx.query_date("to"))));
           }});
    r.add({.method = "GET",
           .path = "/v1/events/{id}/partners",
           .operation = "listEventPartners",
           .summary = "The partner institutions at an event: co-hosts, invited, attended",
           .tag = "partners",
           .resource = "events",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<EventPartner>(s, "EventPartner")}},
           .handler = [](Context& ctx) {
               ctx.check_office(ctx.db.events().get(ctx.path_id()).office_id);
               return json_response(to_json(ctx.db.events().partners(ctx.path_id())));
           }});
    r.add({.method = "POST",
           .path = "/v1/events/{id}/partners",
           .operation = "invitePartnersToEvent",
           .summary = "Invites partner institutions of the office to an event (again changes nothing); the partners",
           .tag = "partners",
           .resource = "events",
           .write = true,
           .params = {id_param()},
           .body = record_ref<PartnerInviteBody>(s, "EventPartnerInvitation", true),
           .response = object{{"type", "array"}, {"items", record_ref<EventPartner>(s, "EventPartner")}},
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<PartnerInviteBody>("body");
               const Id id = ctx.path_id();
               return json_response(to_json(ctx.write("invite", [&] {
                   ctx.check_office(ctx.db.events().get(id).office_id);
                   ctx.db.events().invite_partners(id, b.partners);
                   return ctx.db.events().partners(id);
               })));
           }});
    r.add({.method = "POST",
           .path = "/v1/events/{id}/partner-attendance",
           .operation = "recordPartnerAttendance",
           .summary = "Records that a partner institution came to an event, with how many of its people",
           .tag = "partners",
           .resource = "events",
           .write = true,
           .params = {id_param()},
           .body = record_ref<PartnerAttendBody>(s, "EventPartnerAttendance", true),
           .response = record_ref<EventPartner>(s, "EventPartner"),
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<PartnerAttendBody>("body");
               const Id id = ctx.path_id();
               return json_response(to_json(ctx.write("attend", [&] {
                   ctx.check_office(ctx.db.events().get(id).office_id);
                   return ctx.db.events().partner_attended(id, b.partner, b.attendees);
               })));
           }});
}

void add_reports(Routes& r) {
    // One route per report, each a table of the office's figures over a period.
    struct Report {
        const char* name;
        const char* summary;
        Table (*run)(Context&, Date, Date);
    };
    static const Report reports[] = {
        {"funnel", "Vacancies, referrals and placements over the period",
         [](Context& c, Date f, Date t) { return c.db.reports().funnel(c.office(), f, t); }},
        {"time-to-fill", "Days from capture to placement, per vacancy",
         [](Context& c, Date f, Date t) { return c.db.reports().time_to_fill(c.office(), f, t); }},
        {"placements-by-channel", "Placements by how the vacancy came in",
         [](Context& c, Date f, Date t) { return c.db.reports().placements_by_channel(c.office(), f, t); }},
        {"cluster-share", "The clusters' share of the office's placements",
         [](Context& c, Date f, Date t) { return c.db.reports().cluster_share(c.office(), f, t); }},
        {"retention", "Placements still in work at their checks",
         [](Context& c, Date f, Date t) { return c.db.reports().retention(c.office(), f, t, c.db.today()); }},
        {"cadence", "Compliance with the contact cadence, by office, staff member and cluster",
         [](Context& c, Date f, Date t) { return c.db.cadence().compliance_table(c.office(), f, t); }},
        {"reciprocity", "Per employer: municipal requests received and resolved beside vacancies and hires",
         [](Context& c, Date f, Date t) { return c.db.relationships().reciprocity(c.office(), f, t); }},
        {"cluster-reciprocity", "Requests resolved, vacancies and hires by month and cluster",
         [](Context& c, Date f, Date t) { return c.db.relationships().cluster_reciprocity(c.office(), f, t); }},
        {"promises", "Commitments kept on time, per staff member and for the office",
         [](Context& c, Date f, Date t) { return c.db.workload().promises(c.office(), f, t); }},
        {"needs", "Needs raised per category beside those answered and served",
         [](Context& c, Date f, Date t) { return c.db.needs().report(c.office(), f, t); }},
        {"partners", "Partner institutions per kind: events co-hosted, invited to and attended, showings, interactions",
         [](Context& c, Date f, Date t) { return c.db.partners().report(c.office(), f, t); }},
        {"partner-activity", "The same per partner institution",
         [](Context& c, Date f, Date t) { return c.db.partners().activity(c.office(), f, t); }},
    };
    for (const auto& rep : reports) {
        const auto run = rep.run;
        r.add({.method = "GET",
               .path = std::string("/v1/reports/") + rep.name,
               .operation = std::string("report_") + rep.name,
               .summary = rep.summary,
               .tag = "reports",
               .resource = "reports",
               .params = period_params(),
               .response = rows_schema(),
               .handler = [run](Context& ctx) {
                   const auto [from, to] = period_of(ctx);
                   return json_response(table_json(run(ctx, from, to)));
               }});
    }
    // The reports of a day (default today) rather than a period.
    struct DayReport {
        const char* name;
        const char* summary;
        Table (*run)(Context&, Date);
    };
    static const DayReport day_reports[] = {
        {"stages", "Each employer's stage in the gradual approach, with the day of each step",
         [](Context& c, Date d) { return c.db.relationships().stages(c.office(), d); }},
        {"stage-funnel", "Employers by stage, per cluster and for the office",
         [](Context& c, Date d) { return c.db.relationships().funnel(c.office(), d); }},
        {"workload", "What each staff member carries: portfolio, contacts due, commitments, requests",
         [](Context& c, Date d) { return c.db.workload().staff(c.office(), d); }},
    };
    for (const auto& rep : day_reports) {
        const auto run = rep.run;
        r.add({.method = "GET",
               .path = std::string("/v1/reports/") + rep.name,
               .operation = std::string("report_") + rep.name,
               .summary = rep.summary,
               .tag = "reports",
               .resource = "reports",
               .params = {query_param("on", date(), "the day (default today)")},
               .response = rows_schema(),
               .handler = [run](Context& ctx) {
                   return json_response(table_json(run(ctx, ctx.query_date("on").value_or(ctx.db.today()))));
               }});
    }
    r.add({.method = "GET",
           .path = "/v1/reports/leads",
           .operation = "report_leads",
           .summary = "Employers by where they came from, with what came of each (for whoever referred them)",
           .tag = "reports",
           .resource = "reports",
           .params = {query_param("source", text(), "only employers of this lead source (default: every known one)"),
                      query_param("on", date(), "the day (default today)")},
           .response = rows_schema(),
           .handler = [](Context& ctx) {
               const auto source = ctx.query("source");
               const auto lead =
                   source ? std::optional<LeadSource>(parse_enum<LeadSource>(*source, "source")) : std::nullopt;
               return json_response(table_json(
                   ctx.db.relationships().leads(ctx.office(), lead, ctx.query_date("on").value_or(ctx.db.today()))));
           }});
}

void add_region(Routes& r) {
    const auto regional = [](std::string name, std::string summary, Table (*run)(Context&, Date, Date)) {
        return Route{.method = "GET",
                     .path = "/v1/region/" + name,
                     .operation = "region_" + name,
                     .summary = std::move(summary),
                     .tag = "region",
                     .resource = "regional",
                     .params = period_params(),
                     .response = rows_schema(),
                     .handler = [run](Context& ctx) {
                         const auto [from, to] = period_of(ctx);
                         return json_response(table_json(run(ctx, from, to)));
                     }};
    };
    r.add(regional("offices", "The region's figures per office (aggregates: no seeker data)",
                   [](Context& c, Date f, Date t) { return c.db.regional().offices_report(f, t); }));
    r.add(regional("provinces", "The region's figures per province",
                   [](Context& c, Date f, Date t) { return c.db.regional().provinces_report(f, t); }));
}

void add_access(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/tokens",
           .operation = "listTokens",
           .summary = "The office's tokens (never their secrets)",
           .tag = "access",
           .resource = "tokens",
           .response = object{{"type", "array"}, {"items", record_ref<Token>(s, "Token")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.access().list(ctx.office()))); }});
    r.add({.method = "POST",
           .path = "/v1/tokens/{id}/revoke",
           .operation = "revokeToken",
           .summary = "Revokes a token of the office from now on",
           .tag = "access",
           .resource = "tokens",
           .write = true,
           .params = {id_param()},
           .response = record_ref<Token>(s, "Token"),
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               return json_response(to_json(ctx.write("revoke", [&] {
                   const Token t = ctx.db.access().get(id);
                   if (!t.office_id) throw HttpError{404, "no such record"};
                   ctx.check_office(*t.office_id);
                   return ctx.db.access().revoke(id);
               })));
           }});
    r.add({.method = "GET",
           .path = "/v1/audit",
           .operation = "listAudit",
           .summary = "Who changed what through the API, oldest first",
           .tag = "access",
           .resource = "audit",
           .params =
               [] {
                   auto p = page_params();
                   p.push_back(query_param("from", date(), "first day"));
                   p.push_back(query_param("to", date(), "last day"));
                   return p;
               }(),
           .response = page_schema(object{{"type", "object"}}),
           .handler =
               [](Context& ctx) {
                   return table_page(ctx,
                                     ctx.db.access().audit(ctx.office(), ctx.query_date("from"), ctx.query_date("to")));
               }});
}

}  // namespace

void add_outreach_routes(Routes& r) {
    add_programmes(r);
    add_events(r);
    add_outreach(r);
    add_partners(r);
    add_reports(r);
    add_region(r);
    add_access(r);
}

}  // namespace omilcrm::http::detail
