"""The editable content: every node file parses, is complete, and links only to things that exist."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from ui.content import (
    DEPTHS,
    ContentError,
    NodeText,
    Reference,
    load_node_texts,
    load_references,
    markdown_to_html,
    resource_path,
)

NODES_DIR = ROOT / "resources" / "nodes"
NODE_LINK = re.compile(r"\(node:([^)\s]*)\)")


@pytest.fixture(scope="module")
def nodes() -> dict[str, NodeText]:
    return load_node_texts()


@pytest.fixture(scope="module")
def references() -> dict[str, Reference]:
    return load_references()


def test_resource_path_points_at_the_source_tree_and_the_bundle(monkeypatch, tmp_path):
    assert resource_path("nodes") == NODES_DIR
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert resource_path("references.toml") == tmp_path / "resources" / "references.toml"


def test_every_node_file_is_loaded(nodes):
    files = sorted(p.stem for p in NODES_DIR.glob("*.md"))
    assert files, "no node files found"
    assert sorted(nodes) == files
    for node_id, node in nodes.items():
        assert node.id == node_id
        assert node.name.strip(), node_id


def test_every_node_has_a_summary_and_text_at_every_depth(nodes):
    for node_id, node in nodes.items():
        assert len(node.summary) > 20, node_id
        assert set(node.levels) == set(DEPTHS), node_id
        for depth in DEPTHS:
            assert len(node.levels[depth].split()) >= 20, f"{node_id}: {depth} text is (nearly) empty"
        assert node.levels["fundamentals"] != node.levels["academic"], node_id


def test_every_node_link_points_at_an_existing_node(nodes):
    for node_id, node in nodes.items():
        raw = (NODES_DIR / f"{node_id}.md").read_text(encoding="utf-8")
        for target in NODE_LINK.findall(raw):
            assert target in nodes, f"{node_id}.md links to unknown node {target!r}"
        assert node.links, f"{node_id}.md has no Links entries"
        for target in node.links:
            assert target in nodes, f"{node_id}.md: Links entry {target!r} is not a node"
            assert target != node_id, f"{node_id}.md links to itself"


def test_links_keep_their_order_and_labels(nodes):
    irs1 = nodes["irs1"]
    assert irs1.links == ["insulin_receptor", "pi3k", "jnk", "ikkb", "pkc"]
    assert irs1.link_labels["pi3k"] == "PI3K"


def test_every_reference_key_exists(nodes, references):
    for node_id, node in nodes.items():
        assert node.references, f"{node_id}.md cites no references"
        for key in node.references:
            assert key in references, f"{node_id}.md cites unknown reference {key!r}"


def test_citation_is_one_readable_line(references):
    text = references["samuel2012"].citation()
    assert text.startswith("Samuel VT, Shulman GI (2012). Mechanisms for insulin resistance")
    assert "Cell 148(5):852-871." in text
    assert text.endswith("doi:10.1016/j.cell.2012.02.017")
    for ref in references.values():
        citation = ref.citation()
        assert "\n" not in citation and "None" not in citation and "()" not in citation, ref.key


def test_citation_tolerates_missing_fields():
    ref = Reference("k", authors="Doe J", year="2020", title="A title")
    assert ref.citation() == "Doe J (2020). A title."
    assert Reference("k", title="T?", journal="J", volume="3", pages="1-2").citation() == "T? J 3:1-2."
    assert Reference("only_key").citation() == "only_key"


def test_load_references_reads_numbers_as_text(tmp_path):
    path = tmp_path / "refs.toml"
    path.write_text('[a]\nauthors = "X Y"\nyear = 1999\ntitle = "T"\nvolume = 4\n', encoding="utf-8")
    ref = load_references(path)["a"]
    assert ref.year == "1999" and ref.volume == "4" and ref.doi == ""
    assert ref.citation() == "X Y (1999). T. 4."


def test_markdown_escapes_markup_and_scripts():
    out = markdown_to_html('Hi <script>alert("x")</script> <img src=x onerror=y> & [a](javascript:alert(1))')
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out
    assert "href" not in out  # only node: links become anchors


def test_markdown_turns_node_links_into_anchors():
    out = markdown_to_html("See [PI3K](node:pi3k) and [web](https://example.org).")
    assert '<a href="node:pi3k">PI3K</a>' in out
    assert "https://example.org" in out and 'href="https' not in out
    # a crafted id cannot break out of the attribute
    assert "<a" not in markdown_to_html('[x](node:pi3k" onclick="y)')


def test_markdown_paragraphs_lists_and_emphasis():
    out = markdown_to_html("First **bold** and *it*.\nsame paragraph\n\n- one\n- two **b**\n\nLast 2 * 3 * 4")
    assert out.count("<p>") == 2
    assert "<p>First <b>bold</b> and <i>it</i>. same paragraph</p>" in out
    assert "<ul><li>one</li><li>two <b>b</b></li></ul>" in out
    assert "2 * 3 * 4" in out


def test_node_html_is_safe_and_linked(nodes):
    html = nodes["irs1"].to_html("intermediate")
    assert '<a href="node:pi3k">PI3K</a>' in html
    assert "<b>High-fat diet</b>" in nodes["irs1"].to_html("effects")


def _write_node(folder, text: str, name: str = "demo"):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.md").write_text(text, encoding="utf-8")


def _complete_node(skip: str = "") -> str:
    sections = ["Summary", "Fundamentals", "Intermediate", "Academic", "Stressors and therapies",
                "Links", "References"]
    body = "# Demo\n\n"
    for heading in sections:
        if heading != skip:
            body += f"## {heading}\nSome text for {heading}.\n\n"
    return body


@pytest.mark.parametrize("heading", ["Summary", "Intermediate", "Stressors and therapies", "References"])
def test_missing_heading_raises_content_error(tmp_path, heading):
    _write_node(tmp_path / "nodes", _complete_node(skip=heading))
    with pytest.raises(ContentError) as info:
        load_node_texts(tmp_path / "nodes")
    assert "demo.md" in str(info.value) and heading in str(info.value)


def test_extra_headings_are_ignored_and_crlf_is_fine(tmp_path):
    text = _complete_node() + "## Teacher notes\nAnything.\n\n## Something else\nIgnored.\n"
    (tmp_path / "nodes").mkdir()
    (tmp_path / "nodes" / "demo.md").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    node = load_node_texts(tmp_path / "nodes")["demo"]
    assert node.name == "Demo"
    assert node.levels["academic"] == "Some text for Academic."
    assert node.teacher_notes == "Anything."


# --- teacher notes -------------------------------------------------------------------------------

# How the notes must name a switch next to its key: the checkbox label, or a short form of it.
KEY_HINT = re.compile(r"\[([1-9]|[A-Z])\](?!\()")
SHORT_LABELS = {"trt": ("TRT",), "ipamorelin_cjc1295": ("Ipamorelin + CJC-1295", "ipamorelin/CJC-1295")}
ALT_LEVEL = re.compile(r"Alt\+(\d)(?:\s*\((\w+)\))?")


def _app_keys() -> dict[str, tuple[str, ...]]:
    """Key -> accepted names, built from the toggles and the toggle panel's own key table."""
    from model.toggles import TOGGLES
    from widgets.toggle_panel import LETTER_KEYS

    keys: dict[str, tuple[str, ...]] = {}
    stressors = [t for t in TOGGLES if t.kind == "stressor"]
    for number, toggle in enumerate(stressors, start=1):
        keys[str(number)] = (toggle.label,)
    for toggle in TOGGLES:
        if toggle.id in LETTER_KEYS:
            keys[LETTER_KEYS[toggle.id]] = (toggle.label, *SHORT_LABELS.get(toggle.id, ()))
    return keys


