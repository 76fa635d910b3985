"""The office front end (examples/web) in a real browser: headless Chromium driven by Selenium
through a territorial manager's day, against `omilcrm serve --static examples/web` on a file
with two offices. Each test asserts what the page shows and what the database then holds.

Screenshots of every screen go to $OMILCRM_SCREENSHOTS, or build/screenshots/ by default.
Without Debian's chromium and chromium-driver the tests are skipped, except under CI=true
(scripts/setup.sh installs both), where they fail instead.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import re
import shutil
import subprocess
import threading
import urllib.request

import omilcrm
import pytest
from omilcrm._cli import program

ROOT = pathlib.Path(__file__).resolve().parents[2]
WEB = ROOT / "examples" / "web"
CLI = pathlib.Path(os.environ.get("OMILCRM_CLI", program()))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = pathlib.Path(os.environ.get("OMILCRM_SCREENSHOTS", ROOT / "build" / "screenshots"))
SERVING = re.compile(r"omilcrm: serving (.+) on http://127\.0\.0\.1:(\d+)$")
TODAY = omilcrm.today()  # `omilcrm serve` runs on the real clock, in Chile's time zone

_missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
if _missing:
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {', '.join(_missing)} missing: scripts/setup.sh installs chromium")
    pytest.skip(
        f"{', '.join(_missing)} not installed (apt-get install chromium chromium-driver)", allow_module_level=True
    )
if os.environ.get("CI") == "true":
    import selenium  # noqa: F401  (under CI a missing selenium is an error, not a skip)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def ddmmyyyy(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


# ---- the office file -------------------------------------------------------------------------


class Scene:
    """Two offices in one file: Concón with its park, three employers, placements; Quintero with one employer."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = path
        with omilcrm.open(path, create=True) as db:
            concon = db.offices.add(
                name="OMIL Concón", commune="concon", latitude=-32.9230, longitude=-71.5150, address="Santa Laura 567"
            )
            self.concon = concon.id
            gestora = db.staff.add(
                office=concon, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1)
            )
            self.gestora = gestora.id
            park = db.clusters.add(
                office=concon,
                name="Parque Industrial Gulmué",
                kind="industrial_park",
                meets=omilcrm.Recurrence.monthly(week=1, weekday="thu"),
            )
            every_day = ["mon-sun 08:00-18:00"]
            gulmue = db.employers.add(
                rut="76.086.428-5",
                name="Logística Gulmué SpA",
                cluster=park,
                owner=gestora,
                address="Calle Los Aromos 120, Concón",
                activity="521001",  # the SII code: CIIU4.CL 52100
                latitude=-32.9300,
                longitude=-71.5000,
                visiting_hours=every_day,
            )
            transportes = db.employers.add(
                rut="77.261.280-K",
                name="Transportes Costa Ltda.",
                cluster=park,
                owner=gestora,
                address="Camino Concón-Quintero km 3",
                latitude=-32.9200,
                longitude=-71.4950,
                visiting_hours=["mon-sun 10:00-16:00"],
            )
            beta = db.employers.add(
                rut="96.511.460-2",
                name="Panadería Beta Ltda.",
                office=concon,
                owner=gestora,
                address="Av. Borgoño 2100, Concón",
                latitude=-32.9350,
                longitude=-71.5200,
                visiting_hours=every_day,
            )
            self.gulmue, self.transportes, self.beta = gulmue.id, transportes.id, beta.id
            self.pedro = db.contacts.add(
                employer=gulmue,
                name="Pedro Soto",
                role="Jefe de RRHH",
                phone="+56 9 1234 5678",
                email="pedro@gulmue.cl",
            ).id
            db.cadence.add_policy(office=concon, interval_days=30)
            db.interactions.log(
                employer=gulmue,
                kind="phone_call",
                by=gestora,
                summary="Pide operarios para la temporada",
                on=TODAY - dt.timedelta(days=40),
            )
            db.interactions.log(
                employer=transportes,
                kind="visit",
                by=gestora,
                summary="Primera visita",
                on=TODAY - dt.timedelta(days=25),
            )
            # Placements: three in the park's employers, one outside it (75 % for the park).
            vacancies = [
                db.vacancies.capture(employer=e, title=f"Puesto {i}", occupation="9333", positions=1, on=TODAY)
                for i, e in enumerate([gulmue, gulmue, transportes, beta])
            ]
            seekers = db.seekers.add_many(
                [
                    dict(
                        office=concon,
                        rut=str(omilcrm.Rut.from_body(15000000 + n)),
                        name=f"Persona {n}",
                        commune="Concón",
                        consent_on=TODAY,
                        consent_scope=["intermediation"],
                        registered_on=TODAY,
                    )
                    for n in range(4)
                ]
            )
            for seeker, vacancy in zip(seekers, vacancies, strict=True):
                db.referrals.refer(seeker=seeker, vacancy=vacancy, on=TODAY)
                db.placements.record(seeker=seeker, vacancy=vacancy, start_on=TODAY, recorded_on=TODAY)
            self.concon_token = db.access.create(staff=gestora)[1]

            quintero = db.offices.add(
                name="OMIL Quintero",
                commune="quintero",
                latitude=-32.7800,
                longitude=-71.5300,
                address="Normandie 1916",
            )
            self.quintero = quintero.id
            carla = db.staff.add(
                office=quintero, name="Carla Díaz", role="territorial_manager", started=dt.date(2026, 1, 5)
            )
            pesquera = db.employers.add(
                rut="96.528.990-9",
                name="Pesquera Quintero S.A.",
                office=quintero,
                owner=carla,
                address="Caleta de Quintero s/n",
                latitude=-32.7810,
                longitude=-71.5250,
                visiting_hours=every_day,
            )
            self.pesquera = pesquera.id
            db.cadence.add_policy(office=quintero, interval_days=30)
            self.quintero_token = db.access.create(staff=carla)[1]
        # What the first office has that the second must never see in its pages.
        self.concon_words = [
            "Gulmué",
            "Transportes Costa",
            "Panadería Beta",
            "Pedro Soto",
            "76.086.428-5",
            "77.261.280-K",
            "96.511.460-2",
            "Verónica",
            "Calle Los Aromos",
        ]


