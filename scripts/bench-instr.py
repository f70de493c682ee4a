#!/usr/bin/python3
"""`make bench-instr`: what one request costs, in CPU instructions, counted by
callgrind.  Unlike req/s (scripts/bench.py), the count does not depend on
what else the machine is doing: the same build on the same data gives the same
number to within a few per cent, so it shows whether a change made a page
cheaper on a machine too noisy to tell from throughput.

For each backend: one private httpd seeded exactly as `make bench` seeds it
(20 programmes, 2,000 applications, 5,000 staff, and a 21st programme in its
training and matching phase: 55 + 55 accepted, a draft of 50 pairs; the 20
programmes half-way through their year: 2,000 pairs, 12,000 meetings),
stopped; then, for each page (bench.py's request lists, the first 50 lines:
for the pair page 50 pairs of all 20 programmes by one partner or the
other, for the team's table of pairs and the team's actions page their five
query variants over 10 programmes, for a Senior Mentor's actions 50 of them
in all 20 programmes, HR's page by the one HR account, a person's own data
by 50 partners, the DPO's audit page's five variants by `dpo`),
`apache2 -X` under `valgrind --tool=callgrind` serves N1 and, in a second
run, N2 requests over the same 50 request lines (the first pass fills the
result cache and the authentication cache).  (total(N2) - total(N1)) /
(N2 - N1) is the cost of one warm request, the server's start and stop
cancelled out.  A run in which mod_dbd happens to open one more connection
(and prepare every statement) counts more: each figure is the lowest of
--repeat tries.  Counted: user-space instructions in httpd (the module,
libxml2, APR, the SSO rewrite rules and authn cache); not the kernel, not the
client.  Reads only: a submit's cost is its fsync, which no instruction count
shows.  The exception, the team's equality page, is a read that writes its
audit row (view.selfid) on every view: its count includes that insert and
commit (not the fsync), and every view after it finds the result cache moved
on, as the first view after any write does.

The figures, and each page's count divided by the static file's, go into the
section "Instructions per request" of docs/BENCHMARKS.md (--write FILE,
--no-write), with a copy `make bench` reads for the "instructions ÷ static"
column it prints beside each req/s ratio; a run on one backend keeps the
other's figures.  Each backend's figures name the date and the SHA-256 of the
module measured, so `make bench` can tell whether they are of its build.

Usage: scripts/bench-instr.py [--backends sqlite3,pgsql] [--module SO]
                              [--requests 200] [--repeat 3] [--write FILE]
                              [--pages static,matching] [--keep]
"""
import argparse
import datetime
import json
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import types
import http.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
import bench  # noqa: E402
import rmtest  # noqa: E402

PAGES = ("static", "home", "app", "admin", "training", "mytraining", "matching", "pair",
         "pairs", "actions", "myactions", "calendar", "feed", "endevent", "evaluation",
         "reflections", "learning", "eventteam", "learnteam", "digest", "hr",
         "mydata", "dpaudit", "equality", "report", "stories", "mystory", "resources",
         "ressearch", "resource", "institution", "instapps", "instreport")
# The pages of the programme's year (issues 13 to 15), HR's page (issue 16)
# and the data-protection pages (issue 17): each at most this many
# times the static file's instructions per request.  Printed, not enforced: a
# measurement.
GUARDED = ("training", "mytraining", "matching", "pair", "pairs", "actions", "myactions",
           "calendar", "feed", "endevent", "evaluation",
           "reflections", "learning", "eventteam", "learnteam", "digest", "hr",
           "mydata", "dpaudit", "equality", "report", "stories", "mystory", "resources",
           "ressearch", "resource", "institution", "instreport")
INSTR_GUARD = 2.5
DISTINCT = 50        # request lines cycled over
N1 = 100             # requests in the first run (two passes over the lines)


