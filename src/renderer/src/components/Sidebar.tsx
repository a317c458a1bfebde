/** The right-hand side: the inspector, the data panel and the training settings, as tabs. */
import { useState } from 'react';
import { useDataState } from '../context.js';
import { DataPanel } from './DataPanel.js';
import { Inspector } from './Inspector.js';
import { TrainingPanel } from './TrainingPanel.js';

const tabs = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'data', label: 'Data' },
  { id: 'training', label: 'Training' },
] as const;

export type SidebarTab = (typeof tabs)[number]['id'];

export function Sidebar() {
  const [tab, setTab] = useState<SidebarTab>('inspector');
  const needsData = useDataState((s) => !s.dataset);
  return (
    <aside className="sidebar">
      <nav className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            type="button"
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            data-testid={`tab-${t.id}`}
            className={tab === t.id ? 'active' : ''}
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {t.id === 'data' && needsData && <span className="tab-dot" title="No data loaded" />}
          </button>
        ))}
      </nav>
      <div className="tab-body" role="tabpanel">
        {tab === 'inspector' && <Inspector />}
        {tab === 'data' && <DataPanel />}
        {tab === 'training' && <TrainingPanel />}
      </div>
    </aside>
  );
}
