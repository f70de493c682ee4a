"""Insecure direct object references on every record type: programmes (edit,
team, applications list), applications (page, withdrawal, decision), by an
admin of another programme, by team members without the admin entitlement or
without the admin team role, by applicants, and with the id written in odd
ways.  Extends test_security.py (admin on no team; applicant reading another
applicant's application)."""
import time

import pytest

import rmtest
from rmtest import app_id, apply, text_of
from hostile import server_sql


def team_of(server, pid):
    return sorted(server_sql(server, "SELECT per.principal, t.role FROM programme_team t "
                                     "JOIN person per ON per.id = t.person_id "
                                     "WHERE t.programme_id = %d" % pid))


def app_row(server, aid):
    return server_sql(server, "SELECT status, decision_reason, gain, updated_at FROM "
                              "application WHERE id = %d" % aid)


def token(server, user, path):
    """A valid token of user's for the form that posts to path (tokens are
    bound to the form's action), so that refusals are on ownership and role."""
    return rmtest.forge_token(server, user, int(time.time()), action=path)


def admin_routes(pid, aid):
    """(method, path, form) for every route that acts on programme pid or
    application aid."""
    return [
        ("GET", "/admin/programmes/%d/edit" % pid, None),
        ("POST", "/admin/programmes/%d/edit" % pid, rmtest.programme_form(name="Hijacked")),
        ("POST", "/admin/programmes/%d/team" % pid, {"principal": "IDOR-TEAM",
                                                      "team_role": "admin",
                                                      "confirm_unknown": "IDOR-TEAM"}),
        ("POST", "/admin/programmes/%d/team/remove" % pid, {"principal": "admin",
                                                             "team_role": "admin"}),
        ("GET", "/admin/programmes/%d/applications" % pid, None),
        ("GET", "/admin/programmes/%d/applications?status=submitted&page=1" % pid, None),
        ("GET", "/applications/%d" % aid, None),
        ("POST", "/admin/applications/%d/decision" % aid, {"decision": "declined",
                                                          "reason": "IDOR-REASON"}),
        ("POST", "/applications/%d/withdraw" % aid, {}),
        # training and matching: what only the programme's admins may do
        # (facilitators of the team may read both pages, so the reads are in
        # the areas' own tests)
        ("POST", "/admin/programmes/%d/training/sessions" % pid,
         {"role": "mentor", "title": "IDOR-SESSION", "day": rmtest.days(5), "starts": "09:00",
          "ends": "12:00", "place": "Room", "link": "", "capacity": "5", "facilitator": "1"}),
        ("POST", "/admin/programmes/%d/training/override" % pid,
         {"action": "record", "application": str(aid), "reason": "IDOR-REASON"}),
        ("POST", "/admin/programmes/%d/matching/run" % pid, {}),
        ("POST", "/admin/programmes/%d/matching/settings" % pid,
         {"w_topics": "1", "w_gain": "1", "w_availability": "1", "w_pref_mentor": "1",
          "w_pref_senior": "1", "apart_department": "0", "apart_institution": "0"}),
        ("POST", "/admin/programmes/%d/matching/publish" % pid, {}),
    ]


def year_rows(server, pid):
    """What training and matching store for programme pid."""
    return server_sql(server, "SELECT (SELECT count(*) FROM training_session WHERE "
                              "programme_id = %d), (SELECT count(*) FROM training_override o JOIN application a "
                              "ON a.id = o.application_id WHERE a.programme_id = %d), "
                              "(SELECT count(*) FROM match_run WHERE programme_id = %d), "
                              "(SELECT count(*) FROM match_settings WHERE programme_id = %d), "
                              "(SELECT count(*) FROM pair WHERE programme_id = %d)"
                      % (pid, pid, pid, pid, pid))


def attempt_all(server, user, pid, aid):
    c = server.client(user)
    out = []
    for method, path, form in admin_routes(pid, aid):
        if method == "GET":
            r = c.get(path)
        else:
            r = c.post(path, form, token=token(server, user, path))
        out.append((method, path, r.status_code, r))
    return out


def assert_nothing_leaked_or_changed(server, pid, aid, before_team, before_app, results):
    for method, path, status, r in results:
        assert status in (403, 404), (method, path, status)
        assert "PRIVATE-IDOR" not in r.text, (method, path)
        assert "Hijacked" not in r.text
    assert team_of(server, pid) == before_team
    assert app_row(server, aid) == before_app
    assert [int(x) for x in year_rows(server, pid)[0]] == [0, 0, 0, 0, 0]
    t = text_of(server.client("admin").get("/admin/programmes"))
    assert "Hijacked" not in t


@pytest.fixture
def victim(server, programme):
    """Programme `programme` (run by admin) with mentor1's application."""
    aid = app_id(apply(server, "mentor1", programme, gain="PRIVATE-IDOR gain"))
    return programme, aid


def test_admin_of_another_programme_reaches_nothing(server, victim):
    pid, aid = victim
    # admin2 runs a programme of their own, so is on a team, just not this one
    own = rmtest.create_programme(server, admin="admin2", name="Admin2's own")
    assert server.client("admin2").get("/admin/programmes/%d/edit" % own).status_code == 200
    before_team, before_app = team_of(server, pid), app_row(server, aid)
    results = attempt_all(server, "admin2", pid, aid)
    assert_nothing_leaked_or_changed(server, pid, aid, before_team, before_app, results)
    # and the other way round: admin gets nothing of admin2's programme
    own_aid = app_id(apply(server, "mentor2", own, gain="PRIVATE-IDOR two"))
    before_team, before_app = team_of(server, own), app_row(server, own_aid)
    results = attempt_all(server, "admin", own, own_aid)
    assert_nothing_leaked_or_changed(server, own, own_aid, before_team, before_app, results)


