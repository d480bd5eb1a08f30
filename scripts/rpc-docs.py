#!/usr/bin/env python3
"""Fills docs/rpc.md's examples with requests and answers from a real node.

`cargo test --release -p merit-e2e --test e2e reads::` records every `merit_*` request it makes and
the node's answer in target/rpc-examples.md. Each example in docs/rpc.md sits between
`<!-- example METHOD SELECTOR -->` and `<!-- /example -->`; this script replaces what is between
with the first recorded example of METHOD that SELECTOR picks:
  ok                  an answer without error
  ok "TEXT"           ... whose request contains TEXT
  error CODE          an error with that code
  error CODE "TEXT"   ... whose answer contains TEXT
Usage: python3 scripts/rpc-docs.py (from the repository's root).
"""
import re
import sys

recorded = open("target/rpc-examples.md").read()
examples = []
for block in re.split(r"(?m)^### ", recorded)[1:]:
    method = block.split("`")[1]
    request, answer = re.findall(r"```json\n(.*?)\n```", block, re.S)[:2]
    examples.append((method, request, answer))


def pick(method, selector):
    m = re.fullmatch(r'(ok|error (-?\d+))(?: "(.*)")?', selector.strip())
    if not m:
        sys.exit(f"bad selector {selector!r}")
    code, text = m.group(2), m.group(3)
    for name, request, answer in examples:
        if name != method:
            continue
        if code is None and '"error"' not in answer and (text is None or text in request):
            return request, answer
        if code is not None and f'"code": {code},' in answer and (text is None or text in answer):
            return request, answer
    sys.exit(f"no recorded example of {method} {selector}")


def fill(match):
    method, selector = match.group(1), match.group(2)
    request, answer = pick(method, selector)
    body = f"```json\n{request}\n```\n\n```json\n{answer}\n```"
    return f"<!-- example {method} {selector} -->\n{body}\n<!-- /example -->"


doc = open("docs/rpc.md").read()
pattern = re.compile(r"<!-- example (\S+) (.*?) -->\n.*?<!-- /example -->", re.S)
doc, count = pattern.subn(fill, doc)
open("docs/rpc.md", "w").write(doc)
print(f"docs/rpc.md: {count} examples filled from target/rpc-examples.md")
