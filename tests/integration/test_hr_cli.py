"""rmentorctl's HR verbs (cli/hr.c) against a running server's own
configuration, on SQLite and PostgreSQL: `hr export` writes one signed
document (valid against the XSD, verified by xmlsec1, the same records as
the web export), `--programme` and `--since` filter, `hr export-csv` is RFC
4180 with the web's rows, `hr import FILE` applies all or nothing (65 for a
rejected or hostile file, 66 for a missing one, --dry-run keeps nothing),
usage errors are 64, root on the SQLite server's database is 77, and each
export and import leaves an audit row.

rmentorctl runs as www-data, as the server does.  The demo signing key is
root's and 0600 (the parent httpd reads it before it drops privileges), so
www-data's runs are given --key/--cert copies in a directory of its own;
root (PostgreSQL only: root on a SQLite file is refused) uses the
configuration's RMentorHRSigningKey/Certificate."""
import csv
import glob
import io
import os
import pwd
import shutil
import subprocess
import tempfile
import time

import pytest
from lxml import etree

import rmtest
from cohort import server_sql
from test_hr import (HOSTILE, Year, grade_file, person_hr, records, xmlsec_verify,
                     xsd_valid)

CTL = os.path.join(rmtest.ROOT, "build", "rmentorctl")
BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_NOPERM, EX_CONFIG = 64, 65, 66, 77, 78
LIMIT = 1048576


@pytest.fixture(scope="module", params=BACKENDS)
def srv(request):
    def ready(s):
        # a directory www-data owns: the key copies, outputs and import files
        s.work = tempfile.mkdtemp(prefix="rm-hrcli-")
        s.key = os.path.join(s.work, "signing.key")
        s.cert = os.path.join(s.work, "signing.pem")
        shutil.copy(os.path.join(s.dir, "hr-signing.key"), s.key)
        shutil.copy(os.path.join(s.dir, "hr-signing.pem"), s.cert)
        os.chmod(s.key, 0o600)
        if rmtest.IS_ROOT:
            pw = pwd.getpwnam("www-data")
            for path in (s.work, s.key, s.cert):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        os.chmod(s.work, 0o700)
        s.a = Year(s, name="CLI programme A")
        s.b = Year(s, name="CLI programme B")
    # a smaller import limit than the default, which rmentorctl must read too
    servers = []
    try:
        for s in rmtest.backend_server(request, "RMentorHRImportMaxBytes %d\n" % LIMIT,
                                       lambda s: (servers.append(s), ready(s))):
            yield s
    finally:
        for s in servers:
            shutil.rmtree(getattr(s, "work", ""), ignore_errors=True)


def ctl(srv, *args, as_root=False, text=True):
    cmd = [CTL, "-f", srv.conf] + list(args)
    if rmtest.IS_ROOT and not as_root:
        cmd = ["runuser", "-u", "www-data", "--"] + cmd
    return subprocess.run(cmd, capture_output=True, text=text, timeout=120)


def export(srv, *args, name="out.xml"):
    """`hr export ... --out F` as www-data; returns (result, path)."""
    out = os.path.join(srv.work, name)
    if os.path.exists(out):
        os.unlink(out)
    r = ctl(srv, "hr", "export", "--key", srv.key, "--cert", srv.cert, "--out", out, *args)
    return r, out


def parse(path):
    with open(path, "rb") as f:
        return etree.fromstring(f.read())


def write(srv, name, data):
    path = os.path.join(srv.work, name)
    with open(path, "wb") as f:
        f.write(data)
    if rmtest.IS_ROOT:
        pw = pwd.getpwnam("www-data")
        os.chown(path, pw.pw_uid, pw.pw_gid)
    return path


def audits(srv, like):
    return server_sql(srv, "SELECT actor, action, entity, entity_id, detail FROM audit "
                      "WHERE action LIKE '%s' ORDER BY id" % like)


def all_apps(srv):
    return set(srv.a.apps.values()) | set(srv.b.apps.values())


def people(srv):
    return server_sql(srv, "SELECT id, hr_staff_number, hr_grade, hr_grade_on, left_on "
                      "FROM person ORDER BY id")


# ---- export ---------------------------------------------------------------------

