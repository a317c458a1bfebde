/** The bottom dock: problems, live charts, the network's output, and the gradient check. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, useTraining } from '../context.js';
import {
  layoutStore,
  PRESENTATION_VIEWS,
  setPresentation,
  showDockTab,
  togglePanel,
  useLayout,
  type DockTab,
  type PresentationView,
} from '../layout.js';
import { Charts } from './Charts.js';
import { GradCheckPanel } from './GradCheckPanel.js';
import { OutputView } from './OutputView.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { RunsPanel } from './RunsPanel.js';
import { Splitter } from './Splitter.js';

/** The dock's tabs, in order (their names: catalogue `dock.tabs.<id>`). */
const tabs: readonly DockTab[] = ['problems', 'charts', 'output', 'gradcheck'];

/** In presentation mode: the charts and output the teacher chose, side by side, and the choice itself. */
function PresentationBoard({ problems }: { problems: number }) {
  const { t } = useTranslation();
  const views = useLayout((s) => s.presentationViews);
  const charts = views.filter((v) => v !== 'output');
  const toggle = (view: PresentationView, on: boolean) =>
    layoutStore.setState((s) => ({
      presentationViews: PRESENTATION_VIEWS.filter((v) => (v === view ? on : s.presentationViews.includes(v))),
    }));
  return (
    <>
      <div className="tabs presentation-choice">
        <fieldset className="group" aria-label={t('dock.presentation.shown')}>
          {PRESENTATION_VIEWS.map((view) => (
            <label key={view} className="chip">
              <input
                type="checkbox"
                data-testid={`present-${view}`}
                checked={views.includes(view)}
                onChange={(e) => toggle(view, e.target.checked)}
              />
              {t(`dock.views.${view}`)}
            </label>
          ))}
        </fieldset>
        <span className="spacer" />
        {problems > 0 && (
          <button
            type="button"
            className="small"
            onClick={() => {
              setPresentation(layoutStore, false);
              showDockTab(layoutStore, 'problems');
            }}
          >
            <span className="badge badge-error">{problems}</span> {t('dock.presentation.problems', { count: problems })}
          </button>
        )}
        <button
          type="button"
          className="small"
          data-testid="exit-presentation"
          onClick={() => setPresentation(layoutStore, false)}
        >
          {t('dock.presentation.exit')}
        </button>
      </div>
      <div className="dock-body presentation-board" data-testid="presentation-board">
        {charts.length > 0 && <Charts only={charts} />}
        {views.includes('output') && <OutputView />}
        {views.length === 0 && <p className="muted">{t('dock.presentation.none')}</p>}
      </div>
    </>
  );
}

export function Dock() {
  const { t } = useTranslation();
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
  const presentation = useLayout((s) => s.presentation);
  if (presentation)
    return (
      <section
        className="dock open presenting"
        data-testid="dock"
        id="dock"
        style={{ height: `max(${height}px, 42vh)` }}
      >
        <Splitter panel="dock" />
        <PresentationBoard problems={problemCount} />
      </section>
    );
  return (
    <section
      className={`dock${open ? ' open' : ''}`}
      data-testid="dock"
      id="dock"
      style={open ? { height: `${height}px` } : undefined}
    >
      <Splitter panel="dock" />
      <div className="tabs">
        <div className="tablist" role="tablist" aria-label={t('dock.label')}>
          {tabs.map((id) => (
            <button
              type="button"
              key={id}
              role="tab"
              aria-selected={tab === id}
              data-testid={`dock-${id}`}
              className={tab === id ? 'active' : ''}
              onClick={() => showDockTab(layoutStore, id)}
            >
              {t(`dock.tabs.${id}`)}
              {id === 'problems' && (
                <span className={`badge ${problemCount ? 'badge-error' : 'badge-ok'}`} data-testid="problem-count">
                  {problemCount}
                </span>
              )}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <button
          type="button"
          className="small"
          onClick={() => togglePanel(layoutStore, 'dock')}
          data-testid="toggle-dock"
          aria-expanded={open}
          aria-controls="dock"
          aria-label={t(open ? 'dock.collapse' : 'dock.expand')}
        >
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && (
        <div className="dock-body">
          {tab === 'problems' && <ProblemsPanel />}
          {tab === 'charts' && (
            <div className="charts-with-runs">
              <RunsPanel />
              <Charts />
            </div>
          )}
          {tab === 'output' && <OutputView />}
          {tab === 'gradcheck' && <GradCheckPanel />}
        </div>
      )}
    </section>
  );
}
