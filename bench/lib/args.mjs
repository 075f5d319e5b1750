// Only a few numeric options exist; a parser library would be a new dependency for nothing.
export function numberOption(name, fallback, argv = process.argv.slice(2)) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let raw;
    if (arg === `--${name}`) raw = argv[i + 1];
    else if (arg.startsWith(`--${name}=`)) raw = arg.slice(name.length + 3);
    else continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      console.error(`--${name} expects a number >= 0, got ${JSON.stringify(raw)}`);
      process.exit(64);
    }
    return value;
  }
  return fallback;
}
