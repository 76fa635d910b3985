// omilcrm: the command line over libomilcrm's public API. It adds no business logic: every
// command is one or two library calls and a way to print the result.
//
// Exit codes: 0 ok, 1 usage (unknown command or option, missing argument), 2 data error (bad
// input, not found, conflict, rows rejected by an import), 3 storage error (the file: missing,
// foreign, damaged, in use by another writer past the wait, read-only, disk full), 4 internal error.
#include <omilcrm/http/server.hpp>
#include <omilcrm/omilcrm.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

using namespace omilcrm;

namespace {

struct Usage : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr const char* kHelp = R"(omilcrm - employer relationships for a municipal employment office (OMIL)

usage: omilcrm [--db FILE] COMMAND [options]

The database file comes from --db or the OMILCRM_DB environment variable ('init FILE' and
'migrate FILE' also take it as their argument). Only init (and 'region init') create a file;
every other command needs it to exist, at this version's schema ('migrate' upgrades an older one).

commands:
  init        create the database file and its office
  migrate     upgrade an older file to this version's schema, after a backup of it
  import      import a CSV spreadsheet: employers, contacts, memberships, interactions,
              requests, vacancies or seekers
  export      write the same kinds in the columns their import reads (CSV or JSON)
  employers   list or search employers
  duplicates  employers that are likely the same company, with a score and the reasons
  merge       merge a duplicate employer into the one to keep (and undo a merge)
  contacts    list or find contacts (all, one employer's, or by name, e-mail, phone)
  staff       the office's staff: list, add, leave
  clusters    clusters (industrial parks, associations): list, members, add, join, leave
  log         log an interaction with an employer, with its commitments and follow-ups
  due         who is due or overdue for contact
  plan        a day's visit plan for a staff member
  requests    service requests (open, overdue); open one, move it on; photo ID FILE keeps a photo
  vacancies   vacancies (all or open); capture one; its JobPosting (JSON-LD) for job boards
  match       the seekers that best fit a vacancy (ids, scores, the reasons), or vacancies for one
  programmes  SENCE programmes: uptake per programme, offer one, record what came of it
  events      the office's events (fairs, business meetings): list, add with co-hosts, show,
              invite employers, record who came
  outreach    the outreach material: list it, add it, record a showing, who appears in it
  partners    partner institutions (universities, OTEC, SENCE...): list, add, show, update, events,
              the people from outside at interactions, activity per partner and per kind
  catastro    where the region's material was shown: per office or per province
  activities  economic activities (CIIU4.CL 2012), for employers' activity codes; needs no database
  report      funnel, cluster-share, time-to-fill, channels, retention, requests, compliance
  needs       what each company needs from the municipality: add, answer with a request, drop, report
  stages      each employer's stage in the gradual approach (prospect ... hiring); --funnel
  reciprocity services rendered beside vacancies given and hires, per employer or cluster
  leads       employers by where they came from, with what came of each (to report back)
  workload    what each staff member carries: portfolio, contacts due, commitments, requests
  promises    commitments kept on time, per staff member and for the office
  protocol    the office's events where the region's material (the video) was not shown
  calendar    the office calendar as iCalendar (.ics)
  region      a regional directorate's file: init, register, consolidate office files, report
  token       access tokens for the HTTP API: create (the secret is shown once), revoke, list
  audit       the audit of the writes made through the HTTP API
  rights      job seekers' rights (Ley 21.719): requests, access, portability, erasure, blocking
  retention   the office's retention rule: what it reaches (a dry run), and applying it
  checkins    check-ins with departments before requests' deadlines: list, schedule, done
  outbox      the e-mails the office's work causes: list, send (SMTP), queue-due, retry, cancel
  serve       the HTTP API for front ends

Output is a table; --json or --csv for scripts. 'omilcrm COMMAND --help' explains a command.
Exit codes: 0 ok, 1 usage, 2 data error, 3 storage error, 4 internal error, 5 erasure refused
by law (rights erase).
)";

const std::map<std::string, std::string> kCommandHelp = {
    {"init",
     "omilcrm init [FILE] --office NAME --commune COMMUNE [--address TEXT] [--latitude L --longitude L]\n"
     "             [--manager NAME [--since DATE]]\n"
     "  Creates the database file (FILE, or --db FILE) with its office (and its territorial manager,\n"
     "  working there since DATE, today by default: give the real date to import the history they\n"
     "  recorded). The office's coordinates are where visit plans start from. A file that exists\n"
     "  is left alone (exit code 2).\n"},
    {"migrate",
     "omilcrm migrate [FILE]\n"
     "  Upgrades a file written by an older omilcrm to this version's schema. First it writes a\n"
     "  backup next to it, FILE.vN.bak (N its old version; FILE.vN.2.bak, ... if that exists), under\n"
     "  the file's write lock, then it upgrades the file in one transaction: if anything fails, the\n"
     "  file is as it was. Prints both versions and the backup's name; a file already current is\n"
     "  left alone. Other commands refuse an older file until it is migrated, and every version\n"
     "  refuses a file written by a newer one (exit code 3).\n"},
    {"import",
     "omilcrm import KIND FILE [--dry-run] [--skip-invalid] [--rejected OUT.csv]\n"
     "       [--delimiter ';'] [--encoding latin-1] [--map 'File header=field']... [--mapping FILE]\n"
     "       [--office ID]\n"
     "  KIND: employers (by RUT), contacts (of known employers, by e-mail or name), memberships\n"
     "  (cluster periods), interactions, requests, vacancies, seekers (with consent columns).\n"
     "  Spanish headers are recognised (RUT, Razón Social, Comuna, Fecha, Cargo, ...).\n"
     "  --mapping FILE: one 'File header=field' per line, for headers it does not know.\n"
     "  Importing the same file again changes nothing. All or nothing unless --skip-invalid;\n"
     "  --dry-run checks every row and writes nothing; --rejected writes the rejected rows to fix.\n"
     "  Exit code 2 when rows were rejected.\n"},
    {"export",
     "omilcrm export KIND [--csv|--json] [--office ID] [-o FILE] [--personal --purpose TEXT --staff ID]\n"
     "  KIND as for import; CSV by default, in exactly the columns 'import KIND' reads, so a file\n"
     "  exported from one database imports into another and exports again unchanged.\n"
     "  seekers holds personal data: only with --personal, a --purpose ('register_transfer: ...'\n"
     "  or 'legal_obligation: ...') and the --staff member exporting it (the export is logged\n"
     "  under their name).\n"
     "  Other listings and reports: their own command with --csv or --json.\n"},
    {"employers", "omilcrm employers [--search TEXT] [--json|--csv] [--office ID]\n"},
    {"contacts",
     "omilcrm contacts [--employer ID | --search TEXT] [--json|--csv] [--office ID]\n"
     "  The office's contacts, or one employer's (--employer), or those whose name, role, e-mail\n"
     "  or phone, or whose employer's name or RUT, holds TEXT (accents and case ignored).\n"},
    {"staff",
     "omilcrm staff [--active-on DATE] [--json|--csv] [--office ID]\n"
     "omilcrm staff add --name NAME --role ROLE [--started DATE] [--email E] [--phone P] [--office ID]\n"
     "omilcrm staff leave ID [--on DATE]\n"
     "  The office's staff (--active-on: those working there that day). ROLE: head,\n"
     "  territorial_manager, labor_psychologist, administrative, other. leave: ON is the first day\n"
     "  they no longer work there (default today).\n"},
    {"clusters",
     "omilcrm clusters [--json|--csv] [--office ID]\n"
     "omilcrm clusters members CLUSTER [--on DATE | --all] [--json|--csv]\n"
     "omilcrm clusters add --name NAME --kind KIND [--notes TEXT] [--office ID]\n"
     "omilcrm clusters join CLUSTER EMPLOYER [--on DATE]\n"
     "omilcrm clusters leave CLUSTER EMPLOYER [--on DATE]\n"
     "  Groups of employers that act through one representative. members: the employers that\n"
     "  were members on DATE (default today), or every membership period (--all). KIND:\n"
     "  industrial_park, trade_association, chamber_of_commerce, other. leave: out from DATE.\n"},
    {"log",
     "omilcrm log EMPLOYER --kind KIND --by STAFF [--on DATE] [--at HH:MM] [--direction outbound|inbound]\n"
     "            [--contact ID]... [--summary TEXT] [--outcome TEXT] [--next-step TEXT]\n"
     "            [--commitment 'TEXT@YYYY-MM-DD']... [--follow-up 'TEXT@YYYY-MM-DD']...\n"
     "            [--participant 'NAME;ROLE;partner=ID|department=ID or CODE|organisation=TEXT']...\n"
     "  Logs a contact with an employer by staff member STAFF on DATE (default today), with the\n"
     "  commitments made to the employer and the office's own follow-ups, in one transaction;\n"
     "  prints the interaction and each commitment and follow-up with its id. KIND: visit,\n"
     "  phone_call, email, message, meeting, event, other. --contact: a contact present (repeat).\n"
     "  --participant: someone from outside the office and the employer (repeat): a partner's\n"
     "  officer, a municipal department's head, or a person of a named organisation.\n"},
    {"match",
     "omilcrm match VACANCY [--limit N] [--json|--csv]\n"
     "omilcrm match --seeker ID [--limit N] [--json|--csv]\n"
     "  The N (default 20) active seekers with consent for intermediation that best fit the open\n"
     "  vacancy, best first, not yet referred to it nor placed in it; or the open vacancies that best\n"
     "  fit a seeker. Ids, the score and each factor's score and explanation: no names, no RUTs.\n"},
    {"programmes",
     "omilcrm programmes [--json|--csv] [--office ID]\n"
     "omilcrm programmes list [--json|--csv] [--office ID]\n"
     "omilcrm programmes offer CODE (--employer ID | --seeker ID) [--by STAFF] [--on DATE] [--note TEXT]\n"
     "omilcrm programmes outcome OFFER declined|accepted|enrolled [--by STAFF] [--on DATE] [--note TEXT]\n"
     "omilcrm programmes history OFFER [--json|--csv]\n"
     "  Uptake: offers per programme and audience, by their outcome (offered, declined, accepted,\n"
     "  enrolled). list: the programmes (CODE). offer: to an employer or a seeker, as the\n"
     "  programme's audience allows; outcome: what came of it; history: every outcome it went through.\n"},
    {"outreach",
     "omilcrm outreach assets [--json|--csv]\n"
     "omilcrm outreach add --name NAME --kind video|banner|brochure|presentation|other [--produced-by T]\n"
     "                     [--description T] [--uuid UUID]\n"
     "omilcrm outreach show --asset ID --setting SETTING [--on DATE] [--audience AUDIENCE]\n"
     "                      [--audience-size N] [--event ID] [--by STAFF] [--employer ID]... [--partner ID]...\n"
     "                      [--notes T]\n"
     "omilcrm outreach appear --asset ID (--seeker ID | --contact ID | --staff ID) [--scope image|testimonial]\n"
     "                        [--consent-on DATE] [--on DATE]\n"
     "omilcrm outreach appearances --asset ID [--json|--csv]\n"
     "omilcrm outreach lapsed [--json|--csv] [--office ID]\n"
     "omilcrm outreach remove-appearance APPEARANCE [--on DATE]\n"
     "  The outreach material (assets, such as the region's video; give the region's UUID so that\n"
     "  the offices' showings add up), and a showing of it recorded (omilcrm catastro counts them),\n"
     "  with the employers and partner institutions in the audience. SETTING: company_meeting,\n"
     "  municipal_department, job_fair, business_meeting, sence_activity, other. AUDIENCE:\n"
     "  employers, job_seekers, municipal_staff, mixed, other.\n"
     "  appear: who appears in the material; a seeker's consent must cover the scope (image by\n"
     "  default), a contact or staff member needs --consent-on. lapsed: appearances whose seeker's\n"
     "  consent no longer covers them; a showing of such material is refused until the appearance\n"
     "  is removed (the material re-edited).\n"},
    {"events",
     "omilcrm events [--json|--csv] [--office ID]\n"
     "omilcrm events add --title T --on DATE [--kind KIND] [--place T] [--commune C] [--organiser T]\n"
     "                   [--by STAFF] [--notes T] [--co-host OFFICE]... [--partner-host PARTNER]... [--office ID]\n"
     "omilcrm events show EVENT\n"
     "omilcrm events invite EVENT EMPLOYER...\n"
     "omilcrm events attended EVENT EMPLOYER [--by STAFF] [--contact ID]... [--summary T]\n"
     "  The office's events (organised or co-hosted), with how many employers were invited and came\n"
     "  and the vacancies captured there. KIND: business_meeting (default), job_fair,\n"
     "  business_breakfast, coordination_table, other. --co-host: another office taking part;\n"
     "  --partner-host: a partner institution co-hosting it (omilcrm partners). attended: the\n"
     "  employer's interaction log gets an \"event\" entry. Partners are invited and recorded with\n"
     "  omilcrm partners invite|attended; the region's video shown there with omilcrm outreach show\n"
     "  --event.\n"},
    {"partners",
     "omilcrm partners [--kind KIND] [--json|--csv] [--office ID]\n"
     "omilcrm partners add --name NAME --kind KIND [--contact-name T] [--email E] [--phone P]\n"
     "                     [--commune C] [--notes T] [--office ID]\n"
     "omilcrm partners show PARTNER\n"
     "omilcrm partners update PARTNER [--name T] [--kind KIND] [--contact-name T] [--email E]\n"
     "                        [--phone P] [--commune C] [--notes T]\n"
     "omilcrm partners invite EVENT PARTNER...\n"
     "omilcrm partners attended EVENT PARTNER [--attendees N]\n"
     "omilcrm partners participants [--partner ID] [--department ID|CODE] [--name TEXT]\n"
     "                              [--from DATE] [--to DATE] [--json|--csv] [--office ID]\n"
     "omilcrm partners report [--by-partner] [--year Y | --from DATE --to DATE] [--json|--csv] [--office ID]\n"
     "  The office's partner institutions. KIND: university, training_body, public_service,\n"
     "  business_association, other. show: the partner with its events and the interactions its\n"
     "  people took part in. invite / attended: a partner at an event (with how many came).\n"
     "  participants: the people from outside at the office's interactions, newest first. report:\n"
     "  per kind (--by-partner: per partner) the events co-hosted, invited to and attended, the\n"
     "  showings in whose audience it was and the interactions its people took part in.\n"},
    {"catastro",
     "omilcrm catastro --asset ID [--year Y | --from DATE --to DATE] [--json|--csv]\n"
     "omilcrm catastro provinces --asset ID [--year Y | --from DATE --to DATE] [--json|--csv]\n"
     "  The catastro of the material ASSET: one row per office of the file (those that never showed\n"
     "  it too) with showings per setting, audience reached, employers present and the last showing;\n"
     "  provinces: per province, offices that showed it, showings, audience and shares.\n"},
    {"duplicates",
     "omilcrm duplicates [--min-score S] [--json|--csv] [--office ID]\n"
     "  Pairs of the office's employers that are likely the same company (imported twice, under\n"
     "  another spelling or the trade name), best first: both employers, a score from 0 to 1 and\n"
     "  the reasons (same_rut, same_name, similar_name, same_address, same_phone, same_email).\n"
     "  Pairs scoring below S (default 0.5) are left out. Check a pair, then 'omilcrm merge'.\n"},
    {"merge",
     "omilcrm merge KEEP ABSORB --by STAFF\n"
     "omilcrm merge --undo MERGE --by STAFF\n"
     "omilcrm merge --list [--json|--csv] [--office ID]\n"
     "  Merges employer ABSORB into employer KEEP (ids, as 'omilcrm duplicates' lists them), by\n"
     "  staff member STAFF, in one transaction: ABSORB's contacts, interactions, commitments,\n"
     "  requests, vacancies, memberships, portfolio periods and change log move to KEEP; ABSORB\n"
     "  stays in the file, marked merged, out of every listing. KEEP's fields are unchanged.\n"
     "  --undo puts everything back as it was; --list shows the office's merges.\n"},
    {"due",
     "omilcrm due [--on DATE] [--within DAYS] [--staff ID] [--json|--csv] [--office ID]\n"
     "  Employers due or overdue for contact, most overdue first.\n"},
    {"plan",
     "omilcrm plan --staff ID [--on DATE] [--vehicle] [--json|--csv]\n"
     "  A day's visits that fit each company's visiting hours.\n"},
    {"requests",
     "omilcrm requests [--overdue | --near DAYS] [--department ID|CODE] [--all] [--on DATE] [--json|--csv]\n"
     "                 [--office ID]\n"
     "  --overdue: open requests past their deadline on DATE (default today); --near DAYS: open ones\n"
     "  due within DAYS business days; --department: only one department's (its id or code).\n"
     "omilcrm requests open EMPLOYER --category CODE [--description TEXT] [--address TEXT] [--area TEXT]\n"
     "                      [--attributes 'name=value;...'] [--latitude L --longitude L] [--by STAFF]\n"
     "                      [--on DATE] [--interaction ID]\n"
     "  open: receives a request (CODE from the office's catalogue: tree_pruning, ...) and routes it;\n"
     "  prints the department it went to (or triage) and its deadline.\n"
     "omilcrm requests transition ID STATUS --by STAFF [--note TEXT] [--on DATE]\n"
     "  transition: STATUS routed, in_progress, resolved, closed, rejected, reopened (as allowed).\n"
     "omilcrm requests photo ID FILE\n"
     "  photo: keeps FILE (.jpg, .jpeg, .png or .webp, at most 5 MiB) with request ID; Open311\n"
     "  serves it as the request's media_url.\n"},
    {"vacancies",
     "omilcrm vacancies [--open] [--json|--csv] [--office ID]\n"
     "omilcrm vacancies capture EMPLOYER --title TEXT --occupation ISCO [--positions N] [--channel CHANNEL]\n"
     "              [--by STAFF] [--on DATE] [--valid-through DATE] [--interaction ID] [--description T]\n"
     "              [--employment-type T] [--shift S] [--schedule T] [--wage-min CLP] [--wage-max CLP]\n"
     "              [--commune C] [--address A] [--education E] [--experience-months N]\n"
     "              [--licences A2,B] [--skills a,b]\n"
     "omilcrm vacancies posting ID [-o FILE]\n"
     "  capture: a vacancy captured from an employer (ISCO-08 unit group, such as 8322; CHANNEL:\n"
     "  visit, cluster_meeting, email, event, other). posting: the vacancy as a schema.org\n"
     "  JobPosting (JSON-LD) for job boards; it carries no seeker data.\n"},
    {"report",
     "omilcrm report NAME [--year Y | --from DATE --to DATE] [--json|--csv] [--office ID]\n"
     "  NAME: funnel, cluster-share, time-to-fill, channels, retention, requests, compliance\n"},
    {"needs",
     "omilcrm needs [--pending] [--json|--csv] [--office ID]\n"
     "omilcrm needs add EMPLOYER [--category CODE] [--description TEXT] [--on DATE] [--interaction ID]\n"
     "omilcrm needs answer NEED REQUEST\n"
     "omilcrm needs drop NEED --reason TEXT [--on DATE]\n"
     "omilcrm needs report [--year Y | --from DATE --to DATE] [--json|--csv] [--office ID]\n"
     "  Needs as neighbours: what each company needs from the municipality (a category of the\n"
     "  office's service catalogue, or a description), the request that answers each, and the\n"
     "  needs raised beside those served. --pending lists those not yet served or dropped.\n"},
    {"stages",
     "omilcrm stages [--on DATE] [--funnel] [--json|--csv] [--office ID]\n"
     "  Every employer's stage in the gradual approach on DATE (default today): prospect, contacted,\n"
     "  served (a municipal request resolved), giving_vacancies, hiring; since when, and the day of\n"
     "  each step. --funnel: employers by stage per cluster, then (no cluster) and (office).\n"},
    {"reciprocity",
     "omilcrm reciprocity [--year Y | --from DATE --to DATE] [--clusters] [--json|--csv] [--office ID]\n"
     "  Per employer: requests received, resolved, resolved on time, vacancies, positions and hires\n"
     "  in the period, and served_only (served, nothing given back). --clusters: by month and cluster.\n"},
    {"leads",
     "omilcrm leads [--source SOURCE] [--on DATE] [--json|--csv] [--office ID]\n"
     "  The report back to whoever referred employers: each employer whose lead source is SOURCE\n"
     "  (mayors_office, cluster, fair, walk_in, employer_referral, sence, outreach, other; every known\n"
     "  one by default), who referred it, its stage on DATE (default today), and requests resolved,\n"
     "  vacancies, positions and hires up to that day.\n"},
    {"workload",
     "omilcrm workload [--on DATE] [--json|--csv] [--office ID]\n"
     "  Per staff member: employers owned, contacts due and overdue, open and overdue commitments,\n"
     "  follow-ups and requests of their employers, referrals in progress.\n"},
    {"promises",
     "omilcrm promises [--year Y | --from DATE --to DATE] [--json|--csv] [--office ID]\n"
     "  Commitments due in the period per staff member and for the office: kept on time, kept late,\n"
     "  cancelled, open past due, and the share kept on time.\n"},
    {"protocol",
     "omilcrm protocol --asset ID [--year Y | --from DATE --to DATE] [--json|--csv] [--office ID]\n"
     "  The office's events in the period (organised or co-hosted) with no showing of the material\n"
     "  ASSET (the region's institutional video) recorded at them, by date.\n"},
    {"calendar", "omilcrm calendar [--from DATE] [--to DATE] [--staff ID] [-o FILE] [--office ID]\n"},
    {"region",
     "omilcrm region init --region CODE --name NAME\n"
     "omilcrm region register COMMUNE [--name NAME]\n"
     "omilcrm region consolidate FILE...\n"
     "omilcrm region report offices|provinces [--year Y | --from DATE --to DATE] [--json|--csv]\n"
     "  A regional directorate's file: set it up, register its offices, consolidate the offices'\n"
     "  files (each in one transaction, matched by UUID; seekers' personal data never copied),\n"
     "  and report per office or province.\n"},
    {"token",
     "omilcrm token create --staff ID [--role ROLE] [--name TEXT] [--expires DAYS] [--resources a,b]\n"
     "                     [--write | --read-only]\n"
     "omilcrm token create --role integrator|analyst --office ID [...]   (a key without a staff member)\n"
     "omilcrm token revoke ID\n"
     "omilcrm token list [--office ID] [--json|--csv]\n"
     "  Tokens sign requests to the HTTP API (omilcrm serve). create prints the secret on standard\n"
     "  output, once: only its hash is stored, so it cannot be shown again. ROLE: staff, coordinator,\n"
     "  psychologist, analyst, integrator (default: from the staff member's job). Expires in 90\n"
     "  days unless --expires says otherwise. --resources limits it to some resources; --write lets\n"
     "  an integrator write, --read-only keeps a staff token from writing.\n"},
    {"audit",
     "omilcrm audit [--office ID] [--from DATE] [--to DATE] [--json|--csv]\n"
     "  The writes made through the HTTP API (and the tokens created and revoked here): when, who,\n"
     "  what, on which record. Every office when --office is not given.\n"},
    {"rights",
     "omilcrm rights receive --seeker ID --kind KIND --verified-by STAFF --verification TEXT [--detail TEXT]\n"
     "                       [--on DATE]\n"
     "omilcrm rights list [--all | --overdue [--on DATE]] [--kind KIND] [--office ID] [--json|--csv]\n"
     "omilcrm rights extend ID --reason TEXT --by STAFF | answer ID --answer TEXT --by STAFF\n"
     "omilcrm rights refuse ID --reason TEXT --by STAFF\n"
     "omilcrm rights report [--from DATE] [--to DATE] [--office ID] [--json|--csv]\n"
     "omilcrm rights access SEEKER --by STAFF [--json] [-o FILE]\n"
     "omilcrm rights portable SEEKER --by STAFF [--csv] [-o FILE]\n"
     "omilcrm rights import FILE --by STAFF [--office ID]\n"
     "omilcrm rights rectify SEEKER --by STAFF [--rut RUT] [--name NAME] [--birth-date DATE] [--request ID]\n"
     "omilcrm rights erase SEEKER --by STAFF [--request ID]\n"
     "omilcrm rights block SEEKER --reason TEXT --by STAFF [--kind blocking|opposition] [--from DATE]\n"
     "                     [--to DATE] [--request ID]\n"
     "omilcrm rights lift RESTRICTION --by STAFF [--to DATE]\n"
     "  Job seekers' rights under Ley 21.719 (docs/personal-data.md): the register of requests\n"
     "  (KIND: access, rectification, erasure, opposition, portability, blocking) with their\n"
     "  deadline of 30 calendar days, extendable once; the access answer as an HTML document for\n"
     "  the person (or JSON); the portable copy and its import at another office; erasure (exit\n"
     "  status 5 when the law keeps the data, with the reason); blocking and opposition periods.\n"},
    {"retention",
     "omilcrm retention [--set YEARS | --off] [--on DATE] [--apply --by STAFF] [--office ID] [--json|--csv]\n"
     "  The office's retention rule: profiles without activity for YEARS are anonymised. Without\n"
     "  --apply it lists what the rule reaches (a dry run); with it, it anonymises them (for cron).\n"},
    {"activities",
     "omilcrm activities [WORDS...] [--level N] [--json|--csv]\n"
     "  CIIU4.CL 2012, Chile's classification of economic activities (an employer's activity): the\n"
     "  activities whose label holds every word (accents and case ignored), deepest first, or the whole\n"
     "  classification; --level 1 (sections) to 5 (subclasses). A six-digit SII code shows the subclass\n"
     "  it is read as. Needs no database.\n"},
    {"checkins",
     "omilcrm checkins [--on DATE] [--department ID|CODE] [--staff ID] [--office ID] [--json|--csv]\n"
     "omilcrm checkins schedule REQUEST --on DATE [--by STAFF] [--note TEXT]\n"
     "omilcrm checkins done ID [--by STAFF] [--outcome TEXT] [--on DATE]\n"
     "omilcrm checkins days-before [N] [--office ID]\n"
     "  Check-ins with the department a request was routed to (docs/requests.md): one is scheduled\n"
     "  N business days before the request's deadline (2 unless days-before sets it), more by hand\n"
     "  with schedule; a reminder recorded for the request or done does one; closing the request\n"
     "  closes them. The list: open check-ins due on or before DATE (default today), how many days\n"
     "  late, only one department's or one staff member's when given.\n"},
    {"outbox",
     "omilcrm outbox list [--state S] [--trigger T] [--office ID] [--json|--csv]\n"
     "omilcrm outbox send --smtp-url smtp://HOST:PORT --from ADDRESS [--user NAME --password-file FILE]\n"
     "                    [--starttls] [--limit N] [--per-minute N] [--max-attempts N] [--backoff SECONDS]\n"
     "                    [--timeout SECONDS] [--public-url URL]\n"
     "omilcrm outbox queue-due [--on DATE] [--office ID]\n"
     "omilcrm outbox retry ID | cancel ID\n"
     "  Messages are written with the change that causes them (a request routed, its state told to the\n"
     "  employer, a portfolio handed over; docs/notifications.md). send delivers the due ones by SMTP\n"
     "  (smtps:// for TLS from the start, --starttls to require STARTTLS on smtp://), at most --limit\n"
     "  (100), at most --per-minute a minute: each is marked sending before it goes and sent after; a\n"
     "  refused or unanswered one waits --backoff seconds (60, doubling) and fails after\n"
     "  --max-attempts (8); one a stopped sender left in sending is sent again with the same\n"
     "  Message-ID. Prints what it did; run it from cron or a systemd timer. queue-due writes the\n"
     "  day's reminders and digests (once a day). --public-url: where 'omilcrm serve' answers the\n"
     "  public (https://omil.example.cl); messages to employers' contacts then carry an unsubscribe\n"
     "  link to it. States: pending, sending, sent, failed, cancelled.\n"},
    {"serve",
     "omilcrm serve --db FILE [--listen HOST:PORT] [--threads N] [--cors ORIGIN]... [--max-body BYTES]\n"
     "              [--access-log FILE|-] [--static DIR] [--open311-public]\n"
     "              [--smtp-url URL --from ADDRESS [--send-every SECONDS] [outbox send's options]]\n"
     "              [--digest-at HH:MM | --no-digest] [--public-url URL]\n"
     "  Serves the HTTP API (docs/http-api.md) on HOST:PORT (127.0.0.1:8080 by default; port 0 takes\n"
     "  any free port). Prints 'omilcrm: serving FILE on http://HOST:PORT' to stderr once listening.\n"
     "  --threads: requests answered at once (default: the number of processors, at least 2).\n"
     "  --cors: an origin allowed to call the API from a browser (https://crm.example.cl, or *).\n"
     "  --max-body: a larger request body is refused with 413 (default 1048576).\n"
     "  --access-log: one JSON line per request, to FILE (appended) or - for stdout (the default).\n"
     "  --static: a front end's files (examples/web, docs/web-front-end.md): GET of a path no API\n"
     "  route takes answers the file under DIR (/ is index.html), never one outside it (404).\n"
     "  --open311-public: anyone may read the service requests at /open311/v2/requests (a public 311\n"
     "  map); otherwise a reader needs an api_key allowed to read requests (docs/open311.md).\n"
     "  --smtp-url: also delivers the outbox every --send-every seconds (60), as 'omilcrm outbox send'\n"
     "  does with the same options; a round while another sender works on the file is skipped.\n"
     "  --digest-at: each day at HH:MM in each office's time zone, and at start when that hour has\n"
     "  passed, writes the day's reminders and digests ('outbox queue-due', once a day); with\n"
     "  --smtp-url it does so at 07:30 unless told otherwise or --no-digest (cron does it).\n"
     "  --public-url: as outbox send's.\n"
     "  /unsubscribe/TOKEN (no login) answers the unsubscribe links of the messages.\n"
     "  SIGTERM or SIGINT (Ctrl-C) stops it: in-flight requests are answered, then it exits with 0;\n"
     "  a second one stops it at once. Exit code 3 when the file cannot be opened or the address is\n"
     "  in use.\n"},
};

// ---- arguments ----------------------------------------------------------------------------

struct Args {
    std::vector<std::string> positional;
    std::multimap<std::string, std::string> options;
    std::vector<std::string> flags;