def test_admin_cannot_add_themselves_to_another_team(server, victim):
    pid, _aid = victim
    before = team_of(server, pid)
    for who, role in (("admin2", "admin"), ("admin2", "facilitator"), ("hr", "admin")):
        path = "/admin/programmes/%d/team" % pid
        r = server.client("admin2").post(path, {"principal": who, "team_role": role},
                                         token=token(server, "admin2", path))
        assert r.status_code == 403, (who, role, r.status_code)
    assert team_of(server, pid) == before
    assert server.client("admin2").get("/admin/programmes/%d/edit" % pid).status_code == 403


def test_team_place_without_admin_entitlement_is_not_admin(server, victim):
    """staff1 (no admin entitlement) put on the team as admin, and admin2
    (entitled) put on it as facilitator: neither may manage it."""
    pid, aid = victim
    adm = server.client("admin")
    for who, role in (("staff1", "admin"), ("admin2", "facilitator"),
                      ("facilitator", "facilitator")):
        path = "/admin/programmes/%d/team" % pid
        r = adm.post(path, {"principal": who, "team_role": role, "confirm_unknown": who},
                     token=token(server, "admin", path))
        assert r.status_code == 303
    before_team, before_app = team_of(server, pid), app_row(server, aid)
    for user in ("staff1", "admin2", "facilitator"):
        results = attempt_all(server, user, pid, aid)
        assert_nothing_leaked_or_changed(server, pid, aid, before_team, before_app, results)


def test_admin_on_the_team_cannot_act_as_the_applicant(server, victim):
    """The programme's own admin may read and decide, never withdraw or
    rewrite the applicant's answers."""
    pid, aid = victim
    adm = server.client("admin")
    before = app_row(server, aid)
    path = "/applications/%d/withdraw" % aid
    r = adm.post(path, {}, token=token(server, "admin", path))
    assert r.status_code == 404
    assert app_row(server, aid) == before
    # admin applying to the same programme creates admin's own application
    r = apply(server, "admin", pid, gain="ADMIN OWN")
    assert r.status_code in (303, 403)
    if r.status_code == 303:
        assert app_id(r) != aid
    assert app_row(server, aid) == before


@pytest.mark.parametrize("fmt", ["%d/", "%d%%2F", "+%d", "0%d", "%d.0", "%d;x", "%d%%00",
                                 "%d%%20", "-%d", "%d/withdraw/..", "%d?as=mentor1",
                                 "%d#frag"])
def test_application_id_written_oddly_reaches_nothing(server, victim, fmt):
    pid, aid = victim
    c = server.client("mentor2")
    path = "/applications/" + (fmt % aid)
    r = c.get(path)
    assert r.status_code in (400, 403, 404), (path, r.status_code)
    assert "PRIVATE-IDOR" not in r.text


@pytest.mark.parametrize("bad", ["0", "-1", "99999999999999999999", "1e3", "0x1",
                                 "%2B1", "1%20", "9223372036854775807",
                                 "9223372036854775808"])
def test_out_of_range_ids_are_not_found(server, bad):
    c = server.client("admin")
    for method, path in (("GET", "/programmes/%s" % bad),
                         ("GET", "/programmes/%s/apply/mentor" % bad),
                         ("GET", "/applications/%s" % bad),
                         ("GET", "/admin/programmes/%s/edit" % bad),
                         ("GET", "/admin/programmes/%s/applications" % bad),
                         ("POST", "/admin/programmes/%s/edit" % bad),
                         ("POST", "/admin/programmes/%s/team" % bad),
                         ("POST", "/admin/programmes/%s/team/remove" % bad),
                         ("POST", "/admin/applications/%s/decision" % bad),
                         ("POST", "/applications/%s/withdraw" % bad),
                         ("POST", "/programmes/%s/apply/mentor" % bad)):
        r = c.get(path) if method == "GET" else c.post(path, {},
                                                       token=token(server, "admin", path))
        assert r.status_code in (400, 403, 404), (method, path, r.status_code)


def test_withdrawn_or_declined_applicant_cannot_reach_others(server, programme):
    """An applicant with an application of their own in the same programme
    still reaches only their own."""
    a = app_id(apply(server, "mentor1", programme, gain="PRIVATE-IDOR one"))
    b = app_id(apply(server, "mentor2", programme, gain="PRIVATE-IDOR two"))
    for user, other in (("mentor1", b), ("mentor2", a)):
        c = server.client(user)
        for path in ("/applications/%d" % other,
                     "/admin/programmes/%d/applications" % programme):
            r = c.get(path)
            assert r.status_code in (403, 404)
            assert "PRIVATE-IDOR" not in r.text
        path = "/applications/%d/withdraw" % other
        r = c.post(path, {}, token=token(server, user, path))
        assert r.status_code == 404
    assert [r[0] for r in (app_row(server, a) + app_row(server, b))] == ["submitted"] * 2
