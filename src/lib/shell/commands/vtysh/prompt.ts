/** What vtysh prints before it reads: the banner (vty_hello) and the prompt of each node. */
import type { CliState } from './state';

/** What follows the hostname in vtysh's prompt, per node. */
export const PROMPT: Record<CliState['node'], string> = { enable: '#', config: '(config)#', bgp: '(config-router)#', af: '(config-router-af)#' };

/** vty_hello(): what the interactive loop prints when it starts. */
export const BANNER = `\nHello, this is FRRouting (version 10.5.3).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.\n\n`;

/** The prompt readline shows before the next line, with its trailing space (`router(config)# `). */
export const promptOf = (state: CliState): string => `${state.bgpd.config.hostname}${PROMPT[state.node]} `;
