import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './components/App.js';
import { ServicesProvider } from './context.js';
import { i18n, startLanguage } from './i18n.js';
import { detectPlatform } from './platform/index.js';
import { connectServices, createServices } from './services.js';

const platform = detectPlatform();
startLanguage(platform);
const services = createServices(platform);
connectServices(services);
const example = new URLSearchParams(location.search).get('example') ?? 'xor';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={services}>
        <App initialTemplate={example} />
      </ServicesProvider>
    </I18nextProvider>
  </StrictMode>,
);
