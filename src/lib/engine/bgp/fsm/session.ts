/**
 * One BGP session: the RFC 4271 §8 finite state machine over a modelled TCP connection to port
 * 179, on the simulation's scheduler. Every message it sends is real bytes through the host's
 * TCP stack, so it crosses the bridge as frames and lands in the capture.
 *
 *   Idle → Connect (dialling) → OpenSent (OPEN sent, hold = 4 min) → OpenConfirm (peer's OPEN
 *   accepted, KEEPALIVE sent) → Established (peer's KEEPALIVE arrived; UPDATEs flow)
 *   A refused or failed dial waits in Active for the next try; an accepted incoming connection
 *   jumps from Connect/Active to OpenSent.
 *
 * Simplifications: no DelayOpen, no damping; a connection collision keeps the existing
 * connection and refuses the new one with Cease/Connection Collision Resolution.
 */
import { connect, type ConnectHandle, type TcpSim, type TcpSocket } from '../../apps/tcp';
import type { NetHost } from '../../net/host';
import type { Timer } from '../../sim/scheduler';
import {
  AFI_IPV4,
  AFI_IPV6,
  BGP_PORT,
  BGP_VERSION,
  CAP_AS4,
  CEASE_ADMIN_SHUTDOWN,
  CEASE_COLLISION,
  ERR_CEASE,
  ERR_FSM,
  ERR_HOLD_TIMER,
  ERR_OPEN,
  MessageReader,
  OPEN_BAD_PEER_AS,
  SAFI_UNICAST,
  as4Capability,
  decodeMessage,
  encodeKeepalive,
  encodeNotification,
  encodeOpen,
  hasCapability,
  mpCapability,
  myAsField,
  notifyText,
  openAsn,
  routeRefreshCapability,
  type BgpError,
  type BgpMessage,
  type OpenMessage
} from '../messages';
import { IDLE_RESTART_MS, LARGE_HOLD_MS, keepaliveFor, negotiateHold } from './timers';
import { type BgpState, type MessageCounts, type SessionConfig, type SessionHooks, emptyCounts } from './types';

export class BgpSession {
  readonly cfg: SessionConfig;
  private readonly host: NetHost;
  private readonly sim: TcpSim;
  private readonly hooks: SessionHooks;
  private readonly note: (text: string) => void;

  state: BgpState = 'Idle';
  /** Administratively down (never started, stopped, or its process killed): no auto-restart. */
  private adminDown = true;
  private socket: TcpSocket | null = null;
  private dial: ConnectHandle | null = null;
  private reader = new MessageReader();
  private connectRetryTimer: Timer | null = null;
  private holdTimer: Timer | null = null;
  private keepaliveTimer: Timer | null = null;
  private restartTimer: Timer | null = null;
  private attempts = 0;

  /** Negotiated values, set when the peer's OPEN is accepted. */
  holdS = 0;
  keepaliveS = 0;
  as4 = false;
  peerOpen: OpenMessage | null = null;
  readonly sent: MessageCounts = emptyCounts();
  readonly rcvd: MessageCounts = emptyCounts();
  upSince: number | null = null;
  lastRead: number | null = null;
  lastWrite: number | null = null;
  lastResetAt: number | null = null;
  lastReset = '';
  established = 0;
  dropped = 0;
  localIp = 0;
  localPort = 0;
  remotePort = 0;
  /** When the hold timer will fire, for the timeline (null when not running). */
  holdExpiresAt: number | null = null;

  constructor(host: NetHost, sim: TcpSim, cfg: SessionConfig, hooks: SessionHooks = {}, note: (text: string) => void = () => {}) {
    this.host = host;
    this.sim = sim;
    this.cfg = cfg;
    this.hooks = hooks;
    this.note = note;
  }

  private now(): number {
    return this.sim.scheduler.now();
  }

