// csvRows: plain numeric CSV lines read from bytes straight into float64 rows (AssemblyScript), NumericCsvScanner's grammar.

/** What a field of a line holds (the words at `roles`): a feature slot 0, 1, …, the target, or nothing read. */
export const CSV_TARGET: i32 = -1;
export const CSV_SKIPPED: i32 = -2;

/** The i32 words of the state block: rows written so far and the arrays' room (both read and written), why it stopped. */
export const CSV_ROWS: i32 = 0;
export const CSV_CAPACITY: i32 = 1;
export const CSV_STATUS: i32 = 2;
/** Fixups recorded (the caller clears it) and their room. */
export const CSV_FIXUPS: i32 = 3;
export const CSV_FIXUP_CAPACITY: i32 = 4;

/** Why csvRows returned: it read every complete line, the rows are full, the fixups are full, or a line is not plain. */
export const CSV_DONE: i32 = 0;
export const CSV_FULL: i32 = 1;
export const CSV_FIXUPS_FULL: i32 = 2;
export const CSV_NOT_PLAIN: i32 = 3;

/** 10^0 … 10^22 are exact doubles: m × 10^e and m / 10^e with m < 2^53 then round once, correctly (Clinger). */
const POWERS: StaticArray<f64> = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const EXACT_MANTISSA: u64 = 1 << 53;
const COMMA: u32 = 44;
const LF: u32 = 10;
const CR: u32 = 13;
const SPACE: u32 = 32;
const TAB: u32 = 9;
const QUOTE: u32 = 34;
const MINUS: u32 = 45;
const PLUS: u32 = 43;
const DOT: u32 = 46;
const ZERO: u32 = 48;
const E_UPPER: u32 = 69;
const E_LOWER: u32 = 101;

/**
 * Reads the complete lines in the bytes [start, end) — unquoted decimal numbers separated by commas, spaces and tabs
 * around them trimmed, LF or CR LF line ends — into row-major x (`stride` float64 a row; feature slot s of row i at
 * x + 8·(i·stride + s)) and y (the target), from row state[CSV_ROWS] on, and returns the address where it stopped:
 * the start of the first line it did not read. With `last`, a final line without a line break counts too.
 * state[CSV_STATUS] says why it stopped. A number whose digits or power of ten are not exact (more than 2^53, or
 * beyond 10^±22) is left to the caller as a fixup of three words — where its double goes, where its text (after the
 * sign) starts and ends — with the sign bit already set: the caller writes ±Number(text) there, the double nearest
 * to the text, which is what the fast path gives wherever it applies. The byte at `end` is overwritten while it
 * runs and restored before it returns.
 */
export function csvRows(
  start: usize,
  end: usize,
  last: i32,
  roles: usize,
  fields: i32,
  x: usize,
  stride: i32,
  y: usize,
  state: usize,
  fixups: usize,
): usize {
  // A zero byte after the data stops every loop without a bounds check per byte.
  const kept = load<u8>(end);
  store<u8>(end, 0);
  const stop = lines(start, end, last !== 0, roles, fields, x, stride, y, state, fixups);
  store<u8>(end, kept);
  return stop;
}

