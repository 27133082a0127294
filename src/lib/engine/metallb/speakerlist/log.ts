/**
 * Where the log lines come from. MetalLB passes memberlist a standard-library logger with
 * Lshortfile and parses "file.go:N: [LEVEL] text" back into caller, level and msg
 * (`internal/speakerlist/log.go`), so memberlist's lines carry memberlist's own file:line.
 * The line numbers are close to hashicorp/memberlist v0.5.1's and MetalLB v0.14.8's call sites
 * but were not taken from those exact tags: treat them as plausible, not authoritative.
 */
export type MemberlistLogLevel = 'debug' | 'info' | 'warn' | 'error';

export const ML_CALLER = {
  failedUdpPing: 'state.go:349',
  failedSendPing: 'state.go:317',
  failedSendCompound: 'state.go:338',
  failedSendIndirect: 'state.go:391',
  failedFallback: 'state.go:414',
  tcpButNotUdp: 'state.go:435',
  suspectFailed: 'state.go:456',
  gossipSendFailed: 'state.go:611',
  pushPullFailed: 'state.go:642',
  updatingAddress: 'state.go:1066',
  conflictingAddress: 'state.go:1070',
  refuteAlive: 'state.go:1121',
  refuteSuspect: 'state.go:1186',
  markFailed: 'state.go:1239',
  refuteDead: 'state.go:1276',
  streamConnection: 'net.go:222',
  failedReceive: 'net.go:242',
  readRemoteState: 'net.go:274',
  invalidMsgType: 'net.go:316',
  unexpectedStreamPing: 'net.go:300',
  decryptFailed: 'net.go:340',
  badChecksum: 'net.go:367',
  unsupportedMsg: 'net.go:404',
  decodeFailed: 'net.go:436',
  unexpectedPing: 'net.go:582',
  failedSendAck: 'net.go:605',
  failedForwardAck: 'net.go:657',
  failedSendIndirectPing: 'net.go:672',
  failedSendNack: 'net.go:688',
  compoundTruncated: 'net.go:745',
  initiatingPushPull: 'net.go:1003',
  bindError: 'memberlist.go:215',
  failedResolve: 'memberlist.go:243',
  failedJoin: 'memberlist.go:257',
  leaveNotInMap: 'memberlist.go:636'
} as const;

/** MetalLB v0.14.8 `internal/speakerlist/speakerlist.go` call sites. */
export const SL_CALLER = {
  disabled: 'speakerlist.go:64',
  bindPort: 'speakerlist.go:80',
  noSecret: 'speakerlist.go:89',
  createFailed: 'speakerlist.go:108',
  podIPs: 'speakerlist.go:152',
  podIPsRefresh: 'speakerlist.go:180',
  partialJoin: 'speakerlist.go:256',
  joined: 'speakerlist.go:258',
  triggering: 'speakerlist.go:271',
  inProgress: 'speakerlist.go:273',
  leaving: 'speakerlist.go:301',
  left: 'speakerlist.go:303',
  shutdown: 'speakerlist.go:305',
  nodeEvent: 'speakerlist.go:313'
} as const;
