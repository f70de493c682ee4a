'use strict';
// An institution's local admin's pages (features/institution,
// RMentorInstitutionAdmin), checked as every page is (lib/pagecheck.js:
// axe-core WCAG 2.1 A/AA, reflow at 320 CSS px, skip link and visible focus,
// title, text spacing), each with a check of what it shows: the
// institution's programmes with its applications counted; the list of its
// staff's applications (only theirs, searched by name too); one of them
// read-only; the programme's figures for its people; the navigation's link.
//
// The server is a sector programme's (the home institution and University
// of B, each with its IdP): sign-in through a mount of its own whose demo
// SSO places the scoped eppn, the affiliation and the asserting IdP, as
// tests/integration/test_federation.py does.  People and applications are
// written into the database (lib/seed.js sql).

const { describe, before } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Httpd, PASSWORD } = require('../lib/server');
const seed = require('../lib/seed');
const { Browser } = require('../lib/browser');
const pagecheck = require('../lib/pagecheck');

const HOME_IDP = 'https://idp.demo.ac.uk/idp';
const B_IDP = 'https://idp.b.ac.uk/idp';
const ACCOUNTS = {
  chief: ['chief@demo.ac.uk', 'staff@demo.ac.uk', HOME_IDP, 'Chidi Eze',
    'urn:mace:demo.ac.uk:rmentor:admin'],
  localb: ['localb@b.ac.uk', 'staff@b.ac.uk', B_IDP, 'Bola Adebayo', ''],
};

function conf() {
  const rules = Object.entries(ACCOUNTS).map(([user, [eppn, aff, idp, name, ent]]) => {
    const env = [`eppn:${eppn}`, `affiliation:${aff}`, `Shib-Identity-Provider:${idp}`,
      `displayName:${name}`].concat(ent ? [`entitlement:${ent}`] : []);
    return `    RewriteCond %{REMOTE_USER} =${user}\n`
      + `    RewriteRule ^ - "[${env.map((e) => `E=${e}`).join(',')}]"\n`;
  }).join('');
  return `
RMentorIdentityProvider ${HOME_IDP}
RMentorInstitution b.ac.uk "University of B" ${B_IDP}
RMentorInstitutionAdmin b.ac.uk localb@b.ac.uk
<Location /fed>
    AuthType Basic
    AuthName "Federation test"
    AuthBasicProvider file
    AuthUserFile \${RM_RUN}/htpasswd
    Require valid-user
    SetHandler rmentor
    RMentorBasePath /fed
    RewriteEngine On
${rules}</Location>
`;
}

let server;
let browser;
const shared = {}; // server and browser, as before() starts them, for pagecheck.pageSuite()
const ids = {};
const totals = pagecheck.newTotals();

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());

const PAGES = [
  {
    name: "The institution's programmes (local admin)", user: 'localb',
    path: () => '/institution',
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /You are a local admin for University of B/);
      const row = page.locator('tr', { has: page.locator('th', { hasText: 'Sector programme' }) });
      assert.deepEqual((await row.locator('td').allInnerTexts()).slice(1, 4), ['6', '0', '3']);
      assert.equal(await page.getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Your institution' }).count(), 1);
    },
  },
  {
    name: "The applications from the institution's staff", user: 'localb',
    path: () => `/institution/programmes/${ids.pid}/applications`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /6 applications/);
      assert.doesNotMatch(t, /Person A/);
      assert.match(t, /Person B0/);
    },
  },
  {
    name: "The applications searched by name", user: 'localb',
    path: () => `/institution/programmes/${ids.pid}/applications?q=b1&sort=name`,
    expect: async (page) => {
      assert.match(await text(page), /1 application\b/);
    },
  },
  {
    name: 'One application, read-only', user: 'localb',
    path: () => `/applications/${ids.bApp}`,
    expect: async (page) => {
      assert.match(await text(page), /Application from Person B0/);
      assert.equal(await page.locator('form[action$="/decision"]').count(), 0);
      assert.equal(await page.getByRole('link', { name: /Back to the applications from/ }).count(), 1);
    },
  },
  {
    name: "The programme's figures for the institution", user: 'localb',
    path: () => `/institution/programmes/${ids.pid}/report`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Figures for University of B: Sector programme/);
      assert.match(t, /From application to completion/);
      assert.doesNotMatch(t, /Check-in ratings/);
    },
  },
];

describe("an institution's local admin's pages meet WCAG 2.1 AA, reflow, show focus", () => {
  before(async () => {
    shared.server = server = await new Httpd({ extraConf: conf() }).start();
    server.base = `${server.origin}/fed`;
    const digest = crypto.createHash('sha1').update(PASSWORD).digest('base64');
    fs.appendFileSync(path.join(server.dir, 'htpasswd'),
      Object.keys(ACCOUNTS).map((u) => `${u}:{SHA}${digest}\n`).join(''));
    ids.pid = await seed.createProgramme(server, { name: 'Sector programme' }, 'chief');
    // six people of B (three accepted) and five of the home institution
    const people = [];
    for (let i = 0; i < 6; i++) people.push([`pb${i}@b.ac.uk`, `Person B${i}`, 'b.ac.uk']);
    for (let i = 0; i < 5; i++) people.push([`pa${i}@demo.ac.uk`, `Person A${i}`, 'demo.ac.uk']);
    for (const [principal, name, scope] of people) {
      seed.sql(server, 'INSERT INTO person (principal, display_name, first_seen, last_seen, '
        + `scope) VALUES ('${principal}', '${name}', 1, 1, '${scope}');`);
    }
    seed.sql(server, 'INSERT INTO application (programme_id, person_id, role, status, grade, '
      + 'job_title, department, created_at, updated_at) SELECT '
      + `${Number(ids.pid)}, id, 'mentor', CASE WHEN principal IN ('pb0@b.ac.uk', `
      + "'pb1@b.ac.uk', 'pb2@b.ac.uk') THEN 'accepted' ELSE 'submitted' END, '8', "
      + "'Head of Registry', 'Registry', 1700000000, 1700000000 FROM person "
      + "WHERE principal LIKE 'p__@%';");
    ids.bApp = seed.sql(server, 'SELECT a.id FROM application a JOIN person p ON '
      + "p.id = a.person_id WHERE p.principal = 'pb0@b.ac.uk';")[0][0];
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('institution', PAGES, shared, totals);
});
