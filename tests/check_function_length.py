#!/usr/bin/env python3
"""Fails when a function defined in a header under include/ is longer than a limit.

A function's length counts the lines from its signature (the first line of the declaration
that opens its body, `template <...>` included) to its closing brace. The scan strips comments,
string and character literals and preprocessor lines, then matches braces: a `{` outside any
function whose declaration text has a parameter list and is not a control statement, a class,
a namespace, an enum or an initialiser opens a function; nested braces (blocks, lambdas,
initialisers) belong to it.

Public functions are those outside namespaces named detail (or internal, impl); --all checks all.

With --non-template-max M it also fails on any function that is not a template (nor a member of a
class template) and is longer than M lines and uses Eigen: such a body is compiled, with every Eigen expression
in it instantiated, in each translation unit that includes the header, whether it calls the
function or not (the compile-time rule of docs/index.md).

Usage: check_function_length.py [--max N] [--all] [--non-template-max M] ROOT   (ROOT: include/)
"""
import argparse
import pathlib
import re
import sys

INTERNAL = {"detail", "internal", "impl"}  # namespaces that are not the public API
CONTROL = {"if", "for", "while", "switch", "catch", "do", "else", "try", "return"}
# Eigen expressions in a body: what makes a non-template function expensive to compile
EIGEN = re.compile(r"\b(matrix_x|vector_x|row_vector_x|matrix_d|vector_d|Eigen::)|\.(array|matrix|col|row|cols|rows|segment|block|transpose|asDiagonal|noalias|lu|ldlt|llt)\(")
SCOPE_WORDS = re.compile(r"\b(class|struct|union|namespace|enum)\b")


def strip(text):
    """Blanks comments, literals and preprocessor lines, keeping newlines (line numbers)."""
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c == "#":
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    out.append("\n")
                    i += 2
                    continue
                i += 1
            continue
        if c == "/" and text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
            continue
        if c == "R" and text.startswith('R"', i):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if m:
                end = text.find(")" + m.group(1) + '"', i)
                end = n if end < 0 else end + len(m.group(1)) + 2
                out.append('""' + "\n" * text.count("\n", i, end))
                i = end
                continue
        if c in "\"'":
            if c == "'" and i > 0 and (text[i - 1].isalnum()):  # digit separator 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
            continue
        out.append(c)
        at_line_start = c == "\n" or (at_line_start and c in " \t")
        i += 1
    return "".join(out)


def is_function_head(head):
    h = re.sub(r"\b(public|private|protected)\s*:(?!:)", " ", head).strip()
    h = re.sub(r"^template\s*<.*?>\s*(?=[A-Za-z_~])", "", h, flags=re.S) if h.startswith("template") else h
    if "(" not in h or h.endswith("="):
        return False
    first = re.match(r"[A-Za-z_]\w*", h)
    if first and first.group(0) in CONTROL:
        return False
    before_paren = h[: h.index("(")]
    if SCOPE_WORDS.search(before_paren):
        return False
    if re.search(r"=\s*$", before_paren) or before_paren.rstrip().endswith("]"):
        return False  # an initialiser or a lambda at namespace scope
    return True


def functions(path):
    text = strip(path.read_text(encoding="utf-8"))
    stack = []  # entries: ("function", start_line, name) or ("other",)
    head, head_line = [], None
    line = 1
    parens = 0  # braces inside a parameter list (default arguments `= {}`) belong to the declaration
    found = []
    for c in text:
        in_function = any(e[0] == "function" for e in stack)
        if not in_function and c in "()":
            parens = max(0, parens + (1 if c == "(" else -1))
        if not in_function and parens > 0 and c in "{};":
            head.append(c)
        elif c == "{":
            if not in_function and head_line is not None and is_function_head("".join(head)):
                name = re.findall(r"([~\w:]+(?:operator\s*\S+)?)\s*\(", "".join(head))
                h = re.sub(r"\b(public|private|protected)\s*:(?!:)", " ", "".join(head)).strip()
                templated = h.startswith("template") or any(x[0] == "other" and x[2] for x in stack)
                stack.append(("function", head_line, name[0] if name else "?", templated))
            else:
                h = "".join(head).strip()
                ns = re.search(r"\bnamespace\s+(\w+)\s*$", h)
                stack.append(("other", ns.group(1) if ns else None, h.startswith("template")))
            head, head_line = [], None
        elif c == "}":
            if stack:
                e = stack.pop()
                if e[0] == "function":
                    internal = any(x[0] == "other" and x[1] in INTERNAL for x in stack)
                    found.append((e[2], e[1], line, internal, e[3]))
            head, head_line = [], None
        elif c == ";":
            head, head_line = [], None
        else:
            if not in_function:
                if head_line is None and not c.isspace():
                    head_line = line
                if head_line is not None:
                    head.append(c)
        if c == "\n":
            line += 1
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root")
    ap.add_argument("--max", type=int, default=120)
    ap.add_argument("--all", action="store_true", help="also functions in namespace detail")
    ap.add_argument("--non-template-max", type=int, default=0,
                    help="also fail on a non-template function (compiled in every translation unit that "
                    "includes its header, called or not) longer than this, in any namespace (0: off)")
    a = ap.parse_args()
    root = pathlib.Path(a.root)
    files = sorted(p for p in root.rglob("*") if p.suffix in (".hpp", ".h", ".ipp"))
    if not files:
        print(f"no headers under {root}", file=sys.stderr)
        return 2
    bad = []
    count = 0
    for p in files:
        lines = strip(p.read_text(encoding="utf-8")).split("\n")
        for name, start, end, internal, templated in functions(p):
            length = end - start + 1
            where = f"{p.relative_to(root.parent)}:{start}-{end}"
            body = "\n".join(lines[start - 1 : end])
            if a.non_template_max and not templated and length > a.non_template_max and EIGEN.search(body):
                bad.append((length, where, name + " (not a template: make it one, e.g. template <class = void>)"))
                continue
            if internal and not a.all:
                continue
            count += 1
            if length > a.max:
                bad.append((length, where, name))
    for length, where, name in sorted(bad, reverse=True):
        print(f"{where}: {name} is {length} lines (limit {a.max})")
    print(f"{count} functions in {len(files)} headers; {len(bad)} over the limits")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
