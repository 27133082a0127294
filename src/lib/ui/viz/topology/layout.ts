/**
 * Where everything of the topology picture goes, as plain numbers (SVG user units = CSS px):
 * the `kind` bridge drawn as a comb (a trunk down the left, one bus line above each row of
 * machines, a drop from the bus to each machine), and inside each machine's card its name,
 * state, pod chips, memberlist marks and VIP badges. Pure: the Svelte components only draw it.
 *
 * Two densities: full cards (named pod chips, one mark per memberlist member, every VIP) and,
 * past COMPACT_OVER machines, compact cards (counts instead of chips and marks) so 100 nodes
 * stay readable and cheap to draw.
 */
import type { BgpWorldView, MemberState, ViewMachine, ViewPod, WorldView } from '$lib/engine/observe/types';
import { type BgpFacts, type SessionLine, bgpFacts, bridgesLast, routerLineCount, sessionLines } from './layout-bgp';

/** More machines than this: compact cards. */
export const COMPACT_OVER = 12;

/** Pod apps that get their own coloured, named chip; every other pod is a small muted square. */
export const NAMED_APPS = ['webpod', 'speaker', 'controller'] as const;
export type NamedApp = (typeof NAMED_APPS)[number];

const PAD = 8;
/** The trunk's x and the first bus line's y (the gateway sits at the top of the trunk). */
export const TRUNK_X = 14;
const LABEL_Y = 14;
const GATEWAY_Y = 26;
/** Bus line to card top. */
const DROP = 12;
const GAP_X = 10;
const GAP_Y = 10;
/** Approximate advance of one character of the 11 px monospace font used for names and IPs. */
export const CHAR_W = 6.7;
const SMALL_CHAR_W = 6.1;

const FULL = { minW: 140, maxW: 236 } as const;
const COMPACT = { minW: 118, maxW: 150 } as const;

export interface Chip {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Named chips show a label; muted squares have none. */
  label: string;
  app: NamedApp | 'other';
  pod: string;
  ready: boolean;
}

export interface MemberMark {
  x: number;
  y: number;
  name: string;
  state: MemberState;
}

export interface VipBadge {
  x: number;
  y: number;
  w: number;
  ip: string;
  /** A router routes the VIP to this machine (BGP ECMP), rather than it answering ARP (L2). */
  bgp: boolean;
}

export interface Card {
  name: string;
  /** Name as drawn (shortened with … when it does not fit). */
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Where the drop meets the card (and packets enter/leave). */
  cx: number;
  /** The bus line of this card's row. */
  busY: number;
  row: number;
  col: number;
  /** Offsets inside the card (relative to x, y). */
  chips: Chip[];
  /** Other pods not drawn (compact: all of them are counted in the summary text instead). */
  hiddenPods: number;
  members: MemberMark[];
  badges: VipBadge[];
  /** VIPs owned but not drawn as a badge. */
  hiddenVips: number;
  /** The network whose bus this card hangs from ('kind', or the one behind the router). */
  net: string;
  /** Baseline of the BGP session line (nodes with a session, full cards), else null. */
  sessionY: number | null;
  /** Baseline of a router's first summary line (full cards), else null. */
  routerY: number | null;
}

export interface BusRow {
  busY: number;
  /** The bus line runs from the trunk to x1. */
  x1: number;
}

/** A network behind a bridging container: a short bus under the `kind` rows. */
export interface NetBus {
  name: string;
  subnet: string;
  gateway: string;
  busY: number;
  /** The bus runs from x0 to x1. */
  x0: number;
  x1: number;
  /** The label's start: right of the bridges' drops when it fits there, else at the left edge. */
  labelX: number;
  labelY: number;
  /** Drops from each bridging card's bottom down to this bus. */
  bridges: { name: string; x: number; y0: number }[];
}

/** Where a frame enters or leaves a machine on another network's bus (the router's eth1). */
export interface Anchor {
  x: number;
  y: number;
  busY: number;
}

/** The anchor key of a bridging machine's port on another network. */
export function portKey(machine: string, net: string): string {
  return `${machine}@${net}`;
}

export interface TopologyLayout {
  width: number;
  height: number;
  compact: boolean;
  cols: number;
  cardW: number;
  cardH: number;
  trunkX: number;
  labelY: number;
  gateway: { x: number; y: number };
  rows: BusRow[];
  cards: Card[];
  byName: Map<string, Card>;
  /** BGP sessions as curves from routers to nodes (drawn under the cards). */
  sessions: SessionLine[];
  nets: NetBus[];
  /** Bridging machines' ports on other networks, by portKey. */
  anchors: Map<string, Anchor>;
  /** The BGP world indexed (sessions by node, VIPs routed to each machine, routers). */
  facts: BgpFacts;
}

