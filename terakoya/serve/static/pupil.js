// The pupil's page: the editor, the board, and one WebSocket to the teacher's computer.
// State lives on the server; this script draws what the server sends and sends what the
// pupil does. No library besides the bundled editor; nothing is fetched from elsewhere.
"use strict";

const W = JSON.parse(document.getElementById("words").textContent);
const $ = (id) => document.getElementById(id);
const SAVE_AFTER_MS = 800;
const PICTURE_AFTER_MS = 600;  // a settled LED picture is announced, not every frame
const CONSOLE_CHARS = 20000;
const LOG_ROWS = 200;
const KEPT = "terakoya-unsaved-";
const MAX_PROGRAM_BYTES = 64 * 1024;

let socket = null;
let editor = null;
let program = "blank";
let saveTimer = null;
let unsaved = false;
let loading = false;
let lessons = [];
let pictureTimer = null;
let audio = null;
let oscillator = null;
const logRows = [];
let logHeadings = [];

function html(el, text) { el.innerHTML = text; }  // words from the server's table only

function setText(el, text) { el.textContent = text; }

// -- options kept in this browser ---------------------------------------------------------------
function toggle(id, cls, initial) {
  const button = $(id);
  const on = localStorage.getItem("terakoya-" + id);
  const state = on === null ? initial : on === "1";
  const apply = (value) => {
    button.setAttribute("aria-pressed", String(value));
    document.body.classList.toggle(cls, value);
    document.documentElement.classList.toggle(cls, value);  // rem sizes follow "Large text"
    localStorage.setItem("terakoya-" + id, value ? "1" : "0");
    if (id === "large" && editor) editor.setLarge(value);
  };
  apply(state);
  button.addEventListener("click", () => apply(button.getAttribute("aria-pressed") !== "true"));
}

function setupOptions(fixedLanguage) {
  toggle("large", "large", false);
  toggle("contrast", "high-contrast", false);
  toggle("furigana", "furigana", false);
  toggle("sound", "sound-on", true);
  const lang = $("language");
  if (fixedLanguage) { lang.hidden = true; return; }
  lang.addEventListener("click", () => {
    const next = document.documentElement.lang === "ja" ? "en" : "ja";
    document.cookie = "terakoya_lang=" + next + "; path=/; samesite=strict";
    location.reload();
  });
}

// -- the socket ---------------------------------------------------------------------------------
function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  socket = new WebSocket(scheme + location.host + "/ws");
  socket.addEventListener("open", () => {
    setText($("connection"), "");
    document.body.classList.remove("offline");
    if (unsaved) save(); else send({t: "open", program});  // edits made offline win
  });
  socket.addEventListener("message", (e) => {
    const message = JSON.parse(e.data);
    if (message.t === "batch") message.items.forEach(handle);
  });
  socket.addEventListener("close", (e) => {
    if (e.code === 4401) { location.href = "/"; return; }  // the server forgot this page
    document.body.classList.add("offline");
    html($("connection"), W.disconnected);
    setTimeout(connect, 2000);
  });
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(message));
    return true;
  }
  return false;
}

