"""Reports benchmark: scam reports filed per second through the real webhooks, with the job worker
running, against the menu webhook's throughput measured by the same client in the same run.

One run: a local HTTP server stands in for Twilio's media URL (HTTP Basic auth checked, a 20 s
8 kHz WAV for every recording); the app under gunicorn (``gunicorn.conf.py``) on a fresh database;
one job worker (``flask jobs worker``, SQLite queue) fetching and converting the recordings. Then
``--clients`` threads of :class:`ivr.simulate.CallSimulator` (real, signed requests):

1. ``menu``: new calls to ``/voice/incoming`` (one webhook each) for ``--seconds``;
2. ``report``: whole reports for ``--seconds``: answer, the money question (then consent and the
   beep), the ``<Record>`` action, the recording status callback, keep, the number keyed and
   confirmed, claimed identity (then the thanks) (9 webhooks each).

Afterwards it waits for the worker and checks that every report filed is in the database with its
audio stored: a lost report fails the run (exit 1). Writes ``benchmarks/results/reports.json``.
Usage: ``benchmarks/run-reports [--database sqlite|postgresql] [--clients 8] [--seconds 10]``.
"""
from __future__ import annotations

import argparse
import json
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import webhooks as harness  # noqa: E402  (gunicorn, database and environment helpers)
from media_stub import media_server  # noqa: E402

from ivr.simulate import CallSimulator, HttpTransport  # noqa: E402

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
RECORDING_SECONDS = 20


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="hotline-reports-") as work:
        workdir = Path(work)
        media = stack.enter_context(media_server(_wav(workdir), ACCOUNT_SID, harness.AUTH_TOKEN))
        url = stack.enter_context(harness._database(args.database, harness.POSTGRES_URL, workdir))
        env = harness._server_env({"DATABASE_URL": url, "RECORDING_ORIGINS": media,
                                   "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
                                   "JOBS_DB": str(workdir / "jobs.sqlite3"),
                                   "RECORDINGS_DIR": str(workdir / "recordings")})
        harness._migrate(env)
        server = stack.enter_context(harness._gunicorn("app:app", harness.ROOT, env, workdir / "web.log"))
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "jobs", "worker",
                                   "-w", "2"], cwd=harness.ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=open(workdir / "worker.log", "wb"))
        stack.callback(_stop, worker)
        menu = _drive(server.url, args.clients, args.seconds, _one_menu, media)
        report = _drive(server.url, args.clients, args.seconds, _one_report, media)
        stored, total, waited = _wait_for_audio(url, report["done"], timeout=args.wait)
    return _report(args, menu, report, stored, total, waited)


def _parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--clients", type=int, default=8, help="concurrent simulated callers")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--wait", type=float, default=120.0, help="seconds to wait for the worker")
    return parser.parse_args(argv)


def _wav(workdir: Path) -> bytes:
    path = workdir / "recording.wav"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"sine=frequency=300:duration={RECORDING_SECONDS}", "-ar", "8000", "-ac", "1",
                    "-c:a", "pcm_s16le", str(path)], check=True)
    return path.read_bytes()


def _caller(url: str) -> CallSimulator:
    number = "+8498" + "".join(secrets.choice("0123456789") for _ in range(7))
    return CallSimulator(HttpTransport(url), harness.AUTH_TOKEN, harness.PUBLIC_BASE_URL, caller=number)


def _one_menu(url: str, media: str) -> int:
    heard = _caller(url).start()
    _expect(heard.status == 200 and heard.node == "main_menu", heard)
    return 1


def _one_report(url: str, media: str) -> int:
    """File one report; return the number of webhooks it took."""
    call = _caller(url)
    steps = [call.start(), call.press("3"), call.press("2")]
    _expect(steps[-1].record_action is not None, steps[-1])
    sid = "RE" + secrets.token_hex(16)
    recording = f"{media}/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/{sid}"
    steps.append(call.record(recording, sid, seconds=RECORDING_SECONDS))
    _expect(call.recording_status(sid, recording, RECORDING_SECONDS) == 204, steps[-1])
    steps += [call.press("1"), call.press("0912345678#"), call.press("1"), call.press("1")]
    _expect(steps[-1].node == "main_menu", steps[-1])
    return len(steps) + 1


def _expect(ok: bool, heard) -> None:
    if not ok:
        raise harness.BenchmarkError(f"unexpected answer: HTTP {heard.status} node {heard.node!r}: "
                                     f"{heard.twiml[:300]}")


def _drive(url: str, clients: int, seconds: float, one, media: str) -> dict:
    """Run ``one`` in ``clients`` threads for ``seconds``; count completions and webhooks."""
    counts, errors, lock = {"done": 0, "webhooks": 0}, [], threading.Lock()
    deadline = time.monotonic() + seconds

    def loop():
        while time.monotonic() < deadline:
            try:
                hooks = one(url, media)
            except Exception as error:  # a benchmark reports every failure, whatever its kind
                errors.append(repr(error))
                return
            with lock:
                counts["done"] += 1
                counts["webhooks"] += hooks

    started = time.monotonic()
    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if errors:
        raise harness.BenchmarkError(f"{len(errors)} clients failed, first: {errors[0]}")
    return {**counts, "seconds": elapsed, "per_second": counts["done"] / elapsed,
            "webhooks_per_second": counts["webhooks"] / elapsed}


def _wait_for_audio(url: str, expected: int, timeout: float) -> tuple[int, int, float]:
    """Poll until ``expected`` reports have their audio stored; return (stored, reports, seconds)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    started = time.monotonic()
    while True:
        with engine.connect() as connection:
            total = connection.execute(sa.text("SELECT count(*) FROM reports")).scalar_one()
            stored = connection.execute(sa.text(
                "SELECT count(*) FROM reports WHERE audio_state = 'stored'")).scalar_one()
        waited = time.monotonic() - started
        if stored >= expected or waited > timeout:
            engine.dispose()
            return stored, total, waited
        time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _report(args, menu: dict, report: dict, stored: int, total: int, waited: float) -> int:
    ratio = report["per_second"] / menu["per_second"]
    print(f"database {args.database}, {args.clients} concurrent callers, {args.seconds:.0f} s a phase")
    print(f"  menu webhook   {menu['per_second']:8.1f} calls/s")
    print(f"  scam reports   {report['per_second']:8.1f} reports/s "
          f"({report['webhooks_per_second']:.0f} webhooks/s, {report['done']} reports)")
    print(f"  reports per menu answer: {ratio:.3f} (a report takes 10 webhooks)")
    print(f"  worker: {stored} of {report['done']} recordings stored, {total} reports in the "
          f"database, {waited:.1f} s after the load stopped")
    lost = report["done"] - min(stored, total)
    results = {"database": args.database, "clients": args.clients, "menu": menu, "report": report,
               "ratio": ratio, "stored": stored, "reports_in_db": total, "lost": lost,
               "drain_seconds": waited}
    out = HERE / "results" / f"reports-{args.database}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    if lost or total != report["done"]:
        print(f"FAIL: {lost} reports without audio, {total} rows for {report['done']} reports filed")
        return 1
    print("OK: no report lost")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except harness.BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        raise SystemExit(1)
