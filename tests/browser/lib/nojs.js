'use strict';
// What the journeys without JavaScript share: pages in JavaScript-off
// contexts (the module's Content-Security-Policy in force), clicking what
// navigates, the error summary's links moving keyboard focus to their fields,
// and steps that stop the journey at the first failure.

const { it } = require('node:test');
const assert = require('node:assert/strict');

/** A new page in the JavaScript-off context of user. */
async function noJsPage(browser, user) {
  const ctx = await browser.context(user, { js: false });
  return ctx.newPage();
}

/** Click something that navigates; the response of the page it lands on. */
async function follow(page, locator) {
  const [resp] = await Promise.all([page.waitForNavigation(), locator.click()]);
  return resp;
}

async function h1(page) {
  return (await page.locator('h1').textContent()).trim();
}

/** Every page of a journey works without script: it carries none. */
async function assertNoScript(page) {
  assert.equal(await page.locator('script').count(), 0, `${page.url()} has a <script>`);
}

/**
 * The page shows an error summary; each of its links moves focus to the
 * field it names, which says what is wrong.  Returns the field ids, in order.
 * A group of radios or checkboxes carries its error on its fieldset.
 */
async function checkErrorSummary(page) {
  assert.match(await page.title(), /^Error: /, 'the <title> says there is an error');
  const summary = page.locator('.error-summary');
  assert.equal(await summary.count(), 1, 'one error summary');
  assert.equal(await summary.locator('h2').textContent(), 'There is a problem');
  const links = summary.locator('a');
  const n = await links.count();
  assert.ok(n > 0, 'the summary links to the fields');
  const ids = [];
  for (let i = 0; i < n; i++) {
    const link = links.nth(i);
    const href = await link.getAttribute('href');
    const id = href.replace(/^#/, '');
    ids.push(id);
    await link.click();
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert.equal(focused, id, `summary link "${await link.textContent()}" moves focus to #${id}`);
    const field = page.locator(`#${id}`);
    const type = await field.getAttribute('type');
    const group = type === 'radio' || type === 'checkbox';
    const described = group
      ? await page.locator(`fieldset:has(#${id})`).last().getAttribute('aria-describedby')
      : await field.getAttribute('aria-describedby');
    assert.ok(described && described.split(' ').includes(`${id}-error`),
      `#${id} is described by its error message`);
    assert.match(await page.locator(`#${id}-error`).textContent(), /^Error: /);
    if (!group) assert.equal(await field.getAttribute('aria-invalid'), 'true');
  }
  return ids;
}

/** step(name, fn): an it() skipped once an earlier step has failed. */
function stepper() {
  let failed = false;
  return function step(name, fn) {
    it(name, async (t) => {
      if (failed) {
        t.skip('an earlier step of the journey failed');
        return;
      }
      try {
        await fn(t);
      } catch (e) {
        failed = true;
        throw e;
      }
    });
  };
}

module.exports = { noJsPage, follow, h1, assertNoScript, checkErrorSummary, stepper };
