"""Spotlight stories (features/stories): a participant of a programme tells a
story with explicit consent (uses, until when), the programme's admins
propose an edited version that the author approves, and publish it only
when the author agreed to the version and the consent is current;
withdrawing consent unpublishes at once and is recorded; every staff member
reads the published stories whose consent covers the intranet, under the
author's name or "A participant of <programme>"; everyone else gets 404.
Both backends, through the `server` fixture.

Participants are accepted through the admin's decisions (test_legacy's
Legacy); consent is moved into the past by SQL (server_sql)."""
import re
import uuid

import rmtest
from rmtest import days, text_of
from cohort import display_name, said, server_sql
from test_legacy import Legacy, forged_post


STORY = {"body": "The programme changed how I see my own career.",
         "film_url": "", "transcript": "", "shown_as": "name",
         "use-intranet": "1", "use-conference": "1", "consent_until": days(365),
         "consent": "yes"}


def mine(lg):
    return "/programmes/%d/stories" % lg.pid


def add_story(server, lg, user, expect=303, **over):
    form = dict(STORY)
    form.update(over)
    form = {k: v for k, v in form.items() if v is not None}
    r = server.client(user).post(mine(lg), form)
    assert r.status_code == expect, (user, r.status_code, said(r))
    if expect == 303:
        return int(re.search(r"/stories/(\d+)/mine", r.headers["Location"]).group(1))
    return r


def review(sid):
    return "/admin/stories/%d" % sid


def published_text(server, user="staff1"):
    return text_of(server.client(user).get("/stories"))


def audit(server, sid):
    return server_sql(server, "SELECT action, detail FROM audit WHERE entity = 'story' AND "
                      "entity_id = %d ORDER BY id" % sid)


def test_the_whole_consent_journey(server):
    lg = Legacy(server, mentors=1, seniors=1)
    author = lg.mentors[0]
    body = "Mentoring a Pro-Vice-Chancellor " + uuid.uuid4().hex
    sid = add_story(server, lg, author, body=body, film_url="https://video.example.ac.uk/w/1",
                    transcript="Transcript line one.\nLine two.")
    r, doc = server.client(author).page("/stories/%d/mine?done=story-added" % sid)
    assert "Waiting for the programme team" in text_of(r)
    assert server_sql(server, "SELECT event, uses, consent_until FROM story_consent "
                      "WHERE story_id = %d" % sid) == [("given", "intranet,conference",
                                                        days(365))]
    # the team proposes an edited version: not publishable until the author approves
    admin = server.client("admin")
    r, doc = admin.page("/admin/programmes/%d/stories" % lg.pid)
    assert display_name(author) in text_of(r)
    edited = "An edited version " + uuid.uuid4().hex
    r = admin.post(review(sid) + "/edit", {"edit_body": edited}, token_from=review(sid))
    assert r.status_code == 303, said(r)
    r = forged_post(server, "admin", review(sid) + "/publish")
    assert r.status_code == 409, said(r)
    assert "has not approved the edited version" in text_of(r)
    assert body not in published_text(server) and edited not in published_text(server)
    # the author sees it and approves it
    c = server.client(author)
    r, doc = c.page("/stories/%d/mine" % sid)
    assert edited in text_of(r)
    r = c.post("/stories/%d/approve" % sid, {}, token_from="/stories/%d/mine" % sid)
    assert r.status_code == 303, said(r)
    # published, under the author's name, the film a link with its transcript
    r = admin.post(review(sid) + "/publish", {}, token_from=review(sid))
    assert r.status_code == 303, said(r)
    r, doc = server.client("staff1").page("/stories")
    t = text_of(r)
    assert edited in t and body not in t and display_name(author) in t
    assert doc.xpath("//a[@href='https://video.example.ac.uk/w/1']")
    assert not doc.xpath("//iframe|//video|//embed|//object")
    assert "Transcript line one." in t
    # withdrawal unpublishes at once, and is recorded
    r = c.post("/stories/%d/withdraw" % sid, {}, token_from="/stories/%d/mine" % sid)
    assert r.status_code == 303, said(r)
    assert edited not in published_text(server)
    assert server_sql(server, "SELECT status, withdrawn_at > 0 FROM story WHERE id = %d"
                      % sid)[0] in (("approved", "1"), ("approved", "t"), ("approved", "True"))
    assert [e for (e,) in server_sql(server, "SELECT event FROM story_consent WHERE "
                                             "story_id = %d ORDER BY id" % sid)] == [
        "given", "withdrawn"]
    r = forged_post(server, "admin", review(sid) + "/publish")
    assert r.status_code == 409 and "withdrew their consent" in text_of(r), said(r)
    # consent given again: publishable again
    r = c.post("/stories/%d/consent" % sid, {"use-intranet": "1", "consent_until": days(30),
                                             "consent": "yes"},
               token_from="/stories/%d/mine" % sid)
    assert r.status_code == 303, said(r)
    r = admin.post(review(sid) + "/publish", {}, token_from=review(sid))
    assert r.status_code == 303, said(r)
    assert edited in published_text(server)
    # audit rows carry no text
    rows = audit(server, sid)
    assert [a for a, _ in rows] == ["story.create", "story.edit", "story.approve",
                                    "story.publish", "story.withdraw", "story.consent",
                                    "story.publish"]
    for _, detail in rows:
        assert body not in detail and edited not in detail and "Transcript" not in detail