const HANDLERS = {
  program: (m) => {
    program = m.program;
    const kept = localStorage.getItem(KEPT + program);  // edits the server never got
    loading = true;
    editor.setText(kept !== null ? kept : m.text);
    loading = false;
    unsaved = false;
    if (kept !== null && kept !== m.text) save();
    links();
    document.body.dataset.program = m.program;  // the program is in the editor
    $("lesson-test").hidden = m.program === "blank";
    $("criteria").replaceChildren();
  },
  saved: (m) => {
    if (m.program === program && !saveTimer) {
      unsaved = false;
      localStorage.removeItem(KEPT + program);
    }
    html($("saved"), W.saved);
  },
  problem: (m) => { html($("saved"), m.text); },
  started: started,
  display: drawLeds,
  values: showValues,
  serial: (m) => addConsole(m.text),
  note: (m) => addConsole("· " + m.text + "\n"),
  flashing: (m) => html($("flash-note"), m.on ? W.flashing : ""),
  page: (m) => {
    const link = document.createElement("a");
    link.href = m.url;
    link.target = "_blank";
    link.rel = "noopener";
    html(link, W.board_page);
    $("page-note").replaceChildren(link);
  },
  caption: (m) => addCaption(m.text),
  tone: playTone,
  effect: playEffect,
  say: speak,
  error: showError,
  ended: (m) => showState(m.kind, m.problem),
  findings: showFindings,
  log: addLogRow,
  log_clear: () => { logRows.length = 0; drawLog(); },
  paused: (m) => { $("pause").setAttribute("aria-pressed", String(m.on));
                   html($("pause"), m.on ? W.go_on : W.pause); },
  speed: (m) => { $("speed").value = String(m.speed); },
  radio: (m) => html($("radio"), m.on ? W.radio_on : ""),
  lesson_testing: () => { html($("criteria"), W.lesson_testing); },
  lesson_test: showCriteria,
  teacher_stopped: () => addCaption(W.stopped_by_teacher.replace(/<[^>]+>/g, "")),
};

function handle(item) {
  const handler = HANDLERS[item.t];
  if (handler) handler(item);
}

// -- the program ----------------------------------------------------------------------------------
function changed() {
  if (loading) return;
  unsaved = true;
  localStorage.setItem(KEPT + program, editor.text());  // kept here until the server has it
  html($("saved"), W.saving);
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, SAVE_AFTER_MS);
}

function tooBig() {
  // the server refuses a program over 64 KB: said here, not sent (the socket would close)
  if (new Blob([editor.text()]).size <= MAX_PROGRAM_BYTES) return false;
  html($("saved"), W.too_big);
  return true;
}

function save() {
  clearTimeout(saveTimer);
  saveTimer = null;
  if (tooBig()) return;
  if (!send({t: "save", program, text: editor.text()})) html($("saved"), W.not_saved);
}

function links() {
  $("download-py").href = "/download/" + program + ".py";
  $("download-hex").href = "/download/" + program + ".hex";
  $("lesson").value = program;
  const lesson = lessons.find((l) => l.id === program);
  $("download-hex").hidden = !!lesson && lesson.board !== "microbit";
}

function run() {
  startAudio();
  if (tooBig()) return;
  clearTimeout(saveTimer);
  $("findings").replaceChildren();
  setText($("explanation"), "");
  setText($("console"), "");
  $("captions").replaceChildren();
  logRows.length = 0;
  drawLog();
  if (!send({t: "run", program, text: editor.text()})) html($("saved"), W.not_saved);
}

// -- the board ------------------------------------------------------------------------------------
function started(m) {
  showState(m.state || "running", null);
  buildControls(m.controls || []);
  $("leds-box").hidden = m.board !== "microbit";  // an ESP32 shows its parts instead
  if (m.state !== "running" || !m.board) $("page-note").replaceChildren();
  $("parts").replaceChildren();
  showParts(m.parts || {});
  $("speed").value = String(m.speed || 1);
  HANDLERS.paused({on: !!m.paused});
}

function showState(kind, problem) {
  const key = "state_" + kind;
  html($("state"), W[key] || W.state_ended);
  document.body.dataset.state = kind;
  if (problem && W[problem]) html($("explanation"), W[problem]);
  if (kind !== "running") stopTone();
}

function buildLeds() {
  const grid = $("leds");
  for (let i = 0; i < 25; i++) {
    const led = document.createElement("span");
    led.className = "led";
    led.dataset.level = "0";
    grid.appendChild(led);
  }
}

function showParts(values) {
  // a part's outputs ("led1.brightness", "servo1.angle") as words: what the breadboard shows
  const list = $("parts");
  for (const [id, value] of Object.entries(values)) {
    if (!id.includes(".")) continue;
    let item = document.getElementById("part-" + id);
    if (!item) {
      const name = document.createElement("dt");
      name.textContent = id;
      item = document.createElement("dd");
      item.id = "part-" + id;
      list.append(name, item);
    }
    item.textContent = typeof value === "number" ? String(Math.round(value * 1000) / 1000)
      : JSON.stringify(value);
  }
  $("parts-box").hidden = list.children.length === 0;
}

