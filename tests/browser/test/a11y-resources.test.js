'use strict';
// The resources hub's pages (features/resources), checked as a11y.test.js
// checks every page (lib/pagecheck.js: axe-core WCAG 2.1 A/AA, reflow at
// 320 CSS px, skip link and visible focus on every tab stop, title, text
// spacing), each with a check that it shows the state it is meant to:
// /resources for a member of staff (the first of two pages, a search with
// results and one with none, filtered by kind and topic, page 2), a link's
// page and a file's page with its download link, a programme's page with its
// related resources for a participant, the curators' list (listed and
// withdrawn rows), the add form (empty; posted empty, 422), a file
// resource's edit form with the withdraw button and a withdrawn one's with
// the restore button.
//
// Set up over plain HTTP (lib/seed.js): a programme with mentor1 accepted;
// 25 resources added through the multipart form (20 fillers, a link, an
// uploaded PDF, a film related to the programme for everyone, a link for the
// programme's participants only, one withdrawn).

const { describe, it, before } = require('node:test');
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
const PROGRAMME = 'Reciprocal Mentoring 2026-27';
const PDF_NAME = 'race-equality-report-2026.pdf';
const PDF = seed.pdfBytes('a11y');
const FILLERS = 20;

const text = async (page, sel = 'main') => (await page.locator(sel).innerText());
const titles = (page) => page.locator('main li.resource h3').allInnerTexts();
const summaryLinks = (page) => page.locator('.error-summary a')
  .evaluateAll((as) => as.map((a) => a.getAttribute('href')));

