// End-to-end: the service on a free port with a fresh SQLite database, driven
// in Debian's headless Chromium as a person would, with axe-core on every page.
//   node run.mjs            (after `cargo build`; .ci/run does both)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { startProvider } from './oidc-provider.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.PORTEFOLJE_BIN ?? join(root, 'target', 'debug', 'portefolje');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'Demo-Portefolje-2022';
const PM = 'peter.holm@albertslund.dk';
const COUNCIL = 'mette.kjaer@albertslund.dk';
const CHEFFORUM = 'rene.dalsgaard@albertslund.dk';
const ADMIN = 'kent.bruun@albertslund.dk';

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), 'portefolje-e2e-'));
const service = spawn(binary, [], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`, PORT: String(port), RUST_LOG: 'warn' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
for (let i = 0; ; i++) {
  try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* starting */ }
  if (i > 100) throw new Error('the service did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

let failures = 0;
const results = [];
async function check(name, fn) {
  if (process.env.E2E_TRACE) console.log(`… ${name}`);
  try { await fn(); results.push(`ok   ${name}`); } catch (e) { failures++; results.push(`FAIL ${name}\n     ${e.stack ?? e}`); }
}

/** Zero axe-core violations against WCAG 2.1 A and AA, and no sideways scrolling at 375 px. */
async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const summary = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(summary, [], `axe on ${label}`);
  await fitsAPhone(page, label);
  audited.add(label);
}
const audited = new Set();

async function signIn(context, email) {
  const page = await context.newPage();
  await page.goto(`${base}/log-ind`);
  // The keyboard alone: the e-mail field, Tab to the password, Enter to submit.
  await page.focus('#email');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.keyboard.press('Enter')]);
  return page;
}

const redCount = async (page, parameter) => Number(await page.locator(`a[href$="#roede-${parameter}"] .count`).innerText());

await check('sign-in page and a failed sign-in', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/`);
  assert.equal(new URL(page.url()).pathname, '/log-ind');
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  await axe(page, 'Log ind');
  await page.fill('#email', PM);
  await page.fill('#password', 'forkert');
  await page.click('button[type=submit]');
  assert.match(await page.locator('.error-summary').innerText(), /E-mail eller adgangskode er forkert/);
  await axe(page, 'Log ind med fejl');
  await context.close();
});

await check('a project manager reports red on tid, with the keyboard, and the report and dashboard follow', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await signIn(context, PM);
  const first = page.locator('main h2').first();
  assert.equal(await first.innerText(), 'Mine projekter');
  await axe(page, 'Forside (projektleder)');
  const before = await redCount(page, 'tid');

  await Promise.all([page.waitForURL(/\/status\/2022Q3$/), page.click('text=Indrapportér status for Vandstandsmåling')]);
  await axe(page, 'Indrapportér status');
  // Red on tid without a comment: refused, and the message says so.
  // Radio groups by keyboard: Space checks the focused option, arrows move and check.
  for (const group of ['ressourcer', 'leverancer', 'okonomi']) {
    await page.focus(`#${group}`);
    await page.keyboard.press('Space');
  }
  await page.focus('#tid');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.isChecked('input[name=tid][value=red]'), true);
  assert.equal(await page.isChecked('input[name=ressourcer][value=green]'), true);
  await page.fill('#tid_kommentar', '');
  await page.getByRole('button', { name: 'Indsend status' }).press('Enter');
  const summary = page.locator('.error-summary');
  assert.match(await summary.innerText(), /Tid er rød: skriv i kommentaren, hvorfor/);
  await axe(page, 'Indrapportér status med fejl');
  // The summary links to the field.
  await summary.locator('a[href="#tid_kommentar"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tid_kommentar');
  await page.keyboard.type('Sensorerne er forsinket hos leverandøren');
  await Promise.all([page.waitForURL(/kvittering$/), page.getByRole('button', { name: 'Indsend status' }).press('Enter')]);
  assert.match(await page.locator('h1').innerText(), /status for Vandstandsmåling er modtaget/);
  await axe(page, 'Kvittering');

  await page.goto(`${base}/kvartalsrapport/2022Q3`);
  const tid = page.locator('#roede-tid');
  assert.match(await tid.innerText(), /Vandstandsmåling/);
  assert.match(await page.locator('#roede-tid caption').innerText(), /Røde projekter ift\. tid/);
  await axe(page, 'Kvartalsrapport');
  await page.goto(`${base}/?kvartal=2022Q3`);
  assert.equal(await redCount(page, 'tid'), before + 1);

  // Filter the portfolio by a red parameter.
  await page.goto(`${base}/portefoelje?kvartal=2022Q3`);
  await page.selectOption('#f-roed', 'tid');
  await Promise.all([page.waitForURL(/roed=tid/), page.click('text=Vis projekter')]);
  const rows = await page.locator('table.portfolio tbody tr').allInnerTexts();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /Vandstandsmåling/);
  assert.match(rows[0], /rød/);
  await axe(page, 'Porteføljen');

  // Download the XLSX.
  await page.goto(`${base}/kvartalsrapport/2022Q3`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Excel (XLSX)')]);
  assert.equal(download.suggestedFilename(), 'projektportefoelje-2022Q3.xlsx');
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  await context.close();
});

