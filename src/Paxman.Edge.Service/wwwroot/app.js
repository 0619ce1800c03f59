// The touchscreen's first page: polls the unit's state once a second and shows it.
"use strict";

const text = (id, value, cls) => {
  const el = document.getElementById(id);
  el.textContent = value;
  if (cls !== undefined) el.className = cls;
};

// A null field has no source yet on this unit: say so plainly rather than guess.
const unknown = "Not available";

function render(s) {
  text("unit-id", s.unitId);
  text("version", s.version);
  document.getElementById("simulated").hidden = !s.simulated;
  text("broker", s.broker.connected ? "Connected" : "Not connected", s.broker.connected ? "ok" : "warn");
  text("ready", s.ready === null ? unknown : (s.ready ? "Ready" : "Cooling down"), s.ready === null ? "muted" : (s.ready ? "ok" : "warn"));
  text("mcu", s.mcuLinked === null ? unknown : (s.mcuLinked ? "Linked" : "Lost"), s.mcuLinked === null ? "muted" : (s.mcuLinked ? "ok" : "bad"));
  text("coolant", s.coolant && s.coolant.supplyC !== null
    ? s.coolant.supplyC.toFixed(1) + " °C" + (s.coolant.setpointC !== null ? " (set " + s.coolant.setpointC.toFixed(1) + " °C)" : "")
    : unknown, "muted");

  // Alarms first, highest priority first: what a nurse must see from across the room.
  const order = { high: 0, medium: 1, low: 2 };
  const alarms = (s.alarms || []).slice().sort((a, b) => order[a.priority] - order[b.priority]);
  document.getElementById("alarms").replaceChildren(...alarms.map(a => {
    const div = document.createElement("div");
    div.className = "alarm " + a.priority + (a.state === "acknowledged" ? " acknowledged" : "");
    div.id = "alarm-" + a.code + (a.channel ? "-" + a.channel : "");
    const h = document.createElement("h2");
    h.textContent = (a.channel ? "Cap " + a.channel + ": " : "") + a.message;
    const p = document.createElement("p");
    p.textContent = a.priority + " priority, " + a.state + " since " + new Date(a.at).toLocaleTimeString();
    div.append(h, p);
    return div;
  }));

  const channels = document.getElementById("channels");
  channels.replaceChildren(...s.channels.map(c => {
    const div = document.createElement("div");
    div.className = "channel";
    div.id = "channel-" + c.channel;
    const h = document.createElement("h2");
    h.textContent = "Cap " + c.channel;
    const p = document.createElement("p");
    p.textContent = c.state;
    const cap = document.createElement("p");
    cap.className = "cap";
    cap.textContent = c.capConnected === null ? "Cap: " + unknown
      : (c.capConnected ? "Cap connected" + (c.flowLpm !== null ? ", flow " + c.flowLpm.toFixed(1) + " L/min" : "") : "Cap not connected");
    div.append(h, p, cap);
    if (c.interrupted) {
      const i = document.createElement("p");
      i.className = "interrupted bad";
      i.textContent = "Cooling interrupted: " + c.interrupted;
      div.append(i);
    }
    return div;
  }));
}

async function poll() {
  try {
    const response = await fetch("/api/status", { cache: "no-store" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    render(await response.json());
    text("connection", "Live", "ok");
  } catch (e) {
    text("connection", "The unit is not answering. Check that it is switched on.", "bad");
  } finally {
    setTimeout(poll, 1000);
  }
}

poll();
