// Search suggestions for the header search box (and the search page's box): progressive
// enhancement only. Without this file the boxes are plain GET forms to /search/.
//
// Follows the WAI-ARIA 1.2 combobox pattern with list autocomplete: the input keeps focus
// (role=combobox, aria-expanded, aria-controls, aria-activedescendant); Down/Up move through
// the suggestions, Enter opens the highlighted one, Escape closes the list; a polite live
// region announces how many suggestions there are. No inline script or style (CSP: 'self').

// Django's JavaScript catalogue (base.html loads it first) translates; plain English without it.
const gettext = globalThis.gettext ?? ((text) => text);
const ngettext = globalThis.ngettext ?? ((one, many, n) => (n === 1 ? one : many));
const interpolate = globalThis.interpolate ?? ((fmt, args) => fmt.replace("%s", args[0]));

const MIN_CHARS = 2;
const DELAY_MS = 200;
const DEFAULT_URL = "/search/api/autocomplete/";

let stylesheetAdded = false;

function addStylesheet() {
  if (stylesheetAdded) return;
  stylesheetAdded = true;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("./autocomplete.css", import.meta.url).href;
  document.head.append(link);
}

// Suggestions link only to pages on this site.
function safeUrl(url) {
  return typeof url === "string" && url.startsWith("/") && !url.startsWith("//") ? url : null;
}

export class Autocomplete {
  constructor(input, { url = DEFAULT_URL, fetchImpl = window.fetch.bind(window) } = {}) {
    this.input = input;
    this.url = url;
    this.fetch = fetchImpl;
    this.options = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.lastQuery = "";

    const base = input.id || "search";
    this.listbox = document.createElement("ul");
    this.listbox.id = `${base}-suggestions`;
    this.listbox.className = "hub-autocomplete__list";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", gettext("Suggestions"));
    this.listbox.hidden = true;

    this.status = document.createElement("div");
    this.status.id = `${base}-suggestions-status`;
    this.status.className = "govuk-visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-atomic", "true");

    input.parentElement.classList.add("hub-autocomplete");
    input.after(this.listbox, this.status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", () => this.schedule());
    input.addEventListener("keydown", (event) => this.onKeydown(event));
    input.addEventListener("blur", () => this.close());
    // Keep focus in the input while a suggestion is clicked, so blur does not close first.
    this.listbox.addEventListener("mousedown", (event) => event.preventDefault());
    this.listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  get isOpen() {
    return !this.listbox.hidden;
  }

  schedule() {
    clearTimeout(this.timer);
    const query = this.input.value.trim();
    if (query.length < MIN_CHARS) {
      this.abort();
      this.render([]);
      this.announce("");
      return;
    }
    this.timer = setTimeout(() => this.load(query), DELAY_MS);
  }

  abort() {
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  async load(query) {
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    const address = `${this.url}?${new URLSearchParams({ q: query })}`;
    let results;
    try {
      const response = await this.fetch(address, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      results = (await response.json()).results || [];
    } catch (error) {
      if (error.name === "AbortError") return;
      results = []; // suggestions are optional: the form still searches
    }
    // Ignore answers for text the person has since changed.
    if (controller !== this.controller || this.input.value.trim() !== query) return;
    this.controller = null;
    this.lastQuery = query;
    this.render(results.filter((r) => safeUrl(r.url)));
    const count = this.options.length;
    this.announce(
      count === 0
        ? gettext("No suggestions.")
        : interpolate(
            ngettext(
              "%s suggestion available. Use up and down arrows to choose.",
              "%s suggestions available. Use up and down arrows to choose.",
              count,
            ),
            [count],
          ),
    );
  }

  render(results) {
    this.options = results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    const items = results.map((result, index) => {
      const item = document.createElement("li");
      item.id = `${this.listbox.id}-${index}`;
      item.className = "hub-autocomplete__option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.index = String(index);
      const title = document.createElement("span");
      title.className = "hub-autocomplete__title";
      title.textContent = result.title;
      const type = document.createElement("span");
      type.className = "hub-autocomplete__type";
      type.textContent = result.type_label || "";
      item.append(title, type);
      return item;
    });
    this.listbox.replaceChildren(...items);
    // An answer that arrives after the person left the box must not pop a list open.
    this.setOpen(items.length > 0 && document.activeElement === this.input);
  }

  setOpen(open) {
    if (open) this.place();
    this.listbox.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  // Line the list up under the input, whatever else shares its container (a button on the
  // search page). CSSOM property writes are allowed by the CSP; style attributes are not.
  place() {
    const { input, listbox } = this;
    listbox.style.top = `${input.offsetTop + input.offsetHeight}px`;
    listbox.style.left = `${input.offsetLeft}px`;
    listbox.style.width = `${input.offsetWidth}px`;
  }

  close() {
    clearTimeout(this.timer);
    this.setOpen(false);
  }

  announce(text) {
    this.status.textContent = text;
  }

  highlight(index) {
    const items = this.listbox.querySelectorAll("[role=option]");
    items.forEach((item, i) => item.setAttribute("aria-selected", i === index ? "true" : "false"));
    this.active = index;
    if (index < 0) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    this.input.setAttribute("aria-activedescendant", items[index].id);
    items[index].scrollIntoView({ block: "nearest" });
  }

  move(step) {
    if (!this.options.length) return;
    if (!this.isOpen) this.setOpen(true);
    const count = this.options.length;
    // From the input, Down goes to the first suggestion and Up to the last.
    const next = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
    this.highlight(next);
  }

  choose(index) {
    const result = this.options[index];
    const url = result && safeUrl(result.url);
    if (!url) return;
    this.close();
    window.location.assign(url);
  }

  onKeydown(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "ArrowDown":
        if (!this.options.length) return;
        event.preventDefault();
        this.move(1);
        break;
      case "ArrowUp":
        if (!this.options.length) return;
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        // Without a highlighted suggestion, Enter submits the search form as usual.
        if (this.isOpen && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        }
        break;
      case "Escape":
        if (this.isOpen) {
          event.preventDefault();
          this.close();
        }
        break;
      default:
    }
  }
}

export function enhanceAll(root = document) {
  const inputs = root.querySelectorAll("#header-search, input[data-autocomplete-url]");
  if (!inputs.length) return [];
  addStylesheet();
  return Array.from(
    inputs,
    (input) => new Autocomplete(input, { url: input.dataset.autocompleteUrl || DEFAULT_URL }),
  );
}

enhanceAll();
