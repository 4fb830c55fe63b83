// The report page's player. A static file, not inline, because the pages' Content-Security-Policy
// allows scripts from this site only.
//
// Play: the button's form is posted in the background (with its CSRF token); the server writes
// "listen" to the audit log and answers with the recording's ticketed URL, which the <audio>
// element then plays. Opening the page fetches no audio. Without script the form is posted
// normally and the browser plays the recording itself.
// Speed: buttons with data-rate set the rate (also the default rate, which loading a source
// resets the rate to).
document.addEventListener("DOMContentLoaded", function () {
  var audio = document.getElementById("recording");
  if (!audio) return;
  var form = document.getElementById("listen-form");
  var failed = document.getElementById("listen-error");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      failed.hidden = true;
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (ticket) {
          audio.src = ticket.src;
          audio.hidden = false;
          form.hidden = true;
          // A refused autoplay leaves the player's own play button to press: nothing to report.
          var started = audio.play();
          if (started && started.catch) started.catch(function () {});
        })
        .catch(function () {
          button.disabled = false;
          failed.hidden = false;
        });
    });
  }
  document.querySelectorAll("button.speed").forEach(function (button) {
    button.addEventListener("click", function () {
      audio.defaultPlaybackRate = parseFloat(button.dataset.rate);
      audio.playbackRate = audio.defaultPlaybackRate;
      document.querySelectorAll("button.speed").forEach(function (other) {
        other.classList.toggle("current", other === button);
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
    });
  });
});
