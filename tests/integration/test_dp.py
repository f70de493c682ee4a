"""Data protection (features/dp, core/sar.c, cli/dp.c; issue 17) on SQLite
and PostgreSQL, against the contract in the issue:

- subject access: /my-data (the page), /my-data.xml (valid against
  mod_rmentor/xsd/subject-access.xsd) and /my-data.json (format
  "rmentor-subject-access/1") hold the person's own records (person,
  application, pair with the partner's name, meetings, notes, check-in)
  and none of the partner's private entries or of other applicants' data;
  downloads are attachments; each view and download leaves an audit row
  whose detail holds no free text; `rmentorctl dp export` gives the same;
- the DPO's pages /dp, /dp/people/N, /dp/audit: 404 for everyone without
  the dpo role (admin included), 200 for dpo; the erase form refuses a
  missing token (403), a missing, short or long reason and a missing
  confirmation (4xx, naming the field, nothing changed) and the DPO's own
  record (409);
- erasure, from the web and from `rmentorctl dp erase`: the person row
  pseudonymised, their free text blank, other people's text kept, the
  programme's aggregates (meetings, minutes, check-in ratings) unchanged,
  idempotent (?done=already_erased), an audit row dp.erase without the
  reason, the reason in neither the audit nor error.log; 65 for an unknown
  principal;
- the audit page's filters (actor, action prefix, from/to), and 400 for a
  bad date;
- the retention purge (`rmentorctl dp purge`): a dry run changes nothing,
  the real run blanks and records a dp_purge row, a second run reports
  zeros, aggregates unchanged.  Run last: with --today 2035-01-01 every
  programme here is past every retention period;
- the retention directives (RMentorRetention KIND MONTHS|never in the
  server's configuration) decide what the purge reaches;
- coverage completeness: every column of a freshly migrated database that
  refers to a person or an application (PRAGMA foreign_key_list) and every
  TEXT column named actor is listed by `rmentorctl dp coverage`, so adding
  a table with a person column without covering it fails here.

The server is this module's own (module scope, one per backend): erasure
and the purge change people other test files use.  Records are made
through the real pages (applications, pins, publication, meetings, notes,
check-ins), the programme's calendar moved by SQL (server_sql) as
test_pairs does."""
import datetime
import json
import os
import re
import subprocess
import time
import urllib.parse
import uuid

import pytest
from lxml import etree

import rmtest
from rmtest import days, text_of
from cohort import Cohort, fresh_users, said, server_sql
from test_pairs import days_ago, human, log, settled

CTL = os.path.join(rmtest.ROOT, "build", "rmentorctl")
XSD = os.path.join(rmtest.ROOT, "mod_rmentor", "xsd", "subject-access.xsd")
NS = "urn:rmentor:subject-access:1"
BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")
EX_DATAERR = 65
KINDS = ("applications", "notes", "checkins", "evaluations", "rest", "people")
# an audit row's detail: key=value words of ids, codes and numbers only
DETAIL = re.compile(r"^([a-z_]+=[A-Za-z0-9_.,:-]*( (?=[a-z])|$))*$")


def mark(what):
    return "%s-%s" % (what, uuid.uuid4().hex[:12])


def principal(user):
    """A demo account's principal: the name it signs in with."""
    return user


def person_id(srv, user):
    rows = server_sql(srv, "SELECT id FROM person WHERE principal = '%s'" % principal(user))
    assert rows, ("no person row for %s" % user, server_sql(srv, "SELECT id, principal FROM person"))
    return int(rows[0][0])


