"""One writer of the reliability tests (test_reliability.py), run as its own process.

    python reliability_worker.py SCENARIO FILE WORKER ROUNDS START_AT

Waits until START_AT (time.time()) so that every worker starts together, then writes ROUNDS
times and prints one JSON line: what it did and which errors it met.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time

import omilcrm

TODAY = dt.date(2026, 11, 23)
FIELDS = ["sector", "address", "notes", "segment"]


def main() -> None:
    scenario, path, worker, rounds, start_at = sys.argv[1:6]
    worker_i, rounds_i = int(worker), int(rounds)
    while time.time() < float(start_at):
        time.sleep(0.001)
    errors: dict[str, int] = {}
    done = 0

    def failed(e: Exception) -> None:
        key = f"{type(e).__name__}: {str(e)[:80]}"
        errors[key] = errors.get(key, 0) + 1

    if scenario == "first_open":
        try:
            db = omilcrm.open(path, today=TODAY, create=True)
            db.offices.add(name=f"OMIL {worker}", commune="concon")
            done = 1
        except omilcrm.Error as e:
            failed(e)
        print(json.dumps({"done": done, "errors": errors}))
        return

    db = omilcrm.open(path, today=TODAY, timeout=30)
    rng = random.Random(worker_i)
    if scenario == "batches":
        # Writes batches of 25 employers, one transaction each, and says which batch landed,
        # until it is killed.
        office = db.offices.list()[0]
        batch = db.employers.count(office) // 25
        print("ready", flush=True)
        while True:
            db.employers.add_many(
                [
                    {
                        "rut": str(omilcrm.Rut.from_body(20_000_000 + batch * 25 + k)),
                        "name": f"Empresa {batch}-{k}",
                        "office": office,
                        "notes": "x" * rng.randrange(0, 4000),
                    }
                    for k in range(25)
                ]
            )
            print(batch, flush=True)
            batch += 1
    if scenario == "fields":
        # Each worker owns one field of the same employer and writes it again and again.
        field = FIELDS[worker_i]
        employer = db.employers.find_by_rut("76.086.428-5")
        for i in range(rounds_i):
            try:
                db.employers.update(employer, **{field: f"w{worker}-{i}"})
                done += 1
            except omilcrm.Error as e:
                failed(e)
    elif scenario == "placements":
        # Every worker fills the same vacancies with its own seekers; Conflict once full.
        office = db.offices.list()[0]
        vacancies = db.vacancies.list(office)
        with open(path + ".json", encoding="utf-8") as f:
            seekers = json.load(f)["seekers"][worker]
        for seeker in seekers:
            for vacancy in rng.sample(vacancies, len(vacancies)):  # the first with room left
                try:
                    db.placements.record(seeker=seeker, vacancy=vacancy, start_on=TODAY)
                    done += 1
                    break
                except omilcrm.Conflict:
                    pass
                except omilcrm.Error as e:
                    failed(e)
    elif scenario == "transitions":
        # Every worker moves the same requests along their life cycle.
        office = db.offices.list()[0]
        requests = db.requests.list(office, open_only=False)
        step = {"routed": "in_progress", "in_progress": "resolved", "resolved": "reopened", "reopened": "in_progress"}
        for _ in range(rounds_i):
            request = rng.choice(requests)
            try:
                current = db.requests.get(request).status
                db.requests.transition(request, step[current])
                done += 1
            except (omilcrm.ValidationError, omilcrm.Conflict):
                pass  # another worker moved it first: refused, not lost
            except omilcrm.Error as e:
                failed(e)
    elif scenario == "cancel":
        office = db.offices.list()[0]
        for vacancy in db.vacancies.list(office):
            try:
                db.vacancies.cancel(vacancy, reason=f"cancelled by worker {worker}")
                done += 1
            except omilcrm.Conflict:
                pass
            except omilcrm.Error as e:
                failed(e)
    elif scenario == "transactions":
        # A transaction that reads first and then writes: it must wait for the lock, not fail.
        employer = db.employers.find_by_rut("76.086.428-5")
        for i in range(rounds_i):
            try:
                with db.transaction():
                    notes = db.employers.get(employer).notes
                    db.employers.update(employer, notes=f"{notes[-20:]}|{worker}-{i}")
                done += 1
            except omilcrm.Error as e:
                failed(e)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print(json.dumps({"done": done, "errors": errors}))


if __name__ == "__main__":
    main()
