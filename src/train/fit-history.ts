// FitHistory: fit's loss per epoch as plain data, thinned past a limit as ThinnedRecord thins, one epoch added at a time.

/**
 * The loss per epoch: every epoch of a run up to 5000 epochs, else an evenly thinned set that keeps
 * the first, the last and the extremes (`epochs` says which were kept).
 *
 * @example
 * const data = await loadBuiltin('line');
 * const { history } = fit(data, { epochs: 3, tol: 0 });
 * Array.from(history.epochs); // → [1, 2, 3]
 * history.validationLoss; // → null
 */
export interface FitHistory {
  /** Training loss of each kept epoch (the mean over its batches, before each step). */
  readonly loss: Float64Array;
  /** Validation loss after each kept epoch, or null without a validation split. */
  readonly validationLoss: Float64Array | null;
  /** The epoch (1-based) of each kept entry, ascending. */
  readonly epochs: Float64Array;
  /** Kept epochs are those whose index (epoch − 1) is a multiple of it, besides the first, the last and the extremes. */
  readonly stride: number;
}

/** Epochs whose losses are all kept; a longer run keeps about this many, evenly thinned, with the extremes. */
const LIMIT = 5000;

/**
 * The history of a run before its first epoch.
 *
 * @example
 * emptyHistory(true).validationLoss; // Float64Array []
 */
export function emptyHistory(validation: boolean): FitHistory {
  return {
    loss: new Float64Array(0),
    validationLoss: validation ? new Float64Array(0) : null,
    epochs: new Float64Array(0),
    stride: 1,
  };
}

/**
 * The memory behind the views recordEpoch returned, with room to grow, and per column the entry holding
 * its smallest and its largest finite value (the first such; −1: none) — derived from the entries alone,
 * kept only to spare a scan each epoch. A history whose arrays are not a room's views (a copy, one read
 * from a file) gets a room of its own first: recordEpoch never writes into arrays it did not allocate.
 */
interface Room {
  size: number;
  /** The last history made from it (the only one it may go on from). */
  views?: FitHistory;
  epochs: Float64Array;
  columns: Float64Array[];
  low: number[];
  high: number[];
}

/**
 * The rooms of the runs recorded last, newest first: a few, for runs that take turns (a WeakMap or a
 * hidden property per history would cost more than the rest of an epoch of a small model).
 */
const recent: Room[] = [];

function note(columns: readonly Float64Array[], i: number, low: number[], high: number[]): void {
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    const v = column[i]!;
    if (!Number.isFinite(v)) continue;
    if (low[c]! < 0 || v < column[low[c]!]!) low[c] = i;
    if (high[c]! < 0 || v > column[high[c]!]!) high[c] = i;
  }
}

/** A room holding `history`'s entries, with space for at least `capacity`. */
function roomFor(
  epochs: Float64Array,
  columns: readonly Float64Array[],
  size: number,
  capacity: number,
): Room {
  const copy = (values: Float64Array): Float64Array => {
    const out = new Float64Array(capacity);
    out.set(values.subarray(0, size));
    return out;
  };
  const room: Room = {
    size,
    epochs: copy(epochs),
    columns: columns.map(copy),
    low: columns.map(() => -1),
    high: columns.map(() => -1),
  };
  for (let i = 0; i < size; i++) note(room.columns, i, room.low, room.high);
  return room;
}

/** The room whose views `history` is, if it is the last history made from it. */
function roomOf(history: FitHistory): Room | undefined {
  return recent.find((room) => room.views === history);
}

/** Room for `size` entries and one more, doubling up to the most a history ever holds. */
const capacity = (size: number, room: { columns: readonly Float64Array[] }): number =>
  Math.max(size + 1, Math.min(Math.max(64, 2 * (size + 1)), 2 * LIMIT + 2 * room.columns.length + 2));

const isExtreme = (room: Room, i: number): boolean => room.low.includes(i) || room.high.includes(i);

/** A room of this file's own for a history it did not make (a copy, one read from a file). */
function adopt(history: FitHistory): Room {
  const columns = history.validationLoss === null ? [history.loss] : [history.loss, history.validationLoss];
  const size = history.epochs.length;
  return roomFor(history.epochs, columns, size, capacity(size, { columns }));
}

/**
 * The history with one more epoch: `epoch` (1-based, after the last one recorded), its training loss
 * and, with a validation split, its validation loss. Every epoch is kept until 2·5000 are held; then
 * the stride doubles and only epochs at its multiples are kept, plus the first, the newest and those
 * holding each column's smallest and largest finite value (the newest is kept only for being the
 * newest until the next epoch takes its place) — so any run's picture starts at its start, ends at
 * its end and reaches its extremes, in bounded memory. Amortized O(1): the arrays returned are views
 * with room to grow, and the history given must not be used afterwards (the next one may reuse its
 * memory); copy it (`structuredClone`) to keep it.
 *
 * @example
 * let history = emptyHistory(false);
 * history = recordEpoch(history, 1, 0.5, null);
 * history = recordEpoch(history, 2, 0.25, null);
 * history.loss; // Float64Array [0.5, 0.25]
 */
export function recordEpoch(
  history: FitHistory,
  epoch: number,
  loss: number,
  validationLoss: number | null,
): FitHistory {
  let stride = history.stride;
  let room = roomOf(history) ?? adopt(history);
  let size = room.size;
  // The newest entry is kept only for being the newest: this one takes its place.
  if (size > 1 && (room.epochs[size - 1]! - 1) % stride !== 0 && !isExtreme(room, size - 1)) size--;
  if (size + 1 > room.epochs.length) room = roomFor(room.epochs, room.columns, size, capacity(size, room));
  const { epochs, columns } = room;
  epochs[size] = epoch;
  columns[0]![size] = loss;
  if (columns.length > 1) columns[1]![size] = validationLoss ?? Number.NaN;
  note(columns, size, room.low, room.high);
  size++;
  while (size > 2 * LIMIT) {
    stride *= 2;
    let kept = 0;
    for (let i = 0; i < size; i++) {
      if (i !== 0 && i !== size - 1 && (epochs[i]! - 1) % stride !== 0 && !isExtreme(room, i)) continue;
      epochs[kept] = epochs[i]!;
      for (const column of columns) column[kept] = column[i]!;
      kept++;
    }
    size = kept;
    // Entries moved: find the extremes again among those kept (which still hold them).
    room.low.fill(-1);
    room.high.fill(-1);
    for (let i = 0; i < size; i++) note(columns, i, room.low, room.high);
  }
  room.size = size;
  room.views = {
    loss: columns[0]!.subarray(0, size),
    validationLoss: columns.length > 1 ? columns[1]!.subarray(0, size) : null,
    epochs: epochs.subarray(0, size),
    stride,
  };
  if (recent[0] !== room) {
    const at = recent.indexOf(room);
    if (at >= 0) recent.splice(at, 1);
    recent.unshift(room);
    recent.length = Math.min(recent.length, 4);
  }
  return room.views;
}

/**
 * A copy of the history that owns its memory, exactly sized, for a result or a checkpoint to hand out.
 *
 * @example
 * const kept = copyHistory(history);
 */
export function copyHistory(history: FitHistory): FitHistory {
  return {
    loss: history.loss.slice(),
    validationLoss: history.validationLoss?.slice() ?? null,
    epochs: history.epochs.slice(),
    stride: history.stride,
  };
}
