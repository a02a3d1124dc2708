// The admin upload form: talks to the API v2 as the logged-in staff member (the session cookie, sent by
// the browser, and the page's CSRF token in a header; the page never holds an API token).
"use strict";

const root = document.getElementById("uploader");
const API = root.dataset.api;
const AUTH = { "X-CSRF-Token": root.dataset.csrf };
const $ = (id) => document.getElementById(id);

async function api(path, options = {}) {
  const response = await fetch(API + path, {
    ...options, credentials: "same-origin", headers: { ...AUTH, ...(options.headers || {}) },
  });
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error((body && body.detail) || response.statusText);
  return body;
}

function postJSON(path, data) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });
}

function option(value, text) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = text;
  return element;
}

const projectsById = new Map();

async function loadProjects() {
  const projects = await api("projects/");
  for (const project of projects) projectsById.set(String(project.id), project);
  $("project").replaceChildren(...projects.map((p) => option(p.id, `${p.name} (#${p.id})`)));
  if (projects.length) await selectProject();
}

async function selectProject() {
  const projectId = $("project").value;
  const project = projectsById.get(projectId);
  const [sessions, uiconfig, speakers, assets] = await Promise.all([
    api(`sessions/?project_id=${projectId}`),
    api(`projects/${projectId}/uiconfig/`),
    api(`speakers/?project_id=${projectId}`),
    api(`assets/?project_id=${projectId}&paginate=true&page_size=2000`),
  ]);
  $("session").replaceChildren(option("new", "A new session for these uploads"),
    ...sessions.slice(-50).reverse().map((s) => option(s.id, `#${s.id} · ${s.client_type || ""} · ${s.starttime}`)));
  renderTags(uiconfig.speak);
  drawMap(speakers, assets.results, project);
}

function renderTags(groups) {
  const container = $("tags");
  if (!groups.length) {
    container.innerHTML = '<p class="hint">This project has no speak questions.</p>';
    return;
  }
  container.replaceChildren(...groups.map((group, index) => {
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = group.header_display_text || group.group_short_name;
    fieldset.append(legend);
    const seen = new Set();
    for (const item of group.display_items) {
      if (seen.has(item.tag_id)) continue;
      seen.add(item.tag_id);
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = group.select === "single" ? "radio" : "checkbox";
      input.name = `group-${index}`;
      input.value = item.tag_id;
      input.className = "tag";
      label.append(input, " ", item.tag_display_text || `tag ${item.tag_id}`);
      fieldset.append(label);
    }
    return fieldset;
  }));
}

// Equirectangular projection of the project's area onto the SVG.
let frame = null;

function drawMap(speakers, assets, project) {
  const svg = $("map");
  const points = [];
  for (const zone of [...speakers, ...assets]) {
    for (const polygon of (zone.shape && zone.shape.coordinates) || []) {
      for (const [lon, lat] of polygon[0]) points.push([lon, lat]);
    }
  }
  for (const asset of assets) if (asset.latitude != null) points.push([asset.longitude, asset.latitude]);
  if (project) points.push([project.longitude, project.latitude]);
  if (!points.length) points.push([0, 0]);
  let minLon = Math.min(...points.map((p) => p[0])), maxLon = Math.max(...points.map((p) => p[0]));
  let minLat = Math.min(...points.map((p) => p[1])), maxLat = Math.max(...points.map((p) => p[1]));
  const pad = Math.max(maxLon - minLon, maxLat - minLat, 0.002) * 0.1;
  minLon -= pad; maxLon += pad; minLat -= pad; maxLat += pad;
  const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
  const scale = Math.min(600 / ((maxLon - minLon) * kx), 360 / (maxLat - minLat));
  frame = { minLon, maxLat, kx, scale };
  const project2 = ([lon, lat]) => [(lon - minLon) * kx * scale, (maxLat - lat) * scale];
  const shapes = [];
  for (const speaker of speakers) {
    for (const polygon of (speaker.shape && speaker.shape.coordinates) || []) {
      const d = polygon.map((ring) => "M" + ring.map((p) => project2(p).join(",")).join("L") + "Z").join(" ");
      shapes.push(svgElement("path", { class: "speaker", d }, `speaker ${speaker.code}`));
    }
  }
  // An asset with a shape is heard inside it rather than around its point.
  for (const asset of assets) {
    for (const polygon of (asset.shape && asset.shape.coordinates) || []) {
      const d = polygon.map((ring) => "M" + ring.map((p) => project2(p).join(",")).join("L") + "Z").join(" ");
      shapes.push(svgElement("path", { class: "asset-shape", d }, `asset ${asset.id} shape`));
    }
  }
  for (const asset of assets) {
    if (asset.latitude == null) continue;
    const [x, y] = project2([asset.longitude, asset.latitude]);
    shapes.push(svgElement("circle", { class: "asset", cx: x, cy: y, r: 3 }, `asset ${asset.id}`));
  }
  shapes.push(svgElement("circle", { id: "pick", class: "pick", r: 6, cx: -20, cy: -20 }));
  svg.replaceChildren(...shapes);
}

