"""A real SMTP server on loopback for the outbox's tests (aiosmtpd), run as its own process:

    python smtp_sink.py PORT FOLDER [--delay SECONDS] [--refuse]

Each message accepted is saved as FOLDER/NNNN.eml (its bytes as received) with FOLDER/NNNN.rcpt
(its recipients) before the server answers; --delay makes the answer wait that long after the
message is saved (a slow server, so that a sender can be stopped while a message is in flight).
--refuse answers every message 550 and saves nothing. Prints "ready" once it listens."""

import argparse
import asyncio
import itertools
import pathlib
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder: pathlib.Path, delay: float, refuse: bool):
        self.folder = folder
        self.delay = delay
        self.refuse = refuse
        self.numbers = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            return "550 5.7.1 Message refused by policy"
        n = next(self.numbers)
        (self.folder / f"{n:04d}.rcpt").write_text("\n".join(envelope.rcpt_tos), encoding="utf-8")
        tmp = self.folder / f"{n:04d}.tmp"
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(self.folder / f"{n:04d}.eml")
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 2.0.0 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--refuse", action="store_true")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(Sink(args.folder, args.delay, args.refuse), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    try:
        stop.wait()
    finally:
        controller.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
