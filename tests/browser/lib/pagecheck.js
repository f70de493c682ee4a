'use strict';
// One page state, opened and checked as test/a11y*.test.js check every page:
// axe-core (WCAG 2.1 A/AA), reflow at 320 CSS px, keyboard (skip link, a
// visible focus indicator on every tab stop), the title, and text spacing;
// and pageSuite(), the end those files' describe() blocks share.

const { it, after } = require('node:test');
const assert = require('node:assert/strict');
const {
  runAxe, formatViolations, checkReflow, checkFocus, checkTextSpacing, screenshot,
} = require('./browser');

const SITE = 'Reciprocal mentoring (demo)';
const SHOTS = process.env.RM_BROWSER_SCREENSHOTS === '1';

/**
 * Open the page state spec describes, in a JavaScript-on context of
 * spec.user: a GET of spec.path (a string or a function giving one), then,
 * with spec.submit, a form sent by clicking its button (spec.submit: the
 * button's accessible name, or a function of the page giving its locator)
 * after clearing the fields spec.clear names and running spec.before(page).
 * The response must have spec.status (200 by default).
 */
async function openPage(browser, server, spec) {
  const ctx = await browser.context(spec.user);
  const page = await ctx.newPage();
  const p = typeof spec.path === 'function' ? spec.path() : spec.path;
  const base = spec.base === 'open' ? `${server.origin}/open-mentoring` : server.base;
  let resp = await page.goto(base + p);
  if (spec.submit) {
    assert.equal(resp.status(), 200, `GET ${p} before submitting`);
    for (const sel of spec.clear || []) await page.fill(sel, '');
    if (spec.before) await spec.before(page);
    const button = typeof spec.submit === 'function' ? spec.submit(page)
      : page.getByRole('button', { name: spec.submit });
    [resp] = await Promise.all([page.waitForNavigation(), button.click()]);
  }
  else if (spec.before) {
    await spec.before(page);
  }
  assert.equal(resp.status(), spec.status || 200, `status of ${spec.name}`);
  return page;
}

