// Events with employers and the outreach material.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include <omilcrm/employers.hpp>
#include <omilcrm/offices.hpp>
#include <omilcrm/outreach.hpp>
#include <omilcrm/partners.hpp>
#include <omilcrm/seekers.hpp>

#include "bindings.hpp"
#include "records.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

template <class T>
std::vector<Id> ids_of(const std::optional<std::vector<Ref<T>>>& refs) {
    std::vector<Id> out;
    if (refs)
        for (const auto& r : *refs) out.push_back(r.id);
    return out;
}

void bind_event(py::module_& m) {
    py::class_<Event> event(m, "Event", "A business meeting, job fair, breakfast or coordination table.");
    def_fields(event);
    event.def("__repr__", [](const Event& e) { return record_repr(e, "Event", {"id", "kind", "title", "on"}); });
}

void bind_event_guest(py::module_& m) {
    py::class_<EventGuest> guest(m, "EventGuest", "An employer invited to or attending an event.");
    def_fields(guest);
    guest.def("__repr__", [](const EventGuest& g) {
        return record_repr(g, "EventGuest", {"employer_id", "invited", "attended"});
    });
}

void bind_event_partner(py::module_& m) {
    py::class_<EventPartner> partner(m, "EventPartner",
                                     "A partner institution at an event: co-hosting it, invited, attended (with how "
                                     "many of its people came).");
    def_fields(partner);
    partner.def("__repr__", [](const EventPartner& p) {
        return record_repr(p, "EventPartner", {"partner_id", "co_host", "invited", "attended"});
    });
}

void bind_asset_appearance(py::module_& m) {
    py::class_<AssetAppearance> appearance(
        m, "AssetAppearance",
        "A person who appears in outreach material (a job seeker, an employer's contact or a staff member), with "
        "the scope of their consent (image or testimonial) and whether it lapsed. Only ids: no personal data.");
    def_fields(appearance);
    appearance.def("__repr__", [](const AssetAppearance& a) {
        return record_repr(a, "AssetAppearance", {"id", "asset_id", "scope", "lapsed"});
    });
}

void bind_outreach_asset(py::module_& m) {
    py::class_<OutreachAsset> asset(m, "OutreachAsset",
                                    "Material that presents the office: a video, a banner, a brochure.");
    def_fields(asset);
    asset.def("__repr__", [](const OutreachAsset& a) { return record_repr(a, "OutreachAsset", {"id", "name"}); });
}

void bind_showing(py::module_& m) {
    py::class_<Showing> showing(m, "Showing", "One showing of outreach material.");
    def_fields(showing);
    showing.def("__repr__", [](const Showing& s) {
        return record_repr(s, "Showing", {"id", "on", "setting", "audience_size"});
    });
}

