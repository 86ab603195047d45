// The "Ký bằng công cụ ký số trên máy tính" page, as the Ban Cơ yếu plugin (vgcaplugin.js) does it:
// hand the local signing agent the prepared PDF's address (FileName), where to upload the signed
// file (FileUploadHandler) and the one-time token; the agent signs with the official's USB token,
// posts the file to the server and answers with its callback (Status 0 = done). Without this
// script, or without an agent, the page's form still takes a file signed by hand.
(function () {
  "use strict";
  var STATUS_OK = 0;
  function say(box, text) { box.textContent = text; }
  function sign(panel, box) {
    var number = panel.dataset.agentNumber;
    var params = {
      FileName: panel.dataset.agentFile,
      FileUploadHandler: panel.dataset.agentUpload,
      JWTToken: panel.dataset.agentToken,
      DocNumber: number,
      MetaData: [{ Key: "purpose", Value: "approved" }]
    };
    say(box, "Đang chờ công cụ ký số trên máy tính (nhập mã PIN của thiết bị ký số nếu được hỏi)…");
    return fetch(panel.dataset.agentUrl + "/vgca_sign_approved", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(params)
    }).then(function (response) { return response.json(); }).then(function (answer) {
      var server = answer.FileServer || {};
      if (answer.Status === STATUS_OK && server.ok) {
        say(box, "Đã ký số văn bản, cấp " + server.number + ". Đang mở văn bản đã ký…");
        window.location.assign(server.issued_url);
        return;
      }
      say(box, "Chưa ký được văn bản: " + (server.message || answer.Message || "công cụ ký số báo lỗi.") +
        " Số " + number + " chưa được cấp.");
    }).catch(function () {
      say(box, "Không kết nối được công cụ ký số trên máy tính. Hãy mở phần mềm ký số rồi bấm lại, " +
        "hoặc tải bản PDF, ký và gửi tệp đã ký ở dưới.");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("agent-panel");
    var button = document.getElementById("agent-sign");
    var box = document.getElementById("agent-status");
    if (!panel || !button || !box || !window.fetch) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      sign(panel, box).then(function () { button.disabled = false; });
    });
  });
})();
