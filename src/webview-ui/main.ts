// Browser code of the setup form (bundled separately by esbuild).
export {};
