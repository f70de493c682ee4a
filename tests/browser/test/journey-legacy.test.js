'use strict';
// The programme's legacy clicked through in Debian's chromium with
// JavaScript OFF: a Senior Mentor records an action in their institution
// (errors first: no title, no area, a start date in the future; fixed from
// the error summary's links, which move focus to the fields), moves it to in
// progress with the date it started, then to done (without a date first:
// refused; then with the date, an outcome, and shared with the sector); a
// Mentor records a career step and reads the shared action; the admin reads
// the team's pages (counts by area and status, a filter by status, career
// steps by kind) and a facilitator the same, read only.  No page carries a
// <script>.
//
// Set up over plain HTTP first (lib/seed.js): a programme with Amara Okafor
// (Mentor) and Helen Graham (Senior Mentor) accepted, started 100 days ago
// (moved with seed.sql()), the facilitator on its team.

const { describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const { Browser } = require('../lib/browser');
const seed = require('../lib/seed');
const nojs = require('../lib/nojs');

const { follow, h1, assertNoScript, checkErrorSummary } = nojs;
const step = nojs.stepper();

let server;
let browser;
const state = {};
const PROGRAMME = 'Reciprocal Mentoring 2026-27';
const TITLE = 'Inclusive shortlisting for senior posts';
const OUTCOME = 'Three of the last five shortlists included staff of colour.';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** A date as the pages write it: "5 March 2027". */
function human(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function noJsPage(user) {
  return nojs.noJsPage(browser, user);
}

async function notice(page) {
  return (await page.getByRole('status').textContent()).trim();
}

function rowOf(page, section, text) {
  return page.locator(`div[aria-labelledby="${section}"] tbody tr`).filter({ hasText: text });
}

async function cells(row) {
  return (await row.locator('td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

describe('the legacy without JavaScript', () => {
  before(async () => {
    server = await new Httpd().start();
    const s = server;
    state.pid = await seed.createProgramme(s, { name: PROGRAMME });
    await seed.addToTeam(s, state.pid, 'facilitator', 'facilitator');
    for (const [user, role] of [['mentor1', 'mentor'], ['senior1', 'senior']]) {
      const aid = await seed.apply(s, user, state.pid, role);
      await seed.decide(s, aid, 'accepted', '');
    }
    seed.sql(s, `UPDATE programme SET start_date = '${seed.days(-100)}' WHERE id = ${state.pid}`);
    browser = await new Browser().launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  step('the journey contexts really have JavaScript off', async () => {
    const page = await noJsPage('senior1');
    await page.setContent('<title>before</title><script>document.title = "script ran"</script>');
    assert.equal(await page.title(), 'before');
    await page.close();
  });

  step('the Senior Mentor records an action (errors first, fixed from the summary)', async () => {
    const page = await noJsPage('senior1');
    let resp = await page.goto(`${server.base}/programmes/${state.pid}/actions`);
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Your actions in your institution');
    assert.match(await page.locator('main').innerText(), /You have not recorded any actions yet/);
    await assertNoScript(page);

    // errors: no title, no area, a start date in the future
    await page.getByLabel('When it started (optional)').fill(seed.days(5));
    resp = await follow(page, page.getByRole('button', { name: 'Record the action' }));
    assert.equal(resp.status(), 422);
    await assertNoScript(page);
    assert.deepEqual(await checkErrorSummary(page), ['f-title', 'f-area', 'f-started_on']);
    assert.match(await page.locator('#f-started_on-error').textContent(), /in the future/);

    // fixed from the summary's links, with the keyboard
    const summary = page.locator('.error-summary');
    await summary.locator('a[href="#f-title"]').click();
    await page.keyboard.type(TITLE);
    await summary.locator('a[href="#f-area"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-area');
    await page.keyboard.press('Space');
    assert.ok(await page.getByLabel('Recruitment').isChecked(), 'Space chose the focused radio');
    await summary.locator('a[href="#f-started_on"]').click();
    await page.getByLabel('When it started (optional)').fill('');
    await page.getByLabel('What the action is (optional)')
      .fill('Every shortlist for a senior post is reviewed by a diverse panel.');
    assert.ok(await page.getByLabel('Planned', { exact: true }).isChecked(), 'a new action is planned');
    resp = await follow(page, page.getByRole('button', { name: 'Record the action' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'Your action has been recorded.');
    assert.deepEqual(await cells(rowOf(page, 'h-mine', TITLE)),
      [TITLE, 'Recruitment', 'Planned', 'Not started', 'No', 'Change']);
    await page.close();
  });

  step('the Senior Mentor moves it to in progress, then to done with an outcome', async () => {
    const page = await noJsPage('senior1');
    await page.goto(`${server.base}/programmes/${state.pid}/actions`);
    let resp = await follow(page, page.getByRole('link', { name: `Change: ${TITLE}` }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Change your action');
    await assertNoScript(page);
    await page.getByLabel('In progress', { exact: true }).check();
    await page.getByLabel('When it started (optional)').fill(seed.days(-30));
    resp = await follow(page, page.getByRole('button', { name: 'Save the action' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'Your action has been saved.');
    assert.deepEqual(await cells(rowOf(page, 'h-mine', TITLE)),
      [TITLE, 'Recruitment', 'In progress', `Started ${human(seed.days(-30))}`, 'No', 'Change']);

    // done: a planned status is no longer offered; without a date, refused
    resp = await follow(page, page.getByRole('link', { name: `Change: ${TITLE}` }));
    assert.equal(await page.getByLabel('Planned', { exact: true }).count(), 0);
    await page.getByLabel('Done', { exact: true }).check();
    resp = await follow(page, page.getByRole('button', { name: 'Save the action' }));
    assert.equal(resp.status(), 422);
    await assertNoScript(page);
    assert.deepEqual(await checkErrorSummary(page), ['f-done_on']);
    await page.locator('.error-summary a[href="#f-done_on"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-done_on');
    await page.getByLabel('When it was done').fill(seed.days(-2));
    await page.getByLabel('Outcome (optional)').fill(OUTCOME);
    await page.getByLabel('Share with the sector').check();
    resp = await follow(page, page.getByRole('button', { name: 'Save the action' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'Your action has been saved.');
    assert.deepEqual(await cells(rowOf(page, 'h-mine', TITLE)),
      [TITLE, 'Recruitment', 'Done',
        `Started ${human(seed.days(-30))}; done ${human(seed.days(-2))}`,
        'Shared with the sector', 'Change']);
    // the shared page, from the link on the list
    resp = await follow(page, page.getByRole('link', { name: 'Actions shared for the sector' }));
    assert.equal(resp.status(), 200);
    assert.match(await page.locator('main').innerText(), new RegExp(OUTCOME));
    await page.close();
  });

  step('the Mentor records a career step and reads the shared action', async () => {
    const page = await noJsPage('mentor1');
    let resp = await page.goto(`${server.base}/programmes/${state.pid}/careers`);
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Your career steps');
    await assertNoScript(page);
    await page.getByLabel('Acting up').check();
    await page.getByLabel('Title').fill('Acting Head of Student Services');
    await page.getByLabel('Date').fill(seed.days(-14));
    await page.getByLabel('Note (optional)').fill('For six months while the post is filled.');
    resp = await follow(page, page.getByRole('button', { name: 'Record the step' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'Your career step has been recorded.');
    assert.deepEqual((await cells(rowOf(page, 'h-mine', 'Acting Head'))).slice(0, 3),
      [human(seed.days(-14)), 'Acting Head of Student Services', 'Acting up']);
    resp = await page.goto(`${server.base}/programmes/${state.pid}/shared-actions`);
    assert.equal(resp.status(), 200);
    const row = await cells(rowOf(page, 'h-shared', TITLE));
    assert.match(row[0], /^Helen Graham/);
    assert.match(row[5], new RegExp(OUTCOME));
    // the Mentor has no actions of their own to record
    resp = await page.goto(`${server.base}/programmes/${state.pid}/actions`);
    assert.equal(resp.status(), 404);
    await page.close();
  });

  step('the admin reads the team pages: counts, a filter, career steps by kind', async () => {
    const page = await noJsPage('admin');
    let resp = await page.goto(`${server.base}/admin/programmes/${state.pid}/actions`);
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Actions in institutions: ${PROGRAMME}`);
    await assertNoScript(page);
    assert.deepEqual(await cells(rowOf(page, 'h-counts', 'Recruitment')),
      ['Recruitment', '0', '0', '1', '1']);
    assert.equal(await page.locator('main form[method=post]').count(), 0);
    await page.getByLabel('Status', { exact: true }).selectOption('planned');
    resp = await follow(page, page.getByRole('button', { name: 'Show actions' }));
    assert.equal(resp.status(), 200);
    assert.match(page.url(), /status=planned/);
    assert.match(await page.locator('main').innerText(), /No actions match\./);
    await page.getByLabel('Status', { exact: true }).selectOption('done');
    resp = await follow(page, page.getByRole('button', { name: 'Show actions' }));
    assert.match(await rowOf(page, 'h-actions', TITLE).innerText(), new RegExp(OUTCOME));
    resp = await follow(page, page.getByRole('link', { name: 'Career steps' }));
    assert.equal(resp.status(), 200);
    assert.deepEqual(await cells(rowOf(page, 'h-counts', 'Acting up')), ['Acting up', '1', '1']);
    assert.match(await rowOf(page, 'h-steps', 'Acting Head').innerText(), /Amara Okafor/);
    await page.close();
  });

  step('a facilitator reads the same, with nothing to change', async () => {
    const page = await noJsPage('facilitator');
    const resp = await page.goto(`${server.base}/admin/programmes/${state.pid}/actions`);
    assert.equal(resp.status(), 200);
    assert.match(await rowOf(page, 'h-actions', TITLE).innerText(), /Helen Graham/);
    assert.equal(await page.locator('main form[method=post]').count(), 0);
    assert.equal(await page.locator('main a[href*="/edit"]').count(), 0);
    await page.close();
  });

  step('server error.log has no crash, sanitizer report or error line', async () => {
    await browser.close();
    browser = null;
    await server.stop();
    assert.deepEqual(server.logProblems(), [], `error.log in ${server.dir}`);
    server.cleanup();
    server = null;
  });
});
