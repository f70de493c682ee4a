"""The resources hub (features/resources): the service's admins curate
toolkits, guidance, films, reports and links, each a link or an uploaded
file, each for an audience (all staff, one programme's participants and
team, one role); staff browse, search (SQLite FTS5 and PostgreSQL full-text
search: the same words find the same resources, newest first) and filter by
kind and topic; nobody outside a resource's audience has it listed or
served (404); a programme's page lists its related resources.  Uploads are
multipart/form-data within RMentorResourceMaxBytes, checked by their bytes,
stored under their SHA-256 in RMentorResourceDir (never under the client's
name) and served as attachments with their checked type and nosniff.  Both
backends, through the `server` fixture."""
import hashlib
import os
import re
import uuid

import rmtest
from rmtest import text_of
from cohort import said, server_sql
from test_legacy import Legacy, forged_post, error_summary

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def new_form(**over):
    form = {"title": "Allyship toolkit " + uuid.uuid4().hex[:8], "kind": "toolkit",
            "description": "How to be an active ally to colleagues of colour.",
            "topics": "Allyship, Recruitment", "source": "link",
            "url": "https://www.example.ac.uk/allyship", "audience": "all",
            "programme": "", "role": ""}
    form.update(over)
    return {k: v for k, v in form.items() if v is not None}


def add(server, expect=303, user="admin", file=None, **over):
    """Add a resource through the multipart form; its id (or the response)."""
    c = server.client(user)
    files = {"file": file} if file else {"file": ("", b"", "application/octet-stream")}
    r = c.post("/admin/resources", new_form(**over), files=files,
               token_from="/admin/resources/new")
    assert r.status_code == expect, (r.status_code, said(r))
    if expect == 303:
        m = re.search(r"/admin/resources/(\d+)\?done=resource-added", r.headers["Location"])
        assert m, r.headers["Location"]
        return int(m.group(1))
    return r


def edit(server, rid, expect=303, file=None, **over):
    c = server.client("admin")
    path = "/admin/resources/%d" % rid
    files = {"file": file} if file else {"file": ("", b"", "application/octet-stream")}
    r = c.post(path, new_form(**over), files=files, token_from=path)
    assert r.status_code == expect, (r.status_code, said(r))
    return r


def listed(server, user, query=""):
    r = server.client(user).get("/resources" + query)
    assert r.status_code == 200, (user, query, r.status_code, said(r))
    return text_of(r)


def audit_of(server, rid):
    return server_sql(server, "SELECT action, detail FROM audit WHERE entity = 'resource' AND "
                      "entity_id = %d ORDER BY id" % rid)


def stored_files(server):
    d = os.path.join(server.dir, "resources")
    return sorted(f for f in os.listdir(d) if not f.startswith("."))


def test_a_link_added_found_by_search_kind_and_topic(server):
    word = "zq" + uuid.uuid4().hex[:10]
    title = "Inclusive recruitment guidance " + word
    rid = add(server, title=title, kind="guidance", topics="Recruitment, Anti-racism",
              description="Shortlisting panels and job adverts that welcome everyone.",
              url="https://guidance.example.ac.uk/recruitment")
    r, doc = server.client("admin").page("/admin/resources/%d?done=resource-added" % rid)
    assert "The resource has been added." in text_of(r)
    # every member of staff finds it
    t = listed(server, "staff1")
    assert title in t
    r, doc = server.client("staff1").page("/resources/%d" % rid)
    t = text_of(r)
    assert "Guidance" in t and "recruitment, anti-racism" in t
    assert doc.xpath("//a[@href='https://guidance.example.ac.uk/recruitment']")
    assert not doc.xpath("//a[contains(@href, '/admin/resources')]"), "no curator links"
    # search: the word, a prefix, two words (all must appear), case and punctuation
    for q in (word, word[:6], word.upper(), "recruitment " + word, "shortlist",
              "anti-racism " + word, "panels, adverts!"):
        assert title in listed(server, "staff1", "?q=" + q), q
    assert title not in listed(server, "staff1", "?q=%s+nosuchwordatall" % word)
    # filters
    assert title in listed(server, "staff1", "?kind=guidance&q=" + word)
    assert title not in listed(server, "staff1", "?kind=film&q=" + word)
    assert title in listed(server, "staff1", "?topic=anti-racism&q=" + word)
    assert title not in listed(server, "staff1", "?topic=allyship&q=" + word)
    r, doc = server.client("staff1").page("/resources")
    assert doc.xpath("//select[@name='topic']/option[@value='anti-racism']")
    assert "No resources match" in listed(server, "staff1", "?q=nothingcalledthis" + word)
    # the audit names the kind and audience, never the text
    rows = audit_of(server, rid)
    assert [a for a, _ in rows] == ["resource.create"]
    assert "kind=guidance" in rows[0][1] and "audience=all" in rows[0][1]
    assert word not in rows[0][1] and "Shortlisting" not in rows[0][1]


