/**
 * PyTorch export: the generated model.py runs under Debian's python3-torch and its predictions
 * agree with the engine's float64 ones to 1e-5 on every example (as it is and trained) and on
 * seeded random DAGs; its training loop continues training as the engine trains (same loss, same
 * optimizer); the file reads as a plain nn.Module. All models run in one Python process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainDocument } from '../../src/cli/commands/train.js';
import {
  bindData,
  exportPytorch,
  findBuiltin,
  loadModel,
  resolveTraining,
  Trainer,
  type Dataset,
  type GraphDocument,
} from '../../src/engine/index.js';
import { inputColumns } from '../../src/engine/interop/signature.js';
import {
  compiled,
  enginePredictions,
  exampleCases,
  examplePath,
  expectAgree,
  hasTorch,
  PYTHON,
  predictionIds,
  randomDag,
  runPython,
  torchMissing,
  type Case,
} from './helpers.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { edge, makeDocument, seededRandom } from '../engine/helpers.js';

const TOLERANCE = 1e-5;

function generated(doc: GraphDocument | unknown): string {
  const r = exportPytorch(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.code;
}

/** CSV text of the raw rows each Input block takes, under the column names the model expects. */
function featuresCsv(c: Case): string {
  const columns = inputColumns(compiled(c.document)).flatMap((i) => i.columns);
  const first = Object.values(c.inputs)[0];
  const lines = first.map((_, r) =>
    Object.values(c.inputs)
      .flatMap((rows) => rows[r])
      .map(String)
      .join(','),
  );
  return `${columns.join(',')}\n${lines.join('\n')}\n`;
}

/** CSV text of a data set, class columns as their names. */
function datasetCsv(d: Dataset): string {
  const width = d.columns.length;
  const cell = (r: number, c: number) => {
    const v = d.values[r * width + c];
    const names = Object.hasOwn(d.categories, d.columns[c]) ? d.categories[d.columns[c]] : undefined;
    return names ? names[v] : String(v);
  };
  return `${d.columns.join(',')}\n${Array.from({ length: d.rows }, (_, r) => d.columns.map((_, c) => cell(r, c)).join(',')).join('\n')}\n`;
}

const DRIVER = `
import importlib.util, json, sys
jobs = json.load(open(sys.argv[1]))
results = []
for k, job in enumerate(jobs):
    spec = importlib.util.spec_from_file_location(f"exported_{k}", job["path"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.predict_csv(job["csv"])
    entry = {"name": job["name"], "predictions": result["predictions"], "classes": result.get("classes")}
    if job.get("train"):
        model = module.train(module.Model(), job["train"], epochs=job["epochs"], validation=job.get("validation"))
        entry["trained"] = module.predict_csv(job["csv"], model)["predictions"]
    results.append(entry)
print(json.dumps(results))
`;

