// The providers' console: plain DOM, no framework, no outside resources. Every text a user reads is in TEXTS; API
// problems are shown with the detail the API wrote in the chosen language (Accept-Language).
"use strict";

const TEXTS = {
  ru: {
    "title": "Консоль провайдера НМО", "skip": "К содержимому", "signout": "Выйти", "lang.other": "English",
    "signin.h": "Вход", "signin.key": "Ключ провайдера", "signin.go": "Войти",
    "signin.hint": "Ключ хранится только в этой вкладке и удаляется при её закрытии.",
    "signin.empty": "Введите ключ провайдера.", "signin.refused": "Ключ не принят: ",
    "events.h": "Мероприятия", "events.new": "Новое мероприятие", "events.caption": "Ваши мероприятия", "events.empty": "Мероприятий пока нет.",
    "more": "Показать ещё", "open": "Открыть", "cancel": "Отмена",
    "col.id": "Код", "col.title": "Название", "col.dates": "Даты", "col.credits": "ЗЕТ", "col.actions": "Действия",
    "col.line": "Строка", "col.column": "Столбец", "col.reason": "Причина", "col.received": "Получена", "col.status": "Статус",
    "col.rows": "Строк", "col.issued": "Кодов", "col.emailed": "Писем", "col.name": "ФИО", "col.email": "Почта", "col.code": "Код",
    "col.certificate": "Свидетельство",
    "form.h.new": "Новое мероприятие", "form.h.edit": "Изменение мероприятия", "form.id": "Код мероприятия (латиница, цифры, . _ -)",
    "form.title": "Название", "form.kind": "Вид", "form.start": "Начало", "form.end": "Окончание", "form.place": "Место",
    "form.credits": "ЗЕТ (баллы)", "form.min": "Минимум присутствия, мин", "form.save": "Сохранить",
    "form.id.invalid": "Код мероприятия: латиница, цифры, точка, дефис, подчёркивание; до 64 символов.",
    "kind.event": "Мероприятие (коды)", "kind.module": "Электронный модуль",
    "saved": "Мероприятие сохранено.", "conflict": "Мероприятие изменили в другом окне: список обновлён, внесите изменения ещё раз.",
    "event.edit": "Изменить", "event.back": "К списку мероприятий",
    "file.h": "Список присутствия", "file.label": "Файл (CSV, TXT, XLSX, XLS): выберите или перетащите сюда",
    "file.check": "Проверить", "file.upload": "Загрузить", "file.none": "Сначала выберите файл.",
    "check.h": "Проверка файла (ничего не сохранено)",
    "check.summary": "Строк: {rows}, принято: {accepted}, отклонено: {rejected}. Кодировка {encoding}, разделитель «{delimiter}».",
    "check.unusable": "Файл не может быть принят: ",
    "progress.label": "Обработка загрузки", "count.rows": "Прочитано строк", "count.issued": "Выдано кодов",
    "count.emailed": "Отправлено писем", "count.failures": "Ошибки", "report": "Скачать report.csv",
    "status.received": "получена, в очереди", "status.processing": "обрабатывается", "status.completed": "завершена",
    "status.failed": "не удалась", "status.rejected": "отклонена",
    "upload.duplicate": "Этот файл уже загружался: показана первая загрузка.",
    "errors.caption": "Отклонённые строки",
    "uploads.h": "Загрузки", "uploads.caption": "Загрузки мероприятия", "uploads.empty": "Загрузок пока нет.", "uploads.show": "Показать",
    "attendees.h": "Участники", "attendees.q": "ФИО или адрес почты", "attendees.find": "Найти",
    "attendees.caption": "Найденные участники", "attendees.empty": "Никого не найдено.", "reissue": "Выдать новый код",
    "reissue.h": "Выдать новый код?", "reissue.yes": "Выдать и отправить",
    "reissue.text": "Участнику {name} ({email}) будет выдан новый код и отправлено новое свидетельство. Прежний код перестанет действовать.",
    "reissue.done": "Новое свидетельство для {email} поставлено в очередь на отправку.",
    "network": "Сервер недоступен. Повторите попытку.", "dates": "{start} — {end}",
  },
  en: {
    "title": "CME provider console", "skip": "Skip to content", "signout": "Sign out", "lang.other": "Русский",
    "signin.h": "Sign in", "signin.key": "Provider key", "signin.go": "Sign in",
    "signin.hint": "The key is kept in this tab only and is forgotten when the tab closes.",
    "signin.empty": "Enter the provider key.", "signin.refused": "The key was refused: ",
    "events.h": "Events", "events.new": "New event", "events.caption": "Your events", "events.empty": "No events yet.",
    "more": "Show more", "open": "Open", "cancel": "Cancel",
    "col.id": "Id", "col.title": "Title", "col.dates": "Dates", "col.credits": "Credits", "col.actions": "Actions",
    "col.line": "Line", "col.column": "Column", "col.reason": "Reason", "col.received": "Received", "col.status": "Status",
    "col.rows": "Rows", "col.issued": "Codes", "col.emailed": "E-mails", "col.name": "Name", "col.email": "E-mail", "col.code": "Code",
    "col.certificate": "Certificate",
    "form.h.new": "New event", "form.h.edit": "Edit event", "form.id": "Event id (Latin letters, digits, . _ -)",
    "form.title": "Title", "form.kind": "Kind", "form.start": "Start date", "form.end": "End date", "form.place": "Place",
    "form.credits": "Credits", "form.min": "Minimum attendance, minutes", "form.save": "Save",
    "form.id.invalid": "Event id: Latin letters, digits, dot, hyphen, underscore; up to 64 characters.",
    "kind.event": "Event (codes)", "kind.module": "E-learning module",
    "saved": "The event is saved.", "conflict": "The event was changed elsewhere: the list is reloaded, make your change again.",
    "event.edit": "Edit", "event.back": "Back to events",
    "file.h": "Attendance list", "file.label": "File (CSV, TXT, XLSX, XLS): choose one or drop it here",
    "file.check": "Check", "file.upload": "Upload", "file.none": "Choose a file first.",
    "check.h": "File check (nothing was stored)",
    "check.summary": "Rows: {rows}, accepted: {accepted}, rejected: {rejected}. Encoding {encoding}, delimiter '{delimiter}'.",
    "check.unusable": "The file cannot be accepted: ",
    "progress.label": "Upload processing", "count.rows": "Rows read", "count.issued": "Codes issued",
    "count.emailed": "E-mails sent", "count.failures": "Failures", "report": "Download report.csv",
    "status.received": "received, queued", "status.processing": "processing", "status.completed": "completed",
    "status.failed": "failed", "status.rejected": "rejected",
    "upload.duplicate": "This file was uploaded before: the first upload is shown.",
    "errors.caption": "Rejected rows",
    "uploads.h": "Uploads", "uploads.caption": "The event's uploads", "uploads.empty": "No uploads yet.", "uploads.show": "Show",
    "attendees.h": "Attendees", "attendees.q": "Name or e-mail address", "attendees.find": "Find",
    "attendees.caption": "Attendees found", "attendees.empty": "Nobody found.", "reissue": "Issue a new code",
    "reissue.h": "Issue a new code?", "reissue.yes": "Issue and send",
    "reissue.text": "{name} ({email}) gets a new code and a new certificate. The previous code stops working.",
    "reissue.done": "A new certificate for {email} is queued for sending.",
    "network": "The server cannot be reached. Try again.", "dates": "{start} – {end}",
  },
};

