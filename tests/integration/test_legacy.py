"""The programme's legacy (features/legacy): Senior Mentors' actions in their
institutions (recorded from the programme's start, moved from planned to in
progress to done and never back, done only with the date it was done,
shared with the sector by choice) and Mentors' career steps (dated from the
programme's start to two years after its end, recorded, changed and
deleted only while that window is open); each person changes only their
own, the programme's team reads everyone's and changes nothing, the shared
actions are read by the programme's participants and team, and everyone
else gets 404 whatever ids they try.  Both backends, through the `server`
fixture.

A programme's applicants are accepted through the admin's decisions; the
programme is then put in its year by SQL (server_sql), as test_checkin does.
Mentors are fresh load accounts ("Load Tester N"), Senior Mentors fresh exec
accounts ("Executive N")."""
import re
import uuid

import rmtest
from rmtest import days, text_of
from cohort import Cohort, fresh_users, said, table_rows, server_sql, wait_until


def fresh_execs(server, n):
    k = getattr(server, "_legacy_execs", 0)
    server._legacy_execs = k + n
    return server.add_load_users(n, start=75000 + k, prefix="exec")


def exec_name(user):
    return "Executive %s" % re.match(r"exec(\d+)$", user).group(1)


class Legacy:
    """A programme with accepted Mentors and Senior Mentors, started
    `start` days ago (12 months long)."""

    def __init__(self, server, mentors=1, seniors=2, start=-100):
        self.server = server
        self.c = Cohort(server)
        self.pid = self.c.pid
        self.mentors = fresh_users(server, mentors)
        self.seniors = fresh_execs(server, seniors)
        for u in self.mentors:
            self.c.apply(u, "mentor")
        for u in self.seniors:
            self.c.apply(u, "senior", senior_role="Pro-Vice-Chancellor")
        self.c.accept_all()
        self.set_start(start)

    def outside(self, sql):
        """SQL as another program would run it; then wait until the module's
        pages read what it changed (PostgreSQL notifies each child's cache
        a moment later)."""
        marker = "Changed outside " + uuid.uuid4().hex
        server_sql(self.server, sql.rstrip("; ") + "; UPDATE programme SET description = "
                   "'%s' WHERE id = %d" % (marker, self.pid))
        assert wait_until(lambda: marker in text_of(
            self.server.client("staff1").get("/programmes/%d" % self.pid)), timeout=10)

    def set_start(self, start):
        self.outside("UPDATE programme SET start_date = '%s', length_months = 12 "
                     "WHERE id = %d" % (days(start), self.pid))

    @property
    def actions(self):
        return "/programmes/%d/actions" % self.pid

    @property
    def careers(self):
        return "/programmes/%d/careers" % self.pid

    @property
    def shared(self):
        return "/programmes/%d/shared-actions" % self.pid

    @property
    def team_actions(self):
        return "/admin/programmes/%d/actions" % self.pid

    @property
    def team_careers(self):
        return "/admin/programmes/%d/careers" % self.pid


ACTION = {"title": "Reverse mentoring for the promotion panel",
          "description": "Panel members are mentored by staff of colour.",
          "area": "promotion", "status": "planned", "started_on": "", "done_on": "",
          "outcome": ""}


def add_action(server, lg, user, expect=303, **over):
    form = dict(ACTION)
    form.update(over)
    r = server.client(user).post(lg.actions, form)
    assert r.status_code == expect, (user, r.status_code, said(r))
    return r


def action_ids(server, lg, user):
    _, doc = server.client(user).page(lg.actions)
    return [int(x) for x in re.findall(r"/actions/(\d+)/edit",
                                       " ".join(doc.xpath("//a/@href")))]


