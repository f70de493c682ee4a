#!/usr/bin/python3
"""`make bench-instr`: what one request costs, in CPU instructions, counted by
callgrind.  Unlike req/s (scripts/bench.py), the count does not depend on
what else the machine is doing: the same build on the same data gives the same
number to within a few per cent, so it shows whether a change made a page
cheaper on a machine too noisy to tell from throughput.

For each backend: one private httpd seeded exactly as `make bench` seeds it
(20 programmes, 2,000 applications, 5,000 staff), stopped; then, for each page,
`apache2 -X` under `valgrind --tool=callgrind` serves N1 and, in a second
run, N2 requests over the same 50 request lines (the first pass fills the
result cache and the authentication cache).  (total(N2) - total(N1)) /
(N2 - N1) is the cost of one warm request, the server's start and stop
cancelled out.  A run in which mod_dbd happens to open one more connection
(and prepare every statement) counts more: each figure is the lowest of
--repeat tries.  Counted: user-space instructions in httpd (the module,
libxml2, APR, the SSO rewrite rules and authn cache); not the kernel, not the
client.  Reads only: a submit's cost is its fsync, which no instruction count
shows.

Usage: scripts/bench-instr.py [--backends sqlite3,pgsql] [--module SO]
                              [--requests 200] [--repeat 3]
"""
import argparse
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import types
import http.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import bench  # noqa: E402
import rmtest  # noqa: E402

PAGES = ("static", "home", "app", "admin")
DISTINCT = 50        # request lines cycled over
N1 = 100             # requests in the first run (two passes over the lines)


def session(h, lines, n, outdir, tag):
    """Serve n requests under callgrind; the instructions it counted."""
    prefix = os.path.join(outdir, tag)
    cmd = ["runuser", "-u", "www-data", "--", "valgrind", "--tool=callgrind",
           "--callgrind-out-file=" + prefix + ".%p",
           "apache2", "-f", h.conf, "-X", "-DFOREGROUND"]
    proc = subprocess.Popen(cmd, stdout=open(prefix + ".out", "w"),
                            stderr=open(prefix + ".log", "w"))
    try:
        try:
            rmtest.wait_port(h.port, 120, proc)
        except RuntimeError:
            with open(prefix + ".log", errors="replace") as f:
                tail = "\n".join(l for l in f.read().splitlines()
                                  if not l.startswith("=="))[-2000:]
            with open(prefix + ".out", errors="replace") as f:
                tail += "\nstdout:\n" + f.read()[-2000:]
            with open(h.error_log, errors="replace") as f:
                tail += "\nerror.log:\n" + f.read()[-2000:]
            raise RuntimeError("apache2 -X under callgrind did not start:\n" + tail)
        conn = http.client.HTTPConnection("127.0.0.1", h.port, timeout=120)
        for i in range(n):
            method, path, auth = lines[i % len(lines)][:3]
            conn.request(method, path, headers={"Authorization": "Basic " + auth})
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise RuntimeError("%s %s: status %d" % (method, path, resp.status))
        conn.close()
    finally:
        if proc.poll() is None:
            # apache2 -X does not act on graceful-stop (SIGWINCH); callgrind
            # writes its counts when the process exits on SIGTERM.  Only that
            # process: runuser must live to reap it, or it stays a zombie
            # whose pid in httpd.pid makes the next start refuse ("already
            # running").
            pidfile = os.path.join(h.dir, "httpd.pid")
            try:
                with open(pidfile) as f:
                    os.kill(int(f.read().strip()), signal.SIGTERM)
            except (OSError, ValueError):
                subprocess.run(["pkill", "-TERM", "-f", h.conf], check=False)
            try:
                proc.wait(120)
            except subprocess.TimeoutExpired:
                # runuser's child is valgrind: kill that, not only runuser
                subprocess.run(["pkill", "-KILL", "-f", h.conf], check=False)
                proc.wait()
        # runuser may exit before valgrind has written its counts and let the
        # port go: wait for every process of this configuration to be gone
        end = time.time() + 120
        while time.time() < end and subprocess.run(
                ["pgrep", "-f", h.conf], capture_output=True).returncode == 0:
            time.sleep(0.2)
        try:
            os.unlink(os.path.join(h.dir, "httpd.pid"))
        except OSError:
            pass
    total = 0
    for f in glob.glob(prefix + ".[0-9]*"):
        with open(f) as fh:
            for line in fh:
                if line.startswith(("summary:", "totals:")):
                    total += int(line.split()[1])
                    break
    if not total:
        raise RuntimeError("callgrind wrote no totals (see %s.log)" % prefix)
    return total


def per_request(h, lines, args, outdir, page):
    best = None
    for k in range(args.repeat):
        a = session(h, lines, N1, outdir, "%s-%d-a" % (page, k))
        b = session(h, lines, N1 + args.requests, outdir, "%s-%d-b" % (page, k))
        cost = (b - a) / args.requests
        best = cost if best is None else min(best, cost)
    return best


def run_backend(backend, args):
    pg = rmtest.Postgres().start() if backend == "pgsql" else None
    ns = types.SimpleNamespace(module=args.module, no_authn_cache=False)
    h = bench.start_server(backend, ns, pg)
    outdir = tempfile.mkdtemp(prefix="rm-instr-")
    try:
        s = bench.seed(h)
        lists = bench.request_lists(h, s, "/bench-static/page.html")
        bench.write_static_page(h, lists)
        h.stop()
        # apache2 -X under runuser runs as www-data from the start: it writes
        # its logs, pid and database files itself
        subprocess.run(["chown", "-R", "www-data", h.dir, outdir], check=True)
        rows = {}
        for page in PAGES:
            lines = lists[page][:DISTINCT]
            rows[page] = per_request(h, lines, args, outdir, page)
            bench.log("  %-7s %9.0f instructions/request" % (page, rows[page]))
        problems = h.log_problems()
        if problems:
            raise RuntimeError("error.log:\n" + "\n".join(problems[:20]))
        return rows
    finally:
        h.stop()
        h.cleanup()
        shutil.rmtree(outdir, ignore_errors=True)
        if pg:
            pg.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backends", default="sqlite3,pgsql")
    ap.add_argument("--module", default=rmtest.MODULE)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (make deps installs it)")
    started = time.time()
    results = {}
    for backend in args.backends.split(","):
        bench.log("== %s: instructions per warm request (callgrind, apache2 -X)" % backend)
        results[backend] = run_backend(backend, args)
    names = {"static": "static file (same SSO)", "home": "staff home page",
             "app": "applicant's application page",
             "admin": "admin applications list (filtered, paged)"}
    backends = list(results)
    print("\n| page | " + " | ".join("%s instructions | x static" % b for b in backends) + " |")
    print("|---|" + "---:|---:|" * len(backends))
    for page in PAGES:
        cells = []
        for b in backends:
            r = results[b]
            cells.append("%.0fk | %.1f" % (r[page] / 1000, r[page] / r["static"]))
        print("| %s | %s |" % (names[page], " | ".join(cells)))
    print("\n%d requests per page after %d warm-up, lowest of %d; %.0f s"
          % (args.requests, N1, args.repeat, time.time() - started))


if __name__ == "__main__":
    main()
