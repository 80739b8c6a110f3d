// Choosers (hub/core/widgets.py): enhance a long list of GOV.UK checkboxes with GOV.UK's
// accessible-autocomplete. Typing finds an option; confirming it ticks its checkbox, which then
// shows in the list of chosen ones (untick to remove). The checkboxes stay the form's inputs,
// so what is posted is exactly what it is without JavaScript.

// Django's JavaScript catalogue (base.html loads it first) translates the component's
// screen-reader messages; its English defaults without it.
const gettext = globalThis.gettext ?? ((text) => text);
const ngettext = globalThis.ngettext ?? ((one, many, n) => (n === 1 ? one : many));
const interpolate =
  globalThis.interpolate ??
  ((fmt, args) => {
    let next = 0;
    return fmt.replace(/%s/g, () => args[next++]);
  });

let library;

function load(dataset) {
  if (!library) {
    library = new Promise((resolve, reject) => {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = dataset.stylesheet;
      document.head.append(css);
      const script = document.createElement("script");
      script.src = dataset.script;
      script.onload = () => resolve(window.accessibleAutocomplete);
      script.onerror = reject;
      document.head.append(script);
    });
  }
  return library;
}

function enhance(chooser, accessibleAutocomplete, index) {
  const boxes = Array.from(chooser.querySelectorAll("input[type=checkbox]"));
  // A short list is easier to read and tick as it is (GOV.UK checkboxes).
  if (boxes.length <= Number(chooser.dataset.searchFrom || 0)) return;
  const byName = new Map();
  for (const box of boxes) {
    const label = chooser.querySelector(`label[for="${box.id}"]`);
    byName.set(label ? label.textContent.trim() : box.value, box);
  }
  const names = Array.from(byName.keys());
  const item = (box) => box.closest(".govuk-checkboxes__item");
  // Only the ticked ones stay listed; one unticked now stays until the page is reloaded, so
  // focus never jumps away from the box someone just unticked.
  const show = () => boxes.forEach((box) => { if (box.checked) item(box).hidden = false; });
  boxes.forEach((box) => { item(box).hidden = !box.checked; });

  const search = document.createElement("div");
  search.className = "hub-chooser__search";
  const id = `hub-chooser-${index}`;
  const label = document.createElement("label");
  label.className = "govuk-label";
  label.htmlFor = id;
  label.textContent = chooser.dataset.addLabel;
  const field = document.createElement("div");
  search.append(label, field);
  chooser.prepend(search);

  accessibleAutocomplete({
    element: field,
    id,
    minLength: 1,
    displayMenu: "overlay",
    confirmOnBlur: false,
    tNoResults: () => chooser.dataset.noResults,
    tStatusNoResults: () => chooser.dataset.noResults,
    tStatusQueryTooShort: (n) =>
      interpolate(ngettext("Type %s or more characters", "Type %s or more characters", n), [n]),
    tStatusSelectedOption: (option, length, index) =>
      interpolate(gettext("%s, %s of %s, is highlighted"), [option, index + 1, length]),
    tStatusResults: (length, selected) =>
      `${interpolate(ngettext("%s result available.", "%s results available.", length), [length])} ${selected}`,
    tAssistiveHint: () =>
      gettext("When results are available, use up and down arrows to review and Enter to choose."),
    source: (query, populate) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      populate(
        names
          .filter((name) => !byName.get(name).checked)
          .filter((name) => words.every((word) => name.toLowerCase().includes(word)))
          .slice(0, 20),
      );
    },
    onConfirm: (name) => {
      const box = name && byName.get(name);
      if (!box) return;
      box.checked = true;
      show();
      // Empty the search for the next one (after the library has written the chosen name in).
      setTimeout(() => {
        const input = document.getElementById(id);
        if (input) input.value = "";
      }, 0);
    },
  });
  chooser.classList.add("hub-chooser--enhanced");
}

export function startChoosers(root = document) {
  const choosers = Array.from(root.querySelectorAll("[data-hub-chooser]")).filter(
    (chooser) => chooser.querySelectorAll("input[type=checkbox]").length > Number(chooser.dataset.searchFrom || 0),
  );
  if (!choosers.length) return;
  load(choosers[0].dataset).then((accessibleAutocomplete) => {
    choosers.forEach((chooser, index) => enhance(chooser, accessibleAutocomplete, index));
  });
}