def edit_action(server, aid, user, expect=303, **over):
    path = "/actions/%d/edit" % aid
    c = server.client(user)
    _, doc = c.page(path)
    form = {}
    for n in ("title", "started_on", "done_on"):
        v = doc.xpath("//input[@name=$n]/@value", n=n)
        form[n] = v[0] if v else ""
    for n in ("description", "outcome"):
        form[n] = doc.xpath("string(//textarea[@name=$n])", n=n)
    for n in ("area", "status"):
        v = doc.xpath("//input[@name=$n][@checked]/@value", n=n)
        form[n] = v[0] if v else ""
    if doc.xpath("//input[@name='shareable'][@checked]"):
        form["shareable"] = "1"
    form.update(over)
    form = {k: v for k, v in form.items() if v is not None}
    r = c.post(path, form)
    assert r.status_code == expect, (r.status_code, said(r))
    return r


STEP = {"kind": "promotion", "title": "Promoted to Head of Registry Services",
        "taken_on": days(-10), "note": ""}


def add_step(server, lg, user, expect=303, **over):
    form = dict(STEP)
    form.update(over)
    r = server.client(user).post(lg.careers, form)
    assert r.status_code == expect, (user, r.status_code, said(r))
    return r


def step_ids(server, lg, user):
    _, doc = server.client(user).page(lg.careers)
    return [int(x) for x in re.findall(r"/careers/(\d+)/edit",
                                       " ".join(doc.xpath("//a/@href")))]


def forged_post(server, user, path, data=None):
    return server.client(user).post(path, data or {},
                                    token=rmtest.forge_token(server, user, action=path))


def error_summary(doc):
    return [" ".join(li.text_content().split())
            for li in doc.xpath("//div[@class='error-summary']//li")]


def error_links(doc):
    return doc.xpath("//div[@class='error-summary']//li/a/@href")


def audit(server, entity, eid):
    return server_sql(server, "SELECT action, detail FROM audit WHERE entity = '%s' AND "
                      "entity_id = %d ORDER BY id" % (entity, eid))


# ---- actions ----------------------------------------------------------------------------

def test_an_action_recorded_then_in_progress_then_done_with_its_audit(server):
    lg = Legacy(server, seniors=1)
    senior = lg.seniors[0]
    r = add_action(server, lg, senior)
    assert r.headers["Location"].endswith(lg.actions + "?done=action-added")
    r, doc = server.client(senior).page(lg.actions + "?done=action-added")
    assert "Your action has been recorded." in text_of(r)
    assert table_rows(doc, "h-mine") == [[ACTION["title"], "Promotion", "Planned",
                                          "Not started", "No", "Change"]]
    (aid,) = action_ids(server, lg, senior)
    # in progress, with the date it started
    edit_action(server, aid, senior, status="in_progress", started_on=days(-20))
    _, doc = server.client(senior).page("/actions/%d/edit" % aid)
    # only the status it has and the later ones are offered
    assert doc.xpath("//input[@name='status']/@value") == ["in_progress", "done"]
    # done needs the date it was done
    r = edit_action(server, aid, senior, expect=422, status="done", outcome="Two hires.")
    doc = rmtest.html(r)
    assert error_links(doc) == ["#f-done_on"]
    assert "Enter the date the action was done" in error_summary(doc)[0]
    # ...before the date it started: refused
    r = edit_action(server, aid, senior, expect=422, status="done", done_on=days(-30))
    assert "before the date it started" in text_of(r)
    # a date typed as people write it is understood
    d = days(-2)
    human = "%d %s" % (int(d[8:]), ["January", "February", "March", "April", "May", "June",
                                     "July", "August", "September", "October", "November",
                                     "December"][int(d[5:7]) - 1] + " " + d[:4])
    edit_action(server, aid, senior, status="done", done_on=human,
                outcome="Two panels changed their practice.", shareable="1")
    assert server_sql(server, "SELECT status, started_on, done_on, outcome, shareable FROM "
                      "inst_action WHERE id = %d" % aid) == [
        ("done", days(-20), d, "Two panels changed their practice.", "1")]
    # never back: done to planned or in progress is refused, nothing changes
    for back in ("planned", "in_progress"):
        r = forged_post(server, senior, "/actions/%d/edit" % aid,
                        dict(ACTION, status=back, done_on=""))
        assert r.status_code == 422, (back, said(r))
        assert "cannot go back" in text_of(r)
    assert server_sql(server, "SELECT status FROM inst_action WHERE id = %d" % aid) == \
        [("done",)]
    # the same form sent again: nothing written, nothing audited
    edit_action(server, aid, senior)
    # audited with codes only, never the free text
    assert audit(server, "inst_action", aid) == [
        ("action.create", "planned"), ("action.update", "in_progress"),
        ("action.update", "done shared")]
    assert server_sql(server, "SELECT count(*) FROM audit WHERE detail LIKE '%%panel%%' "
                      "OR detail LIKE '%%Reverse%%'") == [("0",)]


