"""Capacity: K concurrent reader sessions for T seconds, over Streamlit's own websocket protocol, no browser.

    python bench/load.py --sessions 25 --duration 120 [--base URL] [--replicas 2] [--upload] [--json out.json]
    python bench/load.py --sweep 5,10,25,40 --duration 30

Each session does what a reader does: GET a shared link (the page's HTML, /_stcore/health, /_stcore/host-config, as
the browser does), open the websocket /_stcore/stream and run the script for that link, then, with a think time
between clicks, change a belief (a sidebar selectbox or radio, as the browser sends it: the widget's new value in
the rerun's widget states), switch pages, or open a quote (the evidence expander). After a few clicks the reader
leaves and a new one opens another link, so K sessions are always open. With --upload one session first uploads a
small fact base (tests/fixtures/minimal) through the Fact base page, the way st.file_uploader does it, and uses it.

One rerun is timed from sending the BackMsg to the ForwardMsg script_finished that ends it (a run the app ends
early with st.rerun() counts until the run that finishes). Errors are exceptions in the app's deltas, page not
found, HTTP errors, reruns with no end within --timeout; a lost session is a websocket the server closed.
Server CPU (% of one core) and resident memory (VmRSS, children included) are sampled every second from /proc.

Without --base it starts the app itself on a free port (tests/browser_support.py); with --replicas N it starts N
replicas behind nginx (deploy/replicas.py) and checks from nginx's access log that every request of a session
went to one replica. A benchmark, not a test: it prints a table and never asserts on time.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import http.cookiejar
import json
import os
import random
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "deploy"))
sys.path.insert(0, str(REPO))

from replicas import FromAddress, access_log  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402  (ships with streamlit)
from websockets.exceptions import ConnectionClosed, WebSocketException  # noqa: E402

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

# Shared links as a newsroom posts them: a page and a few beliefs.
LINKS = [
    "cap_table?preset=high&ranges=low",
    "worlds?preset=mid",
    "?preset=low",
    "compute?preset=latest&fx=base",
    "sources?preset=outcome",
    "scorecard",
    "cap_table?preset=trust&basis=pre",
    "worlds?preset=high&ranges=high",
    "timeline?preset=mid&fx=base",
    "factbase",
]
# Widgets a reader changes (by key, as the app names them) and the expanders that hold quotes.
BELIEF_KEYS = ("preset", "ranges", "fx", "basis", "inv_amazon", "valuation")
FINISHED = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].enum_type.values_by_name
FINISHED_EARLY = FINISHED["FINISHED_EARLY_FOR_RERUN"].number
FIXTURE = REPO / "tests" / "fixtures" / "minimal"


@dataclass
class Widget:
    id: str
    kind: str       # the element's proto field: selectbox, radio, expandable, button, file_uploader ...
    label: str
    options: list[str] = field(default_factory=list)
    param: str = ""  # the query parameter a bound widget writes

    @property
    def key(self) -> str:
        # user keys end the generated id: "$$ID-<hash>-<key>"
        return self.id.rsplit("-", 1)[-1] if self.id.startswith("$$ID-") else ""


@dataclass
class Stats:
    reruns: dict[str, list[float]] = field(default_factory=dict)   # action -> seconds
    pages: dict[str, list[float]] = field(default_factory=dict)    # page the run ended on -> seconds
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    sessions_opened: int = 0
    uploads_ok: int = 0
    routes: dict[str, set] = field(default_factory=dict)           # sticky cookie -> session ids seen

    def add(self, action: str, seconds: float) -> None:
        self.reruns.setdefault(action, []).append(seconds)


class Lost(Exception):
    """The server closed this session's websocket."""


def _uploaded_marks() -> tuple[str, ...]:
    """What the sidebar says of an uploaded fact base, in every language the app speaks."""
    from explainer.present.i18n import LANGUAGES, _, speaking
    marks = []
    for lang in LANGUAGES:
        with speaking(lang):
            marks.append(_("uploaded, this session only"))
    return tuple(marks)


