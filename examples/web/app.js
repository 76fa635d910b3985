// The office front end: one page, screens chosen by the URL's hash (#/hoy, #/empresa/3, ...),
// everything read from and written to the HTTP API with the token the person signed in with.
import { ApiError, NetworkError, client } from "./api.js";
import { barChart, percent } from "./chart.js";
import { addDays, dayName, fmtDate, hoursText, kindName, officeToday, statusName } from "./text.js";

const TOKEN_KEY = "omilcrm.token";

const state = {
  api: null, // the client for the signed-in token
  me: null, // GET /v1/me
  office: null, // GET /v1/office
  names: new Map(), // employer id -> legal name, as read
  catalogue: null,
  departments: null,
  flash: "", // a message for the next screen ("Visita registrada.")
  loginMessage: "",
  generation: 0, // the render in progress; an older one that finishes late is dropped
  rendered: 0, // screens shown so far (body[data-rendered]: a test waits for the next one)
};

function rendered() {
  state.rendered += 1;
  document.body.dataset.rendered = String(state.rendered);
}

// ---- building the page ---------------------------------------------------------------------

/** An element: h("a", {href: "#/hoy", class: "x", onclick: f}, "text", child, ...). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "value") el.value = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  append(el, ...children);
  return el;
}

function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function announce(text) {
  const live = document.getElementById("aviso");
  live.textContent = "";
  // A fresh text node after a tick, so screen readers announce it even when it repeats.
  setTimeout(() => {
    live.textContent = text;
  }, 50);
}

function section(title, id, ...children) {
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

function field(labelText, input, hint) {
  const id = input.id;
  const hintId = hint ? id + "-ayuda" : null;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, labelText),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    input,
  );
}

function employerLink(id, name) {
  return h("a", { href: `#/empresa/${id}` }, name || `Empresa ${id}`);
}

function emptyNote(text) {
  return h("p", { class: "empty" }, text);
}

/** The message a person reads for an error of the API or of the network. */
function errorText(e) {
  if (e instanceof NetworkError) return "No se pudo contactar al servidor. Revise la conexión e intente de nuevo.";
  if (e instanceof ApiError) {
    if (e.status === 403) return "Su perfil no tiene permiso para esto.";
    if (e.status === 404) return "No se encontró: no existe o no es de su oficina.";
    if (e.status === 409) return "No se pudo guardar porque choca con lo registrado: " + e.message;
    if (e.status === 412) return "Otra persona cambió este registro mientras usted lo editaba. Vuelva a cargarlo.";
    if (e.status === 503) return "La base de datos está ocupada. Intente de nuevo en un momento.";
    if (e.status === 422) return "Detalle: " + e.message;
    return `Error ${e.status}: ${e.message}`;
  }
  return "Error inesperado: " + e.message;
}

function errorBox(e, lead = "") {
  return h("p", { class: "error", role: "alert" }, lead ? lead + " " : "", errorText(e));
}

// ---- the session ---------------------------------------------------------------------------

function signOut(message = "") {
  sessionStorage.removeItem(TOKEN_KEY);
  state.api = null;
  state.me = null;
  state.office = null;
  state.names.clear();
  state.catalogue = null;
  state.departments = null;
  state.loginMessage = message;
  if (location.hash !== "#/entrar") location.hash = "#/entrar";
  else render();
}

async function startSession(token) {
  const api = client(token);
  const me = await api.get("/v1/me");
  let office = null;
  try {
    office = await api.get("/v1/office");
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
  }
  state.api = api;
  state.me = me;
  state.office = office;
}

function showChrome(signedIn) {
  document.getElementById("nav").hidden = !signedIn;
  document.getElementById("oficina").textContent = signedIn && state.office ? state.office.name : "OMIL";
  document.getElementById("quien").textContent = signedIn ? state.me.name : "";
  const here = location.hash.split("/")[1] || "";
  for (const a of document.querySelectorAll("#nav a")) {
    const target = a.getAttribute("href").split("/")[1];
    if (target === here || (here === "empresa" && target === "empresas")) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

// ---- names of what the API refers to by id -------------------------------------------------

async function employerNames(ids) {
  const missing = [...new Set(ids)].filter((id) => id !== null && !state.names.has(id));
  await Promise.all(
    missing.map(async (id) => {
      try {
        const e = await state.api.get(`/v1/employers/${id}`);
        state.names.set(id, e.legal_name);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) state.names.set(id, `Empresa ${id}`);
        else throw err;
      }
    }),
  );
  return state.names;
}

async function catalogue() {
  if (!state.catalogue) state.catalogue = await state.api.get("/v1/catalogue");
  return state.catalogue;
}

async function departments() {
  if (!state.departments) state.departments = await state.api.get("/v1/departments");
  return state.departments;
}

// The employer's economic activity (CIIU4.CL 2012) as "49230 Transporte de carga por carretera":
// the classification is read once, and only for an employer that has an activity.
async function activityText(code) {
  if (!code) return "";
  if (!state.activities) {
    const all = await state.api.get("/v1/activities");
    state.activities = new Map(all.map((a) => [a.code, a.label]));
  }
  const label = state.activities.get(code);
  return label ? `${code} ${label}` : code;
}

function categoryName(code) {
  const c = (state.catalogue || []).find((x) => x.code === code);
  return c ? c.name : code;
}

function departmentName(id) {
  if (id === null || id === undefined) return null;
  const d = (state.departments || []).find((x) => x.id === id);
  return d ? d.name : `Departamento ${id}`;
}

// ---- screens -------------------------------------------------------------------------------

function loginScreen() {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });
  const message = h("div", { id: "login-mensaje" });
  if (state.loginMessage) append(message, h("p", { class: "error", role: "alert" }, state.loginMessage));
  const form = h(
    "form",
    {
      id: "form-entrar",
      novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        message.textContent = "";
        const token = input.value.trim();
        if (!token) {
          append(message, h("p", { class: "error", role: "alert" }, "Pegue su token de acceso."));
          input.focus();
          return;
        }
        const button = form.querySelector("button");
        button.disabled = true;
        try {
          await startSession(token);
          sessionStorage.setItem(TOKEN_KEY, token);
          state.loginMessage = "";
          state.flash = `Bienvenida, ${state.me.name}.`;
          location.hash = "#/hoy";
        } catch (e) {
          const text =
            e instanceof ApiError && e.status === 401
              ? "El token no es válido: puede estar mal copiado, vencido o revocado. Pida uno nuevo a la coordinación de su oficina."
              : errorText(e);
          append(message, h("p", { class: "error", role: "alert" }, text));
          input.setAttribute("aria-invalid", "true");
          input.focus();
        } finally {
          button.disabled = false;
        }
      },
    },
    field(
      "Token de acceso",
      input,
      "Péguelo tal como se lo entregó la coordinación (omilcrm token create). Se guarda solo en esta pestaña.",
    ),
    h("button", { type: "submit", class: "primary" }, "Entrar"),
  );
  return { title: "Entrar", nodes: [h("h1", { tabindex: "-1" }, "Entrar"), message, form] };
}

