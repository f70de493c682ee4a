"""Matching: who is matched (trained or overridden), the hard constraints
(never violated), the explained scores and the optimal assignment, pins,
the do-not-pair list, settings and the stale draft, publication (once,
also when two admins publish at once) and who may see a draft.  Both
backends, through the `server` fixture; cohorts from tests/lib/cohort.py.

Seniors are senior1..3 (the only demo accounts with the exco entitlement);
Mentors are fresh load accounts.  Application departments default to
"Student Services" (Mentor form) and "Registry" (Senior form)."""
import threading

import pytest

import rmtest
from rmtest import text_of
from cohort import (Cohort, fresh_users, display_name, form_actions, definitions,
                    server_sql)

SENIOR = "Senior Mentor"


def name(u):
    return display_name(u)


def pairs_by_user(c, doc=None):
    """The draft as {mentor user: senior user}."""
    by_name = {name(u): u for u in c.apps}
    return {by_name[m]: by_name[s] for m, s in c.pairs(doc).items()}


def two_by_two(server, m1_kw=None, s1_kw=None, m2_kw=None, s2_kw=None, train=True):
    """M1 and S1 share three topics (30 points); every other pair scores 0.
    So the draft pairs M1 with S1 unless something forbids it, and then
    M1 with S2 and M2 with S1."""
    c = Cohort(server)
    m1, m2 = fresh_users(server, 2)
    shared = ["barriers", "data", "policy"]
    c.apply(m1, "mentor", **dict({"topics": shared}, **(m1_kw or {})))
    c.apply(m2, "mentor", **(m2_kw or {}))
    c.apply("senior1", "senior", **dict({"topics": shared}, **(s1_kw or {})))
    c.apply("senior2", "senior", **(s2_kw or {}))
    c.accept_all()
    if train:
        c.override_all()
    return c, m1, m2, "senior1", "senior2"


def assert_apart(c, m1, m2, s1, s2):
    """After a run, M1-S1 was ruled out: the draft is the other assignment."""
    c.run()
    assert pairs_by_user(c) == {m1: s2, m2: s1}


def assert_together(c, m1, m2, s1, s2):
    c.run()
    assert pairs_by_user(c) == {m1: s1, m2: s2}


# ---- who is matched ------------------------------------------------------------

def test_untrained_people_are_left_out_unless_overridden(server):
    c = Cohort(server)
    trained, untrained, overridden = fresh_users(server, 3)
    for u in (trained, untrained, overridden):
        c.apply(u, "mentor", topics=["data"])
    c.apply("senior1", "senior", topics=["data"])
    c.apply("senior2", "senior", topics=["data"])
    c.accept_all()
    c.train_by_session("mentor", trained)
    c.train_by_session("senior", "senior1", "senior2")
    c.override(overridden)
    c.run()
    doc = c.page()
    d = definitions(doc)
    assert d["Mentors ready to be matched"] == "2"
    assert d["Senior Mentors ready to be matched"] == "2"
    assert d["Accepted but not trained (left out)"] == "1"
    drafted = pairs_by_user(c, doc)
    assert set(drafted) == {trained, overridden}
    assert name(untrained) not in text_of_doc(doc, "h-draft")
    # untrained people are not even listed as unmatched
    assert name(untrained) not in c.unmatched(doc)
    # an override brings them in; removing one takes them out again
    c.override(untrained)
    c.override(overridden, action="remove", reason="")
    c.run()
    assert set(pairs_by_user(c)) == {trained, untrained}
    # a submitted (not accepted) applicant is never matched, even trained
    (sub,) = fresh_users(server, 1)
    c.apply(sub, "mentor", topics=["data"])
    c.run()
    assert name(sub) not in c.page().text_content()


def text_of_doc(doc, labelledby):
    return " ".join(" ".join(r) for r in
                    [[td.text_content() for td in tr.xpath("./td")] for tr in
                     doc.xpath("//div[@aria-labelledby=$l]//tbody/tr", l=labelledby)])