def test_export_is_one_signed_valid_document_with_the_webs_records(srv):
    n0 = len(audits(srv, "hr.export%"))
    r, out = export(srv)
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert r.stdout == ""
    assert "rmentorctl: 6 records exported" in r.stderr
    ok, err = xsd_valid(out)
    assert ok, err
    ok, err = xmlsec_verify(srv, out)
    assert ok, err
    doc = parse(out)
    assert doc.get("page") == "1" and doc.get("pageSize") is None    # one document: no pages
    assert doc.find("{urn:x-mod-rmentor:hr-progression:1}Next") is None
    assert len(doc.findall("{http://www.w3.org/2000/09/xmldsig#}Signature")) == 1
    cli = records(doc)
    assert set(cli) == all_apps(srv)
    web = records(etree.fromstring(srv.client("hr").get("/hr/export.xml").content))
    assert set(web) == set(cli)
    for rid in cli:
        assert etree.tostring(cli[rid]) == etree.tostring(web[rid]), rid
    rows = audits(srv, "hr.export%")
    assert len(rows) == n0 + 2      # the CLI's, then the web's
    assert rows[n0][:4] == ("rmentorctl", "hr.export", "programme", "0")
    assert rows[n0][4].startswith("xml cli records=6"), rows[n0][4]


def test_tampered_cli_export_fails_verification(srv):
    r, out = export(srv, name="tampered.xml")
    assert r.returncode == 0, r.stderr
    with open(out, "rb") as f:
        body = f.read()
    assert b"CLI programme A" in body
    with open(out, "wb") as f:
        f.write(body.replace(b"CLI programme A", b"CLI programme Z", 1))
    assert not xmlsec_verify(srv, out)[0]


def test_programme_filters(srv):
    for y in (srv.a, srv.b):
        r, out = export(srv, "--programme", str(y.pid))
        assert r.returncode == 0, r.stderr
        assert xsd_valid(out)[0] and xmlsec_verify(srv, out)[0]
        doc = parse(out)
        assert doc.get("programme") == str(y.pid)
        assert set(records(doc)) == set(y.apps.values())
    rows = audits(srv, "hr.export%")
    assert rows[-1][:4] == ("rmentorctl", "hr.export", "programme", str(srv.b.pid))
    assert rows[-1][4].startswith("xml cli records=3")
    # a programme that does not exist: an empty, still valid, document
    r, out = export(srv, "--programme", "999999")
    assert r.returncode == 0 and records(parse(out)) == {}
    assert xsd_valid(out)[0]


def test_since_filters(srv):
    mark = int(time.time()) + 100
    r, out = export(srv, "--since", str(mark))
    assert r.returncode == 0, r.stderr
    assert records(parse(out)) == {}
    target = srv.b.apps[srv.b.spare]
    server_sql(srv, "UPDATE application SET updated_at = %d WHERE id = %d" % (mark + 10, target))
    r, out = export(srv, "--since", str(mark))
    assert r.returncode == 0, r.stderr
    doc = parse(out)
    assert set(records(doc)) == {target}
    assert xsd_valid(out)[0] and xmlsec_verify(srv, out)[0]
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(mark))
    assert doc.get("since") == iso
    r, out = export(srv, "--since", iso)
    assert r.returncode == 0 and set(records(parse(out))) == {target}
    r, out = export(srv, "--since", str(mark + 20))
    assert r.returncode == 0 and records(parse(out)) == {}
    assert audits(srv, "hr.export%")[-1][4] == "xml cli records=0 since=%d" % (mark + 20)


def test_export_csv_is_rfc4180_with_the_webs_rows(srv):
    r = ctl(srv, "hr", "export-csv", text=False)    # bytes: the CRLFs as written
    assert r.returncode == 0, r.stderr
    assert b"6 records exported" in r.stderr
    text = r.stdout.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[-1] == "" and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][:3] == ["record", "changed", "eduPersonPrincipalName"]
    assert {int(row[0]) for row in rows[1:]} == all_apps(srv)
    web = srv.client("hr").get("/hr/export.csv").content.decode("utf-8")
    assert sorted(list(csv.reader(io.StringIO(web, newline="")))) == sorted(rows)
    assert audits(srv, "hr.export%")[-2][4].startswith("csv cli records=6")
    # --out and --programme
    out = os.path.join(srv.work, "out.csv")
    r = ctl(srv, "hr", "export-csv", "--programme", str(srv.a.pid), "--out", out)
    assert r.returncode == 0 and r.stdout == ""
    with open(out, "rb") as f:
        data = f.read()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert {int(row[0]) for row in rows[1:]} == set(srv.a.apps.values())


