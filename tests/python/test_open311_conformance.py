"""Open311 GeoReport v2 as `omilcrm serve` answers it, checked against the specification's text.

The specification is the GeoReport v2 page of the Open311 wiki (wiki.open311.org/GeoReport_v2), its
Service Discovery page (wiki.open311.org/Service_Discovery) and the Spark convention by which its JSON
maps its XML (wiki.open311.org/JSON_and_XML_Conversion). Each test names, in a comment, the section
it holds the server to ("GeoReport v2 > POST Service Request > Required Arguments").

What the server decides where the specification leaves it open (its contract): the base is
`/open311/v2/`; every service is `realtime`; POST takes the `api_key` of an integrator key allowed to
write requests; `jurisdiction_id` is the office's commune code (CUT), optional in a file of one office;
times carry America/Santiago's offset; the office's default catalogue has `tree_pruning` with a
required `number` attribute `trees` and `garbage_removal` with an optional `multivaluelist`
attribute `waste_kind`.

The scene: a file made with the Python package (the office of Concón, its default catalogue, and
three requests received in the past: one 150 days ago, one received 30 days ago and closed 24 days
ago, one 5 days ago), an integrator key made with `omilcrm token create`, and the program
`omilcrm serve` on a free port, called over HTTP with `http.client` as a 311 client would.

An independent client: `georeport` (PyPI, pinned in requirements-dev.txt) reads the service list, a
service definition and requests from the live server, in JSON and in XML. It has no call that
creates a request; the other Open311 clients on PyPI (`open311` 1.1, `three` 0.8.0) are Python 2
only, and npm's `open311` 0.0.12 does not install (one of its dependencies is fetched from a git
repository), so POST is checked with the plain HTTP client alone.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import pathlib
import re
import signal
import subprocess
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import omilcrm
import pytest
from omilcrm._cli import program

CLI = pathlib.Path(os.environ.get("OMILCRM_CLI", program()))
BASE = "/open311/v2"
SANTIAGO = ZoneInfo("America/Santiago")
CONCON = "05103"  # the CUT of Concón: the office's jurisdiction_id
SPEC = "http://wiki.open311.org/GeoReport_v2"
SERVING = re.compile(r"omilcrm: serving .+ on http://127\.0\.0\.1:(\d+)$")

# GeoReport v2 > GET Service Definition > Response: datatype's options.
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
# GeoReport v2 > GET Service Requests > Response: every field of a request.
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
# The XML element that holds a list, and the name of its items (the specification's Response tables:
# "services ⇊ service ↴", "attributes ⇊ attribute ↴", ...); the Spark convention makes each a JSON array.
LISTS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
# Internationalization and Encoding > Date/time format: W3C's subset of ISO 8601, with a zone.
W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)")


# --- the scene ------------------------------------------------------------------------------------


@dataclass
class Site:
    """The server and what the scene put in its file."""

    db: pathlib.Path
    proc: subprocess.Popen
    port: int
    today: dt.date
    key: str = ""
    read_only_key: str = ""
    ids: dict[str, str] = field(default_factory=dict)  # old, closed, recent: service_request_id
    received: dict[str, dt.date] = field(default_factory=dict)
    closed_on: dt.date | None = None
    catalogue: dict[str, str] = field(default_factory=dict)  # service_code: name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def santiago_today() -> dt.date:
    return dt.datetime.now(SANTIAGO).date()


def start_server(db: pathlib.Path, workdir: pathlib.Path) -> tuple[subprocess.Popen, int]:
    """`omilcrm serve` on a free port; its stderr (the line that names the port) and access log go to files.

    Served with --open311-public: the specification's GET Service Requests takes no api_key, so a
    conformant client reads requests without one; the office's default (a key to read them) is
    tested in tests/cpp/test_http_open311.cpp and test_open311_http_reads_need_a_key below."""
    err = workdir / f"{db.stem}.stderr"
    log = workdir / f"{db.stem}.access.log"
    with open(err, "w") as err_file, open(log, "w") as log_file:
        proc = subprocess.Popen(
            [str(CLI), "serve", "--db", str(db), "--listen", "127.0.0.1:0", "--open311-public"],
            stdout=log_file,
            stderr=err_file,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for line in err.read_text().splitlines():
            found = SERVING.match(line)
            if found:
                return proc, int(found.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    raise AssertionError(f"omilcrm serve did not start: {err.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def token(db: pathlib.Path, office_id: int, *extra: str) -> str:
    done = subprocess.run(
        [str(CLI), "--db", str(db), "token", "create", "--role", "integrator", "--office", str(office_id)]
        + ["--resources", "requests", *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def make_office(db):
    office = db.offices.add(name="OMIL Concón", commune="concon")
    admin = db.staff.add(office=office, name="Marcela Rojas", role="administrative", started=dt.date(2023, 5, 2))
    gestora = db.staff.add(
        office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1)
    )
    logi = db.employers.add(rut="76.086.428-5", legal_name="Logística Gulmué SpA", office=office, owner=gestora)
    return office, admin, logi


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    assert CLI.exists(), f"install the package (pip install .) or set OMILCRM_CLI: {CLI}"
    work = tmp_path_factory.mktemp("open311")
    path = work / "concon.omilcrm"
    today = santiago_today()
    days = dt.timedelta(days=1)
    received = {"old": today - 150 * days, "closed": today - 30 * days, "recent": today - 5 * days}
    closed_on = today - 24 * days
    with omilcrm.open(path, create=True) as db:
        office, admin, logi = make_office(db)
        old = db.requests.open(
            category="street_lights",
            employer=logi,
            by=admin,
            received_on=received["old"],
            description="Luminaria apagada frente al acceso",
            address="Av. Industrial 450, Concón",
        )
        closed = db.requests.open(
            category="tree_pruning",
            employer=logi,
            by=admin,
            received_on=received["closed"],
            description="Poda de dos árboles sobre el cierre",
            address="Camino Concón-Quintero km 2",
            attributes={"trees": 2},
        )
        db.requests.transition(closed, "resolved", by=admin, on=closed_on - 2 * days)
        db.requests.transition(closed, "closed", by=admin, on=closed_on)
        recent = db.requests.open(
            category="green_areas",
            employer=logi,
            by=admin,
            received_on=received["recent"],
            description="Pasto sin cortar en la plaza",
            address="Plaza Gulmué",
        )
        catalogue = {s.code: s.name for s in db.catalogue.list(office)}
        office_id = office.id
    proc, port = start_server(path, work)
    try:
        s = Site(db=path, proc=proc, port=port, today=today, received=received, closed_on=closed_on)
        s.catalogue = catalogue
        s.key = token(path, office_id, "--write")
        s.read_only_key = token(path, office_id)
        wanted = {"old": old.description, "closed": closed.description, "recent": recent.description}
        s.ids = find_by_description(s, wanted)
        yield s
    finally:
        stop_server(proc)


def find_by_description(site: Site, wanted: dict[str, str]) -> dict[str, str]:
    """The scene's requests' service_request_ids (they need not be the library's ids), found over Open311
    in any answer that lists them: the default listing, or a range of dates around the oldest."""
    days = dt.timedelta(days=1)
    old = site.received["old"]
    queries = [None, [("start_date", midnight(old - 2 * days)), ("end_date", midnight(old + 2 * days))]]
    found: dict[str, str] = {}
    for query in queries:
        try:
            status, listed = get_json(site, "requests.json", query)
        except (AssertionError, ValueError):  # no Open311 here: each test says what is missing
            continue
        if status == 200 and isinstance(listed, list):
            for r in listed:
                if isinstance(r, dict) and "service_request_id" in r:
                    found.setdefault(r.get("description"), str(r["service_request_id"]))
    return {name: found.get(description, "") for name, description in wanted.items()}


def ids_of(site: Site) -> dict[str, str]:
    assert all(site.ids.values()), f"the scene's requests were not all found over Open311: {site.ids}"
    return site.ids


# --- HTTP and the two formats ---------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def call(site: Site, method: str, path: str, query=None, body: bytes | None = None, headers=None) -> Response:
    target = f"{BASE}/{path}"
    if query:
        target += "?" + urllib.parse.urlencode(query)
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        r = connection.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        connection.close()


def get(site: Site, path: str, query=None) -> Response:
    return call(site, "GET", path, query)


def form(fields, *, encode_brackets: bool = False) -> bytes:
    """application/x-www-form-urlencoded, UTF-8; brackets as in the specification's example unless told."""
    return urllib.parse.urlencode(list(fields), safe="" if encode_brackets else "[]").encode()


def post(site: Site, fields, fmt: str = "json", api_key: str | None = "", encode_brackets: bool = False) -> Response:
    """POST Service Request with the site's key (api_key="" ) or another (None: no api_key at all)."""
    pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
    if api_key is not None:
        pairs.insert(0, ("api_key", api_key or site.key))
    # Format Support: "POST Service Request: Content-Type: application/x-www-form-urlencoded; charset=utf-8"
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    return call(site, "POST", f"requests.{fmt}", body=form(pairs, encode_brackets=encode_brackets), headers=headers)


def charset_is_utf8(r: Response) -> None:
    # Internationalization and Encoding > Encoding: "All text returned ... MUST be encoded as UTF-8."
    params = r.headers.get("content-type", "").split(";")[1:]
    for p in params:
        name, _, value = p.strip().partition("=")
        if name.lower() == "charset":
            assert value.strip('"').lower() == "utf-8", r.headers["content-type"]
    r.body.decode("utf-8")  # strict: raises on anything that is not UTF-8


def json_of(r: Response):
    # Format Support: "JSON for the API should be Content-Type: application/json".
    assert r.media_type == "application/json", (r.status, r.headers.get("content-type"), r.body[:300])
    charset_is_utf8(r)
    return json.loads(r.body.decode("utf-8"))


def get_json(site: Site, path: str, query=None):
    r = get(site, path, query)
    return r.status, json_of(r)


def local_name(tag: str) -> str:
    # XML Support: no namespace, "but if it must be specified, the XMLNS URI is the URL of the specification".
    if tag.startswith("{"):
        uri, _, name = tag[1:].partition("}")
        assert uri == SPEC, f"foreign namespace {uri}"
        return name
    return tag


def xml_of(r: Response, root: str) -> ET.Element:
    # Format Support: "XML for the API should be Content-Type: text/xml".
    assert r.media_type == "text/xml", (r.status, r.headers.get("content-type"), r.body[:300])
    charset_is_utf8(r)
    # Encoding: "the root element must be preceded with the XML declaration including the encoding="UTF-8" attribute".
    text = r.body.decode("utf-8").lstrip("\ufeff")
    assert re.match(r"""<\?xml\s+version=["']1\.\d["']\s+encoding=["']utf-8["']""", text, re.IGNORECASE), text[:80]
    element = ET.fromstring(r.body)  # well-formed, or it raises
    assert local_name(element.tag) == root, f"root <{element.tag}>, the specification's is <{root}>"
    return element


def spark(element: ET.Element):
    """The JSON that the Spark convention makes of an element (JSON and XML Conversion > The Spark Convention):
    a list container becomes an array of its items, an element with children an object, a leaf its text."""
    name = local_name(element.tag)
    children = list(element)
    if name in LISTS:
        names = [local_name(c.tag) for c in children]
        assert all(n == LISTS[name] for n in names), f"<{name}> holds <{LISTS[name]}> only, not {names}"
        return [spark(c) for c in children]
    if children:
        names = [local_name(c.tag) for c in children]
        assert len(set(names)) == len(names), f"<{name}> repeats an element: {names}"
        return {n: spark(c) for n, c in zip(names, children, strict=True)}
    return element.text or ""


def assert_same(in_json, in_xml, where: str = "") -> None:
    """The XML says what the JSON says: an empty or absent element is JSON's null or absent member."""
    if in_json is None or in_json == []:
        assert in_xml in (None, "", []), f"{where}: JSON has {in_json!r}, XML {in_xml!r}"
    elif isinstance(in_json, bool):
        assert in_xml == ("true" if in_json else "false"), f"{where}: JSON {in_json!r}, XML {in_xml!r}"
    elif isinstance(in_json, int | float):
        assert isinstance(in_xml, str) and float(in_xml) == float(in_json), f"{where}: JSON {in_json!r}, XML {in_xml!r}"
    elif isinstance(in_json, str):
        assert in_xml == in_json, f"{where}: JSON {in_json!r}, XML {in_xml!r}"
    elif isinstance(in_json, list):
        assert isinstance(in_xml, list) and len(in_xml) == len(in_json), f"{where}: JSON {in_json!r}, XML {in_xml!r}"
        for i, (j, x) in enumerate(zip(in_json, in_xml, strict=True)):
            assert_same(j, x, f"{where}[{i}]")
    else:
        assert isinstance(in_json, dict) and isinstance(in_xml, dict), f"{where}: JSON {in_json!r}, XML {in_xml!r}"
        for k in sorted(set(in_json) | set(in_xml)):
            assert_same(in_json.get(k), in_xml.get(k), f"{where}.{k}")


def both(site: Site, path: str, root: str, query=None, status: int = 200):
    """The same resource in .json and .xml: its JSON, once the XML is shown to say the same."""
    rj = get(site, f"{path}.json", query)
    rx = get(site, f"{path}.xml", query)
    assert (rj.status, rx.status) == (status, status), (rj.status, rj.body[:300], rx.status, rx.body[:300])
    in_json = json_of(rj)
    assert_same(in_json, spark(xml_of(rx, root)), root)
    return in_json


def check_errors(r: Response, status: int, fmt: str = "json", names: tuple[str, ...] = ()) -> list[str]:
    """Errors > Response: a list of {code, description}, with the HTTP status; the descriptions back.
    `names`: what the descriptions must name, one of them at least ("specify in error response")."""
    assert r.status == status, (r.status, r.body[:500])
    if fmt == "json":
        errors = json_of(r)
        assert isinstance(errors, list) and errors, errors
    else:
        errors = spark(xml_of(r, "errors"))
        assert errors, r.body
    descriptions = []
    for e in errors:
        assert isinstance(e, dict) and set(e) >= {"code", "description"}, e
        assert isinstance(e["code"], int | str) and not isinstance(e["code"], bool) and str(e["code"]).strip(), e
        assert isinstance(e["description"], str) and e["description"].strip(), e
        descriptions.append(e["description"])
    if names:
        text = " ".join(descriptions)
        assert any(n in text for n in names), f"the error does not name {names}: {descriptions}"
    return descriptions


def instant(value, name: str) -> dt.datetime:
    # Internationalization and Encoding > Date/time format: W3C ISO 8601, timezone "must be included";
    # the server's contract: America/Santiago's offset at that instant.
    assert isinstance(value, str) and W3C_DATETIME.fullmatch(value), f"{name}: {value!r}"
    t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert t.utcoffset() == t.astimezone(SANTIAGO).utcoffset(), f"{name} {value}: not America/Santiago's offset"
    return t


def text_or_absent(r: dict, name: str) -> None:
    """A field that "may not be returned": absent, null or text; never "" standing for nothing."""
    if r.get(name) is not None:
        assert isinstance(r[name], str) and r[name].strip(), f"{name}: {r[name]!r}"


def check_request(r: dict, site: Site) -> dict:
    """GET Service Requests > Response: each field there with its type; absent values null or omitted."""
    assert isinstance(r, dict), r
    for name in REQUEST_FIELDS & set(r):
        assert r[name] != "", f'{name} is "": an absent value is null or left out'
    rid = r.get("service_request_id")
    assert isinstance(rid, str | int) and not isinstance(rid, bool) and str(rid).strip(), r
    assert r.get("status") in ("open", "closed"), r  # Options: open, closed
    assert r.get("service_code") in site.catalogue, r
    assert r.get("service_name") == site.catalogue[r["service_code"]], r
    requested = instant(r.get("requested_datetime"), "requested_datetime")
    updated = instant(r.get("updated_datetime"), "updated_datetime")
    assert requested <= updated, r
    if r.get("expected_datetime") is not None:
        assert instant(r["expected_datetime"], "expected_datetime") > requested, r
    for name in ("status_notes", "agency_responsible", "service_notice", "address", "media_url"):
        text_or_absent(r, name)
    if r.get("description") is not None:
        # "free form text limited to 4,000 characters"
        assert isinstance(r["description"], str) and len(r["description"]) <= 4000, r
    for name in ("address_id", "zipcode"):
        if r.get(name) is not None:
            assert isinstance(r[name], str | int) and not isinstance(r[name], bool), r
    for name, limit in (("lat", 90), ("long", 180)):
        if r.get(name) is not None:
            value = r[name]
            assert isinstance(value, int | float) and not isinstance(value, bool), f"{name}: {value!r}"
            assert -limit <= value <= limit, f"{name}: {value!r}"
    assert (r.get("lat") is None) == (r.get("long") is None), r
    return r


def created_id(r: Response, fmt: str = "json") -> str:
    """POST Service Request > Response: service_requests/request with the service_request_id, no token."""
    assert r.status in (200, 201), (r.status, r.body[:500])
    answer = json_of(r) if fmt == "json" else spark(xml_of(r, "service_requests"))
    assert isinstance(answer, list) and len(answer) == 1, answer
    request = answer[0]
    rid = request.get("service_request_id")
    assert rid is not None and str(rid).strip(), request
    # "token ... This should not be returned if service_request_id is returned" (every service is realtime).
    assert request.get("token") in (None, ""), request
    for name in ("service_notice", "account_id"):  # "May not be returned"
        if fmt == "json":
            text_or_absent(request, name)
    return str(rid)


def one_request(site: Site, rid: str) -> dict:
    """GET Service Request: a list of exactly that request, the same in JSON and XML."""
    answer = both(site, f"requests/{urllib.parse.quote(rid)}", "service_requests")
    assert isinstance(answer, list) and len(answer) == 1, answer
    assert str(answer[0]["service_request_id"]) == rid
    return check_request(answer[0], site)


def marker(what: str) -> str:
    return f"{what} [{uuid.uuid4().hex[:8]}]"


def stored(site: Site, description: str) -> list:
    """The office's requests with that description, read with the library from the server's file."""
    with omilcrm.open(site.db) as db:
        office = db.offices.list()[0]
        return [r for r in db.requests.list(office, open_only=False) if r.description == description]


def listed_ids(answer) -> list[str]:
    return [str(r["service_request_id"]) for r in answer]


def midnight(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(0), tzinfo=SANTIAGO).isoformat()


def pruning(description: str, **more) -> dict:
    fields = {"service_code": "tree_pruning", "address_string": "Camino Concón-Quintero km 2"}
    fields.update({"attribute[trees]": "3", "description": description})
    fields.update(more)
    return fields


# --- Service Discovery ----------------------------------------------------------------------------


def test_discovery_lists_this_endpoint_in_json_and_xml(site):
    # Service Discovery > Base URL: "This url must end in /discovery.<format>"; Formats: "must be both
    # xml and json"; Fields for All Versions: "All fields are required".
    d = both(site, "discovery", "discovery")
    assert isinstance(d, dict), d
    for name in ("changeset", "contact", "key_service"):
        assert isinstance(d.get(name), str) and d[name].strip(), (name, d)
    assert isinstance(d.get("endpoints"), list) and d["endpoints"], d
    ours = []
    for e in d["endpoints"]:
        for name in ("specification", "url", "changeset", "type"):
            assert isinstance(e.get(name), str) and e[name].strip(), (name, e)
        assert e["type"] in ("production", "test"), e  # 'Either "production" or "test"'
        assert isinstance(e.get("formats"), list) and e["formats"], e
        if e["specification"] == SPEC:
            ours.append(e)
    assert ours, f"no endpoint with the specification {SPEC}: {d['endpoints']}"
    endpoint = ours[0]
    # The endpoint's url leads to this API: its services answer there.
    url = urllib.parse.urljoin(f"{site.url}{BASE}/discovery.json", endpoint["url"])
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    assert path == BASE, endpoint["url"]
    # formats: "Supported MIME type for this endpoint"; both are served, under these types.
    assert {"text/xml", "application/json"} <= set(endpoint["formats"]), endpoint


# --- GET Service List -----------------------------------------------------------------------------


def test_the_service_list_is_the_office_catalogue_in_json_and_xml(site):
    # GET Service List > Response: services/service with service_code, service_name, description,
    # metadata (true/false), type (realtime/batch/blackbox), keywords, group.
    services = both(site, "services", "services")
    assert isinstance(services, list), services
    assert sorted(s.get("service_code") for s in services) == sorted(site.catalogue), services
    for s in services:
        assert isinstance(s["service_code"], str)
        # UTF-8 both ways: "Poda de árboles" reads back as written.
        assert s.get("service_name") == site.catalogue[s["service_code"]], s
        assert isinstance(s.get("metadata"), bool), s
        # Every POST returns its service_request_id at once: "realtime: The service request ID will be
        # returned immediately after the service request is submitted" (and the contract: all realtime).
        assert s.get("type") == "realtime", s
        for name in ("description", "keywords", "group"):
            text_or_absent(s, name)
    assert {"tree_pruning", "garbage_removal"} <= {s["service_code"] for s in services}


def test_metadata_is_true_exactly_when_the_definition_has_attributes(site):
    # GET Service List > metadata: "true: This service request type requires additional metadata so the
    # client will need to make a call to the Service Definition method. false: No additional information
    # is required".
    for s in both(site, "services", "services"):
        definition = both(site, f"services/{s['service_code']}", "service_definition")
        assert s["metadata"] == bool(definition.get("attributes")), (s, definition)


def test_the_service_list_takes_the_office_jurisdiction_id_and_refuses_another(site):
    # Definitions > jurisdiction_id: "Implementations can ignore this parameter and treat it as an
    # 'Optional Argument' if the implementation only serves one jurisdiction"; Optional Arguments: "the
    # response should be the same whether a parameter is passed and is empty or is not passed at all".
    plain = both(site, "services", "services")
    assert both(site, "services", "services", [("jurisdiction_id", CONCON)]) == plain
    assert both(site, "services", "services", [("jurisdiction_id", "")]) == plain
    # GET Service List > Possible Errors: "404 - jurisdiction_id provided was not found (specify in
    # error response)".
    for fmt in ("json", "xml"):
        r = get(site, f"services.{fmt}", [("jurisdiction_id", "99999")])
        check_errors(r, 404, fmt, names=("jurisdiction_id", "99999"))
        r = get(site, f"requests.{fmt}", [("jurisdiction_id", "99999")])
        check_errors(r, 404, fmt, names=("jurisdiction_id", "99999"))


# --- GET Service Definition -----------------------------------------------------------------------


def check_attribute(a: dict) -> None:
    # GET Service Definition > Response: attributes/attribute.
    assert isinstance(a.get("variable"), bool), a
    assert isinstance(a.get("code"), str) and a["code"].strip(), a
    assert a.get("datatype") in DATATYPES, a
    assert isinstance(a.get("required"), bool), a
    if a.get("datatype_description") is not None:
        assert isinstance(a["datatype_description"], str) and a["datatype_description"].strip(), a
    assert isinstance(a.get("order"), int) and not isinstance(a["order"], bool) and a["order"] >= 1, a
    # description: "with instructions for the user to find and identify the requested information":
    # words for a person, not the bare code.
    assert isinstance(a.get("description"), str) and a["description"].strip(), a
    assert a["description"].strip() != a["code"], a
    if a["datatype"] in ("singlevaluelist", "multivaluelist"):
        # "A set of predefined values (specified in this response)": values/value with key and name.
        values = a.get("values")
        assert isinstance(values, list) and values, a
        for v in values:
            assert isinstance(v.get("key"), str | int) and not isinstance(v["key"], bool) and str(v["key"]).strip(), v
            assert isinstance(v.get("name"), str) and v["name"].strip(), v
        keys = [str(v["key"]) for v in values]
        assert len(set(keys)) == len(keys), f"keys repeat: {keys}"
    else:
        assert a.get("values") in (None, []), a


def test_every_service_definition_in_json_and_xml(site):
    # GET Service Definition: services/[service_code].[format]; service_definition with the same
    # service_code and its attributes; order: "Any positive integer not used for other attributes in the
    # same service_code".
    for code in site.catalogue:
        definition = both(site, f"services/{code}", "service_definition")
        assert isinstance(definition, dict) and definition.get("service_code") == code, definition
        attributes = definition.get("attributes") or []
        assert isinstance(attributes, list), definition
        for a in attributes:
            check_attribute(a)
        orders = [a["order"] for a in attributes]
        assert len(set(orders)) == len(orders), f"{code}: orders repeat {orders}"
        codes = [a["code"] for a in attributes]
        assert len(set(codes)) == len(codes), f"{code}: attribute codes repeat {codes}"


def test_tree_pruning_asks_for_a_number_of_trees(site):
    # GET Service Definition > datatype "number: A numeric value"; required "true means that the value
    # is required to submit service request"; variable "true denotes that user input is needed".
    definition = both(site, "services/tree_pruning", "service_definition", [("jurisdiction_id", CONCON)])
    trees = {a["code"]: a for a in definition["attributes"]}.get("trees")
    assert trees is not None, definition
    assert (trees["datatype"], trees["required"], trees["variable"]) == ("number", True, True), trees


def test_garbage_removal_offers_kinds_of_waste_to_choose_several(site):
    # GET Service Definition > datatype "multivaluelist: A set of predefined values (specified in this
    # response) where several values may be selected".
    definition = both(site, "services/garbage_removal", "service_definition")
    kinds = {a["code"]: a for a in definition["attributes"]}.get("waste_kind")
    assert kinds is not None, definition
    assert (kinds["datatype"], kinds["required"]) == ("multivaluelist", False), kinds
    assert {"ramas", "escombros"} <= {str(v["key"]) for v in kinds["values"]}, kinds


def test_an_unknown_service_definition_is_404(site):
    # GET Service Definition > Possible Errors: "404 - service_code or jurisdiction_id provided were not
    # found (specify in error response)".
    for fmt in ("json", "xml"):
        check_errors(get(site, f"services/no_such_service.{fmt}"), 404, fmt, names=("no_such_service", "service_code"))


# --- POST Service Request -------------------------------------------------------------------------


def test_a_request_posted_with_lat_long_reads_back_from_get_service_request(site):
    # POST Service Request: Required Arguments service_code, a location (lat & long), attribute[code]
    # for required attributes; Optional Arguments email, device_id, account_id, first_name, last_name,
    # phone, description. Then GET Service Request: requests/[service_request_id].[format].
    description = marker("Poda de tres árboles sobre el cierre perimetral, ñandú incluido")
    before = dt.datetime.now(dt.UTC)
    r = post(
        site,
        [
            ("jurisdiction_id", CONCON),
            ("service_code", "tree_pruning"),
            ("lat", "-32.9236"),
            ("long", "-71.5197"),
            ("email", "carolina.fuentes@logistica-gulmue.cl"),
            ("device_id", "tt222111"),
            ("account_id", "123456"),
            ("first_name", "Carolina"),
            ("last_name", "Fuentes"),
            ("phone", "+56 32 212 3456"),
            ("description", description),
            ("attribute[trees]", "3"),
        ],
    )
    rid = created_id(r)
    after = dt.datetime.now(dt.UTC)
    got = one_request(site, rid)
    assert (got["service_code"], got["status"], got["description"]) == ("tree_pruning", "open", description)
    assert got["lat"] == pytest.approx(-32.9236) and got["long"] == pytest.approx(-71.5197), got
    # requested_datetime: "The date and time when the service request was made": now.
    requested = instant(got["requested_datetime"], "requested_datetime")
    assert before - dt.timedelta(seconds=2) <= requested <= after + dt.timedelta(seconds=2), (before, got, after)
    # updated_datetime: "last modified", not before it was made; expected_datetime: when it "can be
    # expected to be fulfilled", after it was made (check_request holds both).
    assert got.get("expected_datetime") is not None, got
    expected = instant(got["expected_datetime"], "expected_datetime")
    assert expected > requested, got
    [request] = stored(site, description)
    # "This may be based on a service-specific service level agreement": the office's deadline for
    # tree pruning (15 business days), the day the library gave the request.
    assert expected.astimezone(SANTIAGO).date() == request.due_on, (got, request.due_on)


def test_a_request_posted_in_xml_with_an_address_string(site):
    # POST Service Request > Formats returned: XML; location "address_string: Human entered address".
    description = marker("Bolsas de basura acumuladas junto al portón")
    address = "Av. Industrial 450, Parque Industrial Gulmué, Concón"
    r = post(site, {"service_code": "garbage_removal", "address_string": address, "description": description}, "xml")
    rid = created_id(r, "xml")
    got = one_request(site, rid)
    assert (got["service_code"], got["address"], got["description"]) == ("garbage_removal", address, description)


def test_a_request_posted_with_an_address_id_alone(site):
    # POST Service Request > location parameter: "One of lat & long or address_string or address_id";
    # GET Service Request > Response: address_id.
    description = marker("Luminaria apagada en el acceso norte")
    r = post(site, {"service_code": "street_lights", "address_id": "CON-000451", "description": description})
    rid = created_id(r)
    got = one_request(site, rid)
    assert str(got.get("address_id")) == "CON-000451", got


def test_a_request_without_a_full_location_is_refused(site):
    # POST Service Request > location parameter: "A full location parameter must be submitted"; lat:
    # "lat & long both need to be sent". Errors: "400 for any other error where the request can not be
    # fulfilled as expected".
    for name, fields in (
        ("nothing", {}),
        ("lat alone", {"lat": "-32.9236"}),
        ("long alone", {"long": "-71.5197"}),
        ("empty address", {"address_string": ""}),
    ):
        description = marker(f"Poda sin lugar: {name}")
        r = post(site, {"service_code": "tree_pruning", "attribute[trees]": "2", "description": description, **fields})
        check_errors(r, 400)
        assert stored(site, description) == [], name


@pytest.mark.parametrize("trees", ["muchos", "-3", "3 árboles", ""])
def test_a_number_attribute_takes_numbers_only(site, trees):
    # GET Service Definition > datatype "number: A numeric value": "muchos" and "3 árboles" are not one.
    # "-3" is a number but no count of trees: the contract validates a value by its definition (trees
    # counts trees). trees is required, and "" is no value (Definitions > Optional Arguments: an empty
    # parameter is one not passed). Errors: "400 for any other error where the request can not be
    # fulfilled as expected", naming the attribute to correct.
    description = marker(f"Poda con trees={trees!r}")
    for fmt in ("json", "xml"):
        r = post(site, pruning(description, **{"attribute[trees]": trees}), fmt)
        check_errors(r, 400, fmt, names=("trees",))
    assert stored(site, description) == []


def test_a_required_attribute_left_out_is_refused(site):
    # POST Service Request > attribute: "required if the service_code requires a service definition with
    # required fields".
    description = marker("Poda sin decir cuántos árboles")
    fields = pruning(description)
    del fields["attribute[trees]"]
    check_errors(post(site, fields), 400, names=("trees",))
    assert stored(site, description) == []


def test_a_number_attribute_takes_a_number(site):
    # GET Service Definition > datatype "number"; POST Service Request > attribute[code]=value: the value
    # is the request's, kept with it.
    description = marker("Poda de tres árboles")
    rid = created_id(post(site, pruning(description)))
    assert one_request(site, rid)["service_code"] == "tree_pruning"
    [request] = stored(site, description)
    assert re.search(r"trees\W*3\b", str(request.attributes)), request.attributes


def test_a_multivaluelist_attribute_keeps_every_value(site):
    # POST Service Request > attribute: "multiple values for the same code in the case of a multivaluelist
    # datatype (attribute[code1][]=value1&attribute[code1][]=value2...)". Sent as a browser sends a form
    # (brackets percent-encoded), then as the specification's example writes it (brackets as they are).
    for encode_brackets in (True, False):
        description = marker("Retiro de ramas y escombros")
        fields = [
            ("service_code", "garbage_removal"),
            ("address_string", "Av. Industrial 450, Concón"),
            ("description", description),
            ("attribute[waste_kind][]", "ramas"),
            ("attribute[waste_kind][]", "escombros"),
        ]
        rid = created_id(post(site, fields, encode_brackets=encode_brackets))
        assert one_request(site, rid)["service_code"] == "garbage_removal"
        [request] = stored(site, description)
        kept = str(request.attributes)
        assert "ramas" in kept and "escombros" in kept, kept


def test_a_value_outside_the_list_is_refused(site):
    # GET Service Definition > multivaluelist: "A set of predefined values": anything else is not one.
    description = marker("Retiro de plutonio")
    fields = [
        ("service_code", "garbage_removal"),
        ("address_string", "Av. Industrial 450, Concón"),
        ("description", description),
        ("attribute[waste_kind][]", "ramas"),
        ("attribute[waste_kind][]", "plutonio"),
    ]
    check_errors(post(site, fields), 400, names=("waste_kind", "plutonio"))
    assert stored(site, description) == []


def test_an_attribute_the_service_does_not_define_is_refused(site):
    # POST Service Request > attribute: "An array of key/value responses based on Service Definitions".
    description = marker("Poda con color")
    check_errors(post(site, pruning(description, **{"attribute[color]": "rojo"})), 400, names=("color",))
    assert stored(site, description) == []


def test_a_description_is_limited_to_4000_characters(site):
    # POST Service Request > description: "free form text limited to 4,000 characters": characters, so
    # 4,000 of "ñ" (8,000 bytes of UTF-8) fit, with a line break, and one more does not.
    head = marker("Poda\n")
    fits = head + "ñ" * (4000 - len(head))
    assert len(fits) == 4000
    rid = created_id(post(site, pruning(fits)))
    assert one_request(site, rid)["description"] == fits
    too_long = fits + "ñ"
    check_errors(post(site, pruning(too_long)), 400, names=("description", "4000", "4,000"))
    assert stored(site, too_long) == []


def test_the_media_url_is_kept_and_returned(site):
    # POST Service Request > media_url: "A URL to media associated with the request, eg an image";
    # GET Service Request > Response: media_url.
    media = "https://fotos.concon.cl/solicitudes/poda-gulmue.jpg?tam=grande&v=2"
    rid = created_id(post(site, pruning(marker("Poda con foto"), media_url=media)))
    assert one_request(site, rid)["media_url"] == media


def test_the_api_key_is_required_to_post(site):
    # POST Service Request > Requires API Key: Yes. Errors > General Errors: "403 - Missing or Invalid API
    # Key"; "403 for errors because of wrong or missing api_key" (the contract lets a missing one be 400).
    description = marker("Poda sin llave")
    fields = pruning(description)
    for fmt in ("json", "xml"):
        missing = post(site, fields, fmt, api_key=None)
        assert missing.status in (400, 401, 403), (missing.status, missing.body[:300])
        check_errors(missing, missing.status, fmt, names=("api_key",))
        check_errors(post(site, fields, fmt, api_key="omil_not-a-key"), 403, fmt, names=("api_key",))
        # A key that may read requests but not write them is not a key to create one.
        check_errors(post(site, fields, fmt, api_key=site.read_only_key), 403, fmt)
    assert stored(site, description) == []


def test_an_unknown_service_code_on_post_is_404(site):
    # POST Service Request > Possible Errors: "404 - service_code or jurisdiction_id was not found
    # (specified in error response)"; "400 - service_code or jurisdiction_id was not provided".
    description = marker("Solicitud de un servicio que no existe")
    for fmt in ("json", "xml"):
        r = post(site, {"service_code": "no_such_service", "address_string": "Plaza", "description": description}, fmt)
        check_errors(r, 404, fmt, names=("no_such_service", "service_code"))
        r = post(site, pruning(description, jurisdiction_id="99999"), fmt)
        check_errors(r, 404, fmt, names=("99999", "jurisdiction_id"))
        r = post(site, {"address_string": "Plaza", "description": description}, fmt)
        check_errors(r, 400, fmt, names=("service_code",))
    assert stored(site, description) == []


# --- GET Service Request(s) -----------------------------------------------------------------------


def test_an_unknown_request_id_is_404(site):
    # GET Service Request; Errors: "The HTTP error codes should always be 404 for resources that don't
    # exist".
    for fmt in ("json", "xml"):
        check_errors(get(site, f"requests/987654321.{fmt}"), 404, fmt)


def test_a_closed_request_reads_its_own_dates(site):
    # GET Service Request > Response: requested_datetime "when the service request was made";
    # updated_datetime "For requests with status=closed, this will be the date the request was closed";
    # status "closed: it has been resolved".
    got = one_request(site, ids_of(site)["closed"])
    assert got["status"] == "closed", got
    requested = instant(got["requested_datetime"], "requested_datetime")
    updated = instant(got["updated_datetime"], "updated_datetime")
    assert requested.astimezone(SANTIAGO).date() == site.received["closed"], got
    assert updated.astimezone(SANTIAGO).date() == site.closed_on, got
    assert got.get("expected_datetime") is not None, got
    assert instant(got["expected_datetime"], "expected_datetime") > requested, got


def test_get_requests_defaults_to_the_last_90_days(site):
    # GET Service Requests > start_date/end_date: "When not specified, the range defaults to most recent
    # 90 days"; Response Volume: "Default query limit is a span of 90 days or first 1000 requests".
    ids = ids_of(site)
    answer = both(site, "requests", "service_requests")
    assert isinstance(answer, list) and len(answer) <= 1000
    now = dt.datetime.now(dt.UTC)
    for r in answer:
        check_request(r, site)
        assert instant(r["requested_datetime"], "requested_datetime") >= now - dt.timedelta(days=90, minutes=5), r
    listed = listed_ids(answer)
    assert ids["closed"] in listed and ids["recent"] in listed, (ids, listed)
    assert ids["old"] not in listed, (ids, listed)


def test_get_requests_by_service_request_id_overrides_every_other_argument(site):
    # GET Service Requests > service_request_id: "multiple service_request_id can be declared; comma
    # delimited. This overrides all other arguments."
    ids = ids_of(site)
    query = [
        ("service_request_id", f"{ids['old']},{ids['closed']}"),
        ("status", "open"),
        ("service_code", "green_areas"),
        ("start_date", midnight(site.today - dt.timedelta(days=3))),
        ("end_date", midnight(site.today + dt.timedelta(days=1))),
    ]
    answer = both(site, "requests", "service_requests", query)
    assert sorted(listed_ids(answer)) == sorted([ids["old"], ids["closed"]]), answer
    for r in answer:
        check_request(r, site)


def test_get_requests_by_service_code(site):
    # GET Service Requests > service_code: "can be declared multiple times, comma delimited".
    ids = ids_of(site)
    pruned = both(site, "requests", "service_requests", [("service_code", "tree_pruning")])
    assert {r["service_code"] for r in pruned} == {"tree_pruning"}, pruned
    assert ids["closed"] in listed_ids(pruned)
    two = both(site, "requests", "service_requests", [("service_code", "tree_pruning,green_areas")])
    assert {r["service_code"] for r in two} == {"tree_pruning", "green_areas"}, two
    assert {ids["closed"], ids["recent"]} <= set(listed_ids(two))
    assert both(site, "requests", "service_requests", [("service_code", "speed_bump")]) == []


def test_get_requests_by_status(site):
    # GET Service Requests > status: "Options: open, closed"; "can be declared multiple times, comma
    # delimited".
    ids = ids_of(site)
    closed = both(site, "requests", "service_requests", [("status", "closed")])
    assert {r["status"] for r in closed} == {"closed"} and ids["closed"] in listed_ids(closed), closed
    opened = both(site, "requests", "service_requests", [("status", "open")])
    assert {r["status"] for r in opened} == {"open"} and ids["recent"] in listed_ids(opened), opened
    either = both(site, "requests", "service_requests", [("status", "open,closed")])
    assert sorted(listed_ids(either)) == sorted(listed_ids(opened) + listed_ids(closed))


def test_get_requests_by_dates(site):
    # GET Service Requests > start_date, end_date: "search for requests which have a requested_datetime
    # that matches a given range"; "Must use w3 format, eg 2010-01-01T00:00:00Z".
    ids = ids_of(site)
    days = dt.timedelta(days=1)
    start, end = site.received["closed"] - 3 * days, site.received["closed"] + 3 * days
    query = [("start_date", midnight(start)), ("end_date", midnight(end))]
    answer = both(site, "requests", "service_requests", query)
    assert ids["closed"] in listed_ids(answer) and ids["recent"] not in listed_ids(answer), answer
    low = dt.datetime.combine(start, dt.time(0), tzinfo=SANTIAGO)
    high = dt.datetime.combine(end, dt.time(0), tzinfo=SANTIAGO)
    for r in answer:
        assert low <= instant(check_request(r, site)["requested_datetime"], "requested_datetime") <= high, r
    # In UTC ("Z") as the specification's example writes them: the same instants, the same answer.
    utc = [(k, dt.datetime.fromisoformat(v).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")) for k, v in query]
    assert both(site, "requests", "service_requests", utc) == answer
    # A range 150 days back finds the request received then, which the default 90 days leave out.
    old = site.received["old"]
    answer = both(
        site,
        "requests",
        "service_requests",
        [("start_date", midnight(old - 2 * days)), ("end_date", midnight(old + 2 * days))],
    )
    assert ids["old"] in listed_ids(answer), answer
    # start_date alone: from then on.
    answer = both(site, "requests", "service_requests", [("start_date", midnight(site.today - 7 * days))])
    assert ids["recent"] in listed_ids(answer) and ids["closed"] not in listed_ids(answer), answer
    # end_date alone: up to then.
    answer = both(site, "requests", "service_requests", [("end_date", midnight(site.today - 20 * days))])
    assert ids["closed"] in listed_ids(answer) and ids["recent"] not in listed_ids(answer), answer


def test_an_empty_optional_argument_is_no_argument(site):
    # Definitions > Optional Arguments: "the response should be the same whether a parameter is passed and
    # is empty or is not passed at all".
    plain = both(site, "requests", "service_requests")
    empty = [(name, "") for name in ("jurisdiction_id", "service_code", "status", "start_date", "end_date")]
    assert both(site, "requests", "service_requests", empty) == plain


def test_get_requests_answers_at_most_1000(tmp_path):
    # GET Service Requests > Response Volume: "Default query limit is a span of 90 days or first 1000
    # requests returned, whichever is smallest": 1,001 requests of the last 60 days answer 1,000.
    path = tmp_path / "many.omilcrm"
    today = santiago_today()
    with omilcrm.open(path, create=True) as db:
        office, admin, logi = make_office(db)
        rows = [
            {
                "category": "security_patrol",
                "employer": logi,
                "by": admin,
                "received_on": today - dt.timedelta(days=1 + k % 60),
                "description": f"Ronda {k}",
            }
            for k in range(1001)
        ]
        db.requests.open_many(rows)
    proc, port = start_server(path, tmp_path)
    try:
        many = Site(db=path, proc=proc, port=port, today=today)
        status, answer = get_json(many, "requests.json")
        assert status == 200 and isinstance(answer, list), answer
        assert len(answer) == 1000
        assert len({str(r["service_request_id"]) for r in answer}) == 1000
    finally:
        stop_server(proc)


# --- an independent client ------------------------------------------------------------------------


def as_list(value) -> list:
    """xmltodict gives one repeated element as a dict, several as a list."""
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_reads_the_live_server(site, fmt, monkeypatch):
    """`georeport` (PyPI), pointed at the server's base URL, lists, defines and reads what the raw calls do."""
    from georeport import GeoReport  # requirements-dev.txt

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    ids = ids_of(site)
    client = GeoReport(site.url + BASE, jurisdiction=CONCON, output_format=fmt)

    services = client.get_service_list()
    assert sorted(s["service_code"] for s in services) == sorted(site.catalogue)
    names = {s["service_code"]: s["service_name"] for s in services}
    assert names == site.catalogue

    definition = client.get_service_definition("tree_pruning")
    attributes = definition["attributes"] if fmt == "json" else as_list(definition["attributes"]["attribute"])
    trees = {a["code"]: a for a in attributes}["trees"]
    assert str(trees["datatype"]) == "number" and str(trees["required"]).lower() == "true"

    requests = as_list(client.get_service_requests(service_request_id=f"{ids['old']},{ids['closed']}"))
    assert sorted(str(r["service_request_id"]) for r in requests) == sorted([ids["old"], ids["closed"]])
    closed = as_list(client.get_service_requests(service_code="tree_pruning", status="closed"))
    assert ids["closed"] in [str(r["service_request_id"]) for r in closed]
    assert {r["status"] for r in closed} == {"closed"}

    one = client.get_service_request(ids["closed"])
    raw = one_request(site, ids["closed"])
    assert str(one["service_request_id"]) == ids["closed"] and one["status"] == "closed"
    assert one["requested_datetime"] == raw["requested_datetime"]
    assert one["updated_datetime"] == raw["updated_datetime"]
