'use strict';
// The pages of the pairs' year (features/pairs), checked as a11y.test.js
// checks every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at 320
// CSS px, skip link and visible focus on every tab stop, title, text
// spacing), each state with a check that the page shows what it is meant to:
// the partner's pair page (no meetings; meetings in every status, seen by
// either partner; after the pair ended), the log form with errors, the
// correct-or-withdraw page (as it stands, after a dispute, with errors), the
// dispute page (and with errors), the private notes (empty, with entries,
// with errors), the request to end (and with errors); the team's table
// (plain, filtered, paged, a facilitator's), the team's pair page (with an
// open request, the end and decline forms with errors, an ended pair with
// its rematch links, a facilitator's), the rematch page with candidates and
// with none; the home page's link to the pair.
//
// Set up over plain HTTP (lib/seed.js), the calendar moved with seed.sql():
// programme "year", started 200 days ago, with three pairs (Amara Okafor and
// Helen Graham: meetings in every status and notes; Priya Shah and Robert
// Kerr: nothing yet, and Priya asked to end the pair; Load Tester 61901 and
// Claire Evans: ended), Mei Chen accepted and trained and Load Tester 61900
// waitlisted (the rematch's candidates); programme "large" with 27 pairs of
// load and exec accounts (two pages of the team's table).

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
const YEAR = 'Reciprocal Mentoring 2026-27';
const LARGE = 'Reciprocal Mentoring: large cohort';
const REASON_SENIOR = 'We met on the 14th, not the 12th, and for half an hour.';
const REASON_MENTOR = 'This one was cancelled: we spoke by phone for five minutes.';

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());
const rowsOf = (page, labelledby) => page.locator(`div[aria-labelledby="${labelledby}"] tbody tr`);

/** The Status cells of the partner's meetings table, in order. */
async function statuses(page) {
  return (await rowsOf(page, 'h-meetings').locator('td:last-child strong.tag').allInnerTexts())
    .map((s) => s.trim());
}

