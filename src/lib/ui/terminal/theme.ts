/**
 * xterm colours for the site's two themes. The tools print plain text, so what matters is the
 * foreground on the background (about 15:1 in both) and a selection that stays readable; the
 * ANSI palette is chosen to keep at least 4.5:1 on the background should a command use it.
 */
import type { ITheme } from '@xterm/xterm';

export const LIGHT: ITheme = {
  background: '#fbfcfd',
  foreground: '#161a20',
  cursor: '#0a55a6',
  cursorAccent: '#fbfcfd',
  selectionBackground: '#b6d4f5',
  selectionForeground: '#161a20',
  black: '#161a20',
  red: '#b3261e',
  green: '#1d6b2f',
  yellow: '#7a5300',
  blue: '#0a55a6',
  magenta: '#8a1c7c',
  cyan: '#0b6370',
  white: '#4a5261',
  brightBlack: '#4a5261',
  brightRed: '#9c1f18',
  brightGreen: '#185a27',
  brightYellow: '#664500',
  brightBlue: '#084a90',
  brightMagenta: '#74176a',
  brightCyan: '#09545f',
  brightWhite: '#161a20'
};

export const DARK: ITheme = {
  background: '#0b0f14',
  foreground: '#e7eaf0',
  cursor: '#8cc3ff',
  cursorAccent: '#0b0f14',
  selectionBackground: '#2f4d70',
  selectionForeground: '#ffffff',
  black: '#3a4250',
  red: '#ff8a80',
  green: '#8fe3a0',
  yellow: '#ffd866',
  blue: '#8cc3ff',
  magenta: '#f0a6e8',
  cyan: '#7fdbe6',
  white: '#e7eaf0',
  brightBlack: '#aeb7c4',
  brightRed: '#ffb3ab',
  brightGreen: '#b5f0c1',
  brightYellow: '#ffe599',
  brightBlue: '#b8dbff',
  brightMagenta: '#f7c9f2',
  brightCyan: '#a9ebf2',
  brightWhite: '#ffffff'
};

export function xtermTheme(theme: 'light' | 'dark'): ITheme {
  return theme === 'dark' ? DARK : LIGHT;
}

/** Font size for a pane this wide: smaller on phones so that ~45 columns fit in 360 px. */
export function fontSizeFor(width: number): number {
  return width < 480 ? 12 : 14;
}
