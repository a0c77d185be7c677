import readline from 'node:readline';
import { Writable } from 'node:stream';

/** Questions on the terminal, with passwords not echoed; also reads answers piped in, one per line. */
export interface Prompter {
  ask(question: string): Promise<string>;
  askHidden(question: string): Promise<string>;
  /** True once the input has ended (e.g. a pipe ran out of answers). */
  readonly ended: boolean;
  close(): void;
}

/** Opens the input only at the first question, so a fully flagged command never touches standard input. */
export function createPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  let muted = false;
  let rl: readline.Interface | null = null;
  const isTerminal = (input as NodeJS.ReadStream).isTTY === true;
  // Answers may arrive before their questions (a pipe): keep them in order instead of losing them.
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let closed = false;
  const start = () => {
    if (rl) return;
    // Readline echoes what is typed to its output; this gate swallows the echo while a password is typed.
    const gate = new Writable({
      write(chunk, _encoding, callback) {
        if (!muted) output.write(chunk);
        callback();
      },
    });
    rl = readline.createInterface({ input, output: gate, terminal: isTerminal });
    rl.on('line', (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    });
    rl.on('close', () => {
      closed = true;
      for (const w of waiting.splice(0)) w('');
    });
  };
  const nextLine = () =>
    new Promise<string>((resolve) => {
      start();
      const line = lines.shift();
      if (line !== undefined) resolve(line);
      else if (closed) resolve('');
      else waiting.push(resolve);
    });
  return {
    async ask(question) {
      output.write(question);
      return (await nextLine()).trim();
    },
    async askHidden(question) {
      output.write(question);
      muted = true;
      try {
        return await nextLine();
      } finally {
        muted = false;
        if (isTerminal) output.write('\n');
      }
    },
    get ended() {
      return closed && lines.length === 0;
    },
    close: () => rl?.close(),
  };
}
