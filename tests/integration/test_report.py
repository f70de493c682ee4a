"""The programme report (features/report/pages_programme_report.c): the
funnel, training, meetings per pair, check-in ratings, support actions,
evaluation, actions and career steps, each a table through small-number
suppression (RMentorSuppressBelow, 5 here) and an inline SVG chart drawn from
it; a CSV download of each table, each download audited (view.report, no
figures; reading the page, which holds no personal data, is not); 404 for
everyone but the programme's team.  Both backends,
through the `server` fixture.

The cohort is test_equality's (people who never sign in, written by SQL),
with meetings, check-ins, support actions, an evaluation, actions and career
steps added by SQL; the figures are checked against SQL counts."""
import csv
import io
import uuid

import rmtest
from cohort import Cohort, server_sql, table_rows, wait_until
import test_equality

K = 5
TABLES = ("funnel", "training", "meetings", "ratings", "support", "responses",
          "evaluation", "actions", "careers")


def path_of(pid, csv_table=None):
    if csv_table is None:
        return "/admin/programmes/%d/report" % pid
    return "/admin/programmes/%d/report.csv?table=%s" % (pid, csv_table)


def seed(server, pid):
    """test_equality's cohort, then the year's records on its pairs."""
    test_equality.seed(server, pid)
    pairs = [r[0] for r in server_sql(server, "SELECT id FROM pair WHERE programme_id = %d "
                                      "ORDER BY id" % pid)]
    people = server_sql(server, "SELECT mentor_id, senior_id FROM pair WHERE programme_id = %d "
                        "ORDER BY id" % pid)
    assert len(pairs) == 6
    # confirmed meetings: five pairs at the minimum (6), one with 2; a
    # withdrawn meeting never counts
    values = []
    for i, p in enumerate(pairs):
        for _ in range(6 if i < 5 else 2):
            values.append("(%s, '2026-01-10', 60, 'online', 'confirmed', %s, 0, 0)"
                          % (p, people[i][0]))
    values.append("(%s, '2026-01-11', 60, 'online', 'withdrawn', %s, 0, 0)"
                  % (pairs[5], people[5][0]))
    server_sql(server, "INSERT INTO meeting (pair_id, held_on, minutes, mode, status, "
               "logged_by, logged_at, updated_at) VALUES " + ", ".join(values))
    # check-ins: both partners of every pair; ratings 4 (x8), 5 (x3), 2 (x1)
    ratings = [4] * 8 + [5] * 3 + [2]
    values = []
    for i, p in enumerate(pairs):
        for j in range(2):
            values.append("(%s, %s, %d, 'yes', 0, 0)" % (p, people[i][j], ratings[2 * i + j]))
    server_sql(server, "INSERT INTO checkin (pair_id, person_id, rating, on_plan, "
               "submitted_at, updated_at) VALUES " + ", ".join(values))
    admin_id = server_sql(server, "SELECT id FROM person WHERE principal = 'admin'")[0][0]
    # support actions: 6 done, 2 open
    server_sql(server, "INSERT INTO support_action (pair_id, what, owner_id, due_on, status, "
               "created_by, created_at, updated_at) VALUES " + ", ".join(
                   "(%s, 'Call', %s, '2026-02-01', '%s', %s, 0, 0)"
                   % (pairs[0], admin_id, st, admin_id)
                   for st in ["done"] * 6 + ["open"] * 2))
    # the evaluation: two rating questions of our own; 7 answer the first
    # (mean 4.0), 3 the second (withheld)
    tag = uuid.uuid4().hex[:6]
    server_sql(server, "INSERT INTO eval_question (programme_id, position, kind, wording) "
               "VALUES (%d, 48, 'rating', 'Report Q one %s'), (%d, 49, 'rating', "
               "'Report Q two %s')" % (pid, tag, pid, tag))
    q1, q2 = [r[0] for r in server_sql(server, "SELECT id FROM eval_question WHERE "
                                       "programme_id = %d AND position IN (48, 49) "
                                       "ORDER BY position" % pid)]
    respondents = [m for m, _ in people] + [s for _, s in people][:1]   # 7
    server_sql(server, "INSERT INTO eval_response (programme_id, person_id, role, "
               "submitted_at, updated_at) VALUES " + ", ".join(
                   "(%d, %s, '%s', 0, 0)" % (pid, who, "mentor" if i < 6 else "senior")
                   for i, who in enumerate(respondents)))
    rids = [r[0] for r in server_sql(server, "SELECT id FROM eval_response WHERE "
                                     "programme_id = %d ORDER BY id" % pid)]
    first = [5, 4, 4, 3, 4, 4, 4]
    server_sql(server, "INSERT INTO eval_answer (response_id, question_id, rating) VALUES "
               + ", ".join("(%s, %s, %d)" % (r, q1, v) for r, v in zip(rids, first)) + ", "
               + ", ".join("(%s, %s, 3)" % (r, q2) for r in rids[:3]))
    # actions by the Senior Mentors: 6 culture done, 2 pay planned
    seniors = [s for _, s in people]
    server_sql(server, "INSERT INTO inst_action (programme_id, person_id, title, area, status, "
               "created_at, updated_at) VALUES " + ", ".join(
                   "(%d, %s, 'Act', '%s', '%s', 0, 0)" % (pid, seniors[i % 6], area, st)
                   for i, (area, st) in enumerate([("culture", "done")] * 6
                                                  + [("pay", "planned")] * 2)))
    # career steps of the Mentors: 5 promotions, 1 award
    mentors = [m for m, _ in people]
    server_sql(server, "INSERT INTO career_step (programme_id, person_id, kind, title, taken_on, "
               "created_at, updated_at) VALUES " + ", ".join(
                   "(%d, %s, '%s', 'Step', '2026-03-01', 0, 0)" % (pid, mentors[i], kind)
                   for i, kind in enumerate(["promotion"] * 5 + ["award"])))
    return q1, q2


