// Ayuda's own script: small additions to server-rendered pages. Every page works without it.
"use strict";

// The compose box on a ticket page: tells the server while the agent is writing (other agents see
// "… is writing a reply"), and warns when a new message arrives while a draft is open.
(function () {
  const form = document.querySelector("form.compose[data-presence]");
  if (!form) {
    return;
  }
  const body = form.querySelector("textarea[name=body]");
  const csrf = form.querySelector("input[name=csrf]").value;
  const crossing = document.getElementById("crossing");
  let told = "viewing";
  let toldAt = 0;

  function tell(activity) {
    told = activity;
    toldAt = Date.now();
    fetch(form.dataset.presence, {
      method: "POST",
      body: new URLSearchParams({ csrf: csrf, activity: activity }),
      credentials: "same-origin",
    }).catch(function () {});
  }

  function writing() {
    return body.value.trim() !== "";
  }

  body.addEventListener("input", function () {
    if (writing() && (told !== "replying" || Date.now() - toldAt > 8000)) {
      tell("replying");
    } else if (!writing() && told === "replying") {
      tell("viewing");
    }
  });
  // A draft left open keeps its writer shown as writing.
  setInterval(function () {
    if (writing()) {
      tell("replying");
    }
  }, 10000);

  const messages = document.querySelector("ol.messages");
  if (messages && crossing) {
    new MutationObserver(function () {
      if (writing()) {
        crossing.hidden = false;
      }
    }).observe(messages, { childList: true });
  }
})();

// The canned response menu: with script, the chosen response is put into the reply where the cursor is,
// keeping what was already written (without script, the form reloads the page with it as the draft).
(function () {
  const form = document.querySelector("form.insert-canned[data-text]");
  const body = document.querySelector("form.compose textarea[name=body]");
  if (!form || !body) {
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const name = form.querySelector("select[name=canned]").value;
    fetch(form.dataset.text + "?" + new URLSearchParams({ canned: name }), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (text) {
        const start = body.selectionStart || 0;
        const end = body.selectionEnd || 0;
        body.value = body.value.slice(0, start) + text + body.value.slice(end);
        body.focus();
        body.selectionStart = body.selectionEnd = start + text.length;
        body.dispatchEvent(new Event("input"));
      })
      .catch(function () {
        form.submit();
      });
  });
})();

// The knowledge panel's insert buttons: with script, the article (as a link or as text, in the ticket's
// language) is put into the reply where the cursor is; without script, the page comes back with it as the draft.
(function () {
  const body = document.querySelector("form.compose textarea[name=body]");
  if (!body) {
    return;
  }
  document.querySelectorAll("form.insert-article").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const fields = new URLSearchParams(new FormData(form, event.submitter));
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Ayuda-Insert": "text" },
        body: fields,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (text) {
          const start = body.selectionStart || 0;
          const end = body.selectionEnd || 0;
          const before = body.value.slice(0, start);
          const gap = before && !before.endsWith("\n") ? "\n\n" : "";
          body.value = before + gap + text + body.value.slice(end);
          body.focus();
          body.selectionStart = body.selectionEnd = start + gap.length + text.length;
          body.dispatchEvent(new Event("input"));
        })
        .catch(function () {
          form.submit();
        });
    });
  });
})();

// The article editor's image buttons put the image's HTML into the body where the cursor is.
(function () {
  const body = document.getElementById("edit-body");
  if (!body) {
    return;
  }
  document.querySelectorAll("button.insert-file").forEach(function (button) {
    button.addEventListener("click", function () {
      const snippet = button.dataset.snippet;
      const start = body.selectionStart || 0;
      const end = body.selectionEnd || 0;
      body.value = body.value.slice(0, start) + snippet + body.value.slice(end);
      body.focus();
      body.selectionStart = body.selectionEnd = start + snippet.length;
    });
  });
})();
