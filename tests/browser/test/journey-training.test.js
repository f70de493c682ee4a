'use strict';
// The programme's year clicked through in Debian's chromium with JavaScript
// OFF: the admin adds a training session (errors first, fixed from the error
// summary's links), a Mentor books a session, moves the booking and cancels
// it and books again, the admin moves the session into the past, the
// facilitator takes the register with the keyboard, training shows as
// completed; the admin runs the matching, reads the suggested pairs and
// their score, pins a pair, runs it again and publishes; the Mentor's home
// page shows their partner.  No page carries a <script>.
//
// Set up over plain HTTP first (lib/seed.js): the programme, its facilitator,
// two Mentors and two Senior Mentors accepted with their matching answers,
// and the Senior Mentors' training already held.

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
const PROGRAMME = 'Reciprocal Mentoring 2027';
const FIRST = 'Mentor training: half day';
const REPEAT = 'Mentor training (repeat)';

function noJsPage(user) {
  return nojs.noJsPage(browser, user);
}

/** The row of a table whose first cell is exactly text. */
function rowOf(scope, text) {
  return scope.getByRole('row').filter({ has: scope.page().getByRole('cell', { name: text, exact: true }) });
}

async function notice(page) {
  return (await page.getByRole('status').textContent()).trim();
}

describe('the programme\'s year without JavaScript', () => {
  before(async () => {
    server = await new Httpd().start();
    const s = server;
    state.pid = await seed.createProgramme(s, { name: PROGRAMME });
    await seed.addToTeam(s, state.pid, 'facilitator', 'facilitator');
    const apps = {
      mentor1: await seed.apply(s, 'mentor1', state.pid, 'mentor',
        { ...seed.MENTOR_MATCH, prefer_1: 'senior1' }),
      mentor2: await seed.apply(s, 'mentor2', state.pid, 'mentor',
        { ...seed.MENTOR_MATCH, department: 'Strategic Planning' }),
      senior1: await seed.apply(s, 'senior1', state.pid, 'senior', seed.SENIOR_MATCH),
      senior2: await seed.apply(s, 'senior2', state.pid, 'senior',
        { ...seed.SENIOR_MATCH, department: 'Vice-Chancellor\'s Office' }),
    };
    for (const a of Object.values(apps)) await seed.decide(s, a, 'accepted', '');
    // the Senior Mentors' training has been held
    state.fac = await seed.teamPersonId(s, state.pid, 'facilitator');
    const sen = await seed.addSession(s, state.pid, {
      role: 'senior', title: 'Senior Mentor training', day: seed.days(10),
      starts: '09:30', ends: '16:30', facilitator: state.fac,
    });
    await seed.book(s, 'senior1', state.pid, sen);
    await seed.book(s, 'senior2', state.pid, sen);
    await seed.editSession(s, sen, { day: seed.days(-5) });
    await seed.takeRegister(s, sen, { 'Helen Graham': 'attended', 'Robert Kerr': 'attended' });
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

  step('admin adds a Mentor training session (after a first try with errors)', async () => {
    const page = await noJsPage('admin');
    await page.goto(`${server.base}/`);
    await follow(page, page.locator('section[aria-labelledby="h-run"]').getByRole('link', { name: PROGRAMME }));
    assert.equal(await h1(page), `Applications: ${PROGRAMME}`);
    let resp = await follow(page, page.getByRole('link', { name: 'Training', exact: true }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Training: ${PROGRAMME}`);
    await assertNoScript(page);

    // errors: no place or link, no facilitator, ending before it starts
    await page.getByLabel('Mentor', { exact: true }).check();
    await page.getByLabel('Title', { exact: true }).fill(FIRST);
    await page.getByLabel('Date', { exact: true }).fill(seed.days(20));
    await page.getByLabel('Starts at').fill('13:00');
    await page.getByLabel('Ends at').fill('09:30');
    await page.getByLabel('Places').fill('8');
    resp = await follow(page, page.getByRole('button', { name: 'Add session' }));
    assert.equal(resp.status(), 422);
    await assertNoScript(page);
    const ids = await checkErrorSummary(page);
    assert.deepEqual(ids, ['f-ends', 'f-place', 'f-facilitator']);
    assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), FIRST, 'what was typed is kept');
    assert.ok(await page.getByLabel('Mentor', { exact: true }).isChecked(), 'the role is kept');

    // fixed from the summary's links: the keyboard lands in each field
    const summary = page.locator('.error-summary');
    await summary.locator('a[href="#f-place"]').click();
    await page.keyboard.type('Room 2.05, Senate House');
    assert.equal(await page.getByLabel('Place', { exact: true }).inputValue(), 'Room 2.05, Senate House');
    await summary.locator('a[href="#f-ends"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-ends');
    await page.getByLabel('Ends at').fill('16:30');
    await summary.locator('a[href="#f-facilitator"]').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-facilitator');
    await page.getByLabel('Facilitator who runs it').selectOption(String(state.fac));
    resp = await follow(page, page.getByRole('button', { name: 'Add session' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'The training session has been added.');
    const mentors = page.locator('section[aria-labelledby="h-sessions-mentor"]');
    const row = rowOf(mentors, FIRST);
    assert.match(await row.innerText(), /Room 2\.05, Senate House\s+Leyla Okoro\s+0 of 8/);
    const edit = await row.getByRole('link', { name: 'Edit' }).getAttribute('href');
    state.first = Number(/\/admin\/training\/(\d+)\/edit/.exec(edit)[1]);
    await page.close();
    // a repeat date, and Priya Shah on the first session
    state.repeat = await seed.addSession(server, state.pid, {
      title: REPEAT, day: seed.days(34), place: '', capacity: '8',
      link: 'https://meet.example.ac.uk/mentor-training', facilitator: state.fac,
    });
    await seed.book(server, 'mentor2', state.pid, state.first);
  });

  step('a Mentor books a session, moves the booking, cancels and books again', async () => {
    const page = await noJsPage('mentor1');
    await page.goto(`${server.base}/`);
    const training = page.locator('section[aria-labelledby="h-training"]');
    assert.match(await training.innerText(), /you have not booked a training session/);
    let resp = await follow(page, training.getByRole('link', { name: 'Choose a training session' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Mentor training');
    await assertNoScript(page);
    const table = page.locator('section[aria-labelledby="h-sessions"]');
    assert.match(await rowOf(table, FIRST).innerText(), /7 of 8/);

    // book the repeat date
    resp = await follow(page, rowOf(table, REPEAT).getByRole('button', { name: /^Book this session/ }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'Your training place is booked.');
    assert.match(await rowOf(table, REPEAT).innerText(), /Booked/);
    await assertNoScript(page);

    // move it to the first session
    const move = rowOf(table, FIRST).getByRole('button', { name: /^Move my booking here/ });
    assert.match(await move.getAttribute('aria-label'), new RegExp(`^Move my booking here: ${FIRST}`));
    resp = await follow(page, move);
    assert.equal(await notice(page), 'Your training place is booked.');
    assert.match(await rowOf(table, FIRST).innerText(), /6 of 8\s+Booked/);
    assert.doesNotMatch(await rowOf(table, REPEAT).innerText(), /Booked/);

    // cancel, then book the first session again
    resp = await follow(page, rowOf(table, FIRST).getByRole('button', { name: 'Cancel this booking' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'Your training booking has been cancelled.');
    assert.equal(await page.getByText('Booked', { exact: true }).count(), 0);
    resp = await follow(page, rowOf(table, FIRST).getByRole('button', { name: /^Book this session/ }));
    assert.match(await rowOf(table, FIRST).innerText(), /Booked/);

    // and the home page says so
    await page.goto(`${server.base}/`);
    assert.match(await training.innerText(), new RegExp(`booked on ${FIRST}`));
    await page.close();
  });

  step('admin moves the session into the past', async () => {
    const page = await noJsPage('admin');
    await page.goto(`${server.base}/admin/programmes/${state.pid}/training`);
    const mentors = page.locator('section[aria-labelledby="h-sessions-mentor"]');
    let resp = await follow(page, rowOf(mentors, FIRST).getByRole('link', { name: 'Edit' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Edit training session: ${FIRST}`);
    await assertNoScript(page);
    assert.equal(await page.getByLabel('Place', { exact: true }).inputValue(), 'Room 2.05, Senate House');
    await page.getByLabel('Date', { exact: true }).fill(seed.days(-1));
    resp = await follow(page, page.getByRole('button', { name: 'Save session' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'The training session has been saved.');
    assert.match(await rowOf(mentors, FIRST).innerText(), /2 of 8/);
    await page.close();
  });

  step('the facilitator takes the register with the keyboard (errors first)', async () => {
    const page = await noJsPage('facilitator');
    await page.goto(`${server.base}/`);
    const support = page.locator('section[aria-labelledby="h-facilitator"]');
    let resp = await follow(page, rowOf(support, PROGRAMME).getByRole('link', { name: 'Training' }));
    assert.equal(await h1(page), `Training: ${PROGRAMME}`);
    assert.equal(await page.locator('main form').count(), 0, 'a facilitator changes no session');
    const mentors = page.locator('section[aria-labelledby="h-sessions-mentor"]');
    resp = await follow(page, rowOf(mentors, FIRST).getByRole('link', { name: 'Register' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Register: ${FIRST}`);
    await assertNoScript(page);
    assert.equal(await page.locator('fieldset').count(), 2);

    // sent with nobody marked: one error per person
    resp = await follow(page, page.getByRole('button', { name: 'Save the register' }));
    assert.equal(resp.status(), 422);
    const ids = await checkErrorSummary(page);
    assert.equal(ids.length, 2);

    // the first summary link puts the keyboard on Amara Okafor's "Attended"
    await page.locator(`.error-summary a[href="#${ids[0]}"]`).click();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');                // the next person's group
    assert.equal(await page.evaluate(() => document.activeElement.id), ids[1]);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');                // the button
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Save the register');
    [resp] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'The register has been saved.');
    for (const name of ['Amara Okafor', 'Priya Shah']) {
      const group = page.getByRole('group', { name });
      assert.ok(await group.getByLabel('Attended').isChecked(), `${name} attended`);
    }
    await page.close();
  });

  step('training shows as completed', async () => {
    let page = await noJsPage('admin');
    await page.goto(`${server.base}/admin/programmes/${state.pid}/training`);
    const everyone = page.locator('section[aria-labelledby="h-status"]');
    for (const name of ['Amara Okafor', 'Priya Shah', 'Helen Graham', 'Robert Kerr']) {
      assert.match(await rowOf(everyone, name).innerText(), /Completed/, `${name} completed`);
    }
    await page.close();
    page = await noJsPage('mentor1');
    await page.goto(`${server.base}/programmes/${state.pid}/training`);
    assert.match(await notice(page), new RegExp(`^You have completed your training \\(${FIRST}`));
    assert.match(await rowOf(page.locator('main'), FIRST).innerText(), /Attended/);
    await assertNoScript(page);
    await page.close();
  });

  step('admin runs the matching and reads the suggested pairs and their scores', async () => {
    const page = await noJsPage('admin');
    await page.goto(`${server.base}/admin/programmes/${state.pid}/training`);
    let resp = await follow(page, page.getByRole('link', { name: 'Matching', exact: true }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Matching: ${PROGRAMME}`);
    await assertNoScript(page);
    assert.match(await page.locator('main dl').innerText(),
      /Mentors ready to be matched\s+2\s+Senior Mentors ready to be matched\s+2/);
    resp = await follow(page, page.getByRole('button', { name: 'Run the matching' }));
    assert.equal(resp.status(), 200);
    assert.match(await notice(page), /^The matching has run/);
    const draft = page.locator('section[aria-labelledby="h-draft"] table').first();
    const heads = await draft.locator('thead th').allTextContents();
    assert.deepEqual(heads, ['Mentor', 'Senior Mentor', 'Total', 'Topics', 'Hopes and offers',
      'Availability', 'Preferences', 'Change']);
    assert.equal(await draft.locator('tbody tr').count(), 2);
    // Amara Okafor asked for Helen Graham: a preference of 30 points
    const amara = rowOf(draft, 'Amara Okafor');
    const cells = await amara.getByRole('cell').allTextContents();
    assert.equal(cells[1], 'Helen Graham');
    assert.equal(cells[6], '30');
    assert.match(cells[3], /^\d+ \(Barriers to progression, Career planning\)$/);
    assert.match(cells[4], /^\d+ \(.*Insight into senior leadership/);
    const parts = [3, 4, 5, 6].map((i) => parseInt(cells[i], 10));
    assert.equal(Number(cells[2]), parts.reduce((a, b) => a + b), 'the total is the sum of its parts');
    await page.close();
  });

  step('admin pins another pair, runs the matching again and publishes', async () => {
    const page = await noJsPage('admin');
    await page.goto(`${server.base}/admin/programmes/${state.pid}/matching`);
    // the rule form: Amara Okafor with Robert Kerr, whatever the score says
    await page.getByLabel('Mentor', { exact: true }).selectOption({ label: 'Amara Okafor' });
    await page.getByLabel('Senior Mentor', { exact: true }).selectOption({ label: 'Robert Kerr' });
    await page.getByLabel('Pin this pair (kept by every run)').check();
    await page.getByLabel('Reason (optional)').fill('Asked for by both at the launch event.');
    let resp = await follow(page, page.getByRole('button', { name: 'Add the rule' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'Saved. Run the matching again to see its effect.');
    await assertNoScript(page);
    const rules = page.locator('section[aria-labelledby="h-rules"]');
    assert.match(await rowOf(rules, 'Amara Okafor').innerText(), /Robert Kerr\s+Pinned\s+Asked for by both/);
    // the draft is out of date: it cannot be published
    assert.match(await page.locator('section[aria-labelledby="h-draft"] .warning').innerText(),
      /Run the matching again before publishing/);
    assert.equal(await page.getByRole('button', { name: 'Publish the pairs' }).count(), 0);

    resp = await follow(page, page.getByRole('button', { name: 'Run the matching again' }));
    assert.match(await notice(page), /^The matching has run/);
    const draft = page.locator('section[aria-labelledby="h-draft"] table').first();
    const amara = draft.getByRole('row').filter({ hasText: 'Amara Okafor' });
    assert.match(await amara.getByRole('cell').first().innerText(), /Amara Okafor\s+Pinned/);
    assert.equal(await amara.getByRole('cell').nth(1).innerText(), 'Robert Kerr');
    assert.equal(await amara.getByRole('button', { name: 'Unpin Amara Okafor and Robert Kerr' }).count(), 1);
    assert.equal(await rowOf(draft, 'Priya Shah').getByRole('cell').nth(1).innerText(), 'Helen Graham');

    resp = await follow(page, page.getByRole('button', { name: 'Publish the pairs' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'The pairs have been published. Each partner can now see their pair.');
    const pairs = page.locator('section[aria-labelledby="h-pairs"]');
    assert.equal(await pairs.locator('tbody tr').count(), 2);
    assert.match(await rowOf(pairs, 'Amara Okafor').innerText(), /Robert Kerr\s+Active/);
    assert.match(await page.locator('section[aria-labelledby="h-draft"]').innerText(),
      /has not been run since the last publication/);
    await assertNoScript(page);
    await page.close();
  });

  step('the partners see each other on their home pages', async () => {
    for (const [user, text] of [
      ['mentor1', `${PROGRAMME}: your Senior Mentor is Robert Kerr (senior2@demo.ac.uk). Your pair: meetings, notes and check-in`],
      ['senior2', `${PROGRAMME}: your Mentor is Amara Okafor (mentor1@demo.ac.uk). Your pair: meetings, notes and check-in`],
      ['mentor2', `${PROGRAMME}: your Senior Mentor is Helen Graham (senior1@demo.ac.uk). Your pair: meetings, notes and check-in`],
    ]) {
      const page = await noJsPage(user);
      const resp = await page.goto(`${server.base}/`);
      assert.equal(resp.status(), 200);
      const sec = page.locator('section[aria-labelledby="h-pair"]');
      assert.equal(await sec.locator('h2').textContent(), 'Your mentoring partner');
      assert.equal((await sec.locator('p').innerText()).trim(), text, `${user} home page`);
      // the link leads to the pair's page
      assert.match(await sec.getByRole('link', { name: 'Your pair: meetings, notes and check-in' })
        .getAttribute('href'), /\/mentoring\/pairs\/\d+$/);
      await assertNoScript(page);
      await page.close();
    }
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
