"""Adjustments to the generated OpenAPI schema: how a related record reads and writes, the reads' `?brief=` and
`?fields=`, local times (drf-spectacular extensions and post-processing hooks)."""

import copy

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

BRIEF = {
    "type": "object",
    "description": "关联记录 (a related record)",
    "properties": {"id": {"type": "integer"}, "url": {"type": "string", "nullable": True},
                   "code": {"type": "string"}, "name": {"type": "string"}, "display": {"type": "string"}},
    "required": ["id", "url", "display"],
}


class BriefRelatedFieldSchema(OpenApiSerializerFieldExtension):
    """`core.api.BriefRelatedField`: read as a brief object, written as the record's id."""

    target_class = "yuanqu.core.api.BriefRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {"type": "integer", "description": "关联记录的编号 (the related record's id; {\"id\": …} works too)"}
        return copy.deepcopy(BRIEF)


def brief_and_fields(result, generator, request, public):
    """A read that takes `?brief=` or `?fields=` answers either the whole record, a part of it (any of its
    properties) or a brief object: say so, so that a client's validator accepts each."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Brief"] = copy.deepcopy(BRIEF)

    def partial(ref: str) -> dict:
        name = ref.rsplit("/", 1)[-1]
        if f"{name}Fields" not in schemas:
            part = copy.deepcopy(schemas[name])
            part.pop("required", None)
            part["description"] = f"{name} 的部分字段 (?fields=) / the fields asked for"
            schemas[f"{name}Fields"] = part
        return {"anyOf": [{"$ref": f"#/components/schemas/{name}Fields"}, {"$ref": "#/components/schemas/Brief"}]}

    for item in result.get("paths", {}).values():
        operation = item.get("get")
        if not operation or "brief" not in {p["name"] for p in operation.get("parameters", [])}:
            continue
        content = operation["responses"]["200"]["content"]["application/json"]
        ref = content["schema"].get("$ref", "")
        target = schemas.get(ref.rsplit("/", 1)[-1], {})
        results = target.get("properties", {}).get("results")
        if ref.rsplit("/", 1)[-1].startswith("Paginated") and results:
            results["items"] = partial(results["items"]["$ref"])
        elif ref:
            content["schema"] = partial(ref)
    return result


LOCAL_TIME = r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"


def local_times(result, generator, request, public):
    """A time of day here is local wall-clock time ("08:30:00", Asia/Shanghai), not RFC 3339's `time` with an
    offset that `format: time` demands: say so with a pattern, so a client's validator accepts what we send."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("format") == "time" and node.get("type") == "string":
                del node["format"]
                node["pattern"] = LOCAL_TIME
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result


# --- an example for every operation --------------------------------------------------------------------------

_PATTERN_EXAMPLES = {LOCAL_TIME: "08:30:00", r"^\d{6}$": "320902"}
_FORMAT_EXAMPLES = {"date": "2025-03-01", "date-time": "2025-03-01T09:30:00+08:00", "uri": "https://yuanqu.example/",
                    "uuid": "3f2b8a1e-9c4d-4e5f-8a6b-7c8d9e0f1a2b", "email": "zhang.wei@example.cn",
                    "binary": "(文件内容 file content)"}
_NAMED = {"name": "亭湖智能装备产业园项目", "title": "第18次产业园区项目载体建设现场推进会",
          "username": "tinghu_reporter", "password": "示例密码", "display": "亭湖区",
          "credit_code": "91320902MA1XXXXX0X", "token": "示例令牌"}


def _sample(schema: dict, schemas: dict, direction: str, name: str = "", depth: int = 0):
    """A value valid against `schema` (OpenAPI 3.0), made from its types, formats, patterns, enums and bounds."""
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    if "example" in schema:
        return schema["example"]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return _sample(schema[key][0], schemas, direction, name, depth)
    if schema.get("allOf"):
        merged = {}
        for part in schema["allOf"]:
            part = schemas[part["$ref"].rsplit("/", 1)[-1]] if "$ref" in part else part
            merged = {**merged, **part, "properties": {**merged.get("properties", {}), **part.get("properties", {})}}
        return _sample(merged, schemas, direction, name, depth)
    if schema.get("enum"):
        return next((value for value in schema["enum"] if value is not None), None)
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if kind == "object":
        if depth > 6:
            return {}
        skip = "readOnly" if direction == "request" else "writeOnly"
        return {key: _sample(value, schemas, direction, key, depth + 1)
                for key, value in schema.get("properties", {}).items() if not value.get(skip)}
    if kind == "array":
        item = _sample(schema.get("items", {}), schemas, direction, name, depth + 1)
        return [item] * max(1, schema.get("minItems", 1))
    if kind == "boolean":
        return True
    if kind in ("integer", "number"):
        low, high = schema.get("minimum", 1), schema.get("maximum")
        value = low if high is None or low <= high else high
        return int(value) if kind == "integer" else float(value)
    if schema.get("pattern") in _PATTERN_EXAMPLES:
        return _PATTERN_EXAMPLES[schema["pattern"]]
    if schema.get("pattern", "").startswith(r"^-?\d{0,"):  # a decimal sent as a string: "1.5" fits every one
        return "1.5"
    if schema.get("format") in _FORMAT_EXAMPLES:
        return _FORMAT_EXAMPLES[schema["format"]]
    text = _NAMED.get(name, "示例")
    text = text[: schema.get("maxLength", len(text))]
    return text.ljust(schema.get("minLength", 0), "示")


def examples(result, generator, request, public):
    """Every operation's request bodies and answers get an example made from their schema (unless they have one),
    so the documentation shows a call for each and a client sees the shape before sending anything."""
    schemas = result.get("components", {}).get("schemas", {})
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            bodies = [("request", media) for media in operation.get("requestBody", {}).get("content", {}).values()]
            bodies += [("response", media) for code, answer in operation.get("responses", {}).items()
                       if code.startswith("2") for media in answer.get("content", {}).values()]
            for direction, media in bodies:
                if "example" not in media and "examples" not in media and "schema" in media:
                    media["example"] = _sample(media["schema"], schemas, direction)
    return result
