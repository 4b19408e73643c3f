"""Every URL of the platform with the operation its view declares: what `yuanqu access` prints (docs/access.md)
and what the generated access test walks (tests/core/test_access_matrix.py).

Reads the URL configuration only, so it imports no app: a new page or endpoint appears here by existing.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from yuanqu.core import access
from yuanqu.core.permissions import api_operation
from yuanqu.core.views import declared_operation

# Not ours to decide: Django's admin (staff only, its own permissions), the language switch, the API's schema and
# documentation pages (public by design), the token endpoint, login and logout.
NOT_OURS = re.compile(r"^(admin/|i18n/|jsi18n/|login/|logout/|api/schema|api/docs|api/redoc|api/auth/token/)")
API_METHODS = ("get", "post", "patch", "delete")


@dataclass(frozen=True)
class Route:
    route: str  # as written in the URL configuration, router groups as <name>, without regex anchors
    pattern: URLPattern
    is_api: bool

    @property
    def name(self) -> str:
        return self.pattern.name or ""

    @property
    def arguments(self) -> tuple[str, ...]:
        return tuple(self.pattern.pattern.regex.groupindex)

    def methods(self) -> list[str]:
        """HTTP methods the route answers (pages: GET and POST; API: what the view implements)."""
        if not self.is_api:
            return ["GET", "POST"]
        actions = getattr(self.pattern.callback, "actions", None)
        if actions:
            return [m.upper() for m in actions if m in API_METHODS]
        return [m.upper() for m in API_METHODS if hasattr(self.pattern.callback.cls, m)]

    def operation(self, method: str) -> str | None:
        """The operation the view declares for `method`, None if it declares none."""
        callback = self.pattern.callback
        if not self.is_api:
            return declared_operation(callback, method)
        view = callback.cls(**getattr(callback, "initkwargs", {}))  # an extra action's operation= is among them
        actions = getattr(callback, "actions", None) or {}
        view.action = actions.get(method.lower())
        return api_operation(view, method)

    def pk_model(self):
        """The model whose primary key the route's `pk` names, None if it names none or does not say."""
        callback = self.pattern.callback
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if view_class is None:
            return getattr(callback, "pk_model", None)
        initkwargs = getattr(callback, "view_initkwargs", None) or getattr(callback, "initkwargs", {})
        queryset = initkwargs.get("queryset", getattr(view_class, "queryset", None))
        declared = initkwargs.get("pk_model") or getattr(view_class, "pk_model", None)
        return declared or (queryset.model if queryset is not None else None)


def _walk(resolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            # a router's regex groups read as the paths people write: (?P<pk>[^/.]+) → <pk>
            route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
            yield route.replace("^", "").replace("$", ""), pattern


def routes() -> list[Route]:
    """Every URL of ours, in the order of the URL configuration."""
    found = []
    for route, pattern in _walk(get_resolver()):
        if NOT_OURS.match(route) or pattern.name == "api-root" or "format" in pattern.pattern.regex.groupindex:
            continue
        found.append(Route(route, pattern, hasattr(pattern.callback, "cls")))
    return found


_SCOPE_MARK = {access.ALL: "全部 all", access.OWN: "本区县 own", access.NONE: "—"}
_ROLE_NAMES = ("组织者 organiser", "区县填报员 reporter", "领导 viewer", "招商局 investment", "评分人 rater")


def markdown() -> str:
    """docs/access.md: the role × operation table, then every URL with its operation(s)."""
    lines = [
        "# Who may do what (generated: `yuanqu access > docs/access.md`)",
        "",
        "The one role × operation table of `yuanqu.core.access`. A role without an operation gets 403; with",
        "本区县 (own) it reaches only its own districts' records, and another district's record is 404.",
        "`tests/core/test_access_matrix.py` checks every model, page and API endpoint against this table for every",
        "role, and fails when this file and the code differ.",
        "",
        "| operation | " + " | ".join(_ROLE_NAMES) + " | what |",
        "| --- | " + " | ".join("---" for _ in _ROLE_NAMES) + " | --- |",
    ]
    for op in access.OPERATIONS.values():
        marks = " | ".join(_SCOPE_MARK[op.scopes[role]] for role in access.ROLES)
        lines.append(f"| `{op.code}` | {marks} | {op.label} |")
    lines += [
        "",
        f"Besides: `{access.SIGNED_IN}` (any signed-in role but raters), `{access.PERSONAL_LINK}` (the token in the",
        f"URL is the credential: a rater's phone pages) and `{access.PUBLIC}` (published results, the API's",
        "token endpoint).",
        "",
        "## Every page and endpoint",
        "",
        "| URL | name | read (GET) | write (POST, PATCH, DELETE) |",
        "| --- | --- | --- | --- |",
    ]
    for route in routes():
        methods = route.methods()
        read = route.operation("GET") if "GET" in methods else None
        writes = sorted({route.operation(m) or "?" for m in methods if m != "GET"})
        cells = [f"`{read}`" if read else "", ", ".join(f"`{w}`" for w in writes)]
        lines.append(f"| `/{route.route}` | {route.name} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"
