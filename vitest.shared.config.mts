import { defineConfig } from "vitest/config";
import base from "./vitest.config.mts";

// `npm run test:shared:unit`: only the checks that read the shared folder (the seed
// article and its labels, the claim data), which a bare clone does not have.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["lib/**/*.shared.test.ts", "scripts/**/*.shared.test.ts"],
    exclude: ["**/node_modules/**"],
  },
});
