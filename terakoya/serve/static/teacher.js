// The teacher's page: who is connected, whose board runs or stopped with an error, and the
// class's switches. Everything comes from the server once a second over one WebSocket.
"use strict";

const W = JSON.parse(document.getElementById("words").textContent);
const $ = (id) => document.getElementById(id);
const plain = (text) => text.replace(/<rt>.*?<\/rt>/g, "").replace(/<[^>]+>/g, "");
let socket = null;

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function show(message) {
  const rows = message.pupils.map((p) => {
    const tr = document.createElement("tr");
    const state = plain(W["state_" + p.state] || p.state);
    tr.append(cell(p.nickname), cell(plain(p.connected ? W.yes : W.no)), cell(p.program),
              cell(state, p.state === "error" ? "error" : ""),
              cell(p.criteria ? p.criteria.met + " / " + p.criteria.tested +
                   (p.criteria.teacher ? " (+" + p.criteria.teacher + ")" : "") : ""),
              cell(p.state === "error" ? (p.error + " " + p.explanation).trim() : ""));
    return tr;
  });
  $("pupils").replaceChildren(...rows);
  $("nobody").hidden = rows.length > 0;
  $("count").textContent = "(" + rows.length + ")";
  $("radio").checked = message.radio;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  socket = new WebSocket(scheme + location.host + "/ws/teacher");
  socket.addEventListener("message", (e) => show(JSON.parse(e.data)));
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
