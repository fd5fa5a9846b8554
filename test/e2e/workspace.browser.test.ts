/**
 * The tour of the local workspace in a real browser (Debian's Chromium driven by playwright-core),
 * against the whole product started as `npm start` without credentials: the real Bolt app and
 * discord.js client talk to the local fakes, notifications go through the outbox, BullMQ and the
 * workers. The steps run in order and build on each other, as a tour does. Screenshots of each step are
 * kept under test-results/workspace/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskUser } from '../../src/sandbox/workspace/directory.ts';
import {
  type LocalWorkspace,
  requestEvaluation,
  startLocalWorkspace,
  WORKSPACE_API_TOKEN,
} from '../helpers/local-workspace.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SHOTS = 'test-results/workspace';
const THIN = 'Fine work.';
const JUSTIFICATION =
  'The student defended every architectural choice of the application with clear reasoning, showed the ' +
  'deployment pipeline live, and answered follow-up questions on security and data modelling precisely.';
const MENTOR_NOTE = 'Confident defence; keep pushing on writing tests before the code.';
const DISCORD_JUSTIFICATION =
  'Every interaction of the page was shown working against the live API, errors were handled visibly, and the ' +
  'student explained the module structure and the asynchronous flow without hesitation during questions.';
const DISCORD_MENTOR_NOTE = 'Solid progress on JavaScript; next, practise explaining trade-offs aloud.';
/** What the assessor types in each text field of the Discord wizard, by field id. */
const DISCORD_ANSWERS: Record<string, string> = {
  strengths: 'Clear module boundaries and careful error messages for the user.',
  improvements: 'Cover the fetch wrapper with unit tests before the next project.',
  mentorNote: DISCORD_MENTOR_NOTE,
};

let ws: LocalWorkspace;
let browser: Browser;
let page: Page;
let people: DeskUser[] = [];
let shots = 0;

async function shot(name: string, taken?: Buffer): Promise<void> {
  shots += 1;
  const path = `${SHOTS}/${String(shots).padStart(2, '0')}-${name}.png`;
  if (taken) writeFileSync(path, taken);
  else await page.screenshot({ path });
}

async function evaluationStatus(id: string): Promise<string> {
  const response = await fetch(`${ws.url}/api/evaluations/${id}`, {
    headers: { authorization: `Bearer ${WORKSPACE_API_TOKEN}` },
  });
  return ((await response.json()) as { status: string }).status;
}

function person(id: string | null): DeskUser {
  const found = people.find((p) => p.id === id);
  if (!found) throw new Error(`${String(id)} is not a person of the workspace`);
  return found;
}

/** Picks who you are, and waits for both panes to show that person. */
async function actAs(id: string): Promise<void> {
  await page.getByLabel('You are').selectOption(id);
  await expect.poll(() => page.title()).toContain(person(id).name);
  await page.locator('#slack .conversation-title, #slack .absent:not([hidden])').first().waitFor();
}

/** Types a line in a pane's message box and sends it; resolves when the composer says it was sent. */
async function send(pane: 'Slack' | 'Discord', text: string): Promise<void> {
  const box = page.getByRole('combobox', { name: `${pane} message` });
  await box.fill(text);
  await box.press('Enter');
  const status = page.locator(`#${pane.toLowerCase()} .composer-status`);
  await expect.poll(() => status.textContent(), { timeout: 15_000 }).not.toMatch(/^Sending/);
  expect(await status.getAttribute('class')).not.toContain('error');
}

function slack(selector: string): Locator {
  return page.locator(`#slack ${selector}`);
}

function discord(selector: string): Locator {
  return page.locator(`#discord ${selector}`);
}

/** Opens a conversation of a pane by its label in the sidebar. */
async function open(pane: 'slack' | 'discord', label: string): Promise<void> {
  await page.locator(`#${pane} .sidebar-item`, { hasText: label }).first().click();
}

const title = hasChromium
  ? 'the local workspace in a browser'
  : `the local workspace in a browser (skipped: ${CHROMIUM} is absent; install it with apt-get install -y chromium)`;

