import { Testing } from "cdktf";

/**
 * cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, …). Imported only by the test
 * files that use them: registering them loads cdktf, about 0.2 s per test file, which most files
 * (pure plans, scripts, catalog) do not need.
 */
Testing.setupJest();
