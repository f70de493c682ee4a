"""The HR data exchange (features/hr): the signed progression export (XML,
valid against mod_rmentor/xsd/hr-progression.xsd, verified with the real
xmlsec1), the CSV export (RFC 4180, formula cells neutralised), paging with
a Next link, incremental pulls with `since`, HR's import (all or nothing,
a report with line numbers, hostile XML refused with nothing changed), the
audit of each, and the HR role: every other role gets 404.  Both backends.

Pairs, meetings and check-ins are put in place by SQL (server_sql), as
test_checkin does; the export reads the database directly (no cache)."""
import glob
import os
import re
import subprocess
import tempfile
import time

import pytest
from lxml import etree

import rmtest
from cohort import Cohort, fresh_users, server_sql

NS = {"h": "urn:x-mod-rmentor:hr-progression:1",
      "ds": "http://www.w3.org/2000/09/xmldsig#"}
XSD = os.path.join(rmtest.ROOT, "mod_rmentor", "xsd", "hr-progression.xsd")
IMPORT_XSD = os.path.join(rmtest.ROOT, "mod_rmentor", "xsd", "hr-import.xsd")
HOSTILE = os.path.join(rmtest.ROOT, "tests", "data", "hr", "hostile")
SECRET = "HR-SECRET-NOTE-TEXT"


def fresh_execs(server, n):
    k = getattr(server, "_hr_execs", 0)
    server._hr_execs = k + n
    return server.add_load_users(n, start=82000 + k, prefix="exec")


def xsd_valid(path, xsd=XSD):
    r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", xsd, path],
                       capture_output=True, text=True, timeout=60)
    return r.returncode == 0, r.stderr


def xmlsec_verify(server, path):
    r = subprocess.run(["xmlsec1", "--verify", "--pubkey-cert-pem",
                        os.path.join(server.dir, "hr-signing.pem"), path],
                       capture_output=True, text=True, timeout=60)
    return r.returncode == 0, r.stderr


def save(data, suffix=".xml"):
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="rm-hr-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return path


def records(doc):
    return {int(r.get("id")): r for r in doc.findall("h:Record", NS)}


EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"
EMPLOYEE = "urn:oid:2.16.840.1.113730.3.1.3"


def principal_of(rec):
    return rec.find("h:Attribute[@Name='%s']" % EPPN, NS).text


class Year:
    """A programme in its year: accepted Mentors and Senior Mentors, one pair
    with confirmed meetings and a check-in whose text is secret, a career step
    for the Mentor."""

    def __init__(self, server, name="HR export programme"):
        self.server = server
        self.c = Cohort(server, name=name)
        self.pid = self.c.pid
        self.mentor, self.spare = fresh_users(server, 2)
        self.senior, = fresh_execs(server, 1)
        self.c.apply(self.mentor, "mentor")
        self.c.apply(self.spare, "mentor")
        self.c.apply(self.senior, "senior", senior_role="Registrar")
        self.c.accept_all()
        ma, sa = self.c.apps[self.mentor], self.c.apps[self.senior]
        now = int(time.time())
        sql = server_sql
        sql(server, "UPDATE programme SET start_date = '%s', length_months = 12 WHERE id = %d"
            % (rmtest.days(-120), self.pid))
        sql(server, "INSERT INTO pair (programme_id, mentor_app, senior_app, mentor_id, senior_id, "
            "status, score, created_by, created_at) SELECT %d, m.id, s.id, m.person_id, "
            "s.person_id, 'active', 50, m.person_id, %d FROM application m, application s "
            "WHERE m.id = %d AND s.id = %d" % (self.pid, now, ma, sa))
        self.pair = int(sql(server, "SELECT id FROM pair WHERE mentor_app = %d" % ma)[0][0])
        for k, status in enumerate(("confirmed", "confirmed", "logged")):
            sql(server, "INSERT INTO meeting (pair_id, held_on, minutes, mode, agenda, status, "
                "logged_by, logged_at, updated_at) SELECT %d, '%s', 60, 'online', '%s', '%s', "
                "mentor_id, %d, %d FROM pair WHERE id = %d"
                % (self.pair, rmtest.days(-90 + k * 10), SECRET, status, now, now, self.pair))
        sql(server, "INSERT INTO checkin (pair_id, person_id, rating, on_plan, going_well, hard, "
            "submitted_at, updated_at) SELECT id, mentor_id, 4, 'yes', '%s', '%s', %d, %d "
            "FROM pair WHERE id = %d" % (SECRET, SECRET, now, now, self.pair))
        sql(server, "INSERT INTO pair_note (pair_id, author_id, body, created_at) SELECT id, "
            "mentor_id, '%s', %d FROM pair WHERE id = %d" % (SECRET, now, self.pair))
        sql(server, "INSERT INTO career_step (programme_id, person_id, kind, title, taken_on, "
            "note, created_at, updated_at) SELECT %d, person_id, 'promotion', '%s', '%s', '%s', "
            "%d, %d FROM application WHERE id = %d"
            % (self.pid, SECRET, rmtest.days(-10), SECRET, now, now, ma))
        self.apps = dict(self.c.apps)

    def export(self, who="hr", fmt="xml", **q):
        q.setdefault("programme", self.pid)
        return self.server.client(who).get("/hr/export.%s" % fmt, params=q)