await check('Chefforum sees the red projects from the front page in one click', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, CHEFFORUM);
  await page.selectOption('#kvartal', '2022Q1');
  await Promise.all([page.waitForURL(/kvartal=2022Q1/), page.click('.picker button')]);
  // A head of department in Chefforum owns projects and reports on them.
  assert.equal(await page.locator('text=Mine projekter').count(), 1);
  await axe(page, 'Forside (Chefforum)');
  await page.click('a[href$="#roede-leverancer"]');
  const table = await page.locator('#roede-leverancer').innerText();
  for (const name of ['Fælleskommunal Grunddata-programmer', 'NemRefusion', 'PARK Manager', 'Reflective IDM', 'Telemedicin til borgere med KOL (TeleKOL)']) {
    assert.match(table, new RegExp(name.replace(/[()]/g, '\\$&')));
  }
  await page.goto(`${base}/manglende/2022Q1`);
  assert.match(await page.locator('main').innerText(), /Process Suite/);
  assert.equal(await page.locator('a[href^="mailto:"]').count(), 0, 'reminders are sent by the service, not by hand');
  await axe(page, 'Manglende indrapporteringer');
  await page.click('text=Tilgængelighedserklæring');
  await axe(page, 'Tilgængelighedserklæring');
  await page.goto(`${base}/findes-ikke`);
  assert.match(await page.locator('h1').innerText(), /Siden findes ikke/);
  await axe(page, '404');
  await context.close();
});

await check('the council opens a project, its form, and the new-project form', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, COUNCIL);
  await page.goto(`${base}/portefoelje?kvartal=2022Q1&tekst=PARK`);
  await page.click('text=PARK Manager');
  assert.match(await page.locator('main').innerText(), /Statushistorik/);
  assert.match(await page.locator('main').innerText(), /Historik/);
  await axe(page, 'Projekt');
  await page.click('text=Ret projekt');
  await axe(page, 'Projekt ret');
  await page.goto(`${base}/projekter/ny`);
  await page.fill('#name', '');
  await page.fill('#budget', '-5');
  await page.click('text=Gem projektet');
  assert.match(await page.locator('.error-summary').innerText(), /Skriv projektets navn/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fejl', 'focus on the error summary');
  await axe(page, 'Projekt opret med fejl');
  await context.close();
});

/** Create a person on the administration pages, give a role; the one-time password link. */
async function newPerson(page, origin, name, email, role) {
  await page.goto(`${origin}/administration/personer/ny`);
  await page.fill('#name', name);
  await page.fill('#email', email);
  await Promise.all([page.waitForURL(/handling=oprettet/), page.click('text=Gem personen')]);
  await page.click(`main table a:has-text("${name}")`);
  await page.selectOption('#role', role);
  await Promise.all([page.waitForURL(/handling=rolle/), page.click('text=Skift rolle')]);
  return linkFor(page, origin, name);
}

/** The one-time password link the administrator makes on a person's page. */
async function linkFor(page, origin, name) {
  await page.goto(`${origin}/administration/personer`);
  await page.click(`main table a:has-text("${name}")`);
  await axe(page, 'Ret person med adgang');
  await page.click('button:has-text("Lav engangslink")');
  assert.match(await page.locator('main').innerText(), /Det vises kun denne ene gang/);
  await axe(page, 'Engangslink');
  return page.inputValue('#link');
}

