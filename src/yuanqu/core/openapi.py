"""Adjustments to the generated OpenAPI schema (drf-spectacular post-processing)."""

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
