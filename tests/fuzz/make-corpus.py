#!/usr/bin/env python3
"""Write the seed corpora in tests/fuzz/corpus/<harness>/.

Seeds are small and meaningful: the bodies the module's own forms send, the
query strings its list page links to, SSO attribute values as the demo SSO
sets them, every route of router.c and the odd paths the security tests send,
CSRF tokens with valid MACs for fuzz_token.c's fixed secret and clock, dates
and text from the programme form, and the real migration files.

Files are named by the SHA-1 of their content, prefixed with a word that says
what they are.  Running this again rewrites the same files (and removes
none): `python3 tests/fuzz/make-corpus.py`.
"""
import hashlib
import hmac
import os
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")

# must match tests/fuzz/fuzz_token.c
SECRET = b"rm-fuzz-secret-0123456789abcdef-0123456789abcdef"
NOW = 1767225600
assert len(SECRET) == 48


def token(principal, ts):
    mac = hmac.new(SECRET, principal.encode() + b"\0" + str(ts).encode(),
                   hashlib.sha256).hexdigest()
    return "%d.%s" % (ts, mac)


def put(harness, label, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, harness)
    os.makedirs(d, exist_ok=True)
    name = "%s-%s" % (label, hashlib.sha1(data).hexdigest()[:12])
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def enc(fields):
    return urllib.parse.urlencode(fields)


TOK = token("admin", NOW - 60)

PROGRAMME = {
    "name": "Reciprocal Mentoring 2025/26", "institutions": "Demo University, Other College",
    "description": "Pairs senior leaders with staff of colour.\r\nSecond line.",
    "apply_opens": "2025-09-01", "apply_closes": "2025-10-15", "start_date": "2025-11-01",
    "length_months": "12", "min_meetings": "6", "meeting_minutes": "60",
    "mentor_training": "2025-10-20", "senior_training": "2025-10-21",
    "meet_month": "2025-11", "checkin_date": "", "end_event_date": "",
    "capacity_mentor": "10", "capacity_senior": "10", "min_grade": "8",
    "senior_entitlement": "urn:mace:demo.ac.uk:exco", "senior_label": "Senior Mentor",
    "csrf": TOK,
}
MENTOR = {"self_identified": "yes", "grade": "8", "job_title": "Head of Student Services",
          "department": "Student Services", "gain": "Sponsorship.",
          "topics": "Progression.", "availability": "Tuesdays.", "csrf": TOK}
SENIOR = {"senior_role": "Registrar", "department": "Registry",
          "motivation": "To learn.", "topics": "Race equality.",
          "availability": "Mondays.", "csrf": TOK}


def forms():
    put("form", "programme", enc(PROGRAMME))
    put("form", "mentor", enc(MENTOR))
    put("form", "senior", enc(SENIOR))
    put("form", "team", enc({"principal": "jsmith@example.ac.uk", "team_role": "admin",
                             "csrf": TOK}))
    put("form", "decision", enc({"decision": "accepted", "reason": "Strong application.",
                                 "csrf": TOK}))
    put("form", "withdraw", enc({"csrf": TOK}))
    put("form", "unicode", enc({"gain": "Zoë Ørsted — 東京 😀", "csrf": TOK}))
    put("form", "xss", enc({"name": "<script>alert(1)</script>\"'&", "csrf": TOK}))
    put("form", "sql", enc({"name": "x'); DROP TABLE programme; --", "csrf": TOK}))
    put("form", "query", "role=mentor&status=submitted&q=Okafor&sort=newest&page=2")
    put("form", "query", "done=submitted")
    put("form", "query", "role=&status=&q=&sort=oldest")
    for body in ["a=1&&b=2", "flag", "a=1&b=hello+world&c=%C3%A9%26&d=", "",
                 "a=1&a=2", "a=1&A=2", "a=%ZZ", "a=%C3%28", "a=%00", "a=%4", "a=%",
                 "=1", "&", "a==b", "na%6De=v", "%6e%61%6d%65=x", "a%20b=1",
                 "n" * 64 + "=1", "n" * 65 + "=1", "a=" + "%E2%82%AC" * 6,
                 "&".join("f%d=1" % i for i in range(70)), "csrf=" + TOK + "&csrf=x",
                 "a=%ED%A0%80", "a=%F4%90%80%80", "a=%C0%AF", "a=line1%0D%0Aline2"]:
        put("form", "edge", body)


