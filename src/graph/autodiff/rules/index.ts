// Importing this module registers every gradient rule. One file per op family, as in ../../ops.
import "./elementwise.ts";
import "./linalg.ts";
import "./shape.ts";
import "./nn.ts";