UPLOADED_MARKS = _uploaded_marks()


class Reader:
    """One browser tab: a cookie jar, one websocket session, the widgets of its last run."""

    def __init__(self, base: str, stats: Stats, rng: random.Random, timeout: float, source: str = "127.0.0.1"):
        self.base, self.stats, self.rng, self.timeout = base.rstrip("/"), stats, rng, timeout
        self.source = source  # the reader's address: nginx limits websockets per address, as readers have their own
        self.jar = http.cookiejar.CookieJar()
        self.http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), FromAddress(source))
        self.ws = None
        # half the readers' browsers speak German, half English (the app follows the browser's language)
        self.locale = rng.choice(("de-DE", "en-GB"))
        self.session_id = ""
        self.query = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}        # url path -> page script hash
        self.widgets: dict[str, Widget] = {}   # id -> widget drawn by the last run
        self.values: dict[str, WidgetState] = {}
        self.cache: dict[str, ForwardMsg] = {}  # cacheable messages the server may later send by reference
        self.texts: list[str] = []              # markdown, alerts and code of the last run (what the page says)
        self.largest: dict[str, int] = {}       # action -> bytes of the largest message the server sent for it

    # ------------------------------------------------------------ HTTP, as the browser does it
    def _get(self, path: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None) -> bytes:
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        with self.http.open(req, timeout=self.timeout) as r:
            return r.read()

    async def get(self, path: str, **kw) -> bytes:
        return await asyncio.to_thread(self._get, path, **kw)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    # ------------------------------------------------------------ the websocket
    async def open(self, link: str) -> None:
        path, _, query = link.partition("?")
        await self.get("/" + link)
        await self.get("/_stcore/health")
        await self.get("/_stcore/host-config")
        xsrf = self.cookie("_streamlit_xsrf") or ""
        ws_base = "ws" + self.base[4:]
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]  # the frontend's: "streamlit", then the XSRF token
        self.ws = await connect(ws_base + "/_stcore/stream", subprotocols=protocols,
                                additional_headers={"Cookie": cookies} if cookies else None,
                                origin=self.base, max_size=None, open_timeout=self.timeout,
                                ping_interval=None, local_addr=(self.source, 0))
        self.stats.sessions_opened += 1
        self.query = query
        await self.rerun("open link", page_name=path, page_hash="")

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
        self.ws = None

    async def send(self, msg: BackMsg) -> None:
        try:
            await self.ws.send(msg.SerializeToString())
        except ConnectionClosed as e:
            raise Lost(f"send: {e}") from e

    async def rerun(self, action: str, page_name: str = "", changes: list[WidgetState] = (),
                    triggers: list[WidgetState] = (), page_hash: str | None = None) -> None:
        """Send a rerun with the widgets' values, as the frontend does, and wait until it has finished."""
        for w in changes:
            self.values[w.id] = w
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_hash if page_hash is None else page_hash
        cs.page_name = page_name
        cs.cached_message_hashes.extend(self.cache)
        cs.context_info.timezone = "Europe/Berlin"
        cs.context_info.locale = self.locale
        cs.context_info.url = f"{self.base}/{page_name}"
        for wid, state in self.values.items():
            if wid in self.widgets:
                cs.widget_states.widgets.append(state)
        cs.widget_states.widgets.extend(triggers)
        t0 = time.perf_counter()
        await self.send(msg)
        await self.wait_finished(action)
        seconds = time.perf_counter() - t0
        self.stats.add(action, seconds)
        page = next((p for p, h in self.pages.items() if h == self.page_hash), "?") or "overview"
        self.stats.pages.setdefault(page, []).append(seconds)

    async def wait_finished(self, action: str) -> None:
        drawn: dict[str, Widget] = {}
        texts: list[str] = []
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stats.errors.append(f"{action}: no end of the run within {self.timeout:.0f} s")
                return
            try:
                raw = await asyncio.wait_for(self.ws.recv(), left)
            except asyncio.TimeoutError:
                continue
            except ConnectionClosed as e:
                raise Lost(f"{action}: {e}") from e
            self.largest[action] = max(self.largest.get(action, 0), len(raw))
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self.cache.get(msg.ref_hash)
                if cached is None:
                    self.stats.errors.append(f"{action}: server referred to a message this client never got")
                    continue
                meta = msg.metadata
                msg = ForwardMsg()
                msg.CopyFrom(cached)
                msg.metadata.CopyFrom(meta)
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self.cache[msg.hash] = msg
            if kind == "new_session":
                if msg.new_session.initialize.session_id:
                    self.session_id = msg.new_session.initialize.session_id
                self.page_hash = msg.new_session.page_script_hash
                drawn, texts = {}, []
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                self.stats.errors.append(f"{action}: page not found ({msg.page_not_found.page_name})")
            elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
                self.stats.errors.append(f"{action}: {msg.session_event.script_compilation_exception.message}")
            elif kind == "delta":
                self._note(msg.delta, drawn, texts, action)
            elif kind == "script_finished":
                if msg.script_finished == FINISHED_EARLY:
                    continue
                self.widgets, self.texts = drawn, texts
                return

    def _note(self, delta, drawn: dict, texts: list, action: str) -> None:
        which = delta.WhichOneof("type")
        if which == "new_element":
            el = delta.new_element
            kind = el.WhichOneof("type")
            if kind == "exception":
                e = el.exception
                if not e.is_warning:
                    self.stats.errors.append(f"{action}: {e.type}: {e.message[:200]}")
                return
            if kind in ("markdown", "alert", "code"):
                texts.append(el.code.code_text if kind == "code" else getattr(el, kind).body)
                return
            body = getattr(el, kind, None) if kind else None
            wid = getattr(body, "id", "") if body is not None and hasattr(body, "id") else ""
            if wid:
                options = list(getattr(body, "options", []) or [])
                drawn[wid] = Widget(wid, kind, getattr(body, "label", ""), [str(o) for o in options],
                                    getattr(body, "query_param_key", ""))
        elif which == "add_block" and delta.add_block.WhichOneof("type") == "expandable":
            ex = delta.add_block.expandable
            if ex.id:
                drawn[ex.id] = Widget(ex.id, "expandable", ex.label)

    # ------------------------------------------------------------ what readers do
    def by_key(self, key: str) -> Widget | None:
        return next((w for w in self.widgets.values() if w.key == key), None)

    async def change_belief(self, keys: tuple[str, ...] = BELIEF_KEYS) -> None:
        choices = [w for k in keys if (w := self.by_key(k)) and len(w.options) > 1]
        if not choices:
            return await self.switch_page()
        w = self.rng.choice(choices)
        current = self.values.get(w.id)
        options = [o for o in w.options if current is None or o != current.string_value]
        value = self.rng.choice(options)
        if w.param:  # the frontend writes a bound widget's new value into the address bar itself
            pairs = [(k, v) for k, v in urllib.parse.parse_qsl(self.query, keep_blank_values=True) if k != w.param]
            self.query = urllib.parse.urlencode(pairs + [(w.param, value)])
        await self.rerun("change belief", changes=[WidgetState(id=w.id, string_value=value)])

    async def switch_page(self) -> None:
        others = [p for p, h in self.pages.items() if h != self.page_hash]
        if not others:
            return
        target = self.rng.choice(others)
        # a page switch: the new page's hash, the address bar's query string (the sidebar keeps its beliefs)
        await self.rerun("switch page", page_name=target, page_hash=self.pages[target])

    async def open_quote(self) -> None:
        # found by key (the evidence expanders are keyed evidence_<page>), so in either language
        boxes = [w for w in self.widgets.values() if w.kind == "expandable" and "evidence_" in w.id
                 and not (w.id in self.values and self.values[w.id].bool_value)]
        if not boxes:
            return await self.switch_page()
        w = self.rng.choice(boxes)
        await self.rerun("open quote", changes=[WidgetState(id=w.id, bool_value=True)])

    async def upload_factbase(self) -> None:
        """The Fact base page's uploader: ask for upload URLs, PUT each file, rerun with the uploader's state, then
        press "Use it in this session"; the sidebar must then say the fact base is uploaded."""
        if "factbase" in self.pages and self.pages["factbase"] != self.page_hash:
            await self.rerun("switch page", page_name="factbase", page_hash=self.pages["factbase"])
        t0 = time.perf_counter()
        use = await self.upload_files([(f.name, f.read_bytes()) for f in (FIXTURE / "facts.yaml",
                                                                          FIXTURE / "seeds" / "article.txt")])
        if use is None:
            self.stats.errors.append("upload: the page did not accept the fact base: " + " | ".join(self.texts)[:300])
            return
        await self.rerun("upload", triggers=[WidgetState(id=use.id, trigger_value=True)])
        if not any(mark in t for t in self.texts for mark in UPLOADED_MARKS):
            self.stats.errors.append("upload: the sidebar does not say the uploaded fact base is in use: "
                                     + " | ".join(t for t in self.texts if "act" in t or "akt" in t)[:400])
            return
        self.stats.uploads_ok += 1
        self.stats.add("upload (whole)", time.perf_counter() - t0)

    async def upload_files(self, files: list[tuple[str, bytes]], action: str = "upload",
                           uploader_key: str | None = None) -> Widget | None:
        """Put FILES (name, content) in the Fact base page's uploader as st.file_uploader does: ask for upload URLs,
        PUT each file, rerun with the uploader's state (timed as ACTION). The page's "Use it in this session" button,
        or None if the page did not offer it: it refused the files (its message is then in self.texts), or the upload
        failed (noted as an error)."""
        if "factbase" in self.pages and self.pages["factbase"] != self.page_hash:
            await self.rerun("switch page", page_name="factbase", page_hash=self.pages["factbase"])
        uploader = next((w for w in self.widgets.values() if w.kind == "file_uploader"
                         and (uploader_key is None or w.key == uploader_key)), None)  # the first, unless keyed
        if uploader is None:
            self.stats.errors.append("upload: no file uploader on the Fact base page")
            return None
        req = BackMsg()
        req.file_urls_request.request_id = uuid.uuid4().hex
        req.file_urls_request.session_id = self.session_id
        req.file_urls_request.file_names.extend(name for name, _data in files)
        await self.send(req)
        response = None
        deadline = time.monotonic() + self.timeout
        while response is None and time.monotonic() < deadline:
            # the answer comes on the websocket; read it while no run is going on
            try:
                raw = await asyncio.wait_for(self.ws.recv(), deadline - time.monotonic())
            except (asyncio.TimeoutError, ConnectionClosed) as e:
                raise Lost(f"upload: {e!r}") from e
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.WhichOneof("type") == "file_urls_response":
                response = msg.file_urls_response
        if response is None:
            self.stats.errors.append("upload: no upload URLs from the server")
            return None
        state = WidgetState(id=uploader.id)
        xsrf = self.cookie("_streamlit_xsrf") or ""
        for (name, data), urls in zip(files, response.file_urls):
            boundary = uuid.uuid4().hex
            head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                    f"Content-Type: application/octet-stream\r\n\r\n")
            body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
            url = urls.upload_url if urls.upload_url.startswith("/") else "/" + urls.upload_url
            try:
                await self.get(url, method="PUT", data=body, headers={
                    "Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": xsrf})
            except urllib.error.HTTPError as e:
                self.stats.errors.append(f"upload: PUT {url} -> {e.code} {e.read()[:200]!r}")
                return None
            info = state.file_uploader_state_value.uploaded_file_info.add()
            info.name, info.size, info.file_id = name, len(data), urls.file_id
            info.file_urls.CopyFrom(urls)
        await self.rerun(action, changes=[state])
        return next((w for w in self.widgets.values() if w.kind == "button" and w.id.endswith("use_upload_button")),
                    None)


