// The idea form on a phone.
// - Disable the buttons once the form is sent, so a double tap sends it once (the server
//   is safe either way: the hidden submission token makes a resend harmless).
// - Region -> province -> commune: load the next list from the API instead of sending the
//   form back (the "show the provinces/communes" buttons are the no-JavaScript path).
// - Show the chosen file's name beside the translated "choose a file" button.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("idea-form");
  if (!form) return;

  form.addEventListener("submit", function (event) {
    var clicked = event.submitter;
    if (clicked && clicked.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = clicked.name;
      hidden.value = clicked.value;
      form.appendChild(hidden);
    }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  });

  var lang = (document.documentElement.lang || "ar").slice(0, 2);
  var region = form.querySelector("select[name=region]");
  var province = form.querySelector("select[name=province]");
  var commune = form.querySelector("select[name=commune]");
  form.querySelectorAll(".narrow-button").forEach(function (button) { button.remove(); });

  function fetchAll(url, items) {
    return fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (page) {
        items = items.concat(page.results || page);
        return page.next ? fetchAll(page.next, items) : items;
      });
  }

  function reset(select) {
    while (select.options.length > 1) select.remove(1);
    select.value = "";
  }

  function fill(select, url, code) {
    reset(select);
    if (!code) return;
    select.disabled = true;
    fetchAll(url + "?page_size=100&" + new URLSearchParams(code), [])
      .then(function (items) {
        items.sort(function (a, b) { return (a["name_" + lang] || a.name).localeCompare(b["name_" + lang] || b.name, lang); });
        items.forEach(function (item) {
          select.add(new Option(item["name_" + lang] || item.name, item.code));
        });
      })
      .catch(function () { /* the list stays empty; the server re-asks on submit */ })
      .then(function () { select.disabled = false; });
  }

  if (region && province && commune) {
    region.addEventListener("change", function () {
      reset(commune);
      fill(province, form.dataset.provincesUrl, {region: region.value});
    });
    province.addEventListener("change", function () {
      fill(commune, form.dataset.communesUrl, {province: province.value});
    });
  }

  form.querySelectorAll(".file-input input[type=file]").forEach(function (input) {
    var chosen = input.parentNode.querySelector(".file-chosen");
    input.addEventListener("change", function () {
      chosen.textContent = input.files.length ? input.files[0].name : chosen.dataset.none;
    });
  });
});
