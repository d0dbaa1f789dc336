"""The timeline: window, status order, entity filter, and a row for every dated claim (counted from the YAML)."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from pathlib import Path

from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase
from explainer.engine.timeline import filter_entities, milestones, source_dates, timeline, window

ACME = Path(__file__).resolve().parent / "fixtures" / "acme" / "facts.yaml"


@pytest.fixture(scope="module")
def fb():
    return load_factbase()


@pytest.fixture(scope="module")
def raw():
    with open(DEFAULT_FACTBASE, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def df(fb):
    from explainer.present.frames import timeline_labelled
    return timeline_labelled(fb, timeline(fb))


def test_rows_in_window(df):
    # the fact base's own span: its first dated item is 2024-11-22, its last the round's close on 2026-03-31
    assert len(df) > 0
    assert df["date"].min() >= pd.Timestamp("2024-11-22")
    assert df["date"].max() <= pd.Timestamp("2026-03-31")
    assert df["date"].is_monotonic_increasing
    assert len(timeline(load_factbase(), "2025-09-01", "2026-03-31")) < len(df)  # a window given still applies


def test_the_window_is_the_fact_base_s_own_so_another_story_shows_every_dated_claim():
    # tests/fixtures/acme/facts.yaml by hand: 13 claims, each dated (2026-01-31 to 2026-04-15), four of them the
    # outcome's, on 2026-04-15 (after the OpenAI story's last month)
    acme = load_factbase(ACME)
    assert window(acme) == (pd.Timestamp("2026-01-31"), pd.Timestamp("2026-04-15"))
    df = timeline(acme)
    assert len(df) == 13 and (df["date"] == pd.Timestamp("2026-04-15")).sum() == 4
    assert "outcome" in set(df["source_kind"])
    assert "outcome" in set(milestones(acme)["kind"])


def test_status_is_ordered_category(df):
    dtype = df["status"].dtype
    assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
    assert list(dtype.categories) == ["talks", "reported", "agreed", "announced", "closed"]
    assert df["status"].notna().all()
    assert (df["status"].min(), df["status"].max()) == ("talks", "closed")


def test_count_equals_dated_claims_in_the_yaml(df, raw):
    # a claim's date is its own, else its source's date, else its source's estimated date; the default window is
    # the fact base's own span, so every dated claim is in it
    sources = {s["id"]: s for s in raw["sources"]}
    n = 0
    for c in raw["claims"]:
        s = sources[c["source"]]
        date = c.get("date") or s.get("date") or s.get("date_estimate")
        if date:
            n += 1
    assert len(df) == n
    assert set(df["claim"]) <= {c["id"] for c in raw["claims"]}
    assert df["claim"].is_unique


def test_month_only_dates_are_mid_month_and_approximate(df):
    # ctx_oracle is dated "2025-09" in the YAML; a004's source has a day, so its claims are not estimated
    row = df.set_index("claim").loc["ctx_oracle"]
    assert row["date"] == pd.Timestamp("2025-09-15") and bool(row["approximate"]) is True
    row = df.set_index("claim").loc["a003_amazon"]  # Article 003's date, inferred from the WSJ/dpa reports
    assert row["date"] == pd.Timestamp("2026-01-30") and bool(row["estimated"]) is True
    assert bool(row["approximate"]) is False
    assert row["printed"] == "up to 50 bn USD"


def test_filter_by_entity_amazon(fb, df, raw):
    amazon = filter_entities(df, "amazon")
    assert len(amazon) > 0
    assert all("amazon" in es for es in amazon["entities"])
    # by hand from the YAML: topics whose entity or target is amazon, or with an amazon part
    topics = {t["id"]: t for t in raw["topics"]}

    def mentions(t):
        return "amazon" in (t.get("entity"), t.get("target")) or any(
            topics[p].get("entity") == "amazon" for p in t.get("parts", ()))
    expected = {cid for cid in df["claim"] if mentions(topics[next(c for c in raw["claims"] if c["id"] == cid)["topic"]])}
    assert set(amazon["claim"]) == expected
    assert len(amazon) < len(df)
    assert timeline(fb, entities="amazon")["claim"].tolist() == amazon["claim"].tolist()
    assert len(filter_entities(df, ["amazon", "nvidia"])) > len(amazon)


def test_article_dates_for_markers(fb):
    marks = source_dates(fb)
    names = {sid for _, sid in marks}
    assert {"a000", "a003", "a004"} <= names  # a004: boerse-global.de
    assert all(pd.Timestamp("2024-11-22") <= d <= pd.Timestamp("2026-03-31") for d, _ in marks)
    assert "out_close" not in names  # outcomes are not articles


# ---------------------------------------------------------------- the true sequence (issue 9)
# dates by hand from ../shared/research/beyond-the-articles.md, "When each article was written"

def test_milestones_tell_the_true_sequence(fb):
    from explainer.engine.timeline import milestones
    m = milestones(fb)
    assert list(m["source"]) == ["a002", "a004", "a000", "a003", "a001", "out_feb", "out_close"]
    assert list(m["date_text"]) == ["2025-12-17", "2026-01-21", "2026-01-29", "2026-01-30", "2026-02-20",
                                    "2026-02-27", "2026-03-31"]
    assert list(m["method"][:5]) == ["inferred", "printed", "inferred", "inferred", "inferred"]
    assert "out_aibase" not in set(m["source"])  # deprecated: not a milestone
    assert m["date"].is_monotonic_increasing


def test_article_claims_are_placed_when_they_were_said(df):
    first = df.groupby("source")["date"].min()
    assert first["a002"] < first["a004"] < first["a000"] < first["a003"] < first["a001"] < first["out_feb"]
    row = df.set_index("claim").loc["a004_aws"]  # said on 21 Jan 2026 about November 2025
    assert row["date"] == pd.Timestamp("2026-01-21") and row["event_date"] == "2025-11"


def test_report_moves_amazon_nvidia_round(fb):
    from explainer.engine.timeline import report_moves
    from explainer.present.frames import moves_labelled
    m = report_moves(fb)
    assert moves_labelled(fb, m)["panel"].tolist() == [
        {"amazon": "Amazon", "nvidia": "Nvidia", "microsoft": "Microsoft", "softbank": "SoftBank",
         "round_total": "Size of the round", "valuation": "OpenAI's valuation in the round"}.get(p, p)
        for p in m["panel"]]
    amazon = m[m["panel"] == "amazon"]
    assert amazon["date"].is_monotonic_increasing
    assert amazon.iloc[0]["date_text"] == "2025-12-17" and amazon.iloc[0]["value"] == 10  # "at least 10"
    assert amazon[amazon["date_text"] == "2026-01-29"]["value"].max() == 50  # "up to 50"
    assert amazon.iloc[-1]["value"] == 50 and amazon.iloc[-1]["date_text"] == "2026-03-31"
    nvidia = m[m["panel"] == "nvidia"]
    loi = nvidia[nvidia["topic"] == "nvidia_loi"]
    assert loi.iloc[0]["date_text"] == "2025-09" and loi.iloc[0]["value"] == 100  # the letter of intent
    announced = nvidia[(nvidia["topic"] == "inv_nvidia") & (nvidia["date_text"] == "2026-02-27")]
    assert list(announced["value"]) == [30]
    size = m[m["panel"] == "round_total"].groupby("date_text")["value"].max()
    # up to 100 (29 Jan), about 100 (30 Jan), up to 100 EUR = 116 USD (20 Feb), 110 announced, 122 closed
    assert list(size.index) == ["2026-01-29", "2026-01-30", "2026-02-20", "2026-02-27", "2026-03-31"]
    assert list(size.values) == pytest.approx([100, 100, 116, 110, 122])
    # Microsoft: "below 10" in talks (29 Jan), not among the investors announced (27 Feb: none, 0), in the close
    # at an undisclosed amount (31 Mar: no figure, said in words)
    ms = m[m["panel"] == "microsoft"]
    assert list(ms["date_text"]) == ["2026-01-29", "2026-01-29", "2026-02-27", "2026-03-31"]
    assert list(ms["value"][:3]) == [10, 10, 0] and pd.isna(ms["value"].iloc[3])
    assert moves_labelled(fb, ms)["printed"].iloc[3] == "not disclosed"
    assert "out_aibase" not in set(m["source"])


def test_sequence_text_for_the_overview(fb):
    from explainer.present.frames import sequence_text
    text = sequence_text(fb)
    order = ["Article 002 17 Dec 2025 (date inferred)", "boerse-global.de 21 Jan 2026 (date printed)",
             "Article 000 29 Jan 2026", "Article 003 30 Jan 2026", "Article 001 20 Feb 2026", "27 Feb 2026",
             "31 Mar 2026"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "20-21" not in text and "2026-01-20" not in text
    assert text.count("27 Feb 2026") == 1 and text.count("31 Mar 2026") == 1  # not again after an outcome's name
