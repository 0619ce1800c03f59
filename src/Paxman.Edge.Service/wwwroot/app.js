// The nurses' touchscreen (README, "The touchscreen"): live state over Server-Sent Events (/api/events), one obvious
// next action per channel, alarms first. The server decides: every refusal's text is shown as the server wrote it.
// Plain ES module, no build step, nothing from outside the unit.

const $ = id => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...children);
  return e;
}

const svg = (tag, attrs = {}) => {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};

// ---- words a nurse reads -------------------------------------------------------------------------------------------

const PHASES = { idle: "Free", prepared: "Prepared", precool: "Pre-cool", infusion: "Infusion", postcool: "Post-cool", done: "Done" };
const INTERRUPTIONS = {
  "cap-disconnected": "Cap disconnected: reconnect it. The countdown waits.",
  "flow-loss": "No coolant flow: check the cap's hoses. The countdown waits.",
  "coolant-warm": "Coolant too warm: cooling is not working. The countdown waits.",
  "safety-stop": "Safety stop: see the alarm above. The countdown waits.",
  "stop-button": "STOP was pressed: cooling stopped.",
  "link-lost": "Chiller link lost: see the alarm above. The countdown waits.",
  "power-loss": "The unit lost power: cooling stopped.",
};
const RESUMABLE = new Set(["power-loss", "stop-button"]);
const OUTCOMES = { completed: "Completed", "finished-early": "Finished early", aborted: "Aborted" };
const ABORT_REASONS = [
  ["patient-request", "Patient's request"], ["patient-unwell", "Patient unwell"], ["infusion-cancelled", "Infusion cancelled"],
  ["device-fault", "Device fault"], ["other", "Other"],
];
const PRIORITY = { high: 0, medium: 1, low: 2 };
const TODO = {
  "stop-button": "Release STOP when it is safe, acknowledge, then resume each cap.",
  "flow-loss": "Check the cap's hoses are not kinked or disconnected.",
  "flow-restricted": "Check the cap's hoses for kinks.",
  "flow-unconfirmed": "Check the cap's hoses; call a technician.",
  "coolant-warm": "Check the cap and hoses; call a technician if it stays.",
  "reservoir-empty": "Fill the coolant reservoir, then acknowledge.",
  "cap-off-long": "Reconnect the cap, or end the session.",
  "unit-restarted": "Check each cap is still on the patient, then resume it.",
  "chill-down-timeout": "The unit is slow to get cold: call a technician.",
};

const unknown = "not available";

function clock(seconds) {
  if (seconds === null || seconds === undefined) return "";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0"), ss = String(r).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

const minutes = seconds => `${Math.round(seconds / 60)} min`;
const timeOf = iso => iso ? new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) : "";
const dayTimeOf = iso => iso ? new Date(iso).toLocaleString("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" }) : "";
const celsius = c => (c === null || c === undefined) ? unknown : `${c.toFixed(1)} °C`;

// ---- the server ----------------------------------------------------------------------------------------------------

