import { Bash } from 'just-bash';

/** just-bash's AST of a script (what its `parse` returns). */
export type ScriptAst = ReturnType<Bash['transform']>['ast'];

let parser: Bash | null = null;

/**
 * Parse a script with just-bash's parser; throws on a syntax error, as `parse` does.
 * just-bash's browser bundle does not export `parse`, but `Bash#transform` runs the same parser
 * (with the instance's source limits), so this works in the browser and in Node alike.
 */
export function parseScript(script: string): ScriptAst {
  parser ??= new Bash();
  return parser.transform(script).ast;
}
