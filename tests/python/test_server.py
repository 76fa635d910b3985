"""The HTTP server as an operator runs it (`omilcrm serve`) and as a notebook does
(omilcrm.serve()): started on a free loopback port and called with an HTTP client."""

from __future__ import annotations

import http.client
import json
import os
import pathlib
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import omilcrm
import pytest
from omilcrm._cli import program

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The program the package installs (what the `omilcrm` console script runs), unless told otherwise.
CLI = pathlib.Path(os.environ.get("OMILCRM_CLI", program()))
SERVING = re.compile(r"omilcrm: serving (.+) on http://127\.0\.0\.1:(\d+)$")


def make_database(path: pathlib.Path) -> pathlib.Path:
    with omilcrm.open(path, create=True) as db:
        db.offices.add(name="OMIL Concón", commune="concon")
    return path


def lines_of(stream) -> tuple[queue.Queue[str], threading.Thread]:
    """The stream's lines, as they come, read by a thread of their own (until end of file)."""
    q: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            q.put(line.rstrip("\n"))

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    return q, thread


class Served:
    """`omilcrm serve` on a free port, with its stderr and stdout (the access log) read as they come."""

    def __init__(self, db: pathlib.Path, *options: str) -> None:
        self.proc = subprocess.Popen(
            [str(CLI), "serve", "--db", str(db), "--listen", "127.0.0.1:0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr, self._stderr_pump = lines_of(self.proc.stderr)
        self.log, self._log_pump = lines_of(self.proc.stdout)
        first = self.stderr_line()
        found = SERVING.match(first)
        assert found, first
        assert found.group(1) == str(db)
        self.port = int(found.group(2))
        self.url = f"http://127.0.0.1:{self.port}"

    def stderr_line(self, timeout: float = 10) -> str:
        return self.stderr.get(timeout=timeout)

    def log_line(self, timeout: float = 10) -> dict:
        return json.loads(self.log.get(timeout=timeout))

    def terminate(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=20)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._stderr_pump.join(timeout=10)
        self._log_pump.join(timeout=10)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def database(tmp_path):
    return make_database(tmp_path / "concon.omilcrm")


@pytest.fixture
def served(database):
    s = Served(database)
    yield s
    s.close()


def fetch(url: str, **kwargs) -> tuple[int, bytes]:
    """(status, body) of a request; data= makes it a POST."""
    try:
        with urllib.request.urlopen(url, timeout=10, **kwargs) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.read()


def get(url: str, **kwargs) -> tuple[int, dict]:
    status, body = fetch(url, **kwargs)
    return status, json.loads(body)


def test_the_program_is_there():
    assert CLI.exists(), f"install the package (pip install .) or set OMILCRM_CLI: {CLI}"


def test_health_and_one_access_log_line_per_request(served):
    status, body = fetch(served.url + "/health")
    assert (status, json.loads(body)["status"]) == (200, "ok")
    line = served.log_line()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert line["method"] == "GET"
    assert line["path"] == "/health"
    assert line["status"] == 200
    assert isinstance(line["ms"], float) and line["ms"] >= 0
    assert line["bytes"] == len(body)
    assert line["user"] is None
    assert line["remote"] == "127.0.0.1"

    # A token in the query string stays out of the log.
    status, body = get(served.url + "/nowhere?token=s3cret")
    assert status == 404 and body["error"]["status"] == 404
    raw = served.log.get(timeout=10)
    assert "s3cret" not in raw
    assert json.loads(raw)["path"] == "/nowhere"


def test_two_requests_on_one_connection(served):
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    conn.request("GET", "/health")
    first = conn.getresponse()
    assert first.status == 200 and json.loads(first.read())["status"] == "ok"
    sock = conn.sock
    assert sock is not None, "the server closed a keep-alive connection"
    conn.request("GET", "/health")
    second = conn.getresponse()
    assert second.status == 200 and json.loads(second.read())["status"] == "ok"
    assert conn.sock is sock
    conn.close()


def test_a_body_over_the_limit_is_413_with_a_json_error(database):
    s = Served(database, "--max-body", "1000")
    try:
        status, body = get(s.url + "/health", data=b"x" * 5000)
        assert status == 413
        assert body["error"]["status"] == 413
        assert "larger than 1000 bytes" in body["error"]["message"]
        assert s.log_line()["status"] == 413
        assert get(s.url + "/health", data=b"x" * 1000)[0] != 413  # up to the limit is fine
    finally:
        s.close()


def test_sigterm_answers_the_request_in_flight_then_exits_0(served):
    # A client in the middle of sending a request: the headers and half of the body.
    slow = socket.create_connection(("127.0.0.1", served.port), timeout=10)
    slow.sendall(
        b"POST /health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}   "
    )
    idle = socket.create_connection(("127.0.0.1", served.port), timeout=10)  # between requests
    time.sleep(0.2)
    served.proc.send_signal(signal.SIGTERM)
    assert "SIGTERM" in served.stderr_line()
    assert idle.recv(1) == b"", "an idle connection is closed at once"
    time.sleep(0.2)
    assert served.proc.poll() is None, "it waits for the request in flight"
    slow.sendall(b"     ")  # the rest of the body
    answer = b""
    while chunk := slow.recv(4096):
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 ")
    assert b"Connection: close" in answer
    assert served.proc.wait(timeout=20) == 0
    assert served.stderr_line() == "omilcrm: stopped"
    assert served.log_line()["method"] == "POST"
    slow.close()
    idle.close()


def test_sigterm_answers_every_request_in_flight(served):
    """Twenty clients half-way through their requests when SIGTERM comes: all are answered."""
    clients = []
    for n in range(20):
        c = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        c.sendall(b"POST /health?n=%d HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n{}" % n)
        clients.append(c)
    time.sleep(0.2)
    served.proc.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    for c in clients:
        c.sendall(b"  ")
    for c in clients:
        with c:
            answer = b""
            while chunk := c.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 ") and b"Connection: close" in answer
    assert served.proc.wait(timeout=20) == 0
    assert len([served.log_line() for _ in clients]) == 20


def test_sigterm_under_load_cuts_no_answer(served):
    """Clients calling as fast as they can when SIGTERM comes: each request is answered whole,
    or its connection refused or reset before the server took it; every answer is in the log; the
    exit code is 0."""
    answered: list[bytes] = []
    failed: list[object] = []
    lock = threading.Lock()
    start = threading.Barrier(9)

    def client() -> None:
        start.wait()
        for _ in range(200):
            try:
                status, body = fetch(served.url + "/health")
            except urllib.error.URLError as e:  # refused, or reset while sending
                if not isinstance(e.reason, (ConnectionRefusedError, ConnectionResetError, BrokenPipeError)):
                    with lock:
                        failed.append(e)
                continue
            except ConnectionResetError:  # in the listening queue when it closed
                continue
            except Exception as e:  # a cut or malformed answer
                with lock:
                    failed.append(e)
                continue
            with lock:
                (answered if status == 200 else failed).append(body)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    start.wait()
    time.sleep(0.3)
    served.proc.send_signal(signal.SIGTERM)
    for t in threads:
        t.join()
    assert served.proc.wait(timeout=20) == 0
    assert not failed, failed[:3]
    assert answered and all(json.loads(b)["status"] == "ok" for b in answered)
    served.close()  # the log has been read to its end
    assert served.log.qsize() == len(answered)


def proc_counts(pid: int | str) -> tuple[int, int]:
    """(threads, open file descriptors) of a process, from /proc."""
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    threads = int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1))
    return threads, len(os.listdir(f"/proc/{pid}/fd"))


