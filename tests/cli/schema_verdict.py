#!/usr/bin/env python3
"""What a JSON Schema validator says about a manifest directory: schema_verdict.py DIR [SCHEMAS].

schema_verdict.py --batch DIR... judges many directories in one process and prints a JSON
object from each DIR to [exit code, printed text].

The verdict an editor and CI would reach with schemas/ alone, without synops:
  1. each file, from synops.yaml down its `include`s, against the schema its
     yaml-language-server modeline names (what the editor shows for that file);
  2. the files merged key by key, as the loader merges them, against synops.schema.json
     (the full model: rules across files, such as postgres.connection.li needing synapse.li).
The schemas are loaded as one set and their cross-file $refs resolved by $id only, as ajv
and python3-jsonschema load them. YAML is converted to JSON first.

Prints one line per problem. Exit 0: valid; 1: invalid; 2: cannot judge (no modeline, a
file that does not parse, a key set in two files: the loader's business, not a schema's).
"""
import json
import os
import re
import sys

import jsonschema
import yaml

MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$", re.MULTILINE)


class CannotJudge(Exception):
    pass


def load_schemas(directory):
    by_id = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".schema.json"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                schema = json.load(f)
            by_id[schema["$id"]] = schema
    return by_id


def validator_for(schema, by_id):
    """A 2020-12 validator resolving $refs through the set by $id (old and new jsonschema)."""
    try:
        from referencing import Registry, Resource  # jsonschema >= 4.18

        registry = Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in by_id.items())
        return jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:  # Debian bookworm's 4.10
        resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=dict(by_id))
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


def schema_named(modeline_target, file_path, by_id):
    """The schema a modeline names: the $id URL itself, or a path to one of the schema files."""
    if modeline_target in by_id:
        return by_id[modeline_target]
    name = os.path.basename(modeline_target)
    for uri, schema in by_id.items():
        if uri.rsplit("/", 1)[-1] == name:
            target = os.path.normpath(os.path.join(os.path.dirname(file_path), modeline_target))
            if not os.path.isfile(target):
                raise CannotJudge(f"{file_path}: the modeline names {modeline_target}, which is not a file")
            return schema
    raise CannotJudge(f"{file_path}: the modeline names {modeline_target}, which is none of the schemas")


def as_json(value):
    # YAML scalars JSON has no type for (dates) become their text, as the loader reads them.
    return json.loads(json.dumps(value, default=str))


def read_files(directory):
    """[(name, text, document)] from synops.yaml down its includes, each once."""
    out, seen, queue = [], set(), ["synops.yaml"]
    while queue:
        name = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        path = os.path.join(directory, name)
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            document = as_json(yaml.safe_load(text))
        except (OSError, yaml.YAMLError) as error:
            raise CannotJudge(f"{name}: {error}")
        out.append((name, text, document))
        if isinstance(document, dict) and isinstance(document.get("include"), list):
            queue.extend(str(item) for item in document["include"])
    return out


def merge(into, other, path):
    for key, value in other.items():
        if key not in into:
            into[key] = value
        elif isinstance(into[key], dict) and isinstance(value, dict):
            merge(into[key], value, path + [key])
        else:
            raise CannotJudge("key " + ".".join(path + [key]) + " is set in two files")


def problems_of(validator, document, where):
    return [f"{where}: /{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
            for error in validator.iter_errors(document)]


def verdict(directory, schemas_dir):
    by_id = load_schemas(schemas_dir)
    problems, merged = [], {}
    for name, text, document in read_files(directory):
        modeline = MODELINE.search(text)
        if not modeline:
            raise CannotJudge(f"{name}: no yaml-language-server modeline")
        schema = schema_named(modeline.group(1), os.path.join(directory, name), by_id)
        problems += problems_of(validator_for(schema, by_id), document, name)
        if isinstance(document, dict):
            merge(merged, {k: v for k, v in document.items() if k != "include"}, [])
    root = by_id["https://synops.dev/schemas/synops.schema.json"]
    problems += problems_of(validator_for(root, by_id), merged, "(merged)")
    return problems


def judge(directory, schemas_dir):
    """(exit code, printed text) for one directory, as main prints and returns them."""
    try:
        problems = verdict(directory, schemas_dir)
    except CannotJudge as why:
        return 2, f"cannot judge: {why}\n"
    return (1 if problems else 0), "".join(line + "\n" for line in problems)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    schemas_dir = os.path.join(here, "..", "..", "schemas")
    if len(sys.argv) >= 2 and sys.argv[1] == "--batch":
        # One process for a whole corpus (importing jsonschema costs about a second): a JSON
        # object from each directory to [exit code, printed text].
        print(json.dumps({directory: judge(directory, schemas_dir) for directory in sys.argv[2:]}))
        return 0
    if len(sys.argv) not in (2, 3):
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    if len(sys.argv) == 3:
        schemas_dir = sys.argv[2]
    code, text = judge(sys.argv[1], schemas_dir)
    print(text, end="")
    return code


if __name__ == "__main__":
    sys.exit(main())
