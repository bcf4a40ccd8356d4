"""Verification: one row per credential, filters, and every check of the one selected."""

import pandas as pd
import streamlit as st

from screening import badge_images
from screening.present.export import verification_csv
from screening.present.vocabulary import VERDICTS
from views._dashboard import render_card, table
from views._shared import live_screening, pool, trust_issuer

st.title("Verification")
st.caption("Every credential with its verdict, its issuer, whether the issuer is known, and "
           "the first check that needs attention. Select one to see every check.")

role, current = live_screening("verification", "No credentials yet: add some on the Screen "
                               "page.")
counts = current.verdict_counts()  # every verdict, in VERDICTS order
cols = st.columns(len(counts) + 1)
for col, (verdict, count) in zip(cols, counts.items(), strict=False):
    col.metric(verdict.capitalize(), count)
cols[-1].metric("Needs a look", current.needs_attention_count())
apart = len(current.unassigned_rows())
st.caption(f"{current.credential_count()} credentials of {current.candidate_count()} "
           "candidates" + (f"; {apart} file(s) not assigned to anyone are listed below but "
                           "not counted" if apart else "") + ".")

frame = current.verification_frame(presentations=True)
frame["known issuer"] = frame["known_issuer"].map(lambda org: org or "no")
f1, f2, f3 = st.columns(3)
verdicts = f1.multiselect("Verdict", [v.value for v in VERDICTS], key="filter_verdict")
people = f2.multiselect("Candidate", sorted(set(frame["candidate"]), key=str.casefold),
                        key="filter_candidate")
known = f3.selectbox("Issuer", ["any", "known issuers only", "unknown issuers only"],
                     key="filter_issuer")
shown = frame
if verdicts:
    shown = shown[shown["verdict"].isin(verdicts)]
if people:
    shown = shown[shown["candidate"].isin(people)]
if known != "any":
    shown = shown[(shown["known_issuer"] != "") == known.startswith("known")]

table(pd.DataFrame({
    "Candidate": shown["candidate"], "Credential": shown["credential"],
    "Status": shown["plain_status_title"], "Issuer": shown["issuer"],
    "Known issuer": shown["known issuer"], "Needs attention": shown["attention"],
    "File": shown["file"], "What": shown["kind"], "verdict": shown["verdict"]}),
    "verification_table")
st.download_button("Download every credential's verdict (CSV)", verification_csv(current),
                   file_name="verification.csv", mime="text/csv", key="verification_csv")

rows = current.verification
labels = [f"{current.labels().get(r.key, r.candidate)} · {r.file} · {r.plain_status_title}"
          for r in rows]
chosen = st.selectbox("Show the card of", range(len(labels)),
                      format_func=lambda i: labels[i], key="detail")
row = rows[chosen]
report = pool().report_of(row)
image = badge_images(r for r in pool().rows if r.sha256 == row.sha256).get(row.sha256 or "", "")
render_card(current, row, f"verification_{chosen}_{(row.sha256 or row.key)[:16]}", image=image,
            trust_action=trust_issuer)  # a card's widgets are that card's own
if report is not None:
    with st.expander("Details for engineers (JSON)"):
        st.json(report.to_dict(), expanded=False)
