"""Webhook benchmark: the hotline's menu webhook against a bare Flask route, same server, same load.

One run starts gunicorn with the same settings (``gunicorn.conf.py`` at the repository root,
bound to free ports on 127.0.0.1) for ``benchmarks/bare_app.py`` (constant TwiML) and, once per
database, for the real app (``app:app``, development mode, migrated with ``flask db upgrade``).
Each is loaded with ``wrk`` (default 2 threads, 50 connections, 10 s, after a 2 s warm-up), whose
Lua script (``replay.lua``) replays pre-generated requests signed exactly as Twilio signs them
(:class:`ivr.simulate.CallSimulator`), so the app validates every signature and writes every call:

- ``incoming``: each request a new call (unique CallSid, random Vietnamese mobile caller) to
  ``/voice/incoming``; the bare app gets the same requests;
- ``input``: key ``1`` pressed in calls the incoming scenario created, ``/voice/input?turn=N``
  (main menu → tutorials → a tutorial, then its steps).

With ``--rounds N`` every server is measured N times, in turn, and medians are shown. Prints
requests/s, p50 and p99 latency, the menu/bare throughput ratio and whether the targets
(ratio >= 0.5, p99 < 50 ms) are met, and writes ``benchmarks/results/latest.json``. Exits 1 if any
answer was not HTTP 200 with an ``X-Hotline-Node`` header, on socket errors, or when the database
does not hold the rows the requests should have written. Usage: ``benchmarks/run --help``.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import ExitStack, closing, contextmanager
from dataclasses import asdict, dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Iterable, Iterator

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from ivr.simulate import CallSimulator  # noqa: E402

AUTH_TOKEN = "benchmark-auth-token-0123456789ab"
PUBLIC_BASE_URL = "https://hotline.example.org"  # what Twilio calls; signatures are over it
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGET_RATIO = 0.5
TARGET_P99_MS = 50.0
# Settings a developer's shell may carry that would change what is measured.
SCRUBBED_ENV = ("HOTLINE_ENV", "DATABASE_URL", "PUBLIC_BASE_URL", "TWILIO_AUTH_TOKEN", "SECRET_KEY",
                "GATHER_TIMEOUT", "VOLUNTEER_LINE", "TRUSTED_PROXY_COUNT", "AUDIO_DIR", "TTS_ENGINE",
                "FLASK_APP")


class BenchmarkError(RuntimeError):
    """The benchmark could not run, or the server answered wrongly."""


@dataclass(frozen=True)
class Load:
    """How wrk loads each server."""

    threads: int = 2
    connections: int = 50
    duration: float = 10.0  # seconds
    warmup: float = 2.0  # seconds, not measured


@dataclass
class Result:
    """One measured wrk run. Latencies in milliseconds."""

    scenario: str
    server: str  # "bare" or "hotline"
    database: str | None
    round: int
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]
    bad_answers: int
    repeated: int
    distinct_requests: int
    server_cpu_ms_per_request: float | None = None
    other_cpu_percent: float | None = None  # of all CPUs, see _measure
    database_rows: int | None = None
    ratio: float | None = None  # requests/s over the bare route's in the same round
    problems: list[str] = field(default_factory=list)


@dataclass
class _Hotline:
    database: str
    url: str  # the database's
    server: "_Server"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit status (0 ok, 1 errors, 2 targets missed with --strict)."""
    args = _parse(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (benchmarks/run does it)")
    load = Load(args.threads, args.connections, args.duration, args.warmup)
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    background = _background_cpu()
    if background > 10:
        print(f"warning: {background:.0f}% of the CPUs were busy before the benchmark started; "
              "other work on this machine lowers and scatters the figures", file=sys.stderr)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="hotline-bench-") as scratch, ExitStack() as stack:
        workdir = Path(scratch)
        bare = stack.enter_context(
            _gunicorn("bare_app:app", HERE, _server_env({}), workdir / "gunicorn-bare.log"))
        hotlines = [_start_hotline(stack, database, args.postgres_url, workdir)
                    for database in databases]
        # The bare route ignores the body: a few thousand requests repeated are as good as new.
        bare_requests = _write_requests(workdir / "bare.tsv", _incoming_requests(5000))
        warm = _wrk(bare.url, bare_requests, load, workdir / "wrk-bare-warmup.txt", warmup=True)
        for hotline in hotlines:
            _warm_up(hotline, load, warm["requests"] / load.warmup, workdir)
        # Rounds alternate the servers, so a change in background load touches all of them.
        for number in range(1, args.rounds + 1):
            base = _measure("incoming", "bare", None, number, bare, bare_requests, load, workdir)
            results.append(base)
            for hotline in hotlines:
                results += _measure_hotline(hotline, number, base.rps, load, workdir)
    _print_table(results, load)
    _write_json(results, load, background, args.output)
    return _verdict(results, args.strict)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL,
                        help="server for --database postgresql; a fresh schema is used and dropped")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load first")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every server this many times, alternating; medians are shown")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--strict", action="store_true", help="exit 2 when a target is missed")
    return parser.parse_args(argv)