class Server:
    """`omilcrm serve --static examples/web` on a free port."""

    def __init__(self, db: pathlib.Path) -> None:
        self.proc = subprocess.Popen(
            [str(CLI), "serve", "--db", str(db), "--listen", "127.0.0.1:0", "--threads", "4", "--static", str(WEB)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = self.proc.stderr.readline().rstrip("\n")
        found = SERVING.match(first)
        assert found, first
        self.url = f"http://127.0.0.1:{found.group(2)}"
        # Keep reading stderr so the server never blocks on a full pipe.
        self._pump = threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True)
        self._pump.start()

    def api(self, token: str, path: str):
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=20)
        self._pump.join(timeout=10)
        self.proc.stderr.close()


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Scene:
    # Today is taken when the scene is built, not when the module is collected: a run may cross
    # midnight in Chile between the two, and the server's clock would then be a day ahead.
    global TODAY
    TODAY = omilcrm.today()
    return Scene(tmp_path_factory.mktemp("web") / "oficinas.omilcrm")


@pytest.fixture(scope="module")
def server(scene):
    s = Server(scene.path)
    yield s
    s.close()


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # with the driver's path below, Selenium Manager is never asked
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=es-CL",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


# ---- driving the page ------------------------------------------------------------------------


class Page:
    def __init__(self, driver, server: Server) -> None:
        self.d = driver
        self.server = server
        SHOTS.mkdir(parents=True, exist_ok=True)

    def rendered(self) -> int:
        return int(self.d.execute_script("return Number(document.body.dataset.rendered || 0)"))

    def wait_next(self, before: int, timeout: float = 10) -> None:
        """Waits for the screen after `before` to be shown."""
        try:
            WebDriverWait(self.d, timeout).until(lambda d: self.rendered() > before)
        except TimeoutException:
            logs = self.d.get_log("browser")
            raise AssertionError(f"no new screen; the page shows {self.main_text()!r}; console: {logs}") from None

    def open(self, hash_: str = "") -> None:
        """Loads the page afresh (a new document, whatever was shown before)."""
        self.d.get("about:blank")
        self.d.get(f"{self.server.url}/{hash_}")
        self.wait_next(0)

    def go(self, hash_: str) -> None:
        before = self.rendered()
        self.d.execute_script(
            "if (location.hash === arguments[0]) window.dispatchEvent(new HashChangeEvent('hashchange'));"
            " else location.hash = arguments[0];",
            hash_,
        )
        self.wait_next(before)

    def click(self, element) -> None:
        before = self.rendered()
        element.click()
        self.wait_next(before)

    def link(self, text: str):
        return self.d.find_element(By.LINK_TEXT, text)

    def main_text(self) -> str:
        return self.d.find_element(By.ID, "contenido").text

    def h1(self) -> str:
        return self.d.find_element(By.CSS_SELECTOR, "#contenido h1").text

    def shot(self, name: str) -> None:
        self.d.save_screenshot(str(SHOTS / f"{name}.png"))

    def sign_in(self, token: str) -> None:
        self.open("#/entrar")
        self.d.execute_script("sessionStorage.clear()")
        self.open("#/entrar")
        assert self.h1() == "Entrar"
        self.d.find_element(By.ID, "token").send_keys(token)
        before = self.rendered()
        self.d.find_element(By.CSS_SELECTOR, "#form-entrar button[type=submit]").click()
        self.wait_next(before)

    def set_value(self, element_id: str, value: str) -> None:
        """Sets a date or number input as a person's typing would, with an input event."""
        self.d.execute_script(
            "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
            "e.dispatchEvent(new Event('input', {bubbles: true}));"
            "e.dispatchEvent(new Event('change', {bubbles: true}));",
            element_id,
            value,
        )

    def no_horizontal_scroll(self) -> tuple[int, int]:
        return tuple(
            self.d.execute_script(
                "return [Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),"
                " document.documentElement.clientWidth]"
            )
        )


