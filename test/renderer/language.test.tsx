/**
 * The page's language: where it comes from (?lang=, the host, the browser), switching it from the
 * command palette (remembered by the host), and components following at once without touching
 * the graph.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'vitest-browser-react';
import { I18nextProvider } from 'react-i18next';
import { CommandsProvider } from '../../src/renderer/src/commands/provider.js';
import { useCommand, useCommands } from '../../src/renderer/src/commands/use.js';
import { ServicesProvider } from '../../src/renderer/src/context.js';
import { FileCommands } from '../../src/renderer/src/files/commands.js';
import { currentLanguage, i18n, initialLanguage, startLanguage } from '../../src/renderer/src/i18n.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import { createServices } from '../../src/renderer/src/services.js';
import { templates } from '../../src/renderer/src/editor/templates.js';

afterEach(async () => {
  cleanup();
  await i18n.changeLanguage('en');
});

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, String(v)),
  };
}

describe('the language the page starts in', () => {
  it('is ?lang= first, then the host’s, then the browser’s preferences, then English', () => {
    expect(initialLanguage('?lang=ru', 'en', ['en-US'])).toBe('ru');
    expect(initialLanguage('?example=xor&lang=en', 'ru', ['ru-RU'])).toBe('en');
    expect(initialLanguage('?lang=de', 'ru', ['en-US'])).toBe('ru');
    expect(initialLanguage('', null, ['de-DE', 'ru-RU', 'en'])).toBe('ru');
    expect(initialLanguage('', null, ['fr-FR'])).toBe('en');
    expect(initialLanguage('', 'xx', [])).toBe('en');
  });

  it('the browser host remembers the choice across visits', () => {
    const storage = memoryStorage();
    expect(browserPlatform(storage).language).toBeNull();
    browserPlatform(storage).setLanguage('ru');
    expect(browserPlatform(storage).language).toBe('ru');
    startLanguage(browserPlatform(storage), '');
    expect(currentLanguage()).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
  });
});

function TrainButton() {
  const train = useCommand('train');
  return <button type="button">{train.label}</button>;
}

function PaletteProbe({ onReady }: { onReady(c: ReturnType<typeof useCommands>): void }) {
  onReady(useCommands());
  return null;
}

describe('switching the language', () => {
  it('from the command palette: the page speaks it at once, the host keeps it, the graph stays', async () => {
    const storage = memoryStorage();
    const services = createServices(browserPlatform(storage));
    services.editor.getState().load(structuredClone(templates.find((t) => t.id === 'xor')!.document));
    const before = services.editor.getState().document();
    let commands: ReturnType<typeof useCommands> | undefined;
    const screen = await render(
      <I18nextProvider i18n={i18n}>
        <ServicesProvider services={services}>
          <ReactFlowProvider>
            <CommandsProvider files={new FileCommands(services.editor, services.platform)}>
              <TrainButton />
              <PaletteProbe onReady={(c) => (commands = c)} />
            </CommandsProvider>
          </ReactFlowProvider>
        </ServicesProvider>
      </I18nextProvider>,
    );
    await expect.element(screen.getByRole('button', { name: 'Train' })).toBeVisible();
    const offered = commands!.list().filter((c) => c.id.startsWith('language:'));
    expect(offered.map((c) => [c.id, c.title])).toEqual([
      ['language:en', 'Language: English'],
      ['language:ru', 'Language: Русский'],
    ]);
    commands!.run('language:ru');
    await expect.element(screen.getByRole('button', { name: 'Обучить' })).toBeVisible();
    expect(storage.getItem('backprop-studio.language')).toBe('ru');
    expect(commands!.get('language:en')!.title).toBe('Язык: English');
    expect(services.editor.getState().document()).toEqual(before);
    commands!.run('language:en');
    await expect.element(screen.getByRole('button', { name: 'Train' })).toBeVisible();
  });
});
