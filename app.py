"""Credential Screening — Streamlit entry point: page config and navigation only."""

import streamlit as st

st.set_page_config(page_title="Credential Screening", page_icon=":material/school:", layout="wide")

navigation = st.navigation([
    st.Page("pages/screen.py", title="Screen", icon=":material/person_search:", default=True),
    st.Page("pages/verification.py", title="Verification", icon=":material/verified:"),
    st.Page("pages/ranking.py", title="Ranking", icon=":material/leaderboard:"),
    st.Page("pages/candidate.py", title="Candidate", icon=":material/person:"),
    st.Page("pages/roles.py", title="Roles", icon=":material/work:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
])
navigation.run()
