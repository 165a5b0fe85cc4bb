// Rewrites the README's "Which model for what" section from data/catalogue/models.json (npm run catalogue:readme).
import { readFileSync, writeFileSync } from "node:fs";
import { README_BEGIN, README_END, readmeSection } from "../src/catalogue/formatCatalogue.ts";
import { loadModelCatalogue } from "../src/catalogue/loadCatalogue.ts";

const path = new URL("../README.md", import.meta.url);
const text = readFileSync(path, "utf8");
const start = text.indexOf(README_BEGIN);
const end = text.indexOf(README_END);
if (start < 0 || end < start) throw new Error("README.md has no catalogue markers");
writeFileSync(path, text.slice(0, start) + readmeSection(loadModelCatalogue()) + text.slice(end + README_END.length));
console.log("README.md: catalogue section updated");
