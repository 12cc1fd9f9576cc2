// The library in a page: minimize what the reader types and draw the descent with the library's own SVG figure.
import { compileExpression, createMethod, curveFigure, InputError, minimize, runSeries } from 'downhill';

const input = document.querySelector('#expr');
const result = document.querySelector('#result');
const figure = document.querySelector('#figure');

function run() {
  try {
    const f = compileExpression(input.value);
    const method = createMethod('gd', { learningRate: 0.1 });
    const descent = minimize(f, { start: new Float64Array([9]), method, recordPath: true });
    result.textContent = `${descent.status}: x = ${descent.point[0].toFixed(6)} (${descent.message})`;
    const curve = (x) => f.value(new Float64Array([x]));
    figure.innerHTML = curveFigure({
      f: curve,
      runs: runSeries([descent]),
      title: `f(x) = ${input.value}`,
    }).svg();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    result.textContent = error.message;
    figure.textContent = '';
  }
}

document.querySelector('#run').addEventListener('click', run);
run();
