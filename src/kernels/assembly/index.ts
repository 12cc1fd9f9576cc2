// The WebAssembly kernels' entry point (AssemblyScript): everything exported here is callable from TypeScript.

export {
  CSV_CAPACITY,
  CSV_DONE,
  CSV_FIXUP_CAPACITY,
  CSV_FIXUPS,
  CSV_FIXUPS_FULL,
  CSV_FULL,
  CSV_NOT_PLAIN,
  CSV_ROWS,
  CSV_SKIPPED,
  CSV_STATUS,
  CSV_TARGET,
  csvRows,
} from './csv';
export {
  denseBackward,
  denseForward,
  NET_BACKWARD_MODE,
  NET_DEPTH,
  NET_FORWARD_MODE,
  NET_GRAD,
  NET_PARAMS,
  NET_SCRATCH,
  NET_SCRATCH_BYTES,
  NET_THREADS,
  NET_WIDTHS,
  NET_X,
} from './dense';
export {
  columnSums,
  EPILOGUE_NONE,
  EPILOGUE_RELU,
  EPILOGUE_RELU_GRAD,
  EPILOGUE_SIGMOID,
  EPILOGUE_SIGMOID_GRAD,
  EPILOGUE_TANH,
  EPILOGUE_TANH_GRAD,
  gemm,
  gemmScratchBytes,
} from './gemm';
export { LOSS_LOGISTIC, LOSS_SQUARED, linearRows, TILE_ROWS } from './linear';
export { BLOCK_ROWS, softmaxRows } from './softmax';
export { tileRows } from './tiles';

/** The first byte past the module's own static data: callers lay their arrays out from here. */
export function heapBase(): usize {
  return __heap_base;
}
