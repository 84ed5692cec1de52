"""Benchmark: the creditor API under uvicorn on loopback, against a bare primary-key lookup (the floor).

    .venv/bin/python bench/api.py [--cases 100000] [--seconds 20] [--rate 300[,…]] [--post-rate 50]
                                  [--concurrency 32] [--connections 64]

1. Seeds a temporary SQLite file with `--cases` cases through the real intake (file_claims_batch, in batches)
   and makes an API key.
2. Serves the API as an operator does (`incasso serve --no-scheduler`, one worker) and, in its own phases, a tiny
   Starlette app under uvicorn on the same database file (same engine set-up) whose one endpoint does only the
   lookup of a case by its reference (unique index, in the event loop: no auth, no thread hop, no middleware) and
   returns it as JSON: the floor no endpoint that reads a case can beat.
3. A load generator in a second process (asyncio, a minimal keep-alive HTTP/1.1 client; open loop: requests are
   sent on schedule whether or not earlier ones have answered, and latency counts from the scheduled moment, so a
   stalled server cannot hide behind a waiting client) drives, for `--seconds` each:
     GET  /v1/cases/{ref}      random existing references, at `--rate` requests/s and flat-out
     GET  floor                the same, against the bare endpoint
     POST /v1/cases            fresh invoice numbers, at `--post-rate` requests/s and flat-out
   and prints throughput and p50/p99 latency. Fixed-rate phases open at most `--connections` connections (a request
   waiting for one keeps its clock running); flat-out is a closed loop of `--concurrency` connections. A request
   that takes more than 10 s counts as failed. Every phase runs against a freshly started server.
Targets (issue 5): GET p99 < 50 ms at 300 requests/s on one worker; GET flat-out >= 50 % of the floor's.
Until POST /v1/cases exists, its part says so (404) and is skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import emit  # noqa: E402  (bench/ is put on the path just above)

GET_P99_TARGET_MS = 50.0
FLOOR_RATIO_TARGET = 0.5


# --------------------------------------------------------------------------------------------------------- seeding


def claim(i: int, prefix: str = "API") -> dict:
    invoice_date = date(2025, 1, 1) + timedelta(days=i % 300)
    return {
        "debtor": {
            "kind": "business" if i % 3 else "consumer",
            "name": f"Debiteur {i} B.V." if i % 3 else f"J. de Vries {i}",
            "address": {"street": f"Kerkstraat {i % 300 + 1}", "postcode": "1011 AB", "city": "Amsterdam"},
            "email": f"debiteur{i}@example.nl",
            **({"kvk_number": f"{10_000_000 + i % 89_999_999:08d}"} if i % 3 else {}),
        },
        "invoices": [
            {
                "invoice_number": f"{prefix}-{i:08d}",
                "invoice_date": invoice_date.isoformat(),
                "due_date": (invoice_date + timedelta(days=30)).isoformat(),
                "principal": f"{(i % 5000) + 100}.{i % 100:02d}",
            }
        ],
    }


def seed(url: str, data_dir: Path, cases: int, batch: int = 2000) -> tuple[str, list[str]]:
    """`cases` cases of one creditor through the real intake; returns an API key and the references."""
    from sqlalchemy import select

    from core.actors import Actor
    from core.clock import SystemClock, local_today
    from core.db.base import make_engine, make_session_factory
    from core.db.migrate import upgrade
    from core.db.models import Case
    from core.intake import parse_claim
    from core.services.claims import file_claims_batch
    from core.services.creditors import add_creditor, create_api_key
    from core.uow import UnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    clock = SystemClock()
    with UnitOfWork(sessions, clock=clock, data_dir=data_dir) as uow:
        creditor = add_creditor(uow, name="Bench B.V.", kvk_number="12345678", payout_iban="NL91ABNA0417164300")
        token = create_api_key(uow, creditor.id, "bench").token
        uow.commit()
        creditor_id = creditor.id
    actor = Actor.creditor(creditor_id, label="bench")
    started = time.perf_counter()
    for start in range(0, cases, batch):
        with UnitOfWork(sessions, clock=clock, data_dir=data_dir) as uow:
            today = local_today(clock)
            requests = [(i, parse_claim(claim(i), today=today)) for i in range(start, min(start + batch, cases))]
            result = file_claims_batch(uow, actor, creditor_id, requests, source="bench")
            assert not result.refused, result.refused[:1]
            uow.commit()
    with UnitOfWork(sessions, clock=clock, data_dir=data_dir) as uow:
        references = list(uow.session.scalars(select(Case.reference)))
    engine.dispose()
    print(f"seeded {len(references):,} cases in {time.perf_counter() - started:.1f} s", flush=True)
    return token, references


# ------------------------------------------------------------------------------------------------------- the floor


def floor_app(database_url: str):  # type: ignore[no-untyped-def]
    """One route: the case by its reference (unique index), as JSON — no auth, no statement, no middleware."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from core.db.base import make_engine
    from core.db.models import Case

    engine = make_engine(database_url)  # the same engine set-up as the service (WAL, busy timeout)

    async def case(request: Request) -> JSONResponse:
        with Session(engine) as session:
            found = session.execute(
                select(Case.id, Case.reference, Case.status).where(Case.reference == request.path_params["ref"])
            ).first()
        if found is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return JSONResponse({"reference": found.reference, "status": found.status})

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[Route("/floor/cases/{ref}", case), Route("/healthz", health)])


