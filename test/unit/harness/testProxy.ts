/**
 * The sandbox's test proxy (test/sandbox/proxy.ts), seen as the hops these tests count: CONNECT
 * targets (`host:port`) and absolute-form URLs forwarded.
 */
import { startProxy as startSandboxProxy, type SeenRequest } from '../../sandbox/proxy';

export interface TestProxy {
  url: string;
  seen: SeenRequest[];
  readonly connects: string[];
  readonly forwarded: string[];
  close(): Promise<void>;
}

export async function startProxy(): Promise<TestProxy> {
  const proxy = await startSandboxProxy();
  return {
    url: proxy.url,
    seen: proxy.seen,
    get connects() {
      return proxy.seen.filter((s) => s.method === 'CONNECT').map((s) => s.target);
    },
    get forwarded() {
      return proxy.seen.filter((s) => s.method !== 'CONNECT').map((s) => s.target);
    },
    close: () => proxy.close(),
  };
}