const state = { lang: "ru", events: [], eventsToken: null, event: null, uploadsToken: null, editing: null, polling: 0 };
const $ = (id) => document.getElementById(id);
const t = (key, args) => (TEXTS[state.lang][key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(args?.[name] ?? ""));

function setLanguage(lang) {
  state.lang = lang === "en" ? "en" : "ru";
  localStorage.setItem("nmo.lang", state.lang);
  document.documentElement.lang = state.lang;
  document.title = t("title");
  document.querySelectorAll("[data-t]").forEach((el) => { el.textContent = t(el.dataset.t); });
  const other = state.lang === "ru" ? "en" : "ru";
  $("lang").textContent = t("lang.other");
  $("lang").lang = other;
  $("event-form-h").textContent = t(state.editing ? "form.h.edit" : "form.h.new");
  if (state.events.length) renderEvents();
}

function key() { return sessionStorage.getItem("nmo.key"); }

async function api(method, path, { body, json, headers } = {}) {
  const h = { "Accept-Language": state.lang, ...headers };
  if (key()) h["X-Api-Key"] = key();
  if (json !== undefined) { h["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  let response;
  try {
    response = await fetch(path, { method, headers: h, body, cache: "no-store", credentials: "omit" });
  } catch {
    return { ok: false, status: 0, problem: { detail: t("network") } };
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json() : null;
  return response.ok ? { ok: true, status: response.status, data, response } : { ok: false, status: response.status, problem: data || { detail: String(response.status) } };
}

const problemText = (p) => p.detail || p.title || "";

function show(section) {
  for (const id of ["signin", "events", "event-form-section", "event"]) $(id).hidden = id !== section;
  $("signout").hidden = section === "signin";
}

function notice(text) { $("notice").textContent = text || ""; }

function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text ?? ""; if (cls) td.className = cls; return td; }

function button(text, onClick, cls) {
  const b = document.createElement("button");
  b.type = "button"; b.textContent = text; if (cls) b.className = cls;
  b.addEventListener("click", onClick);
  return b;
}

// Sign-in ---------------------------------------------------------------------------------------------------------
async function signIn(event) {
  event.preventDefault();
  const value = $("key").value.trim();
  $("signin-error").textContent = "";
  if (!value) { $("signin-error").textContent = t("signin.empty"); $("key").focus(); return; }
  sessionStorage.setItem("nmo.key", value);
  const page = await api("GET", "/api/events");
  if (!page.ok) {
    sessionStorage.removeItem("nmo.key");
    $("signin-error").textContent = t("signin.refused") + problemText(page.problem);
    $("key").focus();
    return;
  }
  $("key").value = "";
  state.events = page.data.items; state.eventsToken = page.data.continuationToken;
  showEvents();
}

function signOut() {
  sessionStorage.removeItem("nmo.key");
  state.events = []; state.event = null; clearInterval(state.polling);
  notice(""); show("signin"); $("key").focus();
}

// Events ----------------------------------------------------------------------------------------------------------
async function loadEvents(append) {
  const token = append ? state.eventsToken : null;
  const page = await api("GET", "/api/events" + (token ? "?continuationToken=" + encodeURIComponent(token) : ""));
  if (!page.ok) { notice(problemText(page.problem)); if (page.status === 401) signOut(); return; }
  state.events = append ? state.events.concat(page.data.items) : page.data.items;
  state.eventsToken = page.data.continuationToken;
  renderEvents();
}

function renderEvents() {
  const body = $("events-table").tBodies[0];
  body.replaceChildren();
  for (const ev of state.events) {
    const row = body.insertRow();
    row.dataset.eventId = ev.eventId;
    cell(row, ev.eventId); cell(row, ev.title); cell(row, t("dates", { start: ev.startDate, end: ev.endDate })); cell(row, String(ev.credits), "num");
    const open = button(t("open"), () => openEvent(ev.eventId), "secondary");
    open.setAttribute("aria-label", t("open") + ": " + ev.title);
    row.insertCell().append(open);
  }
  $("events-empty").hidden = state.events.length > 0;
  $("events-table").hidden = state.events.length === 0;
  $("events-more").hidden = !state.eventsToken;
}

function showEvents() { show("events"); renderEvents(); $("events-h").tabIndex = -1; $("events-h").focus(); }

function editEvent(ev) {
  state.editing = ev || null;
  const f = $("event-form");
  f.reset();
  $("event-form-error").textContent = "";
  $("event-form-h").textContent = t(ev ? "form.h.edit" : "form.h.new");
  $("f-id").readOnly = !!ev;
  if (ev) {
    $("f-id").value = ev.eventId; $("f-title").value = ev.title; $("f-kind").value = ev.kind; $("f-start").value = ev.startDate;
    $("f-end").value = ev.endDate; $("f-place").value = ev.place; $("f-credits").value = ev.credits; $("f-min").value = ev.minAttendanceMinutes ?? "";
  }
  show("event-form-section");
  (ev ? $("f-title") : $("f-id")).focus();
}

async function saveEvent(event) {
  event.preventDefault();
  const id = $("f-id").value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id)) { $("event-form-error").textContent = t("form.id.invalid"); $("f-id").focus(); return; }
  const min = $("f-min").value;
  const json = {
    title: $("f-title").value, kind: $("f-kind").value, startDate: $("f-start").value || null, endDate: $("f-end").value || null,
    place: $("f-place").value, credits: $("f-credits").value === "" ? null : Number($("f-credits").value),
    minAttendanceMinutes: min === "" ? null : Number(min),
  };
  const headers = state.editing?.etag ? { "If-Match": state.editing.etag } : {};
  const saved = await api("PUT", "/api/events/" + encodeURIComponent(id), { json, headers });
  if (!saved.ok) {
    if (saved.status === 412) { await loadEvents(false); }
    const errors = Array.isArray(saved.problem.errors) ? saved.problem.errors.join(" ") : "";
    $("event-form-error").textContent = saved.status === 412 ? t("conflict") : (errors || problemText(saved.problem));
    return;
  }
  state.editing = null;
  await loadEvents(false);
  notice(t("saved"));
  await openEvent(id);
}

// One event -------------------------------------------------------------------------------------------------------
async function openEvent(id) {
  let ev = state.events.find((e) => e.eventId === id);
  if (!ev) { await loadEvents(false); ev = state.events.find((e) => e.eventId === id); }
  if (!ev) return;
  state.event = ev;
  clearInterval(state.polling);
  $("event-h").textContent = ev.title;
  $("event-summary").textContent = `${ev.eventId} · ${t("dates", { start: ev.startDate, end: ev.endDate })} · ${ev.place} · ${t("col.credits")}: ${ev.credits}`;
  for (const id2 of ["precheck-result", "progress-block", "errors-block", "attendees-table", "attendees-empty"]) $(id2).hidden = true;
  for (const id2 of ["file-error", "attendee-error"]) $(id2).textContent = "";
  $("file").value = ""; state.file = null;
  show("event");
  $("event-h").tabIndex = -1; $("event-h").focus();
  await loadUploads(false);
}

function chosenFile() {
  const file = state.file || $("file").files[0];
  if (!file) { $("file-error").textContent = t("file.none"); $("file").focus(); }
  return file;
}

function renderErrors(errors) {
  const body = $("errors-table").tBodies[0];
  body.replaceChildren();
  for (const e of errors || []) { const row = body.insertRow(); cell(row, String(e.line), "num"); cell(row, e.column); cell(row, e.reason); }
  $("errors-block").hidden = !errors || errors.length === 0;
}

async function precheck() {
  $("file-error").textContent = "";
  const file = chosenFile();
  if (!file) return;
  const result = await api("POST", `/api/events/${encodeURIComponent(state.event.eventId)}/attendance?dryRun=true`, { body: file });
  if (!result.ok) { $("file-error").textContent = problemText(result.problem); return; }
  const r = result.data;
  $("progress-block").hidden = true;
  $("precheck-result").hidden = false;
  $("precheck-summary").textContent = (r.usable ? "" : t("check.unusable") + r.reasons.join(" ") + " ") + t("check.summary", r);
  const list = $("precheck-warnings");
  list.replaceChildren(...r.warnings.map((w) => { const li = document.createElement("li"); li.textContent = w; return li; }));
  renderErrors(r.errors);
}

async function upload() {
  $("file-error").textContent = "";
  const file = chosenFile();
  if (!file) return;
  $("upload").disabled = true;
  const result = await api("POST", `/api/events/${encodeURIComponent(state.event.eventId)}/attendance`, { body: file });
  $("upload").disabled = false;
  if (!result.ok) {
    $("file-error").textContent = problemText(result.problem);
    if (result.problem.uploadId) watch(result.problem.uploadId);
    return;
  }
  $("precheck-result").hidden = true;
  if (result.data.duplicate) notice(t("upload.duplicate"));
  watch(result.data.uploadId);
}

function watch(uploadId) {
  clearInterval(state.polling);
  state.uploadId = uploadId;
  $("progress-block").hidden = false;
  $("report").hidden = true;
  $("bar").value = 0;
  const tick = async () => {
    const status = await api("GET", "/api/uploads/" + encodeURIComponent(uploadId));
    if (!status.ok) { clearInterval(state.polling); $("upload-status").textContent = problemText(status.problem); return; }
    const s = status.data;
    const done = s.status === "failed" || s.status === "rejected" || (s.status === "completed" && s.emailed + s.emailFailed >= s.issued);
    $("c-rows").textContent = s.rows; $("c-issued").textContent = s.issued + s.alreadyIssued;
    $("c-emailed").textContent = s.emailed; $("c-failures").textContent = s.rejected + s.emailFailed;
    const issuing = s.accepted ? (s.issued + s.alreadyIssued) / s.accepted : 1;
    const mailing = s.issued ? (s.emailed + s.emailFailed) / s.issued : 1;
    $("bar").value = done ? 100 : Math.min(99, Math.round(50 * issuing + 50 * (s.status === "completed" ? mailing : 0)));
    $("upload-status").textContent = `${t("col.status")}: ${t("status." + s.status)}` + (s.failureReason ? ` — ${s.failureReason}` : "");
    $("upload-status").dataset.status = done ? s.status : "running";
    renderErrors(s.errors);
    if (done) {
      clearInterval(state.polling);
      $("report").hidden = s.status !== "completed";
      loadUploads(false);
    }
  };
  state.polling = setInterval(tick, 1000);
  tick();
}

async function downloadReport(uploadId) {
  const h = { "X-Api-Key": key(), "Accept-Language": state.lang };
  let response;
  try { response = await fetch(`/api/uploads/${encodeURIComponent(uploadId)}/report.csv`, { headers: h, cache: "no-store" }); } catch { notice(t("network")); return; }
  if (!response.ok) { notice(problemText(await response.json().catch(() => ({ detail: String(response.status) })))); return; }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url; a.download = `${uploadId}-report.csv`;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function loadUploads(append) {
  const base = `/api/events/${encodeURIComponent(state.event.eventId)}/uploads`;
  const page = await api("GET", base + (append && state.uploadsToken ? "?continuationToken=" + encodeURIComponent(state.uploadsToken) : ""));
  const body = $("uploads-table").tBodies[0];
  if (!append) body.replaceChildren();
  if (!page.ok) { notice(problemText(page.problem)); return; }
  for (const u of page.data.items) {
    const row = body.insertRow();
    cell(row, new Date(u.receivedAt).toLocaleString(state.lang)); cell(row, t("status." + u.status));
    cell(row, String(u.rows), "num"); cell(row, String(u.issued + u.alreadyIssued), "num"); cell(row, String(u.emailed), "num");
    const actions = row.insertCell();
    actions.append(button(t("uploads.show"), () => watch(u.uploadId), "secondary"));
    if (u.status === "completed") actions.append(" ", button("report.csv", () => downloadReport(u.uploadId), "secondary"));
  }
  state.uploadsToken = page.data.continuationToken;
  $("uploads-empty").hidden = body.rows.length > 0;
  $("uploads-table").hidden = body.rows.length === 0;
  $("uploads-more").hidden = !state.uploadsToken;
}

// Attendees -------------------------------------------------------------------------------------------------------
async function findAttendees(event) {
  event.preventDefault();
  $("attendee-error").textContent = "";
  const q = $("q").value.trim();
  const page = await api("GET", `/api/events/${encodeURIComponent(state.event.eventId)}/attendees?q=${encodeURIComponent(q)}`);
  if (!page.ok) { $("attendee-error").textContent = problemText(page.problem); return; }
  const body = $("attendees-table").tBodies[0];
  body.replaceChildren();
  for (const a of page.data.items) {
    const row = body.insertRow();
    cell(row, a.fullName); cell(row, a.email); cell(row, a.maskedCode); cell(row, a.certificateStatus);
    const b = button(t("reissue"), () => confirmReissue(a, b), "secondary");
    b.setAttribute("aria-label", t("reissue") + ": " + a.fullName);
    row.insertCell().append(b);
  }
  $("attendees-table").hidden = page.data.items.length === 0;
  $("attendees-empty").hidden = page.data.items.length > 0;
}

function confirmReissue(attendee, opener) {
  const dialog = $("confirm");
  $("confirm-text").textContent = t("reissue.text", { name: attendee.fullName, email: attendee.email });
  dialog.returnValue = "";
  dialog.onclose = async () => {
    opener.focus();
    if (dialog.returnValue !== "yes") return;
    const result = await api("POST", `/api/events/${encodeURIComponent(state.event.eventId)}/reissues`, { json: { email: attendee.email } });
    if (result.ok) notice(t("reissue.done", { email: attendee.email }));
    else $("attendee-error").textContent = problemText(result.problem);
  };
  dialog.showModal();
  $("confirm-no").focus();
}

// Wiring ----------------------------------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  setLanguage(localStorage.getItem("nmo.lang") || "ru");
  $("lang").addEventListener("click", () => setLanguage(state.lang === "ru" ? "en" : "ru"));
  $("signin-form").addEventListener("submit", signIn);
  $("signout").addEventListener("click", signOut);
  $("new-event").addEventListener("click", () => editEvent(null));
  $("events-more").addEventListener("click", () => loadEvents(true));
  $("event-form").addEventListener("submit", saveEvent);
  $("event-form-cancel").addEventListener("click", () => (state.editing ? openEvent(state.editing.eventId) : showEvents()));
  $("event-edit").addEventListener("click", () => editEvent(state.event));
  $("event-back").addEventListener("click", () => { clearInterval(state.polling); loadEvents(false).then(showEvents); });
  $("precheck").addEventListener("click", precheck);
  $("upload").addEventListener("click", upload);
  $("report").addEventListener("click", () => downloadReport(state.uploadId));
  $("uploads-more").addEventListener("click", () => loadUploads(true));
  $("attendee-form").addEventListener("submit", findAttendees);
  $("file").addEventListener("change", () => { state.file = null; });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); state.file = e.dataTransfer.files[0] || null; if (state.file) notice(state.file.name); });
  if (key()) loadEvents(false).then(() => { if (key()) showEvents(); }); else show("signin");
});