# ---- hard constraints -------------------------------------------------------------

def test_baseline_without_constraints_pairs_the_best_scores(server):
    c, m1, m2, s1, s2 = two_by_two(server)
    assert_together(c, m1, m2, s1, s2)
    d = c.draft()
    assert sorted(x["Total"] for x in d) == [0, 30]


@pytest.mark.parametrize("side,ident", [
    ("mentor", "senior1"),                  # the Mentor names the Senior by sign-in name
    ("mentor", "SENIOR1@demo.ac.uk"),       # by mail, any case
    ("senior", "{m1}"),                     # the Senior names the Mentor
    ("senior", " {m1}@DEMO.ac.uk "),
])
def test_line_manager_stated_on_the_application(server, side, ident):
    c = Cohort(server)
    m1, m2 = fresh_users(server, 2)
    ident = ident.format(m1=m1)
    shared = ["barriers", "data", "policy"]
    c.apply(m1, "mentor", topics=shared,
            **({"line_manager": ident} if side == "mentor" else {}))
    c.apply(m2, "mentor")
    c.apply("senior1", "senior", topics=shared,
            **({"line_manager": ident} if side == "senior" else {}))
    c.apply("senior2", "senior")
    c.accept_all()
    c.override_all()
    assert_apart(c, m1, m2, "senior1", "senior2")
    # pinning them is refused, and says why
    r = c.rule(m1, "senior1", "pin", expect=409)
    assert "cannot be pinned: they may never be paired (line manager)" in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM match_rule WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    # the stated line manager is shown on the application to the team
    _, doc = server.client("admin").page("/applications/%d" % c.apps[
        m1 if side == "mentor" else "senior1"])
    assert definitions(doc)["Line manager"] == ident.strip()


def test_line_manager_from_sso(server):
    """person.manager (RMentorAttribute manager) set in the database after
    the people signed in: the demo IdP sends no manager attribute, and the
    column is refreshed from SSO on each person's next write, so nobody of
    the cohort writes again before the run."""
    c, m1, m2, s1, s2 = two_by_two(server)
    server_sql(server, "UPDATE person SET manager = 'Senior1@demo.ac.uk' "
                       "WHERE principal = '%s'" % m1)
    try:
        assert_apart(c, m1, m2, s1, s2)
        server_sql(server, "UPDATE person SET manager = '' WHERE principal = '%s'" % m1)
        assert_together(c, m1, m2, s1, s2)
        # the other direction: the Senior's manager is the Mentor
        server_sql(server, "UPDATE person SET manager = '%s' WHERE principal = 'senior1'" % m1)
        assert_apart(c, m1, m2, s1, s2)
        r = c.rule(m1, s1, "pin", expect=409)
        assert "(line manager)" in text_of(r)
    finally:
        server_sql(server, "UPDATE person SET manager = '' WHERE principal IN "
                           "('senior1', '%s')" % m1)


def test_same_department_setting(server):
    c, m1, m2, s1, s2 = two_by_two(server, m1_kw={"department": "Finance"},
                                   s1_kw={"department": " finance"})
    # on by default
    assert_apart(c, m1, m2, s1, s2)
    r = c.rule(m1, s1, "pin", expect=409)
    assert "(same department)" in text_of(r)
    # off: allowed
    c.settings(apart_department=0)
    assert_together(c, m1, m2, s1, s2)
    doc = c.page()
    assert doc.xpath("//input[@name='apart_department'][@value='0']/@checked")
    c.rule(m1, s1, "pin")
    c.settings(apart_department=1)
    c.run()
    # the pin no longer holds once the setting forbids the pair
    assert pairs_by_user(c) == {m1: s2, m2: s1}


