// Playback speed for the report page: buttons with data-rate set the <audio> element's rate.
// A static file, not inline, because the pages' Content-Security-Policy allows scripts from
// this site only.
document.addEventListener("DOMContentLoaded", function () {
  var audio = document.getElementById("recording");
  if (!audio) return;
  document.querySelectorAll("button.speed").forEach(function (button) {
    button.addEventListener("click", function () {
      audio.playbackRate = parseFloat(button.dataset.rate);
      document.querySelectorAll("button.speed").forEach(function (other) {
        other.classList.toggle("current", other === button);
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
    });
  });
});
