// Job seekers' rights under Ley 21.719: the register of data-subject requests, the access answer,
// the portable copy and its import, erasure, blocking and opposition, retention. For the roles
// that may read seekers' personal data (docs/access.md: resource "rights").
#include "http/resources.hpp"

#include "omilcrm/data_rights.hpp"

namespace omilcrm::http::detail {

struct DecisionBody {
    std::string text{};
    std::optional<Date> on{};
    std::optional<Id> by{};
};
struct ErasureBody {
    std::optional<Id> request{};
};
struct RestrictionBody {
    RestrictionKind kind = RestrictionKind::Blocking;
    std::string reason{};
    std::optional<Date> from{};
    std::optional<Date> to{};
    std::optional<Id> request{};
    std::optional<Id> by{};
};
struct LiftBody {
    std::optional<Date> to{};
    std::optional<Id> by{};
};
struct RetentionBody {
    std::optional<int> years{};
};

}  // namespace omilcrm::http::detail

namespace omilcrm {
// The three decisions take the same body; its text is "reason" (extend, refuse) or "answer".
template <>
struct RecordFields<http::detail::DecisionBody> {
    using B = http::detail::DecisionBody;
    static constexpr auto fields =
        std::make_tuple(field("text", &B::text).required(), field("on", &B::on), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::ErasureBody> {
    static constexpr auto fields = std::make_tuple(ref<RightsRequest>("request", &http::detail::ErasureBody::request));
};
template <>
struct RecordFields<http::detail::RestrictionBody> {
    using B = http::detail::RestrictionBody;
    static constexpr auto fields = std::make_tuple(
        field("kind", &B::kind).required(), field("reason", &B::reason).required(), field("start", &B::from),
        field("end", &B::to), ref<RightsRequest>("request", &B::request), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::LiftBody> {
    using B = http::detail::LiftBody;
    static constexpr auto fields = std::make_tuple(field("end", &B::to), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::RetentionBody> {
    static constexpr auto fields = std::make_tuple(field("years", &http::detail::RetentionBody::years));
};
}  // namespace omilcrm

namespace omilcrm::http::detail {

namespace {

using boost::json::object;

RightsRequest own_rights_request(Context& ctx, Id id) {
    RightsRequest r = ctx.db.data_rights().get(id);
    ctx.check_office(r.office_id);
    return r;
}

SeekerRestriction own_restriction(Context& ctx, Id id) {
    SeekerRestriction r = ctx.db.data_rights().restriction(id);
    own_seeker(ctx, r.seeker_id);  // 404 when the seeker is another office's
    return r;
}

void add_register(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params();
    params.push_back(query_param("all", boolean(), "also answered and refused requests (default: open ones)"));
    params.push_back(query_param("overdue_on", date(), "only open requests past their deadline on this day"));
    params.push_back(query_param("kind", one_of<RightKind>(), "only requests of this kind"));
    params.push_back(query_param("seeker", integer(), "only this seeker's"));
    r.add({.method = "GET",
           .path = "/v1/rights-requests",
           .operation = "listRightsRequests",
           .summary = "The office's register of data-subject requests (Ley 21.719), oldest first",
           .tag = "rights",
           .resource = "rights",
           .params = params,
           .response = page_schema(record_ref<RightsRequest>(s, "RightsRequest")),
           .handler = [](Context& ctx) {
               if (const auto day = ctx.query_date("overdue_on"))
                   return records_page(ctx, ctx.db.data_rights().overdue(ctx.office(), *day));
               RightsFilter f{.open_only = !ctx.query_bool("all").value_or(false)};
               if (auto k = ctx.query("kind")) f.kind = parse_enum<RightKind>(*k);
               f.seeker_id = ctx.query_int("seeker", 1, kMaxId);
               return records_page(ctx, ctx.db.data_rights().list(ctx.office(), f));
           }});
    r.add({.method = "POST",
           .path = "/v1/rights-requests",
           .operation = "receiveRightsRequest",
           .summary = "Registers a data-subject request: its deadline is 30 calendar days (verified_by: default "
                      "the caller)",
           .tag = "rights",
           .resource = "rights",
           .write = true,
           .body = body_ref<NewRightsRequest>(s, "NewRightsRequest", {.filled = {"verified_by"}}),
           .status = 201,
           .response = record_ref<RightsRequest>(s, "RightsRequest"),
           .etag = true,
           .handler = [](Context& ctx) {
               auto n = from_json<NewRightsRequest>(body_with(ctx, {{"verified_by", 0}}), "request");
               return record_response(
                   ctx.write("create",
                             [&] {
                                 own_seeker(ctx, n.seeker_id);
                                 n.verified_by =
                                     acting_staff(ctx, n.verified_by ? std::optional<Id>(n.verified_by) : std::nullopt);
                                 return ctx.db.data_rights().receive(n);
                             }),
                   201);
           }});
    r.add({.method = "GET",
           .path = "/v1/rights-requests/{id}",
           .operation = "getRightsRequest",
           .summary = "A data-subject request",
           .tag = "rights",
           .resource = "rights",
           .params = {id_param()},
           .response = record_ref<RightsRequest>(s, "RightsRequest"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_rights_request(ctx, ctx.path_id())); }});
    struct Decision {
        const char* name;
        const char* operation;
        const char* summary;
        RightsRequest (*apply)(Context&, Id, const DecisionBody&);
    };
    const Decision decisions[] = {
        {"extend", "extendRightsRequest", "Extends the deadline once by 30 days; text: the reason",
         [](Context& ctx, Id id, const DecisionBody& b) {
             return ctx.db.data_rights().extend(id, b.text, acting_staff(ctx, b.by), b.on);
         }},
        {"answer", "answerRightsRequest", "Records the answer given; text: the answer",
         [](Context& ctx, Id id, const DecisionBody& b) {
             return ctx.db.data_rights().answer(id, b.text, acting_staff(ctx, b.by), b.on);
         }},
        {"refuse", "refuseRightsRequest", "Records a refusal; text: the legal reason",
         [](Context& ctx, Id id, const DecisionBody& b) {
             return ctx.db.data_rights().refuse(id, b.text, acting_staff(ctx, b.by), b.on);
         }},
    };
    for (const auto& d : decisions) {
        auto apply = d.apply;
        r.add({.method = "POST",
               .path = std::string("/v1/rights-requests/{id}/") + d.name,
               .operation = d.operation,
               .summary = d.summary,
               .tag = "rights",
               .resource = "rights",
               .write = true,
               .params = {id_param()},
               .body = record_ref<DecisionBody>(s, "RightsDecision", true),
               .response = record_ref<RightsRequest>(s, "RightsRequest"),
               .etag = true,
               .handler = action<DecisionBody>(
                   d.name, own_rights_request,
                   [apply](Context& ctx, Id id, const DecisionBody& b) { return apply(ctx, id, b); })});
    }
    r.add({.method = "GET",
           .path = "/v1/rights-report",
           .operation = "rightsReport",
           .summary = "Per kind of request: received, answered in time, answered late, refused, open, overdue",
           .tag = "rights",
           .resource = "rights",
           .params = {query_param("from", date(), "first day received (default 1 January)"),
                      query_param("to", date(), "last day (default today)")},
           .response = object{{"type", "array"}, {"items", object{{"type", "object"}}}},
           .handler = [](Context& ctx) {
               const Date to = ctx.query_date("to").value_or(ctx.db.today());
               const Date from = ctx.query_date("from").value_or(Date(to.year(), 1, 1));
               return json_response(table_json(ctx.db.data_rights().report(ctx.office(), from, to)));
           }});
}

void add_answers(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "POST",
           .path = "/v1/seekers/{id}/access",
           .operation = "answerAccess",
           .summary = "The answer to an access request: every personal field, origin, consents, purposes, "
                      "recipients, retention; the read is logged",
           .tag = "rights",
           .resource = "rights",
           .params = {id_param()},
           .response = record_ref<SubjectAccess>(s, "SubjectAccess"),
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               own_seeker(ctx, id);
               auto acting = ctx.act_as();  // the read is logged in its own transaction, as the caller
               return json_response(to_json(ctx.db.data_rights().access(id, acting_staff(ctx, std::nullopt))));
           }});
    r.add({.method = "POST",
           .path = "/v1/seekers/{id}/access.html",
           .operation = "answerAccessDocument",
           .summary = "The answer to an access request as the printable document for the person (Spanish, "
                      "HTML); the read is logged",
           .tag = "rights",
           .resource = "rights",
           .params = {id_param()},
           .response = object{{"type", "string"}},
           .content_type = "text/html",
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               own_seeker(ctx, id);
               auto acting = ctx.act_as();
               Response out;
               out.body = access_document(ctx.db.data_rights().access(id, acting_staff(ctx, std::nullopt)));
               out.set_header("Content-Type", "text/html; charset=utf-8");
               return out;
           }});
    r.add({.method = "POST",
           .path = "/v1/seekers/{id}/portable",
           .operation = "portableCopy",
           .summary = "The person's portable copy (omilcrm.portable/1), for another office; the read is logged",
           .tag = "rights",
           .resource = "rights",
           .params = {id_param()},
           .response = object{{"type", "object"}},
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               own_seeker(ctx, id);
               auto acting = ctx.act_as();
               Response out;
               out.body = ctx.db.data_rights().portable_json(id, acting_staff(ctx, std::nullopt));
               out.set_header("Content-Type", "application/json");
               return out;
           }});
    r.add({.method = "POST",
           .path = "/v1/portable-copies",
           .operation = "importPortableCopy",
           .summary = "Registers at the office the person of a portable copy made by any office",
           .tag = "rights",
           .resource = "rights",
           .write = true,
           .body = object{{"type", "object"}, {"required", {"format", "seeker"}}},
           .status = 201,
           .response = record_ref<JobSeeker>(s, "JobSeeker"),
           .etag = true,
           .handler = [](Context& ctx) {
               const std::string doc = json_text(ctx.body());
               return record_response(ctx.write("import",
                                                [&] {
                                                    return ctx.db.data_rights().import_portable(
                                                        ctx.office(), doc, acting_staff(ctx, std::nullopt));
                                                }),
                                      201);
           }});
    r.add({.method = "POST",
           .path = "/v1/seekers/{id}/rectification",
           .operation = "rectifySeeker",
           .summary = "Corrects the person's RUT, name or birth date (only those given; null clears the birth "
                      "date); each change is logged, and the request, when given, answered",
           .tag = "rights",
           .resource = "rights",
           .write = true,
           .params = {id_param(), query_param("request", integer(), "the rectification request it answers")},
           .body = record_ref<Rectification>(s, "Rectification", true),
           .response = record_ref<JobSeeker>(s, "JobSeeker"),
           .handler = [](Context& ctx) {
               const auto c = ctx.body_as<Rectification>("body");
               const Id id = ctx.path_id();
               const auto request = ctx.query_int("request", 1, kMaxId);
               return json_response(to_json(ctx.write("rectify", [&] {
                   own_seeker(ctx, id);
                   if (request) own_rights_request(ctx, *request);
                   ctx.db.data_rights().rectify(id, c, acting_staff(ctx, std::nullopt), request);
                   return ctx.db.seekers().get(id);  // the profile: the corrected values are personal
               })));
           }});
    r.add({.method = "POST",
           .path = "/v1/seekers/{id}/erasure",
           .operation = "eraseSeeker",
           .summary = "Erases the person's personal data for good (the anonymous profile stays); erased false with "
                      "the legal reason where the law keeps it",
           .tag = "rights",
           .resource = "rights",
           .write = true,
           .params = {id_param()},
           .body = record_ref<ErasureBody>(s, "Erasure", true),
           .response = record_ref<ErasureOutcome>(s, "ErasureOutcome"),
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<ErasureBody>("body");
               const Id id = ctx.path_id();
               own_seeker(ctx, id);
               if (b.request) own_rights_request(ctx, *b.request);
               // Outside write(): it reads the person first, and that read is logged on its own.
               auto acting = ctx.act_as();
               const ErasureOutcome o = ctx.db.data_rights().erase(id, acting_staff(ctx, std::nullopt), b.request);
               ctx.audit(o.erased ? "erase" : "erase-refused", id);
               return json_response(to_json(o));
           }});
}

void add_restrictions(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/seekers/{id}/restrictions",
           .operation = "listRestrictions",
           .summary = "A seeker's blocking and opposition periods",
           .tag = "rights",
           .resource = "rights",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<SeekerRestriction>(s, "SeekerRestriction")}},
           .handler = [](Context& ctx) {
               own_seeker(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.data_rights().restrictions(ctx.path_id())));
           }});
    r.add({.method = "POST",
           .path = "/v1/seekers/{id}/restrictions",
           .operation = "restrictSeeker",
           .summary = "Blocks a seeker's data or records their opposition (start: default today; end: open-ended)",
           .tag = "rights",
           .resource = "rights",
           .write = true,
           .params = {id_param()},
           .body = record_ref<RestrictionBody>(s, "NewRestriction", true),
           .status = 201,
           .response = record_ref<SeekerRestriction>(s, "SeekerRestriction"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<RestrictionBody>("body");
               const Id id = ctx.path_id();
               return record_response(
                   ctx.write("restrict",
                             [&] {
                                 own_seeker(ctx, id);
                                 if (b.request) own_rights_request(ctx, *b.request);
                                 return ctx.db.data_rights().restrict({.seeker_id = id,
                                                                       .kind = b.kind,
                                                                       .from = b.from,
                                                                       .to = b.to,
                                                                       .reason = b.reason,
                                                                       .request_id = b.request,
                                                                       .staff_id = acting_staff(ctx, b.by)});
                             }),
                   201);
           }});
    r.add({.method = "POST",
           .path = "/v1/restrictions/{id}/lift",
           .operation = "liftRestriction",
           .summary = "Ends a restriction on `end` (default today), the last day it covers",
           .tag = "rights",
           .resource = "rights",
           .write = true,
           .params = {id_param()},
           .body = record_ref<LiftBody>(s, "RestrictionLift", true),
           .response = record_ref<SeekerRestriction>(s, "SeekerRestriction"),
           .etag = true,
           .handler = action<LiftBody>("lift", own_restriction, [](Context& ctx, Id id, const LiftBody& b) {
               return ctx.db.data_rights().lift(id, b.to.value_or(ctx.db.today()), acting_staff(ctx, b.by));
           })});
}

