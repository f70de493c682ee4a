"""A programme's cohort for the training and matching tests: a programme
with a unique name, applications with chosen matching answers, accepted,
then trained by an admin's override or through a session and its register.

    c = Cohort(server)
    m = c.apply("load60001", "mentor", topics=["data"], slots=["mon-am"])
    s = c.apply("senior1", "senior", topics=["data"], department="Registry")
    c.accept_all(); c.override_all()
    c.run(); c.draft()  ->  [{"mentor": name, "senior": name, "total": 40, ...}]
"""
import os
import re
import sys
import uuid

import rmtest
from rmtest import days, html

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "security"))
from hostile import server_sql, wait_until  # noqa: E402,F401  (re-exported)

DEFAULT_OVERRIDE = "Completed the training on an earlier programme."


def said(r):
    """A response for an assertion's message: status, Location, text."""
    text = rmtest.text_of(r)[:800] if r.content.strip() else ""
    return "%s %s %s" % (r.status_code, r.headers.get("Location", ""), text)


def fresh_users(server, n):
    """n load accounts no other test has used (staff, grade 8, Mentors)."""
    k = getattr(server, "_cohort_users", 0)
    server._cohort_users = k + n
    return server.add_load_users(n, start=60000 + k)


def display_name(user):
    """The demo's display name of a load account."""
    m = re.match(r"load(\d+)$", user)
    return "Load Tester %s" % m.group(1) if m else DEMO_NAMES[user]


DEMO_NAMES = {
    "admin": "Ada Adeyemi", "admin2": "Alex Morgan", "hr": "Harriet Hughes",
    "facilitator": "Leyla Okoro", "staff1": "Sam Taylor", "mentor1": "Amara Okafor",
    "mentor2": "Priya Shah", "mentor3": "Kwame Mensah", "mentor4": "Mei Chen",
    "senior1": "Helen Graham", "senior2": "Robert Kerr", "senior3": "Claire Evans",
    "senior4": "David Moore",
}


def answers(topics=(), gains=(), offers=(), slots=(), line_manager="", prefer=(),
            avoid=(), **rest):
    """The application form's matching questions as posted fields."""
    f = dict(rest)
    for prefix, codes in (("topic", topics), ("gain", gains), ("offer", offers),
                          ("slot", slots)):
        for code in codes:
            f["%s-%s" % (prefix, code)] = "1"
    if line_manager:
        f["line_manager"] = line_manager
    for name, names in (("prefer", prefer), ("avoid", avoid)):
        for i, who in enumerate(names):
            f["%s_%d" % (name, i + 1)] = who
    return f


def table_rows(doc, labelledby):
    """The cells' text of a table's body rows, by the id labelling it."""
    rows = []
    for tr in doc.xpath("//div[@aria-labelledby=$l]//tbody/tr", l=labelledby):
        rows.append([" ".join(td.text_content().split()) for td in tr.xpath("./td|./th")])
    return rows


def definitions(doc):
    """{dt: dd} of a page's description lists."""
    out = {}
    for dt in doc.xpath("//dl/dt"):
        dd = dt.getnext()
        out[" ".join(dt.text_content().split())] = " ".join(dd.text_content().split())
    return out


def form_actions(doc):
    return [f.get("action") for f in doc.xpath("//form")]


