// MethodInfo: an optimizer's name and settings as a run's record reports them.

/**
 * The optimizer's name and settings as reported in results (`"optimizer": { "name": "gd", "lr": 0.1 }`).
 *
 * @example
 * const info: MethodInfo = createMethod('adam', { learningRate: 0.01 }).info;
 * info.name; // → 'adam'
 * info.lr; // → 0.01
 */
export interface MethodInfo {
  readonly name: string;
  readonly [setting: string]: number | string | boolean;
}
