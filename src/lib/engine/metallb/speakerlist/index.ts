/** MetalLB's speakerlist and the hashicorp/memberlist failure detector under it. */
export { SpeakerList, createSpeakerList, speakerListLogTo, JOIN_INTERVAL_MS, SPEAKER_IPS_REFRESH_MS, LEAVE_TIMEOUT_MS, type SpeakerListOptions, type SpeakerListLog, type SpeakerListLogFields, type SpeakerListEvent, type CreateSpeakerListResult } from './speakerlist';
export {
  Memberlist,
  createMemberlist,
  type MemberlistDeps,
  type MemberlistSim,
  type MemberEventType,
  type MemberNode,
  type MemberInfo,
  type EventDelegate,
  type MemberlistLogger,
  type JoinResult,
  type CreateResult
} from './memberlist';
export { type MemberlistConfig, defaultLANConfig, DEFAULT_MEMBERLIST_PORT, MEMBERLIST_VSN, goDuration } from './config';
export { suspicionTimeout, suspicionK, suspicionTotalMs, suspicionTable, Suspicion } from './suspicion';
export { Awareness } from './awareness';
export { TransmitLimitedQueue, retransmitLimit } from './broadcast';
export { ProcessTimers, TimerGroup, type ProcTimer } from './timers';
export { MSG, type Message, type NodeStateType, encodeMessage, decodeMessage, ENCRYPT_OVERHEAD } from './messages';
export { ML_CALLER, SL_CALLER, type MemberlistLogLevel } from './log';
