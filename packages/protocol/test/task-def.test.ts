import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateTaskDef, validateTaskDefs } from '@baton/protocol';
import { assertErrorAt, assertErrorPaths } from './expect-errors.js';

void describe('validateTaskDef', () => {
  void it('accepts a minimal and a fully specified definition', () => {
    assert.deepEqual(validateTaskDef({ name: 'greet' }), []);
    const full = {
      name: 'greet',
      description: 'says hello',
      retryCount: 0,
      retryLogic: 'EXPONENTIAL_BACKOFF',
      retryDelaySeconds: 1,
      backoffScaleFactor: 2,
      timeoutSeconds: 120,
      totalTimeoutSeconds: 600,
      responseTimeoutSeconds: 60,
      pollTimeoutSeconds: 0,
      timeoutPolicy: 'RETRY',
      concurrentExecLimit: 5,
      rateLimitPerFrequency: 10,
      rateLimitFrequencyInSeconds: 1,
      inputKeys: ['name'],
      inputTemplate: { name: 'world' },
      ownerEmail: 'a@b.c',
      unknownFutureField: true,
      isolationGroupId: null,
    };
    assert.deepEqual(validateTaskDef(full), []);
  });

  void it('requires a name', () => {
    assertErrorAt(validateTaskDef({}), 'name', /TaskDef name cannot be null or empty/);
    assertErrorAt(validateTaskDef({ name: null }), 'name', /TaskDef name cannot be null or empty/);
    assertErrorAt(validateTaskDef({ name: 42 }), 'name', /must be a string/);
  });

  void it('enforces the numeric bounds', () => {
    const errors = validateTaskDef({
      name: 't',
      retryCount: -1,
      responseTimeoutSeconds: 0,
      pollTimeoutSeconds: -5,
      backoffScaleFactor: 0,
      rateLimitPerFrequency: -1,
      rateLimitFrequencyInSeconds: -1,
    });
    assertErrorPaths(errors, [
      'retryCount',
      'responseTimeoutSeconds',
      'pollTimeoutSeconds',
      'backoffScaleFactor',
      'rateLimitPerFrequency',
      'rateLimitFrequencyInSeconds',
    ]);
    assert.equal(assertErrorAt(errors, 'retryCount', /must be >= 0/).invalidValue, -1);
  });

  void it('keeps responseTimeoutSeconds within timeoutSeconds, counting its 3600 default', () => {
    assertErrorAt(
      validateTaskDef({ name: 't', timeoutSeconds: 60, responseTimeoutSeconds: 61 }),
      'responseTimeoutSeconds',
      /61 must be less than timeoutSeconds: 60/,
    );
    assertErrorAt(
      validateTaskDef({ name: 't', timeoutSeconds: 60 }),
      'responseTimeoutSeconds',
      /3600 must be less than/,
    );
    assert.deepEqual(validateTaskDef({ name: 't', timeoutSeconds: 60, responseTimeoutSeconds: 60 }), []);
    assert.deepEqual(validateTaskDef({ name: 't', timeoutSeconds: 0, responseTimeoutSeconds: 9999 }), []);
  });

  void it('keeps timeoutSeconds within totalTimeoutSeconds when both are set', () => {
    const base = { name: 't', responseTimeoutSeconds: 10 };
    assertErrorAt(
      validateTaskDef({ ...base, timeoutSeconds: 100, totalTimeoutSeconds: 50 }),
      'timeoutSeconds',
      /totalTimeoutSeconds: 50/,
    );
    assert.deepEqual(validateTaskDef({ ...base, timeoutSeconds: 100, totalTimeoutSeconds: 0 }), []);
    assert.deepEqual(validateTaskDef({ ...base, timeoutSeconds: 50, totalTimeoutSeconds: 50 }), []);
  });

  void it('rejects unknown enum values and wrong types', () => {
    const errors = validateTaskDef({
      name: 't',
      retryLogic: 'RANDOM',
      timeoutPolicy: 'NEVER',
      retryCount: '3',
      inputKeys: 'name',
    });
    assertErrorAt(errors, 'retryLogic', /must be one of FIXED, LINEAR_BACKOFF, EXPONENTIAL_BACKOFF/);
    assertErrorAt(errors, 'timeoutPolicy', /must be one of RETRY, TIME_OUT_WF, ALERT_ONLY/);
    assertErrorAt(errors, 'retryCount', /must be an integer/);
    assertErrorAt(errors, 'inputKeys', /must be an array/);
    assert.equal(errors.length, 4);
  });
});

void describe('validateTaskDefs', () => {
  void it('requires a non-empty array', () => {
    assertErrorAt(validateTaskDefs({ name: 't' }), '', /must be an array/);
    assertErrorAt(validateTaskDefs([]), '', /empty/);
  });

  void it('prefixes each error with the index of its definition', () => {
    const errors = validateTaskDefs([{ name: 'ok' }, { name: 'ok2' }, { name: '', retryCount: -1 }, 'x']);
    assertErrorPaths(errors, ['[2].name', '[2].retryCount', '[3]']);
  });
});