def test_action_form_errors_are_named_and_nothing_is_saved(server):
    lg = Legacy(server, seniors=1)
    senior = lg.seniors[0]
    cases = [
        ({"title": ""}, "#f-title", "Enter the title"),
        ({"title": "x" * 201}, "#f-title", "200"),
        ({"area": ""}, "#f-area", "Select the area"),
        ({"area": "weather"}, "#f-area", "Select one of the options"),
        ({"status": "finished"}, "#f-status", "Select one of the options"),
        ({"started_on": days(-200)}, "#f-started_on", "before the programme started"),
        ({"started_on": days(3)}, "#f-started_on", "in the future"),
        ({"started_on": "31 Febtember"}, "#f-started_on", "real date"),
        ({"done_on": days(-1)}, "#f-done_on", "Leave the date it was done empty"),
        ({"status": "done"}, "#f-done_on", "Enter the date the action was done"),
        ({"description": "y" * 4001}, "#f-description", "4000"),
    ]
    for over, link, words in cases:
        r = add_action(server, lg, senior, expect=422, **over)
        doc = rmtest.html(r)
        assert error_links(doc) == [link], (over, error_summary(doc))
        assert words.lower() in error_summary(doc)[0].lower(), (over, error_summary(doc))
        # what was typed is shown again
        if "title" in over and over["title"]:
            assert doc.xpath("//input[@name='title']/@value") == [over["title"]]
    assert server_sql(server, "SELECT count(*) FROM inst_action WHERE programme_id = %d"
                      % lg.pid) == [("0",)]
    # done at creation, with its dates, is fine
    add_action(server, lg, senior, status="done", started_on=days(-60), done_on=days(-5),
               outcome="Done.")


def test_actions_wait_for_the_programme_to_start(server):
    lg = Legacy(server, seniors=1, start=30)
    senior = lg.seniors[0]
    r, doc = server.client(senior).page(lg.actions)
    assert "You can record actions from the programme's start" in text_of(r)
    assert not doc.xpath("//form[@method='post']")
    r = forged_post(server, senior, lg.actions, ACTION)
    assert r.status_code == 409 and "Actions are recorded from the programme's start" \
        in text_of(r)
    assert server_sql(server, "SELECT count(*) FROM inst_action WHERE programme_id = %d"
                      % lg.pid) == [("0",)]


# ---- career steps -------------------------------------------------------------------------