def test_same_institution_rules_out_everyone_with_scoped_sign_in_names(server):
    """The institution is the scope SSO asserted for the person (stored as
    person.scope: demo.ac.uk for every demo account); one Mentor of another
    institution (set in the database, as another IdP would assert it) can be
    paired again."""
    c, m1, m2, s1, s2 = two_by_two(server)
    people = [m1, m2, s1, s2]
    c.settings(apart_institution=1)
    c.run()
    doc = c.page()
    assert c.draft(doc) == []
    un = c.unmatched(doc)
    assert set(un) == {name(u) for u in people}
    for u in (m1, m2):
        assert un[name(u)] == "Every Senior Mentor is ruled out (same institution)."
    for u in (s1, s2):
        assert un[name(u)] == "Every Mentor is ruled out (same institution)."
    assert "0 pairs" in doc.xpath("string(//section[@aria-labelledby='h-draft'])")
    # publishing an empty draft is refused
    c.publish(expect=409)
    # m1 of another institution: only m1 can be paired, with either
    server_sql(server, "UPDATE person SET scope = 'other.ac.uk' WHERE principal = '%s'" % m1)
    c.run()
    assert list(pairs_by_user(c)) == [m1]
    assert pairs_by_user(c)[m1] == s1
    c.settings(apart_institution=0)
    assert_together(c, m1, m2, s1, s2)


# The institution is the scope SSO asserts (eduPersonPrincipalName when
# REMOTE_USER is unscoped, as in the demo), stored with the person.
def test_same_institution_with_the_demos_unscoped_sign_in_names(server):
    c, m1, m2, s1, s2 = two_by_two(server)
    c.settings(apart_institution=1)
    c.run()
    doc = c.page()
    assert c.draft(doc) == []
    assert set(c.unmatched(doc)) == {name(u) for u in (m1, m2, s1, s2)}