async def reader_loop(n: int, base: str, stats: Stats, deadline: float, think: tuple[float, float], clicks: int,
                      timeout: float, upload: bool) -> None:
    """Reader slot N: one reader after another until the deadline, each opening a link and clicking a while."""
    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, think[1]))  # readers do not all arrive in the same second
    first = True
    while time.monotonic() < deadline:
        r = Reader(base, stats, rng, timeout, source=f"127.0.0.{2 + n % 250}")  # each slot its own loopback address
        try:
            await r.open(rng.choice(LINKS) if not (upload and first) else "factbase")
            stats.routes.setdefault(r.cookie("stroute") or "-", set()).add(r.session_id)
            if upload and first:
                await r.upload_factbase()
            first = False
            for _ in range(clicks):
                await asyncio.sleep(rng.uniform(*think))
                if time.monotonic() >= deadline:
                    break
                await rng.choices([r.change_belief, r.switch_page, r.open_quote], weights=[5, 3, 2])[0]()
        except Lost as e:
            stats.lost.append(str(e))
        except (OSError, WebSocketException) as e:  # refused, reset, HTTP error, failed handshake
            stats.errors.append(f"connection: {e!r}")
            await asyncio.sleep(1)
        finally:
            await r.close()


# ---------------------------------------------------------------- the server's CPU and memory, from /proc
def process_tree(pids: list[int]) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d))
    out, todo = [], list(pids)
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class ServerMeter:
    """CPU (% of one core) and resident memory of the server processes and their children, sampled every EVERY
    seconds."""

    def __init__(self, pids: list[int], every: float = 1.0):
        self.pids, self.rss, self.cpu, self.every = pids, [], [], every
        self.cpu_seconds = 0.0
        self._last: dict[int, float] = {}
        self._t = None

    def sample(self) -> None:
        now, total_rss, used = time.monotonic(), 0, 0.0
        for p in process_tree(self.pids):
            try:
                c, m = cpu_seconds(p), rss_bytes(p)
            except OSError:
                continue
            total_rss += m
            used += c - self._last.get(p, c)
            self._last[p] = c
        if self._t is not None:
            self.cpu.append(100.0 * used / (now - self._t))
            self.cpu_seconds += used
        self._t = now
        self.rss.append(total_rss)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.sample()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), self.every)
        self.sample()


