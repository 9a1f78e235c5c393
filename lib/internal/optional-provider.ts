import { DeepSeekConfigError } from "../errors";

/** The provider package each cloud needs: optional peer dependencies (package.json peerDependenciesMeta). */
export const CLOUD_PROVIDER_PACKAGES = { aws: "@cdktf/provider-aws", gcp: "@cdktf/provider-google" } as const;
/** The tested ranges of the optional peers (package.json peerDependencies; a test keeps them equal). */
export const CLOUD_PROVIDER_RANGES: Readonly<Record<string, string>> = { "@cdktf/provider-aws": "^21.22.0", "@cdktf/provider-google": "^16.12.0" };

/**
 * Loads a cloud's modules (`load` requires them), turning a missing optional provider package
 * into a DeepSeekConfigError that names the package to install, instead of a raw MODULE_NOT_FOUND.
 */
export function loadCloudModule<T>(cloud: keyof typeof CLOUD_PROVIDER_PACKAGES, load: () => T, path = "cloud"): T {
  try {
    return load();
  } catch (e) {
    const pkg = CLOUD_PROVIDER_PACKAGES[cloud];
    const err = e as NodeJS.ErrnoException;
    if (err?.code === "MODULE_NOT_FOUND" && String(err.message).includes(`'${pkg}`)) {
      throw new DeepSeekConfigError(path, `needs ${pkg}, an optional peer dependency of cdktf-deepseek that is not installed`, cloud, `npm install ${pkg}@"${CLOUD_PROVIDER_RANGES[pkg]}"`);
    }
    throw e;
  }
}
