// Access: tokens, principals, actors (act_as as a context manager) and the audit.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <omilcrm/access.hpp>
#include <omilcrm/offices.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

/// What `with db.access.act_as(...)` holds: the actor, and while the block runs, the guard that
/// puts the previous actor back.
struct ActingScope {
    Access* access;
    Actor actor;
    std::optional<ActingAs> guard{};
};

void bind_token(py::module_& m) {
    py::class_<Token> c(m, "Token", "An access token as stored: everything but its secret (only a hash is kept).");
    def_fields(c);
    c.def("active_at", &Token::active_at, "now"_a, "Neither revoked nor expired at `now`.")
        .def("__repr__", [](const Token& t) {
            return record_repr(t, "Token", {"id", "name", "role", "office_id"});
        });
}

void bind_principal(py::module_& m) {
    py::class_<Principal> c(m, "Principal",
                            "Who a valid token stands for: what the HTTP API checks a request against.");
    def_fields(c);
    c.def("allows", &Principal::allows, "resource"_a, "write"_a = false,
          "Whether it may read `resource` (or change it, with write=True).")
        .def(
            "sees_office", [](const Principal& p, Ref<Office> office) { return p.sees_office(office.id); }, "office"_a,
            "Whether it sees the office's records (its own; any office's aggregates for an analyst).")
        .def("__repr__", [](const Principal& p) {
            return record_repr(p, "Principal", {"token_id", "name", "role", "office_id"});
        });
}

void bind_actor(py::module_& m) {
    py::class_<Actor>(m, "Actor", "Who acts for the writes that follow; the change logs record its text.")
        .def(py::init(
                 [](std::optional<Ref<Token>> token, std::optional<Ref<StaffMember>> staff, const std::string& text) {
                     return Actor{opt_ref(token), opt_ref(staff), text};
                 }),
             py::kw_only(), "token"_a = py::none(), "staff"_a = py::none(), "text"_a = "",
             "An actor from a token (a Token or id), a staff member (a StaffMember or id) or a free text "
             "('import script'); Actor() is nobody.")
        .def_static("of", &Actor::of, "principal"_a, "The actor of a principal: 'staff:<id>' or 'token:<id>'.")
        .def_property_readonly(
            "token_id", [](const Actor& a) { return a.token_id; }, "The id of the token it acts by, or None.")
        .def_property_readonly(
            "staff_id", [](const Actor& a) { return a.staff_id; }, "The id of the staff member it is, or None.")
        .def_property_readonly("text", &Actor::display, "What the logs record ('staff:3'); '' for nobody.")
        .def("__repr__", [](const Actor& a) { return "Actor(" + quoted(a.display()) + ")"; });

    py::class_<ActingScope>(m, "ActingAs", "with db.access.act_as(...): the writes inside the block record the actor.")
        .def_property_readonly(
            "actor", [](const ActingScope& s) { return s.actor; }, "The Actor the block's writes record.")
        .def(
            "__enter__",
            [](ActingScope& s) -> ActingScope& {
                if (s.guard) throw Error("this act_as() block is already entered");
                s.guard.emplace(s.access->act_as(s.actor));
                return s;
            },
            py::return_value_policy::reference)
        .def("__exit__",
             [](ActingScope& s, const py::object&, const py::object&, const py::object&) {
                 s.guard.reset();
                 return false;
             })
        .def("__repr__", [](const ActingScope& s) { return "<omilcrm.ActingAs " + quoted(s.actor.display()) + ">"; });
}