// Every answer as {ok, status, data}; a refusal's data is the server's problem+json, whose detail is shown as is.
async function call(method, url, body) {
  try {
    const response = await fetch(url, {
      method, cache: "no-store",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    return { ok: response.ok, status: response.status, data };
  } catch {
    return { ok: false, status: 0, data: { detail: "The unit did not answer. Check the connection and try again." } };
  }
}

const refusal = answer => (answer.data && (answer.data.detail || answer.data.title)) || `The unit refused (${answer.status}).`;

// ---- state ---------------------------------------------------------------------------------------------------------

let status = null;
let regimens = null;
let screen = { name: "home", channel: null };
let soundPausedUntil = null;
const messages = { A: "", B: "" };
// After an action the shown state is stale until the next event: the channel's buttons wait for it (no double tap).
const stale = { A: false, B: false };
const chillSamples = [];

// ---- screens -------------------------------------------------------------------------------------------------------

const SCREENS = ["home", "new-session", "confirm", "details", "history", "service"];

function show(name, title, channel = null) {
  screen = { name, channel };
  for (const id of SCREENS) $(id).hidden = id !== name;
  const home = name === "home";
  $("back").hidden = home;
  $("title").textContent = title;
  $("coolant-line").hidden = !home;
  $("open-history").hidden = name === "history";
  $("open-service").hidden = name === "service";
  document.body.dataset.screen = name;
  if (home && status) render(status);
}

const goHome = () => show("home", "Scalp cooling");

// ---- home ----------------------------------------------------------------------------------------------------------

const views = {};

function channelView(letter) {
  const v = {};
  v.root = el("article", { class: "channel", id: `channel-${letter}`, "aria-label": `Cap ${letter}` });
  v.phase = el("p", { class: "phase" });
  v.root.append(el("header", {}, el("span", { class: "letter", text: letter }), v.phase));
  v.countdown = el("p", { class: "countdown", "aria-live": "off" });
  v.countdownLabel = el("p", { class: "countdown-label" });
  v.next = el("p", { class: "next", role: "status" });
  v.facts = el("p", { class: "facts" });
  v.cap = el("span", { class: "cap" });
  v.flow = el("span", { class: "flow" });
  v.facts.append(v.cap, v.flow);
  v.message = el("p", { class: "message bad", role: "alert" });
  v.primary = el("button", { type: "button", class: "primary", id: `primary-${letter}`, onclick: () => primaryAction(letter) });
  v.details = el("button", { type: "button", class: "secondary", id: `details-${letter}`, onclick: () => openDetails(letter) });
  v.abort = el("button", { type: "button", class: "danger", id: `abort-${letter}`, text: "Abort", onclick: () => openAbort(letter) });
  v.root.append(v.countdownLabel, v.countdown, v.next, v.facts, v.message, el("div", { class: "grow" }),
    el("div", { class: "actions" }, v.primary, v.details, v.abort));
  return v;
}

// What the channel needs next, and the one action that does it.
function plan(c) {
  const s = c.session;
  const awaiting = s && !s.outcome && RESUMABLE.has(c.interrupted);
  if (awaiting) {
    return { phase: PHASES[c.state], next: `${INTERRUPTIONS[c.interrupted]} Is the cap still on the patient's head?`, bad: true,
      action: "resume", label: "Resume" };
  }
  const interrupted = c.interrupted ? INTERRUPTIONS[c.interrupted] || `Cooling interrupted: ${c.interrupted}.` : null;
  switch (c.state) {
    case "idle":
      return { phase: PHASES.idle, next: c.capConnected ? "Cap connected: open a session." : "Fit and connect a cap, then open a session.",
        action: "new", label: "New session" };
    case "prepared": {
      let next = "Start pre-cool when the cap is on.";
      if (!c.capConnected) next = "Connect the cap, then start pre-cool.";
      else if (status && status.ready === false) next = "The unit is still cooling down; pre-cool can start once it is ready.";
      return { phase: PHASES.prepared, next: interrupted || next, bad: !!interrupted, action: "precool", label: "Start pre-cool" };
    }
    case "precool":
      return { phase: PHASES.precool, countdown: s && s.remainingSeconds, countdownLabel: "Pre-cool left",
        next: interrupted || (s && s.remainingSeconds === 0 ? "Pre-cool complete: the infusion may start." : "Pre-cooling. Start the infusion after the countdown."),
        bad: !!interrupted, action: "infusion-start", label: "Infusion started" };
    case "infusion":
      return { phase: PHASES.infusion, countdown: s && s.elapsedSeconds, countdownLabel: "Infusion running for",
        next: interrupted || "Cooling during the infusion. Press Infusion ended when it stops.", bad: !!interrupted,
        action: "infusion-end", label: "Infusion ended" };
    case "postcool":
      return { phase: PHASES.postcool, countdown: s && s.remainingSeconds, countdownLabel: "Post-cool left",
        next: interrupted || "Post-cooling: it ends by itself.", bad: !!interrupted, action: "finish", label: "Finish now" };
    case "done": {
      const outcome = s && s.outcome;
      return { phase: `${PHASES.done}: ${OUTCOMES[outcome] || ""}`.replace(/: $/, ""),
        next: outcome === "aborted" ? "Session aborted. Remove the cap." : "Remove the cap in 5-10 minutes.",
        action: "new", label: "New session", done: true };
    }
    default:
      return { phase: c.state, next: "", action: null, label: "" };
  }
}

function renderChannel(c) {
  const v = views[c.channel] || (views[c.channel] = channelView(c.channel));
  const p = plan(c);
  v.plan = p;
  v.phase.textContent = p.phase;
  v.countdownLabel.textContent = p.countdownLabel || "";
  v.countdownLabel.hidden = !p.countdownLabel;
  v.countdown.textContent = p.countdown === undefined ? "" : clock(p.countdown);
  v.countdown.hidden = p.countdown === undefined || p.countdown === null;
  v.next.textContent = p.next;
  v.next.className = "next" + (p.bad ? " bad" : "");
  v.root.classList.toggle("attention", !!p.bad);
  v.cap.textContent = c.capConnected === null ? `Cap: ${unknown}` : (c.capConnected ? "Cap connected" : "Cap not connected");
  v.flow.textContent = c.flowLpm === null || c.flowLpm === undefined ? "" : `Flow ${c.flowLpm.toFixed(1)} L/min`;
  v.message.textContent = messages[c.channel];
  v.message.hidden = !messages[c.channel];
  v.primary.textContent = p.label;
  v.primary.hidden = !p.action;
  v.primary.disabled = stale[c.channel];
  v.abort.disabled = stale[c.channel];
  const running = c.session && !c.session.outcome;
  v.abort.hidden = !running;
  v.details.hidden = !c.session;
  v.details.textContent = p.done ? "Summary" : "Graph";
  return v.root;
}

function renderHome(s) {
  const home = $("home");
  const roots = s.channels.map(renderChannel);
  if (home.children.length !== roots.length) home.replaceChildren(...roots);
}

async function act(letter, action, body) {
  messages[letter] = "";
  stale[letter] = true;
  if (status) render(status);
  const answer = await call("POST", `/api/channels/${letter}/session/${action}`, body);
  if (!answer.ok) { messages[letter] = refusal(answer); stale[letter] = false; }
  if (status) render(status);
  return answer;
}

function channelOf(letter) {
  return status && status.channels.find(c => c.channel === letter);
}

function primaryAction(letter) {
  const c = channelOf(letter);
  const p = views[letter] && views[letter].plan;
  if (!c || !p) return;
  switch (p.action) {
    case "new": return openNewSession(letter);
    case "resume":
      return confirm(letter, {
        title: `Cap ${letter}: resume`,
        question: "Is the cap still on the patient's head? If not, go back and refit it, or abort the session.",
        yes: "Yes, resume cooling", run: () => call("POST", `/api/channels/${letter}/session/resume`),
      });
    case "infusion-start":
      if (c.session && c.session.remainingSeconds > 0) {
        return confirm(letter, {
          title: `Cap ${letter}: pre-cool not finished`,
          question: `Pre-cool has ${clock(c.session.remainingSeconds)} left. Starting the infusion now records a shorter pre-cool. Start the infusion now?`,
          yes: "Infusion started", run: () => call("POST", `/api/channels/${letter}/session/infusion-start`),
        });
      }
      return act(letter, "infusion-start");
    case "finish":
      return confirm(letter, {
        title: `Cap ${letter}: finish now`,
        question: `Post-cool has ${clock(c.session && c.session.remainingSeconds)} left. End the post-cool now?`,
        yes: "Finish now", run: () => call("POST", `/api/channels/${letter}/session/finish`),
      });
    default: return act(letter, p.action);
  }
}

// ---- questions: a confirmation, or a reason from a fixed list and a confirmation ---------------------------------

let pending = null;

function confirm(letter, { title, question, yes, reasons, run, destructive = false }) {
  pending = { run, reasons, chosen: null };
  $("confirm-yes").classList.toggle("destructive", destructive);
  $("confirm-question").textContent = question;
  $("confirm-yes").textContent = yes;
  $("confirm-message").textContent = "";
  const box = $("confirm-reasons");
  box.hidden = !reasons;
  box.replaceChildren(...(reasons || []).map(([value, label]) => el("button", {
    type: "button", role: "radio", "aria-checked": "false", "data-reason": value, text: label,
    onclick: e => {
      pending.chosen = value;
      for (const b of box.children) b.setAttribute("aria-checked", String(b === e.currentTarget));
    },
  })));
  show("confirm", title, letter);
}

$("confirm-no").addEventListener("click", goHome);
$("confirm-yes").addEventListener("click", async () => {
  if (!pending) return;
  if (pending.reasons && !pending.chosen) {
    $("confirm-message").textContent = "Choose a reason first.";
    return;
  }
  const button = $("confirm-yes");
  button.disabled = true;
  const answer = await pending.run(pending.chosen);
  button.disabled = false;
  if (answer.ok) {
    if (screen.channel) { messages[screen.channel] = ""; stale[screen.channel] = true; }
    goHome();
  } else {
    $("confirm-message").textContent = refusal(answer);
  }
});

function openAbort(letter) {
  confirm(letter, {
    title: `Cap ${letter}: abort the session`,
    question: "Why is the session being aborted? The record is kept and sent to billing.",
    yes: "Abort session", reasons: ABORT_REASONS, destructive: true,
    run: reason => call("POST", `/api/channels/${letter}/session/abort`, { reason }),
  });
}

// ---- new session ---------------------------------------------------------------------------------------------------

function regimenDefaults() {
  const r = regimens && regimens.regimens.find(x => x.name === $("ns-regimen").value);
  if (!r) return null;
  const extra = $("ns-thick").checked ? regimens.thickHairExtraPreCoolMinutes : 0;
  return { pre: r.preCoolMinutes + extra, post: r.postCoolMinutes, base: r };
}

function resetTimes() {
  const d = regimenDefaults();
  if (!d) return;
  $("ns-precool").value = d.pre;
  $("ns-postcool").value = d.post;
  $("ns-defaults").textContent = `Regimen ${d.base.name}: pre-cool ${d.base.preCoolMinutes} min` +
    (regimens.thickHairExtraPreCoolMinutes ? ` (+${regimens.thickHairExtraPreCoolMinutes} with thick hair)` : "") +
    `, post-cool ${d.base.postCoolMinutes} min.`;
  overrideShown();
}

function overrideShown() {
  const d = regimenDefaults();
  const differs = d && (Number($("ns-precool").value) !== d.pre || Number($("ns-postcool").value) !== d.post);
  $("ns-reason-label").hidden = !differs;
  return differs;
}

async function loadRegimens() {
  if (regimens) return true;
  const answer = await call("GET", "/api/regimens");
  if (!answer.ok) return false;
  regimens = answer.data;
  $("ns-regimen").replaceChildren(...regimens.regimens.map(r =>
    el("option", { value: r.name, text: `${r.name} (${r.preCoolMinutes} / ${r.postCoolMinutes} min)` })));
  return true;
}

async function openNewSession(letter) {
  if (!await loadRegimens()) {
    messages[letter] = "The unit did not send its regimens. Try again.";
    return;
  }
  const form = $("new-session-form");
  form.reset();
  form.dataset.channel = letter;
  $("ns-message").textContent = "";
  resetTimes();
  show("new-session", `Cap ${letter}: new session`, letter);
  $("ns-patient").focus();
}

$("ns-regimen").addEventListener("change", resetTimes);
$("ns-thick").addEventListener("change", resetTimes);
$("ns-precool").addEventListener("input", overrideShown);
$("ns-postcool").addEventListener("input", overrideShown);
$("ns-cancel").addEventListener("click", goHome);
// A barcode scanner types the wristband's number and Enter: go on to the operator, do not submit yet.
$("ns-patient").addEventListener("keydown", e => {
  if (e.key === "Enter") { e.preventDefault(); $("ns-operator").focus(); }
});

function wholeMinutes(id, min, max, what) {
  const text = $(id).value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) return { problem: `${what} must be a whole number of minutes from ${min} to ${max}.` };
  return { value: n };
}

$("new-session-form").addEventListener("submit", async e => {
  e.preventDefault();
  const letter = e.currentTarget.dataset.channel;
  const say = text => { $("ns-message").textContent = text; };
  const patientRef = $("ns-patient").value.trim();
  const operatorId = $("ns-operator").value.trim();
  if (!patientRef) return say("Enter or scan the patient reference.");
  if (!operatorId) return say("Enter your operator id.");
  const pre = wholeMinutes("ns-precool", regimens.minPreCoolMinutes, regimens.maxPreCoolMinutes, "Pre-cool");
  if (pre.problem) return say(pre.problem);
  const post = wholeMinutes("ns-postcool", regimens.minPostCoolMinutes, regimens.maxPostCoolMinutes, "Post-cool");
  if (post.problem) return say(post.problem);
  const body = { patientRef, operatorId, regimen: $("ns-regimen").value, thickHair: $("ns-thick").checked, initialFitting: $("ns-initial").checked };
  const d = regimenDefaults();
  if (overrideShown()) {
    if (!$("ns-reason").value) return say("The times differ from the regimen's: choose the reason.");
    body.preCoolMinutes = pre.value;
    body.postCoolMinutes = post.value;
    body.overrideReason = $("ns-reason").value;
  }
  const button = $("ns-open");
  button.disabled = true;
  const answer = await call("POST", `/api/channels/${letter}/sessions`, body);
  button.disabled = false;
  if (!answer.ok) return say(refusal(answer));
  messages[letter] = "";
  stale[letter] = true;
  goHome();
});

// ---- details: the temperature graph and the summary ---------------------------------------------------------------

let detailsTimer = null;

async function openDetails(letter) {
  const c = channelOf(letter);
  show("details", `Cap ${letter}: ${c && c.session && c.session.outcome ? "summary" : "temperature graph"}`, letter);
  $("summary").replaceChildren();
  await refreshDetails();
}

async function refreshDetails() {
  clearTimeout(detailsTimer);
  if (screen.name !== "details") return;
  const letter = screen.channel;
  const c = channelOf(letter);
  const trend = await call("GET", `/api/channels/${letter}/trend`);
  if (screen.name !== "details" || screen.channel !== letter) return;
  if (trend.ok) drawTrend(trend.data.samples, status && status.coolant ? status.coolant.setpointC : null);
  if (c && c.session) {
    const record = await call("GET", `/api/sessions/${encodeURIComponent(c.session.sessionId)}`);
    if (record.ok && screen.name === "details" && screen.channel === letter) renderSummary(record.data.record, record.data.delivered);
  }
  detailsTimer = setTimeout(refreshDetails, 2000);
}

function drawTrend(samples, setpoint) {
  const box = $("trend");
  // Drawn in the plot's own pixels, so the labels keep their shape at either resolution.
  const W = Math.max(200, box.clientWidth), H = Math.max(120, box.clientHeight), left = 60, right = 12, top = 12, bottom = 30;
  box.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const values = samples.map(s => s.supplyC).filter(v => v !== null);
  if (setpoint !== null && setpoint !== undefined) values.push(setpoint);
  let lo = Math.min(...values, -6), hi = Math.max(...values, 0);
  lo = Math.floor(lo); hi = Math.ceil(hi);
  const t0 = samples.length ? Date.parse(samples[0].at) : 0;
  const t1 = samples.length > 1 ? Date.parse(samples[samples.length - 1].at) : t0 + 600000;
  const x = t => left + ((t - t0) / Math.max(1, t1 - t0)) * (W - left - right);
  const y = c => top + ((hi - c) / Math.max(1, hi - lo)) * (H - top - bottom);
  const parts = [];
  // Interruptions shaded: cooled time the unit did not count and billing does not see.
  for (let i = 0; i < samples.length; i++) {
    if (!samples[i].interrupted) continue;
    const start = Date.parse(samples[i].at);
    const end = i + 1 < samples.length ? Date.parse(samples[i + 1].at) : start + 10000;
    parts.push(svg("rect", { class: "gap", x: x(start), y: top, width: Math.max(2, x(end) - x(start)), height: H - top - bottom }));
  }
  parts.push(svg("line", { class: "axis", x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }));
  parts.push(svg("line", { class: "axis", x1: left, y1: top, x2: left, y2: H - bottom }));
  for (const c of [hi, Math.round((hi + lo) / 2), lo]) {
    const label = svg("text", { x: 4, y: y(c) + 6 });
    label.textContent = `${c} °C`;
    parts.push(label);
  }
  if (samples.length) {
    for (const [t, anchor] of [[t0, "start"], [t1, "end"]]) {
      const label = svg("text", { x: x(t), y: H - 6, "text-anchor": anchor });
      label.textContent = timeOf(new Date(t).toISOString());
      parts.push(label);
    }
  }
  if (setpoint !== null && setpoint !== undefined) {
    parts.push(svg("line", { class: "setpoint", x1: left, y1: y(setpoint), x2: W - right, y2: y(setpoint) }));
  }
  const points = samples.filter(s => s.supplyC !== null).map(s => `${x(Date.parse(s.at)).toFixed(1)},${y(s.supplyC).toFixed(1)}`);
  if (points.length) parts.push(svg("polyline", { class: "supply", points: points.join(" ") }));
  box.replaceChildren(...parts);
  const gaps = samples.filter(s => s.interrupted).length;
  $("trend-caption").textContent = samples.length
    ? `Coolant supply (blue) against the setpoint${setpoint !== null && setpoint !== undefined ? ` ${setpoint.toFixed(1)} °C (green, dashed)` : ""}; ` +
      (gaps ? `interruptions shaded red (${minutes(gaps * 10)}, not billed).` : "no interruption.")
    : "No samples yet: the graph starts with the session.";
}

function renderSummary(r, delivered) {
  const rows = [el("h2", { text: r.outcome ? `${OUTCOMES[r.outcome] || r.outcome}${r.abortReason ? ` (${r.abortReason})` : ""}` : "Running" })];
  rows.push(el("p", { text: `${r.regimen}, started ${timeOf(r.startedAt)}${r.endedAt ? `, ended ${timeOf(r.endedAt)}` : ""}` }));
  rows.push(el("ul", { class: "phases" }, ...r.phases.map(p => el("li", {
    text: `${PHASES[p.phase] || p.phase}: ${minutes(p.seconds)}${p.interruptedSeconds ? `, ${minutes(p.interruptedSeconds)} interrupted` : ""}`,
  }))));
  rows.push(el("p", { class: "interruptions", text: r.interruptions.length
    ? `Interruptions: ${r.interruptions.map(i => `${i.cause} ${minutes(i.seconds)}`).join(", ")}` : "No interruption." }));
  rows.push(el("p", { class: "billing", text: r.billing.length
    ? `Billing: ${r.billing.map(b => `${b.code} × ${b.units}`).join(", ")}` : "Billing: nothing billable." }));
  if (r.outcome) rows.push(el("p", { class: "delivered", text: delivered ? "Record sent to billing." : "Record not sent yet: the unit keeps it and retries." }));
  $("summary").replaceChildren(...rows);
}

// ---- history -------------------------------------------------------------------------------------------------------

async function openHistory() {
  show("history", "History");
  // As many rows as fit under the alarms at this resolution: the page never scrolls.
  const limit = Math.max(1, Math.floor(($("history").clientHeight - 80) / 34));
  const answer = await call("GET", `/api/sessions?limit=${limit}`);
  const body = $("history-rows");
  if (!answer.ok) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: "6", text: refusal(answer) })));
    return;
  }
  const sessions = answer.data.sessions;
  body.replaceChildren(...(sessions.length ? sessions.map(s => el("tr", {},
    el("td", { text: s.channel }), el("td", { text: dayTimeOf(s.startedAt) }), el("td", { text: s.regimen }),
    el("td", { text: s.running ? `Running (${PHASES[s.phase] || s.phase})` : (OUTCOMES[s.outcome] || s.outcome) }),
    el("td", { text: s.billing.map(b => `${b.code}×${b.units}`).join(" ") || "none" }),
    el("td", { text: s.running ? "" : (s.delivered ? "yes" : "not yet") }))) : [el("tr", {}, el("td", { colspan: "6", text: "No session yet." }))]));
}

