'use strict';
// The resources hub clicked through in Debian's chromium with JavaScript
// OFF: the admin goes from the home page's Resources section to "Manage the
// resources" and "Add a resource", sends the form empty (the error summary's
// links move focus to the fields), then fills it in with the keyboard and
// uploads a small PDF (setInputFiles) for one programme's participants; a
// participant of that programme finds it by searching /resources and
// downloads it (the suggested name and the bytes); staff1, who is not one,
// does not find it and gets 404 at its address and its file's; the admin
// withdraws it and the participant no longer finds it.  No page carries a
// <script>.  Every page reached is saved as a full-page screenshot
// (artifacts/journey-resources-NN-step.png) and checked by axe-core: its HTML
// as the journey got it, served again to a JavaScript-on context (as the
// a11y files check pages: lib/browser.js runAxe, the CSP bypassed).
//
// Set up over plain HTTP first (lib/seed.js): a programme with mentor1
// accepted; nothing else in the hub.

const { describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { Httpd } = require('../lib/server');
const { Browser, runAxe, formatViolations, screenshot } = require('../lib/browser');
const seed = require('../lib/seed');
const nojs = require('../lib/nojs');

const { follow, h1, assertNoScript, checkErrorSummary } = nojs;
const step = nojs.stepper();

let server;
let browser;
const state = {};
let shot = 0;
const PROGRAMME = 'Reciprocal Mentoring 2026-27';
const TITLE = 'Race equality toolkit for line managers';
const FILE_NAME = 'race-equality-toolkit.pdf';
const PDF = seed.pdfBytes('journey');
const SEARCH = 'toolkit managers';

function noJsPage(user) {
  return nojs.noJsPage(browser, user);
}

async function notice(page) {
  return (await page.getByRole('status').textContent()).trim();
}

/**
 * A page the journey reached: no <script>; a full-page screenshot
 * (journey-resources-NN-name.png); and axe-core on the same HTML, served at
 * the same address to a JavaScript-on context of user (its stylesheets come
 * from the server), so that a page reached by a POST is checked too.
 */
async function reached(t, page, user, name, status = 200) {
  await assertNoScript(page);
  shot++;
  const file = await screenshot(page, `journey-resources-${String(shot).padStart(2, '0')}-${name}`);
  t.diagnostic(`screenshot: ${file}`);
  const url = page.url();
  const html = await page.content();
  const ctx = await browser.context(user);
  const jsPage = await ctx.newPage();
  try {
    await jsPage.route((u) => u.href === url,
      (route) => route.fulfill({ status, contentType: 'text/html; charset=utf-8', body: html }));
    await jsPage.goto(url);
    const axe = await runAxe(jsPage);
    assert.equal(axe.violations.length, 0,
      `[module defect: axe] ${axe.violations.length} axe violation(s) on ${name} (${url}):\n`
      + formatViolations(axe.violations));
  } finally {
    await jsPage.close();
  }
}

const focusedId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

/** Search /resources as the page's user, from the home page's link. */
async function search(t, page, user, words, name) {
  let resp = await page.goto(`${server.base}/`);
  assert.equal(resp.status(), 200);
  resp = await follow(page, page.getByRole('link', { name: 'Browse the resources' }));
  assert.equal(resp.status(), 200);
  assert.equal(await h1(page), 'Resources');
  await page.getByLabel('Words to look for').focus();
  await page.keyboard.type(words);
  const [r] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(r.status(), 200);
  assert.match(page.url(), /[?&]q=toolkit\+managers/);
  await reached(t, page, user, name);
  return page.locator('main li.resource h3').allInnerTexts();
}

describe('the resources hub without JavaScript', () => {
  before(async () => {
    server = await new Httpd().start();
    const s = server;
    state.pid = await seed.createProgramme(s, { name: PROGRAMME });
    const aid = await seed.apply(s, 'mentor1', state.pid, 'mentor');
    await seed.decide(s, aid, 'accepted', '');
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

  step('the admin goes from the home page to the add form', async (t) => {
    const page = await noJsPage('admin');
    let resp = await page.goto(`${server.base}/`);
    assert.equal(resp.status(), 200);
    const sec = page.locator('[aria-labelledby="h-resources"]');
    assert.equal(await page.locator('#h-resources').innerText(), 'Resources');
    await reached(t, page, 'admin', 'home');
    resp = await follow(page, sec.getByRole('link', { name: 'Browse the resources' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Resources');
    assert.match(await page.locator('main').innerText(), /No resources have been added for you yet\./);
    await reached(t, page, 'admin', 'resources-empty');
    resp = await follow(page, page.getByRole('link', { name: 'Manage the resources' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Manage the resources');
    assert.match(await page.locator('main').innerText(), /No resources have been added yet\./);
    await reached(t, page, 'admin', 'manage-empty');
    resp = await follow(page, page.getByRole('link', { name: 'Add a resource' }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), 'Add a resource');
    await reached(t, page, 'admin', 'add-form');
    state.page = page;
  });

  step('the admin sends the form empty: the error summary links to the fields', async (t) => {
    const page = state.page;
    const resp = await follow(page, page.getByRole('button', { name: 'Add the resource' }));
    assert.equal(resp.status(), 422);
    assert.deepEqual(await checkErrorSummary(page), ['f-title', 'f-kind', 'f-url']);
    await reached(t, page, 'admin', 'add-errors', 422);
  });

  step('the admin fills it in with the keyboard and uploads a PDF for one programme', async (t) => {
    const page = state.page;
    const summary = page.locator('.error-summary');
    await summary.locator('a[href="#f-title"]').click();
    assert.equal(await focusedId(page), 'f-title');
    await page.keyboard.type(TITLE);
    await summary.locator('a[href="#f-kind"]').click();
    assert.equal(await focusedId(page), 'f-kind');
    await page.keyboard.press('Space');
    assert.ok(await page.getByLabel('Toolkit').isChecked(), 'Space chose the focused radio');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(page), 'f-description');
    await page.keyboard.type('What a line manager can do this year.\nConversations, recruitment and promotion.');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(page), 'f-topics');
    await page.keyboard.type('Line management, Anti-racism');
    await page.keyboard.press('Tab');                  // the checked radio: a link
    assert.ok(await page.getByLabel('A link to a page elsewhere').evaluate((e) => e === document.activeElement));
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.getByLabel('A file uploaded here').isChecked(), 'the arrow chose a file');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(page), 'f-url');
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(page), 'f-file');
    await page.getByLabel('File', { exact: true }).setInputFiles(
      { name: FILE_NAME, mimeType: 'application/pdf', buffer: PDF });
    await page.keyboard.press('Tab');                  // the checked radio: everyone
    assert.ok(await page.getByLabel('Every member of staff').evaluate((e) => e === document.activeElement));
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.getByLabel('The participants and team of one programme').isChecked());
    await page.keyboard.press('Tab');
    assert.equal(await focusedId(page), 'f-programme');
    await page.keyboard.press('ArrowDown');
    const prog = page.getByLabel('Programme', { exact: true });
    assert.equal(await prog.inputValue(), String(state.pid), 'the arrow chose the programme');
    await page.getByRole('button', { name: 'Add the resource' }).focus();
    const [resp] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page), 'The resource has been added.');
    state.rid = Number(/\/admin\/resources\/(\d+)\?done=resource-added/.exec(page.url())[1]);
    assert.equal(await h1(page), `Edit: ${TITLE}`);
    assert.match(await page.locator('main').innerText(),
      new RegExp(`The current file is ${FILE_NAME.replace(/\./g, '\\.')} \\(PDF, ${PDF.length} bytes\\)`));
    assert.equal(await prog.inputValue(), String(state.pid));
    await reached(t, page, 'admin', 'added');
    await page.close();
    state.page = null;
  });

  step('a participant of the programme finds it by searching and downloads it', async (t) => {
    const page = await noJsPage('mentor1');
    assert.deepEqual(await search(t, page, 'mentor1', SEARCH, 'participant-search'), [TITLE]);
    let resp = await follow(page, page.getByRole('link', { name: TITLE }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), TITLE);
    assert.match(await page.locator('main').innerText(), /Topics\s+line management, anti-racism/);
    assert.match(await page.locator('main').innerText(), new RegExp(`Programme\\s+${PROGRAMME}`));
    await reached(t, page, 'mentor1', 'participant-resource');
    const link = page.getByRole('link', { name: `Download ${FILE_NAME} (PDF, ${PDF.length} bytes)` });
    assert.match(await link.getAttribute('href'), new RegExp(`/resources/${state.rid}/file$`));
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), FILE_NAME);
    const got = fs.readFileSync(await download.path());
    assert.ok(got.equals(PDF), `the downloaded bytes are the uploaded ones (${got.length} bytes)`);
    assert.equal(got.subarray(0, 8).toString(), '%PDF-1.4');
    await download.delete();
    resp = await page.goto(`${server.base}/resources/${state.rid}`);
    assert.equal(resp.status(), 200, 'still on a page of the site after the download');
    await page.close();
  });

  step('staff1, not a participant, does not find it and gets 404 at its address', async (t) => {
    const page = await noJsPage('staff1');
    assert.deepEqual(await search(t, page, 'staff1', SEARCH, 'staff-search'), []);
    assert.match(await page.locator('main').innerText(), /No resources match\./);
    let resp = await page.goto(`${server.base}/resources/${state.rid}`);
    assert.equal(resp.status(), 404);
    await reached(t, page, 'staff1', 'staff-404', 404);
    resp = await page.goto(`${server.base}/resources/${state.rid}/file`);
    assert.equal(resp.status(), 404);
    await page.close();
  });

  step('the admin withdraws it from the curators\' list', async (t) => {
    const page = await noJsPage('admin');
    let resp = await page.goto(`${server.base}/admin/resources`);
    assert.equal(resp.status(), 200);
    const row = page.locator('main tbody tr').filter({ hasText: TITLE });
    assert.match(await row.innerText(), new RegExp(`The participants and team of ${PROGRAMME}`));
    assert.match(await row.innerText(), /Listed/);
    await reached(t, page, 'admin', 'manage-listed');
    resp = await follow(page, page.getByRole('link', { name: `Edit ${TITLE}` }));
    assert.equal(resp.status(), 200);
    resp = await follow(page, page.getByRole('button', { name: 'Withdraw the resource' }));
    assert.equal(resp.status(), 200);
    assert.equal(await notice(page),
      'The resource has been withdrawn: it is no longer listed or served.');
    assert.match(await page.locator('main').innerText(), /Withdrawn: neither listed nor served\./);
    assert.equal(await page.getByRole('button', { name: 'Restore the resource' }).count(), 1);
    await reached(t, page, 'admin', 'withdrawn');
    resp = await follow(page, page.getByRole('link', { name: 'Back to the resources' }));
    assert.match(await row.innerText(), /Withdrawn/);
    await page.close();
  });

  step('the participant no longer finds it, nor reaches it', async (t) => {
    const page = await noJsPage('mentor1');
    assert.deepEqual(await search(t, page, 'mentor1', SEARCH, 'participant-search-after'), []);
    assert.match(await page.locator('main').innerText(), /No resources match\./);
    for (const p of [`/resources/${state.rid}`, `/resources/${state.rid}/file`]) {
      const resp = await page.goto(server.base + p);
      assert.equal(resp.status(), 404, p);
    }
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
