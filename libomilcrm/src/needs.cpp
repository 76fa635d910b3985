// Needs as neighbours: validation and orchestration over store/needs.hpp; the status and the
// report are needs_rules.hpp's.
#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "checks.hpp"
#include "needs_rules.hpp"
#include "reports_rules.hpp"
#include "store/needs.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

EmployerNeed with_status(store::NeedRow row) {
    const auto request = row.request_status
                             ? std::optional<RequestStatus>(parse_enum<RequestStatus>(*row.request_status))
                             : std::nullopt;
    row.need.status = detail::need_status(row.need.dropped_on.has_value(), request);
    return std::move(row.need);
}

std::vector<EmployerNeed> with_status(std::vector<store::NeedRow> rows) {
    std::vector<EmployerNeed> out;
    out.reserve(rows.size());
    for (auto& r : rows) out.push_back(with_status(std::move(r)));
    return out;
}

/// Checks a new need and inserts it (inside the caller's write scope).
EmployerNeed add_need(detail::DbImpl& db, const NewNeed& in) {
    const Employer employer = Employers(db).get(in.employer_id);
    EmployerNeed n;
    n.office_id = employer.office_id;
    n.employer_id = employer.meta.id;
    n.category = std::string(detail::trim(in.category));
    n.description = std::string(detail::trim(in.description));
    if (!n.category.empty()) {
        std::string codes;
        bool known = false;
        for (const auto& c : ServiceCatalogue(db).list(n.office_id)) {
            if (c.code == n.category) known = true;
            codes += (codes.empty() ? "" : ", ") + c.code;
        }
        if (!known) throw ValidationError("category", in.category, "is not in the office's catalogue (" + codes + ")");
    } else if (n.description.empty()) {
        throw ValidationError("description", in.description, "is required when the need has no category");
    }
    const Date today = detail::today(db);
    n.raised_on = in.on.value_or(today);
    detail::check_not_future("on", n.raised_on, today);
    if (in.interaction_id) {
        const Interaction i = Interactions(db).get(*in.interaction_id);
        if (i.employer_id != n.employer_id)
            throw ValidationError("interaction", std::to_string(*in.interaction_id), "is not one of this employer's");
        n.interaction_id = i.meta.id;
    }
    n.meta = detail::new_meta(db);
    store::insert_need(db, n);
    return n;
}

}  // namespace

EmployerNeed Needs::add(const NewNeed& n) {
    detail::WriteScope write(*db_);
    return add_need(*db_, n);
}

std::vector<EmployerNeed> Needs::diagnose(const std::vector<NewNeed>& needs) {
    detail::WriteScope write(*db_);
    std::vector<EmployerNeed> out;
    for (const auto& n : needs) out.push_back(add_need(*db_, n));
    return out;
}

EmployerNeed Needs::get(Id id) const {
    auto row = store::find_need(*db_, id);
    if (!row) throw NotFound("need", std::to_string(id));
    return with_status(std::move(*row));
}

std::vector<EmployerNeed> Needs::of(Id employer_id) const {
    Employers(*db_).get(employer_id);
    return with_status(store::list_needs(*db_, std::nullopt, employer_id));
}

std::vector<EmployerNeed> Needs::list(Id office_id, bool pending_only) const {
    detail::check_office(*db_, office_id);
    auto all = with_status(store::list_needs(*db_, office_id, std::nullopt));
    if (!pending_only) return all;
    std::vector<EmployerNeed> out;
    for (auto& n : all)
        if (n.status == NeedStatus::Open || n.status == NeedStatus::Answered) out.push_back(std::move(n));
    return out;
}

