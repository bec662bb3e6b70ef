// Filters a person's publications in place through the REST API. Without this file the
// form submits as a plain GET and the server filters: the same URL either way.
(function () {
  "use strict";
  const form = document.getElementById("paper-filter");
  if (!form || !form.dataset.apiAuthor || !window.fetch) return;
  const list = document.getElementById("publications");
  const count = document.getElementById("publication-count");
  const owner = form.dataset.apiAuthor;
  const members = new Set((form.dataset.members || "").split(" ").filter(Boolean));
  const pageSize = form.dataset.pageSize || "100";
  const SAFE = /^https?:\/\//i;
  // The labels of papers.choices.LinkKind.
  const LABELS = {
    pdf: "Paper", code: "Code", project: "Project page", slides: "Slides", video: "Video",
    poster: "Poster", supplement: "Supplement", appendix: "Appendix", doi: "DOI", arxiv: "arXiv",
    other: "Other",
  };

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    refresh();
  });
  form.addEventListener("change", function (event) {
    if (event.target.name !== "q") refresh();
  });

  function query() {
    const data = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value) data.append(name, value);
    return data;
  }

  function refresh() {
    const shown = query();
    const api = new URLSearchParams(shown);
    api.set("author", owner);
    api.set("page_size", pageSize);
    form.setAttribute("aria-busy", "true");
    fetch("/api/v1/papers/?" + api, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
      .then(function (data) {
        draw(data, shown);
        history.replaceState(null, "", "?" + shown);
        files(shown);
      })
      .catch(function () {
        form.submit(); // the server shows the result, or the error
      })
      .finally(function () {
        form.removeAttribute("aria-busy");
      });
  }

  // The list's files follow its filters.
  function files(shown) {
    const query = String(shown);
    for (const file of document.querySelectorAll("a[data-file-base]")) {
      file.href = file.dataset.fileBase + (query ? "?" + query : "");
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, className, text) {
    const node = el("a", className, text);
    if (SAFE.test(href) || href.startsWith("/")) node.href = href;
    return node;
  }

  function draw(data, shown) {
    list.replaceChildren();
    let year = null;
    let group = null;
    for (const paper of data.results) {
      if (group === null || paper.year !== year) {
        year = paper.year;
        list.append(el("h3", "year", year === null ? "Year unknown" : String(year)));
        group = list.appendChild(el("ol", "papers"));
      }
      group.append(row(paper));
    }
    if (!data.results.length) list.append(el("p", "muted", "No paper matches."));
    count.textContent = data.count + (data.count === 1 ? " paper" : " papers");
    const pages = document.querySelector(".publications .pagination");
    if (pages) pages.remove();
    if (data.next) {
      const more = el("nav", "pagination");
      more.setAttribute("aria-label", "Pages");
      more.append(link("?" + shown + (shown.toString() ? "&" : "") + "page=2", "", "Next"));
      list.after(more);
    }
  }

  function row(paper) {
    const item = el("li", "paper");
    item.id = "paper-" + paper.id;
    item.dataset.year = paper.year === null ? "" : paper.year;
    item.append(link(new URL(paper.html_url, location.href).pathname, "paper-title", paper.title));
    item.append(authors(paper));
    item.append(meta(paper));
    if (paper.abstract) {
      const details = el("details", "abstract");
      details.append(el("summary", "", "Abstract"), el("p", "", paper.abstract));
      item.append(details);
    }
    return item;
  }

  function authors(paper) {
    const line = el("div", "authors");
    paper.authors.forEach(function (author, index) {
      if (index) line.append(", ");
      if (author.person === owner) line.append(el("strong", "self", author.name));
      else if (author.person) {
        const name = link("/people/" + author.person + "/", "", author.name);
        if (members.has(author.person)) {
          const span = el("span", "member");
          span.append(name);
          line.append(span);
        } else line.append(name);
      } else line.append(el("span", "", author.name));
    });
    if (!paper.authors_complete) line.append(" ", el("span", "muted", "et al."));
    return line;
  }

  function meta(paper) {
    const line = el("div", "meta");
    if (paper.venue) {
      const path = "/venues/" + paper.venue.slug + "/" + paper.venue.year + "/";
      line.append(link(path, "badge venue", paper.venue.acronym + " " + paper.venue.year), " ");
    } else if (paper.year) line.append(el("span", "badge venue", String(paper.year)), " ");
    if (paper.presentation && paper.presentation !== "poster") {
      const label = paper.presentation[0].toUpperCase() + paper.presentation.slice(1);
      line.append(el("span", "badge presentation", label), " ");
    }
    for (const honor of paper.honors) line.append(el("span", "badge honor", honor), " ");
    const links = paper.links.slice();
    const kinds = new Set(links.map(function (item) { return item.kind; }));
    if (paper.doi && !kinds.has("doi")) links.push({ kind: "doi", url: "https://doi.org/" + paper.doi });
    if (paper.arxiv_id && !kinds.has("arxiv")) {
      links.push({ kind: "arxiv", url: "https://arxiv.org/abs/" + paper.arxiv_id });
    }
    const order = Object.keys(LABELS);
    links.sort(function (a, b) { return order.indexOf(a.kind) - order.indexOf(b.kind); });
    for (const item of links) {
      if (SAFE.test(item.url)) line.append(link(item.url, "link " + item.kind, LABELS[item.kind]), " ");
    }
    const bib = link("/papers/" + paper.id + "/bibtex/", "link bibtex", "BibTeX");
    bib.dataset.bibtex = "";
    line.append(bib);
    return line;
  }
})();
