// Where the chat widget finds the Rasa server (its socketio channel). web/serve.py serves its own
// version of this file from the BOT_URL environment variable (default http://localhost:$RASA_PORT);
// this static copy is the default for any other web server.
window.CHAT_CONFIG = { socketUrl: "http://localhost:5005" };
