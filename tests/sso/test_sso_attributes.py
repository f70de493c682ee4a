"""What the IdP asserts, what mod_auth_mellon puts in the environment, and
what mod_rmentor makes of it - under the names conf/sso-mellon.conf documents."""
import base64
import re
import urllib.parse

import lxml.etree

import idp
import rmtest
import ssolib

SAML_NS = {"samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
           "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
           "ds": "http://www.w3.org/2000/09/xmldsig#"}
SHA256_SIG = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256_DIGEST = "http://www.w3.org/2001/04/xmlenc#sha256"


def test_environment_carries_every_attribute_with_multi_values_joined(sp):
    c = sp.client("senior3")
    e = ssolib.echo(c)
    assert e["REMOTE_USER"] == "senior3@demo.ac.uk"
    assert e["MELLON_eppn"] == "senior3@demo.ac.uk"
    assert e["MELLON_displayName"] == "Claire Evans"
    assert e["MELLON_mail"] == "senior3@demo.ac.uk"
    assert e["MELLON_ou"] == "Human Resources"
    assert e["MELLON_title"] == "Director of People"
    assert e["MELLON_grade"] == "10"
    assert e["MELLON_employeeNumber"] == idp.USERS["senior3"]["employeeNumber"][0]
    # MellonMergeEnvVars On ";": one variable, every value, in the IdP's order
    # (without it mellon 0.18.1 sets only the FIRST value under the plain name)
    assert e["MELLON_entitlement"] == "urn:mace:demo.ac.uk:library;urn:mace:demo.ac.uk:exco"
    assert e["MELLON_affiliation"] == "staff@demo.ac.uk;member@demo.ac.uk"
    assert e["MELLON_entitlement_0"] == "" and e["MELLON_entitlement_1"] == ""
    # the principal is the eppn, never the transient NameID
    assert e["MELLON_NAME_ID"].startswith("_") and e["MELLON_NAME_ID"] != e["REMOTE_USER"]


def test_without_merging_mellon_would_pass_only_the_first_value(sp):
    """Why conf/sso-mellon.conf sets MellonMergeEnvVars: mod_auth_mellon
    0.18.1's default puts the first value under the plain name (the one the
    module reads) and each value under NAME_0, NAME_1."""
    c = sp.client("senior3")
    e = ssolib.echo(c, "/sso-echo-unmerged")
    assert e["MELLON_entitlement"] == "urn:mace:demo.ac.uk:library"
    assert e["MELLON_entitlement_0"] == "urn:mace:demo.ac.uk:library"
    assert e["MELLON_entitlement_1"] == "urn:mace:demo.ac.uk:exco"


def test_attributes_reach_the_module_and_are_recorded(sp, programme):
    r = rmtest.apply(sp, "mentor1", programme)
    assert r.status_code == 303, r.text[:800]
    u = idp.USERS["mentor1"]
    rows = sp.db_query("SELECT display_name, mail, department, job_title, grade, "
                       "staff_number FROM person WHERE principal = "
                       "'mentor1@demo.ac.uk'")
    assert rows == [[u["displayName"][0], u["mail"][0], u["ou"][0], u["title"][0],
                     u["rmentorGrade"][0], u["employeeNumber"][0]]]
    # the grade came from the IdP, not from the form
    rows = sp.db_query("SELECT grade, grade_source FROM application WHERE id = %d"
                       % rmtest.app_id(r))
    assert rows == [["8", "sso"]]


def test_non_ascii_letters_and_quotes_arrive_unchanged(sp, programme):
    c = sp.client("quote1")
    r, doc = c.page("/programmes/%d/apply/mentor" % programme)
    assert (doc.xpath('string(//p[@class="signed-in"])')
            == "Signed in as Zo\u00eb O'Brien-N\u00ed Bh\u00e9ide \"Z\"")
    assert doc.xpath('string(//input[@name="department"]/@value)') == "Ymchwil ac Arloesi"


def test_mellon_passes_xml_special_characters_escaped(sp, programme):
    """mod_auth_mellon 0.18.1 hands on the XML serialisation of each
    AttributeValue (lasso_node_dump), so "&", "<" and ">" arrive as "&amp;",
    "&lt;" and "&gt;".  With RMentorAttributeEncoding xml (sso-mellon.conf)
    the module decodes them instead of splitting the value at the ';'."""
    c = sp.client("amp1")
    e = ssolib.echo(c)
    assert e["MELLON_ou"] == "Research &amp; Innovation"
    assert e["MELLON_title"] == "Head of R&amp;D"
    assert e["MELLON_displayName"] == "Sam &lt;Admin&gt; Smith"
    r, doc = c.page("/")
    assert doc.xpath("//admin") == []      # shown as text, never as markup
    assert doc.xpath('string(//p[@class="signed-in"])') == "Signed in as Sam <Admin> Smith"
    # the prefilled application form carries the decoded values
    r, doc = c.page("/programmes/%d/apply/mentor" % programme)
    assert doc.get_element_by_id("f-department").get("value") == "Research & Innovation"
    assert doc.get_element_by_id("f-job_title").get("value") == "Head of R&D"


