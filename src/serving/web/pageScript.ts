/**
 * The page's script (plain browser JavaScript, no library, nothing fetched from outside): it posts the note to
 * /v1/predict, shows each model's answer as a clinician reads it, and on a click on a label asks /v1/explain and
 * shades each word of the note by its attribution. Note text stays in the page and the request body. In the
 * in-browser mode (docs/serving.md) `window.prognosLocal` (browser/main.ts) answers instead, and nothing is sent.
 */
export const PAGE_SCRIPT = String.raw`
const $ = (id) => document.getElementById(id);
const local = window.prognosLocal;
let lastNote = "";
let lastPredictions = null;
let explained = null;
const headers = () => {
  const h = { "content-type": "application/json" };
  const t = $("token") ? $("token").value.trim() : "";
  if (t) h.authorization = "Bearer " + t;
  return h;
};
const pct = (p) => (100 * p).toFixed(1) + "%";
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
function status(text, error) {
  $("status").textContent = text;
  $("status").className = error ? "error" : "";
}
async function call(path, body) {
  const r = await fetch(path, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  const j = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (!r.ok) throw new Error(j.error || "HTTP " + r.status);
  return j;
}
function labelButton(m, l, k) {
  const cls = l.predicted ? "label predicted" : "label";
  const title = l.title ? " — " + esc(l.title) : "";
  return '<button class="' + cls + '" data-model="' + k + '" data-label="' + esc(l.label) + '">' +
    '<span class="bar" style="width:' + (100 * l.probability).toFixed(1) + '%"></span>' +
    '<span class="text"><b>' + esc(l.label) + "</b>" + title + " <i>" + pct(l.probability) + "</i></span></button>";
}
function renderModel(m, k) {
  let body;
  if (m.risk !== null) {
    body = '<p class="risk">Risk <b>' + pct(m.risk) + "</b> (threshold " + pct(m.labels.find((l) => l.threshold !== null).threshold) + ")</p>";
  } else body = "";
  body += '<div class="labels">' + m.labels.map((l) => labelButton(m, l, k)).join("") + "</div>";
  const read = m.cut ? " · only the first part of the note was read" : "";
  return '<section class="model"><h2>' + esc(m.task) + ' <small>' + esc(m.model) + " · " + m.word_pieces + " word pieces" + read +
    "</small></h2>" + body + "</section>";
}
async function predict() {
  const text = $("note").value;
  if (!text.trim()) return status("Paste or drop a note first.", true);
  status("Predicting…");
  try {
    const predictions = local
      ? await local.predict(text)
      : (await call("/v1/predict", { notes: [{ id: "note", text }] })).predictions[0].predictions;
    lastNote = text;
    lastPredictions = predictions;
    window.prognosResult = predictions; // what the page shows, for the console and the tests
    explained = null;
    $("results").innerHTML = predictions.map(renderModel).join("");
    $("explanation").hidden = true;
    status("Click a label to see which words drove it.");
  } catch (e) {
    status(e.message, true);
  }
}
async function explain(k, label) {
  status("Explaining " + label + "… (integrated gradients" + (local ? ", in this page)" : ")"));
  try {
    let l;
    if (local) {
      l = await local.explain(lastNote, k, lastPredictions[k].labels.find((x) => x.label === label));
    } else {
      if (!explained) explained = (await call("/v1/explain", { notes: [{ id: "note", text: lastNote }] })).predictions[0].predictions;
      l = explained[k].labels.find((x) => x.label === label && x.attributions);
    }
    if (!l) {
      status("Only predicted labels (and a binary task's risk) are explained.", true);
      return;
    }
    showAttributions(l);
    status("Words shaded by their contribution to " + label + ".");
  } catch (e) {
    status(e.message, true);
  }
}
function showAttributions(l) {
  const max = Math.max(1e-12, ...l.attributions.map((a) => Math.abs(a.score)));
  let html = "";
  let at = 0;
  for (const a of l.attributions) {
    if (a.start === null) {
      html += " " + shade(esc(a.word), a.score, max);
      continue;
    }
    html += esc(lastNote.slice(at, a.start)) + shade(esc(lastNote.slice(a.start, a.end)), a.score, max);
    at = a.end;
  }
  html += esc(lastNote.slice(at));
  $("shaded").innerHTML = html;
  window.prognosExplained = l; // the label shown, with its attributions, for the console and the tests
  $("explained-label").textContent = l.label + (l.title ? " — " + l.title : "");
  $("explanation").hidden = false;
}
function shade(word, score, max) {
  const a = Math.min(1, Math.abs(score) / max).toFixed(2);
  const rgb = score >= 0 ? "214,39,40" : "31,119,180";
  return '<span class="w" title="' + score.toPrecision(3) + '" style="background:rgba(' + rgb + "," + a + ')">' + word + "</span>";
}
if (local) {
  status("Loading the models into this page…");
  local.ready.then(
    (r) => {
      status("Ready: " + r.models.join(", ") + " run in this page; the note stays on this device.");
      if (r.warnings.length > 0) {
        $("model-warnings").textContent = r.warnings.join("\n");
        $("model-warnings").hidden = false;
      }
    },
    (e) => status("The models could not be loaded: " + e.message, true),
  );
}
$("predict").addEventListener("click", predict);
$("example").addEventListener("click", () => { $("note").value = window.EXAMPLE_NOTE; });
$("results").addEventListener("click", (e) => {
  const b = e.target.closest("button.label");
  if (b) explain(Number(b.dataset.model), b.dataset.label);
});
$("note").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) predict(); });
$("note").addEventListener("dragover", (e) => e.preventDefault());
$("note").addEventListener("drop", (e) => {
  e.preventDefault();
  const f = e.dataTransfer.files[0];
  if (f) f.text().then((t) => { $("note").value = t; });
});
`;