def tables(doc):
    return {t: table_rows(doc, "h-" + t) for t in TABLES}


def check(shown, true):
    """A figure as suppression shows it: 1..4 as "fewer than 5", anything
    shown is the SQL count."""
    if 1 <= true < K:
        assert shown == "fewer than 5", (shown, true)
    elif shown != "suppressed":
        assert shown == str(true), (shown, true)


def count(server, sql):
    return int(server_sql(server, sql)[0][0])


def views(server, pid):
    return server_sql(server, "SELECT actor, entity, entity_id, detail FROM audit WHERE "
                      "action = 'view.report' AND entity_id = %d ORDER BY id" % pid)


def test_figures_charts_and_suppression(server):
    c = Cohort(server)
    seed(server, c.pid)
    admin = server.client("admin")
    assert wait_until(lambda: tables(admin.page(path_of(c.pid))[1])["careers"][-2][1] == "fewer than 5",
                      timeout=15)
    r, doc = admin.page(path_of(c.pid))
    t = tables(doc)
    text = rmtest.text_of(r)
    assert 'shown as "fewer than 5"' in text and "Each download is recorded." in text
    pid = c.pid
    # the funnel, against SQL: applications by role, then each stage
    apps = {role: count(server, "SELECT count(*) FROM application WHERE programme_id = %d "
                        "AND role = '%s'" % (pid, role)) for role in ("mentor", "senior")}
    funnel = {row[0]: row[1:] for row in t["funnel"]}
    assert funnel["Applications"] == [str(apps["mentor"]), str(apps["senior"]),
                                      str(apps["mentor"] + apps["senior"])]
    for stage, sql in (("Accepted", "SELECT count(*) FROM application WHERE programme_id = %d "
                        "AND role = '%s' AND status = 'accepted'"),
                       ("Matched", "SELECT count(DISTINCT a.id) FROM pair p JOIN application a "
                        "ON a.id IN (p.mentor_app, p.senior_app) WHERE p.programme_id = %d "
                        "AND a.role = '%s'"),
                       ("Completed", "SELECT count(DISTINCT a.id) FROM pair p JOIN application "
                        "a ON a.id IN (p.mentor_app, p.senior_app) WHERE p.programme_id = %d "
                        "AND a.role = '%s' AND p.status = 'completed'")):
        for i, role in enumerate(("mentor", "senior")):
            check(funnel[stage][i], count(server, sql % (pid, role)))
    # 3 and 3 completed: both hidden, the total (6) shown
    assert funnel["Completed"] == ["fewer than 5", "fewer than 5", "6"]
    # meetings per pair: five at the minimum, one with 2 (withdrawn not counted)
    meetings = {row[0]: row[1] for row in t["meetings"]}
    assert meetings["2"] == "fewer than 5"
    assert meetings["6 or more (the minimum)"] == "suppressed"
    # 6 = 5 + "fewer than 5" would give both away: the total goes too
    assert meetings["0"] == "0" and meetings["Total"] == "suppressed"
    # check-in ratings against SQL
    for row in t["ratings"][:5]:
        check(row[1], count(server, "SELECT count(*) FROM checkin c JOIN pair p ON p.id = "
                        "c.pair_id WHERE p.programme_id = %d AND c.rating = %s" % (pid, row[0])))
    assert t["ratings"][-1] == ["Total", "12"]
    support = {row[0]: row[1] for row in t["support"]}
    assert support["Done"] in ("6", "suppressed") and support["Open"] == "fewer than 5"
    assert support["Total"] == "8"
    # evaluation: the first question's mean from 7 answers, the second withheld
    positions = [int(row[0].split()[-1]) for row in t["evaluation"]]
    assert positions == sorted(positions) and positions[-2:] == [48, 49]
    ev = {row[1]: row for row in t["evaluation"]}
    one = [row for w, row in ev.items() if w.startswith("Report Q one")][0]
    two = [row for w, row in ev.items() if w.startswith("Report Q two")][0]
    assert one[2:] == ["7", "4.0"]
    assert two[2:] == ["fewer than 5", "fewer than 5"]
    # actions by area and status: culture done 6 shown, pay planned 2 hidden
    actions = {row[0]: row[1:] for row in t["actions"]}
    assert actions["Culture"][2] in ("6", "suppressed")
    assert actions["Pay"][0] == "fewer than 5"
    assert actions["All areas"][3] == "8"
    careers = {row[0]: row[1] for row in t["careers"]}
    assert careers["Promotion"] == "suppressed" and careers["Award"] == "fewer than 5"
    assert careers["Total"] == "suppressed"
    for row in t["careers"][:-1]:
        kind = row[0].lower().replace(" ", "_")
        check(row[1], count(server, "SELECT count(*) FROM career_step WHERE programme_id = %d "
                            "AND kind = '%s'" % (pid, kind)))
    # a chart per section: a picture named by its title, described in words,
    # a bar per shown figure and none for a hidden one, no script anywhere
    assert not doc.xpath("//script")
    charts = doc.xpath("//svg")
    assert len(charts) == len(TABLES)
    for svg in charts:
        assert svg.get("role") == "img"
        ids = svg.get("aria-labelledby").split()
        assert len(ids) == 2
        assert svg.xpath("./title")[0].get("id") == ids[0]
        assert svg.xpath("./desc")[0].get("id") == ids[1]
        assert "The table below gives the same figures." in svg.xpath("./desc")[0].text_content()
    funnel_svg = doc.xpath("//svg[title[@id='chart-funnel-t']]")[0]
    # 5 stages x 2 roles, less the hidden Completed figures
    assert len(funnel_svg.xpath(".//g[@class='bars']/rect")) == 8
    assert len(funnel_svg.xpath(".//text[contains(@class, 'sup')]")) == 2
    # a CSV link per table, and the programme's admin page links the report
    hrefs = " ".join(doc.xpath("//a/@href"))
    for name in TABLES:
        assert "report.csv?table=" + name in hrefs
    _, adoc = admin.page("/admin/programmes/%d/applications" % pid)
    assert path_of(pid) in " ".join(adoc.xpath("//nav//a/@href"))