function drawLeds(m) {
  $("leds-box").hidden = false;
  const leds = $("leds").children;
  m.rows.forEach((row, y) => row.forEach((level, x) => {
    leds[y * 5 + x].dataset.level = String(m.on ? level : 0);
    leds[y * 5 + x].style.setProperty("--level", String(m.on ? level : 0));
  }));
  $("leds").setAttribute("aria-label", W.leds.replace(/<[^>]+>/g, "") + ": " + m.words);
  clearTimeout(pictureTimer);
  pictureTimer = setTimeout(() => setText($("picture"), m.words), PICTURE_AFTER_MS);
}

function holdButton(control) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "hold";
  button.id = "control-" + control.id;
  button.textContent = control.label;
  button.setAttribute("aria-pressed", "false");
  const down = (e) => {
    if (button.getAttribute("aria-pressed") === "true") return;
    if (e.pointerId !== undefined) button.setPointerCapture(e.pointerId);
    button.setAttribute("aria-pressed", "true");
    send({t: "hold", id: control.id, down: true});
    e.preventDefault();
  };
  const up = () => {
    if (button.getAttribute("aria-pressed") !== "true") return;
    button.setAttribute("aria-pressed", "false");
    send({t: "hold", id: control.id, down: false});
  };
  button.addEventListener("pointerdown", down);
  button.addEventListener("pointerup", up);
  button.addEventListener("pointercancel", up);
  button.addEventListener("lostpointercapture", up);
  button.addEventListener("keydown", (e) => {
    if ((e.key === " " || e.key === "Enter") && !e.repeat) down(e);
  });
  button.addEventListener("keyup", (e) => { if (e.key === " " || e.key === "Enter") up(); });
  button.addEventListener("blur", up);
  button.addEventListener("contextmenu", (e) => e.preventDefault());
  return button;
}

function slider(control) {
  const box = document.createElement("div");
  box.className = "slider";
  const id = "control-" + control.id;
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = control.label;
  const input = document.createElement("input");
  Object.assign(input, {type: "range", id, min: control.min, max: control.max,
                        step: control.step, value: control.value});
  const out = document.createElement("output");
  out.htmlFor = id;
  out.textContent = String(control.value);
  input.addEventListener("input", () => {
    out.textContent = input.value;
    send({t: "set", id: control.id, value: Number(input.value)});
  });
  box.append(label, input, out);
  return box;
}

function choice(control) {
  const box = document.createElement("div");
  box.className = "choice";
  const id = "control-" + control.id;
  const label = document.createElement("label");
  label.htmlFor = id;
  html(label, W.tilt);
  const select = document.createElement("select");
  select.id = id;
  control.choices.forEach((name) => select.add(new Option(name, name)));
  const button = document.createElement("button");
  button.type = "button";
  html(button, W.do_gesture);
  button.addEventListener("click", () => send({t: "gesture", id: control.id,
                                                value: select.value}));
  box.append(label, select, button);
  return box;
}

function buildControls(controls) {
  const places = {left: $("left-buttons"), right: $("right-buttons"), touch: $("touch"),
                  other: $("controls")};
  Object.values(places).forEach((el) => el.replaceChildren());
  controls.forEach((control) => {
    if (control.kind === "hold") {
      const place = control.id === "button_a" ? places.left
        : control.id === "button_b" ? places.right
        : control.group === "buttons" ? places.touch : places.other;
      place.appendChild(holdButton(control));
    } else if (control.kind === "slider") {
      places.other.appendChild(slider(control));
    } else if (control.kind === "choice") {
      places.other.appendChild(choice(control));
    }
  });
}

