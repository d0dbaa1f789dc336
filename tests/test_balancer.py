"""deploy/nginx.conf works: two replicas (bench/bare_app.py) behind Debian's nginx, started by deploy/replicas.py.

Health through the balancer, a websocket session through it, uploads over the app's 1 MB refused by nginx, one
reader (one cookie) always on one replica (its upload reaches the replica that holds its session), distinct
readers spread over both, and the limits per address: a burst of uploads or too many websockets from one address
refused with 429 while readers at other addresses go on. Readers at distinct addresses are clients bound to
distinct loopback addresses (127.0.0.0/8 is all loopback on Linux); nginx listens on 127.0.0.1 only. Never
skipped: without nginx the tests fail and say how to install it.
"""
from __future__ import annotations

import contextlib
import http.cookiejar
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "deploy"))

from replicas import FromAddress, nginx_missing, replicas  # noqa: E402

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.exceptions import InvalidStatus  # noqa: E402
from websockets.sync.client import connect  # noqa: E402


@pytest.fixture(scope="module")
def farm():
    if (msg := nginx_missing()) is not None:
        pytest.fail(msg, pytrace=False)
    with replicas(2, "bench/bare_app.py", log_socket=True) as f:
        yield f


class Reader:
    """One browser: a cookie jar and an address (SOURCE, a loopback address); requests go through the balancer."""

    def __init__(self, base: str, source: str = "127.0.0.1"):
        self.base = base
        self.source = source
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), FromAddress(source))

    def websocket(self):
        """The app's websocket through the balancer, opened (a session on its replica), no script run asked for."""
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        return connect("ws" + self.base[4:] + "/_stcore/stream", subprotocols=["streamlit"], proxy=None,
                       additional_headers={"Cookie": cookies}, open_timeout=10, source_address=(self.source, 0))

    def request(self, path: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    @contextlib.contextmanager
    def session(self):
        """Open the app's websocket through the balancer and run the script once; yields the session's id while
        the websocket is open (a session lives as long as its websocket)."""
        with self.websocket() as ws:
            assert ws.subprotocol == "streamlit"
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            ws.send(msg.SerializeToString())
            session_id, deadline = None, time.monotonic() + 30
            while time.monotonic() < deadline:
                fwd = ForwardMsg()
                fwd.ParseFromString(ws.recv(timeout=30))
                kind = fwd.WhichOneof("type")
                if kind == "new_session" and fwd.new_session.initialize.session_id:
                    session_id = fwd.new_session.initialize.session_id
                if kind == "script_finished":
                    break
                assert kind != "delta" or fwd.delta.new_element.WhichOneof("type") != "exception"
            else:
                raise AssertionError("the script run did not finish through the balancer within 30 s")
            assert session_id
            yield session_id

    def upload(self, session_id: str, data: bytes = b"hello") -> tuple[int, bytes]:
        """PUT one file to the session's upload endpoint, as st.file_uploader does; the HTTP status and body."""
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                f"Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request(f"/_stcore/upload_file/{session_id}/{uuid.uuid4().hex}", "PUT", body,
                            {"Content-Type": f"multipart/form-data; boundary={boundary}",
                             "X-Xsrftoken": self.cookie("_streamlit_xsrf") or ""})


def replicas_of(farm, route: str, requests: int = 1) -> set[str]:
    """The replicas nginx sent this route key's requests to, from its access log: nginx writes a line just after
    the response, and a websocket's when it closes, so this waits (at most 5 s) on the lines nginx sends to the
    farm's log socket until there are at least REQUESTS for this key."""
    lines = farm.lines.wait(lambda parsed: sum(key == route for key, _u in parsed) >= requests, timeout=5)
    return {u for key, upstreams in lines if key == route for u in upstreams}


def test_health_through_the_balancer(farm):
    status, body = Reader(farm.base).request("/_stcore/health")
    assert (status, body) == (200, b"ok")


def test_first_response_sets_the_sticky_cookie_once(farm):
    r = Reader(farm.base)
    r.request("/")
    route = r.cookie("stroute")
    assert route, "nginx set no stroute cookie on the first response"
    r.request("/_stcore/health")
    assert r.cookie("stroute") == route