# ---------------------------------------------------------------- one run
def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def warm_up(base: str, timeout: float) -> None:
    """One reader visits every page once before the clock starts, as the first readers of a fresh server would:
    imports and shared caches (the fact base) are then warm, and a short run measures readers, not start-up."""
    r = Reader(base, Stats(), random.Random(0), timeout)
    try:
        await r.open("")
        for page, page_hash in list(r.pages.items()):
            await r.rerun("warm-up", page_name=page, page_hash=page_hash)
    finally:
        await r.close()


async def run_load(base: str, sessions: int, duration: float, think: tuple[float, float], clicks: int,
                   timeout: float, upload: bool, server_pids: list[int], warm: bool = True) -> dict:
    if warm:
        await warm_up(base, timeout)
    stats = Stats()
    meter = ServerMeter(server_pids) if server_pids else None
    stop = asyncio.Event()
    meter_task = asyncio.create_task(meter.run(stop)) if meter else None
    load_before = load_average()
    t0, cpu0 = time.monotonic(), time.process_time()
    deadline = t0 + duration
    await asyncio.gather(*(reader_loop(i, base, stats, deadline, think, clicks, timeout, upload and i == 0)
                           for i in range(sessions)))
    elapsed = time.monotonic() - t0
    client_cpu = 100.0 * (time.process_time() - cpu0) / elapsed
    stop.set()
    if meter_task:
        await meter_task
    all_reruns = [s for v in stats.reruns.values() for s in v]
    ms = lambda x: None if x is None else round(1000 * x)  # noqa: E731
    return {
        "sessions": sessions, "duration_s": duration, "elapsed_s": round(elapsed, 1),
        "sessions_opened": stats.sessions_opened, "reruns": len(all_reruns),
        "errors": len(stats.errors), "lost_sessions": len(stats.lost), "uploads_ok": stats.uploads_ok,
        "p50_ms": ms(pct(all_reruns, 0.5)), "p95_ms": ms(pct(all_reruns, 0.95)),
        "max_ms": ms(max(all_reruns, default=None)),
        "by_action": {a: {"n": len(v), "p50_ms": ms(pct(v, 0.5)), "p95_ms": ms(pct(v, 0.95))}
                      for a, v in sorted(stats.reruns.items())},
        "by_page": {a: {"n": len(v), "p50_ms": ms(pct(v, 0.5)), "p95_ms": ms(pct(v, 0.95))}
                    for a, v in sorted(stats.pages.items())},
        "cpu_pct_mean": round(statistics.mean(meter.cpu), 0) if meter and meter.cpu else None,
        "cpu_pct_max": round(max(meter.cpu), 0) if meter and meter.cpu else None,
        # what one rerun costs the server, whatever share of the cores it got: the basis of a capacity estimate
        "cpu_ms_per_rerun": round(1000 * meter.cpu_seconds / len(all_reruns)) if meter and all_reruns else None,
        "rss_mb_peak": round(max(meter.rss) / 2**20) if meter and meter.rss else None,
        "rss_mb_end": round(meter.rss[-1] / 2**20) if meter and meter.rss else None,
        "client_cpu_pct": round(client_cpu),  # this benchmark's own share: it runs on the same cores
        "load_before": load_before, "load_after": load_average(),
        "error_messages": sorted(set(stats.errors))[:30],
        "lost_messages": sorted(set(stats.lost))[:30],
        "routes": {k: sorted(v) for k, v in stats.routes.items()},
    }