  private after(ms: number, label: string, fn: () => void): Timer {
    return this.sim.scheduler.after(ms, `${this.host.name} bgp ${label}`, fn);
  }

  // ------------------------------------------------------------------ events from the owner

  /** ManualStart (§8.1.2 Event 1), or the automatic restart after a drop. */
  start(): void {
    this.adminDown = false;
    this.restartTimer?.cancel();
    this.restartTimer = null;
    if (this.state !== 'Idle') return;
    if (this.cfg.passive) {
      this.setState('Active');
      return;
    }
    this.setState('Connect');
    this.dialNow();
  }

  /** ManualStop (Event 2): Cease NOTIFICATION if a connection is open, then Idle for good. */
  stop(subcode = CEASE_ADMIN_SHUTDOWN): void {
    this.adminDown = true;
    if (this.socket && this.state !== 'Idle') this.sendNotification(ERR_CEASE, subcode);
    this.toIdle(`due to NOTIFICATION sent (${notifyText(ERR_CEASE, subcode)})`, false);
  }

  /** The process exits on its own (closing its sockets: FIN, no NOTIFICATION), e.g. MetalLB's speaker on SIGTERM. */
  close(): void {
    this.adminDown = true;
    this.toIdle('Process exited', false);
  }

  /** The process died (SIGKILL): nothing more goes out, not even a FIN. */
  kill(): void {
    this.adminDown = true;
    this.socket = null;
    this.toIdle('Process killed', false);
  }

  /** The speaker's listener handed us an incoming connection from this peer. */
  accept(socket: TcpSocket): void {
    if (this.cfg.activeOnly || this.adminDown || this.state === 'Idle') {
      socket.close();
      return;
    }
    if (this.state === 'Connect' || this.state === 'Active') {
      this.dial?.cancel();
      this.dial = null;
      this.connectRetryTimer?.cancel();
      this.connectRetryTimer = null;
      this.attach(socket);
      this.sendOpen();
      return;
    }
    // Collision with a connection that already got further: keep ours (§6.8, simplified).
    socket.write(encodeNotification(ERR_CEASE, CEASE_COLLISION));
    socket.close();
  }

  /** Send an UPDATE (already encoded for this session's AS4 mode); false unless Established. */
  sendUpdate(bytes: Uint8Array): boolean {
    if (this.state !== 'Established' || !this.socket) return false;
    this.write(bytes);
    this.sent.updates++;
    return true;
  }

  // ------------------------------------------------------------------ TCP

  private dialNow(): void {
    this.dial = connect(this.host, this.cfg.peerIp, this.cfg.port ?? BGP_PORT, { sim: this.sim, owner: this.cfg.owner, timeoutMs: 10_000 }, (r) => {
      this.dial = null;
      if (this.state !== 'Connect' && this.state !== 'Active') {
        if (r.ok) r.socket.close();
        return;
      }
      if (!r.ok) {
        this.note(`connect to peer failed: ${r.error}`);
        this.setState('Active');
        this.scheduleRetry();
        return;
      }
      this.attempts = 0;
      this.attach(r.socket);
      this.sendOpen();
    });
  }

  private scheduleRetry(): void {
    this.connectRetryTimer?.cancel();
    const delay = this.cfg.retryDelayMs(this.attempts++);
    this.connectRetryTimer = this.after(delay, 'ConnectRetry', () => {
      this.connectRetryTimer = null;
      if (this.state !== 'Active' && this.state !== 'Connect') return;
      this.setState('Connect');
      this.dialNow();
    });
  }

