import { parseArgs } from 'node:util';

// Every command reads its options here, before it loads anything: --help prints the usage and an
// unknown option is refused, so neither ever starts the real job.

type Option = { type: 'string' | 'boolean'; short?: string };
type Values<O extends Record<string, Option>> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

/**
 * The command line's options and file names. `--help`/`-h` prints `usage` (and `about`) on stdout
 * and exits 0; a mistake prints one line ending in the usage on stderr and exits 2.
 */
export function commandLine<O extends Record<string, Option> = Record<never, Option>>(
  usage: string,
  spec: { options?: O; files?: { min: number; max: number }; about?: string } = {},
  args = process.argv.slice(2),
): { values: Values<O>; files: string[] } {
  const refuse = (why: string): never => {
    console.error(`${why} ${usage}`);
    process.exit(2);
  };
  // Looked for first, so `--help` after a mistake still helps rather than refuses.
  if (args.some((a) => a === '--help' || a === '-h')) {
    console.log(spec.about ? `${usage}\n${spec.about}` : usage);
    process.exit(0);
  }
  const files = spec.files ?? { min: 0, max: 0 };
  args = joinNegativeValues(args, spec.options ?? {});
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: spec.options ?? {}, allowPositionals: files.max > 0, strict: true });
  } catch (error) {
    const e = error as Error & { code?: string };
    // Node's own wording for these suggests `--` tricks an operator does not need.
    const unknown = /^Unknown option '([^']+)'/.exec(e.message)?.[1];
    if (unknown) return refuse(`Unknown option ${unknown}.`);
    const stray = /^Unexpected argument '([^']+)'/.exec(e.message)?.[1];
    if (stray) return refuse(`Unexpected argument ${stray}: this command takes no file names.`);
    return refuse(`${e.message.split('\n')[0]}.`.replace(/\.\.$/, '.'));
  }
  if (parsed.positionals.length < files.min || parsed.positionals.length > files.max)
    refuse(parsed.positionals.length < files.min ? 'Missing file name.' : 'Too many file names.');
  return { values: parsed.values as Values<O>, files: parsed.positionals };
}

/**
 * `--services -5` as `--services=-5`: Node's parseArgs calls a value starting with a dash
 * "ambiguous" and suggests the = form, where the command's own check says what it takes.
 */
function joinNegativeValues(args: string[], options: Record<string, Option>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
    if (arg === '--') return [...joined, ...args.slice(i + 1)];
  }
  return joined;
}
