// The playground's link reader (web/src/state.ts), in Node: a bad entry in opt or lr costs only itself, with a note.

import { describe, expect, it } from 'vitest';
import { readState } from '../../web/src/state.js';

const runsOf = (search: string) => readState(search).state.runs?.map((r) => [r.optimizer, r.lr]);

describe('readState: the runs of opt and lr', () => {
  it('pairs names and rates by place before dropping a bad one: opt=foo,adam&lr=abc,0.1 keeps adam at 0.1', () => {
    const { state, notes } = readState('?mode=2d&opt=foo,adam&lr=abc,0.1');
    expect(state.runs?.map((r) => [r.optimizer, r.lr])).toEqual([['adam', 0.1]]);
    expect(notes).toContain('Ignored optimizer "foo": not in the catalog.');
    expect(notes).toContain('Ignored lr="abc": a learning rate is a number above 0.');
  });

  it('a bad rate costs only its own run its rate, which then takes the default', () => {
    expect(runsOf('?opt=gd,adam,rmsprop&lr=0.1,x,0.01')).toEqual([
      ['gd', 0.1],
      ['adam', null],
      ['rmsprop', 0.01],
    ]);
    expect(runsOf('?opt=adam&lr=abc,0.1')).toEqual([
      ['adam', null],
      ['adam', 0.1],
    ]);
  });

  it('a bad name in the middle keeps the pairs on either side', () => {
    expect(runsOf('?opt=gd,warp,adam&lr=0.1,0.2,0.3')).toEqual([
      ['gd', 0.1],
      ['adam', 0.3],
    ]);
  });

  it('one rate goes to every optimizer, one optimizer races every rate, lbfgs takes none', () => {
    expect(runsOf('?opt=gd,warp,momentum&lr=0.05')).toEqual([
      ['gd', 0.05],
      ['momentum', 0.05],
    ]);
    expect(runsOf('?lr=0.1,0.2')).toEqual([
      ['gd', 0.1],
      ['gd', 0.2],
    ]);
    const { state, notes } = readState('?opt=gd,adam,lbfgs&lr=0.1,0.05,-');
    expect(state.runs?.map((r) => [r.optimizer, r.lr])).toEqual([
      ['gd', 0.1],
      ['adam', 0.05],
      ['lbfgs', null],
    ]);
    expect(notes).toEqual([]);
  });

  it('lists of different lengths pair up to the shorter, and say so', () => {
    const { state, notes } = readState('?opt=gd,adam,rmsprop&lr=0.1,0.2');
    expect(state.runs?.map((r) => [r.optimizer, r.lr])).toEqual([
      ['gd', 0.1],
      ['adam', 0.2],
    ]);
    expect(notes).toEqual([
      'opt has 3 optimizers and lr 2 rates: they pair up by position, so 2 runs are kept.',
    ]);
  });

  it('an empty entry of opt keeps its place: opt=adam,,gd&lr=0.1,0.2,0.3 keeps gd at 0.3, not 0.2, and says so', () => {
    const { state, notes } = readState('?opt=adam,,gd&lr=0.1,0.2,0.3');
    expect(state.runs?.map((r) => [r.optimizer, r.lr])).toEqual([
      ['adam', 0.1],
      ['gd', 0.3],
    ]);
    expect(notes).toEqual([
      'Ignored the empty entry 2 of opt: no optimizer named there, so no run; the others keep their places.',
    ]);
    // A trailing comma is an empty last place; one rate still goes to every optimizer named.
    expect(runsOf('?opt=gd,momentum,&lr=0.05')).toEqual([
      ['gd', 0.05],
      ['momentum', 0.05],
    ]);
    expect(readState('?opt=,&lr=0.1').state.runs).toBeNull();
  });

  it('hp numbers runs by their places in the link, so a dropped run shifts no setting onto another', () => {
    const { state } = readState(
      '?opt=gd,,momentum,warp,adam&lr=0.1,0.2,0.3,0.4,0.5&hp=3.momentum:0.5,5.b1:0.8',
    );
    expect(state.runs).toEqual([
      { optimizer: 'gd', lr: 0.1, settings: {} },
      { optimizer: 'momentum', lr: 0.3, settings: { momentum: 0.5 } },
      { optimizer: 'adam', lr: 0.5, settings: { b1: 0.8 } },
    ]);
  });

  it('an empty lr entry is noted, and a link of only empty or bad rates and no opt keeps the mode’s own runs', () => {
    const empty = readState('?mode=1d&lr=,');
    expect(empty.state.runs).toBeNull();
    expect(empty.notes).toEqual([
      "Ignored the empty entries 1, 2 of lr: those runs take their optimizer's default rate.",
    ]);
    const bad = readState('?mode=1d&lr=NaN');
    expect(bad.state.runs).toBeNull();
    expect(bad.notes).toEqual(['Ignored lr="NaN": a learning rate is a number above 0.']);
    // Beside a usable rate, an empty entry is a run at the default rate, as before, now with a note.
    const mixed = readState('?opt=gd,adam&lr=0.1,');
    expect(mixed.state.runs?.map((r) => [r.optimizer, r.lr])).toEqual([
      ['gd', 0.1],
      ['adam', null],
    ]);
    expect(mixed.notes).toEqual([
      "Ignored the empty entry 2 of lr: that run takes its optimizer's default rate.",
    ]);
    const noOpt = readState('?mode=2d&opt=');
    expect(noOpt.state.runs).toBeNull();
    expect(noOpt.notes).toEqual(['Ignored an empty opt: it names no optimizer, so the mode runs its own.']);
  });

  it('only unknown names leave the default runs', () => {
    expect(readState('?opt=warp,weft&lr=0.1').state.runs).toBeNull();
  });
});