    bool flag(const std::string& name) const { return std::find(flags.begin(), flags.end(), name) != flags.end(); }
    std::optional<std::string> get(const std::string& name) const {
        auto it = options.find(name);
        if (it == options.end()) return std::nullopt;
        return it->second;
    }
    std::vector<std::string> all(const std::string& name) const {
        std::vector<std::string> out;
        for (auto [a, b] = options.equal_range(name); a != b; ++a) out.push_back(a->second);
        return out;
    }
    std::string need(const std::string& name) const {
        auto v = get(name);
        if (!v) throw Usage("missing --" + name);
        return *v;
    }
};

const std::vector<std::string> kFlags = {
    "json",     "csv",    "dry-run",  "skip-invalid", "open",      "overdue",        "all",       "vehicle",
    "personal", "help",   "version",  "write",        "read-only", "open311-public", "apply",     "off",
    "list",     "funnel", "clusters", "pending",      "starttls",  "no-digest",      "by-partner"};

Args parse_args(int argc, char** argv, int from) {
    Args a;
    for (int i = from; i < argc; ++i) {
        std::string s = argv[i];
        if (s == "-h") s = "--help";
        if (s == "-o") s = "--output";
        if (s.rfind("--", 0) == 0) {
            std::string name = s.substr(2), value;
            const auto eq = name.find('=');
            const bool inline_value = eq != std::string::npos;
            if (inline_value) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (std::find(kFlags.begin(), kFlags.end(), name) != kFlags.end()) {
                a.flags.push_back(name);
                continue;
            }
            if (!inline_value) {
                if (i + 1 >= argc) throw Usage("--" + name + " needs a value");
                value = argv[++i];
            }
            a.options.emplace(name, value);
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

void check_options(const Args& a, const std::vector<std::string>& allowed) {
    for (const auto& [k, v] : a.options)
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) throw Usage("unknown option --" + k);
    for (const auto& f : a.flags)
        if (std::find(allowed.begin(), allowed.end(), f) == allowed.end()) throw Usage("unknown option --" + f);
}

Date date_arg(const Args& a, const std::string& name, Date fallback) {
    auto v = a.get(name);
    return v ? Date::parse(*v, name) : fallback;
}

// "07:30": minutes after midnight.
int time_of_day_arg(const std::string& name, const std::string& v) {
    int h = -1, m = -1;
    char colon = 0;
    std::istringstream in(v);
    if (v.size() == 5 && (in >> h >> colon >> m) && colon == ':' && h >= 0 && h < 24 && m >= 0 && m < 60)
        return h * 60 + m;
    throw Usage("--" + name + " \"" + v + "\": expected a time of day such as 07:30");
}

Id id_arg(const std::string& name, const std::string& v) {
    try {
        std::size_t used = 0;
        const long long n = std::stoll(v, &used);
        if (used == v.size() && n > 0) return static_cast<Id>(n);
    } catch (...) {
    }
    throw ValidationError(name, v, "expected a positive id");
}

// The positional arguments from `first` on, each an id of `name` (a list of employers, partners...).
std::vector<Id> ids_from(const Args& a, std::size_t first, const std::string& name) {
    std::vector<Id> ids;
    for (std::size_t i = first; i < a.positional.size(); ++i) ids.push_back(id_arg(name, a.positional[i]));
    return ids;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
}

// ---- output -------------------------------------------------------------------------------

// The library's JSON of the table (omilcrm/json.hpp: numbers at full precision, dates ISO, null),
// one row's object per line so that line tools still see one row at a time.
void print_json(const Table& t, std::ostream& out) {
    const boost::json::array rows = table_json(t);
    out << "[";
    for (std::size_t r = 0; r < rows.size(); ++r) out << (r ? ",\n " : "\n ") << json_text(rows[r]);
    out << (rows.empty() ? "]\n" : "\n]\n");
}

// Display width of UTF-8 text (characters, not bytes).
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

void print_table(const Table& t, std::ostream& out) {
    const auto& cols = t.columns();
    std::vector<std::size_t> w;
    for (const auto& c : cols) {
        std::size_t m = width(c.name);
        for (std::size_t r = 0; r < t.rows(); ++r)
            m = std::max(m, std::min<std::size_t>(width(printable(c.text_at(r))), 40));
        w.push_back(m);
    }
    auto cell = [&](const std::string& s, std::size_t k) {
        std::string v = printable(s);
        if (width(v) > 40) {
            while (width(v) > 39) v.pop_back();
            while (!v.empty() && (static_cast<unsigned char>(v.back()) & 0xC0) == 0x80) v.pop_back();
            v += "…";
        }
        out << v << std::string(w[k] - width(v) + 2, ' ');
    };
    for (std::size_t k = 0; k < cols.size(); ++k) cell(cols[k].name, k);
    out << '\n';
    for (std::size_t r = 0; r < t.rows(); ++r) {
        for (std::size_t k = 0; k < cols.size(); ++k) cell(cols[k].text_at(r), k);
        out << '\n';
    }
    if (t.rows() == 0) out << "(none)\n";
}

void emit(const Table& t, const Args& a, std::ostream& out = std::cout) {
    if (a.flag("json")) print_json(t, out);
    else if (a.flag("csv")) t.write_csv(out);
    else print_table(t, out);
}

// The rows of `t` whose "id" is among `ids`, in the table's order.
Table keep_rows(const Table& t, const std::vector<Id>& ids) {
    Table f;
    for (const auto& c : t.columns()) f.add_column(c.name, c.type);
    const auto& id = t.column("id").ints;
    for (std::size_t r = 0; r < t.rows(); ++r) {
        if (std::find(ids.begin(), ids.end(), static_cast<Id>(id[r])) == ids.end()) continue;
        for (std::size_t k = 0; k < t.columns().size(); ++k) {
            const Column& from = t.columns()[k];
            Column& to = f.columns()[k];
            if (!from.valid[r]) to.push_null();
            else if (from.type == ColumnType::Real) to.push_real(from.reals[r]);
            else if (from.type == ColumnType::Text) to.push_text(from.texts[r]);
            else to.push_int(from.ints[r]);
        }
    }
    return f;
}

// ---- the database -------------------------------------------------------------------------

std::string db_path(const Args& global) {
    if (auto p = global.get("db")) return *p;
    if (const char* env = std::getenv("OMILCRM_DB"); env && *env) return env;
    throw Usage("no database: give --db FILE or set OMILCRM_DB");
}

// The command line's way to create a file, for the messages that refuse a missing one.
std::string how_to_create(const std::string& path) {
    return "create it with `omilcrm init " + path + " --office NAME --commune COMMUNE`";
}

// A missing or empty file, refused in the command line's terms.
void check_exists(const std::string& path) {
    if (path == ":memory:") return;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw StorageError("no office database at \"" + path + "\": no such file (" + how_to_create(path) + ")");
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0)
        throw StorageError("no office database in \"" + path + "\": the file is empty (remove it, then " +
                           how_to_create(path) + ")");
}

// Database::open, with the errors of a missing, empty or older file told in the command line's
// terms.
Database open_file(const std::string& path, OpenOptions options = {}) {
    if (options.mode != OpenMode::Create) check_exists(path);
    try {
        return Database::open(path, std::move(options));
    } catch (const SchemaVersionError& e) {
        if (!e.upgradable()) throw;
        throw SchemaVersionError(e.path(), e.file_version(), e.supported_version(),
                                 "upgrade it with `omilcrm migrate " + path + "`, which first writes a backup, " +
                                     path + ".v" + std::to_string(e.file_version()) + ".bak");
    }
}

Database open_existing(const std::string& path) { return open_file(path); }

Id office_of(Database& db, const Args& a) {
    if (auto v = a.get("office")) return db.offices().get(id_arg("office", *v)).meta.id;
    const auto offices = db.offices().list();
    if (offices.size() == 1) return offices.front().meta.id;
    if (offices.empty()) throw Conflict("the database has no office yet (omilcrm init)");
    throw Usage("the database has " + std::to_string(offices.size()) + " offices: choose one with --office ID");
}

// A progress bar on a terminal, nothing when piped.
struct Progress {
    bool on = ::isatty(STDERR_FILENO) != 0;
    void operator()(std::size_t done, std::size_t total) const {
        if (!on || total == 0) return;
        const std::size_t filled = done * 30 / total;
        std::fprintf(stderr, "\r[%s%s] %zu/%zu", std::string(filled, '#').c_str(),
                     std::string(30 - filled, ' ').c_str(), done, total);
        if (done == total) std::fprintf(stderr, "\n");
    }
};

// ---- commands -----------------------------------------------------------------------------

int cmd_init(const std::string& path, const Args& a) {
    check_options(a, {"office", "commune", "address", "latitude", "longitude", "manager", "since"});
    if (!a.positional.empty()) throw Usage("usage: omilcrm init [FILE] --office NAME --commune COMMUNE");
    std::error_code ec;
    if (std::filesystem::exists(path, ec))
        throw Conflict("\"" + path +
                       "\" already exists; init creates a new file (omilcrm migrate upgrades an old one)");
    auto db = open_file(path, {.mode = OpenMode::Create});
    auto tx = db.transaction();
    auto coordinate = [&](const char* name) -> std::optional<double> {
        const auto v = a.get(name);
        if (!v) return std::nullopt;
        try {
            std::size_t used = 0;
            const double d = std::stod(*v, &used);
            if (used == v->size()) return d;
        } catch (const std::exception&) {
        }
        throw ValidationError(name, *v, "expected a number such as -32.9235");
    };
    const Office o = db.offices().add({.name = a.need("office"),
                                       .commune = a.need("commune"),
                                       .address = a.get("address").value_or(""),
                                       .latitude = coordinate("latitude"),
                                       .longitude = coordinate("longitude")});
    if (auto m = a.get("manager"))
        db.staff().add({.office_id = o.meta.id,
                        .name = *m,
                        .role = StaffRole::TerritorialManager,
                        .started = date_arg(a, "since", db.today())});
    tx.commit();
    std::cout << "created " << path << ": " << o.name << " (office " << o.meta.id << ", commune " << o.commune_code
              << ")\n";
    return 0;
}

int cmd_migrate(const std::string& path, const Args& a) {
    check_options(a, {});
    if (!a.positional.empty()) throw Usage("usage: omilcrm migrate [FILE]");
    check_exists(path);
    const UpgradeReport r = Database::upgrade(path);
    if (r.backup.empty()) {
        std::cout << path << ": schema version " << r.to_version << ", already current; nothing to do\n";
        return 0;
    }
    std::cout << path << ": upgraded from schema version " << r.from_version << " to " << r.to_version
              << "; the file as it was is kept in " << r.backup << '\n';
    return 0;
}

int cmd_import(const std::string& path, const Args& a) {
    check_options(a, {"dry-run", "skip-invalid", "rejected", "delimiter", "encoding", "map", "mapping", "office"});
    const auto kinds = Imports::kinds();
    if (a.positional.size() != 2 || std::find(kinds.begin(), kinds.end(), a.positional[0]) == kinds.end())
        throw Usage("usage: omilcrm import KIND FILE (KIND: " + join(kinds) + ")");
    auto db = open_existing(path);
    const std::string bytes = csv::read_file(a.positional[1]);
    std::optional<char> delimiter;
    if (auto d = a.get("delimiter")) {
        if (d->size() != 1) throw Usage("--delimiter takes one character");
        delimiter = (*d)[0];
    }
    std::optional<csv::Encoding> encoding;
    if (auto e = a.get("encoding")) encoding = csv::parse_encoding(*e);
    const csv::Document doc = csv::parse(bytes, delimiter, encoding);
    ImportOptions o;
    o.office_id = office_of(db, a);
    o.dry_run = a.flag("dry-run");
    o.skip_invalid = a.flag("skip-invalid");
    std::vector<std::string> maps;
    if (auto file = a.get("mapping")) {
        // A mapping file: one "File header=field" per line (blank lines and # comments skipped).
        std::ifstream in(*file);
        if (!in) throw ValidationError("mapping", *file, "cannot be read");
        for (std::string line; std::getline(in, line);) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (!line.empty() && line[0] != '#') maps.push_back(line);
        }
    }
    for (const auto& m : a.all("map")) maps.push_back(m);
    for (const auto& m : maps) {
        const auto eq = m.find('=');
        if (eq == std::string::npos) throw Usage("a mapping is 'File header=field', not '" + m + "'");
        o.mapping[m.substr(0, eq)] = m.substr(eq + 1);
    }
    o.progress = Progress{};
    const ImportReport r = db.imports().run(a.positional[0], doc, o);
    for (const auto& p : r.problems)
        std::cerr << a.positional[1] << ":" << p.line << ": " << (p.column.empty() ? "" : p.column + " ")
                  << (p.value.empty() ? "" : "\"" + p.value + "\" ") << p.why << '\n';
    if (auto out = a.get("rejected"); out && !r.rejected_csv.empty())
        std::ofstream(*out, std::ios::binary) << r.rejected_csv;
    std::cout << (o.dry_run ? "dry run: " : "") << r.rows << " rows (" << to_string(doc.encoding) << ", '"
              << doc.delimiter << "'): " << r.created << " new, " << r.updated << " updated, " << r.unchanged
              << " unchanged, " << r.problems.size() << " rejected; " << (r.written ? "written" : "nothing written")
              << '\n';
    for (const auto& c : r.ignored_columns) std::cout << "ignored column: " << c << '\n';
    for (const auto& d : r.likely_duplicates)
        std::cout << a.positional[1] << ":" << d.line << ": likely duplicate of employer " << d.existing_id << " ("
                  << d.reasons << ", score " << d.score << "); imported, see 'omilcrm duplicates'\n";
    return r.problems.empty() ? 0 : 2;
}

int cmd_export(const std::string& path, const Args& a) {
    check_options(a, {"csv", "json", "office", "output", "personal", "purpose", "staff"});
    const auto kinds = Imports::kinds();
    if (a.positional.size() != 1 || std::find(kinds.begin(), kinds.end(), a.positional[0]) == kinds.end())
        throw Usage("usage: omilcrm export KIND (KIND: " + join(kinds) + ")");
    auto db = open_existing(path);
    ExportOptions eo{.personal = a.flag("personal"), .purpose = a.get("purpose").value_or("")};
    if (auto s = a.get("staff")) eo.staff_id = id_arg("staff", *s);
    const Table t = db.imports().export_rows(a.positional[0], office_of(db, a), eo);
    Args fmt = a;
    if (!a.flag("json")) fmt.flags.push_back("csv");
    if (auto out = a.get("output")) {
        std::ofstream f(*out, std::ios::binary);
        emit(t, fmt, f);
        std::cerr << t.rows() << " rows written to " << *out << '\n';
    } else {
        emit(t, fmt);
    }
    return 0;
}

// The activities words find (all of them without words), or the one a code names.
int cmd_activities(const Args& a) {
    check_options(a, {"level", "json", "csv"});
    std::string words;
    for (const auto& w : a.positional) words += (words.empty() ? "" : " ") + w;
    std::optional<int> level;
    if (auto v = a.get("level")) {
        const Id n = id_arg("level", *v);
        if (n > 5) throw ValidationError("level", *v, "expected 1 (sections) to 5 (subclasses)");
        level = static_cast<int>(n);
    }
    std::vector<const Activity*> found;
    const auto first = words.find_first_not_of(' '), last = words.find_last_not_of(' ');
    const std::string code = first == std::string::npos ? std::string() : words.substr(first, last + 1 - first);
    if (const Activity* named = code.empty() ? nullptr : ciiu::find(code))
        found.push_back(named);  // a code at any level, a section's letter included
    else if (!code.empty() && code.find_first_not_of("0123456789") == std::string::npos)
        found.push_back(&ciiu::activity(code));  // an SII code's subclass, or the error saying why not
    else if (!code.empty()) found = ciiu::search(words, ciiu::all().size());
    else
        for (const Activity& x : ciiu::all()) found.push_back(&x);
    Table t;
    auto& codes = t.add_column("code", ColumnType::Text);
    auto& levels = t.add_column("level", ColumnType::Int);
    auto& labels = t.add_column("label", ColumnType::Text);
    auto& sections = t.add_column("section", ColumnType::Text);
    for (const Activity* x : found) {
        if (level && x->level != *level) continue;
        codes.push_text(x->code);
        levels.push_int(x->level);
        labels.push_text(x->label);
        sections.push_text(x->section);
    }
    emit(t, a);
    return 0;
}

int cmd_list(const std::string& path, const std::string& command, const Args& a) {
    auto db = open_existing(path);
    if (command == "employers") {
        check_options(a, {"search", "json", "csv", "office"});
        const Id office = office_of(db, a);
        Table t = db.employers().table(office);
        if (auto text = a.get("search")) {
            // The rows the library's search finds, in the table's columns.
            std::vector<Id> hits;
            for (const auto& e : db.employers().search(office, *text)) hits.push_back(e.meta.id);
            t = keep_rows(t, hits);
        }
        emit(t, a);
    } else if (command == "contacts") {
        check_options(a, {"search", "json", "csv", "office"});
        const Id office = office_of(db, a);
        if (const auto text = a.get("search")) emit(db.contacts().search(office, *text), a);
        else emit(db.contacts().table(office), a);
    } else if (command == "due") {
        check_options(a, {"on", "within", "staff", "json", "csv", "office"});
        DueOptions o;
        if (auto w = a.get("within")) o.within_days = static_cast<int>(id_arg("within", *w));
        if (auto s = a.get("staff")) o.staff_id = id_arg("staff", *s);
        emit(db.cadence().due_table(office_of(db, a), date_arg(a, "on", db.today()), o), a);
    } else if (command == "plan") {
        check_options(a, {"staff", "on", "vehicle", "json", "csv"});
        const auto plan = db.planner().plan_day({.staff_id = id_arg("staff", a.need("staff")),
                                                 .day = date_arg(a, "on", db.today()),
                                                 .vehicle = a.flag("vehicle")});
        emit(db.planner().table(plan), a);
        for (const auto& l : plan.left_out)
            std::cerr << "left out: employer " << l.employer_id << " (" << planner::to_string(l.reason) << ")\n";
    } else if (command == "requests" && !a.positional.empty()) {
        if (a.positional[0] != "photo" || a.positional.size() != 3)
            throw Usage("usage: omilcrm requests photo ID FILE");
        check_options(a, {});
        const Id id = id_arg("request", a.positional[1]);
        const std::filesystem::path file = a.positional[2];
        std::string ext = file.extension().string();
        for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string type = ext == ".jpg" || ext == ".jpeg" ? "image/jpeg"
                                 : ext == ".png"                 ? "image/png"
                                 : ext == ".webp"                ? "image/webp"
                                                                 : "";
        if (type.empty()) throw ValidationError("content_type", ext, "the file must be .jpg, .jpeg, .png or .webp");
        std::ifstream in(file, std::ios::binary);
        if (!in) throw ValidationError("file", file.string(), "cannot be read");
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const RequestPhoto p = db.requests().attach_photo(id, type, bytes);
        std::cout << "photo " << p.meta.uuid << " (" << p.content_type << ", " << p.size << " bytes) kept with request "
                  << id << '\n';
    } else if (command == "requests") {
        check_options(a, {"overdue", "near", "department", "all", "on", "json", "csv", "office"});
        const Id office = office_of(db, a);
        // --department takes the department's id or its code ("aseo").
        std::optional<Id> department;
        if (auto d = a.get("department")) {
            const bool digits =
                !d->empty() && std::all_of(d->begin(), d->end(), [](unsigned char c) { return std::isdigit(c) != 0; });
            if (digits) {
                department = id_arg("department", *d);
            } else {
                const auto found = db.departments().by_code(office, *d);
                if (!found) throw ValidationError("department", *d, "is no department code of this office");
                department = found->meta.id;
            }
        }
        const Date on = date_arg(a, "on", db.today());
        if (a.flag("overdue") || a.get("near")) {
            const auto listed = a.flag("overdue")
                                    ? db.requests().overdue(office, on, department)
                                    : db.requests().near_deadline(
                                          office, on, static_cast<int>(id_arg("near", *a.get("near"))), department);
            std::vector<Id> ids;
            for (const auto& r : listed) ids.push_back(r.meta.id);
            emit(keep_rows(db.requests().table(office), ids), a);
        } else {
            emit(db.requests().table(office, {.open_only = !a.flag("all"), .department_id = department}), a);
        }
    } else if (command == "vacancies") {
        check_options(a, {"open", "json", "csv", "office"});
        emit(db.vacancies().table(office_of(db, a), {.open_only = a.flag("open")}), a);
    }
    return 0;
}

int cmd_duplicates(const std::string& path, const Args& a) {
    check_options(a, {"min-score", "json", "csv", "office"});
    if (!a.positional.empty()) throw Usage("usage: omilcrm duplicates [--min-score S] [--json|--csv]");
    auto db = open_existing(path);
    double min_score = Duplicates::default_min_score;
    if (auto s = a.get("min-score")) {
        std::size_t used = 0;
        try {
            min_score = std::stod(*s, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != s->size()) throw ValidationError("min-score", *s, "is not a number");
    }
    emit(db.duplicates().table(office_of(db, a), min_score), a);
    return 0;
}

int cmd_merge(const std::string& path, const Args& a) {
    check_options(a, {"by", "undo", "list", "json", "csv", "office"});
    auto db = open_existing(path);
    if (a.flag("list")) {
        if (!a.positional.empty()) throw Usage("usage: omilcrm merge --list [--json|--csv]");
        emit(table_of(db.duplicates().merges(office_of(db, a))), a);
        return 0;
    }
    const auto by = a.get("by");
    if (!by) throw Usage("omilcrm merge needs --by STAFF (the staff member merging)");
    const Id staff = id_arg("by", *by);
    if (auto undo = a.get("undo")) {
        if (!a.positional.empty()) throw Usage("usage: omilcrm merge --undo MERGE --by STAFF");
        const EmployerMerge m = db.duplicates().undo(id_arg("undo", *undo), staff);
        std::cout << "undid merge " << m.meta.id << ": employer " << m.absorbed_id << " ("
                  << db.employers().get(m.absorbed_id).display_name() << ") is listed again, with its records\n";
        return 0;
    }
    if (a.positional.size() != 2) throw Usage("usage: omilcrm merge KEEP ABSORB --by STAFF");
    const Id keep = id_arg("KEEP", a.positional[0]), absorb = id_arg("ABSORB", a.positional[1]);
    const EmployerMerge m = db.duplicates().merge(keep, absorb, staff);
    std::cout << "merged employer " << absorb << " (" << db.employers().get(absorb).display_name() << ") into employer "
              << keep << " (" << db.employers().get(keep).display_name() << "): " << m.rows_moved
              << " records moved; merge " << m.meta.id << " (undo: omilcrm merge --undo " << m.meta.id << " --by "
              << staff << ")\n";
    return 0;
}

/// The period of --year Y (default this year) or --from/--to, as the reports take it.
std::pair<Date, Date> period_arg(Database& db, const Args& a) {
    const int year = a.get("year") ? static_cast<int>(id_arg("year", *a.get("year"))) : db.today().year();
    return {date_arg(a, "from", Date(year, 1, 1)), date_arg(a, "to", Date(year, 12, 31))};
}

int cmd_report(const std::string& path, const Args& a) {
    check_options(a, {"year", "from", "to", "json", "csv", "office"});
    if (a.positional.size() != 1) throw Usage("usage: omilcrm report NAME (see omilcrm report --help)");
    auto db = open_existing(path);
    const Id office = office_of(db, a);
    const auto [from, to] = period_arg(db, a);
    const std::string& name = a.positional[0];
    if (name == "funnel") emit(db.reports().funnel(office, from, to), a);
    else if (name == "cluster-share") emit(db.reports().cluster_share(office, from, to), a);
    else if (name == "time-to-fill") emit(db.reports().time_to_fill(office, from, to), a);
    else if (name == "channels") emit(db.reports().placements_by_channel(office, from, to), a);
    else if (name == "retention") emit(db.reports().retention(office, from, to, db.today()), a);
    else if (name == "requests") emit(db.requests().deadline_compliance(office, from, to), a);
    else if (name == "compliance") emit(db.cadence().compliance_table(office, from, to), a);
    else throw Usage("unknown report '" + name + "'");
    return 0;
}

int cmd_needs(const std::string& path, const Args& a) {
    auto db = open_existing(path);
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    const auto print = [](const EmployerNeed& n) {
        std::cout << "need " << n.meta.id << " of employer " << n.employer_id << ": "
                  << (n.category.empty() ? n.description : n.category) << " (" << to_string(n.status) << ")\n";
    };
    if (sub.empty()) {
        check_options(a, {"pending", "json", "csv", "office"});
        const Id office = office_of(db, a);
        Table t = db.needs().table(office);
        if (a.flag("pending")) {
            std::vector<Id> ids;
            for (const auto& n : db.needs().list(office, true)) ids.push_back(n.meta.id);
            t = keep_rows(t, ids);
        }
        emit(t, a);
    } else if (sub == "add") {
        check_options(a, {"category", "description", "on", "interaction"});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm needs add EMPLOYER [--category CODE] ...");
        NewNeed n{.employer_id = id_arg("employer", a.positional[1]),
                  .category = a.get("category").value_or(""),
                  .description = a.get("description").value_or("")};
        if (a.get("on")) n.on = date_arg(a, "on", db.today());
        if (auto i = a.get("interaction")) n.interaction_id = id_arg("interaction", *i);
        print(db.needs().add(n));
    } else if (sub == "answer") {
        check_options(a, {});
        if (a.positional.size() != 3) throw Usage("usage: omilcrm needs answer NEED REQUEST");
        print(db.needs().answer(id_arg("need", a.positional[1]), id_arg("request", a.positional[2])));
    } else if (sub == "drop") {
        check_options(a, {"reason", "on"});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm needs drop NEED --reason TEXT");
        print(db.needs().drop(id_arg("need", a.positional[1]), date_arg(a, "on", db.today()), a.need("reason")));
    } else if (sub == "report") {
        check_options(a, {"year", "from", "to", "json", "csv", "office"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm needs report [--year Y]");
        const Id office = office_of(db, a);
        const auto [from, to] = period_arg(db, a);
        emit(db.needs().report(office, from, to), a);
    } else {
        throw Usage("unknown needs command '" + sub + "' (add, answer, drop, report)");
    }
    return 0;
}

int cmd_relationships(const std::string& path, const std::string& command, const Args& a) {
    if (!a.positional.empty()) throw Usage("usage: see omilcrm " + command + " --help");
    auto db = open_existing(path);
    if (command == "stages") {
        check_options(a, {"on", "funnel", "json", "csv", "office"});
        const Id office = office_of(db, a);
        const Date on = date_arg(a, "on", db.today());
        emit(a.flag("funnel") ? db.relationships().funnel(office, on) : db.relationships().stages(office, on), a);
    } else if (command == "reciprocity") {
        check_options(a, {"year", "from", "to", "clusters", "json", "csv", "office"});
        const Id office = office_of(db, a);
        const auto [from, to] = period_arg(db, a);
        emit(a.flag("clusters") ? db.relationships().cluster_reciprocity(office, from, to)
                                : db.relationships().reciprocity(office, from, to),
             a);
    } else if (command == "leads") {
        check_options(a, {"source", "on", "json", "csv", "office"});
        const Id office = office_of(db, a);
        std::optional<LeadSource> source;
        if (auto s = a.get("source")) source = parse_enum<LeadSource>(*s, "source");
        emit(db.relationships().leads(office, source, date_arg(a, "on", db.today())), a);
    } else if (command == "workload") {
        check_options(a, {"on", "json", "csv", "office"});
        const Id office = office_of(db, a);
        emit(db.workload().staff(office, date_arg(a, "on", db.today())), a);
    } else if (command == "promises") {
        check_options(a, {"year", "from", "to", "json", "csv", "office"});
        const Id office = office_of(db, a);
        const auto [from, to] = period_arg(db, a);
        emit(db.workload().promises(office, from, to), a);
    } else {
        check_options(a, {"asset", "year", "from", "to", "json", "csv", "office"});
        const Id office = office_of(db, a);
        const auto [from, to] = period_arg(db, a);
        std::vector<Id> missed;
        for (const auto& e : db.outreach().events_without_showing(id_arg("asset", a.need("asset")), office, from, to))
            missed.push_back(e.meta.id);
        emit(keep_rows(db.events().table(office), missed), a);
    }
    return 0;
}

int cmd_calendar(const std::string& path, const Args& a) {
    check_options(a, {"from", "to", "staff", "output", "office"});
    auto db = open_existing(path);
    const Date from = date_arg(a, "from", db.today());
    CalendarRequest r{.office_id = office_of(db, a), .from = from, .to = date_arg(a, "to", from.add_months(2))};
    if (auto s = a.get("staff")) r.staff_id = id_arg("staff", *s);
    const std::string ics = db.calendar().ics(r);
    if (auto out = a.get("output")) {
        std::ofstream(*out, std::ios::binary) << ics;
        std::cerr << "calendar written to " << *out << '\n';
    } else {
        std::cout << ics;
    }
    return 0;
}

int cmd_region(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    if (sub == "init") {
        check_options(a, {"region", "name"});
        auto db = open_file(path, {.mode = OpenMode::Create});
        const auto d = db.regional().setup(a.need("region"), a.need("name"));
        std::cout << path << ": " << d.name << " (region " << d.region_code << ")\n";
        return 0;
    }
    auto db = open_existing(path);
    if (sub == "register") {
        check_options(a, {"name"});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm region register COMMUNE [--name NAME]");
        const Office o = db.regional().register_office(a.positional[1], a.get("name").value_or(""));
        std::cout << "registered " << o.name << " (office " << o.meta.id << ", commune " << o.commune_code << ")\n";
        return 0;
    }
    if (sub == "consolidate") {
        check_options(a, {});
        if (a.positional.size() < 2) throw Usage("usage: omilcrm region consolidate FILE...");
        const Progress progress;
        const std::size_t files = a.positional.size() - 1;
        int status = 0;
        for (std::size_t k = 1; k < a.positional.size(); ++k) {
            try {
                const ImportResult r = db.regional().import_office(a.positional[k]);
                if (progress.on) std::fprintf(stderr, "\r%s\r", std::string(60, ' ').c_str());
                std::cout << a.positional[k] << ": " << r.office_name << ", " << r.inserted << " rows new, "
                          << r.updated << " updated\n";
            } catch (const Error& e) {  // one refused file leaves the others to go on; nothing of it is written
                std::cerr << a.positional[k] << ": refused, nothing written: " << e.what() << '\n';
                status = 2;
            }
            progress(k, files);
        }
        return status;
    }
    if (sub == "report") {
        check_options(a, {"year", "from", "to", "json", "csv"});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm region report offices|provinces");
        const auto [from, to] = period_arg(db, a);
        if (a.positional[1] == "offices") emit(db.regional().offices_report(from, to), a);
        else if (a.positional[1] == "provinces") emit(db.regional().provinces_report(from, to), a);
        else throw Usage("unknown regional report '" + a.positional[1] + "': offices or provinces");
        return 0;
    }
    throw Usage("usage: omilcrm region init|register|consolidate|report (omilcrm region --help)");
}

// "a,b" as ["a", "b"] (blank items dropped).
std::vector<std::string> list_arg(const std::string& v) {
    std::vector<std::string> out;
    std::stringstream in(v);
    for (std::string item; std::getline(in, item, ',');)
        if (item.find_first_not_of(' ') != std::string::npos) out.push_back(item);
    return out;
}

int cmd_token(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    if (sub == "create") {
        check_options(a, {"staff", "office", "role", "name", "expires", "resources", "write", "read-only"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm token create --staff ID [options]");
        if (a.flag("write") && a.flag("read-only")) throw Usage("give --write or --read-only, not both");
        auto db = open_existing(path);
        NewToken n;
        if (auto s = a.get("staff")) n.staff_id = id_arg("staff", *s);
        if (auto o = a.get("office")) n.office_id = id_arg("office", *o);
        if (auto r = a.get("role")) n.role = parse_enum<Role>(*r);
        n.name = a.get("name").value_or("");
        if (auto r = a.get("resources")) n.resources = list_arg(*r);
        if (a.flag("write")) n.can_write = true;
        if (a.flag("read-only")) n.can_write = false;
        if (auto d = a.get("expires")) {
            const Id days = id_arg("expires", *d);
            if (days > 3650) throw ValidationError("expires", *d, "must be from 1 to 3650 days");
            n.expires_in_days = static_cast<int>(days);
        }
        auto tx = db.transaction();
        const IssuedToken issued = db.access().create(n);
        const Token& t = issued.token;
        db.access().record({.actor = "cli",
                            .action = "create",
                            .resource = "tokens",
                            .record_id = t.meta.id,
                            .office_id = t.office_id,
                            .detail = std::string(to_string(t.role)) + " token \"" + t.name + "\""});
        tx.commit();
        std::cerr << "token " << t.meta.id << ": " << t.name << ", " << to_string(t.role)
                  << (t.office_id ? ", office " + std::to_string(*t.office_id) : std::string(", every office"))
                  << (t.resources.empty() ? "" : ", only " + join(t.resources))
                  << (t.can_write ? ", reads and writes" : ", read-only") << ", expires "
                  << (t.expires_at ? to_iso(*t.expires_at) : std::string("never")) << '\n';
        std::cout << issued.secret << '\n';
        std::cerr << "This is the only time the secret is shown: it cannot be shown again (only its hash is "
                     "kept). Store it now; if it is lost, revoke the token and create another.\n";
        return 0;
    }
    if (sub == "revoke") {
        check_options(a, {});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm token revoke ID");
        auto db = open_existing(path);
        auto tx = db.transaction();
        const Id id = id_arg("token", a.positional[1]);
        const bool was_revoked = db.access().get(id).revoked_at.has_value();
        const Token t = db.access().revoke(id);
        if (!was_revoked)
            db.access().record({.actor = "cli",
                                .action = "revoke",
                                .resource = "tokens",
                                .record_id = t.meta.id,
                                .office_id = t.office_id,
                                .detail = std::string(to_string(t.role)) + " token \"" + t.name + "\""});
        tx.commit();
        std::cout << "token " << t.meta.id << " (" << t.name << ") " << (was_revoked ? "was already" : "is")
                  << " revoked since " << to_iso(*t.revoked_at) << '\n';
        return 0;
    }
    if (sub == "list") {
        check_options(a, {"office", "json", "csv"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm token list [--office ID]");
        auto db = open_existing(path);
        std::optional<Id> office;
        if (auto o = a.get("office")) office = id_arg("office", *o);
        emit(db.access().table(office), a);
        return 0;
    }
    throw Usage("usage: omilcrm token create|revoke|list (omilcrm token --help)");
}

int cmd_audit(const std::string& path, const Args& a) {
    check_options(a, {"office", "from", "to", "json", "csv"});
    if (!a.positional.empty()) throw Usage("usage: omilcrm audit [--office ID] [--from DATE] [--to DATE]");
    auto db = open_existing(path);
    std::optional<Id> office;
    if (auto o = a.get("office")) office = id_arg("office", *o);
    std::optional<Date> from, to;
    if (auto f = a.get("from")) from = Date::parse(*f, "from");
    if (auto t = a.get("to")) to = Date::parse(*t, "to");
    emit(db.access().audit(office, from, to), a);
    return 0;
}

// ---- rights and retention (Ley 21.719) ----------------------------------------------------

std::string required_arg(const Args& a, const std::string& name) {
    auto v = a.get(name);
    if (!v) throw Usage("--" + name + " is required");
    return *v;
}

std::optional<Date> date_opt(const Args& a, const std::string& name) {
    if (auto v = a.get(name)) return Date::parse(*v, name);
    return std::nullopt;
}

void print_request(const RightsRequest& r) {
    std::cout << "rights request " << r.meta.id << ": " << to_string(r.kind) << " of job seeker " << r.seeker_id << ", "
              << to_string(r.status) << ", due " << r.due_on.iso()
              << (r.answered_on ? ", closed " + r.answered_on->iso() : std::string()) << '\n';
}

// `text` to the file of --output (-o), or to standard output.
void write_out(const std::string& text, const Args& a) {
    if (auto out = a.get("output")) {
        std::ofstream f(*out, std::ios::binary);
        f << text;
        if (!f) throw StorageError("cannot write \"" + *out + "\"");
        std::cerr << "wrote " << *out << '\n';
    } else {
        std::cout << text;
    }
}

int cmd_rights(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    const auto one = [&](const char* what) {
        if (a.positional.size() != 2) throw Usage(std::string("usage: omilcrm rights ") + sub + " " + what);
        return id_arg(what, a.positional[1]);
    };
    if (sub == "receive") {
        check_options(a, {"seeker", "kind", "verified-by", "verification", "detail", "on"});
        auto db = open_existing(path);
        print_request(db.data_rights().receive({.seeker_id = id_arg("seeker", required_arg(a, "seeker")),
                                                .kind = parse_enum<RightKind>(required_arg(a, "kind")),
                                                .detail = a.get("detail").value_or(""),
                                                .received_on = date_opt(a, "on"),
                                                .verified_by = id_arg("verified-by", required_arg(a, "verified-by")),
                                                .verification = required_arg(a, "verification")}));
        return 0;
    }
    if (sub == "list") {
        check_options(a, {"all", "overdue", "on", "kind", "office", "json", "csv"});
        auto db = open_existing(path);
        const Id office = office_of(db, a);
        std::vector<RightsRequest> rows;
        if (a.flag("overdue")) rows = db.data_rights().overdue(office, date_opt(a, "on").value_or(db.today()));
        else {
            RightsFilter f{.open_only = !a.flag("all")};
            if (auto k = a.get("kind")) f.kind = parse_enum<RightKind>(*k);
            rows = db.data_rights().list(office, f);
        }
        emit(table_of(rows), a);
        return 0;
    }
    if (sub == "extend" || sub == "answer" || sub == "refuse") {
        check_options(a, {"reason", "answer", "by", "on"});
        const Id id = one("ID");
        auto db = open_existing(path);
        const Id by = id_arg("by", required_arg(a, "by"));
        const auto on = date_opt(a, "on");
        if (sub == "extend") print_request(db.data_rights().extend(id, required_arg(a, "reason"), by, on));
        else if (sub == "answer") print_request(db.data_rights().answer(id, required_arg(a, "answer"), by, on));
        else print_request(db.data_rights().refuse(id, required_arg(a, "reason"), by, on));
        return 0;
    }
    if (sub == "report") {
        check_options(a, {"from", "to", "office", "json", "csv"});
        auto db = open_existing(path);
        const Date to = date_opt(a, "to").value_or(db.today());
        const Date from = date_opt(a, "from").value_or(Date(to.year(), 1, 1));
        emit(db.data_rights().report(office_of(db, a), from, to), a);
        return 0;
    }
    if (sub == "access") {
        check_options(a, {"by", "json", "output"});
        const Id seeker = one("SEEKER");
        auto db = open_existing(path);
        const SubjectAccess answer = db.data_rights().access(seeker, id_arg("by", required_arg(a, "by")));
        write_out(a.flag("json") ? json_pretty(to_json(answer)) + "\n" : access_document(answer), a);
        return 0;
    }
    if (sub == "portable") {
        check_options(a, {"by", "csv", "output"});
        const Id seeker = one("SEEKER");
        auto db = open_existing(path);
        const Id by = id_arg("by", required_arg(a, "by"));
        std::ostringstream text;
        if (a.flag("csv")) db.data_rights().portable_table(seeker, by).write_csv(text);
        else text << db.data_rights().portable_json(seeker, by) << '\n';
        write_out(text.str(), a);
        return 0;
    }
    if (sub == "import") {
        check_options(a, {"by", "office"});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm rights import FILE --by ID [--office ID]");
        std::ifstream in(a.positional[1], std::ios::binary);
        if (!in) throw StorageError("cannot read \"" + a.positional[1] + "\"");
        const std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto db = open_existing(path);
        const JobSeeker s =
            db.data_rights().import_portable(office_of(db, a), json, id_arg("by", required_arg(a, "by")));
        std::cout << "job seeker " << s.meta.id << " registered from the portable copy\n";
        return 0;
    }
    if (sub == "rectify") {
        check_options(a, {"by", "rut", "name", "birth-date", "request"});
        const Id seeker = one("SEEKER");
        auto db = open_existing(path);
        Rectification c{.rut = a.get("rut"), .name = a.get("name")};
        if (auto b = a.get("birth-date")) c.birth_date = std::optional<Date>(Date::parse(*b, "birth-date"));
        std::optional<Id> request;
        if (auto r = a.get("request")) request = id_arg("request", *r);
        db.data_rights().rectify(seeker, c, id_arg("by", required_arg(a, "by")), request);
        std::cout << "job seeker " << seeker << ": rectified\n";
        return 0;
    }
    if (sub == "erase") {
        check_options(a, {"by", "request"});
        const Id seeker = one("SEEKER");
        auto db = open_existing(path);
        std::optional<Id> request;
        if (auto r = a.get("request")) request = id_arg("request", *r);
        const ErasureOutcome o = db.data_rights().erase(seeker, id_arg("by", required_arg(a, "by")), request);
        if (o.erased) std::cout << "job seeker " << seeker << ": personal data erased\n";
        else std::cout << "job seeker " << seeker << ": erasure refused: " << o.reason << '\n';
        return o.erased ? 0 : 5;
    }
    if (sub == "block") {
        check_options(a, {"kind", "reason", "by", "from", "to", "request"});
        const Id seeker = one("SEEKER");
        auto db = open_existing(path);
        NewRestriction n{.seeker_id = seeker,
                         .kind = parse_enum<RestrictionKind>(a.get("kind").value_or("blocking")),
                         .from = date_opt(a, "from"),
                         .to = date_opt(a, "to"),
                         .reason = required_arg(a, "reason"),
                         .staff_id = id_arg("by", required_arg(a, "by"))};
        if (auto r = a.get("request")) n.request_id = id_arg("request", *r);
        const SeekerRestriction r = db.data_rights().restrict(n);
        std::cout << "restriction " << r.meta.id << ": " << to_string(r.kind) << " of job seeker " << seeker << " from "
                  << r.from.iso() << (r.to ? " to " + r.to->iso() : std::string(" until lifted")) << '\n';
        return 0;
    }
    if (sub == "lift") {
        check_options(a, {"to", "by"});
        const Id id = one("RESTRICTION");
        auto db = open_existing(path);
        const SeekerRestriction r =
            db.data_rights().lift(id, date_opt(a, "to").value_or(db.today()), id_arg("by", required_arg(a, "by")));
        std::cout << "restriction " << r.meta.id << " ends on " << r.to->iso() << '\n';
        return 0;
    }
    throw Usage(
        "usage: omilcrm rights receive|list|extend|answer|refuse|report|access|portable|import|rectify|erase|block|"
        "lift "
        "(omilcrm rights --help)");
}

int cmd_retention(const std::string& path, const Args& a) {
    check_options(a, {"office", "set", "off", "apply", "by", "on", "json", "csv"});
    if (!a.positional.empty()) throw Usage("usage: omilcrm retention [--set YEARS | --off] [--apply --by ID]");
    auto db = open_existing(path);
    const Id office = office_of(db, a);
    if (auto y = a.get("set")) db.data_rights().set_retention(office, static_cast<int>(id_arg("set", *y)));
    if (a.flag("off")) db.data_rights().set_retention(office, std::nullopt);
    const auto years = db.data_rights().retention(office);
    std::cerr << "retention: " << (years ? std::to_string(*years) + " years without activity" : std::string("none"))
              << '\n';
    const Date day = date_opt(a, "on").value_or(db.today());
    const auto items = a.flag("apply")
                           ? db.data_rights().apply_retention(office, day, id_arg("by", required_arg(a, "by")))
                           : db.data_rights().expired(office, day);
    emit(table_of(items), a);
    if (!a.flag("apply") && !items.empty())
        std::cerr << items.size() << " profile(s) would be anonymised (a dry run: add --apply --by ID)\n";
    return 0;
}

// ---- the office's daily work: staff, clusters, the log, requests, vacancies, outreach,
// programmes, matching ----------------------------------------------------------------------
//
// A command that writes builds the record the library takes from its options, under the names
// the Python package gives them (from_json, omilcrm/json.hpp): the library reads and checks every
// value, and its errors name the field and the value (exit code 2), so the command line adds no
// rules of its own.

/// An option's text as a JSON number when it reads as one; otherwise as text, which the library
/// then refuses naming the field and the value.
boost::json::value number_value(const std::string& v) {
    try {
        boost::json::value n = parse_json(v);
        if (n.is_number()) return n;
    } catch (const ValidationError&) {
    }
    return boost::json::string(v);
}

/// The keys of a record, filled from the options that were given.
struct RecordKeys {
    boost::json::object o;
    RecordKeys& text(const std::string& key, const std::optional<std::string>& v) {
        if (v) o[key] = *v;
        return *this;
    }
    RecordKeys& number(const std::string& key, const std::optional<std::string>& v) {
        if (v) o[key] = number_value(*v);
        return *this;
    }
    /// A repeatable option (--contact 3 --contact 4) as a list of ids.
    RecordKeys& numbers(const std::string& key, const std::vector<std::string>& vs) {
        if (vs.empty()) return *this;
        boost::json::array out;
        for (const auto& v : vs) out.push_back(number_value(v));
        o[key] = std::move(out);
        return *this;
    }
    /// "a,b" as a list of texts (--skills "grúa horquilla,bodega").
    RecordKeys& texts(const std::string& key, const std::optional<std::string>& v) {
        if (!v) return *this;
        boost::json::array out;
        for (const auto& item : list_arg(*v)) out.emplace_back(item);
        o[key] = std::move(out);
        return *this;
    }
};

/// --commitment "TEXT@YYYY-MM-DD" (repeatable) as the records' {"description", "due"}.
boost::json::array tasks_arg(const Args& a, const std::string& option) {
    boost::json::array out;
    for (const auto& v : a.all(option)) {
        const auto at = v.rfind('@');
        if (at == std::string::npos)
            throw ValidationError(option, v, "expected TEXT@YYYY-MM-DD: what, then the day it is due");
        out.push_back(boost::json::object{{"description", v.substr(0, at)}, {"due", v.substr(at + 1)}});
    }
    return out;
}

/// A department given by id or by its code ("obras") at the file's office.
Id department_arg(Database& db, const Args& a, const std::string& field, const std::string& v) {
    if (!v.empty() && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); }))
        return id_arg(field, v);
    const auto d = db.departments().by_code(office_of(db, a), v);
    if (!d) throw ValidationError(field, v, "is not a department of the office (its id or code, such as obras)");
    return d->meta.id;
}

/// --participant "NAME;ROLE;partner=ID" (or department=ID|CODE, organisation=TEXT), repeatable,
/// as the records' {"name", "role", "partner" | "department" | "organisation"}.
boost::json::array participants_arg(Database& db, const Args& a) {
    boost::json::array out;
    const auto options = a.all("participant");
    for (std::size_t i = 0; i < options.size(); ++i) {
        const std::string& v = options[i];
        const std::string field = "participants[" + std::to_string(i) + "]";
        const auto first = v.find(';');
        const auto second = first == std::string::npos ? first : v.find(';', first + 1);
        const auto eq = second == std::string::npos ? second : v.find('=', second + 1);
        if (eq == std::string::npos)
            throw ValidationError(field, v,
                                  "expected 'NAME;ROLE;partner=ID', 'NAME;ROLE;department=ID or CODE' or "
                                  "'NAME;ROLE;organisation=TEXT' (ROLE may be empty)");
        const std::string from = v.substr(second + 1, eq - second - 1), value = v.substr(eq + 1);
        boost::json::object p{{"name", v.substr(0, first)}, {"role", v.substr(first + 1, second - first - 1)}};
        if (from == "partner") p["partner"] = number_value(value);
        else if (from == "department") p["department"] = department_arg(db, a, field + ".department", value);
        else if (from == "organisation") p["organisation"] = value;
        else
            throw ValidationError(field, v,
                                  "says where the person comes from with partner=, department= or organisation=");
        out.push_back(std::move(p));
    }
    return out;
}

std::string minute_text(int minute) {
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

/// The one positional argument after the sub-command (an id), or the usage.
Id one_id(const Args& a, const char* what, const std::string& usage) {
    if (a.positional.size() != 2) throw Usage("usage: " + usage);
    return id_arg(what, a.positional[1]);
}

int cmd_contacts_of(const std::string& path, const Args& a) {
    check_options(a, {"employer", "json", "csv"});
    if (!a.positional.empty()) throw Usage("usage: omilcrm contacts [--employer ID]");
    auto db = open_existing(path);
    const Employer e = db.employers().get(id_arg("employer", a.need("employer")));
    std::vector<Id> ids;
    for (const auto& c : db.contacts().list(e.meta.id)) ids.push_back(c.meta.id);
    emit(keep_rows(db.contacts().table(e.office_id), ids), a);
    return 0;
}

int cmd_staff(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    auto db = open_existing(path);
    const auto print = [](const StaffMember& s) {
        std::cout << "staff member " << s.meta.id << ": " << s.name << ", " << to_string(s.role) << ", from "
                  << s.started.iso() << (s.left ? ", left on " + s.left->iso() : std::string()) << '\n';
    };
    if (sub.empty()) {
        check_options(a, {"active-on", "json", "csv", "office"});
        const Id office = office_of(db, a);
        Table t = db.staff().table(office);
        if (auto on = date_opt(a, "active-on")) {
            std::vector<Id> ids;
            for (const auto& s : db.staff().list(office, on)) ids.push_back(s.meta.id);
            t = keep_rows(t, ids);
        }
        emit(t, a);
    } else if (sub == "add") {
        check_options(a, {"name", "role", "email", "phone", "started", "office"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm staff add --name NAME --role ROLE [--started DATE]");
        RecordKeys k;
        k.o["office"] = office_of(db, a);
        k.text("name", a.need("name")).text("role", a.need("role")).text("email", a.get("email"));
        k.text("phone", a.get("phone")).text("started", a.get("started"));
        print(db.staff().add(from_json<NewStaffMember>(k.o, "staff member")));
    } else if (sub == "leave") {
        check_options(a, {"on"});
        const Id id = one_id(a, "staff", "omilcrm staff leave ID [--on DATE]");
        print(db.staff().leave(id, date_arg(a, "on", db.today())));
    } else {
        throw Usage("unknown staff command '" + sub + "' (add, leave)");
    }
    return 0;
}

int cmd_clusters(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    auto db = open_existing(path);
    if (sub.empty()) {
        check_options(a, {"json", "csv", "office"});
        Table t;  // the clusters' fields, their rhythm as text, and how many members they have today
        auto& ids = t.add_column("id", ColumnType::Int);
        auto& names = t.add_column("name", ColumnType::Text);
        auto& kinds = t.add_column("kind", ColumnType::Text);
        auto& representatives = t.add_column("representative_id", ColumnType::Int);
        auto& meets = t.add_column("meets", ColumnType::Text);
        auto& members = t.add_column("members", ColumnType::Int);
        auto& notes = t.add_column("notes", ColumnType::Text);
        for (const Cluster& c : db.clusters().list(office_of(db, a))) {
            ids.push_int(c.meta.id);
            names.push_text(c.name);
            kinds.push_text(to_string(c.kind));
            if (c.representative_id) representatives.push_int(*c.representative_id);
            else representatives.push_null();
            meets.push_text(c.meets ? c.meets->str() : "");
            members.push_int(static_cast<std::int64_t>(db.clusters().members(c.meta.id, db.today()).size()));
            notes.push_text(c.notes);
        }
        emit(t, a);
    } else if (sub == "members") {
        check_options(a, {"on", "all", "json", "csv"});
        const Cluster c = db.clusters().get(one_id(a, "cluster", "omilcrm clusters members ID [--on DATE | --all]"));
        if (a.flag("all")) emit(table_of(db.clusters().memberships(c.meta.id)), a);
        else
            emit(keep_rows(db.employers().table(c.office_id),
                           db.clusters().members(c.meta.id, date_arg(a, "on", db.today()))),
                 a);
    } else if (sub == "add") {
        check_options(a, {"name", "kind", "notes", "office"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm clusters add --name NAME --kind KIND");
        RecordKeys k;
        k.o["office"] = office_of(db, a);
        k.text("name", a.need("name")).text("kind", a.need("kind")).text("notes", a.get("notes"));
        const Cluster c = db.clusters().add(from_json<NewCluster>(k.o, "cluster"));
        std::cout << "cluster " << c.meta.id << ": " << c.name << ", " << to_string(c.kind) << '\n';
    } else if (sub == "join" || sub == "leave") {
        check_options(a, {"on"});
        if (a.positional.size() != 3) throw Usage("usage: omilcrm clusters " + sub + " CLUSTER EMPLOYER [--on DATE]");
        const Id cluster = id_arg("cluster", a.positional[1]), employer = id_arg("employer", a.positional[2]);
        const Date on = date_arg(a, "on", db.today());
        const Membership m = sub == "join" ? db.clusters().add_member(cluster, employer, on)
                                           : db.clusters().remove_member(cluster, employer, on);
        std::cout << "employer " << m.employer_id << " in cluster " << m.cluster_id << " ("
                  << db.clusters().get(cluster).name << ") from " << m.joined.iso()
                  << (m.left ? ", out from " + m.left->iso() : std::string()) << '\n';
    } else {
        throw Usage("unknown clusters command '" + sub + "' (members, add, join, leave)");
    }
    return 0;
}

int cmd_log(const std::string& path, const Args& a) {
    check_options(a, {"kind", "by", "on", "at", "direction", "contact", "summary", "outcome", "next-step", "commitment",
                      "follow-up", "participant"});
    if (a.positional.size() != 1) throw Usage("usage: omilcrm log EMPLOYER --kind KIND --by STAFF [options]");
    auto db = open_existing(path);
    RecordKeys k;
    k.number("employer", a.positional[0]).text("kind", a.need("kind")).number("by", a.need("by"));
    k.text("on", a.get("on").value_or(db.today().iso())).text("at", a.get("at")).text("direction", a.get("direction"));
    k.numbers("contacts", a.all("contact")).text("summary", a.get("summary")).text("outcome", a.get("outcome"));
    k.text("next_step", a.get("next-step"));
    k.o["commitments"] = tasks_arg(a, "commitment");
    k.o["follow_ups"] = tasks_arg(a, "follow-up");
    k.o["participants"] = participants_arg(db, a);
    const Interaction i = db.interactions().log(from_json<NewInteraction>(k.o, "interaction"));
    std::cout << "interaction " << i.meta.id << ": " << to_string(i.kind) << " with employer "
              << i.employer_id.value_or(0) << " on " << i.on.iso()
              << (i.at_minute ? " at " + minute_text(*i.at_minute) : std::string()) << " by staff member " << i.staff_id
              << '\n';
    for (const Participant& p : i.participants)
        std::cout << "participant: " << p.name << (p.role.empty() ? "" : ", " + p.role) << " ("
                  << (p.partner_id      ? db.partners().get(*p.partner_id).name
                      : p.department_id ? db.departments().get(*p.department_id).name
                                        : p.organisation)
                  << ")\n";
    const TaskFilter mine{.office_id = i.office_id, .employer_id = i.employer_id};
    for (const Commitment& c : db.commitments().open(mine))
        if (c.interaction_id == i.meta.id)
            std::cout << "commitment " << c.meta.id << ": " << c.description << ", due " << c.due.iso()
                      << ", staff member " << c.owner_id << '\n';
    for (const FollowUp& f : db.follow_ups().open(mine))
        if (f.interaction_id == i.meta.id)
            std::cout << "follow-up " << f.meta.id << ": " << f.description << ", due " << f.due.iso()
                      << ", staff member " << f.owner_id << '\n';
    return 0;
}

int cmd_request_write(const std::string& path, const Args& a) {
    const std::string& sub = a.positional[0];
    auto db = open_existing(path);
    if (sub == "open") {
        check_options(a, {"category", "description", "address", "area", "attributes", "latitude", "longitude", "by",
                          "on", "interaction"});
        if (a.positional.size() != 2)
            throw Usage("usage: omilcrm requests open EMPLOYER --category CODE [--description TEXT] [--by STAFF]");
        RecordKeys k;
        k.number("employer", a.positional[1]).text("category", a.need("category"));
        k.text("description", a.get("description")).text("address", a.get("address")).text("area", a.get("area"));
        k.text("attributes", a.get("attributes")).number("latitude", a.get("latitude"));
        k.number("longitude", a.get("longitude")).number("by", a.get("by")).text("received_on", a.get("on"));
        k.number("interaction", a.get("interaction"));
        const ServiceRequest r = db.requests().open(from_json<NewServiceRequest>(k.o, "request"));
        std::cout << "request " << r.meta.id << ": " << r.category << ", received " << r.received_on.iso() << ", ";
        if (r.department_id) {
            const Department d = db.departments().get(*r.department_id);
            std::cout << "routed to " << d.name << " (" << d.code << ")";
        } else {
            std::cout << "in triage (no routing rule took it)";
        }
        std::cout << (r.due_on ? ", due " + r.due_on->iso() : std::string()) << " (" << r.deadline_days
                  << " business days)\n";
    } else if (sub == "transition") {
        check_options(a, {"by", "note", "on"});
        if (a.positional.size() != 3)
            throw Usage("usage: omilcrm requests transition ID STATUS --by STAFF [--note TEXT] [--on DATE]");
        const ServiceRequest r = db.requests().transition(
            id_arg("request", a.positional[1]), parse_enum<RequestStatus>(a.positional[2], "status"),
            id_arg("by", a.need("by")), a.get("note").value_or(""), false, date_opt(a, "on"));
        std::cout << "request " << r.meta.id << ": " << to_string(r.status)
                  << (r.resolved_on ? ", resolved " + r.resolved_on->iso() : std::string())
                  << (r.due_on ? ", due " + r.due_on->iso() : std::string()) << '\n';
    } else {
        throw Usage("unknown requests command '" + sub + "' (open, transition, photo)");
    }
    return 0;
}

int cmd_vacancy_write(const std::string& path, const Args& a) {
    const std::string& sub = a.positional[0];
    auto db = open_existing(path);
    if (sub == "capture") {
        check_options(a, {"title",
                          "occupation",
                          "positions",
                          "description",
                          "employment-type",
                          "shift",
                          "schedule",
                          "wage-min",
                          "wage-max",
                          "commune",
                          "address",
                          "education",
                          "experience-months",
                          "licences",
                          "skills",
                          "channel",
                          "interaction",
                          "by",
                          "on",
                          "valid-through"});
        if (a.positional.size() != 2)
            throw Usage("usage: omilcrm vacancies capture EMPLOYER --title TEXT --occupation ISCO [options]");
        RecordKeys k;
        k.number("employer", a.positional[1]).text("title", a.need("title")).text("occupation", a.need("occupation"));
        k.number("positions", a.get("positions")).text("description", a.get("description"));
        k.text("employment_type", a.get("employment-type")).text("shift", a.get("shift"));
        k.text("schedule", a.get("schedule"))
            .number("wage_min", a.get("wage-min"))
            .number("wage_max", a.get("wage-max"));
        k.text("commune", a.get("commune")).text("address", a.get("address")).text("education", a.get("education"));
        k.number("experience_months", a.get("experience-months")).texts("licences", a.get("licences"));
        k.texts("skills", a.get("skills"))
            .text("channel", a.get("channel"))
            .number("interaction", a.get("interaction"));
        k.number("by", a.get("by")).text("on", a.get("on")).text("valid_through", a.get("valid-through"));
        const Vacancy v = db.vacancies().capture(from_json<NewVacancy>(k.o, "vacancy"));
        std::cout << "vacancy " << v.meta.id << ": " << v.title << " (ISCO " << v.occupation << ") at employer "
                  << v.employer_id << ", " << v.positions << (v.positions == 1 ? " position" : " positions") << ", "
                  << to_string(v.status) << ", captured " << v.captured_on.iso() << " (" << to_string(v.channel)
                  << "), valid through " << v.valid_through.iso() << '\n';
    } else if (sub == "posting") {
        check_options(a, {"output"});
        const Id id = one_id(a, "vacancy", "omilcrm vacancies posting ID [-o FILE]");
        write_out(json_pretty(parse_json(db.vacancies().job_posting(id))), a);
    } else {
        throw Usage("unknown vacancies command '" + sub + "' (capture, posting)");
    }
    return 0;
}

int cmd_catastro(const std::string& path, const Args& a) {
    check_options(a, {"asset", "year", "from", "to", "json", "csv"});
    const bool provinces = a.positional.size() == 1 && a.positional[0] == "provinces";
    if (!a.positional.empty() && !provinces)
        throw Usage("usage: omilcrm catastro [provinces] --asset ID [--year Y | --from DATE --to DATE]");
    auto db = open_existing(path);
    const Id asset = db.outreach().asset(id_arg("asset", a.need("asset"))).meta.id;
    const auto [from, to] = period_arg(db, a);
    emit(provinces ? db.outreach().catastro_by_province(asset, from, to) : db.outreach().catastro(asset, from, to), a);
    return 0;
}

int cmd_outreach(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    auto db = open_existing(path);
    if (sub == "assets") {
        check_options(a, {"json", "csv"});
        emit(table_of(db.outreach().assets()), a);
    } else if (sub == "add") {
        check_options(a, {"name", "kind", "produced-by", "description", "uuid"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm outreach add --name NAME --kind KIND");
        const OutreachAsset x = db.outreach().add_asset(a.need("name"), parse_enum<AssetKind>(a.need("kind"), "kind"),
                                                        a.get("produced-by").value_or(""),
                                                        a.get("description").value_or(""), a.get("uuid").value_or(""));
        std::cout << "asset " << x.meta.id << ": " << x.name << ", " << to_string(x.kind) << '\n';
    } else if (sub == "show") {
        check_options(a, {"asset", "on", "setting", "audience", "audience-size", "event", "by", "notes", "employer",
                          "partner", "office"});
        if (a.positional.size() != 1)
            throw Usage("usage: omilcrm outreach show --asset ID --setting SETTING --audience-size N [options]");
        RecordKeys k;
        k.o["office"] = office_of(db, a);
        k.number("asset", a.need("asset")).text("on", a.get("on").value_or(db.today().iso()));
        k.text("setting", a.need("setting")).text("audience", a.get("audience"));
        k.number("audience_size", a.get("audience-size")).number("event", a.get("event")).number("by", a.get("by"));
        k.text("notes", a.get("notes")).numbers("employers", a.all("employer")).numbers("partners", a.all("partner"));
        const Showing s = db.outreach().record(from_json<NewShowing>(k.o, "showing"));
        std::cout << "showing " << s.meta.id << " of " << db.outreach().asset(s.asset_id).name << " on " << s.on.iso()
                  << ": " << to_string(s.setting) << ", " << s.audience_size << " " << to_string(s.audience) << '\n';
    } else if (sub == "appear") {
        check_options(a, {"asset", "seeker", "contact", "staff", "scope", "consent-on", "on"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm outreach appear --asset ID --seeker ID [options]");
        RecordKeys k;
        k.number("asset", a.need("asset")).number("seeker", a.get("seeker")).number("contact", a.get("contact"));
        k.number("staff", a.get("staff")).text("scope", a.get("scope")).text("consent_on", a.get("consent-on"));
        k.text("on", a.get("on"));
        const AssetAppearance x = db.outreach().add_appearance(from_json<NewAppearance>(k.o, "appearance"));
        std::cout << "appearance " << x.meta.id << " in " << db.outreach().asset(x.asset_id).name << ": "
                  << (x.seeker_id    ? "seeker " + std::to_string(*x.seeker_id)
                      : x.contact_id ? "contact " + std::to_string(*x.contact_id)
                                     : "staff member " + std::to_string(x.staff_id.value_or(0)))
                  << ", " << to_string(x.scope) << ", consent of " << x.consent_on.iso() << '\n';
    } else if (sub == "appearances") {
        check_options(a, {"asset", "json", "csv"});
        emit(table_of(db.outreach().appearances(id_arg("asset", a.need("asset")))), a);
    } else if (sub == "lapsed") {
        check_options(a, {"json", "csv", "office"});
        emit(table_of(db.outreach().lapsed_appearances(office_of(db, a))), a);
    } else if (sub == "remove-appearance") {
        check_options(a, {"on"});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm outreach remove-appearance APPEARANCE [--on DATE]");
        std::optional<Date> on;
        if (a.get("on")) on = date_arg(a, "on", db.today());
        const AssetAppearance x = db.outreach().remove_appearance(id_arg("appearance", a.positional[1]), on);
        std::cout << "appearance " << x.meta.id << " removed on " << x.removed_on->iso() << '\n';
    } else {
        throw Usage(
            "usage: omilcrm outreach assets|add|show|appear|appearances|lapsed|remove-appearance (omilcrm outreach "
            "--help)");
    }
    return 0;
}

int cmd_events(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    auto db = open_existing(path);
    if (sub.empty()) {
        check_options(a, {"json", "csv", "office"});
        emit(db.events().table(office_of(db, a)), a);
    } else if (sub == "add") {
        check_options(a, {"title", "on", "kind", "place", "commune", "organiser", "by", "notes", "co-host",
                          "partner-host", "office"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm events add --title T --on DATE [options]");
        RecordKeys k;
        k.o["office"] = office_of(db, a);
        k.text("title", a.need("title")).text("on", a.need("on")).text("kind", a.get("kind"));
        k.text("place", a.get("place")).text("commune", a.get("commune")).text("organiser", a.get("organiser"));
        k.number("by", a.get("by")).text("notes", a.get("notes")).numbers("co_hosts", a.all("co-host"));
        k.numbers("partner_hosts", a.all("partner-host"));
        const Event e = db.events().add(from_json<NewEvent>(k.o, "event"));
        std::cout << "event " << e.meta.id << " on " << e.on.iso() << ": " << e.title << ", " << to_string(e.kind)
                  << '\n';
    } else if (sub == "show") {
        check_options(a, {});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm events show EVENT");
        const Event e = db.events().get(id_arg("event", a.positional[1]));
        std::cout << "event " << e.meta.id << " on " << e.on.iso() << ": " << e.title << ", " << to_string(e.kind)
                  << '\n';
        if (!e.place.empty()) std::cout << "  place: " << e.place << '\n';
        if (!e.organiser.empty()) std::cout << "  organiser: " << e.organiser << '\n';
        for (Id o : e.co_hosts) std::cout << "  co-host: " << db.offices().get(o).name << '\n';
        for (const EventPartner& g : db.events().partners(e.meta.id))
            std::cout << "  partner: " << db.partners().get(g.partner_id).name
                      << (g.co_host    ? " (co-host)"
                          : g.attended ? " (attended)"
                                       : " (invited)")
                      << (g.attendees ? ", " + std::to_string(g.attendees) + " people" : std::string()) << '\n';
        for (const EventGuest& g : db.events().guests(e.meta.id))
            std::cout << "  employer: " << db.employers().get(g.employer_id).display_name()
                      << (g.attended ? " (attended)" : " (invited)") << '\n';
    } else if (sub == "invite") {
        check_options(a, {});
        if (a.positional.size() < 3) throw Usage("usage: omilcrm events invite EVENT EMPLOYER...");
        const std::vector<Id> ids = ids_from(a, 2, "employer");
        const Id event = id_arg("event", a.positional[1]);
        db.events().invite(event, ids);
        std::cout << ids.size() << " employer(s) invited to event " << event << '\n';
    } else if (sub == "attended") {
        check_options(a, {"by", "contact", "summary"});
        if (a.positional.size() != 3) throw Usage("usage: omilcrm events attended EVENT EMPLOYER [options]");
        std::optional<Id> by;
        if (auto b = a.get("by")) by = id_arg("by", *b);
        std::vector<Id> contacts;
        for (const auto& c : a.all("contact")) contacts.push_back(id_arg("contact", c));
        const EventGuest g = db.events().attend(id_arg("event", a.positional[1]), id_arg("employer", a.positional[2]),
                                                by, contacts, a.get("summary").value_or(""));
        std::cout << "employer " << g.employer_id << " attended event " << g.event_id << " (interaction "
                  << g.interaction_id.value_or(0) << ")\n";
    } else {
        throw Usage("usage: omilcrm events [add|show|invite|attended] (omilcrm events --help)");
    }
    return 0;
}

int cmd_partners(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    auto db = open_existing(path);
    const auto print = [](const Partner& p) {
        std::cout << "partner " << p.meta.id << ": " << p.name << ", " << to_string(p.kind)
                  << (p.contact_name.empty() ? "" : ", " + p.contact_name)
                  << (p.email.empty() ? "" : " <" + p.email + ">") << '\n';
    };
    if (sub.empty()) {
        check_options(a, {"kind", "json", "csv", "office"});
        std::optional<PartnerKind> kind;
        if (auto k = a.get("kind")) kind = parse_enum<PartnerKind>(*k, "kind");
        emit(table_of(db.partners().list(office_of(db, a), kind)), a);
    } else if (sub == "add") {
        check_options(a, {"name", "kind", "contact-name", "email", "phone", "commune", "notes", "office"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm partners add --name NAME --kind KIND [options]");
        RecordKeys k;
        k.o["office"] = office_of(db, a);
        k.text("name", a.need("name")).text("kind", a.need("kind")).text("contact_name", a.get("contact-name"));
        k.text("email", a.get("email")).text("phone", a.get("phone")).text("commune", a.get("commune"));
        k.text("notes", a.get("notes"));
        print(db.partners().add(from_json<NewPartner>(k.o, "partner")));
    } else if (sub == "show") {
        check_options(a, {});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm partners show PARTNER");
        const Partner p = db.partners().get(id_arg("partner", a.positional[1]));
        print(p);
        if (!p.phone.empty()) std::cout << "  phone: " << p.phone << '\n';
        if (!p.commune.empty()) std::cout << "  commune: " << p.commune << '\n';
        if (!p.notes.empty()) std::cout << "  notes: " << p.notes << '\n';
        for (const Event& e : db.partners().events(p.meta.id)) {
            std::string role;
            for (const EventPartner& g : db.events().partners(e.meta.id))
                if (g.partner_id == p.meta.id)
                    role = g.co_host ? "co-host" : g.attended ? "attended" : g.invited ? "invited" : "";
            std::cout << "  event " << e.meta.id << " on " << e.on.iso() << ": " << e.title << " (" << role << ")\n";
        }
        for (const Interaction& i : db.partners().interactions(p.meta.id))
            std::cout << "  interaction " << i.meta.id << " on " << i.on.iso() << ": " << to_string(i.kind)
                      << (i.employer_id ? " with employer " + std::to_string(*i.employer_id)
                                        : " of cluster " + std::to_string(i.cluster_id.value_or(0)))
                      << '\n';
    } else if (sub == "update") {
        check_options(a, {"name", "kind", "contact-name", "email", "phone", "commune", "notes"});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm partners update PARTNER [options]");
        PartnerChanges c{.name = a.get("name"),
                         .contact_name = a.get("contact-name"),
                         .email = a.get("email"),
                         .phone = a.get("phone"),
                         .commune = a.get("commune"),
                         .notes = a.get("notes")};
        if (auto k = a.get("kind")) c.kind = parse_enum<PartnerKind>(*k, "kind");
        print(db.partners().update(id_arg("partner", a.positional[1]), c));
    } else if (sub == "invite") {
        check_options(a, {});
        if (a.positional.size() < 3) throw Usage("usage: omilcrm partners invite EVENT PARTNER...");
        const std::vector<Id> ids = ids_from(a, 2, "partner");
        const Id event = id_arg("event", a.positional[1]);
        db.events().invite_partners(event, ids);
        std::cout << ids.size() << " partner(s) invited to event " << event << '\n';
    } else if (sub == "attended") {
        check_options(a, {"attendees"});
        if (a.positional.size() != 3) throw Usage("usage: omilcrm partners attended EVENT PARTNER [--attendees N]");
        int attendees = 0;
        if (auto n = a.get("attendees")) {
            const auto r = std::from_chars(n->data(), n->data() + n->size(), attendees);
            if (r.ec != std::errc() || r.ptr != n->data() + n->size())
                throw ValidationError("attendees", *n, "expected a whole number");
        }
        const EventPartner g = db.events().partner_attended(id_arg("event", a.positional[1]),
                                                            id_arg("partner", a.positional[2]), attendees);
        std::cout << "partner " << g.partner_id << " attended event " << g.event_id
                  << (g.attendees ? " with " + std::to_string(g.attendees) + " people" : std::string()) << '\n';
    } else if (sub == "participants") {
        check_options(a, {"partner", "department", "name", "from", "to", "json", "csv", "office"});
        ParticipantFilter f{.office_id = office_of(db, a), .name = a.get("name").value_or("")};
        if (auto p = a.get("partner")) f.partner_id = id_arg("partner", *p);
        if (auto d = a.get("department")) f.department_id = department_arg(db, a, "department", *d);
        if (a.get("from")) f.from = date_arg(a, "from", db.today());
        if (a.get("to")) f.to = date_arg(a, "to", db.today());
        emit(db.interactions().participants(f), a);
    } else if (sub == "report") {
        check_options(a, {"by-partner", "year", "from", "to", "json", "csv", "office"});
        const Id office = office_of(db, a);
        const auto [from, to] = period_arg(db, a);
        emit(a.flag("by-partner") ? db.partners().activity(office, from, to) : db.partners().report(office, from, to),
             a);
    } else {
        throw Usage("unknown partners command '" + sub +
                    "' (add, show, update, invite, attended, participants, report)");
    }
    return 0;
}

int cmd_programmes(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    auto db = open_existing(path);
    const auto say = [](const ProgrammeOffer& o, const std::string& code) {
        std::cout << "offer " << o.meta.id << ": " << code << " to "
                  << (o.employer_id ? "employer " + std::to_string(*o.employer_id)
                                    : "job seeker " + std::to_string(o.seeker_id.value_or(0)))
                  << ", offered " << o.offered_on.iso() << ", " << to_string(o.outcome)
                  << (o.outcome_on ? " on " + o.outcome_on->iso() : std::string()) << '\n';
    };
    if (sub.empty()) {
        check_options(a, {"json", "csv", "office"});
        emit(db.programmes().table(office_of(db, a)), a);
    } else if (sub == "list") {
        check_options(a, {"json", "csv", "office"});
        emit(table_of(db.programmes().list(office_of(db, a))), a);
    } else if (sub == "offer") {
        check_options(a, {"employer", "seeker", "by", "on", "note", "office"});
        if (a.positional.size() != 2)
            throw Usage("usage: omilcrm programmes offer CODE (--employer ID | --seeker ID) [--by STAFF] [--on DATE]");
        std::optional<Id> employer, seeker, by;
        if (auto e = a.get("employer")) employer = id_arg("employer", *e);
        if (auto s = a.get("seeker")) seeker = id_arg("seeker", *s);
        if (auto b = a.get("by")) by = id_arg("by", *b);
        const ProgrammeOffer o = db.programmes().offer(office_of(db, a), a.positional[1], employer, seeker, by,
                                                       date_opt(a, "on"), a.get("note").value_or(""));
        say(o, a.positional[1]);
    } else if (sub == "outcome") {
        check_options(a, {"by", "on", "note"});
        if (a.positional.size() != 3)
            throw Usage("usage: omilcrm programmes outcome OFFER declined|accepted|enrolled [--on DATE] [--by STAFF]");
        std::optional<Id> by;
        if (auto b = a.get("by")) by = id_arg("by", *b);
        const Id id = id_arg("offer", a.positional[1]);
        const ProgrammeOffer o =
            db.programmes().record_outcome(id, parse_enum<OfferOutcome>(a.positional[2], "outcome"), date_opt(a, "on"),
                                           by, a.get("note").value_or(""));
        std::string code;
        for (const auto& p : db.programmes().list(o.office_id))
            if (p.meta.id == o.programme_id) code = p.code;
        say(o, code);
    } else if (sub == "history") {
        check_options(a, {"json", "csv"});
        emit(db.programmes().offer_history(one_id(a, "offer", "omilcrm programmes history OFFER")), a);
    } else {
        throw Usage("unknown programmes command '" + sub + "' (list, offer, outcome, history)");
    }
    return 0;
}

int cmd_match(const std::string& path, const Args& a) {
    check_options(a, {"seeker", "limit", "json", "csv"});
    const auto seeker = a.get("seeker");
    if (a.positional.size() != (seeker ? 0u : 1u))
        throw Usage("usage: omilcrm match VACANCY [--limit N] | omilcrm match --seeker ID [--limit N]");
    std::size_t limit = 20;
    if (auto l = a.get("limit")) {
        const boost::json::value n = number_value(*l);
        if (!n.is_int64() || n.as_int64() < 1) throw ValidationError("limit", *l, "expected a whole number from 1");
        limit = static_cast<std::size_t>(n.as_int64());
    }
    auto db = open_existing(path);
    emit(Matching::table(seeker ? db.matching().vacancies_for(id_arg("seeker", *seeker), limit)
                                : db.matching().seekers_for(id_arg("vacancy", a.positional[0]), limit)),
         a);
    return 0;
}

// ---- serve -------------------------------------------------------------------------------

std::uint64_t number_arg(const std::string& name, const std::string& v, std::uint64_t min, std::uint64_t max) {
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || end != v.data() + v.size() || n < min || n > max)
        throw Usage("--" + name + " \"" + v + "\": expected a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max));
    return n;
}

/// "127.0.0.1:8080", "localhost:8080", "[::1]:8080", "0.0.0.0:0".
std::pair<std::string, std::uint16_t> listen_arg(const std::string& v) {
    const auto colon = v.rfind(':');
    std::string host = colon == std::string::npos ? "" : v.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty() || host.find_first_of("[]/ ") != std::string::npos)
        throw Usage("--listen \"" + v + "\": expected HOST:PORT, such as 127.0.0.1:8080 or [::1]:8080");
    return {host, static_cast<std::uint16_t>(number_arg("listen", v.substr(colon + 1), 0, 65535))};
}

std::string read_secret(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Usage("--password-file " + file + ": cannot be read");
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

// The SMTP options of `outbox send` and `serve`.
const std::vector<std::string> kSmtpOptions = {"smtp-url",   "from",         "user",    "password-file", "starttls",
                                               "per-minute", "max-attempts", "backoff", "timeout",       "public-url"};

SmtpSettings smtp_settings(const Args& a) {
    SmtpSettings s;
    s.url = a.need("smtp-url");
    s.from = a.need("from");
    s.user = a.get("user").value_or("");
    if (auto f = a.get("password-file")) s.password = read_secret(*f);
    s.starttls = a.flag("starttls");
    if (auto v = a.get("per-minute")) s.per_minute = static_cast<int>(number_arg("per-minute", *v, 0, 100000));
    if (auto v = a.get("max-attempts")) s.max_attempts = static_cast<int>(number_arg("max-attempts", *v, 1, 1000));
    if (auto v = a.get("backoff")) s.backoff = std::chrono::seconds(number_arg("backoff", *v, 0, 86400));
    if (auto v = a.get("timeout")) s.timeout = std::chrono::seconds(number_arg("timeout", *v, 1, 3600));
    s.public_url = a.get("public-url").value_or("");
    return s;
}

// --department: the department's id or its code ("aseo").
std::optional<Id> department_arg(Database& db, Id office, const Args& a) {
    const auto d = a.get("department");
    if (!d) return std::nullopt;
    if (!d->empty() && std::all_of(d->begin(), d->end(), [](unsigned char c) { return std::isdigit(c); }))
        return id_arg("department", *d);
    const auto found = db.departments().by_code(office, *d);
    if (!found) throw ValidationError("department", *d, "is no department code of this office");
    return found->meta.id;
}

int cmd_checkins(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    auto db = open_existing(path);
    if (sub.empty()) {
        check_options(a, {"on", "department", "staff", "office", "json", "csv"});
        const Id office = office_of(db, a);
        CheckInFilter f;
        f.department_id = department_arg(db, office, a);
        if (auto s = a.get("staff")) f.staff_id = id_arg("staff", *s);
        emit(db.checkins().table(office, date_arg(a, "on", db.today(office)), f), a);
        return 0;
    }
    if (sub == "schedule") {
        check_options(a, {"on", "by", "note"});
        if (a.positional.size() != 2)
            throw Usage("usage: omilcrm checkins schedule REQUEST --on DATE [--by STAFF] [--note TEXT]");
        const CheckIn c =
            db.checkins().schedule(id_arg("request", a.positional[1]), Date::parse(a.need("on"), "on"),
                                   a.get("by") ? id_arg("by", *a.get("by")) : 0, a.get("note").value_or(""));
        std::cout << "check-in " << c.meta.id << ": request " << c.request_id << " with "
                  << db.departments().get(c.department_id).name << " on " << c.due_on.iso() << '\n';
        return 0;
    }
    if (sub == "done") {
        check_options(a, {"by", "outcome", "on"});
        if (a.positional.size() != 2)
            throw Usage("usage: omilcrm checkins done ID [--by STAFF] [--outcome TEXT] [--on DATE]");
        const CheckIn c =
            db.checkins().done(id_arg("check-in", a.positional[1]), a.get("by") ? id_arg("by", *a.get("by")) : 0,
                               a.get("outcome").value_or(""), date_opt(a, "on"));
        std::cout << "check-in " << c.meta.id << ": done " << (c.done_on ? c.done_on->iso() : std::string()) << '\n';
        return 0;
    }
    if (sub == "days-before") {
        check_options(a, {"office"});
        const Id office = office_of(db, a);
        if (a.positional.size() == 2)
            db.checkins().set_days_before(office, static_cast<int>(number_arg("days-before", a.positional[1], 0, 60)));
        else if (a.positional.size() != 1) throw Usage("usage: omilcrm checkins days-before [N]");
        std::cout << db.checkins().days_before(office) << " business days before the deadline\n";
        return 0;
    }
    throw Usage("unknown checkins command '" + sub + "' (schedule, done, days-before)");
}

int cmd_outbox(const std::string& path, const Args& a) {
    const std::string sub = a.positional.empty() ? "" : a.positional[0];
    if (sub == "list") {
        check_options(a, {"state", "trigger", "office", "json", "csv"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm outbox list [--state S]");
        auto db = open_existing(path);
        MessageFilter f;
        if (auto s = a.get("state")) f.state = parse_enum<MessageState>(*s);
        if (auto t = a.get("trigger")) f.trigger = parse_enum<Notification>(*t);
        emit(db.outbox().table(office_of(db, a), f), a);
        return 0;
    }
    if (sub == "send") {
        std::vector<std::string> allowed = kSmtpOptions;
        allowed.push_back("limit");
        check_options(a, allowed);
        if (a.positional.size() != 1) throw Usage("usage: omilcrm outbox send --smtp-url URL --from ADDRESS");
        const SmtpSettings s = smtp_settings(a);
        std::size_t limit = 100;
        if (auto v = a.get("limit")) limit = number_arg("limit", *v, 1, 1000000);
        auto db = open_existing(path);
        const SendReport r = db.outbox().send(s, limit);
        std::cout << "sent " << r.sent << " (" << r.resent << " again after an interrupted run), retried " << r.retried
                  << ", failed " << r.failed << '\n';
        return 0;
    }
    if (sub == "queue-due") {
        check_options(a, {"on", "office"});
        if (a.positional.size() != 1) throw Usage("usage: omilcrm outbox queue-due [--on DATE]");
        auto db = open_existing(path);
        const Id office = office_of(db, a);
        const std::size_t n = db.outbox().queue_due(office, date_arg(a, "on", db.today(office)));
        std::cout << "queued " << n << " messages\n";
        return 0;
    }
    if (sub == "retry" || sub == "cancel") {
        check_options(a, {});
        if (a.positional.size() != 2) throw Usage("usage: omilcrm outbox " + sub + " ID");
        auto db = open_existing(path);
        const Id id = id_arg("message", a.positional[1]);
        const Message m = sub == "retry" ? db.outbox().retry(id) : db.outbox().cancel(id);
        std::cout << "message " << m.meta.id << " to " << m.address << ": " << to_string(m.state) << '\n';
        return 0;
    }
    throw Usage("usage: omilcrm outbox list|send|queue-due|retry|cancel (omilcrm outbox --help)");
}

int cmd_serve(const Args& global, const Args& a) {
    std::vector<std::string> allowed = {"db",     "listen",         "threads",    "cors",      "max-body", "access-log",
                                        "static", "open311-public", "send-every", "digest-at", "no-digest"};
    allowed.insert(allowed.end(), kSmtpOptions.begin(), kSmtpOptions.end());
    check_options(a, allowed);
    const std::string path = a.get("db") ? *a.get("db") : db_path(global);
    // The outbox's sender, when the server is given a mail server.
    std::optional<SmtpSettings> smtp;
    if (a.get("smtp-url")) smtp = smtp_settings(a);
    else if (a.get("from") || a.get("send-every")) throw Usage("--from and --send-every go with --smtp-url");
    const auto send_every =
        std::chrono::seconds(a.get("send-every") ? number_arg("send-every", *a.get("send-every"), 1, 86400) : 60);
    if (a.get("public-url") && !smtp) throw Usage("--public-url goes with --smtp-url");
    // The morning's reminders and digests, at --digest-at in each office's time zone: a server
    // that delivers mail writes them too (at 07:30 unless told), unless --no-digest.
    std::optional<int> digest_minute;
    if (a.flag("no-digest")) {
        if (a.get("digest-at")) throw Usage("--digest-at and --no-digest: give one");
    } else if (smtp || a.get("digest-at")) {
        digest_minute = time_of_day_arg("digest-at", a.get("digest-at").value_or("07:30"));
    }
    auto [host, port] = listen_arg(a.get("listen").value_or("127.0.0.1:8080"));
    const unsigned threads = a.get("threads") ? static_cast<unsigned>(number_arg("threads", *a.get("threads"), 1, 256))
                                              : std::max(2u, std::thread::hardware_concurrency());
    http::ApiOptions api_options{.database = path};
    for (const auto& origin : a.all("cors")) {
        const bool web = origin.rfind("http://", 0) == 0 || origin.rfind("https://", 0) == 0;
        if (origin != "*" && (!web || origin.find('/', origin.find("//") + 2) != std::string::npos))
            throw Usage("--cors \"" + origin + "\": expected an origin such as https://crm.example.cl, or *");
        api_options.cors_origins.push_back(origin);
    }
    if (auto m = a.get("max-body"))
        api_options.max_body_bytes = static_cast<std::size_t>(number_arg("max-body", *m, 1, std::size_t(1) << 40));
    if (auto dir = a.get("static")) {
        std::error_code not_dir;
        if (dir->empty() || !std::filesystem::is_directory(*dir, not_dir))
            throw Usage("--static \"" + *dir + "\": expected a directory of files to serve, such as examples/web");
        api_options.static_root = *dir;
    }
    api_options.open311_public = a.flag("open311-public");

    // The access log: stdout by default, or a file that grows.
    const std::string log_to = a.get("access-log").value_or("-");
    std::FILE* log_file = stdout;
    if (log_to != "-") {
        log_file = std::fopen(log_to.c_str(), "a");
        if (!log_file) throw ValidationError("access-log", log_to, "cannot be opened for writing");
    }
    std::signal(SIGPIPE, SIG_IGN);  // a reader of the log or a client that went away is no reason to die

    {
        // A missing or older file: refused now, in the command line's words; so are bad SMTP
        // settings (a send of no message checks them).
        auto db = open_file(path);
        if (smtp) try {
                db.outbox().send(*smtp, 0);
            } catch (const Conflict&) {
            }
    }
    http::Api api(api_options);
    std::optional<http::Server> server;
    try {
        server.emplace(
            api, http::ServerOptions{
                     .host = host, .port = port, .threads = threads, .access_log = [log_file](const std::string& line) {
                         std::fwrite(line.data(), 1, line.size(), log_file);
                         std::fputc('\n', log_file);
                         std::fflush(log_file);
                     }});
    } catch (const std::system_error& e) {
        std::cerr << "omilcrm: " << e.what() << '\n';
        return 3;
    }

    // SIGTERM or SIGINT: finish what is in flight, then return; a second one: leave now.
    boost::asio::io_context signals_io;
    boost::asio::signal_set signals(signals_io, SIGINT, SIGTERM);
    int received = 0;
    std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec,
                                                                               int signal) {
        if (ec) return;
        if (++received > 1) {
            std::cerr << "omilcrm: stopping now" << std::endl;
            std::_Exit(1);
        }
        std::cerr << "omilcrm: " << (signal == SIGINT ? "SIGINT" : "SIGTERM")
                  << ": answering the requests in progress, then stopping" << std::endl;
        server->stop();
        signals.async_wait(on_signal);
    };
    signals.async_wait(on_signal);
    std::thread signal_thread([&] { signals_io.run(); });

    // The outbox's background sender: its own connection, every --send-every seconds until the
    // server stops. Another sender at work (a cron job) is no error: that round is skipped.
    std::mutex sender_mutex;
    std::condition_variable sender_wake;
    bool stopping = false;
    std::thread sender;
    // The daily run of queue_due: each office once a day, once its local time passes --digest-at
    // (at start too, when that hour has passed: a server started late, or restarted, catches up;
    // queue_due writes nothing twice). Checked every 30 seconds, with its own connection.
    std::thread digester;
    if (digest_minute)
        digester = std::thread([&] {
            std::map<Id, Date> done;
            std::unique_lock lock(sender_mutex);
            while (!stopping) {
                lock.unlock();
                try {
                    auto db = Database::open(path);
                    const Timestamp now = db.clock().now();
                    for (const Office& o : db.offices().list()) {
                        const Date day = zones::local_day(o.time_zone(), now);
                        if (now < zones::instant_of(o.time_zone(), day, *digest_minute)) continue;
                        if (auto it = done.find(o.meta.id); it != done.end() && it->second == day) continue;
                        const std::size_t n = db.outbox().queue_due(o.meta.id, day);
                        done[o.meta.id] = day;
                        std::cerr << "omilcrm: outbox: " << printable(o.name) << ", " << day.iso() << ": queued " << n
                                  << " messages" << std::endl;
                    }
                } catch (const std::exception& e) {
                    std::cerr << "omilcrm: outbox: " << printable(e.what()) << std::endl;
                }
                lock.lock();
                sender_wake.wait_for(lock, std::chrono::seconds(30), [&] { return stopping; });
            }
        });
    if (smtp)
        sender = std::thread([&] {
            std::unique_lock lock(sender_mutex);
            while (!stopping) {
                lock.unlock();
                try {
                    auto db = Database::open(path);
                    const SendReport r = db.outbox().send(*smtp, 100);
                    if (r.sent || r.retried || r.failed)
                        std::cerr << "omilcrm: outbox: sent " << r.sent << ", retried " << r.retried << ", failed "
                                  << r.failed << std::endl;
                } catch (const Conflict&) {
                } catch (const std::exception& e) {
                    std::cerr << "omilcrm: outbox: " << printable(e.what()) << std::endl;
                }
                lock.lock();
                sender_wake.wait_for(lock, send_every, [&] { return stopping; });
            }
        });

    const bool v6 = host.find(':') != std::string::npos;
    std::cerr << "omilcrm: serving " << path << " on http://" << (v6 ? "[" + host + "]" : host) << ":" << server->port()
              << std::endl;
    server->run();
    {
        std::lock_guard lock(sender_mutex);
        stopping = true;
    }
    sender_wake.notify_all();
    if (sender.joinable()) sender.join();
    if (digester.joinable()) digester.join();
    boost::asio::post(signals_io, [&] { signals.cancel(); });
    signal_thread.join();
    if (log_file != stdout) std::fclose(log_file);
    std::cerr << "omilcrm: stopped" << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        // Global options come before the command.
        int i = 1;
        Args global;
        while (i < argc && std::string(argv[i]).rfind("-", 0) == 0) {
            const std::string s = argv[i];
            if (s == "--help" || s == "-h") {
                std::cout << kHelp;
                return 0;
            }
            if (s == "--version") {
                std::cout << "omilcrm " << version() << '\n';
                return 0;
            }
            if (s == "--db" && i + 1 < argc) {
                global.options.emplace("db", argv[i + 1]);
                i += 2;
            } else if (s.rfind("--db=", 0) == 0) {
                global.options.emplace("db", s.substr(5));
                ++i;
            } else {
                throw Usage("unknown option " + s);
            }
        }
        if (i >= argc) {
            std::cerr << kHelp;
            return 1;
        }
        const std::string command = argv[i];
        Args a = parse_args(argc, argv, i + 1);
        // --db may also follow the command: "omilcrm token create --db FILE --staff 3".
        if (auto d = a.get("db")) {
            if (!global.get("db")) global.options.emplace("db", *d);
            a.options.erase("db");
        }
        if (!kCommandHelp.count(command)) throw Usage("unknown command '" + command + "'");
        if (a.flag("help")) {
            std::cout << kCommandHelp.at(command);
            return 0;
        }
        if (command == "serve") return cmd_serve(global, a);
        if (command == "activities") return cmd_activities(a);
        // "omilcrm init FILE", "omilcrm migrate FILE": the file as the argument, as well as --db.
        if ((command == "init" || command == "migrate") && a.positional.size() == 1) {
            if (auto d = global.get("db"); d && *d != a.positional[0])
                throw Usage("two files: --db " + *d + " and " + a.positional[0] + "; give one");
            if (!global.get("db")) global.options.emplace("db", a.positional[0]);
            a.positional.clear();
        }
        const std::string path = db_path(global);
        if (command == "init") return cmd_init(path, a);
        if (command == "migrate") return cmd_migrate(path, a);
        if (command == "import") return cmd_import(path, a);
        if (command == "export") return cmd_export(path, a);
        if (command == "report") return cmd_report(path, a);
        if (command == "duplicates") return cmd_duplicates(path, a);
        if (command == "merge") return cmd_merge(path, a);
        if (command == "calendar") return cmd_calendar(path, a);
        if (command == "needs") return cmd_needs(path, a);
        if (command == "staff") return cmd_staff(path, a);
        if (command == "clusters") return cmd_clusters(path, a);
        if (command == "log") return cmd_log(path, a);
        if (command == "catastro") return cmd_catastro(path, a);
        if (command == "outreach") return cmd_outreach(path, a);
        if (command == "events") return cmd_events(path, a);
        if (command == "partners") return cmd_partners(path, a);
        if (command == "programmes") return cmd_programmes(path, a);
        if (command == "match") return cmd_match(path, a);
        if (command == "contacts" && a.get("employer")) return cmd_contacts_of(path, a);
        if (command == "requests" && !a.positional.empty() && a.positional[0] != "photo")
            return cmd_request_write(path, a);
        if (command == "vacancies" && !a.positional.empty()) return cmd_vacancy_write(path, a);
        if (command == "stages" || command == "reciprocity" || command == "leads" || command == "workload" ||
            command == "promises" || command == "protocol")
            return cmd_relationships(path, command, a);
        if (command == "region") return cmd_region(path, a);
        if (command == "token") return cmd_token(path, a);
        if (command == "audit") return cmd_audit(path, a);
        if (command == "rights") return cmd_rights(path, a);
        if (command == "retention") return cmd_retention(path, a);
        if (command == "outbox") return cmd_outbox(path, a);
        if (command == "checkins") return cmd_checkins(path, a);
        return cmd_list(path, command, a);
    } catch (const Usage& e) {
        std::cerr << "omilcrm: " << e.what() << "\n(omilcrm --help for usage)\n";
        return 1;
    } catch (const StorageError& e) {
        std::cerr << "omilcrm: " << printable(e.what()) << '\n';
        return 3;
    } catch (const Error& e) {
        std::cerr << "omilcrm: " << printable(e.what()) << '\n';
        return 2;
    } catch (const std::bad_alloc&) {
        std::cerr << "omilcrm: out of memory\n";
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "omilcrm: internal error: " << printable(e.what()) << '\n';
        return 4;
    }
}