def test_institution_filters(srv):
    """--institution: a sector programme's institution's people only (the
    scope decided at their sign-in), as a bound HR client's export is."""
    target = srv.a.apps[srv.a.spare]
    pid = server_sql(srv, "SELECT person_id FROM application WHERE id = %d" % target)[0][0]
    server_sql(srv, "UPDATE person SET scope = 'b.ac.uk' WHERE id = %s" % pid)
    try:
        r = ctl(srv, "hr", "export-csv", "--institution", "b.ac.uk")
        assert r.returncode == 0, r.stderr
        rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
        assert {int(row[0]) for row in rows[1:]} == {
            int(a) for (a,) in server_sql(srv, "SELECT id FROM application WHERE person_id = %s"
                                          % pid)}
        assert audits(srv, "hr.export%")[-1][4].endswith(" institution=b.ac.uk")
        r, out = export(srv, "--institution", "c.ac.uk")
        assert r.returncode == 0 and records(parse(out)) == {}
        assert xsd_valid(out)[0] and xmlsec_verify(srv, out)[0]
    finally:
        server_sql(srv, "UPDATE person SET scope = 'demo.ac.uk' WHERE id = %s" % pid)


# ---- import ---------------------------------------------------------------------

def test_import_applies_with_a_report(srv):
    y = srv.a
    m = y.mentor + "@demo.ac.uk"
    staff = "C" + y.mentor[4:]
    path = write(srv, "good.xml", grade_file(
        '  <StaffNumber principal="%s" number="%s"/>\n' % (m, staff),
        '  <GradeChange staffNumber="%s" grade="9" effective="%s"/>\n' % (staff, rmtest.days(-2)),
        '  <Leaver principal="%s" leftOn="%s"/>\n' % (m, rmtest.days(40))))
    n0 = len(audits(srv, "hr.import"))
    r = ctl(srv, "hr", "import", path)
    assert r.returncode == 0, (r.stdout, r.stderr)
    lines = r.stdout.splitlines()
    assert lines[-1] == "applied: 3 records, 3 changed", r.stdout
    assert [ln.split("\t")[0] for ln in lines[:-1]] == ["line 3", "line 4", "line 5"]
    assert person_hr(srv, m) == (staff, "9", rmtest.days(-2), rmtest.days(40))
    row = server_sql(srv, "SELECT actor, source, records, changed, rejected, outcome "
                     "FROM hr_import ORDER BY id DESC LIMIT 1")[0]
    assert row == ("rmentorctl", "cli", "3", "3", "0", "applied")
    rows = audits(srv, "hr.import")
    assert len(rows) == n0 + 1 and rows[-1][0] == "rmentorctl"
    assert rows[-1][4].startswith("applied") and m not in rows[-1][4]
    # the export shows it
    r, out = export(srv, "--programme", str(y.pid))
    g = records(parse(out))[y.apps[y.mentor]].find("{urn:x-mod-rmentor:hr-progression:1}Grade")
    assert (g.get("latest"), g.get("latestOn")) == ("9", rmtest.days(-2))
    # the same file again: applied, nothing changed
    r = ctl(srv, "hr", "import", path)
    assert r.returncode == 0 and r.stdout.splitlines()[-1] == "applied: 3 records, 0 changed"


