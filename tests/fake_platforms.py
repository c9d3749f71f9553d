"""Fake Telegram, Slack, Facebook Graph and Twilio APIs on 127.0.0.1 that record every call.

One threaded HTTP server; each platform under its own prefix, so the real connectors can be
pointed at it with their API URL variables:

    TELEGRAM_API_URL = <url>/telegram        (aiogram: <base>/bot<token>/<method>)
    SLACK_API_URL    = <url>/slack/api/      (slack_sdk: <base><method>)
    FACEBOOK_API_URL = <url>/facebook        (<base>/<version>/me/messages)
    TWILIO_API_URL   = <url>/twilio          (<base>/2010-04-01/Accounts/<sid>/Messages.json)

Each call is recorded with its platform, API method, decoded body and headers, and answered
the way the real API answers (enough for the official clients to parse it).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs, urlsplit


@dataclass
class Call:
    platform: str
    method: str
    path: str
    body: Dict[str, Any]
    headers: Dict[str, str]
    query: Dict[str, str] = field(default_factory=dict)


def _decode(content_type: str, raw: bytes) -> Dict[str, Any]:
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        return json.loads(raw)
    if content_type.startswith("application/x-www-form-urlencoded"):
        fields = parse_qs(raw.decode(), keep_blank_values=True)
        return {k: v if len(v) > 1 else v[0] for k, v in fields.items()}
    if content_type.startswith("multipart/form-data"):
        from email.parser import BytesParser
        from email.policy import HTTP

        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
        return {
            part.get_param("name", header="content-disposition"): part.get_content() for part in message.iter_parts()
        }
    return {"raw": raw.decode(errors="replace")}


class FakePlatforms:
    def __init__(self) -> None:
        self.calls: List[Call] = []
        self._lock = threading.Lock()
        self._next_id = 1000
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                self.do_POST()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                body = _decode(self.headers.get("Content-Type") or "", raw)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                status, answer = fake._answer(parts.path, body, dict(self.headers), query)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakePlatforms":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---- answers ---------------------------------------------------------------------------------
    def _id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def _answer(self, path: str, body: Dict[str, Any], headers: Dict[str, str], query: Dict[str, str]):
        segments = [s for s in path.split("/") if s]
        platform = segments[0] if segments else ""
        method = segments[-1] if segments else ""
        if platform == "telegram":
            method = segments[2] if len(segments) > 2 else ""
        elif platform == "facebook":
            method = "/".join(segments[2:])  # me/messages
        elif platform == "twilio":
            method = "Messages" if path.endswith("/Messages.json") else method
        with self._lock:
            self.calls.append(Call(platform, method, path, body, headers, query))
        now = int(time.time())
        if platform == "telegram":
            if method.lower() in ("sendmessage", "sendphoto"):
                chat = body.get("chat_id")
                result = {
                    "message_id": self._id(),
                    "date": now,
                    "chat": {"id": int(chat) if str(chat).lstrip("-").isdigit() else chat, "type": "private"},
                    "from": {"id": 123456, "is_bot": True, "first_name": "Career bot", "username": "career_bot"},
                }
                if method.lower() == "sendmessage":
                    result["text"] = body.get("text", "")
                    if body.get("reply_markup"):
                        result["reply_markup"] = json.loads(body["reply_markup"])
                else:
                    result["photo"] = [{"file_id": "photo1", "file_unique_id": "u1", "width": 800, "height": 700}]
                return 200, {"ok": True, "result": result}
            if method.lower() == "getme":
                return 200, {
                    "ok": True,
                    "result": {"id": 123456, "is_bot": True, "first_name": "Career bot", "username": "career_bot"},
                }
            return 200, {"ok": True, "result": True}
        if platform == "slack":
            return 200, {
                "ok": True,
                "channel": body.get("channel"),
                "ts": f"{now}.{self._id():06d}",
                "message": {"text": body.get("text", "")},
            }
        if platform == "facebook":
            recipient = (body.get("recipient") or {}).get("id")
            return 200, {"recipient_id": recipient, "message_id": f"m_{self._id()}"}
        if platform == "twilio":
            sid = f"SM{self._id():032d}"
            return 201, {
                "sid": sid,
                "account_sid": segments[3] if len(segments) > 3 else "",
                "to": body.get("To"),
                "from": body.get("From"),
                "body": body.get("Body", ""),
                "status": "queued",
                "num_media": str(len(body.get("MediaUrl") or [])) if body.get("MediaUrl") else "0",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "date_created": None,
                "date_updated": None,
                "date_sent": None,
                "uri": path,
            }
        return 404, {"error": "unknown fake platform"}

    # ---- queries ---------------------------------------------------------------------------------
    def mark(self) -> int:
        with self._lock:
            return len(self.calls)

    def since(self, mark: int, platform: Optional[str] = None) -> List[Call]:
        with self._lock:
            calls = self.calls[mark:]
        return [c for c in calls if platform is None or c.platform == platform]

    def wait_for(
        self, mark: int, platform: str, done: Callable[[List[Call]], bool], timeout: float = 60, settle: float = 0.5
    ) -> List[Call]:
        """The calls to ``platform`` since ``mark`` once ``done(calls)`` holds (and nothing new
        arrived for ``settle`` seconds); fails with the calls seen when it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.since(mark, platform)
            if done(calls):
                time.sleep(settle)
                return self.since(mark, platform)
            time.sleep(0.1)
        raise AssertionError(
            f"no expected {platform} calls within {timeout}s; got: "
            f"{[(c.method, c.body) for c in self.since(mark, platform)]}"
        )