async function dayScreen() {
  const { api, me } = state;
  const today = officeToday();
  const staffQuery = me.staff_id ? { staff: me.staff_id } : {};

  // The due list.
  const dueSection = section("Por contactar", "h-por-contactar");
  try {
    const page = await api.get("/v1/due", { ...staffQuery, within: 7, limit: 100 });
    const names = await employerNames(page.items.map((d) => d.employer_id));
    if (page.items.length === 0) {
      append(dueSection, emptyNote("Nadie está por vencer: todas sus empresas están al día."));
    } else {
      const overdue = page.items.filter((d) => d.days_overdue > 0).length;
      append(
        dueSection,
        h(
          "p",
          {},
          `${page.total} ${page.total === 1 ? "empresa" : "empresas"} por contactar en los próximos 7 días; `,
          `${overdue} ${overdue === 1 ? "atrasada" : "atrasadas"}.`,
        ),
        h(
          "ul",
          { class: "cards", id: "lista-vencimientos" },
          page.items.map((d) =>
            h(
              "li",
              { class: d.days_overdue > 0 ? "card overdue" : "card" },
              h("h3", {}, employerLink(d.employer_id, names.get(d.employer_id))),
              h(
                "p",
                { class: "badge" },
                d.days_overdue > 0
                  ? `Atrasada ${d.days_overdue} ${d.days_overdue === 1 ? "día" : "días"}`
                  : d.due === today
                    ? "Vence hoy"
                    : `Vence el ${fmtDate(d.due)}`,
              ),
              h(
                "p",
                {},
                d.last_contact ? `Último contacto: ${fmtDate(d.last_contact)}` : "Sin contactos registrados",
                ` · cada ${d.interval_days} días`,
              ),
              h(
                "p",
                {},
                h(
                  "a",
                  { href: `#/empresa/${d.employer_id}/visita`, "aria-label": `Registrar visita a ${names.get(d.employer_id)}` },
                  "Registrar visita",
                ),
              ),
            ),
          ),
        ),
      );
      if (page.total > page.items.length)
        append(dueSection, h("p", {}, `Se muestran ${page.items.length} de ${page.total}.`));
    }
  } catch (e) {
    if (isSignedOut(e)) throw e;
    append(dueSection, errorBox(e, "No se pudo leer la lista de vencimientos."));
  }

  // The day's visit plan.
  const planOut = h("div", { id: "plan", "aria-live": "polite" });
  const day = h("input", { id: "plan-dia", name: "on", type: "date", value: today, required: true });
  const vehicle = h("input", { id: "plan-vehiculo", name: "vehicle", type: "checkbox" });
  async function showPlan() {
    planOut.textContent = "";
    append(planOut, h("p", { class: "loading" }, "Calculando el plan…"));
    try {
      const plan = await api.get("/v1/plan", { ...staffQuery, on: day.value, vehicle: vehicle.checked || undefined });
      const ids = [...plan.stops.map((s) => s.employer_id), ...plan.left_out.map((l) => l.employer_id)];
      await employerNames(ids);
      const hours = new Map();
      await Promise.all(
        ids.map(async (id) => {
          const e = await api.get(`/v1/employers/${id}`);
          hours.set(id, e);
        }),
      );
      planOut.textContent = "";
      if (plan.stops.length === 0) {
        append(planOut, emptyNote(`No hay visitas que quepan el ${dayName(day.value)} ${fmtDate(day.value)}.`));
      } else {
        append(
          planOut,
          h(
            "p",
            {},
            `${plan.stops.length} ${plan.stops.length === 1 ? "visita" : "visitas"} el ${dayName(day.value)} ${fmtDate(day.value)}; `,
            `regreso a las ${plan.end}, ${plan.travel_minutes} min de traslado (${km(plan.travel_km)}) ${vehicle.checked ? "en vehículo" : "a pie y en bus"}.`,
          ),
          h(
            "ol",
            { class: "cards plan", id: "paradas" },
            plan.stops.map((s) => {
              const e = hours.get(s.employer_id);
              return h(
                "li",
                { class: "card" },
                h("h3", {}, h("span", { class: "time" }, `${s.start}–${s.depart}`), " ", employerLink(s.employer_id, e.legal_name)),
                h("p", {}, `Traslado: ${s.travel_minutes} min (${km(s.travel_km)}); llegada ${s.arrive}`),
                h("p", {}, `Horario de visita: ${hoursText(e.visiting_hours)}`),
                e.address ? h("p", {}, `Dirección: ${e.address}`) : null,
              );
            }),
          ),
        );
      }
      if (plan.left_out.length) {
        const reasons = { window_closed: "fuera de su horario", out_of_reach: "fuera de alcance", day_full: "no cabe en el día" };
        append(
          planOut,
          h("h3", {}, "Quedan fuera"),
          h(
            "ul",
            { class: "plain" },
            plan.left_out.map((l) =>
              h("li", {}, employerLink(l.employer_id, state.names.get(l.employer_id)), `: ${reasons[l.reason] || l.reason}`),
            ),
          ),
        );
      }
    } catch (e) {
      if (isSignedOut(e)) throw e;
      planOut.textContent = "";
      append(planOut, errorBox(e, "No se pudo calcular el plan de visitas."));
    }
  }
  const planForm = h(
    "form",
    {
      class: "inline",
      onsubmit: (ev) => {
        ev.preventDefault();
        showPlan().catch(handleFatal);
      },
    },
    field("Día", day),
    h("div", { class: "field check" }, vehicle, h("label", { for: "plan-vehiculo" }, "Con vehículo")),
    h("button", { type: "submit" }, "Calcular plan"),
  );
  await showPlan();
  const planSection = section("Plan de visitas", "h-plan", planForm, planOut);

  return {
    title: "Mi día",
    nodes: [h("h1", { tabindex: "-1" }, "Mi día"), h("p", {}, `Hoy es ${dayName(today)} ${fmtDate(today)}.`), dueSection, planSection],
  };
}

