// The HTTP API of omilcrm (docs/http-api.md), as the pages call it: a token in the Authorization
// header, JSON in and out, ETags kept for If-Match, and one error shape turned into ApiError.

/** An answer of the API with a status other than 2xx, in the API's error shape. */
export class ApiError extends Error {
  constructor(status, message, field = "", value = "") {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
    this.value = value;
  }
}

/** The server could not be reached (offline, stopped). */
export class NetworkError extends Error {
  constructor(cause) {
    super("no se pudo contactar al servidor");
    this.name = "NetworkError";
    this.cause = cause;
  }
}

/**
 * A client for one token. `base` is where the API is ("" when the page is served by
 * `omilcrm serve --static`, so the same origin; otherwise a URL allowed with --cors).
 */
export function client(token, base = "") {
  async function call(method, path, { query, body, ifMatch } = {}) {
    let url = base + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
      }
      const text = params.toString();
      if (text) url += "?" + text;
    }
    const headers = { Accept: "application/json", Authorization: "Bearer " + token };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (ifMatch) headers["If-Match"] = ifMatch;
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
    } catch (e) {
      throw new NetworkError(e);
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    if (!response.ok) {
      const e = data && data.error ? data.error : {};
      throw new ApiError(response.status, e.message || response.statusText, e.field || "", e.value || "");
    }
    return { data, etag: response.headers.get("ETag") };
  }
  return {
    get: async (path, query) => (await call("GET", path, { query })).data,
    /** The record and its ETag, for a later change with If-Match. */
    getWithEtag: (path, query) => call("GET", path, { query }),
    post: async (path, body, ifMatch) => (await call("POST", path, { body, ifMatch })).data,
    patch: (path, body, ifMatch) => call("PATCH", path, { body, ifMatch }),
    /** Every item of a listing, page by page (limit 1000, the API's largest page). */
    async all(path, query = {}) {
      const items = [];
      for (let offset = 0; ; ) {
        const page = (await call("GET", path, { query: { ...query, limit: 1000, offset } })).data;
        items.push(...page.items);
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) return items;
      }
    },
  };
}