def test_search_input_is_bounded_and_named(server):
    c = server.client("staff1")
    r = c.get("/resources?q=" + "+".join("w%d" % i for i in range(9)))
    assert r.status_code == 400 and "at most 8 words" in text_of(r), said(r)
    r = c.get("/resources?q=" + "a" * 41)
    assert r.status_code == 400
    r = c.get("/resources?kind=poster")
    assert r.status_code == 400 and "no such kind" in text_of(r)
    r = c.get("/resources?page=0")
    assert r.status_code == 400
    # FTS syntax in the query is only words: no error, no injection
    for q in ('"', "NEAR(a b)", "a OR b", "title:x", "*", "a & b | !c", "x:*", "(", "'"):
        r = c.get("/resources", params={"q": q})
        assert r.status_code == 200, (q, r.status_code)


def test_an_uploaded_file_is_checked_stored_by_hash_and_served_as_an_attachment(server):
    data = PDF + uuid.uuid4().hex.encode()
    sha = hashlib.sha256(data).hexdigest()
    rid = add(server, source="file", url="", kind="report",
              file=("../../etc/Équipe report 2026.PDF", data, "text/html"))
    assert server_sql(server, "SELECT file_sha256, file_name, file_type, file_size FROM "
                      "resource WHERE id = %d" % rid) == [
        (sha, "quipe report 2026.pdf", "application/pdf", str(len(data)))]
    assert sha in stored_files(server)
    assert not os.path.exists(os.path.join(server.dir, "etc"))
    r = server.client("staff1").get("/resources/%d/file" % rid)
    assert r.status_code == 200, said(r)
    assert r.content == data
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.headers["Content-Disposition"] == 'attachment; filename="quipe report 2026.pdf"'
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in r.headers["Content-Security-Policy"]
    r, doc = server.client("staff1").page("/resources/%d" % rid)
    assert "PDF" in text_of(r)
    assert doc.xpath("//a[contains(@href, '/resources/%d/file')]" % rid)
    # HEAD: the headers, no body
    r = server.client("staff1").s.head(server.base + "/resources/%d/file" % rid)
    assert r.status_code == 200 and r.headers["Content-Length"] == str(len(data))
    # the same bytes again: one stored file
    before = stored_files(server)
    add(server, source="file", url="", file=("copy.pdf", data, "application/pdf"))
    assert stored_files(server) == before


def test_files_that_are_not_what_they_say_are_refused(server):
    before = stored_files(server)
    cases = [(("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf"),
              "not a PDF document"),
             (("setup.exe", b"MZ\x90\x00", "application/octet-stream"),
              "Files of this kind are not taken"),
             (("page.html", b"<script>alert(1)</script>", "text/html"),
              "Files of this kind are not taken"),
             (("notes.txt", b"plain\x00binary", "text/plain"), "control characters"),
             (("notes.txt", b"\xff\xfe latin", "text/plain"), "not text in UTF-8"),
             (("slides.docx", b"PK\x03\x04" + b"\x00" * 40 + b"xl/workbook.xml", "x"),
              "not the kind of document"),
             (("empty.pdf", b"", "application/pdf"), "The file is empty")]
    for f, said_ in cases:
        r = add(server, expect=422, source="file", url="", file=f)
        assert said_ in text_of(r), (f[0], error_summary(rmtest.html(r)))
    r = add(server, expect=422, source="file", url="")
    assert "Choose the file to upload" in text_of(r)
    r = add(server, expect=422, source="link",
            file=("a.pdf", PDF, "application/pdf"))
    assert "Give a link or a file, not both" in text_of(r)
    assert stored_files(server) == before
    # larger than RMentorResourceMaxBytes (10 MiB by default): 413, nothing kept
    big = PDF + b"0" * (10 * 1024 * 1024)
    r = add(server, expect=413, source="file", url="", file=("big.pdf", big, "application/pdf"))
    assert stored_files(server) == before


def test_form_errors_are_named_and_nothing_is_saved(server):
    n = server_sql(server, "SELECT count(*) FROM resource")[0][0]
    r = add(server, expect=422, title="", kind="", audience="", source="")
    errs = " ".join(error_summary(rmtest.html(r)))
    for e in ("title", "kind of resource", "who may see it", "link or a file"):
        assert e in errs, (e, errs)
    assert r.text.count('enctype="multipart/form-data"') == 1
    r = add(server, expect=422, url="http://insecure.example.ac.uk/")
    assert "must start with https://" in text_of(r)
    r = add(server, expect=422, audience="programme")
    assert "Choose the programme whose participants may see it" in text_of(r)
    r = add(server, expect=422, audience="role")
    assert "the role" in " ".join(error_summary(rmtest.html(r)))
    r = add(server, expect=422, programme="999999999")
    assert "Choose a programme from the list" in text_of(r)
    r = add(server, expect=422, topics="ok, <script>")
    assert "letters, digits, spaces and hyphens" in text_of(r)
    r = add(server, expect=422, topics=",".join("t%d" % i for i in range(11)))
    assert "at most 10 topics" in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM resource")[0][0] == n


