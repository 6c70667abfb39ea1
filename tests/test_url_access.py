"""Every URL as every role: anonymous goes to the login page, the right roles get the page,
the others are refused (403, or 404 for another school's object)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLE_NAMES
from tests.url_walk import NOT_WALKED, PROJECT_NAMESPACES, ROUTES

ALLAUTH_AND_ADMIN = (
    "account_",
    "mfa_",
    "socialaccount_",
    "admin:",
    "openid",
    "microsoft",
    "google",
)


def _project_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from _project_url_names(entry, inner or "")
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name


def _is_project_url(name: str) -> bool:
    if name.startswith(ALLAUTH_AND_ADMIN):
        return False
    return name.split(":")[0] in PROJECT_NAMESPACES if ":" in name else True


def test_every_project_url_is_in_the_walk():
    walked = {route.name for route in ROUTES} | set(NOT_WALKED)
    names = {name for name in _project_url_names() if _is_project_url(name)}
    missing = sorted(names - walked)
    assert not missing, f"add these URLs to tests/url_walk.py: {missing}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_url_as_every_role(route, cast, client):
    url = reverse(route.name, kwargs=route.kwargs(cast)) + (
        f"?{route.query}" if route.query else ""
    )
    for role in ROLE_NAMES:
        client.logout()
        if role != "anonymous":
            client.force_login(cast.user(role))
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
                role,
                url,
            )
        elif role in route.refused:
            assert response.status_code in (403, 404), (role, url, response.status_code)
        elif role in route.allowed:
            assert response.status_code == route.status, (role, url, response.status_code)
        else:
            assert response.status_code in (403, 404), (role, url, response.status_code)
