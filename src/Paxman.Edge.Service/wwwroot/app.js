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

  const channels = document.getElementById("channels");
  channels.replaceChildren(...s.channels.map(c => {
    const div = document.createElement("div");
    div.className = "channel";
    div.id = "channel-" + c.channel;
    const h = document.createElement("h2");
    h.textContent = "Cap " + c.channel;
    const p = document.createElement("p");
    p.textContent = c.state;
    div.append(h, p);
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
