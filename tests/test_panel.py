"""The belief panel draws only open groups' pickers; every topic stays choosable and every link keeps working.

Run in-process with AppTest, as a served app after its first request (see tests/test_app.py's `served`).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_app import FB, exceptions, new_app  # noqa: E402
from explainer.present.labels import claim_labels  # noqa: E402
from explainer.urlstate import to_query  # noqa: E402

CLOSED_TOPIC = "compute_oracle"  # in "Compute deals", a group closed by default


def param(at, key: str) -> list[str]:
    v = at.query_params[key]
    return v if isinstance(v, list) else [v]


def sidebar_keys(at) -> list[str]:
    return [s.key for s in at.sidebar.selectbox]


def test_closed_groups_draw_no_pickers(served):
    at = new_app().run()
    assert not at.exception, exceptions(at)
    keys = sidebar_keys(at)
    assert "inv_amazon" in keys and "valuation" in keys, keys
    assert CLOSED_TOPIC not in keys, "a closed group's pickers are drawn"


def test_a_link_to_a_topic_of_a_closed_group_opens_it_and_is_believed(served):
    claim = next(iter(claim_labels(FB, CLOSED_TOPIC)))
    label = claim_labels(FB, CLOSED_TOPIC)[claim]
    at = new_app({CLOSED_TOPIC: label}).run()  # a link in the old form: the picker's label
    assert not at.exception, exceptions(at)
    assert CLOSED_TOPIC in sidebar_keys(at), "the linked topic's group is not open"
    assert at.selectbox(key=CLOSED_TOPIC).value == claim
    view = at.session_state["view"]
    assert view["beliefs"].pick.get(CLOSED_TOPIC) == claim
    assert param(at, CLOSED_TOPIC) == [claim], "the address bar lost the link's choice (written as the claim's id)"
    assert view["query"] == to_query(view["beliefs"], FB)


def test_a_choice_survives_its_group_being_closed(served):
    claim = next(iter(claim_labels(FB, CLOSED_TOPIC)))
    at = new_app({CLOSED_TOPIC: claim_labels(FB, CLOSED_TOPIC)[claim]}).run()
    at.session_state["group_compute"] = False  # the reader closes the group
    at.run()
    assert not at.exception, exceptions(at)
    assert CLOSED_TOPIC not in sidebar_keys(at)
    assert at.session_state["view"]["beliefs"].pick.get(CLOSED_TOPIC) == claim
    at.selectbox(key="preset").set_value("high").run()  # another change while it is closed
    assert at.session_state["view"]["beliefs"].pick.get(CLOSED_TOPIC) == claim
    assert param(at, CLOSED_TOPIC) == [claim]


def test_the_trust_order_is_drawn_only_where_it_counts_and_kept_meanwhile(served):
    """The trust order is read by the 'trust' and 'outcome' presets only: under the others it is not drawn, and it
    is still the reader's (in the link, and in the picker once they come back)."""
    at = new_app({"trust": ["a002", "a000"], "preset": "low"}).run()
    assert not at.exception, exceptions(at)
    assert not [m for m in at.sidebar.multiselect if m.key == "trust"], "drawn under 'low', which ignores it"
    assert param(at, "trust") == ["a002", "a000"]
    assert at.session_state["view"]["beliefs"].trust == ("a002", "a000")
    for preset in ("high", "mid"):  # two changes: Streamlit forgets an undrawn widget's state after the first
        at.selectbox(key="preset").set_value(preset).run()
        assert param(at, "trust") == ["a002", "a000"], f"under {preset}"
    at.selectbox(key="preset").set_value("outcome").run()
    assert at.multiselect(key="trust").value == ["a002", "a000"]
    at.multiselect(key="trust").set_value(["a001"]).run()
    at.selectbox(key="preset").set_value("latest").run()
    at.selectbox(key="preset").set_value("trust").run()
    assert not at.exception, exceptions(at)
    assert at.multiselect(key="trust").value == ["a001"]
    assert param(at, "trust") == ["a001"]  # and the link carries the new order
