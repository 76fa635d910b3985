// The Concón office and the companies of the Gulmué industrial park, built from scratch in an
// office database file, then summarised. Usage: concon_demo [path-to-database-file]
#include <omilcrm/http/api.hpp>
#include <omilcrm/omilcrm.hpp>

#include <chrono>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <array>
#include <map>
#include <string>

using namespace omilcrm;

namespace {

struct Company {
    const char* rut;
    const char* legal_name;
    const char* trade_name;
    const char* sector;
    const char* activity;  // CIIU4.CL 2012 (an SII six-digit code for the first: read as its subclass)
    SizeBand size;
    const char* address;
    double lat, lon;
    const char* hours;
    const char* contact;
    const char* role;
    const char* email;
    const char* phone;
};

// Realistic, invented companies of the park (RUTs are valid, the firms are not real).
const Company kPark[] = {
    {"76.086.428-5", "Logística Gulmué SpA", "LogiGulmué", "Logística y bodegaje", "521001", SizeBand::Medium,
     "Calle Los Aromos 120, Parque Industrial Gulmué", -32.9431, -71.4712, "mon-fri 09:00-12:00", "Carolina Fuentes",
     "Jefa de Recursos Humanos", "cfuentes@logigulmue.cl", "9 8765 4321"},
    {"96.512.340-7", "Envases del Pacífico S.A.", "EnvaPac", "Manufactura de envases", "22200", SizeBand::Large,
     "Av. Industrial 455, Parque Industrial Gulmué", -32.9418, -71.4695, "mon-thu 08:30-11:30; fri 08:30-10:30",
     "Rodrigo Saavedra", "Gerente de Personas", "rsaavedra@envapac.cl", "+56 32 281 4400"},
    {"76.231.455-K", "Transportes Concón Ltda.", "TransCon", "Transporte de carga", "49230", SizeBand::Medium,
     "Calle Los Boldos 33, Parque Industrial Gulmué", -32.9447, -71.4738, "mon-fri 14:30-17:30", "Marcela Rojas",
     "Administradora", "mrojas@transcon.cl", "9 7654 3210"},
    {"78.901.234-2", "Metalúrgica Aconcagua SpA", "MetalAcon", "Metalmecánica", "25920", SizeBand::Small,
     "Av. Industrial 890, Parque Industrial Gulmué", -32.9402, -71.4669, "tue,thu 10:00-13:00", "Jorge Valdivia",
     "Dueño", "jvaldivia@metalacon.cl", "9 6543 2109"},
    {"76.543.210-3", "Alimentos Costa Central S.A.", "Costa Central", "Elaboración de alimentos", "10790",
     SizeBand::Large, "Calle Los Peumos 210, Parque Industrial Gulmué", -32.9459, -71.4690, "mon-fri 10:00-12:30",
     "Paula Henríquez", "Jefa de Selección", "phenriquez@costacentral.cl", "(32) 245 7788"},
    {"99.520.000-7", "Químicos Industriales del Sur S.A.", "QuimSur", "Productos químicos", "20110", SizeBand::Medium,
     "Av. Industrial 1020, Parque Industrial Gulmué", -32.9390, -71.4651, "mon,wed,fri 09:30-11:30", "Felipe Muñoz",
     "Prevencionista de Riesgos", "fmunoz@quimsur.cl", "9 5432 1098"},
    {"77.123.987-0", "Maderas Gulmué Ltda.", "", "Aserradero y maderas", "16100", SizeBand::Small,
     "Calle Los Quillayes 75, Parque Industrial Gulmué", -32.9470, -71.4755, "mon-fri 08:00-10:00", "Ana María Tapia",
     "Secretaria de Gerencia", "atapia@maderasgulmue.cl", "9 4321 0987"},
    {"76.890.123-6", "Servicios Eléctricos Litoral SpA", "ElecLitoral", "Servicios eléctricos", "43210",
     SizeBand::Small, "Calle Los Aromos 310, Parque Industrial Gulmué", -32.9425, -71.4725, "mon-fri 15:00-18:00",
     "Cristián Araya", "Jefe de Operaciones", "caraya@eleclitoral.cl", "9 3210 9876"},
    {"96.870.450-8", "Frigorífico Concón S.A.", "FrigoConcón", "Almacenaje refrigerado", "52100", SizeBand::Large,
     "Av. Industrial 1300, Parque Industrial Gulmué", -32.9378, -71.4632, "mon-sat 07:30-10:00", "Daniela Soto",
     "Encargada de Personal", "dsoto@frigoconcon.cl", "+56 9 2109 8765"},
    {"76.011.223-2", "Reciclajes Quinta Región SpA", "ReciQuinta", "Gestión de residuos", "38300", SizeBand::Micro,
     "Calle Los Boldos 150, Parque Industrial Gulmué", -32.9452, -71.4760, "tue-fri 11:00-13:00", "Luis Contreras",
     "Gerente General", "lcontreras@reciquinta.cl", "9 1098 7654"},
};

// A deterministic pseudo-random sequence (the demo prints the same thing on every run).
struct Lcg {
    std::uint64_t state = 20261123;
    unsigned next(unsigned n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<unsigned>((state >> 33) % n);
    }
};

// Cluster meetings every first Thursday and contacts with each company, with the commitments
// that visits raise; most are kept on time. Two companies are neglected from August 2026 on,
// so they show up on the due list. SENCE's regional officer (`sence`, a partner) comes to every
// third meeting («periódicamente acude»). Returns how many interactions were logged.
std::size_t log_a_year(Database& db, Id park, const std::vector<Id>& ids, Id staff, Date from, Date to,
                       std::optional<Id> sence = {}) {
    Lcg rng;
    std::size_t n = 0;
    const auto meets = db.clusters().get(park).meets;
    for (Date d : meets->occurrences(from, to)) {
        std::vector<Id> present;
        for (Id id : db.clusters().members(park, d))
            if (rng.next(4) != 0) present.push_back(id);
        NewClusterMeeting m{.cluster_id = park,
                            .on = d,
                            .at_minute = 9 * 60 + 30,
                            .staff_id = staff,
                            .attended = present,
                            .summary = "Reunión mensual del parque"};
        if (sence && d.month() % 3 == 0)
            m.participants.push_back(
                {.name = "Marcela Fuentes", .role = "Encargada OMIL, Dirección Regional SENCE", .partner_id = sence});
        db.interactions().log_cluster_meeting(m);
        ++n;
    }
    const InteractionKind kinds[] = {InteractionKind::Visit, InteractionKind::PhoneCall, InteractionKind::Email,
                                     InteractionKind::PhoneCall};
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const bool neglected = i == 3 || i == 6;
        Date d = from.add_days(static_cast<int>(i) * 2);
        while (d <= to) {
            if (neglected && d >= Date(2026, 8, 1)) break;
            // Weekends move to the Monday after.
            if (d.weekday() == Weekday::Sat) d = d.add_days(2);
            if (d.weekday() == Weekday::Sun) d = d.add_days(1);
            if (d > to) break;
            {
                const InteractionKind k = kinds[rng.next(4)];
                NewInteraction in{
                    .kind = k,
                    .on = d,
                    .at_minute = 10 * 60 + static_cast<int>(rng.next(6)) * 30,
                    .staff_id = staff,
                    .employer_id = ids[i],
                    .summary = k == InteractionKind::Visit ? "Visita a la empresa" : "Contacto de seguimiento"};
                if (k == InteractionKind::Visit)
                    in.commitments.push_back({.description = "Enviar terna de candidatos", .due = d.add_days(7)});
                const auto logged = db.interactions().log(in);
                ++n;
                // Commitments are kept, most on time, a few late; the last ones are still open.
                for (const auto& c : db.commitments().open({.office_id = logged.office_id, .employer_id = ids[i]}))
                    if (c.due.add_days(5) < d)
                        db.commitments().keep(c.meta.id, c.due.add_days(static_cast<int>(rng.next(7)) - 3));
            }
            // Key accounts every 8-13 days, the others every 10-24.
            const bool key = db.employers().get(ids[i]).segment == "key_account";
            d = d.add_days(key ? 8 + static_cast<int>(rng.next(6)) : 10 + static_cast<int>(rng.next(15)));
        }
    }
    return n;
}

