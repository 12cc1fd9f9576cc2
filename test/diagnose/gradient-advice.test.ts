// gradientAdvice: the worst verdict wins, each layer's share of the output gradient, remedies that fit the net.

import { describe, expect, it } from 'vitest';
import { gradientAdvice } from '../../src/index.js';

describe('gradientAdvice', () => {
  it('names the vanishing layers and, for sigmoid, the quarter slope and a cure', () => {
    const advice = gradientAdvice(
      [
        { layer: 'layer1', norm: 1e-7, verdict: 'vanishing' },
        { layer: 'layer2', norm: 1e-5, verdict: 'vanishing' },
        { layer: 'layer3', norm: 0.5, verdict: 'ok' },
      ],
      { activation: 'sigmoid' },
    );
    expect(advice.verdict).toBe('vanishing');
    expect(advice.message).toMatch(/^Vanishing gradients in layer1 and layer2/);
    expect(advice.message).toMatch(/at most 0\.25.*Try tanh or relu/);
    expect(advice.layers[0]!.ratio).toBeCloseTo(2e-7, 20);
    expect(advice.layers[0]!.text).toMatch(
      /layer1: 2e-7 of the output layer's gradient — it has all but stopped learning/,
    );
    expect(advice.layers[2]!.text).toMatch(/healthy/);
  });

  it('says which layers are under 10⁻⁴ themselves and which only sit below them', () => {
    const advice = gradientAdvice(
      [
        { layer: 'layer1', norm: 7.7e-8, verdict: 'vanishing' },
        { layer: 'layer2', norm: 4.6e-8, verdict: 'vanishing' },
        { layer: 'layer3', norm: 3.9e-8, verdict: 'vanishing' },
        { layer: 'layer4', norm: 5e-4, verdict: 'ok' },
      ],
      { activation: 'sigmoid' },
    );
    expect(advice.message).toMatch(
      /^Vanishing gradients in layer1, layer2 and layer3: layer2 and layer3 are under 10⁻⁴ of the output layer's, and layer1 gets the error signal only through them, so/,
    );
    expect(advice.layers[0]!.text).toBe(
      "layer1: 0.00015 of the output layer's gradient, and its error signal comes only through vanishing layers above it — it has all but stopped learning",
    );
    expect(advice.layers[1]!.text).toBe(
      "layer2: 9.2e-5 of the output layer's gradient — it has all but stopped learning",
    );
  });

  it('puts exploding before vanishing and blames a normal:STD init by its scale', () => {
    const advice = gradientAdvice(
      [
        { layer: 'layer1', norm: Number.POSITIVE_INFINITY, verdict: 'exploding' },
        { layer: 'layer2', norm: 1e-9, verdict: 'vanishing' },
        { layer: 'layer3', norm: 4e3, verdict: 'exploding' },
      ],
      { activation: 'relu', init: 'normal:3' },
    );
    expect(advice.verdict).toBe('exploding');
    expect(advice.message).toMatch(/^Exploding gradients in layer1 and layer3/);
    expect(advice.message).toMatch(/standard deviation 3.*he init.*smaller learning rate.*clip/);
    expect(advice.layers[0]!.text).toMatch(/gradient not finite/);
  });

  it('says so when every layer is healthy, and when every gradient is 0', () => {
    const ok = gradientAdvice(
      [
        { layer: 'layer1', norm: 0.1, verdict: 'ok' },
        { layer: 'layer2', norm: 0.2, verdict: 'ok' },
      ],
      { activation: 'tanh' },
    );
    expect(ok.verdict).toBe('ok');
    expect(ok.message).toMatch(/healthy size/);
    const zero = gradientAdvice(
      [
        { layer: 'layer1', norm: 0, verdict: 'ok' },
        { layer: 'layer2', norm: 0, verdict: 'ok' },
      ],
      { activation: 'relu' },
    );
    expect(zero.message).toMatch(/stationary point/);
    expect(Number.isNaN(zero.layers[0]!.ratio)).toBe(true);
  });
});
