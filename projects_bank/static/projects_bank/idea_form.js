// Disable the buttons once the idea form is sent, so a double tap sends it once.
// (The server is safe either way: the hidden submission token makes a resend harmless.)
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
});
