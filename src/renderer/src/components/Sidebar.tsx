/** The right-hand side: the inspector, the data panel and the training settings, as tabs. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDataState, useServices } from '../context.js';
import { layoutStore, showSidebarTab, togglePanel, useLayout, type SidebarTab } from '../layout.js';
import { DataPanel } from './DataPanel.js';
import { Inspector } from './Inspector.js';
import { TrainingPanel } from './TrainingPanel.js';

/** The side panel's tabs, in order (their names: catalogue `sidebar.tabs.<id>`). */
const tabs: readonly SidebarTab[] = ['inspector', 'data', 'training'];

const selectedIds = (nodes: readonly { id: string; selected?: boolean }[]) =>
  nodes
    .filter((n) => n.selected)
    .map((n) => n.id)
    .join('\n');

export function Sidebar() {
  const { editor } = useServices();
  const { t } = useTranslation();
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
      <aside className="sidebar collapsed" aria-label={t('sidebar.label')}>
        {tabs.map((id) => (
          <button
            type="button"
            key={id}
            className="strip-button"
            data-testid={`expand-${id}`}
            aria-expanded={false}
            title={t(`sidebar.show.${id}`)}
            onClick={() => showSidebarTab(layoutStore, id)}
          >
            {t(`sidebar.tabs.${id}`)}
          </button>
        ))}
      </aside>
    );
  return (
    <aside className="sidebar" aria-label={t('sidebar.label')} id="sidebar">
      <div className="tabs">
        <div className="tablist" role="tablist" aria-label={t('sidebar.label')}>
          {tabs.map((id) => (
            <button
              type="button"
              key={id}
              role="tab"
              aria-selected={tab === id}
              data-testid={`tab-${id}`}
              className={tab === id ? 'active' : ''}
              onClick={() => showSidebarTab(layoutStore, id)}
            >
              {t(`sidebar.tabs.${id}`)}
              {id === 'data' && needsData && <span className="tab-dot" title={t('sidebar.noData')} />}
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
          title={t('sidebar.hide')}
          aria-label={t('sidebar.hide')}
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
