"""Verify credentials: upload files (or use the bundled samples) and see every check.

A thin view: all verification happens in `screening`. Credential text is shown only
through dataframes, st.text and st.json, never as Markdown or HTML.
"""

from datetime import UTC, datetime

import streamlit as st

from screening.model import VerificationReport
from screening.samples import sample_fetcher, sample_files, sample_trust
from screening.verify import verify
from screening.views import checks_table, verification_table

st.title("Verify credentials")
st.caption("Each credential is checked for a valid issuer signature, validity dates, "
           "revocation and a known issuer. Every check is listed by name.")

uploads = st.file_uploader("Credential files (JSON / JSON-LD)", accept_multiple_files=True,
                           type=None, key="uploads")


@st.cache_data(show_spinner=False, max_entries=512)
def _verify_cached(data: bytes, label: str, day: str) -> dict:
    """Verification result as plain data; cached per file content and day."""
    report = verify(data, now=datetime.now(UTC), fetcher=sample_fetcher(),
                    trust=sample_trust(), label=label)
    return {"report": report}


if uploads:
    inputs = [("uploaded", f.name, f.getvalue()) for f in uploads]
else:
    st.info("No files uploaded: showing the bundled sample candidates.")
    inputs = [(f.candidate, f"{f.candidate}/{f.name}", f.data) for f in sample_files()]

today = datetime.now(UTC).date().isoformat()
results: list[tuple[str, VerificationReport]] = []
progress = st.progress(0.0, text="Verifying…") if inputs else None
for i, (candidate, label, data) in enumerate(inputs, start=1):
    results.append((candidate, _verify_cached(data, label, today)["report"]))
    if progress:
        progress.progress(i / len(inputs), text=f"Verified {i} of {len(inputs)}")
if progress:
    progress.empty()

table = verification_table(results)
counts = table["verdict"].value_counts() if not table.empty else {}
cols = st.columns(4)
for col, verdict in zip(cols, ("verified", "warning", "failed", "unsupported"), strict=True):
    col.metric(verdict.capitalize(), int(counts.get(verdict, 0)))

st.dataframe(table.drop(columns=["issuer_id", "attention_code"]), hide_index=True,
             use_container_width=True)

reports = [r for _, report in results for r in report.iter_credentials()]
if reports:
    labels = [r.label for r in reports]
    chosen = st.selectbox("Show every check of", labels, key="detail")
    report = reports[labels.index(chosen)]
    st.subheader("Checks")
    st.text(f"Verdict: {report.verdict}")
    st.dataframe(checks_table(report), hide_index=True, use_container_width=True)
    with st.expander("Details for engineers (JSON)"):
        st.json(report.to_dict(), expanded=False)
