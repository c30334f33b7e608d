/**
 * SCIM calls without a Harness API key: what an identity provider has, a base URL, an account id
 * and its bearer token. The CLI's `rehearse` uses this; the extension, already connected, uses
 * `HarnessClient.scim`. Same transport either way (proxies, deadlines, redaction).
 */
import { normalizeBaseUrl } from './clusters';
import { openTransport, type TransportOptions } from './openTransport';
import { ScimClient } from './scim';

export interface ScimConnectionOptions extends TransportOptions {
  baseUrl: string;
  accountId: string;
}

export class ScimConnection {
  readonly baseUrl: string;
  readonly accountId: string;
  readonly scim: ScimClient;

  constructor(options: ScimConnectionOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.accountId = options.accountId.trim();
    // No key: only `auth: bearer` calls are made, so the transport's key stays empty and unused.
    this.scim = new ScimClient(openTransport(options, this.baseUrl, '', this.accountId), this.accountId);
  }
}
