// The office's own records: the office and its staff, employers and their contacts, the
// interaction log with its commitments, and the due list.
#include <algorithm>

#include "http/resources.hpp"
#include "text.hpp"

namespace omilcrm::http::detail {

std::vector<Param> with_id(std::vector<Param> params) {
    params.insert(params.begin(), id_param());
    return params;
}

boost::json::value body_with(const Context& ctx,
                             std::initializer_list<std::pair<std::string_view, boost::json::value>> defaults) {
    boost::json::value body = ctx.body();
    if (!body.is_object()) return body;
    auto& o = body.as_object();
    for (const auto& [name, value] : defaults)
        if (const auto* given = o.if_contains(name); !given || given->is_null()) o[name] = value;
    return body;
}

Employer own_employer(Context& ctx, Id id) {
    Employer e = ctx.db.employers().get(id);
    ctx.check_office(e.office_id);
    return e;
}

StaffMember own_staff(Context& ctx, Id id) {
    StaffMember s = ctx.db.staff().get(id);
    ctx.check_office(s.office_id);
    return s;
}

namespace {
template <class F>
void check_own(Context& ctx, std::string_view field, Id id, F&& office_of) {
    bool own = false;
    try {
        own = ctx.caller().office_id && *ctx.caller().office_id == office_of(id);
    } catch (const NotFound&) {
    }
    if (!own) throw ValidationError(std::string(field), std::to_string(id), "is no record of this office");
}
}  // namespace

void check_own_employer(Context& ctx, std::string_view field, Id id) {
    check_own(ctx, field, id, [&](Id i) { return ctx.db.employers().get(i).office_id; });
}

void check_own_staff(Context& ctx, std::string_view field, Id id) {
    check_own(ctx, field, id, [&](Id i) { return ctx.db.staff().get(i).office_id; });
}

void check_own_seeker(Context& ctx, std::string_view field, Id id) {
    check_own(ctx, field, id, [&](Id i) { return ctx.db.seekers().get(i).office_id; });
}

void check_own_contact(Context& ctx, std::string_view field, Id id) {
    check_own(ctx, field, id,
              [&](Id i) { return ctx.db.employers().get(ctx.db.contacts().get(i).employer_id).office_id; });
}

Contact own_contact(Context& ctx, Id id) {
    Contact c = ctx.db.contacts().get(id);
    own_employer(ctx, c.employer_id);
    return c;
}

Id acting_staff(Context& ctx, std::optional<Id> by) {
    if (by) {
        check_own_staff(ctx, "by", *by);
        return *by;
    }
    if (ctx.caller().staff_id) return *ctx.caller().staff_id;
    throw ValidationError("by", "", "is required: this token belongs to no staff member");
}

namespace {

using boost::json::object;

void add_offices(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/office",
           .operation = "getOwnOffice",
           .summary = "The caller's office",
           .tag = "offices",
           .resource = "offices",
           .response = record_ref<Office>(s, "Office"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(ctx.db.offices().get(ctx.office())); }});
    r.add({.method = "GET",
           .path = "/v1/offices/{id}",
           .operation = "getOffice",
           .summary = "An office (only the caller's own exists for them)",
           .tag = "offices",
           .resource = "offices",
           .params = {id_param()},
           .response = record_ref<Office>(s, "Office"),
           .etag = true,
           .handler = [](Context& ctx) {
               ctx.check_office(ctx.path_id());
               return record_response(ctx.db.offices().get(ctx.path_id()));
           }});

