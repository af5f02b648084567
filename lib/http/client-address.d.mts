export declare const CLIENT_ADDRESS_HEADER = "x-callscope-client-address";
export declare function limitKey(address: string): string;
export declare function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string;
export declare function noteForwardedHeaders(headers: Record<string, string | string[] | undefined>, trustedProxies: number): boolean;
export declare function forwardedHeadersSeenAt(): string | null;
export declare const PROXY_WARNING: string;
