// The placement work: vacancies (captured, published as JobPosting), referrals of seekers to
// them, placements; clusters with their members and meetings; the day's visit plan and the
// calendar feed.
#include "http/resources.hpp"

namespace omilcrm::http::detail {

struct CancelBody {
    std::string reason{};
    std::optional<Date> on{};
};
struct ExtendBody {
    Date valid_through{};
};
struct ReferBody {
    Id seeker = 0;
    Id vacancy = 0;
    std::optional<Date> on{};
    std::string note{};
    std::optional<Id> by{};
};
struct AdvanceBody {
    ReferralStage stage = ReferralStage::Referred;
    std::optional<Date> on{};
    std::string note{};
    std::optional<Id> by{};
};
struct EvaluateBody {
    EvaluationResult result = EvaluationResult::Suitable;
    std::optional<Date> on{};
    std::string note{};
};
struct MemberBody {
    Id employer = 0;
    std::optional<Date> joined{};
};

}  // namespace omilcrm::http::detail

namespace omilcrm {
template <>
struct RecordFields<http::detail::CancelBody> {
    using B = http::detail::CancelBody;
    static constexpr auto fields = std::make_tuple(field("reason", &B::reason).required(), field("on", &B::on));
};
template <>
struct RecordFields<http::detail::ExtendBody> {
    static constexpr auto fields =
        std::make_tuple(field("valid_through", &http::detail::ExtendBody::valid_through).required());
};
template <>
struct RecordFields<http::detail::ReferBody> {
    using B = http::detail::ReferBody;
    static constexpr auto fields = std::make_tuple(ref<JobSeeker>("seeker", &B::seeker).required(),
                                                   ref<Vacancy>("vacancy", &B::vacancy).required(), field("on", &B::on),
                                                   field("note", &B::note), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::AdvanceBody> {
    using B = http::detail::AdvanceBody;
    static constexpr auto fields = std::make_tuple(field("stage", &B::stage).required(), field("on", &B::on),
                                                   field("note", &B::note), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::EvaluateBody> {
    using B = http::detail::EvaluateBody;
    static constexpr auto fields =
        std::make_tuple(field("result", &B::result).required(), field("on", &B::on), field("note", &B::note));
};
template <>
struct RecordFields<http::detail::MemberBody> {
    using B = http::detail::MemberBody;
    static constexpr auto fields =
        std::make_tuple(ref<Employer>("employer", &B::employer).required(), field("joined", &B::joined));
};
}  // namespace omilcrm

namespace omilcrm::http::detail {

namespace {

using boost::json::object;

Vacancy own_vacancy(Context& ctx, Id id) {
    Vacancy v = ctx.db.vacancies().get(id);
    ctx.check_office(v.office_id);
    return v;
}

Referral own_referral(Context& ctx, Id id) {
    Referral r = ctx.db.referrals().get(id);
    ctx.check_office(r.office_id);
    return r;
}

Cluster own_cluster(Context& ctx, Id id) {
    Cluster c = ctx.db.clusters().get(id);
    ctx.check_office(c.office_id);
    return c;
}

void add_vacancies(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params();
    params.push_back(query_param("employer", integer(), "only this employer's"));
    params.push_back(query_param("status", one_of<VacancyStatus>(), "only vacancies in this status"));
    params.push_back(query_param("open", boolean(), "only open or partially filled ones"));
    r.add({.method = "GET",
           .path = "/v1/vacancies",
           .operation = "listVacancies",
           .summary = "The office's vacancies",
           .tag = "vacancies",
           .resource = "vacancies",
           .params = params,
           .response = page_schema(record_ref<Vacancy>(s, "Vacancy")),
           .handler = [](Context& ctx) {
               VacancyFilter f;
               f.employer_id = ctx.query_int("employer", 1, kMaxId);
               if (const auto st = ctx.query("status")) f.status = parse_enum<VacancyStatus>(*st, "status");
               f.open_only = ctx.query_bool("open").value_or(false);
               return records_page(ctx, ctx.db.vacancies().list(ctx.office(), f));
           }});
    r.add({.method = "GET",
           .path = "/v1/vacancies/{id}",
           .operation = "getVacancy",
           .summary = "A vacancy",
           .tag = "vacancies",
           .resource = "vacancies",
           .params = {id_param()},
           .response = record_ref<Vacancy>(s, "Vacancy"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_vacancy(ctx, ctx.path_id())); }});
    r.add({.method = "POST",
           .path = "/v1/vacancies",
           .operation = "captureVacancy",
           .summary = "Captures a vacancy an employer offers",
           .tag = "vacancies",
           .resource = "vacancies",
           .write = true,
           .body = record_ref<NewVacancy>(s, "NewVacancy", true),
           .status = 201,
           .response = record_ref<Vacancy>(s, "Vacancy"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto n = ctx.body_as<NewVacancy>("vacancy");
               check_own_employer(ctx, "employer", n.employer_id);
               return record_response(ctx.write("create", [&] { return ctx.db.vacancies().capture(n); }), 201);
           }});
    r.add({.method = "POST",
           .path = "/v1/vacancies/{id}/cancel",
           .operation = "cancelVacancy",
           .summary = "Cancels a vacancy (the employer withdrew it)",
           .tag = "vacancies",
           .resource = "vacancies",
           .write = true,
           .params = {id_param()},
           .body = record_ref<CancelBody>(s, "VacancyCancel", true),
           .response = record_ref<Vacancy>(s, "Vacancy"),
           .etag = true,
           .handler = action<CancelBody>("cancel", own_vacancy, [](Context& ctx, Id id, const CancelBody& b) {
               return ctx.db.vacancies().cancel(id, b.reason, b.on);
           })});
    r.add({.method = "POST",
           .path = "/v1/vacancies/{id}/extend",
           .operation = "extendVacancy",
           .summary = "Moves a vacancy's valid-through date",
           .tag = "vacancies",
           .resource = "vacancies",
           .write = true,
           .params = {id_param()},
           .body = record_ref<ExtendBody>(s, "VacancyExtend", true),
           .response = record_ref<Vacancy>(s, "Vacancy"),
           .etag = true,
           .handler = action<ExtendBody>("extend", own_vacancy, [](Context& ctx, Id id, const ExtendBody& b) {
               return ctx.db.vacancies().extend(id, b.valid_through);
           })});
    r.add({.method = "GET",
           .path = "/v1/vacancies/{id}/jobposting",
           .operation = "getJobPosting",
           .summary = "The vacancy as a schema.org JobPosting (JSON-LD) for job boards; no seeker data",
           .tag = "vacancies",
           .resource = "vacancies",
           .params = {id_param()},
           .response = object{{"type", "object"}},
           .content_type = "application/ld+json",
           .handler = [](Context& ctx) {
               own_vacancy(ctx, ctx.path_id());
               Response out;
               out.body = ctx.db.vacancies().job_posting(ctx.path_id());
               out.set_header("Content-Type", "application/ld+json");
               return out;
           }});
    r.add({.method = "GET",
           .path = "/v1/vacancies/{id}/referrals",
           .operation = "listVacancyReferrals",
           .summary = "The seekers referred to a vacancy, with their stage",
           .tag = "referrals",
           .resource = "referrals",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<Referral>(s, "Referral")}},
           .handler = [](Context& ctx) {
               own_vacancy(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.referrals().for_vacancy(ctx.path_id())));
           }});
}

void add_referrals(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params();
    params.push_back(query_param("vacancy", integer(), "only referrals to this vacancy"));
    r.add({.method = "GET",
           .path = "/v1/referrals",
           .operation = "listReferrals",
           .summary = "The office's referrals",
           .tag = "referrals",
           .resource = "referrals",
           .params = params,
           .response = page_schema(object{{"type", "object"}}),
           .handler = [](Context& ctx) {
               const auto vacancy = ctx.query_int("vacancy", 1, kMaxId);
               if (vacancy) own_vacancy(ctx, *vacancy);
               return table_page(ctx, ctx.db.referrals().table(ctx.office(), vacancy));
           }});
    r.add({.method = "GET",
           .path = "/v1/referrals/{id}",
           .operation = "getReferral",
           .summary = "A referral",
           .tag = "referrals",
           .resource = "referrals",
           .params = {id_param()},
           .response = record_ref<Referral>(s, "Referral"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_referral(ctx, ctx.path_id())); }});
    r.add({.method = "POST",
           .path = "/v1/referrals",
           .operation = "refer",
           .summary = "Refers a seeker to a vacancy",
           .tag = "referrals",
           .resource = "referrals",
           .write = true,
           .body = record_ref<ReferBody>(s, "NewReferral", true),
           .status = 201,
           .response = record_ref<Referral>(s, "Referral"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<ReferBody>("referral");
               try {
                   own_vacancy(ctx, b.vacancy);
               } catch (...) {
                   throw ValidationError("vacancy", std::to_string(b.vacancy), "is no record of this office");
               }
               try {
                   ctx.check_office(ctx.db.seekers().get(b.seeker).office_id);
               } catch (...) {
                   throw ValidationError("seeker", std::to_string(b.seeker), "is no record of this office");
               }
               const Id by = acting_staff(ctx, b.by);
               return record_response(
                   ctx.write("create", [&] { return ctx.db.referrals().refer(b.seeker, b.vacancy, by, b.on, b.note); }),
                   201);
           }});
    r.add({.method = "POST",
           .path = "/v1/referrals/{id}/advance",
           .operation = "advanceReferral",
           .summary = "Moves a referral to its next stage (interview, evaluation, hired, not_selected, withdrew)",
           .tag = "referrals",
           .resource = "referrals",
           .write = true,
           .params = {id_param()},
           .body = record_ref<AdvanceBody>(s, "ReferralAdvance", true),
           .response = record_ref<Referral>(s, "Referral"),
           .etag = true,
           .handler = action<AdvanceBody>("advance", own_referral, [](Context& ctx, Id id, const AdvanceBody& b) {
               return ctx.db.referrals().advance(id, b.stage, acting_staff(ctx, b.by), b.on, b.note);
           })});
    r.add({.method = "POST",
           .path = "/v1/referrals/{id}/evaluate",
           .operation = "evaluateReferral",
           .summary = "Records the labour psychologist's evaluation (the caller is the psychologist)",
           .tag = "referrals",
           .resource = "evaluations",
           .write = true,
           .params = {id_param()},
           .body = record_ref<EvaluateBody>(s, "ReferralEvaluation", true),
           .response = record_ref<Referral>(s, "Referral"),
           .etag = true,
           .handler = action<EvaluateBody>("evaluate", own_referral, [](Context& ctx, Id id, const EvaluateBody& b) {
               return ctx.db.referrals().evaluate(id, b.result, acting_staff(ctx, {}), b.on, b.note);
           })});
    r.add({.method = "GET",
           .path = "/v1/referrals/{id}/history",
           .operation = "listReferralHistory",
           .summary = "A referral's stages, oldest first",
           .tag = "referrals",
           .resource = "referrals",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<ReferralEvent>(s, "ReferralEvent")}},
           .handler = [](Context& ctx) {
               own_referral(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.referrals().history(ctx.path_id())));
           }});
}

