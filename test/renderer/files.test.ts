/**
 * File commands with a recording platform, in real Chromium: restoring a crash backup whose file
 * changed on disk never writes over that file; a run's trained weights reach the backup every few
 * seconds (throttled by what a backup costs); the Electron platform grants dropped graphs and
 * refuses files over the document limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Diagnostic,
  emptyDocument,
  type GraphDocument,
  parseDocument,
  serializeDocument,
} from '../../src/engine/index.js';
import { MAX_DOCUMENT_BYTES } from '../../src/engine/limits.js';
import { createEditorStore } from '../../src/renderer/src/editor/store.js';
import { templates } from '../../src/renderer/src/editor/templates.js';
import { BACKUP_INTERVAL_MS, FileCommands } from '../../src/renderer/src/files/commands.js';
import { electronPlatform, ipcMessage } from '../../src/renderer/src/platform/electron.js';
import type { Platform } from '../../src/renderer/src/platform/index.js';
import { uiStore } from '../../src/renderer/src/ui.js';
import type { Backup, BackpropApi } from '../../src/preload/api.js';

const xor = (): GraphDocument => structuredClone(templates.find((t) => t.id === 'xor')!.document);

interface Recorded {
  backups: { text: string; path: string | null }[];
  saves: { text: string; path: string | null }[];
}

function recordingPlatform(backup: Backup | null, writeBackup?: () => Promise<void>): Platform & Recorded {
  const backups: Recorded['backups'] = [];
  const saves: Recorded['saves'] = [];
  return {
    kind: 'electron',
    nativeMenu: true,
    backups,
    saves,
    openFile: async () => null,
    openDataFile: async () => null,
    readDroppedFile: async () => {
      throw new Error('unused');
    },
    save: async (text, { path, suggestedName }) => {
      saves.push({ text, path });
      return { path: path ?? `/chosen/${suggestedName}`, name: suggestedName };
    },
    exportFile: async () => true,
    recentFiles: async () => [],
    openRecent: async () => {
      throw new Error('unused');
    },
    writeBackup: async (text, path) => {
      await writeBackup?.();
      backups.push({ text, path });
    },
    readBackup: async () => backup,
    clearBackup: async () => undefined,
    setDocumentState: () => undefined,
    closeWindow: () => undefined,
    onCommand: () => () => undefined,
    onOpenFile: () => () => undefined,
    language: null,
    setLanguage: () => undefined,
    onLanguageChanged: () => () => undefined,
  };
}

/** Waits for the app to ask, checks what it says, and answers with the button labelled `label`. */
async function answer(label: string): Promise<string> {
  await expect.poll(() => uiStore.getState().modals.length).toBe(1);
  const modal = uiStore.getState().modals[0];
  const button = modal.buttons.find((b) => b.label === label);
  expect(button, `buttons: ${modal.buttons.map((b) => b.label).join(', ')}`).toBeDefined();
  modal.resolve(button!.id);
  return String(modal.body);
}

afterEach(() => uiStore.setState({ modals: [], toasts: [] }));

describe('restoring a crash backup', () => {
  const backupOf = (fileChanged?: Backup['fileChanged']): Backup => ({
    text: serializeDocument({ ...xor(), name: 'work' }),
    path: '/home/u/net.bps.json',
    savedAt: Date.now(),
    ...(fileChanged ? { fileChanged } : {}),
  });

  it('is offered once, however often start-up asks (strict mode runs effects twice)', async () => {
    const files = new FileCommands(createEditorStore(), recordingPlatform(backupOf()));
    const offers = [files.offerRestore(), files.offerRestore()];
    await answer('Restore');
    expect(await Promise.all(offers)).toEqual([true, true]);
    expect(uiStore.getState().modals).toEqual([]);
  });

  it('of a file unchanged on disk restores the work to that file', async () => {
    const editor = createEditorStore();
    const platform = recordingPlatform(backupOf());
    const files = new FileCommands(editor, platform);
    const restored = files.offerRestore();
    await answer('Restore');
    expect(await restored).toBe(true);
    expect(editor.getState().file).toEqual({ path: '/home/u/net.bps.json', name: 'net.bps.json' });
    await files.save();
    expect(platform.saves.at(-1)?.path).toBe('/home/u/net.bps.json');
  });

  for (const fileChanged of ['modified', 'missing'] as const)
    it(`of a file ${fileChanged} on disk says so and restores an unsaved copy that never writes over it`, async () => {
      const editor = createEditorStore();
      const platform = recordingPlatform(backupOf(fileChanged));
      const files = new FileCommands(editor, platform);
      const restored = files.offerRestore();
      const body = await answer('Restore as a Copy');
      expect(body).toContain('net.bps.json');
      expect(body).toMatch(fileChanged === 'modified' ? /changed on disk after the backup/ : /no longer on disk/);
      expect(await restored).toBe(true);
      expect(editor.getState().meta.name).toBe('work');
      expect(editor.getState().file.path).toBeNull();
      // Save asks where (path null): the changed file is never the target.
      await files.save();
      expect(platform.saves.at(-1)?.path).toBeNull();
    });
});