def test_career_steps_recorded_changed_and_deleted_with_their_audit(server):
    lg = Legacy(server, mentors=1, seniors=0)
    mentor = lg.mentors[0]
    r = add_step(server, lg, mentor)
    assert r.headers["Location"].endswith(lg.careers + "?done=career-added")
    r, doc = server.client(mentor).page(lg.careers + "?done=career-added")
    assert "Your career step has been recorded." in text_of(r)
    (sid,) = step_ids(server, lg, mentor)
    # errors named, nothing saved
    for over, link, words in [
            ({"kind": ""}, "#f-kind", "Select the kind"),
            ({"kind": "lottery"}, "#f-kind", "Select one of the options"),
            ({"title": ""}, "#f-title", "Enter the title"),
            ({"taken_on": ""}, "#f-taken_on", "Enter the date"),
            ({"taken_on": days(5)}, "#f-taken_on", "in the future"),
            ({"taken_on": days(-101)}, "#f-taken_on", "before the programme started"),
            ({"note": "z" * 2001}, "#f-note", "2000")]:
        r = add_step(server, lg, mentor, expect=422, **over)
        doc = rmtest.html(r)
        assert error_links(doc) == [link], (over, error_summary(doc))
        assert words.lower() in error_summary(doc)[0].lower(), (over, error_summary(doc))
    assert server_sql(server, "SELECT count(*) FROM career_step WHERE programme_id = %d"
                      % lg.pid) == [("1",)]
    # changed
    path = "/careers/%d/edit" % sid
    c = server.client(mentor)
    r = c.post(path, dict(STEP, kind="acting_up", title="Acting Director", taken_on=days(-3)))
    assert r.status_code == 303, said(r)
    assert server_sql(server, "SELECT kind, title, taken_on FROM career_step WHERE id = %d"
                      % sid) == [("acting_up", "Acting Director", days(-3))]
    # deleted: a page that asks, then the POST; without the confirmation, refused
    r, doc = c.page("/careers/%d/delete" % sid)
    assert "Are you sure" in text_of(r)
    r = forged_post(server, mentor, "/careers/%d/delete" % sid, {})
    assert r.status_code == 422
    r = c.post("/careers/%d/delete" % sid, {"confirm": "yes"})
    assert r.status_code == 303 and r.headers["Location"].endswith("?done=career-deleted")
    assert server_sql(server, "SELECT count(*) FROM career_step WHERE id = %d" % sid) == \
        [("0",)]
    # gone: its pages are 404
    assert c.get(path).status_code == 404
    assert forged_post(server, mentor, path, STEP).status_code == 404
    assert audit(server, "career_step", sid) == [
        ("career.create", "promotion"), ("career.update", "acting_up"),
        ("career.delete", "acting_up")]
    assert server_sql(server, "SELECT count(*) FROM audit WHERE detail LIKE '%%Director%%' "
                      "OR detail LIKE '%%Registry%%'") == [("0",)]


def test_career_steps_window_two_years_after_the_end(server):
    # started 1,000 days ago: ended about 635 days ago, open until about 96
    # days from now
    lg = Legacy(server, mentors=1, seniors=0, start=-1000)
    mentor = lg.mentors[0]
    add_step(server, lg, mentor, taken_on=days(-1000))          # the first day
    add_step(server, lg, mentor, taken_on=days(-1))             # after the end
    r = add_step(server, lg, mentor, expect=422, taken_on=days(-1001))
    assert "before the programme started" in text_of(r)
    (newest, first) = step_ids(server, lg, mentor)
    # the window closes: the steps stay, read only; nothing recorded or changed
    lg.set_start(-1200)
    r, doc = server.client(mentor).page(lg.careers)
    t = text_of(r)
    assert "can no longer be recorded, changed or deleted" in t
    assert not doc.xpath("//form[@method='post']")
    assert len(table_rows(doc, "h-mine")) == 2
    assert not doc.xpath("//a[contains(@href, '/careers/')]")
    r = forged_post(server, mentor, lg.careers, dict(STEP, taken_on=days(-1)))
    assert r.status_code == 409 and "two years after the programme ended" in text_of(r)
    for path, body in (("/careers/%d/edit" % first, STEP),
                       ("/careers/%d/delete" % first, {"confirm": "yes"})):
        assert forged_post(server, mentor, path, body).status_code == 409, path
        assert server.client(mentor).get(path).status_code == 409, path
    # before the start: upcoming
    lg.set_start(20)
    r, doc = server.client(mentor).page(lg.careers)
    assert "Career steps are recorded from the programme's start" in text_of(r)
    assert forged_post(server, mentor, lg.careers, STEP).status_code == 409
    assert server_sql(server, "SELECT count(*) FROM career_step WHERE programme_id = %d"
                      % lg.pid) == [("2",)]


# ---- who may see what -------------------------------------------------------------------------

