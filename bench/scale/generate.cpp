// The deterministic generator: offices, the bulk rows and the life that follows (see generate.hpp).
#include "generate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

namespace bench {

namespace {

// ---- Vocabulary ----------------------------------------------------------------------------

const std::vector<std::string> kFirstNames = {
    "María",    "José",      "Juan",     "Camila", "Francisca", "Diego",     "Valentina", "Matías",
    "Catalina", "Sebastián", "Javiera",  "Felipe", "Constanza", "Cristóbal", "Daniela",   "Nicolás",
    "Fernanda", "Benjamín",  "Carolina", "Tomás",  "Paula",     "Ignacio",   "Antonia",   "Rodrigo",
    "Verónica", "Patricio",  "Claudia",  "Luis",   "Marcela",   "Jorge"};
const std::vector<std::string> kLastNames = {
    "González", "Muñoz",     "Rojas",    "Díaz",       "Pérez",    "Soto",      "Contreras", "Silva",
    "Martínez", "Sepúlveda", "Morales",  "Rodríguez",  "López",    "Fuentes",   "Hernández", "Torres",
    "Araya",    "Flores",    "Espinoza", "Valenzuela", "Castillo", "Tapia",     "Reyes",     "Gutiérrez",
    "Castro",   "Pizarro",   "Álvarez",  "Vásquez",    "Sánchez",  "Fernández", "Ramírez",   "Carrasco",
    "Gómez",    "Cortés",    "Herrera",  "Núñez",      "Jara",     "Vergara",   "Rivera",    "Figueroa"};
const std::vector<std::string> kCompanyWords = {
    "Comercial",    "Inversiones", "Servicios",    "Transportes", "Constructora", "Agrícola",    "Distribuidora",
    "Industrial",   "Logística",   "Inmobiliaria", "Maderas",     "Alimentos",    "Frigorífico", "Metalúrgica",
    "Panificadora", "Ferretería",  "Textil",       "Importadora", "Clínica",      "Hotelera"};
const std::vector<std::string> kCompanyPlaces = {
    "del Pacífico", "Los Andes",  "San Pedro",  "Santa Elena", "El Roble",  "Las Acacias", "Gulmué",
    "Costa Azul",   "Aconcagua",  "Cordillera", "Austral",     "del Valle", "La Frontera", "El Sol",
    "Mirador",      "Los Aromos", "Biobío",     "Maule",       "Atacama",   "Puerto Claro"};
const std::vector<std::string> kCompanySuffixes = {"SpA", "SpA", "Ltda.", "S.A.", "EIRL"};
const std::vector<std::string> kTradeNames = {"Don Pepe", "La Esquina", "Mundo Fresco", "TecnoSur",       "Ruta 5",
                                              "El Faro",  "Nativa",     "Austral Pack", "Bodegas Centro", "Vértice"};
const std::vector<std::string> kSectors = {"Logística",   "Construcción", "Comercio", "Agroindustria",
                                           "Manufactura", "Turismo",      "Salud",    "Servicios",
                                           "Transporte",  "Minería",      "Pesca",    "Educación"};
const std::vector<std::string> kStreets = {"Av. Libertador Bernardo O'Higgins",
                                           "Calle Los Aromos",
                                           "Av. Borgoño",
                                           "Camino Internacional",
                                           "Calle Prat",
                                           "Av. Matta",
                                           "Pasaje Las Lilas",
                                           "Calle Serrano",
                                           "Av. Costanera",
                                           "Calle Blanco",
                                           "Av. Industrial",
                                           "Calle Freire"};
const std::vector<std::string> kHours = {"mon-fri 09:00-12:00",     "mon-fri 09:00-13:00; mon-thu 15:00-17:00",
                                         "tue,thu 10:00-12:30",     "mon-fri 08:30-11:00",
                                         "mon,wed,fri 14:00-17:30", "mon-fri 10:00-16:00",
                                         "wed 09:00-12:00",         "mon-sat 09:00-12:00"};
const std::vector<std::string> kSkillWords = {"grúa horquilla",
                                              "soldadura",
                                              "primeros auxilios",
                                              "excel",
                                              "manejo de caja",
                                              "cocina",
                                              "aseo industrial",
                                              "bodega",
                                              "ventas",
                                              "conducción",
                                              "poda",
                                              "albañilería",
                                              "gasfitería",
                                              "pintura",
                                              "electricidad",
                                              "atención al cliente",
                                              "embalaje",
                                              "picking",
                                              "seguridad",
                                              "carpintería",
                                              "inventario",
                                              "reponedor",
                                              "computación básica",
                                              "inglés",
                                              "mecánica",
                                              "riego",
                                              "packing",
                                              "cosecha",
                                              "recepción",
                                              "call center"};
const std::vector<std::string> kLicences = {"B", "B", "B", "B", "A2", "A4", "D", "C", "A5"};
// Occupations an OMIL sees most (ISCO-08 unit groups); those missing from the data are skipped.
const std::vector<std::string> kCommonOccupations = {
    "9333", "9112", "5223", "8322", "8332", "7112", "7411", "7126", "5120", "5131", "4110", "4311", "5414", "9313",
    "9329", "8344", "7212", "9211", "6111", "5230", "4321", "9412", "7231", "7115", "7131", "3322", "2411", "3313",
    "5321", "9621", "8160", "7512", "9122", "5153", "9214", "6113", "8341", "4224", "4222", "9321"};
const std::vector<std::string> kSummaries[] = {
    /* visit */ {"Visita a planta: revisión de vacantes del trimestre", "Visita: presentación de la bolsa de empleo",
                 "Visita de seguimiento a trabajadores colocados", "Visita: levantamiento de perfil de cargo"},
    /* phone_call */
    {"Llamada: consulta por subsidio al empleo joven", "Llamada de seguimiento de postulantes",
     "Llamada: confirma entrevistas del jueves", "Llamada: consulta por cursos SENCE"},
    /* email */
    {"Correo con CVs preseleccionados", "Correo: envío de oferta de capacitación",
     "Correo: confirmación de vacantes publicadas", "Correo: invitación a feria laboral"},
    /* message */ {"Mensaje: recordatorio de reunión", "Mensaje: cambio de horario de entrevistas"},
    /* meeting */ {"Reunión con gerencia de personas", "Reunión de coordinación de contrataciones"},
    /* cluster_meeting */ {"Reunión mensual del parque"},
    /* event */ {"Encuentro empresarial"},
    /* other */ {"Contacto en actividad municipal", "Consulta en mesón de la OMIL"}};
const std::vector<std::string> kOutcomes = {
    "Necesita 3 operarios de bodega",  "Sin vacantes por ahora",          "Interesada en Bono al Trabajo de la Mujer",
    "Pide CVs para la próxima semana", "Contrató a 2 personas derivadas", "Evaluará el curso de grúa horquilla"};
const std::vector<std::string> kNextSteps = {"Enviar CVs", "Llamar en dos semanas", "Agendar visita",
                                             "Enviar información de programas"};
const std::vector<std::string> kRequestText = {"Ramas sobre el cable eléctrico frente al acceso",
                                               "Luminaria apagada en la entrada de la planta",
                                               "Microbasural en el sitio vecino",
                                               "Solicitan rondas de seguridad al cierre del turno",
                                               "Vereda en mal estado en el acceso de trabajadores",
                                               "Pasto alto en el bandejón central",
                                               "Solicitan demarcación de paso peatonal",
                                               "Consulta por permiso de obra menor"};
const std::vector<std::string> kTitles = {
    /* 0 */ "Personal de apoyo", /* 1 */ "Jefatura",   /* 2 */ "Profesional",           /* 3 */ "Técnico/a",
    /* 4 */ "Administrativo/a",  /* 5 */ "Vendedor/a", /* 6 */ "Trabajador/a agrícola", /* 7 */ "Maestro/a",
    /* 8 */ "Operador/a",        /* 9 */ "Operario/a"};

// ---- Helpers -------------------------------------------------------------------------------

std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<std::int64_t> out(weights.size());
    std::vector<std::pair<double, std::size_t>> rest;
    std::int64_t given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double exact = static_cast<double>(total) * weights[i] / sum;
        out[i] = static_cast<std::int64_t>(std::floor(exact));
        given += out[i];
        rest.emplace_back(exact - std::floor(exact), i);
    }
    std::sort(rest.begin(), rest.end(),
              [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (std::size_t k = 0; given < total; ++k, ++given) ++out[rest[k % rest.size()].second];
    return out;
}

std::string person(Rng& r) { return r.pick(kFirstNames) + " " + r.pick(kLastNames) + " " + r.pick(kLastNames); }

Date date_between(Rng& r, Date from, Date to) {
    if (to <= from) return from;
    return from.add_days(r.below(static_cast<std::uint64_t>(to - from + 1)));
}

std::vector<std::string> occupations() {
    std::vector<std::string> out;
    for (const auto& c : kCommonOccupations) {
        const Occupation* o = isco::find(c);
        if (o && o->level == 4) out.push_back(c);
    }
    return out;
}

std::vector<std::string> all_units() {
    std::vector<std::string> out;
    for (const auto& o : isco::all())
        if (o.level == 4) out.push_back(o.code);
    return out;
}

// A skewed choice: index i has weight w[i] (cumulative table, binary search).
class Weighted {
public:
    explicit Weighted(const std::vector<double>& w) {
        double s = 0;
        for (double x : w) cum_.push_back(s += x);
    }
    std::size_t pick(Rng& r) const {
        const double u = r.unit() * cum_.back();
        return static_cast<std::size_t>(std::upper_bound(cum_.begin(), cum_.end(), u) - cum_.begin());
    }
    bool empty() const { return cum_.empty(); }

private:
    std::vector<double> cum_;
};

std::vector<std::string> offices_communes(const Scale& s) {
    std::vector<std::string> codes;
    if (s.offices == 1) return {"05103"};                    // Concón
    const std::string region = s.offices <= 60 ? "13" : "";  // Región Metropolitana, 52 communes
    for (const auto& c : territory::communes())
        if ((region.empty() || c.region_code == region) && c.code != "12202") codes.push_back(c.code);
    std::sort(codes.begin(), codes.end());
    std::vector<std::string> out;
    for (int i = 0; i < s.offices; ++i) out.push_back(codes[static_cast<std::size_t>(i) % codes.size()]);
    return out;
}

double size_weight(SizeBand s) {
    switch (s) {
        case SizeBand::Large:
            return 4;
        case SizeBand::Medium:
            return 3;
        case SizeBand::Small:
            return 2;
        default:
            return 1;
    }
}

// Flushes rows to the sink when the batch is full, timing only the sink.
template <class Row>
class Batcher {
public:
    using Flush = std::function<std::vector<Id>(const std::vector<Row>&)>;
    using Done = std::function<void(const std::vector<Id>&)>;
    Batcher(std::size_t limit, TableLoad& stats, Flush flush, Done done = {})
        : limit_(limit), stats_(stats), flush_(std::move(flush)), done_(std::move(done)) {
        rows_.reserve(std::min<std::size_t>(limit, 1 << 16));
    }
    void add(Row r) {
        rows_.push_back(std::move(r));
        if (rows_.size() >= limit_) flush();
    }
    void flush() {
        if (rows_.empty()) return;
        const auto t0 = Steady::now();
        const double c0 = cpu_seconds();
        const auto ids = flush_(rows_);
        stats_.seconds += seconds_since(t0);
        stats_.cpu_seconds += cpu_seconds() - c0;
        stats_.rows += static_cast<std::int64_t>(rows_.size());
        ++stats_.batches;
        if (ids.size() != rows_.size()) throw std::runtime_error("sink returned a wrong number of ids");
        if (done_) done_(ids);
        rows_.clear();
    }

private:
    std::size_t limit_;
    TableLoad& stats_;
    Flush flush_;
    Done done_;
    std::vector<Row> rows_;
};

// ---- The library's bulk paths, or the single-row call until they exist ---------------------

template <class R>
std::vector<Id> log_rows(R& repo, Database& db, const std::vector<NewInteraction>& rows) {
    if constexpr (requires { repo.log_many(rows); }) {
        return repo.log_many(rows);
    } else {
        auto tx = db.transaction();
        std::vector<Id> ids;
        ids.reserve(rows.size());
        for (const auto& r : rows) ids.push_back(repo.log(r).meta.id);
        tx.commit();
        return ids;
    }
}

template <class R>
std::vector<Id> open_rows(R& repo, Database& db, const std::vector<NewServiceRequest>& rows) {
    if constexpr (requires { repo.open_many(rows); }) {
        return repo.open_many(rows);
    } else {
        auto tx = db.transaction();
        std::vector<Id> ids;
        ids.reserve(rows.size());
        for (const auto& r : rows) ids.push_back(repo.open(r).meta.id);
        tx.commit();
        return ids;
    }
}

template <class R>
std::vector<Id> capture_rows(R& repo, Database& db, const std::vector<NewVacancy>& rows) {
    if constexpr (requires { repo.capture_many(rows); }) {
        return repo.capture_many(rows);
    } else {
        auto tx = db.transaction();
        std::vector<Id> ids;
        ids.reserve(rows.size());
        for (const auto& r : rows) ids.push_back(repo.capture(r).meta.id);
        tx.commit();
        return ids;
    }
}

template <class R>
constexpr bool has_log_many = requires(R& r, const std::vector<NewInteraction>& v) {
    r.log_many(v);
};
template <class R>
constexpr bool has_open_many = requires(R& r, const std::vector<NewServiceRequest>& v) {
    r.open_many(v);
};
template <class R>
constexpr bool has_capture_many = requires(R& r, const std::vector<NewVacancy>& v) {
    r.capture_many(v);
};

}  // namespace

std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ULL + stream * 0xBF58476D1CE4E5B9ULL + 0x94D049BB133111EBULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// ---- LibrarySink ---------------------------------------------------------------------------

void reopen(Database& db) {
    const std::string path = db.path();
    db.close();
    db = Database::open(path, {.clock = run_clock()});
}

void LibrarySink::after_batch() {
    std::error_code ec;
    const auto wal = std::filesystem::file_size(db_.path() + "-wal", ec);
    if (bound_wal_ && !ec && wal > (512u << 20)) reopen(db_);
}

std::vector<Id> LibrarySink::employers(const std::vector<NewEmployer>& rows) {
    auto ids = db_.employers().add_many(rows);
    after_batch();
    return ids;
}
std::vector<Id> LibrarySink::seekers(const std::vector<NewJobSeeker>& rows) {
    auto ids = db_.seekers().add_many(rows);
    after_batch();
    return ids;
}
std::vector<Id> LibrarySink::interactions(const std::vector<NewInteraction>& rows) {
    auto ids = log_rows(db_.interactions(), db_, rows);
    after_batch();
    return ids;
}
std::vector<Id> LibrarySink::requests(const std::vector<NewServiceRequest>& rows) {
    auto ids = open_rows(db_.requests(), db_, rows);
    after_batch();
    return ids;
}
std::vector<Id> LibrarySink::vacancies(const std::vector<NewVacancy>& rows) {
    auto ids = capture_rows(db_.vacancies(), db_, rows);
    after_batch();
    return ids;
}
std::string LibrarySink::how(const std::string& table) const {
    if (table == "employers") return "Employers::add_many";
    if (table == "seekers") return "Seekers::add_many";
    if (table == "interactions")
        return has_log_many<Interactions> ? "Interactions::log_many"
                                          : "Interactions::log per row, one transaction per batch";
    if (table == "requests")
        return has_open_many<Requests> ? "Requests::open_many" : "Requests::open per row, one transaction per batch";
    if (table == "vacancies")
        return has_capture_many<Vacancies> ? "Vacancies::capture_many"
                                           : "Vacancies::capture per row, one transaction per batch";
    return "?";
}

// ---- Setup ---------------------------------------------------------------------------------

World setup_offices(Database& db, const Scale& scale, std::uint64_t seed) {
    World w;
    w.scale = scale;
    w.seed = seed;
    Rng r(stream_seed(seed, 1));
    const auto communes = offices_communes(scale);
    std::map<std::string, int> seen;
    const Date started(2019, 3, 1);
    auto tx = db.transaction();
    for (int i = 0; i < scale.offices; ++i) {
        OfficeInfo o;
        const Commune& c = territory::commune(communes[static_cast<std::size_t>(i)]);
        o.commune = c.code;
        o.commune_name = c.name;
        o.region = c.region_code;
        for (const auto& x : territory::communes()) {
            if (x.province_code == c.province_code) o.province_communes.push_back(x.code);
            if (x.region_code == c.region_code) o.region_communes.push_back(x.code);
        }
        // Made-up coordinates around central Chile; what matters is that an office's employers
        // are near it.
        o.lat = -33.05 - 0.02 * (i % 50) - 0.3 * (i / 50);
        o.lon = -71.50 + 0.03 * (i % 40);
        o.weight = i == 0 ? 3.0 : 0.5 + r.unit();
        const int n = ++seen[c.code];
        const std::string name = "OMIL " + c.name + (n > 1 ? " (sede " + std::to_string(n) + ")" : "");
        const Office office = db.offices().add({.name = name,
                                                .commune = c.code,
                                                .address = "Av. Principal 100",
                                                .email = "omil" + std::to_string(i + 1) + "@municipio.cl",
                                                .latitude = o.lat,
                                                .longitude = o.lon});
        o.id = office.meta.id;
        auto add_staff = [&](StaffRole role) {
            const StaffMember s = db.staff().add(
                {.office_id = o.id, .name = person(r), .role = role, .email = "", .phone = "", .started = started});
            o.staff.push_back(s.meta.id);
            return s.meta.id;
        };
        o.head = add_staff(StaffRole::Head);
        const int managers = 1 + static_cast<int>(r.below(3));
        for (int k = 0; k < managers; ++k) o.managers.push_back(add_staff(StaffRole::TerritorialManager));
        if (r.chance(0.5)) o.psychologist = add_staff(StaffRole::LaborPsychologist);
        if (o.staff.size() < 5 && r.chance(0.3)) add_staff(StaffRole::Administrative);

        const int clusters = scale.offices == 1 ? 2 : 1 + static_cast<int>(r.below(3));
        const ClusterKind kinds[] = {ClusterKind::IndustrialPark, ClusterKind::TradeAssociation,
                                     ClusterKind::ChamberOfCommerce};
        const std::string names[] = {"Parque Industrial " + c.name, "Asociación de Empresarios de " + c.name,
                                     "Cámara de Comercio de " + c.name};
        const Recurrence meets[] = {Recurrence::monthly(1, Weekday::Thu), Recurrence::monthly(2, Weekday::Tue),
                                    Recurrence::monthly(3, Weekday::Wed)};
        for (int k = 0; k < clusters; ++k)
            o.clusters.push_back(
                db.clusters().add({.office_id = o.id, .name = names[k], .kind = kinds[k], .meets = meets[k]}).meta.id);

        db.cadence().add_policy({.office_id = o.id, .interval_days = 45, .name = "Contacto cada 45 días"});
        db.cadence().add_policy(
            {.office_id = o.id,
             .scope = PolicyScope::Cluster,
             .scope_id = o.clusters[0],
             .interval_days = 30,
             .kinds = {InteractionKind::Visit, InteractionKind::Meeting, InteractionKind::ClusterMeeting},
             .name = "Socios del parque: reunión o visita cada 30 días"});
        db.cadence().add_policy(
            {.office_id = o.id,
             .scope = PolicyScope::Segment,
             .segment = "key_account",
             .interval_days = 21,
             .kinds = {InteractionKind::Visit, InteractionKind::PhoneCall, InteractionKind::Meeting},
             .name = "Cuentas clave cada 21 días"});
        db.cadence().add_policy({.office_id = o.id,
                                 .track = "visit",
                                 .interval_days = 90,
                                 .kinds = {InteractionKind::Visit},
                                 .name = "Visita cada 90 días"});
        const unsigned month = 1 + r.below(12), day = 1 + r.below(28);
        for (int y = 2024; y <= 2027; ++y)
            db.requests().add_holiday(o.id, Date(y, month, day), "Aniversario de " + c.name);
        for (const auto& cat : db.catalogue().list(o.id))
            if (cat.active) o.categories.push_back({cat.code, cat.attributes});
        w.offices.push_back(std::move(o));
    }
    tx.commit();

    std::vector<double> weights;
    for (const auto& o : w.offices) weights.push_back(o.weight);
    w.n_employers = apportion(scale.employers, weights);
    w.n_seekers = apportion(scale.seekers, weights);
    w.n_interactions = apportion(scale.interactions, weights);
    w.n_requests = apportion(scale.requests, weights);
    w.n_vacancies = apportion(scale.vacancies, weights);
    w.employers.resize(w.offices.size());
    w.consenting_seekers.resize(w.offices.size());
    return w;
}

// ---- Bulk rows -----------------------------------------------------------------------------

void bulk_load(World& w, Sink& sink, std::size_t batch, LoadStats& stats) {
    const Date today = bench::today(), start = history_start();
    std::vector<std::vector<VisitingWindow>> hours;
    for (const auto& h : kHours) hours.push_back(parse_visiting_hours(h));
    const auto common = occupations();
    const auto units = all_units();
    std::vector<std::string> skills;
    for (const auto& s : kSkillWords) skills.push_back(normalize_skill(s));

    // Employers.
    {
        Rng r(stream_seed(w.seed, 2));
        std::vector<std::pair<std::size_t, EmployerInfo>> pending;
        Batcher<NewEmployer> b(
            batch, stats["employers"], [&](const auto& rows) { return sink.employers(rows); },
            [&](const std::vector<Id>& ids) {
                for (std::size_t k = 0; k < ids.size(); ++k) {
                    pending[k].second.id = ids[k];
                    w.employers[pending[k].first].push_back(std::move(pending[k].second));
                }
                pending.clear();
            });
        std::uint32_t g = 0;
        for (std::size_t oi = 0; oi < w.offices.size(); ++oi) {
            const OfficeInfo& o = w.offices[oi];
            for (std::int64_t k = 0; k < w.n_employers[oi]; ++k, ++g) {
                NewEmployer e;
                EmployerInfo info;
                e.office_id = o.id;
                e.rut = Rut::from_body(76'000'000 + g).str();
                e.legal_name = r.pick(kCompanyWords) + " " + r.pick(kCompanyPlaces) + " " + r.pick(kCompanySuffixes);
                if (r.chance(0.4)) e.trade_name = r.pick(kTradeNames);
                e.sector = r.pick(kSectors);
                const double u = r.unit();
                e.size = u < 0.4   ? SizeBand::Micro
                         : u < 0.7 ? SizeBand::Small
                         : u < 0.9 ? SizeBand::Medium
                                   : SizeBand::Large;
                e.address = r.pick(kStreets) + " " + std::to_string(r.between(10, 4000));
                e.commune = r.chance(0.85) ? o.commune : r.pick(o.province_communes);
                if (r.chance(0.92)) {
                    // Within about 8 km of the office.
                    const double dist = 8.0 * std::sqrt(r.unit()), angle = 2 * 3.141592653589793 * r.unit();
                    e.latitude = o.lat + dist / 111.0 * std::sin(angle);
                    e.longitude = o.lon + dist / (111.0 * std::cos(o.lat * 3.141592653589793 / 180)) * std::cos(angle);
                }
                if (r.chance(0.9)) e.visiting_hours = r.pick(hours);
                const double st = r.unit();
                e.status = st < 0.7    ? EmployerStatus::Active
                           : st < 0.95 ? EmployerStatus::Prospect
                                       : EmployerStatus::Inactive;
                e.owner_id = r.pick(o.managers);
                const double cl = r.unit();
                if (cl < 0.25) e.cluster_id = o.clusters[0];
                else if (cl < 0.35 && o.clusters.size() > 1) e.cluster_id = o.clusters[1];
                else if (cl < 0.40 && o.clusters.size() > 2) e.cluster_id = o.clusters[2];
                if (r.chance(0.08)) e.segment = "key_account";
                e.since = date_between(r, Date(2019, 6, 1), today.add_days(-30));
                e.joined = e.since;
                info.owner = e.owner_id;
                info.commune = e.commune;
                info.address = e.address;
                info.since = *e.since;
                info.status = e.status;
                info.size = e.size;
                info.key_account = !e.segment.empty();
                pending.emplace_back(oi, std::move(info));
                b.add(std::move(e));
            }
        }
        b.flush();
    }

    // Job seekers.
    {
        Rng r(stream_seed(w.seed, 3));
        std::vector<std::pair<std::size_t, bool>> pending;  // office, consents to intermediation
        Batcher<NewJobSeeker> b(
            batch, stats["seekers"], [&](const auto& rows) { return sink.seekers(rows); },
            [&](const std::vector<Id>& ids) {
                for (std::size_t k = 0; k < ids.size(); ++k)
                    if (pending[k].second) w.consenting_seekers[pending[k].first].push_back(ids[k]);
                pending.clear();
            });
        std::uint32_t g = 0;
        for (std::size_t oi = 0; oi < w.offices.size(); ++oi) {
            const OfficeInfo& o = w.offices[oi];
            for (std::int64_t k = 0; k < w.n_seekers[oi]; ++k, ++g) {
                NewJobSeeker s;
                s.office_id = o.id;
                s.rut = Rut::from_body(8'000'000 + g).str();
                const std::string first = r.pick(kFirstNames), last = r.pick(kLastNames);
                s.name = first + " " + last + " " + r.pick(kLastNames);
                s.commune = r.chance(0.7) ? o.commune : r.pick(o.region_communes);
                if (r.chance(0.8)) s.phone = "+569" + std::to_string(r.between(10'000'000, 99'999'999));
                if (r.chance(0.6)) s.email = "persona" + std::to_string(g) + "@correo.cl";
                if (r.chance(0.3)) s.address = r.pick(kStreets) + " " + std::to_string(r.between(10, 4000));
                if (r.chance(0.9)) s.birth_date = date_between(r, Date(1960, 1, 1), Date(2006, 12, 31));
                const double ed = r.unit();
                s.education = ed < 0.08   ? EducationLevel::Primary
                              : ed < 0.45 ? EducationLevel::Secondary
                              : ed < 0.70 ? EducationLevel::TechnicalSecondary
                              : ed < 0.85 ? EducationLevel::Technical
                              : ed < 0.97 ? EducationLevel::University
                                          : EducationLevel::None;
                for (int n = static_cast<int>(r.below(4)); n > 0; --n)
                    s.experience.push_back({r.chance(0.75) ? r.pick(common) : r.pick(units), r.between(1, 120)});
                std::vector<std::string> sk;
                for (int n = static_cast<int>(r.below(9)); n > 0; --n) {
                    const double q = r.unit();  // common skills more often
                    sk.push_back(skills[static_cast<std::size_t>(q * q * static_cast<double>(skills.size()))]);
                }
                s.skills = normalize_skills(sk);
                std::vector<std::string> lic;
                if (r.chance(0.45)) lic.push_back(r.pick(kLicences));
                if (r.chance(0.1)) lic.push_back(r.pick(kLicences));
                s.licences = normalize_licences(lic);
                std::vector<Shift> shifts;
                for (int n = static_cast<int>(r.below(3)); n > 0; --n) shifts.push_back(static_cast<Shift>(r.below(6)));
                std::sort(shifts.begin(), shifts.end());
                shifts.erase(std::unique(shifts.begin(), shifts.end()), shifts.end());
                s.shifts = shifts;
                if (r.chance(0.5)) s.available_from = today.add_days(r.between(-60, 60));
                s.registered_on = date_between(r, today.add_days(-1100), today);
                s.consent_on = s.registered_on;
                const bool consents = r.chance(0.92);
                s.consent_scope = consents ? std::vector<std::string>{"contact", "intermediation", "programmes"}
                                           : std::vector<std::string>{"statistics"};
                pending.emplace_back(oi, consents);
                b.add(std::move(s));
            }
        }
        b.flush();
    }

    // Interactions: a few employers get most of the contacts (the key accounts, the park's big
    // companies); dates over two years, in date order within each office.
    {
        Rng r(stream_seed(w.seed, 4));
        Batcher<NewInteraction> b(batch, stats["interactions"],
                                  [&](const auto& rows) { return sink.interactions(rows); });
        for (std::size_t oi = 0; oi < w.offices.size(); ++oi) {
            const OfficeInfo& o = w.offices[oi];
            std::vector<const EmployerInfo*> eligible;
            for (const auto& e : w.employers[oi])
                if (e.status != EmployerStatus::Inactive) eligible.push_back(&e);
            if (eligible.empty()) continue;
            for (std::size_t k = eligible.size(); k > 1; --k) std::swap(eligible[k - 1], eligible[r.below(k)]);
            std::vector<double> weight;
            for (std::size_t k = 0; k < eligible.size(); ++k)
                weight.push_back((eligible[k]->key_account ? 3.0 : 1.0) / std::pow(static_cast<double>(k + 1), 0.85));
            const Weighted choose(weight);
            struct Pending {
                Date on;
                int minute;
                NewInteraction in;
            };
            std::vector<Pending> rows;
            rows.reserve(static_cast<std::size_t>(w.n_interactions[oi]));
            for (std::int64_t k = 0; k < w.n_interactions[oi]; ++k) {
                const EmployerInfo& e = *eligible[choose.pick(r)];
                NewInteraction in;
                const double u = r.unit();
                in.kind = u < 0.25   ? InteractionKind::Visit
                          : u < 0.60 ? InteractionKind::PhoneCall
                          : u < 0.85 ? InteractionKind::Email
                          : u < 0.90 ? InteractionKind::Message
                          : u < 0.98 ? InteractionKind::Meeting
                                     : InteractionKind::Other;
                in.on = date_between(r, std::max(e.since, start), today);
                if (r.chance(0.9)) in.at_minute = 540 + 15 * static_cast<int>(r.below(33));
                in.staff_id = r.chance(0.8) ? e.owner : r.pick(o.managers);
                in.employer_id = e.id;
                if (in.kind == InteractionKind::PhoneCall || in.kind == InteractionKind::Email ||
                    in.kind == InteractionKind::Message)
                    in.direction = r.chance(0.3) ? Direction::Inbound : Direction::Outbound;
                in.summary = r.pick(kSummaries[static_cast<int>(in.kind)]);
                if (r.chance(0.5)) in.outcome = r.pick(kOutcomes);
                if (r.chance(0.3)) in.next_step = r.pick(kNextSteps);
                if ((in.kind == InteractionKind::Visit || in.kind == InteractionKind::Meeting) && r.chance(0.08))
                    in.commitments.push_back(
                        {.description = "Enviar CVs de postulantes preseleccionados", .due = in.on.add_days(10)});
                if (r.chance(0.03))
                    in.follow_ups.push_back({.description = "Llamar para confirmar", .due = in.on.add_days(7)});
                rows.push_back({in.on, in.at_minute.value_or(-1), std::move(in)});
            }
            std::stable_sort(rows.begin(), rows.end(), [](const Pending& a, const Pending& b2) {
                return a.on != b2.on ? a.on < b2.on : a.minute < b2.minute;
            });
            for (auto& p : rows) b.add(std::move(p.in));
        }
        b.flush();
    }

    // Service requests, over the office's catalogue.
    {
        Rng r(stream_seed(w.seed, 5));
        Batcher<NewServiceRequest> b(batch, stats["requests"], [&](const auto& rows) { return sink.requests(rows); });
        for (std::size_t oi = 0; oi < w.offices.size(); ++oi) {
            const OfficeInfo& o = w.offices[oi];
            std::vector<double> cw;
            for (const auto& c : o.categories)
                cw.push_back(c.code == "other" ? 0.5 : c.code == "tree_pruning" ? 3.0 : 1.5);
            const Weighted cat(cw);
            std::vector<const EmployerInfo*> eligible;
            for (const auto& e : w.employers[oi])
                if (e.status != EmployerStatus::Inactive) eligible.push_back(&e);
            struct Pending {
                Date on;
                NewServiceRequest in;
            };
            std::vector<Pending> rows;
            for (std::int64_t k = 0; k < w.n_requests[oi]; ++k) {
                NewServiceRequest q;
                q.office_id = o.id;
                const CategoryInfo& c = o.categories[cat.pick(r)];
                q.category = c.code;
                q.description = r.pick(kRequestText);
                const EmployerInfo* e = (!eligible.empty() && r.chance(0.9)) ? r.pick(eligible) : nullptr;
                if (e) {
                    q.employer_id = e->id;
                    q.address = e->address;
                    q.staff_id = e->owner;
                } else {
                    q.address = r.pick(kStreets) + " " + std::to_string(r.between(10, 4000));
                    q.requester_name = r.pick(kFirstNames) + " " + r.pick(kLastNames);
                    q.requester_email = "vecino" + std::to_string(k) + "@correo.cl";
                    q.requester_phone = "+569" + std::to_string(r.between(10'000'000, 99'999'999));
                    q.staff_id = o.head;
                }
                for (const auto& listed : c.attributes) {
                    if (listed == "location") continue;
                    // A value of the attribute's type (a list's choice, a number, a word), from
                    // the one draw each attribute has always taken.
                    const auto def = omilcrm::attribute_definition(listed);
                    const int n = r.between(1, 6);
                    std::string value = std::to_string(n);
                    if (!def.values.empty()) value = def.values[static_cast<std::size_t>(n) % def.values.size()].key;
                    else if (def.datatype != omilcrm::AttributeType::Number) value = "dato" + value;
                    q.attributes += (q.attributes.empty() ? "" : ";") + def.code + "=" + value;
                }
                q.received_on = date_between(r, start, today);
                rows.push_back({*q.received_on, std::move(q)});
            }
            std::stable_sort(rows.begin(), rows.end(),
                             [](const Pending& a, const Pending& b2) { return a.on < b2.on; });
            for (auto& p : rows) b.add(std::move(p.in));
        }
        b.flush();
    }

    // Vacancies, from active employers (bigger ones more often).
    {
        Rng r(stream_seed(w.seed, 6));
        Batcher<NewVacancy> b(batch, stats["vacancies"], [&](const auto& rows) { return sink.vacancies(rows); });
        for (std::size_t oi = 0; oi < w.offices.size(); ++oi) {
            std::vector<const EmployerInfo*> eligible;
            std::vector<double> weight;
            for (const auto& e : w.employers[oi])
                if (e.status == EmployerStatus::Active) {
                    eligible.push_back(&e);
                    weight.push_back(size_weight(e.size));
                }
            if (eligible.empty()) continue;
            const Weighted choose(weight);
            struct Pending {
                Date on;
                NewVacancy in;
            };
            std::vector<Pending> rows;
            for (std::int64_t k = 0; k < w.n_vacancies[oi]; ++k) {
                const EmployerInfo& e = *eligible[choose.pick(r)];
                NewVacancy v;
                v.employer_id = e.id;
                v.occupation = r.chance(0.7) ? r.pick(common) : r.pick(units);
                v.title = kTitles[static_cast<std::size_t>(v.occupation[0] - '0')] + " (" + v.occupation + ")";
                const double p = r.unit();
                v.positions = p < 0.6 ? 1 : p < 0.8 ? 2 : r.between(3, 5);
                const double t = r.unit();
                v.employment_type = t < 0.7    ? EmploymentType::FullTime
                                    : t < 0.85 ? EmploymentType::PartTime
                                               : EmploymentType::Temporary;
                v.shift = static_cast<Shift>(r.below(6));
                v.wage_min = 500'000 + 10'000 * r.between(0, 40);
                v.wage_max = *v.wage_min + 10'000 * r.between(10, 30);
                v.commune = e.commune;
                v.address = e.address;
                v.education = static_cast<EducationLevel>(r.below(5));
                v.experience_months = r.chance(0.5) ? 6 * r.between(1, 4) : 0;
                if (r.chance(0.25)) v.licences = normalize_licences({r.chance(0.5) ? "B" : "A4"});
                std::vector<std::string> sk;
                for (int n = r.between(1, 5); n > 0; --n) {
                    const double q = r.unit();
                    sk.push_back(skills[static_cast<std::size_t>(q * q * static_cast<double>(skills.size()))]);
                }
                v.skills = normalize_skills(sk);
                const double ch = r.unit();
                v.channel = ch < 0.45  ? CaptureChannel::Visit
                            : ch < 0.8 ? CaptureChannel::Email
                                       : CaptureChannel::Other;
                v.captured_by = e.owner;
                v.captured_on = date_between(r, std::max(e.since, start), today);
                v.valid_through = v.captured_on->add_days(30 + 15 * r.between(0, 2));
                rows.push_back({*v.captured_on, std::move(v)});
            }
            std::stable_sort(rows.begin(), rows.end(),
                             [](const Pending& a, const Pending& b2) { return a.on < b2.on; });
            for (auto& p : rows) b.add(std::move(p.in));
        }
        b.flush();
    }
}

// ---- The life after the bulk load ----------------------------------------------------------

Params play_lifecycle(Database& db, World& w) {
    const Date today = bench::today(), start = history_start();
    Rng r(stream_seed(w.seed, 7));
    for (std::size_t oi = 0; oi < w.offices.size(); ++oi) {
        const OfficeInfo& o = w.offices[oi];
        auto tx = db.transaction();

        // Two key accounts get their own, tighter policy.
        int own = 0;
        for (const auto& e : w.employers[oi])
            if (e.key_account && e.status != EmployerStatus::Inactive && own < 2) {
                db.cadence().add_policy({.office_id = o.id,
                                         .scope = PolicyScope::Employer,
                                         .scope_id = e.id,
                                         .interval_days = 14,
                                         .name = "Cuenta estratégica cada 14 días"});
                ++own;
            }

        // Cluster meetings with attendance (about 60% of the members come).
        for (Id c : o.clusters)
            for (Date d : db.clusters().meetings(c, start, today)) {
                std::vector<Id> attended;
                for (Id m : db.clusters().members(c, d))
                    if (r.chance(0.6)) attended.push_back(m);
                db.interactions().log_cluster_meeting({.cluster_id = c,
                                                       .on = d,
                                                       .at_minute = 9 * 60 + 30,
                                                       .staff_id = o.managers.front(),
                                                       .attended = attended,
                                                       .summary = "Reunión mensual",
                                                       .outcome = "",
                                                       .next_step = ""});
            }

        // Requests through their life cycle.
        const auto requests = db.requests().list(o.id, {.open_only = false});
        const HolidayCalendar cal = db.requests().holidays(o.id);
        std::vector<Id> earlier;
        for (const auto& q : requests) {
            const Id by = o.head;
            const int age = static_cast<int>(today - q.received_on);
            if (!earlier.empty() && r.chance(0.02)) {
                db.requests().mark_duplicate(q.meta.id, r.pick(earlier), by, q.received_on);
                continue;
            }
            earlier.push_back(q.meta.id);
            if (r.chance(0.03)) {
                db.requests().transition(q.meta.id, RequestStatus::Rejected, by, "No corresponde al municipio", true,
                                         q.received_on.add_days(std::min(age, 2)));
                continue;
            }
            if (age < 3 || r.chance(0.12)) continue;  // still open
            if (!q.department_id) {
                const auto dep = db.departments().by_code(o.id, "dideco");
                db.requests().reroute(q.meta.id, dep->meta.id, by, "", q.received_on.add_days(1));
            }
            // Most on time, some late: a share of the deadline between 0.3 and 1.6.
            const int business =
                std::max(1, static_cast<int>(std::lround(q.deadline_days * (0.3 + 1.3 * r.unit() * r.unit() * 1.2))));
            Date done = add_business_days(cal, q.received_on, business);
            if (done > today) continue;  // not yet
            if (r.chance(0.5))
                db.requests().transition(q.meta.id, RequestStatus::InProgress, by, "En terreno", false,
                                         q.received_on.add_days(std::min<std::int64_t>(1, done - q.received_on)));
            db.requests().transition(q.meta.id, RequestStatus::Resolved, by, "Resuelta", true, done);
            if (r.chance(0.3) && done.add_days(5) <= today)
                db.requests().transition(q.meta.id, RequestStatus::Closed, by, "", false, done.add_days(5));
        }

        // Vacancies: referrals, interviews, placements, a few cancellations.
        const auto& pool = w.consenting_seekers[oi];
        for (const auto& v : db.vacancies().list(o.id)) {
            const Date last_day = std::min(v.valid_through, today);
            if (r.chance(0.04) && v.captured_on.add_days(5) <= today) {
                db.vacancies().cancel(v.meta.id, "La empresa congeló la contratación", v.captured_on.add_days(5));
                continue;
            }
            if (pool.empty()) continue;
            const double u = r.unit();
            const int n = u < 0.35 ? 0 : u < 0.6 ? 1 : u < 0.8 ? 2 : r.between(3, 4);
            std::vector<Id> chosen;
            int placed = 0;
            for (int k = 0; k < n; ++k) {
                const Id s = r.pick(pool);
                if (std::find(chosen.begin(), chosen.end(), s) != chosen.end()) continue;
                chosen.push_back(s);
                const Date on = date_between(r, v.captured_on, std::min(last_day, v.captured_on.add_days(20)));
                Referral ref;
                try {
                    ref = db.referrals().refer(s, v.meta.id, v.captured_by, on);
                } catch (const Conflict&) {
                    continue;  // filled by then
                }
                if (!r.chance(0.45) || on.add_days(3) > today) continue;
                const Date interview = std::min(today, on.add_days(r.between(3, 10)));
                db.referrals().advance(ref.meta.id, ReferralStage::Interview, v.captured_by, interview);
                if (placed < v.positions && r.chance(0.55) && interview.add_days(7) <= today) {
                    const Date starts = interview.add_days(7);
                    db.placements().record({.seeker_id = s,
                                            .vacancy_id = v.meta.id,
                                            .start_on = starts,
                                            .recorded_by = v.captured_by,
                                            .recorded_on = starts});
                    ++placed;
                } else if (r.chance(0.5)) {
                    db.referrals().advance(ref.meta.id, ReferralStage::NotSelected, v.captured_by,
                                           std::min(today, interview.add_days(5)));
                }
            }
            // Now and then the employer hires someone the office sent without a referral.
            if (placed < v.positions && r.chance(0.05) && v.captured_on.add_days(14) <= today) {
                const Id s = r.pick(pool);
                if (std::find(chosen.begin(), chosen.end(), s) == chosen.end())
                    db.placements().record({.seeker_id = s,
                                            .vacancy_id = v.meta.id,
                                            .start_on = v.captured_on.add_days(14),
                                            .recorded_on = v.captured_on.add_days(14)});
            }
        }

        // A few seekers leave the register.
        for (Id s : pool)
            if (r.chance(0.02)) db.seekers().withdraw(s, today.add_days(-r.between(0, 300)));
        tx.commit();
        // Every ten offices, let SQLite checkpoint the write-ahead log (see LibrarySink).
        if (oi % 10 == 9) reopen(db);
    }

    // What the queries ask about: office 1 (the biggest), its territorial manager with the most
    // employers due this week, an open vacancy with experience and skills asked.
    Params p;
    const OfficeInfo& o = w.offices.front();
    p["scale"] = w.scale.name;
    p["seed"] = std::to_string(w.seed);
    p["today"] = today.iso();
    p["office_id"] = std::to_string(o.id);
    std::map<Id, int> due_by_owner;
    for (const auto& d : db.cadence().due(o.id, today, {.within_days = 7})) ++due_by_owner[d.owner_id];
    Id staff = o.managers.front();
    for (Id m : o.managers)
        if (due_by_owner[m] > due_by_owner[staff]) staff = m;
    p["staff_id"] = std::to_string(staff);
    Id vacancy = 0;
    for (const auto& v : db.vacancies().list(o.id, {.open_only = true})) {
        if (!vacancy) vacancy = v.meta.id;
        if (v.experience_months > 0 && v.skills.size() >= 2) {
            vacancy = v.meta.id;
            break;
        }
    }
    if (!vacancy) throw std::runtime_error("no open vacancy in office 1 to match seekers for");
    p["vacancy_id"] = std::to_string(vacancy);
    p["report_from"] = today.add_days(-364).iso();
    p["report_to"] = today.iso();
    p["funnel_from"] = Date(today.year(), today.month(), 1).add_months(-11).iso();
    p["funnel_to"] = today.iso();
    p["offices"] = std::to_string(w.offices.size());
    return p;
}

}  // namespace bench