// The park's typical requests through the year, routed by the office's rules and followed up:
// most are solved in time, some late, a few still open. Returns how many were raised.
std::size_t raise_requests(Database& db, Id office, const std::vector<Id>& ids, Id staff, Date from, Date to) {
    struct Kind {
        const char* category;
        const char* note;
        const char* attributes;
    };
    const Kind kinds[] = {
        {"tree_pruning", "Árboles topan el tendido eléctrico frente a la bodega", "trees=3"},
        {"street_lights", "Luminaria apagada en el acceso al parque", ""},
        {"security_patrol", "Ronda de seguridad nocturna: robos en el sector", ""},
        {"garbage_removal", "Microbasural en la berma de la calle", ""},
        {"crosswalk", "Pintar paso de cebra frente a la entrada de trabajadores", ""},
        {"speed_bump", "Camiones pasan rápido: solicitan lomo de toro", ""},
        {"public_works", "Bache en la calzada de la calle Los Aromos", ""},
        {"other", "Consulta por permiso de letrero", ""},
    };
    Lcg rng;
    std::size_t n = 0;
    Id first = 0;
    for (Date d = from; d <= to; d = d.add_days(9 + static_cast<int>(rng.next(8)))) {
        if (d.weekday() == Weekday::Sat || d.weekday() == Weekday::Sun) continue;
        const Kind& k = kinds[rng.next(8)];
        const Id employer = ids[rng.next(static_cast<unsigned>(ids.size()))];
        auto r = db.requests().open({.employer_id = employer,
                                     .category = k.category,
                                     .description = k.note,
                                     .attributes = k.attributes,
                                     .received_on = d,
                                     .staff_id = staff});
        ++n;
        if (!first) first = r.meta.id;
        if (r.in_triage()) {  // "other": the office decides by hand
            r = db.requests().reroute(r.meta.id, db.departments().by_code(office, "dideco")->meta.id, staff,
                                      "Derivada a DIDECO", d.add_days(1));
        }
        // The department works it; most finish before the deadline, some after, the newest are open.
        const Date done = d.add_days(3 + static_cast<int>(rng.next(20)));
        if (done > to) continue;
        db.requests().transition(r.meta.id, RequestStatus::InProgress, staff, "", false, d.add_days(1));
        db.requests().reminded(r.meta.id, staff, "Seguimiento con el departamento", d.add_days(2));
        db.requests().transition(r.meta.id, RequestStatus::Resolved, staff, "Resuelta por el departamento", true, done);
        db.requests().told_employer(r.meta.id, staff, "Se informó a la empresa", done);
    }
    return n;
}

// Companies of Concón outside the park: the office works with them too.
const Company kTown[] = {
    {"76.354.771-K", "Supermercados Costa Concón SpA", "Super Costa", "Comercio", "47110", SizeBand::Medium,
     "Av. Borgoño 21450, Concón", -32.9290, -71.5230, "mon-fri 10:00-13:00", "Sandra Pizarro", "Jefa de Local",
     "spizarro@supercosta.cl", "9 4455 6677"},
    {"76.982.110-4", "Restaurantes del Litoral Ltda.", "Litoral Gourmet", "Gastronomía", "56100", SizeBand::Small,
     "Av. Borgoño 23100, Concón", -32.9345, -71.5302, "tue-sat 11:00-12:30", "Tomás Vidal", "Administrador",
     "tvidal@litoralgourmet.cl", "9 3344 5566"},
    {"77.450.880-5", "Constructora Bahía SpA", "", "Construcción", "41001", SizeBand::Medium,
     "Calle Magallanes 450, Concón", -32.9260, -71.5150, "mon-fri 08:30-10:30", "Pablo Núñez", "Jefe de Obra",
     "pnunez@constructorabahia.cl", "9 2233 4455"},
};

// Who the office registers: job seekers with the occupations the area asks for.
struct Trade {
    const char* occupation;  // ISCO-08 unit group
    const char* title;       // how employers name the job
    const char* skill;
    const char* licence;  // "" = none
};
const Trade kTrades[] = {
    {"9333", "Operario de bodega", "carga y descarga", ""},
    {"8344", "Operador de grúa horquilla", "grua horquilla", "D"},
    {"9329", "Operario de producción", "linea de produccion", ""},
    {"8332", "Conductor de camión", "ruta interurbana", "A5"},
    {"7212", "Soldador", "soldadura mig", ""},
    {"9112", "Auxiliar de aseo", "aseo industrial", ""},
    {"5223", "Reponedor", "atencion de publico", ""},
    {"5120", "Ayudante de cocina", "manipulacion de alimentos", ""},
    {"8160", "Operador de envasadora", "envasado", ""},
    {"7411", "Electricista", "electricidad industrial", "B"},
};

// Registers 80 seekers, then through the year captures the park's and the town's vacancies,
// refers the best-ranked seekers to each, places some, and follows placements up at 30 and 90
// days. Returns how many vacancies were captured.
std::size_t place_a_year(Database& db, FixedClock& clock, Id office, const std::vector<Id>& park,
                         const std::vector<Id>& town, Id staff, Id psychologist, Date from, Date to) {
    static const char* kNames[] = {"Camila",   "Matías", "Valentina", "Benjamín", "Catalina",  "Vicente",
                                   "Fernanda", "Tomás",  "Javiera",   "Diego",    "Constanza", "Felipe"};
    static const char* kSurnames[] = {"González", "Muñoz",     "Rojas", "Díaz",     "Pérez",
                                      "Soto",     "Contreras", "Silva", "Martínez", "Sepúlveda"};
    static const char* kCommunes[] = {"Concón", "Concón", "Concón", "Viña del Mar", "Quintero", "Valparaíso"};
    Lcg rng;
    std::vector<NewJobSeeker> seekers;
    for (int i = 0; i < 80; ++i) {
        const Trade& t = kTrades[rng.next(10)];
        NewJobSeeker s;
        s.office_id = office;
        s.rut = Rut::from_body(static_cast<std::uint32_t>(16000000 + i * 7919)).str();
        s.name = std::string(kNames[rng.next(12)]) + " " + kSurnames[rng.next(10)];
        s.commune = kCommunes[rng.next(6)];
        s.education = rng.next(3) ? EducationLevel::Secondary : EducationLevel::TechnicalSecondary;
        s.experience = {{t.occupation, 6 + static_cast<int>(rng.next(60))}};
        if (rng.next(3) == 0) s.experience.push_back({kTrades[rng.next(10)].occupation, 12});
        s.skills = {t.skill};
        if (*t.licence && rng.next(4)) s.licences = {t.licence};
        if (rng.next(4) == 0) s.shifts = {Shift::Day};
        s.registered_on = from.add_days(-static_cast<int>(rng.next(200)));
        s.consent_on = s.registered_on;
        s.consent_scope = {"intermediation", "programmes", "contact"};
        seekers.push_back(std::move(s));
    }
    db.seekers().add_many(seekers);

    std::size_t captured = 0;
    for (Date month = from; month <= to; month = month.add_months(1)) {
        // Each month: two or three vacancies from the park (at the monthly meeting or on a visit),
        // one or two from the town (by e-mail or on a visit).
        const unsigned n_park = 2 + rng.next(2), n_town = 1 + rng.next(2);
        for (unsigned k = 0; k < n_park + n_town; ++k) {
            const bool in_park = k < n_park;
            const Trade& t = kTrades[rng.next(10)];
            NewVacancy v;
            v.employer_id = in_park ? park[rng.next(static_cast<unsigned>(park.size()))]
                                    : town[rng.next(static_cast<unsigned>(town.size()))];
            v.title = t.title;
            v.occupation = t.occupation;
            v.positions = 1 + static_cast<int>(rng.next(3));
            v.skills = {t.skill};
            if (*t.licence) v.licences = {t.licence};
            v.wage_min = 520000 + 10000 * rng.next(10);
            v.wage_max = *v.wage_min + 100000;
            v.shift = rng.next(5) ? Shift::Day : Shift::Rotating;
            v.channel = in_park ? (k == 0 ? CaptureChannel::ClusterMeeting : CaptureChannel::Visit)
                                : (rng.next(2) ? CaptureChannel::Email : CaptureChannel::Visit);
            v.captured_on = month.add_days(static_cast<int>(rng.next(20)));
            v.captured_by = staff;
            const Vacancy vac = db.vacancies().capture(v);
            ++captured;
            clock.set(FixedClock(vac.captured_on).now());  // matching looks at the vacancy as it is that day
            const auto matches = db.matching().seekers_for(vac.meta.id, static_cast<std::size_t>(vac.positions) + 2);
            // What follows happened over the next weeks; it is recorded as from a day after all of it
            // (nothing may be recorded before it happens).
            clock.set(FixedClock(to.add_days(30)).now());
            // Refer the best-ranked seekers, interview them, and place the ones the employer hires.
            Date day = vac.captured_on.add_days(2);
            int placed = 0;
            for (const auto& m : matches) {
                if (day > to || placed == vac.positions) break;
                const Referral r = db.referrals().refer(m.seeker_id, vac.meta.id, staff, day);
                if (rng.next(4) == 0) {
                    db.referrals().advance(r.meta.id, ReferralStage::Withdrew, staff, day.add_days(3));
                    continue;
                }
                db.referrals().advance(r.meta.id, ReferralStage::Interview, staff, day.add_days(5));
                db.referrals().evaluate(r.meta.id, EvaluationResult::Suitable, psychologist, day.add_days(6));
                const Date start = day.add_days(12);
                if (placed < vac.positions && m.score > 0.6 && start <= to && rng.next(5)) {
                    const Placement p = db.placements().record({.seeker_id = m.seeker_id,
                                                                .vacancy_id = vac.meta.id,
                                                                .start_on = start,
                                                                .recorded_by = staff,
                                                                .recorded_on = day.add_days(8)});
                    ++placed;
                    db.seekers().withdraw(m.seeker_id, start);  // hired: off the active register
                    if (start.add_days(30) <= to)
                        db.placements().follow_up(p.meta.id, 30, rng.next(10) > 0, start.add_days(30), staff);
                    const bool still = db.placements().get(p.meta.id).employed_30.value_or(true);
                    if (still && start.add_days(90) <= to)
                        db.placements().follow_up(p.meta.id, 90, rng.next(5) > 0, start.add_days(90), staff);
                } else {
                    db.referrals().advance(r.meta.id, ReferralStage::NotSelected, staff, day.add_days(9));
                }
                day = day.add_days(1);
            }
        }
    }
    clock.set(FixedClock(to).now());
    return captured;
}

