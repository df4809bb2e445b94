#!/usr/bin/python3
"""A real SMTP server for development and tests: aiosmtpd (Debian's python3-aiosmtpd)
accepting mail on 127.0.0.1 and storing each message as one .eml file under a folder.
Usage: smtp_sink.py PORT DIR"""
import signal
import os
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        name = "%d-%06d-%d" % (int(time.time() * 1000), self.n, os.getpid())
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            for rcpt in envelope.rcpt_tos:
                f.write(b"X-Envelope-To: " + rcpt.encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.folder, name + ".eml"))
        return "250 Message accepted for delivery"


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Store(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("smtp: listening on 127.0.0.1:%d, mail in %s" % (port, folder), flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