@pytest.fixture(scope="module")
def year(server):
    return Year(server)


def test_only_hr_reaches_the_exchange(server, year):
    """HR sees the page and both exports; admins, facilitators, participants
    and other staff get 404 for each, and the import refuses them too."""
    hr = server.client("hr")
    r, doc = hr.page("/hr")
    assert "Progression export" in r.text and "Send HR" in r.text
    assert doc.xpath("//form[@enctype='multipart/form-data']//input[@type='file']")
    assert hr.get("/hr/export.xml").status_code == 200
    assert hr.get("/hr/export.csv").status_code == 200
    for who in ("admin", "facilitator", "staff1", "mentor1", "senior1", year.mentor):
        c = server.client(who)
        for path in ("/hr", "/hr/export.xml", "/hr/export.csv"):
            assert c.get(path).status_code == 404, (who, path)
        r = c.post("/hr/import", files={"file": ("u.xml", b"<x/>")}, token=False,
                   data={"csrf": rmtest.forge_token(server, who + "@demo.ac.uk",
                                                    action="/hr/import")})
        assert r.status_code in (403, 404), (who, r.status_code)


def test_export_is_valid_signed_and_holds_no_free_text(server, year):
    r = year.export()
    assert r.status_code == 200, r.text[:500]
    assert r.headers["Content-Type"].startswith("application/xml")
    assert "attachment" in r.headers.get("Content-Disposition", "")
    assert r.headers.get("Cache-Control") == "no-store"
    path = save(r.content)
    try:
        ok, err = xsd_valid(path)
        assert ok, err
        ok, err = xmlsec_verify(server, path)
        assert ok, err
    finally:
        os.unlink(path)
    doc = etree.fromstring(r.content)
    recs = records(doc)
    assert set(recs) == set(year.apps.values())
    m = recs[year.apps[year.mentor]]
    assert principal_of(m) == year.mentor + "@demo.ac.uk"
    assert m.find("h:Attribute[@Name='%s']" % EMPLOYEE, NS).text == "L" + year.mentor[4:]
    assert (m.get("role"), m.get("programme"), m.get("outcome")) \
        == ("mentor", str(year.pid), "in_progress")
    pr = m.find("h:Progress", NS)
    assert (pr.get("meetingsHeld"), pr.get("minutesHeld"), pr.get("checkIn"),
            pr.get("evaluation")) == ("2", "120", "true", "false")
    prog = doc.find("h:Programme[@id='%d']" % year.pid, NS)
    assert (prog.text, prog.get("minimumMeetings"), prog.get("minimumMinutes"),
            prog.get("start")) == ("HR export programme", "6", "360", rmtest.days(-120))
    assert len(doc.findall("h:Programme", NS)) == 1
    steps = m.findall("h:CareerStep", NS)
    assert [(s.get("kind"), s.get("on")) for s in steps] == [("promotion", rmtest.days(-10))]
    g = m.find("h:Grade", NS)
    assert (g.get("entry"), g.get("entryHESA"), g.get("latest")) == ("8", "J0", None)
    assert m.find("h:SelfIdentified", NS) is None          # not allowed by default
    s = recs[year.apps[year.senior]]
    assert s.find("h:Progress", NS).get("checkIn") == "false"   # the partner's is not theirs
    assert recs[year.apps[year.spare]].get("outcome") == "not_matched"
    assert SECRET not in r.text
    assert doc.find("h:Next", NS) is None
    sig = doc.find("ds:Signature", NS)
    assert sig.find("ds:SignedInfo/ds:CanonicalizationMethod", NS).get("Algorithm") \
        == "http://www.w3.org/2001/10/xml-exc-c14n#"
    assert sig.find("ds:SignedInfo/ds:SignatureMethod", NS).get("Algorithm") \
        == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"


