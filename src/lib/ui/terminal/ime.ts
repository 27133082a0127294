/**
 * Korean IME guard. With the keyboard in Korean mode (두벌식, the standard 2-set layout) typing
 * `kubectl` gives `ㅏㅕㅠㄷㅊ시`: the learner meant Latin keys. We turn Hangul back into the
 * QWERTY keys that produce it: decompose each syllable into its jamo (Unicode's arithmetic
 * Hangul decomposition), split compound vowels and final clusters, and map every jamo to its
 * key on the 2-set layout.
 */

/** Compatibility jamo → the key(s) typed on a 2-set keyboard (shift gives the doubled ones). */
const JAMO_KEYS: Record<string, string> = {
  ㄱ: 'r', ㄲ: 'R', ㄴ: 's', ㄷ: 'e', ㄸ: 'E', ㄹ: 'f', ㅁ: 'a', ㅂ: 'q', ㅃ: 'Q', ㅅ: 't', ㅆ: 'T',
  ㅇ: 'd', ㅈ: 'w', ㅉ: 'W', ㅊ: 'c', ㅋ: 'z', ㅌ: 'x', ㅍ: 'v', ㅎ: 'g',
  ㄳ: 'rt', ㄵ: 'sw', ㄶ: 'sg', ㄺ: 'fr', ㄻ: 'fa', ㄼ: 'fq', ㄽ: 'ft', ㄾ: 'fx', ㄿ: 'fv', ㅀ: 'fg', ㅄ: 'qt',
  ㅏ: 'k', ㅐ: 'o', ㅑ: 'i', ㅒ: 'O', ㅓ: 'j', ㅔ: 'p', ㅕ: 'u', ㅖ: 'P', ㅗ: 'h', ㅘ: 'hk', ㅙ: 'ho', ㅚ: 'hl',
  ㅛ: 'y', ㅜ: 'n', ㅝ: 'nj', ㅞ: 'np', ㅟ: 'nl', ㅠ: 'b', ㅡ: 'm', ㅢ: 'ml', ㅣ: 'l'
};

/** The 19 initial consonants, 21 vowels and 27 finals (+ none) in Unicode syllable order. */
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const MEDIALS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const FINALS = ['', ...'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'];

const SYLLABLE_FIRST = 0xac00;
const SYLLABLE_LAST = 0xd7a3;

function isSyllable(cp: number): boolean {
  return cp >= SYLLABLE_FIRST && cp <= SYLLABLE_LAST;
}

/** A Hangul character the 2-set layout can type: a precomposed syllable or a compatibility jamo. */
export function isHangul(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return isSyllable(cp) || ch in JAMO_KEYS;
}

/** A syllable's jamo: 한 → ㅎ ㅏ ㄴ. Other characters come back as they are. */
export function decompose(ch: string): string[] {
  const cp = ch.codePointAt(0)!;
  if (!isSyllable(cp)) return [ch];
  const i = cp - SYLLABLE_FIRST;
  const l = Math.floor(i / 588);
  const v = Math.floor((i % 588) / 28);
  const t = i % 28;
  return [INITIALS[l], MEDIALS[v], ...(t ? [FINALS[t]] : [])];
}

/** The QWERTY keys that type this text in 2-set Korean mode; non-Hangul is kept as it is. */
export function hangulToQwerty(text: string): string {
  let out = '';
  for (const ch of text) for (const j of decompose(ch)) out += JAMO_KEYS[j] ?? j;
  return out;
}

/**
 * If the line looks typed with the Korean IME on (its first word is all Hangul), the line the
 * learner meant; else null. `echo 안녕` is left alone: its command is Latin.
 */
export function imeMistake(line: string): string | null {
  const first = line.trim().split(/\s+/)[0] ?? '';
  if (!first || ![...first].every(isHangul)) return null;
  return hangulToQwerty(line.trim());
}
