/** English messages of the dossier area. Placeholders are `{name}`. */
export const dossierEn = {} as const;
