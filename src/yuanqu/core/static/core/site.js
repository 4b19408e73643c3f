/* Behaviour every page shares, here instead of inline handlers (the Content-Security-Policy allows no inline
   script without its nonce):
   - a <select data-autosubmit> submits its form when changed (the pickers, the language switch);
   - a button or link with data-confirm asks first, and does nothing unless confirmed;
   - one menu open at a time; a click elsewhere closes it. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    var asking = event.target.closest && event.target.closest("[data-confirm]");
    if (asking && !window.confirm(asking.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    document.querySelectorAll("details.nav-group[open]").forEach(function (d) {
      if (!d.contains(event.target)) d.open = false;
    });
  });
})();
