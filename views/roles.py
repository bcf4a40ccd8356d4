"""Roles: browse the job roles and build or edit one — with a form (skill search over the
bundled ESCO taxonomy) or as TOML. Both write the same validated role; editing a bundled
role saves your version, and the bundled one is one click away."""

import pandas as pd
import streamlit as st

from screening import (
    RequirementDraft,
    Role,
    build_role,
    drafts_of,
    parse_role,
    role_to_toml,
    sample_roles,
    search_skills,
)
from screening.errors import RoleError, StoreError
from screening.settings import clock
from views._dashboard import table
from views._shared import actor, roles, store

NEW = "(new role)"
DRAFT_COLUMNS = ["label", "skill", "required", "weight", "min level", "min ECTS", "min EQF"]
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
st.caption("A role lists required and preferred skills (ESCO skills, O*NET codes or free "
           "text), their weights, minimum levels and how fast evidence ages.")


def use(role: Role, text: str) -> None:
    """Use the role in this session and keep it for later sessions (a new version)."""
    roles()[role.id] = role
    st.session_state["role_id"] = role.id
    try:
        version = store().save_role(role.id, role.title, text, clock(), actor())
    except StoreError:
        said = ("warning", "The role is used in this session but could not be saved for "
                "later.")
    else:
        said = ("success", f"Saved role version {version.version} with "
                f"{len(role.requirements)} requirements; rankings now use it.")
    # said after the rerun below, whose picker (drawn above) then lists and picks the role
    st.session_state["role_saved"] = said
    st.session_state["roles_pick_next"] = role.id
    st.rerun()


def show_problems(problems: list[str]) -> None:
    st.error(f"The role has {len(problems)} problem(s); nothing was saved.")
    for problem in problems:
        st.text(f"• {problem}")


if "roles_pick_next" in st.session_state:  # a role just saved: pick it before drawing
    st.session_state["roles_pick"] = st.session_state.pop("roles_pick_next")
saved = st.session_state.pop("role_saved", None)
if saved:
    getattr(st, saved[0])(saved[1])  # fixed words and a count
available = roles()
ids = sorted(available, key=lambda i: available[i].title.casefold())
titles = {NEW: NEW, **{i: available[i].title for i in ids}}
chosen = st.selectbox("Role", list(titles), key="roles_pick", format_func=titles.__getitem__)
current = available.get(chosen)
bundled = sample_roles()
if current is not None and chosen in bundled and role_to_toml(current) != role_to_toml(
        bundled[chosen]):
    st.info("You have edited this bundled role.", icon=":material/edit:")
    if st.button("Revert to the bundled version", key="revert_role"):
        use(bundled[chosen], role_to_toml(bundled[chosen]))

form_tab, toml_tab = st.tabs(["Build with the form", "Edit as TOML"])

with form_tab:
    drafts_key = f"drafts_{chosen}"
    if drafts_key not in st.session_state:
        rows = drafts_of(current) if current is not None else []
        st.session_state[drafts_key] = pd.DataFrame(
            [{"label": d.label, "skill": d.skill, "required": d.required, "weight": d.weight,
              "min level": d.min_level, "min ECTS": d.min_ects, "min EQF": d.min_eqf}
             for d in rows], columns=DRAFT_COLUMNS)
    title = st.text_input("Title", value=current.title if current else "", max_chars=200,
                          key=f"title_{chosen}")
    description = st.text_area("What the job is about", height=80, max_chars=2000,
                               value=current.description if current else "",
                               key=f"description_{chosen}")
    search, pick = st.columns([2, 3])
    query = search.text_input("Find a skill (ESCO)", key=f"skill_query_{chosen}",
                              placeholder="e.g. sql, python, infection control")
    found = search_skills(query) if len(query.strip()) >= 2 else []
    if found:
        choice = pick.selectbox("Skill", range(len(found)), key=f"skill_pick_{chosen}",
                                format_func=lambda i: found[i][1])
        if pick.button("Add as a requirement", key=f"skill_add_{chosen}"):
            uri, label = found[choice]
            frame = st.session_state[drafts_key]
            st.session_state[drafts_key] = pd.concat([frame, pd.DataFrame(
                [{"label": label, "skill": uri, "required": True, "weight": 1.0,
                  "min level": None, "min ECTS": None, "min EQF": None}],
                columns=DRAFT_COLUMNS)], ignore_index=True)
            st.session_state[f"editor_version_{chosen}"] = st.session_state.get(
                f"editor_version_{chosen}", 0) + 1
            st.rerun()
    elif len(query.strip()) >= 2:
        pick.text("No ESCO skill has those words; type the skill as free text below.")
    edited = st.data_editor(
        st.session_state[drafts_key], num_rows="dynamic", width="stretch", hide_index=True,
        key=f"editor_{chosen}_{st.session_state.get(f'editor_version_{chosen}', 0)}",
        # the short columns first, so Required, Weight and Min level fit at 1024 px too
        column_order=["label", "required", "weight", "min level", "skill", "min ECTS",
                      "min EQF"],
        column_config={
            "label": st.column_config.TextColumn("Requirement", width=170),
            "required": st.column_config.CheckboxColumn("Required", default=True,
                                                        width=96),
            "weight": st.column_config.NumberColumn("Weight", min_value=0.0, default=1.0,
                                                    width=84),
            "min level": st.column_config.NumberColumn(
                "Min level", min_value=0.0, max_value=1.0, width=96,
                help="The minimum level a credential must show, from 0 to 1 (optional)."),
            "skill": st.column_config.TextColumn(
                "Skill", width="large", help="An ESCO skill URI, an O*NET code or free "
                "text; ' | ' between alternatives."),
            # stackability: several micro-credentials' ECTS add up to this (optional)
            "min ECTS": st.column_config.NumberColumn(
                "Min ECTS", min_value=0.0, width=96,
                help="The workload in ECTS credits several micro-credentials may add up "
                "to (optional)."),
            "min EQF": st.column_config.NumberColumn(
                "Min EQF", min_value=1, max_value=8, step=1, width=84,
                help="The lowest EQF level a credential must state, 1 to 8 (optional).")})
    if st.button("Save the role", type="primary", key="save_role_form"):
        drafts = [RequirementDraft(
            str(r["label"] or "").strip(), str(r["skill"] or "").strip(),
            bool(r["required"]) if pd.notna(r["required"]) else True,
            float(r["weight"]) if pd.notna(r["weight"]) else 0.0,
            float(r["min level"]) if pd.notna(r["min level"]) else None,
            float(r["min ECTS"]) if pd.notna(r["min ECTS"]) else None,
            int(r["min EQF"]) if pd.notna(r["min EQF"]) else None)
            for r in edited.to_dict("records")]
        role, text, problems = build_role(
            title, drafts, description=description, base=current,
            role_id=current.id if current is not None else "",
            recency_half_life_years=current.recency_half_life_years if current else None)
        if problems or role is None:
            show_problems(problems)
        else:
            st.session_state.pop(drafts_key, None)
            use(role, text)

with toml_tab:
    source = NEW_ROLE if current is None else role_to_toml(current)
    text = st.text_area("Edit the role (TOML)", value=source, height=360,
                        key=f"toml_{chosen}")
    if st.button("Validate and save the TOML", type="primary", key="save_role"):
        try:
            edited_role = parse_role(text, "edited role")
        except RoleError as error:
            show_problems([f"{p.field}: {p.message}" for p in error.problems])
            table(pd.DataFrame([{"where": p.field, "code": p.code, "problem": p.message}
                                for p in error.problems]), "role_problems")
        else:
            use(edited_role, text)
