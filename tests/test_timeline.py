"""The timeline: window, status order, entity filter, and a row for every dated claim (counted from the YAML)."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from explainer.factbase import DEFAULT_FACTBASE, load_factbase
from explainer.timeline import filter_entities, source_dates, timeline


@pytest.fixture(scope="module")
def fb():
    return load_factbase()


@pytest.fixture(scope="module")
def raw():
    with open(DEFAULT_FACTBASE, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def df(fb):
    return timeline(fb)


def test_rows_in_window(df):
    assert len(df) > 0
    assert df["date"].min() >= pd.Timestamp("2025-09-01")
    assert df["date"].max() <= pd.Timestamp("2026-03-31")
    assert df["date"].is_monotonic_increasing


def test_status_is_ordered_category(df):
    dtype = df["status"].dtype
    assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
    assert list(dtype.categories) == ["talks", "reported", "agreed", "announced", "closed"]
    assert df["status"].notna().all()
    assert (df["status"].min(), df["status"].max()) == ("talks", "closed")


def test_count_equals_dated_claims_in_the_yaml(df, raw):
    # a claim's date is its own, else its source's date, else its source's estimated date; the window
    # 2025-09-01..2026-03-31 is the months 2025-09 to 2026-03, whether a date has a day or not
    sources = {s["id"]: s for s in raw["sources"]}
    n = 0
    for c in raw["claims"]:
        s = sources[c["source"]]
        date = c.get("date") or s.get("date") or s.get("date_estimate")
        if date and "2025-09" <= str(date)[:7] <= "2026-03":
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
    names = {name for _, name in marks}
    assert {"Article 000", "Article 003", "boerse-global.de"} <= names
    assert all(pd.Timestamp("2025-09-01") <= d <= pd.Timestamp("2026-03-31") for d, _ in marks)
    assert "Round closed (31 Mar 2026)" not in names  # outcomes are not articles
