'use strict';
// The mid-point check-in and support actions (features/checkin) clicked
// through in Debian's chromium with JavaScript OFF:
//   - the Mentor (Amara Okafor) goes from the home page to the pair page and
//     the check-in, sends it with errors first (asks for support without
//     saying what kind; no rating; no answer on the plan), fixes each from
//     the error summary's links (which move focus to the fields), and rates
//     the mentoring 2 and asks for support: the pair needs support;
//   - the Senior Mentor (Helen Graham) answers too (4, no support);
//   - the admin goes from "Programmes you run" to the programme's pages, its
//     "Check-in and support" overview (one pair at risk, and why), the pair's
//     support page (both partners' answers), adds a support action (errors
//     first, fixed from the summary), then moves it to Done with a follow-up;
//   - the facilitator goes from "Programmes you support" to the pairs, the
//     check-in overview and the pair's support page, and reads the action,
//     its status and follow-up.
// Every page reached is saved as artifacts/journey-checkin-<nn>-<step>.png
// and checked with axe-core (WCAG 2.1 A/AA) as the role saw it
// (lib/journeykit.js).  No page carries a <script>.
//
// Set up over plain HTTP (lib/seed.js): two pairs published, the programme
// moved 200 days into its year with seed.sql() and its check-in opened three
// days ago; Priya Shah and Robert Kerr have had the meetings the pace
// expects and answered the check-in (not at risk).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const { Browser } = require('../lib/browser');
const seed = require('../lib/seed');
const nojs = require('../lib/nojs');
const { Journey } = require('../lib/journeykit');

const { follow, h1, assertNoScript, checkErrorSummary } = nojs;
const step = nojs.stepper();

let server;
let browser;
let J;
const state = {};
const PROGRAMME = 'Reciprocal Mentoring 2026-27';
const PAIR = 'Amara Okafor and Helen Graham';
const SUPPORT_KIND = 'Help to plan our meetings around my rota.';
const HARD = 'Our diaries rarely line up.';
const ACTION = 'Facilitator meets both partners to agree a meeting plan.';
const FOLLOW_UP = 'Met on Tuesday: monthly meetings booked to the end of the year.';

const notice = async (page) => (await page.getByRole('status').textContent()).trim();
const mainText = (page) => page.locator('main').innerText();
const section = (page, id) => page.locator(`section[aria-labelledby="${id}"]`);

async function home(user) {
  const page = await nojs.noJsPage(browser, user);
  const resp = await page.goto(`${server.base}/`);
  assert.equal(resp.status(), 200);
  await assertNoScript(page);
  return page;
}

/** From the home page to the pair page, then the check-in, as a partner. */
async function openCheckin(user, partner) {
  const page = await home(user);
  await J.page(page, user, 'home');
  let resp = await follow(page, page.locator('section[aria-labelledby="h-pair"]')
    .getByRole('link', { name: 'Your pair: meetings, notes and check-in' }));
  assert.equal(resp.status(), 200);
  assert.equal(await h1(page), `Your mentoring pair: ${partner}`);
  assert.match(await section(page, 'h-checkin').innerText(), /The check-in is open/);
  await J.page(page, user, 'pair');
  resp = await follow(page, section(page, 'h-checkin').getByRole('link', { name: 'Answer the check-in' }));
  assert.equal(resp.status(), 200);
  await assertNoScript(page);
  assert.equal(await h1(page), 'Mid-point check-in');
  assert.match(await mainText(page), new RegExp(`Your pair with ${partner} in ${PROGRAMME}\\.`));
  assert.match(await mainText(page), /The check-in is open until/);
  return page;
}