describe('the crash backup during a run', () => {
  it('gets the trained weights every few seconds, not only when the run stops', async () => {
    const editor = createEditorStore();
    editor.getState().load(xor(), { path: '/home/u/xor.bps.json', name: 'xor.bps.json' });
    const platform = recordingPlatform(null);
    let clock = 0;
    let step = 0;
    let training = true;
    // The trained document as the worker would report it: weights change as the run goes on.
    const trained = async (): Promise<GraphDocument> => {
      step++;
      const doc = editor.getState().document();
      return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, weights: { W: { shape: [1], data: [step] } } })) };
    };
    const files = new FileCommands(
      editor,
      platform,
      trained,
      () => training,
      () => clock,
    );
    // Not edited since it was opened: nothing to back up while no run changes the weights.
    training = false;
    await files.backupNow();
    expect(platform.backups).toEqual([]);
    training = true;
    await files.backupNow();
    expect(platform.backups).toHaveLength(1);
    clock += BACKUP_INTERVAL_MS / 2;
    await files.backupNow();
    expect(platform.backups).toHaveLength(1);
    clock += BACKUP_INTERVAL_MS / 2;
    await files.backupNow();
    expect(platform.backups).toHaveLength(2);
    const weights = platform.backups.map((b) => {
      const loaded = parseDocument(b.text);
      if (!loaded.ok) throw new Error('backup does not load');
      return loaded.document.nodes.find((n) => n.id === 'h')?.weights?.W.data[0];
    });
    expect(weights).toEqual([1, 2]);
    expect(platform.backups.every((b) => b.path === '/home/u/xor.bps.json')).toBe(true);
  });

  it('is throttled by what a backup costs, and one that hangs does not stop the next', async () => {
    const editor = createEditorStore();
    editor.getState().load(xor());
    let clock = 0;
    // Each backup takes a second (a large model): the next one waits twenty.
    const platform = recordingPlatform(null, async () => {
      clock += 1000;
    });
    const files = new FileCommands(
      editor,
      platform,
      async () => editor.getState().document(),
      () => true,
      () => clock,
    );
    await files.backupNow();
    expect(platform.backups).toHaveLength(1);
    clock += 10_000;
    await files.backupNow();
    expect(platform.backups).toHaveLength(1);
    clock += 10_000;
    await files.backupNow();
    expect(platform.backups).toHaveLength(2);
  });

  it('a backup that fails says so once, and the next that works is written', async () => {
    const editor = createEditorStore();
    editor.getState().load(emptyDocument());
    editor.getState().setMeta({ name: 'edited' });
    let fail = true;
    const platform = recordingPlatform(null, async () => {
      if (fail) throw new Error('the disk is full');
    });
    const files = new FileCommands(editor, platform);
    await files.backupNow();
    editor.getState().setMeta({ name: 'edited again' });
    await files.backupNow();
    const errors = uiStore.getState().toasts.filter((t) => t.kind === 'error');
    expect(errors.map((t) => t.message)).toEqual([
      'Could not back up unsaved work: the disk is full. Save to keep it.',
    ]);
    fail = false;
    editor.getState().setMeta({ name: 'edited a third time' });
    await files.backupNow();
    expect(platform.backups).toHaveLength(1);
  });
});

describe('the Electron platform', () => {
  const api = (granted: string | null) => {
    const asked: File[] = [];
    return {
      asked,
      api: {
        grantDroppedFile: async (file: File) => {
          asked.push(file);
          return granted;
        },
        save: async () => {
          throw new Error(
            "Error invoking remote method 'file:save': Error: The graph is 70.2 MB; documents over 64 MB cannot be opened again, so it was not written",
          );
        },
      } as unknown as BackpropApi,
    };
  };

  it('opens a dropped graph with the path main granted, so that Save writes it in place', async () => {
    const { api: electron, asked } = api('/home/u/net.bps.json');
    const file = new File(['{"format":"backprop-studio.graph"}'], 'net.bps.json');
    expect(await electronPlatform(electron).readDroppedFile(file)).toEqual({
      name: 'net.bps.json',
      path: '/home/u/net.bps.json',
      text: '{"format":"backprop-studio.graph"}',
    });
    expect(asked).toEqual([file]);
  });

  it('opens an ungranted drop as a copy, imports models without asking, refuses files over the limit', async () => {
    const { api: electron, asked } = api(null);
    const platform = electronPlatform(electron);
    expect((await platform.readDroppedFile(new File(['{}'], 'a.json'))).path).toBeNull();
    const model = await platform.readDroppedFile(new File([new Uint8Array([8, 1])], 'm.onnx'));
    expect(model.path).toBeNull();
    expect([...model.bytes!]).toEqual([8, 1]);
    expect(asked).toHaveLength(1);
    const huge = new File([new Uint8Array(MAX_DOCUMENT_BYTES + 1)], 'huge.bps.json');
    await expect(platform.readDroppedFile(huge)).rejects.toThrow(
      'huge.bps.json is 64.0 MB; files over 64 MB are not opened',
    );
  });

  it("shows the main process's own message, without Electron's wrapping", async () => {
    const { api: electron } = api(null);
    await expect(electronPlatform(electron).save('x', { path: null, suggestedName: 'a' })).rejects.toThrow(
      /^The graph is 70\.2 MB; documents over 64 MB cannot be opened again, so it was not written$/,
    );
    expect(ipcMessage(new Error("Error invoking remote method 'file:open-path': IpcError: refused")).message).toBe(
      'refused',
    );
    expect(ipcMessage(new Error('plain')).message).toBe('plain');
  });
});