/** Open a password link, choose a password, sign in with it; the signed-in page. */
async function choosePassword(context, link, email) {
  const page = await context.newPage();
  await page.goto(link);
  await axe(page, 'Vælg adgangskode');
  const password = 'En-lang-ny-adgangskode-2026';
  await page.fill('#ny', password);
  await page.fill('#gentag', password);
  await page.click('button:has-text("Gem adgangskoden")');
  assert.match(await page.locator('main').innerText(), /Adgangskoden er gemt/);
  await page.click('main >> text=Log ind');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/$/), page.click('button[type=submit]')]);
  return page;
}

/** The page fits a 375 px phone: wide tables scroll in their own box, the page does not. */
async function fitsAPhone(page, label) {
  await page.setViewportSize({ width: 375, height: 800 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `${label} is ${width} px wide at 375 px`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

await check('a project manager makes and revokes an API key and is told a wrong password in Danish', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, PM);
  await page.click('text=Mine API-nøgler');
  await page.fill('#noegle-navn', 'Power BI');
  await page.click('text=Opret API-nøgle');
  assert.match(await page.locator('main').innerText(), /Kopiér nøglen nu/);
  await page.goto(`${base}/mine-api-noegler`);
  assert.match(await page.locator('table').innerText(), /Power BI/);
  await axe(page, 'Mine API-nøgler');
  await fitsAPhone(page, 'Mine API-nøgler');
  await page.click('button:has-text("Tilbagekald")');
  assert.match(await page.locator('table').innerText(), /Tilbagekaldt/);
  await page.click('text=Skift adgangskode');
  await page.fill('#nuvaerende', 'forkert-kodeord');
  await page.fill('#ny', 'Et-nyt-og-langt-kodeord');
  await page.fill('#gentag', 'Et-nyt-og-langt-kodeord');
  await page.click('button:has-text("Skift adgangskode")');
  assert.match(await page.locator('.error-summary').innerText(), /Den nuværende adgangskode er forkert/);
  await axe(page, 'Skift adgangskode med fejl');
  await fitsAPhone(page, 'Skift adgangskode');
  await context.close();
});

await check('an administrator keeps people, departments, phases, strategies and focus areas', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, ADMIN);
  await Promise.all([page.waitForURL(`${base}/administration`), page.click('nav.menu >> text=Administration')]);
  await axe(page, 'Administration');
  await Promise.all([page.waitForURL(/\/administration\/personer$/), page.click('main >> text=Personer')]);
  await axe(page, 'Personer');
  await page.click('text=Ny person');
  await page.fill('#name', 'Sara Lund');
  await page.fill('#email', 'sara.lund');
  await page.click('text=Gem personen');
  const summary = page.locator('.error-summary');
  assert.match(await summary.innerText(), /Skriv en e-mailadresse/);
  await axe(page, 'Ny person med fejl');
  await summary.locator('a[href="#email"]').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('sara.lund@albertslund.dk');
  await Promise.all([page.waitForURL(/handling=oprettet/), page.keyboard.press('Enter')]);
  assert.match(await page.locator('.notice').innerText(), /Personen Sara Lund er oprettet/);
  await axe(page, 'Personer med bekræftelse');
  await page.fill('#soeg', 'sara');
  await Promise.all([page.waitForURL(/soeg=sara/), page.click('form.search button')]);
  await page.click('text=Sara Lund');
  await axe(page, 'Ret person med rolle');
  await page.selectOption('#role', 'council');
  await Promise.all([page.waitForURL(/handling=rolle/), page.click('text=Skift rolle')]);
  assert.match(await page.locator('.notice').innerText(), /Sara Lund har nu rollen: IT-projektrådet/);
  for (const [path, label] of [['afdelinger', 'Afdelinger'], ['faser', 'Faser'], ['strategier', 'Strategier og indsatsområder'],
    ['afdelinger/ny', 'Ny afdeling'], ['faser/ny', 'Ny fase'], ['strategier/ny', 'Ny strategi'], ['indsatsomraader/ny', 'Nyt indsatsområde']]) {
    await page.goto(`${base}/administration/${path}`);
    await axe(page, label);
  }
  await page.fill('#name', 'Grøn omstilling');
  await page.click('text=Gem indsatsområdet');
  assert.match(await page.locator('.error-summary').innerText(), /Vælg en afdeling/);
  await axe(page, 'Nyt indsatsområde med fejl');
  await context.close();
});

