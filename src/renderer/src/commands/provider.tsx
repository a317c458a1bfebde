/** Makes the app's command registry available to the components under it. */
import { useReactFlow } from '@xyflow/react';
import { useMemo, type ReactNode } from 'react';
import { useServices } from '../context.js';
import type { FileCommands } from '../files/commands.js';
import { CommandRegistry } from './registry.js';
import { CommandsContext } from './use.js';

export function CommandsProvider({ files, children }: { files: FileCommands; children: ReactNode }) {
  const services = useServices();
  const flow = useReactFlow();
  const commands = useMemo(() => new CommandRegistry({ services, files, flow }), [services, files, flow]);
  return <CommandsContext.Provider value={commands}>{children}</CommandsContext.Provider>;
}