# --- the servers ---------------------------------------------------------------------------------

def _start_hotline(stack: ExitStack, database: str, postgres_url: str, workdir: Path) -> _Hotline:
    url = stack.enter_context(_database(database, postgres_url, workdir))
    env = _server_env({"DATABASE_URL": url})
    _migrate(env)
    log = workdir / f"gunicorn-{database}.log"
    return _Hotline(database, url, stack.enter_context(_gunicorn("app:app", ROOT, env, log)))


def _warm_up(hotline: _Hotline, load: Load, bare_rps: float, workdir: Path) -> None:
    count = math.ceil(max(bare_rps, 100.0) * 1.3 * load.warmup) + load.connections
    requests = _write_requests(workdir / f"{hotline.database}-warmup.tsv", _incoming_requests(count))
    _wrk(hotline.server.url, requests, load, workdir / f"wrk-{hotline.database}-warmup.txt",
         warmup=True)


def _measure_hotline(hotline: _Hotline, number: int, bare_rps: float, load: Load,
                     workdir: Path) -> list[Result]:
    """Measure new calls, then key presses in them; check the rows they wrote."""
    # Enough distinct requests that no call is started twice even at the bare route's rate.
    needed = math.ceil(max(bare_rps, 100.0) * 1.3 * load.duration)
    database, url, server = hotline.database, hotline.url, hotline.server
    stem = workdir / f"{database}-{number}"
    incoming = _write_requests(stem.with_suffix(".incoming.tsv"), _incoming_requests(needed))
    before = _rows_when_idle(url)
    first = _measure("incoming", "hotline", database, number, server, incoming, load, workdir)
    after = _rows_when_idle(url)
    first.database_rows = after["calls"] - before["calls"]
    _check_rows(first, "calls", load)
    first.ratio = first.rps / bare_rps if bare_rps else 0.0
    if first.problems:
        return [first]  # reported by _verdict; key presses need the calls that failed
    presses = _write_requests(stem.with_suffix(".input.tsv"),
                              _input_requests(_fresh_calls(url), needed))
    second = _measure("input", "hotline", database, number, server, presses, load, workdir)
    second.database_rows = _rows_when_idle(url)["key_events"] - after["key_events"]
    _check_rows(second, "call_events", load)
    second.ratio = second.rps / bare_rps if bare_rps else 0.0
    return [first, second]


