/**
 * The edge drawn between blocks. Edges with a problem (a shape mismatch) are drawn red with the
 * engine's message. Training overlays (gradient flow) style the path directly by its
 * `data-edge-id`, outside React, so animating never re-renders the graph.
 */
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { describeDiagnostic } from '../../../i18n/index.js';
import { useEditor } from '../context.js';
import type { FlowEdge as FlowEdgeType } from '../editor/model.js';

function FlowEdgeView({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  selected,
}: EdgeProps<FlowEdgeType>) {
  const { t } = useTranslation();
  const problems = useEditor((s) => s.analysis.edgeProblems[id]);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const bad = !!problems?.length;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`flow-edge${bad ? ' edge-error' : ''}${selected ? ' edge-selected' : ''}`}
        data-edge-id={id}
      />
      {bad && (
        <EdgeLabelRenderer>
          <div
            className="edge-problem nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={describeDiagnostic(problems[0], t)}
            data-testid={`edge-problem-${id}`}
          >
            {t('flowLegend.edgeShape')}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdge = memo(FlowEdgeView);