EmployerNeed Needs::answer(Id need_id, Id request_id) {
    detail::WriteScope write(*db_);
    const EmployerNeed n = get(need_id);
    if (n.status == NeedStatus::Dropped)
        throw Conflict("need " + std::to_string(need_id) + " was dropped on " + n.dropped_on->iso());
    if (n.request_id)
        throw Conflict("need " + std::to_string(need_id) + " is already answered by request " +
                       std::to_string(*n.request_id));
    const ServiceRequest r = Requests(*db_).get(request_id);
    if (r.employer_id != std::optional<Id>(n.employer_id))
        throw ValidationError("request", std::to_string(request_id), "is not a request of the need's employer");
    store::set_need_request(*db_, need_id, request_id);
    return get(need_id);
}

EmployerNeed Needs::drop(Id need_id, Date on, const std::string& reason) {
    detail::WriteScope write(*db_);
    const EmployerNeed n = get(need_id);
    const std::string why(detail::trim(reason));
    if (why.empty()) throw ValidationError("reason", reason, "is required");
    detail::check_not_future("on", on, detail::today(*db_));
    if (on < n.raised_on)
        throw ValidationError("on", on.iso(), "is before the need was raised (" + n.raised_on.iso() + ")");
    if (n.status == NeedStatus::Dropped)
        throw Conflict("need " + std::to_string(need_id) + " was already dropped on " + n.dropped_on->iso());
    if (n.status == NeedStatus::Served)
        throw Conflict("need " + std::to_string(need_id) + " was served: request " + std::to_string(*n.request_id));
    store::drop_need(*db_, need_id, on, why);
    return get(need_id);
}

Table Needs::report(Id office_id, Date from, Date to) const {
    detail::check_office(*db_, office_id);
    detail::check_period(from, to);
    std::vector<std::pair<std::string, std::string>> names;
    for (const auto& c : ServiceCatalogue(*db_).list(office_id)) names.emplace_back(c.code, c.name);
    const auto rows = detail::needs_report(list(office_id), names, from, to);
    Table t;
    auto& category = t.add_column("category", ColumnType::Text);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& raised = t.add_column("raised", ColumnType::Int);
    auto& answered = t.add_column("answered", ColumnType::Int);
    auto& served = t.add_column("served", ColumnType::Int);
    auto& dropped = t.add_column("dropped", ColumnType::Int);
    auto& open = t.add_column("open", ColumnType::Int);
    auto& share = t.add_column("served_share", ColumnType::Real);
    for (const auto& r : rows) {
        category.push_text(r.category);
        name.push_text(r.name);
        raised.push_int(r.raised);
        answered.push_int(r.answered);
        served.push_int(r.served);
        dropped.push_int(r.dropped);
        open.push_int(r.open);
        if (const auto s = r.served_share()) share.push_real(*s);
        else share.push_null();
    }
    return t;
}

Table Needs::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    std::map<Id, std::string> employer_names;
    for (const auto& e : Employers(*db_).list(office_id)) employer_names[e.meta.id] = e.display_name();
    Table t;
    auto& id = t.add_column("id", ColumnType::Int);
    auto& employer_id = t.add_column("employer_id", ColumnType::Int);
    auto& employer = t.add_column("employer", ColumnType::Text);
    auto& category = t.add_column("category", ColumnType::Text);
    auto& description = t.add_column("description", ColumnType::Text);
    auto& raised = t.add_column("raised_on", ColumnType::Date);
    auto& status = t.add_column("status", ColumnType::Text);
    auto& request = t.add_column("request_id", ColumnType::Int);
    auto& request_status = t.add_column("request_status", ColumnType::Text);
    for (const auto& row : store::list_needs(*db_, office_id, std::nullopt)) {
        const EmployerNeed n = with_status(row);
        id.push_int(n.meta.id);
        employer_id.push_int(n.employer_id);
        employer.push_text(employer_names.count(n.employer_id) ? employer_names[n.employer_id] : std::string());
        category.push_text(n.category);
        description.push_text(n.description);
        raised.push_int(n.raised_on.days());
        status.push_text(to_string(n.status));
        if (n.request_id) request.push_int(*n.request_id);
        else request.push_null();
        if (row.request_status) request_status.push_text(*row.request_status);
        else request_status.push_null();
    }
    return t;
}

}  // namespace omilcrm