def test_audiences_decide_who_lists_and_downloads(server):
    lg = Legacy(server, mentors=1, seniors=1)
    mentor, senior = lg.mentors[0], lg.seniors[0]
    tag = uuid.uuid4().hex[:8]
    prog = add(server, title="Programme only " + tag, audience="programme",
               programme=str(lg.pid), source="file", url="",
               file=("cohort.txt", ("For the cohort " + tag).encode(), "text/plain"))
    seniors = add(server, title="Senior Mentors only " + tag, audience="role", role="senior")
    facil = add(server, title="Facilitators only " + tag, audience="role", role="facilitator")
    related = add(server, title="Related to all " + tag, programme=str(lg.pid))
    who_sees = {mentor: {prog, related}, senior: {prog, seniors, related},
                "facilitator": {facil, related}, "staff1": {related},
                "admin": {prog, seniors, facil, related}}
    titles = {prog: "Programme only", seniors: "Senior Mentors only",
              facil: "Facilitators only", related: "Related to all"}
    for user, sees in who_sees.items():
        t = listed(server, user, "?q=" + tag)
        for rid, title in titles.items():
            shown = (title + " " + tag) in t
            assert shown == (rid in sees), (user, title, shown)
            code = server.client(user).get("/resources/%d" % rid).status_code
            assert code == (200 if rid in sees else 404), (user, title, code)
        code = server.client(user).get("/resources/%d/file" % prog).status_code
        assert code == (200 if prog in sees else 404), (user, code)
        # the programme's page: its related resources the asker may see
        t = text_of(server.client(user).get("/programmes/%d" % lg.pid))
        assert ("Programme only " + tag in t) == (prog in sees), user
        assert "Related to all " + tag in t, user
    # an unknown id and a link resource's file: 404
    assert server.client("admin").get("/resources/999999999").status_code == 404
    assert server.client("admin").get("/resources/%d/file" % related).status_code == 404


def test_withdrawn_is_neither_listed_nor_served_until_restored(server):
    tag = uuid.uuid4().hex[:8]
    rid = add(server, title="Withdraw me " + tag, source="file", url="",
              file=("w.pdf", PDF + tag.encode(), "application/pdf"))
    admin = server.client("admin")
    path = "/admin/resources/%d" % rid
    r = admin.post(path + "/withdraw", {}, token_from=path)
    assert r.status_code == 303 and "done=resource-withdrawn" in r.headers["Location"]
    assert "Withdraw me " + tag not in listed(server, "staff1", "?q=" + tag)
    assert "Withdraw me " + tag not in listed(server, "admin", "?q=" + tag)
    for u in ("staff1", "admin"):
        assert server.client(u).get("/resources/%d" % rid).status_code == 404
        assert server.client(u).get("/resources/%d/file" % rid).status_code == 404
    r, doc = admin.page("/admin/resources")
    assert "Withdraw me " + tag in text_of(r) and "Withdrawn" in text_of(r)
    # twice: the same answer, one audit row
    r = forged_post(server, "admin", path + "/withdraw")
    assert r.status_code == 303
    r = admin.post(path + "/restore", {}, token_from=path)
    assert r.status_code == 303 and "done=resource-restored" in r.headers["Location"]
    assert "Withdraw me " + tag in listed(server, "staff1", "?q=" + tag)
    assert [a for a, _ in audit_of(server, rid)] == ["resource.create", "resource.withdraw",
                                                   "resource.restore"]


def test_an_edit_replaces_the_file_or_turns_it_into_a_link(server):
    tag = uuid.uuid4().hex[:8]
    rid = add(server, title="Edit me " + tag, source="file", url="",
              file=("first.pdf", PDF + b"1" + tag.encode(), "application/pdf"))
    r, doc = server.client("admin").page("/admin/resources/%d" % rid)
    assert doc.xpath("//input[@name='title']/@value") == ["Edit me " + tag]
    assert "The current file is first.pdf" in text_of(r)
    # kept when no file is chosen
    edit(server, rid, title="Edited " + tag, source="file", url="")
    assert server_sql(server, "SELECT title, file_name FROM resource WHERE id = %d" % rid) == [
        ("Edited " + tag, "first.pdf")]
    # replaced
    data = PDF + b"2" + tag.encode()
    edit(server, rid, title="Edited " + tag, source="file", url="",
         file=("second.pdf", data, "application/pdf"))
    assert server.client("staff1").get("/resources/%d/file" % rid).content == data
    # turned into a link: no file served
    edit(server, rid, title="Edited " + tag, source="link", url="https://x.example.ac.uk/r")
    assert server.client("staff1").get("/resources/%d/file" % rid).status_code == 404
    assert server_sql(server, "SELECT file_sha256, url FROM resource WHERE id = %d" % rid) == [
        ("", "https://x.example.ac.uk/r")]
    # the search follows the new title
    assert "Edited " + tag in listed(server, "staff1", "?q=edited+" + tag)
    assert "Edit me" not in listed(server, "staff1", "?q=" + tag)
    assert [a for a, _ in audit_of(server, rid)] == ["resource.create"] + ["resource.update"] * 3