await check('the council reads the economy and the road ahead, re-baselines, assesses and keeps milestones and benefits', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, COUNCIL);
  await page.goto(`${base}/oekonomi/2022Q3`);
  assert.match(await page.locator('h1').innerText(), /Porteføljens økonomi, 3\. kvartal 2022/);
  assert.match(await page.locator('main').innerText(), /PARK Manager/);
  await axe(page, 'Økonomi');
  await page.goto(`${base}/fremadrettet/2022Q3`);
  assert.match(await page.locator('main').innerText(), /Udbudsmaterialet uploades til EU-Supply/);
  await axe(page, 'Fremadrettet');
  await page.goto(`${base}/portefoelje?kvartal=2022Q3&tekst=Papirarkivet&sortering=overskridelse`);
  await axe(page, 'Porteføljen sorteret efter overskridelse');
  await Promise.all([page.waitForURL(/\/projekter\/\d+/), page.click('main table >> text=Papirarkivet')]);
  const id = new URL(page.url()).pathname.split('/')[2];
  await axe(page, 'Projekt med økonomi, baseline og milepæle');
  await page.goto(`${base}/projekter/${id}/baseline`);
  await page.fill('#reason', '');
  await page.click('text=Fastlæg ny baseline');
  assert.match(await page.locator('.error-summary').innerText(), /Skriv begrundelsen/);
  await axe(page, 'Ny baseline med fejl');
  await page.goto(`${base}/administration/tolerancer`);
  await axe(page, 'Tolerancer');
  await page.goto(`${base}/projekter/${id}/vurdering/2022Q3`);
  await page.selectOption('#tid', 'red');
  await page.click('text=Gem vurderingen');
  assert.match(await page.locator('.error-summary').innerText(), /Skriv, hvorfor IT-projektrådet vurderer parameteren sådan/);
  await axe(page, 'IT-projektrådets vurdering med fejl');
  await page.goto(`${base}/projekter/${id}/milepaele`);
  await axe(page, 'Milepæle');
  await page.goto(`${base}/projekter/${id}/gevinster`);
  await axe(page, 'Gevinster');
  await page.goto(`${base}/projekter/${id}/status/2022Q3`);
  assert.match(await page.locator('#forslag').innerText(), /Ud fra prognosen foreslås rød for tid og rød for økonomi/);
  await page.fill('#forventet_slut', '14-11-2022');
  await page.fill('#prognose', '540.000');
  await page.click('text=Beregn forslag til tid og økonomi');
  assert.match(await page.locator('#forslag').innerText(), /gul for tid og gul for økonomi/);
  await axe(page, 'Indrapportér status med forslag');
  await context.close();
});

await check('the council keeps the quarters, imports, reads the trail; Chefforum opens the decision form', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, COUNCIL);
  for (const [path, label] of [['/administration/kvartaler', 'Kvartaler'], ['/administration/kvartaler/2022Q3/luk', 'Luk kvartal'],
    ['/import', 'Import'], ['/administration/historik', 'Historik'], ['/administration/kvartaler/2022Q3/paamindelser', 'Påmindelser']]) {
    await page.goto(`${base}${path}`);
    await axe(page, label);
    await fitsAPhone(page, label);
  }
  await page.goto(`${base}/portefoelje?kvartal=2022Q1&tekst=PARK`);
  await page.click('text=PARK Manager');
  await page.click('text=Sæt projektet til udgået');
  await axe(page, 'Projekt udgået');
  await context.close();
  const chef = await browser.newContext();
  const decider = await signIn(chef, CHEFFORUM);
  await decider.goto(`${base}/kvartalsrapport/2022Q3/beslutning`);
  assert.match(await decider.locator('textarea').first().inputValue(), /Godkendte indstillingen/);
  await axe(decider, 'Chefforums beslutning');
  await chef.close();
});

const READER = 'marie.guldborg@albertslund.dk';

/** The council reviews all five areas on the proposal page, records the overlap verdict and decides. */
async function councilReviews(page, overlap, outcome) {
  for (const [code, label] of [['it_security', 'IT-sikkerhed'], ['it_architecture', 'IT-arkitektur'], ['contract', 'kontrakt'], ['gdpr', 'GDPR'], ['economy', 'økonomi']]) {
    await page.selectOption(`#omraade-${code}-verdict`, code === 'gdpr' ? 'approved_with_remarks' : 'approved');
    if (code === 'gdpr') await page.fill('#omraade-gdpr-remark', 'Databehandleraftale med leverandøren');
    await Promise.all([page.waitForLoadState('load'), page.click(`text=Gem vurderingen af ${label}`)]);
  }
  await page.getByLabel(overlap.verdict).check();
  if (overlap.reason) await page.fill('#overlap-reason', overlap.reason);
  await Promise.all([page.waitForLoadState('load'), page.click('text=Gem vurderingen af overlap')]);
  await page.getByLabel(outcome).check();
  await page.fill('#beslutning-date', '01-11-2022');
  await page.fill('#beslutning-text', 'Godkendt af IT-projektrådet');
  await Promise.all([page.waitForLoadState('load'), page.click('text=Registrér rådets beslutning')]);
}

