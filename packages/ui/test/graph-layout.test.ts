// The laid-out graph of a fork whose branch is a DO_WHILE: the loop is a frame around its body, its way back
// runs inside that frame, the sibling branch stays outside it, and the branches fan out right under the fork.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkflowDef, WorkflowTask } from '@baton/protocol';
import { layoutGraph, type PlacedGraph, type PlacedNode } from '../src/graph/layout.js';
import { buildWorkflowGraph, frameIdOf, nodeIdOf } from '../src/graph/model.js';
import { simple } from './support/tasks.js';

const loop = (ref: string, body: WorkflowTask[]): WorkflowTask => ({
  name: ref,
  taskReferenceName: ref,
  type: 'DO_WHILE',
  loopCondition: 'false',
  loopOver: body,
});

const forkWithLoop: WorkflowDef = {
  name: 'wf',
  version: 1,
  tasks: [
    {
      name: 'fork',
      taskReferenceName: 'fork',
      type: 'FORK_JOIN',
      forkTasks: [
        [simple('before_loop'), loop('outer', [simple('step'), loop('inner', [simple('deep')])])],
        [simple('sibling')],
      ],
    },
    { name: 'join', taskReferenceName: 'join', type: 'JOIN', joinOn: ['outer', 'sibling'] },
  ],
};

const placedNode = (g: PlacedGraph, id: string): PlacedNode => {
  const found = g.nodes.find((n) => n.id === id);
  assert.ok(found, `node ${id}`);
  return found;
};

const inside = (inner: PlacedNode, outer: PlacedNode): boolean =>
  inner.x > outer.x &&
  inner.y > outer.y &&
  inner.x + inner.width < outer.x + outer.width &&
  inner.y + inner.height < outer.y + outer.height;

const overlaps = (a: PlacedNode, b: PlacedNode): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

void describe('graph layout: a fork whose branch is a loop', () => {
  const graph = buildWorkflowGraph(forkWithLoop);
  const placed = layoutGraph(graph);

  void test('each loop is a frame holding the loop, its body and its closing node, frames nested', () => {
    const outer = placedNode(placed, frameIdOf('outer'));
    const inner = placedNode(placed, frameIdOf('inner'));
    assert.equal(outer.kind, 'loopFrame');
    for (const id of [nodeIdOf('outer'), nodeIdOf('step'), 'loopEnd:outer', frameIdOf('inner')]) {
      assert.equal(placedNode(placed, id).parent, outer.id, id);
      assert.ok(inside(placedNode(placed, id), outer), `${id} is drawn inside the outer frame`);
    }
    for (const id of [nodeIdOf('inner'), nodeIdOf('deep'), 'loopEnd:inner']) {
      assert.equal(placedNode(placed, id).parent, inner.id, id);
      assert.ok(inside(placedNode(placed, id), inner), `${id} is drawn inside the inner frame`);
    }
    // Frames come before what they hold, as @xyflow/react needs parents first.
    const order = placed.nodes.map((n) => n.id);
    assert.ok(order.indexOf(outer.id) < order.indexOf(nodeIdOf('outer')));
    assert.ok(order.indexOf(outer.id) < order.indexOf(inner.id));
  });

  void test('the sibling branch and the tasks around the loop stay outside its frame', () => {
    const outer = placedNode(placed, frameIdOf('outer'));
    for (const id of [nodeIdOf('sibling'), nodeIdOf('before_loop'), nodeIdOf('fork'), nodeIdOf('join')]) {
      assert.equal(placedNode(placed, id).parent, undefined, id);
      assert.ok(!overlaps(placedNode(placed, id), outer), `${id} does not overlap the frame`);
    }
  });

  void test("each loop's way back runs up a lane inside its own frame, right of everything in it", () => {
    for (const ref of ['outer', 'inner']) {
      const frame = placedNode(placed, frameIdOf(ref));
      const back = placed.edges.find((e) => e.loopBack && e.target === nodeIdOf(ref));
      assert.ok(back?.laneX !== undefined, `${ref} has a way back with a lane`);
      assert.ok(back.laneX < frame.x + frame.width, 'the lane is inside the frame');
      const held = placed.nodes.filter((n) => n.parent === frame.id);
      assert.ok(
        held.every((n) => n.x + n.width < back.laneX!),
        'the lane is right of every node in the frame',
      );
    }
  });

  void test('the branches start right under the fork and turn there', () => {
    const fork = placedNode(placed, nodeIdOf('fork'));
    const first = placedNode(placed, nodeIdOf('before_loop'));
    const sibling = placedNode(placed, nodeIdOf('sibling'));
    assert.equal(sibling.y, first.y, 'both branches begin on the rank after the fork');
    for (const target of [first.id, sibling.id]) {
      const edge = placed.edges.find((e) => e.source === fork.id && e.target === target);
      assert.ok(edge?.turnY !== undefined, `fork -> ${target} has a turn height`);
      assert.ok(
        edge.turnY > fork.y + fork.height && edge.turnY < first.y,
        'it turns between fork and branch',
      );
    }
    const join = placedNode(placed, nodeIdOf('join'));
    const intoJoin = placed.edges.find((e) => e.source === sibling.id && e.target === join.id);
    assert.ok(intoJoin?.turnY !== undefined && intoJoin.turnY < join.y && intoJoin.turnY > join.y - 40);
  });
});