    std::vector<Param> staff_params = page_params();
    staff_params.push_back(query_param("active_on", date(), "only those working at the office that day"));
    r.add({.method = "GET",
           .path = "/v1/staff",
           .operation = "listStaff",
           .summary = "The office's staff",
           .tag = "staff",
           .resource = "staff",
           .params = staff_params,
           .response = page_schema(record_ref<StaffMember>(s, "StaffMember")),
           .handler = [](Context& ctx) {
               return records_page(ctx, ctx.db.staff().list(ctx.office(), ctx.query_date("active_on")));
           }});
    r.add({.method = "GET",
           .path = "/v1/staff/{id}",
           .operation = "getStaffMember",
           .summary = "A staff member",
           .tag = "staff",
           .resource = "staff",
           .params = {id_param()},
           .response = record_ref<StaffMember>(s, "StaffMember"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_staff(ctx, ctx.path_id())); }});
    r.add({.method = "POST",
           .path = "/v1/staff",
           .operation = "addStaffMember",
           .summary = "Adds a staff member to the office (office: the caller's)",
           .tag = "staff",
           .resource = "staff",
           .write = true,
           .body = body_ref<NewStaffMember>(s, "NewStaffMember", {.filled = {"office"}}),
           .status = 201,
           .response = record_ref<StaffMember>(s, "StaffMember"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto n = from_json<NewStaffMember>(body_with(ctx, {{"office", ctx.office()}}), "staff member");
               if (n.office_id != ctx.office())
                   throw ValidationError("office", std::to_string(n.office_id), "is not this office");
               return record_response(ctx.write("create", [&] { return ctx.db.staff().add(n); }), 201);
           }});
}

// The listing's sort keys that the store orders by (Employers::page); "name" folds text in memory.
constexpr std::string_view kEmployerSortKeys[] = {"id", "legal_name", "created_at", "updated_at"};

std::vector<Param> with_q(std::vector<Param> params, std::string description) {
    params.push_back(query_param("q", text(), std::move(description)));
    return params;
}

