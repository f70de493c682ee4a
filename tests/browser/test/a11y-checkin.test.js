'use strict';
// The pages of the mid-point check-in and support actions
// (features/checkin), checked as a11y.test.js checks every page
// (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at 320 CSS px, skip link
// and visible focus on every tab stop, title, text spacing): a partner's
// check-in form (empty, with errors, answered), their answers once the
// check-in has closed, the team's overview of pairs at risk (an admin's, a
// facilitator's list of all pairs), one pair's support page with both
// partners' answers and its actions (one overdue), the add-action form with
// errors, and an action's edit form (as it stands, with errors).
//
// Two programmes are set up over plain HTTP (lib/seed.js), published, and
// put in their year with sqlite3 (the dates a programme's form cannot set in
// the past): "year", whose check-in is open, and "closed", whose check-in
// has closed.

const { describe, before } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
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

/** Rows of the server's SQLite database (as www-data, the children's user,
 *  when the tests run as root), tab-separated. */
function sql(s, query) {
  const db = path.join(s.dir, 'db', 'rmentor.db');
  const [cmd, args] = process.getuid && process.getuid() === 0
    ? ['runuser', ['-u', 'www-data', '--', 'sqlite3', '-batch', '-separator', '\t', db, query]]
    : ['sqlite3', ['-batch', '-separator', '\t', db, query]];
  return execFileSync(cmd, args, { encoding: 'utf8' }).split('\n').filter(Boolean)
    .map((l) => l.split('\t'));
}

/** {mentor principal (before the @): pair id} of a programme's pairs. */
function pairsOf(s, pid) {
  const out = {};
  for (const [id, who] of sql(s, `SELECT pr.id, m.principal FROM pair pr JOIN person m `
    + `ON m.id = pr.mentor_id WHERE pr.programme_id = ${pid}`)) {
    out[who.split('@')[0]] = Number(id);
  }
  return out;
}

async function post(s, user, p, fields, from = p) {
  const r = await new seed.Client(s, user).post(p, fields, from);
  assert.equal(r.status, 303, `${user} POST ${p}: ${r.status}`);
}

const ANSWERS = {
  rating: '2', on_plan: 'partly', going_well: 'We talk openly.',
  hard: 'Our diaries rarely line up.', wants_support: 'yes',
  support_kind: 'Help to plan the next three meetings.',
};

const PAGES = [
  {
    name: 'Check-in form, open (empty)', user: 'mentor2',
    path: () => `/pairs/${ids.pairB}/checkin`,
    expect: async (page) => {
      assert.match(await text(page), /The check-in is open until/);
      assert.equal(await page.locator('input[name=rating]').count(), 5);
    },
  },
  {
    name: 'Check-in form posted empty (errors)', user: 'mentor2', status: 422,
    path: () => `/pairs/${ids.pairB}/checkin`, submit: 'Send my check-in',
    before: async (page) => {
      await page.locator('#f-wants_support').check();
    },
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#f-rating', '#f-on_plan', '#f-support_kind']);
    },
  },
  {
    name: 'Check-in answered (the form with the answers)', user: 'mentor1',
    path: () => `/pairs/${ids.pairA}/checkin?done=checkin-saved`,
    expect: async (page) => {
      assert.match(await text(page), /your check-in has been saved/);
      assert.ok(await page.locator('input[name=rating][value="2"]').isChecked());
    },
  },
  {
    name: 'Check-in closed (own answers, read only)', user: 'mentor4',
    path: () => `/pairs/${ids.pairClosed}/checkin`,
    expect: async (page) => {
      assert.match(await text(page), /The check-in closed on/);
      assert.equal(await page.locator('main form[method=post]').count(), 0);
      assert.match(await text(page), /Our diaries rarely line up\./);
    },
  },
  {
    name: 'Check-ins and pairs at risk (admin)', user: 'admin',
    path: () => `/admin/programmes/${ids.year}/checkins`,
    expect: async (page) => {
      assert.match(await text(page), /2 pairs at risk/);
      assert.match(await text(page), /Rated 2 or less: Amara Okafor \(2\)/);
      assert.match(await text(page), /1 overdue/);
    },
  },
  {
    name: 'Check-ins, every active pair (facilitator)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.year}/checkins?show=all`,
    expect: async (page) => {
      assert.match(await text(page), /2 active pairs/);
    },
  },
  {
    name: 'Support page of a pair (answers, actions, one overdue)', user: 'admin',
    path: () => `/admin/pairs/${ids.pairA}/support`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Amara Okafor, Mentor: their answers/);
      assert.match(t, /Overdue/);
      assert.match(t, /In progress/);
    },
  },
  {
    name: 'Support action form posted empty (errors)', user: 'facilitator', status: 422,
    path: () => `/admin/pairs/${ids.pairA}/support`, submit: 'Add action',
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#f-what', '#f-owner', '#f-due_on']);
    },
  },
  {
    name: 'Support action edit form', user: 'admin',
    path: () => `/support/${ids.action}/edit`,
    expect: async (page) => {
      assert.ok(await page.locator('input[name=status][value=open]').isChecked());
    },
  },
  {
    name: 'Support action dropped without a reason (errors)', user: 'admin', status: 422,
    path: () => `/support/${ids.action}/edit`, submit: 'Save action',
    before: async (page) => {
      await page.locator('#f-status-dropped').check();
    },
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#f-drop_reason']);
    },
  },
];