def test_csv_per_table(server):
    c = Cohort(server)
    seed(server, c.pid)
    admin = server.client("admin")
    assert wait_until(lambda: tables(admin.page(path_of(c.pid))[1])["careers"][-2][1] == "fewer than 5",
                      timeout=15)
    _, doc = admin.page(path_of(c.pid))
    html = tables(doc)
    for name in TABLES:
        r = admin.get(path_of(c.pid, name))
        assert r.status_code == 200, name
        assert r.headers["Content-Type"].startswith("text/csv")
        assert r.headers["Content-Disposition"] == (
            'attachment; filename="programme-%d-%s.csv"' % (c.pid, name))
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert rows[1:] == html[name], name
        assert len(rows[0]) == len(rows[1]) if len(rows) > 1 else True
    # the same suppression in the file
    r = admin.get(path_of(c.pid, "funnel"))
    assert "Completed,fewer than 5,fewer than 5,6" in r.content.decode("utf-8-sig")
    # an unknown table, or none: 400 naming it
    r = admin.get(path_of(c.pid, "salaries"))
    assert r.status_code == 400 and "salaries" in rmtest.text_of(r)
    r = admin.get("/admin/programmes/%d/report.csv" % c.pid)
    assert r.status_code == 400


def test_each_download_is_audited_without_figures(server):
    c = Cohort(server)
    before = len(views(server, c.pid))
    server.client("admin").page(path_of(c.pid))
    server.client("admin").page(path_of(c.pid))
    server.client("admin").get(path_of(c.pid, "ratings"))
    rows = views(server, c.pid)
    assert rows[before:] == [("admin", "programme", str(c.pid), "table=ratings")]
    # refusals and bad tables write nothing
    assert server.client("staff1").get(path_of(c.pid)).status_code == 404
    assert server.client("staff1").get(path_of(c.pid, "funnel")).status_code == 404
    assert server.client("admin").get(path_of(c.pid, "nope")).status_code == 400
    assert len(views(server, c.pid)) == before + 1


