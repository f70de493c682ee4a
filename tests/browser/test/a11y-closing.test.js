'use strict';
// The pages of the close of the year (features/closing), checked as
// a11y.test.js checks every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA,
// reflow at 320 CSS px, skip link and visible focus on every tab stop, title,
// text spacing), each with a check of what the state shows:
//   the end-of-programme event: not set up; set up, with the reply form;
//   replied; the admin's setup form; the setup posted empty (422); a yes when
//   every place is taken (409); a facilitator's read-only view (no access
//   needs); the admin's page on the event day with the attendance form; a
//   participant's page after the day;
//   the evaluation: upcoming; open, the form; posted with errors (422);
//   answered; closed, read only; the admin's questions form; the questions
//   posted with errors (422); a facilitator's view; the admin's response rates;
//   reflective learning: my entries (none; some), the entry form posted empty
//   (422), an entry's edit form, the cohort's shared entries, the digest, the
//   admin's learning page with its digest buttons, and someone of staff in no
//   programme.
//
// Five programmes are set up over plain HTTP (lib/seed.js), published, and
// put in their year with seed.sql(): "Not set up" (mid-year, no event, the
// evaluation upcoming), "Event" (mid-year, an event of one place, the
// reflections), "Event day" (the event is today), "Ended" (the programme's
// last day was five days ago: the evaluation is open, the event was two days
// ago) and "Closed" (the evaluation closed months ago).

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
const summaryLinks = (page) => page.locator('.error-summary a')
  .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
const postForms = (page) => page.locator('main form[method=post]').count();

const ACCESS = 'Step-free access and a hearing loop, please.';
const ACCESS_DAY = 'A seat near the front.';
const EVENT = {
  date: seed.days(30), starts: '14:00', ends: '17:00', place: 'Great Hall, Main Building',
  link: '', capacity: '1', details: 'Talks from the cohort, then tea.',
};
const ANSWERS = {
  q1: '5', q2: '4', q3: '5', q4: '3', q5: '4',
  q6: 'Meeting an executive who listened.', q7: '', q8: '',
};

async function post(user, p, fields, from = p) {
  const r = await new seed.Client(server, user).post(p, fields, from);
  assert.equal(r.status, 303, `${user} POST ${p}: ${r.status} ${r.text.slice(0, 400)}`);
}

function personId(user) {
  const rows = seed.sql(server, `SELECT id FROM person WHERE principal = '${user}' OR principal LIKE '${user}@%';`);
  assert.equal(rows.length, 1, `person ${user}`);
  return rows[0][0];
}

/** A published programme of the pairs given ([mentor, senior, mentor's
 *  overrides]), its facilitator on the team, started startDaysAgo days ago. */
async function cohort(name, pairs, startDaysAgo) {
  const s = server;
  const pid = await seed.createProgramme(s, { name });
  await seed.addToTeam(s, pid, 'facilitator', 'facilitator');
  const apps = [];
  for (const [mentor, senior, over] of pairs) {
    const m = await seed.apply(s, mentor, pid, 'mentor', { ...seed.MENTOR_MATCH, ...(over || {}) });
    const sn = await seed.apply(s, senior, pid, 'senior', seed.SENIOR_MATCH);
    for (const a of [m, sn]) {
      await seed.decide(s, a, 'accepted', '');
      await seed.override(s, pid, a, 'Trained on an earlier programme.');
    }
    apps.push([m, sn]);
  }
  for (const [m, sn] of apps) await seed.matchingRule(s, pid, m, sn, 'pin');
  await seed.runMatching(s, pid);
  await seed.publish(s, pid);
  seed.startedDaysAgo(s, pid, startDaysAgo);
  return pid;
}

