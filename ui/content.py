"""The app's editable content: node texts (resources/nodes/*.md) and references (references.toml).

Teachers may edit these files, so loading is strict about the structure the app relies on (named
headings, known reference keys), and Markdown goes through markdown-it-py with only the few
constructs the node files use turned on: anything else is shown as escaped text, never as markup.
A node file may end with an optional `## Teacher notes` section (classroom hints, hidden in the app
until the teacher shows them); files without it stay valid and get an empty `teacher_notes`.
No widgets here, so the content can be checked by tests and tools without a display.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from model.readers import read_text, read_toml
from model.resources import resource_path

__all__ = [
    "DEPTHS",
    "ContentError",
    "NodeText",
    "Reference",
    "load_node_texts",
    "load_node_texts_skipping_broken",
    "LEVELS",
    "depth_of",
    "load_references",
    "markdown_to_html",
    "node_links",
    "resource_path",
    "unreadable_node_text",
]

# The diagram's three levels of detail and the depth of node text each shows: the one definition.
LEVELS: tuple[int, ...] = (1, 2, 3)
DEPTHS: tuple[str, ...] = ("fundamentals", "intermediate", "academic")


def depth_of(level: int) -> str:
    """The node-text depth shown at a detail level (1 → "fundamentals")."""
    return DEPTHS[LEVELS.index(level)]

# Headings every node file must have (compared case-insensitively), mapped to NodeText fields.
_REQUIRED_HEADINGS: tuple[str, ...] = (
    "Summary", "Fundamentals", "Intermediate", "Academic", "Stressors and therapies", "Links", "References",
)

MAX_NODE_BYTES = 100_000  # twenty times the longest node text; more would slow every selection
MAX_REFERENCES_BYTES = 2_000_000
MAX_PATHWAY_BYTES = 2_000_000  # resources/pathway.json, read by the window and by the lesson checks

# Optional sections: a file without them is still valid, and the field is then empty.
_TEACHER_NOTES = "teacher notes"

# Node ids are file stems: lower-case letters, digits and underscores. Anything else in a link is
# not treated as a node link, which also keeps the generated href free of markup characters.
_NODE_ID = r"[a-z0-9_]+"
_NODE_LINK_RE = re.compile(r"\[([^\[\]]+)\]\(node:(" + _NODE_ID + r")\)")
_NODE_HREF_RE = re.compile(r"node:" + _NODE_ID)
_BETWEEN_TAGS_RE = re.compile(r">\n+<")  # markdown-it puts a newline between block tags
_BULLET_RE = re.compile(r"^\s*[-*]\s+(.*)$")


class ContentError(Exception):
    """A content file is missing or malformed; the message names the file and what is wrong."""


@dataclass
class NodeText:
    """The explanatory text of one diagram node, as written in its Markdown file."""

    id: str
    name: str
    summary: str
    levels: dict[str, str]  # "fundamentals" | "intermediate" | "academic" -> markdown
    effects: str  # markdown of "Stressors and therapies"
    links: list[str] = field(default_factory=list)  # node ids, in file order
    references: list[str] = field(default_factory=list)  # keys into references.toml
    link_labels: dict[str, str] = field(default_factory=dict)  # node id -> link text in "Links"
    teacher_notes: str = ""  # markdown of the optional "Teacher notes" section ("" when absent)

    def to_html(self, part: str) -> str:
        """Safe HTML of one part ("summary", a depth in DEPTHS, "effects" or "teacher_notes").

        Widgets may not import `ui`, so the info panel asks the node for HTML instead of calling
        markdown_to_html itself; the conversion (and its escaping) stays in one place.
        """
        if part == "summary":
            return markdown_to_html(self.summary)
        if part == "effects":
            return markdown_to_html(self.effects)
        if part == "teacher_notes":
            return markdown_to_html(self.teacher_notes)
        if part in self.levels:
            return markdown_to_html(self.levels[part])
        raise KeyError(f"unknown part {part!r}; expected summary, effects, teacher_notes or one of {DEPTHS}")


@dataclass
class Reference:
    """One literature reference; only `key` is guaranteed, so every other field may be empty."""

    key: str
    authors: str = ""
    year: str = ""
    title: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    note: str = ""

    def citation(self) -> str:
        """A readable one-line citation that degrades gracefully when fields are missing.

        e.g. "Samuel VT, Shulman GI (2012). Mechanisms for insulin resistance. Cell 148(5):852-871.
        doi:10.1016/j.cell.2012.02.017"
        """
        parts: list[str] = []
        authors = self.authors.strip().rstrip(".")
        year = str(self.year).strip()
        if authors and year:
            parts.append(f"{authors} ({year}).")
        elif authors:
            parts.append(f"{authors}.")
        elif year:
            parts.append(f"({year}).")
        title = self.title.strip()
        if title:
            parts.append(title if title[-1] in ".?!" else title + ".")
        source = self.journal.strip()
        volume = str(self.volume).strip()
        issue = str(self.issue).strip()
        pages = str(self.pages).strip()
        numbers = volume + (f"({issue})" if issue else "")
        if pages:
            numbers = f"{numbers}:{pages}" if numbers else pages
        if numbers:
            source = f"{source} {numbers}" if source else numbers
        if source:
            parts.append(source + ".")
        doi = self.doi.strip()
        if doi:
            parts.append(f"doi:{doi}")
        return " ".join(parts) if parts else self.key


def _link_labels(markdown: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for match in _NODE_LINK_RE.finditer(markdown):
        labels.setdefault(match.group(2), " ".join(match.group(1).split()))
    return labels


def node_links(markdown: str) -> list[str]:
    """Node ids linked as `[text](node:<id>)` in a Markdown text, in order, without repeats."""
    seen: list[str] = []
    for match in _NODE_LINK_RE.finditer(markdown):
        if match.group(2) not in seen:
            seen.append(match.group(2))
    return seen


def _split_sections(text: str, source: Path) -> tuple[str, dict[str, str]]:
    """Split a node file into its `# ` title and its `## ` sections (keys lower-cased)."""
    title = ""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip().lower(), [])
        elif line.startswith("# ") and not title and current is None:
            title = line[2:].strip()
        elif current is not None:
            current.append(line)
    if not title:
        raise ContentError(f"{source.name}: missing the '# <node name>' title line")
    return title, {name: "\n".join(lines).strip() for name, lines in sections.items()}


def _parse_node(path: Path) -> NodeText:
    text = read_text(path, path.name, MAX_NODE_BYTES, ContentError)
    name, sections = _split_sections(text, path)
    for heading in _REQUIRED_HEADINGS:
        if heading.lower() not in sections:
            raise ContentError(f"{path.name}: missing the '## {heading}' heading")
    references: list[str] = []
    for line in sections["references"].splitlines():
        match = _BULLET_RE.match(line)
        item = (match.group(1) if match else line).strip()
        if item:
            key = item.split()[0].strip(",;")
            if key not in references:
                references.append(key)
    return NodeText(
        id=path.stem,
        name=name,
        summary=" ".join(sections["summary"].split()),
        levels={depth: sections[depth] for depth in DEPTHS},
        effects=sections["stressors and therapies"],
        links=node_links(sections["links"]),
        references=references,
        link_labels=_link_labels(sections["links"]),
        teacher_notes=sections.get(_TEACHER_NOTES, ""),
    )


def unreadable_node_text(node_id: str, problem: str) -> NodeText:
    """What the info panel shows for a node whose file is broken: the problem, in place of the text."""
    message = f"This node's text could not be read: {problem}"
    return NodeText(id=node_id, name=node_id.replace("_", " "), summary=message,
                    levels=dict.fromkeys(DEPTHS, message), effects="")


def load_node_texts_skipping_broken(folder: Path | None = None) -> tuple[dict[str, NodeText], list[str]]:
    """Like load_node_texts, but a broken file gives that node a text that names the problem, so one
    edit gone wrong never stops the app or blanks the other nodes."""
    folder = Path(folder) if folder is not None else resource_path("nodes")
    if not folder.is_dir():
        return {}, [f"{folder}: node text folder not found"]
    texts: dict[str, NodeText] = {}
    errors: list[str] = []
    for path in sorted(folder.glob("*.md")):
        try:
            texts[path.stem] = _parse_node(path)
        except ContentError as exc:
            texts[path.stem] = unreadable_node_text(path.stem, str(exc))
            errors.append(str(exc))
    return texts, errors


def load_node_texts(folder: Path | None = None) -> dict[str, NodeText]:
    """All node texts, keyed by node id (the file name without `.md`), sorted by id.

    Raises ContentError on the first file missing a required heading, so a broken edit is caught
    at start-up (or by the tests) rather than as a blank panel in front of a class.
    """
    folder = Path(folder) if folder is not None else resource_path("nodes")
    if not folder.is_dir():
        raise ContentError(f"{folder}: node text folder not found")
    return {path.stem: _parse_node(path) for path in sorted(folder.glob("*.md"))}


def load_references(path: Path | None = None) -> dict[str, Reference]:
    """All references in references.toml, keyed by their table name."""
    path = Path(path) if path is not None else resource_path("references.toml")
    data = read_toml(path, path.name, MAX_REFERENCES_BYTES, ContentError)
    known = set(Reference.__dataclass_fields__) - {"key"}
    references: dict[str, Reference] = {}
    for key, table in data.items():
        if not isinstance(table, dict):
            raise ContentError(f"{path.name}: '{key}' is not a [table]")
        fields = {name: str(value) for name, value in table.items() if name in known}
        references[key] = Reference(key=key, **fields)
    return references


@functools.cache
def _markdown() -> MarkdownIt:
    """CommonMark through markdown-it-py (linear time), with only what the node files use turned on:
    paragraphs, bullet lists, bold, italic, backslash escapes and `node:` links. Raw HTML is off, so
    tags come out as visible text; a link to anything but a node stays plain text."""
    md = MarkdownIt("zero").enable(["list", "emphasis", "link", "escape", "newline"])
    md.validateLink = lambda url: _NODE_HREF_RE.fullmatch(url) is not None
    for name, tag in (("strong_open", "<b>"), ("strong_close", "</b>"), ("em_open", "<i>"),
                      ("em_close", "</i>")):
        md.add_render_rule(name, lambda *_, tag=tag: tag)  # the tags Qt's rich text and the tests know
    md.add_render_rule("softbreak", lambda *_: " ")  # a line break inside a paragraph is a space
    return md


@functools.lru_cache(maxsize=512)
def markdown_to_html(text: str) -> str:
    """Convert a node file's Markdown to safe HTML.

    Supported: paragraphs (blank-line separated), `- ` bullet lists, `**bold**`, `*italic*` and
    `[text](node:id)`. Other links, tags and scripts come out as visible, inert text, so an edited
    file can never inject markup into the app.
    """
    out = _markdown().render(text)
    return _BETWEEN_TAGS_RE.sub("><", out).strip()