void rule(const char* title) { std::cout << "\n== " << title << " ==\n"; }

// Pads UTF-8 text to a width in characters, not bytes.
std::string pad(std::string_view s, std::size_t width) {
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    return std::string(s) + std::string(chars < width ? width - chars : 1, ' ');
}

}  // namespace

// ---- The Biobío region: three office files consolidated by the regional directorate ----------

constexpr const char* kRegionVideo = "0b8f7a52-3c1d-4e5f-9a6b-7c8d9e0f1a2b";  // the region's video, one UUID

struct BiobioOffice {
    const char* commune;
    const char* name;
    const char* manager;
    int companies;  // employers the office works with
    int showings;   // times it shows the region's video
};

// One office's year in its own file: employers, contacts, a request or two, vacancies and
// placements, and the showings of the region's video.
void write_biobio_office(const std::string& path, const BiobioOffice& spec, Lcg& rng) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    auto clock = std::make_shared<FixedClock>(Date(2026, 11, 20));
    auto db = Database::open(path, {.clock = clock, .mode = OpenMode::Create});
    const Office o = db.offices().add({.name = spec.name, .commune = spec.commune});
    const StaffMember m = db.staff().add({.office_id = o.meta.id,
                                          .name = spec.manager,
                                          .role = StaffRole::TerritorialManager,
                                          .started = Date(2025, 3, 3)});
    db.cadence().add_policy({.office_id = o.meta.id, .interval_days = 45, .name = "contacto cada 45 días"});
    std::vector<Id> employers;
    for (int i = 0; i < spec.companies; ++i) {
        const auto body = static_cast<std::uint32_t>(76100000 + 1000 * static_cast<unsigned>(i) + rng.next(900));
        employers.push_back(db.employers()
                                .add({.office_id = o.meta.id,
                                      .rut = Rut::from_body(body).str(),
                                      .legal_name = "Empresa " + std::to_string(i + 1) + " de " + o.name.substr(5),
                                      .since = Date(2025, 6, 2)})
                                .meta.id);
    }
    for (Date d(2026, 1, 5); d <= Date(2026, 10, 30); d = d.add_days(7 + static_cast<int>(rng.next(10)))) {
        const Id e = employers[rng.next(static_cast<unsigned>(employers.size()))];
        db.interactions().log({.kind = rng.next(3) ? InteractionKind::Visit : InteractionKind::PhoneCall,
                               .on = d,
                               .staff_id = m.meta.id,
                               .employer_id = e,
                               .summary = "Seguimiento"});
        if (rng.next(6) == 0)
            db.requests().open({.employer_id = e,
                                .category = "security_patrol",
                                .description = "Rondas nocturnas",
                                .received_on = d,
                                .staff_id = m.meta.id});
    }
    for (int k = 0; k < spec.companies / 2; ++k) {
        const Date on(2026, 2 + static_cast<unsigned>(k % 9), 10);
        const Vacancy v = db.vacancies().capture({.employer_id = employers[static_cast<std::size_t>(k)],
                                                  .title = "Operario",
                                                  .occupation = "9329",
                                                  .positions = 2,
                                                  .channel = CaptureChannel::Visit,
                                                  .captured_on = on});
        for (int p = 0; p < 1 + static_cast<int>(rng.next(2)); ++p) {
            NewJobSeeker s;
            s.office_id = o.meta.id;
            s.rut = Rut::from_body(static_cast<std::uint32_t>(17000000 + 100 * k + p)).str();
            s.name = "Persona " + std::to_string(k) + "-" + std::to_string(p);
            s.commune = spec.commune;
            s.consent_on = on;
            s.registered_on = on;
            s.consent_scope = {"intermediation"};
            const Id seeker = db.seekers().add(s).meta.id;
            db.placements().record({.seeker_id = seeker,
                                    .vacancy_id = v.meta.id,
                                    .start_on = on.add_days(14),
                                    .recorded_on = on.add_days(10)});
        }
    }
    const OutreachAsset video = db.outreach().add_asset("Video institucional OMIL Biobío", AssetKind::Video,
                                                        "Dirección Regional SENCE Biobío", "", kRegionVideo);
    const Setting settings[] = {Setting::CompanyMeeting, Setting::MunicipalDepartment, Setting::JobFair,
                                Setting::BusinessMeeting};
    for (int i = 0; i < spec.showings; ++i) {
        const Setting s = settings[rng.next(4)];
        db.outreach().record(
            {.asset_id = video.meta.id,
             .office_id = o.meta.id,
             .on = Date(2026, 3 + static_cast<unsigned>(i % 8), 5 + static_cast<unsigned>(i)),
             .setting = s,
             .audience = s == Setting::MunicipalDepartment ? Audience::MunicipalStaff : Audience::Employers,
             .audience_size = s == Setting::JobFair ? 150 : 8 + static_cast<int>(rng.next(20)),
             .employers = {employers[static_cast<std::size_t>(i) % employers.size()]}});
    }
}