def urls():
    for s in ["hello+world", "%C3%A9%26", "%", "%4", "%41", "%00", "100%25", "a%2Bb+c",
              "%e2%82%ac", "%E2%82%AC", "%zz", "+%2B+", "jsmith%40example.ac.uk",
              "%3Cscript%3E", "x" * 40 + "%", "%%41"]:
        put("url", "seed", s)


def attrs():
    for raw in ["staff@demo.ac.uk;member@demo.ac.uk", "student@demo.ac.uk;member@demo.ac.uk",
                "staff", "Staff@DEMO.AC.UK", "faculty@other.ac.uk", "employee@demo.ac.uk@evil",
                "@demo.ac.uk", "staff@", ";;;", "a\\;b;c\\\\d;e\\", "\\;", "\\\\;\\\\",
                "member@demo.ac.uk;staff@demo.ac.uk", "Ada Adeyemi", "  Head of EDI  "]:
        put("attr", "affiliation", raw)
    # mod_auth_mellon's XML text (RMentorAttributeEncoding xml)
    for raw in ["Research &amp; Innovation", "R&amp;D;Legal &amp; Compliance", "&#59;", "a&#92;;b",
                "&#x1F600; &#233;&#xe9;", "&amp", "&lt;script&gt;&quot;&apos;", "&#0;",
                "&#xD800;", "&#1114111;", "&#1114112;", "&#x110000;", "&#0000000065;",
                "&#00000000065;", "&&amp;;", "&#x;&#;&AMP;", "&#xFFFFFFFFFFFFFFFF1;"]:
        put("attr", "mellon", raw)
    for raw, probe in [
            ("urn:mace:demo.ac.uk:rmentor:admin", "urn:mace:demo.ac.uk:rmentor:admin"),
            ("urn:mace:demo.ac.uk:exco;urn:mace:demo.ac.uk:library", "urn:mace:demo.ac.uk:exco"),
            ("urn:mace:demo.ac.uk:exco;urn:mace:demo.ac.uk:library", "urn:mace:demo.ac.uk:ex"),
            ("urn:x\\;admin", "urn:x;admin"), ("urn:x;admin", "urn:x;admin"),
            (";".join("urn:e:%d" % i for i in range(300)), "urn:e:299"),
            ("", "urn:mace:demo.ac.uk:rmentor:hr"),
            # the review's splitting cases: "\\;" is a backslash and an
            # escaped ';' for Shibboleth, never a new value
            ("a\\\\;urn:mace:demo.ac.uk:rmentor:admin", "urn:mace:demo.ac.uk:rmentor:admin"),
            ("a\\\\\\;urn:mace:demo.ac.uk:rmentor:admin", "urn:mace:demo.ac.uk:rmentor:admin"),
            ("x\\,urn:mace:demo.ac.uk:rmentor:admin", "urn:mace:demo.ac.uk:rmentor:admin"),
            ("urn:a,urn:mace:demo.ac.uk:rmentor:admin;urn:b", "urn:mace:demo.ac.uk:rmentor:admin"),
            ("a&#92;;urn:x:admin", "urn:x:admin"), ("a&#59;urn:x:admin", "urn:x:admin"),
            ("a&#44;urn:x:admin,b", "urn:x:admin"), ("\\", "\\"), ("\\\\", "\\")]:
        put("attr", "entitlement", raw + "\0" + probe)


ROUTES = ["/", "", "/programmes/1", "/programmes/1/apply/mentor",
          "/programmes/12/apply/senior", "/applications/7", "/applications/7/withdraw",
          "/admin/programmes", "/admin/programmes/new", "/admin/programmes/3/edit",
          "/admin/programmes/3/team", "/admin/programmes/3/team/remove",
          "/admin/programmes/3/applications",
          "/admin/applications/9/decision"]
ODD = ["/programmes/1/../../admin/programmes", "/programmes/../admin/programmes",
       "/programmes/%2e%2e/1", "/programmes/1%00", "/static/../../etc/passwd",
       "//evil.example", "/programmes/01", "/APPLICATIONS/1", "/programmes/0",
       "/programmes/123456789012345678", "/programmes/1234567890123456789",
       "/programmes/1/apply/Mentor", "/programmes/1/apply/" + "a" * 24,
       "/programmes/1/", "/programmes/./1", "/programmes/1/apply/mentor/x",
       "/programmes/-1", "/programmes/1x", "/admin/programmes/", "programmes/1"]