def test_do_not_pair_list(server):
    c, m1, m2, s1, s2 = two_by_two(server)
    assert_together(c, m1, m2, s1, s2)
    c.rule(m1, s1, "forbid", reason="Worked together closely in 2024.")
    doc = c.page()
    assert "Worked together closely in 2024." in doc.text_content()
    assert_apart(c, m1, m2, s1, s2)
    # a forbidden pair can be pinned: the pin replaces the forbid
    c.rule(m1, s1, "pin")
    assert server_sql(server, "SELECT kind FROM match_rule WHERE programme_id = %d"
                      % c.pid) == [("pin",)]
    assert_together(c, m1, m2, s1, s2)
    c.rule(m1, s1, "unpin")
    c.rule(m1, s1, "forbid")
    assert_apart(c, m1, m2, s1, s2)
    # allow: back to the best
    c.rule(m1, s1, "allow")
    assert_together(c, m1, m2, s1, s2)
    assert server_sql(server, "SELECT count(*) FROM match_rule WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    # the audit rows carry the ids only, never the reason
    assert server_sql(server, "SELECT count(*) FROM audit WHERE detail LIKE "
                      "'%%Worked together%%'") == [("0",)]


def test_one_to_one_everyone_ruled_out_reasons(server):
    c = Cohort(server)
    (m,) = fresh_users(server, 1)
    c.apply(m, "mentor", line_manager="senior3", department="Registry")
    c.apply("senior3", "senior", department="Registry")
    c.accept_all()
    c.override_all()
    c.run()
    un = c.unmatched()
    assert un == {
        name(m): "Every Senior Mentor is ruled out (line manager, same department).",
        name("senior3"): "Every Mentor is ruled out (line manager, same department).",
    }


# ---- scores and the assignment -------------------------------------------------------

def test_score_breakdown_matches_the_answers(server):
    c = Cohort(server)
    m, m2 = fresh_users(server, 2)
    c.apply(m, "mentor", topics=["data", "culture", "career"],
            gains=["senior-insight", "sponsorship"], offers=["lived-insight", "challenge"],
            slots=["mon-am", "tue-pm", "fri-am"], prefer=["Senior1"])
    c.apply("senior1", "senior", topics=["data", "culture", "strategy"],
            gains=["lived-insight", "networks"],
            offers=["senior-insight", "sponsorship", "networks"],
            slots=["mon-am", "fri-am", "wed-am"], avoid=["%s@demo.ac.uk" % m.upper()])
    c.apply(m2, "mentor", avoid=["senior2"])
    c.apply("senior2", "senior", prefer=[m2])
    c.accept_all()
    c.override_all()
    c.run()
    doc = c.page()
    rows = {(d["mentor"], d["senior"]): d for d in c.draft(doc)}
    assert set(rows) == {(name(m), name("senior1")), (name(m2), name("senior2"))}
    a = rows[(name(m), name("senior1"))]
    assert (a["Topics"], a["Hopes and offers"], a["Availability"], a["Preferences"],
            a["Total"]) == (20, 30, 10, 15, 75)
    cells = [tr for tr in doc.xpath("//div[@aria-labelledby='h-draft']//tbody/tr")
             if name(m) in tr.text_content()][0].xpath("./td")
    assert " ".join(cells[3].text_content().split()) == \
        "20 (Inclusive culture, Race equality data)"
    assert " ".join(cells[4].text_content().split()) == (
        "30 (Insight into senior leadership, Insight into the experience of staff "
        "of colour, Sponsorship and introductions)")
    b = rows[(name(m2), name("senior2"))]
    assert (b["Topics"], b["Hopes and offers"], b["Availability"], b["Preferences"],
            b["Total"]) == (0, 0, 0, -15, -15)
    assert "2 pairs, total score 60" in text_of_doc_section(doc, "h-draft")
    stored = server_sql(server, "SELECT score, s_topics, s_gain, s_availability, s_pref "
                                "FROM match_draft WHERE programme_id = %d ORDER BY score"
                        % c.pid)
    assert stored == [("-15", "0", "0", "0", "-15"), ("75", "20", "30", "10", "15")]

    # other weights: every part follows them
    c.settings(w_topics=3, w_gain=0, w_availability=7, w_pref_mentor=100, w_pref_senior=1)
    doc = c.page()
    assert "Shared topics: 3 points per topic both chose." in doc.text_content()
    c.run()
    rows = {(d["mentor"], d["senior"]): d for d in c.draft()}
    a = rows[(name(m), name("senior1"))]
    assert (a["Topics"], a["Hopes and offers"], a["Availability"], a["Preferences"],
            a["Total"]) == (6, 0, 14, 99, 119)
    b = rows[(name(m2), name("senior2"))]
    assert (b["Preferences"], b["Total"]) == (-99, -99)
    # the settings are checked
    r = c.settings(expect=422, w_topics=101)
    assert "must be between 0 and 100" in text_of(r)
    r = c.settings(expect=422, apart_department=2)
    assert r.status_code == 422


def text_of_doc_section(doc, labelledby):
    return " ".join(doc.xpath("string(//section[@aria-labelledby=$l])",
                              l=labelledby).split())


def optimal_cohort(server, extra_mentors=0):
    """3 x 3 where greedy is wrong (points: 10 per shared topic):

             s1   s2   s3
        m1   30   20    0        greedy (best pair first): m1-s1, then
        m2   20    0    0        m2 and m3 share s2, s3: at most 40;
        m3    0    0   10        the optimum m1-s2, m2-s1, m3-s3: 50
    """
    c = Cohort(server)
    ms = fresh_users(server, 3 + extra_mentors)
    m1, m2, m3 = ms[:3]
    c.apply(m1, "mentor", topics=["barriers", "sponsorship", "leading-change",
                                  "recruitment", "promotion"])
    c.apply(m2, "mentor", topics=["barriers", "sponsorship"])
    c.apply(m3, "mentor", topics=["culture"])
    for extra in ms[3:]:
        c.apply(extra, "mentor")
    c.apply("senior1", "senior", topics=["barriers", "sponsorship", "leading-change"])
    c.apply("senior2", "senior", topics=["recruitment", "promotion"])
    c.apply("senior3", "senior", topics=["culture"])
    c.accept_all()
    c.override_all()
    return c, ms


def test_assignment_maximises_the_total_not_greedy(server):
    c, (m1, m2, m3) = optimal_cohort(server)
    c.run()
    doc = c.page()
    assert pairs_by_user(c, doc) == {m1: "senior2", m2: "senior1", m3: "senior3"}
    assert sorted(d["Total"] for d in c.draft(doc)) == [10, 20, 20]
    assert "3 pairs, total score 50" in text_of_doc_section(doc, "h-draft")
    assert c.unmatched(doc) == {}
    assert server_sql(server, "SELECT npairs, total, stale FROM match_run "
                              "WHERE programme_id = %d" % c.pid) == [("3", "50", "0")]


def test_unequal_numbers_leave_people_unmatched_with_a_reason(server):
    c, ms = optimal_cohort(server, extra_mentors=2)
    c.run()
    doc = c.page()
    assert pairs_by_user(c, doc) == {ms[0]: "senior2", ms[1]: "senior1", ms[2]: "senior3"}
    un = c.unmatched(doc)
    assert set(un) == {name(ms[3]), name(ms[4])}
    for why in un.values():
        assert why == ("There are more Mentors than Senior Mentors ready to be matched, "
                       "and the best total leaves this person unmatched.")
    # no Senior ready at all
    c2 = Cohort(server)
    (m,) = fresh_users(server, 1)
    c2.apply(m, "mentor", accept=True)
    c2.apply("senior1", "senior", accept=True)
    c2.override(m)
    c2.run()
    doc = c2.page()
    assert c2.draft(doc) == []
    assert c2.unmatched(doc) == {name(m): "No Senior Mentor is ready to be matched."}


def test_runs_with_no_one_to_assign(server):
    """Nobody accepted; then one pair, pinned, so nobody is left for the
    solver: no failure, an empty draft, then the pinned pair alone."""
    c = Cohort(server)
    c.run()
    doc = c.page()
    assert c.draft(doc) == [] and c.unmatched(doc) == {}
    assert "0 pairs, total score 0" in text_of_doc_section(doc, "h-draft")
    r = c.publish(expect=409)
    assert "There is no draft to publish" in text_of(r)
    (m,) = fresh_users(server, 1)
    c.apply(m, "mentor", topics=["data"])
    c.apply("senior2", "senior", topics=["data"])
    c.accept_all()
    c.override_all()
    c.rule(m, "senior2", "pin")
    c.run()
    d = c.draft()
    assert len(d) == 1 and d[0]["mentor"] == name(m) + " Pinned" and d[0]["Total"] == 10
    c.publish()


def test_pin_keeps_a_pair_across_runs(server):
    c, (m1, m2, m3) = optimal_cohort(server)
    c.run()
    c.rule(m1, "senior1", "pin", reason="Asked for each other.")
    c.run()
    doc = c.page()
    # pinned m1-s1 (30); the rest optimal around it: m3-s3 (10), m2-s2 (0)
    assert pairs_by_user(c, doc) == {m1: "senior1", m2: "senior2", m3: "senior3"}
    pinned = [d for d in c.draft(doc) if d["mentor"].endswith("Pinned")]
    assert [p["senior"] for p in pinned] == [name("senior1")]
    assert "3 pairs, total score 40" in text_of_doc_section(doc, "h-draft")
    for _ in range(2):
        c.run()
        assert pairs_by_user(c)[m1] == "senior1"
    assert server_sql(server, "SELECT pinned FROM match_draft WHERE programme_id = %d "
                      "AND mentor_app = %d" % (c.pid, c.apps[m1])) == [("1",)]
    # one pin per person
    r = c.rule(m1, "senior2", "pin", expect=409)
    assert "is already pinned to someone else. Unpin that pair first." in text_of(r)
    r = c.rule(m2, "senior1", "pin", expect=409)
    assert "is already pinned to someone else" in text_of(r)
    # a rule needs a Mentor and a Senior of this programme
    r = c.rule("senior1", m1, "pin", expect=422)
    other = Cohort(server)
    (x,) = fresh_users(server, 1)
    ax = other.apply(x, "mentor", accept=True)
    path = c.matching + "/rule"
    r = server.client("admin").post(path, {"mentor": str(ax),
                                           "senior": str(c.apps["senior1"]),
                                           "action": "pin"},
                                    token=rmtest.forge_token(server, "admin", action=path))
    assert r.status_code == 404
    # unpinned: the optimum again
    c.rule(m1, "senior1", "unpin")
    c.run()
    assert pairs_by_user(c) == {m1: "senior2", m2: "senior1", m3: "senior3"}


def test_forbid_removes_a_suggested_pair(server):
    c, (m1, m2, m3) = optimal_cohort(server)
    c.run()
    assert pairs_by_user(c)[m1] == "senior2"
    # the draft's own "Never pair" button posts the same rule
    doc = c.page()
    assert any(a.endswith("/matching/rule") for a in form_actions(doc))
    c.rule(m1, "senior2", "forbid")
    c.run()
    drafted = pairs_by_user(c)
    assert drafted[m1] != "senior2"
    assert drafted == {m1: "senior1", m2: "senior2", m3: "senior3"}


def test_settings_or_rules_make_the_draft_stale(server):
    c, (m1, m2, m3) = optimal_cohort(server)
    c.run()
    doc = c.page()
    assert any(a.endswith("/matching/publish") for a in form_actions(doc))
    c.settings(w_availability=6)
    doc = c.page()
    assert "The rules or settings have changed since this run." in doc.text_content()
    assert not any(a.endswith("/matching/publish") for a in form_actions(doc))
    r = c.publish(expect=409)
    assert "The rules or settings changed after the matching ran." in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    c.run()
    c.rule(m3, "senior3", "forbid")
    c.publish(expect=409)
    c.rule(m3, "senior3", "allow")
    c.publish(expect=409)
    c.run()
    c.publish()
    assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d"
                      % c.pid) == [("3",)]


