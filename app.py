"""Credential Screening — Streamlit entry point: page config, the access gate, navigation.

A URL with `?share=<token>` runs only the read-only shared view: no other page, no uploader
and no settings are reachable from it, whether or not the token is valid. In team mode
(SCREENING_MODE=team) every other URL needs a signed-in recruiter or admin on the
allow-list; anyone else gets only the sign-in screen, whatever page the URL names. The
policy is `screening/access.py`; `pages/_access.py` asks Streamlit for the rest.
"""

import streamlit as st

from pages._access import account_sidebar, check_startup, policy, sign_in_page, visitor

st.set_page_config(page_title="Credential Screening", page_icon=":material/school:", layout="wide")

current = policy()
check_startup(current)
who = visitor(current)

if "share" in st.query_params:
    navigation = st.navigation([
        st.Page("pages/shared_view.py", title="Shared screening", icon=":material/share:",
                default=True),
    ], position="hidden")
elif not who.recruiter:
    navigation = st.navigation([
        st.Page(sign_in_page, title="Sign in", icon=":material/login:", default=True),
    ], position="hidden")
else:
    account_sidebar(who)
    navigation = st.navigation([
        st.Page("pages/screen.py", title="Screen", icon=":material/person_search:",
                default=True),
        st.Page("pages/verification.py", title="Verification", icon=":material/verified:"),
        st.Page("pages/ranking.py", title="Ranking", icon=":material/leaderboard:"),
        st.Page("pages/candidate.py", title="Candidate", icon=":material/person:"),
        st.Page("pages/roles.py", title="Roles", icon=":material/work:"),
        st.Page("pages/saved.py", title="Saved", icon=":material/folder_shared:"),
        st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
        *([st.Page("pages/audit.py", title="Audit log", icon=":material/history:")]
          if who.admin else []),
    ])
navigation.run()