function km(x) {
  return `${(Math.round(x * 10) / 10).toFixed(1).replace(".", ",")} km`;
}

async function employersScreen() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const q = params.get("q") || "";
  const search = h("input", { id: "buscar", name: "q", type: "search", value: q });
  const form = h(
    "form",
    {
      role: "search",
      class: "inline",
      onsubmit: (ev) => {
        ev.preventDefault();
        location.hash = "#/empresas" + (search.value.trim() ? "?q=" + encodeURIComponent(search.value.trim()) : "");
      },
    },
    field("Buscar empresa o persona", search, "Nombre, RUT, rubro, dirección, o el nombre, correo o teléfono de un contacto"),
    h("button", { type: "submit" }, "Buscar"),
  );
  const page = await state.api.get("/v1/employers", { q, sort: "name", limit: 100 });
  for (const e of page.items) state.names.set(e.id, e.legal_name);
  const list = page.items.length
    ? h(
        "ul",
        { class: "cards", id: "lista-empresas" },
        page.items.map((e) =>
          h(
            "li",
            { class: "card" },
            h("h2", { class: "h3" }, employerLink(e.id, e.legal_name)),
            h("p", {}, `RUT ${e.rut} · ${statusName("employer", e.status)}`),
            e.address ? h("p", {}, e.address) : null,
          ),
        ),
      )
    : emptyNote(q ? `Ninguna empresa coincide con «${q}».` : "La oficina aún no tiene empresas.");
  // A name, e-mail or phone heard on a call finds the person and their company.
  const people = q ? (await state.api.get("/v1/contacts", { q, limit: 50 })).items : [];
  const peopleList = people.length
    ? [
        section(
          "Personas",
          "personas",
          h(
            "ul",
            { class: "cards", id: "lista-personas" },
            people.map((c) =>
              h(
                "li",
                { class: "card" },
                h("h3", {}, c.name),
                h("p", {}, c.role ? `${c.role} · ` : "", employerLink(c.employer_id, c.employer)),
                c.phone || c.email ? h("p", {}, [c.phone, c.email].filter(Boolean).join(" · ")) : null,
              ),
            ),
          ),
        ),
      ]
    : [];
  return {
    title: "Empresas",
    nodes: [
      h("h1", { tabindex: "-1" }, "Empresas"),
      form,
      h("p", {}, `${page.total} ${page.total === 1 ? "empresa" : "empresas"}${page.total > page.items.length ? `; se muestran ${page.items.length}` : ""}.`),
      list,
      ...peopleList,
    ],
  };
}

