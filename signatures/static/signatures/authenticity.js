// Hash the chosen file here, in the browser (Web Crypto SHA-256): only the hash is sent.
(function () {
  var input = document.getElementById("copy-file");
  var form = document.getElementById("copy-form");
  var field = document.getElementById("copy-sha256");
  var status = document.getElementById("copy-status");
  if (!input || !form || !window.crypto || !window.crypto.subtle) {
    if (status) status.textContent = "Este navegador não calcula o resumo do arquivo.";
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files && input.files[0];
    if (!file) { status.textContent = "Escolha um arquivo."; return; }
    status.textContent = "Calculando o resumo (SHA-256) do arquivo neste computador…";
    file.arrayBuffer().then(function (buffer) {
      return window.crypto.subtle.digest("SHA-256", buffer);
    }).then(function (digest) {
      field.value = Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
      input.disabled = true; // the file itself never leaves the computer
      form.submit();
    }).catch(function () {
      status.textContent = "Não foi possível ler o arquivo.";
    });
  });
})();
