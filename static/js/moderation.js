/* Keyboard shortcuts for the moderation queue. Progressive enhancement: every action is a
   plain form on the page, and this script only moves the focus and submits those forms. */
(() => {
  "use strict";

  const queue = document.getElementById("mod-queue");
  const help = document.getElementById("mod-help");
  if (!queue) {
    return;
  }
  // The shortcuts exist only with this script, so only now are they mentioned.
  document.querySelectorAll(".mod-keys-hint").forEach((hint) => {
    hint.hidden = false;
  });

  const items = () => Array.from(queue.querySelectorAll(".mod-item"));
  const currentItem = () =>
    document.activeElement ? document.activeElement.closest(".mod-item") : null;

  function move(step) {
    const all = items();
    if (!all.length) {
      return;
    }
    const index = all.indexOf(currentItem());
    const next =
      index === -1
        ? step > 0 ? 0 : all.length - 1
        : Math.min(Math.max(index + step, 0), all.length - 1);
    all[next].focus();
    all[next].scrollIntoView({ block: "nearest" });
  }

  function submit(item, selector) {
    const form = item && item.querySelector(selector);
    if (form) {
      form.requestSubmit(); // a real submit event, so htmx (when present) takes it over
    }
  }

  function focusReason(item) {
    const select = item && item.querySelector(".mod-reject .mod-reason, .mod-remove .mod-reason");
    if (select) {
      select.focus();
    }
  }

  function toggleSelection(item) {
    const box = item && item.querySelector(".mod-select");
    if (box) {
      box.checked = !box.checked;
    }
  }

  const shortcuts = {
    j: () => move(1),
    k: () => move(-1),
    a: () => submit(currentItem(), "form.mod-approve"),
    r: () => focusReason(currentItem()),
    x: () => toggleSelection(currentItem()),
    "?": () => help && !help.open && help.showModal(),
  };

  // Where typing goes, letters are letters, not shortcuts.
  const TYPING = "textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio])";

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
      return;
    }
    const target = event.target;
    if (target instanceof Element && (target.closest(TYPING) || target.closest("dialog[open]"))) {
      return;
    }
    const action = shortcuts[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  // After htmx swaps a result into an item, keep the focus on that item so j/k go on from it.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const item = event.target instanceof Element ? event.target.closest(".mod-item") : null;
    if (item && (document.activeElement === document.body || !document.activeElement)) {
      item.focus();
    }
  });
})();
