'use strict';
// The spotlight stories' pages (features/stories), checked as a11y.test.js
// checks every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at
// 320 CSS px, skip link and visible focus on every tab stop, title, text
// spacing), each with a check that it shows the state it is meant to: a
// participant's stories (none yet, with the form; the form posted with
// errors), an author's story with the team's edited version to approve, a
// withdrawn story, the team's list and review page, and the staff's page of
// published stories (named, anonymous, a film as a link with its
// transcript, nothing embedded).
//
// One programme is set up over plain HTTP (lib/seed.js), its applicants
// accepted; the stories told, edited and published through the forms.

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

async function post(s, user, p, fields, from = p) {
  const r = await new seed.Client(s, user).post(p, fields, from);
  assert.equal(r.status, 303, `${user} POST ${p}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

const story = (over) => ({
  body: 'The programme changed how I see my own career.', film_url: '', transcript: '',
  shown_as: 'name', 'use-intranet': '1', consent_until: seed.days(365), consent: 'yes',
  ...over,
});

const PAGES = [
  {
    name: 'Your stories, none yet, with the form (Mentor)', user: 'mentor2',
    path: () => `/programmes/${ids.pid}/stories`,
    expect: async (page) => {
      assert.match(await text(page), /You have not told a story yet\./);
      assert.equal(await page.locator('input[name^=use-]').count(), 3);
    },
  },
  {
    name: 'Story form posted with errors', user: 'mentor2', status: 422,
    path: () => `/programmes/${ids.pid}/stories`, submit: 'Save the story',
    expect: async (page) => {
      const links = await summaryLinks(page);
      assert.ok(links.includes('#f-body'), links.join(' '));
      assert.match(await text(page), /no story is kept without it/);
    },
  },
  {
    name: "An author's story with the team's edited version to approve", user: 'mentor1',
    path: () => `/stories/${ids.edited}/mine`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /The programme team's edited version/);
      assert.match(t, /Consent history/);
      assert.equal(await page.getByRole('button', { name: 'Approve the edited version' })
        .count(), 1);
    },
  },
  {
    name: 'A story whose consent was withdrawn', user: 'senior2',
    path: () => `/stories/${ids.withdrawn}/mine?done=story-withdrawn`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Your consent has been withdrawn/);
      assert.match(t, /Give your consent again/);
    },
  },
  {
    name: "The team's stories", user: 'admin',
    path: () => `/admin/programmes/${ids.pid}/stories`,
    expect: async (page) => {
      assert.match(await text(page), /Edited: waiting for the author/);
    },
  },
  {
    name: 'A story under review, publishable', user: 'admin',
    path: () => `/admin/stories/${ids.review}`,
    expect: async (page) => {
      assert.equal(await page.getByRole('button', { name: 'Publish the story' }).count(), 1);
    },
  },
  {
    name: 'The staff page of published stories', user: 'staff1',
    path: () => '/stories',
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /A participant of Reciprocal Mentoring 2026-27/);
      assert.match(t, /Transcript/);
      assert.equal(await page.locator('iframe, video, embed, object').count(), 0);
    },
  },
];

describe('the stories pages meet WCAG 2.1 AA, reflow at 320 px, show focus', () => {
  before(async () => {
    shared.server = server = await new Httpd().start();
    const s = server;
    ids.pid = await seed.createProgramme(s, { name: 'Reciprocal Mentoring 2026-27' });
    for (const [user, role] of [['mentor1', 'mentor'], ['mentor2', 'mentor'],
      ['senior1', 'senior'], ['senior2', 'senior']]) {
      const aid = await seed.apply(s, user, ids.pid, role);
      await seed.decide(s, aid, 'accepted', '');
    }
    const mine = `/programmes/${ids.pid}/stories`;
    const lastId = () => Number(seed.sql(s, 'SELECT max(id) FROM story')[0][0]);
    // Amara Okafor's story, with a film, edited by the team
    await post(s, 'mentor1', mine, story({
      film_url: 'https://video.example.ac.uk/watch/1',
      transcript: 'Amara: I thought I would be the one learning.\nIt turned out we both were.',
    }));
    ids.edited = lastId();
    await post(s, 'admin', `/admin/stories/${ids.edited}/edit`,
      { edit_body: 'The programme changed how I see my career, and how my mentor sees hers.' },
      `/admin/stories/${ids.edited}`);
    // Helen Graham's, anonymous, published
    await post(s, 'senior1', mine, story({ shown_as: 'anonymous',
      film_url: 'https://video.example.ac.uk/watch/2', transcript: 'Who is not in the room?' }));
    const anon = lastId();
    await post(s, 'admin', `/admin/stories/${anon}/publish`, {}, `/admin/stories/${anon}`);
    // Robert Kerr's: consent withdrawn
    await post(s, 'senior2', mine, story({ body: 'Listening first.' }));
    ids.withdrawn = lastId();
    await post(s, 'senior2', `/stories/${ids.withdrawn}/withdraw`, {},
      `/stories/${ids.withdrawn}/mine`);
    // a second one of Amara's, sent as it is: the review page can publish it
    await post(s, 'mentor1', mine, story({ body: 'A second story, sent as it is.' }));
    ids.review = lastId();
    shared.browser = browser = await new Browser().launch();
  });

  pagecheck.pageSuite('stories', PAGES, shared, totals);
});
