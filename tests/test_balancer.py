"""deploy/nginx.conf works: two replicas (bench/bare_app.py) behind Debian's nginx, started by deploy/replicas.py.

Health through the balancer, a websocket session through it, uploads over the app's 1 MB refused by nginx, one
reader (one cookie) always on one replica (its upload reaches the replica that holds its session), and distinct
readers spread over both. Never skipped: without nginx the tests fail and say how to install it.
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

from replicas import nginx_missing, replicas  # noqa: E402

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.sync.client import connect  # noqa: E402


@pytest.fixture(scope="module")
def farm():
    if (msg := nginx_missing()) is not None:
        pytest.fail(msg, pytrace=False)
    with replicas(2, "bench/bare_app.py", log_socket=True) as f:
        yield f


class Reader:
    """One browser: a cookie jar; requests go through the balancer."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

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
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        with connect("ws" + self.base[4:] + "/_stcore/stream", subprotocols=["streamlit"],
                     additional_headers={"Cookie": cookies}, open_timeout=10) as ws:
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
