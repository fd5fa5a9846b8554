/** Tous les messages en français, domaine par domaine (mêmes clés que `en.ts`). */
import { commandsFr } from './commands.fr.ts';
import { coreFr } from './core.fr.ts';
import { digestFr } from './digest.fr.ts';
import { discordFr } from './discord.fr.ts';
import { dossierFr } from './dossier.fr.ts';
import type { en } from './en.ts';
import { notifyFr } from './notify.fr.ts';
import { slackFr } from './slack.fr.ts';

export const fr: Record<keyof typeof en, string> = {
  ...coreFr,
  ...commandsFr,
  ...notifyFr,
  ...dossierFr,
  ...digestFr,
  ...discordFr,
  ...slackFr,
};