@pytest.mark.skipif(not pathlib.Path("/proc/self/fd").exists(), reason="needs /proc")
def test_no_thread_or_descriptor_leaks_after_2000_requests(database):
    s = Served(database, "--threads", "4")
    try:
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        for _ in range(20):  # warm: every worker has opened its connection to the file
            conn.request("GET", "/health")
            conn.getresponse().read()
        conn.close()
        time.sleep(0.2)
        before = proc_counts(s.proc.pid)
        for n in range(1000):  # new connections, and keep-alive ones
            assert fetch(s.url + "/health")[0] == 200
            if n % 100 == 0:
                conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
                for _ in range(100):
                    conn.request("GET", "/health")
                    conn.getresponse().read()
                conn.close()
        time.sleep(0.3)
        assert proc_counts(s.proc.pid) == before
        assert s.terminate() == 0
    finally:
        s.close()


def test_the_command_refuses_bad_options(database, tmp_path):
    def run(*args):
        return subprocess.run([str(CLI), "serve", *map(str, args)], capture_output=True, text=True, timeout=20)

    bad = run("--db", database, "--listen", "localhost")
    assert bad.returncode == 1 and '--listen "localhost": expected HOST:PORT' in bad.stderr
    bad = run("--db", database, "--threads", "0")
    assert bad.returncode == 1 and '--threads "0"' in bad.stderr
    bad = run("--db", database, "--cors", "crm.example.cl")
    assert bad.returncode == 1 and '--cors "crm.example.cl"' in bad.stderr
    missing = run("--db", tmp_path / "missing.omilcrm", "--listen", "127.0.0.1:0")
    assert missing.returncode == 3 and "no office database at" in missing.stderr
    assert not (tmp_path / "missing.omilcrm").exists()
    taken = Served(database)
    try:
        busy = run("--db", database, "--listen", f"127.0.0.1:{taken.port}")
        assert busy.returncode == 3 and f"cannot listen on 127.0.0.1:{taken.port}" in busy.stderr
        assert taken.terminate() == 0
    finally:
        taken.close()