/** Lines of a card (baselines), relative to the card's top. */
export const LINES = { name: 15, state: 30, ip: 44, chips: 52 } as const;
export const CHIP_H = 16;
export const SQUARE = 8;
export const MARK = 10;
export const BADGE_H = 18;

/**
 * How many monospace cells a character takes. Hangul and CJK come from a fallback font and
 * arrows too: measured in Chromium with the lab's fonts, about 1.5 and 1.4 cells wide; counting
 * them as one let Korean lines run out of their card.
 */
function cells(ch: string): number {
  const c = ch.codePointAt(0) ?? 0;
  if ((c >= 0x1100 && c <= 0x11ff) || (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef)) return 1.6;
  if (c >= 0x2190 && c <= 0x21ff) return 1.4;
  return 1;
}

export function textWidth(text: string, small = false): number {
  let n = 0;
  for (const ch of text) n += cells(ch);
  return n * (small ? SMALL_CHAR_W : CHAR_W);
}

/** `text` cut to fit `width` px, with an ellipsis when cut. */
export function fit(text: string, width: number, small = false): string {
  const per = small ? SMALL_CHAR_W : CHAR_W;
  const max = Math.max(1, Math.floor(width / per));
  if (textWidth(text, small) <= max * per) return text;
  // keep characters while they and the ellipsis fit
  let used = 1;
  let out = '';
  for (const ch of text) {
    const w = cells(ch);
    if (used + w > max) break;
    used += w;
    out += ch;
  }
  return (out || [...text][0]) + '…';
}

/**
 * The colour group of a pod: its `app` label (webpod), or for MetalLB's pods, which all carry
 * `app: metallb`, the component their name starts with (speaker-…, controller-…).
 */
export function podApp(p: Pick<ViewPod, 'name' | 'namespace' | 'app'>): NamedApp | 'other' {
  if ((NAMED_APPS as readonly string[]).includes(p.app ?? '')) return p.app as NamedApp;
  if (p.app === 'metallb' || p.namespace === 'metallb-system') {
    if (p.name.startsWith('speaker')) return 'speaker';
    if (p.name.startsWith('controller')) return 'controller';
  }
  return 'other';
}

/** A chip's text: the pod name for webpods, the app for MetalLB's pods (their names are random). */
export function chipLabel(podName: string, app: NamedApp): string {
  return app === 'webpod' ? podName : app;
}

/** Places items of the given widths left to right, wrapping at `width`. */
function flow(widths: number[], width: number, gap: number): { x: number; line: number }[] {
  const out: { x: number; line: number }[] = [];
  let x = 0;
  let line = 0;
  for (const w of widths) {
    if (x > 0 && x + w > width) {
      x = 0;
      line++;
    }
    out.push({ x, line });
    x += w + gap;
  }
  return out;
}

interface Inner {
  chips: Chip[];
  hiddenPods: number;
  members: MemberMark[];
  badges: VipBadge[];
  hiddenVips: number;
  sessionY: number | null;
  routerY: number | null;
  h: number;
}

/** The small "BGP" tag inside a BGP badge, before the IP. */
export const BGP_TAG = 'BGP';
export const BGP_TAG_W = Math.ceil(BGP_TAG.length * SMALL_CHAR_W) + 4;
export const ROUTER_LINE_H = 14;

/** A machine's VIPs as badges want them: the ones it answers ARP for, then the ones routed to it. */
function vipList(m: ViewMachine, facts: BgpFacts): { ip: string; bgp: boolean }[] {
  const l2 = m.owns.map((ip) => ({ ip, bgp: false }));
  const bgp = (facts.routed.get(m.name) ?? []).filter((ip) => !m.owns.includes(ip)).map((ip) => ({ ip, bgp: true }));
  return [...l2, ...bgp];
}

function badgeWidth(v: { ip: string; bgp: boolean }): number {
  return textWidth(v.ip) + 12 + (v.bgp ? BGP_TAG_W : 0);
}