/** it(spec.name): open the page state and run every check as a subtest. */
async function checkPage(t, browser, server, spec, totals) {
  const page = await openPage(browser, server, spec);
  try {
    totals.pages++;
    if (spec.shot || SHOTS) {
      const f = await screenshot(page, spec.shot || spec.name);
      t.diagnostic(`screenshot: ${f}`);
    }
    let t0 = Date.now();
    const axe = await runAxe(page);
    const tAxe = Date.now() - t0; t0 = Date.now();
    const focus = await checkFocus(page);
    const tFocus = Date.now() - t0; t0 = Date.now();
    const reflow = await checkReflow(page);
    if (spec.shot || SHOTS) {
      await page.setViewportSize({ width: 320, height: 800 });
      await screenshot(page, `${spec.shot || spec.name}-320`);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    const title = await page.title();
    const heading = (await page.locator('h1').textContent()).trim();
    const hasErrors = await page.locator('.error-summary').count() > 0;
    const clipped = await checkTextSpacing(page);
    t.diagnostic(`timing: axe ${tAxe} ms, focus ${tFocus} ms (${focus.stops} stops), `
      + `reflow and text spacing ${Date.now() - t0} ms`);
    const where = `${spec.name} (${page.url()})`;
    for (const v of axe.incomplete) {
      t.diagnostic(`axe needs review: ${v.id} on ${v.nodes.map((n) => n.target).join(', ')}`);
    }

    await t.test('axe: no WCAG 2.1 A/AA violations', () => {
      totals.violations += axe.violations.length;
      totals.nodes += axe.violations.reduce((n, v) => n + v.nodes.length, 0);
      assert.equal(axe.violations.length, 0,
        `[module defect: axe] ${axe.violations.length} axe violation(s) on ${where}:\n${formatViolations(axe.violations)}`);
    });
    await t.test('reflow: no horizontal scrolling at 320 CSS px (1.4.10)', () => {
      if (reflow.scrollWidth > reflow.viewport) totals.reflow++;
      assert.ok(reflow.scrollWidth <= reflow.viewport,
        `[module defect: WCAG 1.4.10 reflow] ${where}: `
        + `page is ${reflow.scrollWidth} px wide in a ${reflow.viewport} px viewport; `
        + `sticking out:\n  ${reflow.offenders.join('\n  ')}`);
    });
    await t.test('keyboard: skip link, then a visible focus indicator on every tab stop', () => {
      const bad = [];
      if (focus.startsInSummary) {
        if (!focus.skip || !focus.skip.inMain || !/^a/.test(focus.skip.name))
          bad.push(`focus starts on the error summary, but the first Tab went to ${focus.skip && focus.skip.name}, not its first link`);
      }
      else if (!focus.skip || !focus.skip.isSkip) bad.push(`first Tab did not reach the skip link (got ${focus.skip && focus.skip.name})`);
      else if (!focus.skip.onScreen) bad.push('skip link is not visible when focused');
      else if (!focus.skipWorks) bad.push(`after the skip link, Tab went to ${focus.afterSkip && focus.afterSkip.name}, outside <main>`);
      for (const p of focus.problems) {
        bad.push(`${p.name} "${p.text}": ${p.onScreen ? 'no visible focus indicator' : 'focused but off screen'} (${p.style})`);
      }
      if (bad.length) totals.focus++;
      assert.ok(focus.stops > 0, 'no tab stops at all');
      assert.deepEqual(bad, [], `[module defect: WCAG 2.4.1/2.4.7/1.4.11] ${where}: ${focus.stops} tab stops checked`);
    });
    await t.test('title names the page, and says "Error:" when the form has errors (2.4.2, 3.3.1)', () => {
      const want = `${hasErrors ? 'Error: ' : ''}${heading} - ${SITE}`;
      assert.equal(title, want, `[module defect: WCAG 2.4.2] ${where}`);
    });
    await t.test('text spacing: nothing cut off with WCAG 1.4.12 spacing', () => {
      assert.deepEqual(clipped, [], `[module defect: WCAG 1.4.12] ${where}`);
    });
    if (spec.expect) {
      await t.test('the page shows what this state is about', async () => {
        await spec.expect(page);
      });
    }
  } finally {
    await page.close();
  }
}

function newTotals() {
  return { pages: 0, violations: 0, nodes: 0, reflow: 0, focus: 0 };
}

function totalsLine(totals) {
  return `${totals.pages} pages checked, ${totals.violations} axe `
    + `violations (${totals.nodes} nodes), ${totals.reflow} pages scroll sideways at 320 px, `
    + `${totals.focus} pages with focus problems`;
}

/**
 * The end of an a11y file's describe(), called in its body after before():
 * an after() hook that closes ctx.browser, stops ctx.server and prints
 * "# a11y (label) totals: ..." ("# a11y totals: ..." when label is null);
 * one it() per page state of pages (checkPage); the tests opts.between()
 * registers, if any; and last, a test that closes the browser, stops the
 * server, finds no crash, sanitizer report or error line in its error.log
 * and removes the server's directory.  ctx is an object the file's before()
 * fills in with browser and server; the last test sets both to null.  Tests
 * that come before the page states are registered before calling this.
 */
function pageSuite(label, pages, ctx, totals, opts = {}) {
  after(async () => {
    if (ctx.browser) await ctx.browser.close();
    if (ctx.server) await ctx.server.stop();
    console.log(`# a11y${label ? ` (${label})` : ''} totals: ${totalsLine(totals)}`);
  });

  for (const spec of pages) {
    it(spec.name, (t) => checkPage(t, ctx.browser, ctx.server, spec, totals));
  }

  if (opts.between) opts.between();

  it('server error.log has no crash, sanitizer report or error line', async () => {
    await ctx.browser.close();
    ctx.browser = null;
    await ctx.server.stop();
    const problems = ctx.server.logProblems();
    assert.deepEqual(problems, [], `error.log in ${ctx.server.dir}`);
    ctx.server.cleanup();
    ctx.server = null;
  });
}

module.exports = { openPage, checkPage, newTotals, totalsLine, pageSuite, SITE };
