// Live totals on the dossier form. The page works without this file: the server computes the
// same totals when the form is saved or a line is added ("Thêm dòng").
(function () {
  "use strict";
  // The same rules as dossier.vn.numbers.parse_money: digits, or groups of three split by one
  // separator used throughout ("130.000.000", "130,000,000", "130 000 000"), an optional "đ"/"đồng".
  function parseMoney(text) {
    var t = String(text || "").normalize("NFC").trim().toLowerCase().replace(/\s*(đồng|đ|vnđ|vnd)$/, "");
    if (!/^(?:\d+|\d{1,3}([., \u00a0\u202f])\d{3}(?:\1\d{3})*)$/.test(t)) { return null; }
    var digits = t.replace(/\D/g, "");
    return digits.length <= 16 ? parseInt(digits, 10) : null;
  }
  // support / total in percent, exact and half-up to two decimals (vn.numbers.format_percent).
  function formatShare(support, total) {
    var n = BigInt(support) * 10000n, d = BigInt(total);
    var q = n / d, r = n % d;
    if (2n * r >= d) { q += 1n; }
    var cents = String(q % 100n);
    return String(q / 100n) + "," + (cents.length < 2 ? "0" + cents : cents);
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
    box.querySelector("[data-percent]").textContent = total > 0 ? formatShare(support, total) + " %" : "–";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("dossier-form");
    if (!form) { return; }
    form.addEventListener("input", function () { recalc(form); });
    recalc(form);
  });
})();
