// A small typed dictionary for the UI chrome (lesson bodies live in src/lessons/).
// English lives at `/`, Korean at `/ko/` (the optional `[[lang=lang]]` route param).
import { en } from './en';
import { ko } from './ko';
import { LANGS, type Lang, type Messages } from './types';

export { LANGS, type Lang, type Messages };

export const DEFAULT_LANG = 'en' satisfies Lang;

/** Languages that appear in the URL (`/ko/…`); the default language has no prefix. */
export type UrlLang = Exclude<Lang, typeof DEFAULT_LANG>;

const dictionaries: Record<Lang, Messages> = { en, ko };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The language of a route, from its optional `lang` param (absent means English). */
export function langFromParam(param: string | undefined): Lang {
  return isLang(param) ? param : DEFAULT_LANG;
}

/** The `lang` route param for a language: undefined for the default language. */
export function paramFor(lang: Lang): UrlLang | undefined {
  return lang === DEFAULT_LANG ? undefined : lang;
}

export function messages(lang: Lang): Messages {
  return dictionaries[lang];
}

/** The language's own name, shown on the language switch. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', ko: '한국어' };

/** Splits a message on backticks: odd parts are inline code. */
export function codeParts(text: string): { text: string; code: boolean }[] {
  return text
    .split('`')
    .map((part, i) => ({ text: part, code: i % 2 === 1 }))
    .filter((p) => p.text !== '');
}