const PAGES = [
  // ---- the partner's pair page ----
  {
    name: 'pair page (no meetings yet)', user: 'mentor2', path: () => `/pairs/${ids.p2}`,
    expect: async (page) => {
      assert.match(await text(page, 'section[aria-labelledby=h-meetings]'), /No meetings logged yet/);
      assert.match(await text(page, 'section[aria-labelledby=h-end]'), /You asked the programme team/);
    },
  },
  {
    name: 'pair page (meetings in every status, the Mentor\'s view)', user: 'mentor1',
    path: () => `/pairs/${ids.p1}?done=meeting-logged`,
    expect: async (page) => {
      assert.deepEqual(await statuses(page), ['Disputed', 'Disputed', 'Waiting for your partner',
        'Waiting for you', 'Confirmed']);
      const t = await text(page, 'section[aria-labelledby=h-meetings]');
      assert.match(t, new RegExp(`Your partner's reason: ${REASON_SENIOR}`));
      assert.match(t, new RegExp(`Your reason: ${REASON_MENTOR}`));
      assert.equal(await page.getByRole('link', { name: /^Confirm or dispute the meeting of / }).count(), 1);
      assert.equal(await page.locator('main form').count(), 0);
      assert.equal(await page.getByRole('link', { name: /^Correct or withdraw the meeting of / }).count(), 2);
    },
  },
  {
    name: 'pair page (meetings in every status, the Senior Mentor\'s view)', user: 'senior1',
    path: () => `/pairs/${ids.p1}`,
    expect: async (page) => {
      assert.deepEqual(await statuses(page), ['Disputed', 'Disputed', 'Waiting for you',
        'Waiting for your partner', 'Confirmed']);
    },
  },
  {
    name: 'pair page (the pair has ended)', user: 'load61901', path: () => `/pairs/${ids.p3}`,
    expect: async (page) => {
      assert.match(await text(page), /This pair ended on .* \(Left the institution\)/);
      assert.equal(await page.locator('main form').count(), 0);
      assert.equal(await rowsOf(page, 'h-meetings').count(), 1);
    },
  },
  {
    name: 'log a meeting (errors: 422)', user: 'mentor1', status: 422,
    path: () => `/pairs/${ids.p1}/meetings/new`, submit: 'Log the meeting',
    clear: ['#f-minutes'],
    before: async (page) => {
      await page.fill('#f-held_on', seed.days(3));
      await page.evaluate(() => document.getElementById('f-agenda').removeAttribute('maxlength'));
      await page.fill('#f-agenda', 'a'.repeat(201));
    },
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#f-held_on', '#f-minutes', '#f-mode', '#f-agenda']);
    },
  },
  {
    name: 'home (paired participant: link to the pair page)', user: 'mentor1', path: '/',
    expect: async (page) => {
      const link = page.locator('section[aria-labelledby=h-pair]')
        .getByRole('link', { name: 'Your pair: meetings, notes and check-in' });
      assert.match(await link.getAttribute('href'), new RegExp(`/pairs/${ids.p1}$`));
    },
  },

  // ---- one meeting ----
  {
    name: 'correct or withdraw a meeting', user: 'mentor1', path: () => `/meetings/${ids.waitingPartner}/edit`,
    expect: async (page) => {
      assert.equal(await page.getByRole('button', { name: 'Save the correction' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: 'Withdraw the meeting' }).count(), 1);
    },
  },
  {
    name: 'correct or withdraw a disputed meeting (the partner\'s reason shown)', user: 'mentor1',
    path: () => `/meetings/${ids.disputedBySenior}/edit`,
    expect: async (page) => assert.match(await text(page), new RegExp(REASON_SENIOR)),
  },
  {
    name: 'correct a meeting (with errors: 422)', user: 'mentor1', status: 422,
    path: () => `/meetings/${ids.waitingPartner}/edit`, submit: 'Save the correction',
    clear: ['#f-held_on', '#f-minutes'],
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, ['#f-held_on', '#f-minutes']);
    },
  },
  {
    name: 'confirm or dispute a meeting', user: 'senior1', path: () => `/meetings/${ids.waitingPartner}/answer`,
    expect: async (page) => assert.match(await text(page, 'main dl'), /Date/),
  },
  {
    name: 'dispute a meeting (no reason: 422)', user: 'senior1', status: 422,
    path: () => `/meetings/${ids.waitingPartner}/answer`, submit: 'Dispute the meeting',
    expect: async (page) => assert.match(await text(page, '.error-summary'),
      /Enter why you are disputing the meeting/),
  },

  // ---- private notes ----
  {
    name: 'private notes (empty)', user: 'senior2', path: () => `/pairs/${ids.p2}/notes`,
    expect: async (page) => assert.match(await text(page), /No notes yet/),
  },
  {
    name: 'private notes (with entries)', user: 'senior1', path: () => `/pairs/${ids.p1}/notes?done=note-added`,
    expect: async (page) => assert.equal(await page.locator('article.note').count(), 2),
  },
  {
    name: 'private notes (empty note: 422)', user: 'mentor1', status: 422,
    path: () => `/pairs/${ids.p1}/notes`, submit: 'Add the note',
  },
  {
    name: 'private notes (the pair has ended: no form)', user: 'senior3', path: () => `/pairs/${ids.p3}/notes`,
    expect: async (page) => assert.equal(await page.locator('main form').count(), 0),
  },

  // ---- asking to end ----
  {
    name: 'ask to end the pair', user: 'senior1', path: () => `/pairs/${ids.p1}/end`,
    expect: async (page) => assert.equal(await page.locator('input[name=category]').count(), 4),
  },
  {
    name: 'ask to end the pair (no reason chosen: 422)', user: 'senior1', status: 422,
    path: () => `/pairs/${ids.p1}/end`, submit: 'Send the request',
    expect: async (page) => assert.match(await text(page, '.error-summary'),
      /Select why you would like to end the pair/),
  },

  // ---- the team's table ----
  {
    name: 'pairs table (admin)', user: 'admin', path: () => `/admin/programmes/${ids.year}/pairs`,
    expect: async (page) => {
      assert.equal(await rowsOf(page, 'h-results').count(), 3);
      assert.match(await text(page, 'section[aria-labelledby=h-requests]'), /Priya Shah asked on/);
      assert.match(await text(page, 'div[aria-labelledby=h-results]'), /Asked to end/);
    },
  },
  {
    name: 'pairs table (filtered and sorted)', user: 'admin',
    path: () => `/admin/programmes/${ids.year}/pairs?status=active&pace=behind&q=a&sort=last`,
    expect: async (page) => {
      assert.equal(await page.locator('#f-sort').inputValue(), 'last');
      assert.equal(await page.locator('#f-status').inputValue(), 'active');
    },
  },
  {
    name: 'pairs table (no pairs match)', user: 'admin',
    path: () => `/admin/programmes/${ids.year}/pairs?q=nobody`,
    expect: async (page) => assert.match(await text(page), /No pairs match/),
  },
  {
    name: 'pairs table (page 1 of 2)', user: 'admin', path: () => `/admin/programmes/${ids.large}/pairs`,
    expect: async (page) => {
      assert.equal(await rowsOf(page, 'h-results').count(), 25);
      assert.match(await text(page, 'nav[aria-label="Pages of pairs"]'), /Page 1 of 2/);
    },
  },
  {
    name: 'pairs table (page 2 of 2)', user: 'admin',
    path: () => `/admin/programmes/${ids.large}/pairs?status=&pace=&q=&sort=name&page=2`,
    expect: async (page) => assert.equal(await rowsOf(page, 'h-results').count(), 2),
  },
  {
    name: 'pairs table (facilitator)', user: 'facilitator', path: () => `/admin/programmes/${ids.year}/pairs`,
    expect: async (page) => assert.equal(await rowsOf(page, 'h-results').count(), 3),
  },

  // ---- the team's pair page ----
  {
    name: 'team pair page (open request to end: decline and end forms)', user: 'admin',
    path: () => `/admin/pairs/${ids.p2}`,
    expect: async (page) => {
      assert.match(await text(page, 'section[aria-labelledby=h-request]'), /Asked by\s+Priya Shah/);
      assert.equal(await page.getByRole('button', { name: 'Decline the request' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: 'End the pair' }).count(), 1);
    },
  },
  {
    name: 'team pair page (end form with errors: 422)', user: 'admin', status: 422,
    path: () => `/admin/pairs/${ids.p1}`, submit: 'End the pair',
    expect: async (page) => {
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.equal(links.length, 2);
      assert.ok(links[0].startsWith('#f-category'));
      assert.equal(links[1], '#f-note');
    },
  },
  {
    name: 'team pair page (decline without a reason: 422)', user: 'admin', status: 422,
    path: () => `/admin/pairs/${ids.p2}`, submit: 'Decline the request',
    expect: async (page) => assert.match(await text(page, '.error-summary'), /Enter why the pair continues/),
  },
  {
    name: 'team pair page (ended, with the rematch links)', user: 'admin',
    path: () => `/admin/pairs/${ids.p3}?done=pair-ended`,
    expect: async (page) => {
      assert.equal(await page.getByRole('link', { name: /^Rematch / }).count(), 2);
      assert.match(await text(page, 'section[aria-labelledby=h-pair]'), /The Mentor left the university/);
    },
  },
  {
    name: 'team pair page (facilitator: read only)', user: 'facilitator', path: () => `/admin/pairs/${ids.p1}`,
    expect: async (page) => {
      assert.equal(await page.locator('main form').count(), 0);
      assert.match(await text(page), /2 entries\. Only the two partners can read them/);
    },
  },

  // ---- rematch ----
  {
    name: 'rematch (candidates)', user: 'admin', path: () => `/admin/pairs/${ids.p3}/rematch?side=senior`,
    expect: async (page) => {
      const names = await rowsOf(page, 'h-candidates').locator('td:first-child').allInnerTexts();
      assert.deepEqual(names.sort(), ['Load Tester 61900', 'Mei Chen']);
      assert.equal(await page.getByRole('button', { name: /^Pair them: Claire Evans with / }).count(), 2);
    },
  },
  {
    name: 'rematch (no one to offer)', user: 'admin', path: () => `/admin/pairs/${ids.p3}/rematch?side=mentor`,
    expect: async (page) => assert.match(await text(page), /No one can be offered now/),
  },
];

