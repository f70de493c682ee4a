'use strict';
// The pages of the programme's year, checked as a11y.test.js checks every
// page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at 320 CSS px, skip
// link and visible focus on every tab stop, title, text spacing): the
// application forms' matching questions, training (participants' bookings,
// the team's sessions, status and overrides, the session form, the
// register), matching (the draft with its pins and rules, the weights, a
// facilitator's read-only view, published pairs), and the home page of a
// paired participant and of a facilitator.
//
// Two programmes are set up over plain HTTP (lib/seed.js): "year" with
// sessions in every state, a register taken and one not, overrides, rules
// and a matching draft; "pilot", open for applications, whose pairs are
// published.

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
  // ---- the application forms' matching questions (programme "pilot") ----
  {
    name: 'Mentor application form with the matching questions (empty)', user: 'mentor2',
    path: () => `/programmes/${ids.pilot}/apply/mentor`,
    expect: async (page) => {
      assert.equal(await page.locator('input[type=checkbox]').count(), 12 + 8 + 8 + 10);
      assert.equal(await page.locator('input[type=checkbox]:checked').count(), 0);
    },
  },
  {
    name: 'Mentor application form (errors on the preference fields)', user: 'mentor2', status: 422,
    path: () => `/programmes/${ids.pilot}/apply/mentor`, submit: 'Submit application',
    before: async (page) => {
      await page.locator('#f-self_identified').check();
      await page.fill('#f-gain', 'Sponsorship.');
      await page.fill('#f-topics', 'Progression.');
      await page.fill('#f-availability', 'Tuesdays.');
      await page.getByLabel('Barriers to progression').check();
      await page.fill('#f-line_manager', 'a, b');
      await page.fill('#f-prefer_1', 'two words');
      await page.fill('#f-avoid_1', 'mentor2');
    },
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#f-line_manager', '#f-prefer_1', '#f-avoid_1']);
      assert.ok(await page.getByLabel('Barriers to progression').isChecked(), 'a ticked box stays ticked');
    },
  },
  {
    name: 'Senior Mentor application form with the matching questions (empty)', user: 'senior1',
    path: () => `/programmes/${ids.pilot}/apply/senior`,
  },
  {
    name: 'Senior Mentor application form (errors on the preference fields)', user: 'senior1', status: 422,
    path: () => `/programmes/${ids.pilot}/apply/senior`, submit: 'Submit application',
    before: async (page) => {
      await page.fill('#f-motivation', 'To learn.');
      await page.fill('#f-topics', 'Race equality.');
      await page.fill('#f-availability', 'Mondays.');
      await page.fill('#f-prefer_1', 'two words');
      await page.fill('#f-prefer_2', 'mentor1');
      await page.fill('#f-avoid_1', 'mentor1');
    },
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#f-prefer_1', '#f-avoid_1']);
    },
  },
  {
    name: 'Senior Mentor application form (submitted answers: boxes ticked, preferences)', user: 'senior3',
    path: () => `/programmes/${ids.pilot}/apply/senior`,
    expect: async (page) => {
      assert.ok(await page.getByLabel('Inclusive culture').isChecked());
      assert.equal(await page.locator('#f-prefer_1').inputValue(), 'mentor2');
    },
  },
  {
    name: 'application with the matching answers (admin view)', user: 'admin',
    path: () => `/applications/${ids.senior3pilot}`,
    expect: async (page) => assert.match(await text(page), /Topics chosen\s+Barriers to progression/),
  },

  // ---- a participant's training (programme "year") ----
  {
    name: 'training (participant: sessions to book, one full)', user: 'mentor4',
    path: () => `/programmes/${ids.year}/training`,
    expect: async (page) => {
      const t = await text(page, 'table');
      assert.match(t, /Full/);
      assert.equal(await page.getByRole('button', { name: /^Book / }).count(), 1);
    },
  },
  {
    name: 'training (participant: booked, with a cancel button)', user: 'mentor1',
    path: () => `/programmes/${ids.year}/training?done=booked`,
    expect: async (page) => {
      assert.match(await text(page, 'table'), /Booked/);
      assert.equal(await page.getByRole('button', { name: 'Cancel this booking' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: /^Move my booking here: / }).count(), 1);
    },
  },
  {
    name: 'training (participant: a full session refused: 409)', user: 'mentor4', status: 409,
    path: () => `/programmes/${ids.year}/training`,
    // a page loaded before the last place went: its form names the session
    // that is full now
    before: async (page) => {
      await page.evaluate((sid) => {
        for (const i of document.querySelectorAll('input[name=session]')) i.value = sid;
      }, String(ids.s1));
    },
    submit: (page) => page.getByRole('button', { name: /^Book / }),
    expect: async (page) => assert.match(await text(page, '.error-summary'), /is full/),
  },
  {
    name: 'training (participant: completed)', user: 'mentor2',
    path: () => `/programmes/${ids.year}/training`,
    expect: async (page) => assert.match(await text(page), /You have completed your training/),
  },
  {
    name: 'training (participant: no sessions yet)', user: 'mentor1',
    path: () => `/programmes/${ids.pilot}/training`,
  },

  // ---- the team's training pages ----
  {
    name: 'training admin (sessions, status table, override form)', user: 'admin',
    path: () => `/admin/programmes/${ids.year}/training?done=session-added`,
    expect: async (page) => {
      assert.equal(await page.getByRole('button', { name: /^Remove override for / }).count(), 2);
      assert.equal(await page.getByRole('button', { name: 'Record override' }).count(), 1);
    },
  },
  {
    name: 'training admin (add session posted empty: 422)', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.year}/training`, submit: 'Add session',
    clear: ['#f-capacity'],
  },
  {
    name: 'training admin (override posted empty: 422)', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.year}/training`, submit: 'Record override',
  },
  {
    name: 'training (facilitator: read only)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.year}/training`,
    expect: async (page) => assert.equal(await page.locator('main form').count(), 0),
  },
  {
    name: 'session edit form', user: 'admin', path: () => `/admin/training/${ids.s2}/edit`,
  },
  {
    name: 'session edit form (with errors: 422)', user: 'admin', status: 422,
    path: () => `/admin/training/${ids.s2}/edit`, submit: 'Save session',
    clear: ['#f-title', '#f-place', '#f-link'],
    before: async (page) => { await page.fill('#f-ends', '08:00'); },
  },
  {
    name: 'session edit form (fewer places than booked: 409)', user: 'admin', status: 409,
    path: () => `/admin/training/${ids.s3}/edit`, submit: 'Save session',
    before: async (page) => { await page.fill('#f-capacity', '1'); },
  },
  {
    name: 'register before the session (list of bookings)', user: 'facilitator',
    path: () => `/training/${ids.s1}/register`,
  },
  {
    name: 'register (no bookings)', user: 'facilitator', path: () => `/training/${ids.s2}/register`,
  },
  {
    name: 'register after the session (radios)', user: 'facilitator',
    path: () => `/training/${ids.s5}/register`,
    expect: async (page) => assert.equal(await page.locator('input[type=radio]').count(), 2),
  },
  {
    name: 'register posted empty (422)', user: 'facilitator', status: 422,
    path: () => `/training/${ids.s5}/register`, submit: 'Save the register',
  },
  {
    name: 'register taken (saved)', user: 'facilitator',
    path: () => `/training/${ids.s3}/register?done=register`,
  },

  // ---- matching ----
  {
    name: 'matching (admin: draft with scores, pins, rules, weights)', user: 'admin',
    path: () => `/admin/programmes/${ids.year}/matching?done=matched`,
    expect: async (page) => {
      const draft = page.locator('section[aria-labelledby=h-draft] table').first();
      assert.equal(await draft.locator('tbody tr').count(), 2, 'two suggested pairs');
      assert.match(await draft.innerText(), /Pinned/);
      assert.equal(await page.getByRole('button', { name: /^Unpin / }).count(), 1);
      assert.equal(await page.getByRole('button', { name: /^Never pair / }).count(), 2);
      assert.equal(await page.getByRole('button', { name: 'Publish the pairs' }).count(), 1);
      assert.match(await text(page), /Left unmatched/);
    },
  },
  {
    name: 'matching (rule form posted empty: 422)', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.year}/matching`, submit: 'Add the rule',
  },
  {
    name: 'matching (pin refused, same department: 409)', user: 'admin', status: 409,
    path: () => `/admin/programmes/${ids.year}/matching`, submit: 'Add the rule',
    before: async (page) => {
      await page.selectOption('#f-mentor', { label: 'Priya Shah' });
      await page.selectOption('#f-senior', { label: 'Helen Graham' });
      await page.locator('#f-action').check();
    },
    expect: async (page) => assert.match(await text(page, '.error-summary'), /same department/),
  },
  {
    name: 'matching (weights with errors: 422)', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.year}/matching`, submit: 'Save settings',
    before: async (page) => { await page.fill('#f-w_topics', '500'); },
  },
  {
    name: 'matching (facilitator: read only)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.year}/matching`,
    expect: async (page) => {
      assert.equal(await page.locator('main form').count(), 0);
      assert.match(await text(page), /Suggested pairs/);
    },
  },
  {
    name: 'matching (pairs published)', user: 'admin',
    path: () => `/admin/programmes/${ids.pilot}/matching?done=published`,
  },

  // ---- home pages ----
  {
    name: 'home (participant: mentoring partner and training)', user: 'mentor1', path: '/',
    expect: async (page) => {
      assert.match(await text(page, 'section[aria-labelledby=h-pair]'), /your Senior Mentor is Robert Kerr/);
      assert.match(await text(page, 'section[aria-labelledby=h-training]'), /booked on Mentor training/);
    },
  },
  {
    name: 'home (accepted, no training booked)', user: 'mentor4', path: '/',
    expect: async (page) => assert.match(await text(page), /Choose a training session/),
  },
  {
    name: 'home (facilitator: programmes you support)', user: 'facilitator', path: '/',
    expect: async (page) => assert.equal(
      await page.locator('section[aria-labelledby=h-facilitator] tbody tr').count(), 2),
  },
];

