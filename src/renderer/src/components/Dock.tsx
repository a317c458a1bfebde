/** The bottom dock: problems, live charts, the network's output, and the gradient check. */
import { useEffect } from 'react';
import { useEditor, useTraining } from '../context.js';
import { layoutStore, showDockTab, togglePanel, useLayout, type DockTab } from '../layout.js';
import { Charts } from './Charts.js';
import { GradCheckPanel } from './GradCheckPanel.js';
import { OutputView } from './OutputView.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { Splitter } from './Splitter.js';

const tabs: readonly { id: DockTab; label: string }[] = [
  { id: 'problems', label: 'Problems' },
  { id: 'charts', label: 'Charts' },
  { id: 'output', label: 'Output' },
  { id: 'gradcheck', label: 'Gradient check' },
];

export function Dock() {
  const tab = useLayout((s) => s.dockTab);
  const open = useLayout((s) => !s.dock.collapsed);
  const height = useLayout((s) => s.dock.size);
  const errors = useEditor((s) => s.analysis.diagnostics.filter((d) => d.severity === 'error').length);
  const trainingProblems = useTraining((s) => s.diagnostics.length + (s.divergence ? 1 : 0) + (s.error ? 1 : 0));
  const status = useTraining((s) => s.status);
  const gradcheckRunning = useTraining((s) => s.gradcheckRunning);
  useEffect(() => {
    if (status === 'running' && tab === 'problems' && errors === 0) layoutStore.setState({ dockTab: 'charts' });
  }, [status, tab, errors]);
  useEffect(() => {
    if (status === 'invalid' || status === 'diverged') showDockTab(layoutStore, 'problems');
  }, [status]);
  useEffect(() => {
    if (gradcheckRunning) showDockTab(layoutStore, 'gradcheck');
  }, [gradcheckRunning]);
  const problemCount = errors + trainingProblems;
  return (
    <section
      className={`dock${open ? ' open' : ''}`}
      data-testid="dock"
      id="dock"
      style={open ? { height: `${height}px` } : undefined}
    >
      <Splitter panel="dock" />
      <nav className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            type="button"
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            data-testid={`dock-${t.id}`}
            className={tab === t.id ? 'active' : ''}
            onClick={() => showDockTab(layoutStore, t.id)}
          >
            {t.label}
            {t.id === 'problems' && (
              <span className={`badge ${problemCount ? 'badge-error' : 'badge-ok'}`} data-testid="problem-count">
                {problemCount}
              </span>
            )}
          </button>
        ))}
        <span className="spacer" />
        <button
          type="button"
          className="small"
          onClick={() => togglePanel(layoutStore, 'dock')}
          data-testid="toggle-dock"
          aria-expanded={open}
          aria-controls="dock"
          aria-label={open ? 'Collapse the dock' : 'Expand the dock'}
        >
          {open ? '▾' : '▴'}
        </button>
      </nav>
      {open && (
        <div className="dock-body">
          {tab === 'problems' && <ProblemsPanel />}
          {tab === 'charts' && <Charts />}
          {tab === 'output' && <OutputView />}
          {tab === 'gradcheck' && <GradCheckPanel />}
        </div>
      )}
    </section>
  );
}
