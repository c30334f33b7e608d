import * as assert from 'node:assert/strict';
import {
  accountWebUrl,
  BaseUrlError,
  baseUrlFor,
  CLUSTER_CHOICES,
  clusterLabel,
  clusterOf,
  normalizeBaseUrl,
  scimBaseUrl,
} from '../../../src/core/harness';

suite('harness clusters', () => {
  test('each SaaS cluster has the documented gateway base URL', () => {
    assert.equal(baseUrlFor('prod1'), 'https://app.harness.io/gateway');
    assert.equal(baseUrlFor('prod2'), 'https://app.harness.io/gateway/gratis');
    assert.equal(baseUrlFor('prod3'), 'https://app3.harness.io/gateway');
    assert.equal(baseUrlFor('prod0'), 'https://accounts.harness.io/gateway');
    assert.equal(baseUrlFor('prod4'), 'https://accounts.harness.io/gateway');
    assert.equal(baseUrlFor('eu'), 'https://accounts.eu.harness.io');
  });

  test('self-managed drops /gateway and trailing slashes; custom keeps the path as given', () => {
    assert.equal(baseUrlFor('self-managed', 'https://harness.example.com/'), 'https://harness.example.com');
    assert.equal(baseUrlFor('self-managed', 'https://harness.example.com/gateway'), 'https://harness.example.com');
    assert.equal(baseUrlFor('custom', 'http://127.0.0.1:4321/gateway/'), 'http://127.0.0.1:4321/gateway');
  });

  test('a pasted API URL is cut back to the base', () => {
    assert.equal(normalizeBaseUrl('https://app.harness.io/gateway/ng/api/settings'), 'https://app.harness.io/gateway');
  });

  test('bad base URLs are refused with a reason', () => {
    assert.throws(() => baseUrlFor('custom'), BaseUrlError);
    assert.throws(() => normalizeBaseUrl('app.harness.io'), /not a URL/);
    assert.throws(() => normalizeBaseUrl('ftp://x.example'), /https/);
    assert.throws(() => normalizeBaseUrl('https://u:p@x.example'), /password/);
    assert.throws(() => normalizeBaseUrl('https://x.example/?a=1'), /query/);
  });

  test('SCIM base URL is <base>/ng/api/scim/account/<acc>', () => {
    assert.equal(
      scimBaseUrl('https://app.harness.io/gateway', 'AbC'),
      'https://app.harness.io/gateway/ng/api/scim/account/AbC',
    );
    assert.equal(
      scimBaseUrl('https://harness.example.com', 'AbC'),
      'https://harness.example.com/ng/api/scim/account/AbC',
    );
  });

  test('web URLs leave out the API gateway path', () => {
    assert.equal(
      accountWebUrl('https://app.harness.io/gateway', 'ACC'),
      'https://app.harness.io/ng/account/ACC/settings/overview',
    );
    assert.equal(
      accountWebUrl('https://app.harness.io/gateway/gratis', 'ACC', { kind: 'service-account', identifier: 'scim sa' }),
      'https://app.harness.io/ng/account/ACC/settings/access-control/service-accounts/scim%20sa',
    );
    assert.equal(
      accountWebUrl('https://h.example.com/prefix', 'ACC', { kind: 'default-settings' }),
      'https://h.example.com/prefix/ng/account/ACC/settings/default-settings',
    );
  });

  test('quick-pick choices cover every cluster, and known URLs map back to their cluster', () => {
    assert.deepEqual(
      CLUSTER_CHOICES.map((c) => c.id),
      ['prod1', 'prod2', 'prod3', 'prod0', 'prod4', 'eu', 'self-managed', 'custom'],
    );
    assert.ok(CLUSTER_CHOICES.every((c) => c.label.length > 0 && c.detail.length > 0));
    assert.equal(clusterOf('https://app3.harness.io/gateway/'), 'prod3');
    assert.equal(clusterOf('http://127.0.0.1:9/'), 'custom');
    assert.equal(clusterLabel('https://app.harness.io/gateway/gratis'), 'Prod2');
    assert.equal(clusterLabel('http://127.0.0.1:9'), '127.0.0.1:9');
  });
});
