/** The CLI's only way to the terminal; product code elsewhere never prints. */
export function say(line: string): void {
  process.stdout.write(line + '\n');
}

export function warn(line: string): void {
  process.stderr.write(line + '\n');
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`symbolon: ${message}\n`);
  process.exit(code);
}
