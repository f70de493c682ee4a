"""Membership of the sector body for the senior role (features/membership):
a programme's admins choose who may apply as a Senior Mentor (the
membership entitlement as before, an uploaded list of members, or either)
and replace the list as a file or pasted; a bad list changes nothing and
names its line; only the programme's admins reach the page (others 404);
the audit keeps the rule and the count, never a name; erasure removes the
person from every list.  Both backends, through the `server` fixture.

Demo accounts: senior1 carries the membership entitlement
(urn:mace:demo.ac.uk:exco), senior4 does not; both sign in with the
eduPersonPrincipalName <name>@demo.ac.uk."""
import rmtest
from rmtest import text_of
from cohort import said, server_sql

APPLY = "Apply to be a Senior Mentor"


def members_path(pid):
    return "/admin/programmes/%d/members" % pid


def save(server, pid, expect=303, names=None, file=None, clear=False, rule="list",
         user="admin"):
    data = {"senior_members": rule, "names": names or ""}
    if clear:
        data["clear"] = "yes"
    files = {"file": file} if file else {"file": ("", b"", "application/octet-stream")}
    r = server.client(user).post(members_path(pid), data, files=files,
                                 token_from=members_path(pid))
    assert r.status_code == expect, (r.status_code, said(r))
    return r


def can_apply(server, user, pid):
    return APPLY in text_of(server.client(user).get("/programmes/%d" % pid))


def test_entitlement_list_or_either(server):
    pid = rmtest.create_programme(server, "admin")
    r, doc = server.client("admin").page(members_path(pid))
    assert doc.xpath("//input[@name='senior_members'][@value='entitlement'][@checked]")
    assert "No list has been uploaded." in text_of(r)
    # as before: the entitlement
    assert can_apply(server, "senior1", pid) and not can_apply(server, "senior4", pid)
    # the list only: senior4 is on it, senior1 is not
    save(server, pid, file=("members.csv", b"principal,name\r\n\"Senior4@Demo.ac.uk\",D\r\n"
                                          b"# a comment\r\n\r\nother@b.ac.uk;x\r\n",
                            "text/csv"))
    r, doc = server.client("admin").page(members_path(pid) + "?done=members-saved")
    t = text_of(r)
    assert "The list: 2 members" in t and "senior4@demo.ac.uk" in t
    assert can_apply(server, "senior4", pid) and not can_apply(server, "senior1", pid)
    assert "not on the programme's list of members" in text_of(
        server.client("senior1").get("/programmes/%d" % pid))
    # either: both
    save(server, pid, rule="either")
    assert can_apply(server, "senior4", pid) and can_apply(server, "senior1", pid)
    # the list really decides: senior4 applies and is accepted as a Senior Mentor
    r = rmtest.apply(server, "senior4", pid, "senior")
    assert r.status_code == 303, said(r)
    # pasted: replaces the list
    save(server, pid, names="someone@demo.ac.uk\nsomeone@DEMO.ac.uk\n", rule="list")
    assert [p for (p,) in server_sql(server, "SELECT principal FROM programme_member "
                                             "WHERE programme_id = %d" % pid)] == [
        "someone@demo.ac.uk"]
    assert not can_apply(server, "senior1", pid)
    # emptied, back to the entitlement
    save(server, pid, clear=True, rule="entitlement")
    assert server_sql(server, "SELECT count(*) FROM programme_member WHERE programme_id = %d"
                      % pid)[0][0] in (0, "0")
    assert can_apply(server, "senior1", pid)
    rows = server_sql(server, "SELECT detail FROM audit WHERE action = 'programme.members' "
                              "AND entity_id = %d ORDER BY id" % pid)
    assert [d for (d,) in rows] == ["rule=list names=2", "rule=either", "rule=list names=1",
                                    "rule=entitlement names=0"]


def test_a_bad_list_changes_nothing_and_names_its_line(server):
    pid = rmtest.create_programme(server, "admin")
    save(server, pid, names="a@demo.ac.uk\n")
    for kw, why in ((dict(names="ok@demo.ac.uk\nno scope here\n"), "Line 2"),
                    (dict(names="jo bloggs@demo.ac.uk"), "no spaces"),
                    (dict(file=("m.xlsx", b"PK\x03\x04", "x")), "text file (.txt) or a CSV"),
                    (dict(file=("m.txt", b"\xff\xfe", "text/plain")), "UTF-8"),
                    (dict(file=("m.txt", b"# nothing\n", "text/plain")), "no sign-in names"),
                    (dict(names="b@demo.ac.uk", clear=True), "one of them")):
        r = save(server, pid, expect=422, **kw)
        assert why in text_of(r), (kw, why)
    r = save(server, pid, expect=422, rule="everyone")
    assert server_sql(server, "SELECT principal FROM programme_member WHERE programme_id = %d"
                      % pid) == [("a@demo.ac.uk",)]
    # the list rule with no list yet
    other = rmtest.create_programme(server, "admin")
    r = save(server, other, expect=422, rule="list")
    assert "no list of members yet" in text_of(r)


def test_only_the_programmes_admins(server):
    pid = rmtest.create_programme(server, "admin")
    for who in ("staff1", "facilitator", "hr", "senior1", "admin2"):
        c = server.client(who)
        assert c.get(members_path(pid)).status_code == 404, who
        r = c.post(members_path(pid), {"senior_members": "list", "names": "x@y.ac.uk"},
                   files={"file": ("", b"", "x")},
                   token=rmtest.forge_token(server, who, action=members_path(pid)))
        assert r.status_code == 404, (who, r.status_code)
    r, doc = server.client("admin").page("/admin/programmes/%d/applications" % pid)
    assert doc.xpath("//a[contains(@href, '/members')]")


def test_erasure_takes_the_person_off_every_list(server):
    from cohort import fresh_users
    pid = rmtest.create_programme(server, "admin")
    user = fresh_users(server, 1)[0]
    r = rmtest.apply(server, user, pid, "mentor")
    assert r.status_code == 303, said(r)
    save(server, pid, names="%s@demo.ac.uk\nkeep@demo.ac.uk\n" % user.upper())
    n = int(server_sql(server, "SELECT id FROM person WHERE principal = '%s'" % user)[0][0])
    # their subject access shows the list
    j = server.client(user).get("/my-data.json").json()
    sec = {s["name"]: s for s in j["sections"]}
    assert [int(r["programme_id"]) for r in sec["programme_member"]["records"]] == [pid]
    r = server.client("dpo").post("/dp/people/%d/erase" % n,
                                  {"reason": "Asked for erasure on the phone, ref DP-1.",
                                   "confirm": "yes"}, token_from="/dp/people/%d" % n)
    assert r.status_code == 303, said(r)
    assert server_sql(server, "SELECT principal FROM programme_member WHERE programme_id = %d"
                      % pid) == [("keep@demo.ac.uk",)]