// ---- service mode --------------------------------------------------------------------------------------------------

function openService() {
  $("pin").value = "";
  $("pin-message").textContent = "";
  show("service", "Service mode");
  renderService();
}

function renderService() {
  const on = status && status.serviceMode && status.serviceMode.on;
  $("pin-form").hidden = !!on;
  $("service-panel").hidden = !on;
  if (!on || !status) return;
  const s = status;
  const facts = [
    ["Unit", s.unitId], ["Version", s.version], ["Hardware", s.simulated ? "Simulated" : "Real"],
    ["Chiller link", s.mcuLinked === null ? unknown : (s.mcuLinked ? "linked" : "LOST")],
    ["Broker", s.broker.connected ? "connected" : "NOT connected"],
    ["Records waiting", `${s.broker.backlog}${s.broker.oldestUndeliveredAt ? `, oldest ended ${dayTimeOf(s.broker.oldestUndeliveredAt)}` : ""}`],
    ["Compressor", s.compressorPercent === null ? unknown : `${Math.round(s.compressorPercent)} %`],
    ["Coolant", `supply ${celsius(s.coolant && s.coolant.supplyC)}, return ${celsius(s.coolant && s.coolant.returnC)}`],
    ["Engine", `${s.engine.ticks} ticks, ${s.engine.lateTicks} late`],
    ["Open alarms", (s.alarms || []).map(a => `${a.code} (${a.state})`).join(", ") || "none"],
  ];
  $("service-facts").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
  $("service-until").textContent = `Diagnostics may be changed over MQTT until ${timeOf(s.serviceMode.until)}.`;
  loadAlarmHistory(facts);
}

