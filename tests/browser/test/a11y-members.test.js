'use strict';
// Who may apply as a Senior Mentor (features/membership), checked as every
// page is (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at 320 CSS px,
// skip link and visible focus, title, text spacing), each with a check of
// what it shows: the admin's page with no list yet; with a list uploaded
// (its first names and the rule); the form sent with the list rule and no
// list (422, the error named); and the programme's page for a member on the
// list who lacks the entitlement (the apply link) and for one not on it.
//
// Set up over plain HTTP (lib/seed.js): two programmes; on one the list
// rule with senior4 (no membership entitlement) on the list.

const { describe, before } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const seed = require('../lib/seed');
const { Browser } = require('../lib/browser');
const pagecheck = require('../lib/pagecheck');

let server;
let browser;
const shared = {}; // server and browser, as before() starts them, for pagecheck.pageSuite()
const ids = {};
const totals = pagecheck.newTotals();

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());

const PAGES = [
  {
    name: 'Who may apply, no list yet (admin)', user: 'admin',
    path: () => `/admin/programmes/${ids.empty}/members`,
    expect: async (page) => {
      assert.match(await text(page), /No list has been uploaded\./);
      assert.ok(await page.getByLabel('Those whose sign-in shows the membership entitlement')
        .isChecked());
    },
  },
  {
    name: 'Who may apply, a list uploaded (admin)', user: 'admin',
    path: () => `/admin/programmes/${ids.listed}/members?done=members-saved`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /The list: 2 members/);
      assert.match(t, /senior4@demo\.ac\.uk/);
      assert.ok(await page.getByLabel('Those on the list of members below').isChecked());
    },
  },
  {
    name: 'Who may apply, the list rule with no list (422)', user: 'admin',
    path: () => `/admin/programmes/${ids.empty}/members`,
    before: (page) => page.getByLabel('Those on the list of members below').check(),
    submit: 'Save', status: 422,
    expect: async (page) => {
      assert.match(await text(page, '.error-summary'), /no list of members yet/);
    },
  },
  {
    name: "The programme's page for a listed member without the entitlement (senior4)",
    user: 'senior4', path: () => `/programmes/${ids.listed}`,
    expect: async (page) => {
      assert.equal(await page.getByRole('link', { name: 'Apply to be a Senior Mentor' }).count(), 1);
    },
  },
  {
    name: "The programme's page for someone not on the list (senior1)",
    user: 'senior1', path: () => `/programmes/${ids.listed}`,
    expect: async (page) => {
      assert.match(await text(page), /not on the programme's list of members/);
    },
  },
];

describe('who may apply as a Senior Mentor meets WCAG 2.1 AA, reflows, shows focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    ids.empty = await seed.createProgramme(server, { name: 'Programme without a list' });
    ids.listed = await seed.createProgramme(server, { name: 'Programme with a list' });
    const r = await new seed.Client(server, 'admin').postMultipart(
      `/admin/programmes/${ids.listed}/members`,
      { senior_members: 'list', names: 'senior4@demo.ac.uk\nother@b.ac.uk\n' }, { file: null });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('members', PAGES, shared, totals);
});
