#!/usr/bin/env python3
"""Reference for the card YAML tests: loads each YAML text with PyYAML's safe_load and prints the
JSON modelhub's loader is expected to give (see src/modelhub/card/yaml.h for the mapping rules).

stdin: a JSON list of YAML texts. stdout: a JSON list of {"value": ...} or {"error": kind}.
"""
import base64
import datetime
import json
import math
import sys

import yaml


def key_string(key):
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, float):
        if math.isnan(key):
            return "NaN"
        if math.isinf(key):
            return "Infinity" if key > 0 else "-Infinity"
        return repr(key)
    if isinstance(key, (datetime.date, datetime.datetime)):
        return key.isoformat()
    if isinstance(key, bytes):
        return convert(key)
    return str(key)


def convert(value):
    if isinstance(value, dict):
        return {key_string(k): convert(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [convert(v) for v in value]
    if isinstance(value, set):
        return sorted(key_string(v) for v in value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(value).decode("ascii")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def main():
    out = []
    for text in json.load(sys.stdin):
        try:
            out.append({"value": convert(yaml.safe_load(text))})
        except RecursionError:
            out.append({"error": "RecursionError"})
        except Exception as error:  # noqa: BLE001 - every failure class is part of the answer
            out.append({"error": type(error).__name__})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