// The alarm history (GET /api/alarms/history, newest first): the last three changes, on one line of the facts.
async function loadAlarmHistory(facts) {
  const answer = await call("GET", "/api/alarms/history?limit=3");
  const text = !answer.ok ? refusal(answer)
    : answer.data.alarms.map(a => `${dayTimeOf(a.at)} ${a.code} ${a.state}${a.channel ? ` (${a.channel})` : ""}`).join("; ") || "none";
  if ($("service-panel").hidden) return;
  const all = [...facts, ["Alarm history", text]];
  $("service-facts").replaceChildren(...all.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]));
}

$("pin-form").addEventListener("submit", async e => {
  e.preventDefault();
  const pin = $("pin").value;
  if (!pin) { $("pin-message").textContent = "Enter the technician PIN."; return; }
  const answer = await call("POST", "/api/service-mode", { pin });
  $("pin").value = "";
  if (!answer.ok) { $("pin-message").textContent = refusal(answer); return; }
  if (status) status.serviceMode = answer.data;
  renderService();
});

$("service-end").addEventListener("click", async () => {
  const answer = await call("POST", "/api/service-mode", { on: false });
  if (answer.ok && status) status.serviceMode = answer.data;
  renderService();
});

$("open-history").addEventListener("click", openHistory);
$("open-service").addEventListener("click", openService);
$("back").addEventListener("click", goHome);

