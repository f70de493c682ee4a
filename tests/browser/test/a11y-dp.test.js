'use strict';
// The data-protection pages (features/dp, issue 17), checked as a11y.test.js
// checks every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at 320
// CSS px, skip link and visible focus on every tab stop, title, text
// spacing): a person's own data (/my-data, as mentor1, a Mentor in a pair
// with meetings, a note and a check-in: every section a table), and the
// data protection officer's pages (as dpo, the demo account with the dpo
// role by RMentorRoleUser): the search page (empty and with a query), a
// person's page with the erase form, the form posted empty (errors), an
// erased person's page, and the audit (all, filtered, a bad date: 400).
//
// One programme is set up over plain HTTP (lib/seed.js), published and put
// in its year with sqlite3 (lib/seed.js startedDaysAgo); mentor4 applies to
// it and is erased by dpo through the form, so that the erased state and the
// audit have something to show.

const { describe, before } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const seed = require('../lib/seed');
const { Browser } = require('../lib/browser');
const pagecheck = require('../lib/pagecheck');

let server;
let browser;
const shared = {}; // server and browser, as before() starts them, for pagecheck.pageSuite()
const ids = {};
const totals = pagecheck.newTotals();

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());
const personId = (s, principal) => Number(
  seed.sql(s, `SELECT id FROM person WHERE principal = '${principal}'`)[0][0]);

const PAGES = [
  {
    name: 'My data (a Mentor in a pair)', user: 'mentor1', path: '/my-data',
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Amara Okafor/);
      assert.match(t, /Helen Graham/);          // the partner's name, a fact of the pair
      assert.match(t, /We meet every month\./); // their own check-in answer
      // a section's records as a table, or (too many columns to reflow at
      // 320 px) as one description list a record
      assert.ok(await page.locator('main table, main dl').count() >= 5,
        'a table or description lists a section');
      assert.equal(await page.locator('a[href$="/my-data.xml"]').count() >= 1, true);
      assert.equal(await page.locator('a[href$="/my-data.json"]').count() >= 1, true);
    },
  },
  {
    name: 'Data protection: search, recent erasures, retention (dpo)', user: 'dpo', path: '/dp',
    expect: async (page) => {
      assert.ok(await page.locator('main form[method=get], main form:not([method])').count() >= 1,
        'the search form');
    },
  },
  {
    name: 'Data protection: people found (dpo)', user: 'dpo', path: '/dp?q=Shah',
    expect: async (page) => {
      assert.match(await text(page), /Priya Shah/);
    },
  },
  {
    name: 'A person, with the erase form (dpo)', user: 'dpo',
    path: () => `/dp/people/${ids.mentor2}`,
    expect: async (page) => {
      assert.match(await text(page), /Priya Shah/);
      assert.equal(await page.locator(`form[action$="/dp/people/${ids.mentor2}/erase"]`).count(), 1);
    },
  },
  {
    name: 'The erase form posted empty (errors)', user: 'dpo', status: 422,
    path: () => `/dp/people/${ids.mentor2}`,
    submit: (page) => page.locator(`form[action$="/dp/people/${ids.mentor2}/erase"] button`).first(),
    expect: async (page) => {
      assert.ok(await page.locator('.error-summary a').count() >= 1);
      assert.match(await text(page, '.error-summary'), /reason/i);
    },
  },
  {
    name: 'An erased person (dpo)', user: 'dpo',
    path: () => `/dp/people/${ids.mentor4}?done=erased`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Erased person/);
      assert.doesNotMatch(t, /Mei Chen/);
    },
  },
  {
    name: 'The audit (dpo)', user: 'dpo', path: '/dp/audit',
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /dp\.erase/);
      assert.match(t, /dp\.sar\.view/);
    },
  },
  {
    name: 'The audit filtered by action and dates (dpo)', user: 'dpo',
    path: () => `/dp/audit?action=dp.sar&from=${seed.days(-1)}&to=${seed.days(1)}`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /dp\.sar\.view/);
      assert.doesNotMatch(t, /dp\.erase\b/);
    },
  },
  {
    name: 'The audit with a bad date (400)', user: 'dpo', status: 400,
    path: '/dp/audit?from=2026-13-45',
    expect: async (page) => {
      assert.match(await text(page), /from/i);
    },
  },
];

describe('the data-protection pages meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;
    const pid = await seed.createProgramme(s, { name: 'Reciprocal Mentoring 2026-27' });
    for (const [user, role] of [['mentor1', 'mentor'], ['senior1', 'senior']]) {
      const aid = await seed.apply(s, user, pid, role);
      await seed.decide(s, aid, 'accepted', '');
      await seed.override(s, pid, aid, 'Trained on an earlier programme.');
    }
    await seed.runMatching(s, pid);
    await seed.publish(s, pid);
    seed.startedDaysAgo(s, pid, 200);
    seed.sql(s, `UPDATE programme SET checkin_date = '${seed.days(-3)}' WHERE id = ${pid}`);
    const pair = Number(seed.sql(s, `SELECT id FROM pair WHERE programme_id = ${pid}`)[0][0]);
    const mid = await seed.logMeeting(s, 'mentor1', pair, { agenda: 'Getting to know each other' });
    await seed.confirmMeeting(s, 'senior1', mid, pair);
    await seed.writeNote(s, 'mentor1', pair, 'Ask about the promotion panel.');
    const c = new seed.Client(s, 'mentor1');
    const r = await c.post(`/pairs/${pair}/checkin`, {
      rating: '4', on_plan: 'yes', going_well: 'We meet every month.', hard: 'Finding time.',
      wants_support: 'no', support_kind: '',
    });
    assert.equal(r.status, 303, `mentor1's check-in: ${r.status}`);
    // a second programme, open: mentor2 and mentor4 apply, mentor4 is erased
    const open = await seed.createProgramme(s, { name: 'Reciprocal Mentoring 2027-28' });
    await seed.apply(s, 'mentor2', open, 'mentor');
    await seed.apply(s, 'mentor4', open, 'mentor', { grade: '8' });
    ids.mentor2 = personId(s, 'mentor2');
    ids.mentor4 = personId(s, 'mentor4');
    // mentor1 looks at their data once: an audit row dp.sar.view
    assert.equal((await c.get('/my-data')).status, 200);
    const e = await new seed.Client(s, 'dpo').post(`/dp/people/${ids.mentor4}/erase`,
      { reason: 'The person asked for their data to be erased.', confirm: 'yes' },
      `/dp/people/${ids.mentor4}`);
    assert.equal(e.status, 303, `dpo erases mentor4: ${e.status} ${e.text.slice(0, 400)}`);
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('data protection', PAGES, shared, totals);
});