def test_any_changed_byte_breaks_the_signature(server, year):
    r = year.export()
    body = r.content
    # a digit of the meetings held, a letter of a programme name, an attribute
    for old, new in ((b'meetingsHeld="2"', b'meetingsHeld="3"'),
                     (b"HR export programme", b"HR export programmf"),
                     (b'role="senior"', b'role="mentor"')):
        assert old in body, old
        path = save(body.replace(old, new, 1))
        try:
            ok, _ = xmlsec_verify(server, path)
            assert not ok, "tampered (%r) but verified" % old
        finally:
            os.unlink(path)
    path = save(body)
    try:
        assert xmlsec_verify(server, path)[0]
    finally:
        os.unlink(path)


def test_since_pulls_only_what_changed(server, year):
    before = int(time.time()) - 1
    everything = records(etree.fromstring(year.export(since=before - 3600).content))
    assert year.apps[year.mentor] in everything
    time.sleep(1.1)
    mark = int(time.time())
    time.sleep(1.1)
    assert records(etree.fromstring(year.export(since=mark).content)) == {}
    server_sql(server, "UPDATE meeting SET status = 'confirmed', updated_at = %d "
               "WHERE pair_id = %d AND status = 'logged'" % (int(time.time()), year.pair))
    got = records(etree.fromstring(year.export(since=mark).content))
    assert set(got) == {year.apps[year.mentor], year.apps[year.senior]}
    assert got[year.apps[year.mentor]].find("h:Progress", NS).get("meetingsHeld") == "3"
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(mark))
    assert set(records(etree.fromstring(year.export(since=iso).content))) == set(got)
    for bad in ("yesterday", "2026-13-01T00:00:00Z", "-5"):
        r = year.export(since=bad)
        assert r.status_code == 400 and "since must be" in r.text, bad


def test_csv_quotes_and_neutralises_formulas(server):
    y = Year(server, name='=HYPERLINK("http://evil.example/","Click"), "quoted"')
    r = y.export(fmt="csv")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/csv")
    text = r.content.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0].startswith("record,changed,eduPersonPrincipalName,")
    assert lines[-1] == ""
    import csv
    import io
    rows = list(csv.reader(io.StringIO(text, newline="")))
    head = rows[0]
    body = [dict(zip(head, row)) for row in rows[1:]]
    assert len(body) == 3
    for row in body:
        assert row["programme"].startswith("'="), row["programme"]
        assert row["programme"][1:] == '=HYPERLINK("http://evil.example/","Click"), "quoted"'
    assert SECRET not in text
    mentor = [row for row in body if row["eduPersonPrincipalName"] == y.mentor + "@demo.ac.uk"][0]
    assert mentor["meetings_held"] == "2" and mentor["outcome"] == "in_progress"
    assert mentor["career_steps"] == "promotion on %s" % rmtest.days(-10)


def test_every_export_is_audited_without_content(server, year):
    n0 = len(server_sql(server, "SELECT id FROM audit WHERE action LIKE 'hr.export%'"))
    year.export()
    year.export(fmt="csv")
    rows = server_sql(server, "SELECT actor, action, entity, entity_id, detail FROM audit "
                      "WHERE action LIKE 'hr.export%' ORDER BY id")
    assert len(rows) == n0 + 2
    assert rows[-2][:4] == ("hr", "hr.export", "programme", str(year.pid))
    assert rows[-2][4].startswith("xml page=1 records=3")
    assert rows[-1][4].startswith("csv page=1 records=3")


def grade_file(*recs, ns="urn:x-mod-rmentor:hr-import:1"):
    body = "".join(recs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<HRUpdate xmlns="%s" batch="t1">\n%s'
            '</HRUpdate>\n' % (ns, body)).encode()


def post_import(server, data, who="hr"):
    c = server.client(who)
    tok = c.token("/hr", action="/hr/import")
    return c.post("/hr/import", data={"csrf": tok}, token=False,
                  files={"file": ("update.xml", data, "application/xml")})


