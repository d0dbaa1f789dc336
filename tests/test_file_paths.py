"""An article's `file:` never leads outside the fact base's folders, and an upload reads nothing on the server.

Each path shape is refused by the schema and the loader with file:line and a message that says why, so the CLI's
`validate` refuses it too; an upload takes its texts only from the files uploaded with it (or a bundled seed by
name). The secret below is a real file outside the fact base's folders whose words a quote tries to guess.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from explainer.load.factbase import check_factbase, file_problem, parse_uploaded

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal" / "facts.yaml"
FILE_LINE = 17  # "    file: seeds/article.txt" in the minimal fixture
QUOTE = "Gizmo Capital will invest 5 billion dollars"


def with_file(text: str, file: str) -> str:
    old = "    file: seeds/article.txt"
    assert old in text
    return text.replace(old, f"    file: '{file}'")


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the fact base's folders holding exactly the words the minimal fixture quotes."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.txt"
    path.write_text(f"server secret: {QUOTE}\n", encoding="utf-8")
    return path


@pytest.fixture
def factbase_dir(tmp_path) -> Path:
    """tmp_path/box/inner/facts.yaml: the fact base's folder is box/inner, its parent box; outside is elsewhere."""
    folder = tmp_path / "box" / "inner"
    (folder / "seeds").mkdir(parents=True)
    (folder / "seeds" / "article.txt").write_bytes((MINIMAL.parent / "seeds" / "article.txt").read_bytes())
    return folder


def problems_for(folder: Path, file: str) -> list[str]:
    path = folder / "facts.yaml"
    path.write_text(with_file(MINIMAL.read_text(encoding="utf-8"), file), encoding="utf-8")
    fb, problems = check_factbase(path)
    assert fb is None, f"file: {file!r} was accepted"
    return [str(p) for p in problems]


@pytest.mark.parametrize("file, why", [
    ("/etc/hostname.txt", "is an absolute path"),
    ("../outside/secret.txt", "climbs out of the fact base's folder with '..'"),
    ("seeds/../../../outside/secret.txt", "climbs out of the fact base's folder with '..'"),
    ("C:/Windows/secret.txt", "names a drive"),
    ("c:secret.txt", "names a drive"),
    ("file:///etc/secret.txt", "is a URL"),
    ("https://example.org/secret.txt", "is a URL"),
    ("seeds\\article.txt", "uses '\\'"),
    ("\\\\server\\share\\secret.txt", "is an absolute path"),
])
def test_each_path_shape_is_refused_with_file_line_and_why(factbase_dir, file, why):
    problems = problems_for(factbase_dir, file)
    assert any(p.startswith(f"{factbase_dir / 'facts.yaml'}:{FILE_LINE}: ") and why in p for p in problems), problems


def test_the_absolute_path_of_a_real_file_is_refused_not_read(factbase_dir, secret):
    # Were the file read, the quote would be found in it and the fact base would load.
    problems = problems_for(factbase_dir, str(secret))
    assert any(f":{FILE_LINE}: " in p and "is an absolute path" in p for p in problems), problems


def test_a_symbolic_link_leading_out_of_the_folder_is_refused(factbase_dir, secret):
    (factbase_dir / "seeds" / "leak.txt").symlink_to(secret)
    problems = problems_for(factbase_dir, "seeds/leak.txt")
    assert any("is a link to a place outside the fact base's folder" in p for p in problems), problems


def test_a_symbolic_link_inside_the_folder_is_read(factbase_dir):
    (factbase_dir / "seeds" / "alias.txt").symlink_to(factbase_dir / "seeds" / "article.txt")
    path = factbase_dir / "facts.yaml"
    path.write_text(with_file(MINIMAL.read_text(encoding="utf-8"), "seeds/alias.txt"), encoding="utf-8")
    fb, problems = check_factbase(path)
    assert problems == [] and fb is not None


def test_the_parent_folder_is_still_searched(factbase_dir):
    # Resolution as before: the fact base's folder, then its parent (the bundled data/ finds seeds/ this way).
    (factbase_dir.parent / "texts").mkdir()
    (factbase_dir.parent / "texts" / "a.txt").write_text(QUOTE, encoding="utf-8")
    path = factbase_dir / "facts.yaml"
    path.write_text(with_file(MINIMAL.read_text(encoding="utf-8"), "texts/a.txt"), encoding="utf-8")
    assert check_factbase(path)[1] == []


