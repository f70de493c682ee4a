"""pytest plugin for `make test-asan` and `make test-valgrind` (mk/sanitizers.mk).

Loaded with `-p rm_sanitizers` (PYTHONPATH=tests/sanitizers); the integration
suite itself is not changed.  Set by the make targets:

  RM_SAN_MODE      asan or valgrind
  RM_SAN_REPORTS   directory for the reports (a copy of every sanitizer
                   report found, or one valgrind log per server)
  RM_VALGRIND_SUPP the suppressions file (valgrind mode)
  RM_VALGRIND_ARGS extra valgrind arguments (optional)
  RM_VALGRIND_PRELOAD  LD_PRELOAD for apache2 under valgrind (the poolshim)

asan: apache2 on PATH is tests/sanitizers/apache2-asan (the runtimes
preloaded).  ASan and UBSan write to stderr: the children's stderr is the
server's error.log, which the harness scans for "Sanitizer" and "runtime
error:"; the parent's stderr before it opens the error log is the run
directory's stderr.log, which the harness does not scan, so Httpd.log_problems
is extended here to scan it too.  (ASan's log_path files were the other way;
measured here, setting log_path for both libasan and libubsan, which gcc
loads side by side, sends both runtimes' reports to stderr anyway.)
After every test, the error.log and stderr.log of every server started so far
are read from where the last check stopped: a new report fails that test, is
shown in the failure, and is copied to RM_SAN_REPORTS for the make target's
final check.

valgrind: rmtest.Httpd.start is replaced so that the server runs as
`valgrind ... apache2 -f CONF -X -DFOREGROUND` (one process: the event MPM
with -X serves in the foreground, and valgrind sees everything), with longer
start and stop timeouts; Httpd.log_problems (which the suite checks after
stopping every server) also returns the server's valgrind errors, and a
missing ERROR SUMMARY (valgrind did not finish); and the test during which an
error appeared fails with it.
"""
import glob
import os
import re
import signal
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "lib"))
import rmtest  # noqa: E402  (the same module object the suite's conftest uses)

MODE = os.environ.get("RM_SAN_MODE", "")
REPORTS = os.environ.get("RM_SAN_REPORTS", "")
SUPP = os.environ.get("RM_VALGRIND_SUPP", os.path.join(os.path.dirname(HERE), "valgrind.supp"))

# a sanitizer report, or a child that died of one
SAN_LINE = re.compile(r"Sanitizer|runtime error:|AH00052|exit signal")
VG_START = re.compile(r"^==\d+== (Invalid (read|write|free)|Mismatched free|"
                      r"Conditional jump|Use of uninitialised|Syscall param|"
                      r"Source and destination overlap|Argument '.*' of function .* fishy|"
                      r".* (definitely|indirectly|possibly) lost in loss record|"
                      r"Process terminating|Warning: invalid file descriptor)")
VG_SUMMARY = re.compile(r"^==\d+== ERROR SUMMARY: (\d+) errors")

SERVERS = []          # every rmtest.Httpd made in this session
_seen = {}            # path -> bytes already checked
_nreports = [0]


def _read_bytes(path, offset=0):
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read()
    except OSError:
        return b""


def _read(path, offset=0):
    return _read_bytes(path, offset).decode(errors="replace")


_orig_init = rmtest.Httpd.__init__


def _tracking_init(self, *a, **kw):
    _orig_init(self, *a, **kw)
    SERVERS.append(self)


rmtest.Httpd.__init__ = _tracking_init


def _new_asan_reports():
    """[(path, excerpt)] of sanitizer lines written since the last call."""
    found = []
    for srv in SERVERS:
        for path in (srv.error_log, os.path.join(srv.dir, "stderr.log")):
            try:
                size = os.path.getsize(path)
            except OSError:
                continue
            start = _seen.get(path, 0)
            if size <= start:
                continue
            data = _read_bytes(path, start)
            _seen[path] = start + len(data)
            lines = data.decode(errors="replace").splitlines()
            hits = [i for i, line in enumerate(lines) if SAN_LINE.search(line)]
            if hits:
                first = max(0, hits[0] - 2)
                found.append((path, "\n".join(lines[first:first + 80])))
    return found


def _save(nodeid, reports):
    if not REPORTS:
        return
    os.makedirs(REPORTS, exist_ok=True)
    for path, excerpt in reports:
        _nreports[0] += 1
        name = os.path.join(REPORTS, "report-%03d.txt" % _nreports[0])
        with open(name, "w") as f:
            f.write("test: %s\nfile: %s\n\n%s\n" % (nodeid, path, excerpt))


def _vg_counts():
    """{log: number of valgrind errors in it so far}."""
    out = {}
    for p in sorted(glob.glob(os.path.join(REPORTS, "vg-*.log"))):
        out[p] = sum(1 for line in _read(p).splitlines() if VG_START.match(line))
    return out


def _vg_excerpt(path, limit=80):
    keep, on = [], False
    for line in _read(path).splitlines():
        if VG_START.match(line):
            on = True
        if on:
            keep.append(line)
            if re.match(r"^==\d+== *$", line):
                on = False
    return "\n".join(keep[:limit])