/** The inside of a full card of width w. */
function fullInner(m: ViewMachine, w: number, facts: BgpFacts): Inner {
  const inner = w - 12;
  let y = LINES.chips;
  const chips: Chip[] = [];
  let hiddenPods = 0;
  if (m.pods.length) {
    const named = m.pods.filter((p) => podApp(p) !== 'other');
    const others = m.pods.filter((p) => podApp(p) === 'other');
    const widths = named.map((p) => textWidth(chipLabel(p.name, podApp(p) as NamedApp), true) + 10);
    const placed = flow(widths, inner, 4);
    named.forEach((p, i) => {
      const app = podApp(p) as NamedApp;
      chips.push({ x: 6 + placed[i].x, y: y + placed[i].line * (CHIP_H + 3), w: widths[i], h: CHIP_H, label: fit(chipLabel(p.name, app), inner - 10, true), app, pod: `${p.namespace}/${p.name}`, ready: p.ready });
    });
    const lines = named.length ? placed[placed.length - 1].line + 1 : 0;
    // muted squares on a line of their own, as many as fit, the rest counted
    const sy = y + lines * (CHIP_H + 3) + (CHIP_H - SQUARE) / 2;
    const room = Math.max(0, Math.floor((inner - 34 + 3) / (SQUARE + 3)));
    const shown = others.length <= room ? others.length : Math.max(0, room - 1);
    others.slice(0, shown).forEach((p, i) => chips.push({ x: 6 + i * (SQUARE + 3), y: sy, w: SQUARE, h: SQUARE, label: '', app: 'other', pod: `${p.namespace}/${p.name}`, ready: p.ready }));
    hiddenPods = others.length - shown;
    y += (lines + (others.length ? 1 : 0)) * (CHIP_H + 3);
  }
  const members: MemberMark[] = [];
  if (m.speaker?.members.length) {
    // label "ml" then one mark per member; wraps
    const per = Math.max(1, Math.floor((inner - 22) / (MARK + 2)));
    m.speaker.members.forEach((mem, i) =>
      members.push({ x: 6 + 22 + (i % per) * (MARK + 2), y: y + 2 + Math.floor(i / per) * (MARK + 3), name: mem.name, state: mem.state })
    );
    y += Math.ceil(m.speaker.members.length / per) * (MARK + 3) + 3;
  }
  let sessionY: number | null = null;
  if (facts.sessionOf.has(m.name)) {
    sessionY = y + 11;
    y += 16;
  }
  let routerY: number | null = null;
  const lines = routerLineCount(facts.routers.get(m.name));
  if (lines) {
    routerY = y + 11;
    y += lines * ROUTER_LINE_H + 2;
  }
  const badges: VipBadge[] = [];
  const vips = vipList(m, facts);
  if (vips.length) {
    const widths = vips.map((v) => Math.min(inner, badgeWidth(v)));
    const placed = flow(widths, inner, 4);
    vips.forEach((v, i) => badges.push({ x: 6 + placed[i].x, y: y + placed[i].line * (BADGE_H + 3), w: widths[i], ip: v.ip, bgp: v.bgp }));
    y += (placed[placed.length - 1].line + 1) * (BADGE_H + 3);
  }
  return { chips, hiddenPods, members, badges, hiddenVips: 0, sessionY, routerY, h: y + 4 };
}

/** Compact cards: name, state, one summary line (pods, memberlist), at most one VIP badge. */
export const COMPACT_LINES = { name: 14, state: 28, summary: 42, badge: 48 } as const;

function compactInner(m: ViewMachine, w: number, anyVips: boolean, facts: BgpFacts): Inner {
  const badges: VipBadge[] = [];
  const vips = vipList(m, facts);
  if (vips.length) badges.push({ x: 6, y: COMPACT_LINES.badge, w: Math.min(w - 12, badgeWidth(vips[0])), ip: vips[0].ip, bgp: vips[0].bgp });
  return {
    chips: [],
    hiddenPods: m.pods.length,
    members: [],
    badges,
    hiddenVips: Math.max(0, vips.length - 1),
    sessionY: null,
    routerY: null,
    h: anyVips ? COMPACT_LINES.badge + BADGE_H + 6 : COMPACT_LINES.summary + 8
  };
}

/** Room under the last `kind` row for same-row session curves, and for the other bus's label. */
const SESSION_DIP = 16;
const NET_LABEL = 18;

export interface LayoutOptions {
  /** Force compact cards. */
  compact?: boolean;
}

/**
 * Lays the machines of a world out in `width` px: the `kind` machines in rows (bridging
 * machines such as the router last), then each network behind a bridge as its own bus with its
 * machines in rows below it.
 */
