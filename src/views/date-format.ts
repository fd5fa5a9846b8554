/**
 * `Intl.DateTimeFormat` objects, built once per locale and options: building one costs far more
 * than formatting with it (a queue reply formats a date per line, a dossier dozens).
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for `locale` and `options`, made on first use; throws as the constructor does (an unknown zone). */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}
