'use strict';
// Every page of mod_rmentor, in Debian's chromium with JavaScript on (axe-core
// is a script): axe-core with the WCAG 2.0/2.1 A and AA rules, reflow at 320
// CSS px (WCAG 1.4.10: no horizontal scrolling), and a visible keyboard focus
// indicator on every tab stop (WCAG 2.4.7, 1.4.11) with a working skip link
// (2.4.1).  Any violation fails that page's test; nothing is waived here.
//
// Records are set up over plain HTTP first (lib/seed.js); the journey without
// JavaScript is in journey.test.js.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const { Httpd } = require('../lib/server');
const seed = require('../lib/seed');
const { Browser, runAxe, checkReflow, checkFocus } = require('../lib/browser');
const pagecheck = require('../lib/pagecheck');

let server;
let browser;
const shared = {}; // server and browser, as before() starts them, for pagecheck.pageSuite()
const ids = {};
const totals = pagecheck.newTotals();

// Each entry: one page state.  `go` opens it (a GET, or a form sent with
// errors by clicking its submit button); `status` is the HTTP status it has.
const PAGES = [
  { name: 'home (staff, nothing applied)', user: 'staff1', path: '/' },
  { name: 'home (admin: programmes you run)', user: 'admin', path: '/' },
  { name: 'home (applicant with applications)', user: 'mentor1', path: '/' },
  { name: 'programme page', user: 'staff1', path: () => `/programmes/${ids.prog}` },
  { name: 'programme page (already applied)', user: 'mentor1', path: () => `/programmes/${ids.prog}` },
  { name: 'programme page (not eligible as Mentor)', user: 'mentor3', path: () => `/programmes/${ids.prog}` },
  { name: 'Mentor application form (empty)', user: 'mentor2', path: () => `/programmes/${ids.prog}/apply/mentor` },
  {
    name: 'Mentor application form (with errors)', user: 'mentor2', status: 422,
    path: () => `/programmes/${ids.prog}/apply/mentor`, submit: 'Submit application',
    shot: 'mentor-form-errors',
  },
  { name: 'Mentor application form (grade not known: select)', user: 'mentor4', path: () => `/programmes/${ids.prog}/apply/mentor` },
  {
    name: 'Mentor application form (grade select, with errors)', user: 'mentor4', status: 422,
    path: () => `/programmes/${ids.prog}/apply/mentor`, submit: 'Submit application',
  },
  { name: 'Senior Mentor application form (empty)', user: 'senior2', path: () => `/programmes/${ids.prog}/apply/senior` },
  {
    name: 'Senior Mentor application form (with errors)', user: 'senior2', status: 422,
    path: () => `/programmes/${ids.prog}/apply/senior`, submit: 'Submit application',
    clear: ['#f-senior_role', '#f-department'],
  },
  { name: 'application (applicant, just submitted)', user: 'senior1', path: () => `/applications/${ids.senior1}?done=submitted` },
  { name: 'application (applicant, accepted with reason)', user: 'mentor1', path: () => `/applications/${ids.mentor1}` },
  { name: 'application (applicant, withdrawn)', user: 'senior3', path: () => `/applications/${ids.senior3}?done=withdrawn` },
  { name: 'application (admin view, decision form)', user: 'admin', path: () => `/applications/${ids.senior1}` },
  {
    name: 'application (admin, decision with errors)', user: 'admin', status: 422,
    path: () => `/applications/${ids.senior1}`, submit: 'Save decision',
    before: async (page) => { await page.getByLabel('Decline').check(); },
  },
  {
    name: 'application (admin, decision refused: places full)', user: 'admin', status: 409,
    path: () => `/applications/${ids.mentor2full}`, submit: 'Save decision',
    before: async (page) => { await page.getByLabel('Accept').check(); },
  },
  { name: 'application (admin, just decided)', user: 'admin', path: () => `/applications/${ids.mentor1}?done=decided` },
  { name: 'admin programmes list', user: 'admin', path: '/admin/programmes?done=created' },
  { name: 'programme create form (empty)', user: 'admin', path: '/admin/programmes/new' },
  {
    name: 'programme create form (with errors)', user: 'admin', status: 422,
    path: '/admin/programmes/new', submit: 'Create programme',
    before: async (page) => {
      await page.fill('#f-apply_opens', seed.days(10));
      await page.fill('#f-apply_closes', seed.days(5));
    },
  },
  { name: 'programme edit form (saved, with team)', user: 'admin', path: () => `/admin/programmes/${ids.prog}/edit?done=saved` },
  {
    name: 'programme edit form (with errors)', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.prog}/edit`, submit: 'Save programme',
    clear: ['#f-name', '#f-capacity_mentor'],
  },
  {
    name: 'programme team form (with errors)', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.prog}/edit`, submit: 'Add to the team',
  },
  { name: 'applications list', user: 'admin', path: () => `/admin/programmes/${ids.prog}/applications` },
  {
    name: 'applications list (filtered and sorted)', user: 'admin',
    path: () => `/admin/programmes/${ids.prog}/applications?role=mentor&status=accepted&q=a&sort=name`,
  },
  { name: 'applications list (no match)', user: 'admin', path: () => `/admin/programmes/${ids.prog}/applications?q=nobody` },
  { name: 'applications list (bad filter: 400)', user: 'admin', status: 400, path: () => `/admin/programmes/${ids.prog}/applications?status=bogus` },
  { name: '401 not signed in', user: null, status: 401, path: '/', base: 'open' },
  { name: '403 not an admin', user: 'staff1', status: 403, path: '/admin/programmes' },
  { name: '403 not staff', user: 'student1', status: 403, path: '/' },
  { name: '403 not eligible to apply', user: 'mentor3', status: 403, path: () => `/programmes/${ids.prog}/apply/mentor` },
  { name: '404 no such page', user: 'staff1', status: 404, path: '/no/such/page' },
  { name: '404 someone else\'s application', user: 'staff1', status: 404, path: () => `/applications/${ids.mentor1}` },
  { name: '409 application already decided', user: 'mentor1', status: 409, path: () => `/programmes/${ids.prog}/apply/mentor` },
];

