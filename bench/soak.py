"""Soak: K readers for a long while against one server, its resident memory every N seconds, to see it stay flat.

    python bench/soak.py [--sessions 25] [--minutes 10] [--every 10] [--server-env NAME=VALUE] [--json out.json]

Starts the app as shipped (`streamlit run streamlit_app.py` with .streamlit/config.toml, tests/browser_support.py)
and drives it with bench/load.py's readers (each opens a shared link, clicks a while, leaves; a new one comes). Every
EVERY seconds it prints one line: the server's resident memory (VmRSS), the reruns and errors so far. At the end, the
rise of memory from the first fifth of the run to the last fifth, and load.py's summary. With --server-env a setting is
measured against the shipped one (e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=true). A benchmark, not a test: it prints and
asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import load  # noqa: E402  (bench/load.py: the readers, the meter, the server)
from browser_support import streamlit_server  # noqa: E402  (load.py put tests/ on the path)


async def soak(base: str, pid: int, sessions: int, seconds: float, every: float, think: tuple[float, float],
               clicks: int, timeout: float) -> dict:
    await load.warm_up(base, timeout)
    stats = load.Stats()
    t0 = time.monotonic()
    deadline = t0 + seconds
    samples: list[tuple[float, float, int, int]] = []  # seconds, MB, reruns so far, errors so far

    async def meter() -> None:
        while True:
            mb = load.rss_bytes(pid) / 2**20
            reruns = sum(len(v) for v in stats.reruns.values())
            samples.append((time.monotonic() - t0, mb, reruns, len(stats.errors)))
            print(f"{samples[-1][0]:6.0f} s  {mb:6.1f} MB  {reruns:6} reruns  {len(stats.errors)} errors  "
                  f"{len(stats.lost)} lost  load {load.load_average()}", flush=True)
            if time.monotonic() >= deadline:
                return
            await asyncio.sleep(min(every, max(0.0, deadline - time.monotonic())))

    load_before = load.load_average()
    cpu0 = load.cpu_seconds(pid)
    await asyncio.gather(meter(), *(load.reader_loop(i, base, stats, deadline, think, clicks, timeout, False)
                                    for i in range(sessions)))
    cpu = load.cpu_seconds(pid) - cpu0
    all_reruns = [s for v in stats.reruns.values() for s in v]
    fifth = max(1, len(samples) // 5)
    mbs = [m for _, m, _, _ in samples]
    first, last = statistics.mean(mbs[:fifth]), statistics.mean(mbs[-fifth:])
    return {"sessions": sessions, "seconds": seconds, "reruns": len(all_reruns),
            "sessions_opened": stats.sessions_opened, "errors": len(stats.errors), "lost_sessions": len(stats.lost),
            "p50_ms": round(1000 * load.pct(all_reruns, 0.5)) if all_reruns else None,
            "p95_ms": round(1000 * load.pct(all_reruns, 0.95)) if all_reruns else None,
            "cpu_ms_per_rerun": round(1000 * cpu / len(all_reruns)) if all_reruns else None,
            "rss_mb_first_fifth": round(first, 1), "rss_mb_last_fifth": round(last, 1),
            "rss_mb_min": round(min(mbs), 1), "rss_mb_max": round(max(mbs), 1),
            "load_before": load_before, "load_after": load.load_average(),
            "samples": [{"s": round(s), "rss_mb": round(m, 1), "reruns": r, "errors": e} for s, m, r, e in samples],
            "error_messages": sorted(set(stats.errors))[:30], "lost_messages": sorted(set(stats.lost))[:30]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=25)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--every", type=float, default=10.0, help="seconds between memory readings")
    ap.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--think", default="1,4", help="seconds between a reader's clicks: min,max (uniform)")
    ap.add_argument("--clicks", type=int, default=8)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    env = dict(kv.split("=", 1) for kv in args.server_env)
    think = tuple(float(x) for x in args.think.split(","))
    holder: dict = {}
    with streamlit_server(on_start=holder.update, env=env) as base:
        print(f"{args.sessions} readers for {args.minutes:g} min against {base}"
              + (f", server env {env}" if env else "") + f" (load {load.load_average()})", flush=True)
        r = asyncio.run(soak(base, holder["pid"], args.sessions, 60 * args.minutes, args.every, think, args.clicks,
                             args.timeout))
    print(f"\n{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC: {r['reruns']} reruns, {r['errors']} errors, "
          f"{r['lost_sessions']} lost, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, {r['cpu_ms_per_rerun']} ms CPU per "
          f"rerun; resident memory {r['rss_mb_first_fifth']} MB in the first fifth, {r['rss_mb_last_fifth']} MB in the "
          f"last (min {r['rss_mb_min']}, max {r['rss_mb_max']}); load {r['load_before']} -> {r['load_after']}")
    for m in r["error_messages"]:
        print("  error:", m)
    for m in r["lost_messages"]:
        print("  lost:", m)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"env": env, **r}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
