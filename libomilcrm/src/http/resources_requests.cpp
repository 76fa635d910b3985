// Service requests (opened, routed, moved through their states, with their history) and the
// job seekers' register (profiles; personal data only through the logged read).
#include "http/resources.hpp"

namespace omilcrm::http::detail {

// What the request actions take in their bodies.
struct TransitionBody {
    RequestStatus status = RequestStatus::Received;
    std::string note{};
    bool visible_to_employer = false;
    std::optional<Date> on{};
    std::optional<Id> by{};
};
struct RerouteBody {
    Id department = 0;
    std::string note{};
    std::optional<Date> on{};
    std::optional<Id> by{};
};
struct NoteBody {
    std::string note{};
    bool visible_to_employer = false;
    std::optional<Date> on{};
    std::optional<Id> by{};
};
struct PauseBody {
    std::optional<Date> from{};
    std::string note{};
    std::optional<Id> by{};
};
struct ResumeBody {
    std::optional<Date> to{};
    std::optional<Id> by{};
};
struct DuplicateBody {
    Id original = 0;
    std::optional<Date> on{};
    std::optional<Id> by{};
};
struct PersonalBody {
    std::string purpose{};
};
struct AnswerBody {
    Id request = 0;
};
struct DropBody {
    std::string reason{};
    std::optional<Date> on{};
};
struct CheckInBody {
    Date on{};
    std::string note{};
    std::optional<Id> by{};
};
struct CheckInDoneBody {
    std::string outcome{};
    std::optional<Date> on{};
    std::optional<Id> by{};
};

}  // namespace omilcrm::http::detail

