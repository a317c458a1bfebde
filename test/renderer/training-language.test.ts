/**
 * The training area's words in both languages: a setting's problem says what the document
 * schema's check says (in English the engine's own words, used by the CLI), and the client's
 * messages (the early stop, training without data, the target reached) are told in the page's
 * language and again when it changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  describeEarlyStop,
  emptyDocument,
  trainingSettingProblem,
  type TrainingSettings,
} from '../../src/engine/index.js';
import type { ClientMessage, WorkerMessage } from '../../src/session/protocol.js';
import { settingProblem } from '../../src/renderer/src/components/TrainingPanel.js';
import { i18n, t } from '../../src/renderer/src/i18n.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import type { WorkerLike } from '../../src/renderer/src/training/client.js';
import { connectServices, createServices } from '../../src/renderer/src/services.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { uiStore } from '../../src/renderer/src/ui.js';
import { until } from '../session/helpers.js';

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('a training setting’s problem', () => {
  const cases: [keyof TrainingSettings & string, number][] = [
    ['lr', 0],
    ['lr', -1],
    ['momentum', 1],
    ['beta2', -0.5],
    ['epochs', 2.5],
    ['epochs', -1],
    ['targetLoss', -1],
    ['gamma', 1.5],
    ['patience', 0],
    ['stepSize', 0],
    ['validationSplit', 1],
  ];

  it('is the engine’s own words in English', () => {
    for (const [key, value] of cases) expect(settingProblem(key, value, t)).toBe(trainingSettingProblem(key, value));
    expect(settingProblem('lr', 0.1, t)).toBeNull();
    expect(settingProblem('lr', Number.NaN, t)).toBe('not a number');
  });

  it('is said in Russian', async () => {
    await i18n.changeLanguage('ru');
    expect(settingProblem('lr', 0, t)).toBe('должно быть > 0');
    expect(settingProblem('momentum', 1, t)).toBe('должно быть < 1');
    expect(settingProblem('epochs', 2.5, t)).toBe('должно быть целым числом');
    expect(settingProblem('patience', 0, t)).toBe('должно быть ≥ 1');
    expect(settingProblem('gamma', 1.5, t)).toBe('должно быть ≤ 1');
  });
});

/** A worker that answers nothing: the test hands the client the messages a session would send. */
function silentWorker(): WorkerLike & { sent: ClientMessage[]; say(m: WorkerMessage): void } {
  const w = {
    sent: [] as ClientMessage[],
    onmessage: null as WorkerLike['onmessage'],
    onerror: null as WorkerLike['onerror'],
    postMessage: (m: ClientMessage) => w.sent.push(m),
    terminate: () => {},
    say: (m: WorkerMessage) => w.onmessage?.({ data: m } as MessageEvent<WorkerMessage>),
  };
  return w;
}

describe('the training client’s words', () => {
  it('tells training without data in the page’s language, and again when it changes', async () => {
    const services = createServices(browserPlatform(window.sessionStorage), silentWorker);
    services.editor.getState().load(emptyDocument());
    services.training.run();
    const said = () => services.training.store.getState().diagnostics[0]?.message;
    expect(said()).toBe('no data loaded: pick a built-in data set or load a CSV in the Data panel');
    await i18n.changeLanguage('ru');
    expect(said()).toBe('данные не загружены: выберите встроенный набор данных или загрузите CSV на панели «Данные»');
  });

  it('tells the worker’s failure in the page’s language, and again when it changes', async () => {
    const worker = silentWorker();
    const services = createServices(browserPlatform(window.sessionStorage), () => worker);
    const stop = connectServices(services, 10);
    try {
      services.editor.getState().load(structuredClone(templates.find((x) => x.id === 'logistic-regression')!.document));
      await until(() => services.data.getState().dataset !== null);
      services.training.run();
      worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
      expect(services.training.store.getState().error).toBe('the training worker failed: out of memory');
      await i18n.changeLanguage('ru');
      expect(services.training.store.getState().error).toBe('сбой фонового процесса обучения: out of memory');
    } finally {
      stop();
    }
  });

  it('tells an early stop and a reached target with the plural of the epochs', async () => {
    const worker = silentWorker();
    const services = createServices(browserPlatform(window.sessionStorage), () => worker);
    const stop = connectServices(services, 10);
    try {
      services.editor.getState().load(structuredClone(templates.find((x) => x.id === 'logistic-regression')!.document));
      await until(() => services.data.getState().dataset !== null);
      services.training.run();
      const earlyStop = { epoch: 9, patience: 5, bestEpoch: 4, bestValLoss: 0.1, restored: true, message: '' };
      const finished = (reason: 'early' | 'target', epoch: number) =>
        ({
          type: 'finished',
          progress: {
            graphVersion: services.editor.getState().structureVersion,
            status: 'finished',
            outcome: { kind: 'finished', reason, ...(reason === 'early' ? { earlyStop } : {}) },
            epoch,
            steps: epoch,
            lastLoss: 0.1,
            samplesPerSecond: 0,
            epochs: [],
            edgeGradients: new Float32Array(),
            edgeActivations: new Float32Array(),
            layerGradients: {},
            hints: {},
            runHints: [],
          },
        }) as unknown as WorkerMessage;
      const toasts = () => uiStore.getState().toasts.map((x) => x.message);
      worker.say(finished('early', 9));
      const english = describeEarlyStop(earlyStop);
      expect(services.training.store.getState().earlyStopMessage).toBe(english);
      expect(toasts()).toContain(`Training ${english}.`);
      await i18n.changeLanguage('ru');
      expect(services.training.store.getState().earlyStopMessage).toBe(
        'остановлено досрочно на эпохе 9: потери на валидации не уменьшались 5 эпох; возвращены веса лучшей эпохи (4)',
      );
      worker.say(finished('target', 22));
      expect(toasts()).toContain('Потери достигли цели за 22 эпохи.');
      worker.say(finished('target', 21));
      expect(toasts()).toContain('Потери достигли цели за 21 эпоху.');
      await i18n.changeLanguage('en');
      worker.say(finished('target', 1));
      expect(toasts()).toContain('Reached the target loss after 1 epoch.');
    } finally {
      stop();
    }
  });
});
