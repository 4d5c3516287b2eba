import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { checkConfigLabels, configFileText } from '../../src/runner/config-file.js';

const YAML_BASE = `# training settings
optimizer:
  name: sgd      # or adam
  lr: 0.1
  momentum: 0.9
model:
  depth: 4
  act: relu
  layers:
    - units: 64
    - units: 32
seed: 0
`;

describe('a configuration file with the parameters written over it', () => {
  it('replaces only the values, keeping comments, order and the untouched lines as written', () => {
    const text = configFileText({ name: 'base.yaml', text: YAML_BASE }, { 'optimizer.lr': 1e-8, 'optimizer.name': 'adam', 'model.depth': 6, 'model.layers.1.units': 128 }, ['optimizer.lr']);
    expect(text).toBe(YAML_BASE.replace('lr: 0.1', 'lr: 1.0e-8').replace('name: sgd', 'name: adam').replace('depth: 4', 'depth: 6').replace('units: 32', 'units: 128'));
  });

  it('writes values so that a YAML 1.1 loader (PyYAML) reads them as the trial has them', () => {
    const base = { name: 'base.yaml', text: 'a: 1\nb: x\nc: x\nd: x\ne: 1\nf: 2\n' };
    // a whole float keeps its point, a word PyYAML takes for a boolean is quoted, so is a number-like string
    const text = configFileText(base, { a: 3, b: 'on', c: '1.5', d: 'no such file', e: 2e21, f: true }, ['a', 'e']);
    expect(text).toBe('a: 3.0\nb: "on"\nc: "1.5"\nd: "no such file"\ne: 2.0e+21\nf: true\n');
  });

  it('puts a list or null where a block collection stood, and fills a key left empty', () => {
    const base = { name: 'b.yml', text: 'hidden:\n  - 64\n  - 64\n\nwd:\nnext: 1\n' };
    expect(configFileText(base, { hidden: [128, 32], wd: 0.5 }, ['wd'])).toBe('hidden:\n  [128,32]\n\nwd: 0.5\nnext: 1\n');
  });

  it('keeps a JSON file JSON, in its own layout, its strings quoted', () => {
    const base = { name: 'config.json', text: '{\n    "lr": 1e-3,\n    "opt": {"name": "sgd", "beta": [0.9, 0.99]}\n}\n' };
    expect(configFileText(base, { lr: 0.25, 'opt.name': 'adam', 'opt.beta.1': 0.999 }, ['lr', 'opt.beta.1'])).toBe('{\n    "lr": 0.25,\n    "opt": {"name": "adam", "beta": [0.9, 0.999]}\n}\n');
  });
});

describe('labels checked against the file before any trial', () => {
  const base = { name: 'conf/base.yaml', text: YAML_BASE };
  const check = (labels: Array<{ label: string; line: number }>, file = base): string => {
    try {
      checkConfigLabels(file, labels, 'space.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    return 'no error';
  };

  it('passes labels that name values, also inside lists', () => {
    expect(check([{ label: 'optimizer.lr', line: 3 }, { label: 'model.layers.0.units', line: 4 }, { label: 'seed', line: 5 }])).toBe('no error');
  });

  it('names the label, its line in the space file and the keys the file has where it is missing', () => {
    expect(check([{ label: 'optimizer.lr', line: 3 }, { label: 'optimizer.weight_decay', line: 7 }])).toBe(
      'space.yaml line 7: optimizer.weight_decay is not a value of conf/base.yaml: optimizer has no key "weight_decay" (its keys: name, lr, momentum)',
    );
    expect(check([{ label: 'model.layers.5.units', line: 2 }])).toBe('space.yaml line 2: model.layers.5.units is not a value of conf/base.yaml: model.layers is a list of 2, with no "5"');
    expect(check([{ label: 'seed.value', line: 2 }])).toBe('space.yaml line 2: seed.value is not a value of conf/base.yaml: seed is a single value, with no "value"');
  });

  it('refuses a label inside another tuned one, an alias, and a file that does not parse, naming its line', () => {
    expect(check([{ label: 'model', line: 2 }, { label: 'model.depth', line: 3 }])).toMatch(/^space\.yaml line 3: model\.depth lies inside model, which is tuned too/);
    expect(check([{ label: 'b.x', line: 4 }], { name: 'a.yaml', text: 'a: &v {x: 1}\nb: *v\n' })).toBe('space.yaml line 4: b.x is not a value of a.yaml: b is an alias (*v): give the label of the value it refers to');
    expect(check([{ label: 'a', line: 1 }], { name: 'c.yaml', text: 'a: [1,\nb: 2\n' })).toMatch(/^c\.yaml line 2: not valid YAML \(/);
    expect(check([{ label: 'a', line: 1 }], { name: 'c.json', text: '{"a": 1, "a": 2}' })).toMatch(/^c\.json line 1: not valid JSON \(Map keys must be unique/);
  });
});
