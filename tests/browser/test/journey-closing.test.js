'use strict';
// The close of the year clicked through in Debian's chromium with JavaScript
// OFF: the admin sets up the end-of-programme event from the programme's
// pages (errors first, fixed from the error summary's links, which move focus
// to the fields); a Mentor follows "End-of-programme event" under
// "Reflection and the end of the year" on their home page and replies yes
// with access needs; the admin reads the access needs in the replies table;
// the Mentor writes a reflection shared with the cohort, the admin adds it to
// the learning digest and the Senior Mentor reads it on the digest page.
// Then the programme is moved past its last day (seed.sql()): the Mentor
// answers the evaluation (sent empty first; each rating chosen with the
// keyboard from the error summary's links) and the admin sees the response
// rate.  No page carries a <script>.
//
// Set up over plain HTTP first (lib/seed.js): the programme, started 200
// days ago, with Amara Okafor and Helen Graham, Priya Shah and Robert Kerr
// paired.

const { describe, it, before, after } = require('node:test');
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
const ACCESS = 'Step-free access, and a seat near the hearing loop.';
const TITLE = 'What listening taught me';
const BODY = 'Helen asked more than she told. I will do the same with my own team.';
const RATINGS = { 1: 5, 2: 4, 3: 5, 4: 3, 5: 4 };
const LABELS = { 1: 'Not at all', 2: 'A little', 3: 'Moderately', 4: 'Very', 5: 'Extremely' };

function noJsPage(user) {
  return nojs.noJsPage(browser, user);
}

async function notice(page) {
  return (await page.getByRole('status').textContent()).trim();
}

/** From the home page, a link of "Reflection and the end of the year". */
async function fromHome(user, name) {
  const page = await noJsPage(user);
  await page.goto(`${server.base}/`);
  await assertNoScript(page);
  const sec = page.locator('section[aria-labelledby="h-closing"]');
  assert.equal((await sec.locator('h2').innerText()).trim(), 'Reflection and the end of the year');
  assert.equal((await sec.locator('h3').innerText()).trim(), PROGRAMME);
  const resp = await follow(page, sec.getByRole('link', { name, exact: true }));
  assert.equal(resp.status(), 200);
  await assertNoScript(page);
  return page;
}

/** The admin, from the programme's applications page to one of its pages. */
async function teamPage(name) {
  const page = await noJsPage('admin');
  await page.goto(`${server.base}/admin/programmes/${state.pid}/applications`);
  const nav = page.getByRole('navigation', { name: 'This programme' });
  const resp = await follow(page, nav.getByRole('link', { name, exact: true }));
  assert.equal(resp.status(), 200);
  await assertNoScript(page);
  return page;
}

