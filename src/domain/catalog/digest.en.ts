/** English messages of the digest area. Placeholders are `{name}`. */
export const digestEn = {} as const;
