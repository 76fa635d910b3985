// SENCE programmes and the offers made of them to employers and seekers. The rules are in
// programmes_rules.hpp; the SQL in store/programmes.cpp.
#include "omilcrm/programmes.hpp"

#include <array>
#include <map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "programmes_rules.hpp"
#include "references.hpp"
#include "store/data_rights.hpp"
#include "store/programmes.hpp"
#include "text.hpp"

namespace omilcrm {

namespace {

struct DefaultProgramme {
    const char* code;
    const char* name;
    const char* kind;
    ProgrammeAudience audience;
};
constexpr DefaultProgramme kProgrammes[] = {
    {"capacitacion", "Cursos de capacitación SENCE", "training", ProgrammeAudience::Both},
    {"subsidio_empleo_joven", "Subsidio al Empleo Joven", "subsidy", ProgrammeAudience::Both},
    {"bono_trabajo_mujer", "Bono al Trabajo de la Mujer", "subsidy", ProgrammeAudience::Both},
    {"impulsa_personas", "Impulsa Personas (franquicia tributaria)", "training", ProgrammeAudience::Employers},
    {"experiencia_laboral", "Experiencia Laboral", "subsidy", ProgrammeAudience::Seekers},
};

}  // namespace

Programme Programmes::add(Id office_id, const std::string& code_in, const std::string& name_in,
                          const std::string& kind_in, ProgrammeAudience audience) {
    detail::WriteScope write(*db_);
    detail::check_office(*db_, office_id);
    const std::string code(detail::trim(code_in));
    const std::string name(detail::trim(name_in));
    if (code.empty()) throw ValidationError("code", code_in, "is required");
    if (name.empty()) throw ValidationError("name", name_in, "is required");
    static constexpr std::array<std::string_view, 3> kKinds = {"training", "subsidy", "other"};
    const std::string kind(kKinds[detail::index_of(kind_in, kKinds, "kind")]);
    Programme p;
    p.meta = detail::new_meta(*db_);
    p.office_id = office_id;
    p.code = code;
    p.name = name;
    p.kind = kind;
    p.audience = audience;
    try {
        store::insert_programme(*db_, p);
    } catch (const Conflict&) {
        throw Conflict("the office already has a programme with code \"" + code + "\"");
    }
    return get(office_id, code);
}

Programme Programmes::get(Id office_id, std::string_view code) const {
    auto p = store::find_programme(*db_, office_id, detail::trim(code));
    if (!p) throw NotFound("programme", std::string(code));
    return std::move(*p);
}

std::vector<Programme> Programmes::list(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_programmes(*db_, office_id);
}

void Programmes::seed_defaults(Id office_id) {
    detail::WriteScope write(*db_);
    for (const auto& p : kProgrammes) add(office_id, p.code, p.name, p.kind, p.audience);
}

ProgrammeOffer Programmes::offer(Id office_id, std::string_view code, std::optional<Id> employer_id,
                                 std::optional<Id> seeker_id, std::optional<Id> staff_id, std::optional<Date> on,
                                 const std::string& note) {
    detail::WriteScope write(*db_);
    const Programme p = get(office_id, code);
    detail::check_offer_target(p, employer_id, seeker_id);
    if (employer_id) detail::check_offered_employer(Employers(*db_).get(*employer_id), office_id);
    else detail::check_offered_seeker(Seekers(*db_).get(*seeker_id), office_id);
    detail::check_staff_of(*db_, staff_id, office_id, "by");
    const Date day = on.value_or(today());
    if (seeker_id) store::check_not_restricted(*db_, *seeker_id, day);
    ProgrammeOffer o;
    o.meta = detail::new_meta(*db_);
    o.office_id = office_id;
    o.programme_id = p.meta.id;
    o.employer_id = employer_id;
    o.seeker_id = seeker_id;
    o.offered_on = day;
    o.offered_by = staff_id;
    o.outcome = OfferOutcome::Offered;
    o.note = std::string(detail::trim(note));
    store::insert_offer(*db_, o);
    const Id id = o.meta.id;
    store::insert_offer_event(*db_, id, OfferOutcome::Offered, day, staff_id, o.note);
    return get_offer(id);
}

ProgrammeOffer Programmes::record_outcome(Id offer_id, OfferOutcome outcome, std::optional<Date> on,
                                          std::optional<Id> staff_id, const std::string& note) {
    detail::WriteScope write(*db_);
    const ProgrammeOffer o = get_offer(offer_id);
    const Date day = on.value_or(today());
    detail::check_outcome(o, outcome, day);
    detail::check_staff_of(*db_, staff_id, o.office_id, "by");
    store::set_offer_outcome(*db_, offer_id, outcome, day);
    store::insert_offer_event(*db_, offer_id, outcome, day, staff_id, std::string(detail::trim(note)));
    return get_offer(offer_id);
}

ProgrammeOffer Programmes::get_offer(Id offer_id) const {
    auto o = store::find_offer(*db_, offer_id);
    if (!o) throw NotFound("programme offer", std::to_string(offer_id));
    return std::move(*o);
}

Table Programmes::offer_history(Id offer_id) const {
    get_offer(offer_id);
    Table t;
    auto& on = t.add_column("on", ColumnType::Date);
    auto& outcome = t.add_column("outcome", ColumnType::Text);
    auto& staff = t.add_column("staff_id", ColumnType::Int);
    auto& note = t.add_column("note", ColumnType::Text);
    auto& actor = t.add_column("actor", ColumnType::Text);
    for (const auto& e : store::offer_events(*db_, offer_id)) {
        on.push_int(e.on.days());
        outcome.push_text(e.outcome);
        if (e.staff_id) staff.push_int(*e.staff_id);
        else staff.push_null();
        note.push_text(e.note);
        push_value(actor, e.actor);
    }
    return t;
}

std::vector<ProgrammeOffer> Programmes::offers(Id office_id) const {
    detail::check_office(*db_, office_id);
    return store::list_offers(*db_, office_id);
}

Table Programmes::table(Id office_id) const {
    detail::check_office(*db_, office_id);
    struct Row {
        std::int64_t n[4] = {0, 0, 0, 0};
    };
    std::map<std::pair<Id, int>, Row> rows;  // (programme, 0 employers / 1 seekers)
    for (const auto& o : offers(office_id))
        ++rows[{o.programme_id, o.employer_id ? 0 : 1}].n[static_cast<int>(o.outcome)];
    Table t;
    auto& code = t.add_column("programme", ColumnType::Text);
    auto& name = t.add_column("name", ColumnType::Text);
    auto& audience = t.add_column("offered_to", ColumnType::Text);
    auto& offered = t.add_column("offers", ColumnType::Int);
    auto& pending = t.add_column("pending", ColumnType::Int);
    auto& declined = t.add_column("declined", ColumnType::Int);
    auto& accepted = t.add_column("accepted", ColumnType::Int);
    auto& enrolled = t.add_column("enrolled", ColumnType::Int);
    for (const auto& p : list(office_id)) {
        for (int who = 0; who < 2; ++who) {
            auto it = rows.find({p.meta.id, who});
            if (it == rows.end()) continue;
            const auto& n = it->second.n;
            code.push_text(p.code);
            name.push_text(p.name);
            audience.push_text(who == 0 ? "employers" : "seekers");
            offered.push_int(n[0] + n[1] + n[2] + n[3]);
            pending.push_int(n[0]);
            declined.push_int(n[1]);
            accepted.push_int(n[2]);
            enrolled.push_int(n[3]);
        }
    }
    return t;
}

}  // namespace omilcrm
