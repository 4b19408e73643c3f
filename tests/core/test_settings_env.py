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


KEY = ("import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'yuanqu.settings'; from django.conf import settings; "
       "print(settings.SECRET_KEY)")


def _run(code: str, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("YUANQU_")} | env
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)


def test_no_secret_key_in_the_code(tmp_path):
    from pathlib import Path

    settings_source = (Path(__file__).parents[2] / "src" / "yuanqu" / "settings.py").read_text(encoding="utf-8")
    assert "insecure" not in settings_source and "SECRET_KEY = os.environ.get(" not in settings_source
    # the embedded database makes a random key once, mode 0600, and every process then reads the same one
    first = _run(KEY, YUANQU_VAR_DIR=str(tmp_path))
    second = _run(KEY, YUANQU_VAR_DIR=str(tmp_path))
    key_file = tmp_path / "secret_key"
    assert first.returncode == 0 and first.stdout == second.stdout and len(first.stdout.strip()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert _run(KEY, YUANQU_VAR_DIR=str(tmp_path / "other")).stdout != first.stdout  # another install, another key


def test_postgresql_refuses_to_start_without_a_key(tmp_path):
    url = "postgres://nobody@127.0.0.1:1/none"
    refused = _run(KEY, YUANQU_VAR_DIR=str(tmp_path), YUANQU_DATABASE_URL=url)
    assert refused.returncode != 0 and "YUANQU_SECRET_KEY 未设置" in refused.stderr
    assert "yuanqu secretkey" in refused.stderr
    assert not (tmp_path / "secret_key").exists()  # nothing invented
    given = _run(KEY, YUANQU_VAR_DIR=str(tmp_path), YUANQU_DATABASE_URL=url, YUANQU_SECRET_KEY="k" * 60)
    assert given.stdout.strip() == "k" * 60
    made = subprocess.run([sys.executable, "-m", "yuanqu.cli", "secretkey", str(tmp_path / "key")],
                          capture_output=True, text=True)
    assert made.returncode == 0 and oct((tmp_path / "key").stat().st_mode & 0o777) == "0o600"
    from_file = _run(KEY, YUANQU_DATABASE_URL=url, YUANQU_SECRET_KEY_FILE=str(tmp_path / "key"))
    assert from_file.stdout.strip() == (tmp_path / "key").read_text().strip()
    again = subprocess.run([sys.executable, "-m", "yuanqu.cli", "secretkey", str(tmp_path / "key")],
                           capture_output=True, text=True)
    assert again.returncode == 2  # an existing key is never overwritten


def _yuanqu(*args, **env):
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("YUANQU_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | env  # the tests' own
    return subprocess.run([sys.executable, "-m", "yuanqu.cli", *args], env=environment, capture_output=True,
                          text=True)


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    # docs/deployment.md: a key, the hosts, TLS at the proxy (HSTS, secure cookies, redirect to https)
    import secrets

    production = {"YUANQU_SECRET_KEY": secrets.token_urlsafe(50), "YUANQU_ALLOWED_HOSTS": "yuanqu.example.gov.cn",
                  "YUANQU_BEHIND_HTTPS_PROXY": "true", "YUANQU_VAR_DIR": str(tmp_path)}
    checked = _yuanqu("check", "--deploy", "--fail-level", "WARNING", **production)
    assert checked.returncode == 0 and "no issues" in checked.stdout, checked.stdout + checked.stderr
    # without the proxy setting the same check names what is missing: it is not silenced
    bare = _yuanqu("check", "--deploy", **{k: v for k, v in production.items() if k != "YUANQU_BEHIND_HTTPS_PROXY"})
    assert "security.W004" in bare.stderr and "security.W008" in bare.stderr


def test_the_api_schema_is_generated_without_a_warning(tmp_path):
    made = _yuanqu("spectacular", "--file", str(tmp_path / "schema.yml"), "--fail-on-warn",
                   YUANQU_VAR_DIR=str(tmp_path))
    assert made.returncode == 0 and "Warning" not in made.stderr, made.stderr
    assert "/api/noop/" not in (tmp_path / "schema.yml").read_text(encoding="utf-8")