def test_app_keys_match_the_brief():
    keys = _app_keys()
    assert keys["1"] == ("High-fat diet",) and keys["4"] == ("Ceramide accumulation",)
    assert keys["8"] == ("Menopause",) and "9" not in keys
    assert "TRT" in keys["T"] and keys["K"] == ("NLRP3 knockout",) and keys["L"] == ("Lifestyle",)


def test_every_node_has_teacher_notes(nodes):
    for node_id, node in nodes.items():
        notes = node.teacher_notes
        bullets = [line for line in notes.splitlines() if re.match(r"^\s*-\s+", line)]
        assert 3 <= len(bullets) <= 5, f"{node_id}: {len(bullets)} teacher-note bullets (want 3-5)"
        assert "?" in notes, f"{node_id}: teacher notes ask the class no question"
        linked = [target for target in re.findall(r"\(node:([a-z0-9_]+)\)", notes) if target != node_id]
        assert linked, f"{node_id}: teacher notes link to no other node"
        for target in linked:
            assert target in nodes, f"{node_id}: teacher notes link to unknown node {target!r}"


def test_teacher_notes_come_last_and_do_not_leak_into_other_parts(nodes):
    ceramide = nodes["ceramide"]
    assert ceramide.references == [
        "chavez2003", "holland2007", "vandanmagsar2011", "chavez2012", "samuel2012"]
    for node_id in nodes:
        raw = (NODES_DIR / f"{node_id}.md").read_text(encoding="utf-8")
        headings = [line[3:].strip() for line in raw.splitlines() if line.startswith("## ")]
        assert headings[-2:] == ["References", "Teacher notes"], f"{node_id}.md: {headings[-2:]}"
        assert "Teacher notes" not in nodes[node_id].to_html("academic")


