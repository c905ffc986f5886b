#!/usr/bin/env bash
# The real servers the tests talk to, installed from their own registries so a
# fresh machine gets them too: aiosmtpd (PyPI), the SMTP server of the mail
# tests. `cargo test` runs this itself when aiosmtpd is missing.
set -euo pipefail
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "== installing aiosmtpd (PyPI) for the mail tests" >&2
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd==1.4.6 \
    || python3 -m pip install --quiet --break-system-packages aiosmtpd==1.4.6
fi