def test_who_may_see_and_change_what(server):
    """Programme A: two Senior Mentors, a Mentor, run by admin with the
    facilitator on its team; programme B run by admin2 alone."""
    lg = Legacy(server, mentors=1, seniors=2)
    other = Legacy(server, mentors=1, seniors=1)
    lg.c.team("facilitator", "facilitator")
    other.c.team("admin2", "admin")
    s1, s2 = lg.seniors
    mentor = lg.mentors[0]
    add_action(server, lg, s1, title="Shared one", shareable="1")
    add_action(server, lg, s1, title="Private one")
    add_action(server, lg, s2, title="Second senior's", area="pay")
    add_step(server, lg, mentor, title="Secondment to the Registry", kind="secondment")
    ids1 = action_ids(server, lg, s1)
    (aid2,) = action_ids(server, lg, s2)
    (sid,) = step_ids(server, lg, mentor)
    edit_a = "/actions/%d/edit" % ids1[0]
    # another Senior Mentor's action: 404 to read its form or post to it
    for user in (s2, mentor, "admin", "facilitator", "admin2", "staff1", "hr",
                 other.seniors[0]):
        assert server.client(user).get(edit_a).status_code == 404, user
        assert forged_post(server, user, edit_a, ACTION).status_code == 404, user
    # a Mentor records no actions; a Senior Mentor no career steps
    assert server.client(mentor).get(lg.actions).status_code == 404
    assert forged_post(server, mentor, lg.actions, ACTION).status_code == 404
    assert server.client(s1).get(lg.careers).status_code == 404
    assert forged_post(server, s1, lg.careers, STEP).status_code == 404
    # someone else's career step
    for user in (s1, "admin", "facilitator", other.mentors[0], "staff1"):
        for path in ("/careers/%d/edit" % sid, "/careers/%d/delete" % sid):
            assert server.client(user).get(path).status_code == 404, (user, path)
            assert forged_post(server, user, path, {"confirm": "yes"}).status_code == 404, \
                (user, path)
    # people of another programme, staff and HR reach none of A's pages
    for user in (other.seniors[0], other.mentors[0], "admin2", "staff1", "hr"):
        for path in (lg.actions, lg.careers, lg.shared, lg.team_actions, lg.team_careers):
            assert server.client(user).get(path).status_code == 404, (user, path)
    # the team reads, read only: no form that posts, no links to change
    for user in ("admin", "facilitator"):
        for path in (lg.team_actions, lg.team_careers, lg.shared):
            r, doc = server.client(user).page(path)
            assert not doc.xpath("//form[@method='post']"), (user, path)
            assert not doc.xpath("//a[contains(@href, '/edit') or contains(@href, "
                                 "'/delete')]"), (user, path)
        r, doc = server.client(user).page(lg.team_actions)
        assert "Private one" in text_of(r) and "Second senior's" in text_of(r)
        r = server.client(user).get(lg.team_careers)
        assert "Secondment to the Registry" in text_of(r)
    # admin2 reads B's, not A's
    assert server.client("admin2").get(other.team_actions).status_code == 200
    # the shared actions: the programme's participants and team; only shared
    for user in (s1, s2, mentor, "admin", "facilitator"):
        r, doc = server.client(user).page(lg.shared)
        t = text_of(r)
        assert "Shared one" in t and "Private one" not in t and "Second senior's" not in t
        who = doc.xpath("//div[@aria-labelledby='h-shared']//tbody/tr/td[1]")[0]
        assert who.text.strip() == exec_name(s1)
        assert who.xpath("string(p)") == "Pro-Vice-Chancellor"
    # nothing was changed by any of them
    assert server_sql(server, "SELECT title FROM inst_action WHERE id = %d" % ids1[0]) != \
        [(ACTION["title"],)]
    assert server_sql(server, "SELECT count(*) FROM career_step WHERE id = %d" % sid) == \
        [("1",)]
    # ids of nothing
    for path in ("/actions/999999/edit", "/careers/999999/edit", "/careers/999999/delete",
                 "/programmes/999999/actions", "/admin/programmes/999999/actions",
                 "/admin/programmes/999999/careers", "/programmes/999999/shared-actions"):
        assert server.client("admin").get(path).status_code == 404, path
    assert aid2


