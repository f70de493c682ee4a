import rmtest


def test_home_page_for_staff(server):
    r, doc = server.client("staff1").page("/")
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.text.startswith("<!DOCTYPE html>")
    assert doc.findtext(".//h1") == "Reciprocal mentoring"
    assert "Signed in as Sam Taylor" in rmtest.text_of(r)


def test_full_application_flow(server, programme):
    r = rmtest.apply(server, "mentor1", programme)
    assert r.status_code == 303, r.text[:1000]