def test_only_the_services_admins_curate(server):
    rid = add(server)
    # admin2 is an admin of the service too (by entitlement): a curator
    assert server.client("admin2").get("/admin/resources/%d" % rid).status_code == 200
    for who in ("staff1", "facilitator", "hr", "mentor1", "senior1", "dpo"):
        c = server.client(who)
        for path in ("/admin/resources", "/admin/resources/new", "/admin/resources/%d" % rid):
            code = c.get(path).status_code
            assert code == 404, (who, path, code)
        r = c.post("/admin/resources", new_form(), files={"file": ("", b"", "x")},
                   token=rmtest.forge_token(server, who, action="/admin/resources"))
        assert r.status_code == 404, (who, r.status_code)
        r = forged_post(server, who, "/admin/resources/%d/withdraw" % rid)
        assert r.status_code == 404, (who, r.status_code)
    # the form token is required on the multipart form too
    r = server.client("admin").post("/admin/resources", new_form(),
                                    files={"file": ("", b"", "x")}, token=False)
    assert r.status_code in (400, 403), r.status_code
    # urlencoded to the upload route: refused, nothing saved
    r = server.client("admin").s.post(server.base + "/admin/resources", data=new_form(),
                                      allow_redirects=False)
    assert r.status_code in (400, 403, 415), r.status_code


def test_home_page_links_the_hub(server):
    r, doc = server.client("staff1").page("/")
    assert doc.xpath("//a[contains(@href, '/resources')]")


def test_the_purge_removes_files_no_resource_names_once_a_day_old(server):
    """rmentorctl dp purge (the daily timer) removes from RMentorResourceDir
    the files no resource names any more, and temporary files an upload
    left, once a day old; a file a resource names, and a fresh unused one (a
    save may be about to name it), stay."""
    import subprocess
    import time
    tag = uuid.uuid4().hex[:8]
    first, second = PDF + b"A" + tag.encode(), PDF + b"B" + tag.encode()
    rid = add(server, title="Purged file " + tag, source="file", url="",
              file=("first.pdf", first, "application/pdf"))
    edit(server, rid, title="Purged file " + tag, source="file", url="",
         file=("second.pdf", second, "application/pdf"))
    d = os.path.join(server.dir, "resources")
    path = {k: os.path.join(d, hashlib.sha256(v).hexdigest())
            for k, v in (("first", first), ("second", second))}
    fresh = PDF + b"C" + tag.encode()
    rid2 = add(server, title="Fresh file " + tag, source="file", url="",
               file=("fresh.pdf", fresh, "application/pdf"))
    edit(server, rid2, title="Fresh file " + tag, source="link", url="https://x.example.ac.uk/f")
    path["fresh"] = os.path.join(d, hashlib.sha256(fresh).hexdigest())
    path["temp"] = os.path.join(d, ".upload-" + tag[:6])
    with open(path["temp"], "wb") as f:
        f.write(b"half an upload")
    old = time.time() - 2 * 86400
    for k in ("first", "second", "temp"):
        os.utime(path[k], (old, old))

    def purge(*extra):
        cmd = [os.path.join(rmtest.ROOT, "build", "rmentorctl"), "-f", server.conf,
               "dp", "purge"] + list(extra)
        if rmtest.IS_ROOT:
            cmd = ["runuser", "-u", "www-data", "--"] + cmd
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, (r.stdout, r.stderr)
        return int(re.search(r"^resource_files\t(\d+)$", r.stdout, re.M).group(1))
    assert purge("--dry-run") == 2
    assert all(os.path.exists(p) for p in path.values())
    assert purge() == 2
    assert not os.path.exists(path["first"]) and not os.path.exists(path["temp"])
    assert os.path.exists(path["second"]) and os.path.exists(path["fresh"])
    assert server.client("staff1").get("/resources/%d/file" % rid).content == second
    # the same bytes uploaded again come back (written afresh, or touched)
    rid3 = add(server, title="Again " + tag, source="file", url="",
               file=("again.pdf", first, "application/pdf"))
    assert server.client("staff1").get("/resources/%d/file" % rid3).content == first