def person_hr(server, principal):
    return server_sql(server, "SELECT hr_staff_number, hr_grade, hr_grade_on, left_on "
                      "FROM person WHERE eppn = '%s'" % principal)[0]


def test_import_applies_and_the_export_shows_it(server, year):
    m = year.mentor + "@demo.ac.uk"
    data = grade_file('  <StaffNumber principal="%s" number="E%s"/>\n' % (m, year.mentor[4:]),
                      '  <GradeChange staffNumber="E%s" grade="9" effective="%s"/>\n'
                      % (year.mentor[4:], rmtest.days(-5)),
                      '  <Leaver principal="%s" leftOn="%s"/>\n' % (m, rmtest.days(30)))
    path = save(data)
    try:
        assert xsd_valid(path, IMPORT_XSD)[0]
    finally:
        os.unlink(path)
    r = post_import(server, data)
    assert r.status_code == 200, r.text[:800]
    assert "Applied: 3 records, 3 changed" in rmtest.text_of(r)
    assert person_hr(server, m) == ("E" + year.mentor[4:], "9", rmtest.days(-5), rmtest.days(30))
    rec = records(etree.fromstring(year.export().content))[year.apps[year.mentor]]
    assert rec.find("h:Attribute[@Name='%s']" % EMPLOYEE, NS).text == "E" + year.mentor[4:]
    g = rec.find("h:Grade", NS)
    assert (g.get("latest"), g.get("latestOn"), g.get("latestHESA")) == ("9", rmtest.days(-5), "K0")
    assert rec.find("h:LeftOn", NS).text == rmtest.days(30)
    # the same file again changes nothing
    r = post_import(server, data)
    assert r.status_code == 200 and "0 changed" in rmtest.text_of(r)
    rows = server_sql(server, "SELECT actor, source, records, changed, rejected, outcome "
                      "FROM hr_import ORDER BY id DESC LIMIT 2")
    assert rows[1] == ("hr", "web", "3", "3", "0", "applied")
    assert rows[0] == ("hr", "web", "3", "0", "0", "applied")
    audit = server_sql(server, "SELECT detail FROM audit WHERE action = 'hr.import' "
                       "ORDER BY id DESC LIMIT 1")[0][0]
    assert audit.startswith("applied") and m not in audit
    r, doc = server.client("hr").page("/hr")
    assert "Applied" in r.text


def test_one_bad_record_changes_nothing(server, year):
    s = year.senior + "@demo.ac.uk"
    before = person_hr(server, s)
    data = grade_file('  <GradeChange principal="%s" grade="10" effective="%s"/>\n'
                      % (s, rmtest.days(-3)),
                      '  <GradeChange principal="nobody-here@demo.ac.uk" grade="9" '
                      'effective="%s"/>\n' % rmtest.days(-3),
                      '  <GradeChange principal="%s" grade="Grade 99" effective="%s"/>\n'
                      % (s, rmtest.days(-3)))
    r = post_import(server, data)
    assert r.status_code == 422, r.text[:500]
    text = rmtest.text_of(r)
    assert "Nothing was changed: 2 of the 3 records were rejected" in text, text
    doc = rmtest.html(r)
    lines = [tr.xpath("td[1]")[0].text for tr in doc.xpath("//table//tbody/tr")]
    assert lines == ["4", "5"]
    assert "no one with this principal" in text and "not on this site's grade scale" in text
    assert person_hr(server, s) == before
    row = server_sql(server, "SELECT records, changed, rejected, outcome FROM hr_import "
                     "ORDER BY id DESC LIMIT 1")[0]
    assert row == ("3", "0", "2", "rejected")


