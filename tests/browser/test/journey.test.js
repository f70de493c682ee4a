'use strict';
// The applications flow clicked through in Debian's chromium with JavaScript
// OFF, as a person would: the admin creates a programme, a Mentor and a Senior
// Mentor apply, the admin filters the applications and decides, and each
// applicant sees the decision.  Forms sent with errors show the error
// summary, and each of its links moves keyboard focus to its field (the
// browser's own fragment navigation: no script is involved).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const { Browser } = require('../lib/browser');
const { days, programmeForm } = require('../lib/seed');
const nojs = require('../lib/nojs');

let server;
let browser;
const state = {};
const PROGRAMME = 'Reciprocal Mentoring 2026';
const step = nojs.stepper();
const { follow, h1, assertNoScript, checkErrorSummary } = nojs;

function noJsPage(user) {
  return nojs.noJsPage(browser, user);
}

describe('journey without JavaScript', () => {
  before(async () => {
    server = await new Httpd().start();
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

  step('admin creates a programme (after a first try with errors)', async () => {
    const page = await noJsPage('admin');
    let resp = await page.goto(`${server.base}/`);
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    resp = await follow(page, page.getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Manage programmes' }));
    assert.equal(await h1(page), 'Manage programmes');
    resp = await follow(page, page.getByRole('link', { name: 'Create a programme' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Create a programme');
    await assertNoScript(page);

    // errors: no name, and applications closing before they open
    await page.getByLabel('Applications open').fill(days(10));
    await page.getByLabel('Applications close').fill(days(5));
    resp = await follow(page, page.getByRole('button', { name: 'Create programme' }));
    assert.equal(resp.status(), 422);
    const ids = await checkErrorSummary(page);
    for (const want of ['f-name', 'f-institutions', 'f-apply_closes', 'f-start_date',
      'f-capacity_mentor', 'f-capacity_senior', 'f-senior_entitlement']) {
      assert.ok(ids.includes(want), `error summary links to #${want} (has ${ids.join(', ')})`);
    }
    // what was typed is kept
    assert.equal(await page.getByLabel('Applications open').inputValue(), days(10));

    // the first summary link puts the keyboard in the name field: type there
    await page.locator('.error-summary a[href="#f-name"]').click();
    await page.keyboard.type(PROGRAMME);
    assert.equal(await page.getByLabel('Programme name').inputValue(), PROGRAMME);
    const f = programmeForm({ name: PROGRAMME });
    for (const [name, value] of Object.entries(f)) {
      if (name === 'name') continue;
      const field = page.locator(`#f-${name}`);
      if (name === 'min_grade') await field.selectOption(value);
      else await field.fill(value);
    }
    resp = await follow(page, page.getByRole('button', { name: 'Create programme' }));
    assert.equal(resp.status(), 200);
    assert.match(page.url(), /\/admin\/programmes\?done=created$/);
    assert.equal(await page.getByRole('status').textContent(), 'The programme has been created.');
    const row = page.getByRole('row').filter({ hasText: PROGRAMME });
    const edit = await row.getByRole('link', { name: 'Edit' }).getAttribute('href');
    state.pid = Number(/\/admin\/programmes\/(\d+)\/edit/.exec(edit)[1]);
    await page.close();
  });

  step('a Mentor applies: errors first, fixed from the error summary by keyboard', async () => {
    const page = await noJsPage('mentor1');
    await page.goto(`${server.base}/`);
    const open = page.locator('section[aria-labelledby="h-open"]');
    let resp = await follow(page, open.getByRole('link', { name: PROGRAMME }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), PROGRAMME);
    await assertNoScript(page);
    resp = await follow(page, page.getByRole('link', { name: 'Apply to be a Mentor' }));
    assert.equal(await h1(page), 'Apply to be a Mentor');
    await assertNoScript(page);
    // job title and department come filled in from the sign-in
    assert.equal(await page.getByLabel('Job title').inputValue(), 'Head of Student Services');

    resp = await follow(page, page.getByRole('button', { name: 'Submit application' }));
    assert.equal(resp.status(), 422);
    const ids = await checkErrorSummary(page);
    assert.deepEqual(ids, ['f-self_identified', 'f-gain', 'f-topics', 'f-availability']);

    // fix each error from its summary link, with the keyboard only
    const summary = page.locator('.error-summary');
    await summary.locator('a[href="#f-self_identified"]').click();
    await page.keyboard.press('Space');            // focus is on "Yes": select it
    assert.ok(await page.getByLabel('Yes').isChecked());
    const answers = {
      'f-gain': 'Sponsorship and a wider network.',
      'f-topics': 'Barriers to progression.',
      'f-availability': 'Tuesday mornings.',
    };
    for (const [id, text] of Object.entries(answers)) {
      await summary.locator(`a[href="#${id}"]`).click();
      await page.keyboard.type(text);
      assert.equal(await page.locator(`#${id}`).inputValue(), text);
    }
    resp = await follow(page, page.getByRole('button', { name: 'Submit application' }));
    assert.equal(resp.status(), 200);
    assert.match(page.url(), /\/applications\/\d+\?done=submitted$/);
    state.mentorApp = Number(/\/applications\/(\d+)/.exec(page.url())[1]);
    assert.equal(await page.getByRole('status').textContent(), 'Your application has been submitted.');
    const text = await page.locator('main').innerText();
    assert.match(text, /Waiting for a decision/);
    assert.match(text, /Sponsorship and a wider network\./);
    await page.close();
  });

  step('a Senior Mentor applies', async () => {
    const page = await noJsPage('senior1');
    await page.goto(`${server.base}/`);
    await follow(page, page.locator('section[aria-labelledby="h-open"]').getByRole('link', { name: PROGRAMME }));
    let resp = await follow(page, page.getByRole('link', { name: 'Apply to be a Senior Mentor' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Apply to be a Senior Mentor');
    await page.getByLabel('Your role').fill('Registrar and Secretary');
    await page.getByLabel('Department or institution').fill('Registry');
    await page.getByLabel('Why do you want to take part?').fill('To understand barriers.');
    await page.getByLabel('Topics you would like to explore with your Mentor').fill('Race equality.');
    await page.getByLabel('Your availability').fill('Monday afternoons.');
    resp = await follow(page, page.getByRole('button', { name: 'Submit application' }));
    assert.equal(resp.status(), 200);
    assert.equal(await page.getByRole('status').textContent(), 'Your application has been submitted.');
    state.seniorApp = Number(/\/applications\/(\d+)/.exec(page.url())[1]);
    await page.close();
  });

  step('admin filters the applications and accepts the Mentor', async () => {
    const page = await noJsPage('admin');
    await page.goto(`${server.base}/`);
    const run = page.locator('section[aria-labelledby="h-run"]');
    let resp = await follow(page, run.getByRole('link', { name: PROGRAMME }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Applications: ${PROGRAMME}`);
    assert.equal(await page.locator('#h-results').textContent(), '2 applications');
    await assertNoScript(page);

    // the filter form is a plain GET form
    await page.getByLabel('Role', { exact: true }).selectOption('mentor');
    await page.getByLabel('Status', { exact: true }).selectOption('submitted');
    await page.getByLabel('Name contains').fill('amara');
    await page.getByLabel('Sort by').selectOption('name');
    resp = await follow(page, page.getByRole('button', { name: 'Show applications' }));
    assert.equal(resp.status(), 200);
    const q = new URL(page.url()).searchParams;
    assert.equal(q.get('role'), 'mentor');
    assert.equal(q.get('status'), 'submitted');
    assert.equal(q.get('q'), 'amara');
    assert.equal(await page.locator('#h-results').textContent(), '1 application');
    const results = page.locator('section[aria-labelledby="h-results"]');
    assert.equal(await results.getByRole('link', { name: 'Helen Graham' }).count(), 0);
    // the chosen filters are shown as chosen
    assert.equal(await page.getByLabel('Role', { exact: true }).inputValue(), 'mentor');

    resp = await follow(page, results.getByRole('link', { name: 'Amara Okafor' }));
    assert.equal(await h1(page), 'Application from Amara Okafor');
    await assertNoScript(page);
    await page.getByLabel('Accept').check();
    await page.getByLabel('Reason shown to the applicant').fill('Welcome to the programme.');
    resp = await follow(page, page.getByRole('button', { name: 'Save decision' }));
    assert.equal(resp.status(), 200);
    assert.equal(await page.getByRole('status').textContent(),
      'The decision has been saved. The applicant can see it now.');
    await page.close();
  });

  step('admin waitlists the Senior Mentor: a reason is required first', async () => {
    const page = await noJsPage('admin');
    await page.goto(`${server.base}/admin/programmes/${state.pid}/applications`);
    await page.getByLabel('Role', { exact: true }).selectOption('senior');
    await follow(page, page.getByRole('button', { name: 'Show applications' }));
    assert.equal(await page.locator('#h-results').textContent(), '1 application');
    await follow(page, page.getByRole('link', { name: 'Helen Graham' }));
    await page.getByLabel('Put on the waiting list').check();
    let resp = await follow(page, page.getByRole('button', { name: 'Save decision' }));
    assert.equal(resp.status(), 422);
    const ids = await checkErrorSummary(page);
    assert.deepEqual(ids, ['f-reason']);
    assert.ok(await page.getByLabel('Put on the waiting list').isChecked(), 'the choice is kept');
    await page.locator('.error-summary a[href="#f-reason"]').click();
    await page.keyboard.type('All Senior Mentor places are taken for now.');
    resp = await follow(page, page.getByRole('button', { name: 'Save decision' }));
    assert.equal(resp.status(), 200);
    assert.match(page.url(), new RegExp(`/applications/${state.seniorApp}\\?done=decided$`));
    await page.close();
  });

  step('the applicants see the decisions and reasons', async () => {
    for (const [user, status, reason] of [
      ['mentor1', 'Accepted', 'Welcome to the programme.'],
      ['senior1', 'On the waiting list', 'All Senior Mentor places are taken for now.'],
    ]) {
      const page = await noJsPage(user);
      await page.goto(`${server.base}/`);
      const mine = page.locator('section[aria-labelledby="h-mine"]');
      const row = mine.getByRole('row').filter({ hasText: PROGRAMME });
      assert.equal(await row.getByRole('cell').nth(2).textContent(), status, `${user} home page`);
      const resp = await follow(page, row.getByRole('link', { name: PROGRAMME }));
      assert.equal(resp.status(), 200);
      assert.equal(await h1(page), 'Your application');
      const text = await page.locator('main dl').innerText();
      assert.match(text, new RegExp(`Status\\s+${status}`), `${user} sees the status`);
      assert.match(text, new RegExp(`Reason given\\s+${reason.replace('.', '\\.')}`), `${user} sees the reason`);
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
