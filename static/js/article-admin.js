// The article admin: the Highlights outline editor and the body's preview.
// Highlights: drag a row by its handle, or use its buttons (or Alt+arrows in its text box)
// to move it up or down and to indent or outdent it. The hidden position and depth fields
// are filled in from the rows' order and indentation; the server checks the outline again.
(function () {
  "use strict";

  const MAX_DEPTH = 2;

  function setUpHighlights(group) {
    const tbody = group.querySelector("tbody");
    const rows = () =>
      Array.from(tbody.querySelectorAll("tr.form-row:not(.empty-form)"));
    const field = (row, name) => row.querySelector('[name$="-' + name + '"]');
    const depthOf = (row) => parseInt(field(row, "depth").value || "0", 10);
    const isKept = (row) => {
      const text = field(row, "text");
      const remove = field(row, "DELETE");
      return text && text.value.trim() !== "" && !(remove && remove.checked);
    };

    function setDepth(row, depth) {
      field(row, "depth").value = String(depth);
      row.dataset.depth = String(depth);
    }

    // Positions follow the rows' order; each kept row nests at most one level below the
    // kept row above it, so any move leaves an outline readers can see nested.
    function renumber() {
      let position = 0;
      let previous = -1;
      rows().forEach((row) => {
        if (!isKept(row)) {
          row.dataset.depth = String(depthOf(row));
          return;
        }
        setDepth(row, Math.min(depthOf(row), previous + 1, MAX_DEPTH));
        previous = depthOf(row);
        field(row, "position").value = String(position);
        position += 1;
      });
    }

    function move(row, step) {
      const all = rows();
      const target = all[all.indexOf(row) + step];
      if (!target) return;
      tbody.insertBefore(row, step < 0 ? target : target.nextSibling);
      renumber();
    }

    function indent(row, step) {
      setDepth(row, Math.max(0, Math.min(MAX_DEPTH, depthOf(row) + step)));
      renumber();
    }

    tbody.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      const row = button && button.closest("tr.form-row");
      if (!row) return;
      if (button.classList.contains("highlight-up")) move(row, -1);
      else if (button.classList.contains("highlight-down")) move(row, 1);
      else if (button.classList.contains("highlight-outdent")) indent(row, -1);
      else if (button.classList.contains("highlight-indent")) indent(row, 1);
    });

    tbody.addEventListener("keydown", (event) => {
      const row = event.target.closest("tr.form-row");
      if (!row || !event.altKey) return;
      const actions = {
        ArrowUp: () => move(row, -1),
        ArrowDown: () => move(row, 1),
        ArrowLeft: () => indent(row, -1),
        ArrowRight: () => indent(row, 1),
      };
      if (actions[event.key]) {
        event.preventDefault();
        actions[event.key]();
        event.target.focus();
      }
    });

    let dragged = null;
    tbody.addEventListener("dragstart", (event) => {
      if (!event.target.classList || !event.target.classList.contains("highlight-handle")) return;
      dragged = event.target.closest("tr.form-row");
      dragged.classList.add("highlight-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
    });
    tbody.addEventListener("dragover", (event) => {
      const over = event.target.closest && event.target.closest("tr.form-row:not(.empty-form)");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      const box = over.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      tbody.insertBefore(dragged, after ? over.nextSibling : over);
    });
    tbody.addEventListener("drop", (event) => {
      if (dragged) event.preventDefault();
    });
    tbody.addEventListener("dragend", () => {
      if (!dragged) return;
      dragged.classList.remove("highlight-dragging");
      dragged = null;
      renumber();
    });

    tbody.addEventListener("input", renumber);
    tbody.addEventListener("change", renumber);
    document.addEventListener("formset:added", renumber);
    group.closest("form").addEventListener("submit", renumber);
    renumber();
  }

  // The body's preview: the Markdown rendered as the article page renders it, by the
  // server (a staff-only admin view), into a panel under the body box.
  function setUpPreview(textarea) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button body-preview-button";
    button.textContent = "Preview body";
    const panel = document.createElement("div");
    panel.className = "body-preview article-body";
    panel.hidden = true;
    textarea.after(button, panel);
    button.addEventListener("click", async () => {
      const form = textarea.closest("form");
      const data = new FormData();
      data.append("body", textarea.value);
      const response = await fetch(textarea.dataset.previewUrl, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
        credentials: "same-origin",
      });
      // The server's HTML is sanitised by the same rules as the article page's.
      panel.innerHTML = response.ok ? await response.text() : "<p>The preview failed.</p>";
      panel.hidden = false;
    });
  }

  function start() {
    document.querySelectorAll(".highlights-editor").forEach((fieldset) => {
      setUpHighlights(fieldset.closest(".inline-group"));
    });
    document.querySelectorAll("textarea[data-preview-url]").forEach(setUpPreview);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
