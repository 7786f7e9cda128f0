"""HTTP to a SPARQL server with the standard library: auth, redirects kept on one server, errors in one line.

:class:`Connection` sends requests to one server (HTTP basic or digest auth
when the server asks for it); :func:`check_url` and :func:`split_url` accept
only http(s) endpoint URLs, with their query parameters kept apart.

>>> split_url("http://127.0.0.1:8890/sparql?default-graph-uri=G")
('http://127.0.0.1:8890/sparql', [('default-graph-uri', 'G')])
>>> check_url("ftp://127.0.0.1/x")
Traceback (most recent call last):
...
stargate_kg.exceptions.EngineError: not an HTTP(S) URL: 'ftp://127.0.0.1/x'; an endpoint looks like http://localhost:8890/sparql
"""

import re
import urllib.error
import urllib.parse
import urllib.request

from stargate_kg.exceptions import EngineError, QueryError

USER_AGENT = "stargate-kg (SPARQL 1.1 Protocol client)"


class Connection:
    """HTTP to one server; with a user name, HTTP basic or digest auth (whichever the server asks for).

    Credentials are sent once the server has asked for them; a large upload
    first asks with a body-less HEAD, because a server that answers 401 at
    once (Virtuoso) closes the connection while the body is still being sent.
    """

    PROBE_ABOVE = 16384  # bytes of body

    def __init__(self, user=None, password=None, timeout=120.0):
        self.user, self.password, self.timeout = user, password, timeout
        from stargate_kg.guard.offline import opener

        self.opener = opener()  # HTTP(S) only; redirects to another server are not followed
        self._challenge = None  # (scheme, params) from the last WWW-Authenticate
        self._nc = 0

    def _learn(self, headers):
        """Remember the strongest challenge in ``headers``; False when there is none we can answer."""
        found = {}
        for value in headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = value.strip().partition(" ")
            found[scheme.lower()] = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
        for scheme in ("digest", "basic"):
            if scheme in found:
                self._challenge, self._nc = (scheme, found[scheme]), 0
                return True
        return False

    def _authorization(self, method, url):
        import base64
        import hashlib
        import os

        scheme, params = self._challenge
        if scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii")
            return f"Basic {token}"
        algorithm = params.get("algorithm", "MD5").upper()
        if algorithm not in ("MD5", "SHA-256"):
            raise EngineError(f"the server asks for digest auth with {algorithm}, which is not supported")
        h = (lambda x: hashlib.md5(x.encode()).hexdigest()) if algorithm == "MD5" else (lambda x: hashlib.sha256(x.encode()).hexdigest())
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = params.get("realm", ""), params.get("nonce", "")
        ha1, ha2 = h(f"{self.user}:{realm}:{self.password or ''}"), h(f"{method}:{uri}")
        self._nc += 1
        nc, cnonce = f"{self._nc:08x}", os.urandom(8).hex()
        fields = [f'username="{self.user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"', f"algorithm={algorithm}"]
        if "auth" in [q.strip() for q in params.get("qop", "").split(",")]:
            fields += [f'response="{h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")}"', "qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            fields.append(f'response="{h(f"{ha1}:{nonce}:{ha2}")}"')
        if "opaque" in params:
            fields.append(f'opaque="{params["opaque"]}"')
        return "Digest " + ", ".join(fields)

    def _open(self, url, data, method, headers):
        hdrs = {"User-Agent": USER_AGENT, **(headers or {})}
        if self.user is not None and self._challenge is not None:
            hdrs["Authorization"] = self._authorization(method, url)
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        return self.opener.open(req, timeout=self.timeout)

    def send(self, url, data=None, method="POST", headers=None):
        """(status, content type, headers, body bytes); HTTP and network errors become EngineError/QueryError."""
        try:
            if self.user is not None and self._challenge is None and data and len(data) > self.PROBE_ABOVE:
                try:
                    self._open(url, None, "HEAD", None).close()
                except urllib.error.HTTPError as ex:
                    if ex.code == 401:
                        self._learn(ex.headers)
            try:
                resp = self._open(url, data, method, headers)
            except urllib.error.HTTPError as ex:
                stale = self._challenge is not None and "true" in ex.headers.get("WWW-Authenticate", "").lower().replace(" ", "")
                first = self._challenge is None
                if ex.code != 401 or self.user is None or not (first or stale) or not self._learn(ex.headers):
                    raise
                ex.read()
                resp = self._open(url, data, method, headers)
            with resp:
                ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
                return resp.status, ctype, resp.headers, resp.read()
        except urllib.error.HTTPError as ex:
            body = ex.read().decode("utf-8", "replace").strip()
            raise _http_error(url, ex.code, body, self.user) from None
        except urllib.error.URLError as ex:
            raise EngineError(f"cannot reach {_strip_query(url)}: {ex.reason}") from None
        except TimeoutError:
            raise EngineError(f"{_strip_query(url)} did not answer within {self.timeout:g} s") from None
        except (OSError, ValueError) as ex:
            raise EngineError(f"cannot talk to {_strip_query(url)}: {ex}") from None


def _strip_query(url):
    return url.split("?", 1)[0]


def _http_error(url, code, body, user):
    """The library error for an HTTP error answer; ``.status`` keeps the HTTP code."""
    text = " ".join(body.split())[:400]
    if code in (401, 403):
        hint = "check --user and --password" if user else "give --user and --password"
        ex = EngineError(f"{_strip_query(url)} refused access (HTTP {code}): {hint}")
    elif code == 404:
        ex = EngineError(f"nothing at {_strip_query(url)} (HTTP 404): check the endpoint URL")
    elif code == 400 or "SPARQL compiler" in body or re.search(r"\b37000\b", body):
        ex = QueryError(f"the endpoint rejected the query: {text or 'HTTP 400'}")
    else:
        ex = EngineError(f"{_strip_query(url)} answered HTTP {code}: {text}")
    ex.status = code
    return ex


def check_url(url):
    """The URL if it is http(s), else EngineError (urllib would also open file: and ftp: URLs)."""
    try:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
    except ValueError as ex:
        raise EngineError(f"not a valid endpoint URL: {url!r} ({ex}); an endpoint looks like http://localhost:8890/sparql") from None
    if scheme not in ("http", "https"):
        raise EngineError(f"not an HTTP(S) URL: {url!r}; an endpoint looks like http://localhost:8890/sparql")
    return url


def split_url(url):
    """(URL without its query, [(name, value)] of its query parameters); EngineError for a URL that is not http(s)."""
    try:
        parts = urllib.parse.urlsplit(check_url(url))
        parts.port  # noqa: B018  (a bad port or IPv6 address raises here)
    except ValueError as ex:
        raise EngineError(f"not a valid endpoint URL: {url!r} ({ex}); an endpoint looks like http://localhost:8890/sparql") from None
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return base, urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