function openPage(spec) {
  return pagecheck.openPage(browser, server, spec);
}

describe('every page meets WCAG 2.1 AA (axe-core), reflows at 320 px, shows focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    // A programme open for applications, run by admin, with applications in
    // each state; a second one with one Mentor place, already taken.
    ids.prog = await seed.createProgramme(server, { name: 'Reciprocal Mentoring 2025-26' });
    ids.mentor1 = await seed.apply(server, 'mentor1', ids.prog, 'mentor',
      { gain: 'Sponsorship and a wider network across the institution.' });
    ids.senior1 = await seed.apply(server, 'senior1', ids.prog, 'senior');
    ids.senior3 = await seed.apply(server, 'senior3', ids.prog, 'senior');
    await seed.withdraw(server, 'senior3', ids.senior3);
    await seed.decide(server, ids.mentor1, 'accepted', 'Welcome to the programme.');
    ids.full = await seed.createProgramme(server, { name: 'Small programme', capacity_mentor: '1' });
    ids.mentor1full = await seed.apply(server, 'mentor1', ids.full);
    ids.mentor2full = await seed.apply(server, 'mentor2', ids.full);
    await seed.decide(server, ids.mentor1full, 'accepted', '');
    shared.browser = browser = await new Browser().launch();
  });

  // Negative control: the same checks on a page with known defects must
  // find them, so a silent checker (axe not running, a broken selector)
  // cannot pass the module by accident.
  it('the checks find known defects on a broken page (negative control)', async () => {
    const ctx = await browser.context(null);
    const page = await ctx.newPage();
    try {
      await page.setContent(`<!DOCTYPE html><html><head><title>broken</title>
        <style>a:focus{outline:none}</style></head><body>
        <main><a href="#x">a link with no focus style</a>
        <input type="text" id="x"><p style="color:#bbb">faint text</p>
        <div style="width:600px">too wide</div></main></body></html>`);
      const axe = await runAxe(page);
      const rules = axe.violations.map((v) => v.id);
      for (const want of ['html-has-lang', 'label', 'color-contrast']) {
        assert.ok(rules.includes(want), `axe finds ${want} (found ${rules.join(', ')})`);
      }
      const focus = await checkFocus(page);
      assert.ok(!focus.skip.isSkip, 'no skip link found');
      assert.ok(focus.problems.some((p) => p.name === 'a'), 'the unstyled focus is found');
      const reflow = await checkReflow(page);
      assert.ok(reflow.scrollWidth > reflow.viewport, 'the wide box is found');
    } finally {
      await page.close();
    }
  });

  pagecheck.pageSuite(null, PAGES, shared, totals, {
    between: () => {
      // WCAG 1.3.5 Identify Input Purpose (AA), which axe cannot judge: a field
      // that asks for the person's own job title serves the listed purpose
      // "organization-title" and must say so with autocomplete.
      for (const [user, role, field] of [['mentor2', 'mentor', 'job_title'], ['senior2', 'senior', 'senior_role']]) {
        it(`1.3.5 identify input purpose: ${role} form #f-${field} has autocomplete="organization-title"`, async () => {
          const page = await openPage({ name: `${role} form`, user, path: `/programmes/${ids.prog}/apply/${role}` });
          try {
            const ac = await page.locator(`#f-${field}`).getAttribute('autocomplete');
            assert.equal(ac, 'organization-title',
              `[module defect: WCAG 1.3.5] the applicant's own job title field #f-${field} has `
              + `autocomplete="${ac}"; it should be autocomplete="organization-title"`);
          } finally {
            await page.close();
          }
        });
      }
    },
  });
});
