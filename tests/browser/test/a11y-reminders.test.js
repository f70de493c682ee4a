'use strict';
// The email reminder settings page (features/reminders, /reminders), checked
// as a11y.test.js checks every page (lib/pagecheck.js: axe-core WCAG 2.1
// A/AA, reflow at 320 CSS px, skip link and visible focus on every tab stop,
// title, text spacing): as it first appears (every optional reminder on),
// after saving with two turned off (the notice, those two unticked), and for
// an admin, who sees the team's kinds too.

const { describe, before } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const { Browser } = require('../lib/browser');
const pagecheck = require('../lib/pagecheck');

let server;
let browser;
const shared = {}; // server and browser, as before() starts them, for pagecheck.pageSuite()
const totals = pagecheck.newTotals();

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());

const PAGES = [
  {
    name: 'Email reminders (all on)', user: 'mentor1', path: '/reminders',
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Reminders are sent to mentor1@demo\.ac\.uk/);
      assert.match(t, /These are always sent/);
      assert.ok(await page.locator('#f-on-checkin_due').isChecked());
      assert.equal(await page.locator('main fieldset legend').count(), 1);
    },
  },
  {
    name: 'Email reminders saved, two turned off', user: 'mentor2', path: '/reminders',
    submit: 'Save my reminder settings',
    before: async (page) => {
      await page.locator('#f-on-quiet').uncheck();
      await page.locator('#f-on-evaluation').uncheck();
    },
    expect: async (page) => {
      assert.match(await text(page), /Your email reminder settings have been saved/);
      assert.equal(await page.locator('#f-on-quiet').isChecked(), false);
      assert.equal(await page.locator('#f-on-evaluation').isChecked(), false);
      assert.ok(await page.locator('#f-on-training').isChecked());
    },
  },
  {
    name: 'Email reminders (admin)', user: 'admin', path: '/reminders',
    expect: async (page) => {
      assert.match(await text(page), /New applications \(programme admins\)/);
    },
  },
];

describe('the email reminder settings meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('reminders', PAGES, shared, totals);
});
