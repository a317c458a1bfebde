/**
 * Weight decay (L2), AdamW, the L1 penalty, learning-rate schedules and early stopping against
 * PyTorch itself (Debian's python3-torch, float64), step for step: the Trainer's weights after
 * every update of a multi-epoch run (shuffled mini-batches, a short last batch) equal those of
 * torch.optim.SGD / Adam / AdamW with the same parameter groups (decay on the weight matrices,
 * not the biases), an L1 term added to torch's loss, and StepLR / CosineAnnealingLR stepped at
 * the end of every epoch. Early stopping on a constructed case whose validation losses are known.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bindData,
  isRegularized,
  regularizationPenalty,
  resolveTraining,
  scheduledLr,
  Trainer,
  type Dataset,
  type TrainingSettings,
} from '../../src/engine/index.js';
import { compile, expectClose, randomRegressionRows, smallRegressionNet } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

function python(program: string, input: unknown): any {
  const r = spawnSync(PYTHON, ['-c', program], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const ROWS = 10;
const doc = smallRegressionNet;

const dataset = (rows = ROWS, seed = 3): Dataset => randomRegressionRows(rows, seed);

/** The engine's run, step by step: the rows of every batch, the weights after every update, the loss and penalty before it. */
function engineRun(settings: TrainingSettings, steps: number) {
  const graph = compile(doc);
  const bound = bindData(graph, dataset());
  if (!bound.ok) throw new Error(bound.diagnostics[0].message);
  const trainer = new Trainer(graph, bound.value, resolveTraining(settings), { precision: 'float64' });
  const batches: number[][] = [];
  const load = trainer.loadRows.bind(trainer);
  trainer.loadRows = (rows, start = 0, count = rows.length, withTargets = true) => {
    batches.push(Array.from({ length: count }, (_, i) => rows[start + i]));
    load(rows, start, count, withTargets);
  };
  const params = trainer.executor.parameters;
  const initial = Object.fromEntries(params.map((p) => [`${p.node}.${p.name}`, Array.from(p.value)]));
  const after: number[][][] = [];
  const losses: number[] = [];
  const penalties: number[] = [];
  const lrs: number[] = [];
  for (let s = 0; s < steps; s++) {
    lrs.push(trainer.optimizer.settings.lr);
    const r = trainer.step();
    losses.push(r.loss);
    penalties.push(r.penalty);
    after.push(params.map((p) => Array.from(p.value)));
  }
  return { trainer, batches, initial, after, losses, penalties, lrs, names: params.map((p) => `${p.node}.${p.name}`) };
}

/**
 * PyTorch's run of the same batches from the same weights: nn.Linear layers in float64, param
 * groups (weights with weight_decay, biases without), F.mse_loss + l1·Σ|W| as the loss, the
 * scheduler stepped after the last batch of every epoch.
 */
const TORCH_RUN = String.raw`
import json, math, sys
import torch
from torch import nn
from torch.nn import functional as F
torch.set_default_dtype(torch.float64)
results = []
for job in json.load(sys.stdin):
  s = job["settings"]
  h, o = nn.Linear(3, 4), nn.Linear(4, 2)
  with torch.no_grad():
      for layer, name in ((h, "h"), (o, "o")):
          layer.weight.copy_(torch.tensor(job["initial"][name + ".W"]).reshape(layer.weight.shape))
          layer.bias.copy_(torch.tensor(job["initial"][name + ".b"]))
  params = [("h.W", h.weight), ("h.b", h.bias), ("o.W", o.weight), ("o.b", o.bias)]
  decay = [p for _, p in params if p.ndim >= 2]
  no_decay = [p for _, p in params if p.ndim < 2]
  wd = s["weightDecay"]
  groups = [{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}]
  name = s["optimizer"]
  if name == "sgd":
      opt = torch.optim.SGD(groups, lr=s["lr"])
  elif name == "momentum":
      opt = torch.optim.SGD(groups, lr=s["lr"], momentum=s["momentum"])
  elif name == "adam":
      opt = torch.optim.Adam(groups, lr=s["lr"], betas=(s["beta1"], s["beta2"]), eps=s["eps"])
  else:
      opt = torch.optim.AdamW(groups, lr=s["lr"], betas=(s["beta1"], s["beta2"]), eps=s["eps"])
  if s["lrSchedule"] == "step":
      sched = torch.optim.lr_scheduler.StepLR(opt, step_size=s["stepSize"], gamma=s["gamma"])
  elif s["lrSchedule"] == "cosine":
      sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=s["tMax"], eta_min=s["etaMin"])
  else:
      sched = None
  data = torch.tensor(job["data"]).reshape(-1, 5)
  out = {"after": [], "losses": [], "penalties": [], "lrs": []}
  for k, batch in enumerate(job["batches"]):
      rows = data[batch]
      x, t = rows[:, :3], rows[:, 3:]
      out["lrs"].append(opt.param_groups[0]["lr"])
      opt.zero_grad()
      loss = F.mse_loss(o(torch.tanh(h(x))), t)
      l1 = s["l1"] * sum(p.abs().sum() for p in decay)
      (loss + l1).backward()
      with torch.no_grad():
          penalty = wd / 2 * sum((p * p).sum() for p in decay) + l1
      opt.step()
      if sched is not None and k in job["epochEnds"]:
          sched.step()
      out["losses"].append(loss.item())
      out["penalties"].append(float(penalty))
      out["after"].append([p.detach().flatten().tolist() for _, p in params])
  results.append(out)
print(json.dumps(results))
`;

