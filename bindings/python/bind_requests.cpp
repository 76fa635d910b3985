// Service requests routed to municipal departments: departments, the catalogue, routing rules
// and the requests, one function per class.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <limits>

#include <omilcrm/business_days.hpp>
#include <omilcrm/database.hpp>
#include <omilcrm/error.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

// pause() and resume() take the day as on=; the library names it from and to.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kPauseKeywords = {
    {{"from", "on"}, {"to", "on"}}};

// Dates for the vectorised business-day count: one date (scalar = true), or a sequence of them:
// datetime.date / datetime / pandas.Timestamp / ISO text items, or a numpy or pandas datetime64
// array (read as whole days without a Python object per item). A missing item (None, NaT) is
// refused naming its position.
std::vector<Date> dates_of(const py::handle& x, const std::string& field, bool& scalar) {
    ensure_datetime_api();
    scalar = py::isinstance<py::str>(x) || PyDate_Check(x.ptr());
    if (scalar) return {x.cast<Date>()};
    const py::module_ np = py::module_::import("numpy");
    const py::array a = np.attr("asarray")(x);
    std::vector<Date> out;
    out.reserve(static_cast<std::size_t>(a.size()));
    if (a.dtype().kind() == 'M') {
        const auto days = np.attr("ravel")(a.attr("astype")("datetime64[D]").attr("astype")("int64"))
                              .cast<py::array_t<std::int64_t>>();
        const auto d = days.unchecked<1>();
        for (py::ssize_t i = 0; i < d.shape(0); ++i) {
            if (d(i) == std::numeric_limits<std::int64_t>::min())  // NaT
                throw ValidationError(field + "[" + std::to_string(i) + "]", "NaT",
                                      "is missing; leave out the rows without a date");
            out.push_back(Date::from_days(d(i)));
        }
        return out;
    }
    const py::object isna = py::module_::import("pandas").attr("isna");
    py::ssize_t i = 0;
    for (const auto& item : x) {
        if (item.is_none() || (!py::isinstance<py::str>(item) && !PyDate_Check(item.ptr()) && isna(item).cast<bool>()))
            throw ValidationError(field + "[" + std::to_string(i) + "]", py::str(item).cast<std::string>(),
                                  "is missing; leave out the rows without a date");
        try {
            out.push_back(item.cast<Date>());
        } catch (const ValidationError& e) {
            throw ValidationError(field + "[" + std::to_string(i) + "]", e.value(), e.reason());
        } catch (const py::cast_error&) {
            throw ValidationError(field + "[" + std::to_string(i) + "]", py::str(item).cast<std::string>(),
                                  "is not a date");
        }
        ++i;
    }
    return out;
}

// {"trees": 3} or "trees=3" -> "trees=3"
std::string attributes_of(const py::object& a) {
    if (a.is_none()) return {};
    if (py::isinstance<py::str>(a)) return a.cast<std::string>();
    std::string out;
    for (auto [k, v] : py::dict(a)) {
        if (!out.empty()) out += ';';
        out += py::str(k).cast<std::string>() + "=" + py::str(v).cast<std::string>();
    }
    return out;
}

Id staff_id(const std::optional<Ref<StaffMember>>& s) { return s ? s->id : 0; }

// open()'s keywords as a NewServiceRequest: one row of open_many(), or open()'s own arguments, so
// both convert alike. Unknown keys are refused; `note` is an alias of description, and
// attributes may be a dict ({"trees": 3}).
NewServiceRequest new_request_from(py::dict d) {
    std::string note;
    if (d.contains("note") || d.contains("attributes")) {
        d = py::reinterpret_steal<py::dict>(PyDict_Copy(d.ptr()));  // the caller's dict stays as it was
        if (d.contains("note")) {
            const py::object n = d.attr("pop")("note");
            if (!n.is_none()) note = py::str(n).cast<std::string>();
        }
        if (d.contains("attributes")) d["attributes"] = attributes_of(d["attributes"]);
    }
    NewServiceRequest n = record_from<NewServiceRequest>(d, "request");
    if (n.description.empty()) n.description = note;
    return n;
}

void bind_department(py::module_& m) {
    py::class_<Department> department(m, "Department", "A municipal department that does the work.");
    def_fields(department);
    department.def("__repr__", [](const Department& d) {
        return record_repr(d, "Department", {"id", "code", "name"});
    });
}

