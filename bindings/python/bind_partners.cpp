// Partner institutions: universities, training bodies, other public services, business
// associations, with their events, showings and the interactions their people took part in.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <omilcrm/interactions.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/outreach.hpp>
#include <omilcrm/partners.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

void bind_partner(py::module_& m) {
    py::class_<Partner> partner(m, "Partner",
                                "A partner institution of the office: a university, a training body (OTEC), another "
                                "public service (SENCE, IPS, FOSIS...), a business association or other.");
    def_fields(partner);
    partner.def("__repr__", [](const Partner& p) { return record_repr(p, "Partner", {"id", "name", "kind"}); });
}

void bind_partners_repository(py::module_& m) {
    py::class_<Partners>(m, "Partners",
                         "The office's partner institutions (db.partners): add, list, update them, and what each "
                         "did: events co-hosted, invited to and attended, showings, interactions.")
        .def("__repr__", [](const Partners&) { return std::string("<omilcrm.Partners repository>"); })
        .def(
            "add",
            [](Partners& r, Ref<Office> office, const std::string& name, PartnerKind kind,
               const std::string& contact_name, const std::string& email, const std::string& phone,
               const std::string& commune, const std::string& notes) {
                return r.add({.office_id = office.id,
                              .name = name,
                              .kind = kind,
                              .contact_name = contact_name,
                              .email = email,
                              .phone = phone,
                              .commune = commune,
                              .notes = notes});
            },
            py::kw_only(), "office"_a, "name"_a, "kind"_a, "contact_name"_a = "", "email"_a = "", "phone"_a = "",
            "commune"_a = "", "notes"_a = "",
            "Adds a partner to the office's (an Office or id) registry and returns it (a Partner). kind: "
            "university, training_body, public_service, business_association, other. The name is unique in the "
            "office (Conflict otherwise); commune: a commune's name or CUT code. Raises ValidationError naming "
            "the field.\n\n"
            "Example: db.partners.add(office=o, name='SENCE Valparaíso', kind='public_service')")
        .def(
            "get", [](const Partners& r, Ref<Partner> p) { return r.get(p.id); }, "partner"_a,
            "The Partner with this id (or the record itself, read again). Raises NotFound when there is none.")
        .def(
            "list",
            [](const Partners& r, Ref<Office> office, std::optional<PartnerKind> kind) {
                return r.list(office.id, kind);
            },
            "office"_a, py::kw_only(), "kind"_a = py::none(),
            "The office's partners by name, of one kind when given, as a list of Partner.")
        .def(
            "update",
            [](Partners& r, Ref<Partner> p, std::optional<std::string> name, std::optional<PartnerKind> kind,
               std::optional<std::string> contact_name, std::optional<std::string> email,
               std::optional<std::string> phone, std::optional<std::string> commune, std::optional<std::string> notes) {
                return r.update(p.id, {.name = name,
                                       .kind = kind,
                                       .contact_name = contact_name,
                                       .email = email,
                                       .phone = phone,
                                       .commune = commune,
                                       .notes = notes});
            },
            "partner"_a, py::kw_only(), "name"_a = py::none(), "kind"_a = py::none(), "contact_name"_a = py::none(),
            "email"_a = py::none(), "phone"_a = py::none(), "commune"_a = py::none(), "notes"_a = py::none(),
            "Changes the given fields of the partner (a Partner or id), with add()'s checks; fields left None "
            "stay. Returns the updated Partner.")
        .def(
            "events", [](const Partners& r, Ref<Partner> p) { return r.events(p.id); }, "partner"_a,
            "The events the partner co-hosted, was invited to or attended, by date, as a list of Event.")
        .def(
            "interactions",
            [](const Partners& r, Ref<Partner> p, std::optional<Date> start, std::optional<Date> end) {
                return r.interactions(p.id, start, end);
            },
            "partner"_a, py::kw_only(), "start"_a = py::none(), "end"_a = py::none(),
            "The interactions where people of the partner took part, newest first, between start and end "
            "(datetime.date, inclusive; None for no bound), as a list of Interaction.")
        .def(
            "activity",
            [](const Partners& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.activity(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "One row per partner of the office (a Table, by name): events co-hosted, invited to and attended, "
            "showings it was in the audience of and interactions its people took part in, in the period (year "
            "(an int) or start and end (datetime.date, inclusive), not both).")
        .def(
            "report",
            [](const Partners& r, Ref<Office> office, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.report(office.id, from, to);
            },
            "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "The same per kind (a Table): every kind in order, then a 'total' row: partners, events "
            "co-hosted, invited and attended, showings, interactions, in the period.");
}

}  // namespace

void bind_partner_records(py::module_& m) {
    bind_input_record<NewPartner>(m, "NewPartner", "A partner institution to add: Partners.add()'s keywords.");
    bind_partner(m);
}

void bind_partners(py::module_& m) { bind_partners_repository(m); }

}  // namespace omilcrm::python