class Cohort:
    def __init__(self, server, admin="admin", **programme):
        self.server = server
        self.admin = admin
        self.name = programme.pop("name", "Cohort " + uuid.uuid4().hex[:10])
        self.pid = rmtest.create_programme(server, admin, name=self.name, **programme)
        self.apps = {}          # user -> application id
        self.roles = {}         # user -> role

    # ---- paths -------------------------------------------------------------
    @property
    def matching(self):
        return "/admin/programmes/%d/matching" % self.pid

    @property
    def training(self):
        return "/admin/programmes/%d/training" % self.pid

    @property
    def mine(self):
        return "/programmes/%d/training" % self.pid

    # ---- applications --------------------------------------------------------
    def apply(self, user, role="mentor", accept=False, **kw):
        r = rmtest.apply(self.server, user, self.pid, role, **answers(**kw))
        assert r.status_code == 303, (user, r.status_code, said(r))
        aid = rmtest.app_id(r)
        self.apps[user] = aid
        self.roles[user] = role
        if accept:
            self.accept(user)
        return aid

    def accept(self, *users):
        c = self.server.client(self.admin)
        for u in users:
            aid = self.apps[u]
            r = c.post("/admin/applications/%d/decision" % aid,
                       {"decision": "accepted", "reason": ""},
                       token_from="/applications/%d" % aid)
            assert r.status_code == 303, (u, r.status_code, said(r))

    def accept_all(self):
        self.accept(*self.apps)

    def team(self, principal, team_role):
        """Put principal on the team; someone who has not yet saved anything
        here has no record, so the admin confirms the name."""
        c = self.server.client(self.admin)
        r = c.post("/admin/programmes/%d/team" % self.pid,
                   {"principal": principal, "team_role": team_role,
                    "confirm_unknown": principal},
                   token_from="/admin/programmes/%d/edit" % self.pid)
        assert r.status_code == 303, (r.status_code, said(r))

    # ---- training ---------------------------------------------------------------
    def override(self, *users, reason=DEFAULT_OVERRIDE, action="record", who=None):
        c = self.server.client(who or self.admin)
        out = []
        for u in users:
            r = c.post(self.training + "/override",
                       {"action": action, "application": str(self.apps[u]),
                        "reason": reason}, token_from=self.training)
            assert r.status_code == 303, (u, r.status_code, said(r))
            out.append(r)
        return out

    def override_all(self):
        self.override(*self.apps)

    def facilitator_options(self):
        """{principal: person id} of the session form's facilitator select."""
        _, doc = self.server.client(self.admin).page(self.training)
        out = {}
        for o in doc.xpath("//select[@name='facilitator']/option"):
            m = re.search(r"\(([^()]*)\)$", o.text_content().strip())
            if o.get("value") and m:
                out[m.group(1)] = o.get("value")
        return out

    def session_form(self, role="mentor", facilitator="admin", **over):
        f = {"role": role, "title": "%s training" % role.capitalize(), "day": days(10),
             "starts": "09:30", "ends": "13:00", "place": "Room 1, Main Building",
             "link": "", "capacity": "20",
             "facilitator": self.facilitator_options()[facilitator]}
        f.update(over)
        return f

    def add_session(self, role="mentor", facilitator="admin", expect=303, **over):
        """Add a session; returns its id (or the response when expect is not 303)."""
        c = self.server.client(self.admin)
        form = self.session_form(role, facilitator, **over)
        r = c.post(self.training + "/sessions", form, token_from=self.training)
        if expect != 303:
            assert r.status_code == expect, (r.status_code, said(r))
            return r
        assert r.status_code == 303, (r.status_code, said(r))
        return self.session_id(form["title"], form["day"])

    def session_id(self, title, day=None):
        _, doc = self.server.client(self.admin).page(self.training)
        ids = []
        for tr in doc.xpath("//tbody/tr[td]"):
            cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
            links = tr.xpath(".//a[contains(@href, '/register')]/@href")
            if cells and cells[0] == title and links:
                ids.append(int(re.search(r"/training/(\d+)/register", links[0]).group(1)))
        assert ids, "no session %r on %s" % (title, self.training)
        return max(ids)

    def edit_session(self, sid, who=None, **over):
        """Save a session's form with some fields changed (all fields sent)."""
        c = self.server.client(who or self.admin)
        path = "/admin/training/%d/edit" % sid
        _, doc = c.page(path)
        form = {}
        for name in ("title", "day", "starts", "ends", "place", "link", "capacity"):
            form[name] = doc.xpath("//input[@name=$n]/@value", n=name)[0] \
                if doc.xpath("//input[@name=$n]/@value", n=name) else ""
        sel = doc.xpath("//select[@name='facilitator']/option[@selected]/@value")
        form["facilitator"] = sel[0] if sel else ""
        form.update(over)
        return c.post(path, form)

    def book(self, user, sid, expect=303):
        c = self.server.client(user)
        r = c.post(self.mine + "/book", {"session": str(sid)},
                   token=rmtest.forge_token(self.server, user, action=self.mine + "/book"))
        assert r.status_code == expect, (user, r.status_code, said(r))
        return r

    def move_to_past(self, sid):
        r = self.edit_session(sid, day=days(-1))
        assert r.status_code == 303, (r.status_code, said(r))

    def register(self, sid, marks, who=None, expect=303):
        """marks: {user: 'attended'|'absent'}; the register's radios by name."""
        c = self.server.client(who or self.admin)
        path = "/training/%d/register" % sid
        _, doc = c.page(path)
        form = {}
        for fs in doc.xpath("//form[contains(@action, '/register')]//fieldset"):
            legend = " ".join(fs.findtext("legend", "").split())
            names = fs.xpath(".//input[@type='radio']/@name")
            for u, mark in marks.items():
                if names and legend == display_name(u):
                    form[names[0]] = mark
        assert len(form) == len(marks), (marks, form)
        r = c.post(path, form)
        assert r.status_code == expect, (r.status_code, said(r))
        return r

    def train_by_session(self, role, *users, facilitator="admin"):
        """Train users of a role through a session and its register."""
        sid = self.add_session(role, facilitator,
                               title="Training %s" % uuid.uuid4().hex[:6])
        for u in users:
            self.book(u, sid)
        self.move_to_past(sid)
        self.register(sid, {u: "attended" for u in users})
        return sid

    # ---- matching ----------------------------------------------------------------
    def run(self, who=None, expect=303):
        c = self.server.client(who or self.admin)
        r = c.post(self.matching + "/run", {}, token_from=self.matching)
        assert r.status_code == expect, (r.status_code, said(r))
        return r

    def rule(self, mentor, senior, action, reason="", who=None, expect=303):
        c = self.server.client(who or self.admin)
        r = c.post(self.matching + "/rule",
                   {"mentor": str(self.apps[mentor]), "senior": str(self.apps[senior]),
                    "action": action, "reason": reason},
                   token=rmtest.forge_token(self.server, who or self.admin,
                                            action=self.matching + "/rule"))
        assert r.status_code == expect, (r.status_code, said(r))
        return r

    def settings(self, expect=303, who=None, **over):
        f = {"w_topics": "10", "w_gain": "10", "w_availability": "5",
             "w_pref_mentor": "30", "w_pref_senior": "15", "apart_department": "1",
             "apart_institution": "0"}
        f.update({k: str(v) for k, v in over.items()})
        c = self.server.client(who or self.admin)
        r = c.post(self.matching + "/settings", f, token_from=self.matching)
        assert r.status_code == expect, (r.status_code, said(r))
        return r

    def publish(self, who=None, expect=303):
        c = self.server.client(who or self.admin)
        r = c.post(self.matching + "/publish", {},
                   token=rmtest.forge_token(self.server, who or self.admin,
                                            action=self.matching + "/publish"))
        assert r.status_code == expect, (r.status_code, said(r))
        return r

    def page(self, who=None):
        r, doc = self.server.client(who or self.admin).page(self.matching)
        return doc

    def draft(self, doc=None):
        """The draft's rows as dicts of the column headings."""
        doc = doc if doc is not None else self.page()
        heads = [" ".join(th.text_content().split()) for th in
                 doc.xpath("//div[@aria-labelledby='h-draft']//thead//th")]
        out = []
        for cells in table_rows(doc, "h-draft"):
            d = dict(zip(heads, cells))
            d["mentor"] = d.pop("Mentor")
            d["senior"] = d.pop("Senior Mentor")
            for k in ("Total", "Topics", "Hopes and offers", "Availability", "Preferences"):
                d[k] = int(d[k].split()[0])
            out.append(d)
        return out

    def pairs(self, doc=None):
        """{mentor name: senior name} of the draft (the Pinned tag removed)."""
        return {re.sub(r"Pinned$", "", d["mentor"]).strip(): d["senior"]
                for d in self.draft(doc)}

    def unmatched(self, doc=None):
        """{name: why} of the draft's "Left unmatched" table."""
        doc = doc if doc is not None else self.page()
        return {cells[0]: cells[2] for cells in table_rows(doc, "h-unmatched")}

    def html(self, resp):
        return html(resp)