describe('the mid-point check-in and support actions without JavaScript', () => {
  before(async () => {
    server = await new Httpd().start();
    const s = server;
    state.pid = await seed.createProgramme(s, { name: PROGRAMME });
    await seed.addToTeam(s, state.pid, 'facilitator', 'facilitator');
    const apps = {};
    for (const [user, role] of [['mentor1', 'mentor'], ['mentor2', 'mentor'],
      ['senior1', 'senior'], ['senior2', 'senior']]) {
      apps[user] = await seed.apply(s, user, state.pid, role,
        role === 'mentor' ? seed.MENTOR_MATCH : seed.SENIOR_MATCH);
      await seed.decide(s, apps[user], 'accepted', '');
      await seed.override(s, state.pid, apps[user], 'Trained on an earlier programme.');
    }
    await seed.matchingRule(s, state.pid, apps.mentor1, apps.senior1, 'pin');
    await seed.matchingRule(s, state.pid, apps.mentor2, apps.senior2, 'pin');
    await seed.runMatching(s, state.pid);
    await seed.publish(s, state.pid);
    seed.startedDaysAgo(s, state.pid, 200);
    seed.sql(s, `UPDATE programme SET checkin_date = '${seed.days(-3)}' WHERE id = ${state.pid};`);
    state.p1 = seed.pairOf(s, apps.mentor1);
    state.p2 = seed.pairOf(s, apps.mentor2);
    // Priya Shah and Robert Kerr: on pace, content, no support wanted
    for (const d of [-150, -100, -40]) {
      const mid = await seed.logMeeting(s, 'mentor2', state.p2, { held_on: seed.days(d) });
      await seed.confirmMeeting(s, 'senior2', mid, state.p2);
    }
    for (const user of ['mentor2', 'senior2']) {
      const r = await new seed.Client(s, user).post(`/pairs/${state.p2}/checkin`, {
        rating: '4', on_plan: 'yes', going_well: 'Plenty.', hard: '', wants_support: 'no',
        support_kind: '',
      });
      assert.equal(r.status, 303, `${user} answers the check-in: ${r.status}`);
    }
    browser = await new Browser().launch();
    J = new Journey(browser, 'checkin');
  });

  after(async () => {
    if (J) console.log(`# ${J.summary()}`);
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  step('the Mentor answers the check-in (errors first, fixed from the summary): needs support', async () => {
    const page = await openCheckin('mentor1', 'Helen Graham');
    assert.equal(await page.locator('input[name=rating]').count(), 5);
    assert.equal(await page.locator('input[name=rating]:checked').count(), 0, 'nothing chosen yet');
    await J.page(page, 'mentor1', 'form');

    // asks for support without saying what; no rating, no answer on the plan
    await page.getByLabel('Yes', { exact: true }).last().check();
    assert.ok(await page.locator('#f-wants_support').isChecked());
    let resp = await follow(page, page.getByRole('button', { name: 'Send my check-in' }));
    assert.equal(resp.status(), 422);
    await assertNoScript(page);
    assert.deepEqual(await checkErrorSummary(page), ['f-rating', 'f-on_plan', 'f-support_kind']);
    assert.ok(await page.locator('#f-wants_support').isChecked(), 'the answer given is kept');
    await J.page(page, 'mentor1', 'form-errors', 422);

    // each fixed from the summary: the links move focus to the fields
    const summary = page.locator('.error-summary');
    await summary.locator('a[href="#f-rating"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-rating');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    assert.ok(await page.getByLabel('2: Not well', { exact: true }).isChecked(),
      'Space, then an arrow key, chose "2: Not well"');
    await summary.locator('a[href="#f-on_plan"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-on_plan');
    await page.getByLabel('Partly', { exact: true }).check();
    await summary.locator('a[href="#f-support_kind"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-support_kind');
    await page.keyboard.type(SUPPORT_KIND);
    await page.getByLabel('What is hard?').fill(HARD);
    resp = await follow(page, page.getByRole('button', { name: 'Send my check-in' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await notice(page),
      'Thank you: your check-in has been saved. You can change it while the check-in is open.');
    assert.match(await mainText(page), /You answered on .*You can change your answers until/);
    assert.ok(await page.getByLabel('2: Not well', { exact: true }).isChecked());
    assert.equal(await page.getByLabel('What kind of support?').inputValue(), SUPPORT_KIND);
    assert.equal(await page.getByRole('button', { name: 'Save my changes' }).count(), 1);
    await J.page(page, 'mentor1', 'saved');
    await page.close();
  });

  step('the Senior Mentor answers the check-in; it does not show the Mentor\'s answers', async () => {
    const page = await openCheckin('senior1', 'Amara Okafor');
    const t = await mainText(page);
    assert.ok(!t.includes(SUPPORT_KIND) && !t.includes(HARD), 'the partner\'s answers are not shown');
    assert.equal(await page.locator('input[name=rating]:checked').count(), 0);
    await page.getByLabel('4: Well', { exact: true }).check();
    await page.getByLabel('Yes', { exact: true }).first().check();
    await page.getByLabel('What is going well?').fill('Frank conversations about culture.');
    await page.locator('#f-wants_support-no').check();
    const resp = await follow(page, page.getByRole('button', { name: 'Send my check-in' }));
    assert.equal(resp.status(), 200);
    assert.match(await notice(page), /your check-in has been saved/);
    assert.ok(await page.getByLabel('4: Well', { exact: true }).isChecked());
    await J.page(page, 'senior1', 'saved');
    await page.close();
  });

  step('the admin reaches the pairs at risk from the programme\'s pages and opens the pair', async () => {
    const page = await home('admin');
    await J.page(page, 'admin', 'home');
    let resp = await follow(page, page.locator('section[aria-labelledby="h-run"]')
      .getByRole('link', { name: PROGRAMME }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Applications: ${PROGRAMME}`);
    await J.page(page, 'admin', 'programme');
    resp = await follow(page, page.getByRole('navigation', { name: 'This programme' })
      .getByRole('link', { name: 'Check-in and support' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), `Check-ins: ${PROGRAMME}`);
    const window = await section(page, 'h-window').innerText();
    assert.match(window, /Open/);
    assert.match(window, /Pairs at risk\s+1 of 2/);
    const pairs = section(page, 'h-pairs');
    assert.equal((await pairs.locator('h2').innerText()).trim(), '1 pair at risk');
    const rows = pairs.locator('tbody tr');
    assert.equal(await rows.count(), 1, 'Priya Shah and Robert Kerr are not at risk');
    const row = await rows.first().innerText();
    assert.match(row, /Rated 2 or less: Amara Okafor \(2\)/);
    assert.match(row, /Asked for support: Amara Okafor/);
    assert.match(row, /Behind the meeting pace: 0 of \d+ expected meetings confirmed/);
    assert.match(row, /None open/);
    await J.page(page, 'admin', 'at-risk');

    resp = await follow(page, pairs.getByRole('link', { name: PAIR }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), `Support: ${PAIR}`);
    const answers = await section(page, 'h-answers').innerText();
    assert.match(answers, /Amara Okafor, Mentor: their answers/);
    assert.ok(answers.includes(SUPPORT_KIND) && answers.includes(HARD), 'the Mentor\'s answers');
    assert.match(answers, /2: Not well/);
    assert.match(answers, /4: Well/);
    assert.match(await section(page, 'h-actions').innerText(), /No support actions yet\./);
    await J.page(page, 'admin', 'support');
    state.supportUrl = page.url();
    await page.close();
  });

  step('the admin adds a support action (errors first) and moves it to Done with a follow-up', async () => {
    const page = await nojs.noJsPage(browser, 'admin');
    await page.goto(state.supportUrl);
    let resp = await follow(page, page.getByRole('button', { name: 'Add action' }));
    assert.equal(resp.status(), 422);
    await assertNoScript(page);
    assert.deepEqual(await checkErrorSummary(page), ['f-what', 'f-owner', 'f-due_on']);
    await J.page(page, 'admin', 'action-errors', 422);

    const summary = page.locator('.error-summary');
    await summary.locator('a[href="#f-what"]').click();
    await page.keyboard.type(ACTION);
    await summary.locator('a[href="#f-owner"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-owner');
    const owner = page.locator('#f-owner option').filter({ hasText: '(facilitator)' });
    assert.equal(await owner.count(), 1, 'the facilitator is offered as owner');
    state.owner = (await owner.innerText()).trim();
    await page.getByLabel('Owner').selectOption(await owner.getAttribute('value'));
    await summary.locator('a[href="#f-due_on"]').click();
    await page.locator('#f-due_on').fill(seed.days(14));
    resp = await follow(page, page.getByRole('button', { name: 'Add action' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await notice(page), 'The support action has been added.');
    let row = section(page, 'h-actions').locator('tbody tr').filter({ hasText: ACTION });
    assert.ok((await row.innerText()).includes(state.owner.replace(/ \(facilitator\)$/, '')),
      `owned by ${state.owner}`);
    assert.match(await row.innerText(), /Open/);
    await J.page(page, 'admin', 'action-added');

    resp = await follow(page, row.getByRole('link', { name: `Change: ${ACTION}` }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), 'Change a support action');
    assert.ok(await page.locator('input[name=status][value=open]').isChecked());
    await J.page(page, 'admin', 'action-edit');
    await page.getByLabel('Done', { exact: true }).check();
    await page.getByLabel('Follow-up note').fill(FOLLOW_UP);
    resp = await follow(page, page.getByRole('button', { name: 'Save action' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await notice(page), 'The support action has been saved.');
    row = section(page, 'h-actions').locator('tbody tr').filter({ hasText: ACTION });
    const t = await row.innerText();
    assert.match(t, /Done/);
    assert.ok(t.includes(`Follow-up: ${FOLLOW_UP}`), t);
    assert.match(t, /Added by [A-Z]/);
    await J.page(page, 'admin', 'action-done');
    await page.close();
  });

  step('the facilitator finds the pair from "Programmes you support" and reads the action', async () => {
    const page = await home('facilitator');
    await J.page(page, 'facilitator', 'home');
    const row = page.locator('section[aria-labelledby="h-facilitator"]').getByRole('row')
      .filter({ has: page.getByRole('link', { name: PROGRAMME }) });
    let resp = await follow(page, row.getByRole('link', { name: 'Pairs', exact: true }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Pairs: ${PROGRAMME}`);
    await J.page(page, 'facilitator', 'pairs');
    resp = await follow(page, page.getByRole('link', { name: 'Check-in and pairs at risk' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), `Check-ins: ${PROGRAMME}`);
    const pairs = section(page, 'h-pairs');
    const r = await pairs.locator('tbody tr').first().innerText();
    assert.match(r, /None open/, 'the action is done: none open');
    await J.page(page, 'facilitator', 'at-risk');
    resp = await follow(page, pairs.getByRole('link', { name: PAIR }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), `Support: ${PAIR}`);
    const t = await section(page, 'h-actions').innerText();
    assert.ok(t.includes(ACTION) && t.includes(`Follow-up: ${FOLLOW_UP}`), t);
    assert.match(t, /Done/);
    assert.ok((await section(page, 'h-answers').innerText()).includes(SUPPORT_KIND));
    await J.page(page, 'facilitator', 'support');
    await page.close();
  });

  it('server error.log has no crash, sanitizer report or error line', async () => {
    await browser.close();
    browser = null;
    await server.stop();
    const problems = server.logProblems();
    assert.deepEqual(problems, [], `error.log in ${server.dir}`);
    server.cleanup();
  });
});