const base: TrainingSettings = {
  lr: 0.3,
  batchSize: 4,
  epochs: 5,
  seed: 7,
  shuffle: true,
  momentum: 0.7,
  beta1: 0.8,
  beta2: 0.95,
  eps: 1e-6,
};

const cases: [string, TrainingSettings][] = [
  ['SGD with weight decay', { optimizer: 'sgd', weightDecay: 0.1 }],
  ['momentum with weight decay', { optimizer: 'momentum', weightDecay: 0.2 }],
  ['Adam with weight decay (coupled, g + λw)', { optimizer: 'adam', lr: 0.05, weightDecay: 0.3 }],
  ['AdamW (decoupled decay)', { optimizer: 'adamw', lr: 0.05, weightDecay: 0.5 }],
  ['SGD with an L1 penalty', { optimizer: 'sgd', l1: 0.05 }],
  ['Adam with L1 and weight decay', { optimizer: 'adam', lr: 0.05, l1: 0.02, weightDecay: 0.1 }],
  ['AdamW with L1', { optimizer: 'adamw', lr: 0.05, l1: 0.02, weightDecay: 0.2 }],
  ['SGD with StepLR', { optimizer: 'sgd', lrSchedule: 'step', stepSize: 2, gamma: 0.5 }],
  ['momentum with CosineAnnealingLR', { optimizer: 'momentum', lrSchedule: 'cosine', tMax: 3, etaMin: 0.01 }],
  [
    'AdamW with weight decay, L1 and a cosine schedule over the run',
    { optimizer: 'adamw', lr: 0.05, weightDecay: 0.1, l1: 0.01, lrSchedule: 'cosine' },
  ],
];

describe.skipIf(!hasTorch)(`step for step against PyTorch (${PYTHON})`, () => {
  const steps = 15; // 5 epochs of batches of 4, 4 and 2 rows
  let runs: ReturnType<typeof engineRun>[] = [];
  let torchRuns: any[] = [];
  beforeAll(() => {
    // All cases in one Python process (importing torch takes seconds).
    runs = cases.map(([, change]) => engineRun({ ...base, ...change }, steps));
    torchRuns = python(
      TORCH_RUN,
      cases.map(([, change], k) => {
        const config = resolveTraining({ ...base, ...change });
        return {
          settings: { ...config, tMax: config.tMax ?? config.epochs },
          initial: runs[k].initial,
          data: Array.from(dataset().values),
          batches: runs[k].batches,
          epochEnds: [2, 5, 8, 11, 14],
        };
      }),
    );
  }, 120_000);

  it.each(cases.map(([name, change], k) => [name, change, k] as const))('%s', (_, change, k) => {
    const run = runs[k];
    const torch = torchRuns[k];
    expect(run.batches.map((b) => b.length)).toEqual([4, 4, 2, 4, 4, 2, 4, 4, 2, 4, 4, 2, 4, 4, 2]);
    const config = resolveTraining({ ...base, ...change });
    expectClose(run.lrs, torch.lrs, 1e-12, 'learning rate of each step');
    for (let s = 0; s < steps; s++) {
      expectClose([run.losses[s]], [torch.losses[s]], 1e-10, `step ${s + 1}: data loss`);
      expectClose([run.penalties[s]], [torch.penalties[s]], 1e-10, `step ${s + 1}: penalty`);
      run.names.forEach((name, k) =>
        expectClose(run.after[s][k], torch.after[s][k], 1e-10, `step ${s + 1}: ${name} after the update`),
      );
    }
    // The epochs report the penalty beside the data loss, and the learning rate when it is scheduled.
    const history = run.trainer.history;
    expect(history).toHaveLength(5);
    const regularized = (config.weightDecay ?? 0) > 0 || (config.l1 ?? 0) > 0;
    for (const [e, epoch] of history.entries()) {
      const rows = [4, 4, 2];
      const mean = (xs: number[]) => xs.reduce((sum, x, i) => sum + x * rows[i], 0) / 10;
      if (regularized) expectClose([epoch.penalty!], [mean(run.penalties.slice(3 * e, 3 * e + 3))], 1e-12, 'penalty');
      else expect(epoch.penalty).toBeUndefined();
      if (config.lrSchedule === 'constant') expect(epoch.lr).toBeUndefined();
      else expect(epoch.lr).toBe(run.lrs[3 * e]);
    }
  });

  it('the schedules give torch’s learning rate for every epoch, past T_max and after many steps of γ', () => {
    const schedules: TrainingSettings[] = [
      { lrSchedule: 'step', lr: 0.1, stepSize: 3, gamma: 0.7 },
      { lrSchedule: 'step', lr: 1, stepSize: 1, gamma: 0.9 },
      { lrSchedule: 'cosine', lr: 0.1, tMax: 7, etaMin: 0.001 },
      { lrSchedule: 'cosine', lr: 0.5, epochs: 10 },
    ];
    const torch = python(
      String.raw`
import json, sys
import torch
out = []
for s in json.load(sys.stdin):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=s["lr"])
    if s["lrSchedule"] == "step":
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=s["stepSize"], gamma=s["gamma"])
    else:
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=s["tMax"], eta_min=s["etaMin"])
    lrs = []
    for epoch in range(40):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    out.append(lrs)
print(json.dumps(out))
`,
      schedules.map((s) => {
        const c = resolveTraining(s);
        return { ...c, tMax: c.tMax ?? c.epochs };
      }),
    );
    schedules.forEach((s, k) => {
      const c = resolveTraining(s);
      const mine = Array.from({ length: 40 }, (_, e) => scheduledLr(c, e));
      expectClose(mine, torch[k], 1e-9, `${s.lrSchedule} ${JSON.stringify(s)}`);
    });
  });
});