// ---- alarms --------------------------------------------------------------------------------------------------------

let alarmsKey = "";

function renderAlarms(s) {
  const alarms = (s.alarms || []).slice().sort((a, b) => PRIORITY[a.priority] - PRIORITY[b.priority] || a.at.localeCompare(b.at));
  const now = Date.parse(s.at);
  const paused = soundPausedUntil && Date.parse(soundPausedUntil) > now;
  if (!paused) soundPausedUntil = null;
  const key = JSON.stringify([alarms.map(a => [a.alarmId, a.state, a.conditionEnded]), paused ? soundPausedUntil : null]);
  if (key === alarmsKey) return;
  alarmsKey = key;
  // At most two rows: the banner's height is bounded so the channels always fit below it.
  const shown = alarms.slice(0, 2);
  const rows = shown.map((a, i) => {
    const where = a.channel ? `Cap ${a.channel}: ` : "";
    const what = el("p", { class: "what" },
      el("strong", { text: `${a.priority.toUpperCase()} PRIORITY${a.state === "acknowledged" ? " (acknowledged)" : ""}: ${where}${a.message}` }),
      el("span", { text: TODO[a.code] || "" }));
    const row = el("div", { class: `alarm ${a.priority}${a.state === "acknowledged" ? " acknowledged" : ""}`, id: `alarm-${a.code}${a.channel ? "-" + a.channel : ""}`, role: a.priority === "high" ? "alert" : "status" }, what);
    if (i === 1 && alarms.length > 2) what.append(el("span", { text: `and ${alarms.length - 2} more alarm${alarms.length > 3 ? "s" : ""}` }));
    if (a.state === "raised" || a.conditionEnded) {
      row.append(el("button", { type: "button", class: "ack", "data-alarm": a.alarmId, text: a.conditionEnded ? "Reset" : "Acknowledge",
        onclick: () => acknowledge(a.alarmId) }));
    }
    if (i === 0) {
      if (paused) row.append(el("p", { class: "sound", id: "sound-paused", text: `Sound paused until ${new Date(soundPausedUntil).toLocaleTimeString("en-GB")}` }));
      else row.append(el("button", { type: "button", id: "pause-sound", text: "Pause sound 2 min", onclick: pauseSound }));
    }
    return row;
  });
  $("alarms").replaceChildren(...rows);
}