def session(h, lines, n, outdir, tag, port=None):
    """Serve n requests under callgrind (to port, else the server's); the
    instructions it counted."""
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
        conn = http.client.HTTPConnection("127.0.0.1", port or h.port, timeout=120)
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
    port = h.sector_port if page in bench.SECTOR_PAGES else None
    for k in range(args.repeat):
        a = session(h, lines, N1, outdir, "%s-%d-a" % (page, k), port)
        b = session(h, lines, N1 + args.requests, outdir, "%s-%d-b" % (page, k), port)
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
        for page in args.pages:
            lines = lists[page][:DISTINCT]
            rows[page] = per_request(h, lines, args, outdir, page)
            bench.log("  %-10s %9.0f instructions/request" % (page, rows[page]))
        problems = h.log_problems()
        if problems:
            raise RuntimeError("error.log:\n" + "\n".join(problems[:20]))
        return rows
    finally:
        h.stop()
        h.cleanup()
        if args.keep:
            bench.log("  callgrind output kept in %s (callgrind_annotate PAGE-K-b.PID)"
                      % outdir)
        else:
            shutil.rmtree(outdir, ignore_errors=True)
        if pg:
            pg.stop()


NAMES = {"static": "static file (same SSO)", "home": "staff home page",
         "app": "applicant's application page",
         "admin": "admin applications list (filtered, paged)",
         "training": "team's training page (sessions, everyone's training)",
         "mytraining": "participant's training page",
         "matching": "matching page (draft of a 55 + 55 cohort)",
         "pair": "a partner's pair page (meetings, pace, notes)",
         "pairs": "team's table of pairs (filtered, sorted, paged)",
         "actions": "team's actions in institutions (counts, filtered, paged)",
         "myactions": "a Senior Mentor's own actions (list and add form)",
         "calendar": "a person's calendar feed page",
         "feed": "a calendar feed (iCalendar, no sign-in)",
         "endevent": "a participant's end-event page (event, their reply)",
         "evaluation": "team's evaluation page (response rates, questions)",
         "reflections": "a participant's reflections (entries, add form)",
         "learning": "the cohort's shared reflections (paged)",
         "eventteam": "team's end-event page (replies, attendance)",
         "learnteam": "team's shared reflections (digest buttons, paged)",
         "digest": "the cohort's learning digest",
         "hr": "HR's page (programmes, export links, past updates)",
         "mydata": "a person's own data (every section, audited)",
         "stories": "staff's page of published stories",
         "mystory": "an author's page of their story (consent, forms)",
         "resources": "the resources hub's first page (audience, topics)",
         "ressearch": "a full-text search of the resources hub",
         "resource": "one resource's page",
         "dpaudit": "DPO's audit page (filtered, paged)",
         "equality": "team's equality figures (each view audited: a write)",
         "report": "programme report (charts and tables, SVG)",
         "institution": "a local admin's institution page (counts by programme)",
         "instapps": "a local admin's list of their staff's applications (audited)",
         "instreport": "a local admin's figures for their institution (SVG)"}
BACKENDS = {"sqlite3": "SQLite", "pgsql": "PostgreSQL"}


def instr_table(data):
    """Markdown table of the figures in data ({backend: {...}})."""
    backends = [b for b in BACKENDS if b in data] + [b for b in data if b not in BACKENDS]
    out = ["| page | " + " | ".join("%s instructions | ÷ static" % BACKENDS.get(b, b)
                                     for b in backends) + " |",
           "|---|" + "---:|---:|" * len(backends)]
    for page in PAGES:
        cells = []
        for b in backends:
            c = data[b]["instructions"]
            # figures kept from a run before the page was measured: none
            cells.append("%.0fk | %.2f" % (c[page] / 1000, c[page] / c["static"])
                         if page in c else "- | -")
        out.append("| %s | %s |" % (NAMES[page], " | ".join(cells)))
    return "\n".join(out)


def guard_lines(data):
    """The training and matching pages against INSTR_GUARD, per backend."""
    out = []
    for b in [b for b in BACKENDS if b in data] + [b for b in data if b not in BACKENDS]:
        c = data[b]["instructions"]
        cells = ["%s %.2f (%s)" % (p, c[p] / c["static"],
                                   "within" if c[p] <= INSTR_GUARD * c["static"] else "ABOVE")
                 for p in GUARDED if p in c]
        if cells:
            out.append("- %s: %s." % (BACKENDS.get(b, b), "; ".join(cells)))
    if out:
        out.insert(0, "Guard: the pages of the programme's year at most %.1f x the static "
                      "file's instructions per request (÷ static):" % INSTR_GUARD)
    return out