function showValues(m) {
  showParts(m.values);
  for (const [id, value] of Object.entries(m.values)) {
    const input = $("control-" + id);
    if (input && input.type === "range" && document.activeElement !== input &&
        typeof value === "number") {
      input.value = value;
      input.nextElementSibling.textContent = String(value);
    }
  }
}

function addConsole(text) {
  // new text is added as a node of its own: the log region announces only what is new
  const el = $("console");
  el.appendChild(document.createTextNode(text));
  let extra = el.textContent.length - CONSOLE_CHARS;
  while (extra > 0 && el.firstChild) {
    extra -= el.firstChild.textContent.length;
    el.removeChild(el.firstChild);
  }
  el.scrollTop = el.scrollHeight;
}

function addCaption(text) {
  const list = $("captions");
  const item = document.createElement("li");
  item.textContent = text;
  list.appendChild(item);
  while (list.children.length > 3) list.removeChild(list.firstChild);
}

function showError(m) {
  showState("error", null);
  const box = $("explanation");
  box.replaceChildren();
  const title = document.createElement("p");
  title.className = "error";
  title.textContent = m.error;
  box.appendChild(title);
  if (m.explanation) {
    const words = document.createElement("p");
    words.textContent = m.explanation;
    box.appendChild(words);
  }
}

function showFindings(m) {
  const list = $("findings");
  list.replaceChildren();
  if (!m.findings.length) {
    const none = document.createElement("li");
    html(none, W.no_help);
    list.appendChild(none);
  }
  m.findings.forEach((f) => {
    const item = document.createElement("li");
    item.className = f.severity;
    const where = f.line ? W.error_line.replace("{line}", f.line) + ": " : "";
    item.textContent = where + f.text + (f.fix ? " — " + f.fix : "");
    list.appendChild(item);
  });
}

function showCriteria(m) {
  if (m.program !== program) return;
  const box = $("criteria");
  box.replaceChildren();
  const list = document.createElement("ul");
  m.lines.forEach((line) => {
    const item = document.createElement("li");
    item.textContent = line.trim();
    list.appendChild(item);
  });
  box.appendChild(list);
}

// -- sound ---------------------------------------------------------------------------------------
function startAudio() {
  if (!audio && window.AudioContext) audio = new AudioContext();
  if (audio && audio.state === "suspended") audio.resume();
}

function stopTone() {
  if (oscillator) { oscillator.stop(); oscillator = null; }
}

function playTone(m) {
  stopTone();
  if (!m.hz || !audio || !document.body.classList.contains("sound-on")) return;
  oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = "square";
  oscillator.frequency.value = m.hz;
  gain.gain.value = 0.04;
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  if (m.ms) oscillator.stop(audio.currentTime + m.ms / 1000);
}

const WAVES = {sine: "sine", square: "square", sawtooth: "sawtooth", triangle: "triangle"};

function playEffect(m) {
  // a sound expression (music.play(Sound.GIGGLE), SoundEffect): each part a sweep in turn
  if (!audio || !document.body.classList.contains("sound-on")) return;
  let at = audio.currentTime;
  m.parts.forEach((part) => {
    const seconds = Math.max(part.ms, 1) / 1000;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = WAVES[part.wave] || "square";
    osc.frequency.setValueAtTime(Math.max(part.f0, 1), at);
    osc.frequency.linearRampToValueAtTime(Math.max(part.f1, 1), at + seconds);
    gain.gain.setValueAtTime(0.05 * part.v0, at);
    gain.gain.linearRampToValueAtTime(0.05 * part.v1, at + seconds);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + seconds);
    at += seconds;
  });
}

function speak(m) {
  // speech.say(): the browser's own (English) voice; the caption says it in words too
  if (!window.speechSynthesis || !document.body.classList.contains("sound-on")) return;
  const words = new SpeechSynthesisUtterance(m.text);
  words.lang = "en";
  window.speechSynthesis.speak(words);
}

// -- the data log ----------------------------------------------------------------------------------
function addLogRow(m) {
  logHeadings = m.headings;
  logRows.push(m.values);
  if (logRows.length > LOG_ROWS) logRows.shift();
  $("log-box").open = true;
  drawLog();
}