const PAGES = [
  // ---- the end-of-programme event ----------------------------------------------
  {
    name: 'Event not set up yet (participant)', user: 'mentor4',
    path: () => `/programmes/${ids.notSet}/end-event`,
    expect: async (page) => {
      assert.match(await text(page), /The programme team has not set up the event yet\. It is planned for \d+ \w+ \d{4}\./);
      assert.equal(await postForms(page), 0);
    },
  },
  {
    name: 'Event set up, the reply form (participant)', user: 'senior1',
    path: () => `/programmes/${ids.event}/end-event`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Great Hall, Main Building/);
      assert.match(t, /When\s+\d+ \w+ \d{4}, 2pm to 5pm/);
      assert.match(t, /The only place is taken/);
      assert.equal(await page.getByRole('heading', { name: 'Will you come?' }).count(), 1);
      assert.equal(await page.locator('input[name=answer]').count(), 3);
      assert.equal(await page.getByLabel('Access needs').inputValue(), '');
      assert.equal(await page.getByRole('button', { name: 'Send my reply' }).count(), 1);
    },
  },
  {
    name: 'Event replied (participant, saved notice)', user: 'mentor1',
    path: () => `/programmes/${ids.event}/end-event?done=event-reply`,
    expect: async (page) => {
      assert.match(await page.getByRole('status').innerText(), /your reply has been saved/);
      assert.match(await text(page), /You replied: Coming\./);
      assert.ok(await page.locator('#f-answer').isChecked(), 'yes is chosen');
      assert.equal(await page.getByLabel('Access needs').inputValue(), ACCESS);
      assert.equal(await page.getByRole('button', { name: 'Save my reply' }).count(), 1);
    },
  },
  {
    name: 'Event setup form (admin, not set up)', user: 'admin',
    path: () => `/admin/programmes/${ids.notSet}/end-event`,
    expect: async (page) => {
      assert.match(await text(page), /Set up the event so that participants can reply/);
      assert.equal(await page.getByLabel('Starts at').inputValue(), '');
      assert.equal(await page.getByRole('button', { name: 'Save the event' }).count(), 1);
      assert.match(await text(page), /Participants\s+2\b/);
    },
  },
  {
    name: 'Event setup posted empty (errors)', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.notSet}/end-event`, submit: 'Save the event',
    clear: ['#f-date', '#f-capacity'],
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-date', '#f-starts', '#f-ends', '#f-place', '#f-capacity']);
      assert.match(await page.locator('#f-place-error').innerText(), /Enter a place, an online link, or both/);
    },
  },
  {
    name: 'Event full: a yes when every place is taken (409)', user: 'mentor2', status: 409,
    path: () => `/programmes/${ids.event}/end-event`, submit: 'Send my reply',
    before: async (page) => {
      await page.locator('#f-answer').check();
    },
    expect: async (page) => {
      assert.equal((await page.locator('h1').innerText()).trim(), 'The event is full');
      assert.match(await text(page), /The only place at the event is taken, so your yes was not saved/);
    },
  },
  {
    name: 'Event replies, read only (facilitator)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.event}/end-event`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Great Hall, Main Building/);
      assert.match(t, /Amara Okafor\s+Mentor\s+Coming/);
      assert.ok(!t.includes(ACCESS), 'no access needs for a facilitator');
      assert.equal(await page.getByRole('columnheader', { name: 'Access needs' }).count(), 0);
      assert.equal(await postForms(page), 0);
    },
  },
  {
    name: 'Event day: replies and the attendance form (admin)', user: 'admin',
    path: () => `/admin/programmes/${ids.today}/end-event`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, new RegExp(`Coming\\s+${ACCESS_DAY.replace(/\./g, '\\.')}\\s+Not recorded`));
      assert.equal(await page.getByRole('heading', { name: 'Record attendance' }).count(), 1);
      assert.equal(await page.locator('select[name^="att-"]').count(), 2);
      assert.equal(await page.getByRole('button', { name: 'Save attendance' }).count(), 1);
    },
  },
  {
    name: 'Event after the day (participant, attendance recorded)', user: 'load70002',
    path: () => `/programmes/${ids.ended}/end-event`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Your reply\s+Coming/);
      assert.match(t, /recorded that you attended/);
      assert.equal(await postForms(page), 0);
    },
  },
  // ---- the evaluation ---------------------------------------------------------
  {
    name: 'Evaluation upcoming (participant)', user: 'mentor4',
    path: () => `/programmes/${ids.notSet}/evaluation`,
    expect: async (page) => {
      assert.match(await text(page), /The evaluation opens on \d+ \w+ \d{4}, the programme's last day/);
      assert.match(await text(page), /You will be asked 8 questions/);
      assert.equal(await postForms(page), 0);
    },
  },
  {
    name: 'Evaluation open, the form (participant)', user: 'exec70002',
    path: () => `/programmes/${ids.ended}/evaluation`,
    expect: async (page) => {
      assert.match(await text(page), /The evaluation is open until/);
      assert.equal(await page.locator('input[type=radio][name^=q]').count(), 25);
      assert.equal(await page.locator('textarea[name^=q]').count(), 3);
      assert.equal(await page.getByRole('button', { name: 'Send my evaluation' }).count(), 1);
    },
  },
  {
    name: 'Evaluation posted with errors', user: 'exec70002', status: 422,
    path: () => `/programmes/${ids.ended}/evaluation`, submit: 'Send my evaluation',
    before: async (page) => {
      await page.getByLabel('What would you change for the next cohort?').fill('More joint sessions.');
    },
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-q1', '#f-q2', '#f-q3', '#f-q4', '#f-q5']);
      assert.equal(await page.getByLabel('What would you change for the next cohort?').inputValue(),
        'More joint sessions.');
    },
  },
  {
    name: 'Evaluation answered (participant, saved notice)', user: 'load70002',
    path: () => `/programmes/${ids.ended}/evaluation?done=eval-saved`,
    expect: async (page) => {
      assert.match(await page.getByRole('status').innerText(), /your evaluation has been saved/);
      assert.match(await text(page), /You answered on/);
      assert.ok(await page.locator('input[name=q1][value="5"]').isChecked());
      assert.equal(await page.getByRole('button', { name: 'Save my changes' }).count(), 1);
    },
  },
  {
    name: 'Evaluation closed, own answers read only', user: 'load70004',
    path: () => `/programmes/${ids.closed}/evaluation`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /The evaluation closed on/);
      assert.match(t, /Overall, how valuable was the programme to you\?\s+5: Extremely/);
      assert.match(t, /Meeting an executive who listened\./);
      assert.equal(await postForms(page), 0);
    },
  },
  {
    name: 'Evaluation questions form (admin, before it opens)', user: 'admin',
    path: () => `/admin/programmes/${ids.notSet}/evaluation`,
    expect: async (page) => {
      assert.match(await text(page), /These are the default questions/);
      assert.equal(await page.locator('#f-w1').inputValue(), 'Overall, how valuable was the programme to you?');
      assert.equal(await page.getByRole('button', { name: 'Save the questions' }).count(), 1);
    },
  },
  {
    name: 'Evaluation questions posted with errors', user: 'admin', status: 422,
    path: () => `/admin/programmes/${ids.notSet}/evaluation`, submit: 'Save the questions',
    clear: ['#f-w2'],
    before: async (page) => {
      await page.getByLabel('Wording of the new question').fill('Would you recommend the programme?');
    },
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-w2', '#f-new_kind']);
    },
  },
  {
    name: 'Evaluation questions, read only (facilitator)', user: 'facilitator',
    path: () => `/admin/programmes/${ids.notSet}/evaluation`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /The programme's admins can change the wording until the evaluation opens/);
      assert.equal(await page.locator('main ol li').count(), 8);
      assert.equal(await postForms(page), 0);
    },
  },
  {
    name: 'Evaluation response rates (admin, open)', user: 'admin',
    path: () => `/admin/programmes/${ids.ended}/evaluation`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /All participants\s+2\s+1\s+50%/);
      assert.match(t, /its questions can no longer change/);
      assert.equal(await postForms(page), 0);
    },
  },
  // ---- reflective learning ------------------------------------------------------
  {
    name: 'My reflections, none yet', user: 'senior1', path: '/reflections',
    expect: async (page) => {
      assert.match(await text(page), /You have not written any entries yet/);
      assert.ok(await page.locator('#f-visibility').isChecked(), 'Only me is chosen');
    },
  },
  {
    name: 'My reflections, with entries', user: 'mentor1', path: '/reflections?done=reflection-added',
    expect: async (page) => {
      assert.match(await page.getByRole('status').innerText(), /Your reflection has been saved/);
      const arts = page.locator('article.reflection');
      assert.equal(await arts.count(), 2);
      assert.match(await text(page), /Shared with the cohort, in the learning digest\./);
      assert.match(await text(page), /Only me\./);
      assert.equal(await page.getByRole('link', { name: /^Change or delete / }).count(), 2);
    },
  },
  {
    name: 'Reflection form posted empty (errors)', user: 'senior1', status: 422,
    path: '/reflections', submit: 'Save the entry',
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-title', '#f-body']);
    },
  },
  {
    name: 'Reflection edit form', user: 'mentor1',
    path: () => `/reflections/${ids.cohortEntry}/edit`,
    expect: async (page) => {
      assert.equal(await page.getByLabel('Title').inputValue(), 'What listening taught me');
      assert.ok(await page.locator('#f-visibility-cohort').isChecked());
      assert.equal(await page.getByRole('button', { name: 'Delete the entry' }).count(), 1);
    },
  },
  {
    name: 'What the cohort shares (participant)', user: 'senior1',
    path: () => `/programmes/${ids.event}/learning`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /What listening taught me/);
      assert.match(t, /Robert Kerr, .*Offered for the sector\./);
      assert.ok(!t.includes('Only for me'), 'no private entry');
      assert.equal(await page.locator('article.reflection').count(), 2);
    },
  },
  {
    name: 'Learning digest (participant)', user: 'senior1',
    path: () => `/programmes/${ids.event}/digest`,
    expect: async (page) => {
      assert.equal(await page.locator('article.reflection').count(), 1);
      assert.match(await text(page), /What listening taught me/);
      assert.match(await text(page), /Amara Okafor, /);
    },
  },
  {
    name: 'Reflective learning with the digest buttons (admin)', user: 'admin',
    path: () => `/admin/programmes/${ids.event}/learning`,
    expect: async (page) => {
      assert.equal(await page.getByRole('button', { name: 'Take out of the digest: What listening taught me' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: 'Add to the digest: Whom the committees hear' }).count(), 1);
      assert.ok(!(await text(page)).includes('Only for me'));
    },
  },
  {
    name: 'Reflections of someone in no programme (staff)', user: 'staff1', path: '/reflections',
    expect: async (page) => {
      assert.match(await text(page), /Reflective learning is for the participants of a programme/);
      assert.equal(await postForms(page), 0);
    },
  },
];

