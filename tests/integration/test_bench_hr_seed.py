"""scripts/bench-hr.py (`make bench-hr`, issue 16): its seed, at a small
scale, in a database the module created, on each backend: the rows it
writes are those it counts, one export record per accepted application, the
references hold (every pair's applications belong to its programme and its
partners), the module still serves its pages on the seeded data, and the
script fails with a clear message (exit 2) when the export route answers
404.  The 100,000-record run itself is `make bench-hr`, not a test."""
import importlib.util
import os
import sqlite3

import pytest

import rmtest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BACKENDS = os.environ.get("RM_BACKENDS", "sqlite3,pgsql").split(",")


def load_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_hr", os.path.join(ROOT, "scripts", "bench-hr.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


bench = load_bench()


def test_rows_one_record_per_accepted_application():
    rows = bench.make_rows(programmes=3, per_programme=40)
    assert bench.records_expected(rows) == 120
    apps = {a[0]: a for a in rows["application"]}
    assert len(apps) == 120
    # both roles, half each, all accepted
    assert sum(1 for a in apps.values() if a[3] == "mentor") == 60
    assert {a[4] for a in apps.values()} == {"accepted"}
    # every pair joins a Mentor's and a Senior Mentor's application of its
    # own programme, and names their people
    for pair in rows["pair"]:
        pid, prog, m_app, s_app, m_person, s_person = pair[:6]
        assert apps[m_app][1] == prog and apps[s_app][1] == prog
        assert apps[m_app][3] == "mentor" and apps[s_app][3] == "senior"
        assert apps[m_app][2] == m_person and apps[s_app][2] == s_person
    # no one applies twice in one role to one programme
    keys = [(a[1], a[2], a[3]) for a in apps.values()]
    assert len(set(keys)) == len(keys)
    # a mixture, as the export must show
    assert {p[6] for p in rows["pair"]} == {"active", "completed", "ended"}
    assert {m[5] for m in rows["meeting"]} >= {"confirmed", "logged", "disputed"}
    assert rows["checkin"] and rows["eval_response"] and rows["career_step"]
    assert rows["training_booking"]
    # ids start above what is there already
    r2 = bench.make_rows(programmes=1, per_programme=2, id_base={"person": 7, "pair": 100})
    assert r2["person"][0][0] == 8 and r2["pair"][0][0] == 101
    with pytest.raises(ValueError):
        bench.make_rows(programmes=1, per_programme=3)


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def test_seed_in_the_modules_database(backend, request):
    pg = request.getfixturevalue("postgres") if backend == "pgsql" else None
    args = bench.parse_args(["--backends", backend, "--programmes", "2",
                             "--per-programme", "60", "--seed-only"])
    res = bench.bench_backend(backend, args, pg, None)
    assert res["expected"] == 120
    c = res["counts"]
    assert c["programme"] == 2 and c["application"] == 120 and c["pair"] == 60
    rows = bench.make_rows(2, 60)
    for t in bench.TABLES:
        if t != "person":
            assert c[t] == len(rows[t]), t
    # the seeded people beside whoever signed in to make the schema
    assert c["person"] >= len(rows["person"])


def test_module_serves_the_seeded_data():
    """SQLite: the seed is consistent enough for the module's own pages."""
    args = bench.parse_args(["--programmes", "1", "--per-programme", "20"])
    srv, _ = bench.make_server("sqlite3", "", args, None)
    try:
        srv.start()
        assert srv.client("hr").get("/").status_code == 200
        srv.stop()
        path = bench.sqlite_path(srv)
        rows = bench.make_rows(1, 20, id_base=bench.id_base_sqlite(path))
        bench.seed_sqlite(path, rows)
        counts = bench.count_sqlite(path)
        assert counts["application"] == 20
        con = sqlite3.connect(path)
        try:
            bad = con.execute(
                "SELECT COUNT(*) FROM pair p JOIN application m ON m.id = p.mentor_app "
                "JOIN application s ON s.id = p.senior_app WHERE m.programme_id <> p.programme_id "
                "OR s.programme_id <> p.programme_id OR m.person_id <> p.mentor_id "
                "OR s.person_id <> p.senior_id").fetchone()[0]
            assert bad == 0
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()
        srv.start()
        srv.add_load_users(1)
        r = srv.client("load1").get("/")
        assert r.status_code == 200, r.status_code
        admin = srv.client("admin")
        r = admin.get("/admin/programmes")
        assert r.status_code == 200 and "Benchmark programme 1" in r.text
    finally:
        srv.stop()
        problems = srv.log_problems()
        if not problems:
            srv.cleanup()
    assert not problems, problems


def test_missing_route_is_a_clear_failure(capsys):
    code = bench.main(["--programmes", "1", "--per-programme", "4",
                       "--export-path", "/hr/no-such-export.xml"])
    assert code == 2
    err = capsys.readouterr().err
    assert "the export route answered 404: not built yet?" in err
