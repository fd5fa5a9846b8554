import type { digestEn } from './digest.en.ts';

/** Messages en français du domaine digest. Mêmes clés que `digest.en.ts`. */
export const digestFr: Record<keyof typeof digestEn, string> = {};
