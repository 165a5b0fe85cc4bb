import { PAGE_SCRIPT } from "./pageScript.ts";

/** A synthetic admission note for the page's "example" button (made up; no real patient). */
const EXAMPLE_NOTE =
  "CHIEF COMPLAINT: Shortness of breath.\n\nPRESENT ILLNESS: 78 year old man with congestive heart failure, " +
  "atrial fibrillation and diabetes presents with three days of worsening dyspnea, orthopnea and leg swelling. " +
  "He was found hypoxic and febrile; chest x-ray shows bilateral infiltrates.\n\nMEDICATIONS: Furosemide, " +
  "metoprolol, warfarin, insulin.\n\nPHYSICAL EXAM: Tachypneic, crackles at both bases, 2+ edema.";

/** In the in-browser mode: scripts and requests only from where the page came from, wasm allowed. */
const IN_BROWSER_POLICY =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src 'self' data:";

/**
 * The page `prognos serve` answers at `/`: one self-contained HTML document (styles and script inline; nothing is
 * fetched from elsewhere). Paste, drop or pick an example note; see each model's predictions; click a label to
 * see the note shaded by word attributions, with a legend. Buttons and the text area work from the keyboard
 * (Ctrl+Enter predicts). `inBrowser`: the same page, which loads onnxruntime-web and the models' files from web/
 * and predicts and explains in the page (docs/serving.md); no token field, since nothing is sent.
 */
export function pageHtml(options: { inBrowser?: boolean } = {}): string {
  const inBrowser = options.inBrowser === true;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
${inBrowser ? `<meta http-equiv="Content-Security-Policy" content="${IN_BROWSER_POLICY}">\n` : ""}<title>Prognos — outcome prediction from an admission note</title>
<style>
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 1.5em auto; max-width: 1100px; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; } .muted, small { color: #666; font-weight: normal; }
textarea { width: 100%; height: 12em; font: inherit; box-sizing: border-box; }
.controls { margin: 0.5em 0; display: flex; gap: 0.5em; align-items: center; flex-wrap: wrap; }
button { font: inherit; } #status.error { color: #b00020; }
.model { border-top: 1px solid #ddd; margin-top: 1em; } .model h2 { font-size: 1.1em; }
.labels { display: flex; flex-direction: column; gap: 3px; max-width: 720px; }
button.label { position: relative; text-align: left; border: 1px solid #ccc; background: #fff; padding: 3px 6px; cursor: pointer; }
button.label .bar { position: absolute; left: 0; top: 0; bottom: 0; background: #e8eef7; z-index: 0; }
button.label .text { position: relative; z-index: 1; } button.label.predicted { border-color: #1f77b4; border-width: 2px; }
button.label:focus { outline: 3px solid #f0a500; }
.risk { font-size: 1.2em; } #shaded { white-space: pre-wrap; line-height: 1.7; border: 1px solid #ddd; padding: 1em; max-height: 40em; overflow-y: auto; }
.legend { display: flex; align-items: center; gap: 0.5em; margin: 0.5em 0; }
.legend .scale { width: 240px; height: 14px; background: linear-gradient(to right, rgba(31,119,180,1), rgba(255,255,255,1), rgba(214,39,40,1)); border: 1px solid #ccc; }
.warning { background: #fff4e5; border: 1px solid #f0c36d; padding: 0.5em 1em; } #model-warnings { white-space: pre-wrap; }
</style>
</head>
<body>
<h1>Prognos</h1>
<p class="muted">Diagnoses, procedures, in-hospital mortality and length of stay from the admission note, with the words that drove each prediction.</p>
<p class="warning">Models trained on synthetic data have no clinical validity. ${
    inBrowser
      ? "The note never leaves this device: the models run in this page (onnxruntime-web), and the server only sent their files."
      : "The note is sent only to this Prognos server."
  }</p>
<p id="model-warnings" class="warning" hidden></p>
<label for="note">Admission note (paste, or drop a text file here)</label>
<textarea id="note" spellcheck="false"></textarea>
<div class="controls">
<button id="predict">Predict</button>
<button id="example">Load a synthetic example</button>
${inBrowser ? "" : '<label>Token <input id="token" type="password" size="16" autocomplete="off"></label>\n'}<span id="status" role="status" aria-live="polite"></span>
</div>
<div id="results"></div>
<section id="explanation" hidden>
<h2>Why: <span id="explained-label"></span></h2>
<div class="legend"><span>lowers it</span><span class="scale"></span><span>raises it</span>
<span class="muted">(integrated gradients on the label's logit; hover a word for its score)</span></div>
<div id="shaded"></div>
</section>
${inBrowser ? '<script src="web/ort/ort.wasm.min.js"></script>\n<script src="web/prognos-web.js"></script>\n' : ""}<script>window.EXAMPLE_NOTE = ${JSON.stringify(EXAMPLE_NOTE)};</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
