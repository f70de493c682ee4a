"""The demo `make run` shows (scripts/demo-seed.sh and the scripts/demo-*.sql
it loads) seeds cleanly into a fresh database and leaves every area with
something to show: each demo account signs in to what its role should see,
the programme mid-year has mentor1 paired with senior1, and data protection
has its pilot (an erased Mentor, a purge run, audited views); on the sector
view, Northgate University's local admin sees its staff's applications and
figures.  Nothing else
tests the seed, so a schema change that breaks it fails here rather than on
a newcomer's first `make run`.  SQLite only: the demo is SQLite."""
import os
import re
import subprocess

import pytest

import rmtest

CTL = os.path.join(rmtest.ROOT, "build", "rmentorctl")


@pytest.fixture(scope="module")
def demo():
    # with the sector view on a second port, as `make run` starts it
    # (scripts/run-demo.sh)
    while True:
        sector = rmtest.free_port()
        s = rmtest.Httpd("sqlite3", extra_conf="Define RM_SECTOR_PORT %d\nInclude \"%s\"\n" % (
            sector, os.path.join(rmtest.ROOT, "conf", "demo", "demo-sector.conf")))
        if s.port != sector:
            break
        s.cleanup()
    s.sector_origin = "http://127.0.0.1:%d" % sector
    s.sector = s.sector_origin + "/mentoring"
    s.start()
    try:
        db = os.path.join(s.dir, "db", "rmentor.db")
        r = subprocess.run([os.path.join(rmtest.ROOT, "scripts", "demo-seed.sh"), s.base, db],
                           capture_output=True, text=True, timeout=240)
        assert r.returncode == 0, r.stdout + r.stderr
        s.seed_output = r.stdout + r.stderr
        s.db = db
        yield s
    finally:
        s.stop()
        s.cleanup()


