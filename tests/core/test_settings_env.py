"""Settings read from the environment: behind an HTTPS proxy, requests are trusted as HTTPS and cookies stay on it.

What that does to links is tested with the personal links (tests/meetings/test_views.py).
"""

import os
import subprocess
import sys

PRINT = (
    "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'yuanqu.settings'; from django.conf import settings; "
    "print(settings.SECURE_PROXY_SSL_HEADER, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
)


def _settings_with(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("YUANQU_")} | env
    return subprocess.run([sys.executable, "-c", PRINT], env=environment, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_behind_an_https_proxy_is_off_by_default_and_on_when_asked():
    assert _settings_with() == "None False False"
    assert _settings_with(YUANQU_BEHIND_HTTPS_PROXY="true") == "('HTTP_X_FORWARDED_PROTO', 'https') True True"
    assert _settings_with(YUANQU_BEHIND_HTTPS_PROXY="false") == "None False False"
