/**
 * `docker exec -it myk8s-worker bash`: a shell inside a container that reads the learner's next
 * lines until `exit` or Ctrl-D. The LabShell runs each line with the container's environment
 * (HOSTNAME names the container, so every lab command runs there) in the shell's own working
 * directory, which `cd` moves; the host's environment and directory are left as they were.
 *
 * The prompt is the image's default for that shell, as an interactive root shell prints it:
 * Debian's bash (kind nodes) `root@myk8s-worker:/# ` from /etc/bash.bashrc's PS1 `\u@\h:\w\$ `,
 * Debian's dash `# `; Alpine's bash (netshoot, FRR) `mypc:~# ` from /etc/bash/bashrc's
 * `\h:\w\$ `, and BusyBox ash `~ # ` (its default `\w \$ `). zsh is not modelled: netshoot's
 * zsh starts a themed prompt this lab does not reproduce.
 */
import { shellQuote } from './docker/exec';
import type { InteractiveOutput, InteractiveSession } from './interactive';

export type ShellFlavour = 'debian-bash' | 'debian-dash' | 'alpine-bash' | 'busybox-ash';

/** `\w`: the working directory, the home directory as `~`. */
function tildeDir(cwd: string, home: string): string {
  if (cwd === home) return '~';
  return cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
}

export class ContainerShell implements InteractiveSession {
  /** bash (and ash) read these lines as a shell would: continuation lines, word completion. */
  readonly bashLike = true;
  /** `$?` of the shell's last line: what `docker exec` exits with after `exit` or Ctrl-D. */
  lastExitCode = 0;

  constructor(
    /** The container's name, for the trace. */
    readonly container: string,
    /** The name the shell was started as (`bash`, `/bin/sh`). */
    readonly program: string,
    readonly flavour: ShellFlavour,
    /** The container's hostname, for the prompt. */
    readonly hostname: string,
    /** The environment lines run with (HOSTNAME, PATH, HOME…); `export` adds to it. */
    public env: Record<string, string>,
    public cwd: string
  ) {}

  prompt(): string {
    const home = this.env.HOME ?? '/root';
    switch (this.flavour) {
      case 'debian-bash':
        return `root@${this.hostname}:${tildeDir(this.cwd, home)}# `;
      case 'debian-dash':
        return '# ';
      case 'alpine-bash':
        return `${this.hostname}:${tildeDir(this.cwd, home)}# `;
      case 'busybox-ash':
        return `${tildeDir(this.cwd, home)} # `;
    }
  }

  /** The LabShell runs the lines itself (see LabShell.runInContainerShell). */
  run(): Promise<InteractiveOutput> {
    return Promise.resolve({ output: '', done: false });
  }

  eof(): Promise<InteractiveOutput> {
    return Promise.resolve({ output: '', done: true });
  }

  /** What bash prints when it leaves (to stderr): `exit`, for bash only. */
  farewell(): string {
    return this.flavour === 'debian-bash' || this.flavour === 'alpine-bash' ? 'exit\n' : '';
  }

  traceLine(line: string): string | null {
    return `docker exec ${this.container} ${this.program} -c ${shellQuote(line)}`;
  }
}

/** `exit`, `exit 3`, `logout`: the line that ends the shell, with its status (null: the last). */
export function exitLine(line: string): { code: number | null } | null {
  const m = /^\s*(?:exit|logout)(?:\s+(\d+))?\s*;?\s*$/.exec(line);
  if (!m) return null;
  return { code: m[1] === undefined ? null : Number(m[1]) & 255 };
}
