"""A reader cannot take the server down (issue 20): one reader's waits and the server's memory, with and without an
attacker uploading the largest fact bases through the real Fact base page.

    python bench/hostile.py [--duration 30] [--json bench/out/hostile.json] [--profile bench/out/hostile.txt]

Starts the app as shipped (one `streamlit run` server, tests/browser_support.py) and drives it over Streamlit's
websocket protocol with bench/load.py's Reader (no browser). After one visit of every page (warm-up) the server's
idle memory is read. Phase A: one reader on the cap table changes the preset, a think time of 0.3-1 s between
clicks, for DURATION seconds; each rerun is timed as bench/load.py times it. Phase B: the same reader again, while
an attacker's session on the Fact base page
  (a) uploads the 2,800-investor file of tests/test_hostile.py (970 kB; refused where its entities pass their limit),
  (b) uploads the worst case the limits allow: topics and entities at their limits, three claims a topic (four pass
      the claims' limit), each translation padded so the file is just under 1,000 kB; accepted: it presses "Use it
      in this session",
  (c) opens the worlds, cap table, timeline, sources and fact base pages in turn, until the reader's time is up
      (each at least once); the reader goes on until the attacker is done.
The server's resident memory (VmRSS, children included) is sampled every 0.25 s. Prints one table with the load
average, and the largest websocket message the server sent (the fact-base page's claims table of the worst case,
against server.maxMessageSize). A benchmark, not a test: it prints and asserts nothing about time.

With --profile, `py-spy record` samples the server during phase B (pip install py-spy), one stack per thread, and
writes the collapsed stacks (py-spy's raw format, one "thread;frame;...;frame count" a line) to the file given.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from load import Reader, ServerMeter, Stats, load_average, pct, warm_up  # noqa: E402  (puts tests/ on the path)

from browser_support import REPO_ROOT, streamlit_server  # noqa: E402
from explainer.load.factbase import LIMITS, MAX_BYTES  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from test_hostile import investors  # noqa: E402

MINIMAL = REPO_ROOT / "tests" / "fixtures" / "minimal"
ARTICLE = ("article.txt", (MINIMAL / "seeds" / "article.txt").read_bytes())
ATTACKER_PAGES = ("worlds", "cap_table", "timeline", "sources", "factbase")
READER_LINK = "cap_table?preset=mid"
TARGET_MB, TARGET_WAIT_MS = 150, 1_500


def minimal_text() -> str:
    return (MINIMAL / "facts.yaml").read_text(encoding="utf-8")


def the_2800_investors() -> bytes:
    return investors(minimal_text(), 2_800).encode()


def worst_case() -> bytes:
    """Topics and entities at their limits (the fixture's two and the rest), three claims a topic (four would pass
    the claims' limit), every translation as long as keeps the file under MAX_BYTES."""
    n = LIMITS["topics"] - 2
    text = investors(minimal_text(), n, per_topic=3)
    claims = text.count("translation: x,")
    pad = (MAX_BYTES - 2_000 - len(text.encode())) // claims
    return text.replace("translation: x,", "translation: " + "x" * (pad + 1) + ",").encode()


def ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(1000 * seconds)


async def reader_clicks(reader: Reader, until, rng: random.Random) -> None:
    """Change the preset, think, again, until UNTIL() says stop."""
    while not until():
        await asyncio.sleep(rng.uniform(0.3, 1.0))
        await reader.change_belief(keys=("preset",))


async def attack(base: str, stats: Stats, timeout: float, deadline: float) -> dict:
    """One attacker session: the two uploads, then the other pages in turn until DEADLINE, each at least once."""
    out: dict = {}
    a = Reader(base, stats, random.Random(1), timeout)
    a.locale = "en-GB"
    try:
        await a.open("factbase")
        t0 = time.perf_counter()
        use = await a.upload_files([("mine.yaml", the_2800_investors()), ARTICLE], action="upload 2,800 investors")
        out["refused_ms"] = ms(time.perf_counter() - t0)
        out["refused"] = use is None
        out["refusal"] = next((t for t in a.texts if "limit" in t), "")[:200]
        data = worst_case()
        out["worst_case_kB"] = round(len(data) / 1000)
        t0 = time.perf_counter()
        use = await a.upload_files([("mine.yaml", data), ARTICLE], action="upload worst case")
        out["accepted_ms"] = ms(time.perf_counter() - t0)
        out["accepted"] = use is not None
        if use is not None:
            t0 = time.perf_counter()
            await a.rerun("use it", triggers=[WidgetState(id=use.id, trigger_value=True)])
            out["use_ms"] = ms(time.perf_counter() - t0)
        i = 0
        while time.monotonic() < deadline or i < len(ATTACKER_PAGES):
            page = ATTACKER_PAGES[i % len(ATTACKER_PAGES)]
            await a.rerun(f"page {page}", page_name=page, page_hash=a.pages[page])
            i += 1
    finally:
        out["largest_message"] = a.largest
        await a.close()
    return out


async def phase(base: str, pids: list[int], reader: Reader, duration: float, timeout: float, attacker: bool,
                profile: Path | None = None) -> dict:
    stats, rng = Stats(), random.Random(7)
    spy = subprocess.Popen(["py-spy", "record", "--pid", str(pids[0]), "--threads", "--format", "raw", "--rate", "50",
                            "--output", str(profile)], stdout=subprocess.DEVNULL) if profile else None
    reader.stats = stats
    meter = ServerMeter(pids, every=0.25)
    stop = asyncio.Event()
    meter_task = asyncio.create_task(meter.run(stop))
    deadline = time.monotonic() + duration
    attacker_stats = Stats()
    result: dict = {}
    if attacker:
        attack_task = asyncio.create_task(attack(base, attacker_stats, timeout, deadline))
        # the reader goes on while the attacker has not finished its uploads, however long that takes
        await reader_clicks(reader, lambda: time.monotonic() >= deadline and attack_task.done(), rng)
        result["attacker"] = await attack_task
    else:
        await reader_clicks(reader, lambda: time.monotonic() >= deadline, rng)
    stop.set()
    await meter_task
    if spy:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file when interrupted
        spy.wait(timeout=60)
    waits = stats.reruns.get("change belief", [])
    result.update({
        "reruns": len(waits), "p50_ms": ms(pct(waits, 0.5)), "p95_ms": ms(pct(waits, 0.95)),
        "max_ms": ms(max(waits, default=None)), "rss_peak_mb": round(max(meter.rss) / 2**20),
        "errors": sorted(set(stats.errors + attacker_stats.errors))[:10], "load": load_average(),
        "attacker_pages_ms": {a[5:]: {"n": len(v), "p50_ms": ms(pct(v, 0.5)), "max_ms": ms(max(v))}
                              for a, v in sorted(attacker_stats.reruns.items()) if a.startswith("page ")},
    })
    return result


async def run(base: str, pids: list[int], duration: float, timeout: float, profile: Path | None) -> dict:
    await warm_up(base, timeout)
    idle = ServerMeter(pids)
    await asyncio.sleep(2)  # let the warm-up's session go
    idle.sample()
    idle_mb = round(idle.rss[-1] / 2**20)
    reader = Reader(base, Stats(), random.Random(3), timeout)
    reader.locale = "en-GB"
    try:
        await reader.open(READER_LINK)
        a = await phase(base, pids, reader, duration, timeout, attacker=False)
        b = await phase(base, pids, reader, duration, timeout, attacker=True, profile=profile)
    finally:
        await reader.close()
    return {"idle_mb": idle_mb, "A": a, "B": b}


def report(r: dict, duration: float) -> str:
    idle, a, b = r["idle_mb"], r["A"], r["B"]
    att = b["attacker"]
    largest = max(att["largest_message"].items(), key=lambda kv: kv[1], default=("-", 0))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                            text=True).stdout.strip()
    lines = [
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}, {os.cpu_count()} cores, "
        f"{duration:.0f} s a phase, reader: {READER_LINK}, a preset change every 0.3-1 s; idle server {idle} MB",
        "",
        "| phase | reader p50 ms | p95 ms | longest ms | reruns | server peak RSS MB | peak − idle MB "
        "| load (1, 5, 15 min) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, p in (("A: reader alone", a), ("B: reader + attacker", b)):
        lines.append(f"| {name} | {p['p50_ms']} | {p['p95_ms']} | {p['max_ms']} | {p['reruns']} | "
                     f"{p['rss_peak_mb']} | {p['rss_peak_mb'] - idle} | {p['load']} |")
    lines += [
        "",
        f"Attacker: 2,800-investor upload (970 kB) {'refused' if att['refused'] else 'ACCEPTED'}, answered in "
        f"{att['refused_ms']} ms: {att['refusal']!r}",
        f"Attacker: worst case ({att['worst_case_kB']} kB) {'accepted' if att['accepted'] else 'REFUSED'}, answered "
        f"in {att['accepted_ms']} ms; 'Use it in this session' {att.get('use_ms')} ms",
        "Attacker's pages with the worst case: " + ", ".join(
            f"{p} {v['p50_ms']} ms (longest {v['max_ms']}, n={v['n']})" for p, v in b["attacker_pages_ms"].items()),
        f"Largest websocket message the server sent: {largest[1] / 2**20:.2f} MB ({largest[0]}; then "
        + ", ".join(f"{a} {n / 2**20:.2f} MB" for a, n in sorted(att["largest_message"].items(),
                                                                  key=lambda kv: -kv[1])[1:3])
        + "); server.maxMessageSize is 16 MB (a message the browser already has is sent again as a reference)",
        f"Targets: peak − idle {b['rss_peak_mb'] - idle} MB (target under {TARGET_MB}); reader's longest wait with the "
        f"attacker {b['max_ms']} ms (target under {TARGET_WAIT_MS})",
    ]
    for e in a["errors"] + b["errors"]:
        lines.append(f"  error: {e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=30.0, help="seconds of each phase")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a run may take before it counts as an error")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--profile", type=Path, help="py-spy's collapsed stacks of the server in phase B, written here")
    args = ap.parse_args(argv)
    holder: dict = {}
    log = Path(tempfile.mkstemp(prefix="hostile-server-", suffix=".log")[1])
    with streamlit_server(on_start=holder.update, log=log) as base:
        print(f"against {base}, server pid {holder['pid']} (load {load_average()}) ...", flush=True)
        if args.profile:
            args.profile.parent.mkdir(parents=True, exist_ok=True)
        result = asyncio.run(run(base, [holder["pid"]], args.duration, args.timeout, args.profile))
    print(report(result, args.duration))
    text = log.read_text(errors="replace")
    if "Traceback" in text:  # the app's errors are redacted for readers: the server's log says what they were
        print("\nThe server's log, from its first traceback:\n" + text[text.index("Traceback"):][:4000])
    log.unlink()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