@pytest.fixture(autouse=True)
def _no_new_sanitizer_reports(request):
    """Fail the test during which a sanitizer or valgrind reported an error."""
    if MODE == "asan":
        found = _new_asan_reports()     # from fixture set-up (servers starting)
        _save("(set-up of %s)" % request.node.nodeid, found)
        yield
        found += _new_asan_reports()
        _save(request.node.nodeid, found)
        if found:
            pytest.fail("sanitizer report during %s:\n%s" % (
                request.node.nodeid,
                "\n\n".join("--- %s\n%s" % r for r in found)), pytrace=False)
    elif MODE == "valgrind":
        before = _vg_counts()
        yield
        grown = [p for p, n in _vg_counts().items() if n > before.get(p, 0)]
        if grown:
            pytest.fail("valgrind errors during %s:\n%s" % (
                request.node.nodeid,
                "\n\n".join("--- %s\n%s" % (p, _vg_excerpt(p)) for p in grown)),
                pytrace=False)
    else:
        yield


def pytest_sessionfinish(session):
    # reports written while the session's servers shut down
    if MODE == "asan":
        _save("(session end)", _new_asan_reports())


_orig_log_problems = rmtest.Httpd.log_problems


def _asan_log_problems(self):
    bad = list(_orig_log_problems(self))
    for line in _read(os.path.join(self.dir, "stderr.log")).splitlines():
        if rmtest.FATAL.search(line):
            bad.append("stderr.log: " + line)
    return bad


if MODE == "asan":
    rmtest.Httpd.log_problems = _asan_log_problems


# ---- valgrind: the server under memcheck -------------------------------------

def _vg_log_glob(server):
    return os.path.join(REPORTS, "vg-%s.*.log" % os.path.basename(server.dir))


def _vg_start(self, timeout=15):
    self.log_offset = 0
    # No keep-alive under valgrind: httpd -X is stopped with SIGTERM (it does
    # not do graceful-stop), and a worker then sometimes reads a keep-alive
    # socket the ungraceful stop has just closed: valgrind warns "invalid file
    # descriptor -1 in syscall read()" (2 runs of the suite in 2).
    with open(self.conf) as f:
        conf = f.read()
    if "\nKeepAlive Off\n" not in conf:
        with open(self.conf, "a") as f:
            f.write("\nKeepAlive Off\n")
    cmd = ["valgrind", "--tool=memcheck", "--error-exitcode=99",
           "--leak-check=full", "--show-leak-kinds=definite",
           "--errors-for-leak-kinds=definite", "--num-callers=40",
           "--suppressions=" + SUPP, "--gen-suppressions=all", "--vgdb=no",
           "--log-file=" + os.path.join(REPORTS, "vg-%s.%%p.log" % os.path.basename(self.dir))]
    cmd += os.environ.get("RM_VALGRIND_ARGS", "").split()
    cmd += ["apache2", "-f", self.conf, "-X", "-DFOREGROUND"]
    env = dict(os.environ)
    if os.environ.get("RM_VALGRIND_PRELOAD"):
        env["LD_PRELOAD"] = os.environ["RM_VALGRIND_PRELOAD"]
    self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env,
                                 stderr=open(os.path.join(self.dir, "stderr.log"), "a"))
    rmtest.wait_port(self.port, max(timeout, 180), self.proc)
    return self


def _vg_stop(self):
    if self.proc and self.proc.poll() is None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(300)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _vg_log_problems(self):
    bad = list(_orig_log_problems(self))
    logs = sorted(glob.glob(_vg_log_glob(self)))
    finished = self.proc is not None and self.proc.poll() is not None
    if finished and not logs:
        bad.append("valgrind: no log for the server in %s" % self.dir)
    for p in logs:
        text = _read(p)
        errors = [int(m.group(1)) for m in map(VG_SUMMARY.match, text.splitlines()) if m]
        if any(n > 0 for n in errors):
            bad.append("valgrind: %s errors in %s:\n%s" % (max(errors), p, _vg_excerpt(p)))
        elif any(VG_START.match(line) for line in text.splitlines()):
            bad.append("valgrind: errors in %s:\n%s" % (p, _vg_excerpt(p)))
        elif finished and not errors:
            bad.append("valgrind: %s has no ERROR SUMMARY (valgrind did not finish)" % p)
    if finished and self.proc.returncode == 99:
        bad.append("valgrind: exit code 99 (--error-exitcode) for %s" % self.dir)
    return bad


if MODE == "valgrind":
    if not REPORTS:
        raise RuntimeError("RM_SAN_REPORTS must name the valgrind log directory")
    rmtest.Httpd.start = _vg_start
    rmtest.Httpd.stop = _vg_stop
    rmtest.Httpd.log_problems = _vg_log_problems


def pytest_configure(config):
    """Refuse to run a sanitizer session that would check nothing."""
    if MODE == "asan":
        import shutil
        exe = shutil.which("apache2") or ""
        if os.path.basename(os.path.realpath(exe)) != "apache2-asan":
            raise pytest.UsageError("asan mode: apache2 on PATH is %r, not "
                                    "tests/sanitizers/apache2-asan" % exe)
        for lib in os.environ.get("RM_ASAN_PRELOAD", "").split():
            if not os.path.isfile(lib):
                raise pytest.UsageError("asan mode: %s (RM_ASAN_PRELOAD) is missing" % lib)
        if not os.path.isfile(os.environ.get("RM_MODULE", "")):
            raise pytest.UsageError("asan mode: RM_MODULE does not name the ASan module")
    elif MODE == "valgrind":
        for lib in os.environ.get("RM_VALGRIND_PRELOAD", "").split():
            if not os.path.isfile(lib):
                raise pytest.UsageError("valgrind mode: %s is missing" % lib)


def pytest_report_header(config):
    if MODE:
        return "rm_sanitizers: mode %s, reports in %s, module %s, preload %s" % (
            MODE, REPORTS, os.environ.get("RM_MODULE", "(default)"),
            os.environ.get("RM_ASAN_PRELOAD" if MODE == "asan" else "RM_VALGRIND_PRELOAD",
                           "") or "-")
    return None