def test_one_bad_record_exits_65_and_changes_nothing(srv):
    s = srv.b.senior + "@demo.ac.uk"
    before = people(srv)
    path = write(srv, "bad.xml", grade_file(
        '  <GradeChange principal="%s" grade="10" effective="%s"/>\n' % (s, rmtest.days(-1)),
        '  <GradeChange principal="nobody-here@demo.ac.uk" grade="9" effective="%s"/>\n'
        % rmtest.days(-1)))
    r = ctl(srv, "hr", "import", path)
    assert r.returncode == EX_DATAERR, (r.stdout, r.stderr)
    lines = r.stdout.splitlines()
    assert lines[-1] == "not applied: 1 of 2 records rejected; nothing was changed"
    assert lines[0].startswith("line 3\t") and "rejected: " not in lines[0], lines
    assert lines[1].startswith("line 4\tgrade\tnobody-here@demo.ac.uk\trejected: "), lines
    assert len(lines) == 3
    assert people(srv) == before
    row = server_sql(srv, "SELECT actor, source, records, changed, rejected, outcome "
                     "FROM hr_import ORDER BY id DESC LIMIT 1")[0]
    assert row == ("rmentorctl", "cli", "2", "0", "1", "rejected")
    assert audits(srv, "hr.import")[-1][4].startswith("rejected")


@pytest.mark.parametrize("name", sorted(os.path.basename(f)
                                        for f in glob.glob(os.path.join(HOSTILE, "*.xml"))))
def test_hostile_file_exits_65_and_changes_nothing(srv, name):
    s = srv.b.senior + "@demo.ac.uk"
    with open(os.path.join(HOSTILE, name), "rb") as f:
        path = write(srv, "hostile-" + name, f.read().replace(b"PRINCIPAL", s.encode()))
    before = people(srv)
    t0 = time.time()
    r = ctl(srv, "hr", "import", path)
    assert time.time() - t0 < 20
    assert r.returncode == EX_DATAERR, (name, r.returncode, r.stdout, r.stderr)
    assert r.stdout.startswith("refused: ") and "nothing was changed" in r.stdout, r.stdout
    assert "root:" not in r.stdout
    assert people(srv) == before
    row = server_sql(srv, "SELECT actor, source, outcome FROM hr_import "
                     "ORDER BY id DESC LIMIT 1")[0]
    assert row == ("rmentorctl", "cli", "refused")
    actor, action, _, _, detail = audits(srv, "hr.import")[-1]
    assert (actor, action) == ("rmentorctl", "hr.import")
    assert detail.startswith("refused source=cli records=0"), detail


def test_missing_file_exits_66(srv):
    n0 = len(server_sql(srv, "SELECT id FROM hr_import"))
    r = ctl(srv, "hr", "import", os.path.join(srv.work, "no-such-file.xml"))
    assert r.returncode == EX_NOINPUT, (r.stdout, r.stderr)
    assert "cannot read" in r.stderr and "no-such-file.xml" in r.stderr
    assert len(server_sql(srv, "SELECT id FROM hr_import")) == n0


def test_file_over_the_configured_limit_exits_65(srv):
    s = srv.b.senior + "@demo.ac.uk"
    big = grade_file(*['  <Leaver principal="%s" leftOn="2027-01-01"/>\n' % s] * 20000)
    assert LIMIT < len(big) < 8388608
    path = write(srv, "big.xml", big)
    before = people(srv)
    n0 = len(server_sql(srv, "SELECT id FROM hr_import"))
    r = ctl(srv, "hr", "import", path)
    assert r.returncode == EX_DATAERR, (r.returncode, r.stderr)
    assert "larger than the import limit (%d bytes); nothing was changed" % LIMIT in r.stderr
    assert r.stdout == ""
    assert people(srv) == before
    assert len(server_sql(srv, "SELECT id FROM hr_import")) == n0
    os.unlink(path)


def test_unwritable_output_exits_73(srv):
    n0 = len(audits(srv, "hr.export%"))
    for verb in ("export", "export-csv"):
        r = ctl(srv, "hr", verb, "--key", srv.key, "--cert", srv.cert,
                "--out", os.path.join(srv.work, "no-such-dir", "out"))
        assert r.returncode == 73, (verb, r.returncode, r.stderr)
        assert "cannot write" in r.stderr
    assert len(audits(srv, "hr.export%")) == n0