def test_only_the_programmes_team_sees_it(server):
    c = Cohort(server)
    other = Cohort(server)
    other.team("admin2", "admin")
    other.team("facilitator", "facilitator")
    rmtest.apply(server, "mentor1", c.pid, "mentor")
    for user in ("staff1", "mentor1", "hr", "admin2", "facilitator", "senior1"):
        assert server.client(user).get(path_of(c.pid)).status_code == 404, user
        assert server.client(user).get(path_of(c.pid, "funnel")).status_code == 404, user
    for user in ("admin2", "facilitator"):
        assert server.client(user).get(path_of(other.pid)).status_code == 200, user
    c.team("facilitator", "facilitator")
    assert server.client("facilitator").get(path_of(c.pid)).status_code == 200
    for user in ("admin", "mentor1"):
        assert server.client(user).get(path_of(999999)).status_code == 404, user
    # the refusals wrote nothing, and reading is not audited (downloads are)
    assert views(server, c.pid) == []


def test_prints_as_the_final_report(server):
    """The stylesheet's print rules: no header or navigation, no download
    links, each section's chart and table kept together."""
    css = server.client("admin").get("/static/rmentor.css").text
    start = css.index("@media print{")
    body = css[start:]
    assert ".site-header" in body and "nav" in body and ".no-print{display:none}" in body
    assert ".report-section{break-inside:avoid" in body
    # the download links are marked as not printed
    c = Cohort(server)
    _, doc = server.client("admin").page(path_of(c.pid))
    links = doc.xpath("//a[contains(@href, 'report.csv')]")
    assert links and all(a.getparent().get("class") == "no-print" for a in links)


def test_across_programmes_year_on_year(server):
    """/admin/reports: the funnel of each programme the admin runs, oldest
    start year first, small figures as "fewer than 5"; admins only (others
    404), only their own programmes; reading it is not audited (no personal
    data)."""
    old = Cohort(server, admin="admin2")
    new = Cohort(server, admin="admin2")
    seed(server, new.pid)
    server_sql(server, "UPDATE programme SET start_date = '2023-09-01' WHERE id = %d" % old.pid)
    rmtest.apply(server, "mentor1", old.pid, "mentor")
    a2 = server.client("admin2")

    def rows():
        return table_rows(a2.page("/admin/reports")[1], "h-programmes")
    assert wait_until(lambda: len(rows()) >= 2 and rows()[-1][2] == "24"
                      and rows()[0][1] == "2023", timeout=15)
    got = {row[0]: row for row in rows()}
    assert got[new.name][2:] == ["24", "16", "12", "12", "6"]
    assert got[old.name][1:] == ["2023", "fewer than 5", "0", "0", "0", "0"]
    # year on year: the programmes by start year, oldest first
    years = [row[1] for row in rows()]
    assert years == sorted(years)
    # another admin's programmes are not there
    other = Cohort(server)
    _, doc = a2.page("/admin/reports")
    assert other.name not in [r[0] for r in table_rows(doc, "h-programmes")]
    # a grouped chart: a bar per shown figure, a legend of the stages
    svg = doc.xpath("//svg[@role='img']")[0]
    assert svg.xpath("./title") and svg.xpath("./desc")
    assert len(svg.xpath(".//g[@class='legend']/text")) == 5
    assert svg.xpath(".//text[contains(@class, 'sup')]")
    # links to each programme's report
    assert "/admin/programmes/%d/report" % new.pid in " ".join(doc.xpath("//a/@href"))
    # admins only
    for user in ("staff1", "facilitator", "hr", "mentor1"):
        assert server.client(user).get("/admin/reports").status_code == 404, user
    assert server_sql(server, "SELECT count(*) FROM audit WHERE action = 'view.report' "
                      "AND entity = 'reports'")[0][0] in (0, "0")