async function acknowledge(alarmId) {
  const answer = await call("POST", `/api/alarms/${encodeURIComponent(alarmId)}/ack`);
  if (!answer.ok) showAlarmProblem(refusal(answer));
}

async function pauseSound() {
  const answer = await call("POST", "/api/alarms/audio-pause");
  if (!answer.ok) return showAlarmProblem(refusal(answer));
  soundPausedUntil = answer.data.audioPausedUntil;
  alarmsKey = "";
  if (status) renderAlarms(status);
}

function showAlarmProblem(text) {
  const first = $("alarms").firstElementChild;
  if (first) first.querySelector(".what span").textContent = text;
}

// ---- the bar: readiness, coolant and the chill-down estimate ------------------------------------------------------

function chillEstimate(s) {
  const c = s.coolant;
  if (!c || c.supplyC === null || c.setpointC === null) return "";
  const t = Date.parse(s.at);
  chillSamples.push({ t, c: c.supplyC });
  while (chillSamples.length && t - chillSamples[0].t > 120000) chillSamples.shift();
  if (s.ready !== false) return "";
  const first = chillSamples[0];
  if (!first || t - first.t < 30000) return "estimating the time to ready…";
  const rate = (first.c - c.supplyC) / ((t - first.t) / 1000);
  const left = c.supplyC - (c.setpointC + 0.3);
  if (rate <= 0.0005) return "not cooling yet";
  return `ready in about ${Math.max(1, Math.round(left / rate / 60))} min`;
}

