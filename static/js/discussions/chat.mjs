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
      for (const { reject } of this.pending.values()) reject({ code: "disconnected", message: gettext("Connection lost.") });
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
    if (!this.open) return Promise.reject({ code: "disconnected", message: gettext("Not connected.") });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ ...frame, id }));
    });
  }
}

// Strings go through Django's JavaScript catalogue when the page loads it (issue 18), else as is.
const gettext = globalThis.gettext ?? ((message) => message);
const interpolate =
  globalThis.interpolate ??
  ((format, values, named) => format.replace(/%\((\w+)\)s/g, (_, key) => String(named ? values[key] : "")));

function text(tag, className, content) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (content !== undefined) element.textContent = content;
  return element;
}

function removeWithSpace(element) {
  if (!element) return;
  const before = element.previousSibling;
  if (before && before.nodeType === Node.TEXT_NODE && !before.textContent.trim()) before.remove();
  element.remove();
}

// A live card is the server's own markup for the message (templates/discussions/_message.html,
// rendered once per event with live=True); make it what this viewer's page would have rendered.
function cardFor(message, { language, userId, moderator, csrf }) {
  const cards = message.cards || {};
  const html = cards[language] ?? Object.values(cards)[0];
  const template = document.createElement("template");
  template.innerHTML = html;
  const item = template.content.querySelector("li");
  const own = Number(item.dataset.author) === userId;
  if (!own) removeWithSpace(item.querySelector('[data-action="edit"]'));
  if (!own && !moderator) removeWithSpace(item.querySelector('[data-action="delete"]'));
  if (own) removeWithSpace(item.querySelector('[data-action="flag"]'));
  for (const form of item.querySelectorAll("form[method=post]")) {
    const token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrf;
    form.prepend(token);
  }
  return item;
}

