import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyTaskDefDefaults,
  applyWorkflowDefDefaults,
  type TaskDef,
  type WorkflowDef,
} from '@baton/protocol';

void describe('applyTaskDefDefaults', () => {
  void it('fills the defaults Conductor stores', () => {
    assert.deepEqual(applyTaskDefDefaults({ name: 'greet' }), {
      name: 'greet',
      retryCount: 3,
      retryLogic: 'FIXED',
      retryDelaySeconds: 60,
      backoffScaleFactor: 1,
      maxRetryDelaySeconds: 0,
      backoffJitterMs: 0,
      timeoutSeconds: 0,
      totalTimeoutSeconds: 0,
      responseTimeoutSeconds: 3600,
      timeoutPolicy: 'TIME_OUT_WF',
      rateLimitPerFrequency: 0,
      rateLimitFrequencyInSeconds: 1,
      inputKeys: [],
      outputKeys: [],
      inputTemplate: {},
    });
  });

  void it('keeps given values (zero included), drops nulls and does not share default objects', () => {
    const given = {
      name: 'greet',
      retryCount: 0,
      ownerEmail: 'a@b.c',
      description: null,
    } as unknown as TaskDef;
    const withDefaults = applyTaskDefDefaults(given);
    assert.equal(withDefaults.retryCount, 0);
    assert.equal(withDefaults.ownerEmail, 'a@b.c');
    assert.equal('description' in withDefaults, false);
    withDefaults.inputKeys.push('x');
    assert.deepEqual(applyTaskDefDefaults({ name: 'other' }).inputKeys, []);
  });
});

void describe('applyWorkflowDefDefaults', () => {
  void it('fills the defaults and leaves ownerEmail untouched', () => {
    const def: WorkflowDef = { name: 'w', tasks: [{ name: 'a', taskReferenceName: 'a' }] };
    assert.deepEqual(applyWorkflowDefDefaults(def), {
      name: 'w',
      tasks: [{ name: 'a', taskReferenceName: 'a' }],
      version: 1,
      schemaVersion: 2,
      restartable: true,
      workflowStatusListenerEnabled: false,
      timeoutPolicy: 'ALERT_ONLY',
      timeoutSeconds: 0,
      inputParameters: [],
      outputParameters: {},
      variables: {},
      inputTemplate: {},
    });
  });

  void it('keeps explicit values', () => {
    const def: WorkflowDef = {
      name: 'w',
      tasks: [],
      version: 3,
      restartable: false,
      timeoutPolicy: 'TIME_OUT_WF',
      timeoutSeconds: 60,
    };
    const withDefaults = applyWorkflowDefDefaults(def);
    assert.equal(withDefaults.version, 3);
    assert.equal(withDefaults.restartable, false);
    assert.equal(withDefaults.timeoutPolicy, 'TIME_OUT_WF');
    assert.equal(withDefaults.timeoutSeconds, 60);
  });
});
