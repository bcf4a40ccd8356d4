"""Credential Screening — Streamlit entry point. Navigation and page config only."""

import streamlit as st

st.set_page_config(page_title="Credential Screening", page_icon="🎓", layout="wide")

navigation = st.navigation([
    st.Page("pages/verify.py", title="Verify credentials", icon="✅", default=True),
])
navigation.run()