describe('the close of the year\'s pages meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;
    seed.addUsers(s, 4, 70001, 'load');
    seed.addUsers(s, 4, 70001, 'exec');
    ids.notSet = await cohort('Not set up 2026-27', [['mentor4', 'senior3', { grade: '8' }]], 200);
    ids.event = await cohort('Reciprocal Mentoring 2026-27',
      [['mentor1', 'senior1'], ['mentor2', 'senior2']], 200);
    ids.today = await cohort('Event day 2026-27', [['load70001', 'exec70001']], 200);
    ids.ended = await cohort('Ended 2025-26', [['load70002', 'exec70002']], 370);
    ids.closed = await cohort('Closed 2024-25', [['load70003', 'exec70003'], ['load70004', 'exec70004']], 370);

    // "Event": one place, taken by Amara Okafor (with access needs)
    await post('admin', `/admin/programmes/${ids.event}/end-event`, EVENT);
    await post('mentor1', `/programmes/${ids.event}/end-event`, { answer: 'yes', access_needs: ACCESS });
    // "Event day": replied before the day, which is today
    await post('admin', `/admin/programmes/${ids.today}/end-event`, { ...EVENT, capacity: '0' });
    await post('load70001', `/programmes/${ids.today}/end-event`, { answer: 'yes', access_needs: ACCESS_DAY });
    seed.sql(s, `UPDATE programme SET end_event_date = '${seed.days(0)}' WHERE id = ${ids.today};`);
    // "Ended": the event two days ago, attended; one evaluation answered
    await post('admin', `/admin/programmes/${ids.ended}/end-event`, { ...EVENT, date: seed.days(5), capacity: '0' });
    await post('load70002', `/programmes/${ids.ended}/end-event`, { answer: 'yes', access_needs: '' });
    seed.sql(s, `UPDATE programme SET end_event_date = '${seed.days(-2)}' WHERE id = ${ids.ended};`);
    await post('admin', `/admin/programmes/${ids.ended}/end-event/attendance`,
      { [`att-${personId('load70002')}`]: '1', [`att-${personId('exec70002')}`]: '' },
      `/admin/programmes/${ids.ended}/end-event`);
    await post('load70002', `/programmes/${ids.ended}/evaluation`, ANSWERS);
    // "Closed": answered while open, then closed months ago
    await post('load70004', `/programmes/${ids.closed}/evaluation`, ANSWERS);
    seed.startedDaysAgo(s, ids.closed, 500);

    // reflections in "Event": a private and a cohort entry of Amara Okafor's,
    // one for the sector of Robert Kerr's; the cohort one in the digest
    const entry = async (user, title, visibility, body) => {
      await post(user, '/reflections', { programme: String(ids.event), title, body, visibility });
      return seed.sql(s, `SELECT id FROM reflection WHERE title = '${title}';`)[0][0];
    };
    await entry('mentor1', 'Only for me', 'private', 'What I am not ready to share.');
    ids.cohortEntry = await entry('mentor1', 'What listening taught me', 'cohort',
      'Helen asked more than she told. I will do the same with my team.');
    await entry('senior2', 'Whom the committees hear', 'sector',
      'Priya showed me how rarely our committees hear from staff like her.');
    await post('admin', `/admin/programmes/${ids.event}/learning`,
      { reflection: String(ids.cohortEntry), digest: '1' });
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('closing', PAGES, shared, totals);
});
