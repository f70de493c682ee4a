'use strict';
// What the end-to-end journeys of issue 18 share on top of lib/nojs.js:
//   - every step keeps a full-page PNG in artifacts/ (always, not only with
//     RM_BROWSER_SCREENSHOTS=1): journey-<area>-<nn>-<step>.png;
//   - axe-core (WCAG 2.1 A/AA) on every page a role reaches: the page as the
//     JavaScript-off journey got it (its URL, status and HTML, including the
//     answer to a form sent with errors) is served again, by page.route(), to
//     a JavaScript-on context of the same user that bypasses the module's
//     Content-Security-Policy, where axe can run.  The stylesheet and
//     anything else the page loads come from the server as usual.  Any
//     violation fails the step;
//   - the keyboard alone: Tab until focus reaches an element, each stop on
//     the way showing a visible focus indicator (lib/browser.js focusInfo).

const assert = require('node:assert/strict');
const { screenshot, runAxe, formatViolations, focusInfo } = require('./browser');

class Journey {
  /** area: the part of the file names after "journey-" (e.g. "checkin"). */
  constructor(browser, area) {
    this.browser = browser;
    this.area = area;
    this.n = 0;
    this.axed = [];          // [{ user, url, status, violations }]
    this.shots = [];
  }

  /** Save the page as journey-<area>-<nn>-<step>.png; returns the file. */
  async shot(page, step) {
    this.n += 1;
    const nn = String(this.n).padStart(2, '0');
    const file = await screenshot(page, `journey-${this.area}-${nn}-${step}`);
    this.shots.push(file);
    return file;
  }

  /**
   * axe on the page as page (a JavaScript-off page of user) shows it now:
   * its HTML replayed at its URL in a JavaScript-on context of user.
   * status: the status the page was answered with (kept in the replay).
   */
  async axe(page, user, status = 200) {
    const url = page.url();
    const html = await page.content();
    const ctx = await this.browser.context(user, { js: true });
    const p = await ctx.newPage();
    try {
      const target = url.split('#')[0];
      await p.route((u) => u.href.split('#')[0] === target, (route) => (
        route.request().isNavigationRequest()
          ? route.fulfill({ status, contentType: 'text/html; charset=utf-8', body: html })
          : route.continue()));
      await p.goto(url);
      const { violations } = await runAxe(p);
      this.axed.push({ user, url, status, violations: violations.length });
      assert.equal(violations.length, 0,
        `axe (WCAG 2.1 AA) on ${url} as ${user}:\n${formatViolations(violations)}`);
    } finally {
      await p.close();
    }
  }

  /** Both: the screenshot, then axe (the usual end of a step's page). */
  async page(page, user, step, status = 200) {
    await this.shot(page, step);
    await this.axe(page, user, status);
  }

  /** One line for the log: pages checked with axe, by user, and screenshots. */
  summary() {
    const users = {};
    for (const a of this.axed) users[a.user] = (users[a.user] || 0) + 1;
    return `journey-${this.area}: axe on ${this.axed.length} pages (`
      + Object.entries(users).map(([u, n]) => `${u} ${n}`).join(', ')
      + `), ${this.shots.length} screenshots`;
  }
}

/** What has keyboard focus: { id, name, ok, ... } (see focusInfo). */
async function focused(page) {
  return page.evaluate(focusInfo);
}

/**
 * Press Tab (or Shift+Tab with back) until the focused element matches
 * selector; every stop on the way must show a visible focus indicator.
 * Returns the number of presses.  Fails after max presses.
 */
async function tabTo(page, selector, { back = false, max = 40 } = {}) {
  // A date input takes several stops (day, month, year, chromium's own
  // calendar button, during which the input no longer matches :focus): as
  // in checkFocus, stops on the element last checked are not checked again.
  let prev = await page.evaluate(focusInfo);
  prev = prev && prev.key;
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const info = await focused(page);
    if (info && info.key !== prev) {
      assert.ok(info.ok, `focus on ${info.name} "${info.text}" shows no visible indicator `
        + `(${info.style})`);
    }
    prev = info && info.key;
    const hit = await page.evaluate((sel) => !!document.activeElement
      && document.activeElement.matches(sel), selector);
    if (hit) return i;
  }
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${selector}`);
}

/** Press a key that navigates (Enter on a link or button); its response. */
async function pressAndWait(page, key) {
  const [resp] = await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  return resp;
}

/**
 * Type an ISO date into the focused date input with the keyboard.  The
 * field's segments follow chromium's own locale (day first or month first),
 * not the context's: day first is tried, then month first (Shift+Tab back
 * to the first segment).  Returns the field's value.
 */
async function typeDate(page, iso) {
  const [y, m, d] = iso.split('-');
  await page.keyboard.type(`${d}${m}${y}`);
  let v = await page.evaluate(() => document.activeElement.value);
  if (v !== iso) {
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(`${m}${d}${y}`);
    v = await page.evaluate(() => document.activeElement.value);
  }
  return v;
}

/** The id of the focused element ('' when none). */
async function activeId(page) {
  return page.evaluate(() => (document.activeElement && document.activeElement.id) || '');
}

module.exports = { Journey, focused, tabTo, pressAndWait, activeId, typeDate };
