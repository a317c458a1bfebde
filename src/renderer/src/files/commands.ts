/**
 * File commands shared by the toolbar, the native menu and keyboard shortcuts: New, templates,
 * Open (dialog, recent, dropped file, from the OS), Save, Save As, Export, the crash backup and
 * closing with unsaved changes. An invalid or newer-version file shows its problems and changes
 * nothing; unsaved work is never dropped without asking.
 */
import { createElement } from 'react';
import type { StoreApi } from 'zustand';
import {
  exportOnnx,
  exportPytorch,
  FILE_EXTENSION,
  importOnnx,
  parseDocument,
  serializeDocument,
  type Diagnostic,
  type GraphDocument,
} from '../../../engine/index.js';
import { blankDocument, isDirty, type EditorState } from '../editor/store.js';
import { exampleDocument, findTemplate } from '../editor/templates.js';
import type { OpenedDocument, Platform } from '../platform/index.js';
import { describeDiagnostic } from '../../../i18n/index.js';
import { currentLanguage, t } from '../i18n.js';
import { showModal, toast } from '../ui.js';
import { DiagnosticList } from '../components/DiagnosticList.js';

/** What the user was about to do when asked about unsaved changes (catalogue `dialogs.unsaved.actions`). */
type UnsavedAction = 'new' | 'example' | 'open' | 'import';

export const BACKUP_INTERVAL_MS = 4000;
/**
 * While training runs, a backup (which asks the worker for its weights and serialises the whole
 * document) is written at most every BACKUP_INTERVAL_MS and at most this fraction of the time.
 */
const TRAINING_BACKUP_SHARE = 0.05;
/** How long a backup waits for the training worker's weights before it gives up until the next one. */
const TRAINED_DOCUMENT_TIMEOUT_MS = 30_000;

