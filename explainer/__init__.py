"""Numbers that sources disagree about: fact base, beliefs, scenarios. Never imports streamlit."""