namespace omilcrm {
template <>
struct RecordFields<http::detail::TransitionBody> {
    using B = http::detail::TransitionBody;
    static constexpr auto fields = std::make_tuple(field("status", &B::status).required(), field("note", &B::note),
                                                   field("visible_to_employer", &B::visible_to_employer),
                                                   field("on", &B::on), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::RerouteBody> {
    using B = http::detail::RerouteBody;
    static constexpr auto fields =
        std::make_tuple(ref<Department>("department", &B::department).required(), field("note", &B::note),
                        field("on", &B::on), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::NoteBody> {
    using B = http::detail::NoteBody;
    static constexpr auto fields =
        std::make_tuple(field("note", &B::note).required(), field("visible_to_employer", &B::visible_to_employer),
                        field("on", &B::on), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::PauseBody> {
    using B = http::detail::PauseBody;
    static constexpr auto fields =
        std::make_tuple(field("from", &B::from), field("note", &B::note).required(), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::ResumeBody> {
    using B = http::detail::ResumeBody;
    static constexpr auto fields = std::make_tuple(field("to", &B::to), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::DuplicateBody> {
    using B = http::detail::DuplicateBody;
    static constexpr auto fields = std::make_tuple(ref<ServiceRequest>("original", &B::original).required(),
                                                   field("on", &B::on), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::AnswerBody> {
    static constexpr auto fields =
        std::make_tuple(ref<ServiceRequest>("request", &http::detail::AnswerBody::request).required());
};
template <>
struct RecordFields<http::detail::DropBody> {
    using B = http::detail::DropBody;
    static constexpr auto fields = std::make_tuple(field("reason", &B::reason).required(), field("on", &B::on));
};
template <>
struct RecordFields<http::detail::CheckInBody> {
    using B = http::detail::CheckInBody;
    static constexpr auto fields =
        std::make_tuple(field("on", &B::on).required(), field("note", &B::note), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::CheckInDoneBody> {
    using B = http::detail::CheckInDoneBody;
    static constexpr auto fields =
        std::make_tuple(field("outcome", &B::outcome), field("on", &B::on), ref<StaffMember>("by", &B::by));
};
template <>
struct RecordFields<http::detail::PersonalBody> {
    static constexpr auto fields = std::make_tuple(field("purpose", &http::detail::PersonalBody::purpose).required());
};
}  // namespace omilcrm

namespace omilcrm::http::detail {

JobSeeker own_seeker(Context& ctx, Id id) {
    JobSeeker s = ctx.db.seekers().get(id);
    ctx.check_office(s.office_id);
    return s;
}

namespace {

using boost::json::object;

ServiceRequest own_request(Context& ctx, Id id) {
    ServiceRequest r = ctx.db.requests().get(id);
    ctx.check_office(r.office_id);
    return r;
}

void add_requests(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params();
    params.push_back(query_param("all", boolean(), "also closed requests (default: open ones only)"));
    params.push_back(query_param("triage", boolean(), "only open requests no department has yet"));
    params.push_back(query_param("department", integer(), "only this department's"));
    params.push_back(query_param("employer", integer(), "only this employer's"));
    params.push_back(query_param("overdue_on", date(), "only open requests past their deadline on this day"));
    r.add({.method = "GET",
           .path = "/v1/requests",
           .operation = "listRequests",
           .summary = "The office's service requests",
           .tag = "requests",
           .resource = "requests",
           .params = params,
           .response = page_schema(record_ref<ServiceRequest>(s, "ServiceRequest")),
           .handler = [](Context& ctx) {
               if (const auto day = ctx.query_date("overdue_on"))
                   return records_page(
                       ctx, ctx.db.requests().overdue(ctx.office(), *day, ctx.query_int("department", 1, kMaxId)));
               RequestFilter f;
               f.open_only = !ctx.query_bool("all").value_or(false);
               f.triage_only = ctx.query_bool("triage").value_or(false);
               f.department_id = ctx.query_int("department", 1, kMaxId);
               f.employer_id = ctx.query_int("employer", 1, kMaxId);
               return records_page(ctx, ctx.db.requests().list(ctx.office(), f));
           }});
    r.add({.method = "GET",
           .path = "/v1/requests/{id}",
           .operation = "getRequest",
           .summary = "A service request",
           .tag = "requests",
           .resource = "requests",
           .params = {id_param()},
           .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_request(ctx, ctx.path_id())); }});
    r.add({.method = "POST",
           .path = "/v1/requests",
           .operation = "openRequest",
           .summary = "Receives an employer's request and routes it to a department by the office's rules",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .body = record_ref<NewServiceRequest>(s, "NewServiceRequest", true),
           .status = 201,
           .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
           .etag = true,
           .handler = [](Context& ctx) {
               auto n = ctx.body_as<NewServiceRequest>("request");
               if (n.office_id && n.office_id != ctx.office())
                   throw ValidationError("office", std::to_string(n.office_id), "is not this office");
               n.office_id = ctx.office();
               if (n.employer_id) check_own_employer(ctx, "employer", *n.employer_id);
               if (n.staff_id) check_own_staff(ctx, "by", n.staff_id);
               else if (ctx.caller().staff_id) n.staff_id = *ctx.caller().staff_id;
               return record_response(ctx.write("create", [&] { return ctx.db.requests().open(n); }), 201);
           }});
    r.add(
        {.method = "POST",
         .path = "/v1/requests/{id}/transition",
         .operation = "transitionRequest",
         .summary = "Moves a request to another state (routed, in_progress, resolved, closed, ...)",
         .tag = "requests",
         .resource = "requests",
         .write = true,
         .params = {id_param()},
         .body = record_ref<TransitionBody>(s, "RequestTransition", true),
         .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
         .etag = true,
         .handler = action<TransitionBody>("transition", own_request, [](Context& ctx, Id id, const TransitionBody& b) {
             return ctx.db.requests().transition(id, b.status, acting_staff(ctx, b.by), b.note, b.visible_to_employer,
                                                 b.on);
         })});
    r.add({.method = "POST",
           .path = "/v1/requests/{id}/reroute",
           .operation = "rerouteRequest",
           .summary = "Sends a request to another department (the history keeps the previous one)",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<RerouteBody>(s, "RequestReroute", true),
           .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
           .etag = true,
           .handler = action<RerouteBody>("reroute", own_request, [](Context& ctx, Id id, const RerouteBody& b) {
               // A department of another office reads as one that does not exist; either way the
               // body is at fault (422), not the URL.
               std::optional<Department> d;
               try {
                   d = ctx.db.departments().get(b.department);
               } catch (const NotFound&) {
               }
               if (!d || d->office_id != ctx.office())
                   throw ValidationError("department", std::to_string(b.department), "is no department of this office");
               return ctx.db.requests().reroute(id, b.department, acting_staff(ctx, b.by), b.note, b.on);
           })});
    r.add({.method = "POST",
           .path = "/v1/requests/{id}/pause",
           .operation = "pauseRequest",
           .summary = "Stops a request's clock while the office waits on the employer (from: default today)",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<PauseBody>(s, "RequestPause", true),
           .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
           .etag = true,
           .handler = action<PauseBody>("pause", own_request, [](Context& ctx, Id id, const PauseBody& b) {
               return ctx.db.requests().pause(id, b.from.value_or(ctx.db.today()), acting_staff(ctx, b.by), b.note);
           })});
    r.add({.method = "POST",
           .path = "/v1/requests/{id}/resume",
           .operation = "resumeRequest",
           .summary = "Restarts a paused request's clock; its deadline moves by the paused business days",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<ResumeBody>(s, "RequestResume", true),
           .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
           .etag = true,
           .handler = action<ResumeBody>("resume", own_request, [](Context& ctx, Id id, const ResumeBody& b) {
               return ctx.db.requests().resume(id, b.to.value_or(ctx.db.today()), acting_staff(ctx, b.by));
           })});
    r.add({.method = "POST",
           .path = "/v1/requests/{id}/duplicate",
           .operation = "markRequestDuplicate",
           .summary = "Closes a request as a duplicate of another of the office's requests",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<DuplicateBody>(s, "RequestDuplicate", true),
           .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
           .etag = true,
           .handler = action<DuplicateBody>("duplicate", own_request, [](Context& ctx, Id id, const DuplicateBody& b) {
               std::optional<ServiceRequest> original;
               try {
                   original = ctx.db.requests().get(b.original);
               } catch (const NotFound&) {
               }
               if (!original || original->office_id != ctx.office())
                   throw ValidationError("original", std::to_string(b.original), "is no request of this office");
               return ctx.db.requests().mark_duplicate(id, b.original, acting_staff(ctx, b.by), b.on);
           })});
    r.add({.method = "POST",
           .path = "/v1/requests/{id}/notes",
           .operation = "addRequestNote",
           .summary = "Adds a note to a request's history (visible_to_employer: shown in Open311)",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<NoteBody>(s, "RequestNote", true),
           .response = record_ref<ServiceRequest>(s, "ServiceRequest"),
           .etag = true,
           .handler = action<NoteBody>("note", own_request, [](Context& ctx, Id id, const NoteBody& b) {
               ctx.db.requests().add_note(id, acting_staff(ctx, b.by), b.note, b.visible_to_employer, b.on);
               return ctx.db.requests().get(id);
           })});
    r.add({.method = "GET",
           .path = "/v1/requests/{id}/history",
           .operation = "listRequestHistory",
           .summary = "A request's history: transitions, reroutes, notes, reminders, pauses, oldest first",
           .tag = "requests",
           .resource = "requests",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<RequestEvent>(s, "RequestEvent")}},
           .handler = [](Context& ctx) {
               own_request(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.requests().history(ctx.path_id())));
           }});
    r.add({.method = "POST",
           .path = "/v1/requests/{id}/photos",
           .operation = "attachRequestPhoto",
           .summary = "Keeps a photo with a request: the image itself as the body (JPEG, PNG or WebP, at most 5 MiB), "
                      "its type as the Content-Type; Open311 serves it as the request's media_url",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body_types = {"image/jpeg", "image/png", "image/webp"},
           .max_body = kMaxPhotoBytes,
           .status = 201,
           .response = record_ref<RequestPhoto>(s, "RequestPhoto"),
           .errors = {{413, "the body is larger than 5 MiB"},
                      {422,
                       "the Content-Type is not image/jpeg, image/png or image/webp (field \"content_type\"), or the "
                       "body is empty or does not begin as an image of that type does (field \"photo\")"}},
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               const std::string_view type = ctx.request.header("Content-Type");
               const RequestPhoto p = ctx.write("photo", [&] {
                   own_request(ctx, id);
                   return ctx.db.requests().attach_photo(id, type, ctx.request.body);
               });
               Response out = json_response(to_json(p), 201);
               out.set_header("Location", "/open311/v2/media/" + p.meta.uuid);
               return out;
           }});
    r.add({.method = "GET",
           .path = "/v1/requests/{id}/photos",
           .operation = "listRequestPhotos",
           .summary = "A request's photos, oldest first (each one served to 311 clients as its media address)",
           .tag = "requests",
           .resource = "requests",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<RequestPhoto>(s, "RequestPhoto")}},
           .handler = [](Context& ctx) {
               own_request(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.requests().photos(ctx.path_id())));
           }});
    r.add({.method = "GET",
           .path = "/v1/departments",
           .operation = "listDepartments",
           .summary = "The municipal departments requests are routed to",
           .tag = "requests",
           .resource = "departments",
           .response = object{{"type", "array"}, {"items", record_ref<Department>(s, "Department")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.departments().list(ctx.office()))); }});
    r.add({.method = "GET",
           .path = "/v1/catalogue",
           .operation = "listServiceCategories",
           .summary = "The kinds of request the office takes, with their deadlines",
           .tag = "requests",
           .resource = "catalogue",
           .response = object{{"type", "array"}, {"items", record_ref<ServiceCategory>(s, "ServiceCategory")}},
           .handler = [](Context& ctx) { return json_response(to_json(ctx.db.catalogue().list(ctx.office()))); }});
}

// The body of a reading of personal data: the purpose, from the closed list of purposes.hpp.
// Its schema cannot be an enum (a detail may follow the code): the list is in its description.
boost::json::object purpose_body(Schemas& s) {
    boost::json::object ref = record_ref<PersonalBody>(s, "PersonalDataPurpose", true);
    auto& purpose = s.components["PersonalDataPurpose"].as_object()["properties"].as_object()["purpose"].as_object();
    std::string list;
    for (std::size_t i = 0; i < enum_names<Purpose>().size(); ++i) {
        const auto p = static_cast<Purpose>(i);
        list += "\n- `" + std::string(to_string(p)) + "`: ";
        if (const auto scope = consent_scope_needed(p)) list += "needs the seeker's consent to " + std::string(*scope);
        else if (p == Purpose::RegisterTransfer) list += "a consent beyond statistics";
        else if (p == Purpose::LegalObligation) list += "a legal basis, whatever the consent; the detail names the law";
        else list += "a legal basis, whatever the consent";
    }
    purpose["description"] =
        "Why the data is read: one code of the closed list (Ley 21.719), alone or followed by \": \" and a free "
        "detail, e.g. \"intermediation: derivación a la vacante 12\". Anything else is refused with 422 (field "
        "\"purpose\"); a purpose the seeker's consent does not cover is refused with 403 and the refusal is "
        "logged." +
        list;
    purpose["examples"] = boost::json::array{"intermediation: derivación a la vacante 12", "contact",
                                             "data_subject_request: solicitud de acceso"};
    return ref;
}

void add_seekers(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/seekers",
           .operation = "listSeekers",
           .summary = "The register's profiles, without personal data",
           .tag = "seekers",
           .resource = "seekers",
           .params = page_params(),
           .response = page_schema(object{{"type", "object"}}),
           .handler = [](Context& ctx) { return table_page(ctx, ctx.db.seekers().table(ctx.office())); }});
    r.add({.method = "GET",
           .path = "/v1/seekers/{id}",
           .operation = "getSeeker",
           .summary = "A seeker's profile, without personal data (rut, name, phone, email, address, birth date empty)",
           .tag = "seekers",
           .resource = "seekers",
           .params = {id_param()},
           .response = record_ref<JobSeeker>(s, "JobSeeker"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_seeker(ctx, ctx.path_id())); }});
    r.add({.method = "POST",
           .path = "/v1/seekers",
           .operation = "registerSeeker",
           .summary = "Registers a job seeker with their consent",
           .tag = "seekers",
           .resource = "seekers",
           .write = true,
           .body = body_ref<NewJobSeeker>(s, "NewJobSeeker", {.filled = {"office"}}),
           .status = 201,
           .response = record_ref<JobSeeker>(s, "JobSeeker"),
           .etag = true,
           .handler = [](Context& ctx) {
               // The office is the caller's: a body may leave it out.
               const auto n = from_json<NewJobSeeker>(body_with(ctx, {{"office", ctx.office()}}), "seeker");
               if (n.office_id != ctx.office())
                   throw ValidationError("office", std::to_string(n.office_id), "is not this office");
               const JobSeeker made = ctx.write("create", [&] { return ctx.db.seekers().add(n); });
               return record_response(ctx.db.seekers().get(made.meta.id), 201);
           }});
    r.add({.method = "PATCH",
           .path = "/v1/seekers/{id}",
           .operation = "updateSeeker",
           .summary = "Changes a seeker's profile (each change goes to their change log)",
           .tag = "seekers",
           .resource = "seekers",
           .write = true,
           .params = {id_param()},
           .body = record_ref<SeekerUpdate>(s, "SeekerUpdate", true),
           .response = record_ref<JobSeeker>(s, "JobSeeker"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto changes = ctx.body_as<SeekerUpdate>("seeker");
               const Id id = ctx.path_id();
               ctx.write("update", [&] {
                   ctx.check_if_match(record_etag(own_seeker(ctx, id)));
                   return ctx.db.seekers().update(id, changes);
               });
               return record_response(ctx.db.seekers().get(id));
           }});
    r.add({.method = "POST",
           .path = "/v1/seekers/{id}/personal",
           .operation = "readSeekerPersonalData",
           .summary = "A seeker with their personal data, for a stated purpose; the read is logged",
           .tag = "seekers",
           .resource = "personal_data",
           .params = {id_param()},
           .body = purpose_body(s),
           .response = record_ref<JobSeeker>(s, "JobSeeker"),
           .errors = {{403,
                       "the seeker's consent does not cover the purpose (field \"purpose\", value its code); "
                       "the refusal is logged. Also: the token may not read personal data"},
                      {422, "the purpose is not one of the list (field \"purpose\"), or another field is invalid"}},
           .handler = [](Context& ctx) {
               const auto body = ctx.body_as<PersonalBody>("body");
               const Id id = ctx.path_id();
               own_seeker(ctx, id);
               // Logged in its own transaction (Seekers::personal), as the caller.
               auto acting = ctx.act_as();
               return json_response(to_json(ctx.db.seekers().personal(id, body.purpose, ctx.caller().staff_id)));
           }});
}

}  // namespace

EmployerNeed own_need(Context& ctx, Id id) {
    EmployerNeed n = ctx.db.needs().get(id);
    ctx.check_office(n.office_id);
    return n;
}

// Needs as neighbours: part of serving employers' requests, under the requests resource.
void add_needs(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params();
    params.push_back(query_param("pending", boolean(), "only needs not yet served or dropped"));
    params.push_back(query_param("employer", integer(), "only this employer's"));
    r.add({.method = "GET",
           .path = "/v1/needs",
           .operation = "listNeeds",
           .summary = "The needs the office's employers raised as neighbours, and what answers them",
           .tag = "needs",
           .resource = "requests",
           .params = params,
           .response = page_schema(record_ref<EmployerNeed>(s, "EmployerNeed")),
           .handler = [](Context& ctx) {
               if (const auto employer = ctx.query_int("employer", 1, kMaxId)) {
                   check_own_employer(ctx, "employer", *employer);
                   return records_page(ctx, ctx.db.needs().of(*employer));
               }
               return records_page(ctx, ctx.db.needs().list(ctx.office(), ctx.query_bool("pending").value_or(false)));
           }});
    r.add({.method = "POST",
           .path = "/v1/needs",
           .operation = "addNeed",
           .summary = "Records a need an employer raised (a catalogue category, or a description)",
           .tag = "needs",
           .resource = "requests",
           .write = true,
           .body = record_ref<NewNeed>(s, "NewNeed", true),
           .status = 201,
           .response = record_ref<EmployerNeed>(s, "EmployerNeed"),
           .handler = [](Context& ctx) {
               const auto n = ctx.body_as<NewNeed>("need");
               check_own_employer(ctx, "employer", n.employer_id);
               return record_response(ctx.write("create", [&] { return ctx.db.needs().add(n); }), 201);
           }});
    r.add({.method = "POST",
           .path = "/v1/needs/{id}/answer",
           .operation = "answerNeed",
           .summary = "Links the request of the same employer that answers the need",
           .tag = "needs",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<AnswerBody>(s, "NeedAnswer", true),
           .response = record_ref<EmployerNeed>(s, "EmployerNeed"),
           .handler = action<AnswerBody>("answer", own_need, [](Context& ctx, Id id, const AnswerBody& b) {
               return ctx.db.needs().answer(id, b.request);
           })});
    r.add({.method = "POST",
           .path = "/v1/needs/{id}/drop",
           .operation = "dropNeed",
           .summary = "The company no longer needs it, or it is not the municipality's to do",
           .tag = "needs",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<DropBody>(s, "NeedDrop", true),
           .response = record_ref<EmployerNeed>(s, "EmployerNeed"),
           .handler = action<DropBody>("drop", own_need, [](Context& ctx, Id id, const DropBody& b) {
               return ctx.db.needs().drop(id, b.on.value_or(ctx.db.today()), b.reason);
           })});
}

// Check-ins with departments (docs/requests.md): the office's open ones due by a day, one
// scheduled by hand for a request, one done.
void add_checkins(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params();
    params.push_back(query_param("on", date(), "open check-ins due on or before this day (default today)"));
    params.push_back(query_param("department", integer(), "only this department's"));
    params.push_back(query_param("staff", integer(), "only those this staff member follows"));
    r.add({.method = "GET",
           .path = "/v1/checkins",
           .operation = "listCheckIns",
           .summary = "The office's open check-ins with departments due on or before a day, oldest first",
           .tag = "requests",
           .resource = "requests",
           .params = params,
           .response = page_schema(record_ref<CheckIn>(s, "CheckIn")),
           .handler = [](Context& ctx) {
               const Date on = ctx.query_date("on").value_or(ctx.db.today(ctx.office()));
               CheckInFilter f{.department_id = ctx.query_int("department", 1, kMaxId),
                               .staff_id = ctx.query_int("staff", 1, kMaxId)};
               auto rows = ctx.db.checkins().overdue(ctx.office(), on, f);
               for (auto& c : ctx.db.checkins().due(ctx.office(), on, f)) rows.push_back(std::move(c));
               return records_page(ctx, rows);
           }});
    r.add({.method = "GET",
           .path = "/v1/requests/{id}/checkins",
           .operation = "listRequestCheckIns",
           .summary = "A request's check-ins with departments, by day",
           .tag = "requests",
           .resource = "requests",
           .params = {id_param()},
           .response = boost::json::object{{"type", "array"}, {"items", record_ref<CheckIn>(s, "CheckIn")}},
           .handler = [](Context& ctx) {
               const Id id = own_request(ctx, ctx.path_id()).meta.id;
               boost::json::array out;
               for (const auto& c : ctx.db.checkins().of_request(id)) out.push_back(to_json(c));
               return json_response(std::move(out));
           }});
    r.add({.method = "POST",
           .path = "/v1/requests/{id}/checkins",
           .operation = "scheduleCheckIn",
           .summary = "Schedules a check-in with the request's department on a day",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<CheckInBody>(s, "CheckInSchedule", true),
           .status = 201,
           .response = record_ref<CheckIn>(s, "CheckIn"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto b = ctx.body_as<CheckInBody>("checkin");
               const Id id = own_request(ctx, ctx.path_id()).meta.id;
               const Id by = acting_staff(ctx, b.by);
               return record_response(
                   ctx.write("schedule_checkin", [&] { return ctx.db.checkins().schedule(id, b.on, by, b.note); }),
                   201);
           }});
    r.add({.method = "POST",
           .path = "/v1/checkins/{id}/done",
           .operation = "checkInDone",
           .summary = "Records a check-in as done, with what the department said",
           .tag = "requests",
           .resource = "requests",
           .write = true,
           .params = {id_param()},
           .body = record_ref<CheckInDoneBody>(s, "CheckInDone", true),
           .response = record_ref<CheckIn>(s, "CheckIn"),
           .etag = true,
           .handler = action<CheckInDoneBody>(
               "checkin_done",
               [](Context& ctx, Id id) {
                   CheckIn c = ctx.db.checkins().get(id);
                   ctx.check_office(c.office_id);
                   return c;
               },
               [](Context& ctx, Id id, const CheckInDoneBody& b) {
                   return ctx.db.checkins().done(id, acting_staff(ctx, b.by), b.outcome, b.on);
               })});
}

void add_request_routes(Routes& r) {
    add_requests(r);
    add_checkins(r);
    add_needs(r);
    add_seekers(r);
}

}  // namespace omilcrm::http::detail
