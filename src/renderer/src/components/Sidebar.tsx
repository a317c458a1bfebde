/** The right-hand side: the inspector, the data panel and the training settings, as tabs. */
import { useEffect } from 'react';
import { useDataState, useServices } from '../context.js';
import { layoutStore, showSidebarTab, togglePanel, useLayout, type SidebarTab } from '../layout.js';
import { DataPanel } from './DataPanel.js';
import { Inspector } from './Inspector.js';
import { TrainingPanel } from './TrainingPanel.js';

const tabs: readonly { id: SidebarTab; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'data', label: 'Data' },
  { id: 'training', label: 'Training' },
];

const selectedIds = (nodes: readonly { id: string; selected?: boolean }[]) =>
  nodes
    .filter((n) => n.selected)
    .map((n) => n.id)
    .join('\n');

export function Sidebar() {
  const { editor } = useServices();
  const tab = useLayout((s) => s.sidebarTab);
  const collapsed = useLayout((s) => s.sidebar.collapsed);
  const needsData = useDataState((s) => !s.dataset);
  // A newly selected block is shown in the inspector, whichever tab was open (clicking a block
  // that is already selected is handled by the canvas).
  useEffect(() => {
    let before = selectedIds(editor.getState().nodes);
    return editor.subscribe((s) => {
      const now = selectedIds(s.nodes);
      if (now !== before && now !== '') showSidebarTab(layoutStore, 'inspector');
      before = now;
    });
  }, [editor]);
  if (collapsed)
    return (
      <aside className="sidebar collapsed" aria-label="Side panel">
        {tabs.map((t) => (
          <button
            type="button"
            key={t.id}
            className="strip-button"
            data-testid={`expand-${t.id}`}
            aria-expanded={false}
            title={`Show the ${t.label.toLowerCase()}`}
            onClick={() => showSidebarTab(layoutStore, t.id)}
          >
            {t.label}
          </button>
        ))}
      </aside>
    );
  return (
    <aside className="sidebar" aria-label="Side panel" id="sidebar">
      <div className="tabs">
        <div className="tablist" role="tablist" aria-label="Side panel">
          {tabs.map((t) => (
            <button
              type="button"
              key={t.id}
              role="tab"
              aria-selected={tab === t.id}
              data-testid={`tab-${t.id}`}
              className={tab === t.id ? 'active' : ''}
              onClick={() => showSidebarTab(layoutStore, t.id)}
            >
              {t.label}
              {t.id === 'data' && needsData && <span className="tab-dot" title="No data loaded" />}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="collapse-button"
          data-testid="collapse-sidebar"
          aria-expanded={true}
          aria-controls="sidebar"
          title="Hide the side panel"
          aria-label="Hide the side panel"
          onClick={() => togglePanel(layoutStore, 'sidebar', true)}
        >
          »
        </button>
      </div>
      <div className="tab-body" role="tabpanel">
        {tab === 'inspector' && <Inspector />}
        {tab === 'data' && <DataPanel />}
        {tab === 'training' && <TrainingPanel />}
      </div>
    </aside>
  );
}
