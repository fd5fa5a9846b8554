/** English messages of the notify area. Placeholders are `{name}`. */
export const notifyEn = {} as const;