describe('the pages of the pairs\' year meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;

    // "year": three pairs pinned, Mei Chen accepted and trained but unpaired
    ids.year = await seed.createProgramme(s, { name: YEAR });
    await seed.addToTeam(s, ids.year, 'facilitator', 'facilitator');
    // the Mentor who leaves: a load account (the demo's mentor3 is below the grade)
    [ids.leaver, ids.waiting] = seed.addUsers(s, 2, 61900, 'load').reverse();
    const app = async (user, role, over = {}) => seed.apply(s, user, ids.year, role,
      { ...(role === 'mentor' ? seed.MENTOR_MATCH : seed.SENIOR_MATCH), ...over });
    const apps = {
      mentor1: await app('mentor1', 'mentor'), mentor2: await app('mentor2', 'mentor'),
      mentor3: await app(ids.leaver, 'mentor'),
      mentor4: await app('mentor4', 'mentor', { grade: '8' }),
      senior1: await app('senior1', 'senior'), senior2: await app('senior2', 'senior'),
      senior3: await app('senior3', 'senior'),
    };
    for (const a of Object.values(apps)) {
      await seed.decide(s, a, 'accepted', '');
      await seed.override(s, ids.year, a, 'Trained on an earlier programme.');
    }
    for (const i of [1, 2, 3]) {
      await seed.matchingRule(s, ids.year, apps[`mentor${i}`], apps[`senior${i}`], 'pin', 'Asked for.');
    }
    await seed.runMatching(s, ids.year);
    await seed.publish(s, ids.year);
    // a Mentor on the waiting list (applied before the programme started)
    ids.waitingApp = await app(ids.waiting, 'mentor');
    await seed.decide(s, ids.waitingApp, 'waitlisted', 'Places are full.');
    seed.startedDaysAgo(s, ids.year, 200);
    ids.p1 = seed.pairOf(s, apps.mentor1);
    ids.p2 = seed.pairOf(s, apps.mentor2);
    ids.p3 = seed.pairOf(s, apps.mentor3);

    // p1: a meeting in every status
    const confirmed = await seed.logMeeting(s, 'mentor1', ids.p1,
      { held_on: seed.days(-150), mode: 'in_person', agenda: 'Getting to know each other' });
    await seed.confirmMeeting(s, 'senior1', confirmed, ids.p1);
    ids.waitingMentor = await seed.logMeeting(s, 'senior1', ids.p1,
      { held_on: seed.days(-120), minutes: '45', agenda: 'Career planning' });
    ids.waitingPartner = await seed.logMeeting(s, 'mentor1', ids.p1,
      { held_on: seed.days(-90), mode: 'phone', agenda: 'Sponsorship' });
    ids.disputedBySenior = await seed.logMeeting(s, 'mentor1', ids.p1,
      { held_on: seed.days(-60), minutes: '90' });
    await seed.disputeMeeting(s, 'senior1', ids.disputedBySenior, REASON_SENIOR);
    ids.disputedByMentor = await seed.logMeeting(s, 'senior1', ids.p1, { held_on: seed.days(-30) });
    await seed.disputeMeeting(s, 'mentor1', ids.disputedByMentor, REASON_MENTOR);
    await seed.writeNote(s, 'mentor1', ids.p1, 'We agreed to meet once a month.\nNext: the promotion panel.');
    await seed.writeNote(s, 'senior1', ids.p1, 'Reading list sent after our first meeting.');
    // p2: nothing yet; Priya Shah asked to end it
    await seed.askToEnd(s, 'mentor2', ids.p2, 'incompatible', 'Our diaries never match.');
    // p3: ended early
    const m3 = await seed.logMeeting(s, 'senior3', ids.p3, { held_on: seed.days(-170) });
    await seed.confirmMeeting(s, ids.leaver, m3, ids.p3);
    await seed.endPair(s, ids.p3, 'left', 'The Mentor left the university in October.');

    // "large": 27 pairs
    ids.large = await seed.createProgramme(s, { name: LARGE, capacity_mentor: '40', capacity_senior: '40' });
    const mentors = seed.addUsers(s, 27, 62000, 'load');
    const seniors = seed.addUsers(s, 27, 62000, 'exec');
    for (const [user, role] of [...mentors.map((u) => [u, 'mentor']), ...seniors.map((u) => [u, 'senior'])]) {
      const a = await seed.apply(s, user, ids.large, role);
      await seed.decide(s, a, 'accepted', '');
      await seed.override(s, ids.large, a, 'Trained on an earlier programme.');
    }
    await seed.runMatching(s, ids.large);
    await seed.publish(s, ids.large);
    seed.startedDaysAgo(s, ids.large, 100);
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('pairs', PAGES, shared, totals);
});