class _Server:
    def __init__(self, url: str, process: subprocess.Popen):
        self.url, self.process = url, process

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and its live workers, in seconds."""
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids += [int(p) for p in children.read_text().split()]
        ticks = 0
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def _gunicorn(app_spec: str, chdir: Path, env: dict[str, str], log_path: Path) -> Iterator[_Server]:
    """Start ``gunicorn -c gunicorn.conf.py`` for ``app_spec`` on a free port; stop it on exit."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
               "--chdir", str(chdir), "--bind", f"127.0.0.1:{port}",
               "--access-logfile", str(log_path.with_suffix(".access.log")), app_spec]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(port, process, log_path)
        yield _Server(f"http://127.0.0.1:{port}", process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _server_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update({"HOTLINE_ENV": "development", "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "SECRET_KEY": "benchmark-secret-key", "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
                "PYTHONDONTWRITEBYTECODE": "1"}, **extra)
    return env


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_answering(port: int, process: subprocess.Popen, log_path: Path,
                          timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn exited ({process.returncode}):\n{_tail(log_path)}")
        try:
            with closing(HTTPConnection("127.0.0.1", port, timeout=2)) as connection:
                connection.request("GET", "/")
                connection.getresponse().read()  # any HTTP answer (404) means it serves
            return
        except OSError:
            time.sleep(0.1)
    raise BenchmarkError(f"gunicorn did not answer on port {port} within {timeout:.0f} s:\n"
                         f"{_tail(log_path)}")


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- databases -----------------------------------------------------------------------------------

@contextmanager
def _database(kind: str, postgres_url: str, workdir: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database: a SQLite file, or a PostgreSQL schema (dropped after)."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'hotline.sqlite3'}"
        return
    schema = f"bench_{secrets.token_hex(6)}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        raise BenchmarkError(f"PostgreSQL unreachable at {postgres_url}: {error}") from error
    url = sa.engine.make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _migrate(env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchmarkError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def _rows(url: str) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        calls = connection.execute(sa.text("SELECT count(*) FROM calls")).scalar_one()
        keys = connection.execute(
            sa.text("SELECT count(*) FROM call_events WHERE input <> 'start'")).scalar_one()
    engine.dispose()
    return {"calls": calls, "key_events": keys}


def _rows_when_idle(url: str) -> dict[str, int]:
    # Requests in flight when wrk stops are still being answered; count once the numbers settle.
    rows = _rows(url)
    while True:
        time.sleep(0.5)
        latest = _rows(url)
        if latest == rows:
            return rows
        rows = latest


def _fresh_calls(url: str) -> list[tuple[str, str]]:
    """Return (CallSid, caller) of every call still at its first question."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT call_sid, caller FROM calls WHERE turn = 1 ORDER BY id")).all()
    engine.dispose()
    return [(sid, caller) for sid, caller in rows]


def _check_rows(result: Result, table: str, load: Load) -> None:
    # Requests still in flight when wrk stops are answered (and written) but not counted by wrk,
    # so up to one request per connection may be written beyond the count.
    expected = result.requests - result.repeated
    if not expected <= result.database_rows <= result.requests + load.connections:
        result.problems.append(f"{table}: {result.database_rows} new rows for {expected} "
                               "answered new requests")


# --- requests ------------------------------------------------------------------------------------

Request = tuple[str, str, str]  # path with query, X-Twilio-Signature, urlencoded form


def _incoming_requests(count: int) -> Iterator[Request]:
    """Yield ``count`` incoming-call webhooks, each a new call from a random Vietnamese mobile."""
    for _ in range(count):
        caller = "+849" + "".join(random.choices("0123456789", k=8))
        call = CallSimulator(None, AUTH_TOKEN, PUBLIC_BASE_URL, caller=caller)
        form = call.base_form("ringing")
        yield "/voice/incoming", call.sign("/voice/incoming", form), urllib.parse.urlencode(form)


def _input_requests(calls: list[tuple[str, str]], count: int) -> Iterator[Request]:
    """Yield ``count`` key presses: key 1 in every call at turn 1, then at turn 2, and so on.

    Successive presses of one call are ``len(calls)`` requests apart, so each arrives after the
    answer to the previous one and is a real step, not a replay.
    """
    if not calls:
        raise BenchmarkError("the incoming scenario left no calls to press keys in")
    simulators = [CallSimulator(None, AUTH_TOKEN, PUBLIC_BASE_URL, caller=caller, call_sid=sid)
                  for sid, caller in calls]
    for index in range(count):
        turn, call = divmod(index, len(simulators))
        path = f"/voice/input?turn={turn + 1}"
        form = {**simulators[call].base_form(), "Digits": "1", "FinishedOnKey": ""}
        yield path, simulators[call].sign(path, form), urllib.parse.urlencode(form)


def _write_requests(path: Path, requests: Iterable[Request]) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for line in requests:
            out.write("\t".join(line) + "\n")
    return path


# --- wrk -----------------------------------------------------------------------------------------

def _measure(scenario: str, server_name: str, database: str | None, number: int, server: _Server,
             requests_file: Path, load: Load, workdir: Path) -> Result:
    label = f"{server_name}-{database or 'none'}-{scenario}-{number}"
    cpu_before, machine_before, wrk_before = server.cpu_seconds(), _machine_busy(), _children_cpu()
    figures = _wrk(server.url, requests_file, load, workdir / f"wrk-{label}.txt")
    cpu = server.cpu_seconds() - cpu_before
    # CPU used neither by the server nor by wrk: the kernel's share of loopback traffic, the
    # PostgreSQL server, and other work on this machine (which makes the figures unreliable).
    other = _machine_busy() - machine_before - cpu - (_children_cpu() - wrk_before)
    result = Result(
        scenario=scenario, server=server_name, database=database, round=number,
        requests=figures["requests"],
        rps=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000, p90_ms=figures["p90_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000, max_ms=figures["max_us"] / 1000,
        errors=figures["errors"], bad_answers=figures["bad_answers"],
        repeated=figures["repeated"], distinct_requests=figures["distinct_requests"],
        server_cpu_ms_per_request=1000 * cpu / max(figures["requests"], 1),
        other_cpu_percent=max(0.0, 100 * other / (load.duration * (os.cpu_count() or 1))))
    if any(figures["errors"].values()):
        result.problems.append(f"socket or HTTP errors {figures['errors']}")
    if figures["bad_answers"]:
        result.problems.append(f"{figures['bad_answers']} answers not HTTP 200 with X-Hotline-Node")
    if server_name == "hotline" and figures["repeated"]:
        result.problems.append(f"{figures['repeated']} requests repeated (too few generated)")
    return result


def _wrk(url: str, requests_file: Path, load: Load, log_path: Path, warmup: bool = False) -> dict:
    """Run wrk with ``replay.lua``; return the figures of its ``BENCH_JSON`` line."""
    seconds = load.warmup if warmup else load.duration
    command = ["wrk", "--threads", str(load.threads), "--connections", str(load.connections),
               "--duration", f"{seconds:g}s", "--timeout", "10s", "--latency",
               "--script", str(HERE / "replay.lua"), url + "/", "--", str(requests_file),
               str(load.threads)]
    done = subprocess.run(command, capture_output=True, text=True)
    log_path.write_text(done.stdout + done.stderr)
    match = re.search(r"^BENCH_JSON (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or match is None:
        raise BenchmarkError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return json.loads(match.group(1))


# --- report --------------------------------------------------------------------------------------

def _summary(results: list[Result]) -> list[dict]:
    """Return one row per server, database and scenario: medians over the rounds."""
    groups: dict[tuple, list[Result]] = {}
    for result in results:
        groups.setdefault((result.server, result.database, result.scenario), []).append(result)
    rows = []
    for (server, database, scenario), runs in groups.items():
        row = {"server": server, "database": database, "scenario": scenario, "rounds": len(runs)}
        for name in ("rps", "p50_ms", "p99_ms", "server_cpu_ms_per_request", "other_cpu_percent"):
            row[name] = statistics.median(getattr(r, name) or 0.0 for r in runs)
        row["ratio"] = statistics.median(r.ratio for r in runs) if server != "bare" else None
        if row["ratio"] is not None:
            row["ratio_met"] = row["ratio"] >= TARGET_RATIO
            row["p99_met"] = row["p99_ms"] < TARGET_P99_MS
        row["requests"] = sum(r.requests for r in runs)
        row["database_rows"] = sum(r.database_rows or 0 for r in runs)
        rows.append(row)
    return rows


def _print_table(results: list[Result], load: Load) -> None:
    rounds = max(r.round for r in results)
    print(f"\nwrk: {load.threads} threads, {load.connections} connections, {load.duration:g} s per "
          f"run (after {load.warmup:g} s warm-up), {rounds} round(s), medians shown; "
          f"gunicorn: {_gunicorn_settings()}; {os.cpu_count()} CPUs\n")
    header = (f"{'server':<8} {'database':<10} {'scenario':<9} {'req/s':>7} {'p50 ms':>7} "
              f"{'p99 ms':>7} {'cpu ms/req':>10} {'other%':>6} {'vs bare':>7}  {'rows/answers':>13}  targets")
    print(header)
    print("-" * len(header))
    for row in _summary(results):
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "1.00"
        written = f"{row['database_rows']}/{row['requests']}" if row["database_rows"] else "-"
        print(f"{row['server']:<8} {row['database'] or '-':<10} {row['scenario']:<9} "
              f"{row['rps']:>7.0f} {row['p50_ms']:>7.1f} {row['p99_ms']:>7.1f} "
              f"{row['server_cpu_ms_per_request']:>10.2f} {row['other_cpu_percent']:>6.0f} "
              f"{ratio:>7}  {written:>13}  "
              f"{_targets(row)}")
    print(f"\ntargets: throughput >= {TARGET_RATIO} x the bare route's, p99 < {TARGET_P99_MS:g} ms. "
          "cpu ms/req: gunicorn's CPU per answer. other%: CPU used by neither gunicorn nor wrk "
          "(kernel, PostgreSQL, other programs: high values on SQLite mean a disturbed run). "
          "rows/answers: rows written (calls, or call_events for key presses) for the answers wrk "
          "counted; up to one more per connection is normal (answered after wrk stopped counting).")


def _targets(row: dict) -> str:
    if row["ratio"] is None:
        return ""
    return (f"ratio {'met' if row['ratio_met'] else 'MISSED'}, "
            f"p99 {'met' if row['p99_met'] else 'MISSED'}")


def _gunicorn_settings() -> str:
    done = subprocess.run([sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
                           "--print-config", "app:app"], cwd=ROOT, capture_output=True, text=True)
    values = dict(re.findall(r"^(\w+)\s+= (.*)$", done.stdout, re.MULTILINE))
    keys = ("workers", "worker_class", "threads", "worker_connections", "keepalive")
    return ", ".join(f"{k}={values.get(k, '?')}" for k in keys)


def _machine_busy() -> float:
    """Return the CPU seconds this machine has spent busy since boot, all CPUs (Linux)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _background_cpu(seconds: float = 2.0) -> float:
    """Return the percentage of all CPUs this machine kept busy over the next ``seconds``."""
    before = _machine_busy()
    time.sleep(seconds)
    return 100.0 * (_machine_busy() - before) / (seconds * (os.cpu_count() or 1))


def _write_json(results: list[Result], load: Load, background: float, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "busy_percent_before": round(background, 1)},
        "load": asdict(load), "gunicorn": _gunicorn_settings(),
        "targets": {"ratio_at_least": TARGET_RATIO, "p99_ms_below": TARGET_P99_MS},
        "summary": _summary(results),
        "runs": [asdict(r) for r in results],
    }
    output.write_text(json.dumps(document, indent=2) + "\n")
    print(f"figures written to {output}")


def _verdict(results: list[Result], strict: bool) -> int:
    problems = [f"{r.server} {r.database or ''} {r.scenario} (round {r.round}): {p}"
                for r in results for p in r.problems]
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    if problems:
        return 1
    missed = [row for row in _summary(results) if "MISSED" in _targets(row)]
    return 2 if strict and missed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        sys.exit(1)