await check('a strategic proposal goes from proposal through review and overlap to Chefforum\'s decision and an active project', async () => {
  const readerContext = await browser.newContext();
  const proposer = await signIn(readerContext, READER);
  await proposer.click('nav.menu >> text=Forslag og beslutninger');
  await axe(proposer, 'Forslag');
  await Promise.all([proposer.waitForURL(`${base}/forslag/nyt`), proposer.click('text=Stil et nyt forslag')]);
  await proposer.click('text=Send forslaget');
  assert.match(await proposer.locator('.error-summary').innerText(), /Skriv projektets navn\.[\s\S]*Skriv formålet med projektet\./);
  await axe(proposer, 'Nyt forslag med fejl');
  await proposer.fill('#name', 'Vagtplan for vejdriften');
  await proposer.selectOption('#kind', 'strategic');
  await proposer.fill('#purpose', 'Vagtplaner for vintertjenesten, så der altid er saltvogne ude');
  await proposer.fill('#budget', '250.000');
  await proposer.fill('#operating_cost', '40.000');
  await proposer.fill('#systems', 'Vagtplanmodul: vagtplanlægning, tidsregistrering');
  await Promise.all([proposer.waitForURL(/\/forslag\/\d+$/), proposer.click('text=Send forslaget')]);
  const id = new URL(proposer.url()).pathname.split('/')[2];
  const overlaps = await proposer.locator('table', { hasText: 'Mulige overlap' }).innerText();
  assert.match(overlaps, /KMD OPUS/);
  assert.match(await proposer.locator('main').innerText(), /Besluttes af\s+Chefforum/);
  await axe(proposer, 'Forslag med overlap');
  await readerContext.close();

  const councilContext = await browser.newContext();
  const council = await signIn(councilContext, COUNCIL);
  await council.goto(`${base}/forslag/${id}`);
  await axe(council, 'Forslag til gennemgang (rådet)');
  await councilReviews(council, { verdict: 'Overlap accepteret', reason: 'KMD OPUS dækker ikke vintertjenestens vagter' }, 'Godkend fagligt og indstil til Chefforum');
  const main = await council.locator('main').innerText();
  assert.match(main, /Status\s+til Chefforum/);
  assert.match(main, /overlap accepteret, fordi KMD OPUS dækker ikke/);
  await axe(council, 'Forslag gennemgået');
  await council.click('nav.subnav >> text=Til Chefforum');
  assert.match(await council.locator('main').innerText(), /Vagtplan for vejdriften: igangsættelse/);
  await axe(council, 'Til Chefforum (rådet)');
  await council.goto(`${base}/kvartalsrapport/2022Q4/udskrift`);
  assert.match(await council.locator('#til-chefforum + p + .scroll').innerText(), /Vagtplan for vejdriften/);

  const chefContext = await browser.newContext();
  const chef = await signIn(chefContext, CHEFFORUM);
  await chef.goto(`${base}/chefforum`);
  const matter = chef.locator('section', { hasText: 'Vagtplan for vejdriften' });
  await matter.getByLabel('Godkend igangsættelsen').check();
  await matter.locator('input[name=date]').fill('10-11-2022');
  await matter.locator('input[name=case_number]').fill('85.13.00-P20-3-22');
  await matter.locator('textarea[name=text]').fill('Godkendte indstillingen.');
  await axe(chef, 'Til Chefforum med beslutningsformular');
  await Promise.all([chef.waitForLoadState('load'), matter.locator('button').click()]);
  assert.doesNotMatch(await chef.locator('main').innerText(), /Vagtplan for vejdriften: igangsættelse/);
  await chef.goto(`${base}/beslutninger?organ=chefforum`);
  assert.match(await chef.locator('main table').innerText(), /Vagtplan for vejdriften[\s\S]*85\.13\.00-P20-3-22/);
  await axe(chef, 'Beslutninger');
  await chefContext.close();

  await council.goto(`${base}/projekter/${id}`);
  assert.match(await council.locator('#beslutninger + ul').innerText(), /Chefforum, godkendt[\s\S]*IT-projektrådet, fagligt godkendt, til Chefforum/);
  await Promise.all([council.waitForLoadState('load'), council.click('text=Sæt projektet i gang')]);
  assert.match(await council.locator('main').innerText(), /Tilstand\s+igangværende/);
  await axe(council, 'Projekt sat i gang');
  await councilContext.close();
});

