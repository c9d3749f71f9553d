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
  };
  document.head.appendChild(bundle);
})();