/** The employer of the URL, or a screen saying there is none (another office's id reads the same). */
async function ownEmployer(id) {
  try {
    const e = await state.api.get(`/v1/employers/${id}`);
    state.names.set(e.id, e.legal_name);
    return e;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

function noSuchEmployer(id) {
  return {
    title: "Empresa no encontrada",
    nodes: [
      h("h1", { tabindex: "-1" }, "Empresa no encontrada"),
      h("p", { class: "error", role: "alert" }, `No hay una empresa con el número ${id} en su oficina.`),
      h("p", {}, h("a", { href: "#/empresas" }, "Ver las empresas de la oficina")),
    ],
  };
}

async function employerScreen(id) {
  const { api } = state;
  const e = await ownEmployer(id);
  if (!e) return noSuchEmployer(id);
  const [contacts, interactions, requests, vacancies, commitments, , , activity] = await Promise.all([
    api.get(`/v1/employers/${id}/contacts`),
    api.all(`/v1/employers/${id}/interactions`),
    api.all("/v1/requests", { employer: id }),
    api.all("/v1/vacancies", { employer: id }),
    api.all("/v1/commitments", { employer: id }),
    catalogue(),
    departments(),
    activityText(e.activity),
  ]);
  interactions.sort((a, b) => (b.on + (b.at || "")).localeCompare(a.on + (a.at || "")) || b.id - a.id);
  const contactName = new Map(contacts.map((c) => [c.id, c.name]));

  const details = h(
    "dl",
    { class: "details" },
    h("dt", {}, "RUT"),
    h("dd", {}, e.rut),
    h("dt", {}, "Estado"),
    h("dd", {}, statusName("employer", e.status)),
    e.sector ? [h("dt", {}, "Rubro"), h("dd", {}, e.sector)] : null,
    activity ? [h("dt", {}, "Actividad económica (CIIU4.CL)"), h("dd", {}, activity)] : null,
    h("dt", {}, "Dirección"),
    h("dd", {}, e.address || "sin dirección"),
    h("dt", {}, "Horario de visita"),
    h("dd", {}, hoursText(e.visiting_hours)),
  );
  const actions = h(
    "ul",
    { class: "actions" },
    h("li", {}, h("a", { class: "button primary", href: `#/empresa/${id}/visita` }, "Registrar visita")),
    h("li", {}, h("a", { class: "button", href: `#/empresa/${id}/solicitud` }, "Abrir solicitud")),
    h("li", {}, h("a", { class: "button", href: `#/empresa/${id}/vacante` }, "Capturar vacante")),
  );

  const contactList = contacts.length
    ? h(
        "ul",
        { class: "cards", id: "contactos" },
        contacts.map((c) =>
          h(
            "li",
            { class: "card" },
            h("h3", {}, c.name, c.primary ? " (principal)" : ""),
            c.role ? h("p", {}, c.role) : null,
            c.phone ? h("p", {}, "Teléfono: ", h("a", { href: `tel:${c.phone}` }, c.phone)) : null,
            c.email ? h("p", {}, "Correo: ", h("a", { href: `mailto:${c.email}` }, c.email)) : null,
          ),
        ),
      )
    : emptyNote("Sin contactos registrados.");

  const history = interactions.length
    ? h(
        "ol",
        { class: "cards", id: "historial", reversed: true },
        interactions.map((i) =>
          h(
            "li",
            { class: "card" },
            h("h3", {}, `${kindName(i.kind)} · ${fmtDate(i.on)}${i.at ? " " + i.at : ""}`),
            i.summary ? h("p", {}, i.summary) : null,
            i.outcome ? h("p", {}, `Resultado: ${i.outcome}`) : null,
            i.next_step ? h("p", {}, `Próximo paso: ${i.next_step}`) : null,
            i.contacts.length ? h("p", {}, `Con: ${i.contacts.map((c) => contactName.get(c) || c).join(", ")}`) : null,
          ),
        ),
      )
    : emptyNote("Aún no hay interacciones registradas.");

  const openCommitments = commitments.filter((c) => c.status === "open");
  const commitmentList = openCommitments.length
    ? h(
        "ul",
        { class: "cards", id: "compromisos" },
        openCommitments.map((c) =>
          h("li", { class: "card" }, h("h3", {}, c.description), h("p", {}, `Para el ${fmtDate(c.due)}`)),
        ),
      )
    : emptyNote("Sin compromisos pendientes.");

  const requestList = requests.length
    ? h(
        "ul",
        { class: "cards", id: "solicitudes" },
        requests.map((r) =>
          h(
            "li",
            { class: "card" },
            h("h3", {}, h("a", { href: `#/solicitud/${r.id}` }, `${categoryName(r.category)} (n.º ${r.id})`)),
            h("p", {}, `${statusName("request", r.status)} · ${departmentName(r.department_id) || "en revisión (sin departamento)"}`),
            r.due_on ? h("p", {}, `Plazo: ${fmtDate(r.due_on)}`) : null,
          ),
        ),
      )
    : emptyNote("Sin solicitudes abiertas.");

  const vacancyList = vacancies.length
    ? h(
        "ul",
        { class: "cards", id: "vacantes" },
        vacancies.map((v) =>
          h(
            "li",
            { class: "card" },
            h("h3", {}, v.title),
            h("p", {}, `${v.positions} ${v.positions === 1 ? "puesto" : "puestos"} · ${statusName("vacancy", v.status)} · ocupación ${v.occupation}`),
            v.valid_through ? h("p", {}, `Vigente hasta el ${fmtDate(v.valid_through)}`) : null,
          ),
        ),
      )
    : emptyNote("Sin vacantes registradas.");

  return {
    title: e.legal_name,
    nodes: [
      h("h1", { tabindex: "-1" }, e.legal_name),
      details,
      actions,
      section("Contactos", "h-contactos", contactList),
      section("Compromisos pendientes", "h-compromisos", commitmentList),
      section("Solicitudes abiertas", "h-solicitudes", requestList),
      section("Vacantes", "h-vacantes", vacancyList),
      section("Historial", "h-historial", history),
    ],
  };
}

/** A form's submit: the body from `collect`, POSTed to `path`; a 422 marks the field it names. */
function submitter(form, message, path, collect, done) {
  return async (ev) => {
    ev.preventDefault();
    message.textContent = "";
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const created = await state.api.post(path, collect());
      await done(created);
    } catch (e) {
      if (isSignedOut(e)) return handleFatal(e);
      // "attribute[trees]" names the attribute trees; "rows[2].name" the field name.
      const named = e instanceof ApiError ? e.field || "" : "";
      const name = named.startsWith("attribute[") ? named.slice(10, -1) : named.replace(/\[.*$/, "");
      const target = name && form.querySelector(`[data-field="${CSS.escape(name)}"]`);
      // The field in the person's words: its label (or its group's legend).
      const label = target && (target.labels?.[0] || target.querySelector?.("legend"));
      append(message, errorBox(e, label ? `No se guardó: revise «${label.textContent.trim()}».` : "No se guardó."));
      if (target) {
        target.setAttribute("aria-invalid", "true");
        (target.tagName === "FIELDSET" ? target.querySelector("input") : target).focus();
      } else {
        message.querySelector("p").setAttribute("tabindex", "-1");
        message.querySelector("p").focus();
      }
    } finally {
      button.disabled = false;
    }
  };
}

function backTo(id, name) {
  return h("p", { class: "back" }, h("a", { href: `#/empresa/${id}` }, `Volver a ${name}`));
}

async function visitScreen(id) {
  const e = await ownEmployer(id);
  if (!e) return noSuchEmployer(id);
  const contacts = await state.api.get(`/v1/employers/${id}/contacts`);
  const today = officeToday();
  const kinds = ["visit", "phone_call", "email", "message", "meeting", "other"];
  const kind = h("select", { id: "visita-tipo", "data-field": "kind" }, kinds.map((k) => h("option", { value: k }, kindName(k))));
  const on = h("input", { id: "visita-fecha", type: "date", value: today, required: true, "data-field": "on" });
  const at = h("input", { id: "visita-hora", type: "time", "data-field": "at" });
  const summary = h("textarea", { id: "visita-resumen", rows: 3, required: true, "data-field": "summary" });
  const outcome = h("input", { id: "visita-resultado", type: "text", "data-field": "outcome" });
  const nextStep = h("input", { id: "visita-proximo", type: "text", "data-field": "next_step" });
  const who = contacts.length
    ? h(
        "fieldset",
        { "data-field": "contacts", tabindex: "-1" },
        h("legend", {}, "Con quién se reunió"),
        contacts.map((c) =>
          h(
            "div",
            { class: "field check" },
            h("input", { type: "checkbox", id: `visita-contacto-${c.id}`, value: c.id, name: "contacts" }),
            h("label", { for: `visita-contacto-${c.id}` }, c.name, c.role ? ` (${c.role})` : ""),
          ),
        ),
      )
    : null;

  const commitmentRows = h("div", { id: "compromisos-form" });
  let rows = 0;
  function addCommitment() {
    rows += 1;
    const n = rows;
    const row = h(
      "fieldset",
      { class: "commitment", "data-field": "commitments", tabindex: "-1" },
      h("legend", {}, `Compromiso ${n}`),
      field("Qué se comprometió", h("input", { id: `compromiso-${n}-descripcion`, type: "text", class: "c-desc" })),
      field("Para cuándo", h("input", { id: `compromiso-${n}-fecha`, type: "date", class: "c-due", value: addDays(officeToday(), 7) })),
    );
    commitmentRows.append(row);
    return row;
  }
  addCommitment();
  const more = h(
    "button",
    {
      type: "button",
      onclick: () => addCommitment().querySelector("input").focus(),
    },
    "Agregar otro compromiso",
  );

  const message = h("div", { id: "form-mensaje" });
  const form = h(
    "form",
    { id: "form-visita", novalidate: true },
    field("Tipo de contacto", kind),
    h("div", { class: "row" }, field("Fecha", on), field("Hora (opcional)", at)),
    field("Resumen", summary, "Qué se conversó: necesidades de personal, problemas del entorno, acuerdos."),
    field("Resultado (opcional)", outcome),
    field("Próximo paso (opcional)", nextStep),
    who,
    h("h2", {}, "Compromisos"),
    h("p", { class: "hint" }, "Lo que la oficina se compromete a hacer, con su fecha. Deje en blanco si no hubo compromisos."),
    commitmentRows,
    more,
    message,
    h("div", { class: "submit" }, h("button", { type: "submit", class: "primary" }, "Guardar visita")),
  );
  form.addEventListener(
    "submit",
    submitter(
      form,
      message,
      "/v1/interactions",
      () => {
        const commitments = [...commitmentRows.querySelectorAll("fieldset")]
          .map((f) => ({
            description: f.querySelector(".c-desc").value.trim(),
            due: f.querySelector(".c-due").value,
            owner: state.me.staff_id,
          }))
          .filter((c) => c.description);
        return {
          employer: id,
          kind: kind.value,
          by: state.me.staff_id,
          on: on.value || undefined,
          at: at.value || null,
          summary: summary.value.trim(),
          outcome: outcome.value.trim(),
          next_step: nextStep.value.trim(),
          contacts: [...form.querySelectorAll("input[name=contacts]:checked")].map((c) => Number(c.value)),
          commitments,
        };
      },
      async (created) => {
        state.flash = `${kindName(kind.value)} registrada el ${fmtDate(created.on)}.`;
        location.hash = `#/empresa/${id}`;
      },
    ),
  );
  if (!state.me.staff_id) {
    append(message, h("p", { class: "error", role: "alert" }, "Este token no es de una persona del personal: no puede registrar visitas."));
  }
  return {
    title: `Registrar visita: ${e.legal_name}`,
    nodes: [h("h1", { tabindex: "-1" }, "Registrar visita"), h("p", { class: "lead" }, e.legal_name), backTo(id, e.legal_name), form],
  };
}

// One input per attribute of the service's definition, typed as the API declares it (the same
// definitions the office's Open311 endpoint publishes: GET /open311/v2/services/{code}.json).
function attributeInput(a) {
  const id = `solicitud-atributo-${a.code}`;
  const common = { "data-attribute": a.code, "data-field": a.code };
  if (a.datatype === "multivaluelist")
    return h(
      "fieldset",
      { id, class: "choices", ...common, tabindex: "-1" },
      h("legend", {}, a.description + (a.required ? "" : " (opcional)")),
      a.values.map((v) =>
        h("label", {}, h("input", { type: "checkbox", value: v.key, name: id }), " ", v.name),
      ),
    );
  const input =
    a.datatype === "singlevaluelist"
      ? h("select", { id, ...common, required: a.required }, h("option", { value: "" }, "Elija"),
          a.values.map((v) => h("option", { value: v.key }, v.name)))
      : h("input", {
          id,
          ...common,
          type: a.datatype === "number" ? "number" : "text",
          min: a.datatype === "number" ? 1 : null,
          step: a.datatype === "number" ? 1 : null,
          required: a.required,
        });
  return field(a.description + (a.required ? "" : " (opcional)"), input, a.datatype_description);
}

function attributeValue(el) {
  if (el.tagName === "FIELDSET")
    return [...el.querySelectorAll("input:checked")].map((i) => i.value).join(",");
  return el.value.trim();
}

async function requestFormScreen(id) {
  const e = await ownEmployer(id);
  if (!e) return noSuchEmployer(id);
  const cats = (await catalogue()).filter((c) => c.active);
  await departments();
  const category = h(
    "select",
    { id: "solicitud-categoria", required: true, "data-field": "category" },
    h("option", { value: "" }, "Elija el tipo de solicitud"),
    cats.map((c) => h("option", { value: c.code }, `${c.name} (${c.deadline_days} días hábiles)`)),
  );
  const description = h("textarea", { id: "solicitud-descripcion", rows: 3, "data-field": "description" });
  const address = h("input", { id: "solicitud-direccion", type: "text", value: e.address, "data-field": "address" });
  const extra = h("div", { id: "solicitud-atributos" });
  category.addEventListener("change", async () => {
    extra.textContent = "";
    const c = cats.find((x) => x.code === category.value);
    if (!c) return;
    append(extra, h("p", { class: "hint" }, c.description));
    const jurisdiction = encodeURIComponent(state.office.commune);
    const definition = await state.api.get(`/open311/v2/services/${encodeURIComponent(c.code)}.json?jurisdiction_id=${jurisdiction}`);
    if (category.value !== c.code) return; // another category was chosen meanwhile
    for (const a of definition.attributes) append(extra, attributeInput(a));
  });
  const message = h("div", { id: "form-mensaje" });
  const form = h(
    "form",
    { id: "form-solicitud", novalidate: true },
    field("Tipo de solicitud", category, "El municipio la deriva al departamento que corresponde, con su plazo."),
    extra,
    field("Descripción", description),
    field("Dirección", address),
    message,
    h("div", { class: "submit" }, h("button", { type: "submit", class: "primary" }, "Enviar solicitud")),
  );
  form.addEventListener(
    "submit",
    submitter(
      form,
      message,
      "/v1/requests",
      () => ({
        employer: id,
        category: category.value,
        description: description.value.trim(),
        address: address.value.trim(),
        attributes: [...extra.querySelectorAll("[data-attribute]")]
          .map((el) => [el.dataset.attribute, attributeValue(el)])
          .filter(([, v]) => v)
          .map(([code, v]) => `${code}=${v}`)
          .join(";"),
        ...(state.me.staff_id ? { by: state.me.staff_id } : {}),
      }),
      async (created) => {
        state.flash = `Solicitud n.º ${created.id} recibida.`;
        location.hash = `#/solicitud/${created.id}`;
      },
    ),
  );
  return {
    title: `Abrir solicitud: ${e.legal_name}`,
    nodes: [h("h1", { tabindex: "-1" }, "Abrir solicitud"), h("p", { class: "lead" }, e.legal_name), backTo(id, e.legal_name), form],
  };
}

async function requestScreen(id) {
  let r;
  try {
    r = await state.api.get(`/v1/requests/${id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      return {
        title: "Solicitud no encontrada",
        nodes: [
          h("h1", { tabindex: "-1" }, "Solicitud no encontrada"),
          h("p", { class: "error", role: "alert" }, `No hay una solicitud con el número ${id} en su oficina.`),
        ],
      };
    throw err;
  }
  await Promise.all([catalogue(), departments()]);
  const employerName = r.employer_id ? (await employerNames([r.employer_id])).get(r.employer_id) : null;
  const department = departmentName(r.department_id);
  return {
    title: `Solicitud ${r.id}`,
    nodes: [
      h("h1", { tabindex: "-1" }, `Solicitud n.º ${r.id}: ${categoryName(r.category)}`),
      r.employer_id ? backTo(r.employer_id, employerName) : null,
      h(
        "dl",
        { class: "details", id: "solicitud" },
        h("dt", {}, "Empresa"),
        h("dd", {}, r.employer_id ? employerLink(r.employer_id, employerName) : "—"),
        h("dt", {}, "Derivada a"),
        h("dd", { id: "solicitud-departamento" }, department || "En revisión: aún sin departamento"),
        h("dt", {}, "Plazo"),
        h(
          "dd",
          { id: "solicitud-plazo" },
          r.due_on ? `${fmtDate(r.due_on)} (${r.deadline_days} días hábiles desde el ${fmtDate(r.received_on)})` : "sin plazo",
        ),
        h("dt", {}, "Estado"),
        h("dd", {}, statusName("request", r.status)),
        h("dt", {}, "Descripción"),
        h("dd", {}, r.description || "—"),
        h("dt", {}, "Dirección"),
        h("dd", {}, r.address || "—"),
      ),
    ],
  };
}

async function vacancyScreen(id) {
  const e = await ownEmployer(id);
  if (!e) return noSuchEmployer(id);
  const title = h("input", { id: "vacante-cargo", type: "text", required: true, "data-field": "title" });
  const occupation = h("input", {
    id: "vacante-ocupacion",
    type: "text",
    inputmode: "numeric",
    pattern: "[0-9]{4}",
    maxlength: 4,
    required: true,
    "data-field": "occupation",
  });
  const positions = h("input", { id: "vacante-puestos", type: "number", min: 1, value: 1, required: true, "data-field": "positions" });
  const types = { full_time: "Jornada completa", part_time: "Jornada parcial", temporary: "Temporal", contractor: "Honorarios", intern: "Práctica", other: "Otro" };
  const type = h("select", { id: "vacante-tipo", "data-field": "employment_type" }, Object.entries(types).map(([v, t]) => h("option", { value: v }, t)));
  const shifts = { day: "Diurno", afternoon: "Tarde", night: "Nocturno", rotating: "Rotativo", weekend: "Fin de semana", flexible: "Flexible" };
  const shift = h("select", { id: "vacante-turno", "data-field": "shift" }, Object.entries(shifts).map(([v, t]) => h("option", { value: v }, t)));
  const wageMin = h("input", { id: "vacante-sueldo-min", type: "number", min: 0, step: 1000, "data-field": "wage_min" });
  const wageMax = h("input", { id: "vacante-sueldo-max", type: "number", min: 0, step: 1000, "data-field": "wage_max" });
  const channels = { visit: "En una visita", cluster_meeting: "En una reunión del parque o gremio", email: "Por correo", event: "En un evento", other: "Otro" };
  const channel = h("select", { id: "vacante-canal", "data-field": "channel" }, Object.entries(channels).map(([v, t]) => h("option", { value: v }, t)));
  const description = h("textarea", { id: "vacante-descripcion", rows: 3, "data-field": "description" });
  const message = h("div", { id: "form-mensaje" });
  const form = h(
    "form",
    { id: "form-vacante", novalidate: true },
    field("Cargo", title),
    field("Ocupación (código CIUO-08)", occupation, "Cuatro dígitos; por ejemplo 9333 para operario de bodega, 8344 para operador de grúa horquilla."),
    field("Número de puestos", positions),
    h("div", { class: "row" }, field("Tipo de contrato", type), field("Turno", shift)),
    h("div", { class: "row" }, field("Sueldo mínimo (pesos, opcional)", wageMin), field("Sueldo máximo (pesos, opcional)", wageMax)),
    field("Cómo llegó la vacante", channel),
    field("Descripción (opcional)", description),
    message,
    h("div", { class: "submit" }, h("button", { type: "submit", class: "primary" }, "Guardar vacante")),
  );
  form.addEventListener(
    "submit",
    submitter(
      form,
      message,
      "/v1/vacancies",
      () => ({
        employer: id,
        title: title.value.trim(),
        occupation: occupation.value.trim(),
        positions: Number(positions.value || 0),
        employment_type: type.value,
        shift: shift.value,
        wage_min: wageMin.value ? Number(wageMin.value) : null,
        wage_max: wageMax.value ? Number(wageMax.value) : null,
        channel: channel.value,
        description: description.value.trim(),
        ...(state.me.staff_id ? { by: state.me.staff_id } : {}),
      }),
      async (created) => {
        state.flash = `Vacante «${created.title}» capturada (${created.positions} ${created.positions === 1 ? "puesto" : "puestos"}).`;
        location.hash = `#/empresa/${id}`;
      },
    ),
  );
  return {
    title: `Capturar vacante: ${e.legal_name}`,
    nodes: [h("h1", { tabindex: "-1" }, "Capturar vacante"), h("p", { class: "lead" }, e.legal_name), backTo(id, e.legal_name), form],
  };
}

async function reportScreen() {
  const today = officeToday();
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const from = params.get("desde") || today.slice(0, 4) + "-01-01";
  const to = params.get("hasta") || today;
  const fromInput = h("input", { id: "informe-desde", type: "date", value: from, required: true });
  const toInput = h("input", { id: "informe-hasta", type: "date", value: to, required: true });
  const form = h(
    "form",
    {
      class: "inline",
      onsubmit: (ev) => {
        ev.preventDefault();
        location.hash = `#/indicadores?desde=${fromInput.value}&hasta=${toInput.value}`;
      },
    },
    field("Desde", fromInput),
    field("Hasta", toInput),
    h("button", { type: "submit" }, "Ver"),
  );
  const out = h("div", { id: "informe" });
  try {
    const rows = await state.api.get("/v1/reports/cluster-share", { from, to });
    const clusters = await state.api.get("/v1/clusters").catch(() => []);
    const kinds = new Map((Array.isArray(clusters) ? clusters : clusters.items || []).map((c) => [c.id, c.kind]));
    const total = rows.reduce((n, r) => n + r.placements, 0);
    const named = rows.map((r) => ({
      label: r.cluster_id === null ? "Sin parque ni agrupación" : r.cluster,
      share: r.share,
      count: r.placements,
      highlight: kinds.get(r.cluster_id) === "industrial_park",
    }));
    const parks = named.filter((r) => r.highlight);
    const lead = parks.length
      ? parks.map((p) => `${p.label}: ${percent(p.share)} de las colocaciones (${p.count} de ${total})`).join("; ")
      : `${total} colocaciones en el periodo.`;
    append(
      out,
      h("p", { class: "lead", id: "informe-resumen" }, lead + "."),
      total === 0 ? emptyNote("No hay colocaciones en el periodo: el gráfico muestra ceros.") : null,
      h(
        "figure",
        {},
        barChart(named, {
          id: "grafico-parque",
          title: "Participación en las colocaciones de la oficina",
          description: named.map((r) => `${r.label}: ${percent(r.share)}, ${r.count}`).join("; "),
        }),
        h("figcaption", {}, `Colocaciones del ${fmtDate(from)} al ${fmtDate(to)}, por parque industrial o agrupación de la empresa.`),
      ),
      h(
        "table",
        { id: "tabla-participacion" },
        h("caption", {}, "Las mismas cifras"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Agrupación"), h("th", { scope: "col" }, "Colocaciones"), h("th", { scope: "col" }, "Participación"))),
        h(
          "tbody",
          {},
          named.map((r) => h("tr", {}, h("th", { scope: "row" }, r.label), h("td", {}, String(r.count)), h("td", {}, percent(r.share)))),
        ),
      ),
    );
  } catch (e) {
    if (isSignedOut(e)) throw e;
    append(out, errorBox(e, "No se pudo leer el informe."));
  }
  return {
    title: "Indicadores",
    nodes: [h("h1", { tabindex: "-1" }, "Participación del parque industrial"), form, out],
  };
}

function notFoundScreen() {
  return {
    title: "Página no encontrada",
    nodes: [
      h("h1", { tabindex: "-1" }, "Página no encontrada"),
      h("p", {}, "Esta dirección no corresponde a ninguna pantalla. ", h("a", { href: "#/hoy" }, "Volver a Mi día"), "."),
    ],
  };
}

// ---- routing -------------------------------------------------------------------------------

const routes = [
  [/^#\/hoy$/, dayScreen],
  [/^#\/empresas(\?.*)?$/, employersScreen],
  [/^#\/empresa\/(\d{1,15})$/, employerScreen],
  [/^#\/empresa\/(\d{1,15})\/visita$/, visitScreen],
  [/^#\/empresa\/(\d{1,15})\/solicitud$/, requestFormScreen],
  [/^#\/empresa\/(\d{1,15})\/vacante$/, vacancyScreen],
  [/^#\/solicitud\/(\d{1,15})$/, requestScreen],
  [/^#\/indicadores(\?.*)?$/, reportScreen],
];

class SignedOut extends Error {}

function isSignedOut(e) {
  return e instanceof ApiError && e.status === 401;
}

function handleFatal(e) {
  if (isSignedOut(e) || e instanceof SignedOut) {
    signOut("Su sesión terminó: el token ya no es válido. Ingrese uno vigente.");
    return;
  }
  const main = document.getElementById("contenido");
  main.textContent = "";
  append(main, h("h1", { tabindex: "-1" }, "No se pudo mostrar"), errorBox(e));
  main.querySelector("h1").focus();
  rendered();
}

async function render() {
  const generation = ++state.generation;
  const main = document.getElementById("contenido");
  main.setAttribute("aria-busy", "true");
  let screen;
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      screen = loginScreen();
      if (location.hash !== "#/entrar") history.replaceState(null, "", "#/entrar");
      showChrome(false);
    } else {
      if (!state.me) await startSession(token);
      if (location.hash === "" || location.hash === "#" || location.hash === "#/" || location.hash === "#/entrar")
        history.replaceState(null, "", "#/hoy");
      showChrome(true);
      const hash = location.hash;
      const found = routes.find(([re]) => re.test(hash));
      screen = found ? await found[1](...(hash.match(found[0]).slice(1, 2).map(Number).filter((x) => !Number.isNaN(x)))) : notFoundScreen();
    }
  } catch (e) {
    if (generation !== state.generation) return;
    main.removeAttribute("aria-busy");
    if (isSignedOut(e)) {
      signOut("Su sesión terminó: el token ya no es válido. Ingrese uno vigente.");
      return;
    }
    handleFatal(e);
    return;
  }
  if (generation !== state.generation) return;
  main.textContent = "";
  if (state.flash) {
    append(main, h("p", { class: "flash", role: "status" }, state.flash));
    announce(state.flash);
    state.flash = "";
  }
  append(main, screen.nodes);
  main.removeAttribute("aria-busy");
  document.title = `${screen.title} · OMIL`;
  const heading = main.querySelector("h1");
  if (heading) heading.focus();
  rendered();
}

document.getElementById("salir").addEventListener("click", () => signOut("Sesión cerrada."));
document.querySelector(".skip").addEventListener("click", (ev) => {
  ev.preventDefault();
  const heading = document.querySelector("#contenido h1") || document.getElementById("contenido");
  heading.focus();
});
window.addEventListener("hashchange", render);
render();