void add_retention(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/retention",
           .operation = "retentionDryRun",
           .summary = "What the office's retention rule reaches on a day (nothing changes)",
           .tag = "rights",
           .resource = "rights",
           .params = {query_param("on", date(), "the day (default today)")},
           .response = object{{"type", "array"}, {"items", record_ref<RetentionItem>(s, "RetentionItem")}},
           .handler = [](Context& ctx) {
               return json_response(
                   to_json(ctx.db.data_rights().expired(ctx.office(), ctx.query_date("on").value_or(ctx.db.today()))));
           }});
    r.add({.method = "PUT",
           .path = "/v1/retention",
           .operation = "setRetention",
           .summary = "Sets the office's retention rule: profiles inactive for `years` are anonymised (null: kept)",
           .tag = "rights",
           .resource = "rights",
           .write = true,
           .body = record_ref<RetentionBody>(s, "RetentionRule", true),
           .response = record_ref<RetentionBody>(s, "RetentionRule"),
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<RetentionBody>("body");
               ctx.write("retention", [&] { ctx.db.data_rights().set_retention(ctx.office(), b.years); });
               return json_response(to_json(RetentionBody{ctx.db.data_rights().retention(ctx.office())}));
           }});
}

}  // namespace

void add_rights_routes(Routes& r) {
    add_register(r);
    add_answers(r);
    add_restrictions(r);
    add_retention(r);
}

}  // namespace omilcrm::http::detail