def sql(demo, q):
    return subprocess.run(["sqlite3", demo.db, q], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_seed_reports_no_error(demo):
    assert "rror" not in demo.seed_output, demo.seed_output
    assert demo.log_problems() == []


@pytest.mark.parametrize("user,path,status", [
    ("admin", "/admin/programmes", 200), ("admin2", "/admin/programmes", 200),
    ("hr", "/hr", 200), ("facilitator", "/", 200), ("dpo", "/dp", 200),
    ("dpo", "/dp/audit", 200), ("staff1", "/", 200), ("staff1", "/dp", 404),
    ("mentor1", "/my-data", 200), ("senior1", "/my-data", 200),
    ("staff1", "/stories", 200), ("staff1", "/resources", 200), ("admin", "/admin/resources", 200),
    ("staff1", "/admin/resources", 404), ("mentor3", "/", 200), ("senior4", "/", 200), ("student1", "/", 403),
])
def test_every_account_reaches_its_pages(demo, user, path, status):
    assert demo.client(user).get(path).status_code == status


def test_mentor1_and_senior1_are_a_pair_mid_year(demo):
    j = demo.client("mentor1").get("/my-data.json").json()
    sec = {s["name"]: s for s in j["sections"]}
    partners = [r["partner"] for r in sec["pair"]["records"]]
    senior1 = sql(demo, "SELECT display_name FROM person WHERE principal = 'senior1'")
    assert senior1 in partners
    assert sec["meeting"]["count"] >= 1 and sec["checkin"]["count"] >= 1


def test_data_protection_history(demo):
    page = demo.client("dpo").get("/dp").text
    assert "Erased person" in page
    assert int(sql(demo, "SELECT count(*) FROM dp_purge")) >= 1
    assert int(sql(demo, "SELECT count(*) FROM person WHERE erased_at > 0")) >= 1
    audit = demo.client("dpo").get("/dp/audit?action=view.").text
    assert "view.applications" in audit


def test_spotlight_stories(demo):
    page = demo.client("staff1").get("/stories").text
    assert "Amara Okafor" in page and "https://video.demo.ac.uk/watch/spotlight-amara" in page
    assert "I now ask who is not in the room" not in page
    pid = sql(demo, "SELECT programme_id FROM story WHERE status = 'submitted'")
    team = demo.client("admin").get("/admin/programmes/%s/stories" % pid).text
    assert "Waiting for the programme team" in team


def test_the_purge_dry_run_reads_the_demo(demo):
    cmd = [CTL, "-d", "sqlite3", "-p", demo.db, "dp", "purge", "--dry-run"]
    if rmtest.IS_ROOT:
        cmd = ["runuser", "-u", "www-data", "--"] + cmd
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert re.search(r"^notes\t\d+$", r.stdout, re.M) and "dry run: nothing changed" in r.stdout


def test_resources_hub(demo):
    """Links for all staff, guides by role, the launch transcript for the
    mid-year programme's participants (its file under its SHA-256 in
    RMentorResourceDir), a withdrawn report nobody is shown."""
    t = rmtest.text_of(demo.client("staff1").get("/resources"))
    assert "Let's talk about Race: a toolkit for conversations" in t
    assert "Being a Senior Mentor" not in t and "Transcript of the programme launch" not in t
    assert "Race equality in professional services (2019)" not in t
    assert "Being a Senior Mentor" in rmtest.text_of(demo.client("senior1").get("/resources"))
    assert "Facilitating the mid-point check-in" in rmtest.text_of(
        demo.client("facilitator").get("/resources"))
    rid, sha, size = sql(demo, "SELECT id, file_sha256, file_size FROM resource "
                               "WHERE file_sha256 <> ''").split("|")
    r = demo.client("mentor1").get("/resources/%s/file" % rid)
    assert r.status_code == 200 and len(r.content) == int(size)
    assert r.content.startswith(b"Programme launch: transcript")
    assert os.path.isfile(os.path.join(demo.dir, "resources", sha))
    assert demo.client("staff1").get("/resources/%s/file" % rid).status_code == 404
    pid = sql(demo, "SELECT programme_id FROM resource WHERE file_sha256 <> ''")
    assert "Transcript of the programme launch" in rmtest.text_of(
        demo.client("mentor1").get("/programmes/%s" % pid))


def test_the_sector_view_shows_northgates_part(demo):
    import requests
    import lxml.html

    def get(user, path):
        return requests.get(demo.sector + path, auth=(user, rmtest.PASSWORD), timeout=15)
    r = get("northadmin", "/institution")
    assert r.status_code == 200, r.text[:300]
    doc = lxml.html.fromstring(r.content)
    name = sql(demo, "SELECT name FROM programme WHERE name LIKE "
                     "'Reciprocal Mentoring Programme %/%'")
    mid = [tr for tr in doc.xpath("//tbody/tr") if tr.xpath("string(./th)") == name]
    assert len(mid) == 1
    # five Mentor applications and one Senior Mentor's to the mid-year programme
    assert [td.text_content() for td in mid[0].xpath("./td")][1:4] == ["5", "1", "3"]
    link = mid[0].xpath(".//a[starts-with(., 'Applications to')]/@href")[0]
    r = requests.get(demo.sector_origin + link, auth=("northadmin", rmtest.PASSWORD), timeout=15)
    assert r.status_code == 200 and "Adaeze Bello" in r.text and "Amara Okafor" not in r.text
    figures = link.replace("/applications", "/report")
    r = requests.get(demo.sector_origin + figures, auth=("northadmin", rmtest.PASSWORD),
                     timeout=15)
    assert r.status_code == 200 and "Figures for Northgate University" in r.text
    assert get("northstaff1", "/institution").status_code == 404
    assert get("northstaff1", "/").status_code == 200
    # the home site is as it was; its admins see Northgate's applicants too
    assert demo.client("admin").get("/institution").status_code == 404
    assert sql(demo, "SELECT count(*) FROM application a JOIN person p ON p.id = a.person_id "
                     "WHERE p.scope = 'northgate.ac.uk'") == "8"