await check('an operational proposal is approved by the council alone; the council keeps systems and priorities', async () => {
  const context = await browser.newContext();
  const page = await signIn(context, COUNCIL);
  await page.goto(`${base}/forslag/nyt`);
  await page.fill('#name', 'Droner til vejinspektion');
  await page.fill('#purpose', 'Hurtigere vejsyn efter skybrud');
  await page.selectOption('#required_by', 'law');
  await Promise.all([page.waitForURL(/\/forslag\/\d+$/), page.click('text=Send forslaget')]);
  const id = new URL(page.url()).pathname.split('/')[2];
  assert.match(await page.locator('main').innerText(), /Besluttes af\s+IT-projektrådet/);
  await councilReviews(page, { verdict: 'Intet overlap' }, 'Godkend projektet');
  assert.match(await page.locator('main').innerText(), /Status\s+godkendt/);
  await page.goto(`${base}/projekter/${id}`);
  assert.match(await page.locator('main').innerText(), /Tilstand\s+godkendt/);
  await page.goto(`${base}/chefforum`);
  assert.doesNotMatch(await page.locator('main').innerText(), /Droner til vejinspektion/);
  await page.goto(`${base}/systemer`);
  await page.fill('#system-ny-name', 'Teams');
  await page.click('text=Tilføj systemet');
  assert.match(await page.locator('.error-summary').innerText(), /Registret har allerede et system med det navn/);
  await axe(page, 'Systemer med fejl');
  await page.goto(`${base}/prioritering`);
  await axe(page, 'Prioritering');
  await context.close();
});