describe('the close of the year without JavaScript', () => {
  before(async () => {
    server = await new Httpd().start();
    const s = server;
    state.pid = await seed.createProgramme(s, { name: PROGRAMME });
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
    browser = await new Browser().launch();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  step('the journey contexts really have JavaScript off', async () => {
    const page = await noJsPage('admin');
    await page.setContent('<title>before</title><script>document.title = "script ran"</script>');
    assert.equal(await page.title(), 'before');
    await page.close();
  });

  step('the admin sets up the end-of-programme event (errors first, fixed from the summary)', async () => {
    const page = await teamPage('End-of-programme event');
    assert.equal(await h1(page), 'End-of-programme event');
    assert.match(await page.locator('main').innerText(), /Set up the event so that participants can reply/);
    state.date = await page.getByLabel('Date').inputValue();
    assert.match(state.date, /^\d{4}-\d\d-\d\d$/, 'the date is the programme\'s, filled in');

    // sent as it stands: no times, neither a place nor a link
    let resp = await follow(page, page.getByRole('button', { name: 'Save the event' }));
    assert.equal(resp.status(), 422);
    await assertNoScript(page);
    assert.deepEqual(await checkErrorSummary(page), ['f-starts', 'f-ends', 'f-place']);
    assert.match(await page.locator('#f-place-error').textContent(), /Enter a place, an online link, or both/);

    const summary = page.locator('.error-summary');
    await summary.locator('a[href="#f-starts"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-starts');
    await page.getByLabel('Starts at').fill('14:00');
    await summary.locator('a[href="#f-ends"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-ends');
    await page.getByLabel('Ends at').fill('17:00');
    await summary.locator('a[href="#f-place"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-place');
    await page.keyboard.type('Great Hall, Main Building');
    assert.equal(await page.getByLabel('Place', { exact: true }).inputValue(), 'Great Hall, Main Building');
    await page.getByLabel('Places').fill('40');
    await page.getByLabel('About the event').fill('Talks from the cohort, then tea.');
    resp = await follow(page, page.getByRole('button', { name: 'Save the event' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'The end-of-programme event has been saved.');
    assert.equal(await page.getByLabel('Starts at').inputValue(), '14:00');
    assert.equal(await page.getByLabel('Place', { exact: true }).inputValue(), 'Great Hall, Main Building');
    await page.close();
  });

  step('the Mentor replies yes with access needs, from their home page', async () => {
    const page = await fromHome('mentor1', 'End-of-programme event');
    assert.equal(await h1(page), 'End-of-programme event');
    const main = await page.locator('main').innerText();
    assert.match(main, /When\s+\d+ \w+ \d{4}, 2pm to 5pm/);
    assert.match(main, /Place\s+Great Hall, Main Building/);
    assert.match(main, /40 of 40 places left/);
    await page.getByLabel('Yes, I will come').check();
    await page.getByLabel('Access needs').fill(ACCESS);
    const resp = await follow(page, page.getByRole('button', { name: 'Send my reply' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await notice(page),
      'Thank you: your reply has been saved. You can change it until the event.');
    assert.match(await page.locator('main').innerText(), /You replied: Coming\./);
    assert.match(await page.locator('main').innerText(), /39 of 40 places left/);
    assert.equal(await page.getByLabel('Access needs').inputValue(), ACCESS);
    await page.close();
  });

  step('the admin reads the access needs in the replies', async () => {
    const page = await teamPage('End-of-programme event');
    const table = page.getByRole('table', { name: 'Participants and their replies' });
    const row = table.getByRole('row').filter({ hasText: 'Amara Okafor' });
    assert.deepEqual((await row.getByRole('cell').allInnerTexts()).map((c) => c.trim()),
      ['Amara Okafor', 'Mentor', 'Coming', ACCESS, 'Not recorded']);
    const other = table.getByRole('row').filter({ hasText: 'Helen Graham' });
    assert.match(await other.innerText(), /No reply\s+None given/);
    assert.match(await page.locator('main').innerText(), /Coming\s+1\s+Maybe\s+0\s+Not coming\s+0\s+No reply\s+3/);
    await page.close();
  });

  step('the Mentor writes a reflection shared with the cohort', async () => {
    const page = await noJsPage('mentor1');
    await page.goto(`${server.base}/`);
    let resp = await follow(page, page.locator('section[aria-labelledby="h-closing"]')
      .getByRole('link', { name: 'Your reflective learning' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Reflective learning');
    await assertNoScript(page);
    assert.match(await page.locator('main').innerText(), /You have not written any entries yet/);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Your reflection').fill(BODY);
    await page.getByLabel(/^Shared with my cohort/).check();
    resp = await follow(page, page.getByRole('button', { name: 'Save the entry' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await notice(page), 'Your reflection has been saved.');
    const art = page.locator('article.reflection');
    assert.equal(await art.count(), 1);
    assert.equal((await art.locator('h3').innerText()).trim(), TITLE);
    assert.match(await art.innerText(), /Shared with the cohort\./);
    await page.close();
  });

  step('the admin adds it to the learning digest', async () => {
    const page = await teamPage('Reflective learning');
    assert.equal(await h1(page), 'Reflective learning');
    assert.match(await page.locator('article.reflection').innerText(), new RegExp(`Amara Okafor, .*\\n*${BODY}`));
    const resp = await follow(page, page.getByRole('button', { name: `Add to the digest: ${TITLE}` }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await notice(page), 'The entry has been added to the learning digest.');
    assert.equal(await page.getByRole('button', { name: `Take out of the digest: ${TITLE}` }).count(), 1);
    await page.close();
  });

  step('the Senior Mentor reads it on the digest page', async () => {
    const page = await fromHome('senior1', 'What the cohort shares');
    assert.equal(await h1(page), 'What the cohort shares');
    const resp = await follow(page, page.getByRole('link', { name: 'The learning digest' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), 'Learning digest');
    const art = page.locator('article.reflection');
    assert.equal(await art.count(), 1);
    assert.equal((await art.locator('h3').innerText()).trim(), TITLE);
    assert.match(await art.locator('p.meta').innerText(), /^Amara Okafor, .*in the learning digest\.$/);
    assert.equal((await art.locator('p.prewrap').innerText()).trim(), BODY);
    await page.close();
  });

  step('past the programme\'s end, the Mentor answers the evaluation (errors first, ratings by keyboard)', async () => {
    // the programme's twelve months ended five days ago: the evaluation is open
    seed.startedDaysAgo(server, state.pid, 370);
    const page = await fromHome('mentor1', 'Evaluation');
    assert.equal(await h1(page), 'Programme evaluation');
    assert.match(await page.locator('main').innerText(), /The evaluation is open until/);

    let resp = await follow(page, page.getByRole('button', { name: 'Send my evaluation' }));
    assert.equal(resp.status(), 422);
    await assertNoScript(page);
    assert.deepEqual(await checkErrorSummary(page), ['f-q1', 'f-q2', 'f-q3', 'f-q4', 'f-q5']);

    // each rating from its summary link: Space chooses the focused "1",
    // the right arrow moves the choice along the group
    const summary = page.locator('.error-summary');
    for (const [q, want] of Object.entries(RATINGS)) {
      await summary.locator(`a[href="#f-q${q}"]`).click();
      assert.equal(await page.evaluate(() => document.activeElement.id), `f-q${q}`);
      await page.keyboard.press('Space');
      for (let i = 1; i < want; i++) await page.keyboard.press('ArrowRight');
      assert.ok(await page.locator(`input[name=q${q}][value="${want}"]`).isChecked(),
        `question ${q}: ${want} chosen with the keyboard`);
      assert.equal(await page.evaluate(() => document.activeElement.value), String(want));
    }
    await page.getByLabel('What was the most valuable part of the programme for you?')
      .fill('An executive who listened, and asked.');
    resp = await follow(page, page.getByRole('button', { name: 'Send my evaluation' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await notice(page), 'Thank you: your evaluation has been saved. You can change it while the evaluation is open.');
    for (const [q, want] of Object.entries(RATINGS)) {
      const group = page.locator(`fieldset:has(input[name=q${q}])`).last();
      assert.ok(await group.getByLabel(`${want}: ${LABELS[want]}`, { exact: true }).isChecked(),
        `question ${q} kept ${want}`);
    }
    assert.equal(await page.getByRole('button', { name: 'Save my changes' }).count(), 1);
    await page.close();
  });

  step('the admin sees the response rate', async () => {
    const page = await teamPage('Evaluation');
    assert.equal(await h1(page), 'Evaluation');
    const table = page.getByRole('table', { name: 'Responses by role' });
    const cells = async (name) => (await table.getByRole('row').filter({ hasText: name })
      .getByRole('cell').allInnerTexts()).map((c) => c.trim());
    assert.deepEqual(await cells(/^Mentor/), ['Mentor', '2', '1', '50%']);
    assert.deepEqual(await cells('Senior Mentor'), ['Senior Mentor', '2', '0', '0%']);
    assert.deepEqual(await cells('All participants'), ['All participants', '4', '1', '25%']);
    assert.match(await page.locator('main').innerText(), /The evaluation is open until/);
    assert.equal(await page.locator('main form[method=post]').count(), 0, 'the questions are fixed');
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