// Built with the DOM API, so names from the database are never parsed as markup.
function svgElement(name, attributes, title) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (title) {
    const tooltip = document.createElementNS("http://www.w3.org/2000/svg", "title");
    tooltip.textContent = title;
    element.append(tooltip);
  }
  return element;
}

$("map").addEventListener("click", (event) => {
  if (!frame) return;
  const svg = $("map");
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  const local = point.matrixTransform(svg.getScreenCTM().inverse());
  const lon = frame.minLon + local.x / (frame.kx * frame.scale);
  const lat = frame.maxLat - local.y / frame.scale;
  $("latitude").value = lat.toFixed(6);
  $("longitude").value = lon.toFixed(6);
  $("pick").setAttribute("cx", local.x);
  $("pick").setAttribute("cy", local.y);
});

function sendFile(envelopeId, fields, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) if (value !== "") form.append(key, value);
    form.append("file", file, file.name);
    const request = new XMLHttpRequest();
    request.open("PATCH", `${API}envelopes/${envelopeId}/`);
    request.setRequestHeader("X-CSRF-Token", AUTH["X-CSRF-Token"]);
    request.upload.onprogress = (event) => onProgress(event.loaded);
    request.onload = () => {
      let body = {};
      try {
        body = JSON.parse(request.responseText || "{}");
      } catch (error) {
        // A proxy's HTML error page (413, 502...) is not JSON.
      }
      if (request.status === 200) resolve(body);
      else reject(new Error(body.detail || `${request.status} ${request.statusText}`));
    };
    request.onerror = () => reject(new Error("network error"));
    request.send(form);
  });
}

async function showResult(asset, file) {
  const item = document.createElement("li");
  item.className = "result";
  item.dataset.assetId = asset.id;
  item.textContent = `Asset #${asset.id} (${file.name}) `;
  $("results").append(item);
  // An audio upload is served from its original until its MP3 is written; then `file` names the MP3.
  const converted = (a) => a.media_type !== "audio" || (a.filename && a.file && a.file.endsWith(`/${a.filename}`));
  for (let attempt = 0; attempt < 240 && !converted(asset); attempt++) {
    await new Promise((r) => setTimeout(r, 500));
    asset = await api(`assets/${asset.id}/`);
  }
  if (!converted(asset)) {
    item.append("was stored but is not converted yet (or could not be converted); check it later.");
    return;
  }
  if (asset.media_type === "audio") {
    const audio = document.createElement("audio");
    audio.controls = true;
    audio.preload = "metadata";
    audio.src = asset.file;
    item.append(`${asset.audio_length_in_seconds} s `, audio);
  } else if (asset.media_type === "photo") {
    const image = document.createElement("img");
    image.src = asset.file;
    image.alt = file.name;
    image.width = 200;
    item.append(image);
  } else {
    const link = document.createElement("a");
    link.href = asset.file;
    link.textContent = "open";
    item.append(link);
  }
  item.classList.add("ready");
}

$("upload").addEventListener("click", async () => {
  const files = [...$("files").files];
  if (!files.length) {
    $("status").textContent = "Choose one or more files first.";
    return;
  }
  const projectId = Number($("project").value);
  const progress = $("progress");
  const total = files.reduce((sum, f) => sum + f.size, 0) || 1;
  let done = 0;
  progress.hidden = false;
  progress.value = 0;
  $("upload").disabled = true;
  try {
    let sessionId = $("session").value;
    if (sessionId === "new") {
      sessionId = (await postJSON("sessions/", { project_id: projectId, client_type: "rwflask-admin" })).id;
    }
    const envelope = await postJSON("envelopes/", { session_id: Number(sessionId) });
    const fields = {
      session_id: sessionId,
      latitude: $("latitude").value,
      longitude: $("longitude").value,
      media_type: $("media_type").value,
      description: $("description").value,
      tag_ids: [...document.querySelectorAll("input.tag:checked")].map((i) => i.value).join(","),
    };
    const pending = [];
    for (const file of files) {
      $("status").textContent = `Uploading ${file.name}…`;
      const asset = await sendFile(envelope.id, fields, file, (loaded) => {
        progress.value = Math.round(((done + loaded) / total) * 100);
      });
      done += file.size;
      progress.value = Math.round((done / total) * 100);
      pending.push(showResult(asset, file));
    }
    $("status").textContent = `Uploaded ${files.length} file(s) into envelope #${envelope.id}; processing…`;
    await Promise.all(pending);
    $("status").textContent = `Done: ${files.length} file(s) in envelope #${envelope.id}.`;
  } catch (error) {
    $("status").textContent = "Upload failed: " + error.message;
  } finally {
    $("upload").disabled = false;
  }
});

$("project").addEventListener("change", () => selectProject().catch((e) => { $("status").textContent = e.message; }));
loadProjects().catch((e) => { $("status").textContent = e.message; });
