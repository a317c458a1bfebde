/** React access to the app's services: the editor store and the host platform. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { DataState, DataStore } from './data/store.js';
import type { EditorState } from './editor/store.js';
import type { Platform } from './platform/index.js';
import type { TrainingClient } from './training/client.js';
import type { TrainingState } from './training/store.js';

export interface Services {
  editor: StoreApi<EditorState>;
  platform: Platform;
  data: DataStore;
  training: TrainingClient;
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

export function useTraining<T>(selector: (state: TrainingState) => T): T {
  return useStore(useServices().training.store, selector);
}

export function useDataState<T>(selector: (state: DataState) => T): T {
  return useStore(useServices().data, selector);
}