def instr_section(data):
    """The section of docs/BENCHMARKS.md that keeps the figures."""
    lines = [bench.INSTR_HEADING, "", textwrap.fill(
        "Written by `make bench-instr` (scripts/bench-instr.py); read by `make "
        "bench` for its \"instructions ÷ static\" column.  User-space "
        "instructions per warm request, counted by callgrind in `apache2 -X` on "
        "the benchmark's data (the lowest of several runs): the same on any "
        "machine, to a few per cent, where req/s is not.  The kernel's share "
        "of a request (network, scheduling) is not counted.", 78), ""]
    for b in [b for b in BACKENDS if b in data] + [b for b in data if b not in BACKENDS]:
        d = data[b]
        lines.append(textwrap.fill(
            "- %s: %s, %d requests per page after %d warm-up, lowest of %d; "
            "module %s (SHA-256 %s...)."
            % (BACKENDS.get(b, b), d.get("date", "undated"), d.get("requests", 0),
               d.get("warmup", N1), d.get("repeat", 0), d.get("module", "?"),
               d.get("module_sha256", "?")[:12]), 78, subsequent_indent="  "))
    guard = [textwrap.fill(g, 78, subsequent_indent="  " if g.startswith("- ") else "")
             for g in guard_lines(data)]
    lines += ["", instr_table(data), ""] + (guard + [""] if guard else []) + [
              "<!-- bench-instr %s -->" % json.dumps(data, sort_keys=True), "", ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backends", default="sqlite3,pgsql")
    ap.add_argument("--module", default=rmtest.MODULE)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", default=bench.DEFAULT_DOC,
                    help="keep the figures in this Markdown file (default "
                         "docs/BENCHMARKS.md)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--keep", action="store_true",
                    help="keep callgrind's output files (to see where a page's "
                         "instructions go with callgrind_annotate)")
    ap.add_argument("--pages", default=",".join(PAGES),
                    help="measure only these pages (static always; the figures are "
                         "then not written)")
    args = ap.parse_args()
    args.pages = ["static"] + [p for p in args.pages.split(",") if p != "static"]
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        sys.exit("no such page: %s (pages: %s)" % (", ".join(sorted(unknown)), ", ".join(PAGES)))
    if set(args.pages) != set(PAGES):
        args.no_write = True
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (make deps installs it)")
    started = time.time()
    module_sha = bench.file_sha256(args.module)
    module_name = os.path.relpath(args.module, ROOT) \
        if os.path.abspath(args.module).startswith(ROOT + os.sep) else args.module
    results = {}
    for backend in args.backends.split(","):
        bench.log("== %s: instructions per warm request (callgrind, apache2 -X)" % backend)
        rows = run_backend(backend, args)
        results[backend] = {
            "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "module": module_name, "module_sha256": module_sha,
            "requests": args.requests, "warmup": N1, "repeat": args.repeat,
            "instructions": {p: int(round(rows[p])) for p in rows}}
    print("\n" + instr_table(results))
    print("\n" + "\n".join(guard_lines(results)))
    print("\n%d requests per page after %d warm-up, lowest of %d; %.0f s"
          % (args.requests, N1, args.repeat, time.time() - started))
    if not args.no_write:
        try:
            with open(args.write) as f:
                text = f.read()
        except FileNotFoundError:
            text = bench.DOC_HEAD
        # a run on one backend keeps the other backend's figures
        data = dict(bench.read_instr(args.write))
        data.update(results)
        with open(args.write, "w") as f:
            f.write(bench.doc_put_section(text, bench.INSTR_HEADING, instr_section(data)))
        print("written to %s (section \"%s\")" % (args.write, bench.INSTR_HEADING[3:]))


if __name__ == "__main__":
    main()
