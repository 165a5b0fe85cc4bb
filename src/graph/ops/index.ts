// Importing this module registers every primitive op. Keep one file per op family.
import "./elementwise.ts";
import "./linalg.ts";
import "./shape.ts";
import "./nn.ts";
import "./reduce.ts";
import "./dynamic.ts";
import "./quantized.ts";