def test_hostile_files_are_refused_and_change_nothing(server, year):
    files = sorted(glob.glob(os.path.join(HOSTILE, "*.xml")))
    assert len(files) >= 6, files
    s = year.senior + "@demo.ac.uk"
    before = server_sql(server, "SELECT principal, hr_staff_number, hr_grade, left_on FROM person "
                        "ORDER BY id")
    n0 = len(server_sql(server, "SELECT id FROM hr_import"))
    for f in files:
        with open(f, "rb") as fh:
            data = fh.read().replace(b"PRINCIPAL", s.encode())
        t0 = time.time()
        r = post_import(server, data)
        assert time.time() - t0 < 10, f
        assert r.status_code in (413, 422), (f, r.status_code, r.text[:300])
        text = rmtest.text_of(r)
        assert "nothing was changed" in text.lower(), (f, text[:300])
        assert "root:" not in r.text, f
    # deep nesting and an oversized file, made here
    deep = b'<HRUpdate xmlns="urn:x-mod-rmentor:hr-import:1">' + b"<a>" * 5000 + b"</a>" * 5000 \
        + b"</HRUpdate>"
    r = post_import(server, deep)
    assert r.status_code == 422 and "nothing was changed" in rmtest.text_of(r).lower()
    big = grade_file(*['  <Leaver principal="%s" leftOn="2027-01-01"/>\n' % s] * 200000)
    r = post_import(server, big)
    assert r.status_code == 413, r.status_code
    after = server_sql(server, "SELECT principal, hr_staff_number, hr_grade, left_on FROM person "
                       "ORDER BY id")
    assert after == before
    refused = server_sql(server, "SELECT outcome FROM hr_import")[n0:]
    assert refused and set(o for (o,) in refused) == {"refused"}


def test_import_needs_the_form_token(server):
    c = server.client("hr")
    r = c.post("/hr/import", data={"csrf": "1.bad"}, token=False,
               files={"file": ("u.xml", grade_file(), "application/xml")})
    assert r.status_code == 403
    r = c.post("/hr/import", data={"x": "1"}, token=True, token_from="/hr")
    assert r.status_code == 415


BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")


@pytest.fixture(scope="module", params=BACKENDS)
def paged(request):
    """A server whose export documents hold 2 records each."""
    yield from rmtest.backend_server(request, "RMentorHRPageSize 2\n")


def pull(server, url, who="hr"):
    r = server.client(who).get(url)
    assert r.status_code == 200, r.text[:500]
    path = save(r.content)
    try:
        assert xsd_valid(path)[0]
        assert xmlsec_verify(server, path)[0]
    finally:
        os.unlink(path)
    doc = etree.fromstring(r.content)
    nxt = doc.find("h:Next", NS)
    return doc, (nxt.get("href") if nxt is not None else None)


def test_pages_link_on_and_survive_changes_between_pages(paged):
    a = Year(paged, name="Paged one")
    b = Year(paged, name="Paged two")
    expected = sorted(list(a.apps.values()) + list(b.apps.values()))
    doc, nxt = pull(paged, "/hr/export.xml")
    assert doc.get("page") == "1" and doc.get("pageSize") == "2"
    seen = [int(r.get("id")) for r in doc.findall("h:Record", NS)]
    assert len(seen) == 2 and nxt
    assert nxt.startswith("http://127.0.0.1:%d/mentoring/hr/export.xml?after=" % paged.port)
    asof = doc.get("asOf")
    # a change between pages: a record already sent changes, and one not yet
    # sent too; neither is lost nor sent twice on this pull
    now = int(time.time()) + 5
    paged_sql = server_sql
    paged_sql(paged, "UPDATE application SET updated_at = %d WHERE id IN (%d, %d)"
              % (now, seen[0], expected[-1]))
    pages = 1
    while nxt:
        doc, nxt = pull(paged, nxt)
        pages += 1
        assert doc.get("asOf") == asof and doc.get("page") == str(pages)
        seen += [int(r.get("id")) for r in doc.findall("h:Record", NS)]
        assert pages < 20
    assert seen == expected, (seen, expected)
    assert pages == 3
    # the next incremental pull, from the first page's asOf, has both changes
    got = records(etree.fromstring(paged.client("hr").get(
        "/hr/export.xml", params={"since": asof}).content))
    assert {seen[0], expected[-1]} <= set(got)


def test_since_with_few_changes_fills_pages_from_the_whole_range(paged):
    mark = int(time.time()) + 100
    ids = [int(i) for (i,) in server_sql(paged, "SELECT id FROM application "
                                                "WHERE status = 'accepted' ORDER BY id")]
    server_sql(paged, "UPDATE application SET updated_at = %d WHERE id = %d"
               % (mark + 10, ids[-1]))
    doc, nxt = pull(paged, "/hr/export.xml?since=%d" % mark)
    assert [int(r.get("id")) for r in doc.findall("h:Record", NS)] == [ids[-1]]
    assert nxt is None
