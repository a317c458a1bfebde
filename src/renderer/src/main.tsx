import { createRoot } from 'react-dom/client';
import { blockTypes } from '../../engine/index.js';

function App() {
  return (
    <main>
      <h1>Backprop Studio</h1>
      <p>{blockTypes().length} block types</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
