'use strict';
// The programme report (features/report) read and printed, in Debian's
// chromium with JavaScript OFF:
//   - the admin goes from "Programmes you run" to the programme's pages and
//     its "Programme report": each section a chart (an inline
//     <svg role="img"> with a name) and the table it is drawn from, the
//     figures of the seeded programme in the funnel;
//   - follows the funnel's "Download ... as CSV" link: a text/csv attachment
//     whose first row is the table's header row;
//   - reads the reports across programmes (/admin/reports) and comes back;
//   - "prints" the report: with the print media emulated the site's header,
//     every <nav> and the download links are hidden, the charts and tables
//     remain; the print is kept as artifacts/report.pdf;
//   - the facilitator of the programme reads the same report.
// Every page reached is saved as artifacts/journey-report-<nn>-<step>.png
// and checked with axe-core (WCAG 2.1 A/AA) as the role saw it
// (lib/journeykit.js).  No page carries a <script>.
//
// Set up over plain HTTP (lib/seed.js): three pairs published, the
// programme moved 200 days into its year with seed.sql(), meetings logged
// and confirmed, check-ins answered.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Httpd } = require('../lib/server');
const { Browser, ARTIFACTS } = require('../lib/browser');
const seed = require('../lib/seed');
const nojs = require('../lib/nojs');
const { Journey } = require('../lib/journeykit');

const { follow, h1, assertNoScript } = nojs;
const step = nojs.stepper();

let server;
let browser;
let J;
const state = {};
const PROGRAMME = 'Reciprocal Mentoring 2026-27';
const FUNNEL = 'From application to completion';

const section = (page, id) => page.locator(`section[aria-labelledby="${id}"]`);

/** Every section of the report: { id, heading, charts, tables }. */
async function reportSections(page) {
  return page.locator('main section.report-section').evaluateAll((ss) => ss.map((s) => ({
    id: s.getAttribute('aria-labelledby'),
    heading: s.querySelector('h2').textContent.trim(),
    charts: [...s.querySelectorAll('svg[role="img"]')]
      .filter((g) => (g.getAttribute('aria-label') || g.querySelector('title')
        || g.getAttribute('aria-labelledby'))).length,
    tables: s.querySelectorAll('table').length,
    text: s.innerText,
  })));
}