void bind_service_category(py::module_& m) {
    py::class_<ServiceCategory> category(m, "ServiceCategory", "A service employers can ask for.");
    def_fields(category);
    category.def("__repr__", [](const ServiceCategory& c) {
        return record_repr(c, "ServiceCategory", {"code", "name", "deadline_days"});
    });
}

void bind_routing_rule(py::module_& m) {
    py::class_<RoutingRule> rule(m, "RoutingRule", "category (+ area, keywords) -> department; the first match wins.");
    def_fields(rule);
    rule.def("__repr__", [](const RoutingRule& r) {
        return record_repr(r, "RoutingRule", {"id", "position", "category", "department_id"});
    });
}

void bind_service_request(py::module_& m) {
    py::class_<ServiceRequest> request(m, "ServiceRequest", "A request routed to a municipal department.");
    def_fields(request);
    request
        .def_property_readonly("in_triage", &ServiceRequest::in_triage,
                               "Whether it is open and has no department yet (no routing rule matched).")
        .def("__repr__", [](const ServiceRequest& r) {
            if (r.department_id) return record_repr(r, "ServiceRequest", {"id", "category", "status", "department_id"});
            const std::string shown = record_repr(r, "ServiceRequest", {"id", "category", "status"});
            return shown.substr(0, shown.size() - 1) + ", in triage)";
        });
}

void bind_request_event(py::module_& m) {
    py::class_<RequestEvent> event(m, "RequestEvent", "One entry of a request's history.");
    def_fields(event);
    event.def("__repr__", [](const RequestEvent& e) { return record_repr(e, "RequestEvent", {"kind", "on", "note"}); });
}

void bind_request_photo(py::module_& m) {
    py::class_<RequestPhoto> photo(m, "RequestPhoto",
                                   "A photo kept with a service request (its bytes: Requests.photo()).");
    def_fields(photo);
    photo.def("__repr__", [](const RequestPhoto& p) {
        return record_repr(p, "RequestPhoto", {"request_id", "content_type", "size"});
    });
}

void bind_deadline(py::module_& m) {
    py::class_<Deadline>(m, "Deadline",
                         "A due date, and the business days counted to reach it that could not be confirmed "
                         "(past the range Chile's one-off holidays, elections and days declared once, are "
                         "known for).")
        .def_readonly("due", &Deadline::due, "The due date.")
        .def_readonly("unconfirmed", &Deadline::unconfirmed,
                      "The business days counted that a holiday declared later could still fall on; a "
                      "holiday among them moves the due date.")
        .def_property_readonly("confirmed", &Deadline::confirmed, "True when every day counted is certain.")
        .def("__repr__", [](const Deadline& d) {
            return "Deadline(due=" + d.due.iso() + ", " +
                   (d.confirmed() ? std::string("confirmed")
                                  : std::to_string(d.unconfirmed.size()) + " days unconfirmed") +
                   ")";
        });
}

void bind_checkin(py::module_& m) {
    py::class_<CheckIn> checkin(m, "CheckIn",
                                "A check-in with a department about a request: the office asks how it stands before "
                                "the deadline. origin: 'scheduled' (when the request was routed) or 'by_hand'; "
                                "state: 'open', 'done' or 'closed'.");
    def_fields(checkin);
    checkin.def("__repr__", [](const CheckIn& c) {
        return record_repr(c, "CheckIn", {"id", "request_id", "department_id", "due_on", "state"});
    });
}