describe('the check-in and support pages meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;
    const cohort = async (name, people) => {
      const pid = await seed.createProgramme(s, { name });
      await seed.addToTeam(s, pid, 'facilitator', 'facilitator');
      for (const [user, role, over] of people) {
        const base = role === 'mentor' ? seed.MENTOR_FORM : seed.SENIOR_FORM;
        const aid = await seed.apply(s, user, pid, role, { ...base, ...(over || {}) });
        await seed.decide(s, aid, 'accepted', '');
        await seed.override(s, pid, aid, 'Trained on an earlier programme.');
      }
      await seed.runMatching(s, pid);
      await seed.publish(s, pid);
      return pid;
    };
    ids.year = await cohort('Reciprocal Mentoring 2026-27', [
      ['mentor1', 'mentor'], ['mentor2', 'mentor'], ['senior1', 'senior'], ['senior2', 'senior'],
    ]);
    ids.closed = await cohort('Reciprocal Mentoring 2025-26', [
      ['mentor4', 'mentor', { grade: '8' }], ['senior3', 'senior'],
    ]);
    // mid-year: started 200 days ago (3 meetings expected), check-in open
    for (const pid of [ids.year, ids.closed]) {
      sql(s, `UPDATE programme SET start_date = '${seed.days(-200)}', `
        + `checkin_date = '${seed.days(-3)}' WHERE id = ${pid}`);
    }
    ({ mentor1: ids.pairA, mentor2: ids.pairB } = pairsOf(s, ids.year));
    ({ mentor4: ids.pairClosed } = pairsOf(s, ids.closed));
    await post(s, 'mentor1', `/pairs/${ids.pairA}/checkin`, ANSWERS);
    await post(s, 'mentor4', `/pairs/${ids.pairClosed}/checkin`, ANSWERS);
    // the closed programme's check-in ended two weeks ago
    sql(s, `UPDATE programme SET checkin_date = '${seed.days(-40)}' WHERE id = ${ids.closed}`);
    // two actions for pair A: one in progress, one open that is overdue
    const c = new seed.Client(s, 'admin');
    const sp = `/admin/pairs/${ids.pairA}/support`;
    const owner = seed.selectOptions((await c.get(sp)).text, 'owner')
      .find((o) => o.text.endsWith('(facilitator)')).value;
    await post(s, 'admin', sp, { what: 'Meet both partners to plan the spring.', owner, due_on: seed.days(14) });
    await post(s, 'admin', sp, { what: 'Call Amara about her diary.', owner, due_on: seed.days(0) });
    const actions = sql(s, `SELECT id FROM support_action WHERE pair_id = ${ids.pairA} ORDER BY id`)
      .map((r) => Number(r[0]));
    const first = `/support/${actions[0]}/edit`;
    await post(s, 'admin', first, {
      ...seed.formFields((await c.get(first)).text, c.actionPath(first)),
      status: 'in_progress', follow_up: 'Both partners asked for an evening slot.',
    });
    ids.action = actions[1];
    sql(s, `UPDATE support_action SET due_on = '${seed.days(-2)}' WHERE id = ${ids.action}`);
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('check-in', PAGES, shared, totals);
});
