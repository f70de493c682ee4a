"""The team's equality page (features/report): applications and their
outcomes by role and self-identification, every figure through small-number
suppression (core/suppress.c, RMentorSuppressBelow, 5 here: the default), an
audit row per view that names the programme and holds no figure, and 404 for
everyone but the programme's team.  Both backends, through the `server`
fixture.

The applicants are people who never sign in: their rows, applications,
training, and pairs are written by SQL (server_sql), then the page is read
until it shows them (PostgreSQL tells each child's cache a moment later)."""
import uuid

import rmtest
from cohort import Cohort, server_sql, wait_until

K = 5
OUTCOMES = ("applied", "accepted", "trained", "paired", "completed")
IDS = {"applied": "h-applied", "accepted": "h-accepted", "trained": "h-trained",
       "paired": "h-paired", "completed": "h-completed"}
# (role, self-identified) -> how far each applicant got: the stage reached
# (0 applied only, 1 accepted, 2 trained, 3 paired in an active pair,
# 4 in a completed pair) and how many got there
COHORT = {
    ("mentor", 1): {0: 4, 1: 2, 3: 3, 4: 3},     # 12 applied
    ("mentor", 0): {0: 1},                        # 1: an old application, not stated
    ("senior", 0): {0: 2, 1: 1, 3: 3, 4: 3},     # 9
    ("senior", 1): {0: 1, 1: 1},                  # 2
}
ROWS = ("mentor", "senior")
COLS = (1, 0)


def truth():
    """{outcome: [[mentor yes, mentor not stated, total], [senior ...],
    [totals ...]]}: what suppression starts from."""
    out = {}
    for o, outcome in enumerate(OUTCOMES):
        cells = [[sum(n for stage, n in COHORT.get((role, si), {}).items() if stage >= o)
                  for si in COLS] for role in ROWS]
        grid = [row + [sum(row)] for row in cells]
        grid.append([sum(grid[r][c] for r in range(2)) for c in range(3)])
        out[outcome] = grid
    return out


def seed(server, pid):
    """The cohort's people, applications, training and pairs, by SQL."""
    tag = uuid.uuid4().hex[:8]
    admin_id = server_sql(server, "SELECT id FROM person WHERE principal = 'admin'")[0][0]
    people = []
    for (role, si), stages in COHORT.items():
        for stage, n in stages.items():
            for _ in range(n):
                people.append((role, si, stage, "eq-%s-%d" % (tag, len(people))))
    server_sql(server, "INSERT INTO person (principal, display_name, first_seen, last_seen) "
               "VALUES " + ", ".join("('%s', 'Equality Tester', 0, 0)" % p[3] for p in people))
    ids = dict(server_sql(server, "SELECT principal, id FROM person WHERE principal LIKE "
                          "'eq-%s-%%'" % tag))
    server_sql(server, "INSERT INTO application (programme_id, person_id, role, status, "
               "self_identified, created_at, updated_at) VALUES " + ", ".join(
                   "(%d, %s, '%s', '%s', %d, 0, 0)"
                   % (pid, ids[p], role, "accepted" if stage >= 1 else "declined", si)
                   for role, si, stage, p in people))
    apps = dict(server_sql(server, "SELECT person_id, id FROM application WHERE "
                           "programme_id = %d" % pid))
    app_of = {p: apps[ids[p]] for _, _, _, p in people}
    # training: everyone who got to stage 2 attended a session of their role
    for role in ROWS:
        server_sql(server, "INSERT INTO training_session (programme_id, role, title, day, "
                   "starts, ends, capacity, created_at, updated_at) VALUES (%d, '%s', "
                   "'Training', '%s', '10:00', '12:00', 50, 0, 0)" % (pid, role, rmtest.days(-30)))
    sessions = dict(server_sql(server, "SELECT role, id FROM training_session WHERE "
                               "programme_id = %d" % pid))
    trained = [(role, p) for role, si, stage, p in people if stage >= 2]
    server_sql(server, "INSERT INTO training_booking (session_id, application_id, attendance, "
               "booked_at) VALUES " + ", ".join("(%s, %s, 'attended', 0)"
                                                % (sessions[role], app_of[p])
                                                for role, p in trained))
    # pairs: the Mentors and Senior Mentors at stage 3 (active) and 4
    # (completed), in order
    for stage, status in ((3, "active"), (4, "completed")):
        ms = [p for role, si, st, p in people if role == "mentor" and st == stage]
        ss = [p for role, si, st, p in people if role == "senior" and st == stage]
        assert len(ms) == len(ss)
        server_sql(server, "INSERT INTO pair (programme_id, mentor_app, senior_app, mentor_id, "
                   "senior_id, status, created_by, created_at) VALUES " + ", ".join(
                       "(%d, %s, %s, %s, %s, '%s', %s, 0)"
                       % (pid, app_of[m], app_of[s], ids[m], ids[s], status, admin_id)
                       for m, s in zip(ms, ss)))


