#!/usr/bin/python3
"""A local SMS gateway for development and tests (standard library only): accepts
POST {"to": "+41...", "text": "..."} as JSON on 127.0.0.1 and stores each message as one
JSON file under a folder, named by time and sequence (written to a temporary name first,
then renamed, so a reader never sees half a file). Answers 202 with {"id": name}.
Usage: sms_gateway.py PORT DIR"""
import json
import os
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 16384
E164 = re.compile(r"^\+[1-9][0-9]{7,14}$")


class Gateway(BaseHTTPRequestHandler):
    server_version = "KontorSMSGateway/1"
    lock = threading.Lock()
    seq = 0

    def answer(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            n = -1
        if n < 0 or n > MAX_BODY:
            return self.answer(413, {"error": "body too large"})
        try:
            msg = json.loads(self.rfile.read(n).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self.answer(400, {"error": "not JSON"})
        if not isinstance(msg, dict) or not isinstance(msg.get("to"), str) \
                or not isinstance(msg.get("text"), str) or not E164.match(msg["to"]) \
                or not msg["text"]:
            return self.answer(400, {"error": "want {\"to\": \"+<E.164>\", \"text\": \"...\"}"})
        with Gateway.lock:
            Gateway.seq += 1
            name = "%d-%06d-%d" % (int(time.time() * 1000), Gateway.seq, os.getpid())
        folder = self.server.folder
        tmp = os.path.join(folder, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"to": msg["to"], "text": msg["text"], "received_at": time.time()}, f,
                      ensure_ascii=False)
        os.rename(tmp, os.path.join(folder, name + ".json"))
        return self.answer(202, {"id": name})

    def log_message(self, fmt, *args):
        sys.stderr.write("sms: %s\n" % (fmt % args))


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", port), Gateway)
    server.folder = folder
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print("sms: listening on 127.0.0.1:%d, messages in %s" % (port, folder), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