describe('regularisation', () => {
  it('applies to the weight matrices and not to the biases', () => {
    const run = engineRun({ ...base, optimizer: 'sgd', weightDecay: 0.5, l1: 0.1 }, 1);
    const plain = engineRun({ ...base, optimizer: 'sgd' }, 1);
    const params = run.trainer.executor.parameters;
    expect(params.map((p) => [p.name, isRegularized(p)])).toEqual([
      ['W', true],
      ['b', false],
      ['W', true],
      ['b', false],
    ]);
    params.forEach((p, k) => {
      if (p.name === 'b') expect(run.after[0][k]).toEqual(plain.after[0][k]);
      else expect(run.after[0][k]).not.toEqual(plain.after[0][k]);
    });
    // The penalty: (λ/2)·Σw² + λ₁·Σ|w| over both W.
    const Ws = Object.entries(run.initial).filter(([n]) => n.endsWith('.W'));
    const squares = Ws.reduce((s, [, w]) => s + w.reduce((a, v) => a + v * v, 0), 0);
    const absolute = Ws.reduce((s, [, w]) => s + w.reduce((a, v) => a + Math.abs(v), 0), 0);
    expect(run.penalties[0]).toBeCloseTo(0.25 * squares + 0.1 * absolute, 12);
    expect(regularizationPenalty(params, { weightDecay: 0, l1: 0 })).toBe(0);
  });

  it('L1’s subgradient is 0 at w = 0: a weight at exactly 0 with no data gradient stays there', () => {
    const graph = compile(doc);
    const bound = bindData(graph, dataset());
    if (!bound.ok) throw new Error(bound.diagnostics[0].message);
    const trainer = new Trainer(graph, bound.value, resolveTraining({ optimizer: 'sgd', l1: 0.3, batchSize: 'full' }), {
      precision: 'float64',
    });
    // The first input column is 0 everywhere: h.W's first column gets no data gradient.
    for (let r = 0; r < ROWS; r++) trainer.data.inputs[0].values[r * 3] = 0;
    const W = trainer.executor.nodeWeights('h').W.value;
    for (let i = 0; i < 4; i++) W[i * 3] = 0;
    const other = W[1];
    trainer.step();
    for (let i = 0; i < 4; i++) expect(W[i * 3]).toBe(0);
    expect(W[1]).not.toBe(other);
  });

  it('changing the optimizer during a run keeps frozen weights frozen', () => {
    const frozenDoc = structuredClone(doc);
    frozenDoc.nodes[1] = { ...frozenDoc.nodes[1], trainable: false };
    const graph = compile(frozenDoc);
    const bound = bindData(graph, dataset());
    if (!bound.ok) throw new Error(bound.diagnostics[0].message);
    const trainer = new Trainer(graph, bound.value, resolveTraining({ optimizer: 'sgd', weightDecay: 0.1 }));
    trainer.step();
    const frozen = Array.from(trainer.executor.nodeWeights('h').W.value);
    trainer.updateConfig({ optimizer: 'adam' });
    for (let i = 0; i < 5; i++) trainer.step();
    expect(Array.from(trainer.executor.nodeWeights('h').W.value)).toEqual(frozen);
  });
});

