export declare function badRequestTarget(target: string): string | null;
export declare function badRequestBody(message: string): string;