export function layoutTopology(world: Pick<WorldView, 'machines'> & { bgp?: BgpWorldView }, width: number, opts: LayoutOptions = {}): TopologyLayout {
  const facts = bgpFacts(world.bgp);
  const kindMachines = bridgesLast(world.machines, facts);
  const nets = (world.bgp?.networks ?? []).filter((n) => n.machines.length || n.bridges.some((b) => kindMachines.some((m) => m.name === b.name)));
  const all = [...kindMachines, ...nets.flatMap((n) => n.machines)];
  const compact = opts.compact ?? all.length > COMPACT_OVER;
  const size = compact ? COMPACT : FULL;
  const left = TRUNK_X + 10;
  const avail = Math.max(size.minW, Math.floor(width) - left - PAD);
  const cols = Math.max(1, Math.min(Math.max(1, kindMachines.length), Math.floor((avail + GAP_X) / (size.minW + GAP_X))));
  const cardW = Math.min(size.maxW, Math.floor((avail - GAP_X * (cols - 1)) / cols));
  const anyVips = all.some((m) => m.owns.length > 0 || facts.routed.has(m.name));
  const inners = new Map(all.map((m) => [m, compact ? compactInner(m, cardW, anyVips, facts) : fullInner(m, cardW, facts)]));
  const cardH = Math.max(compact ? 0 : 64, ...[...inners.values()].map((i) => i.h));

  const cards: Card[] = [];
  const rows: BusRow[] = [];
  const place = (m: ViewMachine, net: string, row: number, col: number, top: number, busY: number): Card => {
    const x = left + col * (cardW + GAP_X);
    const { chips, hiddenPods, members, badges, hiddenVips, sessionY, routerY } = inners.get(m)!;
    const card: Card = { name: m.name, label: fit(m.name, cardW - 12), x, y: top, w: cardW, h: cardH, cx: x + Math.round(cardW / 2), busY, row, col, chips, hiddenPods, members, badges, hiddenVips, net, sessionY, routerY };
    cards.push(card);
    return card;
  };
  const rowCount = Math.ceil(kindMachines.length / cols);
  let busY = GATEWAY_Y + 10;
  for (let r = 0; r < rowCount; r++) {
    const top = busY + DROP;
    let x1 = TRUNK_X;
    for (let c = 0; c < cols; c++) {
      const m = kindMachines[r * cols + c];
      if (!m) break;
      x1 = place(m, 'kind', r, c, top, busY).cx;
    }
    rows.push({ busY, x1 });
    busY = top + cardH + GAP_Y + 8;
  }
  const byKind = new Map(cards.map((c) => [c.name, c]));
  const sessions = sessionLines(facts, byKind, SESSION_DIP);
  let bottom = cards.length ? cards[cards.length - 1].y + cardH : GATEWAY_Y + 10;
  if (sessions.length) bottom += SESSION_DIP;

  const netBuses: NetBus[] = [];
  const anchors = new Map<string, Anchor>();
  let row = rowCount;
  for (const n of nets) {
    const labelY = bottom + NET_LABEL;
    const nBusY = labelY + 10;
    const bridges = n.bridges.flatMap((b) => {
      const c = byKind.get(b.name);
      return c ? [{ name: b.name, x: c.cx, y0: c.y + c.h }] : [];
    });
    let x0 = Math.min(left, ...bridges.map((b) => b.x));
    let x1 = Math.max(x0, ...bridges.map((b) => b.x));
    const netRows = Math.ceil(n.machines.length / cols);
    let top = nBusY + DROP;
    for (let r = 0; r < netRows; r++) {
      for (let c = 0; c < cols; c++) {
        const m = n.machines[r * cols + c];
        if (!m) break;
        const card = place(m, n.name, row + r, c, top, nBusY);
        x0 = Math.min(x0, card.cx);
        x1 = Math.max(x1, card.cx);
      }
      top += cardH + GAP_Y;
    }
    row += netRows;
    for (const b of bridges) anchors.set(portKey(b.name, n.name), { x: b.x, y: b.y0, busY: nBusY });
    const label = `${n.name} ${n.subnet} · ${n.bridges.map((b) => b.name).join(', ')}`;
    const right = Math.max(left, ...bridges.map((b) => b.x + 8));
    // the drawn text adds a word or two ("behind") to this estimate: 60 px of slack
    const labelX = right + textWidth(label) + 60 <= Math.max(Math.floor(width), left + cols * cardW) ? right : TRUNK_X + 10;
    netBuses.push({ name: n.name, subnet: n.subnet, gateway: n.gateway, busY: nBusY, x0, x1, labelX, labelY, bridges });
    bottom = netRows ? top - GAP_Y : nBusY + 4;
  }
  const height = bottom + PAD;
  const layoutWidth = Math.max(Math.floor(width), left + cols * cardW + (cols - 1) * GAP_X + PAD);
  return {
    width: layoutWidth,
    height,
    compact,
    cols,
    cardW,
    cardH,
    trunkX: TRUNK_X,
    labelY: LABEL_Y,
    gateway: { x: TRUNK_X, y: GATEWAY_Y },
    rows,
    cards,
    byName: new Map(cards.map((c) => [c.name, c])),
    sessions,
    nets: netBuses,
    anchors,
    facts
  };
}

/** The card a keyboard arrow moves to from card `i` (row-major grid of `cols`), or i. */
export function neighbour(i: number, key: string, count: number, cols: number): number {
  switch (key) {
    case 'ArrowRight':
      return Math.min(count - 1, i + 1);
    case 'ArrowLeft':
      return Math.max(0, i - 1);
    case 'ArrowDown':
      return i + cols < count ? i + cols : i;
    case 'ArrowUp':
      return i - cols >= 0 ? i - cols : i;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return i;
  }
}
