/**
 * The graph's two edge shapes. `turn`: a smooth step whose horizontal run sits where the layout says (a
 * fork's branches fan out right under it). `loopBack`: a loop's way back, up a lane inside the loop's frame.
 */
import { BaseEdge, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react';

export type BatonEdgeData = { turnY?: number; laneX?: number };
export type BatonFlowEdge = Edge<BatonEdgeData>;

const LABEL_PADDING: [number, number] = [4, 2];

export function TurnEdge(props: EdgeProps<BatonFlowEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
    ...(props.data?.turnY !== undefined && { centerY: props.data.turnY }),
  });
  return (
    <BaseEdge
      path={path}
      markerEnd={props.markerEnd}
      label={props.label}
      labelX={labelX}
      labelY={labelY}
      labelBgPadding={LABEL_PADDING}
      labelBgBorderRadius={3}
    />
  );
}

/** Right from the loop's closing node, up the lane, left into the loop's right side. */
export function LoopBackEdge({
  sourceX,
  sourceY,
  targetX,
  targetY,
  data,
  markerEnd,
}: EdgeProps<BatonFlowEdge>) {
  const lane = data?.laneX ?? Math.max(sourceX, targetX) + 24;
  return (
    <BaseEdge path={`M ${sourceX} ${sourceY} H ${lane} V ${targetY} H ${targetX}`} markerEnd={markerEnd} />
  );
}