def test_websocket_session_through_the_balancer(farm):
    r = Reader(farm.base)
    r.request("/")
    with r.session() as session_id:
        assert session_id


def test_one_reader_stays_on_one_replica(farm):
    r = Reader(farm.base)
    r.request("/")
    for _ in range(10):
        r.request("/_stcore/health")
        r.request("/_stcore/host-config")
    with r.session() as session_id:
        # the upload lands where the session lives (another replica answers 400: "Invalid session_id")
        assert r.upload(session_id)[0] == 204
    assert len(replicas_of(farm, r.cookie("stroute"), requests=23)) == 1


def test_the_balancer_refuses_uploads_over_the_apps_limit(farm):
    r = Reader(farm.base)
    r.request("/_stcore/health")
    with r.session() as session_id:
        assert r.upload(session_id, b"x" * 1_000_000)[0] == 204  # the app's limit: 1 MB
        status, body = r.upload(session_id, b"x" * 1_200_000)
        assert status == 413 and b"nginx" in body  # refused by nginx, before a replica reads it


def test_a_reader_on_another_replica_cannot_reach_the_session(farm):
    owner = Reader(farm.base)
    owner.request("/")
    home = replicas_of(farm, owner.cookie("stroute"))
    with owner.session() as session_id:
        for _ in range(40):  # bounded: a fresh reader lands on the other replica with probability 1/2 each time
            other = Reader(farm.base)
            other.request("/_stcore/health")  # sets Streamlit's XSRF cookie, which an upload must echo
            if replicas_of(farm, other.cookie("stroute")) != home:
                assert other.upload(session_id)[0] == 400
                return
    raise AssertionError("40 fresh readers all landed on the same replica: the balancer does not spread them")


def test_distinct_readers_are_spread_over_both_replicas(farm):
    seen = []
    for _ in range(20):
        r = Reader(farm.base)
        r.request("/_stcore/health")
        seen.append(frozenset(replicas_of(farm, r.cookie("stroute"))))
    counts = {s: seen.count(s) for s in set(seen)}
    assert all(len(s) == 1 for s in counts), counts
    assert set().union(*counts) == {b.removeprefix("http://") for b in farm.replica_bases}, counts


# ---------------------------------------------------------------- limits per address (deploy/nginx.conf)

UPLOAD_BURST = 20        # limit_req zone=uploads burst=20 nodelay (30 a minute after that)
STREAMS_PER_ADDRESS = 32  # limit_conn streams 32


def test_a_burst_of_uploads_is_refused_while_other_readers_go_on(farm):
    flood = Reader(farm.base, source="127.0.0.3")
    flood.request("/_stcore/health")
    with flood.session() as session_id:
        replies = [flood.upload(session_id) for _ in range(2 * UPLOAD_BURST)]
        statuses = [status for status, _body in replies]
        assert statuses[:UPLOAD_BURST] == [204] * UPLOAD_BURST, f"the burst was not served: {statuses}"
        assert set(statuses) == {204, 429}, statuses
        assert statuses.count(429) >= UPLOAD_BURST // 2, f"too few refused (30 a minute after the burst): {statuses}"
        assert all(b"nginx" in body for status, body in replies if status == 429), "a 429 not from nginx"

        # meanwhile a reader at another address reads, holds a session and uploads as usual
        reader = Reader(farm.base, source="127.0.0.2")
        assert reader.request("/")[0] == 200
        assert reader.request("/_stcore/health")[0] == 200  # sets Streamlit's XSRF cookie, which an upload echoes
        with reader.session() as other_session:
            assert reader.upload(other_session)[0] == 204
        assert flood.upload(session_id)[0] == 429, "the flooding address was let through again at once"


def test_too_many_websockets_from_one_address_are_refused(farm):
    crowd = Reader(farm.base, source="127.0.0.4")
    crowd.request("/_stcore/health")
    with contextlib.ExitStack() as open_sockets:
        for _ in range(STREAMS_PER_ADDRESS):
            open_sockets.enter_context(crowd.websocket())
        with pytest.raises(InvalidStatus) as refused:
            crowd.websocket().close()
        assert refused.value.response.status_code == 429
        # a reader at another address still gets a session
        reader = Reader(farm.base, source="127.0.0.5")
        reader.request("/")
        with reader.session() as session_id:
            assert session_id
