// What the office's coordinator runs: people leaving and their portfolio handed over, an
// employer's owner, the cadence policies and the routing rules.
#include "http/resources.hpp"

namespace omilcrm::http::detail {

struct LeaveBody {
    Date on{};
};
struct HandOverBody {
    Id from = 0;
    Id to = 0;
    std::optional<Date> on{};
    std::string reason{};
};
struct AssignBody {
    Id owner = 0;
    std::optional<Date> on{};
    std::string reason{};
};

}  // namespace omilcrm::http::detail

namespace omilcrm {
template <>
struct RecordFields<http::detail::LeaveBody> {
    static constexpr auto fields = std::make_tuple(field("on", &http::detail::LeaveBody::on).required());
};
template <>
struct RecordFields<http::detail::HandOverBody> {
    using B = http::detail::HandOverBody;
    static constexpr auto fields =
        std::make_tuple(ref<StaffMember>("from", &B::from).required(), ref<StaffMember>("to", &B::to).required(),
                        field("on", &B::on), field("reason", &B::reason));
};
template <>
struct RecordFields<http::detail::AssignBody> {
    using B = http::detail::AssignBody;
    static constexpr auto fields = std::make_tuple(ref<StaffMember>("owner", &B::owner).required(), field("on", &B::on),
                                                   field("reason", &B::reason));
};
}  // namespace omilcrm

namespace omilcrm::http::detail {

namespace {

using boost::json::object;

void add_people(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "POST",
           .path = "/v1/staff/{id}/leave",
           .operation = "staffLeaves",
           .summary = "Records that a staff member leaves the office on a day (their last day is the day before)",
           .tag = "staff",
           .resource = "staff",
           .write = true,
           .params = {id_param()},
           .body = record_ref<LeaveBody>(s, "StaffLeave", true),
           .response = record_ref<StaffMember>(s, "StaffMember"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<LeaveBody>("body");
               const Id id = ctx.path_id();
               return record_response(ctx.write("leave", [&] {
                   ctx.check_if_match(record_etag(own_staff(ctx, id)));
                   return ctx.db.staff().leave(id, b.on);
               }));
           }});
    r.add({.method = "POST",
           .path = "/v1/portfolio/hand-over",
           .operation = "handOverPortfolio",
           .summary = "Hands a staff member's whole portfolio (employers and open commitments) to another, in "
                      "one step",
           .tag = "staff",
           .resource = "portfolio",
           .write = true,
           .body = record_ref<HandOverBody>(s, "HandOver", true),
           .response = object{{"type", "object"},
                              {"properties", {{"moved", {{"type", "integer"}}}}},
                              {"required", boost::json::array{"moved"}}},
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<HandOverBody>("hand-over");
               check_own_staff(ctx, "from", b.from);
               check_own_staff(ctx, "to", b.to);
               const std::size_t moved = ctx.write("hand_over", [&] {
                   return ctx.db.portfolio().hand_over(b.from, b.to, b.on.value_or(ctx.db.today()), b.reason);
               });
               return json_response(object{{"moved", moved}});
           }});
    r.add({.method = "POST",
           .path = "/v1/employers/{id}/owner",
           .operation = "assignEmployerOwner",
           .summary = "Gives an employer a new owner among the staff (the ownership history keeps the previous one)",
           .tag = "employers",
           .resource = "portfolio",
           .write = true,
           .params = {id_param()},
           .body = record_ref<AssignBody>(s, "OwnerAssignment", true),
           .response = record_ref<Employer>(s, "Employer"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<AssignBody>("owner");
               const Id id = ctx.path_id();
               check_own_staff(ctx, "owner", b.owner);
               return record_response(ctx.write("assign", [&] {
                   ctx.check_if_match(record_etag(own_employer(ctx, id)));
                   ctx.db.portfolio().assign(id, b.owner, b.on.value_or(ctx.db.today()), b.reason);
                   return ctx.db.employers().get(id);
               }));
           }});
    r.add({.method = "GET",
           .path = "/v1/employers/{id}/owners",
           .operation = "listEmployerOwners",
           .summary = "Who owned an employer's relationship, and when",
           .tag = "employers",
           .resource = "portfolio",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<Ownership>(s, "Ownership")}},
           .handler = [](Context& ctx) {
               own_employer(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.portfolio().history(ctx.path_id())));
           }});
}

void add_rules(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/cadence-policies",
           .operation = "listCadencePolicies",
           .summary = "The office's contact-cadence policies",
           .tag = "cadence",
           .resource = "cadence",
           .response = object{{"type", "array"}, {"items", record_ref<CadencePolicy>(s, "CadencePolicy")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.cadence().policies(ctx.office()))); }});
    r.add({.method = "POST",
           .path = "/v1/cadence-policies",
           .operation = "addCadencePolicy",
           .summary = "Adds a cadence policy (office: the caller's)",
           .tag = "cadence",
           .resource = "cadence",
           .write = true,
           .body = record_ref<NewCadencePolicy>(s, "NewCadencePolicy", true),
           .status = 201,
           .response = record_ref<CadencePolicy>(s, "CadencePolicy"),
           .handler = [](Context& ctx) {
               boost::json::value body = ctx.body();
               if (body.is_object() && !body.as_object().contains("office")) body.as_object()["office"] = ctx.office();
               const auto n = from_json<NewCadencePolicy>(body, "policy");
               if (n.office_id != ctx.office())
                   throw ValidationError("office", std::to_string(n.office_id), "is not this office");
               return json_response(to_json(ctx.write("create", [&] { return ctx.db.cadence().add_policy(n); })), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/routing-rules",
           .operation = "listRoutingRules",
           .summary = "The office's routing rules, in the order they are tried",
           .tag = "requests",
           .resource = "routing",
           .response = object{{"type", "array"}, {"items", record_ref<RoutingRule>(s, "RoutingRule")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.routing().list(ctx.office()))); }});
}

}  // namespace

void add_coordination_routes(Routes& r) {
    add_people(r);
    add_rules(r);
}

}  // namespace omilcrm::http::detail
