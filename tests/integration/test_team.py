"""The programme team: adding a name no one has signed in with asks for
confirmation first; members are removed one by one, never the last
administrator, only by an administrator on the team, with an audit row."""
import threading
import time

import pytest

import rmtest
from rmtest import add_to_team, app_id, apply, html, text_of
from test_applications import server_sql

UNKNOWN = "jsmith@example.ac.uk"


def edit(pid):
    return "/admin/programmes/%d/edit" % pid


def team_path(pid):
    return "/admin/programmes/%d/team" % pid


def remove_path(pid):
    return "/admin/programmes/%d/team/remove" % pid


def team_of(server, pid):
    return sorted(server_sql(server, "SELECT per.principal, t.role FROM programme_team t "
                                     "JOIN person per ON per.id = t.person_id "
                                     "WHERE t.programme_id = %d" % pid))


def audit_of(server, pid, action):
    return server_sql(server, "SELECT actor, detail FROM audit WHERE entity = 'programme' "
                              "AND entity_id = %d AND action = '%s' ORDER BY id" % (pid, action))


def summary(resp):
    box = html(resp).cssselect(".error-summary")
    assert box, "no error summary"
    return " ".join(box[0].text_content().split())


def remove(server, user, pid, principal, role, token=None):
    """POST the remove form of principal's row, as user: with the token of
    that form on user's edit page, or a token given."""
    c = server.client(user)
    data = {"principal": principal, "team_role": role}
    if token is None:
        return c.post(remove_path(pid), data, token_from=edit(pid))
    return c.post(remove_path(pid), data, token=token)


def test_unknown_principal_asks_for_confirmation_first(server, programme):
    adm = server.client("admin")
    before = team_of(server, programme)
    r = add_to_team(server, programme, UNKNOWN, "facilitator", confirm=False)
    assert r.status_code == 422
    assert ("There is no record of %s signing in to this service. Check the spelling, "
            "or tick the box to add them anyway." % UNKNOWN) in summary(r)
    doc = html(r)
    assert doc.cssselect(".error-summary a[href='#f-principal']")
    assert doc.get_element_by_id("f-principal").get("value") == UNKNOWN
    box = doc.get_element_by_id("f-confirm_unknown")
    assert box.get("type") == "checkbox" and box.get("value") == UNKNOWN
    assert box.get("checked") is None
    assert "Add %s anyway" % UNKNOWN in doc.cssselect("label[for='f-confirm_unknown']")[0].text
    assert doc.get_element_by_id("f-team_role").value == "facilitator"
    assert team_of(server, programme) == before
    # a confirmation names the one name it confirms: a corrected name asks again
    r = adm.post(team_path(programme), {"principal": "jsmith2@example.ac.uk",
                                        "team_role": "facilitator",
                                        "confirm_unknown": UNKNOWN},
                 token_from=edit(programme))
    assert r.status_code == 422 and "no record of jsmith2@example.ac.uk" in summary(r)
    assert team_of(server, programme) == before
    # confirmed: added, and the audit row says they had not signed in
    r = add_to_team(server, programme, UNKNOWN, "facilitator")
    assert r.status_code == 303
    assert r.headers["Location"].endswith(edit(programme) + "?done=team")
    assert team_of(server, programme) == sorted(before + [(UNKNOWN, "facilitator")])
    assert ("admin", "facilitator %s (not signed in yet)" % UNKNOWN) in \
        audit_of(server, programme, "programme.team_add")
    # having been added is not having signed in: added again, it asks again
    r = add_to_team(server, programme, UNKNOWN, "admin", confirm=False)
    assert r.status_code == 422


def test_someone_who_has_signed_in_is_added_at_once(server, programme):
    app_id(apply(server, "mentor2", programme))     # mentor2 is on record now
    r = add_to_team(server, programme, "mentor2", "facilitator", confirm=False)
    assert r.status_code == 303, r.text[:600]
    assert ("mentor2", "facilitator") in team_of(server, programme)
    assert ("admin", "facilitator mentor2") in audit_of(server, programme, "programme.team_add")


def test_admin_removes_a_member(server, programme):
    assert add_to_team(server, programme, "facilitator", "facilitator").status_code == 303
    adm = server.client("admin")
    r, doc = adm.page(edit(programme))
    # one small form per row of the team table, posting what it removes
    rows = doc.xpath("//section[@aria-labelledby='h-team']//tbody/tr")
    assert len(rows) == 2
    for tr in rows:
        forms = tr.cssselect("form")
        assert len(forms) == 1
        assert rmtest.action_path(server, forms[0].get("action")) == \
            rmtest.action_path(server, remove_path(programme))
        fields = {i.get("name"): i.get("value") for i in forms[0].cssselect("input")}
        assert fields["principal"] == tr.findall("td")[0].text_content()
        assert fields["team_role"] in ("admin", "facilitator") and fields["csrf"]
        button = " ".join(forms[0].find(".//button").text_content().split())
        assert button.startswith("Remove ") and fields["principal"] in button
    r = remove(server, "admin", programme, "facilitator", "facilitator")
    assert r.status_code == 303
    assert r.headers["Location"].endswith(edit(programme) + "?done=team_removed")
    assert "The person has been removed from the programme team." in \
        text_of(adm.get(edit(programme) + "?done=team_removed"))
    assert team_of(server, programme) == [("admin", "admin")]
    assert audit_of(server, programme, "programme.team_remove") == \
        [("admin", "facilitator facilitator")]
    # removing them again: they are not on the team, nothing changes
    r = remove(server, "admin", programme, "facilitator", "facilitator")
    assert r.status_code == 409
    assert "facilitator is not on the programme team as facilitator" in summary(r)
    assert len(audit_of(server, programme, "programme.team_remove")) == 1


