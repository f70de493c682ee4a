'use strict';
// The pages of the programme's legacy (features/legacy), checked as
// a11y.test.js checks every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA,
// reflow at 320 CSS px, skip link and visible focus on every tab stop,
// title, text spacing), each with a check that it shows the state it is
// meant to: a Senior Mentor's actions (none yet; the add form posted with
// errors; a list with every status; before the programme starts), an
// action's form (as it stands; done without a date), the actions shared for
// the sector (a Mentor's view; none shared); a Mentor's career steps (none
// yet; the add form with errors; a list; the edit form with errors; the
// delete confirmation; before the start; two years after the end, read
// only); the team's actions page (counts, an admin's; filtered to nothing),
// career steps page, equality figures and programme report (features/report;
// a facilitator's), and the admins' reports across programmes.
//
// Three programmes are set up over plain HTTP (lib/seed.js), their
// applicants accepted, and put in their year with sqlite3: "now" started
// 100 days ago, "soon" starts in 60 days, "past" started 1,200 days ago (its
// career steps closed 104 days ago).

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
const summaryLinks = (page) => page.locator('.error-summary a')
  .evaluateAll((as) => as.map((a) => a.getAttribute('href')));

async function post(s, user, p, fields, from = p) {
  const r = await new seed.Client(s, user).post(p, fields, from);
  assert.equal(r.status, 303, `${user} POST ${p}: ${r.status} ${r.text.slice(0, 300)}`);
}

const PAGES = [
  {
    name: 'Actions, none yet (Senior Mentor)', user: 'senior2',
    path: () => `/programmes/${ids.now}/actions`,
    expect: async (page) => {
      assert.match(await text(page), /You have not recorded any actions yet\./);
      assert.equal(await page.locator('input[name=area]').count(), 7);
    },
  },
  {
    name: 'Action form posted with errors', user: 'senior2', status: 422,
    path: () => `/programmes/${ids.now}/actions`, submit: 'Record the action',
    before: async (page) => {
      await page.locator('#f-status-done').check();
    },
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-title', '#f-area', '#f-done_on']);
    },
  },
  {
    name: 'Actions in every status, with the saved notice', user: 'senior1',
    path: () => `/programmes/${ids.now}/actions?done=action-saved`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Your action has been saved\./);
      for (const s of ['Planned', 'In progress', 'Done', 'Shared with the sector']) {
        assert.match(t, new RegExp(s));
      }
    },
  },
  {
    name: 'Actions before the programme starts', user: 'exec1',
    path: () => `/programmes/${ids.soon}/actions`,
    expect: async (page) => {
      assert.match(await text(page), /You can record actions from the programme's start/);
      assert.equal(await page.locator('main form[method=post]').count(), 0);
    },
  },
  {
    name: 'Action form (in progress)', user: 'senior1',
    path: () => `/actions/${ids.inProgress}/edit`,
    expect: async (page) => {
      assert.ok(await page.locator('input[name=status][value=in_progress]').isChecked());
      assert.equal(await page.locator('input[name=status][value=planned]').count(), 0);
    },
  },
  {
    name: 'Action form: done without a date (errors)', user: 'senior1', status: 422,
    path: () => `/actions/${ids.inProgress}/edit`, submit: 'Save the action',
    before: async (page) => {
      await page.locator('#f-status-done').check();
    },
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-done_on']);
    },
  },
  {
    name: 'Actions shared for the sector (a Mentor)', user: 'mentor1',
    path: () => `/programmes/${ids.now}/shared-actions`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /1 shared action/);
      assert.match(t, /Helen Graham/);
      assert.match(t, /Inclusive shortlisting/);
    },
  },
  {
    name: 'Actions shared for the sector, none yet', user: 'exec1',
    path: () => `/programmes/${ids.soon}/shared-actions`,
    expect: async (page) => {
      assert.match(await text(page), /No actions have been shared yet\./);
    },
  },
  {
    name: 'Career steps, none yet (Mentor)', user: 'mentor2',
    path: () => `/programmes/${ids.now}/careers`,
    expect: async (page) => {
      assert.match(await text(page), /You have not recorded any career steps yet\./);
    },
  },
  {
    name: 'Career step form posted with errors', user: 'mentor2', status: 422,
    path: () => `/programmes/${ids.now}/careers`, submit: 'Record the step',
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-kind', '#f-title', '#f-taken_on']);
    },
  },
  {
    name: 'Career steps, with the recorded notice', user: 'mentor1',
    path: () => `/programmes/${ids.now}/careers?done=career-added`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Your career step has been recorded\./);
      assert.match(t, /Acting Head of Student Services/);
      assert.match(t, /Delete/);
    },
  },
  {
    name: 'Career step form: a date before the start (errors)', user: 'mentor1', status: 422,
    path: () => `/careers/${ids.step}/edit`, submit: 'Save the step',
    before: async (page) => {
      await page.getByLabel('Date').fill(seed.days(-300));
    },
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-taken_on']);
      assert.match(await text(page), /before the programme started/);
    },
  },
  {
    name: 'Delete a career step (confirmation)', user: 'mentor1',
    path: () => `/careers/${ids.step}/delete`,
    expect: async (page) => {
      assert.match(await text(page), /Are you sure/);
      assert.equal(await page.getByRole('button', { name: 'Delete the step' }).count(), 1);
    },
  },
  {
    name: 'Career steps before the programme starts', user: 'load81001',
    path: () => `/programmes/${ids.soon}/careers`,
    expect: async (page) => {
      assert.match(await text(page), /Career steps are recorded from the programme's start/);
    },
  },
  {
    name: 'Career steps two years after the end (read only)', user: 'load81002',
    path: () => `/programmes/${ids.past}/careers`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /can no longer be recorded, changed or deleted/);
      assert.match(t, /Secondment to the Registry/);
      assert.equal(await page.locator('main form[method=post]').count(), 0);
    },
  },
  {
    name: 'Team: actions by area and status (admin)', user: 'admin',
    path: () => `/admin/programmes/${ids.now}/actions`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /3 actions/);
      assert.match(t, /Actions by area and status/);
      assert.equal(await page.locator('main form[method=post]').count(), 0);
    },
  },
  {
    name: 'Team: actions filtered to none', user: 'admin',
    path: () => `/admin/programmes/${ids.now}/actions?area=pay&status=done`,
    expect: async (page) => {
      assert.match(await text(page), /No actions match\./);
    },
  },
  {
    // features/report: the team's equality figures, every one of this small
    // cohort (2 Mentors, 2 Senior Mentors) under 5
    name: 'Team: equality figures (facilitator)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.now}/equality`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Applications and their outcomes by role/);
      assert.equal(await page.locator('main table').count(), 5);
      assert.ok(await page.locator('td.sup-small').count() >= 4);
      assert.match(t, /fewer than 5/);
      assert.equal(await page.locator('main form').count(), 0);
    },
  },
  {
    // features/report: the programme report, every section's chart (inline
    // SVG, a picture named by its title) and its table
    name: 'Team: programme report (facilitator)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.now}/report`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /From application to completion/);
      assert.match(t, /Each download is recorded/);
      // no rating questions in this cohort's evaluation: that section says
      // so instead of a chart
      assert.equal(await page.locator('main svg[role=img]').count(), 8);
      assert.equal(await page.locator('main table').count(), 9);
      assert.match(t, /There are no rating questions/);
      assert.match(t, /fewer than 5/);
      assert.equal(await page.locator('main form').count(), 0);
    },
  },
  {
    name: 'Admin: reports across programmes', user: 'admin',
    path: () => '/admin/reports',
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Reciprocal Mentoring 2023-24/);
      assert.equal(await page.locator('main svg[role=img]').count(), 1);
      assert.equal(await page.locator('main table').count(), 1);
    },
  },
  {
    name: 'Team: career steps by kind (facilitator)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.now}/careers`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /1 career step/);
      assert.match(t, /Amara Okafor/);
    },
  },
];