void bind_checkins_repository(py::module_& m) {
    py::class_<CheckIns>(m, "CheckIns",
                         "Check-ins with departments (db.checkins): one is scheduled when a request is routed, a "
                         "few business days before its deadline (days_before); staff schedule more by hand; a "
                         "reminder (Requests.reminded) or done() does one; closing the request closes them.")
        .def("__repr__", [](const CheckIns&) { return std::string("<omilcrm.CheckIns repository>"); })
        .def(
            "get", [](const CheckIns& r, Ref<CheckIn> c) { return r.get(c.id); }, "checkin"_a,
            "The CheckIn (by CheckIn or id); NotFound for an unknown id.")
        .def(
            "schedule",
            [](CheckIns& r, Ref<ServiceRequest> request, Date on, std::optional<Ref<StaffMember>> by,
               const std::string& note) { return r.schedule(request.id, on, by ? by->id : 0, note); },
            "request"_a, py::kw_only(), "on"_a, "by"_a = py::none(), "note"_a = "",
            "Schedules a check-in with the request's department on `on` (today or later), followed by `by`, and "
            "returns it (a CheckIn). Raises ValidationError naming 'on', 'request' (not open, or in triage) or "
            "'staff'.")
        .def(
            "done",
            [](CheckIns& r, Ref<CheckIn> c, std::optional<Ref<StaffMember>> by, const std::string& outcome,
               std::optional<Date> on) { return r.done(c.id, by ? by->id : 0, outcome, on); },
            "checkin"_a, py::kw_only(), "by"_a = py::none(), "outcome"_a = "", "on"_a = py::none(),
            "Records the check-in as done on `on` (default today) with what the department said; returns it. "
            "Conflict when it is not open.")
        .def(
            "of_request", [](const CheckIns& r, Ref<ServiceRequest> request) { return r.of_request(request.id); },
            "request"_a, "The request's check-ins, by day, as a list of CheckIn.")
        .def(
            "due",
            [](const CheckIns& r, Ref<Office> office, Date on, std::optional<Ref<Department>> department,
               std::optional<Ref<StaffMember>> staff) {
                return r.due(office.id, on, {.department_id = opt_ref(department), .staff_id = opt_ref(staff)});
            },
            "office"_a, py::kw_only(), "on"_a, "department"_a = py::none(), "staff"_a = py::none(),
            "The office's open check-ins due on `on`, only one department's or one staff member's when given.")
        .def(
            "overdue",
            [](const CheckIns& r, Ref<Office> office, Date on, std::optional<Ref<Department>> department,
               std::optional<Ref<StaffMember>> staff) {
                return r.overdue(office.id, on, {.department_id = opt_ref(department), .staff_id = opt_ref(staff)});
            },
            "office"_a, py::kw_only(), "on"_a, "department"_a = py::none(), "staff"_a = py::none(),
            "The office's open check-ins due before `on`, filtered as due().")
        .def(
            "table",
            [](const CheckIns& r, Ref<Office> office, Date on, std::optional<Ref<Department>> department,
               std::optional<Ref<StaffMember>> staff) {
                return r.table(office.id, on, {.department_id = opt_ref(department), .staff_id = opt_ref(staff)});
            },
            "office"_a, py::kw_only(), "on"_a, "department"_a = py::none(), "staff"_a = py::none(),
            "Open check-ins due on or before `on` as a Table: id, due_on, days_overdue, request, category, "
            "department, staff, employer, request_due_on, origin.")
        .def(
            "days_before", [](const CheckIns& r, Ref<Office> office) { return r.days_before(office.id); }, "office"_a,
            "The business days before a request's deadline its check-in is scheduled (default 2).")
        .def(
            "set_days_before", [](CheckIns& r, Ref<Office> office, int days) { r.set_days_before(office.id, days); },
            "office"_a, "days"_a,
            "Sets the office's business days before the deadline (0 to 60; ValidationError otherwise).");
}

void bind_departments_repository(py::module_& m) {
    py::class_<Departments>(m, "Departments",
                            "The municipal departments that do the work requests ask for (db.departments); a "
                            "new office starts with a Chilean municipality's usual ones.")
        .def("__repr__", [](const Departments&) { return std::string("<omilcrm.Departments repository>"); })
        .def(
            "add",
            [](Departments& r, Ref<Office> office, const std::string& code, const std::string& name,
               const std::string& email) { return r.add(office.id, code, name, email); },
            py::kw_only(), "office"_a, "code"_a, "name"_a, "email"_a = "",
            "Adds a department to the office (an Office or id) and returns it (a Department). code: short "
            "and unique in the office ('aseo'). Raises ValidationError naming the field, Conflict for a "
            "code the office already has.")
        .def(
            "get", [](const Departments& r, Ref<Department> d) { return r.get(d.id); }, "department"_a,
            "The Department with this id (or the record itself). Raises NotFound when there is none.")
        .def(
            "by_code",
            [](const Departments& r, Ref<Office> office, std::string_view code) { return r.by_code(office.id, code); },
            "office"_a, "code"_a, "The office's Department with this code, or None when it has none.")
        .def(
            "list", [](const Departments& r, Ref<Office> office) { return r.list(office.id); }, "office"_a,
            "The office's departments, as a list of Department.")
        .def(
            "update",
            [](Departments& r, Ref<Department> d, std::optional<std::string> name, std::optional<std::string> email,
               std::optional<bool> active) { return r.update(d.id, name, email, active); },
            "department"_a, py::kw_only(), "name"_a = py::none(), "email"_a = py::none(), "active"_a = py::none(),
            "Changes the given fields of a department (a Department or id); active=False retires it. "
            "Returns the updated Department.");
}