def test_a_post_without_its_form_token_is_refused(server):
    lg = Legacy(server, mentors=1, seniors=1)
    senior, mentor = lg.seniors[0], lg.mentors[0]
    add_action(server, lg, senior)
    (aid,) = action_ids(server, lg, senior)
    add_step(server, lg, mentor)
    (sid,) = step_ids(server, lg, mentor)
    for user, path, body in ((senior, lg.actions, ACTION),
                             (senior, "/actions/%d/edit" % aid, dict(ACTION, title="Changed")),
                             (mentor, lg.careers, STEP),
                             (mentor, "/careers/%d/edit" % sid, dict(STEP, title="Changed")),
                             (mentor, "/careers/%d/delete" % sid, {"confirm": "yes"})):
        r = server.client(user).post(path, body, token=False)
        assert r.status_code == 403, (path, r.status_code)
        # a token made for another form is refused too
        r = server.client(user).post(path, body,
                                     token=rmtest.forge_token(server, user, action=lg.shared))
        assert r.status_code == 403, (path, r.status_code)
    assert server_sql(server, "SELECT count(*) FROM inst_action WHERE programme_id = %d"
                      % lg.pid) == [("1",)]
    assert server_sql(server, "SELECT title FROM career_step WHERE id = %d" % sid) == \
        [(STEP["title"],)]


# ---- the team's pages ------------------------------------------------------------------------

def test_team_pages_count_and_filter(server):
    lg = Legacy(server, mentors=2, seniors=2)
    s1, s2 = lg.seniors
    m1, m2 = lg.mentors
    add_action(server, lg, s1, title="A1", area="pay")
    add_action(server, lg, s1, title="A2", area="pay", status="in_progress",
               started_on=days(-5))
    add_action(server, lg, s2, title="A3", area="data", status="done", done_on=days(-1))
    add_action(server, lg, s2, title="A4", area="pay", status="done", done_on=days(-1))
    add_step(server, lg, m1, kind="promotion", title="S1")
    add_step(server, lg, m1, kind="award", title="S2")
    add_step(server, lg, m2, kind="promotion", title="S3")
    c = server.client("admin")
    r, doc = c.page(lg.team_actions)
    counts = {row[0]: row[1:] for row in table_rows(doc, "h-counts")}
    assert counts["Pay"] == ["1", "1", "1", "3"]
    assert counts["Data"] == ["0", "0", "1", "1"]
    assert counts["Culture"] == ["0", "0", "0", "0"]
    assert counts["All areas"] == ["1", "1", "2", "4"]
    assert "4 actions" in text_of(r)
    # filtered
    r, doc = c.page(lg.team_actions + "?area=pay&status=done")
    rows = table_rows(doc, "h-actions")
    assert len(rows) == 1 and rows[0][0].startswith(exec_name(s2)) and "A4" in rows[0][1]
    r, doc = c.page(lg.team_actions + "?area=&status=in_progress")
    assert [td.xpath("string(strong)") for td in
            doc.xpath("//div[@aria-labelledby='h-actions']//tbody/tr/td[2]")] == ["A2"]
    r, doc = c.page(lg.team_actions + "?area=culture")
    assert "No actions match." in text_of(r)
    # a filter it does not know: 400
    assert c.get(lg.team_actions + "?area=weather").status_code == 400
    assert c.get(lg.team_careers + "?kind=lottery").status_code == 400
    # career steps by kind
    r, doc = c.page(lg.team_careers)
    kinds = {row[0]: row[1:] for row in table_rows(doc, "h-counts")}
    assert kinds["Promotion"] == ["2", "2"]
    assert kinds["Award"] == ["1", "1"]
    assert kinds["Secondment"] == ["0", "0"]
    assert kinds["All kinds"][0] == "3"
    r, doc = c.page(lg.team_careers + "?kind=award")
    assert [row[2] for row in table_rows(doc, "h-steps")] == ["S2"]
    # a change shows at once on the kept page (the cache moves on)
    add_action(server, lg, s1, title="A5", area="culture")
    r, doc = c.page(lg.team_actions)
    assert "5 actions" in text_of(r)