describe.skipIf(!hasChromium)(title, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ws = await startLocalWorkspace();
    people = (await ws.api<DeskUser[]>('/people')).data;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(15_000);
    await page.goto(`${ws.url}/`);
    await page.locator('#connection[data-state="live"]').waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await ws?.stop();
  });

  it('on Slack: the assessor accepts the offer and submits the report after one correction; the mentor reads the summary', async () => {
    const evaluation = await requestEvaluation(ws, 'emma-wilson', 'web-fullstack-app');
    const assessor = person(evaluation.assessor);
    expect(assessor.slack, `${assessor.id} was picked but is not on Slack`).toBeDefined();
    await actAs(assessor.id);

    const accept = slack(`button[data-action-id="offer.accept"]`);
    await accept.waitFor();
    await shot('slack-offer');
    await accept.click();
    await slack(`button[data-action-id="report.open"]`).waitFor();

    // The composer suggests the command, then the evaluation id.
    const box = page.getByRole('combobox', { name: 'Slack message' });
    await box.fill('/assess rep');
    await page.getByRole('option', { name: /\/assess report/ }).waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('/assess report ');
    await box.pressSequentially(evaluation.id.slice(0, 3));
    await page.getByRole('option', { name: new RegExp(evaluation.id) }).waitFor();
    await box.fill(`/assess report ${evaluation.id}`);
    await box.press('Enter');

    const modal = page.locator('dialog.modal.slack[open]');
    await modal.waitFor();
    for (const met of await modal.locator('fieldset input[value="met"]').all()) await met.check();
    await modal.locator('[data-block="outcome"] input[value="approved"]').check();
    await modal
      .locator('[data-block="strengths"] textarea')
      .fill('A clean, well-tested API and a tidy front end.');
    await modal
      .locator('[data-block="improvements"] textarea')
      .fill('Document the deployment steps for the client.');
    await modal.locator('[data-block="mentorNote"] textarea').fill(MENTOR_NOTE);
    await modal.locator('[data-block="juryJustification"] textarea').fill(THIN);
    await modal.getByRole('button', { name: /submit|envoyer|valider/i }).click();
    const error = modal.locator('[data-block="juryJustification"] .field-error');
    await expect.poll(() => error.textContent()).not.toBe('');
    await error.scrollIntoViewIfNeeded();
    await shot('slack-report-error');

    await modal.locator('[data-block="juryJustification"] textarea').fill(JUSTIFICATION);
    await modal.getByRole('button', { name: /submit|envoyer|valider/i }).click();
    await modal.waitFor({ state: 'detached' });
    await expect.poll(() => evaluationStatus(evaluation.id)).not.toBe('accepted');
    await shot('slack-report-submitted');

    await open('slack', 'Home');
    await slack('.home-view').waitFor();
    await shot('slack-app-home');

    // The mentor of emma-wilson reads the summary in their DMs, never the jury's justification.
    await actAs('kwame-mensah');
    await page.locator('#slack .message', { hasText: MENTOR_NOTE }).waitFor();
    expect(await slack('.messages').textContent()).not.toContain(JUSTIFICATION);
    await shot('slack-mentor-summary');
  }, 120_000);

  it('on Discord: the assessor accepts, goes through the report wizard, corrects the reopened step; the mentor reads the summary', async () => {
    const evaluation = await requestEvaluation(ws, 'samuel-okoro', 'web-javascript');
    const assessor = person(evaluation.assessor);
    expect(assessor.discord, `${assessor.id} was picked but is not on Discord`).toBeDefined();
    await actAs(assessor.id);

    const accept = discord(`button[data-custom-id="offer.accept:${evaluation.id}"]`);
    await accept.waitFor();
    await shot('discord-offer');
    await accept.click();

    const modal = page.locator('dialog.modal.discord[open]');
    let justification = THIN;
    let reopened = false;
    for (let step = 0; step < 12 && (await evaluationStatus(evaluation.id)) === 'accepted'; step += 1) {
      // "Continue" between steps, or the button that reopens the step with the error.
      const next = discord(`.message button[data-custom-id^="report."]:not([disabled])`).last();
      await next.waitFor();
      const before = await page.screenshot();
      await next.click();
      await modal.waitFor();
      const jury = modal.locator('[data-custom-id="juryJustification"] textarea');
      if ((await jury.count()) > 0 && (await jury.inputValue()) === THIN) {
        // The step with the faulty field came back with what was typed: the page before showed the error.
        await shot('discord-report-error', before);
        reopened = true;
        justification = DISCORD_JUSTIFICATION;
      }
      for (const met of await modal.locator('input[type="radio"][value="met"]').all()) await met.check();
      const outcome = modal.locator('[data-custom-id="outcome"] input[value="approved"]');
      if ((await outcome.count()) > 0) await outcome.check();
      if ((await jury.count()) > 0) await jury.fill(justification);
      for (const [id, text] of Object.entries(DISCORD_ANSWERS)) {
        const field = modal.locator(`[data-custom-id="${id}"] :is(textarea, input[type="text"])`);
        if ((await field.count()) > 0) await field.fill(text);
      }
      if (step === 0) await shot('discord-report-step');
      await modal.locator('button[type="submit"]').click();
      await modal.waitFor({ state: 'detached' });
      // The pane shows the bot's answer to this step before the next button is looked for.
      await page.locator('#discord[data-busy="false"]').waitFor({ state: 'attached' });
    }
    expect(reopened).toBe(true);
    expect(await evaluationStatus(evaluation.id)).not.toBe('accepted');
    await shot('discord-report-submitted');

    const mentor = 'julien-petit';
    await actAs(mentor);
    await page.locator('#discord .message', { hasText: DISCORD_MENTOR_NOTE }).waitFor();
    expect(await discord('.messages').textContent()).not.toContain(DISCORD_JUSTIFICATION);
    await shot('discord-mentor-summary');
  }, 120_000);

  it('the jury requests a dossier and opens the PDF from the jury channel', async () => {
    await actAs('omar-haddad');
    await send('Slack', '/jury dossier emma-wilson');
    await open('slack', 'jury');
    const link = slack('.attachment a[href*=".pdf"]').first();
    await link.waitFor({ timeout: 30_000 });
    await shot('jury-dossier');
    const href = (await link.getAttribute('href')) ?? '';
    const pdf = await page.request.get(href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const [viewer] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    expect(viewer.url()).toBe(href);
    await viewer.close();
  }, 90_000);

  it('the curriculum team requests a digest and reads it in the curriculum channel', async () => {
    await actAs('elena-petrova');
    await send('Discord', '/curriculum digest web-fullstack-app');
    await open('discord', 'curriculum');
    await page.locator('#discord .message', { hasText: 'Ship a full-stack application' }).waitFor();
    await shot('curriculum-digest');
    expect(await discord('.messages').textContent()).not.toContain('Emma Wilson');
  }, 60_000);
});
