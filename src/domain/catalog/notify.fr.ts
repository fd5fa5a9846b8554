import type { notifyEn } from './notify.en.ts';

/** Messages en français du domaine notify. Mêmes clés que `notify.en.ts`. */
export const notifyFr: Record<keyof typeof notifyEn, string> = {};