describe('the legacy pages meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;
    seed.addUsers(s, 1, 1, 'exec');
    seed.addUsers(s, 2, 81001, 'load');
    const cohort = async (name, people) => {
      const pid = await seed.createProgramme(s, { name });
      await seed.addToTeam(s, pid, 'facilitator', 'facilitator');
      for (const [user, role] of people) {
        const aid = await seed.apply(s, user, pid, role);
        await seed.decide(s, aid, 'accepted', '');
      }
      return pid;
    };
    ids.now = await cohort('Reciprocal Mentoring 2026-27', [
      ['mentor1', 'mentor'], ['mentor2', 'mentor'], ['senior1', 'senior'], ['senior2', 'senior'],
    ]);
    ids.soon = await cohort('Reciprocal Mentoring 2027-28', [
      ['load81001', 'mentor'], ['exec1', 'senior'],
    ]);
    ids.past = await cohort('Reciprocal Mentoring 2023-24', [['load81002', 'mentor']]);
    const start = (pid, d) => seed.sql(s, `UPDATE programme SET start_date = '${seed.days(d)}', `
      + `length_months = 12 WHERE id = ${pid}`);
    start(ids.now, -100);
    start(ids.past, -1000);
    // Helen Graham's actions: planned, in progress, done and shared
    const mine = `/programmes/${ids.now}/actions`;
    const action = (over) => ({
      title: 'Inclusive shortlisting', description: 'Shortlists reviewed for bias.',
      area: 'recruitment', status: 'planned', started_on: '', done_on: '', outcome: '', ...over,
    });
    await post(s, 'senior1', mine, action({ title: 'Pay gap report by ethnicity', area: 'pay' }));
    await post(s, 'senior1', mine, action({
      title: 'Promotion panel training', area: 'promotion', status: 'in_progress',
      started_on: seed.days(-30),
    }));
    await post(s, 'senior1', mine, action({
      status: 'done', started_on: seed.days(-60), done_on: seed.days(-10),
      outcome: 'Two shortlists changed.', shareable: '1',
    }));
    ids.inProgress = Number(seed.sql(s, `SELECT id FROM inst_action WHERE status = `
      + `'in_progress' AND programme_id = ${ids.now}`)[0][0]);
    // Amara Okafor's career step; one in the past programme
    await post(s, 'mentor1', `/programmes/${ids.now}/careers`, {
      kind: 'acting_up', title: 'Acting Head of Student Services', taken_on: seed.days(-20),
      note: 'For six months.',
    });
    ids.step = Number(seed.sql(s, `SELECT id FROM career_step WHERE programme_id = ${ids.now}`)[0][0]);
    await post(s, 'load81002', `/programmes/${ids.past}/careers`, {
      kind: 'secondment', title: 'Secondment to the Registry', taken_on: seed.days(-400),
    });
    start(ids.past, -1200);
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('legacy', PAGES, shared, totals);
});
