export declare const CLIENT_ADDRESS_HEADER = "x-callscope-client-address";
export declare function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string;
