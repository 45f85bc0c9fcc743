"""A real SMTP server for Ayuda's tests: aiosmtpd on 127.0.0.1, on a port the system chooses.

Usage: python3 smtp_server.py CONFIG.json

CONFIG.json: {"spool": DIR, "rules": FILE, "user": null|str, "password": null|str,
              "tls": "plain"|"tls"|"starttls", "cert": null|PEM, "key": null|PEM}

Prints the port on the first line of standard output once it listens. Each accepted message is written to
the spool as N.eml (the raw data) and then N.json (the envelope), so a reader that sees N.json sees both.
The rules file (read at every RCPT) maps a recipient to the reply it gets instead of 250, such as
"550 5.1.1 No such user here"; the harness rewrites it while the server runs.
"""

import asyncio
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, spool, rules):
        self.spool = spool
        self.rules = rules
        self.count = 0

    def rule_for(self, address):
        try:
            with open(self.rules, encoding="utf-8") as f:
                return json.load(f).get(address.lower())
        except FileNotFoundError:
            return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.rule_for(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.spool, f"{self.count:04d}")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.replace(base + ".eml.tmp", base + ".eml")
        login = session.auth_data.login.decode() if session.auth_data else None
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "login": login}
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(meta, f)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return check


async def main(config):
    handler = Handler(config["spool"], config["rules"])
    context = None
    if config["tls"] != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(config["cert"], config["key"])
    options = {"hostname": "smtp.test", "decode_data": False, "enable_SMTPUTF8": True}
    if config["user"] is not None:
        options["authenticator"] = authenticator(config["user"], config["password"])
        options["auth_required"] = True
        options["auth_require_tls"] = False
    if config["tls"] == "starttls":
        options["tls_context"] = context
        options["require_starttls"] = True
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, **options),
        host="127.0.0.1",
        port=0,
        ssl=context if config["tls"] == "tls" else None,
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        asyncio.run(main(json.load(f)))