def test_a_seed_that_is_not_utf8_is_a_problem_not_a_crash(factbase_dir):
    (factbase_dir / "seeds" / "article.txt").write_bytes(b"line one\nGizmo \xff\n")
    problems = problems_for(factbase_dir, "seeds/article.txt")
    assert any("is not UTF-8 text (line 2" in p for p in problems), problems


def test_cli_validate_refuses_an_absolute_path(cli, factbase_dir, secret):
    path = factbase_dir / "facts.yaml"
    path.write_text(with_file(MINIMAL.read_text(encoding="utf-8"), str(secret)), encoding="utf-8")
    r = cli("validate", str(path))
    assert r.returncode == 1
    assert f"{path}:{FILE_LINE}: " in r.stderr and "is an absolute path" in r.stderr


@pytest.mark.parametrize("file", ["seeds/article.txt", "article.txt", "./seeds/article.txt", "a/b-c_d.e/x.txt"])
def test_relative_paths_are_fine(file):
    assert file_problem(file) is None


# ---------------------------------------------------------------- uploads

def upload(file: str, *texts: tuple[str, bytes]):
    yaml_text = with_file(MINIMAL.read_text(encoding="utf-8"), file)
    return parse_uploaded([("mine.yaml", yaml_text.encode("utf-8")), *texts])


def test_an_upload_reads_its_own_texts():
    fb, problems = upload("seeds/article.txt", ("article.txt", (MINIMAL.parent / "seeds" / "article.txt").read_bytes()))
    assert problems == [] and fb is not None and fb.claims[0].quote == QUOTE


def test_an_upload_never_reads_a_server_file_by_absolute_path(secret):
    fb, problems = upload(str(secret))
    assert fb is None
    assert [(p.file, p.line) for p in problems if "is an absolute path" in p.message] == [("mine.yaml", FILE_LINE)]


def test_an_upload_never_reads_the_servers_files_beside_the_app(repo_root):
    # tests/fixtures/minimal/seeds/article.txt is on the server, and the path is relative: still not read,
    # because an upload's texts come only from what was uploaded with it.
    assert (repo_root / "tests/fixtures/minimal/seeds/article.txt").is_file()
    fb, problems = upload("tests/fixtures/minimal/seeds/article.txt")
    assert fb is None
    assert any("not found among the files given with the fact base" in p.message for p in problems), problems


def test_an_upload_may_quote_a_bundled_article_by_name(factbase):
    # The bundled articles are public; an upload may cite one by its file name.
    src = next(s for s in factbase.sources if s.kind == "article")
    quote = next(c.quote for c in factbase.claims if c.source == src.id and c.quote)
    yaml_text = with_file(MINIMAL.read_text(encoding="utf-8"), f"seeds/{Path(src.file).name}")
    yaml_text = yaml_text.replace(f'"{QUOTE}"', repr(quote).replace("\\'", "''"), 1)
    fb, problems = parse_uploaded([("mine.yaml", yaml_text.encode("utf-8"))])
    assert problems == [] and fb is not None


@pytest.mark.parametrize("files, message", [
    ([("a.yaml", b"x: 1"), ("b.yaml", b"x: 1")], "upload exactly one .yaml file (got 2)"),
    ([("article.txt", b"text")], "upload exactly one .yaml file (got 0)"),
    ([("mine.yaml", b"x: 1"), ("run.sh", b"rm -rf /")], "not a .yaml, .yml or .txt file"),
    ([("mine.yaml", b"x: 1"), ("article.txt", b"\xff\xfe")], "is not UTF-8 text"),
    ([("mine.yaml", b"x: 1"), ("big.txt", b"a" * 200_001)], "is 200,001 bytes; an article's limit is 200,000"),
    ([("mine.yaml", b"x: 1")] + [(f"{i}.txt", b"a") for i in range(21)], "21 text files; the limit is 20"),
])
def test_bad_uploads_are_named(files, message):
    fb, problems = parse_uploaded(files)
    assert fb is None and any(message in str(p) for p in problems), problems