def test_dry_run_keeps_nothing(srv):
    y = srv.b
    m = y.mentor + "@demo.ac.uk"
    path = write(srv, "dry.xml", grade_file(
        '  <GradeChange principal="%s" grade="10" effective="%s"/>\n' % (m, rmtest.days(-1))))
    before = people(srv)
    n_imp = len(server_sql(srv, "SELECT id FROM hr_import"))
    n_aud = len(audits(srv, "hr.import"))
    r = ctl(srv, "hr", "import", path, "--dry-run")
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert r.stdout.splitlines()[-1] == "checked (dry run, nothing kept): 1 records, 1 changed"
    assert people(srv) == before
    assert len(server_sql(srv, "SELECT id FROM hr_import")) == n_imp
    assert len(audits(srv, "hr.import")) == n_aud
    # and a dry run of a bad file says so, 65, still nothing kept
    bad = write(srv, "dry-bad.xml", grade_file(
        '  <GradeChange principal="%s" grade="Grade 99" effective="%s"/>\n'
        % (m, rmtest.days(-1))))
    r = ctl(srv, "hr", "import", bad, "--dry-run")
    assert r.returncode == EX_DATAERR and "not on this site's grade scale" in r.stdout, r.stdout
    assert people(srv) == before


# ---- usage, privileges, help ------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("hr", "export", "extra-file.xml"),
    ("hr", "export-csv", "extra-file.csv"),
    ("hr", "export", "--since", "yesterday"),
    ("hr", "export", "--since", "2026-13-01T00:00:00Z"),
    ("hr", "export", "--programme", "x"),
    ("hr", "export", "--institution", "not_a_scope"),
    ("hr", "import", "f.xml", "--institution", "b.ac.uk"),
    ("hr", "export", "--dry-run"),
    ("hr", "import"),
    ("hr", "import", "f.xml", "--programme", "1"),
    ("hr", "frobnicate"),
])
def test_usage_errors_exit_64(srv, args):
    n0 = len(audits(srv, "hr.%"))
    r = ctl(srv, *args)
    assert r.returncode == EX_USAGE, (args, r.returncode, r.stdout, r.stderr)
    assert r.stdout == ""
    assert len(audits(srv, "hr.%")) == n0


def test_unreadable_key_is_a_configuration_error(srv):
    """www-data cannot read the demo's root-owned key: exit 78, nothing
    written, nothing audited."""
    if not rmtest.IS_ROOT:
        pytest.skip("needs root to run as www-data")
    n0 = len(audits(srv, "hr.export%"))
    out = os.path.join(srv.work, "nokey.xml")
    r = ctl(srv, "hr", "export", "--out", out)
    assert r.returncode == EX_CONFIG, (r.returncode, r.stderr)
    assert "hr-signing.key" in r.stderr, r.stderr
    assert not os.path.exists(out)
    assert len(audits(srv, "hr.export%")) == n0


def test_root_on_the_sqlite_database_exits_77(srv):
    if not rmtest.IS_ROOT:
        pytest.skip("needs root")
    n0 = len(audits(srv, "hr.%"))
    if srv.db == "sqlite3":
        for args in (("hr", "export", "--out", os.path.join(srv.work, "root.xml")),
                     ("hr", "export-csv"), ("hr", "import", os.path.join(srv.work, "good.xml"))):
            r = ctl(srv, *args, as_root=True)
            assert r.returncode == EX_NOPERM, (args, r.returncode, r.stderr)
            assert "refusing to run as root" in r.stderr
            assert "www-data owns" in r.stderr and "runuser -u www-data" in r.stderr
            assert r.stdout == ""
        assert len(audits(srv, "hr.%")) == n0
    else:
        # PostgreSQL has no files of the server's to spoil: root may run it,
        # and root reads the configuration's own key and certificate
        out = os.path.join(srv.work, "root.xml")
        r = ctl(srv, "hr", "export", "--out", out, as_root=True)
        assert r.returncode == 0, r.stderr
        assert xsd_valid(out)[0] and xmlsec_verify(srv, out)[0]
        assert set(records(parse(out))) == all_apps(srv)


def test_help_lists_the_hr_verbs():
    r = subprocess.run([CTL, "--help"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0
    for verb in ("hr export [--programme ID] [--since TIME] [--institution SCOPE] [--out FILE]",
                 "hr export-csv [--programme ID] [--since TIME] [--institution SCOPE] [--out FILE]",
                 "hr import FILE [--dry-run]", "77 root on another user's SQLite file"):
        assert verb in r.stdout, verb
