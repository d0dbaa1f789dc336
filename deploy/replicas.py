"""Run N replicas of the app behind nginx on this machine, as plain processes: for trying it and for the tests.

    python deploy/replicas.py [--replicas 2] [--port 8080] [--app streamlit_app.py]

Starts `streamlit run APP` on N free ports, waits until each answers /_stcore/health, writes deploy/nginx.conf with
its upstream pointed at them and its pid, logs and temp files in a fresh temporary folder, runs Debian's nginx in
the foreground (`-g "daemon off;"`) on PORT (default: a free one), prints the address, and stops everything on
Ctrl-C or SIGTERM. `replicas()` does the same as a context manager (bench/load.py, tests/test_balancer.py).
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class FromAddress(urllib.request.HTTPHandler):
    """Plain HTTP from a given local address (any of 127.0.0.0/8 on Linux): a reader of its own, as nginx's limits
    per address see it (tests/test_balancer.py, bench/load.py)."""

    def __init__(self, source: str):
        super().__init__()
        self.source = source

    def http_open(self, req):
        return self.do_open(functools.partial(http.client.HTTPConnection, source_address=(self.source, 0)), req)


REPO = Path(__file__).resolve().parent.parent
CONF = REPO / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MISSING_NGINX = (f"nginx is missing ({NGINX}): the balancer runs Debian's nginx "
                 "(apt-get install nginx; .ci/run does this).")
TEMP_DIRECTIVES = ("client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path",
                   "scgi_temp_path")


LOG_SOCKET = "access.sock"  # nginx also sends each access-log line here (syslog over a unix datagram socket)


class AccessLines:
    """The access-log lines nginx sends to FOLDER/LOG_SOCKET, as they come: a caller can wait for a line itself
    (the file gets it only after the response has gone out, and a websocket's only when it closes)."""

    def __init__(self, folder: Path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(folder / LOG_SOCKET))
        os.chmod(folder / LOG_SOCKET, 0o666)  # nginx's workers may run as another user
        self.lines: list[str] = []

    def wait(self, done, timeout: float) -> list[tuple[str, list[str]]]:
        """The parsed lines (see access_lines) once DONE(parsed lines) is true, or when TIMEOUT seconds have
        passed without it: each wait is a receive on the socket, returning as soon as nginx sends a line."""
        deadline = time.monotonic() + timeout
        while not done(access_lines(self.lines)) and (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                message = self.sock.recv(65536).decode("utf-8", "replace")
            except TimeoutError:
                break
            self.lines.append(message.partition("nginx: ")[2])  # after syslog's "<pri>date nginx: "
        return access_lines(self.lines)

    def close(self) -> None:
        self.sock.close()


@dataclass
class Farm:
    base: str                 # the balancer's address
    replica_bases: list[str]  # each replica's own address
    pids: list[int]           # replicas, then nginx's master
    access_log: Path
    error_log: Path
    folder: Path
    lines: AccessLines | None  # the access log's lines as nginx sends them (replicas(log_socket=True))


def nginx_missing() -> str | None:
    """A message if nginx is not installed, else None."""
    return None if os.access(NGINX, os.X_OK) else MISSING_NGINX


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(base: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            return r.read().decode("utf-8", "replace").strip()
    except OSError:
        return None


def local_config(text: str, folder: Path, port: int, upstreams: list[str], log_socket: bool = False) -> str:
    """deploy/nginx.conf for this machine: the given upstream servers and port, every file under FOLDER; with
    LOG_SOCKET, the access log also to FOLDER/LOG_SOCKET (AccessLines)."""
    out = []
    for line in upstream_replaced(text, upstreams):
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith("user "):
            # the user directive only matters to a master started as root: then workers run as this same user
            if os.geteuid() == 0:
                out.append(f"{indent}user root;")
            continue
        m = re.match(r"(pid|error_log|access_log|" + "|".join(TEMP_DIRECTIVES) + r")\s+(\S+?)(\s.*)?;$", stripped)
        if m:
            name, path, rest = m.group(1), m.group(2), m.group(3) or ""
            out.append(f"{indent}{name} {folder / Path(path).name}{rest};")
            if name == "access_log" and log_socket:  # the same lines to a socket a caller waits on (AccessLines)
                out.append(f"{indent}access_log syslog:server=unix:{folder / LOG_SOCKET},nohostname{rest};")
            continue
        if re.match(r"listen\s+\S+;$", stripped):
            out.append(f"{indent}listen 127.0.0.1:{port};")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


COMPOSE_CONF = REPO / "deploy" / "nginx.compose.conf"
COMPOSE_UPSTREAM = "app:8501"  # compose.yaml's app service: Docker's DNS gives one address per replica


def upstream_replaced(text: str, servers: list[str]) -> list[str]:
    """deploy/nginx.conf's lines with its upstream's servers replaced by SERVERS (none: the upstream left empty)."""
    out: list[str] = []
    in_upstream = False
    for line in text.splitlines():
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith("upstream explainer"):
            in_upstream = True
        elif in_upstream and stripped.startswith("server "):
            out += [f"{indent}server {u} max_fails=2 fail_timeout=10s;" for u in servers]
            servers = []
            continue
        elif in_upstream and stripped == "}":
            in_upstream = False
        out.append(line)
    return out


def compose_config(text: str) -> str:
    """deploy/nginx.conf for compose.yaml's balancer (deploy/nginx.compose.conf, kept in step by the tests): the
    upstream is the app service, whose name nginx resolves at start to every replica's address (a name with several
    addresses is several servers), and the logs go to the container's stdout and stderr; everything else as written."""
    out = ["# Made from deploy/nginx.conf by "
           f"`python deploy/replicas.py --compose-config > deploy/{COMPOSE_CONF.name}`: edit that file, not this one."]
    for line in upstream_replaced(text, [COMPOSE_UPSTREAM]):
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        m = re.match(r"(error_log|access_log)\s+(\S+?)(\s.*)?;$", stripped)
        if m:
            name, rest = m.group(1), m.group(3) or ""
            out.append(f"{indent}{name} {'/dev/stderr' if name == 'error_log' else '/dev/stdout'}{rest};")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def access_log(log: Path) -> list[tuple[str, list[str]]]:
    """deploy/nginx.conf's access log: (route key, replicas tried) per request that reached a replica."""
    return access_lines(log.read_text().splitlines())


def access_lines(lines) -> list[tuple[str, list[str]]]:
    """Lines of deploy/nginx.conf's access-log format: (route key, replicas tried) per request that reached a
    replica."""
    out = []
    for line in lines:
        key, _, rest = line.partition(" ")
        tried = rest.rpartition('"')[0].rpartition('"')[2]
        upstreams = [u.strip() for u in tried.replace(" : ", ", ").split(",") if u.strip() not in ("", "-")]
        if upstreams:
            out.append((key, upstreams))
    return out


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _wait(base: str, proc: subprocess.Popen, what: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while health(base) != "ok":
        if proc.poll() is not None or time.monotonic() > deadline:
            text = log.read_text(errors="replace")[-4000:] if log.exists() else ""
            raise RuntimeError(f"{what} did not become healthy at {base} (exit code {proc.poll()}):\n{text}")
        time.sleep(0.2)


@contextlib.contextmanager
def replicas(n: int = 2, app: str | Path = "streamlit_app.py", port: int | None = None,
             timeout: float = 90.0, env: dict | None = None, log_socket: bool = False) -> Iterator[Farm]:
    """N replicas of APP behind nginx; yields a Farm once the balancer answers /_stcore/health; stops all after.
    LOG_SOCKET: nginx also sends each access-log line to a socket the Farm's `lines` reads (unread, its buffer
    would fill: only for a caller that waits on it)."""
    if (msg := nginx_missing()) is not None:
        raise RuntimeError(msg)
    folder = Path(tempfile.mkdtemp(prefix="explainer-balancer-"))
    folder.chmod(0o755)
    procs: list[subprocess.Popen] = []
    env = dict(os.environ, PYTHONUNBUFFERED="1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env or {}))
    lines: AccessLines | None = None
    try:
        ports = [free_port() for _ in range(n)]
        for i, p in enumerate(ports):
            log = open(folder / f"replica-{i + 1}.log", "wb")
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
                 "--server.port", str(p), "--server.address", "127.0.0.1",
                 "--browser.gatherUsageStats", "false"],
                cwd=str(REPO), env=env, stdout=log, stderr=subprocess.STDOUT))
            log.close()
        replica_bases = [f"http://127.0.0.1:{p}" for p in ports]
        for i, (b, proc) in enumerate(zip(replica_bases, procs)):
            _wait(b, proc, f"replica {i + 1} ({app})", folder / f"replica-{i + 1}.log", timeout)

        port = port or free_port()
        conf = folder / "nginx.conf"
        conf.write_text(local_config(CONF.read_text(), folder, port, [f"127.0.0.1:{p}" for p in ports], log_socket))
        error_log = folder / Path(re.search(r"error_log\s+(\S+)", CONF.read_text()).group(1)).name
        access_log = folder / Path(re.search(r"access_log\s+(\S+)", CONF.read_text()).group(1)).name
        nginx_out = folder / "nginx.out"
        lines = AccessLines(folder) if log_socket else None
        with open(nginx_out, "wb") as out:
            nginx = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(conf), "-e", str(error_log),
                                      "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT)
        procs.append(nginx)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(base, nginx, "nginx", nginx_out, 20)
        except RuntimeError as e:
            raise RuntimeError(f"{e}\n{error_log.read_text(errors='replace')[-2000:] if error_log.exists() else ''}") from e
        yield Farm(base, replica_bases, [p.pid for p in procs], access_log, error_log, folder, lines)
    finally:
        # nginx first, then the replicas; SIGTERM is nginx's fast shutdown (a graceful one would wait for every
        # open websocket)
        for proc in reversed(procs):
            _stop(proc)
        if lines:
            lines.close()
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, help="the balancer's port (default: a free one)")
    ap.add_argument("--app", default="streamlit_app.py")
    ap.add_argument("--compose-config", action="store_true",
                    help=f"print deploy/nginx.conf as compose.yaml's balancer reads it ({COMPOSE_CONF.name}) and exit")
    args = ap.parse_args(argv)
    if args.compose_config:
        sys.stdout.write(compose_config(CONF.read_text()))
        return 0
    stop = {"now": False}

    def on_signal(signum, frame):
        stop["now"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with replicas(args.replicas, args.app, args.port) as farm:
        print(f"balancer: {farm.base}  (nginx pid {farm.pids[-1]})")
        for b, pid in zip(farm.replica_bases, farm.pids):
            print(f"replica:  {b}  (pid {pid})")
        print(f"config and logs: {farm.folder}   Ctrl-C stops everything.", flush=True)
        while not stop["now"]:
            time.sleep(0.5)
    print("stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
