/* Tỉnh số, dossier pages. Progressive enhancement only: every form works without this file.
   - Photos are made smaller in the browser before they are sent (weak mobile connections): long side at most
     1600 px, JPEG quality 0.75, in the order they were chosen. If anything fails, the originals are sent.
   - A form is sent once: its buttons are disabled after the first click (the server is idempotent too).
   - Photos taken one by one with the camera add up; "Copy" buttons copy the dossier numbers. */
(function () {
  "use strict";
  var MAX_SIDE = 1600;
  var QUALITY = 0.75;

  function isImage(file) {
    return /^image\//.test(file.type) && !/svg/.test(file.type);
  }

  function loadImage(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
        return createImageBitmap(file);
      });
    }
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  function shrink(file) {
    if (!isImage(file)) return Promise.resolve(file);
    return loadImage(file).then(function (img) {
      var w = img.width, h = img.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(w * scale));
      canvas.height = Math.max(1, Math.round(h * scale));
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // transparent PNG areas become white, not black
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      if (img.close) img.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || (blob.size >= file.size && file.type === "image/jpeg")) { resolve(file); return; }
          var name = (file.name || "anh").replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified }));
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; });
  }

  function shrinkInput(input) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.some(isImage)) return Promise.resolve();
    return Promise.all(files.map(shrink)).then(function (smaller) {
      var transfer = new DataTransfer();
      smaller.forEach(function (f) { transfer.items.add(f); }); // same order as chosen
      input.files = transfer.files;
    }).catch(function () {}); // keep the originals
  }

  function buttons(form) {
    return Array.prototype.slice.call(form.querySelectorAll("button[type=submit]"))
      .concat(Array.prototype.slice.call(document.querySelectorAll('button[form="' + form.id + '"]')));
  }

  function busy(form) {
    form.setAttribute("aria-busy", "true");
    var status = form.querySelector("[data-busy]");
    if (status) status.textContent = form.getAttribute("data-busy-text") || "";
  }

  function disableSoon(form) {
    // after this event: a disabled submitter would not be sent with the form
    window.setTimeout(function () {
      buttons(form).forEach(function (b) { b.disabled = true; });
    }, 0);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form[data-dossier]")) return;
    if (form.getAttribute("data-sending") === "1") { event.preventDefault(); return; } // second click
    var submitter = event.submitter || null;
    if (form.getAttribute("data-ready") === "1") {
      form.removeAttribute("data-ready");
      form.setAttribute("data-sending", "1");
      disableSoon(form);
      return;
    }
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file][data-compress]"))
      .filter(function (i) { return i.files && Array.prototype.some.call(i.files, isImage); });
    var canShrink = inputs.length && typeof DataTransfer === "function" && form.requestSubmit &&
      document.createElement("canvas").getContext;
    busy(form);
    if (!canShrink) {
      form.setAttribute("data-sending", "1");
      disableSoon(form);
      return;
    }
    event.preventDefault();
    form.setAttribute("data-sending", "1");
    Promise.all(inputs.map(shrinkInput)).then(function () {
      form.removeAttribute("data-sending");
      form.setAttribute("data-ready", "1");
      if (submitter) form.requestSubmit(submitter); else form.requestSubmit();
    });
  });

  // the camera gives one photo at a time: keep adding them, in order, until the paper is uploaded
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || !input.matches || !input.matches("input[type=file][capture]")) return;
    if (typeof DataTransfer !== "function") return;
    try {
      var kept = (input._kept || []).concat(Array.prototype.slice.call(input.files || []));
      var transfer = new DataTransfer();
      kept.forEach(function (f) { transfer.items.add(f); });
      input.files = transfer.files;
      input._kept = kept;
      var count = input.parentNode.querySelector("[data-photo-count]");
      if (count) count.textContent = (count.getAttribute("data-label") || "") + " " + kept.length;
    } catch (e) { /* the browser keeps its own choice */ }
  });

  // coming back with the browser's back button: the buttons work again
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-dossier]"), function (form) {
      form.removeAttribute("data-sending");
      form.removeAttribute("aria-busy");
      buttons(form).forEach(function (b) { b.disabled = false; });
    });
  });

  var problems = document.getElementById("problems");
  if (problems && !location.hash) problems.focus();

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        var label = button.firstChild;
        var before = label.nodeValue;
        label.nodeValue = button.getAttribute("data-copied") || before;
        window.setTimeout(function () { label.nodeValue = before; }, 2000);
      }).catch(function () {});
    });
  });
})();