function renderBar(s) {
  const ready = $("ready");
  ready.textContent = s.ready === null ? `Coolant ${unknown}` : (s.ready ? "Ready" : "Cooling down");
  ready.className = s.ready ? "ok-text" : "warn-text";
  const c = s.coolant;
  $("coolant").textContent = c && c.supplyC !== null
    ? `${celsius(c.supplyC)}${c.setpointC !== null ? ` (set ${celsius(c.setpointC)})` : ""}` : "";
  $("chill-estimate").textContent = chillEstimate(s);
  $("unit-id").textContent = s.unitId;
  // Short: the release only. The full version with its commit is in service mode.
  $("version").textContent = `v${String(s.version).split("+")[0]}`;
  $("simulated").hidden = !s.simulated;
}

function render(s) {
  renderBar(s);
  renderAlarms(s);
  renderHome(s);
  if (screen.name === "service") renderService();
}

// ---- live updates: /api/events, reconnecting by itself ------------------------------------------------------------

// The unit sends a status at least every 250 ms while it runs; silence for longer than this means it has stopped.
const SILENCE_MS = 2000;
let source = null;
let lastEvent = 0;

function connect() {
  if (source) source.close();
  source = new EventSource("/api/events");
  source.addEventListener("status", e => {
    lastEvent = Date.now();
    $("connection-lost").hidden = true;
    status = JSON.parse(e.data);
    stale.A = stale.B = false;
    render(status);
  });
  source.onerror = () => {
    // The browser retries by itself while it can; once it gives up (CLOSED), start again shortly.
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
  };
}

setInterval(() => {
  if (Date.now() - lastEvent > SILENCE_MS) {
    $("connection-lost").hidden = false;
    if (Date.now() - lastEvent > SILENCE_MS * 3 && source && source.readyState !== EventSource.CONNECTING) {
      lastEvent = Date.now() - SILENCE_MS - 1;
      connect();
    }
  }
}, 250);

lastEvent = Date.now();
goHome();
connect();