def routes():
    for p in ROUTES:
        for m in ("GET", "POST"):
            put("route", m.lower(), "%s %s" % (m, p))
    for p in ROUTES[:4]:
        put("route", "other", " " + p)
    for p in ODD:
        put("route", "odd", "GET " + p)


def tokens():
    put("token", "valid", TOK)
    put("token", "valid", token("mentor1", NOW) + "\0mentor1")
    put("token", "valid", token("jsmith@example.ac.uk", NOW - 7200) + "\0jsmith@example.ac.uk")
    put("token", "expired", token("admin", NOW - 7201))
    put("token", "future", token("admin", NOW + 301))
    put("token", "other-user", TOK + "\0mentor1")
    t = TOK
    for bad in ["", ".", t.upper(), t[:-1], t + "0", "0" + t, "x" + t[1:],
                "1234567890123." + t.split(".")[1], "." + t.split(".")[1],
                t.replace(".", ":"), t + "." * 70, "1.2", t.split(".")[0] + ".",
                "%d.%s" % (NOW, "g" * 64)]:
        put("token", "malformed", bad)
    put("token", "leading-zero", "0" + token("admin", NOW))


def validate():
    for s in ["Head of Student Services", "", "  padded  ", "\t\r\n", "12", "007",
              "1000000000", "999999999", "-1", "+5", "60", "61", "15", "480", "yes", "no",
              "admin", "facilitator", "accepted", "waitlisted", "9", " 10 ", "Grade 10A",
              "grade 10a", "Zoë Ørsted — 東京 😀", "\xa0nbsp", "line1\nline2",
              "a\tb", "x" * 201]:
        put("validate", "text", s)
    for b in [b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe0\x80\x80",
              b"\xf0\x8f\xbf\xbf", b"\xc2\x85", b"\xc2\x9f", b"\xc2\xa0", b"\x01", b"\x7f",
              b"abc\x00def", b"\xe2\x82", b"\xff", b"\xef\xbb\xbfBOM", b"\xf4\x8f\xbf\xbf"]:
        put("validate", "bytes", b)


def dates():
    for s in ["2025-01-29", "2024-02-29", "2023-02-29", "1900-01-01", "2999-12-31",
              "1899-12-31", "3000-01-01", "2025-13-01", "2025-00-10", "2025-1-01",
              "2025-02", "2025-00", "2025-12", "2025-02-30", "2025/01/29", "",
              "2025-01-31", "2025-08-31", "2000-02-29", "2100-02-29", "+025-01-01",
              "2025-01-29 ", "２０２５-01-01",
              # typed where a browser has no date or month control
              "1 October 2024", "29 feb 2023", "February 2025", "may 2025"]:
        put("date", "date", s)