def test_last_admin_is_never_removed(server, programme):
    r = remove(server, "admin", programme, "admin", "admin")
    assert r.status_code == 409
    assert ("admin is the programme's only administrator, so they cannot be removed"
            in summary(r))
    doc = html(r)
    assert doc.cssselect(".error-summary a[href='#f-team']")
    assert "only administrator" in doc.get_element_by_id("f-team").text_content()
    assert team_of(server, programme) == [("admin", "admin")]
    assert audit_of(server, programme, "programme.team_remove") == []
    # with a second administrator, one may leave: they no longer manage it
    assert add_to_team(server, programme, "admin2", "admin").status_code == 303
    r = remove(server, "admin", programme, "admin", "admin")
    assert r.status_code == 303
    assert r.headers["Location"].endswith("/admin/programmes?done=team_left")
    assert "You have left the programme team." in \
        text_of(server.client("admin").get("/admin/programmes?done=team_left"))
    assert server.client("admin").get(edit(programme)).status_code == 403
    assert team_of(server, programme) == [("admin2", "admin")]
    # and the one left is the last
    r = remove(server, "admin2", programme, "admin2", "admin")
    assert r.status_code == 409
    assert team_of(server, programme) == [("admin2", "admin")]


def test_two_admins_removing_each_other_leave_one(server, programme):
    """Sequentially: each has the page open; the first removal wins, the
    second admin is no longer on the team and removes no one."""
    assert add_to_team(server, programme, "admin2", "admin").status_code == 303
    tok1 = server.client("admin").token(edit(programme), action=remove_path(programme))
    tok2 = server.client("admin2").token(edit(programme), action=remove_path(programme))
    assert remove(server, "admin", programme, "admin2", "admin", tok1).status_code == 303
    assert remove(server, "admin2", programme, "admin", "admin", tok2).status_code == 403
    assert team_of(server, programme) == [("admin", "admin")]


def test_two_admins_removing_each_other_at_once_leave_one(server):
    """At the same moment: the programme row's lock serialises them, and the
    second reads the team after the first's removal."""
    pid = rmtest.create_programme(server, name="Team race")
    left = "admin"
    for _ in range(4):
        other = "admin2" if left == "admin" else "admin"
        assert add_to_team(server, pid, other, "admin", admin=left).status_code == 303
        assert team_of(server, pid) == [("admin", "admin"), ("admin2", "admin")]
        toks = {u: server.client(u).token(edit(pid), action=remove_path(pid))
                for u in ("admin", "admin2")}
        go = threading.Barrier(2)
        out = {}

        def run(user, other):
            go.wait()
            out[user] = remove(server, user, pid, other, "admin", toks[user]).status_code

        threads = [threading.Thread(target=run, args=a)
                   for a in (("admin", "admin2"), ("admin2", "admin"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(out.values()) == [303, 403], out
        team = team_of(server, pid)
        assert len(team) == 1, team
        left = team[0][0]


@pytest.mark.parametrize("user", ["facilitator", "admin2", "staff1", "mentor1"])
def test_only_an_admin_on_the_team_removes(server, programme, user):
    """A facilitator on the team, an admin of no place on it, plain staff:
    forbidden (a valid token of their own, so the refusal is on the role)."""
    assert add_to_team(server, programme, "facilitator", "facilitator").status_code == 303
    before = team_of(server, programme)
    path = remove_path(programme)
    for principal, role in (("facilitator", "facilitator"), ("admin", "admin")):
        r = remove(server, user, programme, principal, role,
                   rmtest.forge_token(server, user, int(time.time()), action=path))
        assert r.status_code == 403, (user, principal, r.status_code)
    assert team_of(server, programme) == before


def test_a_remove_request_not_from_the_form_is_refused(server, programme):
    path = remove_path(programme)
    for data in ({"principal": "admin", "team_role": "boss"}, {"team_role": "admin"},
                 {"principal": "x" * 300, "team_role": "admin"}):
        r = server.client("admin").post(path, data, token_from=edit(programme))
        assert r.status_code == 400, (data, r.status_code)
    assert team_of(server, programme) == [("admin", "admin")]