const PAGES = [
  {
    name: 'Resources, page 1 of 2 (staff)', user: 'staff1', path: '/resources',
    expect: async (page) => {
      // fillers, the link, the file and the related film: 23 for staff1
      assert.equal(await page.locator('#h-results').innerText(), `${FILLERS + 3} resources`);
      const t = await titles(page);
      assert.equal(t.length, 20);
      assert.equal(t[0], 'Talking about race at work', 'the newest first');
      assert.ok(t.includes('Race equality report 2026'), t.join(' | '));
      assert.ok(!t.includes('Cohort reading list'), 'not for staff1');
      assert.ok(!t.includes('Superseded guidance 2019'), 'withdrawn');
      assert.equal(await page.getByRole('link', { name: 'Next page' }).count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Manage the resources' }).count(), 0);
    },
  },
  {
    name: 'Resources, a search with results (staff)', user: 'staff1',
    path: '/resources?q=recruitment',
    expect: async (page) => {
      assert.equal(await page.locator('#h-results').innerText(), '1 resource matches');
      assert.deepEqual(await titles(page), ['Inclusive recruitment guidance']);
      assert.equal(await page.getByLabel('Words to look for').inputValue(), 'recruitment');
    },
  },
  {
    name: 'Resources, a search with no match (staff)', user: 'staff1',
    path: '/resources?q=zebracrossing',
    expect: async (page) => {
      assert.equal(await page.locator('#h-results').innerText(), '0 resources match');
      assert.match(await text(page), /No resources match\. Try fewer words/);
      assert.equal(await page.locator('main li.resource').count(), 0);
    },
  },
  {
    name: 'Resources, filtered by kind and topic (staff)', user: 'staff1',
    path: '/resources?kind=film&topic=anti-racism',
    expect: async (page) => {
      assert.deepEqual(await titles(page), ['Talking about race at work']);
      assert.equal(await page.getByLabel('Kind').inputValue(), 'film');
      assert.equal(await page.getByLabel('Topic').inputValue(), 'anti-racism');
      const item = await page.locator('main li.resource').innerText();
      assert.match(item, /^Talking about race at work\s+Film, added [^\n]+\s+Colleagues talk about race at work\.\s+Topics: anti-racism, conversations$/);
    },
  },
  {
    name: 'Resources, page 2 (staff)', user: 'staff1', path: '/resources?page=2',
    expect: async (page) => {
      // the three oldest fillers
      assert.deepEqual(await titles(page), ['Reading 3', 'Reading 2', 'Reading 1']);
      assert.equal(await page.getByRole('link', { name: 'Previous page' }).count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Next page' }).count(), 0);
    },
  },
  {
    name: "A link's page (staff)", user: 'staff1', path: () => `/resources/${ids.link}`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Kind\s+Guidance/);
      assert.match(t, /Topics\s+recruitment, anti-racism/);
      assert.match(t, /Shortlisting panels and job adverts that welcome everyone\./);
      const a = page.getByRole('link', {
        name: 'Open Inclusive recruitment guidance (on its own site)' });
      assert.equal(await a.getAttribute('href'), 'https://guidance.example.ac.uk/recruitment');
      assert.equal(await page.getByRole('link', { name: 'Edit this resource' }).count(), 0);
    },
  },
  {
    name: "A file's page, with its download link (staff)", user: 'staff1',
    path: () => `/resources/${ids.file}`,
    expect: async (page) => {
      assert.match(await page.locator('#h-open').innerText(), /^Download$/);
      const a = page.getByRole('link',
        { name: `Download ${PDF_NAME} (PDF, ${PDF.length} bytes)` });
      assert.match(await a.getAttribute('href'), new RegExp(`/resources/${ids.file}/file$`));
    },
  },
  {
    name: "The programme's page with its related resources (participant)", user: 'mentor1',
    path: () => `/programmes/${ids.pid}`,
    expect: async (page) => {
      const sec = page.locator('[aria-labelledby="h-related"]');
      assert.equal(await page.locator('#h-related').innerText(), 'Related resources');
      const t = await sec.locator('li.resource h3').allInnerTexts();
      assert.deepEqual(t.sort(), ['Cohort reading list', 'Talking about race at work']);
      assert.equal(await sec.getByRole('link', { name: 'All the resources' }).count(), 1);
    },
  },
  {
    name: "The curators' list, listed and withdrawn (admin)", user: 'admin',
    path: '/admin/resources',
    expect: async (page) => {
      assert.equal(await page.locator('#h-all').innerText(), `${FILLERS + 5} resources`);
      const row = (title) => page.locator('main tbody tr').filter({ hasText: title });
      const cells = async (title) => (await row(title).locator('td').allInnerTexts())
        .map((s) => s.trim());
      const w = await cells('Superseded guidance 2019');
      assert.equal(w[4], 'Withdrawn');
      assert.equal(await row('Superseded guidance 2019').locator('td').first().locator('a').count(), 0,
        'a withdrawn title is not a link');
      const c = await cells('Cohort reading list');
      assert.deepEqual([c[1], c[2], c[4]],
        ['Toolkit', `The participants and team of ${PROGRAMME}`, 'Listed']);
      assert.equal(await page.getByRole('link', { name: 'Edit Cohort reading list' }).count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Add a resource' }).count(), 1);
    },
  },
  {
    name: 'Add a resource, empty (admin)', user: 'admin', path: '/admin/resources/new',
    expect: async (page) => {
      assert.equal(await page.locator('main form[enctype="multipart/form-data"]').count(), 1);
      assert.ok(await page.getByLabel('A link to a page elsewhere').isChecked());
      assert.ok(await page.getByLabel('Every member of staff').isChecked());
      assert.match(await page.getByLabel('File', { exact: true }).getAttribute('accept'), /\.pdf/);
      const opts = await page.getByLabel('Programme').locator('option').allInnerTexts();
      assert.ok(opts.includes(PROGRAMME), opts.join(' | '));
    },
  },
  {
    name: 'Add a resource, posted empty (admin)', user: 'admin', status: 422,
    path: '/admin/resources/new', submit: 'Add the resource',
    expect: async (page) => {
      assert.deepEqual(await summaryLinks(page), ['#f-title', '#f-kind', '#f-url']);
      assert.equal(await page.locator('main form[enctype="multipart/form-data"]').count(), 1);
    },
  },
  {
    name: 'Edit a file resource, with the withdraw button (admin)', user: 'admin',
    path: () => `/admin/resources/${ids.file}`,
    expect: async (page) => {
      const t = await text(page);
      assert.match(t, /Listed: shown to its audience\./);
      assert.match(t, new RegExp(`The current file is ${PDF_NAME.replace(/\./g, '\\.')} \\(PDF`));
      assert.equal(await page.getByLabel('Title').inputValue(), 'Race equality report 2026');
      assert.ok(await page.getByLabel('A file uploaded here').isChecked());
      assert.equal(await page.getByRole('button', { name: 'Withdraw the resource' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: 'Restore the resource' }).count(), 0);
    },
  },
  {
    name: "A withdrawn resource's edit form, with the restore button (admin)", user: 'admin',
    path: () => `/admin/resources/${ids.withdrawn}?done=resource-withdrawn`,
    expect: async (page) => {
      assert.match(await text(page), /Withdrawn: neither listed nor served\./);
      assert.match(await page.getByRole('status').innerText(), /has been withdrawn/);
      assert.equal(await page.getByRole('button', { name: 'Restore the resource' }).count(), 1);
      assert.equal(await page.getByRole('button', { name: 'Withdraw the resource' }).count(), 0);
    },
  },
];

describe('the resources hub meets WCAG 2.1 AA, reflows at 320 px, shows focus', () => {
  before(async () => {
    const t0 = Date.now();
    shared.server = server = await new Httpd().start();
    const s = server;
    ids.pid = await seed.createProgramme(s, { name: PROGRAMME });
    const aid = await seed.apply(s, 'mentor1', ids.pid, 'mentor');
    await seed.decide(s, aid, 'accepted', '');
    const kinds = ['toolkit', 'guidance', 'link'];
    for (let i = 1; i <= FILLERS; i++) {
      await seed.addResource(s, {
        title: `Reading ${i}`, kind: kinds[i % 3], topics: 'allyship, leadership',
        description: `Filler number ${i}.`, url: `https://www.example.ac.uk/reading/${i}`,
      });
    }
    ids.withdrawn = await seed.addResource(s, { title: 'Superseded guidance 2019',
      kind: 'guidance', topics: 'allyship' });
    await seed.withdrawResource(s, ids.withdrawn);
    ids.link = await seed.addResource(s, {
      title: 'Inclusive recruitment guidance', kind: 'guidance',
      topics: 'Recruitment, Anti-racism',
      description: 'Shortlisting panels and job adverts that welcome everyone.',
      url: 'https://guidance.example.ac.uk/recruitment',
    });
    ids.file = await seed.addResource(s, {
      title: 'Race equality report 2026', kind: 'report', topics: 'race equality, data',
      description: 'The sector\'s figures.\nWhat they mean for us.',
    }, { name: PDF_NAME, data: PDF, type: 'application/pdf' });
    ids.prog = await seed.addResource(s, {
      title: 'Cohort reading list', kind: 'toolkit', topics: 'allyship',
      audience: 'programme', programme: String(ids.pid),
    });
    ids.film = await seed.addResource(s, {
      title: 'Talking about race at work', kind: 'film', topics: 'anti-racism, conversations',
      description: 'Colleagues talk about race at work.',
      programme: String(ids.pid), url: 'https://video.example.ac.uk/watch/7',
    });
    // added within one second: the newest first by id, as the pages order them
    shared.browser = browser = await new Browser().launch();
    console.log(`# a11y (resources) set up in ${Date.now() - t0} ms`);
  });

  it('the seeds: a programme-only resource is 404 to staff outside it', async () => {
    const staff = new seed.Client(server, 'staff1');
    assert.equal((await staff.get(`/resources/${ids.prog}`)).status, 404);
    assert.equal((await staff.get(`/resources/${ids.withdrawn}`)).status, 404);
    assert.equal((await new seed.Client(server, 'mentor1').get(`/resources/${ids.prog}`)).status, 200);
  });

  pagecheck.pageSuite('resources', PAGES, shared, totals);
});