function lines(
  start: usize,
  end: usize,
  last: bool,
  roles: usize,
  fields: i32,
  x: usize,
  stride: i32,
  y: usize,
  state: usize,
  fixups: usize,
): usize {
  const capacity = load<i32>(state + ((<usize>CSV_CAPACITY) << 2));
  const fixupCapacity = load<i32>(state + ((<usize>CSV_FIXUP_CAPACITY) << 2));
  let row = load<i32>(state + ((<usize>CSV_ROWS) << 2));
  let fixed = load<i32>(state + ((<usize>CSV_FIXUPS) << 2));
  let status = CSV_DONE;
  let pos = start;
  let lineStart = start;
  // Every exit below records the rows and fixups of the complete lines only: a line cut by `end` is read again.
  let lineFixups = fixed;
  let stopped = false;
  while (pos < end) {
    lineStart = pos;
    lineFixups = fixed;
    if (row === capacity || fixed + fields > fixupCapacity) {
      status = row === capacity ? CSV_FULL : CSV_FIXUPS_FULL;
      stopped = true;
      break;
    }
    const base = x + <usize>row * <usize>stride * 8;
    let field: i32 = 0;
    let complete = false;
    let incomplete = false;
    let bad = false;
    while (true) {
      let c = <u32>load<u8>(pos);
      while (c === SPACE || c === TAB) c = load<u8>(++pos);
      const role = load<i32>(roles + ((<usize>field) << 2));
      if (role === CSV_SKIPPED) {
        while (c !== COMMA && c !== LF && c !== CR && !(c === 0 && pos >= end)) {
          if (c === QUOTE) {
            bad = true;
            break;
          }
          c = load<u8>(++pos);
        }
        if (bad) break;
      } else {
        let negative = false;
        if (c === MINUS) {
          negative = true;
          c = load<u8>(++pos);
        } else if (c === PLUS) {
          c = load<u8>(++pos);
        }
        const digitsFrom = pos;
        let mantissa: u64 = 0;
        let digits: i32 = 0;
        let exponent: i32 = 0;
        while (c - ZERO <= 9) {
          mantissa = mantissa * 10 + <u64>(c - ZERO);
          digits++;
          c = load<u8>(++pos);
        }
        if (c === DOT) {
          c = load<u8>(++pos);
          const before = digits;
          while (c - ZERO <= 9) {
            mantissa = mantissa * 10 + <u64>(c - ZERO);
            digits++;
            c = load<u8>(++pos);
          }
          exponent = before - digits;
        }
        if (digits === 0) {
          if (c === 0 && pos >= end && !last) incomplete = true;
          else bad = true;
          break;
        }
        if (c === E_LOWER || c === E_UPPER) {
          c = load<u8>(++pos);
          let sign: i32 = 1;
          if (c === MINUS) {
            sign = -1;
            c = load<u8>(++pos);
          } else if (c === PLUS) {
            c = load<u8>(++pos);
          }
          let power: i32 = 0;
          let powerDigits: i32 = 0;
          while (c - ZERO <= 9) {
            if (power < 1000000) power = power * 10 + <i32>(c - ZERO);
            powerDigits++;
            c = load<u8>(++pos);
          }
          if (powerDigits === 0) {
            if (c === 0 && pos >= end && !last) incomplete = true;
            else bad = true;
            break;
          }
          exponent += sign * power;
        }
        if (c === 0 && pos >= end && !last) {
          incomplete = true;
          break;
        }
        const to = role === CSV_TARGET ? y + <usize>row * 8 : base + ((<usize>role) << 3);
        // Twenty digits may wrap the 64-bit mantissa: those, like every inexact case, go to the caller.
        if (digits <= 19 && mantissa < EXACT_MANTISSA && exponent >= -22 && exponent <= 22) {
          const m = <f64>mantissa;
          const value = exponent < 0 ? m / unchecked(POWERS[-exponent]) : m * unchecked(POWERS[exponent]);
          store<f64>(to, negative ? -value : value);
        } else {
          const at = fixups + <usize>fixed * 12;
          store<f64>(to, negative ? -0.0 : 0.0);
          store<u32>(at, <u32>to);
          store<u32>(at, <u32>digitsFrom, 4);
          store<u32>(at, <u32>pos, 8);
          fixed++;
        }
      }
      while (c === SPACE || c === TAB) c = load<u8>(++pos);
      if (c === COMMA) {
        if (++field === fields) {
          bad = true;
          break;
        }
        pos++;
        continue;
      }
      if (field !== fields - 1) {
        if (c === 0 && pos >= end && !last) incomplete = true;
        else bad = true;
        break;
      }
      if (c === LF) {
        pos++;
        complete = true;
      } else if (c === CR) {
        if (pos + 1 >= end) {
          if (!last) incomplete = true;
          else bad = true;
        } else if (<u32>load<u8>(pos + 1) !== LF) {
          bad = true;
        } else {
          pos += 2;
          complete = true;
        }
      } else if (c === 0 && pos >= end) {
        if (!last) incomplete = true;
        else complete = true;
      } else {
        bad = true;
      }
      break;
    }
    if (bad) status = CSV_NOT_PLAIN;
    if (bad || incomplete) {
      stopped = true;
      break;
    }
    if (complete) row++;
  }
  store<i32>(state + ((<usize>CSV_ROWS) << 2), row);
  store<i32>(state + ((<usize>CSV_FIXUPS) << 2), stopped ? lineFixups : fixed);
  store<i32>(state + ((<usize>CSV_STATUS) << 2), status);
  return stopped ? lineStart : pos;
}