describe('the generated model.py', () => {
  it('reads as a plain nn.Module with the graph, its weights and its training setup', () => {
    const code = generated(JSON.parse(readFileSync(examplePath('xor.bps.json'), 'utf8')));
    for (const line of [
      'class Model(nn.Module):',
      '        self.h = nn.Linear(2, 4)',
      '        self.o = nn.Linear(4, 1)',
      '    def forward(self, x):',
      '        h = self.h(x)',
      '        hs = torch.tanh(h)',
      '        o = self.o(hs)',
      '        p = torch.sigmoid(o)',
      '        return p',
      '    return F.binary_cross_entropy(p, t)',
      '    return torch.optim.SGD(model.parameters(), lr=lr)',
      'INPUTS = {"x": ["x1", "x2"]}',
      'TRAINING = {"optimizer": "sgd", "lr": 1.0, "batch_size": None, "epochs": 1000, "seed": 1, "shuffle": True}',
      'if __name__ == "__main__":',
    ])
      expect(code.split('\n')).toContain(line);
    expect(code).toMatch(/^WEIGHTS = \{\n {4}"h\.weight": \[\n {8}\[-?\d/m);
  });

  it('writes weight decay as parameter groups (weights, not biases), L1 as a penalty, the schedule and early stopping', () => {
    const doc = JSON.parse(readFileSync(examplePath('xor.bps.json'), 'utf8'));
    doc.training = {
      ...doc.training,
      optimizer: 'momentum',
      weightDecay: 0.05,
      l1: 0.01,
      lrSchedule: 'step',
      stepSize: 3,
    };
    doc.training.gamma = 0.5;
    doc.training.patience = 4;
    const lines = generated(doc).split('\n');
    for (const line of [
      '    return [p for p in trainable if p.ndim >= 2], [p for p in trainable if p.ndim < 2]',
      '    groups = [{"params": weights, "weight_decay": 0.05}, {"params": biases, "weight_decay": 0.0}]',
      '    return torch.optim.SGD(groups, lr=lr, momentum=0.9)',
      '    return 0.01 * sum(p.abs().sum() for p in parameter_groups(model)[0])',
      '    return torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)',
      'EARLY_STOPPING = {"patience": 4, "min_delta": 0.0, "restore_best": True}',
      '            (loss + l1_penalty(model)).backward()',
    ])
      expect(lines).toContain(line);
    // AdamW without decay in the document must not take PyTorch's default of 0.01.
    doc.training = { optimizer: 'adamw', lrSchedule: 'cosine', etaMin: 0.001, epochs: 40 };
    const adamw = generated(doc).split('\n');
    expect(adamw).toContain(
      '    return torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)',
    );
    expect(adamw).toContain(
      '    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, epochs), eta_min=0.001)',
    );
    expect(adamw).toContain('EARLY_STOPPING = None');
  });

  it('sanitises node ids into Python names that clash with nothing', () => {
    const doc = makeDocument(
      [
        { id: 'in put', type: 'input', params: { size: 1 } },
        { id: 'class', type: 'linear', params: { in: 1, out: 1 } },
        { id: 'self', type: 'relu' },
        { id: 'training', type: 'linear', params: { in: 1, out: 1 } },
        { id: '2nd-layer', type: 'identity' },
        { id: 't', type: 'target', params: { size: 1 } },
        { id: 'L', type: 'mse' },
      ],
      [
        edge('in put', 'class'),
        edge('class', 'self'),
        edge('self', 'training'),
        edge('training', '2nd-layer'),
        edge('2nd-layer', 'L', 'pred'),
        edge('t', 'L', 'target'),
      ],
    );
    const code = generated(doc);
    expect(code).toContain('    def forward(self, in_put):');
    expect(code).toContain('        self.class_ = nn.Linear(1, 1)');
    expect(code).toContain('        self_ = torch.relu(class_)');
    expect(code).toContain('        training_ = self.training_(self_)');
    expect(code).toContain('        n_2nd_layer = training_');
  });

  it('refuses a document that is not a valid graph', () => {
    const r = exportPytorch({
      format: 'backprop-studio.graph',
      version: 1,
      name: 'x',
      nodes: [{ id: 'a', type: 'dense' }],
      edges: [],
    });
    expect(!r.ok && r.diagnostics[0].message).toBe("node 'a' has unknown block type 'dense'");
  });
});

describe.skipIf(!hasTorch)(
  `model.py under ${PYTHON} with PyTorch${hasTorch ? '' : ` (skipped: ${torchMissing})`}`,
  () => {
    let dir = '';
    const cases: Case[] = [];
    let results: {
      name: string;
      predictions: Record<string, number[][]>;
      classes?: (string | number)[] | null;
      trained?: Record<string, number[][]>;
    }[] = [];
    /** Trained by the engine for the same epochs the Python loop runs, from the same weights: predictions per output. */
    const continued: { name: string; engine: Record<string, number[][]> }[] = [];

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'backprop-pytorch-'));
      cases.push(...exampleCases(), ...Array.from({ length: 24 }, (_, i) => randomDag(i + 1)));
      // A frozen first layer (`trainable: false`): PyTorch must keep it fixed while the rest trains.
      const xor = cases.find((c) => c.name === 'xor.bps.json (untrained)')!;
      cases.push({
        ...xor,
        name: 'xor.bps.json, first layer frozen, trained',
        document: {
          ...xor.document,
          // Targets by position: the training rows below name them t_0, … .
          nodes: xor.document.nodes.map((n) =>
            n.id === 'h'
              ? { ...n, trainable: false }
              : n.type === 'target'
                ? { ...n, params: { ...n.params, columns: undefined } }
                : n,
          ),
          // A large step, so that a first layer PyTorch failed to freeze would move the predictions visibly.
          training: { ...xor.document.training, optimizer: 'sgd', lr: 5, batchSize: 'full', shuffle: false },
        },
      });
      // Regularised and scheduled runs (full batch, file order): weight decay, AdamW, L1, StepLR, cosine.
      for (const [label, settings] of [
        [
          'momentum, weight decay, L1, step schedule',
          { optimizer: 'momentum', weightDecay: 0.05, l1: 0.01, lrSchedule: 'step', stepSize: 2, gamma: 0.5, lr: 2 },
        ],
        [
          'AdamW, L1, cosine schedule',
          { optimizer: 'adamw', weightDecay: 0.3, l1: 0.01, lrSchedule: 'cosine', tMax: 3, lr: 0.1 },
        ],
      ] as const) {
        cases.push({
          ...xor,
          name: `xor.bps.json, ${label}, trained`,
          document: {
            ...xor.document,
            nodes: xor.document.nodes.map((n) =>
              n.type === 'target' ? { ...n, params: { ...n.params, columns: undefined } } : n,
            ),
            training: { ...xor.document.training, ...settings, batchSize: 'full', shuffle: false },
          },
        });
      }
      // Random DAGs with two losses, trained full-batch in file order (so that both sides see the same batches).
      const rand = seededRandom(99);
      for (const seed of [2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35]
        .filter((s) => randomDag(s).document.nodes.some((n) => n.id === 'L2'))
        .slice(0, 3)) {
        const base = randomDag(seed);
        const document = {
          ...base.document,
          name: `${base.name}, trained`,
          training: { ...base.document.training, batchSize: 'full' as const, shuffle: false },
        };
        cases.push({ ...base, name: document.name, document });
      }
      const jobs: object[] = cases.map((c, k) => {
        const path = join(dir, `model_${k}.py`);
        writeFileSync(path, generated(c.document));
        const csv = join(dir, `rows_${k}.csv`);
        writeFileSync(csv, featuresCsv(c));
        return { name: c.name, path, csv };
      });
      // Continued training: full-batch examples, where row order cannot matter (SGD on XOR, Adam on the sine).
      for (const [file, source, epochs] of [
        ['xor.bps.json', 'xor', 300],
        ['sine.bps.json', 'sine', 60],
      ] as const) {
        const c = cases.find((x) => x.name.startsWith(file) && x.name.includes('untrained'))!;
        const data = join(dir, `${source}.csv`);
        writeFileSync(data, datasetCsv(findBuiltin(source)!.load()));
        const trained = trainDocument({ file: examplePath(file), overrides: { epochs } }).document;
        continued.push({ name: c.name, engine: enginePredictions(trained, c.dataset, predictionIds(trained)) });
        Object.assign(jobs[cases.indexOf(c)], { train: data, epochs });
      }
      for (const c of cases.filter((x) => x.name.endsWith(', trained'))) {
        const graph = compiled(c.document);
        const targets = graph.nodes.filter((n) => n.def.source === 'targets').sort((a, b) => a.docIndex - b.docIndex);
        const classes = (t: (typeof targets)[number]) => {
          const loss = graph.nodes.find((n) => n.def.category === 'loss' && graph.nodes[n.inputs[1].source] === t)!;
          return loss.def.type === 'cross_entropy' ? graph.nodes[loss.inputs[0].source].outputSize : 0;
        };
        const header = [
          ...graph.nodes.filter((n) => n.def.source === 'features').flatMap((n) => n.params.columns as string[]),
          ...targets.flatMap((t) => Array.from({ length: t.outputSize }, (_, k) => `${t.id}_${k}`)),
        ];
        const lines = Object.values(c.inputs)[0].map((_, r) =>
          [
            ...Object.values(c.inputs).flatMap((rs) => rs[r]),
            ...targets.flatMap((t) =>
              Array.from({ length: t.outputSize }, () => (classes(t) ? Math.floor(rand() * classes(t)) : rand())),
            ),
          ].join(','),
        );
        const data = join(dir, `train_${cases.indexOf(c)}.csv`);
        writeFileSync(data, `${header.join(',')}\n${lines.join('\n')}\n`);
        const file = join(dir, `doc_${cases.indexOf(c)}.bps.json`);
        writeFileSync(file, JSON.stringify(c.document));
        const trained = trainDocument({ file, data, overrides: { epochs: 5 } }).document;
        continued.push({ name: c.name, engine: enginePredictions(trained, c.dataset, predictionIds(trained)) });
        Object.assign(jobs[cases.indexOf(c)], { train: data, epochs: 5 });
      }
      const jobFile = join(dir, 'jobs.json');
      writeFileSync(jobFile, JSON.stringify(jobs));
      results = JSON.parse(runPython(DRIVER, [jobFile]));
    }, 180_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('runs every example and random DAG, and every prediction agrees with the engine to 1e-5', () => {
      expect(results.map((r) => r.name)).toEqual(cases.map((c) => c.name));
      for (const [k, c] of cases.entries()) {
        const ids = predictionIds(c.document);
        expect(Object.keys(results[k].predictions), c.name).toEqual(ids);
        for (const id of ids)
          expectAgree(results[k].predictions[id].flat(), c.expected[id].flat(), TOLERANCE, `${c.name}: ${id}`);
      }
    });

    it('names the classes as the runtime does', () => {
      for (const [k, c] of cases.entries()) {
        if (!c.name.includes('(trained')) continue;
        const rows = Object.values(c.inputs)[0].map((_, r) => Object.values(c.inputs).flatMap((rs) => rs[r]));
        const p = loadModel(c.document).predict(rows);
        const want = p.classNames ?? p.classes ?? null;
        const got = results[k].classes ?? null;
        // A probability within float32 rounding of 0.5 may fall either side; there are none in these sets.
        expect(got, c.name).toEqual(want);
      }
    });

    it("continues training with the document's loss and optimizer as the engine trains", () => {
      expect(continued.map((c) => c.name)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^xor/),
          expect.stringMatching(/^sine/),
          expect.stringMatching(/^random DAG \d+, trained$/),
          'xor.bps.json, first layer frozen, trained',
        ]),
      );
      expect(continued.length).toBe(8);
      for (const { name, engine } of continued) {
        const k = cases.findIndex((c) => c.name === name);
        const before = cases[k].expected;
        let moved = 0;
        for (const [id, rows] of Object.entries(engine)) {
          expectAgree(
            results[k].trained![id].flat(),
            rows.flat(),
            1e-4,
            `${name}: ${id} after training in PyTorch vs the engine`,
          );
          moved = Math.max(moved, ...rows.flat().map((v, i) => Math.abs(v - before[id].flat()[i])));
        }
        // Training moved the predictions, so the agreement says something.
        expect(moved, `${name}: how far training moved the predictions`).toBeGreaterThan(1e-3);
      }
    });

    it('stops early as the engine does: the same validation rows give the same stop and the best epoch’s weights', () => {
      // Noise targets: the validation loss falls while the output finds the base rate, then rises as the net fits the noise.
      const rand = seededRandom(21);
      const rows = 60;
      const values = Array.from({ length: rows }, () => [rand() * 2 - 1, rand() * 2 - 1, rand() < 0.5 ? 1 : 0]).flat();
      const data: Dataset = {
        name: 'noise',
        columns: ['a', 'b', 'y'],
        rows,
        values: Float64Array.from(values),
        categories: {},
      };
      const doc = makeDocument(
        [
          { id: 'x', type: 'input', params: { size: 2, columns: ['a', 'b'] } },
          { id: 'h', type: 'linear', params: { in: 2, out: 16 } },
          { id: 'hs', type: 'tanh' },
          { id: 'o', type: 'linear', params: { in: 16, out: 1 } },
          { id: 'p', type: 'sigmoid' },
          { id: 't', type: 'target', params: { size: 1, columns: ['y'] } },
          { id: 'L', type: 'bce' },
        ],
        [
          edge('x', 'h'),
          edge('h', 'hs'),
          edge('hs', 'o'),
          edge('o', 'p'),
          edge('p', 'L', 'pred'),
          edge('t', 'L', 'target'),
        ],
        {
          optimizer: 'adam',
          lr: 0.05,
          batchSize: 'full',
          shuffle: false,
          epochs: 500,
          seed: 3,
          validationSplit: 0.4,
          patience: 8,
          minDelta: 0.0005,
        },
      );
      const graph = compiled(doc);
      const bound = bindData(graph, data);
      if (!bound.ok) throw new Error(bound.diagnostics[0].message);
      const trainer = new Trainer(graph, bound.value, resolveTraining(doc.training));
      while (!trainer.finished) trainer.runEpoch();
      expect(trainer.earlyStop, 'the engine stops early on noise').not.toBeNull();
      expect(trainer.earlyStop!.epoch).toBeLessThan(400);
      const csv = (indices: ArrayLike<number>) =>
        `a,b,y\n${Array.from(indices, (r) => values.slice(3 * r, 3 * r + 3).join(',')).join('\n')}\n`;
      const path = join(dir, 'noise_model.py');
      writeFileSync(path, generated(doc));
      writeFileSync(join(dir, 'noise_train.csv'), csv(trainer.trainRows));
      writeFileSync(join(dir, 'noise_val.csv'), csv(trainer.validationRows));
      writeFileSync(join(dir, 'noise_rows.csv'), csv(Array.from({ length: rows }, (_, r) => r)));
      const r = spawnSync(
        PYTHON,
        [
          path,
          '--train',
          join(dir, 'noise_train.csv'),
          '--val',
          join(dir, 'noise_val.csv'),
          '--predict',
          join(dir, 'noise_rows.csv'),
          '--json',
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(trainer.earlyStop!.message);
      const torch = JSON.parse(r.stdout).predictions.p.flat();
      const engine = enginePredictions(trainer.exportDocument(), data, ['p']).p.flat();
      expectAgree(torch, engine, 1e-4, 'predictions with the best epoch’s weights');
    });

    it('prints predictions as `backprop predict` does: python3 model.py --predict rows.csv', () => {
      const c = cases.find((x) => x.name.startsWith('iris-mlp') && x.name.includes('(trained'))!;
      const path = join(dir, 'model.py');
      writeFileSync(path, generated(c.document));
      const csv = join(dir, 'iris-rows.csv');
      writeFileSync(csv, featuresCsv(c));
      const r = spawnSync(PYTHON, [path, '--predict', csv], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe('out0,out1,out2,class');
      const rows = Object.values(c.inputs)[0].map((_, i) => Object.values(c.inputs).flatMap((rs) => rs[i]));
      const want = loadModel(c.document).predict(rows);
      lines.slice(1).forEach((line, i) => {
        const cells = line.split(',');
        expectAgree(cells.slice(0, 3).map(Number), want.outputs[i], TOLERANCE, `row ${i}`);
        expect(cells[3]).toBe(want.classNames![i]);
      });
    });
  },
);