void bind_events_repository(py::module_& m) {
    py::class_<Events>(m, "Events",
                       "Events with employers (db.events): business meetings, job fairs, breakfasts, "
                       "coordination tables; who was invited, who came, what vacancies came of it.")
        .def("__repr__", [](const Events&) { return std::string("<omilcrm.Events repository>"); })
        .def(
            "add",
            [](Events& r, Ref<Office> office, const std::string& title, Date on, EventKind kind,
               const std::string& place, const std::string& commune, const std::string& organiser,
               std::optional<Ref<StaffMember>> by, const std::string& notes,
               std::optional<std::vector<Ref<Office>>> co_hosts,
               std::optional<std::vector<Ref<Partner>>> partner_hosts) {
                NewEvent e;
                e.office_id = office.id;
                e.title = title;
                e.on = on;
                e.kind = kind;
                e.place = place;
                e.commune = commune;
                e.organiser = organiser;
                e.staff_id = opt_ref(by);
                e.notes = notes;
                e.co_hosts = ids_of(co_hosts);
                e.partner_hosts = ids_of(partner_hosts);
                return r.add(e);
            },
            py::kw_only(), "office"_a, "title"_a, "on"_a, "kind"_a = EventKind::BusinessMeeting, "place"_a = "",
            "commune"_a = "", "organiser"_a = "", "by"_a = py::none(), "notes"_a = "", "co_hosts"_a = py::none(),
            "partner_hosts"_a = py::none(),
            "Records an event of the office (an Office or id) on `on` (a datetime.date) and returns it (an "
            "Event). kind: business_meeting, job_fair, business_breakfast, coordination_table, other; by: "
            "the StaffMember (or id) in charge; co_hosts: other offices (Offices or ids) taking part; partner_hosts: "
            "partner institutions (Partners or ids of the event's offices) co-hosting it. Raises "
            "ValidationError naming the field, NotFound for an unknown id.")
        .def(
            "get", [](const Events& r, Ref<Event> e) { return r.get(e.id); }, "event"_a,
            "The Event with this id (or the record itself, read again). Raises NotFound when there is none.")
        .def(
            "list",
            [](const Events& r, Ref<Office> office, std::optional<Date> start, std::optional<Date> end) {
                return r.list(office.id, start, end);
            },
            "office"_a, py::kw_only(), "start"_a = py::none(), "end"_a = py::none(),
            "The office's events (organised or co-hosted) between start and end (datetime.date, inclusive; "
            "None for no bound), by date, as a list of Event.")
        .def(
            "invite",
            [](Events& r, Ref<Event> e, const std::vector<Ref<Employer>>& employers) {
                std::vector<Id> ids;
                for (const auto& x : employers) ids.push_back(x.id);
                r.invite(e.id, ids);
            },
            "event"_a, "employers"_a,
            "Invites employers (a list of Employers or ids, of the event's offices) to the event; inviting "
            "again changes nothing. Returns None.")
        .def(
            "attend",
            [](Events& r, Ref<Event> e, Ref<Employer> employer, std::optional<Ref<StaffMember>> by,
               std::optional<std::vector<Ref<Contact>>> contacts, const std::string& summary) {
                return r.attend(e.id, employer.id, opt_ref(by), ids_of(contacts), summary);
            },
            "event"_a, "employer"_a, py::kw_only(), "by"_a = py::none(), "contacts"_a = py::none(), "summary"_a = "",
            "Records that the employer (an Employer or id) attended the event: an 'event' entry in its "
            "interaction log (by `by`, default the event's staff), with the contacts met there, in one "
            "transaction. Returns the EventGuest. Raises Conflict when it is already recorded there.")
        .def(
            "guests", [](const Events& r, Ref<Event> e) { return r.guests(e.id); }, "event"_a,
            "The employers invited to or attending the event, as a list of EventGuest.")
        .def(
            "invite_partners",
            [](Events& r, Ref<Event> e, const std::vector<Ref<Partner>>& partners) {
                std::vector<Id> ids;
                for (const auto& x : partners) ids.push_back(x.id);
                r.invite_partners(e.id, ids);
            },
            "event"_a, "partners"_a,
            "Invites partner institutions (a list of Partners or ids, of the event's offices) to the event; "
            "inviting again changes nothing. Returns None. Raises ValidationError naming partners[i].")
        .def(
            "partner_attended",
            [](Events& r, Ref<Event> e, Ref<Partner> partner, int attendees) {
                return r.partner_attended(e.id, partner.id, attendees);
            },
            "event"_a, "partner"_a, py::kw_only(), "attendees"_a = 0,
            "Records that the partner (a Partner or id) attended the event, with how many of its people came "
            "(0: not counted; recording it again corrects the number). Returns the EventPartner.")
        .def(
            "partners", [](const Events& r, Ref<Event> e) { return r.partners(e.id); }, "event"_a,
            "The partner institutions at the event (co-hosts, invited, attended), as a list of EventPartner.")
        .def(
            "vacancies", [](const Events& r, Ref<Event> e) { return r.vacancies(e.id); }, "event"_a,
            "Vacancies captured at the event (linked to an attendance's interaction), as a list of Vacancy.")
        .def(
            "table", [](const Events& r, Ref<Office> office) { return r.table(office.id); }, "office"_a,
            "The office's events as a Table: one row per event with invited, attended, vacancies and "
            "positions captured there.");
}

