// pubtracker: small enhancements; every page works without this file.
(function () {
  "use strict";

  // "Copy BibTeX" buttons: shown only where the clipboard can be written.
  function copyButtons(root) {
    if (!navigator.clipboard) return;
    root.querySelectorAll("button.copy[data-copy-target]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.copy[data-copy-target]");
    if (button) {
      const target = document.getElementById(button.dataset.copyTarget);
      navigator.clipboard.writeText(target.textContent).then(function () {
        button.textContent = "Copied";
      });
      return;
    }
    const link = event.target.closest("a[data-bibtex]");
    if (link && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      showBibtex(link);
    }
  });

  // A row's BibTeX link opens the entry under the row instead of leaving the page.
  function showBibtex(link) {
    const row = link.closest("li.paper");
    const open = row.querySelector("div.bibtex-box");
    if (open) {
      open.remove();
      return;
    }
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.text();
    }).then(function (text) {
      const box = document.createElement("div");
      box.className = "bibtex-box";
      const pre = document.createElement("pre");
      pre.id = "bibtex-" + row.id;
      pre.textContent = text;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.dataset.copyTarget = pre.id;
      button.textContent = "Copy BibTeX";
      box.append(pre, button);
      row.append(box);
      copyButtons(box);
    }).catch(function () {
      window.location.href = link.href;
    });
  }

  copyButtons(document);
})();