  private attach(socket: TcpSocket): void {
    this.socket = socket;
    this.reader = new MessageReader();
    this.localIp = socket.localIp;
    this.localPort = socket.localPort;
    this.remotePort = socket.remotePort;
    socket.on('data', (d) => {
      if (this.socket === socket) this.input(d);
    });
    socket.on('end', () => {
      if (this.socket !== socket) return;
      this.toIdle('Peer closed the session', true);
    });
    socket.on('close', (err) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.toIdle(err ? `TCP connection error (${err})` : 'Peer closed the session', true);
    });
  }

  private write(bytes: Uint8Array): void {
    this.socket?.write(bytes);
    this.lastWrite = this.now();
  }

  // ------------------------------------------------------------------ sending

  private sendOpen(): void {
    const caps =
      this.cfg.style === 'metallb'
        ? [mpCapability(AFI_IPV4, SAFI_UNICAST), mpCapability(AFI_IPV6, SAFI_UNICAST), as4Capability(this.cfg.localAs)]
        : [mpCapability(AFI_IPV4, SAFI_UNICAST), routeRefreshCapability(), as4Capability(this.cfg.localAs)];
    this.write(
      encodeOpen({
        version: BGP_VERSION,
        myAs: myAsField(this.cfg.localAs),
        holdTime: this.cfg.holdTimeS,
        bgpId: this.cfg.localId,
        capabilities: caps,
        packing: this.cfg.style === 'metallb' ? 'single' : 'per-capability'
      })
    );
    this.sent.opens++;
    this.setState('OpenSent');
    // §8.2.2: a large hold time while the peer's OPEN is awaited
    this.armHold(LARGE_HOLD_MS);
  }

  private sendKeepalive(): void {
    this.write(encodeKeepalive());
    this.sent.keepalives++;
  }

  private sendNotification(code: number, subcode: number, data?: Uint8Array): void {
    if (!this.socket) return;
    this.write(encodeNotification(code, subcode, data));
    this.sent.notifications++;
    this.hooks.notification?.({ type: 'notification', code, subcode, data: data ?? new Uint8Array(0) }, true);
  }

  // ------------------------------------------------------------------ timers

  private armHold(ms: number): void {
    this.holdTimer?.cancel();
    this.holdTimer = null;
    this.holdExpiresAt = null;
    if (ms <= 0 || (!this.cfg.enforceHold && this.state === 'Established')) return;
    this.holdExpiresAt = this.now() + ms;
    this.holdTimer = this.after(ms, 'HoldTimer', () => {
      this.holdTimer = null;
      this.holdExpiresAt = null;
      this.note(`hold timer expired (${ms / 1000} s without a message)`);
      this.sendNotification(ERR_HOLD_TIMER, 0);
      this.toIdle(`due to NOTIFICATION sent (${notifyText(ERR_HOLD_TIMER, 0)})`, true);
    });
  }

  private startKeepalives(): void {
    this.keepaliveTimer?.cancel();
    this.keepaliveTimer = null;
    if (this.keepaliveS <= 0) return;
    this.keepaliveTimer = this.sim.scheduler.every(this.keepaliveS * 1000, `${this.host.name} bgp KeepaliveTimer`, () => {
      if (this.state === 'OpenConfirm' || this.state === 'Established') this.sendKeepalive();
    });
  }

  // ------------------------------------------------------------------ receiving

  private input(data: Uint8Array): void {
    this.lastRead = this.now();
    const r = this.reader.push(data);
    for (const raw of r.messages) {
      if (!this.socket) return;
      const m = decodeMessage(raw, { as4: this.as4 });
      if (!m.ok) return this.fail(m.error);
      this.handle(m.msg);
    }
    if (r.error && this.socket) this.fail(r.error);
  }

  private fail(e: BgpError): void {
    this.note(`bad message from peer: ${e.reason}`);
    this.sendNotification(e.code, e.subcode, e.data);
    this.toIdle(`due to NOTIFICATION sent (${notifyText(e.code, e.subcode)})`, true);
  }

  private handle(m: BgpMessage): void {
    if (m.type === 'notification') {
      this.rcvd.notifications++;
      this.hooks.notification?.(m, false);
      this.toIdle(`due to NOTIFICATION received (${notifyText(m.code, m.subcode)})`, true);
      return;
    }
    switch (this.state) {
      case 'OpenSent':
        if (m.type !== 'open') return this.fsmError(1);
        this.rcvd.opens++;
        return this.receiveOpen(m);
      case 'OpenConfirm':
        if (m.type !== 'keepalive') return this.fsmError(2);
        this.rcvd.keepalives++;
        this.setState('Established');
        this.upSince = this.now();
        this.established++;
        this.armHold(this.holdS * 1000);
        this.hooks.established?.();
        return;
      case 'Established':
        if (m.type === 'open') return this.fsmError(3);
        if (m.type === 'keepalive') this.rcvd.keepalives++;
        if (m.type === 'route-refresh') this.rcvd.routeRefresh++;
        this.armHold(this.holdS * 1000);
        if (m.type === 'update') {
          this.rcvd.updates++;
          this.hooks.update?.(m);
        }
        return;
      default:
        return;
    }
  }

  private receiveOpen(o: OpenMessage): void {
    const asn = openAsn(o);
    const wrong = this.cfg.peerAs === 'external' ? asn === this.cfg.localAs : asn !== this.cfg.peerAs;
    if (wrong) {
      // §6.2: Bad Peer AS; the data is the AS the peer sent
      return this.fail({ code: ERR_OPEN, subcode: OPEN_BAD_PEER_AS, data: Uint8Array.of(o.myAs >> 8, o.myAs & 0xff), reason: `unexpected peer ASN ${asn}, want ${this.cfg.peerAs}` });
    }
    this.peerOpen = o;
    this.hooks.openReceived?.(o);
    this.as4 = hasCapability(o, CAP_AS4);
    this.holdS = negotiateHold(this.cfg.holdTimeS, o.holdTime);
    this.keepaliveS = keepaliveFor(this.holdS, this.cfg.keepaliveS);
    this.sendKeepalive();
    this.setState('OpenConfirm');
    this.armHold(this.holdS * 1000);
    this.startKeepalives();
  }

  /** RFC 6608: Finite State Machine Error, subcode = the state the unexpected message came in. */
  private fsmError(subcode: number): void {
    this.sendNotification(ERR_FSM, subcode);
    this.toIdle(`due to NOTIFICATION sent (${notifyText(ERR_FSM, subcode)})`, true);
  }

  // ------------------------------------------------------------------ going down

  private toIdle(reason: string, restart: boolean): void {
    const wasEstablished = this.state === 'Established';
    const hadSession = this.state !== 'Idle';
    this.holdTimer?.cancel();
    this.keepaliveTimer?.cancel();
    this.connectRetryTimer?.cancel();
    this.holdTimer = this.keepaliveTimer = this.connectRetryTimer = null;
    this.holdExpiresAt = null;
    this.dial?.cancel();
    this.dial = null;
    const s = this.socket;
    this.socket = null;
    s?.close();
    if (hadSession) this.setState('Idle');
    if (wasEstablished) {
      this.dropped++;
      this.upSince = null;
    }
    // a reset is remembered only when a connection existed (FRR's "Last reset", Up/Down)
    if (hadSession && (wasEstablished || (s !== null && reason.startsWith('due to')))) {
      this.lastReset = reason;
      this.lastResetAt = this.now();
    }
    this.peerOpen = wasEstablished || this.state === 'Idle' ? null : this.peerOpen;
    this.as4 = false;
    if (hadSession) this.hooks.down?.(reason, wasEstablished);
    if (restart && !this.adminDown) {
      this.restartTimer?.cancel();
      this.restartTimer = this.after(IDLE_RESTART_MS, 'IdleHoldTimer', () => {
        this.restartTimer = null;
        if (!this.adminDown) this.start();
      });
    }
  }

  private setState(to: BgpState): void {
    if (to === this.state) return;
    const from = this.state;
    this.state = to;
    this.note(`${from} -> ${to}`);
    this.hooks.stateChange?.(from, to);
  }
}