FORGED = {
    "Remote-User": "admin@demo.ac.uk",
    "X-Remote-User": "admin@demo.ac.uk",
    "eppn": "admin@demo.ac.uk",
    "Mellon-eppn": "admin@demo.ac.uk",
    "MELLON_eppn": "admin@demo.ac.uk",
    "Mellon-Entitlement": "urn:mace:demo.ac.uk:rmentor:admin",
    "MELLON_entitlement": "urn:mace:demo.ac.uk:rmentor:admin",
    "entitlement": "urn:mace:demo.ac.uk:rmentor:admin",
    "affiliation": "staff@demo.ac.uk",
    "Shib-Identity-Provider": "http://127.0.0.1/idp",
    "OIDC_CLAIM_eduperson_entitlement": "urn:mace:demo.ac.uk:rmentor:admin",
}


def test_identity_is_never_taken_from_request_headers(sp, programme):
    # anonymous: still 401, whatever the headers claim
    status, headers, body = ssolib.raw_request(sp, "GET", "/mentoring/", FORGED)
    assert status == 401
    # signed in as ordinary staff: the forged entitlement grants nothing
    c = sp.client("mentor1")
    r = c.get("/admin/programmes", headers=FORGED)
    assert r.status_code == 403
    r = c.get("/", headers=FORGED)
    assert "Signed in as Amara Okafor" in rmtest.text_of(r)
    r = c.s.get(sp.origin + "/sso-echo", headers=FORGED)
    assert r.headers["X-Echo-REMOTE_USER"] == "mentor1@demo.ac.uk"
    assert r.headers["X-Echo-MELLON_entitlement"] == ""
    # and a student cannot become staff by header
    s = sp.client("student1")
    assert s.get("/", headers=FORGED).status_code == 403


def _b64xml(b64):
    return lxml.etree.fromstring(base64.b64decode(b64),
                                 lxml.etree.XMLParser(resolve_entities=False,
                                                      no_network=True))


def test_signed_sha256_both_ways_and_each_response_accepted_once(sp):
    c = sp.client("mentor1")
    # mellon's AuthnRequest: redirect binding, signed RSA-SHA256
    to_idp = next(url for (m, url, st, loc) in c.trace if "/idp/sso?" in url)
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(to_idp).query)
    assert q["SigAlg"] == [SHA256_SIG] and q["Signature"]
    # the IdP's Response and Assertion: each signed, RSA-SHA256 / SHA-256
    doc = _b64xml(c.last_saml["SAMLResponse"])
    for where in ("/samlp:Response/ds:Signature",
                  "/samlp:Response/saml:Assertion/ds:Signature"):
        sig = doc.xpath(where, namespaces=SAML_NS)
        assert len(sig) == 1, where
        assert sig[0].xpath("string(ds:SignedInfo/ds:SignatureMethod/@Algorithm)",
                            namespaces=SAML_NS) == SHA256_SIG
        assert sig[0].xpath("string(ds:SignedInfo/ds:Reference/ds:DigestMethod/@Algorithm)",
                            namespaces=SAML_NS) == SHA256_DIGEST
    names = set(doc.xpath("//saml:Attribute/@Name", namespaces=SAML_NS))
    assert {idp.OID[k] for k in ("eduPersonPrincipalName", "displayName", "mail",
                                 "eduPersonScopedAffiliation", "rmentorGrade")} <= names

    # the same SAMLResponse again, from another browser: refused (replay cache)
    sp.expect_log(r"auth_mellon:error.*has already been used")
    thief = ssolib.SSOClient(sp)
    r = thief._go("POST", sp.origin + "/mellon/postResponse", data=c.last_saml)
    assert r.status_code == 400 and "Location" not in r.headers
    assert thief.get("/").status_code == 401

    # a response changed after signing (grade 7 -> 10): refused
    sp.expect_log(r"auth_mellon:error.*Failed to verify signature")
    t = ssolib.SSOClient(sp)
    r = t._go("GET", sp.origin + ssolib.SIGN_IN_HREF)
    r = t._go("GET", r.headers["Location"] + "&user=mentor3")
    action, form = ssolib.idp_form(r)
    xml = base64.b64decode(form["SAMLResponse"]).decode()
    changed = re.sub(r'(1\.3\.6\.1\.4\.1\.32473\.1\.1"[^>]*>\s*<[^>]*AttributeValue[^>]*>)7<',
                     r"\g<1>10<", xml)
    assert changed != xml
    form["SAMLResponse"] = base64.b64encode(changed.encode()).decode()
    r = t._go("POST", action, data=form)
    assert r.status_code == 400 and "Location" not in r.headers
    assert t.get("/").status_code == 401
