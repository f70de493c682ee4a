"""Validation (422 with every problem named and the input kept) and
eligibility (enforced on the server, with the reason shown)."""
import re

import pytest

import rmtest
from rmtest import apply, app_id, text_of, html, days


def _summary(resp):
    doc = html(resp)
    box = doc.cssselect(".error-summary")
    assert box, "no error summary"
    assert box[0].get("role") == "alert"
    return {a.get("href"): a.text_content() for a in box[0].cssselect("a")}


def _details(resp):
    """The page's summary list: {term: value}."""
    doc = html(resp)
    return {dt.text_content(): dt.getnext().text_content()
            for dt in doc.cssselect("dl.summary dt")}


def test_programme_form_names_every_problem_and_keeps_input(server):
    adm = server.client("admin")
    before = adm.get("/admin/programmes").text.count("/programmes/")
    form = rmtest.programme_form(name="", apply_opens="2025-02-30", apply_closes="",
                                 start_date="soon", length_months="0",
                                 capacity_mentor="many", min_grade="99",
                                 senior_entitlement="", meet_month="2025-13",
                                 institutions="Kept institution")
    r = adm.post("/admin/programmes/new", form)
    assert r.status_code == 422
    s = _summary(r)
    assert s["#f-name"] == "Enter the programme name."
    assert "The date applications open must be a real date" in s["#f-apply_opens"]
    assert s["#f-apply_closes"] == "Enter the date applications close."
    assert "The date the programme starts must be a real date" in s["#f-start_date"]
    assert s["#f-length_months"] == "The length in months must be between 1 and 60."
    assert s["#f-capacity_mentor"] == "The number of places for Mentors must be a whole number."
    assert s["#f-min_grade"] == "Select a grade from the list."
    assert s["#f-senior_entitlement"] == "Enter the membership entitlement."
    assert "#f-meet_month" in s
    doc = html(r)
    assert doc.findtext(".//title").startswith("Error: ")
    name = doc.get_element_by_id("f-name")
    assert name.get("aria-invalid") == "true"
    assert "f-name-error" in name.get("aria-describedby")
    assert doc.get_element_by_id("f-institutions").get("value") == "Kept institution"
    # every control has a label
    for el in doc.cssselect("main input:not([type=hidden]), main select, main textarea"):
        if el.get("type") == "radio":
            continue
        assert doc.cssselect("label[for='%s']" % el.get("id")), el.get("id")
    assert adm.get("/admin/programmes").text.count("/programmes/") == before


def test_programme_date_order_checked(server):
    adm = server.client("admin")
    r = adm.post("/admin/programmes/new", rmtest.programme_form(
        apply_opens=days(10), apply_closes=days(5), start_date=days(1)))
    assert r.status_code == 422
    s = _summary(r)
    assert "must be on or after the day they open" in s["#f-apply_closes"]
    assert "must start on or after the day applications open" in s["#f-start_date"]
    r = adm.post("/admin/programmes/new", rmtest.programme_form(
        start_date=days(60), checkin_date=days(900), end_event_date=days(59)))
    assert r.status_code == 422
    s = _summary(r)
    assert "must fall within the programme" in s["#f-checkin_date"]
    assert "after the programme starts" in s["#f-end_event_date"]


PROGRAMME_GROUPS = [
    ("About the programme", ["name", "institutions", "description"]),
    ("Dates", ["apply_opens", "apply_closes", "start_date", "length_months", "checkin_date",
               "end_event_date", "checkin_weeks", "eval_weeks", "meet_month"]),
    ("Meetings", ["min_meetings", "meeting_minutes", "quiet_weeks"]),
    ("Places", ["capacity_mentor", "capacity_senior"]),
    ("Eligibility", ["min_grade", "senior_entitlement", "senior_label"]),
    ("Training", ["mentor_training", "senior_training"]),
]


@pytest.mark.parametrize("path", ["/admin/programmes/new", "edit"])
def test_programme_form_grouped_in_fieldsets(server, programme, path):
    if path == "edit":
        path = "/admin/programmes/%d/edit" % programme
    r, doc = server.client("admin").page(path)
    form = [f for f in doc.cssselect("main form") if f.cssselect("#f-name")][0]
    groups = [(fs.find("legend").text_content(),
               [c.get("name") for c in fs.cssselect("input, select, textarea")])
              for fs in form.cssselect("fieldset.group")]
    assert groups == PROGRAMME_GROUPS
    # every field of the form is in one of them
    loose = [c.get("name") for c in form.cssselect("input, select, textarea")
             if c.get("type") != "hidden" and not any(
                 a.tag == "fieldset" for a in c.iterancestors())]
    assert loose == []


