/*
 * The career assistant's chat widget: rasa-webchat (vendored in vendor/, no CDN) talking to the
 * Rasa server's socketio channel. Embed it on any page with one line:
 *
 *   <script src="https://YOUR-SITE/chat.js" data-bot="https://YOUR-RASA-SERVER"></script>
 *
 * The bot's URL comes from data-bot, else window.CHAT_CONFIG.socketUrl (config.js), else
 * http://localhost:5005. chat.css and vendor/rasa-webchat.js are loaded from next to this file.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script.src);
  var config = window.CHAT_CONFIG || {};
  var socketUrl = script.getAttribute("data-bot") || config.socketUrl || "http://localhost:5005";

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("chat.css", base).href;
  document.head.appendChild(css);

  var bundle = document.createElement("script");
  bundle.src = new URL("vendor/rasa-webchat.js", base).href;
  bundle.onload = function () {
    window.WebChat.default({
      socketUrl: socketUrl,
      socketPath: "/socket.io/",
      initPayload: "/greet",
      customData: { language: "en" },
      title: "Career assistant",
      subtitle: "Becoming a medical billing specialist",
      inputTextFieldHint: "Ask about steps, pay, certifications…",
      connectingText: "Connecting to the assistant…",
      // The conversation (and its session id) is kept in localStorage: a reload, or coming back
      // later, continues the same conversation, and the Rasa server keeps its context.
      params: { storage: "local" },
      withRules: false,
      showFullScreenButton: false,
      // A short "typing" pause, shorter than the widget's default (up to 3 s per message).
      customMessageDelay: function (message) {
        return Math.min(900, 250 + message.length * 2);
      }
    }, null);
    accessible();
  };
  document.head.appendChild(bundle);

  /*
   * Accessibility (WCAG 2.2 AA; README, "The website widget"): rasa-webchat's markup lacks names,
   * a live region and keyboard support, so this layer adds them to the rendered widget, every
   * time React renders it:
   * - the launcher, send and close buttons get names; the launcher says whether it opens or closes;
   * - the message list is a live region (role="log"), so a screen reader hears each new message
   *   once; it can be focused and scrolled with the keyboard; the typing dots say so in words;
   * - quick-reply buttons (rendered as <div>s) become keyboard buttons: Tab, Enter, Space;
   * - the chart image gets its text summary (the message just before it) as its alternative;
   * - Escape closes the open chat and puts the focus back on the launcher; opening it puts the
   *   focus in the message box.
   * And "Delete conversation" under the header asks the assistant to forget the conversation (it
   * confirms first); once it is deleted, the browser's stored copy goes too.
   */
  function accessible() {
    var TYPING = "The assistant is typing";
    var FORGET = "delete my conversation";
    var DELETED = "Done: this conversation has been deleted";
    var STORAGE_KEY = "chat_session";  // rasa-webchat's key in localStorage
    var forgotten = false;

    function ask(text) {
      // The message box is a React-controlled <textarea>: set its value the way React notices.
      var box = document.querySelector(".rw-new-message");
      if (!box) return;
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set.call(box, text);
      box.dispatchEvent(new Event("input", { bubbles: true }));
      var send = document.querySelector(".rw-send");
      window.setTimeout(function () { if (send) send.click(); }, 0);
    }

    function forgetButton() {
      var header = document.querySelector(".rw-header-and-loading");
      if (!header || document.querySelector(".rw-forget")) return;
      var bar = document.createElement("div");
      bar.className = "rw-toolbar";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rw-forget";
      button.textContent = "Delete conversation";
      button.addEventListener("click", function () { ask(FORGET); });
      bar.appendChild(button);
      header.parentNode.insertBefore(bar, header.nextSibling);
    }

    function forgetStoredCopy() {
      var texts = document.querySelectorAll(".rw-response .rw-message-text");
      var last = texts.length ? texts[texts.length - 1].textContent : "";
      if (last.indexOf(DELETED) === 0) forgotten = true;
      if (forgotten) {
        window.localStorage.removeItem(STORAGE_KEY);
        window.sessionStorage.removeItem(STORAGE_KEY);
      }
    }
    window.addEventListener("pagehide", forgetStoredCopy);

    function label(element, text) {
      if (element && element.getAttribute("aria-label") !== text) element.setAttribute("aria-label", text);
    }

    function chartSummary(image) {
      var group = image.closest(".rw-group-message");
      var texts = group ? group.querySelectorAll(".rw-message-text") : [];
      var summary = texts.length ? texts[texts.length - 1].textContent.trim() : "";
      return summary ? "Chart. " + summary : "Chart of median pay by state";
    }

    function fix() {
      var open = !!document.querySelector(".rw-conversation-container");
      document.querySelectorAll(".rw-launcher").forEach(function (launcher) {
        label(launcher, open ? "Close the career assistant chat" : "Open the career assistant chat");
        launcher.setAttribute("aria-expanded", open ? "true" : "false");
        launcher.querySelectorAll("img").forEach(function (img) { img.setAttribute("alt", ""); });
      });
      label(document.querySelector(".rw-send"), "Send");
      label(document.querySelector(".rw-new-message"), "Your question");
      document.querySelectorAll(".rw-close-button").forEach(function (button) {
        label(button, "Close the chat");
        button.querySelectorAll("img").forEach(function (img) { img.setAttribute("alt", ""); });
      });
      var log = document.querySelector(".rw-messages-container");
      if (log && log.getAttribute("role") !== "log") {
        log.setAttribute("role", "log");
        log.setAttribute("aria-live", "polite");
        log.setAttribute("aria-label", "Conversation with the career assistant");
        log.setAttribute("tabindex", "0");
      }
      document.querySelectorAll(".rw-typing-indication .rw-response").forEach(function (dots) {
        if (!dots.querySelector(".rw-visually-hidden")) {
          var words = document.createElement("span");
          words.className = "rw-visually-hidden";
          words.textContent = TYPING;
          dots.appendChild(words);
        }
      });
      document.querySelectorAll(".rw-replies .rw-reply, .rw-carousel-buttons-container .rw-reply")
        .forEach(function (reply) {
          if (reply.tagName !== "A" && reply.getAttribute("role") !== "button") {
            reply.setAttribute("role", "button");
            reply.setAttribute("tabindex", "0");
          }
        });
      document.querySelectorAll(".rw-image-frame").forEach(function (image) {
        if (!image.hasAttribute("alt")) image.setAttribute("alt", chartSummary(image));
      });
      forgetButton();
      forgetStoredCopy();
    }

    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if ((event.key === "Enter" || event.key === " ") && target.classList &&
          target.classList.contains("rw-reply") && target.getAttribute("role") === "button") {
        event.preventDefault();
        target.click();
      } else if (event.key === "Escape" && document.querySelector(".rw-conversation-container")) {
        var close = document.querySelector(".rw-close-button") || document.querySelector(".rw-launcher");
        if (close) close.click();
        window.setTimeout(function () {
          var launcher = document.querySelector(".rw-launcher");
          if (launcher) launcher.focus();
        }, 0);
      }
    });
    document.addEventListener("click", function (event) {
      var launcher = event.target.closest && event.target.closest(".rw-launcher");
      if (!launcher) return;
      window.setTimeout(function () {  // opened: into the message box
        var box = document.querySelector(".rw-new-message");
        if (box && document.querySelector(".rw-conversation-container")) box.focus();
      }, 50);
    });

    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true, attributes: true,
                                      attributeFilter: ["class", "disabled"] });
    fix();
  }
})();
