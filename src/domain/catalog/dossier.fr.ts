import type { dossierEn } from './dossier.en.ts';

/** Messages en français du domaine dossier. Mêmes clés que `dossier.en.ts`. */
export const dossierFr: Record<keyof typeof dossierEn, string> = {};