def test_expired_consent_hides_and_refuses_publication(server):
    lg = Legacy(server, mentors=1, seniors=0)
    author = lg.mentors[0]
    body = "Expiring " + uuid.uuid4().hex
    sid = add_story(server, lg, author, body=body)
    r = server.client("admin").post(review(sid) + "/publish", {}, token_from=review(sid))
    assert r.status_code == 303, said(r)
    assert body in published_text(server)
    lg.outside("UPDATE story SET consent_until = '%s' WHERE id = %d" % (days(-1), sid))
    assert body not in published_text(server)
    lg.outside("UPDATE story SET status = 'approved' WHERE id = %d" % sid)
    r = forged_post(server, "admin", review(sid) + "/publish")
    assert r.status_code == 409 and "consent ended" in text_of(r), said(r)


def test_anonymous_shows_no_name_and_conference_only_is_not_on_the_intranet(server):
    lg = Legacy(server, mentors=2, seniors=0)
    anon, conf = lg.mentors
    b1 = "Anonymous " + uuid.uuid4().hex
    b2 = "Conference only " + uuid.uuid4().hex
    s1 = add_story(server, lg, anon, body=b1, shown_as="anonymous")
    s2 = add_story(server, lg, conf, body=b2, **{"use-intranet": None})
    for sid in (s1, s2):
        r = server.client("admin").post(review(sid) + "/publish", {}, token_from=review(sid))
        assert r.status_code == 303, said(r)
    r, doc = server.client("staff1").page("/stories")
    t = text_of(r)
    assert b1 in t and b2 not in t
    sec = doc.xpath("//section[.//p[contains(., $b)]]", b=b1) or \
        doc.xpath("//*[@aria-labelledby][.//p[contains(., $b)]]", b=b1)
    stext = " ".join(sec[0].text_content().split())
    assert "A participant of %s" % lg.c.name in stext
    assert display_name(anon) not in t


def test_validation_and_drafts(server):
    lg = Legacy(server, mentors=1, seniors=0)
    author = lg.mentors[0]
    r = add_story(server, lg, author, expect=422, consent=None, film_url="http://x.example/",
                  body="")
    t = text_of(r)
    assert "no story is kept without it" in t and "https://" in t
    r = add_story(server, lg, author, expect=422, film_url="https://v.example/1")
    assert "transcript" in text_of(r)
    body = "A draft " + uuid.uuid4().hex
    sid = add_story(server, lg, author, body=body, draft="yes")
    # the team does not see a draft
    assert server.client("admin").get(review(sid)).status_code == 404
    r = server.client(author).post("/stories/%d/submit" % sid, {},
                                   token_from="/stories/%d/mine" % sid)
    assert r.status_code == 303, said(r)
    assert server.client("admin").get(review(sid)).status_code == 200


def test_ownership_404s(server):
    lg = Legacy(server, mentors=2, seniors=0)
    author, other = lg.mentors
    sid = add_story(server, lg, author)
    # someone else's story, and every change of it
    for user in (other, "staff1", "admin"):
        assert server.client(user).get("/stories/%d/mine" % sid).status_code == 404
    for action in ("approve", "withdraw", "submit", "consent"):
        r = forged_post(server, other, "/stories/%d/%s" % (sid, action))
        assert r.status_code == 404, (action, said(r))
    # not a participant of the programme
    assert server.client("staff1").get(mine(lg)).status_code == 404
    assert forged_post(server, "staff1", mine(lg), STORY).status_code == 404
    # another programme's team (and a participant) gets 404 on the team's pages
    for user in ("admin2", author):
        assert server.client(user).get(review(sid)).status_code == 404
        assert server.client(user).get(
            "/admin/programmes/%d/stories" % lg.pid).status_code == 404
        assert forged_post(server, user, review(sid) + "/publish").status_code == 404
        assert forged_post(server, user, review(sid) + "/edit",
                           {"edit_body": "x"}).status_code == 404
    assert server.client("staff1").get("/stories/999999/mine").status_code == 404
    assert server_sql(server, "SELECT status FROM story WHERE id = %d" % sid) == [("submitted",)]


