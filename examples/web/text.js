// The words and formats the pages show: Chilean Spanish for the API's names and dates.

const kinds = {
  visit: "Visita",
  phone_call: "Llamada",
  email: "Correo",
  message: "Mensaje",
  meeting: "Reunión",
  cluster_meeting: "Reunión del parque o gremio",
  event: "Evento",
  other: "Otro contacto",
};

const statuses = {
  employer: { prospect: "Prospecto", active: "Activa", inactive: "Inactiva" },
  request: {
    received: "Recibida",
    routed: "Derivada",
    in_progress: "En curso",
    resolved: "Resuelta",
    closed: "Cerrada",
    rejected: "Rechazada",
    duplicate: "Duplicada",
    reopened: "Reabierta",
  },
  vacancy: {
    open: "Abierta",
    partially_filled: "Cubierta en parte",
    filled: "Cubierta",
    expired: "Vencida",
    cancelled: "Cancelada",
  },
};

const days = { mon: "lun", tue: "mar", wed: "mié", thu: "jue", fri: "vie", sat: "sáb", sun: "dom" };
const dayNames = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];

export function kindName(kind) {
  return kinds[kind] || kind;
}

export function statusName(what, status) {
  return (statuses[what] && statuses[what][status]) || status;
}

/** "2026-12-30" as "30-12-2026". */
export function fmtDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-");
  return `${d}-${m}-${y}`;
}

/** The weekday of "2026-12-30" ("miércoles"), whatever the browser's time zone. */
export function dayName(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return dayNames[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}

/**
 * Today in Chile as "2026-12-30", whatever the browser's time zone: the day the server counts
 * from (a visit may not be dated later, what is due is due by it). `zone` is an IANA name.
 */
export function officeToday(date = new Date(), zone = "America/Santiago") {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(date)
    .reduce((all, p) => ({ ...all, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "2026-12-30" plus `n` days, as "2027-01-06". */
export function addDays(iso, n) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** ["mon-fri 09:00-12:00", "sat 10:00-12:00"] as "lun-vie 09:00-12:00; sáb 10:00-12:00". */
export function hoursText(hours) {
  if (!hours || hours.length === 0) return "sin horario registrado";
  return hours.map((w) => w.replace(/\b(mon|tue|wed|thu|fri|sat|sun)\b/g, (d) => days[d])).join("; ");
}
