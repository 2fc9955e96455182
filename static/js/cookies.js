// Say at once that cookies are blocked (the page's stylesheet check says it without scripts too).
(function () {
  "use strict";
  if (navigator.cookieEnabled !== false) { return; }
  var notice = document.getElementById("cookie-notice");
  if (notice) { notice.classList.add("is-shown"); }
})();
