"""Pages use the programme's own settings for every figure and label they
show: its label for the senior role and its meetings plan, not fixed text."""
import rmtest
from rmtest import apply, text_of


def test_forms_and_home_use_the_programmes_settings(server):
    pid = rmtest.create_programme(server, name="Own words", senior_label="Executive Partner",
                                  min_meetings="8", meeting_minutes="45", length_months="9")
    t = text_of(server.client("mentor2").get("/programmes/%d/apply/mentor" % pid))
    assert "Topics you would like to discuss with your Executive Partner" in t
    assert "When you could meet for 8 meetings of 45 minutes over 9 months." in t
    assert "Senior Mentor" not in t and "six one-hour" not in t
    t = text_of(server.client("senior2").get("/programmes/%d/apply/senior" % pid))
    assert "Apply to be an Executive Partner" in t
    assert "8 meetings of 45 minutes over 9 months" in t

    assert apply(server, "senior2", pid, role="senior").status_code == 303
    home = rmtest.html(server.client("senior2").get("/"))
    rows = [" ".join(tr.text_content().split()) for tr in home.cssselect("tr")]
    assert any("Own words" in r and "Executive Partner" in r for r in rows), rows


def test_a_refusal_says_who_the_page_is_for(server):
    t = text_of(server.client("staff1").get("/admin/programmes"))
    assert "This page is for programme administrators." in t
