// The teacher's page: who is connected, whose board runs or stopped with an error, and the
// class's switches. Everything comes from the server once a second over one WebSocket.
"use strict";

const W = JSON.parse(document.getElementById("words").textContent);
const $ = (id) => document.getElementById(id);
const plain = (text) => text.replace(/<rt>.*?<\/rt>/g, "").replace(/<[^>]+>/g, "");
let socket = null;

const rows = new Map();  // nickname -> its row, kept so the focus stays where it is

function row(nickname) {
  if (rows.has(nickname)) return rows.get(nickname);
  const tr = document.createElement("tr");
  for (let i = 0; i < 6; i++) tr.appendChild(document.createElement("td"));
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = plain(W.deploy);
  button.setAttribute("aria-label", plain(W.deploy) + ": " + nickname);
  button.addEventListener("click", () => socket.send(JSON.stringify({t: "deploy",
                                                                      pupil: nickname})));
  const act = document.createElement("td");
  act.appendChild(button);
  tr.appendChild(act);
  rows.set(nickname, tr);
  $("pupils").appendChild(tr);
  return tr;
}

function fill(td, text, cls) {
  if (td.textContent !== text) td.textContent = text;
  td.className = cls || "";
}

function show(message) {
  message.pupils.forEach((p) => {
    const cells = row(p.nickname).children;
    const state = plain(W["state_" + p.state] || p.state);
    const criteria = p.criteria ? p.criteria.met + " / " + p.criteria.tested +
      (p.criteria.teacher ? " (+" + p.criteria.teacher + ")" : "") : "";
    fill(cells[0], p.nickname);
    fill(cells[1], plain(p.connected ? W.yes : W.no));
    if (!cells[2].firstChild || cells[2].firstChild.textContent !== p.program) {
      const link = document.createElement("a");  // the pupil's program, to help them
      link.href = "/teacher/program?pupil=" + encodeURIComponent(p.nickname);
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = p.program;
      cells[2].replaceChildren(link);
    }
    fill(cells[3], state, p.state === "error" ? "error" : "");
    fill(cells[4], criteria);
    fill(cells[5], p.state === "error" ? (p.error + " " + p.explanation).trim() : "");
  });
  $("nobody").hidden = rows.size > 0;
  $("count").textContent = "(" + rows.size + ")";
  $("radio").checked = message.radio;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  socket = new WebSocket(scheme + location.host + "/ws/teacher");
  socket.addEventListener("message", (e) => {
    const message = JSON.parse(e.data);
    if (message.t === "said") $("said").textContent = message.text;
    else show(message);
  });
  socket.addEventListener("close", () => {
    $("said").textContent = plain(W.disconnected);
    setTimeout(connect, 2000);
  });
  socket.addEventListener("open", () => { $("said").textContent = ""; });
}

document.addEventListener("DOMContentLoaded", () => {
  $("stop-all").addEventListener("click", () => {
    socket.send(JSON.stringify({t: "stop_all"}));
    $("said").textContent = plain(W.stopped_by_teacher);
  });
  $("radio").addEventListener("change", () => {
    socket.send(JSON.stringify({t: "radio", on: $("radio").checked}));
    $("said").textContent = plain($("radio").checked ? W.radio_on : W.radio_off);
  });
  connect();
});
