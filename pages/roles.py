"""Roles: browse the job roles, and create or edit one (TOML, validated before use)."""

import pandas as pd
import streamlit as st

from pages._shared import actor, roles, store
from screening.matching.roles import RoleError, parse_role, role_to_toml
from screening.settings import clock
from screening.store import StoreError

NEW_ROLE = """[role]
id = "new-role"
title = "New role"
description = "What the job is about."
recency_half_life_years = 5.0

[[requirement]]
label = "SQL"
skill = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
required = true
weight = 2.0
"""

st.title("Roles")
st.caption("A role lists required and preferred skills (ESCO URIs, O*NET codes or free "
           "text), their weights, minimum levels, any-of groups and how fast evidence ages.")

available = roles()
ids = sorted(available, key=lambda i: available[i].title.casefold())
titles = {"(new role)": "(new role)", **{i: available[i].title for i in ids}}
chosen = st.selectbox("Role", list(titles), key="roles_pick", format_func=titles.__getitem__)

if chosen != "(new role)":
    role = available[chosen]
    st.text(f"{role.title} — {role.description}")
    st.dataframe(pd.DataFrame([{
        "requirement": r.label, "required": r.required, "weight": r.weight,
        "min level": r.min_level, "any of": r.any_of,
        "skills": "; ".join(s.id or s.label for s in r.skills),
    } for r in role.requirements]), hide_index=True, width="stretch",
        key="requirements_table")

source = NEW_ROLE if chosen == "(new role)" else role_to_toml(available[chosen])
text = st.text_area("Edit the role (TOML)", value=source, height=360, key=f"toml_{chosen}")
if st.button("Validate and save", type="primary", key="save_role"):
    try:
        edited = parse_role(text, "edited role")
    except RoleError as error:
        st.error(f"The role has {len(error.problems)} problem(s); nothing was saved.")
        st.dataframe(pd.DataFrame([{"where": p.field, "code": p.code, "problem": p.message}
                                   for p in error.problems]),
                     hide_index=True, width="stretch", key="role_problems")
    else:
        available[edited.id] = edited
        st.session_state["role_id"] = edited.id
        try:
            version = store().save_role(edited.id, edited.title, text, clock(), actor())
        except StoreError:
            st.warning("The role is used in this session but could not be saved for later.")
        else:
            st.success(f"Saved role '{edited.id}' (version {version.version}) with "
                       f"{len(edited.requirements)} requirements; rankings now use it.")