# ---------------------------------------------------------------- report
COLUMNS = [("sessions", "sessions"), ("duration_s", "T s"), ("sessions_opened", "opened"), ("reruns", "reruns"),
           ("errors", "errors"), ("lost_sessions", "lost"), ("p50_ms", "p50 ms"), ("p95_ms", "p95 ms"),
           ("cpu_pct_mean", "CPU % mean"), ("cpu_pct_max", "CPU % max"),
           ("cpu_ms_per_rerun", "CPU ms/rerun"), ("rss_mb_peak", "RSS MB peak"),
           ("rss_mb_end", "RSS MB end"), ("client_cpu_pct", "client CPU %"), ("load_before", "load before"),
           ("load_after", "load after")]


def table(rows: list[dict]) -> str:
    head = "| " + " | ".join(h for _, h in COLUMNS) + " |"
    sep = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    body = ["| " + " | ".join("–" if r.get(k) is None else str(r[k]) for k, _ in COLUMNS) + " |" for r in rows]
    return "\n".join([head, sep, *body])


def stickiness(log: Path, routes: dict[str, list[str]]) -> dict:
    """Sticky means every route key (one reader's cookie) reached one replica; a request nginx retried on
    another replica after its own failed counts as a retry."""
    per_key: dict[str, set] = {}
    lines = access_log(log)
    retried = 0
    for key, upstreams in lines:
        retried += len(upstreams) > 1
        per_key.setdefault(key, set()).update(upstreams)
    ours = {k: per_key.get(k, set()) for k in routes if k != "-"}
    spread: dict[str, int] = {}
    for ups in ours.values():
        for u in ups:
            spread[u] = spread.get(u, 0) + 1
    return {"requests_logged": len(lines), "route_keys": len(ours),
            "keys_on_more_than_one_replica": sum(1 for u in ours.values() if len(u) > 1),
            "requests_retried_on_another_replica": retried, "keys_per_replica": spread}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=25)
    ap.add_argument("--duration", type=float, default=120.0, help="seconds")
    ap.add_argument("--sweep", help="comma-separated session counts, each run for --duration on a fresh server")
    ap.add_argument("--base", help="a running app (or balancer); default: start the app on a free port")
    ap.add_argument("--server-pid", type=int, action="append", default=[],
                    help="with --base: the server process(es) to meter")
    ap.add_argument("--replicas", type=int, default=0, help="start N replicas behind nginx (deploy/replicas.py)")
    ap.add_argument("--upload", action="store_true", help="one session uploads tests/fixtures/minimal first")
    ap.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                    help="an environment variable for the started server(s), e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=true "
                         "to measure a setting against .streamlit/config.toml (Streamlit reads STREAMLIT_* before it)")
    ap.add_argument("--think", default="1,4", help="seconds between a reader's clicks: min,max (uniform)")
    ap.add_argument("--clicks", type=int, default=8, help="clicks before a reader leaves and a new one arrives")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a run may take before it counts as an error")
    ap.add_argument("--no-warm-up", action="store_true", help="do not visit every page once before the clock starts")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    think = tuple(float(x) for x in args.think.split(","))
    counts = [int(x) for x in args.sweep.split(",")] if args.sweep else [args.sessions]
    server_env = dict(kv.split("=", 1) for kv in args.server_env)

    rows = []
    for k in counts:
        with contextlib.ExitStack() as stack:
            extra = {}
            if args.base:
                base, pids = args.base, args.server_pid
            elif args.replicas:
                from replicas import replicas
                farm = stack.enter_context(replicas(args.replicas, env=server_env))
                base, pids = farm.base, farm.pids
                extra["replicas"] = args.replicas
            else:
                from browser_support import streamlit_server
                holder: dict = {}
                base = stack.enter_context(streamlit_server(on_start=holder.update, env=server_env))
                pids = [holder["pid"]]
            print(f"{k} sessions for {args.duration:.0f} s against {base} (load {load_average()}) ...", flush=True)
            row = asyncio.run(run_load(base, k, args.duration, think, args.clicks, args.timeout,
                                       args.upload, pids, not args.no_warm_up))
            row.update(extra, server_env=server_env)
            if args.replicas:
                row["stickiness"] = stickiness(farm.access_log, row["routes"])
                # why nginx gave up on a replica, if it did (the folder goes when the replicas stop)
                log = farm.error_log.read_text(errors="replace").splitlines() if farm.error_log.exists() else []
                row["nginx_upstream_errors"] = [line for line in log if "upstream" in line][-10:]
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
        for m in row["error_messages"]:
            print("  error:", m)
        for m in row["lost_messages"]:
            print("  lost:", m)

    print()
    print(f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, think {args.think} s, "
          f"{args.clicks} clicks per reader" + (f", server env {server_env}" if server_env else ""))
    print(table(rows))
    for r in rows:
        print(f"\n{r['sessions']} sessions, by action:")
        for a, v in [*r["by_action"].items(), *(("page " + p, v) for p, v in r["by_page"].items())]:
            print(f"  {a:16} n={v['n']:5}  p50 {v['p50_ms']} ms  p95 {v['p95_ms']} ms")
        if "stickiness" in r:
            print("  stickiness:", json.dumps(r["stickiness"]))
            for line in r["nginx_upstream_errors"]:
                print("  nginx:", line)
        if args.upload:
            print(f"  uploads done: {r['uploads_ok']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"think": args.think, "clicks": args.clicks, "runs": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