void add_employers(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params({"name", "legal_name", "created_at", "updated_at", "id"});
    params.push_back(query_param("q", text(), "words in the name, RUT, sector or address"));
    params.push_back(query_param("status", one_of<EmployerStatus>(), "only employers in this status"));
    params.push_back(query_param("segment", text(), "only employers of this segment"));
    params.push_back(query_param("owner", integer(), "only the portfolio of this staff member"));
    r.add({.method = "GET",
           .path = "/v1/employers",
           .operation = "listEmployers",
           .summary = "The office's employers: filtered, sorted and paginated",
           .tag = "employers",
           .resource = "employers",
           .params = params,
           .response = page_schema(record_ref<Employer>(s, "Employer")),
           .handler = [](Context& ctx) {
               const Id office = ctx.office();
               const auto q = ctx.query("q");
               const auto status = ctx.query("status");
               const auto st = status ? std::optional(parse_enum<EmployerStatus>(*status, "status")) : std::nullopt;
               const auto segment = ctx.query("segment");
               const auto owner = ctx.query_int("owner", 1, kMaxId);
               // Without words to find and in a column's order, the store reads only the page.
               std::string key = ctx.query("sort").value_or("id");
               const std::string_view column = std::string_view(key).substr(key.starts_with('-') ? 1 : 0);
               if ((!q || omilcrm::detail::trim(*q).empty()) && column != "name" &&
                   std::ranges::find(kEmployerSortKeys, column) != std::end(kEmployerSortKeys)) {
                   const auto [limit, offset] = page_of(ctx);
                   const EmployerPage page = ctx.db.employers().page(office, {.status = st,
                                                                              .segment = segment,
                                                                              .owner_id = owner,
                                                                              .sort = key,
                                                                              .limit = limit,
                                                                              .offset = offset});
                   boost::json::array items;
                   items.reserve(page.items.size());
                   for (const auto& e : page.items) items.push_back(to_json(e));
                   return json_response(boost::json::object{
                       {"items", std::move(items)}, {"total", page.total}, {"limit", limit}, {"offset", offset}});
               }
               std::vector<Employer> rows = q && !omilcrm::detail::trim(*q).empty()
                                                ? ctx.db.employers().search(office, *q)
                                                : ctx.db.employers().list(office);
               std::erase_if(rows, [&](const Employer& e) {
                   return (st && e.status != *st) || (segment && e.segment != *segment) ||
                          (owner && e.owner_id != *owner);
               });
               using Less = std::function<bool(const Employer&, const Employer&)>;
               static const std::vector<std::pair<std::string_view, Less>> keys{
                   {"name",
                    [](const Employer& a, const Employer& b) {
                        return omilcrm::detail::fold_text(a.display_name()) <
                               omilcrm::detail::fold_text(b.display_name());
                    }},
                   {"legal_name", [](const Employer& a, const Employer& b) { return a.legal_name < b.legal_name; }},
                   {"created_at",
                    [](const Employer& a, const Employer& b) { return a.meta.created_at < b.meta.created_at; }},
                   {"updated_at",
                    [](const Employer& a, const Employer& b) { return a.meta.updated_at < b.meta.updated_at; }},
                   {"id", [](const Employer& a, const Employer& b) { return a.meta.id < b.meta.id; }}};
               sort_by(ctx, rows, keys, "id");
               return records_page(ctx, rows);
           }});
    r.add({.method = "GET",
           .path = "/v1/employers/{id}",
           .operation = "getEmployer",
           .summary = "An employer",
           .tag = "employers",
           .resource = "employers",
           .params = {id_param()},
           .response = record_ref<Employer>(s, "Employer"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_employer(ctx, ctx.path_id())); }});
    r.add({.method = "POST",
           .path = "/v1/employers",
           .operation = "addEmployer",
           .summary = "Adds an employer to the office (office: the caller's)",
           .tag = "employers",
           .resource = "employers",
           .write = true,
           .body = body_ref<NewEmployer>(s, "NewEmployer", {.filled = {"office"}, .required = {"legal_name"}}),
           .status = 201,
           .response = record_ref<Employer>(s, "Employer"),
           .etag = true,
           .handler = [](Context& ctx) {
               auto n = ctx.body_as<NewEmployer>("employer");
               if (n.office_id && n.office_id != ctx.office())
                   throw ValidationError("office", std::to_string(n.office_id), "is not this office");
               n.office_id = ctx.office();
               if (n.owner_id) check_own_staff(ctx, "owner", n.owner_id);
               Response out = record_response(ctx.write("create", [&] { return ctx.db.employers().add(n); }), 201);
               return out;
           }});
    r.add({.method = "PATCH",
           .path = "/v1/employers/{id}",
           .operation = "updateEmployer",
           .summary = "Changes an employer's fields (only those given; null clears a coordinate)",
           .tag = "employers",
           .resource = "employers",
           .write = true,
           .params = {id_param()},
           .body = record_ref<EmployerUpdate>(s, "EmployerUpdate", true),
           .response = record_ref<Employer>(s, "Employer"),
           .etag = true,
           .handler = [](Context& ctx) {
               const auto changes = ctx.body_as<EmployerUpdate>("employer");
               const Id id = ctx.path_id();
               return record_response(ctx.write("update", [&] {
                   ctx.check_if_match(record_etag(own_employer(ctx, id)));
                   return ctx.db.employers().update(id, changes);
               }));
           }});
    r.add({.method = "GET",
           .path = "/v1/employers/{id}/changes",
           .operation = "listEmployerChanges",
           .summary = "An employer's change log: each field's old and new value, when and by whom",
           .tag = "employers",
           .resource = "employers",
           .params = with_id(page_params()),
           .response = page_schema(object{{"type", "object"}}),
           .handler = [](Context& ctx) {
               own_employer(ctx, ctx.path_id());
               return table_page(ctx, ctx.db.employers().changes(ctx.path_id()));
           }});

    // Contacts
    r.add({.method = "GET",
           .path = "/v1/contacts",
           .operation = "searchContacts",
           .summary = "The office's contacts, with their employer; q finds them by name, role, e-mail, phone or "
                      "employer (letters and digits compared, accents and case ignored)",
           .tag = "contacts",
           .resource = "contacts",
           .params = with_q(page_params(),
                            "words in the contact's name, role, e-mail or phone, or its employer's "
                            "names or RUT"),
           .response = page_schema(object{{"type", "object"}}),
           .handler = [](Context& ctx) {
               return table_page(ctx, ctx.db.contacts().search(ctx.office(), ctx.query("q").value_or("")));
           }});
    r.add({.method = "GET",
           .path = "/v1/employers/{id}/contacts",
           .operation = "listContacts",
           .summary = "An employer's contacts",
           .tag = "contacts",
           .resource = "contacts",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<Contact>(s, "Contact")}},
           .handler = [](Context& ctx) {
               own_employer(ctx, ctx.path_id());
               return json_response(to_json(ctx.db.contacts().list(ctx.path_id())));
           }});
    r.add({.method = "POST",
           .path = "/v1/employers/{id}/contacts",
           .operation = "addContact",
           .summary = "Adds a contact person to an employer",
           .tag = "contacts",
           .resource = "contacts",
           .write = true,
           .params = {id_param()},
           .body = body_ref<NewContact>(s, "NewContact", {.filled = {"employer"}}),
           .status = 201,
           .response = record_ref<Contact>(s, "Contact"),
           .etag = true,
           .handler = [](Context& ctx) {
               const Id employer = ctx.path_id();
               own_employer(ctx, employer);
               const auto n = from_json<NewContact>(body_with(ctx, {{"employer", employer}}), "contact");
               if (n.employer_id != employer)
                   throw ValidationError("employer", std::to_string(n.employer_id), "is not the employer of the URL");
               return record_response(ctx.write("create", [&] { return ctx.db.contacts().add(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/contacts/{id}",
           .operation = "getContact",
           .summary = "A contact person",
           .tag = "contacts",
           .resource = "contacts",
           .params = {id_param()},
           .response = record_ref<Contact>(s, "Contact"),
           .etag = true,
           .handler = [](Context& ctx) { return record_response(own_contact(ctx, ctx.path_id())); }});
    r.add({.method = "PATCH",
           .path = "/v1/contacts/{id}",
           .operation = "updateContact",
           .summary = "Changes a contact's fields (only those given; e-mail and phone normalised)",
           .tag = "contacts",
           .resource = "contacts",
           .write = true,
           .params = {id_param()},
           .body = record_ref<ContactUpdate>(s, "ContactUpdate", true),
           .response = record_ref<Contact>(s, "Contact"),
           .etag = true,
           .handler = action<ContactUpdate>("update", own_contact, [](Context& ctx, Id id, const ContactUpdate& u) {
               return ctx.db.contacts().update(id, u);
           })});
    r.add({.method = "POST",
           .path = "/v1/contacts/{id}/primary",
           .operation = "makeContactPrimary",
           .summary = "Makes a contact its employer's primary one (the previous primary is demoted)",
           .tag = "contacts",
           .resource = "contacts",
           .write = true,
           .params = {id_param()},
           .response = record_ref<Contact>(s, "Contact"),
           .etag = true,
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               return record_response(ctx.write("primary", [&] {
                   ctx.check_if_match(record_etag(own_contact(ctx, id)));
                   return ctx.db.contacts().make_primary(id);
               }));
           }});
}

void add_interactions(Routes& r) {
    auto& s = r.schemas;
    r.add({.method = "GET",
           .path = "/v1/employers/{id}/interactions",
           .operation = "listEmployerInteractions",
           .summary = "An employer's interactions, newest first",
           .tag = "interactions",
           .resource = "interactions",
           .params = with_id(page_params()),
           .response = page_schema(record_ref<Interaction>(s, "Interaction")),
           .handler = [](Context& ctx) {
               own_employer(ctx, ctx.path_id());
               return records_page(ctx, ctx.db.interactions().of_employer(ctx.path_id()));
           }});
    r.add({.method = "POST",
           .path = "/v1/interactions",
           .operation = "logInteraction",
           .summary = "Logs a visit, call, e-mail or meeting, with the commitments and follow-ups it leaves",
           .tag = "interactions",
           .resource = "interactions",
           .write = true,
           .body = record_ref<NewInteraction>(s, "NewInteraction", true),
           .status = 201,
           .response = record_ref<Interaction>(s, "Interaction"),
           .etag = true,
           .handler = [](Context& ctx) {
               // A day left out is today, as in Interactions.log() from Python.
               const auto n = from_json<NewInteraction>(
                   body_with(ctx, {{"on", boost::json::string(ctx.db.today().iso())}}), "interaction");
               check_own_employer(ctx, "employer", n.employer_id);
               check_own_staff(ctx, "by", n.staff_id);
               return record_response(ctx.write("create", [&] { return ctx.db.interactions().log(n); }), 201);
           }});
    r.add({.method = "GET",
           .path = "/v1/interactions/{id}",
           .operation = "getInteraction",
           .summary = "An interaction",
           .tag = "interactions",
           .resource = "interactions",
           .params = {id_param()},
           .response = record_ref<Interaction>(s, "Interaction"),
           .etag = true,
           .handler = [](Context& ctx) {
               Interaction i = ctx.db.interactions().get(ctx.path_id());
               ctx.check_office(i.office_id);
               return record_response(i);
           }});
    r.add({.method = "GET",
           .path = "/v1/interactions/{id}/revisions",
           .operation = "listInteractionRevisions",
           .summary = "An interaction's earlier versions (corrections keep them)",
           .tag = "interactions",
           .resource = "interactions",
           .params = {id_param()},
           .response = object{{"type", "array"}, {"items", record_ref<InteractionRevision>(s, "InteractionRevision")}},
           .handler = [](Context& ctx) {
               ctx.check_office(ctx.db.interactions().get(ctx.path_id()).office_id);
               return json_response(to_json(ctx.db.interactions().revisions(ctx.path_id())));
           }});

    std::vector<Param> task_params = page_params();
    task_params.push_back(query_param("staff", integer(), "only this staff member's"));
    task_params.push_back(query_param("employer", integer(), "only this employer's"));
    task_params.push_back(query_param("overdue_on", date(), "only those overdue on this day"));
    r.add({.method = "GET",
           .path = "/v1/commitments",
           .operation = "listCommitments",
           .summary = "Open commitments made to employers",
           .tag = "interactions",
           .resource = "commitments",
           .params = task_params,
           .response = page_schema(record_ref<Commitment>(s, "Commitment")),
           .handler = [](Context& ctx) {
               TaskFilter f{.office_id = ctx.office()};
               f.staff_id = ctx.query_int("staff", 1, kMaxId);
               f.employer_id = ctx.query_int("employer", 1, kMaxId);
               const auto day = ctx.query_date("overdue_on");
               return records_page(ctx, day ? ctx.db.commitments().overdue(f, *day) : ctx.db.commitments().open(f));
           }});
    const object on_body{
        {"type", "object"}, {"properties", {{"on", date()}, {"reason", text()}}}, {"additionalProperties", false}};
    r.add({.method = "POST",
           .path = "/v1/commitments/{id}/keep",
           .operation = "keepCommitment",
           .summary = "Marks a commitment kept (on: the day, default today)",
           .tag = "interactions",
           .resource = "commitments",
           .write = true,
           .params = {id_param()},
           .body = on_body,
           .response = record_ref<Commitment>(s, "Commitment"),
           .etag = true,
           .handler = [](Context& ctx) {
               const Id id = ctx.path_id();
               const auto& b = ctx.body();
               if (!b.is_object()) throw ValidationError("body", json_text(b), "expected an object");
               const auto* on = b.as_object().if_contains("on");
               const Date day = on && !on->is_null() ? JsonCodec<Date>::read(*on, "on") : ctx.db.today();
               return record_response(ctx.write("keep", [&] {
                   const Commitment c = ctx.db.commitments().get(id);
                   ctx.check_office(c.office_id);
                   ctx.check_if_match(record_etag(c));
                   return ctx.db.commitments().keep(id, day);
               }));
           }});
}

void add_due(Routes& r) {
    auto& s = r.schemas;
    std::vector<Param> params = page_params();
    params.push_back(query_param("on", date(), "the day (default today)"));
    params.push_back(query_param("within", object{{"type", "integer"}, {"minimum", 0}, {"maximum", 366}},
                                 "also those due in the next n days"));
    params.push_back(query_param("staff", integer(), "only this staff member's portfolio"));
    params.push_back(query_param("track", text(), "the cadence track (default contact)"));
    r.add({.method = "GET",
           .path = "/v1/due",
           .operation = "listDue",
           .summary = "Employers due for contact under the office's cadence policies, most overdue first",
           .tag = "cadence",
           .resource = "due",
           .params = params,
           .response = page_schema(record_ref<cadence::DueItem>(s, "DueItem")),
           .handler = [](Context& ctx) {
               DueOptions o;
               if (auto t = ctx.query("track")) o.track = *t;
               o.staff_id = ctx.query_int("staff", 1, kMaxId);
               o.within_days = static_cast<int>(ctx.query_int("within", 0, 366).value_or(0));
               const Date day = ctx.query_date("on").value_or(ctx.db.today());
               return records_page(ctx, ctx.db.cadence().due(ctx.office(), day, o));
           }});
}

}  // namespace

void add_office_routes(Routes& r) {
    add_offices(r);
    add_employers(r);
    add_interactions(r);
    add_due(r);
}

}  // namespace omilcrm::http::detail