def pace():
    # the meeting form and the programme's calendar (fuzz_pace.c): HELD_ON,
    # MINUTES, START, LENGTH, MIN_MEETINGS, TODAY, CHECKIN_DATE, WEEKS, one a
    # line; absent fields take the harness's defaults
    def put_pace(label, *fields):
        put("pace", label, "\n".join(fields))
    # the form as a partner fills it in
    put_pace("form", "2027-03-10", "60")
    put_pace("form", "10 March 2027", "90")
    put_pace("form", " 2027-06-15 ", " 45 ")
    put_pace("form", "15 jun 2027", "480")
    # a bad date, a bad length of meeting
    for held, minutes in [("", ""), ("2027-02-29", "4"), ("2027-06-16", "481"),
                          ("2027-01-30", "60.5"), ("31/01/2027", "-60"), ("tomorrow", "1e3"),
                          ("2027-13-01", "99999999999999999999"), ("March 2027", "sixty")]:
        put_pace("bad", held, minutes)
    # the edges of the calendar: a start on the 31st, 29 February, the last
    # day and the day after, the first and last days of the check-in window
    for fields in [
            ("2027-02-28", "60", "2027-01-31", "12", "6", "2027-02-28", "2027-07-01", "4"),
            ("2027-02-27", "60", "2027-01-31", "12", "6", "2027-02-27", "2027-07-01", "4"),
            ("2029-02-27", "60", "2028-02-29", "12", "6", "2029-03-05", "2028-08-29", "2"),
            ("2029-02-28", "60", "2028-02-29", "12", "6", "2029-03-05", "2028-08-29", "2"),
            ("2028-01-30", "60", "2027-01-31", "12", "6", "2028-01-31", "2027-07-01", "4"),
            ("2028-01-31", "60", "2027-01-31", "12", "6", "2028-02-01", "2027-07-01", "4"),
            ("2027-07-01", "60", "2027-01-01", "12", "6", "2027-07-01", "2027-07-01", "2"),
            ("2027-07-14", "60", "2027-01-01", "12", "6", "2027-07-14", "2027-07-01", "2"),
            ("2027-07-15", "60", "2027-01-01", "12", "6", "2027-07-15", "2027-07-01", "2"),
            ("2027-01-31", "60", "2027-01-31", "1", "1", "2027-01-31", "2027-01-31", "1"),
            ("2999-12-31", "60", "2999-01-01", "600", "100000", "2999-12-31", "2999-12-25", "26"),
            ("1900-01-01", "60", "1900-01-01", "60", "100", "1900-01-01", "1900-01-01", "1")]:
        put_pace("edge", *fields)
    # numbers and dates the core refuses
    for fields in [
            ("2027-03-10", "60", "2027-01-31", "0", "6"),
            ("2027-03-10", "60", "2027-01-31", "-12", "-6"),
            ("2027-03-10", "60", "2027-01-31", "601", "100001"),
            ("2027-03-10", "60", "2027-01-31", "2147483647", "2147483647", "2027-06-15",
             "2027-06-01", "2147483647"),
            ("2027-03-10", "60", "2027-01-31", "-2147483648", "0", "2027-06-15", "2027-06-01",
             "-2147483648"),
            ("2027-03-10", "60", "", "12", "6", "", "", ""),
            ("2027-03-10", "60", "2027-02-29", "12", "6", "2027-06-31", "2027-00-01", "0")]:
        put_pace("range", *fields)


def legacy():
    # the legacy's forms (fuzz_legacy.c): FROM, TO, STARTED_ON, DONE_ON,
    # TAKEN_ON, START, LENGTH, TODAY, one a line; absent fields take the
    # harness's defaults
    def put_legacy(label, *fields):
        put("legacy", label, "\n".join(fields))
    put_legacy("form", "planned", "in_progress", "2027-02-01", "")
    put_legacy("form", "in_progress", "done", "1 February 2027", "1 Mar 2027", "10 march 2027")
    put_legacy("form", "", "planned", "", "", "2027-01-31")
    put_legacy("form", "done", "done", " 2027-06-15 ", "2027-06-15", "2027-06-15")
    for fields in [("done", "planned"), ("in_progress", "planned"), ("done", "in_progress"),
                   ("planned", "finished"), ("planned", ""), ("x", "done"),
                   ("planned", "done", "2027-03-02", "2027-03-01"),
                   ("planned", "done", "", ""), ("planned", "in_progress", "", "2027-03-01"),
                   ("planned", "done", "2027-01-30", "2027-06-16"),
                   ("planned", "done", "2027-02-30", "31/03/2027", "tomorrow")]:
        put_legacy("bad", *fields)
    # the edges of the career steps' window: the first and last days, the day
    # after, month ends and 29 February, the longest programme
    for fields in [
            ("planned", "done", "", "2027-01-31", "2027-01-31", "2027-01-31", "12", "2027-01-31"),
            ("planned", "done", "", "2029-12-30", "2030-01-30", "2027-01-31", "12", "2030-02-01"),
            ("planned", "done", "", "2030-01-30", "2030-01-31", "2027-01-31", "12", "2030-02-01"),
            ("planned", "done", "", "", "2031-02-27", "2028-02-29", "12", "2031-02-28"),
            ("planned", "done", "", "", "2031-02-28", "2028-02-29", "12", "2031-02-28"),
            ("planned", "done", "", "", "2999-12-31", "2950-01-01", "600", "2999-12-31"),
            ("planned", "done", "", "", "1900-01-01", "1900-01-01", "1", "1900-01-01"),
            ("planned", "done", "", "", "2027-06-01", "2027-01-31", "0", "2027-06-15"),
            ("planned", "done", "", "", "2027-06-01", "2027-01-31", "601", "2027-06-15"),
            ("planned", "done", "", "", "2027-06-01", "2027-01-31", "-2147483648", "2027-06-15"),
            ("planned", "done", "", "", "2027-06-01", "", "12", ""),
            ("planned", "done", "", "", "2027-06-01", "2027-02-29", "12", "2027-06-31")]:
        put_legacy("edge", *fields)