def test_serve_in_process_twice(database):
    threads_before, fds_before = proc_counts("self")
    with omilcrm.serve(database) as server:
        assert server.running
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert repr(server) == f"<omilcrm.ServerHandle {server.url} running>"
        status, body = get(server.url + "/health")
        assert (status, body["status"]) == (200, "ok")
        port = server.port
    assert not server.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=10)

    # Again, on the same port: the first left nothing behind.
    server = omilcrm.serve(database, port=port, threads=4)
    assert get(server.url + "/health")[0] == 200
    server.stop()
    server.stop()  # stopping twice is harmless
    assert repr(server).endswith("stopped>")
    assert proc_counts("self") == (threads_before, fds_before)


def test_serve_refuses_what_it_cannot_serve(database, tmp_path):
    with pytest.raises(omilcrm.StorageError):
        omilcrm.serve(tmp_path / "missing.omilcrm")
    assert not (tmp_path / "missing.omilcrm").exists()
    with pytest.raises(omilcrm.ValidationError, match="threads"):
        omilcrm.serve(database, threads=0)
    with omilcrm.serve(database) as first:
        with pytest.raises(OSError, match=f"cannot listen on 127.0.0.1:{first.port}"):
            omilcrm.serve(database, port=first.port)


def raw_get(port: int, target: str) -> tuple[int, dict[str, str], bytes]:
    """A GET of `target` exactly as written (urllib would normalise "/../"), on its own connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def test_static_serves_a_front_end_and_nothing_outside_it(database, tmp_path):
    site = tmp_path / "site"
    (site / "js").mkdir(parents=True)
    (site / "index.html").write_text('<!doctype html><html lang="es"><title>OMIL</title></html>', encoding="utf-8")
    (site / "js" / "app.js").write_text("export const a = 1;\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("the secret", encoding="utf-8")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")

    bad = subprocess.run(
        [str(CLI), "serve", "--db", str(database), "--static", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert bad.returncode == 1 and "--static" in bad.stderr

    s = Served(database, "--static", str(site))
    try:
        status, headers, body = raw_get(s.port, "/")
        assert status == 200 and body.startswith(b"<!doctype html>")
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == "no-cache"
        status, headers, body = raw_get(s.port, "/js/app.js")
        assert (status, headers["content-type"]) == (200, "text/javascript; charset=utf-8")
        assert body == b"export const a = 1;\n"
        assert raw_get(s.port, "/health")[0] == 200 and b'"status":"ok"' in raw_get(s.port, "/health")[2]
        for target in ("/../secret.txt", "/%2e%2e/secret.txt", "/js/..%2f..%2fsecret.txt", "/leak.txt", "//etc/passwd"):
            status, _, body = raw_get(s.port, target)
            assert status in (400, 404), target
            assert b"secret" not in body and b"root:" not in body, target
        assert s.terminate() == 0
    finally:
        s.close()

    with omilcrm.serve(database, static=site) as server:
        status, headers, body = raw_get(server.port, "/js/app.js")
        assert (status, headers["content-type"]) == (200, "text/javascript; charset=utf-8")
        assert raw_get(server.port, "/leak.txt")[0] == 404
    with pytest.raises(omilcrm.ValidationError, match="static_root"):
        omilcrm.serve(database, static=tmp_path / "none")