# ---- publication --------------------------------------------------------------------

def home_partner(server, user, c):
    """The partner line of the programme on user's home page, or None."""
    t = text_of(server.client(user).get("/"))
    for other in ("Mentor", SENIOR):
        key = "%s: your %s is " % (c.name, other)
        if key in t:
            return t.split(key, 1)[1]
    return None


def test_publish_creates_pairs_once_and_partners_see_each_other(server):
    c, ms = optimal_cohort(server, extra_mentors=1)
    m1, m2, m3, spare = ms
    c.run()
    expected = {m1: "senior2", m2: "senior1", m3: "senior3"}
    assert pairs_by_user(c) == expected
    draft_rows = set(server_sql(server, "SELECT mentor_app, senior_app, score FROM "
                                "match_draft WHERE programme_id = %d" % c.pid))
    # before: nobody sees a partner
    for u in list(c.apps):
        assert home_partner(server, u, c) is None, u

    r = c.publish()
    assert r.headers["Location"].endswith(c.matching + "?done=published")
    pairs = set(server_sql(server, "SELECT mentor_app, senior_app, score FROM pair "
                           "WHERE programme_id = %d AND status = 'active'" % c.pid))
    assert pairs == draft_rows and len(pairs) == 3
    people = server_sql(server, "SELECT m.principal, s.principal, c.principal FROM pair pr "
                        "JOIN person m ON m.id = pr.mentor_id JOIN person s ON "
                        "s.id = pr.senior_id JOIN person c ON c.id = pr.created_by "
                        "WHERE pr.programme_id = %d" % c.pid)
    assert {(a, b) for a, b, _ in people} == set(expected.items())
    assert {x for _, _, x in people} == {"admin"}
    assert server_sql(server, "SELECT count(*) FROM match_draft WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    assert server_sql(server, "SELECT count(*) FROM match_run WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    assert server_sql(server, "SELECT actor, detail FROM audit WHERE action = "
                      "'matching.publish' AND entity_id = %d" % c.pid) == [("admin", "3")]
    r = server.client("admin").get(c.matching + "?done=published")
    t = text_of(r)
    assert "The pairs have been published." in t
    assert "The matching has not been run since the last publication." in t
    # a second publication is refused and creates nothing
    r = c.publish(expect=409)
    assert "There is no draft to publish" in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d"
                      % c.pid) == [("3",)]

    # each partner sees the other; the spare Mentor and others see no one
    for mentor, senior in expected.items():
        assert home_partner(server, mentor, c).startswith(
            "%s (%s@demo.ac.uk)." % (name(senior), senior))
        assert home_partner(server, senior, c).startswith(
            "%s (%s@demo.ac.uk)." % (name(mentor), mentor))
    for u in (spare, "staff1", "mentor1", "admin"):
        assert home_partner(server, u, c) is None, u
    t = text_of(server.client(spare).get("/"))
    for u in expected.items():
        assert name(u[0]) not in t and name(u[1]) not in t

    # a new run leaves the paired out; the spare has no one left
    c.run()
    doc = c.page()
    d = definitions(doc)
    assert d["Already in a published pair"] == "6"
    assert d["Mentors ready to be matched"] == "1"
    assert c.draft(doc) == []
    assert c.unmatched(doc) == {name(spare): "No Senior Mentor is ready to be matched."}
    c.publish(expect=409)