describe('the pages of the programme\'s year meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;
    // "year": six accepted applicants, five sessions, a register taken
    ids.year = await seed.createProgramme(s, { name: 'Reciprocal Mentoring 2026-27' });
    await seed.addToTeam(s, ids.year, 'facilitator', 'facilitator');
    const app = async (user, role, over = {}) => {
      const base = role === 'mentor' ? seed.MENTOR_MATCH : seed.SENIOR_MATCH;
      return seed.apply(s, user, ids.year, role, { ...base, ...over });
    };
    ids.m1 = await app('mentor1', 'mentor', { prefer_1: 'senior2' });
    ids.m2 = await app('mentor2', 'mentor', { department: 'Registry' });
    ids.m4 = await app('mentor4', 'mentor', { grade: '8' });
    ids.s1app = await app('senior1', 'senior');
    ids.s2app = await app('senior2', 'senior', { department: 'Vice-Chancellor\'s Office' });
    ids.s3app = await app('senior3', 'senior', { department: 'Human Resources' });
    for (const a of [ids.m1, ids.m2, ids.m4, ids.s1app, ids.s2app, ids.s3app]) {
      await seed.decide(s, a, 'accepted', '');
    }
    const fac = await seed.teamPersonId(s, ids.year, 'facilitator');
    const session = (f) => seed.addSession(s, ids.year, { facilitator: fac, ...f });
    ids.s1 = await session({ title: 'Mentor training', day: seed.days(20), capacity: '1' });
    ids.s2 = await session({
      title: 'Mentor training (repeat)', day: seed.days(27), starts: '13:30', ends: '17:00',
      link: 'https://meet.example.ac.uk/mentor-training', capacity: '12',
    });
    ids.s3 = await session({
      role: 'senior', title: 'Senior Mentor training', day: seed.days(21), starts: '09:30',
      ends: '16:30', capacity: '6',
    });
    ids.s4 = await session({ title: 'Mentor training (first)', day: seed.days(14) });
    ids.s5 = await session({
      role: 'senior', title: 'Senior Mentor training (repeat)', day: seed.days(28),
      place: '', link: 'https://meet.example.ac.uk/senior-training', capacity: '4',
    });
    await seed.book(s, 'mentor1', ids.year, ids.s1);
    await seed.book(s, 'mentor2', ids.year, ids.s4);
    await seed.book(s, 'senior1', ids.year, ids.s3);
    await seed.book(s, 'senior2', ids.year, ids.s3);
    await seed.book(s, 'senior3', ids.year, ids.s5);
    // three sessions held: moved into the past
    await seed.editSession(s, ids.s3, { day: seed.days(-2) });
    await seed.editSession(s, ids.s4, { day: seed.days(-3) });
    await seed.editSession(s, ids.s5, { day: seed.days(-1) });
    await seed.takeRegister(s, ids.s3, { 'Helen Graham': 'attended', 'Robert Kerr': 'attended' });
    await seed.takeRegister(s, ids.s4, { 'Priya Shah': 'attended' });
    await seed.override(s, ids.year, ids.m1, 'Completed the training on the 2024 programme.');
    await seed.override(s, ids.year, ids.s3app, 'Trained as a Senior Mentor last year.');
    // the draft: Amara Okafor pinned to Claire Evans, never with Helen
    // Graham; Priya Shah and Helen Graham share a department: Helen Graham
    // is left unmatched
    await seed.matchingRule(s, ids.year, ids.m1, ids.s3app, 'pin', 'Asked for by both.');
    await seed.matchingRule(s, ids.year, ids.m1, ids.s1app, 'forbid', 'Same committee.');
    await seed.runMatching(s, ids.year);

    // "pilot": open for applications; Amara Okafor and Robert Kerr paired
    ids.pilot = await seed.createProgramme(s, { name: 'Reciprocal Mentoring pilot' });
    await seed.addToTeam(s, ids.pilot, 'facilitator', 'facilitator');
    ids.m1pilot = await seed.apply(s, 'mentor1', ids.pilot, 'mentor', seed.MENTOR_MATCH);
    ids.s2pilot = await seed.apply(s, 'senior2', ids.pilot, 'senior', seed.SENIOR_MATCH);
    ids.senior3pilot = await seed.apply(s, 'senior3', ids.pilot, 'senior', {
      ...seed.SENIOR_MATCH, line_manager: 'staff1', prefer_1: 'mentor2', avoid_1: 'mentor4',
    });
    for (const a of [ids.m1pilot, ids.s2pilot]) {
      await seed.decide(s, a, 'accepted', '');
      await seed.override(s, ids.pilot, a, 'Trained on an earlier programme.');
    }
    await seed.runMatching(s, ids.pilot);
    await seed.publish(s, ids.pilot);
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('year', PAGES, shared, totals);
});
