"""Audit log (admins only): who did what to saved screenings, share links and roles."""

import json

import pandas as pd
import streamlit as st

from screening.errors import StoreError
from views._access import current_visitor
from views._shared import store

who = current_visitor()
if who is None or not who.admin:  # app.py lists this page for admins only; check again
    st.error("Only administrators can read the audit log.")
    st.stop()

st.title("Audit log")
st.caption("Every write to the store names who made it: the signed-in identity on a team "
           "instance, the local user otherwise. Share-link visits name the signed-in viewer "
           "or \"share-link visitor\". Newest first.")
limit = st.number_input("Entries", min_value=10, max_value=10_000, value=500, step=100,
                        key="audit_limit")
try:
    entries = store().audit_log(limit=int(limit))
except StoreError as error:
    st.error("The audit log could not be read.")
    st.text(str(error))
    st.stop()

actors = sorted({e.actor for e in entries})
actions = sorted({e.action for e in entries})
left, right = st.columns(2)
pick_actors = left.multiselect("Who", actors, key="audit_actors")
pick_actions = right.multiselect("Action", actions, key="audit_actions")
shown = [e for e in entries if (not pick_actors or e.actor in pick_actors)
         and (not pick_actions or e.action in pick_actions)]
st.dataframe(pd.DataFrame([{
    "at": f"{e.at:%Y-%m-%d %H:%M:%S}", "who": e.actor, "action": e.action,
    "target": e.target, "details": json.dumps(e.details, ensure_ascii=False, sort_keys=True),
} for e in shown], columns=["at", "who", "action", "target", "details"]),
    hide_index=True, width="stretch", key="audit_table")
