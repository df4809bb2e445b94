#!/usr/bin/python3
"""A local stand-in for the EU's VIES REST service (POST /check-vat-number), for tests.
Standard library only. Usage: vies_standin.py PORT STATEFILE

It listens on 127.0.0.1:PORT and answers as the JSON state file says, read again on every
request:
  {"valid": ["DE136695976"], "unavailable": ["FR40303265045"], "down": false, "slow": 0}
  valid        numbers (country code and number, as stored) answered "valid": true
  unavailable  numbers answered with the VIES error MS_UNAVAILABLE
  malformed    (optional) numbers answered with a 200 that is not JSON
  down         true: 503 to every request
  slow         seconds to wait before answering (to provoke the client's timeout)
Every other number is answered "valid": false. Each request is appended to STATEFILE.log as
one JSON line {"countryCode": ..., "vatNumber": ...} before it is answered.

The answers have the shapes of the real service: {"countryCode", "vatNumber",
"requestDate", "valid", "requestIdentifier", "name", "address"}, and for errors
{"actionSucceed": false, "errorWrappers": [{"error": ..., "message": ...}]}.
A request that is not a JSON object with a two-letter countryCode and a vatNumber of
[0-9A-Za-z+*.]{2,12}, sent as application/json, gets 400 with the error INVALID_INPUT."""
import json
import re
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = "/check-vat-number"
MESSAGES = {
    "MS_UNAVAILABLE": "The application at the Member State is not replying or not available."
                      " Please re-submit your request later.",
    "INVALID_INPUT": "The provided CountryCode is invalid or the VAT number is empty",
}


class StandIn(BaseHTTPRequestHandler):
    server_version = "vies-standin"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def state(self):
        try:
            with open(self.server.state_file, encoding="utf-8") as f:
                s = json.load(f)
        except (OSError, ValueError):
            s = {}
        return s if isinstance(s, dict) else {}

    def record(self, entry):
        with self.server.lock, open(self.server.state_file + ".log", "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def answer(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the "slow" mode)

    def error(self, status, code):
        self.answer(status, {"actionSucceed": False,
                             "errorWrappers": [{"error": code, "message": MESSAGES[code]}]})

    def do_GET(self):
        self.answer(404, {"actionSucceed": False, "errorWrappers": [{"error": "NOT_FOUND"}]})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(min(length, 65536))
        try:
            req = json.loads(raw)
        except ValueError:
            req = None
        cc = req.get("countryCode") if isinstance(req, dict) else None
        number = req.get("vatNumber") if isinstance(req, dict) else None
        self.record({"countryCode": cc, "vatNumber": number})
        state = self.state()
        slow = state.get("slow") or 0
        if slow:
            time.sleep(float(slow))
        if state.get("down"):
            self.answer(503, b"<html><body>Service Unavailable</body></html>", "text/html")
            return
        if self.path != PATH:
            self.do_GET()
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if (ctype != "application/json" or not isinstance(cc, str) or not isinstance(number, str)
                or not re.fullmatch(r"[A-Z]{2}", cc) or not re.fullmatch(r"[0-9A-Za-z+*.]{2,12}", number)):
            self.error(400, "INVALID_INPUT")
            return
        vat = cc + number
        if vat in (state.get("unavailable") or []):
            self.error(200, "MS_UNAVAILABLE")
            return
        if vat in (state.get("malformed") or []):
            self.answer(200, b"<html>maintenance</html>", "text/html")
            return
        valid = vat in (state.get("valid") or [])
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        self.answer(200, {"countryCode": cc, "vatNumber": number, "requestDate": now,
                          "valid": valid, "requestIdentifier": "",
                          "name": "VIES STAND-IN TRADER" if valid else "---",
                          "address": "1 TEST STREET" if valid else "---"})


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: vies_standin.py PORT STATEFILE")
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), StandIn)
    server.daemon_threads = True
    server.state_file = sys.argv[2]
    server.lock = threading.Lock()
    print("vies-standin: listening on 127.0.0.1:%d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