def serve_floor(port: int, database_url: str) -> None:
    import uvicorn

    uvicorn.run(floor_app(database_url), host="127.0.0.1", port=port, log_level="warning", access_log=False)


# ------------------------------------------------------------------------------------------ the load generator


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


class Connection:
    """One keep-alive HTTP/1.1 connection: enough of the protocol for a load generator, and fast.

    httpx's async pool tops out near 500 requests/s on a small machine once 32 connections are open, which would
    make the client the thing measured; writing the request and reading the response by hand costs a fraction.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def request(self, head: bytes, body: bytes) -> tuple[int, bool]:
        """Send one request; returns (status, keep the connection)."""
        self.writer.write(head + body)
        header_block = await self.reader.readuntil(b"\r\n\r\n")
        lines = header_block.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for header in lines[1:]:
            name, _, value = header.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
        if headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.readexactly(int(headers.get("content-length", "0")))
        return status, headers.get("connection") != "close"

    def close(self) -> None:
        self.writer.close()


class Pool:
    """Idle connections are reused; a request that finds none opens one, up to `limit`, else waits its turn.

    A connection idle for more than MAX_IDLE seconds is not reused: uvicorn closes keep-alive connections after
    5 s, and a request sent on one it is closing would fail through no fault of the server under test.
    """

    MAX_IDLE = 2.0

    def __init__(self, host: str, port: int, limit: int) -> None:
        self.host, self.port = host, port
        self.idle: list[tuple[Connection, float]] = []
        self.slots = asyncio.Semaphore(limit)

    async def _connection(self) -> Connection:
        while self.idle:
            connection, since = self.idle.pop()
            if time.perf_counter() - since < self.MAX_IDLE:
                return connection
            connection.close()
        return await Connection.open(self.host, self.port)

    async def request(self, head: bytes, body: bytes) -> int:
        async with self.slots:
            connection = await self._connection()
            try:
                status, keep = await connection.request(head, body)
            except BaseException:
                connection.close()
                raise
            if keep:
                self.idle.append((connection, time.perf_counter()))
            else:
                connection.close()
            return status

    def close(self) -> None:
        for connection, _ in self.idle:
            connection.close()


async def drive(spec: dict) -> dict:
    """Run one phase as `spec` says; returns counts and latencies (ms) of the measured part."""
    from urllib.parse import urlsplit

    rnd = random.Random(spec.get("seed", 1))
    references: list[str] = Path(spec["references_file"]).read_text().split() if spec.get("references_file") else []
    method, path, rate = spec["method"], spec["path"], spec.get("rate")
    target = urlsplit(spec["base_url"])
    host, port = target.hostname or "127.0.0.1", target.port or 80
    auth = f"Authorization: Bearer {spec['token']}\r\n" if spec.get("token") else ""
    timeout = spec.get("timeout", 10.0)  # a request that takes longer counts as failed
    counter = iter(range(10**12))
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    measuring = False

    def next_request() -> tuple[bytes, bytes]:
        n = next(counter)
        if method == "GET":
            url, body, extra = path.format(ref=rnd.choice(references)), b"", ""
        else:
            url, body = path, json.dumps(claim(n, prefix=spec["prefix"])).encode()
            extra = f"Content-Type: application/json\r\nIdempotency-Key: {spec['prefix']}-{n}\r\n"
        head = (
            f"{method} {url} HTTP/1.1\r\nHost: {host}:{port}\r\n{auth}{extra}Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode(), body

    pool = Pool(host, port, spec.get("max_connections", 64))

    async def one(scheduled: float) -> None:
        head, body = next_request()
        try:  # the deadline counts from the scheduled moment: waiting for a connection is part of the latency
            remaining = scheduled + timeout - time.perf_counter()
            key = str(await asyncio.wait_for(pool.request(head, body), max(remaining, 0.001)))
        except TimeoutError:
            key = "timeout"
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            key = type(exc).__name__
        if measuring:
            latencies.append((time.perf_counter() - scheduled) * 1000)
            statuses[key] = statuses.get(key, 0) + 1

    async def open_loop(seconds: float, per_second: float) -> float:
        tasks: set[asyncio.Task] = set()
        t0 = time.perf_counter()
        for i in range(int(seconds * per_second)):
            scheduled = t0 + i / per_second
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(one(scheduled))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        while tasks:
            await asyncio.gather(*list(tasks))
        return time.perf_counter() - t0

    async def closed_loop(seconds: float, workers: int) -> float:
        t0 = time.perf_counter()
        deadline = t0 + seconds

        async def worker() -> None:
            while time.perf_counter() < deadline:
                await one(time.perf_counter())

        await asyncio.gather(*(worker() for _ in range(workers)))
        return time.perf_counter() - t0

    warmup = spec.get("warmup", 2.0)
    if rate:
        await open_loop(warmup, min(rate, 100))
        measuring = True
        elapsed = await open_loop(spec["seconds"], rate)
    else:
        await closed_loop(warmup, spec["concurrency"])
        measuring = True
        elapsed = await closed_loop(spec["seconds"], spec["concurrency"])
    pool.close()
    latencies.sort()
    ok = sum(count for status, count in statuses.items() if status.startswith("2"))
    return {
        "requests": len(latencies),
        "ok": ok,
        "statuses": statuses,
        "seconds": elapsed,
        "throughput": ok / elapsed if elapsed else 0.0,
        "p50": percentile(latencies, 0.50),
        "p99": percentile(latencies, 0.99),
        "max": latencies[-1] if latencies else float("nan"),
    }


def load_generator() -> None:
    spec = json.loads(sys.stdin.read())
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    print(json.dumps(asyncio.run(drive(spec))))


def run_phase(spec: dict) -> dict:
    """The load generator in its own process, so it does not share an interpreter (or a GIL) with anything."""
    result = subprocess.run(
        [sys.executable, __file__, "--load-generator"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"load generator failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------------ the driver


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def drained(base: str, seconds: float = 60) -> bool:
    """Whether the server answers /healthz within a second again, within `seconds` after a phase."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                return True
        except OSError:
            time.sleep(0.5)
    return False


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (uvicorn lets running requests finish, up to 30 s), then SIGKILL."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def line(label: str, r: dict) -> str:
    others = {k: v for k, v in r["statuses"].items() if not k.startswith("2")}
    note = f"  non-2xx/errors: {others}" if others else ""
    return (
        f"{label:<34} {r['throughput']:>8.0f} req/s  p50 {r['p50']:>7.1f} ms  p99 {r['p99']:>7.1f} ms  "
        f"max {r['max']:>7.1f} ms  ({r['ok']:,} ok){note}"
    )