void bind_outreach_repository(py::module_& m) {
    py::class_<Outreach>(m, "Outreach",
                         "Outreach material (db.outreach): videos, banners, brochures that present the office, "
                         "every showing of them, and the regional catastro of showings.")
        .def("__repr__", [](const Outreach&) { return std::string("<omilcrm.Outreach repository>"); })
        .def(
            "add_asset",
            [](Outreach& r, const std::string& name, AssetKind kind, const std::string& produced_by,
               const std::string& description,
               const std::string& uuid) { return r.add_asset(name, kind, produced_by, description, uuid); },
            py::kw_only(), "name"_a, "kind"_a = AssetKind::Video, "produced_by"_a = "", "description"_a = "",
            "uuid"_a = "",
            "Adds material and returns it (an OutreachAsset). kind: video and the other asset kinds. Give "
            "the region's `uuid` so every office's showings of the same material add up when the files "
            "are consolidated; adding a UUID that exists returns that asset.")
        .def(
            "asset", [](const Outreach& r, Ref<OutreachAsset> a) { return r.asset(a.id); }, "asset"_a,
            "The OutreachAsset with this id (or the record itself). Raises NotFound when there is none.")
        .def("assets", &Outreach::assets, "Every outreach asset in the file, as a list of OutreachAsset.")
        .def(
            "record",
            [](Outreach& r, Ref<OutreachAsset> asset, Ref<Office> office, Date on, Setting setting, Audience audience,
               int audience_size, std::optional<Ref<Event>> event, std::optional<Ref<StaffMember>> by,
               const std::string& notes, std::optional<std::vector<Ref<Employer>>> employers,
               std::optional<std::vector<Ref<Partner>>> partners) {
                NewShowing s;
                s.asset_id = asset.id;
                s.office_id = office.id;
                s.on = on;
                s.setting = setting;
                s.audience = audience;
                s.audience_size = audience_size;
                s.event_id = opt_ref(event);
                s.staff_id = opt_ref(by);
                s.notes = notes;
                s.employers = ids_of(employers);
                s.partners = ids_of(partners);
                return r.record(s);
            },
            py::kw_only(), "asset"_a, "office"_a, "on"_a, "setting"_a, "audience"_a = Audience::Employers,
            "audience_size"_a = 0, "event"_a = py::none(), "by"_a = py::none(), "notes"_a = "",
            "employers"_a = py::none(), "partners"_a = py::none(),
            "setting: company_meeting, municipal_department, job_fair, business_meeting, sence_activity, other; "
            "audience: employers, job_seekers, municipal_staff, mixed, other. Records one showing of the "
            "asset (an OutreachAsset or id) by the office on `on` (a datetime.date), with the audience's "
            "size, the employers present (Employers or ids) and the partner institutions in the audience "
            "(Partners or ids); returns the Showing. Raises ValidationError naming the field (asset, when "
            "someone whose consent lapsed appears in it), NotFound for an unknown id.")
        .def(
            "get", [](const Outreach& r, Ref<Showing> s) { return r.get(s.id); }, "showing"_a,
            "The Showing with this id (or the record itself). Raises NotFound when there is none.")
        .def(
            "showings",
            [](const Outreach& r, std::optional<int> year, std::optional<Date> start, std::optional<Date> end,
               std::optional<Ref<Office>> office, std::optional<Ref<OutreachAsset>> asset) {
                const auto [from, to] = period_of(year, start, end);
                return r.showings(from, to, opt_ref(office), opt_ref(asset));
            },
            py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(), "office"_a = py::none(),
            "asset"_a = py::none(),
            "Showings in the period (year (an int) or start and end (datetime.date, inclusive), not both), of one "
            "office and/or one asset when given, as a "
            "list of Showing. Raises ValidationError (field year, start or end) for a period given wrong.")
        .def(
            "catastro",
            [](const Outreach& r, Ref<OutreachAsset> asset, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.catastro(asset.id, from, to);
            },
            "asset"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "The catastro of an asset (an OutreachAsset or id) as a Table: one row per office of the "
            "database (those that never showed it included), with its commune and province: showings in the "
            "period (year (an int) or start and end (datetime.date, inclusive), not both), one column per setting, "
            "audience reached, employers present, "
            "last showing.")
        .def(
            "catastro_by_province",
            [](const Outreach& r, Ref<OutreachAsset> asset, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.catastro_by_province(asset.id, from, to);
            },
            "asset"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "The catastro per province (a Table, in code order): offices, offices that showed it, showings, "
            "audience, share of showings and of offices; attrs['territorial_balance'] for the showings "
            "('' when nothing was shown). Period: year (an int) or start and end (datetime.date, inclusive), not both.")
        .def(
            "offices_without_showings",
            [](const Outreach& r, Ref<OutreachAsset> asset, std::optional<int> year, std::optional<Date> start,
               std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.offices_without_showings(asset.id, from, to);
            },
            "asset"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "The offices with no showing of the asset in the period (year (an int) or start and end (datetime.date, "
            "inclusive), not both), as a list of "
            "Office.")
        .def(
            "events_without_showing",
            [](const Outreach& r, Ref<OutreachAsset> asset, Ref<Office> office, std::optional<int> year,
               std::optional<Date> start, std::optional<Date> end) {
                const auto [from, to] = period_of(year, start, end);
                return r.events_without_showing(asset.id, office.id, from, to);
            },
            "asset"_a, "office"_a, py::kw_only(), "year"_a = py::none(), "start"_a = py::none(), "end"_a = py::none(),
            "The protocol check: the office's events in the period (organised or co-hosted) with no showing of "
            "the asset recorded at them, by date, as a list of Event.")
        .def(
            "add_appearance",
            [](Outreach& r, Ref<OutreachAsset> asset, std::optional<Ref<JobSeeker>> seeker,
               std::optional<Ref<Contact>> contact, std::optional<Ref<StaffMember>> staff, AppearanceScope scope,
               std::optional<Date> consent_on, std::optional<Date> on) {
                NewAppearance a;
                a.asset_id = asset.id;
                a.seeker_id = opt_ref(seeker);
                a.contact_id = opt_ref(contact);
                a.staff_id = opt_ref(staff);
                a.scope = scope;
                a.consent_on = consent_on;
                a.on = on;
                return r.add_appearance(a);
            },
            "asset"_a, py::kw_only(), "seeker"_a = py::none(), "contact"_a = py::none(), "staff"_a = py::none(),
            "scope"_a = AppearanceScope::Image, "consent_on"_a = py::none(), "on"_a = py::none(),
            "Records who appears in the material: exactly one of seeker (a JobSeeker or id, whose consent must "
            "cover the scope: ValidationError naming 'seeker' otherwise), contact or staff (then consent_on, "
            "the day they consented, is required). scope: image or testimonial. on: the day it is recorded "
            "(default today). Returns the AssetAppearance; Conflict when that person already appears with "
            "that scope.")
        .def(
            "appearances", [](const Outreach& r, Ref<OutreachAsset> a) { return r.appearances(a.id); }, "asset"_a,
            "The people in the material (not removed ones), each with whether their consent lapsed, as a list "
            "of AssetAppearance.")
        .def(
            "lapsed_appearances",
            [](const Outreach& r, std::optional<Ref<Office>> office) { return r.lapsed_appearances(opt_ref(office)); },
            py::kw_only(), "office"_a = py::none(),
            "Appearances whose consent lapsed (the seeker renewed it without the scope, or their data was "
            "erased), of the office when given: the material to re-edit before it is shown again. A list of "
            "AssetAppearance.")
        .def(
            "remove_appearance",
            [](Outreach& r, Ref<AssetAppearance> a, std::optional<Date> on) { return r.remove_appearance(a.id, on); },
            "appearance"_a, py::kw_only(), "on"_a = py::none(),
            "The person no longer appears in the material (it was re-edited) from `on` (default today); the "
            "record stays. Returns the AssetAppearance; Conflict when it was already removed.")
        .def(
            "appearance", [](const Outreach& r, Ref<AssetAppearance> a) { return r.appearance(a.id); }, "appearance"_a,
            "The AssetAppearance with this id. Raises NotFound when there is none.");
}

}  // namespace

void bind_outreach(py::module_& m) {
    bind_input_record<NewEvent>(m, "NewEvent", "An event to add: Events.add()'s keywords.");
    bind_input_record<NewShowing>(m, "NewShowing", "A showing of an outreach asset: Outreach.record()'s keywords.");
    bind_event(m);
    bind_event_guest(m);
    bind_event_partner(m);
    bind_outreach_asset(m);
    bind_asset_appearance(m);
    bind_showing(m);
    bind_events_repository(m);
    bind_outreach_repository(m);
}

}  // namespace omilcrm::python
