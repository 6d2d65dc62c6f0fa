import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Configuration, DEFAULT_SERVER_API_URL } from '../src/index.js';

void describe('Configuration', () => {
  void it('defaults to a local server with no authentication', () => {
    const config = new Configuration({ env: {} });
    assert.equal(config.serverApiUrl, DEFAULT_SERVER_API_URL);
    assert.equal(config.authentication, undefined);
    assert.equal(config.uiHost, 'http://localhost:8080');
  });

  void it('reads CONDUCTOR_SERVER_URL (with /api) and the key and secret from the environment', () => {
    const config = new Configuration({
      env: {
        CONDUCTOR_SERVER_URL: 'https://play.orkes.io/api/',
        CONDUCTOR_AUTH_KEY: 'key-id',
        CONDUCTOR_AUTH_SECRET: 'key-secret',
      },
    });
    assert.equal(config.serverApiUrl, 'https://play.orkes.io/api');
    assert.deepEqual(config.authentication, { keyId: 'key-id', keySecret: 'key-secret' });
    assert.equal(config.executionUrl('abc'), 'https://play.orkes.io/execution/abc');
  });

  void it('appends /api to a base URL given in code, which wins over the environment', () => {
    const config = new Configuration({
      baseUrl: 'http://conductor.internal:9090',
      env: { CONDUCTOR_SERVER_URL: 'http://elsewhere/api' },
    });
    assert.equal(config.serverApiUrl, 'http://conductor.internal:9090/api');
  });

  void it('takes the UI host from CONDUCTOR_UI_SERVER_URL or from code', () => {
    assert.equal(
      new Configuration({ env: { CONDUCTOR_UI_SERVER_URL: 'http://ui:5000/' } }).executionUrl('w1'),
      'http://ui:5000/execution/w1',
    );
    assert.equal(new Configuration({ env: {}, uiHost: 'http://x' }).uiHost, 'http://x');
  });

  void it('needs both a key and a secret to authenticate', () => {
    assert.equal(new Configuration({ env: { CONDUCTOR_AUTH_KEY: 'only-key' } }).authentication, undefined);
  });
});
