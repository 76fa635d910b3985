"""The outbox end to end, against a real SMTP server on loopback (aiosmtpd, run by smtp_sink.py in
its own process): each trigger's message arrives as written; a sender killed mid-batch and run
again delivers everything, with a second copy only of the message in flight; a server that
refuses or does not answer leaves the messages pending with the error, and they go later; an
opted-out contact receives nothing."""

import datetime as dt
import email
import email.policy
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import omilcrm
import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLI = pathlib.Path(os.environ.get("OMILCRM_CLI", ROOT / "build" / "apps" / "omilcrm" / "omilcrm"))
TODAY = dt.date(2026, 11, 23)
SENDER = "OMIL Concón <omil@concon.cl>"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One smtp_sink.py process and the messages it received, parsed."""

    def __init__(self, folder, delay=0.0, refuse=False):
        self.folder = folder
        self.port = free_port()
        args = [sys.executable, str(HERE / "smtp_sink.py"), str(self.port), str(folder), "--delay", str(delay)]
        if refuse:
            args.append("--refuse")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def files(self):
        return sorted(self.folder.glob("*.eml"))

    def received(self):
        out = []
        for path in self.files():
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            rcpt = path.with_suffix(".rcpt").read_text(encoding="utf-8").split("\n")
            out.append((rcpt, message))
        return out

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture
def smtp(tmp_path):
    servers = []

    def start(delay=0.0, refuse=False):
        server = Server(tmp_path / f"mail{len(servers)}", delay=delay, refuse=refuse)
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()


def scene(db):
    """An office whose department, employer contact and staff have e-mail addresses."""
    office = db.offices.add(name="OMIL Concón", commune="concon")
    bruno = db.staff.add(
        office=office,
        name="Bruno Soto",
        role="territorial_manager",
        email="bruno@concon.cl",
        started=dt.date(2026, 1, 5),
    )
    carla = db.staff.add(
        office=office,
        name="Carla Díaz",
        role="territorial_manager",
        email="carla@concon.cl",
        started=dt.date(2026, 1, 5),
    )
    aseo = db.departments.by_code(office, "aseo")
    db.departments.update(aseo, email="aseo@concon.cl")
    acme = db.employers.add(
        rut="76.086.428-5", name="Acme SpA", office=office, owner=bruno, address="Camino Concón-Quintero km 3"
    )
    db.contacts.add(employer=acme, name="Marta Pérez", email="marta@acme.cl", primary=True)
    return office, bruno, carla, aseo, acme


def body(message, subtype):
    return message.get_body(preferencelist=(subtype,)).get_content()


def test_every_trigger_writes_exactly_its_message_and_it_arrives(smtp):
    db = omilcrm.open(":memory:", today=TODAY)
    office, bruno, carla, aseo, acme = scene(db)
    request = db.requests.open(
        category="tree_pruning",
        employer=acme,
        description="Ramas sobre el cableado",
        attributes={"trees": 2},
        requester_name="Marta Pérez",
        email="marta@acme.cl",
        by=bruno,
    )
    db.requests.transition(request, "resolved", by=bruno, note="Se podaron los dos árboles", visible_to_employer=True)
    db.commitments.add(employer=acme, description="Enviar 3 CV", due=TODAY, owner=bruno)
    db.follow_ups.add(office=office, description="Llamar a Marta", due=TODAY, owner=bruno, employer=acme)
    assert db.outbox.queue_due(office) >= 3
    assert db.outbox.queue_due(office) == 0  # once a day
    db.portfolio.hand_over(bruno, carla, reason="traslado")

    written = db.outbox.list(office)
    triggers = sorted(m.trigger for m in written)
    assert triggers == sorted(
        ["request_routed", "request_status", "commitment_due", "follow_up_due", "digest", "hand_over"]
    )
    assert all(m.state == "pending" for m in written)

    server = smtp()
    report = db.outbox.send(server.url, sender=SENDER)
    assert (report.sent, report.retried, report.failed, report.resent) == (6, 0, 0, 0)
    assert all(m.state == "sent" and m.sent_at is not None and m.attempts == 1 for m in db.outbox.list(office))

    received = server.received()
    assert len(received) == 6
    by_id = {m["Message-ID"]: (rcpt, m) for rcpt, m in received}
    for m in written:
        rcpt, got = by_id[m.message_id]
        assert rcpt == [m.address]
        assert got["Subject"] == m.subject
        assert got["To"].addresses[0].addr_spec == m.address
        assert got["From"].addresses[0].addr_spec == "omil@concon.cl"
        assert got["From"].addresses[0].display_name == "OMIL Concón"
        assert body(got, "plain") == m.text
        assert body(got, "html") == m.html

    expected = {
        "request_routed": ("aseo@concon.cl", f"Solicitud N° {request.id} deriva: Poda de árboles"),
        "request_status": ("marta@acme.cl", f"Su solicitud N° {request.id} está resuelta"),
        "commitment_due": ("bruno@concon.cl", "Compromiso con Acme SpA: vence el lunes 23 de noviembre de 2026"),
        "follow_up_due": ("bruno@concon.cl", "Tarea pendiente: Llamar a Marta"),
        "digest": ("bruno@concon.cl", "Tu resumen del lunes 23 de noviembre de 2026"),
        "hand_over": ("carla@concon.cl", "Recibe la cartera de Bruno Soto: 1 empresas"),
    }
    for m in written:
        assert (m.address, m.subject) == expected[m.trigger]
    status = next(m for m in written if m.trigger == "request_status")
    assert "Comentario de la oficina: Se podaron los dos árboles" in status.text
    # Nothing more to send.
    assert db.outbox.send(server.url, sender=SENDER).sent == 0


def test_a_seekers_data_never_reaches_an_employer_or_a_department(smtp):
    db = omilcrm.open(":memory:", today=TODAY)
    office, bruno, _, _, acme = scene(db)
    db.seekers.add(
        office=office,
        rut="11.111.111-1",
        name="Yolanda Quispe Mamani",
        commune="05103",
        registered_on=dt.date(2026, 1, 10),
        consent_on=dt.date(2026, 1, 10),
        consent_scope=["intermediation"],
    )
    request = db.requests.open(category="tree_pruning", employer=acme, attributes={"trees": 1}, email="marta@acme.cl")
    db.requests.transition(request, "in_progress", by=bruno, note="Yolanda Quispe Mamani (11.111.111-1) espera")
    server = smtp()
    assert db.outbox.send(server.url, sender=SENDER).sent == 2
    for _, message in server.received():
        raw = message.as_string()
        for text in (raw, body(message, "plain"), body(message, "html")):
            assert "Yolanda" not in text and "Quispe" not in text and "11.111.111" not in text


def outbox_file(tmp_path, requests):
    """An office file (real clock) with `requests` requests, each a message to Aseo."""
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(path, create=True)
    office, bruno, _, _, acme = scene(db)
    for i in range(requests):
        db.requests.open(category="tree_pruning", employer=acme, description=f"Poda {i + 1}", attributes={"trees": 1})
    ids = [m.id for m in db.outbox.list(office)]
    db.close()
    return path, office.id, sorted(ids)


def send_cli(path, url, *extra, **kwargs):
    args = [str(CLI), "--db", str(path), "outbox", "send", "--smtp-url", url, "--from", SENDER, *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_a_sender_killed_mid_batch_delivers_everything_with_one_second_copy_of_the_one_in_flight(tmp_path, smtp):
    path, office, ids = outbox_file(tmp_path, 5)
    server = smtp(delay=1.0)
    sender = send_cli(path, server.url)
    # The third message is saved by the server, which answers only a second later: kill then.
    deadline = time.monotonic() + 30
    while len(server.files()) < 3:
        assert time.monotonic() < deadline, "the server never received a third message"
        assert sender.poll() is None, sender.communicate()
        time.sleep(0.02)
    sender.send_signal(signal.SIGKILL)
    sender.communicate()

    db = omilcrm.open(path)
    states = {m.id: m.state for m in db.outbox.list(office)}
    assert sorted(states.values()) == ["pending", "pending", "sending", "sent", "sent"]
    in_flight = db.outbox.get(next(i for i, s in states.items() if s == "sending"))
    db.close()

    again = send_cli(path, server.url)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert out.strip() == "sent 3 (1 again after an interrupted run), retried 0, failed 0"

    db = omilcrm.open(path)
    assert all(m.state == "sent" for m in db.outbox.list(office))
    received = [m["Message-ID"] for _, m in server.received()]
    assert len(received) == 6
    assert sorted(set(received)) == sorted(m.message_id for m in db.outbox.list(office))
    twice = [mid for mid in set(received) if received.count(mid) == 2]
    assert twice == [in_flight.message_id]
    assert db.outbox.get(in_flight).attempts == 2


def test_a_refusing_server_leaves_messages_pending_with_the_error_and_they_go_later(tmp_path, smtp):
    path, office, ids = outbox_file(tmp_path, 2)
    db = omilcrm.open(path)
    refusing = smtp(refuse=True)
    report = db.outbox.send(refusing.url, sender=SENDER, backoff=0.5)
    assert (report.sent, report.retried, report.failed) == (0, 2, 0)
    for m in db.outbox.list(office):
        assert m.state == "pending"
        assert m.attempts == 1
        assert "550" in m.last_error
        assert m.next_attempt_at > dt.datetime.now(dt.UTC)
    assert refusing.files() == []
    # Not due yet: nothing is attempted.
    assert db.outbox.send(refusing.url, sender=SENDER).retried == 0
    time.sleep(0.6)
    accepting = smtp()
    report = db.outbox.send(accepting.url, sender=SENDER)
    assert report.sent == 2
    assert len(accepting.files()) == 2
    assert all(m.state == "sent" and m.attempts == 2 and m.last_error == "" for m in db.outbox.list(office))


def test_a_server_that_does_not_answer_times_out_and_the_message_waits(tmp_path):
    path, office, _ = outbox_file(tmp_path, 1)
    db = omilcrm.open(path)
    with socket.socket() as silent:  # accepts connections (the kernel does) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        report = db.outbox.send(f"smtp://127.0.0.1:{port}", sender=SENDER, timeout=1.0, max_attempts=2)
        assert time.monotonic() - started < 10
    assert (report.sent, report.retried) == (0, 1)
    (m,) = db.outbox.list(office)
    assert m.state == "pending"
    assert "timed out" in m.last_error.lower() or "timeout" in m.last_error.lower()


def test_after_the_last_attempt_a_message_is_failed_and_visible(tmp_path, smtp):
    path, office, _ = outbox_file(tmp_path, 1)
    db = omilcrm.open(path)
    refusing = smtp(refuse=True)
    report = db.outbox.send(refusing.url, sender=SENDER, backoff=0, max_attempts=3)
    assert (report.retried, report.failed) == (2, 1)
    (m,) = db.outbox.list(office, state="failed")
    assert m.attempts == 3 and "550" in m.last_error
    assert db.outbox.retry(m).state == "pending"


def test_an_opted_out_contact_receives_nothing(smtp):
    db = omilcrm.open(":memory:", today=TODAY)
    office, bruno, _, _, acme = scene(db)
    request = db.requests.open(category="tree_pruning", employer=acme, attributes={"trees": 1}, email="marta@acme.cl")
    db.requests.transition(request, "in_progress", by=bruno)
    token = db.outbox.unsubscribe_token(office, "marta@acme.cl")
    assert db.outbox.unsubscribe(token) == "marta@acme.cl"
    assert db.outbox.opted_out(office, "marta@acme.cl")
    db.requests.transition(request, "resolved", by=bruno)
    server = smtp()
    assert db.outbox.send(server.url, sender=SENDER).sent == 1  # the department's only
    assert [rcpt for rcpt, _ in server.received()] == [["aseo@concon.cl"]]
    assert [m.state for m in db.outbox.list(office, trigger="request_status")] == ["cancelled"]


def test_templates_are_the_offices_and_an_unknown_field_is_refused(db, office):
    assert "due_on" in omilcrm.template_fields("request_routed")
    default = db.outbox.template(office, "request_routed")
    assert not default.custom and "{{due_on}}" in default.text
    with pytest.raises(omilcrm.ValidationError) as e:
        db.outbox.set_template(office, "request_routed", subject="N° {{request}}", text="{{seeker}}")
    assert e.value.field == "text" and "request_routed" in str(e.value) and "seeker" in str(e.value)
    assert not db.outbox.template(office, "request_routed").custom
    t = db.outbox.set_template(office, "request_status", subject="Solicitud {{request}}", text="{{status}}")
    assert t.custom and db.outbox.template(office, "request_status").subject == "Solicitud {{request}}"
    db.outbox.reset_template(office, "request_status")
    assert not db.outbox.template(office, "request_status").custom
    db.outbox.set_enabled(office, "digest", False)
    assert not db.outbox.enabled(office, "digest")


def test_the_command_line_lists_and_sends(tmp_path, smtp):
    path, office, ids = outbox_file(tmp_path, 2)
    listed = subprocess.run(
        [str(CLI), "--db", str(path), "outbox", "list", "--state", "pending", "--csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.count("aseo@concon.cl") == 2
    server = smtp()
    done = send_cli(path, server.url, "--per-minute", "600")
    out, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert out.strip() == "sent 2 (0 again after an interrupted run), retried 0, failed 0"
    bad = subprocess.run(
        [str(CLI), "--db", str(path), "outbox", "send", "--smtp-url", "http://x", "--from", SENDER],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "url" in bad.stderr
    queued = subprocess.run(
        [str(CLI), "--db", str(path), "outbox", "queue-due"], capture_output=True, text=True, check=True
    )
    assert queued.stdout.startswith("queued ")


def test_the_server_delivers_the_outbox_in_the_background(tmp_path, smtp):
    path, office, ids = outbox_file(tmp_path, 2)
    server = smtp()
    serve = subprocess.Popen(
        [str(CLI), "serve", "--db", str(path), "--listen", "127.0.0.1:0", "--access-log", os.devnull]
        + ["--smtp-url", server.url, "--from", SENDER, "--send-every", "1", "--no-digest"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while len(server.files()) < 2:
            assert time.monotonic() < deadline, "the server's sender delivered nothing"
            assert serve.poll() is None, serve.communicate()
            time.sleep(0.05)
        # A message written while the server runs goes on a later round.
        db = omilcrm.open(path)
        acme = db.employers.list(office)[0]
        db.requests.open(category="tree_pruning", employer=acme, attributes={"trees": 1})
        db.close()
        while len(server.files()) < 3:
            assert time.monotonic() < deadline, "a message written later was not delivered"
            time.sleep(0.05)
    finally:
        serve.send_signal(signal.SIGTERM)
        _, err = serve.communicate(timeout=30)
    assert serve.returncode == 0, err
    assert "outbox: sent 2" in err
    db = omilcrm.open(path)
    assert all(m.state == "sent" for m in db.outbox.list(office))


def test_the_server_refuses_bad_smtp_settings_before_it_starts(tmp_path):
    path, _, _ = outbox_file(tmp_path, 1)
    bad = subprocess.run(
        [str(CLI), "serve", "--db", str(path), "--listen", "127.0.0.1:0", "--smtp-url", "smtp://x", "--from", "nadie"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 2 and "from" in bad.stderr


def test_a_check_in_due_and_a_placements_check_arrive_as_written(smtp):
    db = omilcrm.open(":memory:", today=TODAY)
    office, bruno, carla, aseo, acme = scene(db)
    request = db.requests.open(
        category="tree_pruning",
        employer=acme,
        description="Ramas sobre el cableado",
        address="Av. Borgoño 22100",
        attributes={"trees": 2},
        by=bruno,
    )
    seeker = db.seekers.add(
        office=office,
        rut="11.111.111-1",
        name="Yolanda Quispe Mamani",
        commune="05103",
        registered_on=dt.date(2026, 1, 10),
        consent_on=dt.date(2026, 1, 10),
        consent_scope=["intermediation"],
    )
    vacancy = db.vacancies.capture(
        employer=acme, title="Operario de bodega", occupation="9333", on=dt.date(2026, 10, 1)
    )
    placement = db.placements.record(seeker=seeker, vacancy=vacancy, start_on=dt.date(2026, 11, 11), by=carla)
    day = dt.date(2026, 12, 11)  # the check-in's day; the placement's 30 days were on the 11th too
    db.outbox.queue_due(office, on=day)
    assert db.outbox.queue_due(office, on=day) == 0
    (checkin,) = db.outbox.list(office, trigger="checkin_due")
    (check,) = db.outbox.list(office, trigger="placement_check_due")
    assert (checkin.address, checkin.subject) == (
        "bruno@concon.cl",
        f"Consultar a Dirección de Aseo y Ornato por la solicitud N° {request.id}",
    )
    assert checkin.text == (
        "Hola Bruno Soto:\n\n"
        f"El viernes 11 de diciembre de 2026 toca consultar a Dirección de Aseo y Ornato cómo va la solicitud N° "
        f"{request.id}, que vence el martes 15 de diciembre de 2026.\n\n"
        "Qué se pidió: Poda de árboles\nDetalle: Ramas sobre el cableado\nDónde: Av. Borgoño 22100\nPara: Acme SpA\n"
        "\n\nCuando lo hagas, regístralo como recordatorio de la solicitud.\n\nOMIL Concón\n"
    )
    assert (check.address, check.subject) == (
        "carla@concon.cl",
        f"Seguimiento de 30 días: colocación N° {placement.id} en Acme SpA",
    )
    # Once per check-in and per placement and check: the next day writes no second one.
    db.outbox.queue_due(office, on=dt.date(2026, 12, 14))
    assert len(db.outbox.list(office, trigger="checkin_due")) == 1
    assert len(db.outbox.list(office, trigger="placement_check_due")) == 1

    server = smtp()
    db.outbox.send(server.url, sender=SENDER)
    by_id = {m["Message-ID"]: (rcpt, m) for rcpt, m in server.received()}
    for m in (checkin, check):
        rcpt, got = by_id[m.message_id]
        assert rcpt == [m.address]
        assert got["Subject"] == m.subject
        assert body(got, "plain") == m.text
        assert body(got, "html") == m.html
        for text in (got.as_string(), body(got, "plain")):
            assert "Yolanda" not in text and "11.111.111" not in text
    # Switched off, a trigger writes nothing.
    db.outbox.set_enabled(office, "checkin_due", False)
    db.checkins.schedule(request, on=dt.date(2026, 12, 14), by=bruno)
    db.outbox.queue_due(office, on=dt.date(2026, 12, 15))
    assert len(db.outbox.list(office, trigger="checkin_due")) == 1


def test_the_digest_carries_the_days_visits_as_a_calendar_that_parses(smtp):
    icalendar = pytest.importorskip("icalendar")
    db = omilcrm.open(":memory:", today=TODAY)
    office = db.offices.add(
        name="OMIL Concón", commune="concon", address="Santa Laura 567", latitude=-32.9290, longitude=-71.5190
    )
    bruno = db.staff.add(
        office=office,
        name="Bruno Soto",
        role="territorial_manager",
        email="bruno@concon.cl",
        started=dt.date(2026, 1, 5),
    )
    acme = db.employers.add(
        rut="76.086.428-5",
        name="Acme SpA",
        office=office,
        owner=bruno,
        address="Camino Concón-Quintero km 3",
        latitude=-32.9100,
        longitude=-71.5000,
        visiting_hours="mon-fri 09:00-13:00",
    )
    plan = db.planner.plan_day(staff=bruno, on=TODAY, candidates=[acme])
    (visit,) = db.planner.save(plan, staff=bruno, on=TODAY)
    db.outbox.queue_due(office, on=TODAY)
    (digest,) = db.outbox.list(office, trigger="digest")
    assert f"Visitas planificadas:\n- {visit.start}-{visit.end} Acme SpA, Camino Concón-Quintero km 3\n" in digest.text
    assert digest.ical.startswith("BEGIN:VCALENDAR")

    server = smtp()
    assert db.outbox.send(server.url, sender=SENDER).sent == 1
    ((rcpt, got),) = server.received()
    assert rcpt == ["bruno@concon.cl"]
    assert body(got, "plain") == digest.text
    (attachment,) = list(got.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "agenda.ics"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    events = [e for e in calendar.walk("VEVENT")]
    visits = [e for e in events if "Acme SpA" in str(e.get("SUMMARY"))]
    assert len(visits) == 1
    began = visits[0].decoded("DTSTART")
    assert (began.date(), f"{began.hour:02d}:{began.minute:02d}") == (TODAY, visit.start)
    assert str(began.tzinfo) == "America/Santiago"


def test_an_employers_contact_unsubscribes_through_the_servers_link(tmp_path, smtp):
    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, create=True) as db:
        office, bruno, _, _, acme = scene(db)
        request = db.requests.open(
            category="tree_pruning", employer=acme, attributes={"trees": 1}, email="marta@acme.cl"
        )
        db.requests.transition(request, "in_progress", by=bruno)
    server = smtp()
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen(
        [str(CLI), "serve", "--db", str(path), "--listen", f"127.0.0.1:{port}", "--access-log", os.devnull]
        + ["--smtp-url", server.url, "--from", SENDER, "--send-every", "1", "--no-digest"]
        + ["--public-url", public + "/"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while len(server.files()) < 2:
            assert time.monotonic() < deadline, "the server's sender delivered nothing"
            assert serve.poll() is None, serve.communicate()
            time.sleep(0.05)
        received = {rcpt[0]: m for rcpt, m in server.received()}
        # The department's message carries no link; the employer's contact's does, three times.
        assert received["aseo@concon.cl"]["List-Unsubscribe"] is None
        told = received["marta@acme.cl"]
        link = told["List-Unsubscribe"].strip("<>")
        assert link.startswith(public + "/unsubscribe/")
        assert told["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in body(told, "plain") and link in body(told, "html")

        # A GET (a mail scanner, a preview) shows the question and changes nothing.
        with urllib.request.urlopen(link, timeout=10) as r:
            page = r.read().decode()
            assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
        assert "marta@acme.cl" in page and '<form method="post">' in page and "<button" in page
        with omilcrm.open(path) as db:
            assert not db.outbox.opted_out(office, "marta@acme.cl")
        # An unknown token: 404, a page too.
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(public + "/unsubscribe/nada", timeout=10)
        assert e.value.code == 404 and "no es válido" in e.value.read().decode()
        e.value.close()
        # The one-click POST a mail program sends (RFC 8058).
        form = urllib.request.Request(link, data=b"List-Unsubscribe=One-Click", method="POST")
        form.add_header("Content-Type", "application/x-www-form-urlencoded")
        with urllib.request.urlopen(form, timeout=10) as r:
            assert r.status == 200 and "no recibirá más correos" in r.read().decode()
        with omilcrm.open(path) as db:
            assert db.outbox.opted_out(office, "marta@acme.cl")
            db.requests.transition(request, "resolved", by=bruno)
            again = db.requests.open(
                category="tree_pruning", employer=acme, attributes={"trees": 1}, email="marta@acme.cl"
            )
            db.requests.transition(again, "in_progress", by=bruno)
        # The department's new message goes; the opted-out contact receives nothing more.
        while len(server.files()) < 3:
            assert time.monotonic() < deadline, "the later message was not delivered"
            time.sleep(0.05)
        time.sleep(2.5)
    finally:
        serve.send_signal(signal.SIGTERM)
        _, err = serve.communicate(timeout=30)
    assert serve.returncode == 0, err
    assert [rcpt[0] for rcpt, _ in server.received()[2:]] == ["aseo@concon.cl"]


def test_the_server_writes_the_days_digests_at_start_when_the_hour_has_passed(tmp_path, smtp):
    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, create=True) as db:
        office, bruno, _, _, acme = scene(db)
        today = db.today(office)
        db.commitments.add(employer=acme, description="Enviar 3 CV", due=today, owner=bruno)
    server = smtp()

    def start(*options):
        return subprocess.Popen(
            [str(CLI), "serve", "--db", str(path), "--listen", "127.0.0.1:0", "--access-log", os.devnull, *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def stop(serve):
        serve.send_signal(signal.SIGTERM)
        _, err = serve.communicate(timeout=30)
        assert serve.returncode == 0, err
        return err

    # 00:00 has always passed: the day's run is made at start.
    serve = start("--smtp-url", server.url, "--from", SENDER, "--send-every", "1", "--digest-at", "00:00")
    try:
        deadline = time.monotonic() + 30
        while len(server.files()) < 2:
            assert time.monotonic() < deadline, "the day's reminder and digest did not go out"
            assert serve.poll() is None, serve.communicate()
            time.sleep(0.05)
    finally:
        err = stop(serve)
    assert f"omilcrm: outbox: OMIL Concón, {today.isoformat()}: queued 2 messages" in err
    subjects = sorted(m["Subject"] for _, m in server.received())
    assert subjects == [
        "Compromiso con Acme SpA: vence el " + omilcrm_spanish(today),
        "Tu resumen del " + omilcrm_spanish(today),
    ]
    # Started again the same day: nothing twice. With --no-digest, no run at all.
    err = stop_after(start("--digest-at", "00:00"), "queued 0 messages")
    assert "queued 0 messages" in err
    err = stop_after(start("--smtp-url", server.url, "--from", SENDER, "--no-digest"), None)
    assert "queued" not in err
    bad = subprocess.run(
        [str(CLI), "serve", "--db", str(path), "--listen", "127.0.0.1:0", "--digest-at", "7.30"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert bad.returncode == 1 and "--digest-at" in bad.stderr


def stop_after(serve, line, timeout=20.0):
    """Stops a started `omilcrm serve` once `line` is on its standard error (None: once it serves)."""
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = serve.stderr.readline()
        seen += got
        if (line is None and "serving" in got) or (line is not None and line in got):
            break
    if line is None:
        time.sleep(1.0)
    serve.send_signal(signal.SIGTERM)
    _, err = serve.communicate(timeout=30)
    assert serve.returncode == 0, seen + err
    return seen + err


WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def omilcrm_spanish(d):
    return f"{WEEKDAYS[d.weekday()]} {d.day} de {MONTHS[d.month - 1]} de {d.year}"
