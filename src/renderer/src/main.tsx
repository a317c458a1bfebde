import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.js';
import { ServicesProvider } from './context.js';
import { detectPlatform } from './platform/index.js';
import { connectServices, createServices } from './services.js';

const services = createServices(detectPlatform());
connectServices(services);
const example = new URLSearchParams(location.search).get('example') ?? 'xor';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <App initialTemplate={example} />
    </ServicesProvider>
  </StrictMode>,
);