/** `promise`'s value, or undefined when it has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A file name for a document: its file's, else its name made safe, with the extension. */
export function suggestedFileName(state: Pick<EditorState, 'file' | 'meta'>, suffix = ''): string {
  if (state.file.name && !suffix) return state.file.name;
  const base =
    (state.file.name?.replace(/\.bps\.json$|\.json$/i, '') ?? state.meta.name).replace(/[\\/:*?"<>|]+/g, '-').trim() ||
    t('fileCommands.untitled');
  return `${base}${suffix}${FILE_EXTENSION}`;
}

export class FileCommands {
  private lastBackupRevision = -1;
  private backingUp = false;
  private nextTrainingBackupAt = 0;
  /** The last backup failure shown, so that a failure repeating every few seconds is shown once. */
  private backupFailure: string | null = null;
  private restoreOffer: Promise<boolean> | null = null;

  constructor(
    private readonly editor: StoreApi<EditorState>,
    private readonly platform: Platform,
    private readonly trainedDocument: () => Promise<GraphDocument> = async () => editor.getState().document(),
    /** Whether a run is changing weights that are not in the editor's document yet. */
    private readonly isTraining: () => boolean = () => false,
    private readonly now: () => number = () => performance.now(),
  ) {}

  private get state(): EditorState {
    return this.editor.getState();
  }

  /** Title bar: file name (or document name) and the unsaved mark. */
  publishState(): void {
    const s = this.state;
    this.platform.setDocumentState({
      name: s.file.name ?? s.meta.name ?? t('fileCommands.untitled'),
      path: s.file.path,
      dirty: isDirty(s),
    });
  }

  /** Asks before unsaved changes would be lost. Resolves false when the user cancels. */
  async confirmDiscard(action: UnsavedAction, file?: string): Promise<boolean> {
    if (!isDirty(this.state)) return true;
    const choice = await showModal({
      title: t('dialogs.unsaved.title'),
      body: t('dialogs.unsaved.body', {
        name: this.state.file.name ?? this.state.meta.name,
        action: t(`dialogs.unsaved.actions.${action}`, { file }),
      }),
      buttons: [
        { id: 'cancel', label: t('dialogs.buttons.cancel') },
        { id: 'discard', label: t('dialogs.buttons.dontSave'), danger: true },
        { id: 'save', label: t('dialogs.buttons.save'), primary: true },
      ],
      cancelId: 'cancel',
    });
    if (choice === 'cancel') return false;
    if (choice === 'save') return this.save();
    return true;
  }

  async newDocument(): Promise<void> {
    if (!(await this.confirmDiscard('new'))) return;
    this.state.load(blankDocument());
    await this.platform.clearBackup();
  }

  async newFromTemplate(id: string): Promise<void> {
    const template = findTemplate(id);
    if (!template) {
      toast(t('fileCommands.noExample', { id }), 'error');
      return;
    }
    if (!(await this.confirmDiscard('example'))) return;
    this.state.load(exampleDocument(template, t));
    await this.platform.clearBackup();
  }

  async showProblems(
    title: string,
    diagnostics: readonly Diagnostic[],
    intro = t('fileCommands.openProblems'),
  ): Promise<void> {
    await showModal({
      title,
      body: createElement(DiagnosticList, { diagnostics, intro }),
      buttons: [{ id: 'ok', label: t('dialogs.buttons.ok'), primary: true }],
      cancelId: 'ok',
    });
  }

  /** Imports an ONNX model as a new, unsaved graph with its weights. */
  private async importModel(file: OpenedDocument & { bytes: Uint8Array }): Promise<boolean> {
    const imported = importOnnx(file.bytes, { name: file.name });
    if (!imported.ok) {
      await this.showProblems(t('fileCommands.cannotImport', { name: file.name }), imported.diagnostics);
      return false;
    }
    if (!(await this.confirmDiscard('import', file.name))) return false;
    this.state.load(imported.document, { path: null, name: null }, { dirty: true });
    for (const w of imported.warnings) toast(describeDiagnostic(w, t), 'info', 8000);
    toast(t('fileCommands.imported', { name: file.name }), 'success');
    return true;
  }

  /** Opens a file: validates first, asks about unsaved work, then replaces the graph. ONNX models are imported. */
  async openText(file: OpenedDocument): Promise<boolean> {
    if (file.bytes) return this.importModel(file as OpenedDocument & { bytes: Uint8Array });
    const loaded = parseDocument(file.text);
    if (!loaded.ok) {
      await this.showProblems(t('fileCommands.cannotOpen', { name: file.name }), loaded.diagnostics);
      return false;
    }
    if (!(await this.confirmDiscard('open', file.name))) return false;
    this.state.load(loaded.document, { path: file.path, name: file.name });
    if (loaded.migratedFrom) toast(t('fileCommands.migrated', { name: file.name, version: loaded.migratedFrom }));
    await this.platform.clearBackup();
    return true;
  }

  async open(): Promise<void> {
    try {
      const file = await this.platform.openFile();
      if (file) await this.openText(file);
    } catch (e) {
      toast(t('fileCommands.openFailed', { error: (e as Error).message }), 'error');
    }
  }

  async openRecent(path: string): Promise<void> {
    try {
      await this.openText(await this.platform.openRecent(path));
    } catch (e) {
      toast(t('fileCommands.openPathFailed', { path, error: (e as Error).message }), 'error');
    }
  }

  async openDropped(file: File): Promise<void> {
    if (!/\.(json|onnx)$/i.test(file.name)) {
      toast(t('fileCommands.notAGraph', { name: file.name }), 'error');
      return;
    }
    try {
      await this.openText(await this.platform.readDroppedFile(file));
    } catch (e) {
      toast(t('fileCommands.readFailed', { name: file.name, error: (e as Error).message }), 'error');
    }
  }

  /** Saves to the current file (or asks where). Resolves true when saved. */
  async save(saveAs = false): Promise<boolean> {
    const s = this.state;
    const revision = s.revision;
    try {
      const saved = await this.platform.save(serializeDocument(s.document()), {
        path: saveAs ? null : s.file.path,
        suggestedName: suggestedFileName(s),
      });
      if (!saved) return false;
      // Edits made while the dialog was open stay unsaved.
      this.state.markSaved({ path: saved.path, name: saved.name }, revision);
      await this.platform.clearBackup();
      this.lastBackupRevision = -1;
      toast(t('fileCommands.saved', { name: saved.name }), 'success', 2000);
      return true;
    } catch (e) {
      toast(t('fileCommands.saveFailed', { error: (e as Error).message }), 'error', 8000);
      return false;
    }
  }

  /** Exports the trained graph: the document with its weights, normalisation and metrics. */
  async exportTrained(): Promise<void> {
    const doc = await this.trainedDocument();
    if (!doc.nodes.some((n) => n.weights)) toast(t('fileCommands.untrained'));
    try {
      const ok = await this.platform.exportFile(serializeDocument(doc), suggestedFileName(this.state, '.trained'), [
        { name: t('dialogs.filters.graph'), extensions: ['bps.json'] },
      ]);
      if (ok) toast(t('fileCommands.exportedTrained'), 'success', 2500);
    } catch (e) {
      toast(t('fileCommands.exportFailed', { error: (e as Error).message }), 'error', 8000);
    }
  }

  /**
   * Exports the trained graph as an ONNX model (for onnxruntime and other tools) or as PyTorch
   * code (an nn.Module with the weights and a training loop). What cannot be expressed is named.
   */
  async exportAs(format: 'onnx' | 'pytorch'): Promise<void> {
    const label = format === 'onnx' ? 'ONNX' : 'PyTorch';
    try {
      // The trained weights come from the worker, which may have stopped; the exporters say what they refuse.
      const doc = await this.trainedDocument();
      const result = format === 'onnx' ? exportOnnx(doc) : exportPytorch(doc);
      if (!result.ok) {
        await this.showProblems(
          t('fileCommands.cannotExport', { format: label }),
          result.diagnostics,
          t('fileCommands.exportProblems'),
        );
        return;
      }
      for (const w of result.warnings) toast(describeDiagnostic(w, t), 'info', 8000);
      const base = suggestedFileName(this.state).replace(/\.bps\.json$|\.json$/i, '');
      const ok =
        'bytes' in result
          ? await this.platform.exportFile(result.bytes, `${base}.onnx`, [
              { name: t('dialogs.filters.onnx'), extensions: ['onnx'] },
            ])
          : await this.platform.exportFile(result.code, `${base.replace(/[^\w]+/g, '_').toLowerCase() || 'model'}.py`, [
              { name: t('dialogs.filters.python'), extensions: ['py'] },
            ]);
      if (ok) toast(t('fileCommands.exported', { format: label }), 'success', 2500);
    } catch (e) {
      toast(t('fileCommands.exportToFailed', { format: label, error: (e as Error).message }), 'error', 8000);
    }
  }

  /** Electron asked to close with unsaved changes and the user chose Save. */
  async saveAndClose(): Promise<void> {
    if (await this.save()) this.platform.closeWindow();
  }

  /**
   * Writes a backup when there are unsaved changes not yet backed up. During a run the trained
   * weights are unsaved changes too: they are backed up every few seconds (throttled by what a
   * backup costs), so that a crash mid-run loses at most that much training.
   */
  async backupNow(): Promise<void> {
    if (this.backingUp) return;
    const s = this.state;
    const training = this.isTraining();
    if (training ? this.now() < this.nextTrainingBackupAt : !isDirty(s) || s.revision === this.lastBackupRevision)
      return;
    this.backingUp = true;
    const started = this.now();
    try {
      // A worker that never answers (it was stopped meanwhile) skips this backup rather than all later ones.
      const doc = training ? await within(this.trainedDocument(), TRAINED_DOCUMENT_TIMEOUT_MS) : s.document();
      if (!doc) return;
      await this.platform.writeBackup(serializeDocument(doc), s.file.path);
      // After a run its final weights land in the document; that state is backed up next.
      this.lastBackupRevision = training ? -1 : s.revision;
      this.backupFailure = null;
    } catch (e) {
      const message = (e as Error).message;
      if (message !== this.backupFailure) toast(t('fileCommands.backupFailed', { error: message }), 'error', 8000);
      this.backupFailure = message;
    } finally {
      this.backingUp = false;
      if (training) {
        const took = this.now() - started;
        this.nextTrainingBackupAt = this.now() + Math.max(BACKUP_INTERVAL_MS, took / TRAINING_BACKUP_SHARE);
      }
    }
  }

  /**
   * After a crash: offers the backed-up work, once however often it is called (React's strict
   * mode runs start-up effects twice). Resolves true when it was restored.
   */
  offerRestore(): Promise<boolean> {
    this.restoreOffer ??= this.askToRestore();
    return this.restoreOffer;
  }

  private async askToRestore(): Promise<boolean> {
    const backup = await this.platform.readBackup();
    if (!backup) return false;
    const loaded = parseDocument(backup.text);
    if (!loaded.ok) {
      await this.platform.clearBackup();
      return false;
    }
    const when = new Date(backup.savedAt).toLocaleString(currentLanguage());
    const fileName = backup.path?.split(/[\\/]/).pop();
    // The file changed (or went) since the backup: restoring as a copy never writes over it.
    const changed = backup.fileChanged ? t(`dialogs.restore.${backup.fileChanged}`, { file: fileName }) : '';
    const choice = await showModal({
      title: t('dialogs.restore.title'),
      body: t('dialogs.restore.body', { name: loaded.document.name, when, changed }),
      buttons: [
        { id: 'discard', label: t('dialogs.restore.discard'), danger: true },
        { id: 'restore', label: t(changed ? 'dialogs.restore.restoreCopy' : 'dialogs.restore.restore'), primary: true },
      ],
      cancelId: 'discard',
    });
    if (choice !== 'restore') {
      await this.platform.clearBackup();
      return false;
    }
    if (backup.fileChanged) {
      this.state.load(loaded.document, { path: null, name: null }, { dirty: true });
      return true;
    }
    this.state.load(loaded.document, { path: backup.path, name: fileName ?? null }, { dirty: true });
    return true;
  }
}