def page_tables(doc):
    """{outcome: 3 x 3 texts} of the page's tables (the row headers left out)."""
    from cohort import table_rows
    return {o: [row[1:] for row in table_rows(doc, IDS[o])] for o in OUTCOMES}


def path_of(pid):
    return "/admin/programmes/%d/equality" % pid


def views(server, pid):
    return server_sql(server, "SELECT actor, entity, entity_id, detail FROM audit WHERE "
                      "action = 'view.selfid' AND entity_id = %d ORDER BY id" % pid)


def test_figures_suppressed_with_their_totals(server):
    c = Cohort(server)
    seed(server, c.pid)
    want = truth()
    grand = str(want["applied"][2][2])
    # the page reads what was written outside it (PostgreSQL: a moment later)
    assert wait_until(lambda: page_tables(server.client("admin").page(path_of(c.pid))[1])
                      ["applied"][2][2] == grand, timeout=15)
    r, doc = server.client("admin").page(path_of(c.pid))
    got = page_tables(doc)
    text = rmtest.text_of(r)
    assert 'shown as "fewer than 5"' in text
    assert "Viewing this page is recorded." in text
    seen = {"small": 0, "secondary": 0}
    for o in OUTCOMES:
        g, w = got[o], want[o]
        assert len(g) == 3 and all(len(row) == 3 for row in g), (o, g)
        for r_ in range(3):
            for c_ in range(3):
                v, shown = w[r_][c_], g[r_][c_]
                if 1 <= v < K:
                    # every figure from 1 to 4 is hidden as "fewer than 5"
                    assert shown == "fewer than 5", (o, r_, c_, shown)
                    seen["small"] += 1
                elif shown == "suppressed":
                    seen["secondary"] += 1
                else:
                    # anything else shown is the true figure (0 is shown)
                    assert shown == str(v), (o, r_, c_, shown, v)
        # no line (a row with its total, a column with its total) has one
        # hidden figure alone: none can be worked out as the total less the
        # shown figures, nor as the sum of the shown cells
        lines = [g[i] for i in range(3)] + [[g[i][j] for i in range(3)] for j in range(3)]
        for line in lines:
            hidden = [x for x in line if not x.isdigit()]
            assert len(hidden) != 1, (o, g)
            if len(hidden) == 0:
                assert int(line[0]) + int(line[1]) == int(line[2]), (o, line)
    # the seeded cohort has both kinds on the page
    assert seen["small"] >= 5 and seen["secondary"] >= 2, seen
    # the applications table as the rules give it: the Senior Mentors who
    # self-identified (2) and the Mentor not stated (1) are small; their rows
    # and columns lose a second figure each (suppressed), the grand total
    # stays
    a = got["applied"]
    assert a[1][0] == "fewer than 5" and a[0][1] == "fewer than 5"
    assert "suppressed" in a[0] + a[1] + [a[2][0], a[2][1]]
    assert a[2][2] == "24"
    # the class names the kind, for the eye (the words say it too)
    assert doc.xpath("//td[@class='sup-small']") and doc.xpath("//td[@class='sup-hidden']")
    # the link from the programme's admin page
    _, adoc = server.client("admin").page("/admin/programmes/%d/applications" % c.pid)
    assert path_of(c.pid) in " ".join(adoc.xpath("//nav//a/@href"))


def test_each_view_is_audited_without_figures(server):
    c = Cohort(server)
    seed(server, c.pid)
    before = len(views(server, c.pid))
    server.client("admin").page(path_of(c.pid))
    rows = views(server, c.pid)
    assert len(rows) == before + 1
    assert rows[-1] == ("admin", "programme", str(c.pid), "")
    # no audit row about the programme holds a figure or an answer
    for (detail,) in server_sql(server, "SELECT detail FROM audit WHERE action LIKE 'view.%%' "
                                "AND entity_id = %d" % c.pid):
        assert detail == ""
    # a refusal writes nothing
    assert server.client("staff1").get(path_of(c.pid)).status_code == 404
    assert len(views(server, c.pid)) == before + 1


def test_only_the_programmes_team_sees_it(server):
    """The programme is run by admin, with admin2 and the facilitator on
    another programme's team; staff, applicants, HR and that other team get
    404, as for an id of nothing."""
    c = Cohort(server)
    other = Cohort(server)
    other.team("admin2", "admin")
    other.team("facilitator", "facilitator")
    rmtest.apply(server, "mentor1", c.pid, "mentor")
    for user in ("staff1", "mentor1", "hr", "admin2", "facilitator", "senior1"):
        assert server.client(user).get(path_of(c.pid)).status_code == 404, user
    # ...who reach their own programme's page
    for user in ("admin2", "facilitator"):
        assert server.client(user).get(path_of(other.pid)).status_code == 200, user
    # a facilitator of this programme reads it too
    c.team("facilitator", "facilitator")
    assert server.client("facilitator").get(path_of(c.pid)).status_code == 200
    for user in ("admin", "mentor1"):
        assert server.client(user).get(path_of(999999)).status_code == 404, user
    # nobody refused left an audit row
    assert [r[0] for r in views(server, c.pid)] == ["facilitator"]