def test_publish_refused_when_drafted_people_are_no_longer_free(server):
    """Between the run and the publication: someone drafted withdraws, or
    is no longer trained (their override removed): publishing is refused
    until the matching runs again, and the new run leaves them out."""
    c, (m1, m2, m3) = optimal_cohort(server)
    c.run()
    aid = c.apps[m3]
    r = server.client(m3).post("/applications/%d/withdraw" % aid,
                               token_from="/applications/%d" % aid)
    assert r.status_code == 303
    r = c.publish(expect=409)
    assert "some of its people have withdrawn" in text_of(r)
    c.run()
    assert m3 not in pairs_by_user(c)
    # an override removed after the run
    c.override(m2, action="remove", reason="")
    r = c.publish(expect=409)
    assert "are no longer recorded as trained" in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    c.run()
    assert m2 not in pairs_by_user(c)
    c.publish()
    assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d"
                      % c.pid) == [("1",)]


def forged_posts(server, user, c):
    """(path, status) of every matching POST, each with a valid token."""
    out = []
    bodies = {
        "/run": {},
        "/rule": {"mentor": str(next(v for k, v in c.apps.items() if c.roles[k] == "mentor")),
                  "senior": str(c.apps["senior1"]), "action": "forbid", "reason": "x"},
        "/settings": {"w_topics": "0", "w_gain": "0", "w_availability": "0",
                      "w_pref_mentor": "0", "w_pref_senior": "0", "apart_department": "0",
                      "apart_institution": "0"},
        "/publish": {},
    }
    for suffix, body in bodies.items():
        path = c.matching + suffix
        r = server.client(user).post(path, body,
                                     token=rmtest.forge_token(server, user, action=path))
        out.append((path, r.status_code))
    return out


