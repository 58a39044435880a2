#!/usr/bin/env python3
"""Lists the job-control API calls of the OpenCDP DAGs without importing Airflow.

Reads every DAG file with ``ast`` and prints JSON: each HttpOperator and HttpSensor with its method,
endpoint (Jinja expressions and Python variables become ``{param}``), query parameters and JSON body
fields (of ``data=json.dumps({...})``), and each job
type the DAGs submit through ``cdp_job`` or ``cdp_streaming_job_health``. Standard library only.

Usage: dag_http_calls.py DAG_FOLDER
"""

import ast
import json
import re
import sys
from pathlib import Path

OPERATORS = {"HttpOperator": "POST", "HttpSensor": "GET"}
JOB_FACTORIES = {"cdp_job", "cdp_streaming_job_health"}
JINJA = re.compile(r"\{\{.*?\}\}")


def name_of(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def render(node):
    """The text of a string expression; unknown parts become {name}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(render(value) for value in node.values)
    if isinstance(node, ast.FormattedValue):
        return "{" + (ast.unparse(node.value)) + "}"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return render(node.left) + render(node.right)
    return "{" + ast.unparse(node) + "}"


def path_template(endpoint):
    return JINJA.sub("{param}", endpoint)


def module_lists(tree):
    lists = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple)):
            values = [e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            for target in node.targets:
                if isinstance(target, ast.Name):
                    lists[target.id] = values
    return lists


def loop_values(tree, lists):
    """Loop variables bound to a module-level list of strings: for job_type in STREAMING_JOB_TYPES."""
    values = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and isinstance(node.iter, ast.Name):
            if node.iter.id in lists:
                values[node.target.id] = lists[node.iter.id]
    return values


def job_types(node, bound):
    argument = node.args[1] if len(node.args) > 1 else None
    for keyword in node.keywords:
        if keyword.arg == "job_type":
            argument = keyword.value
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return [argument.value]
    if isinstance(argument, ast.Name) and argument.id in bound:
        return bound[argument.id]
    return None


def scan(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bound = loop_values(tree, module_lists(tree))
    calls, types, errors = [], [], []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = name_of(node.func)
        if name in OPERATORS:
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            if "endpoint" not in keywords:
                errors.append("%s:%d: %s without endpoint" % (path.name, node.lineno, name))
                continue
            method = keywords.get("method")
            query = []
            if "request_params" in keywords and isinstance(keywords["request_params"], ast.Dict):
                query = [render(k) for k in keywords["request_params"].keys if k is not None]
            body = None
            data = keywords.get("data")
            if isinstance(data, ast.Call) and name_of(data.func) == "dumps" and data.args and isinstance(data.args[0], ast.Dict):
                body = [render(k) for k in data.args[0].keys if k is not None]
            calls.append({
                "file": path.name,
                "line": node.lineno,
                "operator": name,
                "method": render(method).upper() if method is not None else OPERATORS[name],
                "endpoint": path_template(render(keywords["endpoint"])),
                "queryParams": query,
                "bodyFields": body,
            })
        elif name in JOB_FACTORIES and path.name != "cdp_jobs.py":
            found = job_types(node, bound)
            if found is None:
                errors.append("%s:%d: cannot tell the job type of %s" % (path.name, node.lineno, name))
            else:
                types.extend({"file": path.name, "line": node.lineno, "type": t} for t in found)
    return calls, types, errors


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[1])
    result = {"files": [], "calls": [], "jobTypes": [], "errors": []}
    for path in sorted(folder.glob("*.py")):
        result["files"].append(path.name)
        try:
            calls, types, errors = scan(path)
        except SyntaxError as error:
            result["errors"].append("%s: %s" % (path.name, error))
            continue
        result["calls"].extend(calls)
        result["jobTypes"].extend(types)
        result["errors"].extend(errors)
    json.dump(result, sys.stdout, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
