/** React access to the app's services: the editor store and the host platform. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { EditorState } from './editor/store.js';
import type { Platform } from './platform/index.js';

export interface Services {
  editor: StoreApi<EditorState>;
  platform: Platform;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useServices().editor, selector);
}
