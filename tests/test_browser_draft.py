"""'Draft from articles' in Debian's Chromium against `streamlit run`: upload two articles, see the table, download
the YAML, use the draft in this session."""
from __future__ import annotations

from pathlib import Path

import yaml
from playwright.sync_api import expect

from test_browser import new_page, open_ready  # noqa: F401  (fixture: a page in a fresh session)

DRAFT = Path(__file__).resolve().parent / "fixtures" / "draft"


def test_upload_articles_see_the_table_download_and_use_the_draft(app_url, new_page):  # noqa: F811
    page = new_page()
    open_ready(page, f"{app_url}/factbase", "Fact base")
    page.locator('.st-key-draft_upload [data-testid="stFileUploaderDropzoneInput"]').set_input_files([
        {"name": n, "mimeType": "text/plain", "buffer": (DRAFT / n).read_bytes()}
        for n in ("de_nordlicht.txt", "en_corvid.txt")])
    # 12 + 16 figures (gold.yaml)
    expect(page.get_by_text("28 of 28 figures kept, from 2 articles")).to_be_visible(timeout=60_000)
    expect(page.locator(".st-key-draft_table [data-testid='stDataFrame']")).to_be_visible()
    # the draft ran in a worker process, its progress shown while the reader waited: the status now says it is done
    expect(page.get_by_test_id("stExpander").filter(has=page.get_by_text("Drafted", exact=True))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the draft (YAML)").click()
    assert download.value.suggested_filename == "draft.yaml"
    doc = yaml.safe_load(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [s["file"] for s in doc["sources"]] == ["de_nordlicht.txt", "en_corvid.txt"]
    assert len(doc["claims"]) == 28
    page.get_by_role("button", name="Use the draft in this session").click()
    expect(page.get_by_text("You are exploring an uploaded fact base")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("28 claims").first).to_be_visible()  # the page caption counts the draft's claims
