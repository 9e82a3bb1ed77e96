"""Access-control matrix: every route and API operation × role × read/write (see access_matrix).

A route or operation without an entry fails `test_every_route_has_an_entry` /
`test_every_api_operation_has_an_entry`, which name all missing ones.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

import pytest

from . import access_matrix as matrix

API_PATH_ARG = re.compile(r"{(\w+)}")


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            route = prefix + str(pattern.pattern)
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route


def application_routes() -> dict[str, str]:
    """Route name (or pattern when unnamed) → pattern, without the excluded prefixes."""
    found = {}
    for name, route in _walk(get_resolver().url_patterns):
        bare = route.lstrip("^")
        if any(bare.startswith(prefix) for prefix in matrix.EXCLUDED_PREFIXES):
            continue
        if bare.startswith(matrix.API_PREFIX) and name.split(":")[-1] not in NON_OPERATION_API:
            continue  # an API operation, checked in `API`
        found[name] = route
    return found


#: Routes under /api/v1/ that are not operations of the schema.
NON_OPERATION_API = {"openapi-json", "openapi-view", "api-root"}


def api_operations() -> list[str]:
    from blaupause.api.api import api

    schema = api.get_openapi_schema()
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    )


def test_every_route_has_an_entry():
    routes = application_routes()
    missing = sorted(set(routes) - set(matrix.ROUTES))
    stale = sorted(set(matrix.ROUTES) - set(routes))
    assert not missing, "Routes without an entry in tests/security/access_matrix.py:\n" + "\n".join(
        f"  {name}  ({routes[name]})" for name in missing
    )
    assert not stale, "Entries for routes that no longer exist:\n" + "\n".join(stale)


def test_every_api_operation_has_an_entry():
    operations = api_operations()
    missing = sorted(set(operations) - set(matrix.API))
    stale = sorted(set(matrix.API) - set(operations))
    assert not missing, "API operations without an entry in access_matrix.API:\n" + "\n".join(
        missing
    )
    assert not stale, "Entries for API operations that no longer exist:\n" + "\n".join(stale)


def test_table_never_lets_cdo_of_b_write_to_a():
    """Where a route names municipality A, the CDO of B writes only what anybody may send."""
    routes = application_routes()
    wrong = sorted(
        name
        for name, entry in matrix.ROUTES.items()
        if "ags>" in routes.get(name, "") and entry.post[3] == "o" and entry.post[0] != "o"
    )
    assert not wrong, f"CDO of B may write to A's pages: {wrong}"


# --- running one entry ---------------------------------------------------------------------


def _login_paths() -> tuple[str, ...]:
    """Where a person is sent to sign in (or to set up the second factor first)."""
    return (reverse("account_login"), reverse("mfa_activate_totp"), reverse("mfa_authenticate"))


def classify(response, *, api: bool = False) -> str:
    status = response.status_code
    if 200 <= status < 300 or status == 304:
        return "o"
    if status in (301, 302, 303, 307, 308):
        target = response["Location"].split("?")[0]
        return "l" if target.endswith(_login_paths()) else "o"
    if status == 401 and api:
        return "l"
    if status in (403, 404):
        return "d"
    if status == 405:
        return "n"
    if status in (400, 409, 422):
        return "i"
    return "x"


def fingerprint() -> list:
    """Row count, newest change, version sum and deletions of every table of the project.

    One statement of scalar subqueries, so that checking around each refused write stays cheap.
    """
    labels, parts = [], []
    tables = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    for model in apps.get_models():
        meta = model._meta
        if not model.__module__.startswith("blaupause.") or meta.proxy:
            continue
        if meta.db_table not in tables:  # e.g. a model whose migration is still pending
            continue
        table = quote(meta.db_table)
        columns = {f.name: f.column for f in meta.concrete_fields}
        expressions = ["COUNT(*)"]
        if "updated_at" in columns:
            expressions.append(f"MAX({quote(columns['updated_at'])})")
        if "version" in columns:
            expressions.append(f"SUM({quote(columns['version'])})")
        if "deleted_at" in columns:
            expressions.append(f"COUNT({quote(columns['deleted_at'])})")
        for expression in expressions:
            labels.append(meta.label)
            # Table and column names come from the models and are quoted: no user input.
            parts.append(f"(SELECT {expression} FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        values = cursor.fetchone()
    return list(zip(labels, values, strict=True))


def _changes(before: list, after: list) -> list[str]:
    return sorted({label for (label, a), (_, b) in zip(before, after, strict=True) if a != b})


def _clients(world) -> dict[str, Client]:
    clients = {}
    for role in matrix.ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            client.force_login(world.users[role])
        clients[role] = client
    return clients


def _close(response) -> None:
    """Read a streamed body to its end; the test client then closes the response itself.

    Calling ``response.close()`` here would send ``request_finished`` outside the client,
    which closes the database connection on PostgreSQL in the middle of the test.
    """
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


def _check(label: str, expected: dict[str, str], results: list, observed_line) -> None:
    """Compare per method and role; fail with every difference and the observed table line."""
    problems = []
    observed = {method: ["?"] * len(matrix.ROLES) for method in expected}
    for method, role, code, status, changed in results:
        index = matrix.ROLES.index(role)
        observed[method][index] = code
        want = expected[method][index]
        if changed:
            problems.append(f"{method} as {role} ({status}) changed the database: {changed}")
        if status >= 500:
            problems.append(f"{method} as {role} answered {status}")
        elif code != want:
            problems.append(
                f"{method} as {role}: expected {matrix.OUTCOMES[want]} ({want}), "
                f"got {status} ({matrix.OUTCOMES[code]})"
            )
    if problems:
        rows = ["".join(observed[method]) for method in expected]
        pytest.fail(f"{label}:\n  " + "\n  ".join(problems) + "\nobserved: " + observed_line(rows))


def _kwargs(route: str, name: str, entry, world) -> dict:
    namespace = name.split(":")[0] if ":" in name else ""
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    mapping = {**matrix.GLOBAL_KWARGS, **matrix.APP_KWARGS.get(namespace, {}), **entry.kwargs}
    kwargs = {}
    for plain, regex in names:
        argument = plain or regex
        kwargs[argument] = world[mapping[argument]]
    return kwargs


def _request(client, method, url, role, codes, *, api, body=None, headers=None, allowed=()):
    """One request in a savepoint that is rolled back, so every role meets the same world.

    A write expected to be refused (anything but ``o``) must not change any table, and neither
    may any write of the anonymous visitor.
    """
    want = codes[matrix.ROLES.index(role)]
    check = method != "GET" and (want != "o" or role == "anonymous")
    with transaction.atomic():
        before = fingerprint() if check else None
        if api:
            response = client.generic(
                method, url, data=body or "", content_type="application/json", headers=headers
            )
        elif method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, body or {})
        _close(response)
        changed = (
            [t for t in _changes(before, fingerprint()) if t not in allowed] if check else None
        )
        transaction.set_rollback(True)
    return (method, role, classify(response, api=api), response.status_code, changed)


def test_every_variant_names_a_route():
    routes = application_routes()
    unknown = sorted(key for key in matrix.VARIANTS if _route_name(key) not in routes)
    assert not unknown, f"Variants of routes that do not exist: {unknown}"


def _route_name(key: str) -> str:
    """The route of a `ROUTES` or `VARIANTS` key ("name" or "name [what]")."""
    return key.split(" [", 1)[0]


@pytest.mark.parametrize("key", sorted(matrix.ROUTES) + sorted(matrix.VARIANTS))
def test_route_matrix(key, world, db):
    entry = matrix.ROUTES.get(key) or matrix.VARIANTS[key]
    name = _route_name(key)
    route = application_routes()[name]
    url = reverse(name, kwargs=_kwargs(route, name, entry, world))
    if entry.query:
        url += "?" + urlencode({key: world[value] for key, value in entry.query.items()})
    clients = _clients(world)
    results = []
    for method in ("GET", "POST"):
        codes = entry.get if method == "GET" else entry.post
        for role in matrix.ROLES:
            results.append(
                _request(
                    clients[role],
                    method,
                    url,
                    role,
                    codes,
                    api=False,
                    body=matrix.BODIES[entry.body](world) if entry.body else None,
                    allowed=entry.side_effects,
                )
            )
    _check(
        f"{key} {url}",
        {"GET": entry.get, "POST": entry.post},
        results,
        lambda rows: f'"{key}": r("{rows[0]}", "{rows[1]}"),',
    )


@pytest.mark.parametrize("operation", sorted(matrix.API))
def test_api_matrix(operation, world, db):
    entry = matrix.API[operation]
    method, path = operation.split(" ", 1)
    mapping = {**matrix.API_KWARGS, **entry.kwargs}
    url = API_PATH_ARG.sub(lambda match: str(world[mapping[match.group(1)]]), path)
    body = json.dumps(matrix.BODIES[entry.body](world)) if entry.body else None
    results = []
    for role in matrix.ROLES:
        headers = {}
        if role in world.api_keys:
            headers["Authorization"] = f"Bearer {world.api_keys[role]}"
        client = Client(raise_request_exception=False)
        results.append(
            _request(client, method, url, role, entry.get, api=True, body=body, headers=headers)
        )
    _check(operation, {method: entry.get}, results, lambda rows: f'"{operation}": a("{rows[0]}"),')


# --- non-public data ------------------------------------------------------------------------

#: Pages that list municipality A's commitments; the non-public one shows only to A's members
#: (and to roles with oversight, which the matrix does not decide here).
COMMITMENT_PAGES = (("commitments:municipality_dashboard", "ags"),)


@pytest.mark.parametrize(("name", "argument"), COMMITMENT_PAGES)
def test_non_public_commitment_is_shown_to_members_only(name, argument, world, db):
    url = reverse(name, kwargs={argument: world[argument]})
    title = world["private_measure_title"]
    clients = _clients(world)
    for role in ("anonymous", "cdo_other"):
        response = clients[role].get(url)
        assert title not in response.content.decode(), f"{role} sees the non-public commitment"
    assert title in clients["cdo"].get(url).content.decode()


def test_api_lists_the_non_public_commitment_to_members_only(world, db):
    url = "/api/v1/commitments/?municipality=" + world["ags"]
    private = str(world["private_commitment_uuid"])
    for role, expected in (("anonymous", False), ("cdo_other", False), ("cdo", True)):
        headers = {}
        if role in world.api_keys:
            headers["Authorization"] = f"Bearer {world.api_keys[role]}"
        response = Client().get(url, headers=headers)
        assert response.status_code == 200
        assert (private in response.content.decode()) is expected, role


@pytest.mark.parametrize(
    ("name", "query", "text_key", "hidden_from", "shown_to"),
    matrix.LISTINGS,
    ids=[f"{row[0]}-{row[2]}" for row in matrix.LISTINGS],
)
def test_listed_only_to_those_who_may_see_it(
    name, query, text_key, hidden_from, shown_to, world, db
):
    """Lists, search and pages show a restricted object (or text) only to roles who may see it."""
    route = application_routes()[name]
    url = reverse(name, kwargs=_kwargs(route, name, matrix.ROUTES[name], world))
    if query:
        url += "?" + urlencode(query)
    text = str(world[text_key])
    clients = _clients(world)
    wrong = []
    for role in (*hidden_from, *shown_to):
        response = clients[role].get(url)
        assert response.status_code == 200, f"{role}: {response.status_code}"
        if (text in response.content.decode()) != (role in shown_to):
            wrong.append(f"{role} {'does not see' if role in shown_to else 'sees'} {text!r}")
    assert not wrong, f"{url}: " + "; ".join(wrong)