export function startChannelPage(root = document) {
  const list = root.querySelector("#messages[data-channel]");
  if (!list) return null;
  const channel = list.dataset.channel;
  const userId = Number(list.dataset.user);
  const viewer = {
    language: list.dataset.language,
    userId,
    moderator: list.dataset.moderator === "true",
    csrf: list.dataset.csrf,
  };
  const live = list.dataset.latest === "true";
  const scroller = root.querySelector("[data-scroller]");
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
      if (state === "reconnecting") {
        const seconds = Math.round(detail.delay / 1000);
        status.textContent = interpolate(gettext("Connection lost. Reconnecting in %(seconds)s seconds…"), { seconds }, true);
      } else if (state === "open") status.textContent = "";
      else if (state === "closed") status.textContent = gettext("Live updates are off. Reload the page to see new messages.");
    },
  });
  // The current channel resumes from what the page shows; on an older page, only new ones count.
  connection.follow(channel, live ? Number(list.dataset.lastSeq) : null);
  for (const item of root.querySelectorAll("[data-sidebar] [data-channel]")) {
    if (item.dataset.channel !== channel) connection.follow(item.dataset.channel, Number(item.dataset.lastSeq));
  }

  function sidebarItem(slug) {
    return root.querySelector(`[data-sidebar] [data-channel="${CSS.escape(slug)}"]`);
  }

  function setBadge(slug, value) {
    const item = sidebarItem(slug);
    const element = item && item.querySelector("[data-unread-badge]");
    if (!element || slug === channel) return; // never a badge on the channel being read
    element.textContent = String(value);
    element.hidden = value <= 0;
    const label = item.querySelector("[data-unread-label]");
    if (label) label.hidden = value <= 0;
  }

  function badgeValue(slug) {
    const element = sidebarItem(slug)?.querySelector("[data-unread-badge]");
    return element ? Number(element.textContent) || 0 : 0;
  }

  // A deleted message no longer counts as unread; only the server knows whether it did count
  // (whose it was, whether it was read), so ask it for that channel's count.
  function recount(slug) {
    connection
      .request({ type: "unread", channels: [slug] })
      .then((ack) => {
        if (slug in ack.unread) setBadge(slug, ack.unread[slug]);
      })
      .catch(() => {});
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
    if (!names.length) typing.textContent = "";
    else if (names.length === 1) typing.textContent = interpolate(gettext("%(name)s is typing…"), { name: names[0] }, true);
    else typing.textContent = interpolate(gettext("%(names)s are typing…"), { names: names.join(", ") }, true);
  }

  // Show a message where its sequence puts it, or replace it if it is already shown. A replay
  // sends messages in event order, so one created earlier but changed later comes after newer
  // ones; and the page may already show what the socket replays. An edit in progress survives
  // someone else's change to the message (a "useful" mark), but not its deletion.
  function upsert(message) {
    const card = cardFor(message, viewer);
    const shown = list.querySelector(`#m${message.seq}`);
    if (shown) {
      const editor = shown.querySelector("[data-inline-edit]");
      const focused = shown.contains(document.activeElement);
      shown.replaceWith(card);
      if (editor && !message.deleted) openEditor(card, editor);
      else if (focused) focusCard(card);
      return;
    }
    list.querySelector("[data-empty]")?.remove();
    const later = [...list.querySelectorAll(":scope > [data-seq]")].find((item) => Number(item.dataset.seq) > message.seq);
    list.insertBefore(card, later || null);
  }

  function focusCard(card) {
    const target = card.querySelector('[data-action="edit"]') || card.querySelector("a, button");
    if (target) target.focus();
    else {
      card.tabIndex = -1;
      card.focus();
    }
  }

  function onFrame(frame) {
    if (frame.type === "message" && frame.channel === channel) {
      if (!live) return;
      upsert(frame.message);
      // Your own new message brings you back to the newest (others' do not pull you down while
      // you read history; at the bottom the box stays at the bottom by itself).
      if (scroller && !frame.replay && frame.message.author?.id === userId) scroller.scrollTop = scroller.scrollHeight;
      if (frame.message.author) {
        typers.delete(frame.message.author.name);
        showTyping();
      }
      markRead(frame.seq);
    } else if (frame.type === "message") {
      // Unread counts leave out tombstones (a message posted and deleted while we were away).
      if (!frame.message.deleted && !frame.message.hidden && (!frame.message.author || frame.message.author.id !== userId)) setBadge(frame.channel, badgeValue(frame.channel) + 1);
    } else if (frame.type === "update" && frame.channel === channel) {
      // An update for a message not shown yet (a drop in the middle of a replay) shows it.
      if (list.querySelector(`#m${frame.seq}`) || live) upsert(frame.message);
    } else if (frame.type === "update") {
      if (frame.message.deleted && badgeValue(frame.channel) > 0) recount(frame.channel);
    } else if (frame.type === "typing" && frame.channel === channel && frame.user.id !== userId) {
      typers.set(frame.user.name, Date.now() + 4000);
      showTyping();
      setTimeout(showTyping, 4100);
    } else if (frame.type === "presence" && frame.channel === channel && presence) {
      // A count and the first few people (the server coalesces presence every couple of seconds).
      const names = frame.users.map((u) => u.name || u.handle);
      const count = frame.count ?? names.length;
      const here = Number(count).toLocaleString(document.documentElement.lang || undefined);
      if (!names.length) presence.textContent = gettext("nobody else");
      else if (count > names.length) {
        presence.textContent = interpolate(gettext("%(names)s and %(more)s more (%(count)s here)"), { names: names.join(", "), more: count - names.length, count: here }, true);
      } else presence.textContent = interpolate(gettext("%(names)s (%(count)s here)"), { names: names.join(", "), count: here }, true);
      presence.closest("[data-presence]").hidden = false;
    } else if (frame.type === "read" && frame.channel !== channel) {
      setBadge(frame.channel, 0);
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
          // Only what was sent: a next message typed before the ack stays.
          if (textarea.value === body) textarea.value = "";
          clearError(form);
        })
        .catch((error) => {
          if (error.code === "disconnected") form.submit();
          else showError(form, error.message);
        });
    });
  }

  function clearError(container) {
    container.querySelector(".govuk-form-group")?.classList.remove("govuk-form-group--error");
    container.querySelector(".govuk-textarea")?.classList.remove("govuk-textarea--error");
    container.querySelector("[data-live-error]")?.remove();
  }

  function showError(container, message) {
    clearError(container);
    const group = container.querySelector(".govuk-form-group");
    const field = container.querySelector("textarea");
    group.classList.add("govuk-form-group--error");
    field.classList.add("govuk-textarea--error");
    const error = text("p", "govuk-error-message");
    error.id = `${field.id}-error`;
    error.dataset.liveError = "";
    error.setAttribute("role", "alert");
    error.append(text("span", "govuk-visually-hidden", gettext("Error:") + " "), message);
    field.before(error);
    field.setAttribute("aria-describedby", error.id);
  }

  // --- in-place edit and delete (their own pages without JavaScript) ---------------------

  function closeInline(card) {
    card.querySelector("[data-inline-edit], [data-inline-delete]")?.remove();
    for (const part of card.querySelectorAll("[data-body], .hub-message__actions")) part.hidden = false;
  }

  function openEditor(card, editor) {
    for (const part of card.querySelectorAll("[data-body], .hub-message__actions")) part.hidden = true;
    card.append(editor);
  }

  async function startEdit(card, link) {
    // The Markdown source is on the edit page (the card only has the HTML).
    const page = await fetch(link.href, { credentials: "same-origin" });
    if (!page.ok) {
      location.href = link.href;
      return;
    }
    const source = new DOMParser().parseFromString(await page.text(), "text/html").querySelector("textarea[name=body]");
    const editor = root.querySelector("[data-edit-template]").content.firstElementChild.cloneNode(true);
    const seq = Number(card.dataset.seq);
    const field = editor.querySelector("textarea");
    field.id = `edit-body-${seq}`;
    field.value = source ? source.value : "";
    editor.querySelector("[data-edit-label]").htmlFor = field.id;
    closeInline(card);
    openEditor(card, editor);
    field.focus();
    editor.querySelector("[data-cancel]").addEventListener("click", () => {
      closeInline(card);
      card.querySelector('[data-action="edit"]')?.focus();
    });
    editor.addEventListener("submit", (event) => {
      event.preventDefault();
      connection
        .request({ type: "edit", channel, seq, body: field.value })
        .then(() => {
          const current = list.querySelector(`#m${seq}`);
          if (!current) return;
          closeInline(current);
          focusCard(current);
        })
        .catch((error) => showError(editor, error.message));
    });
  }

  function startDelete(card) {
    const seq = Number(card.dataset.seq);
    const panel = root.querySelector("[data-delete-template]").content.firstElementChild.cloneNode(true);
    closeInline(card);
    card.querySelector(".hub-message__actions").hidden = true;
    card.append(panel);
    panel.querySelector("[data-confirm]").focus();
    panel.querySelector("[data-cancel]").addEventListener("click", () => {
      closeInline(card);
      card.querySelector('[data-action="delete"]')?.focus();
    });
    panel.querySelector("[data-confirm]").addEventListener("click", () => {
      connection.request({ type: "delete", channel, seq }).catch((error) => {
        const question = panel.querySelector("[data-delete-question]");
        question.textContent = error.message;
        question.focus();
      });
    });
  }

  list.addEventListener("click", (event) => {
    const useful = event.target.closest("button[data-useful]");
    const action = event.target.closest("a[data-action]");
    if (!connection.open || !(useful || action)) return; // no socket: the ordinary pages
    event.preventDefault();
    if (useful) {
      connection.request({ type: "useful", channel, seq: Number(useful.dataset.useful) }).catch(() => {});
    } else if (action.dataset.action === "edit") {
      startEdit(action.closest("[data-seq]"), action).catch(() => (location.href = action.href));
    } else startDelete(action.closest("[data-seq]"));
  });

  // --- history loads upward (the "Older messages" link pages back without JavaScript) -----

  let loadingOlder = false;
  async function loadOlder() {
    const nav = root.querySelector("[data-older]");
    if (!nav || loadingOlder) return;
    loadingOlder = true;
    try {
      const link = nav.querySelector("a");
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) return;
      const older = new DOMParser().parseFromString(await response.text(), "text/html");
      const first = list.querySelector(":scope > [data-seq]");
      for (const item of older.querySelectorAll("#messages > [data-seq]")) {
        if (!list.querySelector(`#m${item.dataset.seq}`)) list.insertBefore(document.adoptNode(item), first);
      }
      const next = older.querySelector("[data-older]");
      if (next) nav.replaceWith(document.adoptNode(next));
      else nav.remove();
    } finally {
      loadingOlder = false;
    }
    watchOlder();
  }

  let watcher = null;
  function watchOlder() {
    const nav = root.querySelector("[data-older]");
    if (!nav || !scroller) return;
    watcher?.disconnect();
    // Scrolling to the top of the messages loads the page before them, in place.
    watcher = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadOlder();
    }, { root: scroller });
    watcher.observe(nav);
  }

  root.addEventListener("click", (event) => {
    const link = event.target.closest("[data-older] a");
    if (!link) return;
    event.preventDefault();
    loadOlder();
  });

  // Open at the newest message with the composer in view (the scroll box already starts at its
  // newest message; a permalink's #m<seq> target is left alone).
  if (live && !location.hash && form) form.scrollIntoView({ block: "end" });
  // Only once the newest messages are in view: the observer would otherwise fire right away.
  requestAnimationFrame(watchOlder);

  // Read up to the last event seen: every message up to that number has been shown.
  document.addEventListener("visibilitychange", () => markRead(connection.lastEvent(channel) || 0));
  connection.connect();
  window.hubChat = connection; // for the browser tests and the curious
  return connection;
}

startChannelPage();
