import { useTranslation } from 'react-i18next';
import type { Diagnostic } from '../../../engine/index.js';
import { describeDiagnostic } from '../../../i18n/index.js';
import { whereParts } from '../../../i18n/where.js';

/** Where a problem is, in the user's language, its names (ids, paths, files, columns) as they are. */
function Where({ where }: { where: string }) {
  const { t } = useTranslation();
  return (
    <span className="diag-where">
      {whereParts(where, t).map((p, i) =>
        p.name ? (
          <span key={i} translate="no">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </span>
  );
}

/** Problems as a list: where, then what. With `onPick`, each problem is a button that shows where it is. */
export function DiagnosticList({
  diagnostics,
  intro,
  onPick,
}: {
  diagnostics: readonly Diagnostic[];
  intro?: string;
  onPick?(d: Diagnostic): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="diagnostics">
      {intro && <p>{intro}</p>}
      <ul>
        {diagnostics.map((d, i) => {
          const content = (
            <>
              <span className="diag-icon" aria-hidden="true">
                {d.severity === 'error' ? '✖' : '⚠'}
              </span>
              <Where where={d.where} />
              <span className="diag-message">{describeDiagnostic(d, t)}</span>
            </>
          );
          return (
            <li key={i} className={d.severity}>
              {onPick ? (
                <button type="button" className="diag-row" onClick={() => onPick(d)}>
                  {content}
                </button>
              ) : (
                <span className="diag-row">{content}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
