/** The toolbar: file commands, templates, undo/redo, layout, and the document's name and state. */
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../preload/api.js';
import { exampleText } from '../block-text.js';
import { useCommand } from '../commands/use.js';
import { useEditor, useServices } from '../context.js';
import { isDirty } from '../editor/store.js';
import { templates } from '../editor/templates.js';
import type { FileCommands } from '../files/commands.js';
import { useLayout } from '../layout.js';
import { useDismissOnPointerDownOutside } from './dismiss.js';
import { TrainingControls } from './TrainingControls.js';
import { fitLevel, useToolbarFit } from './toolbar-fit.js';

function Menu({
  label,
  testId,
  onOpen,
  className,
  children,
}: {
  label: React.ReactNode;
  testId: string;
  /** Called as the menu opens (by click or keyboard), to refresh what it lists. */
  onOpen?(): void;
  className?: string;
  children: (close: () => void) => React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismissOnPointerDownOutside(ref, open ? close : null);
  return (
    <div className={className ? `menu ${className}` : 'menu'} ref={ref}>
      <button
        type="button"
        data-testid={testId}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {label} ▾
      </button>
      {open && (
        <div className="menu-list" role="menu">
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

/** A toolbar button that runs a command of the registry, with its title and shortcut as tooltip. */
export function CommandButton({
  id,
  testId,
  className,
  children,
}: {
  id: Command;
  testId?: string;
  className?: string;
  /**
   * Shown instead of the command's name: a short word (its accessible name, so what is read is what
   * is seen) and an `aria-hidden` symbol for a narrow toolbar, where the title names the button.
   */
  children?: React.ReactNode;
}) {
  const command = useCommand(id);
  return (
    <button
      type="button"
      className={className}
      disabled={!command.enabled}
      onClick={command.run}
      title={command.tooltip}
      data-testid={testId}
    >
      {children ?? command.label}
    </button>
  );
}

/** Presentation mode on and off (F5); Esc also ends it. */
function PresentButton() {
  const command = useCommand('presentation');
  const { t } = useTranslation();
  const on = useLayout((s) => s.presentation);
  return (
    <button
      type="button"
      className={on ? 'toggle-on' : undefined}
      aria-pressed={on}
      onClick={command.run}
      title={on ? t('toolbar.presentingTooltip', { tooltip: command.tooltip }) : command.tooltip}
      data-testid="presentation"
    >
      <span className="wide-4">{command.label}</span>
      <span className="narrow-4" aria-hidden="true">
        ▭
      </span>
    </button>
  );
}

/** An item of a toolbar menu that runs a command. */
function CommandItem({ id, close, testId, title }: { id: Command; close(): void; testId?: string; title?: string }) {
  const command = useCommand(id);
  return (
    <button
      type="button"
      role="menuitem"
      data-testid={testId}
      disabled={!command.enabled}
      title={title ?? command.tooltip}
      onClick={() => {
        close();
        command.run();
      }}
    >
      {command.label}
    </button>
  );
}

export function Toolbar({ files }: { files: FileCommands }) {
  const { platform } = useServices();
  const { t } = useTranslation();
  const dirty = useEditor(isDirty);
  const fileName = useEditor((s) => s.file.name);
  const name = useEditor((s) => s.meta.name);
  const [recent, setRecent] = useState<string[]>([]);
  const toolbar = useRef<HTMLElement>(null);
  useToolbarFit(toolbar);
  // At fit level 3 and above the file buttons live in the first menu (see toolbar-fit.ts).
  const [filesInMenu, setFilesInMenu] = useState(false);

  return (
    <header className="toolbar" ref={toolbar} data-testid="toolbar">
      <span className="brand" title="Backprop Studio">
        ◆<span className="long"> Backprop Studio</span>
      </span>
      <Menu
        label={
          <>
            <span className="file-label-new">{t('toolbar.new')}</span>
            <span className="file-label-file">{t('toolbar.file')}</span>
          </>
        }
        testId="menu-new"
        onOpen={() => setFilesInMenu(fitLevel(toolbar.current) >= 3)}
      >
        {(close) => (
          <>
            <CommandItem id="new" close={close} />
            {filesInMenu && (
              <>
                <CommandItem id="open" close={close} testId="menu-open" />
                <CommandItem id="save" close={close} testId="menu-save" />
                <CommandItem id="saveAs" close={close} testId="menu-save-as" />
                <hr />
                <CommandItem id="exportTrained" close={close} title={t('toolbar.exportTrained')} />
                <CommandItem id="export:onnx" close={close} title={t('toolbar.exportOnnx')} />
                <CommandItem id="export:pytorch" close={close} title={t('toolbar.exportPytorch')} />
              </>
            )}
            <hr />
            {templates.map((template) => (
              <CommandItem
                key={template.id}
                id={`template:${template.id}`}
                close={close}
                title={exampleText(template, t).description}
                testId={`template-${template.id}`}
              />
            ))}
          </>
        )}
      </Menu>
      <CommandButton id="open" testId="open" className="file-button" />
      {platform.kind === 'electron' && (
        <Menu
          label={t('toolbar.recent')}
          testId="menu-recent"
          onOpen={() => void platform.recentFiles().then(setRecent)}
        >
          {(close) =>
            recent.length ? (
              recent.map((p) => (
                <button
                  type="button"
                  role="menuitem"
                  key={p}
                  onClick={() => {
                    close();
                    void files.openRecent(p);
                  }}
                >
                  {p}
                </button>
              ))
            ) : (
              <span className="muted">{t('toolbar.noRecent')}</span>
            )
          }
        </Menu>
      )}
      <CommandButton id="save" testId="save" className="file-button" />
      <CommandButton id="saveAs" testId="save-as" className="file-button" />
      <Menu label={t('toolbar.export')} testId="menu-export" className="file-button">
        {(close) => (
          <>
            <CommandItem id="exportTrained" close={close} testId="export" title={t('toolbar.exportTrained')} />
            <CommandItem id="export:onnx" close={close} testId="export-onnx" title={t('toolbar.exportOnnx')} />
            <CommandItem id="export:pytorch" close={close} testId="export-pytorch" title={t('toolbar.exportPytorch')} />
          </>
        )}
      </Menu>
      <span className="sep" />
      <CommandButton id="undo" testId="undo">
        <span className="wide">{t('commands.undo.title')}</span>
        <span className="narrow" aria-hidden="true">
          ↶
        </span>
      </CommandButton>
      <CommandButton id="redo" testId="redo">
        <span className="wide">{t('commands.redo.title')}</span>
        <span className="narrow" aria-hidden="true">
          ↷
        </span>
      </CommandButton>
      <span className="sep" />
      <CommandButton id="autoLayout" testId="arrange">
        <span className="wide-4">{t('commands.autoLayout.short')}</span>
        <span className="narrow-4" aria-hidden="true">
          ⇶
        </span>
      </CommandButton>
      <PresentButton />
      <CommandButton id="commandPalette" testId="command-palette" className="palette-button">
        <span className="wide">{t('commands.commandPalette.short')}</span>
        <span className="narrow" aria-hidden="true">
          ⋯
        </span>
      </CommandButton>
      <span className="sep" />
      <TrainingControls />
      <span
        className="doc-title"
        data-testid="doc-title"
        title={
          t(fileName ? 'toolbar.docTitle' : 'toolbar.docTitleUnsaved', { name: fileName ?? name }) +
          (dirty ? t('toolbar.withChanges') : '')
        }
      >
        {dirty && (
          <span className="dirty-dot" role="img" aria-label={t('toolbar.unsavedChanges')}>
            ●
          </span>
        )}
        <span className="doc-name">{fileName ?? name}</span>
      </span>
    </header>
  );
}
