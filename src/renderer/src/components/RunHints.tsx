/** The training session's hints about the run as a whole (a loss that stopped moving), shown with the loss chart. */
import { useTranslation } from 'react-i18next';
import { useTraining } from '../context.js';
import { Said } from './Said.js';

export function RunHints() {
  const { t } = useTranslation();
  const hints = useTraining((s) => s.progress?.runHints);
  if (!hints?.length) return null;
  return (
    <>
      {hints.map((h) => (
        <p key={JSON.stringify(h)} className="hint run-hint" data-testid="run-hint">
          <strong>{t('hints.label')}</strong> <Said p={h} />
        </p>
      ))}
    </>
  );
}
