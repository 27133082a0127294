/** BGP-4 messages as bytes: `encode*` builds what goes on the wire, `decodeMessage` reads it back. */
export * from './constants';
export * from './types';
export { frameMessage, checkHeader } from './header';
export * from './open';
export { encodeUpdate, encodeEndOfRib } from './update';
export { encodeNotification, notifyCodeName, notifySubcodeName, notifyText } from './notification';
export { encodeKeepalive, encodeRouteRefresh, decodeMessage, MessageReader } from './decode';
export { encodeAttributes, decodeAttributes } from './attributes';
export { describeBgp } from './describe';