await check('a new municipality starts without the demo and runs its first quarter to a decision', async () => {
  // A second service: no demo, its own name, its first administrator from the environment.
  const hedebyPort = await freePort();
  const hedeby = `http://127.0.0.1:${hedebyPort}`;
  const admin = 'it@hedeby.dk';
  const adminPassword = 'Hedeby-Kommune-2026';
  const second = spawn(binary, [], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'hedeby.db')}`, PORT: String(hedebyPort), RUST_LOG: 'warn',
      SEED: 'none', ORGANISATION: 'Hedeby Kommune', ADMIN_EMAIL: admin, ADMIN_PASSWORD: adminPassword, ADMIN_NAME: 'Hanne IT' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${hedeby}/health`)).ok) break; } catch { /* starting */ }
      if (i > 100) throw new Error('the second service did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hedeby}/log-ind`);
    await page.fill('#email', admin);
    await page.fill('#password', adminPassword);
    await Promise.all([page.waitForURL(`${hedeby}/`), page.click('button[type=submit]')]);
    assert.match(await page.locator('header').innerText(), /Hedeby Kommune/);
    assert.equal(await page.locator('h1').innerText(), 'Kom i gang');
    await axe(page, 'Kom i gang');
    await fitsAPhone(page, 'Kom i gang');

    await page.goto(`${hedeby}/administration/afdelinger/ny`);
    await page.fill('#name', 'Teknik og Miljø');
    await page.fill('#code', 'TM');
    await page.click('text=Gem afdelingen');
    await page.goto(`${hedeby}/administration/faser/ny`);
    await page.fill('#name', 'gennemførelse');
    await page.click('text=Gem fasen');
    await page.goto(`${hedeby}/administration/kvartaler`);
    await page.click('button:has-text("Opret")');
    assert.match(await page.locator('table').innerText(), /kvartal/);

    // Chefforum's member: a person with a role and a one-time link to choose a password.
    const carl = await newPerson(page, hedeby, 'Carl Chef', 'carl@hedeby.dk', 'chefforum');
    // The project manager is created by the project sheet, which names her by e-mail.
    await page.goto(`${hedeby}/import`);
    await page.setInputFiles('#fil', { name: 'projekter.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Projektnavn;Afdeling;Fase;Projektleder;Projektejer;Startdato\nDigital byggesag;TM;gennemførelse;pia.holm@hedeby.dk;carl@hedeby.dk;01-01-2026\nNy hjemmeside;TM;gennemførelse;pia.holm@hedeby.dk;carl@hedeby.dk;01-01-2026\n') });
    await page.click('button:has-text("Kontrollér filen")');
    assert.match(await page.locator('main').innerText(), /2 rækker kan importeres/);
    assert.match(await page.locator('main table').innerText(), /Pia Holm\s+pia\.holm@hedeby\.dk/);
    await axe(page, 'Import, kontrolleret');
    await page.click('button:has-text("Importér")');
    assert.match(await page.locator('main').innerText(), /2 rækker er importeret/);

    const quarter = await page.locator('#kvartal option').nth(1).getAttribute('value');
    await page.goto(`${hedeby}/import`);
    await page.check('input[name=slags][value=status]');
    await page.selectOption('#kvartal', quarter);
    await page.setInputFiles('#fil', { name: 'status.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Projektnavn;Ressourcer;Leverancer;Tid;Økonomi;Kommentar\nNy hjemmeside;grøn;grøn;rød;xyz;Leverandøren er forsinket\n') });
    await page.click('button:has-text("Kontrollér filen")');
    assert.match(await page.locator('main table').innerText(), /Økonomi\s+«xyz» kan ikke bruges her\. Skriv grøn, gul eller rød\./);
    await axe(page, 'Import med fejl');
    await page.check('input[name=slags][value=status]');
    await page.selectOption('#kvartal', quarter);
    await page.setInputFiles('#fil', { name: 'status.csv', mimeType: 'text/csv',
      buffer: Buffer.from('Projektnavn;Ressourcer;Leverancer;Tid;Økonomi;Kommentar\nNy hjemmeside;grøn;grøn;rød;grøn;Leverandøren er forsinket\n') });
    await page.click('button:has-text("Kontrollér filen")');
    await page.click('button:has-text("Importér")');
    assert.match(await page.locator('main').innerText(), /1 række er importeret/);
    const pia = await linkFor(page, hedeby, 'Pia Holm');
    await context.close();

    // Pia chooses her password through the link, signs in and reports the other project.
    const piaContext = await browser.newContext();
    const piaPage = await choosePassword(piaContext, pia, 'pia.holm@hedeby.dk');
    await piaPage.goto(`${hedeby}/`);
    await Promise.all([piaPage.waitForURL(/\/status\//), piaPage.click('text=Indrapportér status for Digital byggesag')]);
    for (const p of ['ressourcer', 'leverancer', 'tid', 'okonomi']) await piaPage.check(`input[name=${p}][value=green]`);
    await piaPage.click('button:has-text("Indsend status")');
    assert.match(await piaPage.locator('main').innerText(), /modtaget/);
    await piaContext.close();

    // The administrator closes the quarter (nothing missing now), Carl records the decision.
    const closer = await browser.newContext();
    const closing = await closer.newPage();
    await closing.goto(`${hedeby}/log-ind`);
    await closing.fill('#email', admin);
    await closing.fill('#password', adminPassword);
    await Promise.all([closing.waitForURL(`${hedeby}/`), closing.click('button[type=submit]')]);
    assert.match(await closing.locator('main').innerText(), /2 af 2 projekter har indrapporteret/);
    await closing.goto(`${hedeby}/administration/kvartaler/${quarter}/luk`);
    assert.match(await closing.locator('main').innerText(), /Alle projekter i gang har indrapporteret status for kvartalet/);
    await closing.click('main button[type=submit]');
    await closer.close();

    const chef = await browser.newContext();
    const decider = await choosePassword(chef, carl, 'carl@hedeby.dk');
    await decider.goto(`${hedeby}/kvartalsrapport/${quarter}/beslutning`);
    await decider.click('button:has-text("Registrér beslutningen")');
    await decider.goto(`${hedeby}/kvartalsrapport/${quarter}/udskrift`);
    await axe(decider, 'Udskrift');
    assert.match(await decider.locator('body').innerText(), /Hedeby Kommune/);
    assert.match(await decider.locator('body').innerText(), /Godkendt af Chefforum/);
    await chef.close();
  } finally {
    second.kill('SIGTERM');
  }
});

