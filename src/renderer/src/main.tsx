import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { ServicesProvider } from './context.js';
import { createEditorStore } from './editor/store.js';
import { detectPlatform } from './platform/index.js';

const services = { editor: createEditorStore(), platform: detectPlatform() };
const template = new URLSearchParams(location.search).get('example') ?? 'xor';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <App initialTemplate={template} />
    </ServicesProvider>
  </StrictMode>,
);