def test_erasure_unpublishes_and_blanks_and_subject_access_shows_them(server):
    from test_dp import ctl
    lg = Legacy(server, mentors=1, seniors=0)
    author = lg.mentors[0]
    body = "To be erased " + uuid.uuid4().hex
    sid = add_story(server, lg, author, body=body, film_url="https://v.example/9",
                    transcript="Erased transcript " + body)
    # the author's own download holds the story and its consent
    j = server.client(author).get("/my-data.json").json()
    sec = {s["name"]: s for s in j["sections"]}
    assert sec["story"]["count"] == 1 and sec["story_consent"]["count"] == 1
    assert body in str(sec["story"]["records"])
    r = server.client("admin").post(review(sid) + "/publish", {}, token_from=review(sid))
    assert r.status_code == 303, said(r)
    assert body in published_text(server)
    r = ctl(server, "dp", "erase", author, "--reason", "Asked to be erased.")
    assert r.returncode == 0, (r.stdout, r.stderr)
    lg.outside("SELECT 1")
    assert body not in published_text(server)
    assert server_sql(server, "SELECT status, body, film_url, transcript FROM story "
                      "WHERE id = %d" % sid) == [("approved", "", "", "")]


VTT = (b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Amara>I expected advice.</v>\n\n"
       b"00:00:03.000 --> 00:00:05.000\nI found a &amp; real conversation.\n")


def post_with_file(server, lg, user, f, **over):
    form = dict(STORY, film_url="https://video.example.ac.uk/w/9")
    form.update(over)
    return server.client(user).post(mine(lg), form, files={"transcript_file": f},
                                    token_from=mine(lg))


def test_captions_or_a_transcript_file_becomes_the_transcript(server):
    lg = Legacy(server, mentors=1, seniors=1)
    author = lg.mentors[0]
    r, doc = server.client(author).page(mine(lg))
    assert doc.xpath("//form[@enctype='multipart/form-data']//input[@type='file']"
                     "[@name='transcript_file']")
    r = post_with_file(server, lg, author, ("film.vtt", VTT, "text/vtt"))
    assert r.status_code == 303, said(r)
    sid = int(re.search(r"/stories/(\d+)/mine", r.headers["Location"]).group(1))
    # one line a cue, tags and timings gone, entities decoded
    r, doc = server.client(author).page("/stories/%d/mine" % sid)
    paras = [" ".join(p.text_content().split()) for p in doc.xpath("//main//p")]
    i = paras.index("I expected advice.")
    assert paras[i + 1] == "I found a & real conversation."
    r = post_with_file(server, lg, lg.seniors[0],
                       ("notes.txt", "Caf\u00e9 transcript.\r\n".encode(), "text/plain"))
    assert r.status_code == 303, said(r)
    assert ("Caf\u00e9 transcript.",) in server_sql(server, "SELECT transcript FROM story "
                                                   "WHERE transcript NOT LIKE '%expected%'")
    # refused, each with its reason, nothing kept
    n = server_sql(server, "SELECT count(*) FROM story")[0][0]
    for f, over, why in ((("film.srt", b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", "x"), {},
                          "WebVTT file (.vtt) or the transcript as a text file (.txt)"),
                         (("film.vtt", b"1\n00:00:01,000 --> x\nHi\n", "text/vtt"), {},
                          "first line must be WEBVTT"),
                         (("film.vtt", b"WEBVTT\n\nNOTE only\n", "text/vtt"), {},
                          "holds no captions"),
                         (("t.txt", b"bin\x00ary", "text/plain"), {}, "control characters"),
                         (("film.vtt", VTT, "text/vtt"), {"transcript": "Pasted too."},
                          "not both")):
        r = post_with_file(server, lg, author, f, **over)
        assert r.status_code == 422, (f[0], r.status_code)
        assert why in rmtest.text_of(r), (f[0], why)
    # larger than a captions file may be: 413
    r = post_with_file(server, lg, author, ("big.vtt", b"WEBVTT\n\n" + b"x" * (1024 * 1024),
                                            "text/vtt"))
    assert r.status_code == 413
    assert server_sql(server, "SELECT count(*) FROM story")[0][0] == n
