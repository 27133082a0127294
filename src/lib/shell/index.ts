export { LabShell, decodeStdin, type ShellOptions } from './shell';
export { splitCommands, isComplete } from './split';
export type { CommandResult, LabCommand, ShellContext } from './types';