void regional_demo(const std::filesystem::path& dir) {
    const BiobioOffice offices[] = {
        {"08101", "OMIL Concepción", "Paula Rivas", 8, 6},
        {"08201", "OMIL Lebu", "Jorge Mella", 4, 1},
        {"08301", "OMIL Los Ángeles", "Andrea Sáez", 6, 3},
    };
    Lcg rng;
    std::filesystem::create_directories(dir);
    std::vector<std::string> files;
    for (const auto& o : offices) {
        files.push_back((dir / (territory::fold(territory::commune(o.commune).name) + ".omilcrm")).string());
        write_biobio_office(files.back(), o, rng);
    }
    const std::string regional_path = (dir / "biobio-region.omilcrm").string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(regional_path + suffix);
    auto db = Database::open(regional_path,
                             {.clock = std::make_shared<FixedClock>(Date(2026, 11, 23)), .mode = OpenMode::Create});
    db.regional().setup("Biobío", "Dirección Regional SENCE Biobío");
    // The region registers its offices; three of them have sent their file so far.
    for (const char* c : {"08101", "08102", "08110", "08201", "08202", "08301", "08303"})
        db.regional().register_office(c);
    db.regional().add_representative("Concepción", "Paula Rivas", "Encargada OMIL Concepción");
    db.regional().add_representative("Arauco", "Jorge Mella", "Encargado OMIL Lebu");
    db.regional().add_representative("Biobío", "Andrea Sáez", "Encargada OMIL Los Ángeles");
    rule("Biobío: the regional directorate consolidates its offices' files");
    for (const auto& f : files) {
        const auto r = db.regional().import_office(f);
        std::cout << "  " << pad(r.office_name, 20) << r.inserted << " records imported from "
                  << std::filesystem::path(f).filename().string() << '\n';
    }
    const auto again = db.regional().import_office(files[0]);
    std::cout << "  Importing " << again.office_name << " again: " << again.inserted << " new, " << again.updated
              << " updated (records are matched by UUID).\n";
    try {
        db.regional().import_office(files[0] + ".missing");
    } catch (const Error& e) {
        std::cout << "  Refused: " << e.what() << '\n';
    }

    const Date y0(2026, 1, 1), y1(2026, 12, 31);
    const auto rep = db.regional().offices_report(y0, y1);
    std::cout << "\n  " << pad("office", 20) << pad("province", 12) << "employers  contacted  requests  vacancies  "
              << "placements  showings\n";
    for (std::size_t i = 0; i < rep.rows(); ++i)
        std::printf("  %s%s%9lld  %9lld  %8lld  %9lld  %10lld  %8lld\n", pad(rep.column("office").texts[i], 20).c_str(),
                    pad(rep.column("province").texts[i], 12).c_str(),
                    static_cast<long long>(rep.column("employers").ints[i]),
                    static_cast<long long>(rep.column("employers_contacted").ints[i]),
                    static_cast<long long>(rep.column("requests").ints[i]),
                    static_cast<long long>(rep.column("vacancies").ints[i]),
                    static_cast<long long>(rep.column("placements").ints[i]),
                    static_cast<long long>(rep.column("showings").ints[i]));
    const auto prov = db.regional().provinces_report(y0, y1);
    std::cout << "\n  By province (share of offices / placements / showings):\n";
    for (std::size_t i = 0; i < prov.rows(); ++i)
        std::printf(
            "  %s%lld offices  %3.0f%% / %3.0f%% / %3.0f%%\n", pad(prov.column("province").texts[i], 12).c_str(),
            static_cast<long long>(prov.column("offices").ints[i]), 100 * prov.column("share_of_offices").reals[i],
            100 * prov.column("share_of_placements").reals[i], 100 * prov.column("share_of_showings").reals[i]);
    std::cout << "  Territorial balance (1 = as even as the offices): placements "
              << prov.metadata().at("placements_balance").substr(0, 4) << ", showings "
              << prov.metadata().at("showings_balance").substr(0, 4) << '\n';

    rule("Catastro of the institutional video, 2026");
    const Id video = db.outreach().assets().front().meta.id;
    const auto cat = db.outreach().catastro(video, y0, y1);
    for (std::size_t i = 0; i < cat.rows(); ++i) {
        if (cat.column("showings").ints[i] == 0) continue;
        std::printf(
            "  %s%lld showings (%lld company meetings, %lld municipal, %lld fairs, %lld business meetings), "
            "audience %lld\n",
            pad(cat.column("office").texts[i], 20).c_str(), static_cast<long long>(cat.column("showings").ints[i]),
            static_cast<long long>(cat.column("company_meeting").ints[i]),
            static_cast<long long>(cat.column("municipal_department").ints[i]),
            static_cast<long long>(cat.column("job_fair").ints[i]),
            static_cast<long long>(cat.column("business_meeting").ints[i]),
            static_cast<long long>(cat.column("audience").ints[i]));
    }
    std::cout << "  Not shown yet:";
    for (const auto& o : db.outreach().offices_without_showings(video, y0, y1)) std::cout << ' ' << o.name << ';';
    std::cout << "\n  Regional database: " << regional_path << '\n';
}

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "concon-demo.omilcrm";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

    try {
        // The story runs on a clock the demo moves forward, so its output is the same on every
        // run: the office starts in March 2023 and "today" is 2026-11-23.
        auto clock = std::make_shared<FixedClock>(Date(2023, 3, 1));
        const Date today(2026, 11, 23);
        auto db = Database::open(path, {.clock = clock, .mode = OpenMode::Create});

        auto office = db.offices().add({.name = "OMIL Concón",
                                        .commune = "concon",
                                        .address = "Santa Laura 567, Concón",
                                        .email = "omil@concon.cl",
                                        .phone = "(32) 238 5400",
                                        .latitude = -32.9236,
                                        .longitude = -71.5197});
        auto head = db.staff().add({.office_id = office.meta.id,
                                    .name = "Patricio Leiva",
                                    .role = StaffRole::Head,
                                    .email = "pleiva@concon.cl",
                                    .started = Date(2021, 3, 1)});
        auto gestora = db.staff().add({.office_id = office.meta.id,
                                       .name = "Verónica Olguín",
                                       .role = StaffRole::TerritorialManager,
                                       .email = "volguin@concon.cl",
                                       .started = Date(2022, 4, 1)});
        auto psychologist = db.staff().add({.office_id = office.meta.id,
                                            .name = "Claudia Bravo",
                                            .role = StaffRole::LaborPsychologist,
                                            .started = Date(2023, 1, 2)});
        db.staff().add({.office_id = office.meta.id,
                        .name = "Javiera Pizarro",
                        .role = StaffRole::Administrative,
                        .started = Date(2023, 8, 16)});

        auto park = db.clusters().add({.office_id = office.meta.id,
                                       .name = "Parque Industrial Gulmué",
                                       .kind = ClusterKind::IndustrialPark,
                                       .meets = Recurrence::monthly(1, Weekday::Thu)});

        // The companies arrive in one bulk call: one transaction, one prepared statement.
        std::vector<NewEmployer> rows;
        for (const auto& c : kPark) {
            rows.push_back({.rut = c.rut,
                            .legal_name = c.legal_name,
                            .trade_name = c.trade_name,
                            .sector = c.sector,
                            .activity = c.activity,
                            .size = c.size,
                            .address = c.address,
                            .latitude = c.lat,
                            .longitude = c.lon,
                            .visiting_hours = parse_visiting_hours(c.hours),
                            .status = EmployerStatus::Active,
                            .owner_id = gestora.meta.id,
                            .cluster_id = park.meta.id,
                            .joined = Date(2023, 3, 1),
                            .segment = c.size == SizeBand::Large ? "key_account" : ""});
        }
        // Most came with the park; the mayor asked the office to visit the last one.
        for (auto& r : rows) r.lead_source = LeadSource::Cluster;
        rows.back().lead_source = LeadSource::MayorsOffice;
        rows.back().lead_detail = "Gabinete del alcalde";
        const auto ids = db.employers().add_many(rows);
        std::optional<Contact> representative;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const auto& c = kPark[i];
            auto contact = db.contacts().add({.employer_id = ids[i],
                                              .name = c.contact,
                                              .role = c.role,
                                              .email = c.email,
                                              .phone = c.phone,
                                              .primary = true});
            if (i == 1) representative = contact;
        }
        db.clusters().set_representative(park.meta.id, representative->meta.id);

        clock->set(FixedClock(Date(2026, 9, 1)).now());
        // One company left the park in September; it stays an employer of the office.
        db.clusters().remove_member(park.meta.id, ids[9], Date(2026, 9, 1));

        // Contact cadence: every company at least monthly, key accounts every two weeks, and a
        // visit in person every quarter (only visits count for that one).
        db.cadence().add_policy({.office_id = office.meta.id, .interval_days = 30, .name = "contacto mensual"});
        db.cadence().add_policy({.office_id = office.meta.id,
                                 .scope = PolicyScope::Segment,
                                 .segment = "key_account",
                                 .interval_days = 14,
                                 .name = "cuentas clave: quincenal"});
        db.cadence().add_policy({.office_id = office.meta.id,
                                 .track = "visit",
                                 .interval_days = 90,
                                 .kinds = {InteractionKind::Visit},
                                 .name = "visita trimestral"});

        // The partner institutions: SENCE's regional directorate, whose officer comes to the park's
        // meetings, and the university that co-hosts the job fair.
        const Partner sence = db.partners().add({.office_id = office.meta.id,
                                                 .name = "SENCE Dirección Regional de Valparaíso",
                                                 .kind = PartnerKind::PublicService,
                                                 .contact_name = "Marcela Fuentes",
                                                 .email = "mfuentes@sence.cl",
                                                 .commune = "Valparaíso"});
        const Partner utfsm = db.partners().add({.office_id = office.meta.id,
                                                 .name = "Universidad Técnica Federico Santa María",
                                                 .kind = PartnerKind::University,
                                                 .contact_name = "Dirección de Vinculación con el Medio",
                                                 .commune = "Valparaíso"});

        // A year of relationship, until the territorial manager leaves at the end of October.
        clock->set(FixedClock(Date(2026, 10, 31)).now());
        const auto logged =
            log_a_year(db, park.meta.id, ids, gestora.meta.id, Date(2025, 11, 1), Date(2026, 10, 31), sence.meta.id);

        // The park's requests to the municipality through the same year.
        const auto requests_raised =
            raise_requests(db, office.meta.id, ids, gestora.meta.id, Date(2025, 11, 3), Date(2026, 10, 30));

        // Companies of the town outside the park, and a year of vacancies, referrals and placements.
        std::vector<NewEmployer> town_rows;
        for (const auto& c : kTown)
            town_rows.push_back({.office_id = office.meta.id,
                                 .rut = c.rut,
                                 .legal_name = c.legal_name,
                                 .trade_name = c.trade_name,
                                 .sector = c.sector,
                                 .activity = c.activity,
                                 .size = c.size,
                                 .address = c.address,
                                 .latitude = c.lat,
                                 .longitude = c.lon,
                                 .visiting_hours = parse_visiting_hours(c.hours),
                                 .status = EmployerStatus::Active,
                                 .owner_id = gestora.meta.id,
                                 .since = Date(2025, 6, 1)});
        const auto town = db.employers().add_many(town_rows);
        const auto vacancies_captured = place_a_year(db, *clock, office.meta.id, ids, town, gestora.meta.id,
                                                     psychologist.meta.id, Date(2025, 11, 1), Date(2026, 10, 31));
        const auto offer = db.programmes().offer(office.meta.id, "impulsa_personas", ids[1], std::nullopt,
                                                 gestora.meta.id, Date(2026, 5, 7), "Capacitación en grúa horquilla");
        db.programmes().record_outcome(offer.meta.id, OfferOutcome::Enrolled, Date(2026, 6, 2));

        // Bad input is refused with a clear message, and nothing changes.
        try {
            db.employers().add(
                {.office_id = office.meta.id, .rut = "76.086.428-4", .legal_name = "Empresa con RUT mal escrito"});
        } catch (const ValidationError& e) {
            std::cout << "Refused: " << e.what() << '\n';
        }
        try {
            db.employers().add(
                {.office_id = office.meta.id, .rut = "76086428-5", .legal_name = "Logística Gulmué (duplicada)"});
        } catch (const Conflict& e) {
            std::cout << "Refused: " << e.what() << '\n';
        }

        clock->set(FixedClock(Date(2026, 11, 2)).now());
        // The territorial manager leaves; her whole portfolio goes to the head in one step.
        auto nuevo = db.staff().add({.office_id = office.meta.id,
                                     .name = "Ignacio Cortés",
                                     .role = StaffRole::TerritorialManager,
                                     .started = Date(2026, 11, 2)});
        db.staff().leave(gestora.meta.id, Date(2026, 11, 1));
        const auto moved = db.portfolio().hand_over(gestora.meta.id, nuevo.meta.id, Date(2026, 11, 2),
                                                    "contrato a honorarios terminó");

        // The new territorial manager takes up the relationship.
        clock->set(FixedClock(Date(2026, 11, 20)).now());
        const auto logged_after =
            log_a_year(db, park.meta.id, ids, nuevo.meta.id, Date(2026, 11, 2), Date(2026, 11, 20));

        clock->set(FixedClock(today).now());
        // ---- Summary -------------------------------------------------------------------
        const auto& commune = territory::commune(office.commune_code);
        const auto& province = territory::province(commune.province_code);
        const auto& region = territory::region(commune.region_code);
        rule("Office");
        std::cout << office.name << " - " << commune.name << " (" << commune.code << "), provincia de " << province.name
                  << ", " << region.name << "\n";
        std::cout << "Database file: " << path << " (schema version " << db.schema_version() << ")\n";

        rule("Staff");
        for (const auto& m : db.staff().list(office.meta.id)) {
            std::cout << "  " << m.name << " - " << to_string(m.role) << ", since " << m.started.iso();
            if (m.left) std::cout << ", left " << m.left->iso();
            std::cout << '\n';
        }
        (void)head;

        rule("Parque Industrial Gulmué");
        const auto cluster = db.clusters().get(park.meta.id);
        const auto rep = db.contacts().get(*cluster.representative_id);
        const auto rep_employer = db.employers().get(rep.employer_id);
        std::cout << "Meets on the " << cluster.meets->describe() << "; next meetings: ";
        for (const auto& d : db.clusters().meetings(park.meta.id, today, today.add_months(3)))
            std::cout << d.iso() << ' ';
        std::cout << "\nRepresentative: " << rep.name << " (" << rep.role << ", " << rep_employer.display_name()
                  << ")\n";
        {
            // A call from a number half remembered ("...8765 43"): who is it, and of which company?
            const std::string heard =
                rep.phone.substr(rep.phone.size() - 6, 4) + " " + rep.phone.substr(rep.phone.size() - 2);
            const Table who = db.contacts().search(office.meta.id, heard);
            std::cout << "Contacts found by \"" << heard << "\": ";
            for (std::size_t i = 0; i < who.rows(); ++i)
                std::cout << (i ? "; " : "") << who.column("name").texts[i] << " (" << who.column("employer").texts[i]
                          << ")";
            std::cout << '\n';
        }
        const auto members = db.clusters().members(park.meta.id, today);
        std::cout << members.size() << " member companies today (" << ids.size() << " when the park joined in 2023):\n";
        for (Id id : members) {
            const auto e = db.employers().get(id);
            const auto p = db.contacts().primary(id);
            std::cout << "  " << pad(e.rut.str(), 14) << pad(e.legal_name, 36) << pad(to_string(e.visiting_hours), 38)
                      << (p ? p->phone : "") << '\n';
        }

        rule("Portfolio");
        std::cout << moved << " employers handed over from " << gestora.name << " to " << nuevo.name
                  << " on 2026-11-02.\n";
        const auto history = db.portfolio().history(ids[0]);
        std::cout << "Owners of " << db.employers().get(ids[0]).display_name() << ":\n";
        for (const auto& o : history)
            std::cout << "  " << db.staff().get(o.staff_id).name << " from " << o.from.iso()
                      << (o.to ? " to " + o.to->iso() : std::string(" (current)")) << " - " << o.reason << '\n';

        rule("Relationship");
        std::cout << logged + logged_after
                  << " interactions logged from 2025-11-01 (cluster meetings, visits, calls, e-mails).\n";
        const auto compliance = db.cadence().compliance(office.meta.id, Date(2026, 1, 1), Date(2026, 10, 31));
        for (const auto& r : compliance)
            std::cout << "  contact cadence kept Jan-Oct 2026, " << r.group << ' ' << r.name << ": " << r.complied
                      << " of " << r.employers << " employers (" << static_cast<int>(r.share() * 100 + 0.5) << "%)\n";

        rule("Due for contact today (2026-11-23), most overdue first");
        std::map<Id, std::string> names;
        for (const auto& e : db.employers().list(office.meta.id)) names[e.meta.id] = e.display_name();
        for (const auto& d : db.cadence().due(office.meta.id, today)) {
            std::cout << "  " << pad(names[d.employer_id], 18) << "last contact "
                      << (d.last_contact ? d.last_contact->iso() : std::string("never     ")) << ", due " << d.due.iso()
                      << ", " << d.days_overdue << " days overdue (" << d.policy_name << ")\n";
        }
        const auto visits_due = db.cadence().due(office.meta.id, today, {.track = "visit"});
        std::cout << visits_due.size() << " companies are also due for their quarterly visit.\n";

        rule("Open commitments past their due date");
        for (const auto& c : db.commitments().overdue({.office_id = office.meta.id}, today))
            std::cout << "  " << c.due.iso() << "  " << pad(names[c.employer_id], 18) << c.description
                      << " (a cargo de " << db.staff().get(c.owner_id).name << ")\n";

        const Date tomorrow = today.add_days(1);
        rule("Tomorrow's visit plan (Tuesday 2026-11-24, no vehicle, 09:00-14:00)");
        const auto plan = db.planner().plan_day(
            {.staff_id = nuevo.meta.id, .day = tomorrow, .max_working_minutes = 5 * 60, .must_visit = {ids[3]}});
        for (const auto& st : plan.stops) {
            const auto e = db.employers().get(st.employer_id);
            std::printf("  %02d:%02d-%02d:%02d  %s(%d min on the way; open %s)\n", st.start_minute / 60,
                        st.start_minute % 60, st.depart_minute / 60, st.depart_minute % 60,
                        pad(e.display_name(), 18).c_str(), st.travel_minutes, to_string(e.visiting_hours).c_str());
        }
        std::printf("  back at the office at %02d:%02d, %.1f km on foot and by bus\n", plan.end_minute / 60,
                    plan.end_minute % 60, plan.travel_km);
        for (const auto& l : plan.left_out)
            std::cout << "  left out: " << names[l.employer_id] << " - " << planner::to_string(l.reason) << '\n';
        db.planner().save(nuevo.meta.id, tomorrow, plan);

        const auto ics_path = std::filesystem::path(path).replace_extension(".ics");
        {
            std::ofstream ics(ics_path, std::ios::binary);
            ics << db.calendar().ics({.office_id = office.meta.id, .from = today, .to = today.add_months(2)});
        }
        const auto events =
            db.calendar().events({.office_id = office.meta.id, .from = today, .to = today.add_months(2)});
        std::cout << "\nOffice calendar written to " << ics_path.string() << " (" << events.size()
                  << " events: visits, park meetings, commitments), ready to subscribe to.\n";

        rule("Service requests to the municipality");
        std::cout << requests_raised << " requests raised by the park's companies from 2025-11-03 to 2026-10-30.\n";
        const auto open = db.requests().open_by_department(office.meta.id, today);
        std::cout << "Open today, by department:\n";
        for (std::size_t i = 0; i < open.rows(); ++i)
            if (open.column("open").ints[i] > 0)
                std::cout << "  " << pad(open.column("department").texts[i], 48) << open.column("open").ints[i]
                          << " open, " << open.column("overdue").ints[i] << " overdue, oldest "
                          << open.column("oldest_age_days").ints[i] << " days\n";
        const auto compliance_r =
            db.requests().deadline_compliance(office.meta.id, Date(2025, 11, 1), Date(2026, 10, 31));
        std::map<std::string, std::array<std::int64_t, 3>> per_department;  // received, resolved, on time
        for (std::size_t i = 0; i < compliance_r.rows(); ++i) {
            auto& a = per_department[std::string(compliance_r.column("department").texts[i])];
            a[0] += compliance_r.column("received").ints[i];
            a[1] += compliance_r.column("resolved").ints[i];
            a[2] += compliance_r.column("resolved_on_time").ints[i];
        }
        std::cout << "Resolved in the year, by department (on time = by the business-day deadline):\n";
        for (const auto& [name, a] : per_department)
            std::cout << "  " << pad(name, 48) << a[1] << " of " << a[0] << " resolved, " << a[2] << " on time\n";

        // Nothing waits for the deadline: a pruning request received today gets a check-in with Aseo
        // y Ornato before it is due, and the outbox reminds whoever follows it on that day.
        {
            const ServiceRequest poda = db.requests().open({.employer_id = ids[0],
                                                            .category = "tree_pruning",
                                                            .description = "Ramas sobre el cierre perimetral",
                                                            .attributes = "trees=2",
                                                            .staff_id = nuevo.meta.id});
            const CheckIn checkin = db.checkins().of_request(poda.meta.id).at(0);
            std::cout << "A pruning request received today for " << db.employers().get(ids[0]).display_name()
                      << " is due " << poda.due_on->iso() << ": a check-in with "
                      << db.departments().get(checkin.department_id).name << " is scheduled for "
                      << checkin.due_on.iso() << " (" << db.checkins().days_before(office.meta.id)
                      << " business days before), followed by "
                      << (checkin.staff_id ? db.staff().get(*checkin.staff_id).name : std::string("nobody")) << ".\n";
        }

        // Deadlines in any year: the holidays come from the laws; past the years whose elections and
        // one-off holidays are known, the days counted are reported as unconfirmed.
        const HolidayCalendar holidays = db.requests().holidays(office.meta.id);
        const Deadline lights = deadline(holidays, Date(2028, 6, 22), 5);
        std::cout << "A street-light request received Thursday 2028-06-22 (5 business days) is due " << lights.due.iso()
                  << " (" << holidays.holiday(Date(2028, 6, 26))->name << " falls on Monday 26); "
                  << lights.unconfirmed.size() << " of its days are past the known elections and one-off holidays.\n";
        // A RUT pasted from a spreadsheet cell: no-break spaces, an en dash and a newline.
        std::cout << "A RUT pasted as \"\\u00a076.086.428\\u20135\\n\" reads as "
                  << Rut("\u00a076.086.428\u20135\n").str() << ".\n";

        // A municipal 311 tool files a request as it would at /open311/v2/requests.xml (omilcrm serve).
        const Open311Response filed =
            db.open311().create(office.meta.id,
                                open311::parse_form("service_code=street_lights&lat=-32.9291&long=-71.5194&"
                                                    "description=Luminaria+apagada+frente+al+port%C3%B3n"),
                                Open311Format::Xml);
        std::cout << "Open311 GeoReport v2 (served at /open311/v2/): a 311 tool files a street-light request, "
                  << filed.status << ":\n  " << filed.body.substr(filed.body.find('\n') + 1) << "\n";

        rule("Vacancies and placements, November 2025 - October 2026");
        const Date y0(2025, 11, 1), y1(2026, 10, 31);
        const auto funnel = db.reports().funnel(office.meta.id, y0, y1);
        std::int64_t totals[5] = {0, 0, 0, 0, 0};
        const char* funnel_columns[] = {"vacancies", "positions", "referrals", "interviews", "hires"};
        for (int c = 0; c < 5; ++c)
            for (auto v : funnel.column(funnel_columns[c]).ints) totals[c] += v;
        std::cout << vacancies_captured << " vacancies captured (" << totals[1] << " positions), " << totals[2]
                  << " referrals, " << totals[3] << " interviews, " << totals[4] << " hires.\n";
        auto fill = db.reports().time_to_fill(office.meta.id, y0, y1).column("days_to_fill").ints;
        if (!fill.empty()) {
            std::sort(fill.begin(), fill.end());
            std::cout << fill.size() << " vacancies filled; median time to fill " << fill[fill.size() / 2]
                      << " days.\n";
        }
        const auto share = db.reports().cluster_share(office.meta.id, y0, y1);
        std::cout << "Placements by cluster (membership on the start date):\n";
        for (std::size_t i = 0; i < share.rows(); ++i)
            std::cout << "  " << pad(share.column("cluster").texts[i], 28) << share.column("placements").ints[i]
                      << " placements, " << static_cast<int>(share.column("share").reals[i] * 100 + 0.5) << "%\n";
        const auto channels = db.reports().placements_by_channel(office.meta.id, y0, y1);
        std::cout << "Placements by how the vacancy was captured:";
        for (std::size_t i = 0; i < channels.rows(); ++i)
            std::cout << ' ' << channels.column("channel").texts[i] << ' ' << channels.column("placements").ints[i];
        const auto retention = db.reports().retention(office.meta.id, y0, y1, today);
        std::int64_t checked = 0, kept = 0;
        for (std::size_t i = 0; i < retention.rows(); ++i) {
            checked += retention.column("checked_90").ints[i];
            kept += retention.column("employed_90").ints[i];
        }
        std::cout << "\n90-day retention: " << kept << " of " << checked << " checked still employed.\n";
        std::cout << db.placements().checks_due(office.meta.id, today).size() << " follow-up calls due today.\n";

        rule("The gradual approach: employers by stage, and who gives back");
        const auto by_stage = db.relationships().funnel(office.meta.id, today);
        std::cout << "  " << pad("", 28);
        for (auto stage : enum_names<RelationshipStage>()) std::cout << pad(std::string(stage), 18);
        std::cout << '\n';
        for (std::size_t i = 0; i < by_stage.rows(); ++i) {
            std::cout << "  " << pad(by_stage.column("cluster").texts[i], 28);
            for (auto stage : enum_names<RelationshipStage>())
                std::cout << pad(std::to_string(by_stage.column(stage).ints[i]), 18);
            std::cout << '\n';
        }
        const auto given = db.relationships().reciprocity(office.meta.id, y0, y1);
        std::cout << "Served by the municipality, no vacancy or hire back yet:";
        std::size_t served_only = 0;
        for (std::size_t i = 0; i < given.rows(); ++i)
            if (given.column("served_only").ints[i]) {
                std::cout << (served_only++ ? ", " : " ") << given.column("employer").texts[i];
            }
        std::cout << (served_only ? "\n" : " none\n");
        const auto back = db.relationships().leads(office.meta.id, LeadSource::MayorsOffice, today);
        for (std::size_t i = 0; i < back.rows(); ++i)
            std::cout << "Referred by the mayor's office: " << back.column("employer").texts[i] << ", now "
                      << back.column("stage").texts[i] << " (" << back.column("resolved").ints[i]
                      << " requests resolved, " << back.column("vacancies").ints[i] << " vacancies, "
                      << back.column("hires").ints[i] << " hires)\n";
        const auto load = db.workload().staff(office.meta.id, today);
        std::cout << "Workload today:\n";
        for (std::size_t i = 0; i < load.rows(); ++i)
            std::cout << "  " << pad(load.column("staff").texts[i], 22) << load.column("employers").ints[i]
                      << " employers, " << load.column("due_contacts").ints[i] << " contacts due, "
                      << load.column("open_commitments").ints[i] << " open commitments ("
                      << load.column("overdue_commitments").ints[i] << " overdue), "
                      << load.column("open_requests").ints[i] << " open requests\n";

        rule("A vacancy captured today, and who fits it");
        NewVacancy fresh{.employer_id = ids[0],
                         .title = "Operador de grúa horquilla",
                         .occupation = "8344",
                         .positions = 2,
                         .description = "Turno de día en bodega de LogiGulmué.",
                         .wage_min = 650000,
                         .wage_max = 750000,
                         .licences = {"D"},
                         .skills = {"grúa horquilla"},
                         .channel = CaptureChannel::Visit,
                         .captured_by = nuevo.meta.id};
        const auto vac = db.vacancies().capture(fresh);
        std::cout << vac.title << " (ISCO " << vac.occupation << " " << isco::occupation(vac.occupation).label << "), "
                  << vac.positions << " positions, " << to_string(vac.status) << " until " << vac.valid_through.iso()
                  << ".\n";
        const auto best = db.matching().seekers_for(vac.meta.id, 3);
        for (std::size_t i = 0; i < best.size(); ++i) {
            std::printf("  #%zu seeker %llu, score %.2f\n", i + 1, static_cast<unsigned long long>(best[i].seeker_id),
                        best[i].score);
            for (const auto& f : best[i].factors)
                if (f.score < 1.0) std::cout << "      " << pad(f.name, 13) << f.explanation << '\n';
        }
        const auto posting = db.vacancies().job_posting(vac.meta.id);
        const auto json_path = std::filesystem::path(path).replace_extension(".jobposting.json");
        std::ofstream(json_path, std::ios::binary) << posting;
        std::cout << "schema.org JobPosting for job boards written to " << json_path.string() << " (" << posting.size()
                  << " bytes, no seeker data).\n";

        rule("Employers by economic activity (CIIU4.CL 2012 section)");
        {
            std::map<std::string, int> by_section;
            const auto employers = db.employers().table(office.meta.id);
            const auto& section = employers.column("activity_section");
            for (std::size_t i = 0; i < employers.rows(); ++i)
                if (!section.texts[i].empty()) ++by_section[std::string(section.texts[i])];
            for (const auto& [letter, n] : by_section)
                std::cout << "  " << letter << "  " << pad(std::to_string(n), 4) << ciiu::activity(letter).label
                          << '\n';
        }

        rule("Employers by size");
        std::map<std::string, int> by_size;
        const auto table = db.employers().table(office.meta.id);
        const auto& size = table.column("size");
        for (std::size_t i = 0; i < table.rows(); ++i) ++by_size[std::string(size.texts[i])];
        for (const auto& [band, n] : by_size) std::cout << "  " << band << ": " << n << '\n';

        rule("The spreadsheets the office kept before");
        {
            // The park's old vacancy sheet as Excel saves it in Chile: Latin-1, semicolons, mixed
            // RUT formats, a blank line and two bad rows.
            const std::string sheet =
                "RUT;Cargo;C\xF3"
                "digo ISCO;Vacantes;Jornada;Turno;Renta m\xEDnima;Fecha captaci\xF3n;Vigencia\r\n"
                "76086428-5;Bodeguero;9333;2;Jornada completa;Diurno;$520.000;02-03-2026;30-04-2026\r\n"
                "\r\n"
                "76.086.428-5;Gr\xFA"
                "ero;8344;1;Completa;Rotativo;a convenir;03-03-2026;\r\n"
                "99.999.999-1;Soldador;7212;1;Completa;Diurno;700000;04-03-2026;\r\n";
            const auto doc = csv::parse(sheet);
            const auto dry = db.imports().vacancies(doc, {.office_id = office.meta.id, .dry_run = true});
            std::cout << "vacantes.csv (" << to_string(doc.encoding) << ", '" << doc.delimiter << "'): " << dry.rows
                      << " rows checked, nothing written; " << dry.problems.size() << " to fix:\n";
            for (const auto& p : dry.problems)
                std::cout << "  line " << p.line << ", " << p.column << " \"" << p.value << "\": " << p.why << '\n';
            const auto done = db.imports().vacancies(doc, {.office_id = office.meta.id, .skip_invalid = true});
            std::cout << "imported with skip-invalid: " << done.created << " new; the rejected rows, with a problem "
                      << "column, are ready to fix and import again.\n";
            const auto export_path = std::filesystem::path(path).replace_extension(".vacantes.csv");
            std::ofstream out(export_path, std::ios::binary);
            const Table vacancies = db.imports().export_rows("vacancies", office.meta.id);
            vacancies.write_csv(out);
            std::cout << vacancies.rows() << " vacancies exported to " << export_path.string()
                      << " in the columns the import reads (import it elsewhere, export again: the same file).\n";
        }

        rule("Two people, one file");
        {
            // Javiera, the administrative assistant, has the file open too: one Database each.
            auto javiera = Database::open(path, {.clock = clock, .busy_timeout = std::chrono::milliseconds(200)});
            auto tx = db.transaction();  // Verónica's changes, not committed yet: she holds the write lock
            db.employers().update(ids[0], {.notes = std::string("Visitar antes de fin de mes")});
            try {
                javiera.employers().update(ids[0], {.sector = std::string("Logística y bodegaje")});
            } catch (const StorageBusy&) {
                std::cout << "Javiera's change waited 0.2 s for Verónica's transaction, then was refused whole "
                             "(StorageBusy); she can still read: "
                          << javiera.employers().get(ids[0]).legal_name << ".\n";
            }
            tx.commit();
            javiera.employers().update(ids[0], {.sector = std::string("Logística y bodegaje")});
            const auto both = db.employers().get(ids[0]);
            std::cout << "After the commit she tries again; both changes are kept: notes \"" << both.notes
                      << "\", sector \"" << both.sector << "\".\n";
            // A seeker's profile is for everyone; the person behind it only with a purpose, logged.
            const Id seeker = best.front().seeker_id;
            const bool hidden = db.seekers().get(seeker).name.empty();
            const auto person = db.seekers().personal(
                seeker, "intermediation: citar a entrevista, operador de grúa horquilla", psychologist.meta.id);
            std::cout << "Seeker " << seeker << "'s profile carries no name (" << (hidden ? "hidden" : "shown")
                      << "); Claudia reads it to call them (" << (person.name.empty() ? "none" : "a name")
                      << "), and the reading is logged: " << db.seekers().exports(office.meta.id).rows()
                      << " personal-data reading(s) on record.\n";
            // Ximena, the analyst, reads the same file with nothing able to write to it; and a
            // mistyped name is refused rather than made into an empty office whose figures are 0.
            auto analyst = Database::open(path, {.clock = clock, .mode = OpenMode::ReadOnly});
            std::cout << "Ximena, the analyst, opens it read-only: " << analyst.employers().count(office.meta.id)
                      << " employers to read, and nothing she runs can change the file.\n";
            const std::string typo = path.substr(0, path.size() - 1);  // "concon-demo.omilcr"
            try {
                Database::open(typo, {.clock = clock});
            } catch (const StorageError& e) {
                std::cout << "A mistyped name: " << e.what() << "; nothing was created ("
                          << (std::filesystem::exists(typo) ? "a file appeared!" : "no file") << ").\n";
            }
        }

        rule("A person's rights (Ley 21.719): access, blocking, erasure");
        {
            // One of the people just matched asks what the office holds about them.
            const Id person = best.back().seeker_id;
            auto& rights = db.data_rights();
            const auto asked = rights.receive({.seeker_id = person,
                                               .kind = RightKind::Access,
                                               .detail = "Quiere saber a qué empresas se envió su currículum",
                                               .verified_by = head.meta.id,
                                               .verification = "cédula de identidad presentada en la oficina"});
            std::cout << "Seeker " << person << " asks for access today; the office must answer by "
                      << asked.due_on.iso() << " (30 calendar days, extendable once).\n";
            const SubjectAccess answer = rights.access(person, head.meta.id);
            std::size_t employers = 0;
            for (const auto& r : answer.recipients) employers += r.kind == "employer" ? 1 : 0;
            const auto doc_path = std::filesystem::path(path).replace_extension(".acceso.html");
            std::ofstream(doc_path, std::ios::binary) << access_document(answer);
            rights.answer(asked.meta.id, "Entregada en la oficina", head.meta.id);
            std::cout << "The answer lists " << answer.consents.size() << " consent(s), " << answer.purposes.size()
                      << " purposes and " << employers << " employer(s) that received the profile; written for "
                      << "the person to " << doc_path.string() << ".\n";
            // While a rectification is checked, the person's data is blocked: out of matching.
            const auto block = rights.restrict({.seeker_id = person,
                                                .kind = RestrictionKind::Blocking,
                                                .reason = "Pidió rectificar su experiencia",
                                                .staff_id = head.meta.id});
            std::size_t still = 0;
            for (const auto& m : db.matching().seekers_for(vac.meta.id, 3)) still += m.seeker_id == person ? 1 : 0;
            std::cout << "Blocked from today (restriction " << block.meta.id << "): matched for the vacancy "
                      << (still ? "still" : "no longer") << "; referrals and exports leave them out too.\n";
            const auto gone = rights.erase(person, head.meta.id);
            std::cout << "Then they ask to be erased: "
                      << (gone.erased ? std::string("personal data removed for good; the anonymous profile keeps "
                                                    "the office's figures true.")
                                      : "refused, " + gone.reason + ".")
                      << "\n";
        }

        rule("Partner institutions, and consent to appear in the region's video");
        {
            // The university co-hosts the fair; SENCE is invited and comes with two people.
            const Event fair = db.events().add({.office_id = office.meta.id,
                                                .kind = EventKind::JobFair,
                                                .title = "Feria laboral Concón 2026",
                                                .on = Date(2026, 10, 15),
                                                .place = "Casino de la USM, Viña del Mar",
                                                .staff_id = head.meta.id,
                                                .partner_hosts = {utfsm.meta.id}});
            db.events().invite_partners(fair.meta.id, {sence.meta.id});
            db.events().partner_attended(fair.meta.id, sence.meta.id, 2);
            const auto with_sence = db.partners().interactions(sence.meta.id, Date(2025, 11, 1), today);
            std::cout << sence.name << ": at " << with_sence.size() << " of the park's meetings this year";
            if (!with_sence.empty()) std::cout << ", the last on " << with_sence.front().on.iso();
            std::cout << ".\n";
            const Table report = db.partners().report(office.meta.id, Date(2025, 11, 1), today);
            for (std::size_t i = 0; i < report.rows(); ++i)
                if (report.column("partners").ints[i] > 0 && report.column("kind").texts[i] != "total")
                    std::cout << "  " << report.column("kind").texts[i] << ": " << report.column("partners").ints[i]
                              << " partner(s), events co-hosted " << report.column("events_co_hosted").ints[i]
                              << ", attended " << report.column("events_attended").ints[i] << ", interactions "
                              << report.column("interactions").ints[i] << '\n';

            // A placed seeker agrees to appear in the region's video: their consent now covers
            // image, and the video records that they appear in it.
            // Hired, so off the job bank's register: their consent to appear stands all the same.
            std::optional<JobSeeker> placed;
            if (const auto all = db.placements().list(office.meta.id); !all.empty())
                placed = db.seekers().get(all.front().seeker_id);
            const OutreachAsset video =
                db.outreach().add_asset("Video institucional OMIL (Dirección Regional)", AssetKind::Video, "SENCE");
            if (placed) {
                const JobSeeker s = *placed;
                std::vector<std::string> scope = s.consent_scope;
                scope.push_back("image");
                db.seekers().renew_consent(s.meta.id, today, scope);
                const AssetAppearance a =
                    db.outreach().add_appearance({.asset_id = video.meta.id, .seeker_id = s.meta.id});
                std::cout << "Seeker " << s.meta.id << ", placed, appears in the video (consent of "
                          << a.consent_on.iso() << ", scope " << to_string(a.scope) << ").\n";
                // Should they take it back, the video is flagged and not shown again until re-edited.
                db.seekers().renew_consent(s.meta.id, today, s.consent_scope);
                std::cout << "If the consent is withdrawn: " << db.outreach().lapsed_appearances(office.meta.id).size()
                          << " appearance lapsed; a new showing is refused until the video is re-edited.\n";
                db.seekers().renew_consent(s.meta.id, today, scope);
            }
        }

        rule("The office on the web: the HTTP API (omilcrm serve)");
        {
            // What `omilcrm serve` runs, called here without sockets: a request in, a response out.
            // Each of Ignacio and Patricio signs in with a token of their own; the secret is
            // shown once and only its hash is kept.
            const std::string ignacio_token = db.access().create({.staff_id = nuevo.meta.id}).secret;
            const std::string patricio_token = db.access().create({.staff_id = head.meta.id}).secret;
            http::Api api({.database = path, .open = {.clock = clock}});
            const auto call = [&](std::string method, std::string target, const std::string& token,
                                  std::string body = {}, http::Headers headers = {}) {
                headers.emplace_back("Authorization", "Bearer " + token);
                if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
                return api.handle({.method = std::move(method),
                                   .target = std::move(target),
                                   .headers = std::move(headers),
                                   .body = std::move(body)});
            };
            const auto page = parse_json(call("GET", "/v1/employers?q=gulmue&limit=3", ignacio_token).body);
            std::cout << "GET /v1/employers?q=gulmue&limit=3: " << page.at("items").as_array().size() << " of "
                      << page.at("total").as_int64() << " employers, as JSON.\n";
            std::cout << "Without a token: " << api.handle({.method = "GET", .target = "/v1/employers"}).status
                      << "; an employer the office does not have: "
                      << call("GET", "/v1/employers/999999", ignacio_token).status
                      << " (another office's answers the same: ids do not leak).\n";
            // Two people edit the same employer from the same version: the second edit is refused.
            const std::string url = "/v1/employers/" + std::to_string(ids[1]);
            const std::string etag(call("GET", url, ignacio_token).header("ETag"));
            const auto first =
                call("PATCH", url, ignacio_token, R"({"notes": "Enviar perfiles el lunes"})", {{"If-Match", etag}});
            const auto second =
                call("PATCH", url, patricio_token, R"({"notes": "Llamar a gerencia"})", {{"If-Match", etag}});
            std::cout << "Ignacio saves with If-Match: " << first.status
                      << "; Patricio, from the same version: " << second.status << ", so nothing is lost: notes \""
                      << db.employers().get(ids[1]).notes << "\".\n";
            std::cout << "The audit: " << db.access().audit(office.meta.id).rows()
                      << " write(s) through the API, each with who made it. The OpenAPI document: "
                      << parse_json(api.openapi()).at("paths").as_object().size() << " paths at /openapi.json.\n";
        }

        regional_demo(std::filesystem::path(path).parent_path() / "biobio");
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