def probe_post(base: str, token: str) -> tuple[int, str]:
    """One claim filed before the POST phases: (status, body). 404/405: the endpoint is not there yet."""
    request = urllib.request.Request(
        f"{base}/v1/cases",
        data=json.dumps(claim(0, prefix="PROBE")).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return 0, f"no answer: {exc}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per phase")
    parser.add_argument(
        "--rate",
        type=lambda text: [float(r) for r in text.split(",")],
        default=[300.0],
        help="offered GET rate(s), requests/s; several (e.g. 150,200,300) to see where latency turns",
    )
    parser.add_argument("--post-rate", type=float, default=50.0, help="offered POST rate, requests/s")
    parser.add_argument("--concurrency", type=int, default=32, help="connections in the flat-out phases")
    parser.add_argument(
        "--connections", type=int, default=64, help="most connections open at once in the fixed-rate phases"
    )
    parser.add_argument("--load-generator", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-floor", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_generator:
        load_generator()
        return
    if args.serve_floor:
        serve_floor(args.serve_floor, args.database_url)
        return

    with tempfile.TemporaryDirectory(prefix="incasso-bench-api-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'bench.db'}"
        token, references = seed(url, workdir / "data", args.cases)
        refs_file = workdir / "references.txt"
        refs_file.write_text("\n".join(references))
        results = measure(args, Servers(workdir, url), token, refs_file)
        report(args, results)


class Servers:
    """Starts the service (`incasso serve --no-scheduler`, one worker) or the floor app, one phase at a time.

    Each phase gets a freshly started server: an overloaded one may still be busy with abandoned requests long
    after the phase (whether it drained within a minute is reported), and that must not spill into the next.
    """

    def __init__(self, workdir: Path, url: str) -> None:
        self.workdir, self.url = workdir, url
        self.env = os.environ | {
            "DATABASE_URL": url,
            "INCASSO_DATA_DIR": str(workdir / "data"),
            "INCASSO_SECRET_KEY": "bench-secret",
        }
        self.env.pop("SMTP_HOST", None)

    def start(self, which: str) -> tuple[subprocess.Popen, str]:
        port = free_port()
        if which == "service":
            command = [str(Path(sys.executable).with_name("incasso")), "serve", "--no-scheduler", "--port", str(port)]
            ready = "/readyz"
        else:
            command = [sys.executable, __file__, "--serve-floor", str(port), "--database-url", self.url]
            ready = "/healthz"
        with (self.workdir / f"{which}.log").open("a") as log:
            process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}{ready}", process)
        except BaseException:
            stop(process)
            raise
        return process, base

    def phase(self, which: str, name: str, spec: dict) -> dict:
        process, base = self.start(which)
        try:
            result = run_phase({**spec, "base_url": base})
            result["drained"] = drained(base)
        finally:
            stop(process)
        note = "" if result["drained"] else "  — still jammed 60 s later (no /healthz answer within 1 s)"
        print(line(name, result) + note, flush=True)
        return result

    def probe_post(self, token: str) -> tuple[int, str]:
        process, base = self.start("service")
        try:
            return probe_post(base, token)
        finally:
            stop(process)


def measure(args: argparse.Namespace, servers: Servers, token: str, refs_file: Path) -> dict:
    common = {
        "seconds": args.seconds,
        "references_file": str(refs_file),
        "concurrency": args.concurrency,
        "max_connections": max(args.connections, args.concurrency),
    }
    get = {**common, "method": "GET", "path": "/v1/cases/{ref}", "token": token}
    bare = {**common, "method": "GET", "path": "/floor/cases/{ref}"}
    results: dict = {}
    print(
        f"each phase: a fresh server, {args.seconds:.0f} s measured after 2 s of warm-up, the load generator in its "
        f"own process; fixed rate: at most {common['max_connections']} connections; flat-out: {args.concurrency}",
        flush=True,
    )
    phases = [("floor", f"GET floor @ {rate:.0f}/s", {**bare, "rate": rate}) for rate in args.rate]
    phases.append(("floor", "GET floor flat-out", bare))
    phases += [("service", f"GET /v1/cases/{{ref}} @ {rate:.0f}/s", {**get, "rate": rate}) for rate in args.rate]
    phases.append(("service", "GET /v1/cases/{ref} flat-out", get))
    for which, name, spec in phases:
        results[name] = servers.phase(which, name, spec)

    status, body = servers.probe_post(token)
    if status in (404, 405):
        print(f"POST /v1/cases: skipped ({status}: the endpoint does not exist yet)")
        return results
    if status != 201 or "reference" not in json.loads(body or "{}"):
        print(f"POST /v1/cases: skipped (a valid claim got {status}, not 201 with a reference: {body[:300]})")
        return results
    post = {**common, "method": "POST", "path": "/v1/cases", "token": token}
    for name, spec in (
        (f"POST /v1/cases @ {args.post_rate:.0f}/s", {**post, "rate": args.post_rate, "prefix": f"R{time.time():.0f}"}),
        ("POST /v1/cases flat-out", {**post, "prefix": f"F{time.time():.0f}"}),
    ):
        results[name] = servers.phase("service", name, spec)
    return results


def report(args: argparse.Namespace, results: dict) -> None:
    target_rate = 300.0 if 300.0 in args.rate else max(args.rate)
    at_rate = results[f"GET /v1/cases/{{ref}} @ {target_rate:.0f}/s"]
    flat, floor = results["GET /v1/cases/{ref} flat-out"], results["GET floor flat-out"]
    ratio = flat["throughput"] / floor["throughput"] if floor["throughput"] else float("nan")
    p99_ok = at_rate["p99"] < GET_P99_TARGET_MS and at_rate["ok"] == at_rate["requests"]
    failed = at_rate["requests"] - at_rate["ok"]
    print()
    print(f"cases in the database: {args.cases:,}; one uvicorn worker (incasso serve --no-scheduler); SQLite")
    print(
        f"GET p99 at {target_rate:.0f} req/s offered: {at_rate['p99']:.1f} ms, {failed} failed "
        f"(target < {GET_P99_TARGET_MS:.0f} ms, none failed): {'met' if p99_ok else 'NOT met'}"
    )
    print(
        f"GET flat-out / floor flat-out: {flat['throughput']:.0f} / {floor['throughput']:.0f} req/s = "
        f"{ratio:.0%} (target >= {FLOOR_RATIO_TARGET:.0%}): {'met' if ratio >= FLOOR_RATIO_TARGET else 'NOT met'}"
    )
    floor_at_rate = results.get(f"GET floor @ {target_rate:.0f}/s", {}).get("p99")
    emit(f"API GET /v1/cases/{{ref}} p99 at {target_rate:.0f} req/s", at_rate["p99"], "ms", baseline=floor_at_rate,
         baseline_name="bare PK lookup p99", target=f"< {GET_P99_TARGET_MS:.0f} ms", met=p99_ok)
    emit("API GET /v1/cases/{ref} flat-out", flat["throughput"], "req/s", baseline=floor["throughput"],
         baseline_name="bare PK lookup", target=f">= {FLOOR_RATIO_TARGET:.0%} of the floor",
         met=ratio >= FLOOR_RATIO_TARGET)


if __name__ == "__main__":
    main()