def caltoken():
    # the calendar feed's path below the mount (fuzz_caltoken.c)
    good = "I8F3-i1VPA1DVdp_EiT7WbwOleplwbHrIqTF1sgTDjk"
    put("caltoken", "feed", "/calendar/feed/%s.ics" % good)
    put("caltoken", "feed", "/calendar/feed/%s.ics" % ("A" * 43))
    put("caltoken", "feed", "/calendar/feed/%s.ics" % ("_" * 42 + "w"))
    for bad in [good, good + ".ICS", good + ".ics/", good + ".icsx", "A" + good + ".ics",
                good[:-1] + "B.ics", good[:-1] + "=.ics", good[:20] + "+" + good[21:] + ".ics",
                good[:20] + "%41" + good[21:] + ".ics", ".ics", ""]:
        put("caltoken", "bad", "/calendar/feed/" + bad)
    put("caltoken", "bad", "/calendar/feeds/%s.ics" % good)
    put("caltoken", "bad", "/calendar/%s.ics" % good)
    put("caltoken", "bad", "/calendar/feed")
    put("caltoken", "raw", good)


def sql():
    for d in ("sqlite", "pgsql"):
        with open(os.path.join(ROOT, "sql", d, "001_initial.sql"), "rb") as f:
            put("sql", "migration-" + d, f.read())
    for s in ["CREATE TABLE a (x TEXT);\nCREATE TABLE b (y TEXT);\n",
              "INSERT INTO t VALUES ('a;\nb');\nSELECT 1;",
              "-- only a comment;\n-- another\n",
              "SELECT 1; -- trailing\nSELECT 2;\r\n",
              "CREATE TRIGGER t BEFORE INSERT ON a BEGIN SELECT RAISE(ABORT, 'x'); END;\n",
              "SELECT 'it''s';\nSELECT ';';\n", "SELECT 1;SELECT 2;", ";\n;\n",
              "  ;  \n", "'unterminated;\nSELECT 2;\n", "--\n--;\nX", "SELECT 1;\t \n--x"]:
        put("sql", "stmt", s)


def hrimport():
    d = os.path.join(ROOT, "tests", "data", "hr")
    for name in sorted(os.listdir(d)):
        if name.startswith("import-"):
            with open(os.path.join(d, name), "rb") as f:
                put("hrimport", name[:-4], f.read())
    h = os.path.join(d, "hostile")
    for name in sorted(os.listdir(h)):
        if os.path.getsize(os.path.join(h, name)) <= 2048:
            with open(os.path.join(h, name), "rb") as f:
                put("hrimport", "hostile-" + name[:-4], f.read())
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<HRUpdate xmlns="urn:x-mod-rmentor:hr-import:1">\n'
    put("hrimport", "nested", head + "<a>" * 12 + "</a>" * 12 + "</HRUpdate>\n")
    put("hrimport", "quadratic", '<!DOCTYPE x [<!ENTITY a "%s">]><x>%s</x>' % ("A" * 64, "&a;" * 64))
    put("hrimport", "records", head + '<Leaver staffNumber="1" leftOn="2026-12-31"/>\n' * 7
        + "</HRUpdate>\n")
    put("hrimport", "prefix", '<h:HRUpdate xmlns:h="urn:x-mod-rmentor:hr-import:1" batch="b">'
        '<h:StaffNumber staffNumber="1" number="2"/></h:HRUpdate>')


def csv():
    for cells in [["mentor1@demo.ac.uk", "100234", "mentor", "3", "2026-01-12", "completed"],
                  ["Smith, Jo", 'say "hi"', "two\r\nlines", " lead", "trail "],
                  ["=1+2", "+44", "-3", "@SUM(A1)", "\tx", "\rx", "a=1"],
                  ["", "", ""], ["Zo\u00eb \u6771\u4eac"], ["=HYPERLINK(\"http://x\",\"y\")"]]:
        put("csv", "row", "\0".join(cells).encode())


