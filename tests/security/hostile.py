"""Helpers for the hostile-input suite: requests sent byte for byte on a raw
socket (what `requests` would refuse to send or would tidy up), a liveness
check, and direct reads of the server's database."""
import base64
import os
import re
import socket
import subprocess
import time

import rmtest


def basic(user):
    return "Basic " + base64.b64encode(("%s:%s" % (user, rmtest.PASSWORD)).encode()).decode()


class Raw:
    """One response read from a raw socket."""

    def __init__(self, status, head, body, closed):
        self.status = status
        self.head = head            # list of (name lower-case, value)
        self.body = body
        self.closed = closed        # the server closed the connection

    def header(self, name):
        vals = [v for k, v in self.head if k == name.lower()]
        return vals[0] if vals else None

    def headers(self, name):
        return [v for k, v in self.head if k == name.lower()]


def read_response(sock, timeout=20):
    """Read one HTTP/1.1 response (Content-Length framed, or until close)."""
    sock.settimeout(timeout)
    buf = b""
    closed = False
    while b"\r\n\r\n" not in buf:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            chunk = b""
        if not chunk:
            closed = True
            break
        buf += chunk
    if b"\r\n\r\n" not in buf:
        return Raw(None, [], buf, True)
    head, body = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0])
    status = int(m.group(1)) if m else None
    hdrs = []
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs.append((k.strip().lower(), v.strip()))
    length = [int(v) for k, v in hdrs if k == "content-length"]
    if length:
        while len(body) < length[0]:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                chunk = b""
            if not chunk:
                closed = True
                break
            body += chunk
    elif status is not None and status >= 200 and status not in (204, 304):
        while True:           # read to close (or a timeout)
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                closed = True
                break
            body += chunk
    return Raw(status, hdrs, body, closed)


def raw_request(server, data, timeout=20):
    """Send bytes as they are; return the first response."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as s:
        s.sendall(data)
        return read_response(s, timeout)


def alive(server):
    """The server still answers a normal request."""
    r = server.client("staff1").get("/")
    assert r.status_code == 200, r.status_code
    return True


def server_sql(server, sql):
    """Rows of the server's database (SQLite opened as the server user)."""
    if server.db == "sqlite3":
        cmd = ["sqlite3", "-batch", "-separator", "\t",
               os.path.join(server.dir, "db", "rmentor.db"), sql]
        if rmtest.IS_ROOT:
            cmd = ["runuser", "-u", "www-data", "--"] + cmd
        out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                             timeout=60).stdout
    else:
        p = dict(kv.split("=", 1) for kv in server.pg_params.split())
        out = subprocess.run(["psql", "-h", p["host"], "-p", p["port"], "-U", p["user"],
                              "-d", p["dbname"], "-AtqF", "\t", "-c", sql],
                             capture_output=True, text=True, check=True, timeout=60,
                             env=dict(os.environ, PGPASSWORD=p["password"])).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


def wait_until(fn, timeout=30, step=0.2):
    end = time.time() + timeout
    while time.time() < end:
        if fn():
            return True
        time.sleep(step)
    return False