function drawLog() {
  const table = $("log");
  const head = document.createElement("tr");
  logHeadings.forEach((h) => { const th = document.createElement("th"); th.textContent = h;
                               th.scope = "col"; head.appendChild(th); });
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...logRows.slice(-20).map((row) => {
    const tr = document.createElement("tr");
    row.forEach((v) => { const td = document.createElement("td"); td.textContent = v;
                         tr.appendChild(td); });
    return tr;
  }));
  drawChart();
}

function saveLog() {
  // the table as CSV, made in the browser (for a spreadsheet, as the window's E key does)
  const cell = (v) => /[",\n]/.test(v) ? '"' + String(v).replace(/"/g, '""') + '"' : v;
  const lines = [logHeadings, ...logRows].map((row) => row.map(cell).join(","));
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"],
                                           {type: "text/csv"}));
  link.download = program + "-log.csv";
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function drawChart() {
  const canvas = $("chart");
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const columns = logHeadings.map((_, i) => logRows.map((r) => parseFloat(r[i])));
  const numeric = columns.map((c, i) => [c, i]).filter(([c]) => c.some((v) => !isNaN(v)));
  const values = numeric.flatMap(([c]) => c.filter((v) => !isNaN(v)));
  if (!values.length) { setText($("chart-words"), ""); return; }
  const low = Math.min(...values), high = Math.max(...values);
  const span = high - low || 1;
  const colours = ["#0b5cad", "#b3261e", "#146c2e", "#7a4a00"];
  numeric.forEach(([column], n) => {
    ctx.strokeStyle = colours[n % colours.length];
    ctx.lineWidth = 2;
    ctx.beginPath();
    column.forEach((v, i) => {
      if (isNaN(v)) return;
      const x = column.length > 1 ? i * (canvas.width - 4) / (column.length - 1) + 2 : 2;
      const y = canvas.height - 4 - (v - low) * (canvas.height - 8) / span;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
  });
  setText($("chart-words"), numeric.map(([c, i]) => {
    const ok = c.filter((v) => !isNaN(v));
    return logHeadings[i] + ": " + Math.min(...ok) + " – " + Math.max(...ok) +
      " (" + ok[ok.length - 1] + ")";
  }).join("; "));
}

// -- start -----------------------------------------------------------------------------------------
async function start() {
  const state = await (await fetch("/api/state")).json();
  lessons = state.lessons;
  program = state.program;
  setText($("who"), "— " + state.nickname);
  const lesson = $("lesson");
  lesson.add(new Option(W.blank.replace(/<[^>]+>/g, ""), "blank"));
  state.lessons.forEach((l) => lesson.add(new Option(l.id + " " + l.title, l.id)));
  lesson.addEventListener("change", () => {
    if (unsaved) save();
    program = lesson.value;
    send({t: "open", program});
  });
  editor = window.TerakoyaEditor.create($("editor"), "", {
    onChange: changed, label: W.editor_label.replace(/<rt>.*?<\/rt>/g, "").replace(/<[^>]+>/g, "")});
  setupOptions(state.language_fixed);
  buildLeds();
  $("run").addEventListener("click", run);
  $("stop").addEventListener("click", () => send({t: "stop"}));
  $("log-csv").addEventListener("click", saveLog);
  $("lesson-test").addEventListener("click", () => {
    clearTimeout(saveTimer);
    send({t: "lesson_test", program, text: editor.text()});
  });
  $("pause").addEventListener("click", () => send({t: "pause",
    on: $("pause").getAttribute("aria-pressed") !== "true"}));
  $("speed").addEventListener("change", () => send({t: "speed", speed: Number($("speed").value)}));
  $("type-form").addEventListener("submit", (e) => {
    e.preventDefault();
    send({t: "type", text: $("type").value});
    $("type").value = "";
  });
  links();
  connect();
}

document.addEventListener("DOMContentLoaded", start);