void add_placements(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/placements",
           .operation = "listPlacements",
           .summary = "The office's placements",
           .tag = "placements",
           .resource = "placements",
           .params = page_params(),
           .response = page_schema(record_ref<Placement>(s, "Placement")),
           .handler = [](Context& ctx) { return records_page(ctx, ctx.db.placements().list(ctx.office())); }});
    r.add({.method = "GET",
           .path = "/v1/placements/{id}",
           .operation = "getPlacement",
           .summary = "A placement",
           .tag = "placements",
           .resource = "placements",
           .params = {id_param()},
           .response = record_ref<Placement>(s, "Placement"),
           .etag = true,
           .handler = [](Context& ctx) {
               const Placement p = ctx.db.placements().get(ctx.path_id());
               ctx.check_office(p.office_id);
               return record_response(p);
           }});
    r.add({.method = "POST",
           .path = "/v1/placements",
           .operation = "recordPlacement",
           .summary = "Records that a seeker was hired for a vacancy",
           .tag = "placements",
           .resource = "placements",
           .write = true,
           .body = record_ref<NewPlacement>(s, "NewPlacement", true),
           .status = 201,
           .response = record_ref<Placement>(s, "Placement"),
           .etag = true,
           .handler = [](Context& ctx) {
               auto n = ctx.body_as<NewPlacement>("placement");
               try {
                   own_vacancy(ctx, n.vacancy_id);
               } catch (...) {
                   throw ValidationError("vacancy", std::to_string(n.vacancy_id), "is no record of this office");
               }
               if (n.recorded_by) check_own_staff(ctx, "by", *n.recorded_by);
               else n.recorded_by = ctx.caller().staff_id;
               return record_response(ctx.write("create", [&] { return ctx.db.placements().record(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/placement-checks",
           .operation = "listPlacementChecksDue",
           .summary = "Follow-up checks of placements due on a day (default today)",
           .tag = "placements",
           .resource = "placements",
           .params = {query_param("on", date(), "the day (default today)")},
           .response = object{{"type", "array"}, {"items", record_ref<PlacementCheck>(s, "PlacementCheck")}},
           .handler = [](Context& ctx) {
               const Date day = ctx.query_date("on").value_or(ctx.db.today());
               return json_response(to_json(ctx.db.placements().checks_due(ctx.office(), day)));
           }});
}

void add_clusters(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/clusters",
           .operation = "listClusters",
           .summary = "The office's clusters (industrial parks, chambers, associations)",
           .tag = "clusters",
           .resource = "clusters",
           .response = object{{"type", "array"}, {"items", record_ref<Cluster>(s, "Cluster")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.clusters().list(ctx.office()))); }});
    r.add({.method = "GET",
           .path = "/v1/clusters/{id}",
           .operation = "getCluster",
           .summary = "A cluster",
           .tag = "clusters",
           .resource = "clusters",
           .params = {id_param()},
           .response = record_ref<Cluster>(s, "Cluster"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_cluster(ctx, ctx.path_id())); }});
    r.add({.method = "POST",
           .path = "/v1/clusters",
           .operation = "addCluster",
           .summary = "Adds a cluster (office: the caller's)",
           .tag = "clusters",
           .resource = "clusters",
           .write = true,
           .body = body_ref<NewCluster>(s, "NewCluster", {.filled = {"office"}}),
           .status = 201,
           .response = record_ref<Cluster>(s, "Cluster"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto n = from_json<NewCluster>(body_with(ctx, {{"office", ctx.office()}}), "cluster");
               if (n.office_id != ctx.office())
                   throw ValidationError("office", std::to_string(n.office_id), "is not this office");
               return record_response(ctx.write("create", [&] { return ctx.db.clusters().add(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/clusters/{id}/members",
           .operation = "listClusterMembers",
           .summary = "A cluster's memberships, past and present",
           .tag = "clusters",
           .resource = "clusters",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<Membership>(s, "Membership")}},
           .handler = [](Context& ctx) {
               own_cluster(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.clusters().memberships(ctx.path_id())));
           }});
    r.add({.method = "POST",
           .path = "/v1/clusters/{id}/members",
           .operation = "addClusterMember",
           .summary = "An employer joins a cluster",
           .tag = "clusters",
           .resource = "clusters",
           .write = true,
           .params = {id_param()},
           .body = record_ref<MemberBody>(s, "NewMember", true),
           .status = 201,
           .response = record_ref<Membership>(s, "Membership"),
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<MemberBody>("member");
               const Id id = ctx.path_id();
               own_cluster(ctx, id);
               check_own_employer(ctx, "employer", b.employer);
               return json_response(to_json(ctx.write("add_member",
                                                      [&] {
                                                          return ctx.db.clusters().add_member(
                                                              id, b.employer, b.joined.value_or(ctx.db.today()));
                                                      })),
                                    201);
           }});
    std::vector<Param> meeting_params{id_param(), query_param("from", date(), "first day (default today)"),
                                      query_param("to", date(), "last day (default 90 days on)")};
    r.add({.method = "GET",
           .path = "/v1/clusters/{id}/meetings",
           .operation = "listClusterMeetings",
           .summary = "The days a cluster meets between two dates (from its recurrence)",
           .tag = "clusters",
           .resource = "clusters",
           .params = meeting_params,
           .response = object{{"type", "array"}, {"items", date()}},
           .handler = [](Context& ctx) {
               own_cluster(ctx, ctx.path_id());
               const Date from = ctx.query_date("from").value_or(ctx.db.today());
               const Date to = ctx.query_date("to").value_or(from.add_days(90));
               if (to < from) throw ValidationError("to", to.iso(), "is before from");
               if (to - from > 3660) throw ValidationError("to", to.iso(), "is more than ten years after from");
               boost::json::array days;
               for (const Date d : ctx.db.clusters().meetings(ctx.path_id(), from, to))
                   days.push_back(boost::json::string(d.iso()));
               return json_response(days);
           }});
    r.add({.method = "POST",
           .path = "/v1/clusters/{id}/meetings",
           .operation = "logClusterMeeting",
           .summary = "Logs a cluster meeting: an interaction with every member, present or absent",
           .tag = "clusters",
           .resource = "interactions",
           .write = true,
           .params = {id_param()},
           .body = body_ref<NewClusterMeeting>(s, "NewClusterMeeting", {.filled = {"cluster", "by"}}),
           .status = 201,
           .response = record_ref<Interaction>(s, "Interaction"),
           .etag = true,
           .handler = [](Context& ctx) {
               // The cluster is the URL's, the day today and the staff member the caller, unless given.
               boost::json::value body =
                   body_with(ctx, {{"cluster", ctx.path_id()}, {"on", boost::json::string(ctx.db.today().iso())}});
               if (body.is_object() && !body.as_object().contains("by") && ctx.caller().staff_id)
                   body.as_object()["by"] = *ctx.caller().staff_id;
               const auto n = from_json<NewClusterMeeting>(body, "meeting");
               if (n.cluster_id != ctx.path_id())
                   throw ValidationError("cluster", std::to_string(n.cluster_id), "is not the cluster of the URL");
               own_cluster(ctx, n.cluster_id);
               check_own_staff(ctx, "by", n.staff_id);
               return record_response(ctx.write("create", [&] { return ctx.db.interactions().log_cluster_meeting(n); }),
                                      201);
           }});
}

void add_plans(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/plan",
           .operation = "planDay",
           .summary = "A staff member's visit plan for a day: the due employers, in visiting order",
           .tag = "planning",
           .resource = "plans",
           .params = {query_param("staff", integer(), "whose day (default the caller)"),
                      query_param("on", date(), "the day (default today)"),
                      query_param("vehicle", boolean(), "a vehicle that day (default walking and bus)"),
                      query_param("within", object{{"type", "integer"}, {"minimum", 0}, {"maximum", 60}},
                                  "candidates due within this many days (default 7)")},
           .response = record_ref<planner::Plan>(s, "Plan"),
           .handler = [](Context& ctx) {
               DayPlanRequest req;
               const auto staff = ctx.query_int("staff", 1, kMaxId);
               req.staff_id = staff ? own_staff(ctx, *staff).meta.id : acting_staff(ctx, {});
               req.day = ctx.query_date("on").value_or(ctx.db.today());
               req.vehicle = ctx.query_bool("vehicle").value_or(false);
               req.within_days = static_cast<int>(ctx.query_int("within", 0, 60).value_or(7));
               return json_response(to_json(ctx.db.planner().plan_day(req)));
           }});
    r.add({.method = "GET",
           .path = "/v1/visits",
           .operation = "listPlannedVisits",
           .summary = "Saved visit plans between two dates",
           .tag = "planning",
           .resource = "plans",
           .params = {query_param("from", date(), "first day (default today)"),
                      query_param("to", date(), "last day (default from + 7)"),
                      query_param("staff", integer(), "only this staff member's")},
           .response = object{{"type", "array"}, {"items", record_ref<PlannedVisit>(s, "PlannedVisit")}},
           .handler = [](Context& ctx) {
               const Date from = ctx.query_date("from").value_or(ctx.db.today());
               const Date to = ctx.query_date("to").value_or(from.add_days(7));
               const auto staff = ctx.query_int("staff", 1, kMaxId);
               return json_response(to_json(ctx.db.planner().planned(ctx.office(), from, to, staff)));
           }});
    r.add({.method = "GET",
           .path = "/v1/staff/{id}/calendar.ics",
           .operation = "getCalendar",
           .summary = "A staff member's visits, commitments and follow-ups as an iCalendar feed; a calendar "
                      "application subscribes with ?token=",
           .tag = "planning",
           .resource = "calendar",
           .params = {id_param(), query_param("token", text(), "the token, for applications that cannot send headers"),
                      query_param("from", date(), "first day (default 30 days ago)"),
                      query_param("to", date(), "last day (default 90 days on)")},
           .response = object{{"type", "string"}},
           .content_type = "text/calendar",
           .handler = [](Context& ctx) {
               const StaffMember who = own_staff(ctx, ctx.path_id());
               CalendarRequest req{.office_id = who.office_id, .staff_id = who.meta.id};
               req.from = ctx.query_date("from").value_or(ctx.db.today().add_days(-30));
               req.to = ctx.query_date("to").value_or(ctx.db.today().add_days(90));
               if (req.to < req.from) throw ValidationError("to", req.to.iso(), "is before from");
               if (req.to - req.from > 3660)
                   throw ValidationError("to", req.to.iso(), "is more than ten years after from");
               Response out;
               out.body = ctx.db.calendar().ics(req);
               out.set_header("Content-Type", "text/calendar; charset=utf-8");
               return out;
           }});
}

}  // namespace

void add_work_routes(Routes& r) {
    add_vacancies(r);
    add_referrals(r);
    add_placements(r);
    add_clusters(r);
    add_plans(r);
}

}  // namespace omilcrm::http::detail