def ctl(srv, *args):
    """rmentorctl against the server's own configuration, as the server's
    user (a SQLite file and its WAL stay the server's)."""
    cmd = [CTL, "-f", srv.conf] + list(args)
    if rmtest.IS_ROOT:
        cmd = ["runuser", "-u", "www-data", "--"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def audits(srv, where):
    return server_sql(srv, "SELECT id, actor, action, entity, entity_id, detail FROM audit "
                           "WHERE %s ORDER BY id" % where)


def last_audit_id(srv):
    return int(server_sql(srv, "SELECT COALESCE(MAX(id), 0) FROM audit")[0][0])


def error_log(srv):
    return "\n".join(srv.log_lines())


# ---- the world: two pairs in their year, other applicants --------------------

class Pair:
    """A programme mid-year with one pair (mentor, senior) pinned and
    published, started 200 days ago, its check-in open; the mentor's and
    the senior's own words seeded through the pages, each a unique marker."""

    def __init__(self, srv, mentor, senior):
        self.srv, self.mentor, self.senior = srv, mentor, senior
        self.m = {k: mark("%s-%s" % (mentor, k)) for k in
                  ("gain", "agenda", "note", "well", "hard")}
        self.s = {k: mark("%s-%s" % (senior, k)) for k in
                  ("motivation", "agenda", "note", "well", "hard")}
        c = Cohort(srv)
        self.pid = c.pid
        c.apply(mentor, "mentor", gain=self.m["gain"])
        c.apply(senior, "senior", motivation=self.s["motivation"])
        c.accept_all()
        c.override_all()
        c.rule(mentor, senior, "pin", reason="Test pair.")
        c.run()
        c.publish()
        start = days_ago(200)
        server_sql(srv, "UPDATE programme SET apply_opens = '%s', apply_closes = '%s', "
                   "start_date = '%s', checkin_date = '%s' WHERE id = %d;"
                   % (days_ago(260), days_ago(230), start, days_ago(20), self.pid))
        self.pair = int(server_sql(srv, "SELECT id FROM pair WHERE mentor_app = %d"
                                        % c.apps[mentor])[0][0])
        # published a fortnight before the start, as a programme would be
        made = int(time.mktime(datetime.date.fromisoformat(start).timetuple())) - 14 * 86400
        server_sql(srv, "UPDATE pair SET created_at = %d, pace_offset = 0 WHERE id = %d"
                   % (made, self.pair))
        settled(srv, mentor, "/pairs/%d" % self.pair,
                lambda d: d.get("Starts") == human(datetime.date.fromisoformat(start)))
        # a meeting each, each confirmed by the other
        log(srv, mentor, self.pair, days_ago(30), minutes="60", agenda=self.m["agenda"])
        log(srv, senior, self.pair, days_ago(20), minutes="45", agenda=self.s["agenda"])
        ids = [int(r[0]) for r in server_sql(srv, "SELECT id FROM meeting WHERE pair_id = %d "
                                                  "ORDER BY id" % self.pair)]
        for mid, who in zip(ids, (senior, mentor)):
            r = srv.client(who).post("/meetings/%d/confirm" % mid, {},
                                     token_from="/meetings/%d/answer" % mid)
            assert r.status_code == 303, said(r)
        # a private note each
        for who, words in ((mentor, self.m), (senior, self.s)):
            r = srv.client(who).post("/pairs/%d/notes" % self.pair, {"body": words["note"]},
                                     token_from="/pairs/%d/notes" % self.pair)
            assert r.status_code == 303, said(r)
        # the check-in, each partner's own answers
        for who, words, rating in ((mentor, self.m, "4"), (senior, self.s, "2")):
            r = srv.client(who).post("/pairs/%d/checkin" % self.pair,
                                     {"rating": rating, "on_plan": "yes",
                                      "going_well": words["well"], "hard": words["hard"],
                                      "wants_support": "no", "support_kind": ""})
            assert r.status_code == 303, (who, said(r))


@pytest.fixture(scope="module", params=BACKENDS)
def srv(request):
    def ready(s):
        s.p1 = Pair(s, "mentor1", "senior1")
        s.p2 = Pair(s, "mentor2", "senior2")
        # an open programme: mentor1 applies again, and someone else does
        s.open_pid = rmtest.create_programme(s, name="Open " + uuid.uuid4().hex[:8])
        s.m1_open = mark("mentor1-open-gain")
        r = rmtest.apply(s, "mentor1", s.open_pid, gain=s.m1_open)
        assert r.status_code == 303, said(r)
        s.others = fresh_users(s, 2)
        s.other_gain = mark("other-gain")
        r = rmtest.apply(s, s.others[0], s.open_pid, gain=s.other_gain)
        assert r.status_code == 303, said(r)
        s.cli_gain = mark("cli-gain")
        r = rmtest.apply(s, s.others[1], s.open_pid, gain=s.cli_gain)
        assert r.status_code == 303, said(r)
        # dpo applies too: a person row of their own (signing in makes none)
        r = rmtest.apply(s, "dpo", s.open_pid)
        assert r.status_code == 303, said(r)
    yield from rmtest.backend_server(request, "", ready)


def others_words(srv):
    """What mentor1's subject access must never hold: senior1's private
    entries, the other pair's words, another applicant's answers."""
    p1, p2 = srv.p1, srv.p2
    return ([p1.s[k] for k in ("motivation", "note", "well", "hard")]
            + list(p2.m.values()) + list(p2.s.values()) + [srv.other_gain, srv.cli_gain])


def own_words(srv):
    p1 = srv.p1
    return [p1.m[k] for k in ("gain", "agenda", "note", "well", "hard")] + [srv.m1_open]


# ---- subject access -----------------------------------------------------------

def test_my_data_page_holds_own_records_and_nobody_elses(srv):
    n0 = last_audit_id(srv)
    r, doc = srv.client("mentor1").page("/my-data")
    assert r.headers["Content-Type"].startswith("text/html")
    t = text_of(r)
    for w in own_words(srv):
        assert w in t, ("own record missing from /my-data", w)
    for w in others_words(srv):
        assert w not in t, ("someone else's record on mentor1's /my-data", w)
    assert "Amara Okafor" in t
    assert "Helen Graham" in t, "the partner's name is one of the pair's shared facts"
    # senior1's own attributes other than their name are theirs
    assert "D01008" not in t
    # sections as tables, and the two downloads
    # a section's records as a table, or (too wide to reflow) as one
    # description list a record
    assert len(doc.xpath("//main//table | //main//dl")) >= 5, "one table a section"
    hrefs = doc.xpath("//a/@href")
    assert any(h.endswith("/my-data.xml") for h in hrefs), hrefs
    assert any(h.endswith("/my-data.json") for h in hrefs), hrefs
    rows = audits(srv, "id > %d AND action = 'dp.sar.view'" % n0)
    assert len(rows) == 1, rows
    _, actor, _, entity, entity_id, detail = rows[0]
    assert actor == principal("mentor1")
    assert DETAIL.match(detail), detail
    assert not any(w in "".join(rows[0]) for w in own_words(srv))


def test_someone_with_no_records_gets_an_empty_download(srv):
    """staff1 has signed in but saved nothing: the page and both downloads
    answer, valid, with none of anyone's records."""
    c = srv.client("staff1")
    t = text_of(c.page("/my-data")[0])
    xml = check_xml(srv, c.get("/my-data.xml").content)
    js = check_json(c.get("/my-data.json").content)
    everything = t + json.dumps(xml) + json.dumps(js)
    for w in own_words(srv) + others_words(srv) + ["Amara Okafor", "Helen Graham"]:
        assert w not in everything, w


def test_senior_side_and_admin_see_only_their_own(srv):
    t = text_of(srv.client("senior1").page("/my-data")[0])
    for w in [srv.p1.s[k] for k in ("motivation", "agenda", "note", "well", "hard")]:
        assert w in t, w
    for w in [srv.p1.m[k] for k in ("gain", "note", "well", "hard")] + [srv.m1_open]:
        assert w not in t, ("mentor1's entry on senior1's /my-data", w)
    assert "Amara Okafor" in t
    # the admin who decided everyone's applications holds none of their words
    t = text_of(srv.client("admin").page("/my-data")[0])
    for w in own_words(srv) + others_words(srv):
        assert w not in t, ("a participant's words on the admin's /my-data", w)


def sections_of_xml(doc):
    out = {}
    for s in doc.findall("{%s}Section" % NS):
        recs = []
        for rec in s.findall("{%s}Record" % NS):
            recs.append({f.get("name"): (f.text or "") for f in rec.findall("{%s}Field" % NS)})
        assert s.get("count") == str(len(recs)), (s.get("name"), s.get("count"), len(recs))
        assert s.get("title"), s.get("name")
        out[s.get("name")] = recs
    return out


def check_xml(srv, body):
    schema = etree.XMLSchema(etree.parse(XSD))
    doc = etree.fromstring(body)
    assert schema.validate(doc), schema.error_log
    assert doc.tag == "{%s}SubjectAccess" % NS
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", doc.get("generated") or ""), \
        doc.get("generated")
    assert doc.get("site")
    return sections_of_xml(doc)


def check_json(body):
    d = json.loads(body)
    assert d["format"] == "rmentor-subject-access/1"
    assert d["generated"] and d["site"]
    out = {}
    for s in d["sections"]:
        assert s["count"] == len(s["records"]), (s["name"], s["count"])
        assert s["title"]
        for rec in s["records"]:
            assert isinstance(rec, dict) and all(isinstance(v, str) for v in rec.values()), rec
        out[s["name"]] = s["records"]
    return out


def check_mentor1_sections(srv, secs, where):
    for name in ("person", "application", "pair", "meeting", "pair_note", "checkin", "audit"):
        assert secs.get(name), (where, "section %s missing or empty" % name, sorted(secs))
    assert any(principal("mentor1") in rec.values() for rec in secs["person"]), secs["person"]
    assert any("Helen Graham" in rec.values() for rec in secs["pair"]), secs["pair"]
    everything = json.dumps(secs)
    for w in own_words(srv):
        assert w in everything, (where, "own record missing", w)
    for w in others_words(srv):
        assert w not in everything, (where, "someone else's record", w)
    # only mentor1's own check-in and notes
    assert len(secs["checkin"]) == 1 and len(secs["pair_note"]) == 1, where


def test_xml_download_valid_attachment_and_audited(srv):
    n0 = last_audit_id(srv)
    r = srv.client("mentor1").get("/my-data.xml")
    assert r.status_code == 200, said(r)
    assert r.headers["Content-Type"].split(";")[0].strip() == "application/xml"
    assert r.headers.get("Content-Disposition", "").startswith("attachment"), r.headers
    secs = check_xml(srv, r.content)
    check_mentor1_sections(srv, secs, "/my-data.xml")
    rows = audits(srv, "id > %d AND action LIKE 'dp.sar%%'" % n0)
    assert [(a, act, d) for _, a, act, _, _, d in rows] == \
        [(principal("mentor1"), "dp.sar.download", "format=xml")], rows


def test_json_download_same_sections_attachment_and_audited(srv):
    n0 = last_audit_id(srv)
    c = srv.client("mentor1")
    r = c.get("/my-data.json")
    assert r.status_code == 200, said(r)
    assert r.headers["Content-Type"].split(";")[0].strip() == "application/json"
    assert r.headers.get("Content-Disposition", "").startswith("attachment"), r.headers
    secs = check_json(r.content)
    check_mentor1_sections(srv, secs, "/my-data.json")
    rows = audits(srv, "id > %d AND action LIKE 'dp.sar%%'" % n0)
    assert [(a, act, d) for _, a, act, _, _, d in rows] == \
        [(principal("mentor1"), "dp.sar.download", "format=json")], rows
    # the same sections, with the same counts, as the XML (whose own
    # download adds one audit row between the two)
    xml = check_xml(srv, c.get("/my-data.xml").content)
    assert {k: len(v) for k, v in secs.items() if k != "audit"} == \
        {k: len(v) for k, v in xml.items() if k != "audit"}


def test_sar_audit_rows_hold_no_free_text(srv):
    rows = audits(srv, "action LIKE 'dp.sar%'")
    assert rows
    words = own_words(srv) + others_words(srv) + ["Amara Okafor", "Helen Graham"]
    for row in rows:
        assert DETAIL.match(row[5]), row
        assert not any(w in "\t".join(row) for w in words), row
    log_text = error_log(srv)
    assert not any(w in log_text for w in words)


def test_cli_export_xml_and_json(srv, tmp_path):
    r = ctl(srv, "dp", "export", principal("mentor1"), "--format", "json")
    assert r.returncode == 0, (r.stdout, r.stderr)
    check_mentor1_sections(srv, check_json(r.stdout), "rmentorctl dp export --format json")
    r = ctl(srv, "dp", "export", principal("mentor1"), "--format", "xml")
    assert r.returncode == 0, (r.stdout, r.stderr)
    check_mentor1_sections(srv, check_xml(srv, r.stdout.encode()), "rmentorctl dp export")
    r = ctl(srv, "dp", "export", "nobody-%s" % uuid.uuid4().hex[:6])
    assert r.returncode != 0 and r.stdout == "", (r.returncode, r.stdout)


# ---- the DPO's pages and who reaches them -------------------------------------

def test_dp_pages_404_without_the_dpo_role(srv):
    n = person_id(srv, "mentor2")
    paths = ("/dp", "/dp?q=Shah", "/dp/people/%d" % n, "/dp/audit")
    for who in ("admin", "admin2", "hr", "facilitator", "staff1", "mentor1", "senior1"):
        for path in paths:
            r = srv.client(who).get(path)
            assert r.status_code == 404, (who, path, r.status_code)
        path = "/dp/people/%d/erase" % n
        r = srv.client(who).post(path, {"reason": "Not allowed to do this.", "confirm": "yes"},
                                 token=rmtest.forge_token(srv, who, action=path))
        assert r.status_code == 404, (who, path, r.status_code)
    assert server_sql(srv, "SELECT erased_at FROM person WHERE id = %d" % n) == [("0",)]
    dpo = srv.client("dpo")
    for path in paths:
        r = dpo.get(path)
        assert r.status_code == 200, (path, said(r))
    assert "Priya Shah" in text_of(dpo.get("/dp?q=Shah"))
    assert "Priya Shah" in text_of(dpo.get("/dp/people/%d" % n))
    assert dpo.get("/dp/people/999999").status_code == 404


def person_row(srv, n):
    return server_sql(srv, "SELECT * FROM person WHERE id = %d" % n)


def test_erase_refusals_change_nothing(srv):
    target = srv.others[0]
    n = person_id(srv, target)
    path = "/dp/people/%d/erase" % n
    before = (person_row(srv, n), server_sql(srv, "SELECT count(*) FROM dp_erasure"))
    dpo = srv.client("dpo")
    # no token
    r = dpo.post(path, {"reason": "The person asked to be erased.", "confirm": "yes"},
                 token=False)
    assert r.status_code == 403, said(r)
    # the form's errors
    cases = (({"confirm": "yes"}, "reason"),
             ({"reason": "", "confirm": "yes"}, "reason"),
             ({"reason": "Too short", "confirm": "yes"}, "reason"),          # 9 characters
             ({"reason": "x" * 1001, "confirm": "yes"}, "reason"),
             ({"reason": "The person asked to be erased."}, "confirm"),
             ({"reason": "The person asked to be erased.", "confirm": "no"}, "confirm"))
    for form, field in cases:
        r = dpo.post(path, form, token_from="/dp/people/%d" % n)
        assert 400 <= r.status_code < 500, (form, said(r))
        # named where the page says what went wrong: its error summary (the
        # module's forms), or the whole page if it has none
        doc = rmtest.html(r)
        summary = " ".join(" ".join(e.text_content().split())
                           for e in doc.xpath("//*[contains(@class, 'error-summary')]"))
        assert field in (summary or text_of(r)).lower(), (form, field, said(r))
        assert r.headers.get("Content-Type", "").startswith("text/html")
    assert (person_row(srv, n), server_sql(srv, "SELECT count(*) FROM dp_erasure")) == before
    assert not audits(srv, "action = 'dp.erase' AND entity_id = %d" % n)


def test_erasing_yourself_is_refused(srv):
    n = person_id(srv, "dpo")
    path = "/dp/people/%d/erase" % n
    before = person_row(srv, n)
    r = srv.client("dpo").post(path, {"reason": "Erasing my own record.", "confirm": "yes"},
                               token=rmtest.forge_token(srv, "dpo", action=path))
    assert r.status_code == 409, said(r)
    assert person_row(srv, n) == before


# ---- erasure ------------------------------------------------------------------

def aggregates(srv, pid):
    """The programme's figures that must survive erasure and the purge."""
    q = ("SELECT (SELECT count(*) FROM meeting m JOIN pair p ON p.id = m.pair_id "
         "WHERE p.programme_id = %(p)d), "
         "(SELECT COALESCE(SUM(m.minutes), 0) FROM meeting m JOIN pair p ON p.id = m.pair_id "
         "WHERE p.programme_id = %(p)d), "
         "(SELECT count(*) FROM meeting m JOIN pair p ON p.id = m.pair_id "
         "WHERE p.programme_id = %(p)d AND m.status = 'confirmed'), "
         "(SELECT count(*) FROM checkin c JOIN pair p ON p.id = c.pair_id "
         "WHERE p.programme_id = %(p)d), "
         "(SELECT COALESCE(SUM(c.rating), 0) FROM checkin c JOIN pair p ON p.id = c.pair_id "
         "WHERE p.programme_id = %(p)d), "
         "(SELECT count(*) FROM pair_note n JOIN pair p ON p.id = n.pair_id "
         "WHERE p.programme_id = %(p)d), "
         "(SELECT count(*) FROM pair WHERE programme_id = %(p)d), "
         "(SELECT count(*) FROM application WHERE programme_id = %(p)d)") % {"p": pid}
    return server_sql(srv, q)


def all_aggregates(srv):
    q = ("SELECT (SELECT count(*) FROM meeting), (SELECT COALESCE(SUM(minutes), 0) FROM "
         "meeting), (SELECT count(*) FROM checkin), (SELECT COALESCE(SUM(rating), 0) FROM "
         "checkin), (SELECT count(*) FROM pair), (SELECT count(*) FROM application), "
         "(SELECT count(*) FROM person), (SELECT count(*) FROM pair_note)")
    return server_sql(srv, q)


PERSON_BLANK = ("mail", "department", "job_title", "grade", "staff_number", "manager",
                "scope", "eppn", "hr_staff_number", "hr_grade", "hr_grade_on", "left_on")
APP_BLANK = ("grade", "job_title", "department", "senior_role", "gain", "topics",
             "availability", "motivation", "slots", "prefer", "avoid", "line_manager")


def assert_erased(srv, n, old_principal):
    row = server_sql(srv, "SELECT principal, display_name, erased_at, %s FROM person "
                          "WHERE id = %d" % (", ".join(PERSON_BLANK), n))
    assert row, n
    p, name, erased_at = row[0][:3]
    assert re.match(r"^erased:[0-9a-f]{16}$", p), p
    assert name == "Erased person"
    assert int(erased_at) > 0
    assert all(v == "" for v in row[0][3:]), dict(zip(PERSON_BLANK, row[0][3:]))
    apps = server_sql(srv, "SELECT %s FROM application WHERE person_id = %d"
                           % (", ".join(APP_BLANK), n))
    assert apps and all(v == "" for a in apps for v in a), apps
    assert not server_sql(srv, "SELECT id FROM person WHERE principal = '%s'" % old_principal)
    assert not audits(srv, "actor = '%s'" % old_principal)
    return p


def test_erase_from_the_web(srv):
    p2 = srv.p2
    n = person_id(srv, "mentor2")
    old = principal("mentor2")
    partner = person_id(srv, "senior2")
    agg = aggregates(srv, p2.pid)
    total = all_aggregates(srv)
    acted = len(audits(srv, "actor = '%s'" % old))
    assert acted > 0, "mentor2's applying left audit rows to pseudonymise"
    partner_text = sorted(server_sql(srv, "SELECT body FROM pair_note WHERE author_id = %d UNION ALL "
                                   "SELECT going_well || '|' || hard FROM checkin WHERE "
                                   "person_id = %d UNION ALL SELECT agenda FROM meeting WHERE "
                                   "logged_by = %d" % (partner, partner, partner)))
    reason = "Subject asked for erasure " + mark("REASON")
    n0 = last_audit_id(srv)
    dpo = srv.client("dpo")
    r = dpo.post("/dp/people/%d/erase" % n, {"reason": reason, "confirm": "yes"},
                 token_from="/dp/people/%d" % n)
    assert r.status_code == 303, said(r)
    loc = urllib.parse.urlsplit(r.headers["Location"])
    assert loc.path.endswith("/dp/people/%d" % n) and loc.query == "done=erased", loc
    pseudonym = assert_erased(srv, n, old)
    # their words are blank, the rows stay (one of each)
    assert server_sql(srv, "SELECT count(*), SUM(CASE WHEN body = '' THEN 1 ELSE 0 END) "
                           "FROM pair_note WHERE author_id = %d" % n) == [("1", "1")]
    assert server_sql(srv, "SELECT count(*), SUM(CASE WHEN going_well = '' AND hard = '' "
                           "THEN 1 ELSE 0 END) FROM checkin WHERE person_id = %d" % n) \
        == [("1", "1")]
    assert server_sql(srv, "SELECT count(*), SUM(CASE WHEN agenda = '' THEN 1 ELSE 0 END) "
                           "FROM meeting WHERE logged_by = %d" % n) == [("1", "1")]
    # what the partner wrote stays theirs
    assert sorted(server_sql(srv, "SELECT body FROM pair_note WHERE author_id = %d UNION ALL "
                                  "SELECT going_well || '|' || hard FROM checkin WHERE "
                                  "person_id = %d UNION ALL SELECT agenda FROM meeting WHERE "
                                  "logged_by = %d" % (partner, partner, partner))) == partner_text
    assert p2.s["note"] in [b for (b,) in partner_text]
    # figures survive
    assert aggregates(srv, p2.pid) == agg
    assert all_aggregates(srv) == total
    # the audit: that it happened, under the pseudonym what they did
    assert len(audits(srv, "actor = '%s'" % pseudonym)) >= acted
    rows = audits(srv, "id > %d" % n0)
    er = [row for row in rows if row[2] == "dp.erase"]
    assert len(er) == 1, rows
    assert er[0][1:] == (principal("dpo"), "dp.erase", "person", str(n), "source=web"), er
    assert not server_sql(srv, "SELECT id FROM audit WHERE detail LIKE '%REASON-%' OR "
                               "actor LIKE '%REASON-%'")
    assert server_sql(srv, "SELECT actor, source, reason FROM dp_erasure WHERE person_id = %d"
                           % n) == [(principal("dpo"), "web", reason)]
    assert reason.split()[-1] not in error_log(srv)
    # the page says so
    t = text_of(dpo.page("/dp/people/%d?done=erased" % n)[0])
    assert "Priya Shah" not in t and "rased" in t
    # the partner's pair page no longer names them, nor does the DPO's search
    t = text_of(srv.client("senior2").page("/pairs/%d" % p2.pair)[0])
    assert "Priya Shah" not in t
    assert "Priya Shah" not in text_of(dpo.page("/dp?q=Shah")[0])
    # signing in again as mentor2 finds nothing of the erased record
    r = srv.client("mentor2").get("/my-data.json")
    assert r.status_code == 200, said(r)
    held = r.content.decode()
    for w in list(p2.m.values()) + [reason]:
        assert w not in held, w
    assert not any(rec.get("id") == str(n) for rec in check_json(r.content).get("person", []))

    # a second erasure changes nothing
    before = (person_row(srv, n), server_sql(srv, "SELECT * FROM dp_erasure"),
              last_audit_id(srv), all_aggregates(srv))
    path = "/dp/people/%d/erase" % n
    r = dpo.post(path, {"reason": "Asked again, second time.", "confirm": "yes"},
                 token=rmtest.forge_token(srv, "dpo", action=path))
    assert r.status_code == 303, said(r)
    loc = urllib.parse.urlsplit(r.headers["Location"])
    assert loc.path.endswith("/dp/people/%d" % n) and loc.query == "done=already_erased", loc
    assert (person_row(srv, n), server_sql(srv, "SELECT * FROM dp_erasure"),
            last_audit_id(srv), all_aggregates(srv)) == before
    assert "second time" not in error_log(srv)


def test_erase_from_the_command_line(srv):
    target = srv.others[1]
    n = person_id(srv, target)
    old = principal(target)
    total = all_aggregates(srv)
    reason = "Retention review " + mark("CLIREASON")
    n0 = last_audit_id(srv)
    r = ctl(srv, "dp", "erase", old, "--reason", reason)
    assert r.returncode == 0, (r.stdout, r.stderr)
    pseudonym = assert_erased(srv, n, old)
    assert srv.cli_gain not in json.dumps(server_sql(srv, "SELECT * FROM application"))
    assert all_aggregates(srv) == total
    rows = [row for row in audits(srv, "id > %d" % n0) if row[2] == "dp.erase"]
    assert len(rows) == 1 and rows[0][3:] == ("person", str(n), "source=cli"), rows
    er = server_sql(srv, "SELECT actor, source, reason FROM dp_erasure WHERE person_id = %d" % n)
    assert len(er) == 1 and er[0][1:] == ("cli", reason), er
    assert er[0][0].startswith("cli:"), er
    assert reason.split()[-1] not in error_log(srv)
    assert not server_sql(srv, "SELECT id FROM audit WHERE detail LIKE '%CLIREASON%'")
    # again, by the pseudonym: already erased, exit 0, nothing changes
    before = (person_row(srv, n), server_sql(srv, "SELECT * FROM dp_erasure"),
              last_audit_id(srv))
    r = ctl(srv, "dp", "erase", pseudonym, "--reason", "Asked again, second time.")
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert (person_row(srv, n), server_sql(srv, "SELECT * FROM dp_erasure"),
            last_audit_id(srv)) == before
    # the old principal names no one now; nor does a made-up one
    for who in (old, "nobody-%s" % uuid.uuid4().hex[:8]):
        before = (server_sql(srv, "SELECT count(*) FROM dp_erasure"), last_audit_id(srv))
        r = ctl(srv, "dp", "erase", who, "--reason", "No such person here.")
        assert r.returncode == EX_DATAERR, (who, r.returncode, r.stdout, r.stderr)
        assert (server_sql(srv, "SELECT count(*) FROM dp_erasure"), last_audit_id(srv)) \
            == before


# ---- the audit page -----------------------------------------------------------

def audit_rows(srv, query):
    """The data rows of /dp/audit?query (a row of a single cell is a
    "nothing found" line, not an entry)."""
    r, doc = srv.client("dpo").page("/dp/audit" + query)
    return [" ".join(tr.text_content().split())
            for tr in doc.xpath("//table//tbody/tr") if len(tr.xpath("./td|./th")) >= 3]


def test_audit_page_filters(srv):
    m1 = principal("mentor1")
    dpo = principal("dpo")
    # the mentor's subject-access rows: the count the database has (< 50: one page)
    want = int(server_sql(srv, "SELECT count(*) FROM audit WHERE actor = '%s' AND action "
                               "LIKE 'dp.sar%%'" % m1)[0][0])
    assert 0 < want < 50
    q = "?" + urllib.parse.urlencode({"actor": m1, "action": "dp.sar"})
    assert len(audit_rows(srv, q)) == want, q
    # an action is a prefix
    views = int(server_sql(srv, "SELECT count(*) FROM audit WHERE actor = '%s' AND action = "
                                "'dp.sar.view'" % m1)[0][0])
    assert 0 < views < want
    q = "?" + urllib.parse.urlencode({"actor": m1, "action": "dp.sar.view"})
    assert len(audit_rows(srv, q)) == views, q
    # the DPO's erasure is not the mentor's
    q = "?" + urllib.parse.urlencode({"actor": m1, "action": "dp.erase"})
    assert audit_rows(srv, q) == [], q
    q = "?" + urllib.parse.urlencode({"actor": dpo, "action": "dp.erase"})
    assert len(audit_rows(srv, q)) == 1, q
    q = "?" + urllib.parse.urlencode({"action": "dp.erase", "entity": "person",
                                      "entity_id": str(person_id_any(srv, "erased:%"))})
    assert len(audit_rows(srv, q)) >= 1, q
    # dates: today's window holds them, one in the past or the future none
    q = "?" + urllib.parse.urlencode({"actor": m1, "action": "dp.sar",
                                      "from": days(-1), "to": days(1)})
    assert len(audit_rows(srv, q)) == want, q
    for frm, to in ((days(2), ""), ("", days(-2)), ("2001-01-01", "2001-12-31")):
        q = "?" + urllib.parse.urlencode({"actor": m1, "from": frm, "to": to})
        assert audit_rows(srv, q) == [], q
    # bad filters: 400 naming the filter, by its name or its label on the form
    c = srv.client("dpo")
    _, form = c.page("/dp/audit")
    labels = {}
    for name in ("from", "to", "entity_id"):
        ids = form.xpath("//input[@name=$n]/@id", n=name)
        lab = form.xpath("string(//label[@for=$i])", i=ids[0]) if ids else ""
        labels[name] = " ".join(lab.split()).lower()
    for name, value in (("from", "2026-13-01"), ("from", "yesterday"), ("to", "2026-02-30"),
                        ("to", "01/02/2026"), ("entity_id", "abc")):
        r = c.get("/dp/audit?" + urllib.parse.urlencode({name: value}))
        assert r.status_code == 400, (name, value, r.status_code)
        t = " ".join(rmtest.html(r).xpath("string(//main)").split()).lower()
        assert any(w and re.search(r"\b%s\b" % re.escape(w), t)
                   for w in (name, labels[name])), (name, value, labels[name], t[:600])


def person_id_any(srv, like):
    return int(server_sql(srv, "SELECT MIN(id) FROM person WHERE principal LIKE '%s'"
                               % like)[0][0])


# ---- the retention purge (last: it reaches every programme here) --------------

def purge_counts(r):
    out = {}
    for line in (r.stdout + "\n" + r.stderr).splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and parts[0] in KINDS and parts[1].isdigit():
            out[parts[0]] = int(parts[1])
    assert sorted(out) == sorted(KINDS), (r.stdout, r.stderr)
    return out


SNAPSHOT = ("SELECT id, principal, display_name, erased_at FROM person ORDER BY id",
            "SELECT id, gain, motivation, topics, decision_reason, purged_at FROM application "
            "ORDER BY id",
            "SELECT id, body FROM pair_note ORDER BY id",
            "SELECT id, agenda, dispute_reason FROM meeting ORDER BY id",
            "SELECT id, going_well, hard FROM checkin ORDER BY id",
            "SELECT count(*) FROM dp_purge",
            "SELECT count(*) FROM dp_erasure",
            "SELECT count(*) FROM audit WHERE action = 'dp.purge'")


def snapshot(srv):
    return [server_sql(srv, q) for q in SNAPSHOT]


def test_purge_dry_run_then_real_then_nothing_left(srv):
    total = all_aggregates(srv)
    per = {p.pid: aggregates(srv, p.pid) for p in (srv.p1, srv.p2)}
    snap = snapshot(srv)
    # dry run: counts, nothing changed
    r = ctl(srv, "dp", "purge", "--dry-run", "--today", "2035-01-01")
    assert r.returncode == 0, (r.stdout, r.stderr)
    dry = purge_counts(r)
    assert "dry run: nothing changed" in r.stdout + r.stderr
    assert dry["notes"] >= 4 and dry["checkins"] >= 3 and dry["applications"] >= 1, dry
    assert snapshot(srv) == snap
    # nothing due yet today (the programmes end next year at the earliest)
    r = ctl(srv, "dp", "purge", "--dry-run")
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert purge_counts(r) == {k: 0 for k in KINDS}, r.stdout
    # the real run: the same counts, recorded
    n0 = last_audit_id(srv)
    r = ctl(srv, "dp", "purge", "--today", "2035-01-01")
    assert r.returncode == 0, (r.stdout, r.stderr)
    done = purge_counts(r)
    assert done == dry, (dry, done)
    m = re.search(r"recorded as purge run (\d+)", r.stdout + r.stderr)
    assert m, (r.stdout, r.stderr)
    run = int(m.group(1))
    row = server_sql(srv, "SELECT applications, notes, checkins, evaluations, rest, people "
                          "FROM dp_purge WHERE id = %d" % run)
    assert row == [tuple(str(done[k]) for k in KINDS)], row
    rows = [x for x in audits(srv, "id > %d" % n0) if x[2] == "dp.purge"]
    assert len(rows) == 1 and rows[0][3:5] == ("dp_purge", str(run)), rows
    assert DETAIL.match(rows[0][5]), rows
    # blanked
    assert server_sql(srv, "SELECT count(*) FROM pair_note WHERE body <> ''") == [("0",)]
    assert server_sql(srv, "SELECT count(*) FROM checkin WHERE going_well <> '' OR hard <> ''") \
        == [("0",)]
    assert server_sql(srv, "SELECT count(*) FROM meeting WHERE agenda <> '' OR "
                           "dispute_reason <> ''") == [("0",)]
    never = server_sql(srv, "SELECT gain, motivation, topics, purged_at FROM application "
                            "WHERE status <> 'accepted' AND id NOT IN (SELECT mentor_app FROM "
                            "pair UNION SELECT senior_app FROM pair)")
    assert never and all(g == m_ == t == "" and int(p) > 0 for g, m_, t, p in never), never
    everything = json.dumps(snapshot(srv))
    for w in own_words(srv) + others_words(srv):
        assert w not in everything, w
    # the figures survive
    assert all_aggregates(srv) == total
    assert {p.pid: aggregates(srv, p.pid) for p in (srv.p1, srv.p2)} == per
    # again: nothing left to do
    snap = snapshot(srv)
    r = ctl(srv, "dp", "purge", "--today", "2035-01-01")
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert purge_counts(r) == {k: 0 for k in KINDS}, r.stdout
    assert snapshot(srv)[:5] == snap[:5]
    assert all_aggregates(srv) == total


# ---- the retention directives ------------------------------------------------

RETENTION = """
RMentorRetention notes never
RMentorRetention checkins 1
RMentorRetention rest never
"""


@pytest.fixture(scope="module", params=BACKENDS)
def kept(request):
    """A server whose configuration keeps notes and the rest for ever and
    check-in text one month after a programme ends; one pair mid-year
    (ending about 165 days from today)."""
    def ready(s):
        execs = s.add_load_users(1, start=77000, prefix="exec")
        s.pair = Pair(s, fresh_users(s, 1)[0], execs[0])
    yield from rmtest.backend_server(request, RETENTION, ready)


def test_retention_directives_reach_the_purge(kept):
    snap = snapshot(kept)
    # the programme has not ended: nothing is due
    r = ctl(kept, "dp", "purge", "--dry-run", "--today", days(150))
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert purge_counts(r) == {k: 0 for k in KINDS}, r.stdout
    # a month after its end the check-ins' text is due; notes and the rest never
    r = ctl(kept, "dp", "purge", "--dry-run", "--today", days(200))
    assert r.returncode == 0, (r.stdout, r.stderr)
    c = purge_counts(r)
    assert c["checkins"] >= 2 and c["notes"] == 0 and c["rest"] == 0 and c["people"] == 0, c
    r = ctl(kept, "dp", "purge", "--today", "2035-01-01")
    assert r.returncode == 0, (r.stdout, r.stderr)
    c = purge_counts(r)
    assert c["checkins"] >= 2 and c["notes"] == 0 and c["rest"] == 0 and c["people"] == 0, c
    assert kept.pair.m["note"] in json.dumps(snapshot(kept))
    assert kept.pair.m["well"] not in json.dumps(snapshot(kept))
    assert snapshot(kept)[0] == snap[0]             # no one erased


# ---- coverage completeness ----------------------------------------------------

@pytest.fixture
def migrated():
    """A server's configuration on a freshly migrated SQLite database, not
    started."""
    srv = rmtest.Httpd("sqlite3")
    r = ctl(srv, "schema", "migrate")
    assert r.returncode == 0, (r.stdout, r.stderr)
    yield srv
    srv.cleanup()


def person_columns(srv):
    """Every (table, column) of the schema that refers to person(id) or
    application(id), and every TEXT column named actor."""
    fks = server_sql(srv, "SELECT m.name, f.\"from\" FROM sqlite_master m, "
                          "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND "
                          "f.\"table\" IN ('person', 'application')")
    actors = server_sql(srv, "SELECT m.name, c.name FROM sqlite_master m, "
                             "pragma_table_info(m.name) c WHERE m.type = 'table' AND "
                             "c.name = 'actor' AND upper(c.type) = 'TEXT'")
    return set(fks) | set(actors)


def test_coverage_lists_every_person_column(migrated):
    want = person_columns(migrated)
    # the schema as this test knows it: enough to be sure the query works
    for tc in (("checkin", "person_id"), ("pair", "mentor_id"), ("pair", "senior_app"),
               ("audit", "actor"), ("hr_import", "actor"), ("dp_purge", "actor"),
               ("training_booking", "application_id"), ("meeting", "answered_by")):
        assert tc in want, tc
    r = ctl(migrated, "dp", "coverage")
    assert r.returncode == 0, (r.stdout, r.stderr)
    listed = {}
    for line in r.stdout.splitlines():
        parts = line.split("\t")
        assert len(parts) == 4, ("table<TAB>column<TAB>section<TAB>erasure", line)
        assert all(p.strip() for p in parts), line
        listed[(parts[0], parts[1])] = parts[2:]
    missing = sorted(want - set(listed))
    assert not missing, ("columns that hold a person and are not covered by subject "
                         "access and erasure (rmentorctl dp coverage)", missing)