def multipart():
    b = "----geckoformboundary3f1"
    form = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n1767225600.abc\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hr.xml\"\r\n"
            "Content-Type: application/xml\r\n\r\n<HRUpdate/>\n\r\n--%s--\r\n") % (b, b, b)
    put("multipart", "firefox", "multipart/form-data; boundary=%s\n%s" % (b, form))
    put("multipart", "quoted", 'multipart/form-data; boundary="a b:?"\n--a b:?\r\n'
        'Content-Disposition: form-data; name=x; filename="a\\"b\\\\c"\r\n\r\n\r\n--a b:?--')
    for body in ["--b--", "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b--",
                 "--b\r\nContent-Disposition: form-data; name=a\r\nContent-Type: multipart/mixed;"
                 " boundary=c\r\n\r\n--c--\r\n--b--",
                 "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--b\r\n"
                 "Content-Disposition: form-data; name=a\r\n\r\n2\r\n--b--",
                 "--b\r\nContent-Disposition: form-data; name=a\r\nX: 1\r\n 2\r\n\r\n--b--",
                 "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n1"]:
        put("multipart", "body", body)


def resource():
    put("resource", "pdf", b"f\nreport.pdf\0%PDF-1.7\n%%EOF\n")
    put("resource", "docx", b"f\n../C:\\x\\guide (v2).DOCX\0PK\x03\x04" + b"\0" * 26
        + b"[Content_Types].xml word/document.xml")
    put("resource", "odt", b"f\nnotes.odt\0PK\x03\x04" + b"\0" * 26
        + b"mimetypeapplication/vnd.oasis.opendocument.text")
    put("resource", "text", "f\nÉquipe notes.txt\0\ufeffcaf\u00e9\r\n\tline\f".encode())
    put("resource", "vtt", b"f\ncaptions.vtt\0WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n")
    put("resource", "png", b"f\n.hidden.png\0\x89PNG\r\n\x1a\n")
    put("resource", "noname", b"f\n\0MZ\x90\x00")
    put("resource", "topics", b"t\n Allyship, RECRUITMENT ,, anti-racism ,allyship")
    put("resource", "topicsbad", b"t\nok, <script>, a;b")
    put("resource", "query", b"q\nAnti-racism, TOOLKIT! \"a\" OR b & !c:* (d) NEAR/2 'e'")
    put("resource", "vtt-captions", b"c\nWEBVTT - x\r\n\r\nNOTE a\n\nSTYLE\n::cue {}\n\n"
        b"1\n00:01.000 --> 00:02.000 line:0\n<v A>Hi &amp; <i>bye</i></v>\n\n"
        b"00:02.000 --> 00:03.000\nHi & bye\n\n00:03.000 --> 00:04.000\n<b unclosed\n")
    put("resource", "txt-captions", "c\n\ufeffLine one.\r\n\r\nLine two.\n\n".encode())
    put("resource", "members", b"m\n\xef\xbb\xbfprincipal,name\r\n\"Jo@A.ac.uk\",Jo\r\n"
        b"# x\n sam@b.ac.uk ; S\n\njo@a.ac.uk\nbad name@c.ac.uk\n")
    put("resource", "queryutf8", "q\ncaf\u00e9 \u6771\u4eac".encode())


def federation():
    a, b = b"https://idp.a.ac.uk/idp/shibboleth", b"https://login.b.ac.uk/saml"
    put("federation", "a-own", b"jo@a.ac.uk\0" + a)
    put("federation", "a-claims-b", b"jo@b.ac.uk\0" + a)
    put("federation", "b-second-idp", b"sam@B.AC.UK\0" + b)
    put("federation", "c-upper", b"kim@c.ac.uk\0https://idp.c.ac.uk/")
    put("federation", "home-any-idp", b"admin@sector.ac.uk\0https://idp.sector.ac.uk/")
    put("federation", "unknown-scope", b"x@evil.example\0" + a)
    put("federation", "no-idp", b"jo@a.ac.uk")
    put("federation", "empty-idp", b"jo@a.ac.uk\0")
    put("federation", "unscoped", b"jsmith\0" + a)
    put("federation", "two-ats", b"jo@b.ac.uk@a.ac.uk\0" + a)
    put("federation", "trailing-at", b"jo@\0" + a)
    put("federation", "scope-shapes", b"a..b.ac.uk\0.a.ac.uk")
    put("federation", "idp-prefix", b"jo@a.ac.uk\0https://idp.a.ac.uk/idp/shibboleth/x")


