/**
 * The training session's own messages reach the page as phrases: the client shows them in the
 * page's language (the training area's error), and again when the language changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { phrase } from '../../src/engine/index.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import { i18n } from '../../src/renderer/src/i18n.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { connectServices, createServices } from '../../src/renderer/src/services.js';
import type { WorkerLike } from '../../src/renderer/src/training/client.js';
import type { ClientMessage, WorkerMessage } from '../../src/session/protocol.js';
import { until } from '../session/helpers.js';

afterEach(async () => {
  await i18n.changeLanguage('en');
});

/** A worker that answers nothing: the test hands the client the messages a session would send. */
function silentWorker(): WorkerLike & { say(m: WorkerMessage): void } {
  const w = {
    onmessage: null as WorkerLike['onmessage'],
    onerror: null as WorkerLike['onerror'],
    postMessage: (_m: ClientMessage) => {},
    terminate: () => {},
    say: (m: WorkerMessage) => w.onmessage?.({ data: m } as MessageEvent<WorkerMessage>),
  };
  return w;
}

describe('the session’s error in the training area', () => {
  it('is told in the page’s language, and again when it changes', async () => {
    const worker = silentWorker();
    const services = createServices(browserPlatform(window.sessionStorage), () => worker);
    const stop = connectServices(services, 10);
    try {
      services.editor.getState().load(structuredClone(templates.find((x) => x.id === 'logistic-regression')!.document));
      await until(() => services.data.getState().dataset !== null);
      services.training.run();
      const error = () => services.training.store.getState().error;
      worker.say({
        type: 'error',
        message: phrase('trainingSession.weightsNotSet', {
          problem: phrase('trainingSession.notFinite', { name: 'W', index: '0', block: 'h', value: 'NaN' }),
        }),
      });
      expect(error()).toBe("weights not set: W[0] of block 'h': NaN is not a finite number");
      await i18n.changeLanguage('ru');
      expect(error()).toBe("веса не заданы: W[0] блока 'h': NaN — не конечное число");
      await i18n.changeLanguage('en');
      expect(error()).toBe("weights not set: W[0] of block 'h': NaN is not a finite number");
    } finally {
      stop();
    }
  });
});