describe('early stopping', () => {
  /** A trainer on a 40-row set with a validation split; `valLosses` replaces its validation loss per epoch. */
  function stoppingTrainer(settings: TrainingSettings, valLosses: number[]) {
    const graph = compile(doc);
    const bound = bindData(graph, dataset(40, 5));
    if (!bound.ok) throw new Error(bound.diagnostics[0].message);
    const trainer = new Trainer(
      graph,
      bound.value,
      resolveTraining({ optimizer: 'sgd', lr: 0.1, batchSize: 'full', epochs: 50, validationSplit: 0.25, ...settings }),
      { precision: 'float64' },
    );
    const evaluate = trainer.evaluate.bind(trainer);
    // The constructed case: the validation losses are given (the training loss is the engine's own).
    trainer.evaluate = (rows, chunk) =>
      rows === trainer.validationRows ? { loss: valLosses[trainer.epoch] ?? 0 } : evaluate(rows, chunk);
    const weightsAt: number[][][] = [];
    while (!trainer.finished) {
      trainer.runEpoch();
      weightsAt.push(trainer.executor.parameters.map((p) => Array.from(p.value)));
    }
    return { trainer, weightsAt };
  }

  // Best in epoch 4 (0.5); epoch 7's 0.499 is not better by more than minDelta 0.01; none better after.
  const losses = [1, 0.8, 0.7, 0.5, 0.6, 0.55, 0.499, 0.52, 0.51, 0.53, 0.9, 0.2];

  it('stops after `patience` epochs without improvement, with the best epoch’s weights back', () => {
    const { trainer, weightsAt } = stoppingTrainer({ patience: 5, minDelta: 0.01 }, losses);
    expect(trainer.epoch).toBe(9);
    expect(trainer.history).toHaveLength(9);
    expect(trainer.earlyStop).toMatchObject({ epoch: 9, bestEpoch: 4, bestValLoss: 0.5, patience: 5, restored: true });
    expect(trainer.earlyStop!.message).toBe(
      'stopped early at epoch 9: no validation improvement for 5 epochs; best weights from epoch 4 kept',
    );
    // The weights are those at the end of epoch 4 (weightsAt[8] was taken after the restore).
    const now = trainer.executor.parameters.map((p) => Array.from(p.value));
    expect(now).toEqual(weightsAt[3]);
    expect(now).toEqual(weightsAt[8]);
    // The saved document records the rule.
    expect(trainer.exportDocument().training).toMatchObject({ patience: 5, minDelta: 0.01, restoreBest: true });
  });

  it('without minDelta a tiny improvement counts; restoreBest: false keeps the last weights', () => {
    // With minDelta 0.01, epoch 7's 0.499 is no improvement on 0.5: patience 3 ends the run there.
    const strict = stoppingTrainer({ patience: 3, minDelta: 0.01, restoreBest: false }, losses).trainer;
    expect(strict.earlyStop).toMatchObject({ epoch: 7, bestEpoch: 4, restored: false });
    // Without it, 0.499 is the new best, and epochs 8, 9, 10 bring none.
    const { trainer, weightsAt } = stoppingTrainer({ patience: 3, restoreBest: false }, losses);
    expect(trainer.earlyStop).toMatchObject({ epoch: 10, bestEpoch: 7, bestValLoss: 0.499, restored: false });
    expect(trainer.earlyStop!.message).toBe(
      'stopped early at epoch 10: no validation improvement for 3 epochs; the last weights kept (the best validation loss was in epoch 7)',
    );
    expect(trainer.executor.parameters.map((p) => Array.from(p.value))).not.toEqual(weightsAt[6]);
  });

  it('does nothing without a validation split, and a reset or a new rule starts the count again', () => {
    const graph = compile(doc);
    const bound = bindData(graph, dataset(40, 5));
    if (!bound.ok) throw new Error(bound.diagnostics[0].message);
    const trainer = new Trainer(graph, bound.value, resolveTraining({ epochs: 12, patience: 1, batchSize: 'full' }));
    while (!trainer.finished) trainer.runEpoch();
    expect(trainer.epoch).toBe(12);
    expect(trainer.earlyStop).toBeNull();

    const { trainer: stopped } = stoppingTrainer({ patience: 3 }, losses);
    expect(stopped.finished).toBe(true);
    stopped.updateConfig({ patience: 100 });
    expect(stopped.finished).toBe(false);
    stopped.reset();
    expect(stopped.earlyStop).toBeNull();
    expect(stopped.epoch).toBe(0);
  });
});