@pytest.fixture
def page(browser, server):
    browser.get_log("browser")  # what earlier tests left
    yield Page(browser, server)
    # No script error and nothing the Content-Security-Policy refused (the API's 401, 404 and 422
    # answers the tests ask for are logged by the browser as failed loads, and are fine).
    problems = [
        e["message"]
        for e in browser.get_log("browser")
        if e.get("source") in ("javascript", "security") or "Content Security Policy" in e["message"]
    ]
    assert problems == []


# ---- the tests -------------------------------------------------------------------------------


def test_a_wrong_token_is_refused_with_a_clear_message_and_nothing_kept(page, scene):
    page.open("#/hoy")
    page.d.execute_script("sessionStorage.clear()")
    page.open("#/hoy")
    assert page.h1() == "Entrar"  # nothing without a token
    assert page.d.execute_script("return location.hash") == "#/entrar"
    token = page.d.find_element(By.ID, "token")
    assert token.get_attribute("type") == "password"
    token.send_keys(scene.concon_token[:-3] + "xyz")
    page.d.find_element(By.CSS_SELECTOR, "#form-entrar button[type=submit]").click()
    alert = WebDriverWait(page.d, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#login-mensaje [role=alert]"))
    assert "El token no es válido" in alert.text
    assert token.get_attribute("aria-invalid") == "true"
    assert page.d.execute_script("return sessionStorage.getItem('omilcrm.token')") is None
    assert page.d.find_element(By.ID, "nav").get_attribute("hidden") is not None
    page.shot("01-entrar-token-invalido")


def test_the_page_dates_by_chiles_calendar_whatever_the_browsers_zone(page):
    """The browser runs in UTC here; from midnight UTC to midnight in Chile its date is a day
    ahead of the server's, which refused a visit dated "today" as being in the future."""
    page.open("#/entrar")
    days = page.d.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        import("./text.js").then((t) => done([
          t.officeToday(new Date("2026-12-06T01:30:00Z")),  // 22:30 on the 5th in Santiago (UTC-3)
          t.officeToday(new Date("2026-07-01T03:59:00Z")),  // 23:59 on 30 June (UTC-4 in winter)
          t.officeToday(new Date("2026-12-06T03:00:00Z")),  // midnight in Santiago
          t.addDays("2026-12-28", 7),
        ]));
        """
    )
    assert days == ["2026-12-05", "2026-06-30", "2026-12-06", "2027-01-04"]


def test_the_territorial_managers_day(page, scene, server):
    page.sign_in(scene.concon_token)
    assert page.d.execute_script("return sessionStorage.getItem('omilcrm.token')") == scene.concon_token
    assert page.h1() == "Mi día"
    assert "Bienvenida, Verónica Olguín." in page.main_text()
    assert page.d.find_element(By.ID, "oficina").text == "OMIL Concón"

    # The due list: most overdue first, as the API gives it.
    due = server.api(scene.concon_token, f"/v1/due?staff={scene.gestora}&within=7&limit=100")["items"]
    assert [d["employer_id"] for d in due][0] == scene.gulmue
    cards = page.d.find_elements(By.CSS_SELECTOR, "#lista-vencimientos > li")
    assert len(cards) == len(due) == 3
    first = cards[0].text
    assert "Logística Gulmué SpA" in first
    assert "Atrasada 10 días" in first
    assert f"Último contacto: {ddmmyyyy(TODAY - dt.timedelta(days=40))}" in first
    transportes = next(c.text for c in cards if "Transportes Costa" in c.text)
    assert f"Vence el {ddmmyyyy(TODAY + dt.timedelta(days=5))}" in transportes
    assert "Sin contactos registrados" in next(c.text for c in cards if "Panadería Beta" in c.text)

    # The day's plan: the API's order, times and walking minutes, with each company's hours.
    WebDriverWait(page.d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#paradas > li"))
    plan = server.api(scene.concon_token, f"/v1/plan?on={TODAY.isoformat()}")
    stops = page.d.find_elements(By.CSS_SELECTOR, "#paradas > li")
    assert len(stops) == len(plan["stops"]) >= 2
    names = {
        scene.gulmue: "Logística Gulmué SpA",
        scene.transportes: "Transportes Costa Ltda.",
        scene.beta: "Panadería Beta Ltda.",
    }
    for shown, stop in zip(stops, plan["stops"], strict=True):
        text = shown.text
        assert names[stop["employer_id"]] in text
        assert f"{stop['start']}–{stop['depart']}" in text
        assert f"Traslado: {stop['travel_minutes']} min" in text
        hours = "lun-dom 10:00-16:00" if stop["employer_id"] == scene.transportes else "lun-dom 08:00-18:00"
        assert f"Horario de visita: {hours}" in text
    assert f"regreso a las {plan['end']}" in page.d.find_element(By.ID, "plan").text
    page.shot("02-mi-dia")

    # The employer's page, from the due list.
    page.click(page.link("Logística Gulmué SpA"))
    assert page.h1() == "Logística Gulmué SpA"
    assert "Pedro Soto" in page.d.find_element(By.ID, "contactos").text
    assert "Jefe de RRHH" in page.d.find_element(By.ID, "contactos").text
    history = page.d.find_element(By.ID, "historial").text
    assert f"Llamada · {ddmmyyyy(TODAY - dt.timedelta(days=40))}" in history
    assert "Pide operarios para la temporada" in history
    assert "Sin solicitudes abiertas." in page.main_text()
    assert "Horario de visita" in page.main_text() and "lun-dom 08:00-18:00" in page.main_text()
    assert "52100 Almacenamiento y depósito" in page.main_text()  # its economic activity, labelled
    page.shot("03-empresa")

    # Log a visit with a commitment.
    page.click(page.link("Registrar visita"))
    assert page.h1() == "Registrar visita"
    assert Select(page.d.find_element(By.ID, "visita-tipo")).first_selected_option.text == "Visita"
    page.d.find_element(By.ID, "visita-resumen").send_keys("Necesitan 3 operarios de bodega para enero")
    page.d.find_element(By.ID, "visita-resultado").send_keys("Abrirán la vacante esta semana")
    page.d.find_element(By.ID, f"visita-contacto-{scene.pedro}").click()
    page.d.find_element(By.ID, "compromiso-1-descripcion").send_keys("Enviar 3 perfiles de operario de bodega")
    due_on = TODAY + dt.timedelta(days=10)
    page.set_value("compromiso-1-fecha", due_on.isoformat())
    page.shot("04-registrar-visita")
    page.click(page.d.find_element(By.CSS_SELECTOR, "#form-visita button[type=submit]"))
    assert page.h1() == "Logística Gulmué SpA"
    assert f"Visita registrada el {ddmmyyyy(TODAY)}." in page.d.find_element(By.CSS_SELECTOR, ".flash").text
    assert f"Visita · {ddmmyyyy(TODAY)}" in page.d.find_element(By.ID, "historial").text
    commitments = page.d.find_element(By.ID, "compromisos").text
    assert "Enviar 3 perfiles de operario de bodega" in commitments
    assert f"Para el {ddmmyyyy(due_on)}" in commitments
    page.shot("05-empresa-tras-visita")
    with omilcrm.open(scene.path) as db:
        visit = [i for i in db.interactions.of_employer(scene.gulmue) if i.kind == "visit"]
        assert len(visit) == 1
        visit = visit[0]
        assert visit.on == TODAY
        assert visit.staff_id == scene.gestora
        assert visit.summary == "Necesitan 3 operarios de bodega para enero"
        assert visit.outcome == "Abrirán la vacante esta semana"
        assert list(visit.contacts) == [scene.pedro]
        kept = db.commitments.open(office=scene.concon, employer=scene.gulmue)
        assert [(c.description, c.due, c.owner_id, c.interaction_id) for c in kept] == [
            ("Enviar 3 perfiles de operario de bodega", due_on, scene.gestora, visit.id)
        ]

    # Open a service request: a missing attribute is refused and nothing is written, then it is routed.
    page.click(page.link("Abrir solicitud"))
    assert page.h1() == "Abrir solicitud"
    # The attributes come typed from the service's definition: choices for garbage removal.
    Select(page.d.find_element(By.ID, "solicitud-categoria")).select_by_value("garbage_removal")
    kinds = WebDriverWait(page.d, 10).until(lambda d: d.find_element(By.ID, "solicitud-atributo-waste_kind"))
    assert kinds.find_element(By.TAG_NAME, "legend").text == "¿Qué hay que retirar? (opcional)"
    assert [c.get_attribute("value") for c in kinds.find_elements(By.CSS_SELECTOR, "input[type=checkbox]")] == [
        "domiciliaria",
        "escombros",
        "ramas",
        "voluminosos",
        "reciclables",
    ]
    Select(page.d.find_element(By.ID, "solicitud-categoria")).select_by_value("tree_pruning")
    trees = WebDriverWait(page.d, 10).until(lambda d: d.find_element(By.ID, "solicitud-atributo-trees"))
    label = "¿Cuántos árboles hay que podar?"
    assert page.d.find_element(By.CSS_SELECTOR, "label[for=solicitud-atributo-trees]").text == label
    assert trees.get_attribute("type") == "number"
    page.d.find_element(By.ID, "solicitud-descripcion").send_keys("Ramas sobre el cable eléctrico del acceso")
    assert page.d.find_element(By.ID, "solicitud-direccion").get_attribute("value") == "Calle Los Aromos 120, Concón"
    page.d.find_element(By.CSS_SELECTOR, "#form-solicitud button[type=submit]").click()
    error = WebDriverWait(page.d, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "#form-mensaje .error"))
    assert f"No se guardó: revise «{label}»." in error.text and "trees" in error.text
    assert trees.get_attribute("aria-invalid") == "true"
    assert page.d.switch_to.active_element == trees
    with omilcrm.open(scene.path) as db:
        assert db.requests.list(scene.concon) == []
    trees.send_keys("3")
    page.shot("06-abrir-solicitud")
    page.click(page.d.find_element(By.CSS_SELECTOR, "#form-solicitud button[type=submit]"))
    assert page.h1().startswith("Solicitud n.º ") and page.h1().endswith("Poda de árboles")
    request_id = int(re.search(r"n\.º (\d+)", page.h1()).group(1))
    with omilcrm.open(scene.path) as db:
        r = db.requests.get(request_id)
        department = db.departments.get(r.department_id)
        assert (r.employer_id, r.category, r.attributes, r.status) == (
            scene.gulmue,
            "tree_pruning",
            "trees=3",
            "routed",
        )
        assert r.description == "Ramas sobre el cable eléctrico del acceso"
        assert department.code == "aseo"
        assert r.deadline_days == 15 and r.due_on > TODAY + dt.timedelta(days=15)  # business days
    assert page.d.find_element(By.ID, "solicitud-departamento").text == department.name == "Dirección de Aseo y Ornato"
    assert page.d.find_element(By.ID, "solicitud-plazo").text.startswith(f"{ddmmyyyy(r.due_on)} (15 días hábiles")
    assert "Solicitud n.º" in page.d.find_element(By.CSS_SELECTOR, ".flash").text
    page.shot("07-solicitud-derivada")

    # Capture a vacancy.
    page.click(page.link("Volver a Logística Gulmué SpA"))
    solicitudes = page.d.find_element(By.ID, "solicitudes").text
    assert "Poda de árboles" in solicitudes and "Dirección de Aseo y Ornato" in solicitudes
    assert f"Plazo: {ddmmyyyy(r.due_on)}" in solicitudes
    page.click(page.link("Capturar vacante"))
    assert page.h1() == "Capturar vacante"
    page.d.find_element(By.ID, "vacante-cargo").send_keys("Operario de bodega")
    page.d.find_element(By.ID, "vacante-ocupacion").send_keys("9333")
    page.set_value("vacante-puestos", "3")
    page.set_value("vacante-sueldo-min", "550000")
    Select(page.d.find_element(By.ID, "vacante-turno")).select_by_value("rotating")
    page.shot("08-capturar-vacante")
    page.click(page.d.find_element(By.CSS_SELECTOR, "#form-vacante button[type=submit]"))
    assert page.h1() == "Logística Gulmué SpA"
    assert "Vacante «Operario de bodega» capturada (3 puestos)." in page.d.find_element(By.CSS_SELECTOR, ".flash").text
    assert "Operario de bodega" in page.d.find_element(By.ID, "vacantes").text
    with omilcrm.open(scene.path) as db:
        captured = [
            v for v in db.vacancies.list(scene.concon, employer=scene.gulmue) if v.title == "Operario de bodega"
        ]
        assert len(captured) == 1
        v = captured[0]
        assert (v.occupation, v.positions, v.wage_min, v.wage_max, v.shift, v.channel, v.captured_by) == (
            "9333",
            3,
            550000,
            None,
            "rotating",
            "visit",
            scene.gestora,
        )
    page.shot("09-empresa-con-vacante")

    # The park's share of placements, drawn as a chart.
    page.click(page.link("Indicadores"))
    assert page.h1() == "Participación del parque industrial"
    summary = page.d.find_element(By.ID, "informe-resumen").text
    assert "Parque Industrial Gulmué: 75,0 % de las colocaciones (3 de 4)" in summary
    chart = page.d.find_element(By.CSS_SELECTOR, "svg#grafico-parque")
    assert chart.get_attribute("role") == "img"
    bars = chart.find_elements(By.CSS_SELECTOR, "g.bar")
    assert len(bars) == 2
    park_bar = chart.find_element(By.CSS_SELECTOR, "g.bar.highlight")
    assert "Parque Industrial Gulmué" in park_bar.text and "75,0 % · 3 colocaciones" in park_bar.text
    fill = float(park_bar.find_element(By.CSS_SELECTOR, ".bar-fill").get_attribute("width"))
    track = float(park_bar.find_element(By.CSS_SELECTOR, ".bar-track").get_attribute("width"))
    assert fill / track == pytest.approx(0.75, abs=0.01)
    rows = [r.text for r in page.d.find_elements(By.CSS_SELECTOR, "#tabla-participacion tbody tr")]
    assert rows == ["Parque Industrial Gulmué 3 75,0 %", "Sin parque ni agrupación 1 25,0 %"]
    page.shot("10-indicadores")


def test_a_person_heard_on_a_call_is_found_with_their_company(page, scene):
    page.sign_in(scene.concon_token)
    page.go("#/empresas")
    box = page.d.find_element(By.ID, "buscar")
    box.send_keys("pedro 5678")  # a name and part of the phone, as heard
    before = page.rendered()
    box.submit()
    page.wait_next(before)
    people = page.d.find_elements(By.CSS_SELECTOR, "#lista-personas > li")
    assert len(people) == 1
    assert "Pedro Soto" in people[0].text and "Jefe de RRHH" in people[0].text
    assert "+56912345678" in people[0].text
    assert "Ninguna empresa coincide" in page.main_text()  # no company has those words
    before = page.rendered()
    people[0].find_element(By.LINK_TEXT, "Logística Gulmué SpA").click()
    page.wait_next(before)
    assert page.h1() == "Logística Gulmué SpA"


def test_another_offices_user_never_sees_the_first_offices_records(page, scene, server):
    with omilcrm.open(scene.path) as db:
        request_id = db.requests.list(scene.concon)[0].id if db.requests.list(scene.concon) else 1
        vacancy_ids = [v.id for v in db.vacancies.list(scene.concon)]
    page.sign_in(scene.quintero_token)
    assert page.d.find_element(By.ID, "oficina").text == "OMIL Quintero"

    def shows_nothing_of_concon() -> None:
        source = page.d.page_source
        for word in scene.concon_words:
            assert word not in source, word

    assert page.h1() == "Mi día"
    WebDriverWait(page.d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#plan p"))
    assert "Pesquera Quintero S.A." in page.d.find_element(By.ID, "lista-vencimientos").text
    shows_nothing_of_concon()
    page.go("#/empresas")
    assert [e.text for e in page.d.find_elements(By.CSS_SELECTOR, "#lista-empresas h2")] == ["Pesquera Quintero S.A."]
    shows_nothing_of_concon()
    page.go("#/empresas?q=Aromos")  # a word of a Concón address
    assert "Ninguna empresa coincide" in page.main_text()
    shows_nothing_of_concon()
    page.go("#/empresas?q=Pedro%205678")  # a Concón contact's name and phone
    assert not page.d.find_elements(By.ID, "lista-personas")
    shows_nothing_of_concon()
    page.shot("11-otra-oficina-empresas")

    # The first office's ids typed into the URL show nothing.
    for hash_ in (
        f"#/empresa/{scene.gulmue}",
        f"#/empresa/{scene.transportes}/visita",
        f"#/empresa/{scene.beta}/solicitud",
        f"#/empresa/{scene.gulmue}/vacante",
    ):
        page.go(hash_)
        assert page.h1() == "Empresa no encontrada", hash_
        assert page.d.find_elements(By.TAG_NAME, "form") == []
        shows_nothing_of_concon()
    page.shot("12-otra-oficina-empresa-ajena")
    page.go(f"#/solicitud/{request_id}")
    assert page.h1() == "Solicitud no encontrada"
    shows_nothing_of_concon()
    page.go("#/indicadores")
    assert page.d.find_elements(By.CSS_SELECTOR, "g.bar.highlight") == []
    shows_nothing_of_concon()
    # Nothing was written for the other office either.
    with omilcrm.open(scene.path) as db:
        assert [v.id for v in db.vacancies.list(scene.concon)] == vacancy_ids
        assert db.requests.list(scene.quintero) == []


def test_every_screen_fits_a_phone_and_is_labelled(page, scene, server):
    page.sign_in(scene.concon_token)
    page.d.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": True}
    )
    try:
        with omilcrm.open(scene.path) as db:
            request_id = db.requests.list(scene.concon)[0].id if db.requests.list(scene.concon) else None
        screens = [
            ("#/hoy", "mi-dia"),
            ("#/empresas", "empresas"),
            (f"#/empresa/{scene.gulmue}", "empresa"),
            (f"#/empresa/{scene.gulmue}/visita", "visita"),
            (f"#/empresa/{scene.gulmue}/solicitud", "solicitud"),
            (f"#/empresa/{scene.gulmue}/vacante", "vacante"),
            ("#/indicadores", "indicadores"),
            ("#/no-existe", "no-encontrada"),
        ]
        if request_id:
            screens.append((f"#/solicitud/{request_id}", "solicitud-derivada"))
        for hash_, name in screens:
            page.go(hash_)
            if hash_ == "#/hoy":
                WebDriverWait(page.d, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#paradas > li"))
            width, viewport = page.no_horizontal_scroll()
            assert viewport == 375, hash_
            assert width <= viewport, f"{hash_}: {width}px wide at a 375px viewport"
            assert page.d.execute_script("return document.documentElement.lang") == "es"
            # Every control has a label a screen reader reads.
            unlabelled = page.d.execute_script(
                "return [...document.querySelectorAll('input, select, textarea')]"
                ".filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))"
                ".map(e => e.id || e.name)"
            )
            assert unlabelled == [], (hash_, unlabelled)
            # The landmarks.
            for selector in ("header", "nav", "main", "footer"):
                assert page.d.find_elements(By.CSS_SELECTOR, selector), (hash_, selector)
            assert len(page.d.find_elements(By.TAG_NAME, "h1")) == 1
            page.shot(f"telefono-{name}")
        # The sign-in screen too.
        page.d.execute_script("sessionStorage.clear()")
        page.open("#/entrar")
        width, viewport = page.no_horizontal_scroll()
        assert width <= viewport == 375
        page.shot("telefono-entrar")
    finally:
        page.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


CONTRAST = """
function rgb(c) {
  const m = c.match(/[\\d.]+/g).map(Number);
  return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1};
}
function lum({r, g, b}) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function background(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.a > 0) return c;
  }
  return {r: 255, g: 255, b: 255, a: 1};
}
return [...document.querySelectorAll(arguments[0])].filter(e => e.offsetParent !== null).map(e => {
  const a = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
  return [e.tagName + ' ' + e.textContent.trim().slice(0, 30), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
});
"""


def test_keyboard_focus_is_visible_and_text_has_contrast(page, scene):
    page.sign_in(scene.concon_token)
    page.go(f"#/empresa/{scene.gulmue}")
    # The screen's heading has the focus; going back with Shift+Tab reaches the navigation and
    # the skip link, each with a visible focus ring.
    assert page.d.switch_to.active_element.text == "Logística Gulmué SpA"
    seen = []
    for _ in range(5):
        page.d.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
        name, style, width = page.d.execute_script(
            "const e = document.activeElement, s = getComputedStyle(e);"
            " return [e.textContent.trim(), s.outlineStyle, s.outlineWidth]"
        )
        seen.append(name)
        assert style != "none" and width != "0px", (name, style, width)
    assert seen == ["Salir", "Indicadores", "Empresas", "Mi día", "Saltar al contenido"]
    # The skip link takes the focus back to the screen's heading.
    page.d.switch_to.active_element.send_keys(Keys.ENTER)
    assert page.d.switch_to.active_element.text == "Logística Gulmué SpA"
    # An action reached and followed with the keyboard only.
    page.d.switch_to.active_element.send_keys(Keys.TAB)
    assert page.d.switch_to.active_element.text == "Registrar visita"
    before = page.rendered()
    page.d.switch_to.active_element.send_keys(Keys.ENTER)
    page.wait_next(before)
    assert page.h1() == "Registrar visita"
    assert page.d.switch_to.active_element.text == "Registrar visita"  # the focus moved to the new screen
    # Text against its background: at least 4.5:1 (WCAG AA) everywhere it is read.
    for hash_ in (f"#/empresa/{scene.gulmue}", f"#/empresa/{scene.gulmue}/visita", "#/hoy", "#/indicadores"):
        page.go(hash_)
        ratios = page.d.execute_script(CONTRAST, "h1, h2, h3, p, a, label, legend, button, dt, dd, th, td, .badge")
        low = [(what, round(r, 2)) for what, r in ratios if r < 4.5]
        assert ratios and low == [], (hash_, low)
