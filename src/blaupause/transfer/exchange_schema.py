"""The JSON Schema (draft 2020-12) of the exchange file, derived from `exchange_format`.

`src/blaupause/transfer/schema/blueprint-1.schema.json` holds its output; a test checks that
the file and this function agree.
"""

from __future__ import annotations

from typing import Any

from blaupause.strategies.validation import KEY_PATTERN

from .exchange_format import (
    DATE_PATTERN,
    DECIMAL_PATTERN,
    GENERATOR,
    NETWORK,
    REGION,
    SCHEMA_ID,
    SCHEMA_VERSION,
    SECTIONS,
    SLUG_PATTERN,
    STRATEGY,
    TOP,
    UUID_PATTERN,
    VERSION,
    Spec,
)


def _schema_of(spec: Spec) -> dict:
    kind = spec.kind
    schema: dict[str, Any]
    if kind == "text":
        schema = {"type": "string"}
        if spec.required_text:
            schema["minLength"] = 1
        if spec.max_length:
            schema["maxLength"] = spec.max_length
    elif kind == "uuid":
        schema = {"type": "string", "pattern": UUID_PATTERN}
    elif kind == "ref":
        schema = {"type": "string"}
    elif kind == "slug":
        schema = {"type": "string", "pattern": SLUG_PATTERN, "maxLength": spec.max_length}
    elif kind == "key":
        schema = {"type": "string", "pattern": KEY_PATTERN.pattern, "maxLength": spec.max_length}
    elif kind == "choice":
        schema = {"type": "string", "enum": list(spec.choices)}
    elif kind == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif kind == "datetime":
        schema = {"type": "string", "format": "date-time"}
    elif kind == "decimal":
        schema = {"type": "string", "pattern": DECIMAL_PATTERN}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "int":
        schema = {"type": "integer"}
        if spec.minimum is not None:
            schema["minimum"] = spec.minimum
        if spec.maximum is not None:
            schema["maximum"] = spec.maximum
    elif kind in {"refs", "words"}:
        schema = {"type": "array", "items": {"type": "string"}}
    elif kind == "objects":
        schema = {"type": "array", "items": {"type": "object"}}
    else:
        schema = {"type": "object"}
    if spec.nullable:
        schema["type"] = [schema["type"], "null"]
    if spec.target:
        schema["description"] = f"Key of an item in content.{spec.target}"
    if spec.title:
        schema["description"] = spec.title
    return schema


def _object_schema(specs: dict[str, Spec], *, optional=(), nested=None) -> dict:
    nested = nested or {}
    return {
        "type": "object",
        "required": [name for name in specs if name not in optional],
        "additionalProperties": False,
        "properties": {name: nested.get(name) or _schema_of(spec) for name, spec in specs.items()},
    }


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of format 1, derived from the same description."""
    defs = {section: _object_schema(specs) for section, specs in SECTIONS.items()}
    network = _object_schema(
        NETWORK, nested={"region": {"anyOf": [{"$ref": "#/$defs/region"}, {"type": "null"}]}}
    )
    strategy = _object_schema(
        STRATEGY, optional=("provenance",), nested={"network": {"$ref": "#/$defs/network"}}
    )
    top = _object_schema(
        TOP,
        optional=("$schema", "exported_at", "generator"),
        nested={
            "schema_version": {"const": SCHEMA_VERSION},
            "generator": {"$ref": "#/$defs/generator"},
            "strategy": {"$ref": "#/$defs/strategy"},
            "version": {"$ref": "#/$defs/version"},
            "content": {
                "type": "object",
                "required": list(SECTIONS),
                "additionalProperties": False,
                "properties": {
                    section: {"type": "array", "items": {"$ref": f"#/$defs/{section}"}}
                    for section in SECTIONS
                },
            },
        },
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Blaupause blueprint exchange file, format 1",
        "description": (
            "One published version of a framework strategy with every item and its stable "
            "UUID. References between items use keys. See docs/blueprint-format.md."
        ),
        **top,
        "$defs": {
            "generator": _object_schema(GENERATOR),
            "region": _object_schema(REGION),
            "network": network,
            "strategy": strategy,
            "version": _object_schema(VERSION),
            **defs,
        },
    }