await check('staff sign in with the municipality\'s identity provider, report and sign out; strangers and forged answers are refused', async () => {
  // A real OpenID provider, and a service that signs in only through it.
  const [idpPort, svcPort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${svcPort}`;
  const idp = await startProvider(idpPort, `${origin}/log-ind/oidc/callback`);
  const third = spawn(binary, [], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `sqlite://${join(dir, 'oidc.db')}`, PORT: String(svcPort), RUST_LOG: 'warn',
      BASE_URL: origin, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: 'portefolje', OIDC_CLIENT_SECRET: 'en-hemmelighed-kun-til-testen',
      PASSWORD_SIGN_IN: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${origin}/health`)).ok) break; } catch { /* starting */ }
      if (i > 100) throw new Error('the third service did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const viaProvider = async (context, login, known = true) => {
      const page = await context.newPage();
      await page.goto(`${origin}/log-ind`);
      assert.equal(await page.locator('#password').count(), 0, 'no password form');
      await axe(page, 'Log ind med kommunens konto');
      await page.click('text=Log ind med Albertslund Kommunes konto');
      await page.fill('input[name=login]', login);
      await page.fill('input[name=password]', 'hvad-som-helst');
      await page.click('button[type=submit]');
      // The provider asks for consent once per client.
      if (await page.locator('button:has-text("Continue")').count()) await page.click('button:has-text("Continue")');
      try {
        if (known) await page.waitForURL((url) => url.origin === origin && !url.pathname.startsWith('/log-ind/oidc'), { timeout: 10000 });
        else await page.waitForURL((url) => url.origin === origin, { timeout: 10000 });
      } catch (e) {
        throw new Error(`stuck at ${page.url()}: ${(await page.locator('body').innerText()).slice(0, 400)}`);
      }
      return page;
    };
    const context = await browser.newContext();
    const page = await viaProvider(context, PM);
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(await page.locator('main h2').first().innerText(), 'Mine projekter');
    await Promise.all([page.waitForURL(/\/status\/2022Q3$/), page.click('text=Indrapportér status for Vandstandsmåling')]);
    for (const p of ['ressourcer', 'leverancer', 'tid', 'okonomi']) await page.check(`input[name=${p}][value=green]`);
    await Promise.all([page.waitForURL(/kvittering$/), page.getByRole('button', { name: 'Indsend status' }).click()]);
    assert.match(await page.locator('h1').innerText(), /er modtaget/);
    await page.click('button:has-text("Log ud")');
    await page.goto(`${origin}/`);
    assert.equal(new URL(page.url()).pathname, '/log-ind');
    await context.close();

    const stranger = await browser.newContext();
    const refused = await viaProvider(stranger, 'ukendt.person@albertslund.dk', false);
    assert.match(await refused.locator('h1').innerText(), /Du er ikke oprettet i IT-projektporteføljen/);
    assert.match(await refused.locator('main').innerText(), /ukendt\.person@albertslund\.dk/);
    await axe(refused, 'Ikke oprettet');
    await refused.goto(`${origin}/`);
    assert.equal(new URL(refused.url()).pathname, '/log-ind');
    // A forged or replayed answer: the state does not match what this browser started.
    const forged = await refused.goto(`${origin}/log-ind/oidc/callback?code=abc&state=forkert`);
    assert.equal(forged.status(), 400);
    assert.match(await refused.locator('main').innerText(), /passer ikke til et login, der er startet her/);
    await axe(refused, 'Forkert login-svar');
    await stranger.close();
    // A started sign-in answered with a made-up code: the provider refuses it, so do we.
    const fresh = await browser.newContext();
    const started = await fresh.newPage();
    await started.goto(`${origin}/log-ind`);
    const [authorize] = await Promise.all([
      started.waitForRequest((r) => r.url().startsWith(idp.issuer) && new URL(r.url()).searchParams.has('state')),
      started.click('text=Log ind med Albertslund Kommunes konto'),
    ]);
    const state = new URL(authorize.url()).searchParams.get('state');
    const tampered = await started.goto(`${origin}/log-ind/oidc/callback?code=forfalsket&state=${encodeURIComponent(state)}`);
    assert.equal(tampered.status(), 400);
    assert.match(await started.locator('main').innerText(), /kunne ikke godkendes/);
    await fresh.close();
  } finally {
    third.kill('SIGTERM');
    await idp.close();
  }
});

await browser.close();
service.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
console.log(results.join('\n'));
console.log(`axe-core: ${audited.size} page states, zero violations required: ${[...audited].join(', ')}`);
if (failures) {
  console.log(`${failures} end-to-end check(s) failed`);
  process.exit(1);
}
