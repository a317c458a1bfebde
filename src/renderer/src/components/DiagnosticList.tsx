import type { Diagnostic } from '../../../engine/index.js';

/** Problems as a list: where, then what. */
export function DiagnosticList({
  diagnostics,
  intro,
  onPick,
}: {
  diagnostics: readonly Diagnostic[];
  intro?: string;
  onPick?(d: Diagnostic): void;
}) {
  return (
    <div className="diagnostics">
      {intro && <p>{intro}</p>}
      <ul>
        {diagnostics.map((d, i) => (
          <li
            key={i}
            className={d.severity}
            onClick={onPick ? () => onPick(d) : undefined}
            role={onPick ? 'button' : undefined}
          >
            <span className="diag-icon">{d.severity === 'error' ? '✖' : '⚠'}</span>
            <span className="diag-where">{d.where}</span>
            <span className="diag-message">{d.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