void bind_access_repository(py::module_& m) {
    py::class_<Access>(m, "Access",
                       "Access to the HTTP API (db.access): tokens and what they allow, who acts for the writes "
                       "(act_as), and the audit of every action.")
        .def("__repr__", [](const Access&) { return std::string("<omilcrm.Access repository>"); })
        .def(
            "create",
            [](Access& r, std::optional<Ref<StaffMember>> staff, std::optional<Ref<Office>> office,
               std::optional<Role> role, const std::string& name, const py::object& resources,
               std::optional<bool> can_write, std::optional<int> expires_in_days, std::optional<Timestamp> expires_at) {
                IssuedToken issued = r.create({.staff_id = opt_ref(staff),
                                               .office_id = opt_ref(office),
                                               .role = role,
                                               .name = name,
                                               .resources = strings_of(resources),
                                               .can_write = can_write,
                                               .expires_in_days = expires_in_days,
                                               .expires_at = expires_at});
                return py::make_tuple(std::move(issued.token), std::move(issued.secret));
            },
            py::kw_only(), "staff"_a = py::none(), "office"_a = py::none(), "role"_a = py::none(), "name"_a = "",
            "resources"_a = py::none(), "can_write"_a = py::none(), "expires_in_days"_a = py::none(),
            "expires_at"_a = py::none(),
            "Issues a token: returns (token, secret). The secret is shown this once; only its hash is stored. "
            "Expires in 90 days unless expires_in_days or expires_at (an aware datetime) says otherwise.\n\n"
            "staff: the StaffMember (or id) it stands for, or office (an Office or id) with role for a "
            "token of no one person; resources: names from Access.resources it "
            "may reach; can_write: whether it may change them. Raises ValidationError naming the field.\n\n"
            "Example: token, secret = db.access.create(staff=ana, name='portátil de Ana')")
        .def("authenticate", &Access::authenticate, "secret"_a,
             "The Principal of a valid secret, or None (unknown, revoked, expired, or its staff member left).")
        .def(
            "revoke", [](Access& r, Ref<Token> token) { return r.revoke(token.id); }, "token"_a,
            "Revokes the token (a Token or id) from now on and returns it; its secret no longer "
            "authenticates (a token already revoked keeps its first revocation). Raises NotFound for an "
            "unknown id.")
        .def(
            "get", [](const Access& r, Ref<Token> token) { return r.get(token.id); }, "token"_a,
            "The Token with this id (never its secret). Raises NotFound when there is none.")
        .def(
            "list", [](const Access& r, std::optional<Ref<Office>> office) { return r.list(opt_ref(office)); },
            "office"_a = py::none(), "The tokens of an office (all of them without one), by id.")
        .def(
            "table", [](const Access& r, std::optional<Ref<Office>> office) { return r.table(opt_ref(office)); },
            "office"_a = py::none(), "The tokens with their staff member's name and status (active, expired, revoked).")
        .def_property_readonly_static(
            "resources",
            [](const py::object&) {
                std::vector<std::string> out;
                for (auto n : Access::resources()) out.emplace_back(n);
                return out;
            },
            "The resources a token may name.")
        .def(
            "act_as",
            [](Access& r, const Principal& principal) {
                return ActingScope{&r, Actor::of(principal)};
            },
            "principal"_a, py::keep_alive<0, 1>(),
            "with db.access.act_as(principal): the writes inside the block record the principal's actor "
            "('staff:<id>' or 'token:<id>'). Returns an ActingAs.")
        .def(
            "act_as",
            [](Access& r, std::optional<Ref<StaffMember>> staff, std::optional<Ref<Token>> token,
               const std::string& text) {
                return ActingScope{&r, Actor{opt_ref(token), opt_ref(staff), text}};
            },
            py::kw_only(), "staff"_a = py::none(), "token"_a = py::none(), "text"_a = "", py::keep_alive<0, 1>(),
            "with db.access.act_as(staff=ana) (or token=, text=): the writes inside the block record that "
            "actor in the change logs; the previous actor is back after the block. Returns an ActingAs.\n\n"
            "Example: with db.access.act_as(staff=ana): db.employers.update(e, status='active')")
        .def_property_readonly(
            "actor", [](const Access& r) { return r.actor(); }, "The actor now (its text is '' for nobody).")
        .def(
            "record",
            [](Access& r, const std::string& action, const std::string& resource, const py::object& record,
               std::optional<Ref<Office>> office, const std::string& detail, const std::string& actor) {
                std::optional<Id> record_id;
                if (!record.is_none()) {
                    const py::object id = py::isinstance<py::int_>(record) && !PyBool_Check(record.ptr())
                                              ? record
                                              : py::getattr(record, "id", py::none());
                    if (!py::isinstance<py::int_>(id) || PyBool_Check(id.ptr()))
                        throw ValidationError("record", py::repr(record).cast<std::string>(),
                                              "expected a record or its id");
                    record_id = value_of<Id>("record", id, "an id");
                }
                r.record({.actor = actor,
                          .action = action,
                          .resource = resource,
                          .record_id = record_id,
                          .office_id = opt_ref(office),
                          .detail = detail});
            },
            py::kw_only(), "action"_a, "resource"_a, "record"_a = py::none(), "office"_a = py::none(), "detail"_a = "",
            "actor"_a = "",
            "Appends a line to the audit, in the caller's transaction if one is open; record: a record or its id.")
        .def(
            "audit",
            [](const Access& r, std::optional<Ref<Office>> office, std::optional<Date> start, std::optional<Date> end) {
                return r.audit(opt_ref(office), start, end);
            },
            "office"_a = py::none(), py::kw_only(), "start"_a = py::none(), "end"_a = py::none(),
            "The audit of an office (every office without one) between two days, inclusive.");
}

}  // namespace

void bind_access(py::module_& m) {
    bind_token(m);
    bind_principal(m);
    bind_actor(m);
    bind_access_repository(m);
}

}  // namespace omilcrm::python
