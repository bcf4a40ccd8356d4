"""Verification: one row per credential, filters, and every check of the one selected."""

import streamlit as st

from pages._shared import pool
from screening.present.views import checks_table
from screening.present.workspace import verification_frame

st.title("Verification")
st.caption("Every credential with its verdict, its issuer, whether the issuer is known, and "
           "the first check that needs attention. Select one to see every check.")

current = pool()
table = verification_frame(current)
if table.empty:
    st.info("No credentials yet: add some on the Screen page.")
    st.stop()

table["known issuer"] = [("yes" if any(c.code == "issuer_trusted" and c.status == "pass"
                                       for c in report.checks) else "no")
                         for row in current.rows for report in row.report.iter_credentials()]

counts = table["verdict"].value_counts()
cols = st.columns(4)
for col, verdict in zip(cols, ("verified", "warning", "failed", "unsupported"), strict=True):
    col.metric(verdict.capitalize(), int(counts.get(verdict, 0)))

f1, f2, f3 = st.columns(3)
verdicts = f1.multiselect("Verdict", ["verified", "warning", "failed", "unsupported"],
                          key="filter_verdict")
people = f2.multiselect("Candidate", sorted(set(table["candidate"]), key=str.casefold),
                        key="filter_candidate")
known = f3.selectbox("Issuer", ["any", "known issuers only", "unknown issuers only"],
                     key="filter_issuer")
shown = table
if verdicts:
    shown = shown[shown["verdict"].isin(verdicts)]
if people:
    shown = shown[shown["candidate"].isin(people)]
if known != "any":
    shown = shown[shown["known issuer"] == ("yes" if known.startswith("known") else "no")]

st.dataframe(shown.drop(columns=["issuer_id", "attention_code"]), hide_index=True,
             width="stretch", key="verification_table")

reports = [(row.candidate, report) for row in current.rows
           for report in row.report.iter_credentials()]
labels = [f"{candidate} · {report.label}" for candidate, report in reports]
chosen = st.selectbox("Show every check of", range(len(labels)),
                      format_func=lambda i: labels[i], key="detail")
candidate, report = reports[chosen]
st.subheader("Checks")
st.text(f"Verdict: {report.verdict}    Format: {report.format}")
st.text(f"Credential: {report.summary.name or '—'}")
st.text(f"Issuer: {report.summary.issuer_name or '—'} ({report.summary.issuer_id or '—'})")
st.dataframe(checks_table(report), hide_index=True, width="stretch",
             key="checks_table")
with st.expander("Details for engineers (JSON)"):
    st.json(report.to_dict(), expanded=False)