def test_programme_form_dates_as_people_see_them(server):
    """Date fields are browser date controls: the hints show a date as the
    page does, not as ISO text; the server takes what a browser sends
    (YYYY-MM-DD, YYYY-MM) and what a person types where a browser has no
    such control ("1 October 2030", "February 2031")."""
    adm = server.client("admin")
    r, doc = adm.page("/admin/programmes/new")
    assert doc.get_element_by_id("f-apply_opens").get("type") == "date"
    assert doc.get_element_by_id("f-meet_month").get("type") == "month"
    hints = " ".join(h.text_content() for h in doc.cssselect(".hint"))
    assert "For example, 1 October 2024." in hints
    assert "for example February 2025." in hints
    assert not re.search(r"\d{4}-\d{2}", hints), hints
    pid = rmtest.create_programme(server, name="Typed dates", apply_opens="1 October 2030",
                                  apply_closes="2030-11-30", start_date="15 jan 2031",
                                  meet_month="February 2031", mentor_training="",
                                  senior_training="")
    r, doc = adm.page("/admin/programmes/%d/edit" % pid)
    assert doc.get_element_by_id("f-apply_opens").get("value") == "2030-10-01"
    assert doc.get_element_by_id("f-start_date").get("value") == "2031-01-15"
    assert doc.get_element_by_id("f-meet_month").get("value") == "2031-02"
    dl = _details(server.client("staff1").get("/programmes/%d" % pid))
    assert dl["Programme starts"] == "15 January 2031"
    assert dl["Meet your mentor"] == "February 2031"
    # what is neither is refused, and the message shows the date people read
    r = adm.post("/admin/programmes/new", rmtest.programme_form(apply_opens="01/10/2030"))
    assert r.status_code == 422
    assert (_summary(r)["#f-apply_opens"]
            == "The date applications open must be a real date, for example 29 January 2025.")


def test_times_read_as_dates_do(server, programme):
    """A submission time: "3 January 2027 at 15:02", no leading zero."""
    aid = app_id(apply(server, "mentor1", programme))
    dl = _details(server.client("mentor1").get("/applications/%d" % aid))
    assert re.fullmatch(r"[1-9]\d? (January|February|March|April|May|June|July|August|"
                        r"September|October|November|December) \d{4} at \d{2}:\d{2}",
                        dl["Submitted"]), dl["Submitted"]


def test_application_form_names_every_problem(server, programme):
    c = server.client("mentor1")
    r = c.post("/programmes/%d/apply/mentor" % programme,
               {"job_title": "Kept title", "department": "", "gain": "",
                "topics": "x" * 2001, "availability": "ok"})
    assert r.status_code == 422
    s = _summary(r)
    assert "#f-self_identified" in s
    assert s["#f-department"] == "Enter your department or service."
    assert s["#f-gain"] == "Enter what you hope to gain from the programme."
    assert "2000 characters or fewer" in s["#f-topics"]
    doc = html(r)
    assert doc.get_element_by_id("f-job_title").get("value") == "Kept title"
    assert doc.get_element_by_id("f-topics").text == "x" * 2001
    # the radio group is a fieldset with a legend
    fs = doc.get_element_by_id("f-self_identified").getparent().getparent()
    assert fs.tag == "fieldset" and fs.find("legend") is not None
    assert "You applied as" not in text_of(c.get("/programmes/%d" % programme))


def test_mentor_who_does_not_self_identify_cannot_apply(server, programme):
    r = apply(server, "mentor2", programme, self_identified="no")
    assert r.status_code == 422
    assert "The Mentor role is for staff of colour" in _summary(r)["#f-self_identified"]
    r = apply(server, "mentor2", programme, self_identified="maybe")
    assert r.status_code == 422


