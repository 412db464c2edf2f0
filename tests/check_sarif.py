#!/usr/bin/env python3
"""Validates a SARIF file against the published SARIF 2.1.0 JSON schema.

usage: check_sarif.py SCHEMA FILE   (exit 0 valid, 1 invalid, printing every error)
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
validator = jsonschema.validators.validator_for(schema)(schema)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print(f"{'/'.join(map(str, e.path))}: {e.message}")
sys.exit(1 if errors else 0)