def fedmeta():
    head = (b'<?xml version="1.0"?>\n<md:EntitiesDescriptor '
            b'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            b'xmlns:shibmd="urn:mace:shibboleth:metadata:1.0" '
            b'xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" ID="_a" '
            b'validUntil="2026-12-20T10:00:00Z">\n')
    tail = b"</md:EntitiesDescriptor>\n"

    def idp(eid, scopes, name=b"", until=b"", at_entity=False):
        sc = b"".join(b"<shibmd:Scope%s>%s</shibmd:Scope>" % (rx, s) for s, rx in scopes)
        ext = b"<md:Extensions>%s%s</md:Extensions>" % (b"" if at_entity else sc, name)
        return (b'<md:EntityDescriptor entityID="%s"%s>%s<md:IDPSSODescriptor '
                b'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">%s'
                b"</md:IDPSSODescriptor></md:EntityDescriptor>\n"
                % (eid, b' validUntil="%s"' % until if until else b"",
                   b"<md:Extensions>%s</md:Extensions>" % sc if at_entity else b"", ext))
    ui = (b'<mdui:UIInfo><mdui:DisplayName xml:lang="cy">Prifysgol A</mdui:DisplayName>'
          b'<mdui:DisplayName xml:lang="en"> University\n of A </mdui:DisplayName></mdui:UIInfo>')
    a = idp(b"https://idp.a.ac.uk/idp", [(b"a.ac.uk", b""), (b"A.AC.UK", b' regexp="false"'),
                                        (b"^.*a$", b' regexp="true"'), (b"localhost", b"")], ui)
    b1 = idp(b"https://idp.b.ac.uk/idp", [(b"b.ac.uk", b"")], at_entity=True)
    b2 = idp(b"https://login.b.ac.uk/saml", [(b"b.ac.uk", b"")], until=b"2026-12-10T00:00:00+01:00")
    old = idp(b"https://idp.old.ac.uk/idp", [(b"old.ac.uk", b"")], until=b"2020-01-01T00:00:00Z")
    sp = (b'<md:EntityDescriptor entityID="https://sp.c.ac.uk/sp"><md:SPSSODescriptor '
          b'protocolSupportEnumeration="x"/></md:EntityDescriptor>\n')
    org = (b'<md:EntityDescriptor entityID="https://idp.d.ac.uk/"><md:IDPSSODescriptor>'
           b"<md:Extensions><shibmd:Scope>d.ac.uk</shibmd:Scope></md:Extensions>"
           b"</md:IDPSSODescriptor><md:Organization><md:OrganizationDisplayName xml:lang="
           b'"en-GB">University of D</md:OrganizationDisplayName></md:Organization>'
           b"</md:EntityDescriptor>\n")
    put("fedmeta", "aggregate", head + a + b1 + b2 + old + sp + org + tail)
    put("fedmeta", "nested", head + b'<md:EntitiesDescriptor Name="x" validUntil='
        b'"2026-12-01T00:00:00.5Z">' + a + b"</md:EntitiesDescriptor>" + b1 + tail)
    put("fedmeta", "single-entity", a.replace(b"<md:EntityDescriptor ", b'<md:EntityDescriptor '
        b'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:shibmd="urn:mace:shibboleth:'
        b'metadata:1.0" xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" ', 1))
    put("fedmeta", "signed-shape", head + b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/'
        b'xmldsig#"><ds:SignedInfo><ds:Reference URI="#_a"/></ds:SignedInfo></ds:Signature>'
        + b1 + tail)
    put("fedmeta", "doctype", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "aaaa">]>' + head[22:]
        + tail)
    put("fedmeta", "bad-until", head.replace(b"2026-12-20T10:00:00Z", b"2026-02-30T10:00:00Z")
        + tail)
    put("fedmeta", "bad-entityid", head + b1.replace(b"https://idp.b.ac.uk/idp", b"a b") + tail)
    put("fedmeta", "not-metadata", b"<EntitiesDescriptor/>")
    put("fedmeta", "datetime", b"2026-12-20T11:30:00.123+01:30")


if __name__ == "__main__":
    forms()
    urls()
    attrs()
    routes()
    tokens()
    validate()
    dates()
    pace()
    legacy()
    caltoken()
    sql()
    hrimport()
    csv()
    multipart()
    resource()
    federation()
    fedmeta()
    for h in sorted(os.listdir(CORPUS)):
        print("%-9s %3d seeds" % (h, len(os.listdir(os.path.join(CORPUS, h)))))
