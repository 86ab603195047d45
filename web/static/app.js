// Live totals on the dossier form. The page works without this file: the server computes the
// same totals when the form is saved or a line is added ("Thêm dòng").
(function () {
  "use strict";
  function parseMoney(text) {
    var t = String(text || "").trim().toLowerCase().replace(/đồng$|đ$/, "").replace(/[.\s\u00a0]/g, "");
    return /^\d{1,16}$/.test(t) ? parseInt(t, 10) : null;
  }
  function formatMoney(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  function recalc(form) {
    var total = 0;
    form.querySelectorAll("tr.line").forEach(function (row) {
      var q = row.querySelector('[data-col="quantity"]');
      var p = row.querySelector('[data-col="unit_price"]');
      var cell = row.querySelector("[data-amount]");
      var qty = parseMoney(q && q.value ? q.value : "1");
      var price = parseMoney(p ? p.value : "");
      if (qty !== null && price !== null) {
        total += qty * price;
        cell.textContent = formatMoney(qty * price);
      } else {
        cell.textContent = "";
      }
    });
    var supportInput = form.querySelector('[name="requested_support"]');
    var support = parseMoney(supportInput ? supportInput.value : "") || 0;
    var box = document.getElementById("totals");
    if (!box) { return; }
    box.querySelector("[data-total]").textContent = formatMoney(total) + " đồng";
    box.querySelector("[data-support]").textContent = formatMoney(support) + " đồng";
    box.querySelector("[data-counterpart]").textContent = (total - support < 0 ? "-" : "") + formatMoney(Math.abs(total - support)) + " đồng";
    box.querySelector("[data-percent]").textContent = total ? (Math.round(support * 10000 / total) / 100).toFixed(2).replace(".", ",") + " %" : "–";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("dossier-form");
    if (!form) { return; }
    form.addEventListener("input", function () { recalc(form); });
    recalc(form);
  });
})();
