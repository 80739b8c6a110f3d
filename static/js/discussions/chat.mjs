// Live channels: progressive enhancement of the channel page (which works without this file).
// Protocol: docs/realtime.md. Every new message and every change to one (edit, delete, "useful")
// carries an event number from the channel's one counter. The connection resumes from the last
// event number seen per channel, so after a drop the server replays exactly what was missed,
// changes included; the client also drops anything at or below the last event number it has
// handled, and places messages by sequence, so nothing is shown twice, stale or out of order.

export class ChatConnection {
  constructor({ url, onFrame, onStatus, minDelay = 500, maxDelay = 30000 }) {
    this.url = url;
    this.onFrame = onFrame;
    this.onStatus = onStatus || (() => {});
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.attempt = 0;
    this.nextId = 1;
    this.pending = new Map(); // frame id -> {resolve, reject}
    this.channels = new Map(); // slug -> last event number seen (null: start from now)
    this.socket = null;
    this.closedByUs = false;
    this.held = false; // paused: closed on purpose, reconnect only on resume()
  }

  follow(slug, lastEvent) {
    this.channels.set(slug, lastEvent);
  }

  lastEvent(slug) {
    return this.channels.get(slug);
  }

  // The old name: before changes had numbers, the last event was the last sequence.
  lastSeq(slug) {
    return this.lastEvent(slug);
  }

  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}${this.url}`);
    this.socket = socket;
    this.onStatus("connecting");
    socket.addEventListener("open", () => {
      this.attempt = 0;
      this.onStatus("open");
      const channels = [...this.channels].map(([channel, after]) => ({ channel, after }));
      if (channels.length) {
        this.request({ type: "subscribe", channels })
          .then((ack) => {
            // Channels followed "from now" resume from the server's position after a drop.
            for (const item of ack.channels) {
              if (this.channels.get(item.channel) == null) this.channels.set(item.channel, item.last_event ?? item.last_seq);
            }
          })
          .catch((error) => this.onStatus("error", error));
      }
    });
    socket.addEventListener("message", (event) => this.receive(event.data));
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) return;
      for (const { reject } of this.pending.values()) reject({ code: "disconnected", message: "Connection lost." });
      this.pending.clear();
      if (this.held) {
        this.onStatus("paused");
        return;
      }
      if (this.closedByUs || event.code === 4401) {
        this.onStatus("closed");
        return;
      }
      // Exponential back-off with jitter, so a restarted server is not stampeded.
      const delay = Math.min(this.maxDelay, this.minDelay * 2 ** this.attempt) * (0.5 + Math.random() / 2);
      this.attempt += 1;
      this.onStatus("reconnecting", { delay });
      setTimeout(() => this.connect(), delay);
    });
  }

  // Close the socket as a network failure would; the client reconnects and catches up.
  drop() {
    if (this.socket) this.socket.close(4000, "dropped");
  }

  // Go offline until resume() (and stay so), then catch up from the last event number seen.
  pause() {
    this.held = true;
    this.drop();
  }

  resume() {
    if (!this.held) return;
    this.held = false;
    this.attempt = 0;
    this.connect();
  }

  receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if ((frame.type === "ack" || frame.type === "error") && this.pending.has(frame.id)) {
      const { resolve, reject } = this.pending.get(frame.id);
      this.pending.delete(frame.id);
      if (frame.type === "ack") resolve(frame);
      else reject(frame);
      return;
    }
    if (frame.type === "message" || frame.type === "update") {
      // Servers before event numbers sent only "seq" (and nothing to order updates by).
      const number = frame.event ?? (frame.type === "message" ? frame.seq : null);
      if (number != null) {
        const last = this.channels.get(frame.channel);
        if (last !== undefined && last !== null && number <= last) return; // a duplicate
        this.channels.set(frame.channel, number);
      }
    }
    if (frame.type === "removed") this.channels.delete(frame.channel);
    this.onFrame(frame);
  }

  request(frame) {
    if (!this.open) return Promise.reject({ code: "disconnected", message: "Not connected." });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ ...frame, id }));
    });
  }
}

function text(tag, className, content) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (content !== undefined) element.textContent = content;
  return element;
}

function renderMessage(message, { channel, userId }) {
  const item = text("li", "hub-card hub-message");
  item.id = `m${message.seq}`;
  item.dataset.seq = message.seq;
  fillMessage(item, message, { channel, userId });
  return item;
}

function fillMessage(item, message, { channel, userId }) {
  item.replaceChildren();
  if (message.deleted) {
    item.append(text("p", "govuk-body hub-meta", `Message ${message.seq} was deleted.`));
    return;
  }
  const meta = text("p", "govuk-body-s govuk-!-margin-bottom-1");
  const who = text("strong");
  if (message.author && message.author.handle) {
    const link = text("a", "govuk-link", message.author.name);
    link.href = `/people/${message.author.handle}/`;
    who.append(link);
  } else {
    who.textContent = message.author ? message.author.name : "A former member";
  }
  const when = text("span", "hub-meta");
  const permalink = text("a", "govuk-link govuk-link--muted");
  permalink.href = message.url;
  const time = text("time", "", new Date(message.created_at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }));
  time.dateTime = message.created_at;
  permalink.append(time);
  when.append(" ", permalink, message.edited ? " (edited)" : "");
  meta.append(who, when);
  if (message.parent_seq) {
    const parent = text("a", "govuk-link", `message ${message.parent_seq}`);
    parent.href = `/channels/${channel}/m/${message.parent_seq}/`;
    meta.append(text("span", "hub-meta", " replying to "), parent);
  }
  const body = text("div", "hub-prose");
  body.dataset.body = "";
  body.innerHTML = message.html; // rendered and sanitised by the server (render_markdown)
  const actions = text("p", "govuk-body-s govuk-!-margin-bottom-0 hub-message__actions");
  const reply = text("a", "govuk-link", "Reply");
  reply.href = `/channels/${channel}/m/${message.seq}/`;
  reply.append(text("span", "govuk-visually-hidden", ` to message ${message.seq}`));
  actions.append(reply, message.replies ? ` (${message.replies} ${message.replies === 1 ? "reply" : "replies"}) ` : " ");
  const useful = text("button", "govuk-button govuk-button--secondary govuk-!-margin-bottom-0", "Useful");
  useful.type = "button";
  useful.dataset.useful = message.seq;
  useful.append(text("span", "govuk-visually-hidden", ` (message ${message.seq})`), " ");
  const count = text("span", "", String(message.useful || 0));
  count.dataset.usefulCount = "";
  useful.append(count);
  actions.append(useful, " ");
  if (message.author && message.author.id === userId) {
    const edit = text("a", "govuk-link", "Edit");
    edit.href = `/channels/${channel}/m/${message.seq}/edit/`;
    const remove = text("a", "govuk-link", "Delete");
    remove.href = `/channels/${channel}/m/${message.seq}/delete/`;
    actions.append(edit, " ", remove);
  }
  item.append(meta, body, actions);
}

export function startChannelPage(root = document) {
  const list = root.querySelector("#messages[data-channel]");
  if (!list) return null;
  const channel = list.dataset.channel;
  const userId = Number(list.dataset.user);
  const live = list.dataset.latest === "true";
  const status = root.querySelector("[data-connection-status]");
  const typing = root.querySelector("[data-typing]");
  const presence = root.querySelector("[data-presence-names]");
  const form = root.querySelector("[data-send-form]");
  const textarea = form ? form.querySelector("textarea") : null;
  const typers = new Map();
  let readSent = 0;

  const connection = new ChatConnection({
    url: list.dataset.socket,
    onFrame,
    onStatus(state, detail) {
      if (!status) return;
      if (state === "reconnecting") status.textContent = `Connection lost. Reconnecting in ${Math.round(detail.delay / 1000)} seconds…`;
      else if (state === "open") status.textContent = "";
      else if (state === "closed") status.textContent = "Live updates are off. Reload the page to see new messages.";
    },
  });
  // The current channel resumes from what the page shows; on an older page, only new ones count.
  connection.follow(channel, live ? Number(list.dataset.lastSeq) : null);
  for (const item of root.querySelectorAll("[data-sidebar] [data-channel]")) {
    if (item.dataset.channel !== channel) connection.follow(item.dataset.channel, Number(item.dataset.lastSeq));
  }

  function badge(slug, update) {
    const item = root.querySelector(`[data-sidebar] [data-channel="${CSS.escape(slug)}"]`);
    if (!item) return;
    const element = item.querySelector("[data-unread-badge]");
    const label = item.querySelector("[data-unread-label]");
    const value = update(Number(element.textContent) || 0);
    element.textContent = String(value);
    element.hidden = value === 0;
    if (label) label.hidden = value === 0;
  }

  function markRead(seq) {
    if (seq <= readSent || document.visibilityState !== "visible") return;
    readSent = seq;
    connection.request({ type: "read", channel, seq }).catch(() => {});
  }

  function showTyping() {
    const now = Date.now();
    for (const [name, until] of typers) if (until < now) typers.delete(name);
    const names = [...typers.keys()];
    typing.textContent = names.length ? `${names.join(", ")} ${names.length === 1 ? "is" : "are"} typing…` : "";
  }

  // Show a message where its sequence puts it, or refresh it if it is already shown. A replay
  // sends messages in event order, so one created earlier but changed later comes after newer
  // ones; and the page may already show what the socket replays.
  function upsert(message) {
    const shown = list.querySelector(`#m${message.seq}`);
    if (shown) {
      fillMessage(shown, message, { channel, userId });
      return;
    }
    list.querySelector("[data-empty]")?.remove();
    const later = [...list.querySelectorAll(":scope > [data-seq]")].find((item) => Number(item.dataset.seq) > message.seq);
    list.insertBefore(renderMessage(message, { channel, userId }), later || null);
  }

  function onFrame(frame) {
    if (frame.type === "message" && frame.channel === channel) {
      if (!live) return;
      upsert(frame.message);
      if (frame.message.author) {
        typers.delete(frame.message.author.name);
        showTyping();
      }
      markRead(frame.seq);
    } else if (frame.type === "message") {
      // Unread counts leave out tombstones (a message posted and deleted while we were away).
      if (!frame.message.deleted && (!frame.message.author || frame.message.author.id !== userId)) badge(frame.channel, (n) => n + 1);
    } else if (frame.type === "update" && frame.channel === channel) {
      const item = list.querySelector(`#m${frame.seq}`);
      // An update for a message not shown yet (a drop in the middle of a replay) shows it.
      if (item) fillMessage(item, frame.message, { channel, userId });
      else if (live) upsert(frame.message);
    } else if (frame.type === "typing" && frame.channel === channel && frame.user.id !== userId) {
      typers.set(frame.user.name, Date.now() + 4000);
      showTyping();
      setTimeout(showTyping, 4100);
    } else if (frame.type === "presence" && frame.channel === channel && presence) {
      // A count and the first few people (the server coalesces presence every couple of seconds).
      const names = frame.users.map((u) => u.name || u.handle);
      const count = frame.count ?? names.length;
      const more = count > names.length ? ` and ${count - names.length} more` : "";
      presence.textContent = names.length ? `${names.join(", ")}${more} (${count.toLocaleString("en-GB")} here)` : "nobody else";
      presence.closest("[data-presence]").hidden = false;
    } else if (frame.type === "read" && frame.channel !== channel) {
      badge(frame.channel, () => 0);
    } else if (frame.type === "removed") {
      if (frame.channel === channel && status) status.textContent = frame.message;
    }
  }

  if (form && textarea) {
    let lastTyping = 0;
    textarea.addEventListener("input", () => {
      if (Date.now() - lastTyping > 2000 && connection.open) {
        lastTyping = Date.now();
        connection.request({ type: "typing", channel }).catch(() => {});
      }
    });
    form.addEventListener("submit", (event) => {
      // Without a live socket, the ordinary form post (same service) does the work.
      if (!connection.open || !live) return;
      event.preventDefault();
      const body = textarea.value;
      connection
        .request({ type: "send", channel, body })
        .then(() => {
          textarea.value = "";
          clearError();
        })
        .catch((error) => {
          if (error.code === "disconnected") form.submit();
          else showError(error.message);
        });
    });
  }

  function clearError() {
    form.querySelector(".govuk-form-group")?.classList.remove("govuk-form-group--error");
    form.querySelector("[data-live-error]")?.remove();
  }

  function showError(message) {
    clearError();
    const group = form.querySelector(".govuk-form-group");
    group.classList.add("govuk-form-group--error");
    const error = text("p", "govuk-error-message");
    error.dataset.liveError = "";
    error.setAttribute("role", "alert");
    error.append(text("span", "govuk-visually-hidden", "Error: "), message);
    textarea.before(error);
  }

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-useful]");
    if (!button || !connection.open) return;
    event.preventDefault();
    connection.request({ type: "useful", channel, seq: Number(button.dataset.useful) }).catch(() => {});
  });

  // Read up to the last event seen: every message up to that number has been shown.
  document.addEventListener("visibilitychange", () => markRead(connection.lastEvent(channel) || 0));
  connection.connect();
  window.hubChat = connection; // for the browser tests and the curious
  return connection;
}

startChannelPage();
