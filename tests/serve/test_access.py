"""Who can read the transcripts: loopback names only, or visitors with a token or password."""

from __future__ import annotations

import http.client
import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kit.serve.cli import Auth, main, share_auth

HELLO = {"hello.ipynb": "print('hello')"}


def get(base: str, path: str, host: str | None = None) -> tuple[int, str]:
    """Status and Location (or body) of a GET that sends ``host`` as its Host header."""
    connection = http.client.HTTPConnection(base, timeout=60)
    connection.request("GET", path, headers={"Host": host or base})
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    return response.status, response.getheader("Location") or body


@pytest.mark.slow
def test_a_local_server_answers_loopback_names_only(small_voila):
    with small_voila(HELLO) as served:
        base, port = served["base"], served["base"].rsplit(":", 1)[1]
        page = "/voila/render/hello.ipynb"
        assert get(base, page)[0] == 200
        assert get(base, page, host=f"localhost:{port}")[0] == 200
        # DNS rebinding: a name an attacker points at 127.0.0.1 is refused, page and socket
        assert get(base, page, host=f"evil.example:{port}")[0] == 403
        kernels = "/api/kernels/00000000-0000-0000-0000-000000000000/channels"
        assert get(base, kernels, host=f"evil.example:{port}")[0] == 403
        assert "Blocking request with non-local 'Host' evil.example" in served["log"].read_text()


@pytest.mark.slow
def test_a_shared_server_asks_for_its_token(small_voila):
    auth = Auth(token="t0ken-for-the-test")
    with small_voila(HELLO, env=auth.env(), auth=auth) as served:
        base, port = served["base"], served["base"].rsplit(":", 1)[1]
        status, location = get(base, "/voila/render/hello.ipynb")
        assert status == 302 and location.startswith("/login")
        assert get(base, "/voila/render/hello.ipynb?token=wrong")[0] == 302
        status, body = get(base, "/voila/render/hello.ipynb?token=t0ken-for-the-test",
                           host=f"dashboards.example.org:{port}")
        assert status == 200 and "hello" in body


@pytest.mark.slow
def test_a_shared_server_with_a_password_signs_visitors_in(small_voila):
    from jupyter_server.auth import passwd

    auth = Auth(hashed_password=passwd("correct horse battery"))
    with small_voila(HELLO, auth=auth) as served:
        base = served["base"]
        assert get(base, "/voila/render/hello.ipynb")[0] == 302
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def sign_in(password: str) -> tuple[int, str]:
            data = urllib.parse.urlencode({"password": password}).encode()
            try:
                with opener.open(f"http://{base}/login?next=%2Fvoila%2Frender%2Fhello.ipynb",
                                 data=data, timeout=60) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as refused:
                return refused.code, refused.read().decode()

        assert sign_in("wrong password")[0] == 401
        status, page = sign_in("correct horse battery")  # then redirected to the page
        assert status == 200 and "hello" in page


def test_share_takes_the_token_from_the_environment_or_makes_one(monkeypatch):
    monkeypatch.setenv("TURNKIT_TOKEN", "from-env")
    args = type("Args", (), {"password": False})()
    assert share_auth(args) == Auth(token="from-env")
    assert Auth(token="from-env").env() == {"JUPYTER_TOKEN": "from-env"}
    monkeypatch.delenv("TURNKIT_TOKEN")
    made = share_auth(args).token
    assert made and len(made) >= 24 and made != share_auth(args).token
    monkeypatch.setenv("TURNKIT_PASSWORD", "short")
    with pytest.raises(SystemExit, match="at least 8 characters"):
        share_auth(type("Args", (), {"password": True})())


@pytest.mark.parametrize("argv", [["dashboard", "--password"],
                                  ["dashboard", "--ip", "0.0.0.0"]])
def test_serving_to_others_without_share_is_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "add --share" in capsys.readouterr().err
