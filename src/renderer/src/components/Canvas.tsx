/**
 * The canvas: React Flow, controlled by the editor store. Blocks arrive by drag and drop from
 * the palette or from Add Block at a double-click on the empty canvas; connections are checked as
 * they are drawn, and a refused one says why.
 */
import {
  Background,
  BackgroundVariant,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type IsValidConnection,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { findBlock } from '../../../engine/index.js';
import { blockLabel, blockTitle } from '../block-text.js';
import { useCommands } from '../commands/use.js';
import { useEditor, useServices } from '../context.js';
import { connectionProblem } from '../editor/connections.js';
import { prepareLayout } from '../editor/layout.js';
import type { BlockNode as BlockNodeType, FlowEdge as FlowEdgeType } from '../editor/model.js';
import { t as translate } from '../i18n.js';
import { layoutStore, showSidebarTab, useLayout } from '../layout.js';
import { toast } from '../ui.js';
import { NODE_TEXT_PX, PRESENTATION_TEXT_PX, READABLE_TEXT_PX, readableViewport } from '../viewport.js';
import { BlockNode } from './BlockNode.js';
import { CanvasBar, PlacedMiniMap } from './CanvasBar.js';
import { FlowEdge } from './FlowEdge.js';
import { GradientOverlay } from './GradientOverlay.js';

export const BLOCK_MIME = 'application/x-backprop-block';

const nodeTypes = { block: BlockNode };

/**
 * Nodes with their accessible names (in the page's language), one labelled copy per node object
 * and language (so unchanged nodes stay unchanged).
 */
const labelled = new Map<string, WeakMap<BlockNodeType, BlockNodeType>>();
function withAriaLabel(node: BlockNodeType, language: string): BlockNodeType {
  let copies = labelled.get(language);
  if (!copies) labelled.set(language, (copies = new WeakMap()));
  let copy = copies.get(node);
  if (!copy) {
    const def = findBlock(node.data.type);
    const parsed = def?.schema.safeParse(node.data.params);
    const title =
      node.data.label ??
      (def && parsed?.success
        ? blockLabel(def, parsed.data, translate)
        : def
          ? blockTitle(def, translate)
          : node.data.type);
    copy = { ...node, ariaLabel: translate('connection.blockAria', { title, id: node.id }) };
    copies.set(node, copy);
  }
  return copy;
}
const edgeTypes = { flow: FlowEdge };
const SNAP: [number, number] = [20, 20];
const showInspector = () => showSidebarTab(layoutStore, 'inspector');

export function Canvas() {
  const { editor } = useServices();
  const { t, i18n } = useTranslation();
  /** What a screen reader says on a block or a wire (React Flow's own texts describe keys we use otherwise). */
  const ariaLabels = useMemo(
    () => ({
      'node.a11yDescription.default': t('canvas.nodeHelp'),
      'edge.a11yDescription.default': t('canvas.edgeHelp'),
    }),
    [t],
  );
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const loadVersion = useEditor((s) => s.loadVersion);
  const layoutVersion = useEditor((s) => s.layoutVersion);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const beginMove = useEditor((s) => s.beginMove);
  const flow = useReactFlow<BlockNodeType, FlowEdgeType>();
  const [hint, setHint] = useState<string | null>(null);
  const commands = useCommands();
  const wrapper = useRef<HTMLDivElement>(null);
  // Told again when the language changes.
  const language = i18n.language;
  const shownNodes = useMemo(() => nodes.map((n) => withAriaLabel(n, language)), [nodes, language]);
  // A wire's accessible name in the user's language (React Flow's own is English).
  const shownEdges = useMemo(
    () =>
      edges.map((e) => ({
        ...e,
        ariaLabel: t('canvas.edge', { source: e.source, target: e.target, port: e.targetHandle ?? 'in' }),
      })),
    [edges, t],
  );

  // Arrange's layout worker loads while the user looks at the graph, not when they press Arrange.
  useEffect(() => {
    const id = setTimeout(prepareLayout, 1500);
    return () => clearTimeout(id);
  }, []);

  // A block reached with the keyboard (Tab) becomes the selection, as a click makes it.
  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    const onFocus = (e: FocusEvent) => {
      const node = (e.target as HTMLElement).closest?.('.react-flow__node');
      const id = node?.getAttribute('data-id');
      if (!id || !node?.matches(':focus-visible')) return;
      const s = editor.getState();
      if (!s.nodes.find((n) => n.id === id)?.selected) s.select([id]);
    };
    el.addEventListener('focusin', onFocus);
    return () => el.removeEventListener('focusin', onFocus);
  }, [editor]);

  // A graph opens (and presentation mode starts or ends, and Arrange finishes) at a zoom where its
  // text is readable: whole when it fits, else from its inputs on. Once per load or layout, when
  // React Flow has measured the blocks.
  const measured = useNodesInitialized();
  const presentation = useLayout((s) => s.presentation);
  const fittedFor = useRef('');
  useEffect(() => {
    const key = `${loadVersion} ${layoutVersion} ${presentation}`;
    if ((loadVersion === 0 && layoutVersion === 0) || !measured || fittedFor.current === key) return;
    const id = requestAnimationFrame(() => {
      const view = wrapper.current?.getBoundingClientRect();
      const shown = flow.getNodes();
      if (!view || shown.length === 0) return;
      fittedFor.current = key;
      // For tests and tools: which load the view was last fitted for.
      wrapper.current?.setAttribute('data-fitted', key);
      const text = presentation ? PRESENTATION_TEXT_PX : READABLE_TEXT_PX;
      void flow.setViewport(
        readableViewport(flow.getNodesBounds(shown), view, {
          minZoom: text / NODE_TEXT_PX,
          maxZoom: presentation ? 2.5 : 1.25,
        }),
      );
    });
    return () => cancelAnimationFrame(id);
  }, [loadVersion, layoutVersion, measured, presentation, flow]);

  const isValidConnection: IsValidConnection<FlowEdgeType> = useCallback(
    (c) => {
      const s = editor.getState();
      const problem = connectionProblem(s.nodes, s.edges, c);
      setHint(problem);
      return problem === null;
    },
    [editor],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const problem = editor.getState().connect(c);
      if (problem) toast(t('connection.cannot', { problem }), 'error');
      setHint(null);
    },
    [editor, t],
  );

  const onConnectEnd = useCallback(
    (_e: unknown, state: FinalConnectionState) => {
      if (state.toHandle && !state.isValid) {
        const s = editor.getState();
        const problem = connectionProblem(s.nodes, s.edges, {
          source: state.fromHandle?.type === 'source' ? state.fromHandle.nodeId : state.toHandle.nodeId,
          target: state.fromHandle?.type === 'source' ? state.toHandle.nodeId : (state.fromHandle?.nodeId ?? null),
          targetHandle: state.fromHandle?.type === 'source' ? state.toHandle.id : state.fromHandle?.id,
        });
        if (problem) toast(t('connection.cannot', { problem }), 'error');
      }
      setHint(null);
    },
    [editor, t],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(BLOCK_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(BLOCK_MIME);
      if (!type || !findBlock(type)) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      editor.getState().addBlock(type, { x: position.x - 80, y: position.y - 30 });
    },
    [editor, flow],
  );

  // Double-clicking the empty canvas offers Add Block there (from the keyboard: the Add Block command).
  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      if (!(event.target as HTMLElement).classList.contains('react-flow__pane')) return;
      const screen = { x: event.clientX, y: event.clientY };
      const at = flow.screenToFlowPosition(screen);
      commands.pickBlockToAdd({ screen, flow: { x: at.x - 80, y: at.y - 30 } });
    },
    [flow, commands],
  );

  return (
    <>
      <div className="canvas" ref={wrapper} data-testid="canvas">
        <ReactFlow<BlockNodeType, FlowEdgeType>
          nodes={shownNodes}
          edges={shownEdges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onNodeClick={showInspector}
          onNodeDragStart={beginMove}
          onSelectionDragStart={beginMove}
          onDragOver={onDragOver}
          onDrop={onDrop}
          onDoubleClick={onDoubleClick}
          snapToGrid
          snapGrid={SNAP}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          zoomOnDoubleClick={false}
          minZoom={0.1}
          maxZoom={3}
          colorMode="system"
          proOptions={{ hideAttribution: true }}
          // Arrow keys follow wires and Enter opens the inspector (see commands/navigation.ts).
          disableKeyboardA11y
          ariaLabelConfig={ariaLabels}
        >
          <Background variant={BackgroundVariant.Dots} gap={SNAP[0]} size={1} />
          <PlacedMiniMap />
          <GradientOverlay />
        </ReactFlow>
        {hint && (
          <div className="connect-hint" role="status">
            {hint}
          </div>
        )}
        {nodes.length === 0 && (
          <div className="canvas-empty">
            <p>{t('canvas.empty')}</p>
            <p>{t('canvas.start')}</p>
          </div>
        )}
      </div>
      <CanvasBar />
    </>
  );
}
