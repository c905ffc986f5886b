"""The SMTP server of the mail tests (aiosmtpd): every mail kept in a Maildir.
Plain:                 smtp_server.py PORT MAILDIR
STARTTLS and a login:  smtp_server.py PORT MAILDIR CERT KEY USER PASSWORD
(STARTTLS required, AUTH required, only USER/PASSWORD accepted.)"""
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, maildir = int(sys.argv[1]), sys.argv[2]
cert, key, user, password = (sys.argv[3:7] + [None] * 4)[:4]


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == user
        and auth_data.password.decode() == password
    )
    return AuthResult(success=ok)


options = {}
if cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    options = dict(
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=port, **options)
controller.start()
stopped = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stopped.set())
stopped.wait()
controller.stop()