describe('Export as ONNX or PyTorch', () => {
  /** A platform that records what it was asked to export. */
  function exporting(): Platform & { exported: string[] } {
    const exported: string[] = [];
    return {
      ...recordingPlatform(null),
      exported,
      exportFile: async (_data, name) => {
        exported.push(name);
        return true;
      },
    };
  }
  const toasts = () => uiStore.getState().toasts.map((t) => `${t.kind}: ${t.message}`);
  /** The open modal's title and the messages of the problems it lists. */
  async function problemsShown(): Promise<{ title: string; messages: string[] }> {
    await expect.poll(() => uiStore.getState().modals.length).toBe(1);
    const modal = uiStore.getState().modals[0];
    const body = modal.body as { props: { diagnostics: Diagnostic[]; intro: string } };
    expect(body.props.intro).toBe('Nothing was exported. The graph has these problems:');
    modal.resolve('ok');
    return { title: modal.title, messages: body.props.diagnostics.map((d) => d.message) };
  }

  it('exports a graph the exporters take, and says so', async () => {
    const editor = createEditorStore();
    editor.getState().load(xor());
    const platform = exporting();
    await new FileCommands(editor, platform).exportAs('onnx');
    await new FileCommands(editor, platform).exportAs('pytorch');
    expect(platform.exported).toEqual(['XOR, one hidden layer.onnx', 'xor_one_hidden_layer.py']);
    expect(toasts()).toContain('success: Exported the graph as PyTorch.');
  });

  it('shows the problems an exporter names and exports nothing', async () => {
    const doc = xor();
    const target = doc.nodes.find((n) => n.type === 'target')!;
    const input = doc.nodes.find((n) => n.type === 'input')!;
    // The prediction is an Add of the input (2 columns) and the target (1): the exporter refuses it.
    doc.nodes.push({ id: 'leak', type: 'add' });
    const loss = doc.edges.find((e) => e.targetHandle === 'pred')!;
    doc.edges.push(
      { source: input.id, target: 'leak', targetHandle: 'in0' },
      { source: target.id, target: 'leak', targetHandle: 'in1' },
    );
    loss.source = 'leak';
    const editor = createEditorStore();
    editor.getState().load(doc);
    const platform = exporting();
    const done = new FileCommands(editor, platform).exportAs('onnx');
    const shown = await problemsShown();
    await done;
    expect(shown.title).toBe('Cannot export to ONNX');
    expect(shown.messages).toEqual([
      `shape mismatch at node 'leak' (Add): input 'in1' expects [batch × 2] (the same columns as in0) but node '${target.id}' gives [batch × 1]`,
    ]);
    expect(platform.exported).toEqual([]);
  });

  it('shows a message when an exporter fails (a bug of ours), and when the trained weights cannot be had', async () => {
    const editor = createEditorStore();
    editor.getState().load(xor());
    const platform = exporting();
    // A document whose every read throws stands for any bug deep in an exporter (before: nothing was shown).
    const broken = new Proxy({} as GraphDocument, {
      get: (_, key) => {
        // Not a promise (awaiting it asks for `then`).
        if (key === 'then') return undefined;
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    const failing = new FileCommands(editor, platform, async () => broken).exportAs('pytorch');
    const shown = await problemsShown();
    await failing;
    expect(shown).toEqual({
      title: 'Cannot export to PyTorch',
      messages: [
        'the graph could not be exported to PyTorch because of an internal error (RangeError: Maximum call stack size exceeded)',
      ],
    });
    await new FileCommands(editor, platform, async () => {
      throw new Error('the training worker stopped');
    }).exportAs('onnx');
    expect(toasts()).toContain('error: Could not export to ONNX: the training worker stopped');
    expect(platform.exported).toEqual([]);
  });
});