def test_a_draft_is_invisible_to_everyone_but_the_team(server):
    c = Cohort(server)
    (m,) = fresh_users(server, 1)
    c.team("facilitator", "facilitator")
    c.apply(m, "mentor", topics=["data"])
    c.apply("mentor1", "mentor", topics=["data"], department="Student Services")
    c.apply("senior1", "senior", topics=["data"])
    c.apply("senior2", "senior", topics=["data"])
    c.accept_all()
    c.override_all()
    c.run()
    draft = pairs_by_user(c)
    assert len(draft) == 2
    before = server_sql(server, "SELECT mentor_app, senior_app FROM match_draft "
                        "WHERE programme_id = %d ORDER BY mentor_app" % c.pid)
    names = [name(u) for u in c.apps]

    # participants see no partner's name on their home page
    for u in c.apps:
        t = text_of(server.client(u).get("/"))
        assert home_partner(server, u, c) is None
        for other in names:
            if other != name(u):
                assert other not in t, (u, other)
    # participants, staff, HR and an admin not on the team: 404 everywhere
    for user in (m, "mentor1", "senior1", "staff1", "hr", "admin2"):
        assert server.client(user).get(c.matching).status_code == 404, user
        for path, status in forged_posts(server, user, c):
            assert status == 404, (user, path, status)
    assert server.client("student1").get(c.matching).status_code == 403
    # the facilitator on the team: read only
    r, doc = server.client("facilitator").page(c.matching)
    t = text_of(r)
    assert "Only its administrators can change or publish it." in t
    for mentor, senior in draft.items():
        assert name(mentor) in t and name(senior) in t
    for a in form_actions(doc):
        assert not any(a.endswith("/matching" + s) for s in
                       ("/run", "/rule", "/settings", "/publish")), a
    for path, status in forged_posts(server, "facilitator", c):
        assert status == 404, ("facilitator", path, status)
    # a facilitator not on the team
    c2 = Cohort(server)
    assert server.client("facilitator").get(c2.matching).status_code == 404
    # nothing changed
    assert server_sql(server, "SELECT mentor_app, senior_app FROM match_draft "
                      "WHERE programme_id = %d ORDER BY mentor_app" % c.pid) == before
    assert server_sql(server, "SELECT count(*) FROM match_rule WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    assert server_sql(server, "SELECT count(*) FROM match_settings WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d"
                      % c.pid) == [("0",)]
    assert server_sql(server, "SELECT count(*) FROM match_run WHERE programme_id = %d "
                      "AND stale = 0" % c.pid) == [("1",)]
    # unknown programme
    assert server.client("admin").get("/admin/programmes/999999/matching").status_code == 404


