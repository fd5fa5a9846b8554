/** All English messages: one module per area, so areas can grow without touching each other. */
import { commandsEn } from './commands.en.ts';
import { coreEn } from './core.en.ts';
import { digestEn } from './digest.en.ts';
import { discordEn } from './discord.en.ts';
import { dossierEn } from './dossier.en.ts';
import { notifyEn } from './notify.en.ts';
import { slackEn } from './slack.en.ts';

export const en = {
  ...coreEn,
  ...commandsEn,
  ...notifyEn,
  ...dossierEn,
  ...digestEn,
  ...discordEn,
  ...slackEn,
} as const;