describe('the programme report, read, downloaded and printed (JavaScript off)', () => {
  before(async () => {
    server = await new Httpd().start();
    const s = server;
    state.pid = await seed.createProgramme(s, { name: PROGRAMME });
    await seed.addToTeam(s, state.pid, 'facilitator', 'facilitator');
    const apps = {};
    // mentor3 is not staff of the grade the programme asks for; mentor4
    // applies with grade 8 on the form (as a11y-checkin.test.js)
    const people = [['mentor1', 'mentor'], ['mentor2', 'mentor'], ['mentor4', 'mentor', { grade: '8' }],
      ['senior1', 'senior'], ['senior2', 'senior'], ['senior3', 'senior']];
    for (const [user, role, over] of people) {
      apps[user] = await seed.apply(s, user, state.pid, role,
        { ...(role === 'mentor' ? seed.MENTOR_MATCH : seed.SENIOR_MATCH), ...(over || {}) });
      await seed.decide(s, apps[user], 'accepted', '');
      await seed.override(s, state.pid, apps[user], 'Trained on an earlier programme.');
    }
    const M = { 1: 'mentor1', 2: 'mentor2', 3: 'mentor4' };
    for (const i of [1, 2, 3]) {
      await seed.matchingRule(s, state.pid, apps[M[i]], apps[`senior${i}`], 'pin');
    }
    await seed.runMatching(s, state.pid);
    await seed.publish(s, state.pid);
    seed.startedDaysAgo(s, state.pid, 200);
    seed.sql(s, `UPDATE programme SET checkin_date = '${seed.days(-3)}' WHERE id = ${state.pid};`);
    for (const i of [1, 2, 3]) {
      const pair = seed.pairOf(s, apps[M[i]]);
      for (const d of [-150, -100, -40].slice(0, i)) {
        const mid = await seed.logMeeting(s, M[i], pair, { held_on: seed.days(d) });
        await seed.confirmMeeting(s, `senior${i}`, mid, pair);
      }
      const r = await new seed.Client(s, M[i]).post(`/pairs/${pair}/checkin`, {
        rating: String(2 + i), on_plan: 'yes', going_well: 'Good.', hard: '',
        wants_support: 'no', support_kind: '',
      });
      assert.equal(r.status, 303);
    }
    browser = await new Browser().launch();
    J = new Journey(browser, 'report');
  });

  after(async () => {
    if (J) console.log(`# ${J.summary()}`);
    if (browser) await browser.close();
    if (server) await server.stop();
  });

  step('the admin goes from "Programmes you run" to the programme report', async () => {
    const page = await nojs.noJsPage(browser, 'admin');
    await page.goto(`${server.base}/`);
    await J.page(page, 'admin', 'home');
    let resp = await follow(page, section(page, 'h-run').getByRole('link', { name: PROGRAMME }));
    assert.equal(resp.status(), 200);
    await J.page(page, 'admin', 'programme');
    resp = await follow(page, page.getByRole('navigation', { name: 'This programme' })
      .getByRole('link', { name: 'Programme report' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), `Programme report: ${PROGRAMME}`);
    const secs = await reportSections(page);
    assert.ok(secs.length >= 5, `sections: ${secs.map((x) => x.heading).join(', ')}`);
    // a section with figures: one named chart and its table; one with none
    // yet (no evaluation answered, no actions...) says so instead of a chart
    let drawn = 0;
    for (const sct of secs) {
      if (sct.charts === 0) {
        assert.match(sct.text, /Nothing to show yet\.|\bno\b|\bnot\b/i,
          `"${sct.heading}" says why it has no chart: ${sct.text.slice(0, 300)}`);
        continue;
      }
      drawn++;
      assert.equal(sct.charts, 1, `"${sct.heading}" has one named chart`);
      assert.equal(sct.tables, 1, `"${sct.heading}" has its table`);
    }
    assert.ok(drawn >= 3, `charts drawn: ${drawn}`);
    const names = secs.filter((x) => x.charts).map((x) => x.heading);
    assert.ok(names.includes('From application to completion'), names.join(', '));
    assert.equal(secs[0].heading, FUNNEL);
    // the funnel's table: three applications per role, each stage named
    const funnel = section(page, secs[0].id);
    const heads = await funnel.locator('table thead th').allInnerTexts();
    assert.deepEqual(heads.map((x) => x.trim()), ['Stage', 'Mentor', 'Senior Mentor', 'All roles']);
    const stages = await funnel.locator('table tbody tr > :first-child').allInnerTexts();
    assert.deepEqual(stages.map((x) => x.trim()),
      ['Applications', 'Accepted', 'Trained', 'Matched', 'Completed']);
    const firstRow = await funnel.locator('table tbody tr').first().innerText();
    assert.match(firstRow, /^Applications\s+(3|fewer than \d+)\s+(3|fewer than \d+)\s+(6|fewer than \d+)/,
      `the applications row: ${firstRow}`);
    assert.match(await page.locator('main').innerText(), /Each download is recorded\./);
    await J.page(page, 'admin', 'report');
    state.reportUrl = page.url();
    await page.close();
  });

  step('the admin follows the funnel\'s CSV link: a text/csv attachment with its header row', async () => {
    const ctx = await browser.context('admin', { js: false });
    const page = await ctx.newPage();
    await page.goto(state.reportUrl);
    const link = page.getByRole('link', { name: `Download "${FUNNEL}" as CSV` });
    const href = await link.getAttribute('href');
    assert.match(href, /\/report\.csv\?table=funnel$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), `programme-${state.pid}-funnel.csv`);
    const file = path.join(ARTIFACTS, `journey-report-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.split(/\r?\n/).filter(Boolean);
    assert.equal(lines[0], 'Stage,Mentor,Senior Mentor,All roles');
    assert.match(lines[1], /^Applications,/);
    assert.equal(lines.length, 6, 'the header and the five stages');
    // the response itself, as the link gets it
    const r = await ctx.request.get(new URL(href, state.reportUrl).href);
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type'], /^text\/csv\b/);
    assert.match(r.headers()['content-disposition'], /^attachment; filename="programme-\d+-funnel\.csv"/);
    await page.close();
  });

  step('the admin reads the reports across programmes and comes back to the report', async () => {
    const page = await nojs.noJsPage(browser, 'admin');
    await page.goto(state.reportUrl);
    let resp = await follow(page, page.getByRole('link', { name: 'Reports across programmes, year on year' }));
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), 'Reports across programmes');
    const secs = await reportSections(page);
    assert.equal(secs.length, 1);
    assert.equal(secs[0].charts, 1);
    assert.equal(secs[0].tables, 1);
    assert.match(await page.locator('main table').innerText(), new RegExp(PROGRAMME));
    await J.page(page, 'admin', 'reports');
    resp = await follow(page, page.getByRole('link', { name: `Report: ${PROGRAMME}` }));
    assert.equal(resp.status(), 200);
    assert.equal(await h1(page), `Programme report: ${PROGRAMME}`);
    await page.close();
  });

  step('printed: no navigation nor download links, the charts and tables remain; kept as report.pdf', async () => {
    const page = await nojs.noJsPage(browser, 'admin');
    await page.goto(state.reportUrl);
    const secs = await reportSections(page);
    const nsec = secs.filter((x) => x.charts).length;
    const ntab = secs.reduce((n, x) => n + x.tables, 0);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.site-header').isVisible(), false, 'the site header is hidden');
    const navs = page.locator('nav');
    assert.ok(await navs.count() >= 1, 'the site\'s main navigation is on the page');
    for (let i = 0; i < await navs.count(); i++) {
      assert.equal(await navs.nth(i).isVisible(), false,
        `<nav aria-label="${await navs.nth(i).getAttribute('aria-label')}"> is hidden`);
    }
    assert.equal(await page.locator('a.skip').isVisible(), false);
    const downloads = page.getByRole('link', { name: /as CSV$/ });
    for (let i = 0; i < await downloads.count(); i++) {
      assert.equal(await downloads.nth(i).isVisible(), false, 'download links are not printed');
    }
    const charts = page.locator('main section.report-section svg[role="img"]');
    const tables = page.locator('main section.report-section table');
    assert.equal(await charts.count(), nsec);
    assert.equal(await tables.count(), ntab);
    for (let i = 0; i < nsec; i++) {
      assert.ok(await charts.nth(i).isVisible(), `chart ${i + 1} printed`);
    }
    for (let i = 0; i < ntab; i++) {
      assert.ok(await tables.nth(i).isVisible(), `table ${i + 1} printed`);
    }
    await J.shot(page, 'printed');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const pdf = path.join(ARTIFACTS, 'report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const head = fs.readFileSync(pdf).subarray(0, 5).toString();
    assert.equal(head, '%PDF-');
    assert.ok(fs.statSync(pdf).size > 5000, 'a PDF with content');
    await page.close();
  });

  step('the programme\'s facilitator reads the same report', async () => {
    const page = await nojs.noJsPage(browser, 'facilitator');
    const resp = await page.goto(state.reportUrl);
    assert.equal(resp.status(), 200);
    await assertNoScript(page);
    assert.equal(await h1(page), `Programme report: ${PROGRAMME}`);
    assert.equal(await page.getByRole('link', { name: 'Reports across programmes, year on year' })
      .count(), 0, 'the cross-programme reports are for admins');
    assert.ok((await reportSections(page)).length >= 5);
    await J.page(page, 'facilitator', 'report');
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
