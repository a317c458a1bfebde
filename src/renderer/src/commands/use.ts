/** React access to the command registry: the toolbar's buttons run and label commands through it. */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../preload/api.js';
import { useServices } from '../context.js';
import type { CommandRegistry } from './registry.js';
import { formatShortcut } from './shortcuts.js';

export const CommandsContext = createContext<CommandRegistry | null>(null);

export function useCommands(): CommandRegistry {
  const commands = useContext(CommandsContext);
  if (!commands) throw new Error('useCommands outside CommandsContext');
  return commands;
}

/** A command's title, tooltip (with its shortcut), whether it applies now, and how to run it. */
export function useCommand(id: Command): {
  title: string;
  label: string;
  tooltip: string;
  enabled: boolean;
  run(): void;
} {
  const commands = useCommands();
  const { editor, training } = useServices();
  // Re-rendered when the language changes: the title is read again in the new one.
  useTranslation();
  const command = commands.get(id);
  if (!command) throw new Error(`unknown command ${id}`);
  // What applies may change with the document or with the training run.
  const subscribe = useCallback(
    (changed: () => void) => {
      const offEditor = editor.subscribe(changed);
      const offTraining = training.store.subscribe(changed);
      return () => {
        offEditor();
        offTraining();
      };
    },
    [editor, training],
  );
  const enabled = useSyncExternalStore(subscribe, () => command.enabled());
  return {
    title: command.title,
    label: command.short,
    tooltip: command.shortcut ? `${command.title} (${formatShortcut(command.shortcut)})` : command.title,
    enabled,
    run: () => commands.run(id),
  };
}
