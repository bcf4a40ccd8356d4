"""Credential Screening — Streamlit entry point: page config and navigation only.

A URL with `?share=<token>` runs only the read-only shared view: no other page, no uploader
and no settings are reachable from it, whether or not the token is valid.
"""

import streamlit as st

st.set_page_config(page_title="Credential Screening", page_icon=":material/school:", layout="wide")

if "share" in st.query_params:
    navigation = st.navigation([
        st.Page("pages/shared_view.py", title="Shared screening", icon=":material/share:",
                default=True),
    ], position="hidden")
else:
    navigation = st.navigation([
        st.Page("pages/screen.py", title="Screen", icon=":material/person_search:",
                default=True),
        st.Page("pages/verification.py", title="Verification", icon=":material/verified:"),
        st.Page("pages/ranking.py", title="Ranking", icon=":material/leaderboard:"),
        st.Page("pages/candidate.py", title="Candidate", icon=":material/person:"),
        st.Page("pages/roles.py", title="Roles", icon=":material/work:"),
        st.Page("pages/saved.py", title="Saved", icon=":material/folder_shared:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
    ])
navigation.run()