void bind_service_catalogue_repository(py::module_& m) {
    py::class_<ServiceCatalogue>(m, "ServiceCatalogue",
                                 "The services employers can ask the office for (db.catalogue), each with its "
                                 "deadline in business days; also what Open311 publishes as services.")
        .def("__repr__", [](const ServiceCatalogue&) { return std::string("<omilcrm.ServiceCatalogue repository>"); })
        .def(
            "add",
            [](ServiceCatalogue& r, Ref<Office> office, const std::string& code, const std::string& name,
               int deadline_days, std::optional<Ref<Department>> department, const std::string& description,
               const py::object& keywords, const py::object& attributes) {
                ServiceCategory c;
                c.office_id = office.id;
                c.code = code;
                c.name = name;
                c.deadline_days = deadline_days;
                if (department) c.department_id = department->id;
                c.description = description;
                c.keywords = strings_of(keywords);
                c.attributes = strings_of(attributes);
                return r.add(c);
            },
            py::kw_only(), "office"_a, "code"_a, "name"_a, "deadline_days"_a, "department"_a = py::none(),
            "description"_a = "", "keywords"_a = py::none(), "attributes"_a = py::none(),
            "Adds a service category to the office's catalogue and returns it (a ServiceCategory). code: "
            "unique in the office; deadline_days: business days to resolve; department: the Department "
            "(or id) that usually does it; keywords: words routing rules may match; attributes: the extra "
            "fields a request of it takes. Raises ValidationError naming the field, Conflict for a code "
            "the office already has.")
        .def(
            "get",
            [](const ServiceCatalogue& r, Ref<Office> office, std::string_view code) { return r.get(office.id, code); },
            "office"_a, "code"_a,
            "The office's ServiceCategory with this code. Raises NotFound when the office has no such "
            "category.")
        .def(
            "list", [](const ServiceCatalogue& r, Ref<Office> office) { return r.list(office.id); }, "office"_a,
            "The office's catalogue, as a list of ServiceCategory.")
        .def(
            "set_deadline",
            [](ServiceCatalogue& r, Ref<Office> office, std::string_view code, int days) {
                return r.set_deadline(office.id, code, days);
            },
            py::kw_only(), "office"_a, "code"_a, "business_days"_a,
            "Sets the deadline of a category (by code) in business days and returns the ServiceCategory; "
            "requests opened afterwards use it.");
}

void bind_routing_rules_repository(py::module_& m) {
    py::class_<RoutingRules>(m, "RoutingRules",
                             "How requests reach departments (db.routing): rules of category (plus area and "
                             "keywords) -> department, tried by position; the first match wins, none leaves "
                             "the request in triage.")
        .def("__repr__", [](const RoutingRules&) { return std::string("<omilcrm.RoutingRules repository>"); })
        .def(
            "add",
            [](RoutingRules& r, Ref<Office> office, const std::string& category, Ref<Department> department,
               int position, const std::string& area, const py::object& keywords) {
                RoutingRule rule;
                rule.category = category;
                rule.department_id = department.id;
                rule.position = position;
                rule.area = area;
                rule.keywords = strings_of(keywords);
                return r.add(office.id, rule);
            },
            py::kw_only(), "office"_a, "category"_a, "department"_a, "position"_a, "area"_a = "",
            "keywords"_a = py::none(),
            "Adds a rule sending requests of `category` (a category code; optionally only in `area`, or "
            "only those whose description has one of the keywords) to `department` (a Department or id). "
            "Rules are tried by position (then id); the first match routes the request. Returns the "
            "RoutingRule.")
        .def(
            "list", [](const RoutingRules& r, Ref<Office> office) { return r.list(office.id); }, "office"_a,
            "The office's rules in the order they are tried, as a list of RoutingRule.")
        .def(
            "set_active", [](RoutingRules& r, Ref<RoutingRule> rule, bool active) { r.set_active(rule.id, active); },
            "rule"_a, "active"_a,
            "Turns a rule (a RoutingRule or id) on or off; an inactive rule is not tried. Returns None.");
}

