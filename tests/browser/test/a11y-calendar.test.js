'use strict';
// The calendar feed's page (features/calendar), checked as a11y.test.js
// checks every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at 320
// CSS px, skip link and visible focus on every tab stop, title, text
// spacing): with no feed, just turned on (its long address must wrap at
// 320 px), renewed, and turned off again.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const { Browser } = require('../lib/browser');
const pagecheck = require('../lib/pagecheck');

let server;
let browser;
const shared = {}; // server and browser, as before() starts them, for pagecheck.pageSuite()
const totals = pagecheck.newTotals();

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());
const FEED = /^http:\/\/127\.0\.0\.1:\d+\/mentoring\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics$/;

const PAGES = [
  {
    name: 'Calendar feed, off', user: 'mentor1', path: '/calendar',
    expect: async (page) => {
      assert.match(await text(page), /Your feed is off/);
      assert.equal(await page.locator('code.feed-url').count(), 0);
    },
  },
  {
    name: 'Calendar feed, turned on', user: 'mentor1', path: '/calendar',
    submit: 'Turn on my calendar feed',
    expect: async (page) => {
      assert.match(await text(page), /Your calendar feed is on/);
      assert.match(await page.locator('code.feed-url').innerText(), FEED);
      assert.equal(await page.getByRole('link', { name: 'Open the feed in your calendar app' })
        .getAttribute('href').then((h) => h.startsWith('webcal://')), true);
    },
  },
  {
    name: 'Calendar feed, new address', user: 'mentor1', path: '/calendar',
    submit: 'Give my feed a new address',
    expect: async (page) => {
      assert.match(await text(page), /Your calendar feed has a new address/);
      assert.match(await page.locator('code.feed-url').innerText(), FEED);
    },
  },
  {
    name: 'Calendar feed, turned off', user: 'mentor1', path: '/calendar',
    submit: 'Turn off my calendar feed',
    expect: async (page) => {
      assert.match(await text(page), /Your calendar feed is off/);
      assert.equal(await page.locator('code.feed-url').count(), 0);
    },
  },
];

describe('the calendar feed page meets WCAG 2.1 AA, reflows at 320 px, shows focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('calendar', PAGES, shared, totals, {
    between: () => {
      it('the feed itself answers without a sign-in', async () => {
        const ctx = await browser.context('mentor1');
        const page = await ctx.newPage();
        await page.goto(`${server.base}/calendar`);
        await Promise.all([page.waitForNavigation(),
          page.getByRole('button', { name: 'Turn on my calendar feed' }).click()]);
        const url = await page.locator('code.feed-url').innerText();
        await page.close();
        const r = await fetch(url);
        assert.equal(r.status, 200);
        assert.equal(r.headers.get('content-type'), 'text/calendar; charset=utf-8');
        assert.match(await r.text(), /^BEGIN:VCALENDAR\r\n/);
      });
    },
  });
});