# ---- two admins publishing at once ----------------------------------------------------

def race_once(server, c):
    barrier = threading.Barrier(2)
    results = {}

    def go(user):
        cl = server.client(user)
        path = c.matching + "/publish"
        tok = rmtest.forge_token(server, user, action=path)
        barrier.wait()
        results[user] = cl.post(path, {}, token=tok).status_code

    ts = [threading.Thread(target=go, args=(u,)) for u in ("admin", "admin2")]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    return sorted(results.values())


def race_cohort(server):
    c = Cohort(server)
    c.team("admin2", "admin")
    m1, m2 = fresh_users(server, 2)
    c.apply(m1, "mentor", topics=["data"])
    c.apply(m2, "mentor", topics=["culture"])
    c.apply("senior1", "senior", topics=["data"])
    c.apply("senior2", "senior", topics=["culture"])
    c.accept_all()
    c.override_all()
    c.run()
    return c


def test_two_admins_publishing_at_once_make_one_set_of_pairs(server):
    for _ in range(4):
        c = race_cohort(server)
        n = len(c.draft())
        assert n == 2
        assert race_once(server, c) == [303, 409]
        assert server_sql(server, "SELECT count(*) FROM pair WHERE programme_id = %d"
                          % c.pid) == [(str(n),)]
        assert server_sql(server, "SELECT count(*) FROM audit WHERE action = "
                          "'matching.publish' AND entity_id = %d" % c.pid) == [("1",)]


def test_matching_pages_leave_no_errors_in_the_log(server):
    assert server.log_problems() == []