void bind_requests_repository(py::module_& m) {
    py::class_<Requests>(m, "Requests",
                         "Service requests from employers (db.requests): received, routed to a department, "
                         "followed against a deadline in business days (paused while the office waits on the "
                         "employer), with their history, notes and photos.")
        .def("__repr__", [](const Requests&) { return std::string("<omilcrm.Requests repository>"); })
        .def(
            "open",
            [](Requests& r, const std::string& category, std::optional<Ref<Employer>> employer,
               std::optional<Ref<Office>> office, const std::string& description, const std::string& note,
               const std::string& address, std::optional<double> latitude, std::optional<double> longitude,
               const std::string& area, const py::object& attributes, std::optional<Date> received_on,
               std::optional<Ref<StaffMember>> by, std::optional<Ref<Interaction>> interaction,
               const std::string& requester_name, const std::string& email, const std::string& phone) {
                return r.open(new_request_from(py::dict(
                    "category"_a = category, "employer"_a = opt_ref(employer), "office"_a = opt_ref(office),
                    "description"_a = description, "note"_a = note, "address"_a = address, "latitude"_a = latitude,
                    "longitude"_a = longitude, "area"_a = area, "attributes"_a = attributes,
                    "received_on"_a = received_on, "by"_a = opt_ref(by), "interaction"_a = opt_ref(interaction),
                    "requester_name"_a = requester_name, "email"_a = email, "phone"_a = phone)));
            },
            py::kw_only(), "category"_a, "employer"_a = py::none(), "office"_a = py::none(), "description"_a = "",
            "note"_a = "", "address"_a = "", "latitude"_a = py::none(), "longitude"_a = py::none(), "area"_a = "",
            "attributes"_a = py::none(), "received_on"_a = py::none(), "by"_a = py::none(),
            "interaction"_a = py::none(), "requester_name"_a = "", "email"_a = "", "phone"_a = "",
            "Receives and routes a request (the first matching rule; none = triage). `note` is an alias of "
            "description; attributes: {'trees': 3}.\n\n"
            "category: a category code of the catalogue. employer: an Employer or id (its office is the "
            "request's), or office (an Office or id) for a request of no employer. received_on: a "
            "datetime.date (default today); the deadline counts the category's business days from it. by, "
            "interaction: the StaffMember and Interaction (or ids) it came through. One transaction; "
            "returns the ServiceRequest.\n\n"
            "Raises ValidationError naming the field (an unknown category, say), NotFound for an unknown "
            "id.\n\n"
            "Example: req = db.requests.open(category='poda', employer=e, description='Ramas sobre la vía')")
        .def(
            "open_many",
            [](Requests& r, const py::iterable& rows, const py::object& progress) {
                const auto in = rows_of(rows, new_request_from);
                return r.open_many(in, python_progress(progress, "requests"));
            },
            "rows"_a, py::kw_only(), "progress"_a = py::none(),
            "Bulk path: an iterable of dicts with open()'s keywords, every row checked and routed as open() "
            "does (errors name the row: rows[3].category), then one transaction; one bad row and nothing is "
            "opened. Returns the new ids."
            " progress: a callable progress(done, total) told how far the call got (about every 1%), or True for a "
            "progress bar. Ctrl-C stops the call between rows and rolls it all back (KeyboardInterrupt).")
        .def(
            "get", [](const Requests& r, Ref<ServiceRequest> x) { return r.get(x.id); }, "request"_a,
            "The ServiceRequest with this id (or the record itself, read again). Raises NotFound when there "
            "is none.")
        .def(
            "transition",
            [](Requests& r, Ref<ServiceRequest> x, RequestStatus to, std::optional<Ref<StaffMember>> by,
               const std::string& note, bool visible_to_employer,
               std::optional<Date> on) { return r.transition(x.id, to, staff_id(by), note, visible_to_employer, on); },
            "request"_a, "to"_a, py::kw_only(), "by"_a = py::none(), "note"_a = "", "visible_to_employer"_a = false,
            "on"_a = py::none(),
            "Changes the request's (a ServiceRequest or id) state and returns it. to: routed, in_progress, "
            "resolved, closed, rejected, reopened (see the life cycle in docs/requests.md); a transition "
            "the life cycle does not allow raises ValidationError (field status) saying which are. note: "
            "what happened, shown to the employer when visible_to_employer=True.")
        .def(
            "reroute",
            [](Requests& r, Ref<ServiceRequest> x, Ref<Department> department, std::optional<Ref<StaffMember>> by,
               const std::string& note,
               std::optional<Date> on) { return r.reroute(x.id, department.id, staff_id(by), note, on); },
            "request"_a, py::kw_only(), "department"_a, "by"_a = py::none(), "note"_a = "", "on"_a = py::none(),
            "Sends the request to another department (a Department or id) by hand; the history keeps the "
            "previous one. Returns the ServiceRequest.")
        .def(
            "mark_duplicate",
            [](Requests& r, Ref<ServiceRequest> x, Ref<ServiceRequest> original, std::optional<Ref<StaffMember>> by,
               std::optional<Date> on) { return r.mark_duplicate(x.id, original.id, staff_id(by), on); },
            "request"_a, py::kw_only(), "original"_a, "by"_a = py::none(), "on"_a = py::none(),
            "Closes the request as a duplicate of `original` (a ServiceRequest or id) and returns it.")
        .def(
            "pause",
            [](Requests& r, Ref<ServiceRequest> x, std::optional<Date> on, std::optional<Ref<StaffMember>> by,
               const std::string& note) {
                return with_keywords(kPauseKeywords,
                                     [&] { return r.pause(x.id, on.value_or(r.today()), staff_id(by), note); });
            },
            "request"_a, py::kw_only(), "on"_a = py::none(), "by"_a = py::none(), "note"_a = "",
            "Stops the clock while the office waits on the employer, from `on` (default today); resume() "
            "restarts it and the deadline moves by the paused business days. Returns the ServiceRequest.")
        .def(
            "resume",
            [](Requests& r, Ref<ServiceRequest> x, std::optional<Date> on, std::optional<Ref<StaffMember>> by) {
                return with_keywords(kPauseKeywords,
                                     [&] { return r.resume(x.id, on.value_or(r.today()), staff_id(by)); });
            },
            "request"_a, py::kw_only(), "on"_a = py::none(), "by"_a = py::none(),
            "Restarts the clock of a paused request on `on` (default today); its deadline moves by the "
            "paused business days. Returns the ServiceRequest.")
        .def(
            "add_note",
            [](Requests& r, Ref<ServiceRequest> x, const std::string& note, bool visible_to_employer,
               std::optional<Ref<StaffMember>> by,
               std::optional<Date> on) { r.add_note(x.id, staff_id(by), note, visible_to_employer, on); },
            "request"_a, "note"_a, py::kw_only(), "visible_to_employer"_a = false, "by"_a = py::none(),
            "on"_a = py::none(),
            "Adds a note to the request's history (shown to the employer when visible_to_employer=True). "
            "Returns None.")
        .def(
            "told_employer",
            [](Requests& r, Ref<ServiceRequest> x, const std::string& note, std::optional<Ref<StaffMember>> by,
               std::optional<Date> on) { r.told_employer(x.id, staff_id(by), note, on); },
            "request"_a, "note"_a, py::kw_only(), "by"_a = py::none(), "on"_a = py::none(),
            "Records in the history that the employer was told how the request stands. Returns None.")
        .def(
            "reminded",
            [](Requests& r, Ref<ServiceRequest> x, const std::string& note, std::optional<Ref<StaffMember>> by,
               std::optional<Date> on) { r.reminded(x.id, staff_id(by), note, on); },
            "request"_a, "note"_a, py::kw_only(), "by"_a = py::none(), "on"_a = py::none(),
            "Records in the history a reminder sent to the department; it does the earliest open check-in with "
            "the department (CheckIns). Returns None.")
        .def(
            "history", [](const Requests& r, Ref<ServiceRequest> x) { return r.history(x.id); }, "request"_a,
            "The request's history (states, routing, notes, pauses), oldest first, as a list of "
            "RequestEvent.")
        .def(
            "attach_photo",
            [](Requests& r, Ref<ServiceRequest> x, const py::bytes& data, std::string_view content_type) {
                const std::string bytes = data;
                return r.attach_photo(x.id, content_type, bytes);
            },
            "request"_a, "data"_a, "content_type"_a = "image/jpeg",
            "Keeps a photo with the request: JPEG, PNG or WebP bytes, at most 5 MiB, checked against the type "
            "(ValidationError otherwise; nothing is written). The history gains a note; Open311 reads the "
            "latest photo as the request's media_url. Returns the RequestPhoto.")
        .def(
            "photos", [](const Requests& r, Ref<ServiceRequest> x) { return r.photos(x.id); }, "request"_a,
            "The request's photos, oldest first, as a list of RequestPhoto (without their bytes).")
        .def(
            "photo",
            [](const Requests& r, Ref<Office> office, std::string_view uuid) -> std::optional<py::tuple> {
                auto found = r.photo(office.id, uuid);
                if (!found) return std::nullopt;
                return py::make_tuple(found->photo, py::bytes(found->bytes));
            },
            "office"_a, "uuid"_a,
            "The photo with this UUID and its bytes, as (RequestPhoto, bytes), when it belongs to a request "
            "of the office; None otherwise.")
        .def(
            "list",
            [](const Requests& r, Ref<Office> office, bool open_only, bool triage_only,
               std::optional<Ref<Department>> department, std::optional<Ref<Employer>> employer) {
                return r.list(office.id,
                              record_from<RequestFilter>(
                                  py::dict("open_only"_a = open_only, "triage_only"_a = triage_only,
                                           "department"_a = opt_ref(department), "employer"_a = opt_ref(employer)),
                                  "filter"));
            },
            "office"_a, py::kw_only(), "open_only"_a = true, "triage_only"_a = false, "department"_a = py::none(),
            "employer"_a = py::none(),
            "The office's requests, as a list of ServiceRequest: the open ones unless open_only=False; "
            "triage_only=True keeps those waiting in triage; department and employer (records or ids) "
            "narrow it.")
        .def(
            "overdue",
            [](const Requests& r, Ref<Office> office, std::optional<Date> on,
               std::optional<Ref<Department>> department) {
                return r.overdue(office.id, on.value_or(r.today()),
                                 department ? std::optional<Id>(department->id) : std::nullopt);
            },
            "office"_a, py::kw_only(), "on"_a = py::none(), "department"_a = py::none(),
            "The office's open requests past their deadline on `on` (default today), as a list of "
            "ServiceRequest; department (a Department or id) narrows it to one department's.")
        .def(
            "near_deadline",
            [](const Requests& r, Ref<Office> office, int business_days, std::optional<Date> on,
               std::optional<Ref<Department>> department) {
                return r.near_deadline(office.id, on.value_or(r.today()), business_days,
                                       department ? std::optional<Id>(department->id) : std::nullopt);
            },
            "office"_a, py::kw_only(), "business_days"_a = 2, "on"_a = py::none(), "department"_a = py::none(),
            "The office's open requests due within `business_days` business days of `on` (default today) "
            "and not yet overdue, as a list of ServiceRequest; department (a Department or id) narrows it "
            "to one department's.")
        .def(
            "business_days",
            [](const Requests& r, Ref<Office> office, const py::object& start, const py::object& end) -> py::object {
                bool one_start = false, one_end = false;
                const auto from = dates_of(start, "start", one_start);
                const auto to = dates_of(end, "end", one_end);
                const HolidayCalendar cal = r.holidays(office.id);
                if (one_start && one_end) return py::int_(business_days_between(cal, from[0], to[0]));
                const std::size_t n = one_start ? to.size() : from.size();
                if (!one_start && !one_end && from.size() != to.size())
                    throw ValidationError("end", std::to_string(to.size()) + " dates",
                                          "must be as many as start's " + std::to_string(from.size()));
                py::array_t<std::int64_t> out(static_cast<py::ssize_t>(n));
                if (n == 0) return py::object(out);
                const auto [lo, hi] = std::minmax_element(from.begin(), from.end());
                const auto top = std::max_element(to.begin(), to.end());
                const BusinessDayCounter counter(cal, *lo, std::max(*hi, *top));
                auto o = out.mutable_unchecked<1>();
                for (std::size_t i = 0; i < n; ++i)
                    o(static_cast<py::ssize_t>(i)) = counter.between(from[one_start ? 0 : i], to[one_end ? 0 : i]);
                return py::object(out);
            },
            "office"_a, "start"_a, "end"_a,
            "Business days after `start` up to and including `end`, over the office's holidays, as "
            "deadlines count them (a start on a weekend or holiday counts from the next business day); "
            "negative when end is before start. That is numpy.busday_count(e + 1, end + 1) with the same "
            "holidays, where e is start rolled forward to a business day (numpy counts start's day and "
            "not end's). Two dates give an int; sequences or datetime64 columns (one of them may be a "
            "single date) give a numpy int64 array, counted from one pass over the calendar.")
        .def(
            "add_business_days",
            [](const Requests& r, Ref<Office> office, Date start, int days) {
                return add_business_days(r.holidays(office.id), start, days);
            },
            "office"_a, "start"_a, "days"_a,
            "The date `days` business days after `start` over the office's holidays (a deadline).")
        .def(
            "deadline",
            [](const Requests& r, Ref<Office> office, Date start, int days) {
                return deadline(r.holidays(office.id), start, days);
            },
            "office"_a, "start"_a, "days"_a,
            "add_business_days() as a Deadline: the due date and the days counted that could not be "
            "confirmed (past the range Chile's one-off holidays are known for).")
        .def(
            "holidays",
            [](const Requests& r, Ref<Office> office, Date start, Date end) {
                Table t;
                auto& date = t.add_column("date", ColumnType::Date);
                auto& name = t.add_column("name", ColumnType::Text);
                auto& kind = t.add_column("kind", ColumnType::Text);
                auto& local = t.add_column("local", ColumnType::Bool);
                for (const auto& h : r.holidays(office.id).between(start, end)) {
                    date.push_int(h.date.days());
                    name.push_text(h.name);
                    kind.push_text(h.kind);
                    local.push_int(h.local ? 1 : 0);
                }
                return t;
            },
            "office"_a, "start"_a, "end"_a,
            "The office's holidays from start to end (national and local), as a Table: date, name, kind, local.")
        .def(
            "add_holiday",
            [](Requests& r, Ref<Office> office, Date on, const std::string& name) {
                r.add_holiday(office.id, on, name);
            },
            py::kw_only(), "office"_a, "on"_a, "name"_a, "A local holiday of the commune (deadlines skip it).")
        .def(
            "table",
            [](const Requests& r, Ref<Office> office, bool open_only, std::optional<Ref<Employer>> employer,
               std::optional<Ref<Department>> department) {
                RequestFilter f{open_only, false, std::nullopt, std::nullopt};
                if (employer) f.employer_id = employer->id;
                if (department) f.department_id = department->id;
                return r.table(office.id, f);
            },
            "office"_a, py::kw_only(), "open_only"_a = false, "employer"_a = py::none(), "department"_a = py::none(),
            "Requests as a table; with employer=, that employer's request history.")
        .def(
            "open_by_department",
            [](const Requests& r, Ref<Office> office, std::optional<Date> on) {
                return r.open_by_department(office.id, on.value_or(r.today()));
            },
            "office"_a, py::kw_only(), "on"_a = py::none(),
            "Open requests per department with how many are overdue and their age.")
        .def(
            "deadline_compliance",
            [](const Requests& r, Ref<Office> office, Date start, Date end) {
                return r.deadline_compliance(office.id, start, end);
            },
            "office"_a, py::kw_only(), "start"_a, "end"_a,
            "Per department and category: received, resolved on time, open, overdue, median business days "
            "to resolve.");
}

}  // namespace

void bind_department_records(py::module_& m) { bind_department(m); }

void bind_requests(py::module_& m) {
    bind_input_record<NewServiceRequest>(m, "NewServiceRequest",
                                         "A service request to open: Requests.open()'s keywords.");
    bind_service_category(m);
    bind_routing_rule(m);
    bind_service_request(m);
    bind_request_event(m);
    bind_request_photo(m);
    bind_deadline(m);
    bind_departments_repository(m);
    bind_service_catalogue_repository(m);
    bind_routing_rules_repository(m);
    bind_requests_repository(m);
    bind_checkin(m);
    bind_checkins_repository(m);
}

}  // namespace omilcrm::python