def test_teacher_notes_key_hints_match_the_app(nodes):
    keys = _app_keys()
    for node_id, node in nodes.items():
        notes = node.teacher_notes
        for match in KEY_HINT.finditer(notes):
            key = match.group(1)
            assert key in keys, f"{node_id}: [{key}] is not a key of the app"
            before = notes[: match.start()].replace("*", "").rstrip().lower()
            context = notes[max(0, match.start() - 40):match.end()]
            assert any(before.endswith(name.lower()) for name in keys[key]), (
                f"{node_id}: [{key}] should follow {keys[key][0]!r}: ...{context}")
        for match in ALT_LEVEL.finditer(notes):
            level = int(match.group(1))
            assert 1 <= level <= 3, f"{node_id}: Alt+{level} is not a detail level"
            if match.group(2):
                assert match.group(2) == ("Fundamentals", "Intermediate", "Academic")[level - 1], node_id


def test_teacher_notes_render_safely_and_are_optional(tmp_path):
    text = _complete_node() + "## Teacher notes\n- Ask: *why*? See [PI3K](node:pi3k) <script>x</script>\n"
    _write_node(tmp_path / "nodes", text)
    _write_node(tmp_path / "nodes", _complete_node(), name="plain")
    loaded = load_node_texts(tmp_path / "nodes")
    html = loaded["demo"].to_html("teacher_notes")
    assert html.startswith("<ul><li>") and '<a href="node:pi3k">PI3K</a>' in html and "<i>why</i>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert loaded["demo"].references == ["Some"]  # the notes after References are not references
    assert loaded["plain"].teacher_notes == "" and loaded["plain"].to_html("teacher_notes") == ""
    with pytest.raises(KeyError):
        loaded["plain"].to_html("teacher")


def test_resources_are_found_in_the_source_tree_an_installed_wheel_and_a_bundle(tmp_path, monkeypatch):
    import sys

    from model import resources
    from ui import content

    assert (resources.resources_folder() / "pathway.json").is_file()  # this checkout
    site = tmp_path / "site-packages"
    (site / "ui" / "resources").mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(site / "model" / "resources.py"))
    assert resources.resources_folder() == site / "ui" / "resources"  # pyproject maps it there
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert content.resource_path("nodes") == tmp_path / "bundle" / "resources" / "nodes"