def test_control_characters_refused_in_single_line_fields(server, programme):
    r = apply(server, "mentor2", programme, job_title="Head\x01of")
    assert r.status_code == 422
    assert "single line" in _summary(r)["#f-job_title"]
    r = apply(server, "mentor2", programme, gain="line one\r\nline two")
    assert r.status_code == 303


def test_unicode_round_trips(server, programme):
    name = "Zoë Ağaoğlu — 王小明 🌍"
    aid = app_id(apply(server, "mentor2", programme, department=name))
    assert name in text_of(server.client("mentor2").get("/applications/%d" % aid))


# ---- eligibility -------------------------------------------------------------

def test_below_minimum_grade_refused_with_reason(server, programme):
    c = server.client("mentor3")
    t = text_of(c.get("/programmes/%d" % programme))
    assert "grade 8 or above" in t and "recorded as 7" in t
    r = c.get("/programmes/%d/apply/mentor" % programme)
    assert r.status_code == 403
    assert "Your grade is recorded as 7" in text_of(r)
    # the server refuses the POST too, whatever the form said
    path = "/programmes/%d/apply/mentor" % programme
    r = c.post(path, dict(rmtest.MENTOR_FORM, grade="10"),
               token=rmtest.forge_token(server, "mentor3", action=path))
    assert r.status_code == 403
    assert "You applied as" not in text_of(c.get("/programmes/%d" % programme))


def test_self_stated_grade_below_minimum_refused(server, programme):
    r = apply(server, "mentor4", programme, grade="7")
    assert r.status_code == 422
    assert "grade 8 or above" in _summary(r)["#f-grade"]
    r = apply(server, "mentor4", programme, grade="Principal")
    assert r.status_code == 422


def test_senior_needs_membership_entitlement(server, programme):
    c = server.client("senior4")
    r = c.get("/programmes/%d/apply/senior" % programme)
    assert r.status_code == 403
    assert "Only members can apply as Senior Mentor" in text_of(r)
    path = "/programmes/%d/apply/senior" % programme
    r = c.post(path, rmtest.SENIOR_FORM, token=rmtest.forge_token(server, "senior4", action=path))
    assert r.status_code == 403
    # mentor1 has no membership either
    assert server.client("mentor1").get(
        "/programmes/%d/apply/senior" % programme).status_code == 403
    # senior3 carries two entitlements, one of them the membership
    assert apply(server, "senior3", programme, role="senior").status_code == 303


def test_one_role_per_programme(server, programme):
    assert apply(server, "senior2", programme, role="senior").status_code == 303
    r = server.client("senior2").get("/programmes/%d/apply/mentor" % programme)
    assert r.status_code == 403
    assert "already applied to this programme as Senior Mentor" in text_of(r)


def test_one_application_per_person_programme_role(server, programme):
    a = app_id(apply(server, "mentor2", programme))
    b = app_id(apply(server, "mentor2", programme, gain="again"))
    assert a == b
    assert server.client("mentor2").get("/").text.count("/applications/%d" % a) == 1


@pytest.mark.parametrize("opens,closes,phrase", [
    (days(5), days(20), "open on"), (days(-30), days(-1), "closed on")])
def test_window_enforced(server, opens, closes, phrase):
    pid = rmtest.create_programme(server, apply_opens=opens, apply_closes=closes,
                                  start_date=days(40))
    c = server.client("mentor1")
    r = c.get("/programmes/%d/apply/mentor" % pid)
    assert r.status_code == 403 and phrase in text_of(r)
    path = "/programmes/%d/apply/mentor" % pid
    r = c.post(path, rmtest.MENTOR_FORM, token=rmtest.forge_token(server, "mentor1", action=path))
    assert r.status_code == 403
    # not listed as open on the home page
    assert "/programmes/%d\"" % pid not in c.get("/").text


def test_edit_refused_after_window_closes(server, programme):
    aid = app_id(apply(server, "mentor2", programme))
    # the admin closes the window
    r = server.client("admin").post("/admin/programmes/%d/edit" % programme,
                                    rmtest.programme_form(apply_opens=days(-10),
                                                          apply_closes=days(-1)))
    assert r.status_code == 303
    c = server.client("mentor2")
    assert c.get("/programmes/%d/apply/mentor" % programme).status_code == 403
    t = text_of(c.get("/applications/%d" % aid))
    assert "Change your application" not in t
    assert "Withdraw your application" in t     # withdrawing is still possible
