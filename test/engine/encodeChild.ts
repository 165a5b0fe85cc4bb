// Child process of the model-cache tests: encodes a fixed batch with the model folder argv[2], through the
// graph cache PROGNOS_CACHE names, and prints the outputs as a JSON array.
import { encode } from "./modelCacheSupport.ts";

process.stdout.write(JSON.stringify(await encode(process.argv[2]!, undefined)));
