"""Credential Screening — Streamlit entry point: page config, the access gate, navigation.

A process that refuses to serve (a malformed setting, or a start-up the launcher would have
refused) registers only the refusal page. A URL with `?share=<token>` runs only the
read-only shared view: no other page, no uploader and no settings are reachable from it,
whether or not the token is valid. In team mode
(SCREENING_MODE=team) every other URL needs a signed-in recruiter or admin on the
allow-list; anyone else gets only the sign-in screen, whatever page the URL names. The
policy is `screening/access.py`; `views/_access.py` asks Streamlit for the rest.
"""

import streamlit as st

from views._access import Refusal, account_sidebar, gate, refusal_page, sign_in_page, visitor

st.set_page_config(page_title="Credential Screening", page_icon=":material/school:", layout="wide")

# Every run registers exactly the pages the gate grants (st.navigation before any st.stop):
# a refusal, the sign-in screen and the shared view are each the only page there is, so no
# URL reaches another one. (The page scripts live in views/, not pages/: Streamlit would
# serve a pages/ folder itself to any run that has not called st.navigation.)
current = gate()
drafting = False  # only a recruiter's pages keep the working screening as a draft
if isinstance(current, Refusal):
    st.session_state["refusal"] = current
    navigation = st.navigation([
        st.Page(refusal_page, title="Refused", icon=":material/block:", default=True),
    ], position="hidden")
elif "share" in st.query_params:
    visitor(current)
    navigation = st.navigation([
        st.Page("views/shared_view.py", title="Shared screening", icon=":material/share:",
                default=True),
    ], position="hidden")
elif not (who := visitor(current)).recruiter:
    navigation = st.navigation([
        st.Page(sign_in_page, title="Sign in", icon=":material/login:", default=True),
    ], position="hidden")
else:
    account_sidebar(who)
    # (imported here: the refusal, sign-in and shared-view runs never load the pool's code)
    from views._shared import keep_working_draft, restore_working_draft
    restore_working_draft()  # a reload reopens this recruiter's unsaved screening
    drafting = True
    # WCAG 2.4.7 / 1.4.11: keyboard focus on the sidebar's page links drawn in the theme's
    # text colour (≥ 3:1 on the sidebar and on the current page's highlight), not
    # Streamlit's faint grey; fixed CSS, no credential text
    st.html("<style>[data-testid='stSidebarNav'] a:focus-visible{outline:3px solid #0e1117"
            "!important;outline-offset:-3px;box-shadow:none!important}</style>")
    navigation = st.navigation([
        st.Page("views/screen.py", title="Screen", icon=":material/person_search:",
                default=True),
        st.Page("views/verification.py", title="Verification", icon=":material/verified:"),
        st.Page("views/ranking.py", title="Ranking", icon=":material/leaderboard:"),
        st.Page("views/candidate.py", title="Candidate", icon=":material/person:"),
        st.Page("views/roles.py", title="Roles", icon=":material/work:"),
        st.Page("views/saved.py", title="Saved", icon=":material/folder_shared:"),
        st.Page("views/settings.py", title="Settings", icon=":material/settings:"),
        *([st.Page("views/audit.py", title="Audit log", icon=":material/history:")]
          if who.admin else []),
    ])
try:
    navigation.run()
finally:  # also when the page stops or reruns: the change just made is kept
    if drafting:
        keep_working_draft()
