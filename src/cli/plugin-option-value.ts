import { UsageError } from '../errors/index.js';
import type { OptionDeclaration, OptionType, OptionValue } from '../interfaces/options.js';
import { formatG, quantityError, type ScanResult, scanNumber, scanQuantity, type UnitKind } from './units.js';
import { parseOnOff, parseWholeNumber } from './value-parsers.js';

/** The declared types that read kali's numbers with units, and the unit table each uses. */
const UNITS: Partial<Record<OptionType, UnitKind>> = {
  count: 'n',
  size: 'size',
  bandwidth: 'bandwidth',
  duration: 'time',
};

/**
 * A plugin option's text as the plugin gets it, refused with the same one-line messages kali's
 * own options use. `text` is undefined for a flag given without `=on`/`=off`.
 */
export function parsePluginOptionValue(d: OptionDeclaration, text: string | undefined): OptionValue {
  const option = `--${d.name}`;
  switch (d.type) {
    case 'flag': {
      if (text === undefined) return true;
      const on = parseOnOff(text);
      if (on === undefined) throw new UsageError(`Expecting ${option} "on" or "off"`);
      return on;
    }
    case 'string':
      return text ?? '';
    case 'enum': {
      const value = text ?? '';
      const choices = d.choices ?? [];
      if (!choices.includes(value))
        throw new UsageError(`${option}=${value} is not one of {${choices.join('|')}}`);
      return value;
    }
    default:
      return inRange(d, text ?? '', readNumber(d, text ?? ''));
  }
}

function readNumber(d: OptionDeclaration, text: string): number {
  const option = `--${d.name}`;
  const unit = UNITS[d.type];
  if (unit !== undefined) {
    const result: ScanResult = scanQuantity(unit, text);
    if (result.ok) return d.type === 'bandwidth' ? result.value * 8 : result.value;
    if (result.problem === 'not-a-number' && bounded(d)) throw rangeError(d, text);
    throw quantityError(unit, option, text, result);
  }
  if (d.type === 'integer') {
    const n = parseWholeNumber(text);
    if (n !== undefined) return n;
    if (bounded(d)) throw rangeError(d, text);
    throw new UsageError(`${option}=${text}: Expected a whole number`);
  }
  const scanned = scanNumber(text);
  if (scanned && scanned.rest === '' && Number.isFinite(scanned.value)) return scanned.value;
  if (bounded(d)) throw rangeError(d, text);
  throw new UsageError(`${option}=${text}: Expected a number`);
}

const bounded = (d: OptionDeclaration): boolean => d.min !== undefined && d.max !== undefined;

function inRange(d: OptionDeclaration, text: string, value: number): number {
  if ((d.min !== undefined && value < d.min) || (d.max !== undefined && value > d.max))
    throw rangeError(d, text);
  return value;
}

/** tcpkali's wording for a port out of range (`--listen-port=0 is not in [1..65535]`), for every bound. */
function rangeError(d: OptionDeclaration, text: string): UsageError {
  const bound = (n: number | undefined) => (n === undefined ? '' : formatG(n));
  return new UsageError(`--${d.name}=${text} is not in [${bound(d.min)}..${bound(d.max)}]`);
}

/** The value of an option absent from the command line: its default, as a list when repeatable. */
export function defaultValue(d: OptionDeclaration): OptionValue | OptionValue[] | undefined {
  if (d.default === undefined) return undefined;
  return d.repeatable ? [d.default] : d.default;
}
